// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/brandcontroller.h"

#include <QJsonObject>

#include <memory>

#include "common/colorcontrast.h"
#include "common/entityschema.h"
#include "common/logoimage.h"
#include "server/api/apierror.h"
#include "server/api/authcontroller.h"
#include "server/api/portalpagescontroller.h"
#include "server/domain/branding.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"

namespace {

constexpr int maxWelcomeLength = 2000; // as the organisation's brand_welcome_text

ApiError invalidField(const QString &message)
{
    return ApiError::badRequest(message, QStringLiteral("invalid_field"));
}

// The caller, when it is an admin of the organisation in the path; 403 for anyone else signed in.
std::expected<Actor, ApiError> organisationAdmin(const HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return std::unexpected(actor.error());
    if (actor->orgId != request.pathParams.value(QStringLiteral("id")) || !actor->isAdmin())
        return std::unexpected(
            ApiError::forbidden(QStringLiteral("Only the organisation's administrators change its branding.")));
    return *actor;
}

QJsonObject logoJson(const QString &id, qint64 size, const QString &sha256)
{
    return QJsonObject{
        {QStringLiteral("logo_file_id"), id}, {QStringLiteral("size"), size}, {QStringLiteral("sha256"), sha256}};
}

HttpResponse uploadLogo(HttpRequest &request, Branding &branding)
{
    auto actor = organisationAdmin(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    // The desktop names the logo (like every id, made where it is created), so sending it again
    // after a lost answer stores nothing twice.
    const QString id = request.pathParams.value(QStringLiteral("logoId"));
    if (!EntitySchema::isUuid(id))
        return apiErrorResponse(ApiError::notFound());
    const auto logo = branding.storeLogo(*actor, id, request.readBody());
    if (!logo)
        return apiErrorResponse(logo.error());
    return HttpResponse::json(logo->created ? 201 : 200, logoJson(logo->id, logo->size, logo->sha256));
}

HttpResponse createPreview(HttpRequest &request, const QString &publicUrl)
{
    auto actor = organisationAdmin(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    BrandPreview preview;
    preview.orgId = actor->orgId;
    const std::pair<const char *, QString *> colours[] = {{"brand_primary_color", &preview.primary},
        {"brand_accent_color", &preview.accent}, {"brand_background_color", &preview.background},
        {"brand_text_color", &preview.text}};
    for (const auto &[field, target] : colours) {
        *target = body->value(QLatin1StringView(field)).toString().toLower();
        if (!ColorContrast::luminance(*target))
            return apiErrorResponse(invalidField(QStringLiteral("%1 must be a colour like #1f4e79.").arg(field)));
    }
    const QJsonValue welcome = body->value(u"brand_welcome_text");
    if (!welcome.isUndefined() && !welcome.isNull() && !welcome.isString())
        return apiErrorResponse(invalidField(QStringLiteral("brand_welcome_text must be text.")));
    preview.welcome = welcome.toString();
    if (preview.welcome.size() > maxWelcomeLength)
        return apiErrorResponse(
            invalidField(QStringLiteral("The welcome text is longer than %1 characters.").arg(maxWelcomeLength)));
    const QJsonValue logo = body->value(u"logo_png_base64");
    if (logo.isString() && !logo.toString().isEmpty()) {
        const QByteArray encoded = logo.toString().toLatin1();
        const auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return apiErrorResponse(invalidField(QStringLiteral("logo_png_base64 is not valid base64.")));
        auto png = Branding::normaliseLogo(*decoded);
        if (!png)
            return apiErrorResponse(png.error());
        preview.logoPng = *png;
    } else if (!logo.isUndefined() && !logo.isNull() && !logo.isString()) {
        return apiErrorResponse(invalidField(QStringLiteral("logo_png_base64 must be text.")));
    }

    const auto created = Branding::createPreview(preview);
    if (!created)
        return apiErrorResponse(created.error());
    const auto &[token, stored] = *created;
    return HttpResponse::json(201,
        QJsonObject{{QStringLiteral("token"), QString::fromLatin1(token)},
            {QStringLiteral("url"),
                QString(publicUrl + QStringLiteral("/p/%1/preview#%2").arg(stored.slug, QString::fromLatin1(token)))},
            {QStringLiteral("expires_at"), stored.expiresAt}});
}

HttpResponse showPreview(HttpRequest &request)
{
    auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const auto preview = Branding::findPreview(body->value(u"token").toString());
    if (!preview)
        return apiErrorResponse(ApiError::fromError(preview.error()));
    if (!*preview)
        return apiErrorResponse(410, QStringLiteral("preview_expired"),
            QStringLiteral("This preview link has expired. Open a new preview from Atrium."));
    const QString token = body->value(u"token").toString();
    const QString base = QStringLiteral("/p/%1/preview/%2").arg((*preview)->slug, token);
    return HttpResponse::json(200,
        QJsonObject{
            {QStringLiteral("organisation"),
                QJsonObject{{QStringLiteral("name"), (*preview)->name}, {QStringLiteral("slug"), (*preview)->slug},
                    {QStringLiteral("welcome_text"), (*preview)->welcome},
                    {QStringLiteral("logo_url"),
                        (*preview)->logoPng.isEmpty() ? QJsonValue() : QJsonValue(QString(base + u"/logo"))}}},
            {QStringLiteral("stylesheet_url"), QString(base + u"/brand.css")},
            {QStringLiteral("expires_at"), (*preview)->expiresAt}});
}

// The preview named in the path, if it exists and belongs to the slug in the path; else the response.
std::expected<BrandPreview, HttpResponse> previewInPath(const HttpRequest &request)
{
    auto preview = Branding::findPreview(request.pathParams.value(QStringLiteral("token")));
    if (!preview)
        return std::unexpected(apiErrorResponse(ApiError::fromError(preview.error())));
    if (!*preview || (*preview)->slug != request.pathParams.value(QStringLiteral("slug")))
        return std::unexpected(apiErrorResponse(ApiError::notFound()));
    return **preview;
}

HttpResponse previewStyleSheet(HttpRequest &request)
{
    const auto preview = previewInPath(request);
    if (!preview)
        return preview.error();
    HttpResponse response =
        PortalPagesController::brandStyleSheet(preview->primary, preview->accent, preview->background, preview->text);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse previewLogo(HttpRequest &request)
{
    const auto preview = previewInPath(request);
    if (!preview)
        return preview.error();
    if (preview->logoPng.isEmpty())
        return apiErrorResponse(ApiError::notFound());
    HttpResponse response = HttpResponse::bytes(200, preview->logoPng, "image/png");
    response.setHeader("Cache-Control", "no-store");
    return response;
}

// A custom host names an organisation's portal: its root leads there. Anything else on "/" is unknown.
HttpResponse customHostRoot(HttpRequest &request)
{
    QString host = QString::fromLatin1(request.header("Host")).trimmed().toLower();
    if (const qsizetype colon = host.lastIndexOf(u':'); colon > 0 && !host.endsWith(u']'))
        host.truncate(colon);
    const auto slug = Branding::slugForCustomHost(host);
    if (!slug)
        return apiErrorResponse(slug.error());
    if (!*slug)
        return apiErrorResponse(ApiError::notFound());
    HttpResponse response = HttpResponse::bytes(302, {}, "text/plain; charset=utf-8");
    response.setHeader("Location", "/p/" + (*slug)->toLatin1());
    response.setHeader("Cache-Control", "no-cache");
    return response;
}

} // namespace

void BrandController::registerRoutes(Router &router, const ApiOptions &options)
{
    auto branding = std::make_shared<Branding>(options.blobStore);
    router.add("PUT", QStringLiteral("/api/v1/organisations/{id}/logos/{logoId}"), LogoImage::maxBytes,
        [branding](HttpRequest &r) {
            return uploadLogo(r, *branding);
        });
    // The logo travels as base64 inside the JSON: a third larger, plus the other fields.
    router.add("POST", QStringLiteral("/api/v1/organisations/{id}/brand-preview"), LogoImage::maxBytes * 4 / 3 + 16384,
        [publicUrl = options.publicUrl](HttpRequest &request) {
            return createPreview(request, *publicUrl);
        });
    router.add("POST", QStringLiteral("/api/v1/portal/brand-preview"), 1024, showPreview);
    router.add("GET", QStringLiteral("/p/{slug}/preview/{token}/brand.css"), 0, previewStyleSheet);
    router.add("GET", QStringLiteral("/p/{slug}/preview/{token}/logo"), 0, previewLogo);
    router.add("GET", QStringLiteral("/"), 0, customHostRoot);
}
