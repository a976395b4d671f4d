// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <future>
#include <memory>

#include "tests/support/dbinspector.h"
#include "tests/support/eventstream.h"
#include "tests/support/haproxysample.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

// Atrium as a larger studio runs it: three instances on one PostgreSQL with file contents in an S3
// store (s3rver), behind HAProxy with the sample configuration (packaging/haproxy). Desktops and a
// portal client spread over the instances; a change pushed through one instance reaches a desktop
// listening on another; sign-in throttling counts at every instance together; parallel uploads
// through different instances never overrun the quota; exactly one instance does the housekeeping;
// and one instance killed with SIGKILL mid-load loses no acknowledged write: the clients carry on
// through the others, another instance takes the housekeeping over, and `atrium-server check`
// passes (the quota is the sum of the stored files). Runs only as tst_threeinstances
// (ATRIUM_TEST_BLOB_STORE=s3 on PostgreSQL).
class TestThreeInstances : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void exactlyOneInstanceLeadsHousekeeping();
    void aChangeThroughOneInstanceReachesADesktopOnAnother();
    void throttlingCountsAtEveryInstanceTogether();
    void aSessionEndedOnOneInstanceIsRefusedByAll();
    void parallelUploadsThroughDifferentInstancesNeverOverrunTheQuota();
    void killingAnInstanceMidLoadLosesNoAcknowledgedWrite();

private:
    static int leads(const ServerProcess &server);
    // Uploads `content` through `client` in one chunk; the file's id, or "" with a warning.

    QTemporaryDir m_dir;
    std::array<ServerProcess, 3> m_servers;
    HaproxySample m_haproxy;
    QUrl m_balancer;
    QByteArray m_token;
    QString m_orgId;
    QString m_projectId;
    QString m_clientId;
};

namespace {

const QString adminEmail = QStringLiteral("admin@studio.test");
const QString adminPassword = QStringLiteral("admin password");

} // namespace

int TestThreeInstances::leads(const ServerProcess &server)
{
    return int(server.output().count("this instance leads housekeeping"));
}

void TestThreeInstances::initTestCase()
{
    if (!ServerProcess::usesS3())
        QFAIL("tst_threeinstances runs with ATRIUM_TEST_BLOB_STORE=s3 (ctest -R tst_threeinstances)");
    QVERIFY(m_dir.isValid());
    const QString secretKey = QDir(m_servers[0].dataDir()).filePath(QStringLiteral("secret.key"));
    const QStringList common{QStringLiteral("--trusted-proxies"), QStringLiteral("127.0.0.1"),
        QStringLiteral("--housekeeping-seconds"), QStringLiteral("1"), QStringLiteral("--login-max-failures"),
        QStringLiteral("3"), QStringLiteral("--secret-key-file"), secretKey};
    if (!m_servers[0].start(common))
        QFAIL(qPrintable(m_servers[0].errorString()));
    for (int i = 1; i < 3; ++i) {
        m_servers[i].shareDatabaseWith(m_servers[0]);
        if (!m_servers[i].start(common))
            QFAIL(qPrintable(m_servers[i].errorString()));
    }
    QVERIFY(m_servers[0].createOrg(QStringLiteral("Studio"), QStringLiteral("studio"), adminEmail, adminPassword));

    // HAProxy with the sample configuration in front of the three.
    const QString started =
        m_haproxy.start({m_servers[0].port(), m_servers[1].port(), m_servers[2].port()}, m_dir.path());
    QVERIFY2(started.isEmpty(), qPrintable(started));
    m_balancer = m_haproxy.url();
    QTRY_VERIFY2_WITH_TIMEOUT(TestClient(m_balancer).get(QStringLiteral("/healthz")).status == 200,
        m_haproxy.diagnostics().constData(), 10000);

    TestClient admin(m_balancer);
    m_token = admin.login(adminEmail, adminPassword);
    QVERIFY(!m_token.isEmpty());
    m_orgId =
        admin.get(QStringLiteral("/api/v1/auth/me")).object().value(u"user").toObject().value(u"org_id").toString();
    QVERIFY(!m_orgId.isEmpty());
    m_projectId = newId();
    m_clientId = newId();
    QVERIFY(PortalFixture::openPortalProject(admin, m_orgId, m_clientId, m_projectId));
}

void TestThreeInstances::exactlyOneInstanceLeadsHousekeeping()
{
    QTRY_COMPARE_WITH_TIMEOUT(leads(m_servers[0]) + leads(m_servers[1]) + leads(m_servers[2]), 1, 10000);
    QTest::qWait(2500); // a few rounds (every second)
    QCOMPARE(leads(m_servers[0]) + leads(m_servers[1]) + leads(m_servers[2]), 1);
}

void TestThreeInstances::aChangeThroughOneInstanceReachesADesktopOnAnother()
{
    // A desktop listening on the second instance, another pushing through the third.
    EventStream stream(m_servers[1].baseUrl(), m_token);
    QTRY_COMPARE_WITH_TIMEOUT(stream.status(), 200, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!stream.events().isEmpty(), 10000); // the version at connect
    const qint64 before = stream.lastVersion();
    TestClient other(m_servers[2].baseUrl());
    other.setToken(m_token);
    const QJsonArray results = pushResults(other,
        {mutation(QStringLiteral("task"), newId(), QStringLiteral("create"),
            {{"project_id", m_projectId}, {"title", "Seen everywhere"}})});
    QCOMPARE(results.first().toObject().value(u"status").toString(), QStringLiteral("applied"));
    const qint64 version = results.first().toObject().value(u"version").toInteger();
    QVERIFY(version > before);
    QTRY_VERIFY_WITH_TIMEOUT(stream.lastVersion() >= version, 10000);
}

void TestThreeInstances::throttlingCountsAtEveryInstanceTogether()
{
    QVERIFY(m_servers[0].addStaff(QStringLiteral("studio"), QStringLiteral("guessed@studio.test"),
        QStringLiteral("Guessed"), QStringLiteral("member"), QStringLiteral("right password")));
    // One wrong password at each instance: the third locks the account (--login-max-failures 3) at
    // all of them, and the right password is refused too until the lockout ends.
    for (ServerProcess &server : m_servers) {
        TestClient client(server.baseUrl());
        const TestClient::Reply wrong = client.post(
            QStringLiteral("/api/v1/auth/login"), QJsonObject{{"email", "guessed@studio.test"}, {"password", "wrong"}});
        QCOMPARE(wrong.status, 401);
    }
    for (ServerProcess &server : m_servers) {
        TestClient client(server.baseUrl());
        const TestClient::Reply locked = client.post(QStringLiteral("/api/v1/auth/login"),
            QJsonObject{{"email", "guessed@studio.test"}, {"password", "right password"}});
        QCOMPARE(locked.status, 429);
        QCOMPARE(locked.errorCode(), QStringLiteral("too_many_attempts"));
    }
}

void TestThreeInstances::aSessionEndedOnOneInstanceIsRefusedByAll()
{
    // A desktop's token: signed in through the first, used at all three, signed out at the second.
    TestClient first(m_servers[0].baseUrl());
    const QByteArray token = first.login(adminEmail, adminPassword);
    QVERIFY(!token.isEmpty());
    for (ServerProcess &server : m_servers) {
        TestClient client(server.baseUrl());
        client.setToken(token);
        QCOMPARE(client.get(QStringLiteral("/api/v1/auth/me")).status, 200);
    }
    TestClient second(m_servers[1].baseUrl());
    second.setToken(token);
    QCOMPARE(second.post(QStringLiteral("/api/v1/auth/logout"), QJsonObject()).status, 200);
    for (ServerProcess &server : m_servers) {
        TestClient client(server.baseUrl());
        client.setToken(token);
        QCOMPARE(client.get(QStringLiteral("/api/v1/auth/me")).status, 401);
    }

    // A client's portal session alike.
    TestClient admin(m_balancer);
    admin.setToken(m_token);
    const PortalFixture::Contact contact =
        PortalFixture::signUp(m_servers[0], admin, m_clientId, QStringLiteral("rose@green.test"));
    QVERIFY(!contact.cookie.isEmpty());
    const QString page = QStringLiteral("/api/v1/portal/projects/") + m_projectId;
    for (ServerProcess &server : m_servers)
        QCOMPARE(TestClient(server.baseUrl()).get(page, contact.headers()).status, 200);
    TestClient third(m_servers[2].baseUrl());
    TestClient::Headers write = contact.headers(true);
    write.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    const TestClient::Reply out = third.send("POST", QStringLiteral("/api/v1/portal/logout"), "{}", write);
    QVERIFY2(out.status == 200, out.body.constData());
    for (ServerProcess &server : m_servers)
        QCOMPARE(TestClient(server.baseUrl()).get(page, contact.headers()).status, 401);
}

void TestThreeInstances::parallelUploadsThroughDifferentInstancesNeverOverrunTheQuota()
{
    // An organisation with room for three files of 1 MiB, and six started at once, two per instance.
    const ServerProcess::CliResult created = m_servers[0].runCli(
        {QStringLiteral("create-org"), QStringLiteral("--name"), QStringLiteral("Small"), QStringLiteral("--slug"),
            QStringLiteral("small"), QStringLiteral("--admin-email"), QStringLiteral("admin@small.test"),
            QStringLiteral("--quota-bytes"), QString::number(3 * 1024 * 1024 + 1000)},
        "small password\n");
    QVERIFY2(created.exitCode == 0, created.err.constData());
    TestClient admin(m_balancer);
    const QByteArray token = admin.login(QStringLiteral("admin@small.test"), QStringLiteral("small password"));
    QVERIFY(!token.isEmpty());
    const QString projectId = createProject(admin);
    QVERIFY(!projectId.isEmpty());
    std::vector<std::future<QString>> uploads;
    for (int i = 0; i < 6; ++i) {
        uploads.push_back(std::async(std::launch::async, [this, i, token, projectId] {
            TestClient client(m_servers[i % 3].baseUrl());
            client.setToken(token);
            const QByteArray content(1024 * 1024, char('a' + i));
            return upload(client, projectId, QStringLiteral("file-%1.bin").arg(i), content);
        }));
    }
    int stored = 0;
    for (auto &u : uploads)
        stored += u.get().isEmpty() ? 0 : 1;
    QCOMPARE(stored, 3);
    DbInspector db(m_servers[0]);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    const QString orgId =
        admin.get(QStringLiteral("/api/v1/auth/me")).object().value(u"user").toObject().value(u"org_id").toString();
    const QVariantList used =
        db.column(QStringLiteral("SELECT storage_used_bytes FROM organisations WHERE id = ?"), {orgId});
    QCOMPARE(used.value(0).toLongLong(), 3 * 1024 * 1024);
}

void TestThreeInstances::killingAnInstanceMidLoadLosesNoAcknowledgedWrite()
{
    int leader = -1;
    for (int i = 0; i < 3; ++i) {
        if (leads(m_servers[i]) == 1)
            leader = i;
    }
    QVERIFY(leader >= 0);

    // A portal client reading through the balancer while it all happens.
    TestClient admin(m_balancer);
    admin.setToken(m_token);
    const PortalFixture::Contact contact =
        PortalFixture::signUp(m_servers[0], admin, m_clientId, QStringLiteral("ivy@green.test"));
    QVERIFY(!contact.cookie.isEmpty());

    // Two desktops push tasks and upload files through the balancer, retrying what got no answer
    // (the same mutation ids, as the desktop's outbox does); the leader is killed halfway.
    QSet<QString> acknowledgedTasks;
    QSet<QString> acknowledgedFiles;
    std::array<std::unique_ptr<TestClient>, 2> desktops;
    for (auto &desktop : desktops) {
        desktop = std::make_unique<TestClient>(m_balancer);
        desktop->setToken(m_token);
    }
    const int rounds = 40;
    for (int round = 0; round < rounds; ++round) {
        if (round == rounds / 2)
            m_servers[leader].kill();
        TestClient &desktop = *desktops[round % 2];
        const QString taskId = newId();
        const QJsonArray batch{mutation(QStringLiteral("task"), taskId, QStringLiteral("create"),
            {{"project_id", m_projectId}, {"title", QStringLiteral("Load %1").arg(round)}})};
        for (int attempt = 0; attempt < 5; ++attempt) {
            const QJsonArray results = pushResults(desktop, batch);
            if (!results.isEmpty()) {
                QCOMPARE(results.first().toObject().value(u"status").toString(), QStringLiteral("applied"));
                acknowledgedTasks.insert(taskId);
                break;
            }
            QTest::qWait(300);
        }
        if (round % 5 == 0) {
            const QString fileId =
                upload(desktop, m_projectId, QStringLiteral("load-%1.txt").arg(round), QByteArray(2000, char('k')));
            if (!fileId.isEmpty())
                acknowledgedFiles.insert(fileId);
        }
        TestClient portal(m_balancer);
        const TestClient::Reply page =
            portal.get(QStringLiteral("/api/v1/portal/projects/") + m_projectId, contact.headers());
        QVERIFY2(page.status == 200, page.body.constData());
    }
    QCOMPARE(acknowledgedTasks.size(), rounds);
    QVERIFY(acknowledgedFiles.size() >= 6);

    // Another instance took the housekeeping over.
    QTRY_COMPARE_WITH_TIMEOUT(leads(m_servers[(leader + 1) % 3]) + leads(m_servers[(leader + 2) % 3]), 1, 15000);

    // Every acknowledged write is there, read through a surviving instance; the files whole.
    TestClient reader(m_servers[(leader + 1) % 3].baseUrl());
    reader.setToken(m_token);
    const QJsonArray changes = pullAll(reader);
    for (const QString &id : std::as_const(acknowledgedTasks))
        QVERIFY2(!find(changes, id).isEmpty(), qPrintable(id));
    for (const QString &id : std::as_const(acknowledgedFiles)) {
        QVERIFY2(!find(changes, id).isEmpty(), qPrintable(id));
        QVERIFY(reader.get(QStringLiteral("/api/v1/files/%1/content").arg(id)).body == QByteArray(2000, char('k')));
    }
    // The database is consistent and each organisation's quota is the sum of its stored files.
    const ServerProcess::CliResult check = m_servers[(leader + 1) % 3].runCli({QStringLiteral("check")});
    QVERIFY2(check.exitCode == 0, check.out.constData());
}

QTEST_GUILESS_MAIN(TestThreeInstances)
#include "tst_threeinstances.moc"
