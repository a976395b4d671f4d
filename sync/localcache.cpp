// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/localcache.h"

#include <atomic>
#include <memory>
#include <span>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include "common/nativedriver.h"
#include "common/timeutil.h"
#include "sync/logging.h"
#include "sync/pulledpage.h"

namespace {

constexpr int schemaVersion = 1;

Error cacheError(const QString &message)
{
    return Error{QStringLiteral("cache_error"), message};
}

std::expected<QSqlQuery, Error> run(const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {})
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        qCWarning(lcSync) << "Cannot prepare" << sql << query.lastError().text();
        return std::unexpected(cacheError(query.lastError().text()));
    }
    for (const QVariant &value : binds)
        query.addBindValue(value);
    if (!query.exec()) {
        qCWarning(lcSync) << "Cannot run" << sql << query.lastError().text();
        return std::unexpected(cacheError(query.lastError().text()));
    }
    return query;
}

// Rolls back unless committed; the cache's write transactions are short, so one at a time.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase db)
        : m_db(std::move(db))
    {
        // BEGIN IMMEDIATE takes the write lock now, so two writers wait for each other (busy
        // timeout) instead of failing half-way with SQLITE_BUSY on their first write.
        QSqlQuery begin(m_db);
        m_open = begin.exec(QStringLiteral("BEGIN IMMEDIATE"));
        if (!m_open)
            qCWarning(lcSync) << "Cannot begin a cache transaction:" << begin.lastError().text();
    }
    ~Transaction()
    {
        if (m_open) {
            QSqlQuery rollback(m_db);
            rollback.exec(QStringLiteral("ROLLBACK"));
        }
    }
    bool isOpen() const { return m_open; }
    std::expected<void, Error> commit()
    {
        QSqlQuery commit(m_db);
        if (!commit.exec(QStringLiteral("COMMIT")))
            return std::unexpected(cacheError(commit.lastError().text()));
        m_open = false;
        return {};
    }

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

QString sqlType(const FieldSpec &field)
{
    switch (field.type) {
    case FieldType::Integer:
    case FieldType::Boolean:
        return QStringLiteral("INTEGER");
    default:
        return QStringLiteral("TEXT");
    }
}

bool validColumn(const EntitySpec &spec, const QString &column)
{
    return spec.field(column) != nullptr || column == u"id" || column == u"version" || column == u"created_at"
        || column == u"updated_at" || column == u"deleted";
}

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject jsonObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

// One statement prepared on the connection's own SQLite handle, finalised when it goes. The pull
// writes every row of the server's pages, a first sync 100,000 of them: binding through Qt's
// driver cost a QVariant, a placeholder name made and hashed, and a UTF-16 copy per value.
class NativeStatement
{
public:
    NativeStatement() = default;
    NativeStatement(const NativeStatement &) = delete;
    NativeStatement &operator=(const NativeStatement &) = delete;
    ~NativeStatement() { sqlite3_finalize(m_statement); }

    std::expected<void, Error> prepare(sqlite3 *handle, const QString &sql)
    {
        m_handle = handle;
        const QByteArray text = sql.toUtf8();
        if (sqlite3_prepare_v3(handle, text.constData(), int(text.size()), 0, &m_statement, nullptr) != SQLITE_OK)
            return std::unexpected(failure());
        return {};
    }
    // Binds `rows`, one after another, to the statement's parameters in order, runs it and makes
    // it ready again.
    std::expected<void, Error> run(std::span<const QVariantList *const> rows)
    {
        const auto ready = qScopeGuard([this] {
            sqlite3_reset(m_statement);
            sqlite3_clear_bindings(m_statement); // nothing left bound to m_text
        });
        if (NativeDriver::bindRows(m_statement, rows, m_text) != SQLITE_OK)
            return std::unexpected(failure());
        if (sqlite3_step(m_statement) != SQLITE_DONE)
            return std::unexpected(failure());
        return {};
    }

private:
    Error failure() const { return cacheError(QString::fromUtf8(sqlite3_errmsg(m_handle))); }

    sqlite3 *m_handle = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    QByteArray m_text; // the bound text of the statement being written (NativeDriver::bindRows)
};

} // namespace

LocalCache::LocalCache(QObject *parent)
    : QObject(parent)
{
    static std::atomic<int> counter{0};
    m_connection = QStringLiteral("atrium-cache-%1").arg(++counter);
}

LocalCache::~LocalCache()
{
    close();
}

QString LocalCache::tableOf(const EntitySpec &spec)
{
    return QStringLiteral("e_") + spec.table;
}

QSqlDatabase LocalCache::db() const
{
    return QSqlDatabase::database(m_connection, false);
}

bool LocalCache::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && db().isOpen();
}

std::expected<void, Error> LocalCache::openConnection(const QString &path)
{
    close();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    if (!db.open())
        return std::unexpected(cacheError(db.lastError().text()));
    for (const QString &pragma :
        {QStringLiteral("PRAGMA busy_timeout=10000"), QStringLiteral("PRAGMA journal_mode=WAL"),
            QStringLiteral("PRAGMA synchronous=FULL"), QStringLiteral("PRAGMA foreign_keys=OFF")}) {
        QSqlQuery q(db);
        if (!q.exec(pragma))
            return std::unexpected(Error{QStringLiteral("corrupt"), q.lastError().text()});
    }
    return {};
}

std::expected<void, Error> LocalCache::open(const QString &path, OpenMode mode)
{
    m_path = path;
    m_rebuilt = false;
    QDir().mkpath(QFileInfo(path).absolutePath());
    auto opened = openConnection(path);
    if (mode == OpenMode::ReadOnly)
        return opened;
    if (opened) {
        // quick_check reads every page once: a damaged cache is found now, not halfway
        // through someone's work.
        QSqlQuery check(db());
        const bool healthy =
            check.exec(QStringLiteral("PRAGMA quick_check(1)")) && check.next() && check.value(0).toString() == u"ok";
        check.finish();
        if (healthy) {
            auto schema = createSchema();
            if (schema || schema.error().code != u"corrupt")
                return schema;
        }
    } else if (opened.error().code != u"corrupt") {
        return opened;
    }
    return rebuild();
}

std::expected<void, Error> LocalCache::rebuild()
{
    qCWarning(lcSync) << "The cache" << m_path << "is damaged; rebuilding it from the server";
    // Save what can be saved of the outbox and the upload queue: they are the only things in the
    // cache that are not also on the server.
    auto readAll = [this](const QString &sql) {
        QList<QVariantList> rows;
        QSqlQuery q(db());
        if (q.exec(sql)) {
            while (q.next()) {
                QVariantList row;
                for (int i = 0; i < q.record().count(); ++i)
                    row.append(q.value(i));
                rows.append(row);
            }
        }
        return rows;
    };
    const QList<QVariantList> outbox = readAll(QStringLiteral(
        "SELECT mutation_id, entity, entity_id, op, mutation, state, error, created_at FROM outbox ORDER BY seq"));
    const QList<QVariantList> uploads =
        readAll(QStringLiteral("SELECT file_id, project_id, folder, name, local_path, "
                               "size, sha256, server_upload_id, state, error, created_at "
                               "FROM uploads"));
    close();
    // Kept beside, not deleted: someone may want to look at it.
    const QString aside = m_path + QStringLiteral(".damaged-")
        + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddhhmmss"));
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        if (QFile::exists(m_path + suffix) && !QFile::rename(m_path + suffix, aside + suffix))
            return std::unexpected(cacheError(tr("The damaged cache %1 cannot be moved aside.").arg(m_path)));
    }
    if (auto r = openConnection(m_path); !r)
        return r;
    if (auto r = createSchema(); !r)
        return r;
    {
        Transaction tx(db());
        for (const QVariantList &row : std::as_const(outbox)) {
            if (auto r = run(db(),
                    QStringLiteral("INSERT OR IGNORE INTO outbox (mutation_id, entity, entity_id, op, mutation, state, "
                                   "error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                    row);
                !r)
                return std::unexpected(r.error());
        }
        for (const QVariantList &row : std::as_const(uploads)) {
            if (auto r = run(db(),
                    QStringLiteral(
                        "INSERT OR IGNORE INTO uploads (file_id, project_id, folder, name, local_path, size, "
                        "sha256, server_upload_id, state, error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                        "?, ?, ?, ?)"),
                    row);
                !r)
                return std::unexpected(r.error());
        }
        if (auto r = tx.commit(); !r)
            return r;
    }
    m_rebuilt = true;
    qCInfo(lcSync) << "Rebuilt the cache; kept" << outbox.size() << "outbox entries and" << uploads.size()
                   << "uploads; the damaged file is" << aside;
    return {};
}

void LocalCache::close()
{
    if (!QSqlDatabase::contains(m_connection))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

namespace {
// The indexes of the cache beyond primary keys: on every reference (and target_id), and what
// the Inbox reads. Dropped while a bootstrap fills an empty cache, built once after it.
struct SecondaryIndex
{
    QString name;
    QString on;
};
QList<SecondaryIndex> secondaryIndexes()
{
    QList<SecondaryIndex> indexes;
    for (const EntitySpec &spec : EntitySchema::entities()) {
        for (const FieldSpec &field : spec.fields) {
            if (field.type == FieldType::Uuid && (!field.references.isEmpty() || field.name == u"target_id"))
                indexes.append({LocalCache::tableOf(spec) + u'_' + field.name,
                    QStringLiteral("%1 (%2)").arg(LocalCache::tableOf(spec), field.name)});
        }
    }
    // The Inbox reads client activity newest first, and who works on which project.
    indexes.append(
        {QStringLiteral("e_activities_inbox"), QStringLiteral("e_activities (actor_kind, project_id, actor_id)")});
    indexes.append({QStringLiteral("e_activities_version"), QStringLiteral("e_activities (version)")});
    indexes.append({QStringLiteral("e_inbox_marks_activity"), QStringLiteral("e_inbox_marks (activity_id)")});
    return indexes;
}
} // namespace

std::expected<void, Error> LocalCache::createSchema()
{
    QSqlDatabase db = this->db();
    Transaction tx(db);
    if (!tx.isOpen())
        return std::unexpected(cacheError(QStringLiteral("The cache is locked by another program.")));

    // Our own columns must be there; a file that has our tables without them is not our cache.
    for (const QString &table : {QStringLiteral("outbox"), QStringLiteral("meta")}) {
        const QSqlRecord existing = db.record(table);
        if (!existing.isEmpty()
            && existing.indexOf(table == u"outbox" ? QStringLiteral("mutation") : QStringLiteral("value")) < 0)
            return std::unexpected(Error{QStringLiteral("corrupt"), QStringLiteral("unexpected table ") + table});
    }

    QStringList statements = {
        QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        // The outbox: every local edit as the mutation it becomes, in the order it was made.
        QStringLiteral("CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "mutation_id TEXT NOT NULL UNIQUE, entity TEXT NOT NULL, entity_id TEXT NOT NULL, "
                       "op TEXT NOT NULL, mutation TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending', "
                       "error TEXT, created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS outbox_entity ON outbox (entity_id, state)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS uploads (file_id TEXT PRIMARY KEY, project_id TEXT NOT NULL, "
                       "folder TEXT NOT NULL, name TEXT NOT NULL, local_path TEXT NOT NULL, size INTEGER NOT NULL, "
                       "sha256 TEXT NOT NULL, server_upload_id TEXT, state TEXT NOT NULL, error TEXT, "
                       "created_at TEXT NOT NULL)"),
    };
    for (const EntitySpec &spec : EntitySchema::entities()) {
        QStringList columns = {QStringLiteral("id TEXT PRIMARY KEY"), QStringLiteral("version INTEGER NOT NULL"),
            QStringLiteral("created_at TEXT"), QStringLiteral("updated_at TEXT"),
            QStringLiteral("deleted INTEGER NOT NULL DEFAULT 0")};
        for (const FieldSpec &field : spec.fields)
            columns.append(field.name + u' ' + sqlType(field));
        statements.append(QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (%2)").arg(tableOf(spec), columns.join(u", ")));
    }
    for (const SecondaryIndex &index : secondaryIndexes())
        statements.append(QStringLiteral("CREATE INDEX IF NOT EXISTS %1 ON %2").arg(index.name, index.on));
    for (const QString &sql : statements) {
        QSqlQuery q(db);
        if (!q.exec(sql)) {
            // A table of the same name but another shape (or a damaged schema): not a usable cache.
            return std::unexpected(
                Error{QStringLiteral("corrupt"), q.lastError().text() + QStringLiteral(" in ") + sql});
        }
    }
    // A newer desktop may know fields an older cache lacks: add them (the next pull fills them).
    for (const EntitySpec &spec : EntitySchema::entities()) {
        QSqlRecord existing = db.record(tableOf(spec));
        for (const FieldSpec &field : spec.fields) {
            if (existing.indexOf(field.name) >= 0)
                continue;
            QSqlQuery q(db);
            if (!q.exec(
                    QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 %3").arg(tableOf(spec), field.name, sqlType(field))))
                return std::unexpected(cacheError(q.lastError().text()));
        }
    }
    // A bootstrap that finished now, or that did not finish before (see beginBootstrap()). One
    // begun by an older version left the search index without its triggers: fill it anew.
    bool bootstrapped = false;
    bool refill = false;
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = 'bootstrap'"));
        if (!q.exec())
            return std::unexpected(cacheError(q.lastError().text()));
        bootstrapped = q.next();
        refill = bootstrapped && q.value(0).toString() != u"2";
    }
    if (auto r = createSearchIndex(db, refill); !r)
        return r;
    if (bootstrapped) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("DELETE FROM meta WHERE key = 'bootstrap'"));
        if (!q.exec())
            return std::unexpected(cacheError(q.lastError().text()));
    }
    QSqlQuery version(db);
    version.exec(QStringLiteral("PRAGMA user_version = %1").arg(schemaVersion));
    return tx.commit();
}

namespace {
// What search reads of each kind: its title and the rest of its text, as SQL over the row `r`.
struct SearchSource
{
    QString entity;
    QString title;
    QString body;
};
const QList<SearchSource> &searchSources()
{
    static const QList<SearchSource> sources = {
        {QStringLiteral("client"), QStringLiteral("r.name"), QStringLiteral("r.notes")},
        {QStringLiteral("contact"), QStringLiteral("r.name"),
            QStringLiteral("r.email || ' ' || r.phone || ' ' || COALESCE(r.role, '')")},
        {QStringLiteral("project"), QStringLiteral("r.name"), QStringLiteral("r.description")},
        {QStringLiteral("task"), QStringLiteral("r.title"), QStringLiteral("r.description")},
        {QStringLiteral("file"), QStringLiteral("r.name"), QStringLiteral("r.folder")},
        {QStringLiteral("signoff"), QStringLiteral("r.title"), QStringLiteral("r.description")},
        {QStringLiteral("comment"), QStringLiteral("''"), QStringLiteral("r.body")},
    };
    return sources;
}
QString searchTable(const QString &entity)
{
    return QStringLiteral("s_") + LocalCache::tableOf(*EntitySchema::find(entity));
}
// What the search index holds of the row `row` ("new" in a trigger, "r" in a SELECT).
QString searchValues(const SearchSource &source, const QString &row)
{
    return QStringLiteral("%1.rowid, COALESCE(%2, ''), COALESCE(%3, '')")
        .arg(row, QString(source.title).replace(QStringLiteral("r."), row + u'.'),
            QString(source.body).replace(QStringLiteral("r."), row + u'.'));
}
// Indexes the live rows of `source`'s table: every one, or (`fromRowid`) those past `r.rowid > ?`
// that the index does not hold yet (an update's trigger may have indexed one of them).
QString searchFill(const SearchSource &source, bool fromRowid)
{
    const QString index = searchTable(source.entity);
    return QStringLiteral("INSERT INTO %1 (rowid, title, body) SELECT %2 FROM %3 r WHERE r.deleted = 0%4")
        .arg(index, searchValues(source, QStringLiteral("r")), LocalCache::tableOf(*EntitySchema::find(source.entity)),
            fromRowid
                ? QStringLiteral(" AND r.rowid > ? AND NOT EXISTS (SELECT 1 FROM %1 WHERE rowid = r.rowid)").arg(index)
                : QString());
}
} // namespace

std::expected<void, Error> LocalCache::createSearchIndex(QSqlDatabase &db, bool refill)
{
    // One FTS5 table per kind, keyed by the row's rowid (stable: pulls upsert), kept current by
    // triggers so that every way a row is written (an edit, a pull, an undo) indexes it.
    for (const SearchSource &source : searchSources()) {
        const QString table = tableOf(*EntitySchema::find(source.entity));
        const QString index = searchTable(source.entity);
        QSqlQuery exists(db);
        exists.prepare(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
        exists.addBindValue(index);
        if (!exists.exec())
            return std::unexpected(cacheError(exists.lastError().text()));
        const bool fresh = !exists.next();
        exists.finish();
        const QStringList statements = {
            QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS %1 USING fts5(title, body, "
                           "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')")
                .arg(index),
            QStringLiteral("CREATE TRIGGER IF NOT EXISTS %1_ai AFTER INSERT ON %2 WHEN new.deleted = 0 BEGIN "
                           "INSERT INTO %1 (rowid, title, body) VALUES (%3); END")
                .arg(index, table, searchValues(source, QStringLiteral("new"))),
            QStringLiteral("CREATE TRIGGER IF NOT EXISTS %1_au AFTER UPDATE ON %2 BEGIN "
                           "DELETE FROM %1 WHERE rowid = old.rowid; "
                           "INSERT INTO %1 (rowid, title, body) SELECT %3 WHERE new.deleted = 0; END")
                .arg(index, table, searchValues(source, QStringLiteral("new"))),
            QStringLiteral("CREATE TRIGGER IF NOT EXISTS %1_ad AFTER DELETE ON %2 BEGIN "
                           "DELETE FROM %1 WHERE rowid = old.rowid; END")
                .arg(index, table),
        };
        for (const QString &sql : statements) {
            QSqlQuery q(db);
            if (!q.exec(sql))
                return std::unexpected(cacheError(q.lastError().text() + QStringLiteral(" in ") + sql));
        }
        if (refill && !fresh) {
            QSqlQuery clear(db);
            if (!clear.exec(QStringLiteral("DELETE FROM %1").arg(index)))
                return std::unexpected(cacheError(clear.lastError().text()));
        }
        if (fresh || refill) {
            // A cache from before search, or after a bootstrap: index what it holds once.
            QSqlQuery fill(db);
            if (!fill.exec(searchFill(source, false)))
                return std::unexpected(cacheError(fill.lastError().text()));
        }
    }
    return {};
}

QString LocalCache::searchQuery(const QString &text)
{
    QStringList terms;
    for (const QString &word : text.split(QRegularExpression(QStringLiteral("[\\s\\p{P}]+")), Qt::SkipEmptyParts)) {
        // A word of one letter (the start of the next one, as typed) would match nearly everything
        // and narrows nothing: it waits for its second letter.
        if (word.size() < 2)
            continue;
        QString quoted = word;
        quoted.replace(u'"', QStringLiteral("\"\""));
        terms.append(u'"' + quoted + QStringLiteral("\"*"));
    }
    return terms.join(u' ');
}

std::expected<QList<LocalCache::SearchHit>, Error> LocalCache::search(const QString &text, int perKind) const
{
    const QString match = searchQuery(text);
    QList<SearchHit> hits;
    if (match.isEmpty())
        return hits;
    for (const SearchSource &source : searchSources()) {
        const QString table = tableOf(*EntitySchema::find(source.entity));
        QString title =
            source.title == u"''" ? QStringLiteral("COALESCE(ct.title, cf.name, cs.title, '')") : source.title;
        QString project = QStringLiteral("NULL");
        QString joins;
        if (source.entity == u"task" || source.entity == u"file" || source.entity == u"signoff") {
            project = QStringLiteral("r.project_id");
        } else if (source.entity == u"project") {
            project = QStringLiteral("r.id");
        } else if (source.entity == u"comment") {
            joins = QStringLiteral(" LEFT JOIN e_tasks ct ON r.target_entity = 'task' AND ct.id = r.target_id"
                                   " LEFT JOIN e_files cf ON r.target_entity = 'file' AND cf.id = r.target_id"
                                   " LEFT JOIN e_signoffs cs ON r.target_entity = 'signoff' AND cs.id = r.target_id");
            project = QStringLiteral("COALESCE(ct.project_id, cf.project_id, cs.project_id)");
        }
        // The FTS table by its name (MATCH does not take an alias). Newest first (by rowid), which
        // FTS5 answers without ranking every match: a two-letter prefix matches half the cache.
        const QString index = searchTable(source.entity);
        auto q = run(db(),
            QStringLiteral("SELECT r.id, %1, snippet(%3, -1, '[', ']', '\u2026', 10), %2 FROM %3 "
                           "JOIN %4 r ON r.rowid = %3.rowid%5 WHERE %3 MATCH ? ORDER BY %3.rowid DESC LIMIT ?")
                .arg(title, project, index, table, joins),
            {match, perKind});
        if (!q)
            return std::unexpected(q.error());
        while (q->next())
            hits.append({source.entity, q->value(0).toString(), q->value(1).toString(), q->value(2).toString(),
                q->value(3).toString()});
    }
    return hits;
}

// --- local edits ----------------------------------------------------------------------------------

std::expected<void, Error> LocalCache::applyEdits(const QList<LocalEdit> &edits)
{
    if (edits.isEmpty())
        return {};
    QHash<QString, QStringList> changed;
    {
        Transaction tx(db());
        if (!tx.isOpen())
            return std::unexpected(cacheError(tr("The local cache is busy; try again.")));
        for (const LocalEdit &edit : edits) {
            if (auto r = applyOne(edit, changed); !r)
                return r;
        }
        if (auto r = tx.commit(); !r)
            return r;
    }
    for (auto it = changed.cbegin(); it != changed.cend(); ++it)
        Q_EMIT rowsChanged(it.key(), it.value());
    Q_EMIT outboxChanged();
    return {};
}

std::expected<void, Error> LocalCache::applyOne(const LocalEdit &edit, QHash<QString, QStringList> &changed)
{
    const EntitySpec *spec = EntitySchema::find(edit.entity);
    if (!spec)
        return std::unexpected(
            Error{QStringLiteral("unknown_entity"), tr("Unknown kind of item \"%1\".").arg(edit.entity)});
    if (!EntitySchema::isUuid(edit.id))
        return std::unexpected(Error{QStringLiteral("invalid_id"), tr("The item has no valid id.")});
    const QSqlDatabase db = this->db();
    const QString table = tableOf(*spec);
    const QString now = TimeUtil::nowWire();

    QJsonObject mutation{{QStringLiteral("mutation_id"), EntitySchema::newUuid()},
        {QStringLiteral("entity"), spec->name}, {QStringLiteral("id"), edit.id}};

    // Field values are checked with the same rules the server applies, so that an edit the
    // server would refuse is refused here, while the user still sees what they typed.
    auto convert = [&](const QString &name, const QJsonValue &value) -> std::expected<QVariant, Error> {
        const FieldSpec *field = spec->field(name);
        if (!field)
            return std::unexpected(Error{QStringLiteral("unknown_field"), tr("Unknown field \"%1\".").arg(name)});
        if (field->has(ServerManaged))
            return std::unexpected(
                Error{QStringLiteral("read_only_field"), tr("\"%1\" is set by the server.").arg(name)});
        return EntitySchema::fromJson(*field, value);
    };

    if (edit.op == LocalEdit::Op::Create) {
        if (!spec->pushCreate)
            return std::unexpected(Error{QStringLiteral("forbidden"), tr("This kind of item cannot be created here.")});
        QStringList columns = {QStringLiteral("id"), QStringLiteral("version"), QStringLiteral("created_at"),
            QStringLiteral("updated_at"), QStringLiteral("deleted")};
        QVariantList binds = {edit.id, 0, now, now, 0};
        for (const FieldSpec &field : spec->fields) {
            QVariant value;
            if (edit.fields.contains(field.name)) {
                auto converted = convert(field.name, edit.fields.value(field.name));
                if (!converted)
                    return std::unexpected(converted.error());
                value = *converted;
            } else if (field.has(Required)) {
                return std::unexpected(
                    Error{QStringLiteral("missing_field"), tr("\"%1\" is required.").arg(field.name)});
            } else {
                value = EntitySchema::defaultValue(field);
            }
            columns.append(field.name);
            binds.append(value);
        }
        for (auto it = edit.fields.begin(); it != edit.fields.end(); ++it) {
            if (!spec->field(it.key()))
                return std::unexpected(
                    Error{QStringLiteral("unknown_field"), tr("Unknown field \"%1\".").arg(it.key())});
        }
        QStringList marks;
        marks.fill(QStringLiteral("?"), columns.size());
        auto inserted = run(db,
            QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)").arg(table, columns.join(u", "), marks.join(u", ")),
            binds);
        if (!inserted)
            return std::unexpected(Error{QStringLiteral("exists"), tr("An item with this id exists already.")});
        mutation.insert(QStringLiteral("op"), QStringLiteral("create"));
        mutation.insert(QStringLiteral("fields"), edit.fields);
    } else if (edit.op == LocalEdit::Op::Restore) {
        auto current = row(spec->name, edit.id);
        if (!current)
            return std::unexpected(Error{QStringLiteral("not_found"), tr("The item no longer exists.")});
        if (!current->value(u"deleted").toBool())
            return {}; // already there: nothing to send
        if (!spec->pushDelete)
            return std::unexpected(Error{QStringLiteral("forbidden"), tr("This kind of item cannot be restored.")});
        if (auto r = run(db, QStringLiteral("UPDATE %1 SET deleted = 0, updated_at = ? WHERE id = ?").arg(table),
                {now, edit.id});
            !r)
            return std::unexpected(r.error());
        mutation.insert(QStringLiteral("op"), QStringLiteral("restore"));
    } else {
        auto current = row(spec->name, edit.id);
        if (!current || current->value(u"deleted").toBool())
            return std::unexpected(Error{QStringLiteral("not_found"), tr("The item no longer exists.")});
        if (edit.op == LocalEdit::Op::Delete) {
            if (!spec->pushDelete)
                return std::unexpected(Error{QStringLiteral("forbidden"), tr("This kind of item cannot be deleted.")});
            if (auto r = run(db, QStringLiteral("UPDATE %1 SET deleted = 1, updated_at = ? WHERE id = ?").arg(table),
                    {now, edit.id});
                !r)
                return std::unexpected(r.error());
            mutation.insert(QStringLiteral("op"), QStringLiteral("delete"));
        } else {
            if (!spec->pushUpdate)
                return std::unexpected(Error{QStringLiteral("forbidden"), tr("This kind of item cannot be changed.")});
            QJsonObject fields;
            QJsonObject base;
            QStringList sets;
            QVariantList binds;
            for (auto it = edit.fields.begin(); it != edit.fields.end(); ++it) {
                auto converted = convert(it.key(), it.value());
                if (!converted)
                    return std::unexpected(converted.error());
                const FieldSpec *field = spec->field(it.key());
                const QJsonValue before = current->value(it.key());
                if (before == EntitySchema::toJson(*field, *converted))
                    continue;
                if (field->has(CreateOnly))
                    return std::unexpected(
                        Error{QStringLiteral("read_only_field"), tr("\"%1\" cannot be changed.").arg(it.key())});
                fields.insert(it.key(), EntitySchema::toJson(*field, *converted));
                base.insert(it.key(), before);
                sets.append(it.key() + QStringLiteral(" = ?"));
                binds.append(*converted);
            }
            if (fields.isEmpty())
                return {}; // nothing changed: nothing to send
            sets.append(QStringLiteral("updated_at = ?"));
            binds.append(now);
            binds.append(edit.id);
            if (auto r = run(db, QStringLiteral("UPDATE %1 SET %2 WHERE id = ?").arg(table, sets.join(u", ")), binds);
                !r)
                return std::unexpected(r.error());
            mutation.insert(QStringLiteral("op"), QStringLiteral("update"));
            mutation.insert(QStringLiteral("fields"), fields);
            mutation.insert(QStringLiteral("base"), base);
        }
    }

    if (auto r = run(db,
            QStringLiteral("INSERT INTO outbox (mutation_id, entity, entity_id, op, mutation, created_at) "
                           "VALUES (?, ?, ?, ?, ?, ?)"),
            {mutation.value(u"mutation_id").toString(), spec->name, edit.id, mutation.value(u"op").toString(),
                jsonText(mutation), now});
        !r)
        return std::unexpected(r.error());
    changed[spec->name].append(edit.id);
    return {};
}

// --- reads ----------------------------------------------------------------------------------------

std::optional<QJsonObject> LocalCache::row(const QString &entity, const QString &id) const
{
    const EntitySpec *spec = EntitySchema::find(entity);
    if (!spec)
        return std::nullopt;
    auto q = run(db(),
        QStringLiteral("SELECT *, (EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = t.id AND o.state = 'pending') "
                       "OR EXISTS (SELECT 1 FROM uploads u WHERE u.file_id = t.id)) AS pending FROM %1 t WHERE id = ?")
            .arg(tableOf(*spec)),
        {id});
    if (!q || !q->next())
        return std::nullopt;
    const QSqlRecord record = q->record();
    QJsonObject object{{QStringLiteral("id"), id},
        {QStringLiteral("version"), record.value(QStringLiteral("version")).toLongLong()},
        {QStringLiteral("deleted"), record.value(QStringLiteral("deleted")).toLongLong() != 0},
        {QStringLiteral("pending"), record.value(QStringLiteral("pending")).toLongLong() != 0},
        {QStringLiteral("created_at"), record.value(QStringLiteral("created_at")).toString()},
        {QStringLiteral("updated_at"), record.value(QStringLiteral("updated_at")).toString()}};
    for (const FieldSpec &field : spec->fields)
        object.insert(field.name, EntitySchema::toJson(field, record.value(field.name)));
    return object;
}

QString LocalCache::staffRole(const QString &email) const
{
    auto staff = records(QStringLiteral("staff_user"), {QStringLiteral("email"), QStringLiteral("role")});
    if (!staff)
        return {};
    for (const Record &r : std::as_const(staff->rows)) {
        if (r.values.value(0).toString().compare(email, Qt::CaseInsensitive) == 0)
            return r.values.value(1).toString();
    }
    return {};
}

std::expected<RecordSet, Error> LocalCache::records(
    const QString &entity, const QStringList &columns, const QString &filterColumn, const QVariant &value) const
{
    const EntitySpec *spec = EntitySchema::find(entity);
    if (!spec)
        return std::unexpected(cacheError(QStringLiteral("unknown entity")));
    for (const QString &column : columns) {
        if (!validColumn(*spec, column))
            return std::unexpected(cacheError(QStringLiteral("unknown column ") + column));
    }
    if (!filterColumn.isEmpty() && !validColumn(*spec, filterColumn))
        return std::unexpected(cacheError(QStringLiteral("unknown column ") + filterColumn));
    QString select = QStringLiteral("SELECT t.id, p.entity_id IS NOT NULL");
    for (const QString &column : columns)
        select += QStringLiteral(", t.") + column;
    select += QStringLiteral(" FROM %1 t LEFT JOIN (SELECT entity_id FROM outbox WHERE state = 'pending' "
                             "UNION SELECT file_id FROM uploads) p "
                             "ON p.entity_id = t.id WHERE t.deleted = 0")
                  .arg(tableOf(*spec));
    QVariantList binds;
    if (!filterColumn.isEmpty()) {
        select += QStringLiteral(" AND t.") + filterColumn + QStringLiteral(" = ?");
        binds.append(value);
    }
    auto q = run(db(), select, binds);
    if (!q)
        return std::unexpected(q.error());
    RecordSet set{entity, columns, {}};
    const int n = int(columns.size());
    while (q->next()) {
        Record record;
        record.id = q->value(0).toString();
        record.pending = q->value(1).toBool();
        record.values.reserve(n);
        for (int i = 0; i < n; ++i)
            record.values.append(q->value(i + 2));
        set.rows.append(std::move(record));
    }
    return set;
}

std::expected<RecordSet, Error> LocalCache::recordsById(
    const QString &entity, const QStringList &columns, const QStringList &ids) const
{
    RecordSet all{entity, columns, {}};
    for (const QString &id : ids) {
        auto one = records(entity, columns, QStringLiteral("id"), id);
        if (!one)
            return one;
        all.rows.append(one->rows);
    }
    return all;
}

std::expected<QHash<QString, int>, Error> LocalCache::countBy(
    const QString &entity, const QString &groupColumn, const QString &filterColumn, const QVariant &value) const
{
    const EntitySpec *spec = EntitySchema::find(entity);
    if (!spec)
        return std::unexpected(cacheError(QStringLiteral("unknown entity")));
    for (const QString &column : {groupColumn, filterColumn}) {
        if (!validColumn(*spec, column))
            return std::unexpected(cacheError(QStringLiteral("unknown column ") + column));
    }
    auto q = run(db(),
        QStringLiteral("SELECT %2, COUNT(*) FROM %1 WHERE deleted = 0 AND %3 = ? GROUP BY %2")
            .arg(tableOf(*spec), groupColumn, filterColumn),
        {value});
    if (!q)
        return std::unexpected(q.error());
    QHash<QString, int> counts;
    while (q->next())
        counts.insert(q->value(0).toString(), q->value(1).toInt());
    return counts;
}

std::expected<QList<InboxItem>, Error> LocalCache::inboxItems(const QString &userEmail) const
{
    // Read state: one mark per item, or "everything up to a version" (Mark All Read). The cache
    // holds only this user's marks (the server sends nobody else's).
    auto q = run(db(),
        QStringLiteral(
            "WITH me AS (SELECT id FROM e_staff_users WHERE lower(email) = lower(?) AND deleted = 0 LIMIT 1), "
            "mine AS (SELECT project_id FROM e_tasks WHERE deleted = 0 AND assignee_id = (SELECT id FROM me) "
            "  UNION SELECT project_id FROM e_activities WHERE actor_kind = 'staff' "
            "  AND actor_id = (SELECT id FROM me) AND project_id IS NOT NULL), "
            "worked AS (SELECT project_id FROM e_tasks WHERE deleted = 0 AND assignee_id IS NOT NULL "
            "  UNION SELECT project_id FROM e_activities WHERE actor_kind = 'staff' AND project_id IS NOT NULL), "
            "through AS (SELECT COALESCE(MAX(through_version), 0) AS v FROM e_inbox_marks WHERE deleted = 0) "
            "SELECT a.id, a.version, a.action, a.entity, a.entity_id, a.project_id, p.name, c.name, a.summary, "
            "  a.created_at, (a.version <= (SELECT v FROM through) OR EXISTS (SELECT 1 FROM e_inbox_marks m "
            "  WHERE m.activity_id = a.id AND m.deleted = 0)), "
            "  COALESCE(t.title, f.name, s.title, ct.title, cf.name, ''), "
            "  COALESCE(t.status, s.response_comment, ''), COALESCE(cm.body, '') "
            "FROM e_activities a LEFT JOIN e_projects p ON p.id = a.project_id "
            "LEFT JOIN e_contacts c ON c.id = a.actor_id "
            "LEFT JOIN e_tasks t ON a.entity = 'task' AND t.id = a.entity_id "
            "LEFT JOIN e_files f ON a.entity = 'file' AND f.id = a.entity_id "
            "LEFT JOIN e_signoffs s ON a.entity = 'signoff' AND s.id = a.entity_id "
            "LEFT JOIN e_comments cm ON a.entity = 'comment' AND cm.id = a.entity_id "
            "LEFT JOIN e_tasks ct ON cm.target_entity = 'task' AND ct.id = cm.target_id "
            "LEFT JOIN e_files cf ON cm.target_entity = 'file' AND cf.id = cm.target_id "
            "WHERE a.deleted = 0 AND a.actor_kind = 'contact' AND (a.project_id IS NULL "
            "  OR a.project_id IN (SELECT project_id FROM mine) "
            "  OR a.project_id NOT IN (SELECT project_id FROM worked)) "
            "ORDER BY a.version DESC"),
        {userEmail});
    if (!q)
        return std::unexpected(q.error());
    QList<InboxItem> items;
    while (q->next()) {
        InboxItem item;
        item.activityId = q->value(0).toString();
        item.version = q->value(1).toLongLong();
        item.action = q->value(2).toString();
        item.entity = q->value(3).toString();
        item.entityId = q->value(4).toString();
        item.projectId = q->value(5).toString();
        item.projectName = q->value(6).toString();
        item.actorName = q->value(7).toString();
        item.summary = q->value(8).toString();
        item.createdAt = q->value(9).toString();
        item.read = q->value(10).toBool();
        item.itemTitle = q->value(11).toString();
        item.itemState = q->value(12).toString();
        item.excerpt = q->value(13).toString();
        items.append(item);
    }
    return items;
}

QHash<QString, int> LocalCache::dependentsOf(const QString &entity, const QString &id) const
{
    QHash<QString, int> counts;
    // What goes with a deleted row: the server's own table (EntitySchema::dependentsOf).
    for (const EntitySchema::Dependent &child : EntitySchema::dependentsOf(entity)) {
        const EntitySpec *spec = EntitySchema::find(child.entity);
        auto q = run(db(),
            QStringLiteral("SELECT id FROM %1 WHERE deleted = 0 AND %2 = ?").arg(tableOf(*spec), child.column), {id});
        if (!q)
            continue;
        QStringList ids;
        while (q->next())
            ids.append(q->value(0).toString());
        q->finish();
        counts[child.entity] += int(ids.size());
        for (const QString &childId : std::as_const(ids)) {
            const QHash<QString, int> deeper = dependentsOf(child.entity, childId);
            for (auto it = deeper.cbegin(); it != deeper.cend(); ++it)
                counts[it.key()] += it.value();
        }
    }
    return counts;
}

std::expected<QList<LocalCache::DeletedItem>, Error> LocalCache::deletedItems(int limit) const
{
    // A deleted row whose parent is deleted too went with it (or will come back with it).
    QList<DeletedItem> items;
    const QList<QPair<QString, QString>> kinds = {{QStringLiteral("client"), QStringLiteral("name")},
        {QStringLiteral("contact"), QStringLiteral("name")}, {QStringLiteral("project"), QStringLiteral("name")},
        {QStringLiteral("task"), QStringLiteral("title")}, {QStringLiteral("file"), QStringLiteral("name")},
        {QStringLiteral("signoff"), QStringLiteral("title")}, {QStringLiteral("comment"), QStringLiteral("body")}};
    for (const auto &[entity, labelColumn] : kinds) {
        const EntitySpec *spec = EntitySchema::find(entity);
        QString parentCheck;
        for (const auto &[parent, column] : EntitySchema::parentsOf(entity))
            parentCheck += QStringLiteral(" AND NOT EXISTS (SELECT 1 FROM %1 p WHERE p.id = t.%2 AND p.deleted = 1)")
                               .arg(tableOf(*EntitySchema::find(parent)), column);
        auto q = run(db(),
            QStringLiteral("SELECT id, %1, updated_at FROM %2 t WHERE deleted = 1%3 ORDER BY updated_at DESC LIMIT ?")
                .arg(labelColumn, tableOf(*spec), parentCheck),
            {limit});
        if (!q)
            return std::unexpected(q.error());
        while (q->next())
            items.append({entity, q->value(0).toString(), q->value(1).toString().simplified().left(120),
                q->value(2).toString()});
    }
    std::sort(items.begin(), items.end(), [](const DeletedItem &a, const DeletedItem &b) {
        return a.deletedAt > b.deletedAt;
    });
    if (items.size() > limit)
        items.resize(limit);
    return items;
}

int LocalCache::liveCount(const QString &entity) const
{
    const EntitySpec *spec = EntitySchema::find(entity);
    if (!spec)
        return 0;
    auto q = run(db(), QStringLiteral("SELECT COUNT(*) FROM %1 WHERE deleted = 0").arg(tableOf(*spec)));
    return q && q->next() ? q->value(0).toInt() : 0;
}

// What people made, as the mass-deletion check counts it: the activity log, conflicts and Inbox read
// state are records about it.
static bool madeByPeople(const EntitySpec &spec)
{
    return spec.name != u"activity" && spec.name != u"conflict" && spec.name != u"inbox_mark";
}

int LocalCache::liveRowCount() const
{
    int total = 0;
    for (const EntitySpec &spec : EntitySchema::entities()) {
        if (madeByPeople(spec))
            total += liveCount(spec.name);
    }
    return total;
}

// --- outbox ---------------------------------------------------------------------------------------

int LocalCache::pendingCount() const
{
    auto q = run(db(), QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state = 'pending'"));
    return q && q->next() ? q->value(0).toInt() : 0;
}

QList<OutboxEntry> LocalCache::nextOutboxBatch(int max) const
{
    QList<OutboxEntry> batch;
    auto q = run(
        db(), QStringLiteral("SELECT seq, mutation FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?"), {max});
    while (q && q->next())
        batch.append(OutboxEntry{q->value(0).toLongLong(), jsonObject(q->value(1).toString())});
    return batch;
}

std::expected<void, Error> LocalCache::recordPushResults(const QJsonArray &results)
{
    QHash<QString, QStringList> changed;
    {
        const QSqlDatabase db = this->db();
        Transaction tx(db);
        if (!tx.isOpen())
            return std::unexpected(cacheError(QStringLiteral("cache busy")));
        for (const QJsonValue &value : results) {
            const QJsonObject result = value.toObject();
            const QString mutationId = result.value(u"mutation_id").toString();
            const QString status = result.value(u"status").toString();
            auto q = run(db, QStringLiteral("SELECT mutation FROM outbox WHERE mutation_id = ? AND state = 'pending'"),
                {mutationId});
            if (!q)
                return std::unexpected(q.error());
            if (!q->next())
                continue;
            const QJsonObject mutation = jsonObject(q->value(0).toString());
            q->finish();
            if (status == u"applied" || status == u"conflict") {
                if (auto r = run(db, QStringLiteral("DELETE FROM outbox WHERE mutation_id = ?"), {mutationId}); !r)
                    return std::unexpected(r.error());
                continue;
            }
            // Rejected: keep it, visibly, and take it back out of the cache.
            const QString error =
                QString::fromUtf8(QJsonDocument(result.value(u"error").toObject()).toJson(QJsonDocument::Compact));
            if (auto r =
                    run(db, QStringLiteral("UPDATE outbox SET state = 'rejected', error = ? WHERE mutation_id = ?"),
                        {error, mutationId});
                !r)
                return std::unexpected(r.error());
            const EntitySpec *spec = EntitySchema::find(mutation.value(u"entity").toString());
            if (!spec)
                continue;
            const QString id = mutation.value(u"id").toString();
            const QString op = mutation.value(u"op").toString();
            const QString table = tableOf(*spec);
            if (op == u"create") {
                // Never reached the server: the row exists only here.
                if (auto r = run(db, QStringLiteral("DELETE FROM %1 WHERE id = ? AND version = 0").arg(table), {id});
                    !r)
                    return std::unexpected(r.error());
            } else if (op == u"delete") {
                if (auto r = run(
                        db, QStringLiteral("UPDATE %1 SET deleted = 0 WHERE id = ? AND version > 0").arg(table), {id});
                    !r)
                    return std::unexpected(r.error());
            } else if (op == u"restore") {
                if (auto r = run(db, QStringLiteral("UPDATE %1 SET deleted = 1 WHERE id = ?").arg(table), {id}); !r)
                    return std::unexpected(r.error());
            } else {
                const QJsonObject base = mutation.value(u"base").toObject();
                for (auto it = base.begin(); it != base.end(); ++it) {
                    const FieldSpec *field = spec->field(it.key());
                    if (!field)
                        continue;
                    if (auto r = run(db, QStringLiteral("UPDATE %1 SET %2 = ? WHERE id = ?").arg(table, field->name),
                            {PulledPage::storedValue(*field, it.value()), id});
                        !r)
                        return std::unexpected(r.error());
                }
            }
            if (auto r = overlayPending(*spec, id); !r)
                return r;
            changed[spec->name].append(id);
        }
        if (auto r = tx.commit(); !r)
            return r;
    }
    for (auto it = changed.cbegin(); it != changed.cend(); ++it)
        Q_EMIT rowsChanged(it.key(), it.value());
    Q_EMIT outboxChanged();
    return {};
}

QList<QJsonObject> LocalCache::failedEdits() const
{
    QList<QJsonObject> list;
    auto q = run(db(),
        QStringLiteral("SELECT mutation, error, created_at FROM outbox WHERE state = 'rejected' "
                       "ORDER BY seq DESC"));
    while (q && q->next()) {
        list.append(QJsonObject{{QStringLiteral("mutation"), jsonObject(q->value(0).toString())},
            {QStringLiteral("error"), jsonObject(q->value(1).toString())},
            {QStringLiteral("created_at"), q->value(2).toString()}});
    }
    return list;
}

std::expected<void, Error> LocalCache::dismissFailedEdit(const QString &mutationId)
{
    auto r = run(db(), QStringLiteral("DELETE FROM outbox WHERE mutation_id = ? AND state = 'rejected'"), {mutationId});
    if (!r)
        return std::unexpected(r.error());
    Q_EMIT outboxChanged();
    return {};
}

std::expected<void, Error> LocalCache::overlayPending(const EntitySpec &spec, const QString &id)
{
    const QSqlDatabase db = this->db();
    auto q = run(
        db, QStringLiteral("SELECT mutation FROM outbox WHERE entity_id = ? AND state = 'pending' ORDER BY seq"), {id});
    if (!q)
        return std::unexpected(q.error());
    QList<QJsonObject> mutations;
    while (q->next())
        mutations.append(jsonObject(q->value(0).toString()));
    q->finish();
    const QString table = tableOf(spec);
    for (const QJsonObject &mutation : mutations) {
        if (mutation.value(u"op").toString() == u"delete") {
            if (auto r = run(db, QStringLiteral("UPDATE %1 SET deleted = 1 WHERE id = ?").arg(table), {id}); !r)
                return std::unexpected(r.error());
            continue;
        }
        if (mutation.value(u"op").toString() == u"restore") {
            if (auto r = run(db, QStringLiteral("UPDATE %1 SET deleted = 0 WHERE id = ?").arg(table), {id}); !r)
                return std::unexpected(r.error());
            continue;
        }
        const QJsonObject fields = mutation.value(u"fields").toObject();
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            const FieldSpec *field = spec.field(it.key());
            if (!field)
                continue;
            if (auto r = run(db, QStringLiteral("UPDATE %1 SET %2 = ? WHERE id = ?").arg(table, field->name),
                    {PulledPage::storedValue(*field, it.value()), id});
                !r)
                return std::unexpected(r.error());
        }
    }
    return {};
}

// --- pull -----------------------------------------------------------------------------------------

qint64 LocalCache::cursor() const
{
    return meta(QStringLiteral("cursor")).toLongLong();
}

int LocalCache::deletionsIn(const QJsonArray &changes) const
{
    return deletionsIn(PulledPage::fromChanges(changes));
}

int LocalCache::deletionsIn(const PulledPage &page) const
{
    int count = 0;
    for (const PulledRow &row : page.rows) {
        if (!row.deleted || !madeByPeople(*row.spec))
            continue;
        auto q = run(
            db(), QStringLiteral("SELECT 1 FROM %1 WHERE id = ? AND deleted = 0").arg(tableOf(*row.spec)), {row.id});
        if (q && q->next())
            ++count;
    }
    return count;
}

std::expected<QHash<QString, QStringList>, Error> LocalCache::applyPullPage(const QJsonArray &changes, qint64 newCursor)
{
    return applyPullPage(PulledPage::fromChanges(changes), newCursor);
}

std::expected<QHash<QString, QStringList>, Error> LocalCache::applyPullPage(const PulledPage &page, qint64 newCursor)
{
    QHash<QString, QStringList> changed;
    const QSqlDatabase db = this->db();
    Transaction tx(db);
    if (!tx.isOpen())
        return std::unexpected(cacheError(QStringLiteral("cache busy")));

    QSet<QString> pendingIds;
    {
        auto q = run(db, QStringLiteral("SELECT DISTINCT entity_id FROM outbox WHERE state = 'pending'"));
        if (!q)
            return std::unexpected(q.error());
        while (q->next())
            pendingIds.insert(q->value(0).toString());
    }

    // During a bootstrap, the search index takes the page's new rows after them: those past the
    // last rowid each table had before.
    QHash<QString, qint64> searchFrom;
    {
        auto q = run(db, QStringLiteral("SELECT value FROM meta WHERE key = 'bootstrap'"));
        if (!q)
            return std::unexpected(q.error());
        if (q->next() && q->value(0).toString() == u"2") {
            for (const SearchSource &source : searchSources()) {
                auto last = run(db,
                    QStringLiteral("SELECT COALESCE(MAX(rowid), 0) FROM %1")
                        .arg(tableOf(*EntitySchema::find(source.entity))));
                if (!last)
                    return std::unexpected(last.error());
                searchFrom.insert(source.entity, last->next() ? last->value(0).toLongLong() : 0);
            }
        }
    }

    // Prepared upserts per entity, reused for every row of the page: one of many rows, run each
    // time that many of the entity's rows are waiting, and one of a single row for the rest. Every
    // statement costs SQLite a halt and a savepoint of the search index's table whatever its rows,
    // and that was a fifth of a first sync one row at a time.
    sqlite3 *handle = NativeDriver::handle<sqlite3>(db, "sqlite3*");
    if (!handle)
        return std::unexpected(cacheError(QStringLiteral("the cache is not an SQLite database")));
    struct Upsert
    {
        NativeStatement one;
        NativeStatement many;
        qsizetype manyRows = 0;
        QList<const QVariantList *> waiting; // the values of the rows not yet written
        QStringList changed; // the ids written, in order
    };
    QHash<const EntitySpec *, std::shared_ptr<Upsert>> upserts;
    const auto statementFor = [](const EntitySpec &spec, const QStringList &columns, qsizetype rows) {
        QStringList sets;
        for (const QString &column : columns.mid(1))
            sets.append(column + QStringLiteral(" = excluded.") + column);
        // An older version never overwrites a newer one (a replayed page after a crash).
        return QStringLiteral("INSERT INTO %1 (%2) VALUES %3 ON CONFLICT (id) DO UPDATE SET %4 "
                              "WHERE excluded.version >= %1.version")
            .arg(tableOf(spec), columns.join(u", "), NativeDriver::valueRows(columns.size(), rows), sets.join(u", "));
    };
    // Writes the rows waiting for `upsert`: by the many as long as there are that many, the rest
    // one by one.
    const auto flush = [](Upsert &upsert, bool all) -> std::expected<void, Error> {
        const std::span<const QVariantList *const> waiting(upsert.waiting.constData(), upsert.waiting.size());
        size_t at = 0;
        while (waiting.size() - at >= size_t(upsert.manyRows)) {
            if (auto r = upsert.many.run(waiting.subspan(at, upsert.manyRows)); !r)
                return r;
            at += upsert.manyRows;
        }
        while (all && at < waiting.size()) {
            if (auto r = upsert.one.run(waiting.subspan(at, 1)); !r)
                return r;
            ++at;
        }
        upsert.waiting.remove(0, qsizetype(at));
        return {};
    };
    for (const PulledRow &row : page.rows) {
        auto found = upserts.find(row.spec);
        if (found == upserts.end()) {
            const QStringList columns = PulledPage::columnsOf(*row.spec);
            auto upsert = std::make_shared<Upsert>();
            upsert->manyRows = NativeDriver::rowsPerStatement(columns.size());
            if (auto r = upsert->one.prepare(handle, statementFor(*row.spec, columns, 1)); !r)
                return std::unexpected(r.error());
            if (auto r = upsert->many.prepare(handle, statementFor(*row.spec, columns, upsert->manyRows)); !r)
                return std::unexpected(r.error());
            found = upserts.insert(row.spec, upsert);
        }
        Upsert &upsert = **found;
        upsert.waiting.append(&row.values);
        // A row with edits still waiting to go out is written at once, and they are laid over it.
        const bool pending = !pendingIds.isEmpty() && pendingIds.contains(row.id);
        if (auto r = flush(upsert, pending); !r)
            return std::unexpected(r.error());
        if (pending) {
            if (auto r = overlayPending(*row.spec, row.id); !r)
                return std::unexpected(r.error());
        }
        upsert.changed.append(row.id);
    }
    for (auto it = upserts.cbegin(); it != upserts.cend(); ++it) {
        if (auto r = flush(**it, true); !r)
            return std::unexpected(r.error());
        changed.insert(it.key()->name, (*it)->changed);
    }
    upserts.clear();
    for (const SearchSource &source : searchSources()) {
        if (!searchFrom.contains(source.entity) || !changed.contains(source.entity))
            continue;
        if (auto r = run(db, searchFill(source, true), {searchFrom.value(source.entity)}); !r)
            return std::unexpected(r.error());
    }
    if (auto r = run(db,
            QStringLiteral("INSERT INTO meta (key, value) VALUES ('cursor', ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
            {QString::number(newCursor)});
        !r)
        return std::unexpected(r.error());
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return changed;
}

std::expected<void, Error> LocalCache::resetCursor()
{
    return setMeta(QStringLiteral("cursor"), QStringLiteral("0"));
}

bool LocalCache::isBootstrapping() const
{
    return !meta(QStringLiteral("bootstrap")).isEmpty();
}

std::expected<bool, Error> LocalCache::beginBootstrap()
{
    if (isBootstrapping())
        return true;
    if (cursor() != 0)
        return false;
    const QSqlDatabase db = this->db();
    Transaction tx(db);
    if (!tx.isOpen())
        return std::unexpected(cacheError(QStringLiteral("cache busy")));
    // Only an empty cache: one with rows keeps its indexes (and search) while it pulls again.
    for (const EntitySpec &spec : EntitySchema::entities()) {
        auto q = run(db, QStringLiteral("SELECT 1 FROM %1 LIMIT 1").arg(tableOf(spec)));
        if (!q)
            return std::unexpected(q.error());
        if (q->next())
            return false;
    }
    // The secondary indexes are built once over every row at the end. The search index is filled
    // page by page, each page's new rows at once (applyPullPage) where a trigger indexed them one
    // by one; this work overlaps with the server making the next page. Its triggers for updates
    // and deletes stay: a row already indexed may change again in a later page.
    QStringList statements;
    for (const SecondaryIndex &index : secondaryIndexes())
        statements.append(QStringLiteral("DROP INDEX IF EXISTS %1").arg(index.name));
    for (const SearchSource &source : searchSources())
        statements.append(QStringLiteral("DROP TRIGGER IF EXISTS %1_ai").arg(searchTable(source.entity)));
    for (const QString &sql : statements) {
        if (auto r = run(db, sql); !r)
            return std::unexpected(r.error());
    }
    // '2': the search index is kept current by the pull. (A bootstrap begun by an older version,
    // '1', dropped every search trigger: the index is filled anew when it finishes.)
    if (auto r = run(db, QStringLiteral("INSERT INTO meta (key, value) VALUES ('bootstrap', '2')")); !r)
        return std::unexpected(r.error());
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return true;
}

std::expected<void, Error> LocalCache::finishBootstrap()
{
    if (!isBootstrapping())
        return {};
    // The schema as on open: the indexes come back, and the search index is filled from the rows.
    return createSchema();
}

// --- meta -----------------------------------------------------------------------------------------

QString LocalCache::meta(const QString &key) const
{
    auto q = run(db(), QStringLiteral("SELECT value FROM meta WHERE key = ?"), {key});
    return q && q->next() ? q->value(0).toString() : QString();
}

std::expected<void, Error> LocalCache::setMeta(const QString &key, const QString &value)
{
    auto r = run(db(),
        QStringLiteral(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
        {key, value});
    if (!r)
        return std::unexpected(r.error());
    return {};
}

// --- uploads --------------------------------------------------------------------------------------

std::expected<void, Error> LocalCache::queueUpload(const Upload &upload)
{
    Transaction tx(db());
    if (!tx.isOpen())
        return std::unexpected(cacheError(tr("The local cache is busy; try again.")));
    // The file shows at once, as pending, until the upload completes and the pull brings the
    // server's row (same id).
    const QString now = TimeUtil::nowWire();
    if (auto r = run(db(),
            QStringLiteral("INSERT INTO e_files (id, version, created_at, updated_at, deleted, project_id, folder, "
                           "name, size, mime_type, sha256, visibility) VALUES (?, 0, ?, ?, 0, ?, ?, ?, ?, '', ?, "
                           "'private') ON CONFLICT (id) DO NOTHING"),
            {upload.fileId, now, now, upload.projectId, upload.folder, upload.name, upload.size, upload.sha256});
        !r)
        return std::unexpected(r.error());
    auto r = run(db(),
        QStringLiteral("INSERT INTO uploads (file_id, project_id, folder, name, local_path, size, sha256, "
                       "server_upload_id, state, error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {upload.fileId, upload.projectId, upload.folder, upload.name, upload.localPath, upload.size, upload.sha256,
            upload.serverUploadId, upload.state.isEmpty() ? QStringLiteral("queued") : upload.state, upload.error,
            now});
    if (!r)
        return std::unexpected(r.error());
    if (auto c = tx.commit(); !c)
        return c;
    Q_EMIT rowsChanged(QStringLiteral("file"), {upload.fileId});
    Q_EMIT outboxChanged();
    return {};
}

QList<LocalCache::Upload> LocalCache::uploads() const
{
    QList<Upload> list;
    auto q = run(db(),
        QStringLiteral("SELECT file_id, project_id, folder, name, local_path, size, sha256, "
                       "server_upload_id, state, error FROM uploads ORDER BY created_at"));
    while (q && q->next()) {
        list.append(Upload{q->value(0).toString(), q->value(1).toString(), q->value(2).toString(),
            q->value(3).toString(), q->value(4).toString(), q->value(5).toLongLong(), q->value(6).toString(),
            q->value(7).toString(), q->value(8).toString(), q->value(9).toString()});
    }
    return list;
}

std::expected<void, Error> LocalCache::updateUpload(const Upload &upload)
{
    auto r =
        run(db(), QStringLiteral("UPDATE uploads SET server_upload_id = ?, state = ?, error = ? WHERE file_id = ?"),
            {upload.serverUploadId, upload.state, upload.error, upload.fileId});
    if (!r)
        return std::unexpected(r.error());
    return {};
}

std::expected<void, Error> LocalCache::removeUpload(const QString &fileId)
{
    auto r = run(db(), QStringLiteral("DELETE FROM uploads WHERE file_id = ?"), {fileId});
    if (!r)
        return std::unexpected(r.error());
    Q_EMIT outboxChanged();
    return {};
}
