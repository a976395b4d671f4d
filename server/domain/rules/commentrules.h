// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/domain/rules/entityrules.h"

// A staff comment: on a task or file that exists, authored by the pushing staff member; comments
// are not repeated in the activity log.
class CommentRules final : public EntityRules
{
public:
    std::expected<Error, Error> check(RuleContext &context, const EntitySpec &spec, const QVariantHash &current,
        QVariantHash &values, const QStringList &changed, bool creating) const override;
    bool recordsActivity() const override { return false; }
    // The task or file it is on must be there (target_id names either).
    std::expected<Error, Error> beforeRestore(
        RuleContext &context, const EntitySpec &spec, const QVariantHash &row) const override;
};
