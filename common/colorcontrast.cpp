// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/colorcontrast.h"

#include <QRegularExpression>

#include <cmath>

namespace {

double channel(int value)
{
    const double c = value / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

} // namespace

std::optional<double> ColorContrast::luminance(const QString &hex)
{
    static const QRegularExpression re(QRegularExpression::anchoredPattern(QStringLiteral("#[0-9a-fA-F]{6}")));
    if (!re.match(hex).hasMatch())
        return std::nullopt;
    const uint rgb = QStringView(hex).mid(1).toUInt(nullptr, 16);
    return 0.2126 * channel(int((rgb >> 16) & 0xff)) + 0.7152 * channel(int((rgb >> 8) & 0xff))
        + 0.0722 * channel(int(rgb & 0xff));
}

double ColorContrast::ratio(const QString &a, const QString &b)
{
    const auto la = luminance(a);
    const auto lb = luminance(b);
    if (!la || !lb)
        return 1.0;
    const double hi = std::max(*la, *lb);
    const double lo = std::min(*la, *lb);
    return (hi + 0.05) / (lo + 0.05);
}

QString ColorContrast::readableOn(const QString &background)
{
    const QString white = QStringLiteral("#ffffff");
    const QString dark = QStringLiteral("#111111");
    return ratio(white, background) >= ratio(dark, background) ? white : dark;
}

QList<ColorContrast::PairCheck> ColorContrast::brandChecks(
    const QString &primary, const QString &accent, const QString &background, const QString &text)
{
    const auto check = [](PairCheck::Pair pair, const QString &fg, const QString &bg, double required) {
        return PairCheck{pair, fg, bg, ratio(fg, bg), required};
    };
    return {check(PairCheck::TextOnBackground, text, background, aaText),
        check(PairCheck::PrimaryOnBackground, primary, background, aaText),
        check(PairCheck::OnPrimary, readableOn(primary), primary, aaText),
        check(PairCheck::OnAccent, readableOn(accent), accent, aaText),
        check(PairCheck::AccentOnBackground, accent, background, aaLargeText)};
}
