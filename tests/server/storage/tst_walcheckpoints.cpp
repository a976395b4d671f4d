// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QTest>

#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

// The real server on SQLite copies its write-ahead log into the database file from a thread of
// its own (WalCheckpointer), not in the commit that takes the log past SQLite's 1,000 pages. So a
// push far smaller than that is in the database file itself within moments: SQLite alone would
// have left it in the log until 1,000 pages had gathered, or until the last connection closed.
class TestWalCheckpoints : public QObject
{
    Q_OBJECT

private slots:
    void aPushReachesTheDatabaseFileWithoutWaitingForAFullLog();
};

void TestWalCheckpoints::aPushReachesTheDatabaseFileWithoutWaitingForAFullLog()
{
    ServerProcess server;
    if (!server.start())
        QFAIL(qPrintable(server.errorString()));
    QVERIFY(server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    TestClient admin(server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    const QString database = QDir(server.dataDir()).filePath(QStringLiteral("atrium.sqlite"));
    const QString log = database + QStringLiteral("-wal");

    // What the start and the sign-in wrote is copied in first.
    QElapsedTimer settled;
    settled.start();
    qint64 before = QFileInfo(database).size();
    for (;;) {
        QTest::qWait(600);
        const qint64 now = QFileInfo(database).size();
        if (now == before || settled.elapsed() > 10000)
            break;
        before = now;
    }

    const QString client = newId();
    const QString project = newId();
    QJsonArray mutations{mutation(QStringLiteral("client"), client, QStringLiteral("create"), {{"name", "Green"}}),
        mutation(QStringLiteral("project"), project, QStringLiteral("create"),
            {{"client_id", client}, {"name", "Website"}})};
    for (int i = 0; i < 200; ++i)
        mutations.append(mutation(QStringLiteral("task"), newId(), QStringLiteral("create"),
            {{"project_id", project}, {"title", QStringLiteral("Task %1 with a longer title").arg(i)},
                {"description", QString(400, u'x')}}));
    for (const QJsonValue &r : pushResults(admin, mutations))
        QCOMPARE(r.toObject().value(u"status").toString(), QStringLiteral("applied"));
    // Far from SQLite's own threshold: the log holds a few dozen pages of 4 KiB.
    const qint64 logged = QFileInfo(log).size();
    QVERIFY2(logged > 0 && logged < 500 * 4096, qPrintable(QString::number(logged)));

    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(database).size() >= before + 200 * 400, 5000);
}

QTEST_GUILESS_MAIN(TestWalCheckpoints)
#include "tst_walcheckpoints.moc"
