// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/versionfeed.h"

#include <QObject>

#include "server/storage/changenotifier.h"
#include "server/storage/database.h"

std::expected<qint64, Error> VersionFeed::committedVersion(const QString &orgId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q = Database::exec(*db, QStringLiteral("SELECT last_version FROM org_sequences WHERE org_id = ?"), {orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::unexpected(Error{QStringLiteral("unauthorized"), QString()});
    return q->value(0).toLongLong();
}

qint64 VersionFeed::subscribe(QObject *context, const QString &orgId, std::function<void(qint64)> onVersion)
{
    ChangeNotifier *notifier = ChangeNotifier::instance();
    if (!notifier)
        return -1;
    // Emitted on a pool thread (SQLite) or the listener's (PostgreSQL): queued to the context's.
    QObject::connect(notifier, &ChangeNotifier::versionCommitted, context,
        [orgId, onVersion = std::move(onVersion)](const QString &committedOrg, qint64 version) {
            if (committedOrg == orgId)
                onVersion(version);
        });
    return notifier->latestVersion(orgId);
}
