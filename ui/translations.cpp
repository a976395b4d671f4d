// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include "ui/logging.h"

QList<Translations::Language> Translations::languages()
{
    return {{QStringLiteral("en"), QStringLiteral("English")}, {QStringLiteral("de"), QStringLiteral("Deutsch")}};
}

namespace {
QString effective = QStringLiteral("en");
} // namespace

QString Translations::inEffect()
{
    return effective;
}

void Translations::install(QObject *owner, const QString &language)
{
    effective = QStringLiteral("en");
    // Installed last wins: English plurals first, then the user's language on top.
    auto *english = new QTranslator(owner);
    if (english->load(QStringLiteral(":/i18n/atrium_en.qm")))
        QCoreApplication::installTranslator(english);
    else
        qCWarning(lcUi) << "The English plural forms are missing from the build";
    // Only the words change with the setting: dates and numbers keep the system's regional format.
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return;
    auto *local = new QTranslator(owner);
    if (local->load(locale, QStringLiteral("atrium"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(local);
        effective = QLocale::languageToCode(locale.language(), QLocale::ISO639Part1);
    } else {
        // No such language (yet): English throughout, not half of each.
        qCInfo(lcUi) << "No translation of Atrium for" << locale.name();
        return;
    }
    // The buttons and dialogs Qt draws itself (Cancel, Yes, the file dialog).
    auto *qt = new QTranslator(owner);
    const QString qtPath = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), qtPath))
        QCoreApplication::installTranslator(qt);
    else
        qCWarning(lcUi) << "Qt's own translations for" << locale.name() << "are missing from" << qtPath;
}
