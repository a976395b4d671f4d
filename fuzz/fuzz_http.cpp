// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The HTTP layer as a client meets it: each input is sent over a real loopback TCP connection to
// a real HttpServer (Beast's parser, HttpConnection's state machine, the router, the thread pool,
// spilling bodies to disk, files with Range, a streamed response), in several reads.
//
// Input: the bytes to send. A 0xFF byte ends one write (the server reads each write on its own
// before the next is sent); 0xFF 0xFF sends one literal 0xFF. After the last write the client
// waits until the server has closed the connection or has nothing more to say, then goes away,
// and the connection must be torn down.
//
// Properties besides "no crash, no sanitizer report": whatever the server sends is an HTTP/1.1
// response, never a 500 (bad input gets a 4xx), and no connection outlives its client.
#include <cstdint>
#include <memory>

#include <QByteArray>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QThreadPool>

#include "fuzz/fuzzsupport.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/httpserver.h"
#include "server/http/httpstreamsink.h"
#include "server/http/router.h"

namespace {

struct Harness
{
    QTemporaryDir dir;
    QString filePath;
    Router router;
    QThreadPool pool;
    std::unique_ptr<HttpServer> server;
};

Harness *g_harness = nullptr;

void addRoutes(Router &router, const QString &filePath)
{
    router.add("GET", QStringLiteral("/health"), 0, [](HttpRequest &) {
        return HttpResponse::bytes(200, "ok", "text/plain; charset=utf-8");
    });
    router.add("GET", QStringLiteral("/items/{id}"), 0, [](HttpRequest &request) {
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("id"), request.pathParams.value("id")}});
    });
    router.add("GET", QStringLiteral("/items/search"), 0, [](HttpRequest &request) {
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("q"), request.query.queryItemValue("q")}});
    });
    router.add("DELETE", QStringLiteral("/items/{id}"), 0, [](HttpRequest &) {
        HttpResponse response;
        response.status = 204;
        return response;
    });
    // Small bodies stay in memory, larger ones spill to a file (memoryBodyBytes below).
    router.add("POST", QStringLiteral("/items/{id}/notes"), 4096, [](HttpRequest &request) {
        const QByteArray body = request.readBody();
        return HttpResponse::json(201, QJsonObject{{QStringLiteral("size"), qint64(body.size())}});
    });
    router.add("PUT", QStringLiteral("/upload"), 64 * 1024, [](HttpRequest &request) {
        const QByteArray body = request.readBody();
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("size"), qint64(body.size())}});
    });
    router.add("GET", QStringLiteral("/file"), 0, [filePath](HttpRequest &request) {
        return HttpResponse::file(request, filePath, "text/plain; charset=utf-8", "v1");
    });
    // A handler that puts request data into its response head: the layer must keep it safe.
    router.add("GET", QStringLiteral("/echo-header"), 0, [](HttpRequest &request) {
        HttpResponse response = HttpResponse::bytes(200, "echo", request.header("X-Type"));
        response.setHeader("X-Echo", request.header("X-Echo"));
        response.setHeader(request.header("X-Name"), "value");
        return response;
    });
    router.add("GET", QStringLiteral("/events"), 0, [](HttpRequest &) {
        HttpResponse response;
        response.contentType = "text/event-stream";
        response.stream = [](HttpStreamSink *sink) {
            sink->write("data: 1\n\n");
            sink->close();
        };
        return response;
    });
}

void setUp()
{
    FuzzSupport::init();
    g_harness = new Harness; // for the whole process
    Harness &h = *g_harness;
    h.filePath = h.dir.filePath(QStringLiteral("file.txt"));
    QFile file(h.filePath);
    if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray(100, 'x')) != 100)
        FuzzSupport::fail("cannot write the served file");
    file.close();
    addRoutes(h.router, h.filePath);
    h.pool.setMaxThreadCount(2);
    h.server = std::make_unique<HttpServer>(&h.router, &h.pool);
    HttpLimits limits;
    limits.maxHeaderBytes = 2048;
    limits.memoryBodyBytes = 512;
    // Never reached by a finished input (the client goes away first); they bound a stuck one.
    limits.headerTimeoutMs = 3000;
    limits.idleTimeoutMs = 3000;
    limits.bodyTimeoutMs = 3000;
    limits.maxConnections = 8;
    h.server->setLimits(limits);
    h.server->setTempDir(h.dir.path());
    if (!h.server->listen(QHostAddress::LocalHost, 0))
        FuzzSupport::fail("cannot listen on loopback");
}

QList<QByteArray> splitWrites(const uint8_t *data, size_t size)
{
    QList<QByteArray> writes{QByteArray()};
    for (size_t i = 0; i < size; ++i) {
        if (data[i] == 0xff) {
            if (i + 1 < size && data[i + 1] == 0xff) {
                writes.last().append(char(0xff));
                ++i;
            } else {
                writes.append(QByteArray());
            }
            continue;
        }
        writes.last().append(char(data[i]));
    }
    return writes;
}

void spin()
{
    QCoreApplication::processEvents(QEventLoop::AllEvents);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    setUp();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Harness &h = *g_harness;
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, h.server->serverPort());
    QElapsedTimer clock;
    clock.start();
    while (!(client.state() == QAbstractSocket::ConnectedState && h.server->connectionCount() > 0)) {
        if (clock.elapsed() > 5000 || client.state() == QAbstractSocket::UnconnectedState)
            FuzzSupport::fail("cannot connect to the server");
        spin();
    }

    QByteArray received;
    for (const QByteArray &piece : splitWrites(data, size)) {
        if (client.state() != QAbstractSocket::ConnectedState)
            break;
        if (!piece.isEmpty()) {
            client.write(piece);
            client.flush();
        }
        // Let the server read this write on its own.
        for (int i = 0; i < 3; ++i)
            spin();
        received += client.readAll();
    }

    // Wait for the answers: until the server closes, or is idle and has sent nothing for a while.
    clock.restart();
    int quietRounds = 0;
    while (clock.elapsed() < 5000 && client.state() == QAbstractSocket::ConnectedState) {
        spin();
        const QByteArray more = client.readAll();
        received += more;
        if (h.pool.activeThreadCount() > 0 || !more.isEmpty()) {
            quietRounds = 0;
            QThread::yieldCurrentThread();
        } else if (++quietRounds >= 8) {
            break;
        }
    }
    received += client.readAll();
    client.abort();

    clock.restart();
    while (h.server->connectionCount() > 0 || h.pool.activeThreadCount() > 0) {
        if (clock.elapsed() > 5000)
            FuzzSupport::fail("a connection outlived its client by 5 s");
        spin();
        QThread::yieldCurrentThread();
    }

    if (!received.isEmpty() && !received.startsWith("HTTP/1.1 "))
        FuzzSupport::fail(
            "the server sent something other than an HTTP/1.1 response", QString::fromLatin1(received.left(200)));
    // Bodies here are JSON or fixed text, so a line starting a 500 response is one.
    if (received.startsWith("HTTP/1.1 500 ") || received.contains("\nHTTP/1.1 500 "))
        FuzzSupport::fail("the server answered 500", QString::fromLatin1(received.left(400)));
    return 0;
}
