// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/rules/conflictrules.h"

std::expected<Error, Error> ConflictRules::check(RuleContext &context, const EntitySpec &spec,
    const QVariantHash &current, QVariantHash &values, const QStringList &changed, bool creating) const
{
    Q_UNUSED(values)
    Q_UNUSED(spec)
    Q_UNUSED(changed)
    Q_UNUSED(creating)
    if (current.value(QStringLiteral("author_id")).toString() != context.actor.userId)
        return rejection(QStringLiteral("not_found"), QStringLiteral("No such conflict."));
    return Error{};
}

Error ConflictRules::refuseChange(const FieldSpec &field) const
{
    if (field.name != u"resolved")
        return rejection(
            QStringLiteral("read_only_field"), QStringLiteral("Only \"resolved\" can be changed on a conflict."));
    return Error{};
}
