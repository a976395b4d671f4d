// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/invites.h"

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "server/domain/contactlanguages.h"
#include "server/domain/passwords.h"
#include "server/mail/mailer.h"
#include "server/mail/portalmail.h"
#include "server/storage/database.h"

QByteArray Invites::newToken()
{
    return Passwords::randomToken("inv_");
}

QString Invites::tokenHash(const QByteArray &token)
{
    return Passwords::tokenHash(token);
}

std::expected<void, Error> Invites::queueMail(WriteTransaction &tx, const Actor &actor, const QVariantHash &invite,
    const QByteArray &token, const QString &publicUrl)
{
    const EntitySpec *orgSpec = EntitySchema::find(u"organisation");
    auto org = SyncStore::loadRow(tx, *orgSpec, actor.orgId, actor.orgId);
    if (!org)
        return std::unexpected(org.error());
    auto contact = Database::exec(tx.db(), QStringLiteral("SELECT name FROM contacts WHERE id = ? AND org_id = ?"),
        {invite.value(QStringLiteral("contact_id")), actor.orgId});
    if (!contact)
        return std::unexpected(contact.error());
    const QString name = contact->next() ? contact->value(0).toString() : QString();
    contact->finish();
    const QString link = publicUrl
        + QStringLiteral("/p/%1/invite#%2")
              .arg(org->value(QStringLiteral("portal_slug")).toString(), QString::fromLatin1(token));
    return Mailer::enqueue(tx, actor.orgId,
        PortalMail::invite(*org, name, invite.value(QStringLiteral("sent_to")).toString(), link,
            invite.value(QStringLiteral("expires_at")).toString(),
            ContactLanguages::forMail(
                actor.orgId, invite.value(QStringLiteral("contact_id")).toString(), actor.language)));
}

std::expected<void, Error> Invites::refreshPortalState(
    WriteTransaction &tx, const Actor &actor, const QString &contactId)
{
    const EntitySpec *contactSpec = EntitySchema::find(u"contact");
    auto contact = SyncStore::loadRow(tx, *contactSpec, actor.orgId, contactId);
    if (!contact)
        return std::unexpected(contact.error());
    if (contact->isEmpty())
        return {};
    const QString state = contact->value(QStringLiteral("portal_state")).toString();
    if (state == u"active")
        return {};
    auto q = Database::exec(tx.db(),
        QStringLiteral("SELECT COUNT(*) FROM invites WHERE org_id = ? AND contact_id = ? AND deleted = 0 "
                       "AND revoked_at IS NULL AND accepted_at IS NULL AND expires_at > ?"),
        {actor.orgId, contactId, TimeUtil::nowWire()});
    if (!q)
        return std::unexpected(q.error());
    const bool open = q->next() && q->value(0).toLongLong() > 0;
    q->finish();
    const QString next = open ? QStringLiteral("invited") : (state == u"invited" ? QStringLiteral("none") : state);
    if (next == state)
        return {};
    const auto version = tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    return SyncStore::updateRow(tx, *contactSpec, contactId, *version, {{QStringLiteral("portal_state"), next}});
}

std::expected<void, Error> Invites::endPortalAccount(WriteTransaction &tx, const Actor &actor, const QString &contactId)
{
    auto q = Database::exec(tx.db(), QStringLiteral("SELECT portal_state FROM contacts WHERE id = ? AND org_id = ?"),
        {contactId, actor.orgId});
    if (!q)
        return std::unexpected(q.error());
    const bool revoked = q->next() && q->value(0).toString() == u"revoked";
    q->finish();
    if (!revoked)
        return {};
    if (auto r = Database::exec(tx.db(),
            QStringLiteral("UPDATE contacts SET password_hash = NULL WHERE id = ? AND org_id = ?"),
            {contactId, actor.orgId});
        !r)
        return std::unexpected(r.error());
    if (auto r = Database::exec(tx.db(),
            QStringLiteral("UPDATE portal_sessions SET revoked_at = ? WHERE contact_id = ? AND org_id = ? "
                           "AND revoked_at IS NULL"),
            {TimeUtil::nowWire(), contactId, actor.orgId});
        !r)
        return std::unexpected(r.error());
    return {};
}

std::expected<void, Error> Invites::withdrawOpenInvites(
    WriteTransaction &tx, const Actor &actor, const QString &contactId)
{
    auto q = Database::exec(tx.db(),
        QStringLiteral("SELECT id FROM invites WHERE org_id = ? AND contact_id = ? AND deleted = 0 "
                       "AND revoked_at IS NULL AND accepted_at IS NULL"),
        {actor.orgId, contactId});
    if (!q)
        return std::unexpected(q.error());
    QStringList open;
    while (q->next())
        open.append(q->value(0).toString());
    q->finish();
    const EntitySpec *inviteSpec = EntitySchema::find(u"invite");
    const QString now = TimeUtil::nowWire();
    for (const QString &inviteId : std::as_const(open)) {
        const auto version = tx.nextVersion();
        if (!version)
            return std::unexpected(version.error());
        if (auto r = SyncStore::updateRow(tx, *inviteSpec, inviteId, *version, {{QStringLiteral("revoked_at"), now}});
            !r)
            return r;
    }
    return {};
}

std::expected<bool, Error> Invites::hasPortalAccess(
    WriteTransaction &tx, const Actor &actor, const QString &column, const QString &id)
{
    auto q = Database::exec(tx.db(),
        QStringLiteral("SELECT COUNT(*) FROM contacts WHERE org_id = ? AND %1 = ? AND deleted = 0 "
                       "AND portal_state = 'active'")
            .arg(column == u"client_id" ? QStringLiteral("client_id") : QStringLiteral("id")),
        {actor.orgId, id});
    if (!q)
        return std::unexpected(q.error());
    const bool hasAccess = q->next() && q->value(0).toLongLong() > 0;
    q->finish();
    return hasAccess;
}
