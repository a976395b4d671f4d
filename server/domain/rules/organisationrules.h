// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/domain/rules/entityrules.h"

// The organisation: its portal address (slug and custom host, unique across organisations) and a
// logo only from the ones the server re-encoded.
class OrganisationRules final : public EntityRules
{
public:
    std::expected<Error, Error> check(RuleContext &context, const EntitySpec &spec, const QVariantHash &current,
        QVariantHash &values, const QStringList &changed, bool creating) const override;
};
