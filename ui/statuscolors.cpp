// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/statuscolors.h"

namespace StatusColors {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor foreground(Tone tone, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (tone) {
    case Tone::Error:
        return dark ? QColor(0xfc, 0xa5, 0xa5) : QColor(0xb4, 0x23, 0x18);
    case Tone::Warning:
        return dark ? QColor(0xfc, 0xd3, 0x4d) : QColor(0xb4, 0x53, 0x09);
    case Tone::Success:
        return dark ? QColor(0x86, 0xef, 0xac) : QColor(0x15, 0x80, 0x3d);
    case Tone::Shared:
        return dark ? QColor(0xbf, 0xdb, 0xfe) : QColor(0x1e, 0x3a, 0x8a);
    case Tone::Editable:
        return dark ? QColor(0xfe, 0xd7, 0xaa) : QColor(0x7c, 0x2d, 0x12);
    case Tone::Muted:
        break;
    }
    return palette.color(QPalette::Disabled, QPalette::Text);
}

QColor background(Tone tone, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (tone) {
    case Tone::Shared:
        return dark ? QColor(0x1e, 0x3a, 0x5f) : QColor(0xdb, 0xea, 0xfe);
    case Tone::Editable:
        return dark ? QColor(0x5c, 0x2d, 0x0e) : QColor(0xff, 0xed, 0xd5);
    default:
        return {};
    }
}

QString textStyle(Tone tone, const QPalette &palette)
{
    return QStringLiteral("color: %1").arg(foreground(tone, palette).name());
}

} // namespace StatusColors
