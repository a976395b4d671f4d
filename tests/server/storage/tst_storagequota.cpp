// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <expected>

#include "server/storage/database.h"
#include "server/storage/migrations.h"
#include "server/storage/storagequota.h"
#include "tests/support/serverprocess.h"

// The quota is taken by one conditional update: a reservation that fitted when it was checked but
// no longer fits when it is written is refused by the database, however the writers were ordered.
class TestStorageQuota : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void reservationsFitTheQuota();
    void aReservationThatNoLongerFitsIsRefused();

private:
    qint64 reserved();

    ServerProcess m_server; // only for its fresh PostgreSQL database
    QTemporaryDir m_dir;
    bool m_postgres = false;
    int m_org = 0;
    QString m_orgId;
};

void TestStorageQuota::initTestCase()
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
    auto db = Database::connection();
    QVERIFY(db.has_value());
    QVERIFY(Migrations::migrate(*db).has_value());
}

void TestStorageQuota::init()
{
    // A fresh organisation with a quota of 100 bytes for each test function.
    m_orgId = QStringLiteral("org-%1").arg(++m_org);
    auto db = Database::connection();
    QVERIFY(db.has_value());
    QVERIFY(Database::exec(*db,
        QStringLiteral("INSERT INTO organisations (id, org_id, version, created_at, updated_at, name, portal_slug, "
                       "brand_primary_color, brand_accent_color, brand_background_color, brand_text_color, "
                       "storage_quota_bytes) VALUES (?, ?, 1, '', '', 'Quota', ?, '#000000', '#000000', '#ffffff', "
                       "'#000000', 100)"),
        {m_orgId, m_orgId, m_orgId})
                .has_value());
}

void TestStorageQuota::cleanupTestCase()
{
    Database::closeThreadConnection();
}

qint64 TestStorageQuota::reserved()
{
    auto q = Database::exec(*Database::connection(),
        QStringLiteral("SELECT storage_reserved_bytes FROM organisations WHERE id = ?"), {m_orgId});
    return q && q->next() ? q->value(0).toLongLong() : -1;
}

void TestStorageQuota::reservationsFitTheQuota()
{
    auto db = *Database::connection();
    QVERIFY(StorageQuota::reserveUpload(db, m_orgId, QStringLiteral("staff"), QStringLiteral("u1"), 60, QString()));
    const auto refused = StorageQuota::reserveUpload(
        db, m_orgId, QStringLiteral("staff"), QStringLiteral("u1"), 41, QStringLiteral("full"));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QStringLiteral("quota_exceeded"));
    QCOMPARE(refused.error().message, QStringLiteral("full"));
    QVERIFY(StorageQuota::reserveUpload(db, m_orgId, QStringLiteral("staff"), QStringLiteral("u1"), 40, QString()));
    QCOMPARE(reserved(), 100);
}

void TestStorageQuota::aReservationThatNoLongerFitsIsRefused()
{
    // The first writer reserves 60 of 100 bytes and holds its transaction open. The second, on
    // another connection, checks while those 60 bytes are not committed yet (so 60 more seem to
    // fit) and writes once the first has committed.
    auto first = *Database::connection();
    QVERIFY(
        Database::exec(first, m_postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE")).has_value());
    QVERIFY(StorageQuota::reserveUpload(first, m_orgId, QStringLiteral("staff"), QStringLiteral("u1"), 60, QString()));

    std::expected<void, Error> second;
    std::atomic_bool checked = false;
    QThread *thread = QThread::create([&] {
        auto db = *Database::connection();
        // SQLite: a read transaction of its own, begun before the first commits.
        Database::exec(db, QStringLiteral("BEGIN"));
        second = StorageQuota::reserveUpload(
            db, m_orgId, QStringLiteral("staff"), QStringLiteral("u2"), 60, QStringLiteral("no room"));
        checked = true;
        Database::exec(db, second ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"));
        Database::closeThreadConnection();
    });
    thread->start();
    if (m_postgres) {
        // Until the second writer waits for the first's row lock.
        QElapsedTimer waited;
        waited.start();
        for (;;) {
            // Inside a transaction PostgreSQL keeps showing the activity it read first.
            QVERIFY(Database::exec(first, QStringLiteral("SELECT pg_stat_clear_snapshot()")).has_value());
            auto q = Database::exec(first,
                QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                               "AND wait_event_type = 'Lock'"));
            QVERIFY(q.has_value());
            if (q->next() && q->value(0).toInt() > 0)
                break;
            QVERIFY2(waited.elapsed() < 20000 && !checked,
                qPrintable(
                    QStringLiteral("the second writer never waited for the row lock: %1")
                        .arg(checked ? (second ? QStringLiteral("reserved") : second.error().code) : QString())));
            QTest::qWait(20);
        }
    } else {
        QTest::qWait(200);
    }
    QVERIFY(Database::exec(first, QStringLiteral("COMMIT")).has_value());
    QVERIFY(thread->wait(30000));
    delete thread;

    // Never both: the quota holds. PostgreSQL re-checks the update's condition on the committed
    // row and refuses with quota_exceeded; SQLite's single writer refuses the stale reader as busy.
    QVERIFY(!second);
    QCOMPARE(second.error().code, m_postgres ? QStringLiteral("quota_exceeded") : QStringLiteral("busy"));
    QCOMPARE(reserved(), 60);
}

QTEST_GUILESS_MAIN(TestStorageQuota)
#include "tst_storagequota.moc"
