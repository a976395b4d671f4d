// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/domain/rules/entityrules.h"

// An invitation to the portal (server/domain/invites.h): never to a contact that has an account,
// a revoked contact only by an administrator; the server makes the token (a link invite's comes
// back once in the push result) and sends an e-mail invite's mail; revoking is final.
class InviteRules final : public EntityRules
{
public:
    std::expected<Error, Error> check(RuleContext &context, const EntitySpec &spec, const QVariantHash &current,
        QVariantHash &values, const QStringList &changed, bool creating) const override;
    std::expected<QJsonObject, Error> afterCreate(
        RuleContext &context, const QString &id, const QVariantHash &values) const override;
    std::expected<void, Error> afterUpdate(RuleContext &context, const QString &id, const QVariantHash &current,
        const QVariantHash &values, const QStringList &changed) const override;
    QString label(const EntitySpec &spec, const QVariantHash &row) const override;
};
