// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDir>
#include <QFile>
#include <QTest>
#include <QThread>

#include "tests/support/serverprocess.h"
#include "tests/support/testclient.h"

// What several instances on one database need, through the real server binary: a health check a
// load balancer can route by (database and file store reachable), and housekeeping done by exactly
// one instance at a time, taken over by another when the leader is killed.
class TestScaleOut : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void healthzReportsTheDatabaseAndTheFileStore();
    void oneInstanceLeadsHousekeeping();

private:
    static int leads(const ServerProcess &server)
    {
        return int(server.output().count("this instance leads housekeeping"));
    }

    ServerProcess m_server;
};

void TestScaleOut::initTestCase()
{
    if (!m_server.start({QStringLiteral("--housekeeping-seconds"), QStringLiteral("1")}))
        QFAIL(qPrintable(m_server.errorString()));
}

void TestScaleOut::healthzReportsTheDatabaseAndTheFileStore()
{
    TestClient client(m_server.baseUrl());
    const TestClient::Reply ok = client.get(QStringLiteral("/healthz"));
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.object().value(u"status").toString(), QStringLiteral("ok"));
    QCOMPARE(ok.object().value(u"database").toString(), QStringLiteral("ok"));
    QCOMPARE(ok.object().value(u"blob_store").toString(), QStringLiteral("ok"));
    QCOMPARE(ok.header("Cache-Control"), QByteArray("no-store"));

    // The file store gone (a file where its folder was, as a failed mount might leave it): 503, so
    // the balancer sends clients elsewhere, and which part failed.
    const QString tmp = QDir(m_server.dataDir()).filePath(QStringLiteral("tmp"));
    QVERIFY(QDir(tmp).removeRecursively());
    QFile blocker(tmp);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    // (A result is kept for a second, so a balancer polling often costs one probe a second.)
    QTRY_COMPARE_WITH_TIMEOUT(client.get(QStringLiteral("/healthz")).status, 503, 3000);
    const TestClient::Reply down = client.get(QStringLiteral("/healthz"));
    QCOMPARE(down.status, 503);
    QCOMPARE(down.object().value(u"status").toString(), QStringLiteral("unavailable"));
    QCOMPARE(down.object().value(u"database").toString(), QStringLiteral("ok"));
    QCOMPARE(down.object().value(u"blob_store").toString(), QStringLiteral("unreachable"));
    QCOMPARE(down.errorCode(), QStringLiteral("unavailable"));
    QVERIFY(QFile::remove(tmp));
    QVERIFY(QDir().mkpath(tmp));
    QTRY_COMPARE_WITH_TIMEOUT(client.get(QStringLiteral("/healthz")).status, 200, 3000);
}

void TestScaleOut::oneInstanceLeadsHousekeeping()
{
    // Alone, an instance leads (and says so once, not at every round).
    QTRY_COMPARE_WITH_TIMEOUT(leads(m_server), 1, 10000);
    if (m_server.databaseUrl().isEmpty())
        QSKIP("several instances share a database on PostgreSQL only");
    ServerProcess second;
    second.shareDatabaseWith(m_server);
    if (!second.start({QStringLiteral("--housekeeping-seconds"), QStringLiteral("1")}))
        QFAIL(qPrintable(second.errorString()));
    // Several rounds later, still only the first leads.
    QThread::sleep(3);
    QCOMPARE(leads(m_server), 1);
    QCOMPARE(leads(second), 0);
    QCOMPARE(TestClient(second.baseUrl()).get(QStringLiteral("/healthz")).status, 200);

    // The leader dies without a word: the other takes over at its next round.
    m_server.kill();
    QTRY_COMPARE_WITH_TIMEOUT(leads(second), 1, 15000);
    second.stop();
}

QTEST_GUILESS_MAIN(TestScaleOut)
#include "tst_scaleout.moc"
