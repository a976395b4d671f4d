// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/domain/rules/entityrules.h"

// A conflict: each staff member sees and resolves their own; "resolved" is all that changes.
class ConflictRules final : public EntityRules
{
public:
    std::expected<Error, Error> check(RuleContext &context, const EntitySpec &spec, const QVariantHash &current,
        QVariantHash &values, const QStringList &changed, bool creating) const override;
    Error refuseChange(const FieldSpec &field) const override;
    QString ownerColumn() const override { return QStringLiteral("author_id"); }
};
