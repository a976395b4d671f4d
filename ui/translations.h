// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

class QObject;

// Loads the desktop's translations (compiled into atrium_ui under :/i18n) and Qt's own (qtbase_*,
// from QLibraryInfo's translations path) for the user's language. English is loaded too: it
// supplies the plural forms ("1 task", "2 tasks") behind every tr("%n task(s)", nullptr, n).
namespace Translations {
// The profile setting (settings.ini) that overrides the system's language: "" follows the system.
inline constexpr char settingKey[] = "language";

struct Language
{
    QString code; // "en", "de": the value of settingKey
    QString name; // in its own language, so that anyone finds theirs whatever the menus speak
};
// The languages Atrium speaks, for the choice in View → Language.
QList<Language> languages();

// Installs the translators for language ("" for the system's), as children of owner: they are
// uninstalled when owner is destroyed.
void install(QObject *owner, const QString &language = {});
// The code of the language the last install() put in place ("en" before any, or when the one asked
// for has no translation).
QString inEffect();
} // namespace Translations
