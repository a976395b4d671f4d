// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <optional>

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QString>

class HttpMetrics;
class QTcpServer;
class QTcpSocket;
class QThreadPool;
class Router;

struct HttpLimits
{
    qint64 maxHeaderBytes = 16 * 1024;
    int headerTimeoutMs = 10000; // whole request head (and a TLS handshake) must arrive within this
    int idleTimeoutMs = 30000; // keep-alive connection with no request
    int bodyTimeoutMs = 30000; // no body progress (or, while sending, no write progress) -> drop
    // After bodyTimeoutMs of a body (or of a response being written) it must have averaged at
    // least this rate, or the connection is dropped: a trickle of bytes cannot hold it forever.
    qint64 minBytesPerSecond = 1024;
    int maxConnections = 1024; // beyond: idle connections are closed first, then 503 + close
    qint64 memoryBodyBytes = 64 * 1024; // bodies above spill to a temp file
    // Load balancers in front of the server: for a request from one of them, the client's address
    // (for throttling, logs and the sessions lists) is the last one in X-Forwarded-For, the one the
    // balancer itself added. Anyone else's X-Forwarded-For is ignored: it could say anything.
    QList<QHostAddress> trustedProxies;
};

// The HTTP/1.1 listener: accepts TCP (or, with a TLS configuration, TLS) connections and gives
// each to an HttpConnection, which parses with Boost.Beast and runs the router's handlers on
// the thread pool. Network I/O happens on the thread this object lives in. Router and pool are
// not owned and must outlive the server; before destroying what the handlers use, wait for the
// pool (QThreadPool::waitForDone()).
class HttpServer : public QObject
{
    Q_OBJECT
public:
    HttpServer(const Router *router, QThreadPool *pool, QObject *parent = nullptr);
    ~HttpServer() override;

    // Applies to connections accepted afterwards.
    void setLimits(const HttpLimits &limits);
    HttpLimits limits() const { return m_limits; }
    void setTempDir(const QString &dir); // where spilled bodies go; default QDir::tempPath()
    // Where bulk routes (Route::bulk) run; each of its threads lowers its own scheduling priority
    // (nice 10) the first time, so give it threads that run nothing else. Without one they run on
    // the main pool at normal priority.
    void setBulkPool(QThreadPool *pool) { m_bulkPool = pool; }
    // Counts every answered request and every connection into `metrics` (--metrics); without
    // one nothing is counted. Before listen().
    void setMetrics(std::shared_ptr<HttpMetrics> metrics);
    void setTlsConfiguration(const QSslConfiguration &config); // switches to QSslServer; call before listen()
    bool listen(const QHostAddress &address, quint16 port); // port 0 = any free port
    void close(); // stops listening; open connections carry on
    bool isListening() const;
    quint16 serverPort() const;
    QString errorString() const;
    int connectionCount() const;

private:
    void acceptPending();
    bool makeRoom();
    void rejectBusy(QTcpSocket *socket);
    void onAcceptError();

    const Router *m_router;
    QThreadPool *m_pool;
    QThreadPool *m_bulkPool = nullptr;
    std::shared_ptr<HttpMetrics> m_metrics;
    HttpLimits m_limits;
    QString m_tempDir;
    std::optional<QSslConfiguration> m_tls;
    QTcpServer *m_listener = nullptr;
    QString m_errorString;
    int m_connectionCount = 0; // HttpConnections not yet finished
    int m_rejecting = 0; // sockets being told 503
    // Handlers post their responses to this object: it lives on the network thread and stays
    // alive while any handler still holds a reference, even if the server is gone.
    std::shared_ptr<QObject> m_mailbox;
};
