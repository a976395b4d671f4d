// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/domain/rules/entityrules.h"

// A client: deleting one whose contacts have portal access ends that access, so it is for
// administrators.
class ClientRules final : public EntityRules
{
public:
    std::expected<Error, Error> check(RuleContext &context, const EntitySpec &spec, const QVariantHash &current,
        QVariantHash &values, const QStringList &changed, bool creating) const override;
    std::expected<Error, Error> beforeRemove(RuleContext &context, const QString &id) const override;
};
