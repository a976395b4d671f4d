// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QDate>
#include <QHash>
#include <QString>
#include <QStringList>

// The words of the e-mails the portal sends (PortalMail), one catalogue per language: English, the
// source, and German (Sie form, the desktop's and the portal's terms). Entries are looked up by key
// and filled with QString::arg (%1, %2, …); tests/server/mail/tst_mailtext checks that every
// language has English's keys and, per key, the same placeholders. Which language a recipient gets
// is the domain's choice (ContactLanguages); this only knows the words.
namespace MailText {

// The languages there are catalogues for, English first.
QStringList languages();
bool isLanguage(const QString &language);
// The best of our languages for an Accept-Language header ("de-AT,de;q=0.9,en;q=0.8" → "de"), by
// quality, then order; empty when it names none of them.
QString bestMatch(QByteArrayView acceptLanguage);
// The entry `key` in `language` (English when the language is not one of ours); the key itself
// when English has no such entry, so a missing key shows instead of an empty mail.
QString text(const QString &language, QStringView key);
// A catalogue as a whole, for the test.
QHash<QString, QString> catalogue(const QString &language);
// A day written out as people of `language` write it: "24 December 2026", "24. Dezember 2026".
QString longDate(const QString &language, QDate date);

} // namespace MailText
