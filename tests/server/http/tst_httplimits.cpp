// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QScopeGuard>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/support/rawhttp.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

namespace {

constexpr qint64 KiB = 1024;
constexpr qint64 MiB = 1024 * KiB;
constexpr qint64 GiB = 1024 * MiB;
constexpr qint64 pushLimit = 8 * MiB; // server/api/synccontroller.h
constexpr qint64 memoryCeilingKiB = 200 * 1024;

QByteArray healthRequest()
{
    return QByteArrayLiteral("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}

QString describe(const TestClient::Reply &reply)
{
    return QStringLiteral("HTTP %1: %2").arg(reply.status).arg(QString::fromUtf8(reply.body.left(300)));
}

QString describe(const RawHttp &raw)
{
    QString text = QStringLiteral("%1 response(s), closed: %2").arg(raw.responses().size()).arg(raw.isClosed());
    for (const RawHttp::Response &response : raw.responses())
        text += QStringLiteral("; %1 %2").arg(
            QString::fromLatin1(response.statusLine), QString::fromUtf8(response.body.left(200)));
    if (!raw.unparsed().isEmpty())
        text += QStringLiteral("; unparsed: ") + QString::fromLatin1(raw.unparsed().left(200).toPercentEncoding(" /:"));
    return text;
}

// Sets up an organisation with a project on a running server and returns its admin's token.
QByteArray prepareOrganisation(ServerProcess &server, QString *projectId)
{
    if (!server.createOrg(QStringLiteral("Acme Studio"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"),
            QStringLiteral("admin-pw")))
        return {};
    TestClient admin(server.baseUrl());
    const QByteArray token = admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw"));
    if (token.isEmpty() || !projectId)
        return token;
    const QString clientId = newId();
    *projectId = newId();
    const QJsonArray results = pushResults(admin,
        {mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "Harbour Coffee"}}),
            mutation(QStringLiteral("project"), *projectId, QStringLiteral("create"),
                {{"client_id", clientId}, {"name", "Brand refresh"}})});
    if (results.size() != 2 || results.at(1).toObject().value(u"status").toString() != u"applied")
        return {};
    return token;
}

} // namespace

// The HTTP connection layer as clients meet it: status codes and JSON errors for bad requests,
// body and time limits, keep-alive, memory use under hostile uploads, and TLS.
class TestHttpLimits : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void unknownRouteIsJsonNotFound_data();
    void unknownRouteIsJsonNotFound();
    void wrongMethodIsNotAllowed_data();
    void wrongMethodIsNotAllowed();
    void malformedRequestIsBadRequest_data();
    void malformedRequestIsBadRequest();
    void badJsonPushIsRefused_data();
    void badJsonPushIsRefused();
    void oversizedPushIsRefusedUnread_data();
    void oversizedPushIsRefusedUnread();
    void hugeBodiesKeepMemoryBounded_data();
    void hugeBodiesKeepMemoryBounded();
    void slowLorisIsCutOff();
    void idleKeepAliveConnectionIsClosed();
    void busyKeepAliveConnectionStaysOpen();
    void keepAliveAnswersEveryRequest_data();
    void keepAliveAnswersEveryRequest();
    void everyResponseHasExplicitContentType_data();
    void everyResponseHasExplicitContentType();
    void tlsServesHttps();
    void ambiguousFramingIsRefusedAndClosed_data();
    void ambiguousFramingIsRefusedAndClosed();
    void tricklingBodyIsCutOff();
    void slowReaderIsCutOff();
    void connectionFloodLeavesServerServing();
    void everyThreadHasItsDescriptorsSetAside();

private:
    ServerProcess m_server;
    QByteArray m_token;
    QString m_projectId;
};

void TestHttpLimits::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    m_token = prepareOrganisation(m_server, &m_projectId);
    QVERIFY(!m_token.isEmpty());
}

void TestHttpLimits::unknownRouteIsJsonNotFound_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addRow("the root") << QByteArray("GET") << QStringLiteral("/");
    QTest::addRow("outside the API") << QByteArray("GET") << QStringLiteral("/etc/passwd");
    QTest::addRow("an unknown API route") << QByteArray("GET") << QStringLiteral("/api/v1/nope");
    QTest::addRow("another API version") << QByteArray("GET") << QStringLiteral("/api/v2/health");
    QTest::addRow("a trailing slash") << QByteArray("GET") << QStringLiteral("/api/v1/health/");
    QTest::addRow("one segment too many") << QByteArray("GET") << QStringLiteral("/api/v1/files/uploads/a/b/c");
    QTest::addRow("posting to nowhere") << QByteArray("POST") << QStringLiteral("/api/v1/nope");
}

void TestHttpLimits::unknownRouteIsJsonNotFound()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    TestClient client(m_server.baseUrl());
    client.setToken(m_token);
    const TestClient::Reply reply = client.send(method, path, method == "POST" ? QByteArray("{}") : QByteArray(),
        {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}});
    QVERIFY2(reply.status == 404, qPrintable(describe(reply)));
    QVERIFY2(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type").constData());
    QCOMPARE(reply.errorCode(), QStringLiteral("not_found"));
    QVERIFY(!reply.object().value(u"error").toObject().value(u"message").toString().isEmpty());
}

void TestHttpLimits::wrongMethodIsNotAllowed_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArrayList>("allowed");
    const QString someId = newId();
    QTest::addRow("deleting the health check")
        << QByteArray("DELETE") << QStringLiteral("/api/v1/health") << QByteArrayList{"GET", "HEAD"};
    QTest::addRow("getting the push route")
        << QByteArray("GET") << QStringLiteral("/api/v1/sync/push") << QByteArrayList{"POST"};
    QTest::addRow("putting the login") << QByteArray("PUT") << QStringLiteral("/api/v1/auth/login")
                                       << QByteArrayList{"POST"};
    QTest::addRow("posting to a download")
        << QByteArray("POST") << QStringLiteral("/api/v1/files/%1/content").arg(someId)
        << QByteArrayList{"GET", "HEAD"};
    QTest::addRow("patching an upload") << QByteArray("PATCH") << QStringLiteral("/api/v1/files/uploads/%1").arg(someId)
                                        << QByteArrayList{"DELETE", "GET", "HEAD", "PUT"};
}

void TestHttpLimits::wrongMethodIsNotAllowed()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArrayList, allowed);
    TestClient client(m_server.baseUrl());
    client.setToken(m_token);
    const TestClient::Reply reply = client.send(method, path, {}, {});
    QVERIFY2(reply.status == 405, qPrintable(describe(reply)));
    QVERIFY(reply.header("Content-Type").startsWith("application/json"));
    QVERIFY(!reply.errorCode().isEmpty());
    // RFC 9110 15.5.6: a 405 names the methods the resource has.
    QByteArrayList allow;
    for (const QByteArray &item : reply.header("Allow").split(','))
        allow.append(item.trimmed());
    std::sort(allow.begin(), allow.end());
    QCOMPARE(allow, allowed);
}

void TestHttpLimits::malformedRequestIsBadRequest_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addRow("garbage") << QByteArray("GARBAGE\r\n\r\n");
    QTest::addRow("no HTTP version") << QByteArray("GET /api/v1/health\r\n\r\n");
    QTest::addRow("no target") << QByteArray("GET HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::addRow("a space in the target") << QByteArray("GET /api/v1/he alth HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::addRow("a control character in the method")
        << QByteArray("G\x01T /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::addRow("a TLS hello on the plain port")
        << QByteArray("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n", 14);
    QTest::addRow("a header line without a colon") << QByteArray("GET /api/v1/health HTTP/1.1\r\nHost x\r\n\r\n");
}

void TestHttpLimits::malformedRequestIsBadRequest()
{
    QFETCH(QByteArray, request);
    RawHttp raw(m_server.port());
    QVERIFY(raw.waitForConnected());
    raw.write(request);
    QVERIFY2(raw.waitForResponses(1), qPrintable(describe(raw)));
    const RawHttp::Response response = raw.responses().at(0);
    QCOMPARE(response.status, 400);
    QVERIFY(response.header("Content-Type").startsWith("application/json"));
    QVERIFY(!response.errorCode().isEmpty());
    QCOMPARE(response.header("X-Content-Type-Options"), QByteArray("nosniff"));
    // After a request it cannot parse, the server cannot know where the next one starts: it hangs up.
    QVERIFY2(raw.waitForClosed(10000), qPrintable(describe(raw)));
    QCOMPARE(TestClient(m_server.baseUrl()).get(QStringLiteral("/api/v1/health")).status, 200);
}

void TestHttpLimits::badJsonPushIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addRow("not JSON") << QByteArray("{mutations: [");
    QTest::addRow("an empty body") << QByteArray();
    QTest::addRow("a JSON array") << QByteArray("[]");
    QTest::addRow("a JSON string") << QByteArray("\"mutations\"");
    QTest::addRow("garbage after the object") << QByteArray("{\"mutations\": []} trailing");
    QTest::addRow("invalid UTF-8") << QByteArray("{\"mutations\": [], \"client_id\": \"\xff\xfe\"}");
}

void TestHttpLimits::badJsonPushIsRefused()
{
    QFETCH(QByteArray, body);
    TestClient client(m_server.baseUrl());
    client.setToken(m_token);
    const TestClient::Reply reply =
        client.postRaw(QStringLiteral("/api/v1/sync/push"), body, QByteArrayLiteral("application/json"));
    QVERIFY2(reply.status == 400, qPrintable(describe(reply)));
    QCOMPARE(reply.errorCode(), QStringLiteral("invalid_json"));
    QVERIFY(reply.header("Content-Type").startsWith("application/json"));
}

void TestHttpLimits::oversizedPushIsRefusedUnread_data()
{
    QTest::addColumn<qint64>("declared");
    QTest::addColumn<qint64>("sent");
    QTest::addColumn<bool>("expectContinue");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addRow("8 MiB and a byte, body never sent")
        << pushLimit + 1 << qint64(0) << false << 413 << QStringLiteral("payload_too_large");
    QTest::addRow("1 GiB, body never sent") << GiB << qint64(0) << false << 413 << QStringLiteral("payload_too_large");
    QTest::addRow("8 MiB and a byte, asking to continue")
        << pushLimit + 1 << qint64(0) << true << 413 << QStringLiteral("payload_too_large");
    QTest::addRow("exactly 8 MiB is read and judged")
        << pushLimit << pushLimit << false << 400 << QStringLiteral("invalid_json");
}

void TestHttpLimits::oversizedPushIsRefusedUnread()
{
    QFETCH(qint64, declared);
    QFETCH(qint64, sent);
    QFETCH(bool, expectContinue);
    QFETCH(int, status);
    QFETCH(QString, code);
    RawHttp raw(m_server.port());
    QVERIFY(raw.waitForConnected());
    QByteArray head = "POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_token
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(declared) + "\r\n";
    if (expectContinue)
        head += "Expect: 100-continue\r\n";
    raw.write(head + "\r\n");
    if (sent > 0)
        raw.streamBody(sent, false);
    // The answer comes without the body: the server decides from the head alone.
    QVERIFY2(raw.waitForResponses(1, 30000), qPrintable(describe(raw)));
    const RawHttp::Response response = raw.responses().at(0);
    QCOMPARE(response.status, status);
    QCOMPARE(response.errorCode(), code);
    QVERIFY(response.header("Content-Type").startsWith("application/json"));
    if (status == 413)
        QCOMPARE(response.header("Connection").toLower(), QByteArray("close"));
}

void TestHttpLimits::hugeBodiesKeepMemoryBounded_data()
{
    QTest::addColumn<QString>("route"); // "push" or "chunk"
    QTest::addColumn<bool>("chunked");
    QTest::addRow("push, 1 GiB declared") << QStringLiteral("push") << false;
    QTest::addRow("push, 1 GiB chunked") << QStringLiteral("push") << true;
    QTest::addRow("upload chunk, 1 GiB declared") << QStringLiteral("chunk") << false;
    QTest::addRow("upload chunk, 1 GiB chunked") << QStringLiteral("chunk") << true;
}

void TestHttpLimits::hugeBodiesKeepMemoryBounded()
{
    QFETCH(QString, route);
    QFETCH(bool, chunked);
    // A server of its own, so its peak memory is this test's alone.
    ServerProcess server;
    if (!server.start())
        QFAIL(qPrintable(server.errorString()));
    QString projectId;
    const QByteArray token = prepareOrganisation(server, &projectId);
    QVERIFY(!token.isEmpty());

    QByteArray head;
    if (route == u"push") {
        head = "POST /api/v1/sync/push HTTP/1.1\r\nContent-Type: application/json\r\n";
    } else {
        TestClient admin(server.baseUrl());
        admin.setToken(token);
        const TestClient::Reply started = admin.post(QStringLiteral("/api/v1/files/uploads"),
            QJsonObject{{QStringLiteral("file_id"), newId()}, {QStringLiteral("project_id"), projectId},
                {QStringLiteral("folder"), QStringLiteral("Deliverables")},
                {QStringLiteral("name"), QStringLiteral("huge.bin")}, {QStringLiteral("size"), 2 * GiB},
                {QStringLiteral("sha256"), QString(64, u'0')}});
        QVERIFY2(started.status == 201, qPrintable(describe(started)));
        head = "PUT /api/v1/files/uploads/" + started.object().value(u"upload_id").toString().toLatin1()
            + "?offset=0 HTTP/1.1\r\nContent-Type: application/octet-stream\r\n";
    }
    head += "Host: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n";
    head +=
        chunked ? QByteArray("Transfer-Encoding: chunked\r\n") : "Content-Length: " + QByteArray::number(GiB) + "\r\n";

    RawHttp raw(server.port());
    QVERIFY(raw.waitForConnected());
    raw.write(head + "\r\n");
    raw.streamBody(GiB, chunked);
    QTRY_VERIFY_WITH_TIMEOUT(!raw.responses().isEmpty() || raw.isClosed(), 180000);
    qInfo() << "sent" << raw.bodyBytesSent() / MiB << "MiB before the answer; server peak"
            << server.peakResidentMemoryKiB() / 1024 << "MiB";
    QVERIFY2(!raw.responses().isEmpty(), qPrintable(describe(raw)));
    QCOMPARE(raw.responses().at(0).status, 413);
    QCOMPARE(raw.responses().at(0).errorCode(), QStringLiteral("payload_too_large"));
    QVERIFY2(raw.bodyBytesSent() < GiB, "the server should refuse long before the body is through");

    // The server is still well and never held the body in memory.
    QCOMPARE(TestClient(server.baseUrl()).get(QStringLiteral("/api/v1/health")).status, 200);
    QVERIFY(server.isRunning());
    const qint64 peak = server.peakResidentMemoryKiB();
    QVERIFY(peak > 0);
    QVERIFY2(peak < memoryCeilingKiB, qPrintable(QStringLiteral("peak resident memory %1 KiB").arg(peak)));
}

void TestHttpLimits::slowLorisIsCutOff()
{
    ServerProcess server;
    if (!server.start({QStringLiteral("--header-timeout-ms"), QStringLiteral("1000")}))
        QFAIL(qPrintable(server.errorString()));

    // More slow clients than the server has handler threads.
    const QByteArray request =
        "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-loris\r\nAccept: */*\r\n\r\n";
    std::vector<std::unique_ptr<RawHttp>> slow;
    for (int i = 0; i < 32; ++i) {
        slow.push_back(std::make_unique<RawHttp>(server.port()));
        QVERIFY(slow.back()->waitForConnected());
    }
    int sent = 0;
    QTimer trickle;
    trickle.setInterval(300);
    connect(&trickle, &QTimer::timeout, this, [&] {
        if (sent >= request.size())
            return;
        for (const auto &connection : slow) {
            if (!connection->isClosed())
                connection->write(request.mid(sent, 1));
        }
        ++sent;
    });
    trickle.start();
    for (const auto &connection : slow)
        connection->write(request.left(1));
    sent = 1;

    // Meanwhile an ordinary client is served at once.
    TestClient normal(server.baseUrl());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(normal.get(QStringLiteral("/api/v1/health")).status, 200);

    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(slow.cbegin(), slow.cend(),
                                 [](const auto &c) {
                                     return c->isClosed();
                                 }),
        5000);
    QVERIFY2(sent < request.size(), "the request head should never have been completed");
    for (const auto &connection : slow) {
        // Cut off for taking too long, not turned away at once …
        QVERIFY2(connection->closedAfterMs() >= 800, qPrintable(QString::number(connection->closedAfterMs())));
        // … and never served.
        for (const RawHttp::Response &response : connection->responses())
            QVERIFY2(response.status == 408, response.statusLine.constData());
    }
    QCOMPARE(normal.get(QStringLiteral("/api/v1/health")).status, 200);
}

void TestHttpLimits::idleKeepAliveConnectionIsClosed()
{
    ServerProcess server;
    if (!server.start({QStringLiteral("--idle-timeout-ms"), QStringLiteral("1000")}))
        QFAIL(qPrintable(server.errorString()));
    RawHttp raw(server.port());
    QVERIFY(raw.waitForConnected());
    raw.write(healthRequest());
    QVERIFY2(raw.waitForResponses(1), qPrintable(describe(raw)));
    QCOMPARE(raw.responses().at(0).status, 200);
    QVERIFY(raw.responses().at(0).header("Connection").toLower() != "close");
    QElapsedTimer idle;
    idle.start();
    QTRY_VERIFY_WITH_TIMEOUT(raw.isClosed(), 5000);
    QVERIFY2(idle.elapsed() >= 800, qPrintable(QString::number(idle.elapsed())));
    QCOMPARE(raw.responses().size(), 1);
}

void TestHttpLimits::busyKeepAliveConnectionStaysOpen()
{
    ServerProcess server;
    if (!server.start({QStringLiteral("--idle-timeout-ms"), QStringLiteral("1000")}))
        QFAIL(qPrintable(server.errorString()));
    RawHttp raw(server.port());
    QVERIFY(raw.waitForConnected());
    // A request every 300 ms for about 2.5 s: the idle timer starts again after each answer.
    const int requests = 9;
    int sent = 0;
    QTimer next;
    next.setInterval(300);
    connect(&next, &QTimer::timeout, this, [&] {
        if (sent < requests && raw.responses().size() == sent) {
            raw.write(healthRequest());
            ++sent;
        }
    });
    next.start();
    QTRY_COMPARE_WITH_TIMEOUT(raw.responses().size(), requests, 15000);
    QVERIFY2(!raw.isClosed(), qPrintable(describe(raw)));
    for (const RawHttp::Response &response : raw.responses())
        QCOMPARE(response.status, 200);
}

void TestHttpLimits::keepAliveAnswersEveryRequest_data()
{
    QTest::addColumn<bool>("pipelined");
    QTest::addRow("one after the other") << false;
    QTest::addRow("pipelined") << true;
}

void TestHttpLimits::keepAliveAnswersEveryRequest()
{
    QFETCH(bool, pipelined);
    const QList<QByteArray> requests = {
        healthRequest(),
        QByteArrayLiteral("GET /api/v1/nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
        "GET /api/v1/auth/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_token + "\r\n\r\n",
        QByteArrayLiteral("POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                          "application/json\r\nContent-Length: 2\r\n\r\n{}"),
        healthRequest(),
    };
    const QList<int> expected = {200, 404, 200, 401, 200};
    RawHttp raw(m_server.port());
    QVERIFY(raw.waitForConnected());
    if (pipelined) {
        raw.write(requests.join());
        QVERIFY2(raw.waitForResponses(int(requests.size())), qPrintable(describe(raw)));
    } else {
        for (qsizetype i = 0; i < requests.size(); ++i) {
            raw.write(requests.at(i));
            QVERIFY2(raw.waitForResponses(int(i + 1)), qPrintable(describe(raw)));
        }
    }
    QList<int> statuses;
    for (const RawHttp::Response &response : raw.responses())
        statuses.append(response.status);
    QCOMPARE(statuses, expected);
    QCOMPARE(raw.responses().at(2).object().value(u"user").toObject().value(u"email").toString(),
        QStringLiteral("admin@acme.test"));
    QVERIFY(!raw.isClosed());
}

void TestHttpLimits::everyResponseHasExplicitContentType_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("head");
    const QByteArray host = "Host: 127.0.0.1\r\n";
    QTest::addRow("health") << healthRequest() << 200 << false;
    QTest::addRow("HEAD of health") << QByteArray("HEAD /api/v1/health HTTP/1.1\r\n" + host + "\r\n") << 200 << true;
    QTest::addRow("unknown route") << QByteArray("GET /nope HTTP/1.1\r\n" + host + "\r\n") << 404 << false;
    QTest::addRow("wrong method") << QByteArray("DELETE /api/v1/health HTTP/1.1\r\n" + host + "\r\n") << 405 << false;
    QTest::addRow("no token") << QByteArray("GET /api/v1/sync/pull HTTP/1.1\r\n" + host + "\r\n") << 401 << false;
    const QByteArray login = R"({"email":"admin@acme.test","password":"wrong"})";
    QTest::addRow("wrong password") << QByteArray("POST /api/v1/auth/login HTTP/1.1\r\n" + host
        + "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(login.size()) + "\r\n\r\n" + login)
                                    << 401 << false;
    QTest::addRow("malformed request") << QByteArray("GARBAGE\r\n\r\n") << 400 << false;
    QTest::addRow("body on a route without one")
        << QByteArray("GET /api/v1/health HTTP/1.1\r\n" + host + "Content-Length: 5\r\n\r\nhello") << 413 << false;
    QTest::addRow("push too large") << QByteArray(
        "POST /api/v1/sync/push HTTP/1.1\r\n" + host + "Content-Length: 99999999\r\n\r\n")
                                    << 413 << false;
    QTest::addRow("head too large") << QByteArray(
        "GET /api/v1/health HTTP/1.1\r\n" + host + "X-Filler: " + QByteArray(64 * KiB, 'a') + "\r\n\r\n")
                                    << 431 << false;
}

void TestHttpLimits::everyResponseHasExplicitContentType()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(bool, head);
    RawHttp raw(m_server.port());
    QVERIFY(raw.waitForConnected());
    if (head)
        raw.expectHeadResponse();
    raw.write(request);
    QVERIFY2(raw.waitForResponses(1), qPrintable(describe(raw)));
    const RawHttp::Response response = raw.responses().at(0);
    QCOMPARE(response.status, status);
    QVERIFY2(!response.header("Content-Type").isEmpty(), response.statusLine.constData());
    if (status != 200)
        QVERIFY(response.header("Content-Type").startsWith("application/json"));
    QCOMPARE(response.header("X-Content-Type-Options"), QByteArray("nosniff"));
    QVERIFY(response.hasHeader("Content-Length"));
    if (!head)
        QCOMPARE(response.header("Content-Length").toLongLong(), response.body.size());
}

void TestHttpLimits::tlsServesHttps()
{
    QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend here");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString cert = dir.filePath(QStringLiteral("c.pem"));
    const QString key = dir.filePath(QStringLiteral("k.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
            QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
            QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")});
    QVERIFY2(openssl.waitForFinished(60000), qPrintable(openssl.errorString()));
    QVERIFY2(openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0,
        openssl.readAllStandardError().constData());

    ServerProcess server;
    if (!server.start({QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key,
            QStringLiteral("--header-timeout-ms"), QStringLiteral("2000")}))
        QFAIL(qPrintable(server.errorString()));
    QCOMPARE(server.baseUrl().scheme(), QStringLiteral("https"));

    RawHttp tls(server.port(), true);
    QVERIFY2(tls.waitForConnected(), qPrintable(tls.socket()->errorString()));
    auto *ssl = static_cast<QSslSocket *>(tls.socket());
    const QList<QSslCertificate> ours = QSslCertificate::fromPath(cert);
    QCOMPARE(ours.size(), 1);
    QCOMPARE(ssl->peerCertificate(), ours.at(0));
    // Verification did run; only the self-signed certificate's own complaints were waved through.
    QVERIFY(!tls.sslErrors().isEmpty());
    tls.write(healthRequest());
    QVERIFY2(tls.waitForResponses(1), qPrintable(describe(tls)));
    QCOMPARE(tls.responses().at(0).status, 200);
    QCOMPARE(tls.responses().at(0).object().value(u"status").toString(), QStringLiteral("ok"));
    QCOMPARE(tls.responses().at(0).header("X-Content-Type-Options"), QByteArray("nosniff"));
    // Keep-alive works over TLS as well.
    tls.write(healthRequest());
    QVERIFY2(tls.waitForResponses(2), qPrintable(describe(tls)));
    QCOMPARE(tls.responses().at(1).status, 200);

    // Under TLS the portal's session cookie is Secure (besides HttpOnly and SameSite=Strict): a
    // contact signs up from a link invite over the TLS connection.
    QVERIFY(server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    const auto call = [&tls](const QByteArray &method, const QByteArray &path, const QJsonObject &body,
                          const QByteArray &token = {}) -> RawHttp::Response {
        const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
        QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + QByteArray::number(json.size()) + "\r\n";
        if (!token.isEmpty())
            request += "Authorization: Bearer " + token + "\r\n";
        const qsizetype before = tls.responses().size();
        tls.write(request + "\r\n" + json);
        return tls.waitForResponses(before + 1) ? tls.responses().at(before) : RawHttp::Response{};
    };
    const QByteArray token =
        call("POST", "/api/v1/auth/login", QJsonObject{{"email", "admin@acme.test"}, {"password", "admin-pw"}})
            .object()
            .value(u"token")
            .toString()
            .toLatin1();
    QVERIFY(!token.isEmpty());
    using namespace SyncFixture;
    const QString clientId = newId();
    const QString contactId = newId();
    const RawHttp::Response pushed = call("POST", "/api/v1/sync/push",
        QJsonObject{{"client_id", "tls-test"},
            {"mutations",
                QJsonArray{mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "Green"}}),
                    mutation(QStringLiteral("contact"), contactId, QStringLiteral("create"),
                        {{"client_id", clientId}, {"name", "Ivy"}, {"email", "ivy@green.test"}}),
                    mutation(QStringLiteral("invite"), newId(), QStringLiteral("create"),
                        {{"contact_id", contactId}, {"kind", "link"}})}}},
        token);
    const QString inviteToken =
        pushed.object().value(u"results").toArray().at(2).toObject().value(u"invite_token").toString();
    QVERIFY2(!inviteToken.isEmpty(), pushed.body.constData());
    const RawHttp::Response accepted = call("POST", "/api/v1/portal/invites/accept",
        QJsonObject{{"token", inviteToken}, {"name", "Ivy"}, {"password", "long enough password"}});
    QCOMPARE(accepted.status, 200);
    const QByteArray cookie = accepted.header("Set-Cookie");
    QVERIFY2(cookie.contains("; Secure") && cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Strict"),
        cookie.constData());

    // Plain HTTP on the TLS port gets no plain answer, and the server carries on.
    RawHttp plain(server.port());
    QVERIFY(plain.waitForConnected());
    plain.write(healthRequest());
    QVERIFY2(plain.waitForClosed(10000), qPrintable(describe(plain)));
    QVERIFY(plain.responses().isEmpty());
    RawHttp again(server.port(), true);
    QVERIFY(again.waitForConnected());
    again.write(healthRequest());
    QVERIFY2(again.waitForResponses(1), qPrintable(describe(again)));
    QCOMPARE(again.responses().at(0).status, 200);
}

// RFC 9112 6: a request whose end is not certain could carry a second one inside its body (request
// smuggling). Each such request gets one 400 and the connection is closed, so the bytes after it
// are never read as another request.
void TestHttpLimits::ambiguousFramingIsRefusedAndClosed_data()
{
    const QByteArray smuggled = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    const QByteArray asChunk = QByteArray::number(smuggled.size(), 16) + "\r\n" + smuggled + "\r\n0\r\n\r\n";
    const QByteArray push = "POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    QTest::addColumn<QByteArray>("request");
    QTest::addRow("Transfer-Encoding gzip") << push + "Transfer-Encoding: gzip\r\n\r\n" + smuggled;
    QTest::addRow("Transfer-Encoding identity") << push + "Transfer-Encoding: identity\r\n\r\n" + smuggled;
    QTest::addRow("Transfer-Encoding xchunked") << push + "Transfer-Encoding: xchunked\r\n\r\n" + smuggled;
    QTest::addRow("chunked not last") << push + "Transfer-Encoding: chunked, gzip\r\n\r\n" + asChunk;
    QTest::addRow("a coding before chunked") << push + "Transfer-Encoding: gzip, chunked\r\n\r\n" + asChunk;
    QTest::addRow("chunked twice") << push + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
            + asChunk;
    QTest::addRow("chunked on a GET")
        << "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n" + asChunk;
    QTest::addRow("gzip on a GET")
        << "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n" + smuggled;
    QTest::addRow("chunked with a Content-Length")
        << push + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + smuggled;
    QTest::addRow("chunked in HTTP/1.0")
        << "POST /api/v1/sync/push HTTP/1.0\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n" + asChunk;
    QTest::addRow("two different Content-Lengths")
        << push + "Content-Length: 0\r\nContent-Length: " + QByteArray::number(smuggled.size()) + "\r\n\r\n" + smuggled;
    QTest::addRow("a Content-Length list that differs")
        << push + "Content-Length: 0, " + QByteArray::number(smuggled.size()) + "\r\n\r\n" + smuggled;
    QTest::addRow("a chunk size that is not hex") << push + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + smuggled;
    QTest::addRow("a chunk size that overflows")
        << push + "Transfer-Encoding: chunked\r\n\r\n10000000000000000000001\r\n" + smuggled;
    QTest::addRow("HTTP/1.1 without Host") << "GET /api/v1/health HTTP/1.1\r\n\r\n" + smuggled;
    QTest::addRow("two Host fields") << "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.test\r\n\r\n"
            + smuggled;
    QTest::addRow("bare LF line endings") << QByteArray("GET /api/v1/health HTTP/1.1\nHost: 127.0.0.1\n\n") + smuggled;
}

void TestHttpLimits::ambiguousFramingIsRefusedAndClosed()
{
    QFETCH(QByteArray, request);
    RawHttp raw(m_server.port());
    QVERIFY(raw.waitForConnected());
    raw.write(request);
    QVERIFY2(raw.waitForClosed(10000), qPrintable(describe(raw)));
    QVERIFY2(raw.responses().size() == 1, qPrintable(describe(raw)));
    QCOMPARE(raw.responses().at(0).status, 400);
    QVERIFY(!raw.responses().at(0).errorCode().isEmpty());
    QCOMPARE(TestClient(m_server.baseUrl()).get(QStringLiteral("/api/v1/health")).status, 200);
}

// A body trickled in a byte at a time, each just before the body timeout would strike, still has
// to arrive at a minimum average rate once it has taken longer than that timeout.
void TestHttpLimits::tricklingBodyIsCutOff()
{
    ServerProcess server;
    if (!server.start({QStringLiteral("--body-timeout-ms"), QStringLiteral("1000")}))
        QFAIL(qPrintable(server.errorString()));
    RawHttp raw(server.port());
    QVERIFY(raw.waitForConnected());
    raw.write("POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              "Authorization: Bearer nothing\r\nContent-Length: 1000\r\n\r\n");
    QTimer trickle;
    trickle.setInterval(400);
    int sent = 0;
    connect(&trickle, &QTimer::timeout, this, [&] {
        if (!raw.isClosed()) {
            raw.write(" ");
            ++sent;
        }
    });
    trickle.start();
    QVERIFY2(raw.waitForClosed(8000), qPrintable(QStringLiteral("still open after %1 bytes").arg(sent)));
    QVERIFY2(raw.closedAfterMs() >= 900, qPrintable(QString::number(raw.closedAfterMs())));
    for (const RawHttp::Response &response : raw.responses())
        QCOMPARE(response.status, 408);
    QCOMPARE(TestClient(server.baseUrl()).get(QStringLiteral("/api/v1/health")).status, 200);
}

// The same for a client that reads a large response a little at a time.
void TestHttpLimits::slowReaderIsCutOff()
{
    ServerProcess server;
    if (!server.start({QStringLiteral("--body-timeout-ms"), QStringLiteral("1000")}))
        QFAIL(qPrintable(server.errorString()));
    const QByteArray token = prepareOrganisation(server, nullptr);
    QVERIFY(!token.isEmpty());
    // A pull of many rows is a large response: about 10 MB, more than the kernel buffers.
    TestClient admin(server.baseUrl());
    admin.setToken(token);
    const QString notes(20000, u'x');
    for (int push = 0; push < 2; ++push) {
        QJsonArray creates;
        for (int i = 0; i < 200; ++i)
            creates.append(mutation(
                QStringLiteral("client"), newId(), QStringLiteral("create"), {{"name", "Big"}, {"notes", notes}}));
        const QJsonArray results = pushResults(admin, creates);
        QCOMPARE(results.size(), creates.size());
        QCOMPARE(results.last().toObject().value(u"status").toString(), QStringLiteral("applied"));
    }

    // A plain socket with a tiny receive buffer, read by hand: Qt's own would read ahead.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    const auto closeFd = qScopeGuard([fd] {
        ::close(fd);
    });
    const int small = 4096;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server.port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address), 0);
    const QByteArray request = "GET /api/v1/sync/pull?since=0&limit=1000 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Authorization: Bearer "
        + token + "\r\n\r\n";
    QCOMPARE(::send(fd, request.constData(), size_t(request.size()), 0), ssize_t(request.size()));
    QElapsedTimer clock;
    clock.start();
    bool closed = false;
    qint64 received = 0;
    char buffer[200];
    // 200 bytes every 300 ms: steady progress, far below the minimum rate.
    while (!closed && clock.elapsed() < 20000) {
        QTest::qWait(300);
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (got > 0)
            received += got;
        else if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
            closed = true;
    }
    QVERIFY2(closed, qPrintable(QStringLiteral("still open after %1 bytes").arg(received)));
    QVERIFY(received > 0);
    QCOMPARE(TestClient(server.baseUrl()).get(QStringLiteral("/api/v1/health")).status, 200);
}

// A flood of idle connections, far more than the descriptor limit allows, neither kills the server
// nor stops it serving: connections it has go on (a desktop's event stream), new requests are
// answered (idle connections make way), and nothing answers 500.
void TestHttpLimits::connectionFloodLeavesServerServing()
{
    ServerProcess server;
    server.setDescriptorLimit(256);
    // Timeouts far beyond the test, so that no flood connection goes away by itself.
    if (!server.start({QStringLiteral("--threads"), QStringLiteral("8"), QStringLiteral("--header-timeout-ms"),
            QStringLiteral("120000"), QStringLiteral("--idle-timeout-ms"), QStringLiteral("120000")}))
        QFAIL(qPrintable(server.errorString()));
    QString projectId;
    const QByteArray token = prepareOrganisation(server, &projectId);
    QVERIFY(!token.isEmpty());

    RawHttp events(server.port());
    QVERIFY(events.waitForConnected());
    events.write("GET /api/v1/sync/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n");
    QVERIFY2(events.waitForResponses(1), qPrintable(describe(events)));
    QCOMPARE(events.responses().at(0).status, 200);

    std::vector<std::unique_ptr<QTcpSocket>> flood;
    for (int i = 0; i < 600; ++i) {
        flood.push_back(std::make_unique<QTcpSocket>());
        flood.back()->connectToHost(QHostAddress::LocalHost, server.port());
        if (i % 50 == 49)
            QTest::qWait(50);
    }
    QTest::qWait(500);
    QVERIFY2(server.isRunning(), server.output().right(2000).constData());

    // New requests during the flood are served, one after another and in parallel.
    for (int i = 0; i < 5; ++i) {
        RawHttp fresh(server.port());
        fresh.write(healthRequest());
        QVERIFY2(fresh.waitForResponses(1), qPrintable(describe(fresh)));
        QCOMPARE(fresh.responses().at(0).status, 200);
    }
    std::vector<std::unique_ptr<RawHttp>> parallel;
    for (int i = 0; i < 8; ++i) {
        parallel.push_back(std::make_unique<RawHttp>(server.port()));
        parallel.back()->write(healthRequest());
    }
    for (const auto &raw : parallel) {
        QVERIFY2(raw->waitForResponses(1), qPrintable(describe(*raw)));
        QVERIFY2(
            raw->responses().at(0).status == 200 || raw->responses().at(0).status == 503, qPrintable(describe(*raw)));
    }

    // The event stream opened before the flood still hears of a change.
    TestClient admin(server.baseUrl());
    admin.setToken(token);
    const QJsonArray results = pushResults(admin,
        {mutation(QStringLiteral("task"), newId(), QStringLiteral("create"),
            {{"project_id", projectId}, {"title", "After the flood"}})});
    QCOMPARE(results.at(0).toObject().value(u"status").toString(), QStringLiteral("applied"));
    QTRY_VERIFY_WITH_TIMEOUT(events.unparsed().contains("event: version"), 10000);
    QVERIFY(!events.isClosed());

    flood.clear();
    QVERIFY2(server.isRunning(), server.output().right(2000).constData());
    QCOMPARE(TestClient(server.baseUrl()).get(QStringLiteral("/api/v1/health")).status, 200);
    QVERIFY2(!server.output().contains("Too many open files"), server.output().right(2000).constData());
}

// The connection cap leaves each handler thread, and each thread that serves pulls, its own
// descriptors (README, "Descriptors and the connection cap"): --bulk-threads starts that many.
void TestHttpLimits::everyThreadHasItsDescriptorsSetAside()
{
    ServerProcess server;
    server.setDescriptorLimit(1024);
    if (!server.start(
            {QStringLiteral("--threads"), QStringLiteral("8"), QStringLiteral("--bulk-threads"), QStringLiteral("4")}))
        QFAIL(qPrintable(server.errorString()));
    // (1024 - 64 for the process - 8 × 12 threads) / 2 per connection.
    QTRY_VERIFY2(server.output().contains("open file limit 1024 - up to 432 connections"),
        server.output().right(2000).constData());
}

QTEST_GUILESS_MAIN(TestHttpLimits)
#include "tst_httplimits.moc"
