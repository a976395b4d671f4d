// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <expected>

#include "common/error.h"
#include "server/apierror.h"

class QSqlDatabase;
class WriteTransaction;

// An organisation's storage quota, shared by everything that stores bytes for it (project files
// from staff and clients, logos). organisations.storage_used_bytes is the sum of the sizes in
// file_contents and brand_logos (`atrium-server check` verifies it); storage_reserved_bytes holds
// uploads still arriving. Both functions run inside the organisation's WriteTransaction.
namespace StorageQuota {

// Reserves `bytes` when used + reserved + bytes still fit in the quota; the check and the
// reservation are one statement under the organisation's lock, so two writes that fit alone but
// not together cannot both pass. 413 "quota_exceeded" with `refusal` as its message otherwise.
std::expected<void, ApiError> reserve(QSqlDatabase &db, const QString &orgId, qint64 bytes, const QString &refusal);

// Adds `usedDelta` (negative when bytes are given back) to the usage and releases `reserved` bytes
// of reservation, as a new version of the organisation: its storage_used_bytes syncs to desktops.
std::expected<void, Error> changeUsage(
    WriteTransaction &tx, const QString &orgId, qint64 usedDelta, qint64 reserved = 0);

} // namespace StorageQuota
