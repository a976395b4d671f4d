// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/synccontroller.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "server/apierror.h"
#include "server/authcontroller.h"
#include "server/httprequest.h"
#include "server/httpresponse.h"
#include "server/router.h"
#include "server/syncstore.h"

namespace {

std::expected<qint64, ApiError> integerParameter(const HttpRequest &request, const QString &name, qint64 fallback)
{
    if (!request.query.hasQueryItem(name))
        return fallback;
    bool ok = false;
    const qint64 value = request.query.queryItemValue(name).toLongLong(&ok);
    if (!ok || value < 0)
        return std::unexpected(
            ApiError::badRequest(QStringLiteral("\"%1\" must be a whole number of 0 or more.").arg(name),
                QStringLiteral("invalid_parameter")));
    return value;
}

HttpResponse pull(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    const auto since = integerParameter(request, QStringLiteral("since"), 0);
    if (!since)
        return apiErrorResponse(since.error());
    const auto limit = integerParameter(request, QStringLiteral("limit"), SyncStore::defaultPullLimit);
    if (!limit)
        return apiErrorResponse(limit.error());
    if (*limit < 1 || *limit > SyncStore::maxPullLimit)
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("\"limit\" must be from 1 to %1.").arg(SyncStore::maxPullLimit),
                QStringLiteral("invalid_parameter")));
    auto page = SyncStore::pull(*actor, *since, int(*limit));
    if (!page)
        return apiErrorResponse(ApiError::fromError(page.error()));
    return HttpResponse::json(200,
        QJsonObject{{QStringLiteral("changes"), page->changes}, {QStringLiteral("cursor"), page->cursor},
            {QStringLiteral("more"), page->more}});
}

HttpResponse push(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    const auto parsed = jsonObjectBody(request);
    if (!parsed)
        return apiErrorResponse(parsed.error());
    const QJsonObject &body = *parsed;
    const QJsonValue mutations = body.value(u"mutations");
    if (!mutations.isArray())
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("\"mutations\" must be an array."), QStringLiteral("invalid_field")));
    if (mutations.toArray().size() > SyncStore::maxPushBatch)
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("At most %1 mutations per push.").arg(SyncStore::maxPushBatch),
                QStringLiteral("too_many_mutations")));
    const QJsonValue clientId = body.value(u"client_id");
    if (!clientId.isUndefined() && !clientId.isString())
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("\"client_id\" must be a string."), QStringLiteral("invalid_field")));
    auto results = SyncStore::push(*actor, clientId.toString(), mutations.toArray());
    if (!results)
        return apiErrorResponse(ApiError::fromError(results.error()));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("results"), *results}});
}

} // namespace

void SyncController::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/sync/pull"), 0, pull);
    router.add("POST", QStringLiteral("/api/v1/sync/push"), pushBodyLimit, push);
}
