# SPDX-FileCopyrightText: 2026 Atrium contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# cmake -DTHEME_JSON=portal/theme.json -DTHEME_HEADER=<build>/generated/portal/theme.h -P theme.cmake
# Writes the portal's theme as C++ constants (namespace AtriumTheme), for the server's brand.css
# defaults, the entity schema's default colours and the desktop's branding preview.
file(READ "${THEME_JSON}" json)
foreach(colour primary accent background text)
    string(JSON ${colour} GET "${json}" colours ${colour})
endforeach()
foreach(number radiusPx gapPx contentMaxWidthPx)
    string(JSON ${number} GET "${json}" ${number})
endforeach()
string(JSON borderMix GET "${json}" mixPercent border)
string(JSON surfaceMix GET "${json}" mixPercent surface)
set(content "// Generated from portal/theme.json by portal/theme.cmake: do not edit.
#pragma once

namespace AtriumTheme {
// Default colours (#rrggbb); an organisation's branding replaces them.
inline constexpr char primary[] = \"${primary}\";
inline constexpr char accent[] = \"${accent}\";
inline constexpr char background[] = \"${background}\";
inline constexpr char text[] = \"${text}\";
// Sizes, in CSS pixels.
inline constexpr int radiusPx = ${radiusPx};
inline constexpr int gapPx = ${gapPx};
inline constexpr int contentMaxWidthPx = ${contentMaxWidthPx};
// color-mix(in srgb, text N%, background): borders and surfaces.
inline constexpr int borderMixPercent = ${borderMix};
inline constexpr int surfaceMixPercent = ${surfaceMix};
} // namespace AtriumTheme
")
# Rewritten only when it changes, so nothing rebuilds for nothing.
if(EXISTS "${THEME_HEADER}")
    file(READ "${THEME_HEADER}" old)
endif()
if(NOT old STREQUAL content)
    file(WRITE "${THEME_HEADER}" "${content}")
endif()
