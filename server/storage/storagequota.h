// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <expected>

#include "common/error.h"

class QSqlDatabase;
class WriteTransaction;

// An organisation's storage quota, shared by everything that stores bytes for it (project files
// from staff and clients, logos). organisations.storage_used_bytes is the sum of the sizes in
// file_contents and brand_logos (`atrium-server check` verifies it); storage_reserved_bytes holds
// uploads still arriving. Both functions run inside the organisation's WriteTransaction.
namespace StorageQuota {

// Where an organisation's storage goes, from the same rows `atrium-server check` sums: every
// stored content of every file (old versions and deleted files included until they are purged),
// by project and by who sent it, plus logos.
struct ProjectUsage
{
    QString projectId;
    QString name;
    bool deleted = false;
    qint64 staffBytes = 0; // sent by staff
    qint64 clientBytes = 0; // client uploads
};
struct Report
{
    qint64 quotaBytes = 0;
    qint64 usedBytes = 0; // organisations.storage_used_bytes
    qint64 reservedBytes = 0; // uploads under way
    qint64 staffBytes = 0;
    qint64 clientBytes = 0;
    qint64 logoBytes = 0;
    QList<ProjectUsage> projects; // largest first
};
std::expected<Report, Error> report(QSqlDatabase &db, const QString &orgId);

// Reserves `bytes` for staff (a logo) when they fit as reserveUpload() decides for staff; under the
// organisation's lock, so two writes that fit alone but not together cannot both pass. The error
// "quota_exceeded" with `refusal` as its message otherwise.
std::expected<void, Error> reserve(QSqlDatabase &db, const QString &orgId, qint64 bytes, const QString &refusal);

// Upload reservations are bounded (README, "Uploads and quota"). Staff reservations are firm; a
// client's ("contact" uploads) are not, so clients who start uploads and never send them cannot
// block the organisation:
// - a contact holds at most maxOpenClientUploads open reservations (error "too_many_uploads");
// - all clients' reservations together stay within clientSharePercent of the quota that is neither
//   used nor reserved by staff (the error "quota_exceeded");
// - staff reserve against what is used, what staff reserved and what clients have actually sent,
//   never against what clients reserved but have not sent; a client's bytes that no longer fit are
//   refused as they arrive (admitClientBytes) and at completion (admitCompletion).
// All run inside the organisation's WriteTransaction.
constexpr int maxOpenClientUploads = 4;
constexpr int clientSharePercent = 50;

// Reserves `bytes` for an upload by `uploaderKind` ("staff" or "contact") `userId`.
std::expected<void, Error> reserveUpload(QSqlDatabase &db, const QString &orgId, const QString &uploaderKind,
    const QString &userId, qint64 bytes, const QString &refusal);
// Whether a client's upload `uploadId` may hold `end` bytes now.
std::expected<void, Error> admitClientBytes(
    QSqlDatabase &db, const QString &orgId, const QString &uploadId, qint64 end);
// Whether a client's finished upload of `size` bytes may become used storage now.
std::expected<void, Error> admitCompletion(QSqlDatabase &db, const QString &orgId, qint64 size);

// Adds `usedDelta` (negative when bytes are given back) to the usage and releases `reserved` bytes
// of reservation, as a new version of the organisation: its storage_used_bytes syncs to desktops.
std::expected<void, Error> changeUsage(
    WriteTransaction &tx, const QString &orgId, qint64 usedDelta, qint64 reserved = 0);

} // namespace StorageQuota
