// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// What the portal knows about where it is and who is signed in, shared by every module.

export const state = {
    slug : '',
    base : '',
    organisation : null,
    contact : null,
    csrf : '',
};
