// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/apiroutes.h"

#include <QJsonObject>

#include "common/version.h"
#include "server/api/authcontroller.h"
#include "server/api/brandcontroller.h"
#include "server/api/filecontroller.h"
#include "server/api/mailcontroller.h"
#include "server/api/metricscontroller.h"
#include "server/api/portalaccountcontroller.h"
#include "server/api/portalauthcontroller.h"
#include "server/api/portalcontroller.h"
#include "server/api/portalpagescontroller.h"
#include "server/api/secondfactorcontroller.h"
#include "server/api/storagecontroller.h"
#include "server/api/synccontroller.h"
#include "server/domain/health.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"

namespace {

// For load balancers: 200 when this instance can reach its database and its file store, 503 (with
// which of them failed) otherwise, so traffic goes to the instances that can serve it.
HttpResponse healthz(const BlobStore &store)
{
    const Health::Report report = Health::check(store);
    const QString database = report.database ? QStringLiteral("ok") : QStringLiteral("unreachable");
    const QString blobs = report.blobStore ? QStringLiteral("ok") : QStringLiteral("unreachable");
    const bool ok = report.ok();
    QJsonObject body{{QStringLiteral("status"), ok ? QStringLiteral("ok") : QStringLiteral("unavailable")},
        {QStringLiteral("database"), database}, {QStringLiteral("blob_store"), blobs},
        {QStringLiteral("version"), Atrium::versionString()}};
    if (!ok)
        body.insert(QStringLiteral("error"),
            QJsonObject{{QStringLiteral("code"), QStringLiteral("unavailable")},
                {QStringLiteral("message"),
                    QStringLiteral("This instance cannot reach its %1.")
                        .arg(database != u"ok" ? QStringLiteral("database") : QStringLiteral("file store"))}});
    HttpResponse response = HttpResponse::json(ok ? 200 : 503, body);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

} // namespace

void ApiRoutes::registerAll(Router &target, const ApiOptions &options)
{
    Router router;
    router.add("GET", QStringLiteral("/healthz"), 0, [store = options.blobStore](HttpRequest &) {
        return healthz(*store);
    });
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
    PortalPagesController::registerRoutes(router, options.blobStore);
    BrandController::registerRoutes(router, options);
    StorageController::registerRoutes(router);
    MailController::registerRoutes(router);
    PortalAccountController::registerRoutes(router, options);
    SecondFactorController::registerRoutes(router, options);
    MetricsController::registerRoutes(router, options);
    // Every state-changing portal route, whoever registered it, passes the one check against
    // cross-site requests (content type and origin) before its handler runs.
    for (Route route : router.routes())
        target.add(PortalAuthController::guarded(std::move(route), options.publicUrl));
}
