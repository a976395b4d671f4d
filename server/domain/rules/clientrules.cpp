// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/rules/clientrules.h"

#include "server/domain/invites.h"

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
