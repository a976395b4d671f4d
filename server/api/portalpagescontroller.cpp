// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/portalpagescontroller.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QJsonObject>

#include <memory>

#include "common/colorcontrast.h"
#include "portal/theme.h"
#include "server/api/apierror.h"
#include "server/api/filecontroller.h"
#include "server/domain/branding.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/logging.h"
#include "server/http/router.h"

const char *const PortalPagesController::pageContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

namespace {

// A compiled-in file, read once.
struct Asset
{
    QByteArray body;
    QByteArray contentType;
    QByteArray etag;
};

Asset loadAsset(const QString &resource, const QByteArray &contentType)
{
    QFile file(resource);
    Asset asset;
    asset.contentType = contentType;
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcHttp).noquote() << "portal asset missing from the build:" << resource;
        return asset;
    }
    asset.body = file.readAll();
    asset.etag = '"' + QCryptographicHash::hash(asset.body, QCryptographicHash::Sha256).toHex().left(32) + '"';
    return asset;
}

HttpResponse serveAsset(const HttpRequest &request, const Asset &asset, bool isPage)
{
    if (asset.body.isEmpty())
        return apiErrorResponse(ApiError::notFound());
    HttpResponse response;
    if (!request.header("If-None-Match").isEmpty() && request.header("If-None-Match") == asset.etag) {
        response = HttpResponse::bytes(304, {}, asset.contentType);
    } else {
        response = HttpResponse::bytes(200, asset.body, asset.contentType);
    }
    response.setHeader("ETag", asset.etag);
    // Revalidated on every use, so a new server version takes effect at once.
    response.setHeader("Cache-Control", "no-cache");
    if (isPage)
        response.setHeader("Content-Security-Policy", PortalPagesController::pageContentSecurityPolicy);
    return response;
}

QString safeColour(const QString &value, const char *fallback)
{
    return ColorContrast::luminance(value) ? value.toLower() : QString::fromLatin1(fallback);
}

HttpResponse brandCss(HttpRequest &request)
{
    auto org = Branding::organisationBySlug(request.pathParams.value(QStringLiteral("slug")));
    if (!org)
        return apiErrorResponse(org.error());
    if (!*org)
        return apiErrorResponse(ApiError::notFound());
    return PortalPagesController::brandStyleSheet((*org)->primary, (*org)->accent, (*org)->background, (*org)->text);
}

HttpResponse logo(HttpRequest &request, const Branding &branding, const BlobStorePtr &store)
{
    auto org = Branding::organisationBySlug(request.pathParams.value(QStringLiteral("slug")));
    if (!org)
        return apiErrorResponse(org.error());
    if (!*org)
        return apiErrorResponse(ApiError::notFound());
    const auto file = branding.logoFile(**org);
    if (!file)
        return apiErrorResponse(file.error());
    if (!*file)
        return apiErrorResponse(ApiError::notFound());
    HttpResponse response = FileController::blobResponse(
        request, store, (*file)->blobName, (*file)->size, "image/png", '"' + (*file)->sha256.toLatin1() + '"');
    response.setHeader("Cache-Control", "no-cache");
    return response;
}

HttpResponse organisationInfo(HttpRequest &request)
{
    auto org = Branding::organisationBySlug(request.pathParams.value(QStringLiteral("slug")));
    if (!org)
        return apiErrorResponse(org.error());
    if (!*org)
        return apiErrorResponse(ApiError::notFound(QStringLiteral("There is no portal at this address.")));
    const PortalOrganisation &o = **org;
    return HttpResponse::json(200,
        QJsonObject{{QStringLiteral("organisation"),
            QJsonObject{{QStringLiteral("name"), o.name}, {QStringLiteral("slug"), o.slug},
                {QStringLiteral("welcome_text"), o.welcome},
                {QStringLiteral("logo_url"),
                    o.logoFileId.isEmpty() ? QJsonValue() : QJsonValue(QStringLiteral("/p/%1/logo").arg(o.slug))},
                {QStringLiteral("portal_enabled"), o.portalEnabled}}}});
}

} // namespace

HttpResponse PortalPagesController::brandStyleSheet(
    const QString &primary, const QString &accent, const QString &background, const QString &text)
{
    // Only validated #rrggbb values reach the style sheet, so nothing can break out of it.
    const QString p = safeColour(primary, AtriumTheme::primary);
    const QString a = safeColour(accent, AtriumTheme::accent);
    const QString css =
        QStringLiteral(":root{--brand-primary:%1;--brand-accent:%2;--brand-bg:%3;--brand-text:%4;--brand-on-primary:%5;"
                       "--brand-on-accent:%6}\n")
            .arg(p, a, safeColour(background, AtriumTheme::background), safeColour(text, AtriumTheme::text),
                ColorContrast::readableOn(p), ColorContrast::readableOn(a));
    HttpResponse response = HttpResponse::bytes(200, css.toUtf8(), "text/css; charset=utf-8");
    response.setHeader("Cache-Control", "no-cache");
    return response;
}

void PortalPagesController::registerRoutes(Router &router, const std::shared_ptr<BlobStore> &store)
{
    auto page = std::make_shared<Asset>(loadAsset(QStringLiteral(":/portal/index.html"), "text/html; charset=utf-8"));
    // The portal's ES modules, by their path under portal/src/: only what is compiled in.
    auto modules = std::make_shared<QHash<QString, Asset>>();
    QDirIterator it(
        QStringLiteral(":/portal/src"), {QStringLiteral("*.js")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString resource = it.next();
        modules->insert(
            resource.mid(int(qstrlen(":/portal/src/"))), loadAsset(resource, "text/javascript; charset=utf-8"));
    }
    const auto serveModule = [modules](HttpRequest &r, const QString &path) {
        const auto found = modules->constFind(path);
        if (found == modules->constEnd())
            return apiErrorResponse(ApiError::notFound());
        return serveAsset(r, *found, false);
    };
    auto style = std::make_shared<Asset>(loadAsset(QStringLiteral(":/portal/app.css"), "text/css; charset=utf-8"));
    auto icon = std::make_shared<Asset>(loadAsset(QStringLiteral(":/portal/atrium.svg"), "image/svg+xml"));
    const RouteHandler servePage = [page](HttpRequest &r) {
        return serveAsset(r, *page, true);
    };
    for (const char *path : {"/p/{slug}", "/p/{slug}/", "/p/{slug}/signin", "/p/{slug}/forgot", "/p/{slug}/invite",
             "/p/{slug}/reset", "/p/{slug}/projects/{id}", "/p/{slug}/preview", "/p/{slug}/email", "/p/{slug}/account",
             "/p/{slug}/s", "/p/{slug}/link"})
        router.add("GET", QString::fromLatin1(path), 0, servePage);
    // Modules import each other by relative paths: src/<name>.js, src/views/<name>.js and the
    // catalogues, src/i18n/<language>.js.
    router.add("GET", QStringLiteral("/portal/assets/src/{name}"), 0, [serveModule](HttpRequest &r) {
        return serveModule(r, r.pathParams.value(QStringLiteral("name")));
    });
    for (const QString &folder : {QStringLiteral("views"), QStringLiteral("i18n")})
        router.add("GET", QStringLiteral("/portal/assets/src/%1/{name}").arg(folder), 0,
            [serveModule, folder](HttpRequest &r) {
                return serveModule(r, folder + u'/' + r.pathParams.value(QStringLiteral("name")));
            });
    router.add("GET", QStringLiteral("/portal/assets/app.css"), 0, [style](HttpRequest &r) {
        return serveAsset(r, *style, false);
    });
    router.add("GET", QStringLiteral("/portal/assets/favicon.svg"), 0, [icon](HttpRequest &r) {
        return serveAsset(r, *icon, false);
    });
    router.add("GET", QStringLiteral("/p/{slug}/brand.css"), 0, brandCss);
    auto branding = std::make_shared<Branding>(store);
    router.add("GET", QStringLiteral("/p/{slug}/logo"), 0, [branding, store](HttpRequest &r) {
        return logo(r, *branding, store);
    });
    router.add("GET", QStringLiteral("/api/v1/portal/organisations/{slug}"), 0, organisationInfo);
}
