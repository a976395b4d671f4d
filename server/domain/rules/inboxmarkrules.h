// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/domain/rules/entityrules.h"

// A staff member's Inbox read state: made by its owner (the server sets user_id), deleted only by
// them ("Mark Unread"), invisible to everyone else, and never itself an activity.
class InboxMarkRules final : public EntityRules
{
public:
    std::expected<Error, Error> check(RuleContext &context, const EntitySpec &spec, const QVariantHash &current,
        QVariantHash &values, const QStringList &changed, bool creating) const override;
    QString ownerColumn() const override { return QStringLiteral("user_id"); }
    bool recordsActivity() const override { return false; }
};
