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
    // Until when the organisation lets the contact sign in without two-factor sign-in (ISO time), while
    // it requires it and it is not set up; '' otherwise.
    secondFactorRequiredBy : '',
};
