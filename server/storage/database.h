// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <expected>

#include "common/error.h"

// Where the server keeps its data: SQLite in the data dir (the default) or a PostgreSQL server.
struct DatabaseConfig
{
    enum class Engine { SQLite, PostgreSQL };
    Engine engine = Engine::SQLite;
    QString sqlitePath;
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString name;

    // url empty → SQLite at dataDir/atrium.sqlite; "postgres://USER[:PASS]@HOST[:PORT]/DB" → PostgreSQL.
    static std::expected<DatabaseConfig, QString> fromUrl(const QString &url, const QString &dataDir);
    // For logs: the URL without the password.
    QString describe() const;
};

// Hands each thread its own connection (QSqlDatabase must not cross threads) with the engine's
// settings applied: SQLite in WAL mode, synchronous=FULL, foreign keys on and a busy timeout.
// Configured once at start-up, before any thread asks for a connection.
class Database
{
public:
    static void configure(const DatabaseConfig &config);
    static const DatabaseConfig &config();
    static bool isPostgres();

    // The calling thread's connection, opened on first use; invalid (and logged) if it cannot open.
    static std::expected<QSqlDatabase, Error> connection();
    // Whether this process leads the work only one instance on the database should do (the
    // housekeeping): on PostgreSQL a session advisory lock taken on the calling thread's connection
    // (so call it from one long-lived thread; the lock lasts as long as that connection); on
    // SQLite always (one instance per file). False when the database cannot be reached.
    static bool tryLead();
    // Closes the calling thread's connection (for the CLI and tests; pool threads keep theirs).
    static void closeThreadConnection();

    // What kind of failure a statement met: contention (SQLite busy or locked; PostgreSQL
    // serialization failure, deadlock, lock not available), a unique index, or anything else.
    enum class Failure { Busy, Unique, Other };
    static Failure classify(const QSqlError &error);

    // Prepares, binds positionally and executes; logs and returns an error on failure: code "busy"
    // for contention (the API answers 503 with Retry-After, never 500), "constraint_violation" for a
    // value a unique index refused, "storage_error" for anything else.
    static std::expected<QSqlQuery, Error> exec(
        const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {});
};

// One write: begins at construction time with begin(), takes the organisation's write lock so that
// versions commit in the order they were taken (SQLite: BEGIN IMMEDIATE, the single writer;
// PostgreSQL: a transaction-scoped advisory lock), and rolls back unless commit() succeeded.
class WriteTransaction
{
public:
    WriteTransaction(const QSqlDatabase &db, const QString &orgId);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;

    std::expected<void, Error> begin();
    // The next version of the organisation's change sequence.
    std::expected<qint64, Error> nextVersion();
    std::expected<void, Error> savepoint(const QString &name);
    std::expected<void, Error> rollbackToSavepoint(const QString &name);
    std::expected<void, Error> releaseSavepoint(const QString &name);
    std::expected<void, Error> commit();
    void rollback();

    QSqlDatabase &db() { return m_db; }

private:
    static constexpr int beginAttempts = 4;

    QSqlDatabase m_db;
    QString m_orgId;
    bool m_open = false;
    // The sequence is read once and written back once at commit: under the organisation's lock no
    // one else takes versions, and updating one row thousands of times in a single PostgreSQL
    // transaction grows a chain of row versions that makes each update slower than the last.
    qint64 m_lastVersion = -1;
    bool m_versionTaken = false;
};

Error databaseError(const QString &what);
// The error of a failed statement, by its kind (Database::classify).
Error databaseError(const QSqlError &error);
