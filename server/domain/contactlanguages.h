// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QString>

#include <expected>

#include "common/error.h"

// The language a contact reads the portal and its e-mails in: the one they chose on the portal's
// account page (empty: automatic), and the one the server last saw their browser ask for
// (Accept-Language's best match of MailText::languages(), recorded as the portal loads). Kept in
// its own table, by contact: it is the client's own setting, not synced to the desktops.
namespace ContactLanguages {

struct Languages
{
    QString preferred; // "", "en" or "de"
    QString seen; // "", or the best match of the browser's Accept-Language
};

std::expected<Languages, Error> of(const QString &orgId, const QString &contactId);
// "" (automatic) or one of MailText::languages(); anything else is "unsupported_language".
std::expected<void, Error> validPreference(const QString &language);
// Stores a preference that validPreference() accepts.
std::expected<void, Error> setPreferred(const QString &orgId, const QString &contactId, const QString &language);
// The best match of an Accept-Language header (MailText::bestMatch), written only when it is one
// of ours and changed.
std::expected<void, Error> recordSeen(const QString &orgId, const QString &contactId, QByteArrayView acceptLanguage);
// What e-mail to the contact is written in: the preference, else the language last seen, else
// `fallback` (the language of the staff member whose action sends it, Actor::language, when it is
// one of ours), else English. A failure to read is the same: a mail beats no mail.
QString forMail(const QString &orgId, const QString &contactId, const QString &fallback = {});

} // namespace ContactLanguages
