// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

// WCAG 2.1 contrast between two "#rrggbb" colours: shared by the portal's branding (which text
// colour goes on the primary colour) and the desktop's branding preview (which pairs fail AA).
namespace ColorContrast {
constexpr double aaText = 4.5; // normal text
constexpr double aaLargeText = 3.0; // large text and UI components

// The colour's relative luminance (0 black … 1 white), or nothing for anything but #rrggbb.
std::optional<double> luminance(const QString &hex);
// (lighter + 0.05) / (darker + 0.05), from 1 to 21; 1 when either colour is not #rrggbb.
double ratio(const QString &a, const QString &b);
// White or near-black, whichever reads better on `background`.
QString readableOn(const QString &background);
} // namespace ColorContrast
