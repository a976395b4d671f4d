// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/domain/rules/entityrules.h"

// A staff comment: on a task or file that exists, authored by the pushing staff member. Its
// creation is recorded in the activity log the way a client's is (the item's name and project, an
// excerpt), by afterCreate, since the project is the item's; edits and deletes are not.
class CommentRules final : public EntityRules
{
public:
    std::expected<Error, Error> check(RuleContext &context, const EntitySpec &spec, const QVariantHash &current,
        QVariantHash &values, const QStringList &changed, bool creating) const override;
    bool recordsActivity() const override { return false; }
    std::expected<QJsonObject, Error> afterCreate(
        RuleContext &context, const QString &id, const QVariantHash &values) const override;
    // The task or file it is on must be there (target_id names either).
    std::expected<Error, Error> beforeRestore(
        RuleContext &context, const EntitySpec &spec, const QVariantHash &row) const override;
};
