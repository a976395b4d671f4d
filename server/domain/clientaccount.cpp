// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/clientaccount.h"

#include <QJsonObject>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "server/domain/passwords.h"
#include "server/domain/portalaccounts.h"
#include "server/domain/portalreadmodel.h"
#include "server/domain/syncstore.h"
#include "server/storage/database.h"

namespace {

Error notFound()
{
    return Error{QStringLiteral("not_found"), QString()};
}

LoginThrottle::Refusal refusal(const Error &error)
{
    return {error, 0};
}

} // namespace

std::expected<QList<ClientAccount::SessionInfo>, Error> ClientAccount::sessions(
    const PortalActor &actor, const QByteArray &currentToken)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q = Database::exec(*db,
        QStringLiteral("SELECT id, COALESCE(device, ''), COALESCE(address, ''), created_at, "
                       "COALESCE(last_seen_at, created_at), token_hash = ? FROM portal_sessions "
                       "WHERE contact_id = ? AND org_id = ? AND revoked_at IS NULL AND expires_at > ? "
                       "ORDER BY COALESCE(last_seen_at, created_at) DESC"),
        {Passwords::tokenHash(currentToken), actor.contactId, actor.orgId, TimeUtil::nowWire()});
    if (!q)
        return std::unexpected(q.error());
    QList<SessionInfo> out;
    while (q->next()) {
        SessionInfo s{q->value(0).toString(), q->value(1).toString(), q->value(2).toString(), q->value(3).toString(),
            q->value(4).toString(), q->value(5).toBool()};
        if (s.current)
            out.prepend(s);
        else
            out.append(s);
    }
    return out;
}

// Ending a portal session writes the organisation's portal_marks row too (a trigger, migration
// 18), after the session's row. A write that ends sessions within a larger transaction (revoking a
// contact's access, a new password) may have locked that row first, then wait for the session's:
// on PostgreSQL the two would deadlock. So every write that ends sessions takes the organisation's
// write lock first, and they queue instead.
std::expected<void, Error> ClientAccount::endSession(
    const PortalActor &actor, const QByteArray &currentToken, const QString &id)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    WriteTransaction tx(*db, actor.orgId);
    if (auto begun = tx.begin(); !begun)
        return std::unexpected(begun.error());
    auto r = Database::exec(tx.db(),
        QStringLiteral("UPDATE portal_sessions SET revoked_at = ? WHERE id = ? AND contact_id = ? AND org_id = ? "
                       "AND revoked_at IS NULL AND token_hash <> ?"),
        {TimeUtil::nowWire(), id, actor.contactId, actor.orgId, Passwords::tokenHash(currentToken)});
    if (!r)
        return std::unexpected(r.error());
    if (r->numRowsAffected() != 1)
        return std::unexpected(notFound());
    return tx.commit();
}

std::expected<int, Error> ClientAccount::endOtherSessions(const PortalActor &actor, const QByteArray &currentToken)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    // In the organisation's write lock (endSession()).
    WriteTransaction tx(*db, actor.orgId);
    if (auto begun = tx.begin(); !begun)
        return std::unexpected(begun.error());
    auto r = Database::exec(tx.db(),
        QStringLiteral("UPDATE portal_sessions SET revoked_at = ? WHERE contact_id = ? AND org_id = ? "
                       "AND revoked_at IS NULL AND token_hash <> ?"),
        {TimeUtil::nowWire(), actor.contactId, actor.orgId, Passwords::tokenHash(currentToken)});
    if (!r)
        return std::unexpected(r.error());
    const int ended = r->numRowsAffected();
    r->finish();
    if (auto committed = tx.commit(); !committed)
        return std::unexpected(committed.error());
    return ended;
}

std::expected<void, LoginThrottle::Refusal> ClientAccount::changePassword(const PortalActor &actor,
    const QByteArray &currentToken, const QString &current, const QString &next, const LoginThrottle::Policy &throttle)
{
    if (auto ok = PortalAccounts::checkNewPassword(next); !ok)
        return std::unexpected(refusal(ok.error()));
    // Not "invalid_credentials": that is a 401, and the session is fine.
    const Error wrong{QStringLiteral("wrong_password"), QStringLiteral("The current password is not correct.")};
    if (current.size() > 1000)
        return std::unexpected(refusal(wrong));
    auto db = Database::connection();
    if (!db)
        return std::unexpected(refusal(db.error()));
    const QString key = LoginThrottle::key(actor.email, actor.address, QStringLiteral("portal-account"));
    auto wait = LoginThrottle::admit(*db, key, throttle);
    if (!wait)
        return std::unexpected(refusal(wait.error()));
    if (*wait > 0)
        return std::unexpected(LoginThrottle::Refusal{Error{QStringLiteral("too_many_attempts"), QString()}, *wait});
    QString stored;
    {
        auto q = Database::exec(*db, QStringLiteral("SELECT password_hash FROM contacts WHERE id = ? AND org_id = ?"),
            {actor.contactId, actor.orgId});
        if (!q)
            return std::unexpected(refusal(q.error()));
        stored = q->next() ? q->value(0).toString() : QString();
    }
    if (stored.isEmpty() || !Passwords::verify(stored, current))
        return std::unexpected(refusal(wrong));
    (void)LoginThrottle::clear(*db, key);
    const auto hash = Passwords::hash(next);
    if (!hash)
        return std::unexpected(refusal(Error{QStringLiteral("internal_error"), QString()}));
    WriteTransaction tx(*db, actor.orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(refusal(r.error()));
    const QString now = TimeUtil::nowWire();
    for (const auto &[sql, binds] : std::initializer_list<std::pair<QString, QVariantList>>{
             {QStringLiteral("UPDATE contacts SET password_hash = ? WHERE id = ? AND org_id = ?"),
                 {*hash, actor.contactId, actor.orgId}},
             {QStringLiteral("UPDATE portal_sessions SET revoked_at = ? WHERE contact_id = ? AND org_id = ? AND "
                             "revoked_at IS NULL AND token_hash <> ?"),
                 {now, actor.contactId, actor.orgId, Passwords::tokenHash(currentToken)}}}) {
        if (auto r = Database::exec(tx.db(), sql, binds); !r)
            return std::unexpected(refusal(r.error()));
    }
    if (auto r = SyncStore::appendActivity(tx, PortalReadModel::writerOf(actor),
            QStringLiteral("contact.password_changed"), QStringLiteral("contact"), actor.contactId, QString(),
            QStringLiteral("%1 changed their portal password").arg(actor.name),
            QJsonObject{{QStringLiteral("label"), actor.name}});
        !r)
        return std::unexpected(refusal(r.error()));
    if (auto r = tx.commit(); !r)
        return std::unexpected(refusal(r.error()));
    return {};
}

std::expected<QString, Error> ClientAccount::validName(const QString &name)
{
    const QString trimmed = name.simplified();
    if (trimmed.isEmpty() || trimmed.size() > 200)
        return std::unexpected(
            Error{QStringLiteral("invalid_field"), QStringLiteral("Give a name of 1 to 200 characters.")});
    return trimmed;
}

std::expected<QString, Error> ClientAccount::rename(const PortalActor &actor, const QString &name)
{
    const auto valid = validName(name);
    if (!valid)
        return valid;
    const QString &trimmed = *valid;
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    WriteTransaction tx(*db, actor.orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    if (trimmed != actor.name) {
        const auto version = tx.nextVersion();
        if (!version)
            return std::unexpected(version.error());
        if (auto r = SyncStore::updateRow(
                tx, *EntitySchema::find(u"contact"), actor.contactId, *version, {{QStringLiteral("name"), trimmed}});
            !r)
            return std::unexpected(r.error());
        if (auto r = SyncStore::appendActivity(tx, PortalReadModel::writerOf(actor), QStringLiteral("contact.updated"),
                QStringLiteral("contact"), actor.contactId, QString(),
                QStringLiteral("%1 is now called %2").arg(actor.name, trimmed),
                QJsonObject{{QStringLiteral("label"), trimmed},
                    {QStringLiteral("changes"), QJsonObject{{QStringLiteral("name"), trimmed}}}});
            !r)
            return std::unexpected(r.error());
    }
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return trimmed;
}
