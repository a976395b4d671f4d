// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <expected>
#include <functional>

#include "common/error.h"
#include "server/storage/blobstore.h"

// Backups of a whole server: `atrium-server backup --to DIR` while it runs, `restore --from DIR`
// into an empty data directory.
//
// A backup directory holds
//   manifest.json     what is in it, written last (a directory without one is no backup): the
//                     format, the versions, the engine, the database file's SHA-256 and every
//                     blob's name, size and SHA-256;
//   atrium.sqlite     SQLite: a snapshot made with SQLite's online backup API, or
//   database.pgdump   PostgreSQL: pg_dump's custom format, of an exported snapshot;
//   blobs/xx/NAME     every file content and logo the database refers to, as of that snapshot;
//   secret.key        the key that seals two-factor secrets (without it they cannot be read).
// It holds password hashes and that key: the directory is made readable by its owner only.
//
// Consistency: blobs never change and get new names, so the blobs a snapshot refers to are
// copied after it, from the live store. A blob removed in between (housekeeping purged what the
// snapshot still lists) is noted; one that the live database still needs but the store lacks, or
// whose content does not match its recorded SHA-256, is a problem (the backup is kept, and the
// command fails so that the operator looks).
//
// A restore checks every blob and the database file against the manifest before it writes
// anything, then writes the database, the blobs (through the configured store, under their own
// names) and the key, applies newer schema migrations and drops uploads that were in progress
// (their partial content is not in a backup; the uploader starts again).
//
// While it writes, a restore keeps a mark in the data directory (`restore-unfinished`, naming the
// backup) and removes it as its last step. One that stops midway (a full disk, a file it cannot
// create) leaves the mark: every server command refuses that directory, and a new restore says
// what happened there, instead of serving a half-restored server or calling it merely "not empty".
namespace Backups {

struct Source
{
    QString dataDir;
    QString secretKeyFile;
    BlobStorePtr store;
};

struct Report
{
    int blobs = 0;
    qint64 blobBytes = 0;
    QString database; // the file in the backup holding the database
    QStringList notes; // worth knowing, not wrong
    QStringList problems; // the command fails when there are any
};

using Progress = std::function<void(const QString &line)>;

// Backs up the database Database::config() names (migrated by the caller) and `source`'s blobs
// into `targetDir`, which must be new or empty.
std::expected<Report, Error> backup(const Source &source, const QString &targetDir, const Progress &say);

// Restores `backupDir` into `target`: its data directory must be empty and, on PostgreSQL, the
// database Database::config() names must have no tables. Database::configure() was called; the
// database is migrated here.
std::expected<Report, Error> restore(const QString &backupDir, const Source &target, const Progress &say);

// What to tell someone whose data directory holds a restore that did not finish; empty when it
// holds none.
QString unfinishedRestore(const QString &dataDir);

} // namespace Backups
