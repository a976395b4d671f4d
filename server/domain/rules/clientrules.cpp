// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/rules/clientrules.h"

#include "common/timeutil.h"
#include "server/domain/invites.h"

std::expected<Error, Error> ClientRules::check(RuleContext &context, const EntitySpec &spec,
    const QVariantHash &current, QVariantHash &values, const QStringList &changed, bool creating) const
{
    Q_UNUSED(spec)
    Q_UNUSED(current)
    Q_UNUSED(creating)
    // Whether a client's contacts must use two-factor sign-in is a security setting: an
    // administrator's, like the organisation's own.
    if (changed.contains(u"two_factor_required")) {
        if (!context.actor.isAdmin())
            return rejection(QStringLiteral("forbidden"),
                QStringLiteral("Only administrators may change whether a client must use two-factor sign-in."));
        const bool on = values.value(QStringLiteral("two_factor_required")).toBool();
        values.insert(QStringLiteral("two_factor_since"),
            on ? QVariant(TimeUtil::nowWire()) : QVariant(QMetaType::fromType<QString>()));
    }
    return Error{};
}

std::expected<Error, Error> ClientRules::beforeRemove(RuleContext &context, const QString &id) const
{
    if (context.actor.isAdmin())
        return Error{};
    const auto access = Invites::hasPortalAccess(context.tx, context.actor, QStringLiteral("client_id"), id);
    if (!access)
        return std::unexpected(access.error());
    if (*access)
        return rejection(QStringLiteral("forbidden"),
            QStringLiteral("Only administrators may delete a client whose contacts have portal access."));
    return Error{};
}
