// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/translations.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

#include "ui/logging.h"

void Translations::install(QCoreApplication *app)
{
    // Installed last wins: English plurals first, then the user's language on top.
    auto *english = new QTranslator(app);
    if (english->load(QStringLiteral(":/i18n/atrium_en.qm")))
        QCoreApplication::installTranslator(english);
    else
        qCWarning(lcUi) << "The English plural forms are missing from the build";
    auto *local = new QTranslator(app);
    if (QLocale().language() != QLocale::English
        && local->load(QLocale(), QStringLiteral("atrium"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(local);
}
