// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
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

// One pair of colours the portal puts on top of each other, and whether it meets WCAG 2.1 AA.
struct PairCheck
{
    enum Pair {
        TextOnBackground, // body text
        PrimaryOnBackground, // links, project names, secondary buttons
        OnPrimary, // header and primary buttons: the readable text colour on the primary colour
        OnAccent, // accent buttons: the readable text colour on the accent colour
        AccentOnBackground, // focus rings (a UI component: 3:1)
    };
    Pair pair;
    QString foreground;
    QString background;
    double ratio = 1.0;
    double required = aaText;

    bool passes() const { return ratio >= required; }
};
// Every pair the portal's style sheet (portal/app.css over brand.css) draws with these colours.
QList<PairCheck> brandChecks(
    const QString &primary, const QString &accent, const QString &background, const QString &text);
} // namespace ColorContrast
