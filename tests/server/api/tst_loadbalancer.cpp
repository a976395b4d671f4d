// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

#include "tests/support/haproxysample.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testclient.h"

// The sample configurations in packaging/ for HAProxy and nginx in front of several instances, with
// the real tools: both pass their own checks; HAProxy, run with the sample (ports made free ones),
// spreads requests over the instances, keeps serving through the others when one is killed, and
// hands the client's address on in X-Forwarded-For, which an instance believes only from a trusted
// proxy (--trusted-proxies).
class TestLoadBalancer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void theSampleConfigurationsPassTheirChecks();
    void anInstanceBelievesForwardedForOnlyFromATrustedProxy();
    void haproxyServesThroughTheInstancesThatLive();

private:
    // The address of the newest security log entry of `action` for the admin, as `server` saw it.
    QString loggedAddress(const QUrl &server, const QString &action);

    QTemporaryDir m_dir;
    ServerProcess m_first;
    ServerProcess m_second; // on PostgreSQL: sharing the first's database
    HaproxySample m_haproxy;
};

QString TestLoadBalancer::loggedAddress(const QUrl &server, const QString &action)
{
    TestClient admin(server);
    admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw"));
    const QJsonArray events =
        admin.get(QStringLiteral("/api/v1/security-log?action=") + action).object().value(u"events").toArray();
    return events.isEmpty() ? QString() : events.first().toObject().value(u"address").toString();
}

void TestLoadBalancer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (!m_first.start({QStringLiteral("--trusted-proxies"), QStringLiteral("127.0.0.1")}))
        QFAIL(qPrintable(m_first.errorString()));
    QVERIFY(m_first.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    if (!m_first.databaseUrl().isEmpty()) {
        m_second.shareDatabaseWith(m_first);
        if (!m_second.start({QStringLiteral("--trusted-proxies"), QStringLiteral("127.0.0.1"),
                QStringLiteral("--secret-key-file"), QDir(m_first.dataDir()).filePath(QStringLiteral("secret.key"))}))
            QFAIL(qPrintable(m_second.errorString()));
    }
}

void TestLoadBalancer::theSampleConfigurationsPassTheirChecks()
{
    const QString haproxy = QStandardPaths::findExecutable(QStringLiteral("haproxy"), {QStringLiteral("/usr/sbin")});
    const QString nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"), {QStringLiteral("/usr/sbin")});
    QVERIFY2(
        !haproxy.isEmpty() && !nginx.isEmpty(), "haproxy and nginx are installed by ./scripts/install-deps --test");
    QProcess check;
    check.start(haproxy,
        {QStringLiteral("-c"), QStringLiteral("-f"),
            QStringLiteral(ATRIUM_SOURCE_DIR "/packaging/haproxy/atrium.cfg")});
    QVERIFY(check.waitForFinished(20000));
    QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());

    // nginx's sample is a conf.d file: checked inside a minimal main configuration, with a
    // throw-away certificate where the sample names the real one.
    const QString dir = m_dir.filePath(QStringLiteral("nginx"));
    QVERIFY(QDir().mkpath(dir));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
            QStringLiteral("-nodes"), QStringLiteral("-subj"), QStringLiteral("/CN=portal.example.com"),
            QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-keyout"), dir + QStringLiteral("/key.pem"),
            QStringLiteral("-out"), dir + QStringLiteral("/cert.pem")});
    QVERIFY(openssl.waitForFinished(60000));
    QCOMPARE(openssl.exitCode(), 0);
    QFile sample(QStringLiteral(ATRIUM_SOURCE_DIR "/packaging/nginx/atrium.conf"));
    QVERIFY(sample.open(QIODevice::ReadOnly));
    QByteArray site = sample.readAll();
    site.replace("/etc/atrium/tls/fullchain.pem", (dir + QStringLiteral("/cert.pem")).toUtf8());
    site.replace("/etc/atrium/tls/privkey.pem", (dir + QStringLiteral("/key.pem")).toUtf8());
    QFile siteFile(dir + QStringLiteral("/atrium.conf"));
    QVERIFY(siteFile.open(QIODevice::WriteOnly));
    siteFile.write(site);
    siteFile.close();
    QFile main(dir + QStringLiteral("/nginx.conf"));
    QVERIFY(main.open(QIODevice::WriteOnly));
    main.write(
        QStringLiteral("pid %1/nginx.pid;\nerror_log stderr;\nevents {}\nhttp {\n    access_log off;\n    include "
                       "%1/atrium.conf;\n}\n")
            .arg(dir)
            .toUtf8());
    main.close();
    check.start(nginx,
        {QStringLiteral("-t"), QStringLiteral("-p"), dir, QStringLiteral("-c"), dir + QStringLiteral("/nginx.conf"),
            QStringLiteral("-e"), QStringLiteral("stderr")});
    QVERIFY(check.waitForFinished(20000));
    QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
}

void TestLoadBalancer::anInstanceBelievesForwardedForOnlyFromATrustedProxy()
{
    // From 127.0.0.1, which this instance trusts: the last address of X-Forwarded-For is the client.
    TestClient viaProxy(m_first.baseUrl());
    QCOMPARE(viaProxy
                 .send("POST", QStringLiteral("/api/v1/auth/login"),
                     QJsonDocument(QJsonObject{{"email", "admin@acme.test"}, {"password", "wrong"}}).toJson(),
                     {{"Content-Type", "application/json"}, {"X-Forwarded-For", "203.0.113.9, 198.51.100.7"}})
                 .status,
        401);
    QCOMPARE(loggedAddress(m_first.baseUrl(), QStringLiteral("sign_in_failed")), QStringLiteral("198.51.100.7"));

    // An instance that trusts no proxy takes the connection's address, whatever the header says.
    ServerProcess plain;
    if (!plain.start())
        QFAIL(qPrintable(plain.errorString()));
    QVERIFY(plain.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    TestClient direct(plain.baseUrl());
    direct.send("POST", QStringLiteral("/api/v1/auth/login"),
        QJsonDocument(QJsonObject{{"email", "admin@acme.test"}, {"password", "wrong"}}).toJson(),
        {{"Content-Type", "application/json"}, {"X-Forwarded-For", "198.51.100.7"}});
    QCOMPARE(loggedAddress(plain.baseUrl(), QStringLiteral("sign_in_failed")), QStringLiteral("127.0.0.1"));
}

void TestLoadBalancer::haproxyServesThroughTheInstancesThatLive()
{
    // The sample, with free ports, this test's instances and quicker health checks; and round robin
    // instead of by connections, so this one client's requests go to both instances for certain
    // (and half of them to the one killed below).
    QList<quint16> ports{m_first.port()};
    if (m_second.isRunning())
        ports.append(m_second.port());
    const QString started = m_haproxy.start(ports, m_dir.path(), QStringLiteral("roundrobin"));
    QVERIFY2(started.isEmpty(), qPrintable(started));
    const QUrl balancer = m_haproxy.url();
    QTRY_VERIFY2_WITH_TIMEOUT(
        TestClient(balancer).get(QStringLiteral("/healthz")).status == 200, m_haproxy.diagnostics().constData(), 10000);

    TestClient client(balancer);
    QVERIFY(!client.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    for (int i = 0; i < 10; ++i)
        QCOMPARE(client.get(QStringLiteral("/api/v1/auth/me")).status, 200);
    // HAProxy's own X-Forwarded-For entry is the one believed, not one the client sent.
    client.send("POST", QStringLiteral("/api/v1/auth/login"),
        QJsonDocument(QJsonObject{{"email", "admin@acme.test"}, {"password", "wrong"}}).toJson(),
        {{"Content-Type", "application/json"}, {"X-Forwarded-For", "203.0.113.9"}});
    QCOMPARE(loggedAddress(balancer, QStringLiteral("sign_in_failed")), QStringLiteral("127.0.0.1"));

    if (!m_second.isRunning())
        QSKIP("several instances share a database on PostgreSQL only");
    // One instance dies mid-use: every request still gets its answer, from the other.
    m_first.kill();
    for (int i = 0; i < 20; ++i) {
        const TestClient::Reply reply = client.get(QStringLiteral("/api/v1/auth/me"));
        QVERIFY2(reply.status == 200, reply.body.constData());
    }
    QCOMPARE(TestClient(balancer).get(QStringLiteral("/healthz")).status, 200);
}

QTEST_GUILESS_MAIN(TestLoadBalancer)
#include "tst_loadbalancer.moc"
