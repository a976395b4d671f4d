// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QMutex>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

// kill -9 of the server in the middle of a stream of pushes: every mutation that was answered
// "applied" must be there after the restart, and the database must pass its integrity check.
class TestCrash : public QObject
{
    Q_OBJECT

private slots:
    void killDuringPushesLosesNothingAnswered();
};

void TestCrash::killDuringPushesLosesNothingAnswered()
{
    ServerProcess server;
    if (!server.start())
        QFAIL(qPrintable(server.errorString()));
    QVERIFY(server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("pw")));
    TestClient admin(server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("pw")).isEmpty());
    const QString clientId = newId();
    const QString projectId = newId();
    QCOMPARE(pushResults(admin,
                 {mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "C"}}),
                     mutation(QStringLiteral("project"), projectId, QStringLiteral("create"),
                         {{"client_id", clientId}, {"name", "P"}})})
                 .size(),
        2);

    QMutex mutex;
    QStringList applied;
    std::atomic<bool> stop{false};
    std::atomic<int> answered{0};
    const QUrl baseUrl = server.baseUrl();
    const QByteArray token = admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("pw"));
    QVERIFY(!token.isEmpty());
    std::unique_ptr<QThread> writer(QThread::create([&] {
        TestClient client(baseUrl);
        client.setToken(token);
        int n = 0;
        while (!stop.load()) {
            QJsonArray mutations;
            QStringList ids;
            for (int i = 0; i < 10; ++i) {
                ids.append(newId());
                mutations.append(mutation(QStringLiteral("task"), ids.last(), QStringLiteral("create"),
                    {{"project_id", projectId}, {"title", QStringLiteral("Task %1").arg(n++)}}));
            }
            const QJsonArray results = pushResults(client, mutations);
            if (results.isEmpty())
                continue; // the server is gone; keep trying until told to stop
            QMutexLocker lock(&mutex);
            for (int i = 0; i < results.size(); ++i) {
                if (results.at(i).toObject().value(u"status").toString() == u"applied")
                    applied.append(ids.at(i));
            }
            answered += int(results.size());
        }
    }));
    writer->start();
    QTRY_VERIFY_WITH_TIMEOUT(answered.load() >= 300, 120000);
    server.kill();
    QTRY_VERIFY_WITH_TIMEOUT(!server.isRunning(), 10000);
    stop = true;
    QVERIFY(writer->wait(120000));

    // The database is sound, then the server comes back with everything it confirmed.
    const ServerProcess::CliResult check = server.runCli({QStringLiteral("check")});
    QVERIFY2(check.exitCode == 0, QByteArray(check.out + check.err).constData());
    if (!server.start())
        QFAIL(qPrintable(server.errorString()));
    TestClient after(server.baseUrl());
    QVERIFY(!after.login(QStringLiteral("admin@acme.test"), QStringLiteral("pw")).isEmpty());
    const QJsonArray changes = pullAll(after);
    QSet<QString> present;
    for (const QJsonValue &change : changes)
        present.insert(change.toObject().value(u"id").toString());
    QMutexLocker lock(&mutex);
    QVERIFY(applied.size() >= 300);
    int lost = 0;
    for (const QString &id : std::as_const(applied))
        lost += present.contains(id) ? 0 : 1;
    QCOMPARE(lost, 0);
}

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
