// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/http/httpserver.h"

#include <QDir>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThreadPool>
#include <QTimer>

#include "server/http/httpconnection.h"
#include "server/http/httpmetrics.h"
#include "server/http/logging.h"
#include "server/http/router.h"

namespace {

// How the log names a listening address: as a URL, with an IPv6 address in brackets.
QString urlOf(bool tls, const QHostAddress &address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]").arg(address.toString())
        : address.toString();
    return QStringLiteral("%1://%2:%3").arg(tls ? QStringLiteral("https") : QStringLiteral("http"), host).arg(port);
}

} // namespace

HttpServer::HttpServer(const Router *router, QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_router(router)
    , m_pool(pool ? pool : QThreadPool::globalInstance())
    , m_tempDir(QDir::tempPath())
    , m_mailbox(new QObject, [](QObject *object) {
        object->deleteLater();
    })
{
    Q_ASSERT(m_router);
}

HttpServer::~HttpServer()
{
    // Connections are children; delete them while this object is still whole, so that their
    // destroyed() signals do not reach a half-destroyed server.
    const auto connections = findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
    for (HttpConnection *connection : connections) {
        disconnect(connection, nullptr, this, nullptr);
        delete connection;
    }
}

void HttpServer::setLimits(const HttpLimits &limits)
{
    m_limits = limits;
    if (auto *ssl = qobject_cast<QSslServer *>(m_listener))
        ssl->setHandshakeTimeout(m_limits.headerTimeoutMs);
}

void HttpServer::setMetrics(std::shared_ptr<HttpMetrics> metrics)
{
    m_metrics = std::move(metrics);
}

void HttpServer::setTempDir(const QString &dir)
{
    m_tempDir = dir;
}

void HttpServer::setTlsConfiguration(const QSslConfiguration &config)
{
    m_tls = config;
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_listener) {
        m_listener->close();
        delete m_listener;
        m_listener = nullptr;
    }
    if (m_tls) {
        if (!QSslSocket::supportsSsl()) {
            m_errorString = tr("TLS is configured, but no TLS backend is available.");
            return false;
        }
        auto *ssl = new QSslServer(this);
        ssl->setSslConfiguration(*m_tls);
        // Qt 6.4's QSslServer owns the socket until the handshake is done: this bounds that time.
        ssl->setHandshakeTimeout(m_limits.headerTimeoutMs);
        connect(ssl, &QSslServer::errorOccurred, this, [](QSslSocket *socket, QAbstractSocket::SocketError) {
            qCDebug(lcHttp).noquote() << "TLS connection failed:" << socket->errorString();
        });
        connect(ssl, &QSslServer::handshakeInterruptedOnError, this, [](QSslSocket *, const QSslError &error) {
            qCDebug(lcHttp).noquote() << "TLS handshake failed:" << error.errorString();
        });
        m_listener = ssl;
    } else {
        m_listener = new QTcpServer(this);
    }
    // pendingConnectionAvailable, not newConnection: QSslServer announces sockets only once
    // their handshake is complete.
    connect(m_listener, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::acceptPending);
    connect(m_listener, &QTcpServer::acceptError, this, &HttpServer::onAcceptError);
    if (!m_listener->listen(address, port)) {
        m_errorString = m_listener->errorString();
        qCWarning(lcHttp).noquote() << "cannot listen on" << urlOf(m_tls.has_value(), address, port) << "-"
                                    << m_errorString;
        delete m_listener;
        m_listener = nullptr;
        return false;
    }
    m_errorString.clear();
    qCInfo(lcHttp).noquote() << "listening on" << urlOf(m_tls.has_value(), address, m_listener->serverPort());
    return true;
}

void HttpServer::close()
{
    if (m_listener)
        m_listener->close();
}

bool HttpServer::isListening() const
{
    return m_listener && m_listener->isListening();
}

quint16 HttpServer::serverPort() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

QString HttpServer::errorString() const
{
    return m_errorString;
}

int HttpServer::connectionCount() const
{
    return m_connectionCount;
}

void HttpServer::acceptPending()
{
    while (m_listener && m_listener->hasPendingConnections()) {
        QTcpSocket *socket = m_listener->nextPendingConnection();
        if (!socket)
            break;
        if (m_connectionCount >= m_limits.maxConnections && !makeRoom()) {
            rejectBusy(socket);
            continue;
        }
        ++m_connectionCount;
        if (m_metrics)
            m_metrics->connectionOpened();
        // Without TCP_NODELAY a response that leaves in more than one segment waits for the
        // peer's delayed ACK: measured here, 48 ms for every static portal asset (bench_portal).
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        HttpConnection::Context context;
        context.router = m_router;
        context.pool = m_pool;
        context.bulkPool = m_bulkPool;
        context.limits = m_limits;
        context.tempDir = m_tempDir;
        context.mailbox = m_mailbox;
        context.metrics = m_metrics;
        auto *connection = new HttpConnection(socket, std::move(context), this);
        // On finished rather than destroyed: the descriptor is free then, the object goes later.
        connect(connection, &HttpConnection::finished, this, [this] {
            --m_connectionCount;
            if (m_metrics)
                m_metrics->connectionClosed();
        });
    }
}

// At the cap, the connection idle longest (one that has sent nothing, or a keep-alive one between
// requests) makes way for the new one: a flood of idle connections then only ever displaces idle
// connections, and every request in progress goes on.
bool HttpServer::makeRoom()
{
    HttpConnection *oldest = nullptr;
    const auto connections = findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
    for (HttpConnection *connection : connections) {
        if (connection->isIdle() && (!oldest || connection->idleForMs() > oldest->idleForMs()))
            oldest = connection;
    }
    if (!oldest)
        return false;
    oldest->closeIdle();
    return m_connectionCount < m_limits.maxConnections;
}

void HttpServer::rejectBusy(QTcpSocket *socket)
{
    qCWarning(lcHttp).noquote() << "Connection limit of" << m_limits.maxConnections << "reached; turning away"
                                << socket->peerAddress().toString();
    if (m_metrics)
        m_metrics->connectionRejected();
    socket->setParent(this);
    // A few refusals get their 503 and a moment to read it; beyond that each one would hold a
    // descriptor for nothing, so the connection is simply closed.
    constexpr int kMaxRejecting = 32;
    if (m_rejecting >= kMaxRejecting) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    ++m_rejecting;
    connect(socket, &QObject::destroyed, this, [this] {
        --m_rejecting;
    });
    HttpResponse response = HttpResponse::error(
        503, QStringLiteral("server_busy"), QStringLiteral("The server is busy; try again shortly."));
    response.setHeader("Retry-After", "1");
    socket->write(HttpConnection::cannedResponse(response));
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    socket->disconnectFromHost();
    if (socket->state() == QAbstractSocket::UnconnectedState) {
        socket->deleteLater();
        return;
    }
    QTimer::singleShot(2000, socket, [socket] {
        socket->abort();
    });
}

// QTcpServer stops accepting after an accept() error such as EMFILE; a moment later there may be
// descriptors again, and the server must not stay deaf.
void HttpServer::onAcceptError()
{
    if (!m_listener)
        return;
    qCWarning(lcHttp).noquote() << "Cannot accept a connection:" << m_listener->errorString() << "- retrying shortly";
    QTimer::singleShot(100, m_listener, [listener = m_listener] {
        listener->resumeAccepting();
    });
}
