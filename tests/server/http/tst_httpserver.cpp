// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <memory>
#include <optional>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>

#include <sys/resource.h>
#include <unistd.h>

#include "server/api/apierror.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/httpserver.h"
#include "server/http/router.h"

namespace {

// One response as the test reads it off a raw socket. Only what the server under test sends is
// understood: Content-Length framing, no chunked responses.
struct RawResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &field : headers) {
            if (QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0)
                return field.second;
        }
        return {};
    }
    int headerCount(QByteArrayView name) const
    {
        int count = 0;
        for (const auto &field : headers)
            count += QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0 ? 1 : 0;
        return count;
    }
    QString errorCode() const
    {
        return QJsonDocument::fromJson(body).object().value(u"error").toObject().value(u"code").toString();
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

std::optional<RawResponse> takeResponse(QByteArray &buffer, bool headRequest)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return std::nullopt;
    const QList<QByteArray> lines = buffer.first(end).split('\n');
    RawResponse response;
    const QList<QByteArray> statusParts = lines.first().trimmed().split(' ');
    if (statusParts.size() < 2)
        return std::nullopt;
    response.status = statusParts.at(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            response.headers.append({line.first(colon), line.sliced(colon + 1).trimmed()});
    }
    qint64 length = 0;
    if (!headRequest && response.status >= 200 && response.status != 204 && response.status != 304)
        length = response.header("Content-Length").toLongLong();
    if (buffer.size() < end + 4 + length)
        return std::nullopt;
    response.body = buffer.mid(end + 4, length);
    buffer.remove(0, end + 4 + length);
    return response;
}

// A client on a plain (or TLS) socket that sends exactly the bytes a test wants.
class RawClient
{
public:
    explicit RawClient(quint16 port, bool tls = false)
    {
        if (tls) {
            auto *ssl = new QSslSocket;
            ssl->setPeerVerifyMode(QSslSocket::VerifyNone);
            ssl->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
            m_socket.reset(ssl);
        } else {
            m_socket.reset(new QTcpSocket);
            m_socket->connectToHost(QHostAddress::LocalHost, port);
        }
    }

    bool waitConnected()
    {
        if (auto *ssl = qobject_cast<QSslSocket *>(m_socket.get()))
            return QTest::qWaitFor(
                [ssl] {
                    return ssl->isEncrypted();
                },
                10000);
        return QTest::qWaitFor(
            [this] {
                return m_socket->state() == QAbstractSocket::ConnectedState;
            },
            10000);
    }
    void send(const QByteArray &bytes) { m_socket->write(bytes); }
    std::optional<RawResponse> read(bool headRequest = false, int timeoutMs = 10000)
    {
        std::optional<RawResponse> response;
        (void)QTest::qWaitFor(
            [&] {
                m_buffer += m_socket->readAll();
                response = takeResponse(m_buffer, headRequest);
                return response.has_value() || m_socket->state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
        if (!response) {
            m_buffer += m_socket->readAll();
            response = takeResponse(m_buffer, headRequest);
        }
        return response;
    }
    bool waitClosed(int timeoutMs = 10000)
    {
        return QTest::qWaitFor(
            [this] {
                m_buffer += m_socket->readAll();
                return m_socket->state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    }
    bool isOpen() const { return m_socket->state() == QAbstractSocket::ConnectedState; }
    QByteArray pending() const { return m_buffer; }
    QTcpSocket *socket() const { return m_socket.get(); }

private:
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
};

QByteArray get(const QByteArray &path, const QByteArray &extra = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + extra + "\r\n";
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    auto *words = reinterpret_cast<quint32 *>(bytes.data());
    QRandomGenerator::global()->fillRange(words, size / qsizetype(sizeof(quint32)));
    for (qsizetype i = size - size % qsizetype(sizeof(quint32)); i < size; ++i)
        bytes[i] = char(i);
    return bytes;
}

QByteArray sha256(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void routing_data();
    void routing();
    void handlersRunOnThePool();
    void queryIsDecoded();
    void bodyLimits_data();
    void bodyLimits();
    void contentLengthOverLimitIsRejectedUnread_data();
    void contentLengthOverLimitIsRejectedUnread();
    void expectContinue();
    void smallBodyStaysInMemory();
    void largeBodyIsSpilledAndRemoved_data();
    void largeBodyIsSpilledAndRemoved();
    void slowHeadIsDropped();
    void timeouts_data();
    void timeouts();
    void keepAlive_data();
    void keepAlive();
    void twoRequestsOnOneSocket();
    void pipelinedRequestsAnswerInOrder();
    void malformedRequest_data();
    void malformedRequest();
    void oversizeHeader();
    void ranges_data();
    void ranges();
    void ifNoneMatch();
    void largeFileDownload();
    void headHasNoBody();
    void securityHeaders();
    void handlerHeadersAndMissingContentType();
    void slowHandlerDoesNotBlockOthers();
    void bulkRoutesRunApartAtLowerPriority();
    void connectionLimit();
    void tls();

private:
    HttpServer *startServer(const HttpLimits &limits = {});

    Router m_router;
    QThreadPool m_pool;
    QThreadPool m_bulkPool;
    QTemporaryDir m_dir;
    QString m_bodyDir;
    QString m_smallFile;
    QByteArray m_smallContent;
    QString m_largeFile;
    QByteArray m_largeContent;
    std::unique_ptr<HttpServer> m_server;

    QMutex m_mutex; // guards what handlers record on the pool threads
    QString m_lastBodyFile;
    bool m_lastBodyFileExisted = false;
};

HttpServer *TestHttpServer::startServer(const HttpLimits &limits)
{
    m_server = std::make_unique<HttpServer>(&m_router, &m_pool);
    m_server->setBulkPool(&m_bulkPool);
    m_server->setLimits(limits);
    m_server->setTempDir(m_bodyDir);
    if (!m_server->listen(QHostAddress::LocalHost, 0))
        qWarning() << QStringLiteral("listen failed:") << m_server->errorString();
    return m_server.get();
}

void TestHttpServer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_pool.setMaxThreadCount(4);
    m_bulkPool.setMaxThreadCount(1);
    m_bodyDir = m_dir.filePath(QStringLiteral("bodies"));
    QVERIFY(QDir().mkpath(m_bodyDir));

    m_smallContent.resize(1000);
    for (int i = 0; i < m_smallContent.size(); ++i)
        m_smallContent[i] = char(i % 251);
    m_smallFile = m_dir.filePath(QStringLiteral("small.bin"));
    m_largeContent = randomBytes(3 * 1024 * 1024 + 123);
    m_largeFile = m_dir.filePath(QStringLiteral("large.bin"));
    for (const auto &[path, content] :
        {std::pair{m_smallFile, m_smallContent}, std::pair{m_largeFile, m_largeContent}}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(content), content.size());
    }

    QThread *networkThread = QThread::currentThread();
    auto idResponse = [networkThread](HttpRequest &request) {
        QJsonObject object{{QStringLiteral("onNetworkThread"), QThread::currentThread() == networkThread}};
        for (auto it = request.pathParams.cbegin(); it != request.pathParams.cend(); ++it)
            object.insert(it.key(), it.value());
        return HttpResponse::json(200, object);
    };
    m_router.add("GET", QStringLiteral("/hello"), 0, [](HttpRequest &) {
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("hello"), QStringLiteral("world")}});
    });
    m_router.add("GET", QStringLiteral("/items/{id}"), 0, idResponse);
    m_router.add("GET", QStringLiteral("/items/{id}/parts/{part}"), 0, idResponse);
    m_router.add("GET", QStringLiteral("/items/search"), 0, [](HttpRequest &) {
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("search"), true}});
    });
    m_router.add("DELETE", QStringLiteral("/items/{id}"), 0, idResponse);
    m_router.add("GET", QStringLiteral("/query"), 0, [](HttpRequest &request) {
        return HttpResponse::json(200,
            QJsonObject{{QStringLiteral("q"), request.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded)}});
    });
    m_router.add("POST", QStringLiteral("/items"), 1024, [](HttpRequest &request) {
        return HttpResponse::json(201, QJsonObject{{QStringLiteral("size"), request.bodySize}});
    });
    m_router.add("POST", QStringLiteral("/echo"), 1024 * 1024, [](HttpRequest &request) {
        return HttpResponse::bytes(200, request.readBody(), "application/octet-stream");
    });
    m_router.add("POST", QStringLiteral("/upload"), 64 * 1024 * 1024, [this](HttpRequest &request) {
        {
            QMutexLocker lock(&m_mutex);
            m_lastBodyFile = request.bodyFilePath;
            m_lastBodyFileExisted = !request.bodyFilePath.isEmpty() && QFile::exists(request.bodyFilePath);
        }
        const QByteArray body = request.readBody();
        return HttpResponse::json(200,
            QJsonObject{{QStringLiteral("size"), request.bodySize}, {QStringLiteral("read"), body.size()},
                {QStringLiteral("inFile"), !request.bodyFilePath.isEmpty()},
                {QStringLiteral("sha256"), QString::fromLatin1(sha256(body))}});
    });
    m_router.add("GET", QStringLiteral("/slow"), 0, [](HttpRequest &) {
        QThread::sleep(1); // on the pool: the point of the test is that nothing else waits for it
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("slow"), true}});
    });
    // A bulk route reports the pool it ran on and its thread's scheduling priority (nice value).
    m_router.add(Route{"GET", QStringLiteral("/bulk"), 0,
        [this](HttpRequest &request) {
            if (request.query.hasQueryItem(QStringLiteral("hold")))
                QThread::msleep(1500);
            errno = 0;
            const int nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
            return HttpResponse::json(200,
                QJsonObject{{QStringLiteral("onBulkPool"), m_bulkPool.activeThreadCount() == 1},
                    {QStringLiteral("nice"), nice}});
        },
        true});
    m_router.add("GET", QStringLiteral("/fast"), 0, [](HttpRequest &) {
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("fast"), true}});
    });
    m_router.add("GET", QStringLiteral("/small"), 0, [this](HttpRequest &request) {
        return HttpResponse::file(request, m_smallFile, "application/octet-stream", "abc123");
    });
    m_router.add("GET", QStringLiteral("/large"), 0, [this](HttpRequest &request) {
        return HttpResponse::file(request, m_largeFile, "application/octet-stream");
    });
    m_router.add("GET", QStringLiteral("/notype"), 0, [](HttpRequest &) {
        HttpResponse response;
        response.body = "x";
        return response;
    });
    m_router.add("GET", QStringLiteral("/custom-headers"), 0, [](HttpRequest &) {
        HttpResponse response = HttpResponse::bytes(200, "hi", "text/plain; charset=utf-8");
        response.setHeader("Cache-Control", "private, max-age=60");
        response.setHeader("Content-Length", "9999"); // the layer owns framing
        response.setHeader("X-Evil", "a\r\nSet-Cookie: x=1"); // response splitting is refused
        return response;
    });
    m_router.add("GET", QStringLiteral("/secure"), 0, [](HttpRequest &request) {
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("secure"), request.secure}});
    });
}

void TestHttpServer::cleanup()
{
    m_server.reset();
    m_pool.waitForDone();
    m_bulkPool.waitForDone();
}

void TestHttpServer::routing_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");

    QTest::addRow("literal route") << QByteArray("GET") << QByteArray("/hello") << 200 << QStringLiteral("hello")
                                   << QStringLiteral("world");
    QTest::addRow("path parameter") << QByteArray("GET") << QByteArray("/items/42") << 200 << QStringLiteral("id")
                                    << QStringLiteral("42");
    QTest::addRow("second parameter") << QByteArray("GET") << QByteArray("/items/42/parts/7") << 200
                                      << QStringLiteral("part") << QStringLiteral("7");
    QTest::addRow("parameter is percent-decoded")
        << QByteArray("GET") << QByteArray("/items/a%20b") << 200 << QStringLiteral("id") << QStringLiteral("a b");
    QTest::addRow("literal beats parameter")
        << QByteArray("GET") << QByteArray("/items/search") << 200 << QStringLiteral("search") << QStringLiteral("");
    QTest::addRow("other method on a known path")
        << QByteArray("DELETE") << QByteArray("/items/9") << 200 << QStringLiteral("id") << QStringLiteral("9");
    QTest::addRow("unknown path is 404") << QByteArray("GET") << QByteArray("/nope") << 404 << QStringLiteral("code")
                                         << QStringLiteral("not_found");
    QTest::addRow("trailing slash is another path")
        << QByteArray("GET") << QByteArray("/hello/") << 404 << QStringLiteral("code") << QStringLiteral("not_found");
    QTest::addRow("empty segment is no parameter") << QByteArray("GET") << QByteArray("/items//parts/1") << 404
                                                   << QStringLiteral("code") << QStringLiteral("not_found");
    QTest::addRow("wrong method is 405") << QByteArray("PUT") << QByteArray("/hello") << 405 << QStringLiteral("code")
                                         << QStringLiteral("method_not_allowed");
}

void TestHttpServer::routing()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(int, status);
    QFETCH(QString, field);
    QFETCH(QString, value);

    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(method + ' ' + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    QCOMPARE(response->header("Content-Type"), QByteArray("application/json"));
    QJsonObject json = response->json();
    if (status >= 400) {
        json = json.value(u"error").toObject();
        QVERIFY(!json.value(u"message").toString().isEmpty());
    }
    if (field == u"search")
        QCOMPARE(json.value(field).toBool(), true);
    else
        QCOMPARE(json.value(field).toString(), value);
    if (status == 405)
        QCOMPARE(response->header("Allow"), QByteArray("GET, HEAD"));
    // An error without a body keeps the connection usable.
    QVERIFY(client.isOpen());
}

void TestHttpServer::handlersRunOnThePool()
{
    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/items/1"));
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->json().value(u"onNetworkThread").toBool(true), false);
}

void TestHttpServer::queryIsDecoded()
{
    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/query?q=a%20b%26c&x=1"));
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->json().value(u"q").toString(), QStringLiteral("a b&c"));
}

void TestHttpServer::bodyLimits_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("closes");

    const QByteArray postItems = "POST /items HTTP/1.1\r\nHost: localhost\r\n";
    QTest::addRow("body within the limit") << postItems + "Content-Length: 10\r\n\r\n0123456789" << 201 << false;
    QTest::addRow("chunked within the limit")
        << postItems + "Transfer-Encoding: chunked\r\n\r\n200\r\n" + QByteArray(512, 'a') + "\r\n0\r\n\r\n"
        << 201 << false;
    QTest::addRow("chunked growing over the limit") << postItems + "Transfer-Encoding: chunked\r\n\r\n258\r\n"
            + QByteArray(600, 'a') + "\r\n258\r\n" + QByteArray(600, 'b')
            + "\r\n0\r\n\r\n" << 413 << true;
    QTest::addRow("one chunk over the limit")
        << postItems + "Transfer-Encoding: chunked\r\n\r\n10000\r\n" + QByteArray(2000, 'a') << 413 << true;
    QTest::addRow("body on a route without body")
        << QByteArray("GET /hello HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello") << 413 << true;
    // A GET has no body: a Transfer-Encoding on one is ambiguous framing (RFC 9112 6.1).
    QTest::addRow("chunked on a route without body")
        << QByteArray("GET /hello HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
        << 400 << true;
    QTest::addRow("empty body on a route without body")
        << QByteArray("GET /hello HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n") << 200 << false;
}

void TestHttpServer::bodyLimits()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(bool, closes);

    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(request);
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    if (status == 413) {
        QCOMPARE(response->errorCode(), QStringLiteral("payload_too_large"));
        QCOMPARE(response->header("Connection"), QByteArray("close"));
    }
    if (closes)
        QVERIFY(client.waitClosed());
    else
        QVERIFY(client.isOpen());
}

void TestHttpServer::contentLengthOverLimitIsRejectedUnread_data()
{
    QTest::addColumn<QByteArray>("expect");
    QTest::addRow("plain") << QByteArray();
    QTest::addRow("with Expect: 100-continue") << QByteArray("Expect: 100-continue\r\n");
}

void TestHttpServer::contentLengthOverLimitIsRejectedUnread()
{
    QFETCH(QByteArray, expect);
    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    // Announces a gigabyte and sends none of it: the answer can only come without reading it.
    client.send("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000000\r\n" + expect + "\r\n");
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 413); // and not "100 Continue"
    QCOMPARE(response->errorCode(), QStringLiteral("payload_too_large"));
    QVERIFY(client.waitClosed());
    QTRY_COMPARE(m_server->connectionCount(), 0);
}

void TestHttpServer::expectContinue()
{
    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    const auto interim = client.read();
    QVERIFY(interim);
    QCOMPARE(interim->status, 100);
    client.send("hello");
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("hello"));
}

void TestHttpServer::smallBodyStaysInMemory()
{
    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    const QByteArray body = randomBytes(1000);
    client.send("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n" + body);
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->json().value(u"inFile").toBool(true), false);
    QCOMPARE(response->json().value(u"sha256").toString().toLatin1(), sha256(body));
}

void TestHttpServer::largeBodyIsSpilledAndRemoved_data()
{
    QTest::addColumn<bool>("chunked");
    QTest::addColumn<int>("size");
    QTest::addRow("Content-Length") << false << 300 * 1000;
    QTest::addRow("chunked") << true << 300 * 1000;
    QTest::addRow("several megabytes") << false << 8 * 1024 * 1024 + 7;
}

void TestHttpServer::largeBodyIsSpilledAndRemoved()
{
    QFETCH(bool, chunked);
    QFETCH(int, size);

    HttpLimits limits;
    limits.memoryBodyBytes = 1024;
    startServer(limits);
    {
        QMutexLocker lock(&m_mutex);
        m_lastBodyFile.clear();
        m_lastBodyFileExisted = false;
    }
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    const QByteArray body = randomBytes(size);
    if (chunked) {
        client.send("POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (qsizetype offset = 0; offset < body.size(); offset += 70000) {
            const QByteArray piece = body.mid(offset, 70000);
            client.send(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
        }
        client.send("0\r\n\r\n");
    } else {
        client.send("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + QByteArray::number(size)
            + "\r\n\r\n" + body);
    }
    const auto response = client.read(false, 60000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QJsonObject json = response->json();
    QCOMPARE(json.value(u"inFile").toBool(), true);
    QCOMPARE(json.value(u"size").toInteger(), qint64(size));
    QCOMPARE(json.value(u"read").toInteger(), qint64(size));
    QCOMPARE(json.value(u"sha256").toString().toLatin1(), sha256(body));

    QString bodyFile;
    {
        QMutexLocker lock(&m_mutex);
        bodyFile = m_lastBodyFile;
        QVERIFY(m_lastBodyFileExisted);
    }
    QVERIFY(bodyFile.startsWith(m_bodyDir));
    QTRY_VERIFY(!QFile::exists(bodyFile));
    QVERIFY(QDir(m_bodyDir).isEmpty());
}

void TestHttpServer::slowHeadIsDropped()
{
    HttpLimits limits;
    limits.headerTimeoutMs = 500;
    startServer(limits);
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());

    const QByteArray head = get("/hello", "X-Padding: " + QByteArray(40, 'x') + "\r\n");
    qsizetype sent = 0;
    QTimer drip;
    drip.setInterval(100);
    connect(&drip, &QTimer::timeout, &drip, [&] {
        if (sent < head.size() && client.isOpen())
            client.send(head.mid(sent++, 1));
    });
    drip.start();
    QVERIFY(client.waitClosed(20000));
    drip.stop();
    // Dropped while still dripping, with no answer: progress does not extend the header deadline.
    QVERIFY2(sent < head.size(), QByteArray::number(sent).constData());
    QVERIFY(client.pending().isEmpty());
    QTRY_COMPARE(m_server->connectionCount(), 0);
}

void TestHttpServer::timeouts_data()
{
    QTest::addColumn<QString>("which");
    QTest::addColumn<QByteArray>("send");
    QTest::addColumn<bool>("answered");

    QTest::addRow("connection that sends nothing") << QStringLiteral("header") << QByteArray() << false;
    QTest::addRow("half a request head") << QStringLiteral("header") << QByteArray("GET /hello HTTP/1.1\r\n") << false;
    QTest::addRow("stalled body") << QStringLiteral("body")
                                  << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
                                  << false;
    QTest::addRow("idle keep-alive connection") << QStringLiteral("idle") << get("/hello") << true;
}

void TestHttpServer::timeouts()
{
    QFETCH(QString, which);
    QFETCH(QByteArray, send);
    QFETCH(bool, answered);

    // Only the timeout under test is short, so that the connection cannot be dropped by another.
    HttpLimits limits;
    limits.headerTimeoutMs = which == u"header" ? 500 : 60000;
    limits.bodyTimeoutMs = which == u"body" ? 500 : 60000;
    limits.idleTimeoutMs = which == u"idle" ? 500 : 60000;
    startServer(limits);
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(send);
    if (answered) {
        const auto response = client.read();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }
    QVERIFY(client.waitClosed(20000));
    QVERIFY(client.pending().isEmpty());
    QTRY_COMPARE(m_server->connectionCount(), 0);
}

void TestHttpServer::keepAlive_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("keptOpen");

    QTest::addRow("HTTP/1.1 keeps the connection") << QByteArray("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n") << true;
    QTest::addRow("HTTP/1.1 with Connection: close")
        << QByteArray("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") << false;
    QTest::addRow("HTTP/1.0 closes") << QByteArray("GET /hello HTTP/1.0\r\n\r\n") << false;
    QTest::addRow("HTTP/1.0 with keep-alive")
        << QByteArray("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
}

void TestHttpServer::keepAlive()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, keptOpen);

    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(request);
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    if (keptOpen) {
        QVERIFY(response->header("Connection") != "close");
        client.send(request);
        const auto second = client.read();
        QVERIFY(second);
        QCOMPARE(second->status, 200);
        QVERIFY(client.isOpen());
    } else {
        QCOMPARE(response->header("Connection"), QByteArray("close"));
        QVERIFY(client.waitClosed());
    }
}

void TestHttpServer::twoRequestsOnOneSocket()
{
    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/items/1"));
    const auto first = client.read();
    QVERIFY(first);
    QCOMPARE(first->json().value(u"id").toString(), QStringLiteral("1"));
    client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
    const auto second = client.read();
    QVERIFY(second);
    QCOMPARE(second->body, QByteArray("abc"));
    // A stray CRLF after a body is tolerated before the next request line.
    client.send("\r\n" + get("/items/2"));
    const auto third = client.read();
    QVERIFY(third);
    QCOMPARE(third->json().value(u"id").toString(), QStringLiteral("2"));
    QCOMPARE(m_server->connectionCount(), 1);
}

void TestHttpServer::pipelinedRequestsAnswerInOrder()
{
    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    // The slow one first: the second must wait for it, not overtake it.
    client.send(get("/slow") + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok" + get("/items/3"));
    const auto first = client.read();
    QVERIFY(first);
    QCOMPARE(first->json().value(u"slow").toBool(), true);
    const auto second = client.read();
    QVERIFY(second);
    QCOMPARE(second->body, QByteArray("ok"));
    const auto third = client.read();
    QVERIFY(third);
    QCOMPARE(third->json().value(u"id").toString(), QStringLiteral("3"));
}

void TestHttpServer::malformedRequest_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    QTest::addRow("not HTTP at all") << QByteArray("HELLO THERE\r\n\r\n") << 400 << QStringLiteral("bad_request");
    QTest::addRow("binary garbage") << QByteArray::fromHex("160301020001000100fc03030d0a0d0a") << 400
                                    << QStringLiteral("bad_request");
    QTest::addRow("header without colon")
        << QByteArray("GET /hello HTTP/1.1\r\nBad Header\r\n\r\n") << 400 << QStringLiteral("bad_request");
    QTest::addRow("space in the target") << QByteArray("GET /he llo HTTP/1.1\r\nHost: x\r\n\r\n") << 400
                                         << QStringLiteral("bad_request");
    QTest::addRow("target without slash")
        << QByteArray("GET hello HTTP/1.1\r\nHost: x\r\n\r\n") << 400 << QStringLiteral("bad_request");
    QTest::addRow("dot segments") << QByteArray("GET /items/.. HTTP/1.1\r\nHost: x\r\n\r\n") << 400
                                  << QStringLiteral("bad_request");
    QTest::addRow("encoded dot segments")
        << QByteArray("GET /items/%2e%2E HTTP/1.1\r\nHost: x\r\n\r\n") << 400 << QStringLiteral("bad_request");
    QTest::addRow("encoded NUL") << QByteArray("GET /items/a%00b HTTP/1.1\r\nHost: x\r\n\r\n") << 400
                                 << QStringLiteral("bad_request");
    QTest::addRow("length and chunked together")
        << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")
        << 400 << QStringLiteral("bad_request");
    QTest::addRow("negative length") << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n")
                                     << 400 << QStringLiteral("bad_request");
    QTest::addRow("bad chunk size") << QByteArray(
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                    << 400 << QStringLiteral("bad_request");
    QTest::addRow("HTTP/2.0") << QByteArray("GET /hello HTTP/2.0\r\nHost: x\r\n\r\n") << 505
                              << QStringLiteral("http_version_not_supported");
    QTest::addRow("HTTP/0.9 style") << QByteArray("GET /hello\r\n\r\n") << 400 << QStringLiteral("bad_request");
    QTest::addRow("HTTP/1.2") << QByteArray("GET /hello HTTP/1.2\r\nHost: x\r\n\r\n") << 505
                              << QStringLiteral("http_version_not_supported");
    QTest::addRow("unsupported expectation")
        << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: teapot\r\n\r\n") << 417
        << QStringLiteral("expectation_failed");
}

void TestHttpServer::malformedRequest()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QString, code);

    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(request);
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    QCOMPARE(response->errorCode(), code);
    QVERIFY(client.waitClosed());

    // The server is still fine for everybody else.
    RawClient other(m_server->serverPort());
    QVERIFY(other.waitConnected());
    other.send(get("/hello"));
    const auto ok = other.read();
    QVERIFY(ok);
    QCOMPARE(ok->status, 200);
}

void TestHttpServer::oversizeHeader()
{
    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/hello", "X-Big: " + QByteArray(20 * 1024, 'a') + "\r\n"));
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 431);
    QCOMPARE(response->errorCode(), QStringLiteral("header_too_large"));
    QVERIFY(client.waitClosed());
}

void TestHttpServer::ranges_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("length");
    QTest::addColumn<QByteArray>("contentRange");

    QTest::addRow("no range") << QByteArray() << 200 << 0 << 1000 << QByteArray();
    QTest::addRow("first bytes") << QByteArray("Range: bytes=0-99\r\n") << 206 << 0 << 100
                                 << QByteArray("bytes 0-99/1000");
    QTest::addRow("middle") << QByteArray("Range: bytes=500-509\r\n") << 206 << 500 << 10
                            << QByteArray("bytes 500-509/1000");
    QTest::addRow("open end") << QByteArray("Range: bytes=900-\r\n") << 206 << 900 << 100
                              << QByteArray("bytes 900-999/1000");
    QTest::addRow("suffix") << QByteArray("Range: bytes=-100\r\n") << 206 << 900 << 100
                            << QByteArray("bytes 900-999/1000");
    QTest::addRow("suffix longer than the file")
        << QByteArray("Range: bytes=-5000\r\n") << 206 << 0 << 1000 << QByteArray("bytes 0-999/1000");
    QTest::addRow("end past the file is clamped")
        << QByteArray("Range: bytes=990-2000\r\n") << 206 << 990 << 10 << QByteArray("bytes 990-999/1000");
    QTest::addRow("start past the end") << QByteArray("Range: bytes=1000-\r\n") << 416 << 0 << 0
                                        << QByteArray("bytes */1000");
    QTest::addRow("empty suffix") << QByteArray("Range: bytes=-0\r\n") << 416 << 0 << 0 << QByteArray("bytes */1000");
    QTest::addRow("several ranges are ignored")
        << QByteArray("Range: bytes=0-1,5-6\r\n") << 200 << 0 << 1000 << QByteArray();
    QTest::addRow("other unit is ignored") << QByteArray("Range: items=0-1\r\n") << 200 << 0 << 1000 << QByteArray();
    QTest::addRow("reversed range is ignored")
        << QByteArray("Range: bytes=9-1\r\n") << 200 << 0 << 1000 << QByteArray();
    QTest::addRow("If-Range matches") << QByteArray("Range: bytes=0-9\r\nIf-Range: \"abc123\"\r\n") << 206 << 0 << 10
                                      << QByteArray("bytes 0-9/1000");
    QTest::addRow("If-Range is stale") << QByteArray("Range: bytes=0-9\r\nIf-Range: \"old\"\r\n") << 200 << 0 << 1000
                                       << QByteArray();
}

void TestHttpServer::ranges()
{
    QFETCH(QByteArray, headers);
    QFETCH(int, status);
    QFETCH(int, first);
    QFETCH(int, length);
    QFETCH(QByteArray, contentRange);

    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/small", headers));
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    QCOMPARE(response->header("Content-Range"), contentRange);
    QCOMPARE(response->header("Accept-Ranges"), QByteArray("bytes"));
    if (status == 416) {
        QCOMPARE(response->errorCode(), QStringLiteral("range_not_satisfiable"));
        return;
    }
    QCOMPARE(response->header("ETag"), QByteArray("\"abc123\""));
    QCOMPARE(response->header("Content-Type"), QByteArray("application/octet-stream"));
    QCOMPARE(response->header("Content-Length"), QByteArray::number(length));
    QCOMPARE(response->body, m_smallContent.mid(first, length));
}

void TestHttpServer::ifNoneMatch()
{
    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/small", "If-None-Match: \"other\", W/\"abc123\"\r\n"));
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 304);
    QVERIFY(response->body.isEmpty());
    // Still usable: the 304 carried no body.
    client.send(get("/hello"));
    const auto next = client.read();
    QVERIFY(next);
    QCOMPARE(next->status, 200);
}

void TestHttpServer::largeFileDownload()
{
    startServer();
    QNetworkAccessManager manager;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/large").arg(m_server->serverPort())));
    std::unique_ptr<QNetworkReply> reply(manager.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(60000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QByteArray body = reply->readAll();
    QCOMPARE(body.size(), m_largeContent.size());
    QVERIFY(body == m_largeContent);

    // A range deep inside, on the same keep-alive connection.
    request.setRawHeader("Range", "bytes=2000000-2999999");
    reply.reset(manager.get(request));
    QSignalSpy rangeFinished(reply.get(), &QNetworkReply::finished);
    QVERIFY(rangeFinished.wait(60000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 206);
    QVERIFY(reply->readAll() == m_largeContent.mid(2000000, 1000000));
}

void TestHttpServer::headHasNoBody()
{
    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send("HEAD /small HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto head = client.read(true);
    QVERIFY(head);
    QCOMPARE(head->status, 200);
    QCOMPARE(head->header("Content-Length"), QByteArray("1000"));
    QCOMPARE(head->header("Content-Type"), QByteArray("application/octet-stream"));
    client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto headOfJson = client.read(true);
    QVERIFY(headOfJson);
    QCOMPARE(headOfJson->status, 200);
    QVERIFY(headOfJson->header("Content-Length").toInt() > 0);
    // Had a body been sent, it would now be read as the next response.
    client.send(get("/items/5"));
    const auto next = client.read();
    QVERIFY(next);
    QCOMPARE(next->status, 200);
    QCOMPARE(next->json().value(u"id").toString(), QStringLiteral("5"));
}

void TestHttpServer::securityHeaders()
{
    startServer();
    QNetworkAccessManager manager;
    for (const char *path : {"/hello", "/nope", "/small"}) {
        std::unique_ptr<QNetworkReply> reply(manager.get(QNetworkRequest(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->serverPort()).arg(QLatin1String(path))))));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->rawHeader("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(reply->rawHeader("X-Frame-Options"), QByteArray("DENY"));
        QCOMPARE(reply->rawHeader("Referrer-Policy"), QByteArray("no-referrer"));
        QCOMPARE(reply->rawHeader("Content-Security-Policy"), QByteArray("default-src 'none'; frame-ancestors 'none'"));
        QCOMPARE(reply->rawHeader("Cache-Control"), QByteArray("no-store"));
        QVERIFY(!reply->rawHeader("Date").isEmpty());
        QVERIFY(!reply->rawHeader("Content-Type").isEmpty());
        QVERIFY(!reply->rawHeader("Content-Length").isEmpty());
    }
}

void TestHttpServer::handlerHeadersAndMissingContentType()
{
    startServer();
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/custom-headers"));
    const auto custom = client.read();
    QVERIFY(custom);
    QCOMPARE(custom->header("Cache-Control"), QByteArray("private, max-age=60"));
    QCOMPARE(custom->headerCount("Cache-Control"), 1);
    QCOMPARE(custom->header("Content-Length"), QByteArray("2"));
    QCOMPARE(custom->headerCount("Content-Length"), 1);
    QCOMPARE(custom->headerCount("X-Evil"), 0);
    QCOMPARE(custom->headerCount("Set-Cookie"), 0);
    QCOMPARE(custom->header("X-Frame-Options"), QByteArray("DENY"));
    QCOMPARE(custom->body, QByteArray("hi"));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("no Content-Type")));
    client.send(get("/notype"));
    const auto untyped = client.read();
    QVERIFY(untyped);
    QCOMPARE(untyped->header("Content-Type"), QByteArray("application/octet-stream"));
    QCOMPARE(untyped->body, QByteArray("x"));
}

void TestHttpServer::slowHandlerDoesNotBlockOthers()
{
    startServer();
    QNetworkAccessManager manager;
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(m_server->serverPort());
    QStringList order;
    std::unique_ptr<QNetworkReply> slow(manager.get(QNetworkRequest(QUrl(base + u"/slow"))));
    connect(slow.get(), &QNetworkReply::finished, this, [&] {
        order.append(QStringLiteral("slow"));
    });
    // Make sure the slow request is on the pool before the fast one is sent.
    QTRY_COMPARE(m_pool.activeThreadCount(), 1);
    std::unique_ptr<QNetworkReply> fast(manager.get(QNetworkRequest(QUrl(base + u"/fast"))));
    connect(fast.get(), &QNetworkReply::finished, this, [&] {
        order.append(QStringLiteral("fast"));
    });
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 2, 20000);
    QCOMPARE(order, (QStringList{QStringLiteral("fast"), QStringLiteral("slow")}));
    QCOMPARE(slow->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(fast->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
}

void TestHttpServer::bulkRoutesRunApartAtLowerPriority()
{
    startServer();
    QNetworkAccessManager manager;
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(m_server->serverPort());
    const int ownNice = ::getpriority(PRIO_PROCESS, 0);
    QStringList order;
    // The bulk pool's one thread is busy: a quick request is still answered at once, and a second
    // bulk request waits its turn there rather than taking a thread of the main pool.
    std::unique_ptr<QNetworkReply> held(manager.get(QNetworkRequest(QUrl(base + u"/bulk?hold=1"))));
    QTRY_COMPARE(m_bulkPool.activeThreadCount(), 1);
    std::unique_ptr<QNetworkReply> queued(manager.get(QNetworkRequest(QUrl(base + u"/bulk"))));
    std::unique_ptr<QNetworkReply> fast(manager.get(QNetworkRequest(QUrl(base + u"/fast"))));
    for (QNetworkReply *reply : {held.get(), queued.get(), fast.get()}) {
        connect(reply, &QNetworkReply::finished, this, [&order, reply, &held, &queued] {
            order.append(reply == held.get() ? QStringLiteral("held")
                    : reply == queued.get()  ? QStringLiteral("queued")
                                             : QStringLiteral("fast"));
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 3, 20000);
    QCOMPARE(order, (QStringList{QStringLiteral("fast"), QStringLiteral("held"), QStringLiteral("queued")}));
    QCOMPARE(m_pool.activeThreadCount(), 0);
    for (QNetworkReply *reply : {held.get(), queued.get()}) {
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        QVERIFY(body.value(u"onBulkPool").toBool());
        QCOMPARE(body.value(u"nice").toInt(), std::min(19, ownNice + 10));
    }
}

void TestHttpServer::connectionLimit()
{
    HttpLimits limits;
    limits.maxConnections = 1;
    startServer(limits);
    RawClient first(m_server->serverPort());
    QVERIFY(first.waitConnected());
    first.send(get("/hello"));
    QVERIFY(first.read());
    QCOMPARE(m_server->connectionCount(), 1);

    // The first is idle between requests: it makes way for a new connection.
    RawClient second(m_server->serverPort());
    QVERIFY(second.waitConnected());
    QVERIFY(first.waitClosed());
    second.send(get("/hello"));
    const auto served = second.read();
    QVERIFY(served);
    QCOMPARE(served->status, 200);

    // One in the middle of a request does not: the newcomer is turned away.
    const QByteArray request = get("/hello");
    second.send(request.left(10));
    QTest::qWait(200); // the server reads the partial head (nothing to observe from outside)
    RawClient third(m_server->serverPort());
    QVERIFY(third.waitConnected());
    const auto busy = third.read();
    QVERIFY(busy);
    QCOMPARE(busy->status, 503);
    QCOMPARE(busy->errorCode(), QStringLiteral("server_busy"));
    QVERIFY(third.waitClosed());

    // The busy connection is unaffected.
    second.send(request.mid(10));
    const auto again = second.read();
    QVERIFY(again);
    QCOMPARE(again->status, 200);
}

void TestHttpServer::tls()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("No TLS backend");
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QSKIP("openssl is needed to make a test certificate");
    const QString keyPath = m_dir.filePath(QStringLiteral("key.pem"));
    const QString certPath = m_dir.filePath(QStringLiteral("cert.pem"));
    QProcess process;
    process.start(openssl,
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
            QStringLiteral("-nodes"), QStringLiteral("-keyout"), keyPath, QStringLiteral("-out"), certPath,
            QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    QFile keyFile(keyPath);
    QFile certFile(certPath);
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    QVERIFY(certFile.open(QIODevice::ReadOnly));
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa));
    config.setLocalCertificate(QSslCertificate(certFile.readAll()));
    QVERIFY(!config.privateKey().isNull());

    HttpLimits limits;
    limits.headerTimeoutMs = 2000;
    m_server = std::make_unique<HttpServer>(&m_router, &m_pool);
    m_server->setLimits(limits);
    m_server->setTlsConfiguration(config);
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));

    RawClient client(m_server->serverPort(), true);
    QVERIFY(client.waitConnected());
    client.send(get("/secure"));
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->json().value(u"secure").toBool(), true);
    // Streaming with back-pressure works through the TLS layer too.
    client.send(get("/large"));
    const auto large = client.read(false, 60000);
    QVERIFY(large);
    QCOMPARE(large->status, 200);
    QVERIFY(large->body == m_largeContent);

    // A client that never starts the handshake is dropped like one that never sends a head.
    RawClient silent(m_server->serverPort());
    QVERIFY(silent.waitConnected());
    QVERIFY(silent.waitClosed(20000));
}

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
