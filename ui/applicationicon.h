// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIcon>

// The Atrium icon in every size resources/ renders (16 to 256 px), for the windows and the task
// bar. PNGs, so no SVG image plugin is needed. The program links atrium_resources, which holds them.
namespace ApplicationIcon {
QIcon icon();
} // namespace ApplicationIcon
