// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storagequota.h"

#include "common/timeutil.h"
#include "server/database.h"

std::expected<void, ApiError> StorageQuota::reserve(
    QSqlDatabase &db, const QString &orgId, qint64 bytes, const QString &refusal)
{
    auto reserved = Database::exec(db,
        QStringLiteral("UPDATE organisations SET storage_reserved_bytes = storage_reserved_bytes + ? "
                       "WHERE id = ? AND storage_used_bytes + storage_reserved_bytes + ? <= storage_quota_bytes"),
        {bytes, orgId, bytes});
    if (!reserved)
        return std::unexpected(ApiError::fromError(reserved.error()));
    if (reserved->numRowsAffected() != 1)
        return std::unexpected(ApiError{413, QStringLiteral("quota_exceeded"), refusal});
    return {};
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
