// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/domain/rules/entityrules.h"

// A project: the project an activity of it belongs to is itself.
class ProjectRules final : public EntityRules
{
public:
    QString projectOf(const QVariantHash &row) const override;
    // Its tasks, files and sign-offs go with it.
    QList<Dependent> dependents() const override
    {
        return {{QStringLiteral("task"), QStringLiteral("project_id")},
            {QStringLiteral("file"), QStringLiteral("project_id")},
            {QStringLiteral("signoff"), QStringLiteral("project_id")}};
    }
};
