// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

#include "tests/support/eventstream.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

namespace {

constexpr int eventTimeoutMs = 10000;

} // namespace

// GET /api/v1/sync/events (Server-Sent Events) through the real server binary, on SQLite and on
// PostgreSQL (where the news travels through LISTEN/NOTIFY).
class TestSyncEvents : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void withoutTokenIsRefused();
    void firstEventCarriesTheCurrentVersion();
    void pushByAnotherUserIsAnnounced();
    void burstIsCoalesced();
    void otherOrganisationsAreNotAnnounced();
    void headSendsOnlyTheHead();
    void http10ClientGetsTheStream();
    void clientHangingUpDoesNotHurtTheServer();
    void manyStreamsAllGetTheEvent();

private:
    // The organisation's current version, as a pull reports it.
    static qint64 orgVersion(TestClient &client);
    // Creates a client through a push and returns the organisation's version afterwards (-1 on failure).
    static qint64 pushSomething(TestClient &client);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    std::unique_ptr<TestClient> m_member;
    std::unique_ptr<TestClient> m_other; // admin of another organisation
};

void TestSyncEvents::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(QStringLiteral("Acme Studio"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"),
        QStringLiteral("admin-pw")));
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("member@acme.test"), QStringLiteral("Mo Member"),
        QStringLiteral("member"), QStringLiteral("member-pw")));
    QVERIFY(m_server.createOrg(QStringLiteral("Beta Agency"), QStringLiteral("beta"), QStringLiteral("admin@beta.test"),
        QStringLiteral("beta-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    m_member = std::make_unique<TestClient>(m_server.baseUrl());
    m_other = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    QVERIFY(!m_member->login(QStringLiteral("member@acme.test"), QStringLiteral("member-pw")).isEmpty());
    QVERIFY(!m_other->login(QStringLiteral("admin@beta.test"), QStringLiteral("beta-pw")).isEmpty());
    QVERIFY(!createProject(*m_admin).isEmpty());
}

qint64 TestSyncEvents::orgVersion(TestClient &client)
{
    qint64 cursor = -1;
    pullAll(client, 0, &cursor);
    return cursor;
}

qint64 TestSyncEvents::pushSomething(TestClient &client)
{
    const QJsonArray results = pushResults(
        client, {mutation(QStringLiteral("client"), newId(), QStringLiteral("create"), {{"name", "Fjord Outdoor"}})});
    if (results.size() != 1 || results.at(0).toObject().value(u"status").toString() != u"applied")
        return -1;
    return orgVersion(client);
}

void TestSyncEvents::withoutTokenIsRefused()
{
    EventStream anonymous(m_server.baseUrl(), {});
    QTRY_VERIFY_WITH_TIMEOUT(anonymous.isFinished(), eventTimeoutMs);
    QCOMPARE(anonymous.status(), 401);
    QVERIFY(anonymous.header("Content-Type").startsWith("application/json"));
    QCOMPARE(QJsonDocument::fromJson(anonymous.raw()).object().value(u"error").toObject().value(u"code").toString(),
        QStringLiteral("unauthorized"));

    EventStream forged(m_server.baseUrl(), "atr_" + QByteArray(43, 'A'));
    QTRY_VERIFY_WITH_TIMEOUT(forged.isFinished(), eventTimeoutMs);
    QCOMPARE(forged.status(), 401);
}

void TestSyncEvents::firstEventCarriesTheCurrentVersion()
{
    const qint64 current = orgVersion(*m_admin);
    QVERIFY(current > 0);
    EventStream stream(m_server.baseUrl(), m_admin->token());
    QTRY_VERIFY_WITH_TIMEOUT(!stream.versions().isEmpty(), eventTimeoutMs);
    QCOMPARE(stream.status(), 200);
    QCOMPARE(stream.header("Content-Type"), QByteArray("text/event-stream; charset=utf-8"));
    QCOMPARE(stream.header("Cache-Control"), QByteArray("no-store"));
    QCOMPARE(stream.header("X-Content-Type-Options"), QByteArray("nosniff"));
    QVERIFY(stream.header("Content-Length").isEmpty());
    QCOMPARE(stream.versions().first(), current);
    QVERIFY2(stream.raw().startsWith("retry: "), stream.raw().constData());
    QVERIFY(!stream.isFinished());
}

void TestSyncEvents::pushByAnotherUserIsAnnounced()
{
    EventStream stream(m_server.baseUrl(), m_admin->token());
    QTRY_VERIFY_WITH_TIMEOUT(!stream.versions().isEmpty(), eventTimeoutMs);
    const qint64 before = stream.lastVersion();

    const qint64 after = pushSomething(*m_member);
    QVERIFY(after > before);
    QTRY_COMPARE_WITH_TIMEOUT(stream.lastVersion(), after, eventTimeoutMs);
    // Versions only go up.
    const QList<qint64> versions = stream.versions();
    for (qsizetype i = 1; i < versions.size(); ++i)
        QVERIFY(versions.at(i) > versions.at(i - 1));
}

void TestSyncEvents::burstIsCoalesced()
{
    EventStream stream(m_server.baseUrl(), m_admin->token());
    QTRY_VERIFY_WITH_TIMEOUT(!stream.versions().isEmpty(), eventTimeoutMs);
    qint64 last = -1;
    for (int i = 0; i < 10; ++i) {
        const QJsonArray results = pushResults(*m_member,
            {mutation(QStringLiteral("client"), newId(), QStringLiteral("create"), {{"name", "Harbour Coffee"}})});
        QCOMPARE(results.size(), 1);
    }
    last = orgVersion(*m_admin);
    QTRY_COMPARE_WITH_TIMEOUT(stream.lastVersion(), last, eventTimeoutMs);
    // Every event is a new version; none is repeated or goes back.
    const QList<qint64> versions = stream.versions();
    for (qsizetype i = 1; i < versions.size(); ++i)
        QVERIFY(versions.at(i) > versions.at(i - 1));
    QVERIFY(versions.size() <= 11);
}

void TestSyncEvents::otherOrganisationsAreNotAnnounced()
{
    EventStream acme(m_server.baseUrl(), m_admin->token());
    EventStream beta(m_server.baseUrl(), m_other->token());
    QTRY_VERIFY_WITH_TIMEOUT(!acme.versions().isEmpty() && !beta.versions().isEmpty(), eventTimeoutMs);
    const qsizetype acmeSeen = acme.versions().size();
    const qint64 acmeBefore = acme.lastVersion();

    // Beta's versions are taken above Acme's, so that news of Beta would show on Acme's stream
    // (which ignores versions it has seen already).
    QJsonArray batch;
    for (qint64 i = orgVersion(*m_other); i < acmeBefore + 5; ++i)
        batch.append(mutation(QStringLiteral("client"), newId(), QStringLiteral("create"), {{"name", "Beta client"}}));
    QCOMPARE(pushResults(*m_other, batch).size(), batch.size());
    const qint64 betaVersion = orgVersion(*m_other);
    QVERIFY(betaVersion > acmeBefore);
    // Once Beta's own stream has heard of Beta's push, Acme's would have too, if it were told.
    QTRY_COMPARE_WITH_TIMEOUT(beta.lastVersion(), betaVersion, eventTimeoutMs);

    const qint64 acmeVersion = pushSomething(*m_member);
    QVERIFY(acmeVersion > acmeBefore);
    QVERIFY(acmeVersion != betaVersion);
    QTRY_VERIFY_WITH_TIMEOUT(acme.versions().size() > acmeSeen, eventTimeoutMs);
    QCOMPARE(acme.versions().at(acmeSeen), acmeVersion);
    QCOMPARE(beta.lastVersion(), betaVersion);
}

void TestSyncEvents::headSendsOnlyTheHead()
{
    const TestClient::Reply reply = m_admin->send("HEAD", QStringLiteral("/api/v1/sync/events"));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Type"), QByteArray("text/event-stream; charset=utf-8"));
    QVERIFY(reply.body.isEmpty());
}

void TestSyncEvents::http10ClientGetsTheStream()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server.port());
    QVERIFY(socket.waitForConnected(eventTimeoutMs));
    socket.write("GET /api/v1/sync/events HTTP/1.0\r\nAuthorization: Bearer " + m_admin->token()
        + "\r\n\r\nwhatever the client sends now is ignored\r\n\r\n");
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll()).contains("event: version\n"), eventTimeoutMs);
    const qsizetype headEnd = received.indexOf("\r\n\r\n");
    QVERIFY(headEnd > 0);
    const QByteArray head = received.left(headEnd).toLower();
    QVERIFY2(head.startsWith("http/1.1 200 "), head.constData());
    QVERIFY(head.contains("\r\nconnection: close"));
    QVERIFY(!head.contains("content-length"));
    QVERIFY(!head.contains("transfer-encoding"));
    QVERIFY(head.contains("\r\ncontent-security-policy: "));
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);

    const qint64 after = pushSomething(*m_member);
    const QByteArray expected = QByteArray("data: {\"version\":") + QByteArray::number(after) + "}\n\n";
    QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll()).contains(expected), eventTimeoutMs);
}

void TestSyncEvents::clientHangingUpDoesNotHurtTheServer()
{
    {
        std::vector<std::unique_ptr<EventStream>> streams;
        for (int i = 0; i < 5; ++i)
            streams.push_back(std::make_unique<EventStream>(m_server.baseUrl(), m_admin->token()));
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(streams.cbegin(), streams.cend(),
                                     [](const auto &stream) {
                                         return !stream->versions().isEmpty();
                                     }),
            eventTimeoutMs);
        for (auto &stream : streams)
            stream->close();
    }
    // A commit right after the hang-ups: the server announces it to streams that are going away.
    QVERIFY(pushSomething(*m_member) > 0);
    TestClient anonymous(m_server.baseUrl());
    QCOMPARE(anonymous.get(QStringLiteral("/api/v1/health")).status, 200);
    QVERIFY(m_server.isRunning());

    // And live updates still work.
    EventStream stream(m_server.baseUrl(), m_admin->token());
    QTRY_VERIFY_WITH_TIMEOUT(!stream.versions().isEmpty(), eventTimeoutMs);
    const qint64 after = pushSomething(*m_member);
    QTRY_COMPARE_WITH_TIMEOUT(stream.lastVersion(), after, eventTimeoutMs);
}

void TestSyncEvents::manyStreamsAllGetTheEvent()
{
    constexpr int count = 50;
    std::vector<std::unique_ptr<EventStream>> streams;
    for (int i = 0; i < count; ++i)
        streams.push_back(std::make_unique<EventStream>(m_server.baseUrl(), m_admin->token()));
    const auto allHave = [&streams](auto predicate) {
        return std::all_of(streams.cbegin(), streams.cend(), [&predicate](const auto &stream) {
            return predicate(*stream);
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allHave([](const EventStream &stream) {
        return !stream.versions().isEmpty();
    }),
        3 * eventTimeoutMs);

    const qint64 after = pushSomething(*m_member);
    QVERIFY(after > 0);
    QTRY_VERIFY_WITH_TIMEOUT(allHave([after](const EventStream &stream) {
        return stream.lastVersion() == after;
    }),
        3 * eventTimeoutMs);
    QVERIFY(allHave([](const EventStream &stream) {
        return !stream.isFinished();
    }));
    TestClient anonymous(m_server.baseUrl());
    QCOMPARE(anonymous.get(QStringLiteral("/api/v1/health")).status, 200);
}

QTEST_GUILESS_MAIN(TestSyncEvents)
#include "tst_syncevents.moc"
