// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/domain/rules/entityrules.h"

// A contact: its portal state follows invitations and accounts (staff may only revoke access, and
// only administrators do); its account (e-mail, client) and its deletion are for administrators once
// it has portal access. Revoking ends the account and withdraws open invitations.
class ContactRules final : public EntityRules
{
public:
    std::expected<Error, Error> check(RuleContext &context, const EntitySpec &spec, const QVariantHash &current,
        QVariantHash &values, const QStringList &changed, bool creating) const override;
    std::expected<void, Error> afterUpdate(RuleContext &context, const QString &id, const QVariantHash &current,
        const QVariantHash &values, const QStringList &changed) const override;
    std::expected<Error, Error> beforeRemove(RuleContext &context, const QString &id) const override;
    QStringList loggedFields() const override;
};
