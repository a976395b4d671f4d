// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/http/httpresponse.h"

#include <optional>

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include "server/http/httprequest.h"
#include "server/http/logging.h"

namespace {

struct ByteRange
{
    qint64 first = 0;
    qint64 last = 0; // inclusive
};

enum class RangeResult { Ignore, Satisfiable, Unsatisfiable };

std::optional<qint64> parseNumber(QByteArrayView text)
{
    text = text.trimmed();
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

// RFC 9110 14.2. Anything we do not understand (other units, several ranges, bad syntax) is
// ignored, which the RFC allows: the client then simply gets the whole file.
RangeResult parseRange(QByteArrayView header, qint64 size, ByteRange *range)
{
    header = header.trimmed();
    if (!header.startsWith("bytes="))
        return RangeResult::Ignore;
    const QByteArrayView spec = header.sliced(6).trimmed();
    if (spec.contains(','))
        return RangeResult::Ignore;
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0)
        return RangeResult::Ignore;
    const QByteArrayView firstText = spec.first(dash);
    const QByteArrayView lastText = spec.sliced(dash + 1);
    if (firstText.trimmed().isEmpty()) {
        // Suffix range: the last n bytes.
        const auto suffix = parseNumber(lastText);
        if (!suffix)
            return RangeResult::Ignore;
        if (*suffix == 0 || size == 0)
            return RangeResult::Unsatisfiable;
        range->first = size - qMin(*suffix, size);
        range->last = size - 1;
        return RangeResult::Satisfiable;
    }
    const auto first = parseNumber(firstText);
    if (!first)
        return RangeResult::Ignore;
    qint64 last = size - 1;
    if (!lastText.trimmed().isEmpty()) {
        const auto parsedLast = parseNumber(lastText);
        if (!parsedLast || *parsedLast < *first)
            return RangeResult::Ignore;
        last = qMin(*parsedLast, size - 1);
    }
    if (*first >= size)
        return RangeResult::Unsatisfiable;
    range->first = *first;
    range->last = last;
    return RangeResult::Satisfiable;
}

QByteArray quotedEtag(const QByteArray &etag)
{
    if (etag.startsWith('"') || etag.startsWith("W/\""))
        return etag;
    return '"' + etag + '"';
}

QByteArrayView opaqueTag(QByteArrayView tag)
{
    tag = tag.trimmed();
    if (tag.startsWith("W/"))
        tag = tag.sliced(2);
    return tag;
}

// Weak comparison (RFC 9110 8.8.3.2), as If-None-Match uses.
bool noneMatch(QByteArrayView header, const QByteArray &etag)
{
    if (header.trimmed() == "*")
        return true;
    const QByteArrayView own = opaqueTag(etag);
    while (!header.isEmpty()) {
        const qsizetype comma = header.indexOf(',');
        const QByteArrayView candidate = comma < 0 ? header : header.first(comma);
        if (opaqueTag(candidate) == own)
            return true;
        header = comma < 0 ? QByteArrayView() : header.sliced(comma + 1);
    }
    return false;
}

} // namespace

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    removeHeader(name);
    headers.append({name, value});
}

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &field : headers) {
        if (QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0)
            return field.second;
    }
    return {};
}

bool HttpResponse::hasHeader(QByteArrayView name) const
{
    for (const auto &field : headers) {
        if (QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

void HttpResponse::removeHeader(QByteArrayView name)
{
    headers.removeIf([name](const QPair<QByteArray, QByteArray> &field) {
        return QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0;
    });
}

HttpResponse HttpResponse::error(int status, const QString &code, const QString &message)
{
    const QJsonObject inner{
        {QStringLiteral("code"), code.isEmpty() ? QStringLiteral("error") : code},
        {QStringLiteral("message"), message},
    };
    HttpResponse response = json(status, QJsonObject{{QStringLiteral("error"), inner}});
    if (status == 503)
        response.setHeader("Retry-After", "1");
    return response;
}

HttpResponse HttpResponse::badRequest(const QString &message)
{
    return error(400, QStringLiteral("bad_request"), message);
}

HttpResponse HttpResponse::notFound()
{
    return error(404, QStringLiteral("not_found"), QStringLiteral("Not found."));
}

HttpResponse HttpResponse::payloadTooLarge(qint64 limit)
{
    return error(413, QStringLiteral("payload_too_large"),
        QStringLiteral("The request body exceeds the limit of %1 bytes.").arg(limit));
}

HttpResponse HttpResponse::internalError()
{
    return error(500, QStringLiteral("internal_error"), QStringLiteral("Internal server error."));
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    return json(status, QJsonDocument(object));
}

HttpResponse HttpResponse::json(int status, const QJsonDocument &doc)
{
    return bytes(status, doc.toJson(QJsonDocument::Compact), QByteArrayLiteral("application/json"));
}

HttpResponse HttpResponse::bytes(int status, const QByteArray &body, const QByteArray &contentType)
{
    HttpResponse response;
    response.status = status;
    response.body = body;
    response.contentType = contentType;
    return response;
}

HttpResponse HttpResponse::file(
    const HttpRequest &request, const QString &path, const QByteArray &contentType, const QByteArray &etag)
{
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile())
        return HttpResponse::notFound();
    if (!info.isReadable()) {
        qCWarning(lcHttp).noquote() << "File to serve is not readable:" << path;
        return HttpResponse::internalError();
    }
    HttpResponse response = ranged(request, info.size(), contentType, etag);
    if (response.fileLength >= 0)
        response.filePath = path;
    return response;
}

HttpResponse HttpResponse::content(const HttpRequest &request, qint64 size, const QByteArray &contentType,
    const QByteArray &etag, const BodyOpener &open)
{
    HttpResponse response = ranged(request, size, contentType, etag);
    if (response.fileLength >= 0) {
        response.openBody = [open, offset = response.fileOffset, length = response.fileLength] {
            return open(offset, length);
        };
    }
    return response;
}

// The head of a response with `size` bytes of content, honouring Range, If-Range and
// If-None-Match; fileOffset and fileLength say which bytes to send (fileLength -1: none).
HttpResponse HttpResponse::ranged(
    const HttpRequest &request, qint64 size, const QByteArray &contentType, const QByteArray &etag)
{
    const QByteArray tag = etag.isEmpty() ? QByteArray() : quotedEtag(etag);

    HttpResponse response;
    response.contentType = contentType;
    response.fileOffset = 0;
    response.fileLength = size;
    response.setHeader("Accept-Ranges", "bytes");
    if (!tag.isEmpty())
        response.setHeader("ETag", tag);

    const bool readMethod = request.method == "GET" || request.method == "HEAD";
    if (readMethod && !tag.isEmpty() && request.hasHeader("If-None-Match")
        && noneMatch(request.header("If-None-Match"), tag)) {
        response.status = 304;
        response.contentType.clear();
        response.fileLength = -1;
        return response;
    }

    const QByteArray rangeHeader = request.header("Range");
    if (!readMethod || rangeHeader.isEmpty())
        return response;
    if (request.hasHeader("If-Range")) {
        // Only strong entity tags are honoured; a date or a changed tag means "send it all".
        const QByteArray ifRange = request.header("If-Range").trimmed();
        if (tag.isEmpty() || tag.startsWith("W/") || ifRange != tag)
            return response;
    }

    ByteRange range;
    switch (parseRange(rangeHeader, size, &range)) {
    case RangeResult::Ignore:
        return response;
    case RangeResult::Unsatisfiable: {
        HttpResponse error = HttpResponse::error(
            416, QStringLiteral("range_not_satisfiable"), QStringLiteral("The requested range is outside the file."));
        error.setHeader("Content-Range", "bytes */" + QByteArray::number(size));
        error.setHeader("Accept-Ranges", "bytes");
        return error;
    }
    case RangeResult::Satisfiable:
        break;
    }
    response.status = 206;
    response.fileOffset = range.first;
    response.fileLength = range.last - range.first + 1;
    response.setHeader("Content-Range",
        "bytes " + QByteArray::number(range.first) + '-' + QByteArray::number(range.last) + '/'
            + QByteArray::number(size));
    return response;
}
