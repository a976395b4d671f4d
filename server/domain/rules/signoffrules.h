// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/domain/rules/entityrules.h"

// A sign-off: staff send and withdraw, and send a new round once changes were requested (the client's
// approvers answer, Signoffs); sending freezes the exact versions of its files and mails each approver
// a personal link; a sign-off waiting for answers, or approved, can no longer be edited; it attaches
// only files of its own project.
class SignoffRules final : public EntityRules
{
public:
    std::expected<Error, Error> check(RuleContext &context, const EntitySpec &spec, const QVariantHash &current,
        QVariantHash &values, const QStringList &changed, bool creating) const override;
    // A sign-off sent: each approver of the round gets its personal link by e-mail (Signoffs).
    std::expected<QJsonObject, Error> afterCreate(
        RuleContext &context, const QString &id, const QVariantHash &values) const override;
    std::expected<void, Error> afterUpdate(RuleContext &context, const QString &id, const QVariantHash &current,
        const QVariantHash &values, const QStringList &changed) const override;
};
