// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/health.h"

#include "server/storage/database.h"

Health::Report Health::check(const BlobStore &store)
{
    Report report;
    if (auto db = Database::connection())
        report.database = Database::exec(*db, QStringLiteral("SELECT 1")).has_value();
    report.blobStore = store.checkReachable().has_value();
    return report;
}
