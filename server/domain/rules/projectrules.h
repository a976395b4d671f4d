// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/domain/rules/entityrules.h"

// A project: the project an activity of it belongs to is itself.
class ProjectRules final : public EntityRules
{
public:
    QString projectOf(const QVariantHash &row) const override;
};
