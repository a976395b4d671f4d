// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/apierror.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/logging.h"

namespace {

ApiError make(int status, const QString &code, const QString &message)
{
    ApiError error;
    error.status = status;
    error.code = code;
    error.message = message;
    return error;
}

QString defaultMessage(int status)
{
    switch (status) {
    case 400:
        return QStringLiteral("The request is not valid.");
    case 401:
        return QStringLiteral("Authentication is required.");
    case 403:
        return QStringLiteral("You are not allowed to do this.");
    case 404:
        return QStringLiteral("Not found.");
    case 405:
        return QStringLiteral("This method is not allowed here.");
    case 409:
        return QStringLiteral("The request conflicts with the current state.");
    case 410:
        return QStringLiteral("This is no longer available.");
    case 413:
        return QStringLiteral("The request body is too large.");
    case 429:
        return QStringLiteral("Too many attempts; try again later.");
    case 503:
        return QStringLiteral("The server is busy; try again in a moment.");
    default:
        return status >= 500 ? QStringLiteral("Internal server error.") : QStringLiteral("The request failed.");
    }
}

int statusForCode(const QString &code)
{
    if (code == u"not_found" || code.endsWith(u"_not_found"))
        return 404;
    if (code == u"forbidden")
        return 403;
    if (code == u"unauthorized" || code == u"invalid_credentials" || code == u"challenge_expired")
        return 401;
    // A wrong two-factor code while signed in (enrolment, new recovery codes): not a reason to sign
    // out. The sign-in's own second step answers 401.
    if (code == u"invalid_code")
        return 422;
    if (code == u"conflict" || code.endsWith(u"_taken") || code.endsWith(u"already_exists") || code == u"account_exists"
        || code == u"no_email" || code == u"already_decided" || code == u"upload_busy" || code == u"upload_incomplete"
        || code == u"offset_mismatch" || code == u"not_decided" || code == u"already_enrolled"
        || code == u"not_enrolled")
        return 409;
    if (code == u"checksum_mismatch" || code == u"unsupported_language")
        return 422;
    if (code == u"file_type_not_allowed")
        return 415;
    if (code == u"quota_exceeded")
        return 413;
    if (code == u"too_many_attempts" || code == u"too_many_uploads")
        return 429;
    if (code == u"constraint_violation")
        return 409;
    // Contention (another request was writing): try again, never a 500.
    if (code == u"busy")
        return 503;
    // The file store (an S3 service) failing or away: the server's trouble, and passing.
    if (code.startsWith(u"s3_") || code == u"blob_store_unavailable")
        return 503;
    if (code == u"payload_too_large" || code == u"file_too_large")
        return 413;
    // A link that no longer works (portal invitations and password resets, PortalAccounts).
    if (code == u"gone" || code == u"cursor_expired" || code == u"reset_invalid" || code == u"invite_revoked"
        || code == u"invite_used" || code == u"invite_expired" || code == u"invite_wrong_address"
        || code == u"link_invalid")
        return 410;
    // Failures of the server itself must not look like the client's fault.
    if (code == u"internal_error" || code == u"database_error" || code == u"storage_error" || code == u"io_error")
        return 500;
    return 400;
}

} // namespace

ApiError ApiError::badRequest(const QString &message, const QString &code)
{
    return make(400, code, message.isEmpty() ? defaultMessage(400) : message);
}

ApiError ApiError::unauthorized(const QString &message)
{
    return make(401, QStringLiteral("unauthorized"), message.isEmpty() ? defaultMessage(401) : message);
}

ApiError ApiError::forbidden(const QString &message)
{
    return make(403, QStringLiteral("forbidden"), message.isEmpty() ? defaultMessage(403) : message);
}

ApiError ApiError::notFound(const QString &message)
{
    return make(404, QStringLiteral("not_found"), message.isEmpty() ? defaultMessage(404) : message);
}

ApiError ApiError::conflict(const QString &code, const QString &message)
{
    return make(
        409, code.isEmpty() ? QStringLiteral("conflict") : code, message.isEmpty() ? defaultMessage(409) : message);
}

ApiError ApiError::payloadTooLarge(qint64 limit)
{
    return make(413, QStringLiteral("payload_too_large"),
        QStringLiteral("The request body exceeds the limit of %1 bytes.").arg(limit));
}

ApiError ApiError::internal()
{
    return make(500, QStringLiteral("internal_error"), defaultMessage(500));
}

ApiError ApiError::fromError(const Error &error)
{
    const int status = statusForCode(error.code);
    if (error.code.startsWith(u"s3_")) {
        qCWarning(lcHttp).noquote() << "File store error:" << error.code << error.message;
        return make(503, QStringLiteral("blob_store_unavailable"),
            QStringLiteral("The file store cannot be reached; try again shortly."));
    }
    if (status >= 500) {
        // The message of a server-side failure may carry SQL or paths: log it, don't send it.
        qCWarning(lcHttp).noquote() << "Internal error:" << error.code << error.message;
        return make(status, error.code, defaultMessage(status));
    }
    const QString code = error.code.isEmpty() ? QStringLiteral("bad_request") : error.code;
    return make(status, code, error.message.isEmpty() ? defaultMessage(status) : error.message);
}

HttpResponse apiErrorResponse(const ApiError &error)
{
    return apiErrorResponse(error.status, error.code, error.message);
}

HttpResponse apiErrorResponse(const Error &error)
{
    return apiErrorResponse(ApiError::fromError(error));
}

HttpResponse apiErrorResponse(int status, const QString &code, const QString &message)
{
    return HttpResponse::error(status, code, message.isEmpty() ? defaultMessage(status) : message);
}

HttpResponse tooManyAttemptsResponse(qint64 seconds)
{
    HttpResponse response = apiErrorResponse(429, QStringLiteral("too_many_attempts"),
        QStringLiteral("Too many failed sign-ins. Try again in %1 seconds.").arg(std::max<qint64>(1, seconds)));
    response.setHeader("Retry-After", QByteArray::number(std::max<qint64>(1, seconds)));
    return response;
}

std::expected<QJsonObject, ApiError> jsonObjectBody(const HttpRequest &request)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(request.readBody(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::unexpected(ApiError::badRequest(
            QStringLiteral("The request body must be a JSON object."), QStringLiteral("invalid_json")));
    return doc.object();
}

HttpResponse noStore(HttpResponse response)
{
    response.setHeader("Cache-Control", "no-store");
    return response;
}

std::expected<void, ApiError> onlyFields(const QJsonObject &body, const QStringList &allowed)
{
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!allowed.contains(it.key()))
            return std::unexpected(ApiError::badRequest(
                QStringLiteral("\"%1\" cannot be set here; allowed: %2.").arg(it.key(), allowed.join(u", ")),
                QStringLiteral("field_not_allowed")));
    }
    return {};
}
