// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/database.h"

#include <QDir>
#include <QHash>
#include <QScopeGuard>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>
#include <QThreadStorage>
#include <QUrl>
#include <QUuid>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <utility>

#include "common/compactjson.h"
#include "server/storage/bulkwriter.h"
#include "server/storage/changenotifier.h"
#include "server/storage/logging.h"
#include "server/storage/sqlitereader.h"

struct CachedStatement
{
    explicit CachedStatement(const QSqlDatabase &db)
        : query(db)
    {
    }
    QSqlQuery query;
    bool inUse = false;
    quint64 lastUse = 0;
};

namespace {

DatabaseConfig g_config;

// How statements read their rows. SQLite steps through them as they are read (forward only, so
// the driver keeps no copy). PostgreSQL's driver would fetch a forward-only result row by row and
// lose it when another statement runs on the connection before it is read to the end (a nested
// loop, or the deferred rows a write sends first); a buffered result arrives whole in one answer
// and stays readable. Results here are bounded (pages, one project's items).
bool forwardOnly()
{
    return !Database::isPostgres();
}

// The prepared statements of one connection, by SQL, least recently used first out. Only
// statements with values are cached; statements without (BEGIN, DDL) run unprepared.
class StatementCache
{
public:
    static constexpr int capacity = 256;

    // The statement for `sql`, prepared on first use; nullptr when the cached one is in use (the
    // caller prepares its own) or when preparing failed (the error is in `error`).
    std::shared_ptr<CachedStatement> acquire(const QSqlDatabase &db, const QString &sql, QSqlError &error)
    {
        auto found = m_entries.find(sql);
        if (found != m_entries.end()) {
            if ((*found)->inUse)
                return nullptr;
            (*found)->lastUse = ++m_clock;
            (*found)->inUse = true;
            return *found;
        }
        auto entry = std::make_shared<CachedStatement>(db);
        entry->query.setForwardOnly(forwardOnly());
        if (!entry->query.prepare(sql)) {
            error = entry->query.lastError();
            return nullptr;
        }
        if (m_entries.size() >= capacity)
            evictOne();
        entry->lastUse = ++m_clock;
        entry->inUse = true;
        m_entries.insert(sql, entry);
        return entry;
    }
    void drop(const QString &sql) { m_entries.remove(sql); }
    void clear() { m_entries.clear(); }
    int size() const { return int(m_entries.size()); }

private:
    void evictOne()
    {
        auto oldest = m_entries.end();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (!(*it)->inUse && (oldest == m_entries.end() || (*it)->lastUse < (*oldest)->lastUse))
                oldest = it;
        }
        if (oldest != m_entries.end())
            m_entries.erase(oldest);
    }

    QHash<QString, std::shared_ptr<CachedStatement>> m_entries;
    quint64 m_clock = 0;
};

// Removes the thread's connection when the thread ends.
struct ThreadConnection
{
    QString name;
    StatementCache statements;
    // Prepared statements of bulk inserts (WriteTransaction::insertLater).
    BulkWriter bulk;
    // The write transaction open on this connection, whose deferred work goes before any statement.
    WriteTransaction *transaction = nullptr;
    ~ThreadConnection()
    {
        statements.clear(); // prepared statements go before their connection
        bulk.clear();
        if (!name.isEmpty()) {
            {
                QSqlDatabase db = QSqlDatabase::database(name, false);
                if (db.isOpen())
                    db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }
    }
};

QThreadStorage<ThreadConnection *> g_connections;

std::expected<void, Error> applySettings(QSqlDatabase &db)
{
    if (g_config.engine == DatabaseConfig::Engine::SQLite) {
        // temp_store=MEMORY: a push opens a savepoint per mutation, and SQLite's statement
        // journals spill past 64 KiB into files under /var/tmp otherwise — some 13 writes per
        // mutation that nothing ever reads back unless a savepoint is rolled back.
        // wal_autocheckpoint: the server copies the log into the database file from a thread of
        // its own (WalCheckpointer); a commit does it only should the log pass 10,000 pages
        // (40 MiB), in place of SQLite's 1,000. Other programs (the command line's, the tests')
        // start no such thread and keep SQLite's own.
        const QStringList pragmas = {QStringLiteral("PRAGMA journal_mode=WAL"),
            QStringLiteral("PRAGMA synchronous=FULL"), QStringLiteral("PRAGMA foreign_keys=ON"),
            QStringLiteral("PRAGMA busy_timeout=15000"), QStringLiteral("PRAGMA temp_store=MEMORY"),
            QStringLiteral("PRAGMA wal_autocheckpoint=%1").arg(g_config.walCheckpointedApart ? 10000 : 1000)};
        for (const QString &pragma : pragmas) {
            QSqlQuery q(db);
            if (!q.exec(pragma)) {
                qCWarning(lcDatabase).noquote() << "could not apply" << pragma << q.lastError().text();
                return std::unexpected(databaseError(q.lastError().text()));
            }
        }
    } else {
        // Statements stay prepared for the connection's life (Statement), and PostgreSQL's own
        // plan cache decides between a plan per run and a generic one (plan_cache_mode auto). A
        // generic plan made while a table was small does not outlive it: new planner statistics
        // (autovacuum's ANALYZE as the table grows) make PostgreSQL plan the statement again.
        // Planning every run (force_custom_plan) cost a cached portal page about a sixth of its
        // rate, its one lookup being planned anew each time.
        const QString setting = QStringLiteral("SET client_min_messages TO WARNING");
        QSqlQuery q(db);
        if (!q.exec(setting))
            qCWarning(lcDatabase).noquote() << "could not configure the session" << setting << q.lastError().text();
    }
    return {};
}

} // namespace

Error databaseError(const QString &what)
{
    Q_UNUSED(what)
    // The details go to the log; callers only learn that storage failed.
    return Error{QStringLiteral("storage_error"), QStringLiteral("The server could not read or write its database.")};
}

Error databaseError(const QSqlError &error)
{
    switch (Database::classify(error)) {
    case Database::Failure::Busy:
        // Another request was writing: not the caller's fault and not a failure of the server.
        return Error{QStringLiteral("busy"), QStringLiteral("The server is busy; try again in a moment.")};
    case Database::Failure::Unique:
        return Error{QStringLiteral("constraint_violation"),
            QStringLiteral("The change conflicts with data already stored (a value that must be unique).")};
    case Database::Failure::Other:
        break;
    }
    return databaseError(error.text());
}

Database::Failure Database::classify(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (isPostgres()) {
        // SQLSTATE: serialization failure, deadlock, lock not available; class 23 = integrity constraints.
        if (code == u"40001" || code == u"40P01" || code == u"55P03")
            return Failure::Busy;
        if (code == u"23505") // unique_violation
            return Failure::Unique;
        return Failure::Other;
    }
    // SQLite result codes, primary or extended (the primary code is the low byte).
    bool ok = false;
    const int result = code.toInt(&ok);
    if (!ok)
        return Failure::Other;
    if ((result & 0xff) == 5 || (result & 0xff) == 6) // SQLITE_BUSY, SQLITE_LOCKED
        return Failure::Busy;
    // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY, or the primary SQLITE_CONSTRAINT
    // of a unique index (the driver may hand on only the primary code).
    if (result == 2067 || result == 1555
        || (result == 19 && error.databaseText().contains(u"UNIQUE constraint failed")))
        return Failure::Unique;
    return Failure::Other;
}

std::expected<DatabaseConfig, QString> DatabaseConfig::fromUrl(const QString &url, const QString &dataDir)
{
    DatabaseConfig config;
    if (url.isEmpty()) {
        config.engine = Engine::SQLite;
        config.sqlitePath = QDir(dataDir).filePath(QStringLiteral("atrium.sqlite"));
        return config;
    }
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || (parsed.scheme() != u"postgres" && parsed.scheme() != u"postgresql"))
        return std::unexpected(QStringLiteral("--database must be a postgres://USER@HOST:PORT/DB URL"));
    config.engine = Engine::PostgreSQL;
    config.host = parsed.host().isEmpty() ? QStringLiteral("localhost") : parsed.host();
    config.port = parsed.port(5432);
    config.user = parsed.userName();
    config.password = parsed.password();
    config.name = parsed.path().mid(1);
    if (config.name.isEmpty() || config.name.contains(u'/'))
        return std::unexpected(QStringLiteral("--database URL names no database (postgres://USER@HOST:PORT/DB)"));
    return config;
}

QString DatabaseConfig::describe() const
{
    if (engine == Engine::SQLite)
        return QStringLiteral("SQLite %1").arg(sqlitePath);
    return QStringLiteral("PostgreSQL %1@%2:%3/%4").arg(user, host).arg(port).arg(name);
}

void Database::configure(const DatabaseConfig &config)
{
    g_config = config;
    // SQLite counts every allocation in global statistics under one process-wide mutex, which
    // every handler thread then queues on (it showed as the largest user-space cost of reading a
    // portal page under load); nothing here reads those statistics. Only possible before SQLite
    // initialises (Qt's driver uses the same system library); later it is refused, harmlessly.
    static const bool configured = [] {
        return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    }();
    Q_UNUSED(configured);
}

const DatabaseConfig &Database::config()
{
    return g_config;
}

bool Database::isPostgres()
{
    return g_config.engine == DatabaseConfig::Engine::PostgreSQL;
}

std::expected<QSqlDatabase, Error> Database::connection()
{
    if (g_connections.hasLocalData()) {
        QSqlDatabase db = QSqlDatabase::database(g_connections.localData()->name, false);
        if (db.isOpen())
            return db;
        g_connections.localData()->statements.clear(); // prepared on the connection that was lost
        g_connections.localData()->bulk.clear();
        if (db.open() && applySettings(db))
            return db;
        qCWarning(lcDatabase).noquote() << "could not reopen the database:" << db.lastError().text();
        return std::unexpected(databaseError(db.lastError().text()));
    }

    const QString name = QStringLiteral("atrium-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto *holder = new ThreadConnection{name};
    g_connections.setLocalData(holder);
    QSqlDatabase db;
    if (g_config.engine == DatabaseConfig::Engine::SQLite) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(g_config.sqlitePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=15000"));
    } else {
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(g_config.host);
        db.setPort(g_config.port);
        db.setUserName(g_config.user);
        db.setPassword(g_config.password);
        db.setDatabaseName(g_config.name);
        db.setConnectOptions(QStringLiteral("connect_timeout=10"));
    }
    if (!db.open()) {
        qCWarning(lcDatabase).noquote() << "could not open" << g_config.describe() << db.lastError().text();
        return std::unexpected(databaseError(db.lastError().text()));
    }
    if (auto ok = applySettings(db); !ok)
        return std::unexpected(ok.error());
    return db;
}

bool Database::tryLead()
{
    if (!isPostgres())
        return true;
    auto db = connection();
    if (!db)
        return false;
    // Taken again by its holder it succeeds (and stacks, harmlessly: it ends with the session).
    auto q = exec(*db, QStringLiteral("SELECT pg_try_advisory_lock(7002, 0)"));
    return q && q->next() && q->value(0).toBool();
}

void Database::closeThreadConnection()
{
    if (g_connections.hasLocalData())
        g_connections.setLocalData(nullptr); // deletes the holder, which removes the connection
}

std::expected<void, Error> Database::selectIn(const QSqlDatabase &db, const QString &sql, const QVariantList &binds,
    const QStringList &keys, const std::function<void(const Statement &)> &onRow)
{
    if (keys.isEmpty())
        return {};
    // The keys travel as one JSON array, unpacked by the engine: one statement and one value for
    // any number of keys (and one short plan on PostgreSQL, where a long IN list is slow to plan).
    const QString list = isPostgres() ? QStringLiteral("SELECT json_array_elements_text(CAST(? AS json))")
                                      : QStringLiteral("SELECT value FROM json_each(?)");
    QVariantList values = binds;
    values.append(QString::fromUtf8(CompactJson::write(keys)));
    auto q = exec(db, sql.arg(list), values);
    if (!q)
        return std::unexpected(q.error());
    while (q->next())
        onRow(*q);
    return {};
}

int Database::cachedStatementCount()
{
    return g_connections.hasLocalData() ? g_connections.localData()->statements.size() : 0;
}

namespace {

// The calling thread's connection when `db` is it (the one a WriteTransaction may be open on).
ThreadConnection *ownConnection(const QSqlDatabase &db)
{
    return g_connections.hasLocalData() && g_connections.localData()->name == db.connectionName()
        ? g_connections.localData()
        : nullptr;
}

// What goes before any statement on `own`: the deferred work of a write open on it.
std::expected<void, Error> beforeStatement(ThreadConnection *own)
{
    if (own && own->transaction)
        return own->transaction->sync();
    return {};
}

} // namespace

Error Database::failedIn(WriteTransaction *write, const Error &error)
{
    if (write)
        write->statementFailed(error);
    return error;
}

std::expected<void, Error> Database::selectSqlite(const QSqlDatabase &db, const QString &sql, const QVariantList &binds,
    const std::function<void(const SqliteRow &)> &onRow)
{
    ThreadConnection *own = ownConnection(db);
    if (auto synced = beforeStatement(own); !synced)
        return synced;
    if (auto read = SqliteReader::select(db, sql, binds, onRow); !read)
        return std::unexpected(failedIn(own ? own->transaction : nullptr, read.error()));
    return {};
}

std::expected<Statement, Error> Database::exec(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    ThreadConnection *own = ownConnection(db);
    if (auto synced = beforeStatement(own); !synced)
        return std::unexpected(synced.error());
    const auto failed = [own](const Error &error) {
        return failedIn(own ? own->transaction : nullptr, error);
    };
    // Statements without values (DDL, BEGIN, SAVEPOINT) cannot be PREPAREd on PostgreSQL; every
    // statement that carries a value is prepared and bound.
    if (binds.isEmpty()) {
        auto query = std::make_unique<QSqlQuery>(db);
        query->setForwardOnly(forwardOnly());
        if (!query->exec(sql)) {
            qCWarning(lcDatabase).noquote() << "statement failed:" << query->lastError().text() << "in" << sql;
            return std::unexpected(failed(databaseError(query->lastError())));
        }
        return Statement(std::move(query));
    }
    StatementCache *cache = own ? &own->statements : nullptr;
    std::shared_ptr<CachedStatement> cached;
    if (cache) {
        QSqlError prepareError;
        cached = cache->acquire(db, sql, prepareError);
        if (!cached && prepareError.isValid()) {
            qCWarning(lcDatabase).noquote() << "prepare failed:" << prepareError.text() << "in" << sql;
            return std::unexpected(databaseError(prepareError.text()));
        }
    }
    Statement statement = cached ? Statement(&cached->query, cached) : Statement(std::make_unique<QSqlQuery>(db));
    QSqlQuery &query = *statement.m_query;
    if (!cached) {
        query.setForwardOnly(forwardOnly());
        if (!query.prepare(sql)) {
            qCWarning(lcDatabase).noquote() << "prepare failed:" << query.lastError().text() << "in" << sql;
            return std::unexpected(databaseError(query.lastError().text()));
        }
    }
    for (int i = 0; i < binds.size(); ++i)
        query.bindValue(i, binds.at(i));
    if (!query.exec()) {
        const QSqlError error = query.lastError();
        qCWarning(lcDatabase).noquote() << "query failed:" << error.text() << "in" << sql;
        // A statement the server no longer knows (SQLSTATE 26000: the connection was reset under
        // it) is prepared again next time; any other failure leaves it as good as it was.
        if (cached && error.nativeErrorCode() == u"26000")
            cache->drop(sql);
        return std::unexpected(failed(databaseError(error)));
    }
    return statement;
}

Statement::Statement(QSqlQuery *query, std::shared_ptr<CachedStatement> cached)
    : m_query(query)
    , m_cached(std::move(cached))
{
}

Statement::Statement(std::unique_ptr<QSqlQuery> owned)
    : m_query(owned.get())
    , m_owned(std::move(owned))
{
}

Statement::Statement(Statement &&other) noexcept
    : m_query(std::exchange(other.m_query, nullptr))
    , m_owned(std::move(other.m_owned))
    , m_cached(std::move(other.m_cached))
{
}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        release();
        m_query = std::exchange(other.m_query, nullptr);
        m_owned = std::move(other.m_owned);
        m_cached = std::move(other.m_cached);
    }
    return *this;
}

Statement::~Statement()
{
    release();
}

void Statement::release()
{
    if (m_cached) {
        m_cached->query.finish();
        m_cached->inUse = false;
        m_cached.reset();
    }
    m_owned.reset();
    m_query = nullptr;
}

QVariantHash Statement::row(const QStringList &columns) const
{
    QVariantHash row;
    for (int i = 0; i < columns.size(); ++i)
        row.insert(columns.at(i), m_query->value(i));
    return row;
}

WriteTransaction::WriteTransaction(const QSqlDatabase &db, const QString &orgId)
    : m_db(db)
    , m_orgId(orgId)
{
}

WriteTransaction::~WriteTransaction()
{
    rollback();
}

std::expected<void, Error> WriteTransaction::begin()
{
    if (Database::isPostgres()) {
        if (auto r = Database::exec(m_db, QStringLiteral("BEGIN")); !r)
            return std::unexpected(r.error());
        m_open = true;
        if (!m_orgId.isEmpty()) {
            // Two keys: a namespace for Atrium's locks and the organisation's hash.
            const auto r =
                Database::exec(m_db, QStringLiteral("SELECT pg_advisory_xact_lock(7001, hashtext(?))"), {m_orgId});
            if (!r)
                return std::unexpected(r.error());
        }
        attach(true);
    } else {
        // Takes SQLite's single write lock at once, so versions are taken in commit order. The busy
        // timeout waits for another writer; a few more tries cover a long queue of writers. (A read
        // statement left open on this connection fails here at once, as "database is locked": every
        // query is finished or gone before a write begins.)
        for (int attempt = 0;; ++attempt) {
            const auto r = Database::exec(m_db, QStringLiteral("BEGIN IMMEDIATE"));
            if (r)
                break;
            if (r.error().code != u"busy" || attempt + 1 == beginAttempts)
                return std::unexpected(r.error());
            qCWarning(lcDatabase).noquote() << "waiting for the write lock, attempt" << attempt + 1;
        }
        m_open = true;
        attach(true);
    }
    return {};
}

std::expected<qint64, Error> WriteTransaction::nextVersion()
{
    Q_ASSERT(m_open && !m_orgId.isEmpty());
    if (m_lastVersion < 0) {
        auto q =
            Database::exec(m_db, QStringLiteral("SELECT last_version FROM org_sequences WHERE org_id = ?"), {m_orgId});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            return std::unexpected(Error{QStringLiteral("not_found"), QStringLiteral("Unknown organisation.")});
        m_lastVersion = q->value(0).toLongLong();
    }
    m_versionTaken = true;
    // A version taken inside a savepoint that is rolled back leaves a gap; pulls only need order.
    return ++m_lastVersion;
}

namespace {

// Runs one or more statements without values in one round trip (PostgreSQL's simple query
// protocol takes several at once; SQLite runs them one by one). A buffered query on PostgreSQL so
// that the first failure among them is the one reported.
std::expected<void, Error> execStatements(QSqlDatabase &db, const QStringList &statements)
{
    const QStringList batches = Database::isPostgres() ? QStringList{statements.join(u"; ")} : statements;
    for (const QString &sql : batches) {
        QSqlQuery q(db);
        if (!q.exec(sql)) {
            qCWarning(lcDatabase).noquote() << "statement failed:" << q.lastError().text() << "in" << sql;
            return std::unexpected(databaseError(q.lastError()));
        }
    }
    return {};
}

} // namespace

void WriteTransaction::statementFailed(const Error &error)
{
    if (Database::isPostgres() && !m_aborted)
        m_aborted = error;
}

void WriteTransaction::attach(bool on)
{
    if (!g_connections.hasLocalData() || g_connections.localData()->name != m_db.connectionName())
        return;
    WriteTransaction *&active = g_connections.localData()->transaction;
    if (on)
        active = this;
    else if (active == this)
        active = nullptr;
}

std::expected<void, Error> WriteTransaction::savepoint(const QString &name)
{
    if (!m_pendingSavepoint.isEmpty()) {
        // A savepoint inside one not sent yet: the outer one goes first.
        if (auto r = sync(); !r)
            return r;
    }
    m_pendingSavepoint = name;
    m_pendingSavepointMark = m_pendingRows.size();
    return {};
}

std::expected<void, Error> WriteTransaction::rollbackToSavepoint(const QString &name)
{
    if (m_pendingSavepoint == name) {
        // Never sent: nothing of it reached the database but the rows deferred after it.
        m_pendingRows.resize(m_pendingSavepointMark);
        m_pendingSavepoint.clear();
        return {};
    }
    QStringList statements;
    if (!m_pendingRelease.isEmpty() && m_pendingRelease != name)
        statements.append(QStringLiteral("RELEASE SAVEPOINT ") + m_pendingRelease);
    statements.append(QStringLiteral("ROLLBACK TO SAVEPOINT ") + name);
    if (auto r = execStatements(m_db, statements); !r)
        return std::unexpected(r.error());
    m_aborted.reset(); // usable again: what failed came after the savepoint
    // Everything deferred now came after the savepoint (sending it sent the rows before it).
    m_pendingRows.clear();
    m_pendingSavepoint.clear();
    m_pendingRelease = name;
    return {};
}

std::expected<void, Error> WriteTransaction::releaseSavepoint(const QString &name)
{
    if (m_pendingSavepoint == name) {
        // Never sent: its deferred rows simply belong to the transaction now.
        m_pendingSavepoint.clear();
        return {};
    }
    if (!m_pendingRelease.isEmpty() && m_pendingRelease != name) {
        if (auto r = execStatements(m_db, {QStringLiteral("RELEASE SAVEPOINT ") + m_pendingRelease}); !r)
            return std::unexpected(r.error());
    }
    m_pendingRelease = name;
    return {};
}

std::expected<void, Error> WriteTransaction::insertLater(
    const QString &table, const QStringList &columns, const QVariantList &values)
{
    Q_ASSERT(columns.size() == values.size());
    m_pendingRows.append(PendingRow{table, columns, values});
    if (m_deferInserts)
        return {};
    return sync();
}

std::expected<void, Error> WriteTransaction::sync()
{
    if (m_failed)
        return std::unexpected(*m_failed);
    if (m_syncing || (m_pendingRows.isEmpty() && m_pendingSavepoint.isEmpty()))
        return {};
    m_syncing = true;
    const auto done = qScopeGuard([this] {
        m_syncing = false;
    });
    auto synced = sendDeferred();
    if (!synced && m_deferInserts)
        m_failed = synced.error();
    return synced;
}

std::expected<void, Error> WriteTransaction::sendDeferred()
{
    if (!m_pendingSavepoint.isEmpty()) {
        if (auto r = flushRows(m_pendingSavepointMark); !r)
            return r;
        QStringList statements;
        if (!m_pendingRelease.isEmpty())
            statements.append(QStringLiteral("RELEASE SAVEPOINT ") + std::exchange(m_pendingRelease, QString()));
        statements.append(QStringLiteral("SAVEPOINT ") + std::exchange(m_pendingSavepoint, QString()));
        if (auto r = execStatements(m_db, statements); !r)
            return r;
    }
    return flushRows(m_pendingRows.size());
}

std::expected<void, Error> WriteTransaction::flushRows(qsizetype count)
{
    // The first `count` deferred rows; rows of one table and column list go together, in the order
    // they were added (the entity tables have no foreign keys among them). Rows of one kind share
    // their column list (SyncStore keeps one per entity), so telling groups apart compares little.
    const QList<PendingRow> pending = m_pendingRows.mid(0, count);
    m_pendingRows.remove(0, count);
    m_pendingSavepointMark = std::max<qsizetype>(0, m_pendingSavepointMark - count);
    struct Group
    {
        const PendingRow *first;
        QList<const QVariantList *> rows;
    };
    QList<Group> groups;
    for (const PendingRow &row : pending) {
        auto group = std::find_if(groups.begin(), groups.end(), [&row](const Group &g) {
            return g.first->table == row.table && g.first->columns == row.columns;
        });
        if (group == groups.end())
            group = groups.insert(groups.end(), Group{&row, {}});
        group->rows.append(&row.values);
    }
    ThreadConnection *own = ownConnection(m_db);
    BulkWriter scratch;
    BulkWriter &writer = own ? own->bulk : scratch;
    for (const Group &group : std::as_const(groups)) {
        if (auto r = writer.insert(m_db, group.first->table, group.first->columns, group.rows); !r)
            return r;
    }
    return {};
}

std::expected<void, Error> WriteTransaction::commit()
{
    if (!m_open)
        return std::unexpected(databaseError(QStringLiteral("commit without begin")));
    if (m_aborted) {
        qCWarning(lcDatabase).noquote() << "not committing a transaction a failed statement aborted:"
                                        << m_aborted->message;
        const Error error = *m_aborted;
        rollback();
        return std::unexpected(error);
    }
    m_pendingRelease.clear(); // COMMIT releases every savepoint
    m_pendingSavepoint.clear();
    if (auto flushed = sync(); !flushed) {
        rollback();
        return std::unexpected(flushed.error());
    }
    if (m_versionTaken) {
        auto stored = Database::exec(m_db, QStringLiteral("UPDATE org_sequences SET last_version = ? WHERE org_id = ?"),
            {m_lastVersion, m_orgId});
        if (!stored) {
            rollback();
            return std::unexpected(stored.error());
        }
        // PostgreSQL: every server process sharing the database hears of the new version through
        // LISTEN, this one included, so it is not announced directly as well (ChangeNotifier).
        // The notification is part of the transaction: it goes out only if the COMMIT succeeds.
        if (Database::isPostgres()) {
            const auto notified = Database::exec(m_db, QStringLiteral("SELECT pg_notify(?, ?)"),
                {ChangeNotifier::pgChannel.toString(), ChangeNotifier::payload(m_orgId, m_lastVersion)});
            if (!notified) {
                rollback();
                return std::unexpected(notified.error());
            }
        }
    }
    auto r = Database::exec(m_db, QStringLiteral("COMMIT"));
    if (!r) {
        rollback();
        return std::unexpected(r.error());
    }
    m_open = false;
    attach(false);
    if (m_versionTaken && !Database::isPostgres())
        ChangeNotifier::announce(m_orgId, m_lastVersion);
    return {};
}

void WriteTransaction::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    attach(false);
    m_pendingRows.clear();
    m_pendingSavepoint.clear();
    m_pendingRelease.clear();
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("ROLLBACK")))
        qCWarning(lcDatabase).noquote() << "rollback failed:" << q.lastError().text();
}
