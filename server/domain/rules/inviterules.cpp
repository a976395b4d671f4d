// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/rules/inviterules.h"

#include <QDateTime>

#include "common/timeutil.h"
#include "server/domain/invites.h"
#include "server/storage/database.h"

std::expected<Error, Error> InviteRules::check(RuleContext &context, const EntitySpec &spec,
    const QVariantHash &current, QVariantHash &values, const QStringList &changed, bool creating) const
{
    Q_UNUSED(spec)
    if (creating) {
        if (values.value(QStringLiteral("expires_at")).isNull())
            values.insert(QStringLiteral("expires_at"), TimeUtil::toWire(QDateTime::currentDateTimeUtc().addDays(14)));
        auto q = Database::exec(context.tx.db(),
            QStringLiteral("SELECT c.email, c.portal_state, cl.deleted FROM contacts c LEFT JOIN clients cl "
                           "ON cl.id = c.client_id AND cl.org_id = c.org_id WHERE c.id = ? AND c.org_id = ?"),
            {values.value(QStringLiteral("contact_id")), context.actor.orgId});
        if (!q)
            return std::unexpected(q.error());
        const bool found = q->next();
        const QString email = found ? q->value(0).toString() : QString();
        const QString state = found ? q->value(1).toString() : QString();
        const bool clientGone = !found || q->value(2).isNull() || q->value(2).toLongLong() != 0;
        q->finish();
        // An invite makes an account; it never reaches one that exists. A client who cannot sign
        // in chooses a new password on the sign-in page.
        if (state == u"active")
            return rejection(QStringLiteral("contact_active"),
                QStringLiteral("This contact already has portal access. If they cannot sign in, they can choose "
                               "a new password with \"Forgot password\" on the sign-in page."));
        // Access an administrator ended comes back only through an administrator.
        if (state == u"revoked" && !context.actor.isAdmin())
            return rejection(QStringLiteral("forbidden"),
                QStringLiteral("Only administrators may invite a contact whose portal access was revoked."));
        if (clientGone)
            return rejection(QStringLiteral("invalid_reference"), QStringLiteral("The contact's client was deleted."));
        if (values.value(QStringLiteral("kind")).toString() == u"email" && email.isEmpty())
            return rejection(
                QStringLiteral("invalid_field"), QStringLiteral("The contact has no e-mail address to invite."));
        values.insert(QStringLiteral("sent_to"), email);
        // 32 random bytes; only the hash is kept. A link invite's token goes back to its creator
        // in the push result (the e-mail carries an e-mail invite's).
        context.inviteToken = Invites::newToken();
        values.insert(QStringLiteral("token_hash"), Invites::tokenHash(context.inviteToken));
    }
    if (changed.contains(u"revoked_at") && !values.value(QStringLiteral("revoked_at")).isNull()) {
        // The server's clock decides when access ended.
        values.insert(QStringLiteral("revoked_at"), TimeUtil::nowWire());
    }
    if (!creating && changed.contains(u"revoked_at") && values.value(QStringLiteral("revoked_at")).isNull()
        && !current.value(QStringLiteral("revoked_at")).isNull())
        return rejection(
            QStringLiteral("invalid_field"), QStringLiteral("A revoked invite stays revoked; send a new one."));
    return Error{};
}

std::expected<QJsonObject, Error> InviteRules::afterCreate(
    RuleContext &context, const QString &, const QVariantHash &values) const
{
    const QString contactId = values.value(QStringLiteral("contact_id")).toString();
    // Re-inviting a revoked contact starts a new account: nothing of the old one (a password from
    // before revocation, a session) comes back with it.
    if (auto r = Invites::endPortalAccount(context.tx, context.actor, contactId); !r)
        return std::unexpected(r.error());
    if (auto r = Invites::refreshPortalState(context.tx, context.actor, contactId); !r)
        return std::unexpected(r.error());
    if (values.value(QStringLiteral("kind")).toString() == u"link")
        return QJsonObject{{QStringLiteral("invite_token"), QString::fromLatin1(context.inviteToken)}};
    if (auto r = Invites::queueMail(context.tx, context.actor, values, context.inviteToken, context.publicUrl); !r)
        return std::unexpected(r.error());
    return QJsonObject{};
}

std::expected<void, Error> InviteRules::afterUpdate(
    RuleContext &context, const QString &, const QVariantHash &current, const QVariantHash &, const QStringList &) const
{
    return Invites::refreshPortalState(
        context.tx, context.actor, current.value(QStringLiteral("contact_id")).toString());
}

QString InviteRules::label(const EntitySpec &, const QVariantHash &row) const
{
    const QString to = row.value(QStringLiteral("sent_to")).toString();
    return (row.value(QStringLiteral("kind")).toString() == u"link" ? QStringLiteral("Link invite")
                                                                    : QStringLiteral("E-mail invite"))
        + (to.isEmpty() ? QString() : QStringLiteral(" for ") + to);
}
