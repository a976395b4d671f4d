// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/sqlitebackup.h"

#include <QFileInfo>

#include <sqlite3.h>

#include <memory>

namespace {

struct CloseConnection
{
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, CloseConnection>;

Error failure(sqlite3 *db, const QString &what)
{
    return Error{QStringLiteral("storage_error"),
        QStringLiteral("%1: %2").arg(what, QString::fromUtf8(db ? sqlite3_errmsg(db) : "out of memory"))};
}

std::expected<Connection, Error> open(const QString &path, int flags)
{
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &raw, flags, nullptr);
    Connection db(raw);
    if (rc != SQLITE_OK)
        return std::unexpected(failure(raw, QStringLiteral("cannot open %1").arg(path)));
    // The writers of a running server hold the write lock only briefly; a read waits for them.
    sqlite3_busy_timeout(raw, 30000);
    return db;
}

} // namespace

std::expected<void, Error> SqliteBackup::copy(const QString &source, const QString &target)
{
    if (!QFileInfo::exists(source))
        return std::unexpected(
            Error{QStringLiteral("not_found"), QStringLiteral("there is no database at %1").arg(source)});
    if (QFileInfo::exists(target))
        return std::unexpected(Error{QStringLiteral("conflict"), QStringLiteral("%1 exists already").arg(target)});
    // Read-write, not read-only: a WAL database's reader needs its shared memory file, which a
    // read-only connection cannot create when no server has the database open.
    auto from = open(source, SQLITE_OPEN_READWRITE);
    if (!from)
        return std::unexpected(from.error());
    auto to = open(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!to)
        return std::unexpected(to.error());
    sqlite3_backup *backup = sqlite3_backup_init(to->get(), "main", from->get(), "main");
    if (!backup)
        return std::unexpected(failure(to->get(), QStringLiteral("cannot start the backup")));
    int rc = SQLITE_OK;
    // -1: every page in one step, in one read transaction (a snapshot). A busy source (a writer
    // checkpointing, or recovering the WAL) is tried again.
    for (int attempt = 0; attempt < 100; ++attempt) {
        rc = sqlite3_backup_step(backup, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
        sqlite3_sleep(100);
    }
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE)
        return std::unexpected(
            Error{rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? QStringLiteral("busy") : QStringLiteral("storage_error"),
                QStringLiteral("the backup of %1 failed: %2").arg(source, QString::fromUtf8(sqlite3_errstr(rc)))});
    // The copy as one file, on disk: its own journal mode is the source's (WAL), so checkpoint it
    // and leave no -wal or -shm beside it.
    if (sqlite3_exec(
            to->get(), "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr)
        != SQLITE_OK)
        return std::unexpected(failure(to->get(), QStringLiteral("cannot finish %1").arg(target)));
    return {};
}
