// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/domain/rules/entityrules.h"

// A task: nothing beyond its schema, but its comments go (and come back) with it.
class TaskRules final : public EntityRules
{
public:
    QList<Dependent> dependents() const override { return {{QStringLiteral("comment"), QStringLiteral("target_id")}}; }
};
