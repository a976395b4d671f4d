// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Atrium {
// The product version, e.g. "0.1.0", as set in the top-level CMakeLists.txt.
QString versionString();
// The version of the sync wire format; bumped when a change would break older desktops.
constexpr int protocolVersion = 1;
} // namespace Atrium
