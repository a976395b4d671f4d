// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/database.h"

#include <QDir>
#include <QSqlError>
#include <QThread>
#include <QThreadStorage>
#include <QUrl>
#include <QUuid>

#include "server/storage/changenotifier.h"
#include "server/storage/logging.h"

namespace {

DatabaseConfig g_config;

// Removes the thread's connection when the thread ends.
struct ThreadConnection
{
    QString name;
    ~ThreadConnection()
    {
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
        const QStringList pragmas = {QStringLiteral("PRAGMA journal_mode=WAL"),
            QStringLiteral("PRAGMA synchronous=FULL"), QStringLiteral("PRAGMA foreign_keys=ON"),
            QStringLiteral("PRAGMA busy_timeout=15000")};
        for (const QString &pragma : pragmas) {
            QSqlQuery q(db);
            if (!q.exec(pragma)) {
                qCWarning(lcDatabase) << "could not apply" << pragma << q.lastError().text();
                return std::unexpected(databaseError(q.lastError().text()));
            }
        }
    } else {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SET client_min_messages TO WARNING"))) {
            qCWarning(lcDatabase) << "could not configure the session" << q.lastError().text();
        }
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
        if (db.open() && applySettings(db))
            return db;
        qCWarning(lcDatabase) << "could not reopen the database:" << db.lastError().text();
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
        qCWarning(lcDatabase) << "could not open" << g_config.describe() << db.lastError().text();
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

std::expected<QSqlQuery, Error> Database::exec(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    // Statements without values (DDL, BEGIN, SAVEPOINT) cannot be PREPAREd on PostgreSQL; every
    // statement that carries a value is prepared and bound.
    if (binds.isEmpty()) {
        if (!query.exec(sql)) {
            qCWarning(lcDatabase).noquote() << "statement failed:" << query.lastError().text() << "in" << sql;
            return std::unexpected(databaseError(query.lastError()));
        }
        return query;
    }
    if (!query.prepare(sql)) {
        qCWarning(lcDatabase).noquote() << "prepare failed:" << query.lastError().text() << "in" << sql;
        return std::unexpected(databaseError(query.lastError().text()));
    }
    for (const QVariant &value : binds)
        query.addBindValue(value);
    if (!query.exec()) {
        qCWarning(lcDatabase).noquote() << "query failed:" << query.lastError().text() << "in" << sql;
        return std::unexpected(databaseError(query.lastError()));
    }
    return query;
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
    } else {
        // Takes SQLite's single write lock at once, so versions are taken in commit order. The busy
        // timeout waits for another writer; a few more tries cover a long queue of writers. (A read
        // statement left open on this connection fails here at once, as "database is locked": every
        // query is finished or gone before a write begins.)
        std::expected<QSqlQuery, Error> r;
        for (int attempt = 0; attempt < beginAttempts; ++attempt) {
            r = Database::exec(m_db, QStringLiteral("BEGIN IMMEDIATE"));
            if (r || r.error().code != u"busy")
                break;
            qCWarning(lcDatabase) << "waiting for the write lock, attempt" << attempt + 1;
        }
        if (!r)
            return std::unexpected(r.error());
        m_open = true;
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

std::expected<void, Error> WriteTransaction::savepoint(const QString &name)
{
    if (auto r = Database::exec(m_db, QStringLiteral("SAVEPOINT ") + name); !r)
        return std::unexpected(r.error());
    return {};
}

std::expected<void, Error> WriteTransaction::rollbackToSavepoint(const QString &name)
{
    if (auto r = Database::exec(m_db, QStringLiteral("ROLLBACK TO SAVEPOINT ") + name); !r)
        return std::unexpected(r.error());
    return releaseSavepoint(name);
}

std::expected<void, Error> WriteTransaction::releaseSavepoint(const QString &name)
{
    if (auto r = Database::exec(m_db, QStringLiteral("RELEASE SAVEPOINT ") + name); !r)
        return std::unexpected(r.error());
    return {};
}

std::expected<void, Error> WriteTransaction::commit()
{
    if (!m_open)
        return std::unexpected(databaseError(QStringLiteral("commit without begin")));
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
    if (m_versionTaken && !Database::isPostgres())
        ChangeNotifier::announce(m_orgId, m_lastVersion);
    return {};
}

void WriteTransaction::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("ROLLBACK")))
        qCWarning(lcDatabase) << "rollback failed:" << q.lastError().text();
}
