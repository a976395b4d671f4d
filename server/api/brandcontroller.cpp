// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/brandcontroller.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonObject>
#include <QList>

#include <memory>

#include "common/colorcontrast.h"
#include "common/entityschema.h"
#include "common/logoimage.h"
#include "common/timeutil.h"
#include "server/api/apierror.h"
#include "server/api/authcontroller.h"
#include "server/api/portalpages.h"
#include "server/domain/passwords.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"
#include "server/mail/mailer.h"
#include "server/storage/blobstore.h"
#include "server/storage/database.h"
#include "server/storage/logging.h"
#include "server/storage/storagequota.h"

namespace {

constexpr int maxPreviewsPerOrganisation = 20;
constexpr int maxWelcomeLength = 2000; // as the organisation's brand_welcome_text

struct Preview
{
    QString orgId;
    QString name;
    QString slug;
    QString welcome;
    QString primary, accent, background, text;
    QByteArray logoPng; // re-encoded by the server; empty without a logo
    QString expiresAt;
};

// Previews live in the database (so any server instance answers for them) under the SHA-256 of
// their token. Expired ones are deleted whenever a new one is made, and an admin clicking again
// and again keeps at most maxPreviewsPerOrganisation.
// A null QString binds as SQL NULL; these columns hold "" for nothing.
QString orEmpty(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

std::expected<void, Error> storePreview(QSqlDatabase &db, const QString &tokenHash, const Preview &preview)
{
    const QString now = TimeUtil::nowWire();
    if (auto r = Database::exec(db, QStringLiteral("DELETE FROM brand_previews WHERE expires_at <= ?"), {now}); !r)
        return std::unexpected(r.error());
    if (auto r = Database::exec(db,
            QStringLiteral("DELETE FROM brand_previews WHERE org_id = ? AND token_hash NOT IN (SELECT token_hash FROM "
                           "brand_previews WHERE org_id = ? ORDER BY created_at DESC LIMIT ?)"),
            {preview.orgId, preview.orgId, maxPreviewsPerOrganisation - 1});
        !r)
        return std::unexpected(r.error());
    if (auto r = Database::exec(db,
            QStringLiteral("INSERT INTO brand_previews (token_hash, org_id, name, slug, welcome_text, primary_color, "
                           "accent_color, background_color, text_color, logo_png_base64, created_at, expires_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {tokenHash, preview.orgId, preview.name, preview.slug, orEmpty(preview.welcome), preview.primary,
                preview.accent, preview.background, preview.text,
                orEmpty(QString::fromLatin1(preview.logoPng.toBase64())), now, preview.expiresAt});
        !r)
        return std::unexpected(r.error());
    return {};
}

// The preview of an unexpired token; nullopt when there is none.
std::expected<std::optional<Preview>, Error> findPreview(const QString &token)
{
    if (token.isEmpty() || token.size() > 200)
        return std::optional<Preview>();
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q = Database::exec(*db,
        QStringLiteral("SELECT org_id, name, slug, welcome_text, primary_color, accent_color, background_color, "
                       "text_color, logo_png_base64, expires_at FROM brand_previews "
                       "WHERE token_hash = ? AND expires_at > ?"),
        {Passwords::tokenHash(token.toLatin1()), TimeUtil::nowWire()});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<Preview>();
    Preview p;
    p.orgId = q->value(0).toString();
    p.name = q->value(1).toString();
    p.slug = q->value(2).toString();
    p.welcome = q->value(3).toString();
    p.primary = q->value(4).toString();
    p.accent = q->value(5).toString();
    p.background = q->value(6).toString();
    p.text = q->value(7).toString();
    p.logoPng = QByteArray::fromBase64(q->value(8).toString().toLatin1());
    p.expiresAt = q->value(9).toString();
    return std::optional<Preview>(p);
}

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

std::expected<QByteArray, ApiError> normalisedLogo(const QByteArray &png)
{
    if (png.size() > LogoImage::maxBytes)
        return std::unexpected(ApiError::payloadTooLarge(LogoImage::maxBytes));
    auto logo = LogoImage::normalise(png, {QByteArrayLiteral("png")});
    if (!logo)
        return std::unexpected(ApiError::badRequest(logo.error().message, logo.error().code));
    return *logo;
}

QJsonObject logoJson(const QString &id, qint64 size, const QString &sha256)
{
    return QJsonObject{
        {QStringLiteral("logo_file_id"), id}, {QStringLiteral("size"), size}, {QStringLiteral("sha256"), sha256}};
}

HttpResponse uploadLogo(HttpRequest &request, BlobStore &store)
{
    auto actor = organisationAdmin(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    // The desktop names the logo (like every id, made where it is created), so sending it again
    // after a lost answer stores nothing twice.
    const QString id = request.pathParams.value(QStringLiteral("logoId"));
    if (!EntitySchema::isUuid(id))
        return apiErrorResponse(ApiError::notFound());
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    auto known = Database::exec(*db, QStringLiteral("SELECT org_id, size, sha256 FROM brand_logos WHERE id = ?"), {id});
    if (!known)
        return apiErrorResponse(ApiError::fromError(known.error()));
    if (known->next()) {
        if (known->value(0).toString() != actor->orgId)
            return apiErrorResponse(
                ApiError::conflict(QStringLiteral("already_exists"), QStringLiteral("This id is already in use.")));
        return HttpResponse::json(200, logoJson(id, known->value(1).toLongLong(), known->value(2).toString()));
    }
    known->finish(); // release the read snapshot before writing
    auto logo = normalisedLogo(request.readBody());
    if (!logo)
        return apiErrorResponse(logo.error());
    // Through the blob store's own path (fsynced, renamed to a random name) before the row that names it.
    const QString staging = EntitySchema::newUuid();
    if (auto r = store.appendChunk(staging, 0, *logo, {}); !r) {
        store.removePartial(staging);
        return apiErrorResponse(ApiError::fromError(r.error()));
    }
    auto blobName = store.commitPartial(staging);
    if (!blobName) {
        store.removePartial(staging);
        return apiErrorResponse(ApiError::fromError(blobName.error()));
    }
    const QString sha256 = QString::fromLatin1(QCryptographicHash::hash(*logo, QCryptographicHash::Sha256).toHex());
    const qint64 size = logo->size();
    // A logo counts against the quota like a file's content: reserved if it fits, then used, all in
    // the one transaction that records it.
    auto record = [&]() -> std::expected<void, ApiError> {
        WriteTransaction tx(*db, actor->orgId);
        if (auto r = tx.begin(); !r)
            return std::unexpected(ApiError::fromError(r.error()));
        if (auto r = StorageQuota::reserve(*db, actor->orgId, size,
                QStringLiteral("The logo does not fit in the organisation's storage quota; free some space or ask "
                               "the server's operator for a larger quota."));
            !r)
            return std::unexpected(ApiError::fromError(r.error()));
        if (auto r = Database::exec(*db,
                QStringLiteral("INSERT INTO brand_logos (id, org_id, blob_name, size, sha256, uploaded_by, created_at) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                {id, actor->orgId, *blobName, size, sha256, actor->userId, TimeUtil::nowWire()});
            !r)
            return std::unexpected(ApiError::fromError(r.error()));
        if (auto r = StorageQuota::changeUsage(tx, actor->orgId, size, size); !r)
            return std::unexpected(ApiError::fromError(r.error()));
        if (auto r = tx.commit(); !r)
            return std::unexpected(ApiError::fromError(r.error()));
        return {};
    };
    if (auto r = record(); !r) {
        store.removeBlob(*blobName);
        return apiErrorResponse(r.error());
    }
    return HttpResponse::json(201, logoJson(id, size, sha256));
}

HttpResponse createPreview(HttpRequest &request)
{
    auto actor = organisationAdmin(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    Preview preview;
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
        auto png = normalisedLogo(*decoded);
        if (!png)
            return apiErrorResponse(png.error());
        preview.logoPng = *png;
    } else if (!logo.isUndefined() && !logo.isNull() && !logo.isString()) {
        return apiErrorResponse(invalidField(QStringLiteral("logo_png_base64 must be text.")));
    }

    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    auto q = Database::exec(*db,
        QStringLiteral("SELECT name, portal_slug FROM organisations WHERE id = ? AND deleted = 0"), {actor->orgId});
    if (!q)
        return apiErrorResponse(ApiError::fromError(q.error()));
    if (!q->next())
        return apiErrorResponse(ApiError::notFound());
    preview.name = q->value(0).toString();
    preview.slug = q->value(1).toString();
    q->finish(); // release the read snapshot before writing
    preview.expiresAt = TimeUtil::toWire(QDateTime::currentDateTimeUtc().addSecs(BrandController::previewMinutes * 60));

    const QByteArray token = Passwords::randomToken("bpv_");
    if (auto r = storePreview(*db, Passwords::tokenHash(token), preview); !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    return HttpResponse::json(201,
        QJsonObject{{QStringLiteral("token"), QString::fromLatin1(token)},
            {QStringLiteral("url"),
                QString(Mailer::publicUrl()
                    + QStringLiteral("/p/%1/preview#%2").arg(preview.slug, QString::fromLatin1(token)))},
            {QStringLiteral("expires_at"), preview.expiresAt}});
}

HttpResponse showPreview(HttpRequest &request)
{
    auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const auto preview = findPreview(body->value(u"token").toString());
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
std::expected<Preview, HttpResponse> previewInPath(const HttpRequest &request)
{
    auto preview = findPreview(request.pathParams.value(QStringLiteral("token")));
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
        PortalPages::brandStyleSheet(preview->primary, preview->accent, preview->background, preview->text);
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
    if (!EntitySchema::isValidHostName(host))
        return apiErrorResponse(ApiError::notFound());
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    auto q = Database::exec(*db,
        QStringLiteral("SELECT portal_slug FROM organisations WHERE portal_custom_host = ? AND deleted = 0"), {host});
    if (!q)
        return apiErrorResponse(ApiError::fromError(q.error()));
    if (!q->next())
        return apiErrorResponse(ApiError::notFound());
    HttpResponse response = HttpResponse::bytes(302, {}, "text/plain; charset=utf-8");
    response.setHeader("Location", "/p/" + q->value(0).toString().toLatin1());
    response.setHeader("Cache-Control", "no-cache");
    return response;
}

} // namespace

void BrandController::registerRoutes(Router &router, const QString &dataDir)
{
    auto store = std::make_shared<BlobStore>(dataDir);
    router.add("PUT", QStringLiteral("/api/v1/organisations/{id}/logos/{logoId}"), LogoImage::maxBytes,
        [store](HttpRequest &r) {
            return uploadLogo(r, *store);
        });
    // The logo travels as base64 inside the JSON: a third larger, plus the other fields.
    router.add("POST", QStringLiteral("/api/v1/organisations/{id}/brand-preview"), LogoImage::maxBytes * 4 / 3 + 16384,
        createPreview);
    router.add("POST", QStringLiteral("/api/v1/portal/brand-preview"), 1024, showPreview);
    router.add("GET", QStringLiteral("/p/{slug}/preview/{token}/brand.css"), 0, previewStyleSheet);
    router.add("GET", QStringLiteral("/p/{slug}/preview/{token}/logo"), 0, previewLogo);
    router.add("GET", QStringLiteral("/"), 0, customHostRoot);
}

std::expected<int, Error> BrandController::purgeUnusedLogos(const QString &dataDir, int retentionDays)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    struct Logo
    {
        QString id;
        QString orgId;
        QString blobName;
        qint64 size = 0;
    };
    const QString cutoff = TimeUtil::toWire(QDateTime::currentDateTimeUtc().addDays(-retentionDays));
    // In use means chosen by the organisation, or the rejected side of an open conflict over the logo:
    // "Use Mine" may still choose it, and what a person picked is never silently dropped.
    const QString inUse = QStringLiteral(
        "(EXISTS (SELECT 1 FROM organisations o WHERE o.brand_logo_file_id = %1) OR EXISTS (SELECT 1 FROM conflicts c "
        "WHERE c.entity = 'organisation' AND c.field = 'brand_logo_file_id' AND c.resolved = 0 AND c.deleted = 0 "
        "AND c.rejected_value LIKE '%' || %1 || '%'))");
    // Only a candidate list: whether a logo is still unused is decided again under its organisation's
    // lock, the lock a push that sets brand_logo_file_id takes too.
    auto q = Database::exec(*db,
        QStringLiteral("SELECT l.id, l.org_id, l.blob_name, l.size FROM brand_logos l WHERE l.created_at <= ? "
                       "AND NOT ")
            + inUse.arg(QStringLiteral("l.id")),
        {cutoff});
    if (!q)
        return std::unexpected(q.error());
    QList<Logo> unused;
    while (q->next())
        unused.append(
            Logo{q->value(0).toString(), q->value(1).toString(), q->value(2).toString(), q->value(3).toLongLong()});
    q->finish(); // release the read snapshot before the writes below
    const BlobStore store(dataDir);
    int removed = 0;
    for (const Logo &logo : std::as_const(unused)) {
        WriteTransaction tx(*db, logo.orgId);
        if (auto r = tx.begin(); !r)
            return std::unexpected(r.error());
        auto del = Database::exec(*db,
            QStringLiteral("DELETE FROM brand_logos WHERE id = ? AND NOT ")
                + inUse.arg(QStringLiteral("brand_logos.id")),
            {logo.id});
        if (!del)
            return std::unexpected(del.error());
        if (del->numRowsAffected() != 1)
            continue; // chosen meanwhile: it stays
        if (auto r = StorageQuota::changeUsage(tx, logo.orgId, -logo.size); !r)
            return std::unexpected(r.error());
        if (auto r = tx.commit(); !r)
            return std::unexpected(r.error());
        // After the commit: a crash in between leaves an unnamed file behind, never a row without its bytes.
        store.removeBlob(logo.blobName);
        ++removed;
    }
    if (removed > 0)
        qCInfo(lcFiles) << "removed" << removed << "unused logos older than" << retentionDays << "days";
    return removed;
}
