// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/storagequota.h"

#include <algorithm>

#include "common/timeutil.h"
#include "server/storage/database.h"

namespace {

// What the organisation's storage is taken by, as the quota rules see it.
struct Usage
{
    qint64 quota = 0;
    qint64 used = 0;
    qint64 reserved = 0; // staff and clients
    qint64 clientReserved = 0;
    qint64 clientReceived = 0; // bytes of clients' unfinished uploads that have arrived (but `excluded`'s)
    qint64 contactOpen = 0; // open reservations of `contactId`

    qint64 staffReserved() const { return reserved - clientReserved; }
};

std::expected<Usage, Error> usage(
    QSqlDatabase &db, const QString &orgId, const QString &contactId = {}, const QString &excluded = {})
{
    auto q = Database::exec(db,
        QStringLiteral(
            "SELECT o.storage_quota_bytes, o.storage_used_bytes, o.storage_reserved_bytes, "
            "(SELECT COALESCE(SUM(reserved), 0) FROM uploads WHERE org_id = o.id AND uploader_kind = 'contact'), "
            "(SELECT COALESCE(SUM(received), 0) FROM uploads WHERE org_id = o.id AND uploader_kind = 'contact' "
            "AND id <> ?), "
            "(SELECT COUNT(*) FROM uploads WHERE org_id = o.id AND uploader_kind = 'contact' AND user_id = ? "
            "AND reserved > 0) "
            "FROM organisations o WHERE o.id = ?"),
        {excluded, contactId, orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::unexpected(Error{QStringLiteral("not_found"), QString()});
    Usage u;
    u.quota = q->value(0).toLongLong();
    u.used = q->value(1).toLongLong();
    u.reserved = q->value(2).toLongLong();
    u.clientReserved = q->value(3).toLongLong();
    u.clientReceived = q->value(4).toLongLong();
    u.contactOpen = q->value(5).toLongLong();
    return u;
}

Error quotaExceeded(const QString &message)
{
    return Error{QStringLiteral("quota_exceeded"), message};
}

} // namespace

std::expected<void, Error> StorageQuota::reserveUpload(QSqlDatabase &db, const QString &orgId,
    const QString &uploaderKind, const QString &userId, qint64 bytes, const QString &refusal)
{
    const bool client = uploaderKind == u"contact";
    const auto u = usage(db, orgId, client ? userId : QString());
    if (!u)
        return std::unexpected(u.error());
    if (client) {
        if (u->contactOpen >= maxOpenClientUploads)
            return std::unexpected(Error{QStringLiteral("too_many_uploads"),
                QStringLiteral("You have %1 uploads under way; finish or cancel one before starting another.")
                    .arg(maxOpenClientUploads)});
        if (u->used + u->reserved + bytes > u->quota)
            return std::unexpected(quotaExceeded(refusal));
        const qint64 share = (u->quota - u->used - u->staffReserved()) * clientSharePercent / 100;
        if (u->clientReserved + bytes > share)
            return std::unexpected(quotaExceeded(
                QStringLiteral("Other uploads are under way and take the space this file needs; try again later.")));
    } else if (u->used + u->staffReserved() + u->clientReceived + bytes > u->quota) {
        return std::unexpected(quotaExceeded(refusal));
    }
    // The checks above word the refusal; this one conditional update decides. It takes the space
    // only if the same rule still holds on the row as the database has it, so the quota holds even
    // if a writer ever got past the organisation's lock (or another instance's checks).
    static const QString clientReserved =
        QStringLiteral("(SELECT COALESCE(SUM(reserved), 0) FROM uploads WHERE org_id = organisations.id "
                       "AND uploader_kind = 'contact')");
    static const QString clientReceived =
        QStringLiteral("(SELECT COALESCE(SUM(received), 0) FROM uploads WHERE org_id = organisations.id "
                       "AND uploader_kind = 'contact')");
    const QString reserve = QStringLiteral(
        "UPDATE organisations SET storage_reserved_bytes = storage_reserved_bytes + ? WHERE id = ? AND ");
    auto updated = client
        ? Database::exec(db,
            reserve
                + QStringLiteral("storage_used_bytes + storage_reserved_bytes + ? <= storage_quota_bytes AND "
                                 "%1 + ? <= (storage_quota_bytes - storage_used_bytes - (storage_reserved_bytes - %1)) "
                                 "* ? / 100")
                      .arg(clientReserved),
            {bytes, orgId, bytes, bytes, clientSharePercent})
        : Database::exec(db,
            reserve
                + QStringLiteral("storage_used_bytes + storage_reserved_bytes - %1 + %2 + ? <= storage_quota_bytes")
                      .arg(clientReserved, clientReceived),
            {bytes, orgId, bytes});
    if (!updated)
        return std::unexpected(updated.error());
    if (updated->numRowsAffected() != 1)
        return std::unexpected(quotaExceeded(refusal));
    return {};
}

std::expected<void, Error> StorageQuota::admitClientBytes(
    QSqlDatabase &db, const QString &orgId, const QString &uploadId, qint64 end)
{
    const auto u = usage(db, orgId, QString(), uploadId);
    if (!u)
        return std::unexpected(u.error());
    if (u->used + u->staffReserved() + u->clientReceived + end > u->quota)
        return std::unexpected(
            quotaExceeded(QStringLiteral("The organisation's storage is full; this upload cannot continue.")));
    return {};
}

std::expected<void, Error> StorageQuota::admitCompletion(QSqlDatabase &db, const QString &orgId, qint64 size)
{
    const auto u = usage(db, orgId);
    if (!u)
        return std::unexpected(u.error());
    if (u->used + u->staffReserved() + size > u->quota)
        return std::unexpected(
            quotaExceeded(QStringLiteral("The organisation's storage is full; this file could not be stored.")));
    return {};
}

std::expected<void, Error> StorageQuota::reserve(
    QSqlDatabase &db, const QString &orgId, qint64 bytes, const QString &refusal)
{
    // A logo is stored by staff: firm like a staff upload, never held up by clients' unsent uploads.
    return reserveUpload(db, orgId, QStringLiteral("staff"), QString(), bytes, refusal);
}

std::expected<void, Error> StorageQuota::changeUsage(
    WriteTransaction &tx, const QString &orgId, qint64 usedDelta, qint64 reserved)
{
    const auto version = tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    if (auto r = Database::exec(tx.db(),
            QStringLiteral("UPDATE organisations SET storage_used_bytes = storage_used_bytes + ?, "
                           "storage_reserved_bytes = storage_reserved_bytes - ?, version = ?, updated_at = ? "
                           "WHERE id = ?"),
            {usedDelta, reserved, *version, TimeUtil::nowWire(), orgId});
        !r)
        return std::unexpected(r.error());
    return {};
}

std::expected<StorageQuota::Report, Error> StorageQuota::report(QSqlDatabase &db, const QString &orgId)
{
    Report r;
    auto org = Database::exec(db,
        QStringLiteral("SELECT storage_quota_bytes, storage_used_bytes, storage_reserved_bytes FROM organisations "
                       "WHERE id = ?"),
        {orgId});
    if (!org)
        return std::unexpected(org.error());
    if (!org->next())
        return std::unexpected(Error{QStringLiteral("not_found"), QStringLiteral("Unknown organisation.")});
    r.quotaBytes = org->value(0).toLongLong();
    r.usedBytes = org->value(1).toLongLong();
    r.reservedBytes = org->value(2).toLongLong();
    org->finish();
    // A content sent by a contact of the organisation is a client upload; anything else is staff's.
    auto projects = Database::exec(db,
        QStringLiteral("SELECT f.project_id, p.name, p.deleted, "
                       "SUM(CASE WHEN ct.id IS NULL THEN c.size ELSE 0 END), "
                       "SUM(CASE WHEN ct.id IS NULL THEN 0 ELSE c.size END) "
                       "FROM file_contents c JOIN files f ON f.id = c.file_id "
                       "LEFT JOIN projects p ON p.id = f.project_id "
                       "LEFT JOIN contacts ct ON ct.id = c.uploaded_by AND ct.org_id = c.org_id "
                       "WHERE c.org_id = ? GROUP BY f.project_id, p.name, p.deleted"),
        {orgId});
    if (!projects)
        return std::unexpected(projects.error());
    while (projects->next()) {
        ProjectUsage usage{projects->value(0).toString(), projects->value(1).toString(),
            projects->value(2).toLongLong() != 0, projects->value(3).toLongLong(), projects->value(4).toLongLong()};
        r.staffBytes += usage.staffBytes;
        r.clientBytes += usage.clientBytes;
        r.projects.append(usage);
    }
    projects->finish();
    std::sort(r.projects.begin(), r.projects.end(), [](const ProjectUsage &a, const ProjectUsage &b) {
        return a.staffBytes + a.clientBytes > b.staffBytes + b.clientBytes;
    });
    auto logos =
        Database::exec(db, QStringLiteral("SELECT COALESCE(SUM(size), 0) FROM brand_logos WHERE org_id = ?"), {orgId});
    if (!logos)
        return std::unexpected(logos.error());
    if (logos->next())
        r.logoBytes = logos->value(0).toLongLong();
    return r;
}
