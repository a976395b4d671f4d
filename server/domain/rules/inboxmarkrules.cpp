// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/rules/inboxmarkrules.h"

std::expected<Error, Error> InboxMarkRules::check(RuleContext &context, const EntitySpec &spec,
    const QVariantHash &current, QVariantHash &values, const QStringList &changed, bool creating) const
{
    Q_UNUSED(spec)
    Q_UNUSED(current)
    Q_UNUSED(changed)
    if (!creating)
        return Error{};
    const bool oneItem = !values.value(QStringLiteral("activity_id")).isNull();
    const qint64 through = values.value(QStringLiteral("through_version")).toLongLong();
    if (oneItem == (through > 0) || through < 0)
        return rejection(QStringLiteral("invalid_field"),
            QStringLiteral("An inbox mark names either one \"activity_id\" or a positive \"through_version\"."));
    values.insert(QStringLiteral("user_id"), context.actor.userId);
    return Error{};
}
