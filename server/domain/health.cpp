// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/health.h"

#include "server/storage/blobstore.h"
#include "server/storage/database.h"

Health::Report Health::check(const QString &dataDir)
{
    Report report;
    if (auto db = Database::connection())
        report.database = Database::exec(*db, QStringLiteral("SELECT 1")).has_value();
    report.blobStore = BlobStore(dataDir).checkReachable().has_value();
    return report;
}
