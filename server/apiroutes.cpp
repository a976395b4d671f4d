// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/apiroutes.h"

#include <QJsonObject>

#include "common/version.h"
#include "server/authcontroller.h"
#include "server/brandcontroller.h"
#include "server/filecontroller.h"
#include "server/httpresponse.h"
#include "server/portalauth.h"
#include "server/portalcontroller.h"
#include "server/portalpages.h"
#include "server/router.h"
#include "server/synccontroller.h"

void ApiRoutes::registerAll(Router &target, const QString &dataDir)
{
    Router router;
    router.add("GET", QStringLiteral("/api/v1/health"), 0, [](HttpRequest &) {
        return HttpResponse::json(200,
            QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                {QStringLiteral("version"), Atrium::versionString()},
                {QStringLiteral("protocol"), Atrium::protocolVersion}});
    });
    AuthController::registerRoutes(router);
    SyncController::registerRoutes(router);
    FileController::registerRoutes(router, dataDir);
    PortalAuth::registerRoutes(router);
    PortalController::registerRoutes(router, dataDir);
    PortalPages::registerRoutes(router, dataDir);
    BrandController::registerRoutes(router, dataDir);
    // Every state-changing portal route, whoever registered it, passes the one check against
    // cross-site requests (content type and origin) before its handler runs.
    for (Route route : router.routes())
        target.add(PortalAuth::guarded(std::move(route)));
}
