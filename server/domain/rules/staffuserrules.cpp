// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/rules/staffuserrules.h"

#include "common/timeutil.h"
#include "server/storage/database.h"

std::expected<Error, Error> StaffUserRules::check(RuleContext &context, const EntitySpec &spec,
    const QVariantHash &current, QVariantHash &values, const QStringList &changed, bool creating) const
{
    Q_UNUSED(spec)
    Q_UNUSED(creating)
    // Never leave the organisation without an administrator.
    const bool demoting = changed.contains(u"role") && values.value(QStringLiteral("role")).toString() != u"admin"
        && current.value(QStringLiteral("role")).toString() == u"admin";
    if (demoting) {
        auto q = Database::exec(context.tx.db(),
            QStringLiteral("SELECT COUNT(*) FROM staff_users WHERE org_id = ? AND role = 'admin' AND deleted = 0"),
            {context.actor.orgId});
        if (!q)
            return std::unexpected(q.error());
        if (q->next() && q->value(0).toLongLong() <= 1)
            return rejection(
                QStringLiteral("last_admin"), QStringLiteral("The organisation needs at least one administrator."));
    }
    return Error{};
}

std::expected<Error, Error> StaffUserRules::beforeRemove(RuleContext &context, const QString &id) const
{
    if (id == context.actor.userId)
        return rejection(QStringLiteral("forbidden"), QStringLiteral("You cannot remove your own account."));
    if (auto r = Database::exec(context.tx.db(),
            QStringLiteral("UPDATE staff_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"),
            {TimeUtil::nowWire(), id});
        !r)
        return std::unexpected(r.error());
    return Error{};
}
