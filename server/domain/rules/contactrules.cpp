// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/rules/contactrules.h"

#include "common/timeutil.h"
#include "server/domain/invites.h"
#include "server/domain/securitylog.h"
#include "server/storage/database.h"

std::expected<Error, Error> ContactRules::check(RuleContext &context, const EntitySpec &spec,
    const QVariantHash &current, QVariantHash &values, const QStringList &changed, bool creating) const
{
    Q_UNUSED(spec)
    // The portal state follows invites and accounts; staff may only revoke access.
    if (changed.contains(u"portal_state")) {
        const QString state = values.value(QStringLiteral("portal_state")).toString();
        const QString was =
            creating ? QStringLiteral("none") : current.value(QStringLiteral("portal_state")).toString();
        if (state != was && state != u"revoked")
            return rejection(QStringLiteral("invalid_field"),
                QStringLiteral("The portal state changes through invitations; staff can only revoke access."));
        if (state == u"revoked" && state != was && !context.actor.isAdmin())
            return rejection(
                QStringLiteral("forbidden"), QStringLiteral("Only administrators may revoke portal access."));
    }
    // What a client signs in with, and whose projects it sees, is its account: only an
    // administrator changes that of a contact with portal access (with "forgot password", a new
    // address would hand the account to whoever reads that mailbox).
    if (!creating && current.value(QStringLiteral("portal_state")).toString() == u"active" && !context.actor.isAdmin()
        && ((changed.contains(u"email")
                && values.value(QStringLiteral("email")).toString().trimmed().toLower()
                    != current.value(QStringLiteral("email")).toString().trimmed().toLower())
            || changed.contains(u"client_id")))
        return rejection(QStringLiteral("forbidden"),
            QStringLiteral("Only administrators may change the e-mail address or client of a contact with portal "
                           "access."));
    if (changed.contains(u"email")) {
        const QString email = values.value(QStringLiteral("email")).toString().trimmed();
        if (!email.isEmpty() && !EntitySchema::isValidEmail(email))
            return rejection(
                QStringLiteral("invalid_field"), QStringLiteral("\"email\" is not a valid e-mail address."));
        values.insert(QStringLiteral("email"), email);
    }
    return Error{};
}

std::expected<void, Error> ContactRules::afterUpdate(RuleContext &context, const QString &id,
    const QVariantHash &current, const QVariantHash &values, const QStringList &changed) const
{
    // An invitation went to the old address: it must not stay usable by whoever reads that
    // mailbox. It is withdrawn, and the contact is back to "no access" until invited anew.
    const bool newAddress = changed.contains(u"email")
        && values.value(QStringLiteral("email")).toString().trimmed().toLower()
            != current.value(QStringLiteral("email")).toString().trimmed().toLower();
    if (newAddress && current.value(QStringLiteral("portal_state")).toString() == u"invited") {
        if (auto r = Invites::withdrawOpenInvites(context.tx, context.actor, id); !r)
            return r;
        const auto version = context.tx.nextVersion();
        if (!version)
            return std::unexpected(version.error());
        if (auto r = SyncStore::updateRow(context.tx, *EntitySchema::find(u"contact"), id, *version,
                {{QStringLiteral("portal_state"), QStringLiteral("none")}});
            !r)
            return r;
    }
    if (changed.contains(u"portal_state") && values.value(QStringLiteral("portal_state")).toString() == u"revoked") {
        if (auto r = Invites::endPortalAccount(context.tx, context.actor, id); !r)
            return r;
        if (auto r = Invites::withdrawOpenInvites(context.tx, context.actor, id); !r)
            return r;
        if (auto r = SecurityLog::record(context.tx.db(),
                {context.actor.orgId, QStringLiteral("access_revoked"), QStringLiteral("contact"), id,
                    values.value(QStringLiteral("name")).toString(), values.value(QStringLiteral("email")).toString(),
                    context.actor.userId, context.actor.address, QStringLiteral("portal access revoked")});
            !r)
            return r;
    }
    return {};
}

std::expected<Error, Error> ContactRules::beforeRemove(RuleContext &context, const QString &id) const
{
    // Deleting ends portal access like revoking it does, so for a contact with an account it is for
    // administrators too.
    if (!context.actor.isAdmin()) {
        const auto access = Invites::hasPortalAccess(context.tx, context.actor, QStringLiteral("id"), id);
        if (!access)
            return std::unexpected(access.error());
        if (*access)
            return rejection(QStringLiteral("forbidden"),
                QStringLiteral("Only administrators may delete a contact with portal access."));
    }
    // At once: open invitations are withdrawn, sessions end and the password goes, so a restored
    // contact comes back without access (revoked, or none if it was only invited) until invited again.
    if (auto r = Invites::withdrawOpenInvites(context.tx, context.actor, id); !r)
        return std::unexpected(r.error());
    if (auto r = Database::exec(context.tx.db(),
            QStringLiteral("UPDATE contacts SET password_hash = NULL, portal_state = CASE portal_state "
                           "WHEN 'active' THEN 'revoked' WHEN 'invited' THEN 'none' ELSE portal_state END "
                           "WHERE id = ? AND org_id = ?"),
            {id, context.actor.orgId});
        !r)
        return std::unexpected(r.error());
    if (auto r = Database::exec(context.tx.db(),
            QStringLiteral("UPDATE portal_sessions SET revoked_at = ? WHERE contact_id = ? AND org_id = ? "
                           "AND revoked_at IS NULL"),
            {TimeUtil::nowWire(), id, context.actor.orgId});
        !r)
        return std::unexpected(r.error());
    return Error{};
}

QStringList ContactRules::loggedFields() const
{
    // Its portal access, and the account behind it.
    return EntityRules::loggedFields()
        + QStringList{QStringLiteral("portal_state"), QStringLiteral("email"), QStringLiteral("client_id")};
}
