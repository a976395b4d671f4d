// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <expected>

#include "common/error.h"
#include "server/storage/storagequota.h"

// Operator tasks behind the command line: organisations, staff accounts, demo data and checks.
// Each validates its input, writes in one transaction and reports a readable error.
namespace OrgAdmin {

// Where an organisation's storage goes (StorageQuota::report): for its admins' Storage view and
// for `check`, which prints it.
std::expected<StorageQuota::Report, Error> storage(const QString &orgId);
// The same for every organisation, as the lines `check` prints (bytes, so scripts can read them):
//   storage SLUG: used U of Q bytes (staff S, clients C, logos L), reserved R
//   storage SLUG project ID "NAME": staff S, clients C
std::expected<QStringList, Error> storageLines();

struct Created
{
    QString orgId;
    QString userId;
};

std::expected<Created, Error> createOrganisation(
    const QString &name, const QString &slug, const QString &adminEmail, const QString &password, qint64 quotaBytes);
std::expected<QString, Error> addStaff(
    const QString &orgSlug, const QString &email, const QString &name, const QString &role, const QString &password);
std::expected<void, Error> resetPassword(const QString &email, const QString &password);
// The demo organisation "Northwind Studio" (slug "northwind") with realistic clients, contacts,
// projects, tasks and a sign-off draft.
std::expected<Created, Error> createDemo(const QString &adminEmail, const QString &password);
// SQLite's integrity check (or PostgreSQL's catalog answering) plus Atrium's own invariants:
// versions unique per organisation and never above the sequence, storage usage matching files
// and logos.
// Returns the problems found (empty = healthy).
std::expected<QStringList, Error> check();

} // namespace OrgAdmin
