// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/domain/rules/entityrules.h"

// A sign-off: staff send and withdraw (the client answers in the portal); sending freezes the exact
// versions of its files and tells the client's contacts by e-mail; a sent one can no longer be
// edited; it attaches only files of its own project.
class SignoffRules final : public EntityRules
{
public:
    // Its comments go with it.
    QList<Dependent> dependents() const override { return {{QStringLiteral("comment"), QStringLiteral("target_id")}}; }
    std::expected<Error, Error> check(RuleContext &context, const EntitySpec &spec, const QVariantHash &current,
        QVariantHash &values, const QStringList &changed, bool creating) const override;
    std::expected<QJsonObject, Error> afterCreate(
        RuleContext &context, const QString &id, const QVariantHash &values) const override;
    std::expected<void, Error> afterUpdate(RuleContext &context, const QString &id, const QVariantHash &current,
        const QVariantHash &values, const QStringList &changed) const override;
};
