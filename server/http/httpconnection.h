// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <memory>

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/httpserver.h"
#include "server/http/router.h"

class HttpMetrics;
class HttpStreamSink;
class QFile;
class QTcpSocket;
class QTemporaryFile;
class QThreadPool;

// One client connection: feeds the socket's bytes into a Boost.Beast request parser, enforces
// the limits and timeouts, runs the matched handler on the thread pool and writes the response
// (streaming files with back-pressure, or handing an open-ended response to an HttpStreamSink).
// Created and owned by HttpServer; deletes itself (deleteLater) when the socket closes. Beast
// stays inside httpconnection.cpp.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    struct Context
    {
        const Router *router = nullptr;
        QThreadPool *pool = nullptr;
        QThreadPool *bulkPool = nullptr; // for Route::bulk; null: `pool`
        HttpLimits limits;
        QString tempDir;
        std::shared_ptr<QObject> mailbox;
        std::shared_ptr<HttpMetrics> metrics; // null: nothing is counted
    };

    HttpConnection(QTcpSocket *socket, Context context, QObject *parent = nullptr);
    ~HttpConnection() override;

    // The whole serialized head of a response (status line, headers, blank line) after the
    // layer's normalisation; used for connections turned away before they get an HttpConnection.
    static QByteArray cannedResponse(const HttpResponse &response);

    // Waiting for a request with nothing of it received yet (a new or a keep-alive connection).
    bool isIdle() const { return m_state == State::ReadingHead && !m_headStarted; }
    // Milliseconds since the connection became idle; meaningful while isIdle().
    qint64 idleForMs() const { return m_idleClock.elapsed(); }
    // Drops an idle connection at once, to make room under the connection cap.
    void closeIdle();

signals:
    // The connection is over (its socket is closed); the object is deleted soon after.
    void finished();

private:
    friend class HttpStreamSink;
    enum class State { ReadingHead, ReadingBody, Handling, Writing, Streaming, Closing, Lingering, Closed };
    enum class TimerKind { None, Header, Idle, Body, Write, Linger };
    struct Parser; // the Beast parser, kept out of this header
    struct SpillFile; // removes a spilled body when the last owner is done with it

    void onReadyRead();
    void onBytesWritten(qint64 bytes);
    void startTransfer();
    bool transferTooSlow(qint64 bytes);
    void onTimeout();
    void pump();
    bool pumpHead();
    bool pumpBody();
    qint64 fillInput(qint64 maxBuffered);
    void headComplete();
    bool prepareBody();
    bool openSpillFile();
    void respondEarly(const HttpResponse &response);
    bool writeBodyBytes(const char *data, qint64 size);
    void dispatch();
    void deliver(quint64 serial, HttpResponse response);
    void fail(const HttpResponse &response);
    void startResponse(HttpResponse response);
    void startStream(const std::function<void(HttpStreamSink *)> &stream);
    void streamWrite(const QByteArray &bytes); // for HttpStreamSink
    void streamClose(); // for HttpStreamSink
    void streamEnableFlowControl(); // for HttpStreamSink
    qint64 streamQueued() const; // for HttpStreamSink
    void endStream();
    void fillFromFile();
    void checkWriteDone();
    void finishResponse();
    void beginClose();
    void startLinger();
    void reset();
    void teardown();
    void startTimer(TimerKind kind, int ms);
    void startNextRequest();
    void releaseBody();

    QTcpSocket *m_socket;
    Context m_context;
    std::unique_ptr<Parser> m_parser;
    State m_state = State::ReadingHead;
    QByteArray m_in; // received but not yet consumed by the parser
    QTimer m_timer;
    TimerKind m_timerKind = TimerKind::None;
    quint64 m_serial = 0;
    bool m_secure = false;
    bool m_headStarted = false; // the current request's first byte has arrived
    int m_version = 11; // 10 or 11 for HTTP/1.0 and HTTP/1.1

    // Current request.
    HttpRequest m_request;
    Route m_route;
    bool m_keepAlive = false;
    bool m_requestHasBody = false;
    QElapsedTimer m_clock;
    QElapsedTimer m_idleClock; // since the last response ended (or the connection opened)
    QElapsedTimer m_transferClock; // since the current rate window of a body or response started
    qint64 m_transferred = 0; // bytes moved in that window
    std::unique_ptr<QTemporaryFile> m_spillWriter;
    std::shared_ptr<SpillFile> m_spill;

    // Current response.
    int m_status = 0;
    bool m_closeAfterResponse = false;
    std::unique_ptr<QIODevice> m_file; // the body being sent (a file, or a source that fills)
    qint64 m_fileRemaining = 0;
    HttpStreamSink *m_sink = nullptr; // child; set while a streaming response is open
    bool m_streamFlowControl = false; // the stream is produced as the client reads (a download)
};
