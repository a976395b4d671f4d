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

// Versions are taken under the organisation's write lock, so a pull that runs while others write
// never skips a change that commits later (ARCHITECTURE.md, "Sync protocol"). Several writers push
// at once while a reader follows with its cursor; the reader must end up with every row.
class TestVersions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void concurrentWritersNeverHideAChangeFromAPull();

private:
    ServerProcess m_server;
    QString m_projectId;
};

void TestVersions::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("pw")));
    TestClient admin(m_server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("pw")).isEmpty());
    const QString clientId = newId();
    m_projectId = newId();
    const QJsonArray results = pushResults(admin,
        {mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "C"}}),
            mutation(QStringLiteral("project"), m_projectId, QStringLiteral("create"),
                {{"client_id", clientId}, {"name", "P"}})});
    QCOMPARE(results.size(), 2);
}

void TestVersions::concurrentWritersNeverHideAChangeFromAPull()
{
    constexpr int writers = 4;
    constexpr int batches = 30;
    constexpr int perBatch = 5;
    QMutex mutex;
    QSet<QString> created;
    std::atomic<int> failures{0};
    std::atomic<int> running{writers};
    const QUrl baseUrl = m_server.baseUrl();
    const QString projectId = m_projectId;

    QList<QThread *> threads;
    for (int w = 0; w < writers; ++w) {
        threads.append(QThread::create([&, w] {
            TestClient client(baseUrl);
            if (client.login(QStringLiteral("admin@acme.test"), QStringLiteral("pw")).isEmpty()) {
                ++failures;
                --running;
                return;
            }
            for (int b = 0; b < batches; ++b) {
                QJsonArray mutations;
                QStringList ids;
                for (int i = 0; i < perBatch; ++i) {
                    ids.append(newId());
                    // Mix creates with updates of earlier rows, so rows move to newer versions too.
                    mutations.append(mutation(QStringLiteral("task"), ids.last(), QStringLiteral("create"),
                        {{"project_id", projectId}, {"title", QStringLiteral("w%1 b%2 #%3").arg(w).arg(b).arg(i)}}));
                }
                mutations.append(mutation(
                    QStringLiteral("task"), ids.first(), QStringLiteral("update"), {{"status", "in_progress"}}));
                const QJsonArray results = pushResults(client, mutations);
                if (results.size() != mutations.size()) {
                    ++failures;
                    continue;
                }
                QMutexLocker lock(&mutex);
                for (const QString &id : std::as_const(ids))
                    created.insert(id);
            }
            --running;
        }));
    }

    TestClient reader(baseUrl);
    QVERIFY(!reader.login(QStringLiteral("admin@acme.test"), QStringLiteral("pw")).isEmpty());
    qint64 cursor = 0;
    QSet<QString> seen;
    for (QThread *thread : std::as_const(threads))
        thread->start();
    // Follow the writers with small pages while they write, then once more after they finished.
    int pulls = 0;
    bool finalPass = false;
    for (;;) {
        const bool writersDone = running.load() == 0;
        const TestClient::Reply reply = reader.get(QStringLiteral("/api/v1/sync/pull?since=%1&limit=17").arg(cursor));
        QCOMPARE(reply.status, 200);
        const QJsonObject body = reply.object();
        qint64 last = cursor;
        for (const QJsonValue &change : body.value(u"changes").toArray()) {
            const qint64 version = change.toObject().value(u"version").toInteger();
            QVERIFY(version > last);
            last = version;
            if (change.toObject().value(u"entity").toString() == u"task")
                seen.insert(change.toObject().value(u"id").toString());
        }
        cursor = body.value(u"cursor").toInteger();
        ++pulls;
        if (!body.value(u"more").toBool() && finalPass)
            break;
        if (writersDone && !body.value(u"more").toBool())
            finalPass = true;
    }
    for (QThread *thread : std::as_const(threads)) {
        QVERIFY(thread->wait(120000));
        delete thread;
    }
    QCOMPARE(failures.load(), 0);
    QCOMPARE(created.size(), writers * batches * perBatch);
    QVERIFY(pulls > 2);
    const QSet<QString> missing = created - seen;
    QVERIFY2(missing.isEmpty(),
        qPrintable(QStringLiteral("%1 rows never reached the following reader").arg(missing.size())));
}

QTEST_GUILESS_MAIN(TestVersions)
#include "tst_versions.moc"
