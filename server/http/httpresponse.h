// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <memory>

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

class HttpRequest;
class HttpStreamSink;
class QIODevice;
class QJsonDocument;
class QJsonObject;

// What a route handler returns. HttpConnection adds the framing (Content-Length, Date,
// Connection) and the security headers, streams filePath from disk when it is set, and hands
// the open connection to `stream` when that is set.
class HttpResponse
{
public:
    int status = 200;
    // Required: every response has an explicit Content-Type; the layer never guesses. A missing
    // one is sent as application/octet-stream with a warning in the log.
    QByteArray contentType;
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers
    QByteArray body;

    // When set, sent instead of body: streamed from disk in bounded chunks with back-pressure,
    // never read whole. fileLength -1 means "to the end of the file".
    QString filePath;
    qint64 fileOffset = 0;
    qint64 fileLength = -1;
    // When set (and filePath is not), sent instead of body: fileLength bytes read in order from the
    // device it opens, called on the network thread. The device may be sequential and fill as its
    // data arrives (readyRead), e.g. a blob read from an object store by a worker thread; reading
    // it must never block. A read error, or an end before fileLength bytes, cuts the response short.
    std::function<std::unique_ptr<QIODevice>()> openBody;

    // When set, sent instead of body and filePath: a response of open-ended length (Server-Sent
    // Events). The head goes out without Content-Length and with "Connection: close" (the body
    // ends when the connection does, which HTTP/1.0 understands too), no write timeout applies,
    // and whatever the client sends afterwards is discarded. Then the function is called on the
    // network thread with the connection's sink, which it writes to until it closes it or the
    // client goes away; it must not block. To HEAD only the head is sent. The handler (on the
    // pool thread) does whatever needs the database before returning; the function must not.
    std::function<void(HttpStreamSink *sink)> stream;

    void setHeader(const QByteArray &name, const QByteArray &value); // replaces
    QByteArray header(QByteArrayView name) const; // case-insensitive, empty if absent
    bool hasHeader(QByteArrayView name) const;
    void removeHeader(QByteArrayView name);

    static HttpResponse json(int status, const QJsonObject &object);
    // The plain error body every error of the server shares: status +
    // {"error":{"code":"…","message":"…"}} as application/json, with Retry-After: 1 on 503. The
    // transport's own refusals use it directly; routes build theirs through server/api's ApiError.
    static HttpResponse error(int status, const QString &code, const QString &message);
    static HttpResponse badRequest(const QString &message);
    static HttpResponse notFound();
    static HttpResponse payloadTooLarge(qint64 limit);
    static HttpResponse internalError();
    static HttpResponse json(int status, const QJsonDocument &doc);
    // status + body with an explicit content type, e.g. text(200, "ok", "text/plain; charset=utf-8").
    static HttpResponse bytes(int status, const QByteArray &body, const QByteArray &contentType);
    // Serves a file: handles Range (one range "bytes=a-b", "bytes=a-", "bytes=-n") with 206 and
    // Content-Range, 416 when unsatisfiable, Accept-Ranges: bytes, ETag when given (If-Range,
    // and If-None-Match -> 304), the given content type. A missing file gives a 404 error.
    // Multiple ranges are not supported: such a Range is ignored and the whole file sent.
    static HttpResponse file(
        const HttpRequest &request, const QString &path, const QByteArray &contentType, const QByteArray &etag = {});
    // The same for content of `size` bytes that is not a local file: `open(offset, length)` makes
    // the response's openBody for the part to send.
    using BodyOpener = std::function<std::unique_ptr<QIODevice>(qint64 offset, qint64 length)>;
    static HttpResponse content(const HttpRequest &request, qint64 size, const QByteArray &contentType,
        const QByteArray &etag, const BodyOpener &open);

private:
    static HttpResponse ranged(
        const HttpRequest &request, qint64 size, const QByteArray &contentType, const QByteArray &etag);
};
