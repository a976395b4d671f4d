// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/rules/projectrules.h"

QString ProjectRules::projectOf(const QVariantHash &row) const
{
    return row.value(QStringLiteral("id")).toString();
}
