// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/contactlanguages.h"

#include "common/timeutil.h"
#include "server/mail/mailtext.h"
#include "server/storage/database.h"

std::expected<ContactLanguages::Languages, Error> ContactLanguages::of(const QString &orgId, const QString &contactId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q = Database::exec(*db,
        QStringLiteral("SELECT preferred, seen FROM contact_languages WHERE contact_id = ? AND org_id = ?"),
        {contactId, orgId});
    if (!q)
        return std::unexpected(q.error());
    Languages out;
    if (q->next()) {
        out.preferred = q->value(0).toString();
        out.seen = q->value(1).toString();
    }
    return out;
}

std::expected<void, Error> ContactLanguages::validPreference(const QString &language)
{
    if (!language.isEmpty() && !MailText::isLanguage(language)) {
        const QString message = QStringLiteral("\"language\" is \"\" (automatic) or one of \"%1\".")
                                    .arg(MailText::languages().join(QStringLiteral("\", \"")));
        return std::unexpected(Error{QStringLiteral("unsupported_language"), message});
    }
    return {};
}

std::expected<void, Error> ContactLanguages::setPreferred(
    const QString &orgId, const QString &contactId, const QString &language)
{
    if (auto valid = validPreference(language); !valid)
        return valid;
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto r = Database::exec(*db,
        QStringLiteral("INSERT INTO contact_languages (contact_id, org_id, preferred, updated_at) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (contact_id) DO UPDATE SET preferred = excluded.preferred, "
                       "updated_at = excluded.updated_at"),
        {contactId, orgId, language.isEmpty() ? QVariant() : QVariant(language), TimeUtil::nowWire()});
    if (!r)
        return std::unexpected(r.error());
    return {};
}

std::expected<void, Error> ContactLanguages::recordSeen(
    const QString &orgId, const QString &contactId, QByteArrayView acceptLanguage)
{
    const QString language = MailText::bestMatch(acceptLanguage);
    if (language.isEmpty() || !MailText::isLanguage(language))
        return {};
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto r = Database::exec(*db,
        QStringLiteral("INSERT INTO contact_languages (contact_id, org_id, seen, updated_at) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (contact_id) DO UPDATE SET seen = excluded.seen, updated_at = excluded.updated_at "
                       "WHERE contact_languages.seen IS NULL OR contact_languages.seen <> excluded.seen"),
        {contactId, orgId, language, TimeUtil::nowWire()});
    if (!r)
        return std::unexpected(r.error());
    return {};
}

QString ContactLanguages::forMail(const QString &orgId, const QString &contactId, const QString &fallback)
{
    const auto languages = of(orgId, contactId);
    if (languages && MailText::isLanguage(languages->preferred))
        return languages->preferred;
    if (languages && MailText::isLanguage(languages->seen))
        return languages->seen;
    if (MailText::isLanguage(fallback))
        return fallback;
    return QStringLiteral("en");
}
