// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/accountsecurity.h"

#include <QJsonObject>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "server/domain/contactlanguages.h"
#include "server/domain/logging.h"
#include "server/domain/securitylog.h"
#include "server/mail/mailer.h"
#include "server/mail/mailtext.h"
#include "server/mail/portalmail.h"
#include "server/storage/database.h"

namespace {

// Mails `name` <`email`> of the subject's organisation about a change to how they sign in, in the
// caller's transaction: the MailText entries `subjectKey` and `whatKey`, in a contact's language
// (staff read English).
std::expected<void, Error> tell(WriteTransaction &tx, const QString &orgId, const QString &kind, const QString &id,
    const QString &name, const QString &email, QStringView subjectKey, QStringView whatKey)
{
    if (email.isEmpty())
        return {};
    auto org = SyncStore::loadRow(tx, *EntitySchema::find(u"organisation"), orgId, orgId);
    if (!org)
        return std::unexpected(org.error());
    const QString language = kind == u"contact" ? ContactLanguages::forMail(orgId, id) : QStringLiteral("en");
    return Mailer::enqueue(tx, orgId,
        PortalMail::securityNotice(
            *org, name, email, MailText::text(language, subjectKey), MailText::text(language, whatKey), language));
}

} // namespace

std::expected<SecondFactor::Status, Error> AccountSecurity::status(const SecondFactor::Subject &subject)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    return SecondFactor::status(*db, subject);
}

std::expected<AccountSecurity::Enrolment, Error> AccountSecurity::enrol(
    const SecondFactor::Subject &subject, const QByteArray &key, const QString &issuer, const QString &account)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto secret = SecondFactor::beginEnrolment(*db, subject, key);
    if (!secret)
        return std::unexpected(secret.error());
    return Enrolment{SecondFactor::base32(*secret), SecondFactor::otpauthUri(issuer, account, *secret)};
}

std::expected<AccountSecurity::Enrolment, Error> AccountSecurity::beginSignInEnrolment(
    const QByteArray &challengeToken, const QString &kind, const QString &peer, const QByteArray &key)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto challenge = SecondFactor::takeChallenge(*db, challengeToken, kind, peer, QStringLiteral("enrol"));
    if (!challenge)
        return std::unexpected(challenge.error());
    QString issuer = QStringLiteral("Atrium");
    if (kind == u"contact") {
        auto q = Database::exec(
            *db, QStringLiteral("SELECT name FROM organisations WHERE id = ?"), {challenge->subject.orgId});
        if (!q)
            return std::unexpected(q.error());
        if (q->next())
            issuer = q->value(0).toString();
    }
    auto secret = SecondFactor::beginEnrolment(*db, challenge->subject, key);
    if (!secret)
        return std::unexpected(secret.error());
    return Enrolment{SecondFactor::base32(*secret), SecondFactor::otpauthUri(issuer, challenge->email, *secret)};
}

std::expected<QString, Error> AccountSecurity::pendingUri(
    const SecondFactor::Subject &subject, const QByteArray &key, const QString &issuer, const QString &account)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto secret = SecondFactor::pendingSecret(*db, subject, key);
    if (!secret)
        return std::unexpected(secret.error());
    return SecondFactor::otpauthUri(issuer, account, *secret);
}

std::expected<QStringList, Error> AccountSecurity::confirm(
    const SecondFactor::Subject &subject, const QByteArray &key, const QString &code, const QString &address)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto codes = SecondFactor::confirmEnrolment(*db, subject, key, code);
    if (codes)
        SecurityLog::noteFor(*db,
            {subject.orgId, QStringLiteral("second_factor_enrolled"), subject.kind, subject.id, {}, {}, {}, address,
                {}});
    return codes;
}

std::expected<QStringList, LoginThrottle::Refusal> AccountSecurity::newRecoveryCodes(
    const SecondFactor::Subject &subject, const QByteArray &key, const QString &code, const QString &name,
    const QString &email, const QString &address, const LoginThrottle::Policy &throttle)
{
    const auto refusal = [](const Error &error) {
        return std::unexpected(LoginThrottle::Refusal{error, 0});
    };
    auto db = Database::connection();
    if (!db)
        return refusal(db.error());
    // A current code proves the app is at hand, not only an unlocked session; guessing it is
    // throttled like a sign-in (per account and address, across instances).
    const QString throttleKey = LoginThrottle::key(subject.id, address, QStringLiteral("recovery-codes"));
    auto wait = LoginThrottle::admit(*db, throttleKey, throttle);
    if (!wait)
        return refusal(wait.error());
    if (*wait > 0)
        return std::unexpected(LoginThrottle::Refusal{Error{QStringLiteral("too_many_attempts"), QString()}, *wait});
    if (auto r = SecondFactor::verifyCode(*db, subject, key, code); !r)
        return refusal(r.error());
    (void)LoginThrottle::clear(*db, throttleKey);
    auto codes = SecondFactor::regenerateRecoveryCodes(*db, subject);
    if (!codes)
        return refusal(codes.error());
    WriteTransaction tx(*db, subject.orgId);
    if (auto r = tx.begin(); !r)
        return refusal(r.error());
    if (auto r = SecurityLog::record(tx.db(),
            {subject.orgId, QStringLiteral("recovery_codes_renewed"), subject.kind, subject.id, name, email, {},
                address, {}});
        !r)
        return refusal(r.error());
    if (auto r = tell(tx, subject.orgId, subject.kind, subject.id, name, email, u"security.codesReplacedSubject",
            u"security.codesReplaced");
        !r)
        return refusal(r.error());
    if (auto r = tx.commit(); !r)
        return refusal(r.error());
    return *codes;
}

std::expected<bool, Error> AccountSecurity::adminReset(const Actor &admin, const QString &kind, const QString &id)
{
    if (!admin.isAdmin())
        return std::unexpected(Error{QStringLiteral("forbidden"),
            QStringLiteral("Only the organisation's administrators reset two-factor sign-in.")});
    const bool staff = kind == u"staff";
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    WriteTransaction tx(*db, admin.orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    QString name;
    QString email;
    {
        auto q = Database::exec(tx.db(),
            staff ? QStringLiteral("SELECT name, email FROM staff_users WHERE id = ? AND org_id = ? AND deleted = 0")
                  : QStringLiteral("SELECT name, email FROM contacts WHERE id = ? AND org_id = ? AND deleted = 0"),
            {id, admin.orgId});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            return std::unexpected(Error{QStringLiteral("not_found"), QString()});
        name = q->value(0).toString();
        email = q->value(1).toString();
    }
    auto had = SecondFactor::reset(tx.db(), {kind, id, admin.orgId});
    if (!had)
        return std::unexpected(had.error());
    if (*had) {
        if (auto r = SyncStore::appendActivity(tx, admin, QStringLiteral("second_factor.reset"),
                staff ? QStringLiteral("staff_user") : QStringLiteral("contact"), id, QString(),
                QStringLiteral("two-factor sign-in of %1 reset").arg(name),
                QJsonObject{{QStringLiteral("label"), name}});
            !r)
            return std::unexpected(r.error());
        if (auto r = SecurityLog::record(tx.db(),
                {admin.orgId, QStringLiteral("second_factor_reset"), kind, id, name, email, admin.userId, admin.address,
                    QStringLiteral("by an administrator")});
            !r)
            return std::unexpected(r.error());
        if (auto r = tell(tx, admin.orgId, kind, id, name, email, u"security.resetSubject", u"security.reset"); !r)
            return std::unexpected(r.error());
        qCInfo(lcAuth).noquote() << "two-factor sign-in reset for a" << kind;
    }
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return *had;
}

namespace {

// The contact's name when it is one of the admin's organisation's, else "not_found".
std::expected<QString, Error> contactOf(QSqlDatabase &db, const Actor &admin, const QString &contactId)
{
    if (!admin.isAdmin())
        return std::unexpected(Error{QStringLiteral("forbidden"),
            QStringLiteral("Only the organisation's administrators manage a contact's sessions.")});
    auto q = Database::exec(db, QStringLiteral("SELECT name FROM contacts WHERE id = ? AND org_id = ? AND deleted = 0"),
        {contactId, admin.orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::unexpected(Error{QStringLiteral("not_found"), QString()});
    return q->value(0).toString();
}

} // namespace

std::expected<QList<AccountSecurity::ContactSession>, Error> AccountSecurity::contactSessions(
    const Actor &admin, const QString &contactId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    if (auto name = contactOf(*db, admin, contactId); !name)
        return std::unexpected(name.error());
    auto q = Database::exec(*db,
        QStringLiteral("SELECT id, COALESCE(device, ''), COALESCE(address, ''), created_at, "
                       "COALESCE(last_seen_at, created_at) FROM portal_sessions WHERE contact_id = ? AND org_id = ? "
                       "AND revoked_at IS NULL AND expires_at > ? ORDER BY COALESCE(last_seen_at, created_at) DESC"),
        {contactId, admin.orgId, TimeUtil::nowWire()});
    if (!q)
        return std::unexpected(q.error());
    QList<ContactSession> out;
    while (q->next())
        out.append({q->value(0).toString(), q->value(1).toString(), q->value(2).toString(), q->value(3).toString(),
            q->value(4).toString()});
    return out;
}

std::expected<int, Error> AccountSecurity::endContactSessions(const Actor &admin, const QString &contactId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    WriteTransaction tx(*db, admin.orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    auto name = contactOf(tx.db(), admin, contactId);
    if (!name)
        return std::unexpected(name.error());
    auto ended = Database::exec(tx.db(),
        QStringLiteral("UPDATE portal_sessions SET revoked_at = ? WHERE contact_id = ? AND org_id = ? "
                       "AND revoked_at IS NULL"),
        {TimeUtil::nowWire(), contactId, admin.orgId});
    if (!ended)
        return std::unexpected(ended.error());
    const int count = ended->numRowsAffected();
    if (count > 0) {
        if (auto r = SyncStore::appendActivity(tx, admin, QStringLiteral("contact.sessions_ended"),
                QStringLiteral("contact"), contactId, QString(),
                QStringLiteral("signed %1 out of the client portal").arg(*name),
                QJsonObject{{QStringLiteral("label"), *name}});
            !r)
            return std::unexpected(r.error());
        if (auto r = SecurityLog::record(tx.db(),
                {admin.orgId, QStringLiteral("sessions_ended"), QStringLiteral("contact"), contactId, *name, {},
                    admin.userId, admin.address, QStringLiteral("%1 sessions").arg(count)});
            !r)
            return std::unexpected(r.error());
    }
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return count;
}
