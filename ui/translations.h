// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

// Loads the desktop's translations (compiled into atrium_ui under :/i18n) for the user's
// language. English is loaded too: it supplies the plural forms ("1 task", "2 tasks") behind
// every tr("%n task(s)", nullptr, n).
namespace Translations {
void install(QCoreApplication *app);
}
