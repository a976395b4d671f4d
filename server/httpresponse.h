// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

class HttpRequest;
class QJsonDocument;
class QJsonObject;

// What a route handler returns. HttpConnection adds the framing (Content-Length, Date,
// Connection) and the security headers, and streams filePath from disk when it is set.
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

    void setHeader(const QByteArray &name, const QByteArray &value); // replaces
    QByteArray header(QByteArrayView name) const; // case-insensitive, empty if absent
    bool hasHeader(QByteArrayView name) const;
    void removeHeader(QByteArrayView name);

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse json(int status, const QJsonDocument &doc);
    // status + body with an explicit content type, e.g. text(200, "ok", "text/plain; charset=utf-8").
    static HttpResponse bytes(int status, const QByteArray &body, const QByteArray &contentType);
    // Serves a file: handles Range (one range "bytes=a-b", "bytes=a-", "bytes=-n") with 206 and
    // Content-Range, 416 when unsatisfiable, Accept-Ranges: bytes, ETag when given (If-Range,
    // and If-None-Match -> 304), the given content type. A missing file gives a 404 error.
    // Multiple ranges are not supported: such a Range is ignored and the whole file sent.
    static HttpResponse file(
        const HttpRequest &request, const QString &path, const QByteArray &contentType, const QByteArray &etag = {});
};
