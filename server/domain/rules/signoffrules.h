// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/domain/rules/entityrules.h"

// A sign-off: staff send and withdraw (the client answers in the portal); sending freezes the exact
// versions of its files (the client hears of it in the next notification mail, MailDigests); a sent
// one can no longer be edited; it attaches only files of its own project.
class SignoffRules final : public EntityRules
{
public:
    std::expected<Error, Error> check(RuleContext &context, const EntitySpec &spec, const QVariantHash &current,
        QVariantHash &values, const QStringList &changed, bool creating) const override;
};
