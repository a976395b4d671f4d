// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "server/storage/database.h"
#include "server/storage/sqlitereader.h"
#include "tests/support/serverprocess.h"

// The server's statements through Database::exec on the engine of the run (ATRIUM_TEST_DATABASE):
// prepared once per connection and kept, finished when their reader is done, and the write
// transaction's deferred rows and lazy savepoints, which a push relies on to write in few
// statements yet read its own writes and drop a rejected mutation's.
class TestStatements : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void statementsArePreparedOnceAndKept();
    void theSameStatementNestedInItsOwnLoop();
    void aFinishedReaderHoldsNoSnapshot();
    void cacheIsBounded();
    void selectInFindsEveryKeyOnce();
    void deferredRowsAreReadBackInTheirTransaction();
    void aReadPastTheDriverSeesItsWritesDeferredRows();
    void rollingBackToASavepointDropsWhatCameAfter();
    void aFailedDeferredRowFailsTheTransaction();
    void manyDeferredRowsKeepTheirOwnValues();
    void aFailedRowAmongManyFailsTheTransaction();
    void withoutDeferringAFailureShowsAtOnce();
    void anIgnoredFailureFailsTheCommit();

private:
    QSqlDatabase db();
    QStringList ids(const QString &table);
    // Rows as another connection sees them (committed data only).
    int committedCount(const QString &table);

    ServerProcess m_server; // only for its fresh PostgreSQL database
    QTemporaryDir m_dir;
    bool m_postgres = false;
    int m_table = 0;
    QString m_name; // this test function's table
};

void TestStatements::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_postgres = qgetenv("ATRIUM_TEST_DATABASE") == "postgres";
    QString url;
    if (m_postgres) {
        url = m_server.databaseUrl();
        QVERIFY2(!url.isEmpty(), qPrintable(m_server.errorString()));
    }
    const auto config = DatabaseConfig::fromUrl(url, m_dir.path());
    QVERIFY(config.has_value());
    Database::configure(*config);
    QVERIFY(Database::connection().has_value());
}

void TestStatements::init()
{
    m_name = QStringLiteral("scratch_%1").arg(++m_table);
    QVERIFY(
        Database::exec(db(), QStringLiteral("CREATE TABLE %1 (id TEXT PRIMARY KEY, n INTEGER NOT NULL)").arg(m_name))
            .has_value());
}

void TestStatements::cleanupTestCase()
{
    Database::closeThreadConnection();
}

QSqlDatabase TestStatements::db()
{
    return *Database::connection();
}

QStringList TestStatements::ids(const QString &table)
{
    QStringList out;
    auto q = Database::exec(db(), QStringLiteral("SELECT id FROM %1 WHERE n >= ? ORDER BY id").arg(table), {0});
    while (q && q->next())
        out.append(q->value(0).toString());
    return out;
}

int TestStatements::committedCount(const QString &table)
{
    const QString name = QStringLiteral("observer");
    int count = -1;
    {
        QSqlDatabase other = QSqlDatabase::cloneDatabase(db(), name);
        if (other.open()) {
            QSqlQuery q(other);
            if (q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) && q.next())
                count = q.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return count;
}

void TestStatements::statementsArePreparedOnceAndKept()
{
    const QString insert = QStringLiteral("INSERT INTO %1 (id, n) VALUES (?, ?)").arg(m_name);
    const int before = Database::cachedStatementCount();
    for (int i = 0; i < 20; ++i)
        QVERIFY(Database::exec(db(), insert, {QStringLiteral("row-%1").arg(i, 2, 10, QLatin1Char('0')), i}));
    QCOMPARE(Database::cachedStatementCount(), before + 1);
    QCOMPARE(ids(m_name).size(), 20);
    if (m_postgres) {
        // The server keeps it prepared: later runs are one EXECUTE each, no PREPARE or DEALLOCATE.
        auto q =
            Database::exec(db(), QStringLiteral("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE ?"),
                {QStringLiteral("%INSERT INTO %1 (id, n)%").arg(m_name)});
        QVERIFY(q && q->next());
        QCOMPARE(q->value(0).toInt(), 1);
    }
}

void TestStatements::theSameStatementNestedInItsOwnLoop()
{
    for (int i = 0; i < 5; ++i)
        QVERIFY(Database::exec(db(), QStringLiteral("INSERT INTO %1 (id, n) VALUES (?, ?)").arg(m_name),
            {QStringLiteral("r%1").arg(i), i}));
    const QString sql = QStringLiteral("SELECT id, n FROM %1 WHERE n >= ? ORDER BY n").arg(m_name);
    auto outer = Database::exec(db(), sql, {0});
    QVERIFY(outer.has_value());
    QStringList pairs;
    while (outer->next()) {
        // The cached statement is busy with the outer loop: the inner one runs on its own.
        auto inner = Database::exec(db(), sql, {outer->value(1).toInt() + 1});
        QVERIFY(inner.has_value());
        int after = 0;
        while (inner->next())
            ++after;
        pairs.append(QStringLiteral("%1:%2").arg(outer->value(0).toString()).arg(after));
    }
    QCOMPARE(pairs, QStringList({"r0:4", "r1:3", "r2:2", "r3:1", "r4:0"}));
}

void TestStatements::aFinishedReaderHoldsNoSnapshot()
{
    for (int i = 0; i < 3; ++i)
        QVERIFY(Database::exec(db(), QStringLiteral("INSERT INTO %1 (id, n) VALUES (?, ?)").arg(m_name),
            {QStringLiteral("s%1").arg(i), i}));
    {
        // Read one row of three and leave: the kept statement is finished all the same.
        auto q = Database::exec(db(), QStringLiteral("SELECT id FROM %1 WHERE n >= ?").arg(m_name), {0});
        QVERIFY(q && q->next());
    }
    // Another connection writes and commits; this one sees it at once.
    const QString name = QStringLiteral("writer");
    {
        QSqlDatabase other = QSqlDatabase::cloneDatabase(db(), name);
        QVERIFY(other.open());
        QSqlQuery q(other);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO %1 (id, n) VALUES ('late', 9)").arg(m_name)));
        if (!m_postgres) {
            // No reader holds the WAL back: a full checkpoint completes (its first column is "busy").
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")) && q.next());
            QCOMPARE(q.value(0).toInt(), 0);
        }
    }
    QSqlDatabase::removeDatabase(name);
    QVERIFY(ids(m_name).contains(u"late"));
    // And a write transaction can begin on this connection (SQLite refuses one while a read is open).
    WriteTransaction tx(db(), QString());
    QVERIFY(tx.begin().has_value());
    QVERIFY(tx.commit().has_value());
}

void TestStatements::cacheIsBounded()
{
    for (int i = 0; i < 300; ++i)
        QVERIFY(
            Database::exec(db(), QStringLiteral("SELECT id FROM %1 WHERE n = ? AND %2 = %2").arg(m_name).arg(i), {i}));
    QVERIFY(Database::cachedStatementCount() <= 256);
    QVERIFY(Database::cachedStatementCount() >= 200);
}

void TestStatements::selectInFindsEveryKeyOnce()
{
    QStringList keys;
    for (int i = 0; i < 250; ++i) {
        keys.append(QStringLiteral("k%1").arg(i, 3, 10, QLatin1Char('0')));
        if (i % 2 == 0)
            QVERIFY(Database::exec(
                db(), QStringLiteral("INSERT INTO %1 (id, n) VALUES (?, ?)").arg(m_name), {keys.last(), i}));
    }
    QStringList found;
    QVERIFY(Database::selectIn(db(), QStringLiteral("SELECT id FROM %1 WHERE n >= ? AND id IN (%2)").arg(m_name), {0},
        keys, [&](const Statement &row) {
            found.append(row.value(0).toString());
        }));
    found.sort();
    QCOMPARE(found.size(), 125);
    QCOMPARE(found.removeDuplicates(), 0);
    QCOMPARE(found, ids(m_name));
}

void TestStatements::deferredRowsAreReadBackInTheirTransaction()
{
    WriteTransaction tx(db(), QString());
    QVERIFY(tx.begin());
    for (int i = 0; i < 300; ++i)
        QVERIFY(tx.insertLater(m_name, {QStringLiteral("id"), QStringLiteral("n")}, {QStringLiteral("d%1").arg(i), i}));
    // The next statement of the transaction sends them first.
    QCOMPARE(ids(m_name).size(), 300);
    QVERIFY(tx.insertLater(m_name, {QStringLiteral("id"), QStringLiteral("n")}, {QStringLiteral("last"), 1}));
    QVERIFY(tx.commit());
    QCOMPARE(committedCount(m_name), 301);
}

// Database::selectSqlite (a pull page's reads) sends the write's deferred rows first, as exec does,
// and tells the write when it fails.
void TestStatements::aReadPastTheDriverSeesItsWritesDeferredRows()
{
    if (m_postgres)
        QSKIP("SQLite's own interface only");
    WriteTransaction tx(db(), QString());
    QVERIFY(tx.begin());
    for (int i = 0; i < 3; ++i)
        QVERIFY(tx.insertLater(m_name, {QStringLiteral("id"), QStringLiteral("n")}, {QStringLiteral("d%1").arg(i), i}));
    QStringList read;
    QVERIFY(Database::selectSqlite(db(), QStringLiteral("SELECT id, n FROM %1 WHERE n >= ? ORDER BY id").arg(m_name),
        {1}, [&](const SqliteRow &row) {
            read.append(row.value(0).toString() + u'=' + QString::number(row.value(1).toLongLong()));
        }));
    QCOMPARE(read, QStringList({"d1=1", "d2=2"}));
    QVERIFY(!Database::selectSqlite(
        db(), QStringLiteral("SELECT nothing FROM %1").arg(m_name), {}, [](const SqliteRow &) {}));
    QVERIFY(tx.commit());
    QCOMPARE(committedCount(m_name), 3);
}

void TestStatements::rollingBackToASavepointDropsWhatCameAfter()
{
    const QStringList columns{QStringLiteral("id"), QStringLiteral("n")};
    WriteTransaction tx(db(), QString());
    QVERIFY(tx.begin());
    QVERIFY(tx.insertLater(m_name, columns, {QStringLiteral("kept-before"), 1}));
    // A savepoint never sent: rolling back to it forgets the rows deferred after it.
    QVERIFY(tx.savepoint(QStringLiteral("m")));
    QVERIFY(tx.insertLater(m_name, columns, {QStringLiteral("dropped-unsent"), 2}));
    QVERIFY(tx.rollbackToSavepoint(QStringLiteral("m")));
    // A savepoint sent by a read in its scope: the database rolls back what went in after it.
    QVERIFY(tx.savepoint(QStringLiteral("m")));
    QVERIFY(tx.insertLater(m_name, columns, {QStringLiteral("dropped-sent"), 3}));
    QCOMPARE(ids(m_name), QStringList({"dropped-sent", "kept-before"}));
    QVERIFY(tx.insertLater(m_name, columns, {QStringLiteral("dropped-after-read"), 4}));
    QVERIFY(tx.rollbackToSavepoint(QStringLiteral("m")));
    // Released savepoints keep their rows, sent or not.
    QVERIFY(tx.savepoint(QStringLiteral("m")));
    QVERIFY(tx.insertLater(m_name, columns, {QStringLiteral("kept-released"), 5}));
    QVERIFY(tx.releaseSavepoint(QStringLiteral("m")));
    QVERIFY(tx.savepoint(QStringLiteral("m")));
    QVERIFY(tx.insertLater(m_name, columns, {QStringLiteral("kept-released-sent"), 6}));
    QCOMPARE(ids(m_name).size(), 3);
    QVERIFY(tx.releaseSavepoint(QStringLiteral("m")));
    QVERIFY(tx.commit());
    QCOMPARE(ids(m_name), QStringList({"kept-before", "kept-released", "kept-released-sent"}));
}

void TestStatements::aFailedDeferredRowFailsTheTransaction()
{
    const QStringList columns{QStringLiteral("id"), QStringLiteral("n")};
    QVERIFY(Database::exec(db(), QStringLiteral("INSERT INTO %1 (id, n) VALUES ('taken', 0)").arg(m_name)));
    {
        WriteTransaction tx(db(), QString());
        QVERIFY(tx.begin());
        QVERIFY(tx.insertLater(m_name, columns, {QStringLiteral("fine"), 1}));
        QVERIFY(tx.insertLater(m_name, columns, {QStringLiteral("taken"), 2}));
        QVERIFY(tx.savepoint(QStringLiteral("m")));
        // The failure shows at the next statement, whichever mutation runs it, and stays.
        const auto read = Database::exec(db(), QStringLiteral("SELECT id FROM %1 WHERE n = ?").arg(m_name), {1});
        QVERIFY(!read.has_value());
        QCOMPARE(read.error().code, QStringLiteral("constraint_violation"));
        QVERIFY(tx.rollbackToSavepoint(QStringLiteral("m")));
        QVERIFY(!tx.insertLater(m_name, columns, {QStringLiteral("more"), 3}) || !tx.sync());
        QVERIFY(!tx.commit().has_value());
    }
    QCOMPARE(committedCount(m_name), 1);
}

// Deferred rows go in many to a statement on SQLite (BulkWriter): each keeps its own values, text,
// numbers and NULLs alike, whatever its place in a statement or whether it went in on its own.
void TestStatements::manyDeferredRowsKeepTheirOwnValues()
{
    const QString table = m_name + QStringLiteral("_wide");
    QVERIFY(
        Database::exec(db(), QStringLiteral("CREATE TABLE %1 (id TEXT PRIMARY KEY, n BIGINT, label TEXT)").arg(table))
            .has_value());
    const QStringList columns{QStringLiteral("id"), QStringLiteral("n"), QStringLiteral("label")};
    QStringList expected;
    WriteTransaction tx(db(), QString());
    QVERIFY(tx.begin());
    for (int i = 0; i < 101; ++i) {
        const QString id = QStringLiteral("r%1").arg(i, 3, 10, QLatin1Char('0'));
        const QVariant n = i % 7 == 3 ? QVariant(QMetaType::fromType<qlonglong>()) : QVariant(qlonglong(i) * 1000003);
        // Text of many lengths, some beyond ASCII, so that each row's UTF-8 has a place of its own.
        const QString label = QString(i % 13, QChar(u'\u00e9')) + QString::number(i);
        QVERIFY(tx.insertLater(table, columns, {id, n, label}));
        expected.append(
            id + u'|' + (n.isNull() ? QStringLiteral("null") : QString::number(n.toLongLong())) + u'|' + label);
    }
    QVERIFY(tx.commit());
    QStringList read;
    auto q = Database::exec(db(), QStringLiteral("SELECT id, n, label FROM %1 WHERE id <> ? ORDER BY id").arg(table),
        {QStringLiteral("none")});
    QVERIFY(q.has_value());
    while (q->next()) {
        read.append(q->value(0).toString() + u'|'
            + (q->value(1).isNull() ? QStringLiteral("null") : QString::number(q->value(1).toLongLong())) + u'|'
            + q->value(2).toString());
    }
    QCOMPARE(read, expected);
}

// A row that fails in a statement of many fails the transaction as one on its own does, and
// nothing of the statement's other rows is left.
void TestStatements::aFailedRowAmongManyFailsTheTransaction()
{
    const QStringList columns{QStringLiteral("id"), QStringLiteral("n")};
    QVERIFY(Database::exec(db(), QStringLiteral("INSERT INTO %1 (id, n) VALUES ('taken', 0)").arg(m_name)));
    {
        WriteTransaction tx(db(), QString());
        QVERIFY(tx.begin());
        for (int i = 0; i < 100; ++i) {
            const QString id = i == 40 ? QStringLiteral("taken") : QStringLiteral("m%1").arg(i);
            QVERIFY(tx.insertLater(m_name, columns, {id, i + 1}));
        }
        const auto read = Database::exec(db(), QStringLiteral("SELECT id FROM %1 WHERE n = ?").arg(m_name), {1});
        QVERIFY(!read.has_value());
        QCOMPARE(read.error().code, QStringLiteral("constraint_violation"));
        QVERIFY(!tx.commit().has_value());
    }
    QCOMPARE(committedCount(m_name), 1);
    QCOMPARE(ids(m_name), QStringList({"taken"}));
}

void TestStatements::withoutDeferringAFailureShowsAtOnce()
{
    const QStringList columns{QStringLiteral("id"), QStringLiteral("n")};
    QVERIFY(Database::exec(db(), QStringLiteral("INSERT INTO %1 (id, n) VALUES ('taken', 0)").arg(m_name)));
    WriteTransaction tx(db(), QString());
    tx.setDeferInserts(false);
    QVERIFY(tx.begin());
    QVERIFY(tx.savepoint(QStringLiteral("m")));
    QVERIFY(tx.insertLater(m_name, columns, {QStringLiteral("fine"), 1}));
    QVERIFY(tx.releaseSavepoint(QStringLiteral("m")));
    QVERIFY(tx.savepoint(QStringLiteral("m")));
    const auto failed = tx.insertLater(m_name, columns, {QStringLiteral("taken"), 2});
    QVERIFY(!failed.has_value());
    QCOMPARE(failed.error().code, QStringLiteral("constraint_violation"));
    // Only that row's savepoint goes; the transaction carries on.
    QVERIFY(tx.rollbackToSavepoint(QStringLiteral("m")));
    QVERIFY(tx.insertLater(m_name, columns, {QStringLiteral("after"), 3}));
    QVERIFY(tx.commit());
    QCOMPARE(ids(m_name), QStringList({"after", "fine", "taken"}));
}

// A caller that goes on past a failed statement (one it only warns about) and commits. PostgreSQL
// aborted the transaction at the failure and answers its COMMIT with a ROLLBACK, not an error: the
// commit must say so rather than report a write that did not happen.
void TestStatements::anIgnoredFailureFailsTheCommit()
{
    const QString insert = QStringLiteral("INSERT INTO %1 (id, n) VALUES (?, ?)").arg(m_name);
    QVERIFY(Database::exec(db(), insert, {QStringLiteral("taken"), 0}));
    WriteTransaction tx(db(), QString());
    QVERIFY(tx.begin());
    QVERIFY(Database::exec(db(), insert, {QStringLiteral("written"), 1}));
    QVERIFY(!Database::exec(db(), insert, {QStringLiteral("taken"), 2}).has_value());
    const auto committed = tx.commit();
    if (m_postgres) {
        QVERIFY(!committed.has_value());
        QCOMPARE(committed.error().code, QStringLiteral("constraint_violation"));
        QCOMPARE(ids(m_name), QStringList({"taken"}));
    } else {
        // SQLite undoes the failed statement alone.
        QVERIFY(committed.has_value());
        QCOMPARE(ids(m_name), QStringList({"taken", "written"}));
    }
    // Rolled back to a savepoint taken before it, the failure is forgotten.
    WriteTransaction again(db(), QString());
    QVERIFY(again.begin());
    QVERIFY(again.savepoint(QStringLiteral("m")));
    QVERIFY(!Database::exec(db(), insert, {QStringLiteral("taken"), 3}).has_value());
    QVERIFY(again.rollbackToSavepoint(QStringLiteral("m")));
    QVERIFY(Database::exec(db(), insert, {QStringLiteral("after"), 4}));
    QVERIFY(again.commit());
    QVERIFY(ids(m_name).contains(QStringLiteral("after")));
}

QTEST_GUILESS_MAIN(TestStatements)
#include "tst_statements.moc"
