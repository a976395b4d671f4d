// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>

class HttpConnection;

// The open body of a streaming response (HttpResponse::stream), e.g. Server-Sent Events. Created
// and owned by the HttpConnection (a child of it, on the network thread) once the head is out,
// and handed to the route's stream function. Only touch it on the network thread.
//
// It lives as long as the stream: when the stream ends (close(), the client going away, a client
// that does not read) it is deleted soon after, and with it everything that used it as parent or
// as connection context. Keep no other pointer to it than a QPointer.
class HttpStreamSink : public QObject
{
    Q_OBJECT
public:
    // A client that lets more than this pile up unread in our send buffer is dropped.
    static constexpr qint64 maxQueuedBytes = 1024 * 1024;

    ~HttpStreamSink() override;

    // Appends bytes to the response body. Does nothing once the stream has ended.
    void write(const QByteArray &bytes);
    // Ends the response: what was written is still delivered, then the connection closes.
    void close();
    bool isOpen() const { return m_connection != nullptr; }

    // For a body produced as fast as the client reads it (a download made on the fly): from now
    // on ready() is emitted whenever less than `lowWater` bytes wait to be sent, and a client that
    // reads nothing for the server's body timeout is dropped, as for any response. The producer
    // writes while queued() is under its own bound, and again on ready().
    void enableFlowControl();
    // Bytes written but not yet taken by the client's connection.
    qint64 queued() const;
    static constexpr qint64 lowWater = 256 * 1024;

signals:
    // Room to write more (after enableFlowControl()); also emitted once right after it.
    void ready();
    // The stream has ended, for whatever reason; emitted once, before the sink is deleted.
    void finished();

private:
    friend class HttpConnection;
    explicit HttpStreamSink(HttpConnection *connection);
    // Called by the connection when the stream ends; afterwards write() and close() do nothing.
    void detach();

    HttpConnection *m_connection;
};
