// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <expected>

#include "common/error.h"

class HttpRequest;
class HttpResponse;

// A failure a route reports to its caller. Every error response of the server is built from one
// of these by apiErrorResponse(), so the status codes and the JSON shape live in one place.
struct ApiError
{
    int status = 400;
    QString code;
    QString message;

    static ApiError badRequest(const QString &message, const QString &code = QStringLiteral("bad_request"));
    static ApiError unauthorized(const QString &message = {});
    static ApiError forbidden(const QString &message);
    static ApiError notFound(const QString &message = {});
    static ApiError conflict(const QString &code, const QString &message);
    static ApiError payloadTooLarge(qint64 limit);
    static ApiError internal();
    // Maps a domain Error (common/error.h) to the fitting status by its code.
    static ApiError fromError(const Error &error);
};

// The one function that turns an error into an HTTP response:
// status + {"error":{"code":"…","message":"…"}} as application/json.
HttpResponse apiErrorResponse(const ApiError &error);
// A domain error (common/error.h), through ApiError::fromError: the one mapping from domain to HTTP.
HttpResponse apiErrorResponse(const Error &error);
HttpResponse apiErrorResponse(int status, const QString &code, const QString &message);

// 429 "too_many_attempts" with Retry-After: the sign-in throttle (LoginThrottle) said to wait.
HttpResponse tooManyAttemptsResponse(qint64 seconds);

// `response` marked as never to be stored by a browser or proxy (personal answers).
HttpResponse noStore(HttpResponse response);
// 400 "field_not_allowed" naming the first field of `body` that is not in `allowed`: writes take
// only the fields their caller may set, so a crafted request cannot widen what it may do.
std::expected<void, ApiError> onlyFields(const QJsonObject &body, const QStringList &allowed);

// The request body as a JSON object, or 400 "invalid_json".
std::expected<QJsonObject, ApiError> jsonObjectBody(const HttpRequest &request);
