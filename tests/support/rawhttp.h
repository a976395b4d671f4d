// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QSslError>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <algorithm>

// A bare HTTP/1.1 connection (TCP or TLS), for what QNetworkAccessManager hides: malformed
// requests, several requests on one connection, bodies the server refuses part-way through,
// requests trickled a byte at a time, and seeing exactly when the server hangs up.
class RawHttp : public QObject
{
    static constexpr qint64 MiB = 1024 * 1024;

public:
    struct Response
    {
        int status = 0;
        QByteArray statusLine;
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
        bool hasHeader(QByteArrayView name) const
        {
            return std::any_of(headers.cbegin(), headers.cend(), [name](const auto &field) {
                return QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0;
            });
        }
        QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
        QString errorCode() const { return object().value(u"error").toObject().value(u"code").toString(); }
    };

    explicit RawHttp(quint16 port, bool tls = false)
    {
        if (tls) {
            auto *ssl = new QSslSocket(this);
            connect(ssl, &QSslSocket::sslErrors, this, [this, ssl](const QList<QSslError> &errors) {
                m_sslErrors += errors;
                ssl->ignoreSslErrors(); // the test's own self-signed certificate
            });
            m_socket = ssl;
        } else {
            m_socket = new QTcpSocket(this);
        }
        connect(m_socket, &QIODevice::readyRead, this, &RawHttp::readAvailable);
        connect(m_socket, &QIODevice::bytesWritten, this, &RawHttp::pump);
        connect(m_socket, &QAbstractSocket::disconnected, this, &RawHttp::markClosed);
        connect(m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (m_socket->state() != QAbstractSocket::ConnectedState)
                markClosed();
        });
        m_clock.start();
        if (tls)
            static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        else
            m_socket->connectToHost(QHostAddress::LocalHost, port);
    }
    ~RawHttp() override { m_socket->disconnect(this); }

    bool waitForConnected()
    {
        auto *ssl = qobject_cast<QSslSocket *>(m_socket);
        return QTest::qWaitFor(
            [this, ssl] {
                return ssl ? ssl->isEncrypted() : m_socket->state() == QAbstractSocket::ConnectedState;
            },
            10000);
    }

    // The next response to a HEAD request carries no body.
    void expectHeadResponse() { m_headResponses.append(true); }
    void write(const QByteArray &data) { m_socket->write(data); }

    // After a request head: sends `size` body bytes (as chunked transfer coding if asked) as fast as
    // the socket takes them, and stops as soon as the server answers or closes.
    void streamBody(qint64 size, bool chunked)
    {
        m_bodySize = size;
        m_chunked = chunked;
        m_streaming = true;
        m_block = QByteArray(MiB, 'x');
        pump();
    }

    bool waitForResponses(int count, int timeoutMs = 10000)
    {
        (void)QTest::qWaitFor(
            [&] {
                return m_responses.size() >= count || m_closed;
            },
            timeoutMs);
        return m_responses.size() >= count;
    }
    bool waitForClosed(int timeoutMs)
    {
        return QTest::qWaitFor(
            [this] {
                return m_closed;
            },
            timeoutMs);
    }

    const QList<Response> &responses() const { return m_responses; }
    QByteArray unparsed() const { return m_buffer; }
    qint64 bodyBytesSent() const { return m_sent; }
    bool isClosed() const { return m_closed; }
    qint64 closedAfterMs() const { return m_closedAfter; } // since the connection was opened
    QList<QSslError> sslErrors() const { return m_sslErrors; }
    QAbstractSocket *socket() const { return m_socket; }

private:
    void markClosed()
    {
        readAvailable();
        if (!m_closed) {
            m_closed = true;
            m_closedAfter = m_clock.elapsed();
        }
    }

    void pump()
    {
        if (!m_streaming || m_closed || !m_responses.isEmpty() || m_socket->state() != QAbstractSocket::ConnectedState)
            return;
        while (m_socket->bytesToWrite() < 4 * MiB && m_sent < m_bodySize) {
            const qint64 n = qMin<qint64>(m_block.size(), m_bodySize - m_sent);
            if (m_chunked)
                m_socket->write(QByteArray::number(n, 16) + "\r\n" + m_block.left(n) + "\r\n");
            else
                m_socket->write(m_block.left(n));
            m_sent += n;
        }
        if (m_sent == m_bodySize && m_chunked && !m_lastChunkSent) {
            m_socket->write("0\r\n\r\n");
            m_lastChunkSent = true;
        }
    }

    void readAvailable()
    {
        if (m_socket->isOpen())
            m_buffer += m_socket->readAll();
        for (;;) {
            const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            Response response;
            const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
            response.statusLine = lines.value(0).trimmed();
            response.status = response.statusLine.split(' ').value(1).toInt();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines.at(i).indexOf(':');
                if (colon > 0)
                    response.headers.append({lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
            }
            const bool head = !m_headResponses.isEmpty() && m_headResponses.first();
            const qint64 length = head ? 0 : response.header("Content-Length").toLongLong();
            if (m_buffer.size() < headEnd + 4 + length)
                return;
            response.body = m_buffer.mid(headEnd + 4, length);
            m_buffer.remove(0, headEnd + 4 + length);
            if (!m_headResponses.isEmpty())
                m_headResponses.removeFirst();
            m_responses.append(response);
        }
    }

    QAbstractSocket *m_socket = nullptr;
    QElapsedTimer m_clock;
    QByteArray m_buffer;
    QList<Response> m_responses;
    QList<bool> m_headResponses;
    QList<QSslError> m_sslErrors;
    bool m_closed = false;
    qint64 m_closedAfter = -1;
    bool m_streaming = false;
    bool m_chunked = false;
    bool m_lastChunkSent = false;
    qint64 m_bodySize = 0;
    qint64 m_sent = 0;
    QByteArray m_block;
};
