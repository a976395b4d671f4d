// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <expected>
#include <functional>
#include <memory>
#include <optional>

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
    // SQLite: a WalCheckpointer copies the log into the database file (the server starts one), so
    // a commit does it only past a larger log.
    bool walCheckpointedApart = false;

    // url empty → SQLite at dataDir/atrium.sqlite; "postgres://USER[:PASS]@HOST[:PORT]/DB" → PostgreSQL.
    static std::expected<DatabaseConfig, QString> fromUrl(const QString &url, const QString &dataDir);
    // For logs: the URL without the password.
    QString describe() const;
};

struct CachedStatement;

// A statement run by Database::exec, read forward with next() and value(). On the calling thread's
// own connection it borrows that connection's prepared statement for the same SQL, prepared once
// and kept (a bounded, least recently used cache): on PostgreSQL this turns every later run into
// one EXECUTE round trip instead of PREPARE, EXECUTE and DEALLOCATE, and SQLite skips compiling the
// SQL again. When the cached statement is in use by an outer Statement (the same SQL in a nested
// loop), or on another connection, it prepares one of its own. Either way it is finished when the
// Statement goes out of scope, so a cached SELECT never keeps a SQLite read snapshot open or a
// PostgreSQL result alive after its reader is done.
class Statement
{
public:
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    bool next() { return m_query->next(); }
    QVariant value(int index) const { return m_query->value(index); }
    bool isNull(int index) const { return m_query->isNull(index); }
    int numRowsAffected() const { return m_query->numRowsAffected(); }
    bool isActive() const { return m_query->isActive(); }
    // Ends reading early (what going out of scope does anyway).
    void finish() { m_query->finish(); }
    // The current row as {column name: value}, the columns in the order they were selected.
    QVariantHash row(const QStringList &columns) const;

private:
    friend class Database;
    Statement(QSqlQuery *query, std::shared_ptr<CachedStatement> cached);
    explicit Statement(std::unique_ptr<QSqlQuery> owned);
    void release();

    QSqlQuery *m_query = nullptr;
    std::unique_ptr<QSqlQuery> m_owned;
    std::shared_ptr<CachedStatement> m_cached;
};

class SqliteRow;
class WriteTransaction;

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
    // Statements with values run prepared, through the connection's statement cache (Statement).
    static std::expected<Statement, Error> exec(
        const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {});
    // Runs `sql`, whose one placeholder left for QString::arg() is the list of an IN (…), for all
    // the keys at once, `binds` first; `onRow` sees each row.
    static std::expected<void, Error> selectIn(const QSqlDatabase &db, const QString &sql, const QVariantList &binds,
        const QStringList &keys, const std::function<void(const Statement &)> &onRow);
    // Runs a SELECT on an SQLite connection through SQLite's own interface (SqliteReader: no
    // QVariant per value, text as the UTF-8 it is stored in), for reads whose values go straight
    // into text. As exec() does, it sends a write's deferred work first and tells the write of a
    // failure.
    static std::expected<void, Error> selectSqlite(const QSqlDatabase &db, const QString &sql,
        const QVariantList &binds, const std::function<void(const SqliteRow &)> &onRow);
    // How many prepared statements the calling thread's connection keeps (for tests).
    static int cachedStatementCount();

private:
    // A failure inside a write is the write's to know of (WriteTransaction::statementFailed).
    static Error failedIn(WriteTransaction *write, const Error &error);
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
    // Savepoints are taken lazily: the SAVEPOINT goes to the database just before the next
    // statement of this transaction (Database::exec on the thread's connection asks sync() first),
    // so a mutation whose writes are all deferred (insertLater) needs no statement of its own, and
    // rolling back to a savepoint never sent only forgets the rows deferred after it. Releasing is
    // lazy too: the RELEASE goes with the next SAVEPOINT, or the COMMIT makes it moot. Never roll
    // back to a savepoint after releasing it.
    std::expected<void, Error> savepoint(const QString &name);
    std::expected<void, Error> rollbackToSavepoint(const QString &name);
    std::expected<void, Error> releaseSavepoint(const QString &name);
    // A row to insert later: with the others of its table and columns at once (BulkWriter), before
    // the next statement of this transaction or at commit, whichever comes first — so whatever
    // runs later in the transaction reads it as if it had been written at once. A failure (a
    // unique index) shows at that statement or at commit, not here: defer only rows that cannot
    // meet one (their id was checked), or that nothing refuses.
    // Without deferring (setDeferInserts(false)) the row goes in at once and its failure shows here.
    // A deferred row that fails fails the transaction: every later statement and the commit
    // return that error (the rows of the mutation that added it are not told apart any more).
    std::expected<void, Error> insertLater(
        const QString &table, const QStringList &columns, const QVariantList &values);
    void setDeferInserts(bool defer) { m_deferInserts = defer; }
    // Sends what was deferred: rows, and a savepoint among them.
    std::expected<void, Error> sync();
    std::expected<void, Error> commit();
    void rollback();

    QSqlDatabase &db() { return m_db; }

private:
    static constexpr int beginAttempts = 4;

    struct PendingRow
    {
        QString table;
        QStringList columns;
        QVariantList values;
    };
    std::expected<void, Error> sendDeferred();
    std::expected<void, Error> flushRows(qsizetype count);
    void attach(bool on);

    QList<PendingRow> m_pendingRows;
    // A savepoint asked for and not sent yet, and how many rows were pending when it was asked.
    QString m_pendingSavepoint;
    qsizetype m_pendingSavepointMark = 0;
    // A savepoint released since, whose RELEASE waits for the next SAVEPOINT.
    QString m_pendingRelease;
    bool m_syncing = false;
    bool m_deferInserts = true;
    std::optional<Error> m_failed;
    // PostgreSQL aborts a transaction at its first failed statement; only ROLLBACK TO SAVEPOINT
    // makes it usable again. Its COMMIT then answers ROLLBACK without an error, so a caller that
    // went on past a failure (a warning it chose to ignore) would report a write that never
    // happened: commit() refuses instead. Set by Database::exec, through statementFailed().
    std::optional<Error> m_aborted;
    void statementFailed(const Error &error);
    friend class Database;

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
