// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/storagecontroller.h"

#include <QJsonArray>
#include <QJsonObject>

#include "server/api/apierror.h"
#include "server/api/authcontroller.h"
#include "server/domain/orgadmin.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"

namespace {

HttpResponse storage(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    // Hidden and missing answer alike: only the caller's own organisation exists here.
    if (actor->orgId != request.pathParams.value(QStringLiteral("id")))
        return apiErrorResponse(ApiError::notFound());
    if (!actor->isAdmin())
        return apiErrorResponse(
            ApiError::forbidden(QStringLiteral("Only the organisation's administrators see its storage.")));
    const auto report = OrgAdmin::storage(actor->orgId);
    if (!report)
        return apiErrorResponse(ApiError::fromError(report.error()));
    QJsonArray projects;
    for (const StorageQuota::ProjectUsage &p : report->projects)
        projects.append(QJsonObject{{QStringLiteral("project_id"), p.projectId}, {QStringLiteral("name"), p.name},
            {QStringLiteral("deleted"), p.deleted}, {QStringLiteral("staff_bytes"), p.staffBytes},
            {QStringLiteral("client_bytes"), p.clientBytes}});
    return HttpResponse::json(200,
        QJsonObject{{QStringLiteral("quota_bytes"), report->quotaBytes},
            {QStringLiteral("used_bytes"), report->usedBytes},
            {QStringLiteral("reserved_bytes"), report->reservedBytes},
            {QStringLiteral("staff_bytes"), report->staffBytes}, {QStringLiteral("client_bytes"), report->clientBytes},
            {QStringLiteral("logo_bytes"), report->logoBytes}, {QStringLiteral("projects"), projects}});
}

} // namespace

void StorageController::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/organisations/{id}/storage"), 0, storage);
}
