// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/portalmarks.h"

#include "server/storage/database.h"

std::expected<PortalMarks, Error> PortalMarks::read(const QSqlDatabase &db, const QString &orgId)
{
    auto q = Database::exec(db,
        QStringLiteral("SELECT s.last_version, COALESCE(m.inputs, 0), COALESCE(m.facts, 0) FROM org_sequences s "
                       "LEFT JOIN portal_marks m ON m.org_id = s.org_id WHERE s.org_id = ?"),
        {orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return PortalMarks{-1, -1, -1};
    return PortalMarks{q->value(0).toLongLong(), q->value(1).toLongLong(), q->value(2).toLongLong()};
}
