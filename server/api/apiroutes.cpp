// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/apiroutes.h"

#include <QJsonObject>

#include "common/version.h"
#include "server/api/authcontroller.h"
#include "server/api/brandcontroller.h"
#include "server/api/filecontroller.h"
#include "server/api/mailcontroller.h"
#include "server/api/portalaccountcontroller.h"
#include "server/api/portalauthcontroller.h"
#include "server/api/portalcontroller.h"
#include "server/api/portalpagescontroller.h"
#include "server/api/secondfactorcontroller.h"
#include "server/api/storagecontroller.h"
#include "server/api/synccontroller.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"

void ApiRoutes::registerAll(Router &target, const ApiOptions &options)
{
    Router router;
    router.add("GET", QStringLiteral("/api/v1/health"), 0, [](HttpRequest &) {
        return HttpResponse::json(200,
            QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                {QStringLiteral("version"), Atrium::versionString()},
                {QStringLiteral("protocol"), Atrium::protocolVersion}});
    });
    AuthController::registerRoutes(router, options);
    SyncController::registerRoutes(router, options);
    FileController::registerRoutes(router, options);
    PortalAuthController::registerRoutes(router, options);
    PortalController::registerRoutes(router, options);
    PortalPagesController::registerRoutes(router, options.dataDir);
    BrandController::registerRoutes(router, options);
    StorageController::registerRoutes(router);
    MailController::registerRoutes(router);
    PortalAccountController::registerRoutes(router, options);
    SecondFactorController::registerRoutes(router, options);
    // Every state-changing portal route, whoever registered it, passes the one check against
    // cross-site requests (content type and origin) before its handler runs.
    for (Route route : router.routes())
        target.add(PortalAuthController::guarded(std::move(route), options.publicUrl));
}
