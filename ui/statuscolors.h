// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

// The few colours that carry meaning (an error, a warning, "online", what clients see), picked to
// read on the palette in use: darker tones on a light palette, lighter ones on a dark palette.
// Everything else comes from the palette itself, so a dark theme works. Meaning is never carried
// by colour alone (every coloured text also says what it means).
namespace StatusColors {

enum class Tone {
    Error,
    Warning,
    Success,
    Shared, // read-only for clients
    Editable, // clients may change it
    Muted,
};

bool isDark(const QPalette &palette);
QColor foreground(Tone tone, const QPalette &palette);
// A quiet background tint for cells (empty: none).
QColor background(Tone tone, const QPalette &palette);
// "color: …" for a label's style sheet.
QString textStyle(Tone tone, const QPalette &palette);

} // namespace StatusColors
