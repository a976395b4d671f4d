// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/portalcontroller.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>

#include <functional>
#include <memory>

#include "common/entityschema.h"
#include "server/api/apierror.h"
#include "server/api/authcontroller.h"
#include "server/api/filecontroller.h"
#include "server/api/portalauthcontroller.h"
#include "server/api/zipstream.h"
#include "server/domain/portalreadmodel.h"
#include "server/domain/previews.h"
#include "server/domain/signoffs.h"
#include "server/http/httpencoding.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"

namespace {

// Who a request is from: a portal session (PortalAuthController::authenticate), or a sign-off's
// personal link (linkActor). The routes that serve a sign-off's files exist for both.
using Authenticate = std::function<std::expected<PortalActor, ApiError>(const HttpRequest &, bool)>;

constexpr QByteArrayView linkCookieName = "atrium_link";

QByteArray linkCookie(const HttpRequest &request)
{
    for (const QByteArray &part : request.header("Cookie").split(';')) {
        const QByteArray trimmed = part.trimmed();
        if (trimmed.startsWith(QByteArray(linkCookieName.toByteArray() + '=')))
            return trimmed.mid(linkCookieName.size() + 1);
    }
    return {};
}

// The holder of a sign-off's personal link: the token came in the body of /link/open and was set as
// a cookie whose path is that sign-off's, so each link open in a browser keeps to its own sign-off.
// A request for any other sign-off, or with a revoked or expired token, is "not_found", like a
// missing one.
std::expected<PortalActor, ApiError> linkActor(const HttpRequest &request, bool)
{
    auto actor = Signoffs::linkActor(
        linkCookie(request), request.pathParams.value(QStringLiteral("id")), request.peerAddress.toString());
    if (!actor)
        return std::unexpected(ApiError::fromError(actor.error()));
    if (!*actor)
        return std::unexpected(ApiError::notFound(QStringLiteral("This link is not valid any more.")));
    return **actor;
}

HttpResponse listProjects(HttpRequest &request)
{
    auto actor = PortalAuthController::authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    const auto projects = PortalReadModel::projects(*actor);
    if (!projects)
        return apiErrorResponse(projects.error());
    return noStore(HttpResponse::json(200, QJsonObject{{QStringLiteral("projects"), *projects}}));
}

HttpResponse search(HttpRequest &request)
{
    auto actor = PortalAuthController::authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    const QString query = request.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).trimmed();
    if (query.isEmpty() || query.size() > 200)
        return apiErrorResponse(ApiError::badRequest(
            QStringLiteral("Search for one to 200 characters (\"q\")."), QStringLiteral("invalid_field")));
    const auto found = PortalReadModel::search(*actor, query);
    if (!found)
        return apiErrorResponse(found.error());
    return noStore(HttpResponse::json(200, *found));
}

HttpResponse projectDetail(HttpRequest &request, ProjectPageCache &cache)
{
    PortalMarks marks;
    auto actor = PortalAuthController::authenticateWithMarks(request, false, marks);
    if (!actor)
        return apiErrorResponse(actor.error());
    const auto page =
        PortalReadModel::projectPage(*actor, request.pathParams.value(QStringLiteral("id")), cache, &marks);
    if (!page)
        return apiErrorResponse(page.error());
    // Kept compressed beside the page (the cache's encoding, below): the page lists what was shared
    // and holds no secret, so compressing it gives BREACH nothing to find.
    const bool gzipped = !page->encoded.isEmpty() && HttpEncoding::acceptsGzip(request);
    HttpResponse response =
        noStore(HttpResponse::bytes(200, gzipped ? page->encoded : page->body, QByteArrayLiteral("application/json")));
    if (gzipped)
        response.setHeader(QByteArrayLiteral("Content-Encoding"), QByteArrayLiteral("gzip"));
    response.setHeader(QByteArrayLiteral("Vary"), QByteArrayLiteral("Accept-Encoding"));
    return response;
}

HttpResponse recordVisit(HttpRequest &request)
{
    auto actor = PortalAuthController::authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    const auto previous = PortalReadModel::recordVisit(*actor, request.pathParams.value(QStringLiteral("id")));
    if (!previous)
        return apiErrorResponse(previous.error());
    return noStore(HttpResponse::json(200,
        QJsonObject{{QStringLiteral("previous_visit_at"),
            previous->isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(*previous)}}));
}

// A preview of a file the actor may download: decided first (`content`), then made or found in
// the cache (Previews), always a PNG.
HttpResponse previewResponse(HttpRequest &request, const Authenticate &authenticate, const Previews &previews,
    const std::function<std::expected<FileContent, Error>(const PortalActor &)> &content)
{
    auto actor = authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto file = content(*actor);
    if (!file)
        return apiErrorResponse(file.error());
    const QString size = request.query.queryItemValue(QStringLiteral("size"));
    if (!size.isEmpty() && size != u"thumb" && size != u"large")
        return apiErrorResponse(ApiError::badRequest(
            QStringLiteral("\"size\" is \"thumb\" or \"large\"."), QStringLiteral("invalid_field")));
    bool pageOk = true;
    const QString pageText = request.query.queryItemValue(QStringLiteral("page"));
    const int page = pageText.isEmpty() ? 1 : pageText.toInt(&pageOk);
    if (!pageOk || page < 1)
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("\"page\" counts from 1."), QStringLiteral("invalid_field")));
    const QString variant = size.isEmpty() ? QStringLiteral("thumb") : size;
    auto preview = previews.render(*file, variant, page);
    if (!preview) {
        if (preview.error().code == u"no_preview" || preview.error().code == u"preview_failed")
            return apiErrorResponse(ApiError{
                preview.error().code == u"no_preview" ? 404 : 422, preview.error().code, preview.error().message});
        return apiErrorResponse(preview.error());
    }
    HttpResponse response = HttpResponse::file(request, preview->path, QByteArrayLiteral("image/png"),
        '"' + file->sha256.toLatin1() + '-' + variant.toLatin1() + '-' + QByteArray::number(page) + '"');
    response.setHeader("X-Preview-Pages", QByteArray::number(preview->pages));
    response.setHeader("Cache-Control", "private, max-age=3600");
    return response;
}

// "Download all": the archive's files decided up front (the permission function, per file), then
// written as the client reads (ZipStream).
HttpResponse archiveResponse(HttpRequest &request, const Authenticate &authenticate, const BlobStorePtr &store,
    const std::function<std::expected<PortalReadModel::Archive, Error>(const PortalActor &)> &make)
{
    auto actor = authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto archive = make(*actor);
    if (!archive)
        return apiErrorResponse(archive.error());
    HttpResponse response;
    response.status = 200;
    response.contentType = QByteArrayLiteral("application/zip");
    QString ascii;
    for (const QChar c : archive->name)
        ascii.append(c.unicode() >= 32 && c.unicode() < 127 && c != u'"' && c != u'\\' ? c : QChar(u'_'));
    response.setHeader("Content-Disposition",
        "attachment; filename=\"" + ascii.toLatin1() + "\"; filename*=UTF-8''"
            + QUrl::toPercentEncoding(archive->name));
    response.setHeader("Cache-Control", "no-store");
    response.stream = ZipStream::writer(std::move(archive->entries), store);
    return response;
}

HttpResponse viewAsContact(HttpRequest &request)
{
    auto staff = AuthController::authenticate(request);
    if (!staff)
        return apiErrorResponse(staff.error());
    const auto view = PortalReadModel::viewAsContact(*staff, request.pathParams.value(QStringLiteral("id")));
    if (!view)
        return apiErrorResponse(view.error());
    return noStore(HttpResponse::json(200, *view));
}

HttpResponse downloadFile(HttpRequest &request, const BlobStorePtr &store)
{
    auto actor = PortalAuthController::authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    const auto content = PortalReadModel::fileContent(*actor, request.pathParams.value(QStringLiteral("id")));
    if (!content)
        return apiErrorResponse(content.error());
    return FileController::attachment(request, store, *content);
}

HttpResponse downloadSignoffFile(HttpRequest &request, const Authenticate &authenticate, const BlobStorePtr &store)
{
    auto actor = authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    const auto content = PortalReadModel::signoffFileContent(
        *actor, request.pathParams.value(QStringLiteral("id")), request.pathParams.value(QStringLiteral("fileId")));
    if (!content)
        return apiErrorResponse(content.error());
    return FileController::attachment(request, store, *content);
}

// A write's answer: the item as the client now sees it, under `key`, never cached.
HttpResponse written(int status, const QString &key, const std::expected<QJsonObject, Error> &item)
{
    if (!item)
        return apiErrorResponse(item.error());
    return noStore(HttpResponse::json(status, QJsonObject{{key, *item}}));
}

// What every client write starts with: the signed-in contact (with its CSRF token) and the JSON
// body, holding only the fields a client may set here; else the answer.
std::expected<std::pair<PortalActor, QJsonObject>, HttpResponse> clientWrite(const HttpRequest &request,
    const QStringList &allowed, const Authenticate &authenticate = PortalAuthController::authenticate)
{
    auto actor = authenticate(request, true);
    if (!actor)
        return std::unexpected(apiErrorResponse(actor.error()));
    auto body = jsonObjectBody(request);
    if (!body)
        return std::unexpected(apiErrorResponse(body.error()));
    if (auto r = onlyFields(*body, allowed); !r)
        return std::unexpected(apiErrorResponse(r.error()));
    return std::pair{*actor, *body};
}

HttpResponse updateTask(HttpRequest &request)
{
    const auto write = clientWrite(request, {QStringLiteral("status")});
    if (!write)
        return write.error();
    const auto &[actor, body] = *write;
    const EntitySpec *spec = EntitySchema::find(u"task");
    auto status = EntitySchema::fromJson(*spec->field(u"status"), body.value(u"status"));
    if (!status)
        return apiErrorResponse(ApiError::badRequest(status.error().message, QStringLiteral("invalid_field")));
    const QString id = request.pathParams.value(QStringLiteral("id"));
    return written(200, QStringLiteral("task"), PortalReadModel::setTaskStatus(actor, id, *status));
}

HttpResponse addComment(HttpRequest &request)
{
    const auto write =
        clientWrite(request, {QStringLiteral("target_entity"), QStringLiteral("target_id"), QStringLiteral("body")});
    if (!write)
        return write.error();
    const auto &[actor, body] = *write;
    const QString target = body.value(u"target_entity").toString();
    const QString targetId = body.value(u"target_id").toString();
    const QString text = body.value(u"body").toString().trimmed();
    if (target != u"task" && target != u"file")
        return apiErrorResponse(ApiError::badRequest(
            QStringLiteral("\"target_entity\" must be task or file."), QStringLiteral("invalid_field")));
    if (text.isEmpty() || text.size() > 10000)
        return apiErrorResponse(ApiError::badRequest(
            QStringLiteral("Write a comment of up to 10,000 characters."), QStringLiteral("invalid_field")));
    return written(201, QStringLiteral("comment"), PortalReadModel::addComment(actor, target, targetId, text));
}

// Approve or reject, once: under the organisation's lock the first answer moves the sign-off out
// of "sent", and every later one (a parallel request, a second tab) gets 409 already_decided.
HttpResponse decideSignoff(HttpRequest &request, const Authenticate &authenticate)
{
    const auto write = clientWrite(request, {QStringLiteral("decision"), QStringLiteral("comment")}, authenticate);
    if (!write)
        return write.error();
    const auto &[actor, body] = *write;
    const QString decision = body.value(u"decision").toString();
    const QString comment = body.value(u"comment").toString().trimmed();
    if (decision != u"approved" && decision != u"rejected")
        return apiErrorResponse(ApiError::badRequest(
            QStringLiteral("\"decision\" must be approved or rejected."), QStringLiteral("invalid_field")));
    if (comment.size() > 5000)
        return apiErrorResponse(ApiError::badRequest(
            QStringLiteral("Keep the comment under 5,000 characters."), QStringLiteral("invalid_field")));
    if (decision == u"rejected" && comment.isEmpty())
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("Say what needs to change: a rejection needs a comment."),
                QStringLiteral("comment_required")));
    const QString id = request.pathParams.value(QStringLiteral("id"));
    return written(200, QStringLiteral("signoff"), PortalReadModel::decideSignoff(actor, id, decision, comment));
}

// A personal link opened: its token (in the body, never in a URL) becomes a cookie for its sign-off's
// routes only; the answer is the sign-off and whose portal it belongs to.
HttpResponse openLink(HttpRequest &request)
{
    auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    if (auto r = onlyFields(*body, {QStringLiteral("token")}); !r)
        return apiErrorResponse(r.error());
    const QByteArray token = body->value(u"token").toString().toLatin1();
    auto actor = Signoffs::linkActor(token, QString(), request.peerAddress.toString());
    if (!actor)
        return apiErrorResponse(actor.error());
    if (!*actor)
        return apiErrorResponse(ApiError::notFound(
            QStringLiteral("This link is not valid any more: it was replaced by a newer one, the sign-off was "
                           "withdrawn, or it expired.")));
    auto signoff = PortalReadModel::signoff(**actor, (*actor)->linkSignoffId);
    if (!signoff)
        return apiErrorResponse(signoff.error());
    HttpResponse response = noStore(HttpResponse::json(200, *signoff));
    QByteArray cookie = linkCookieName.toByteArray() + '=' + token + "; Path=/api/v1/portal/link/signoffs/"
        + (*actor)->linkSignoffId.toLatin1()
        + "; HttpOnly; SameSite=Strict; Max-Age=" + QByteArray::number(Signoffs::linkLifetimeDays * 24 * 3600);
    if (request.secure)
        cookie += "; Secure";
    response.setHeader("Set-Cookie", cookie);
    return response;
}

HttpResponse signoffDetail(HttpRequest &request, const Authenticate &authenticate)
{
    auto actor = authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto signoff = PortalReadModel::signoff(*actor, request.pathParams.value(QStringLiteral("id")));
    if (!signoff)
        return apiErrorResponse(signoff.error());
    return noStore(HttpResponse::json(200, *signoff));
}

// A decided sign-off's certificate as a PDF attachment (Previews::certificate makes it).
HttpResponse certificateResponse(
    HttpRequest &request, const Previews &previews, const std::expected<QJsonObject, Error> &facts)
{
    if (!facts)
        return apiErrorResponse(facts.error());
    auto pdf = previews.certificate(*facts);
    if (!pdf)
        return apiErrorResponse(pdf.error());
    const QString name = QStringLiteral("Sign-off certificate - %1.pdf").arg(facts->value(u"title").toString());
    HttpResponse response =
        FileController::asAttachment(HttpResponse::file(request, *pdf, QByteArrayLiteral("application/pdf"),
                                         '"' + QFileInfo(*pdf).completeBaseName().toLatin1() + '"'),
            name);
    response.setHeader("Cache-Control", "private, no-store");
    return response;
}

} // namespace

void PortalController::registerRoutes(Router &router, const ApiOptions &options)
{
    const QString dataDir = options.dataDir;
    const BlobStorePtr store = options.blobStore;
    router.add("GET", QStringLiteral("/api/v1/portal/files/{id}/content"), 0, [store](HttpRequest &r) {
        return downloadFile(r, store);
    });

    router.add("GET", QStringLiteral("/api/v1/portal/projects"), 0, listProjects);
    router.add("GET", QStringLiteral("/api/v1/portal/search"), 0, search);
    auto pages = std::make_shared<ProjectPageCache>(HttpEncoding::gzip);
    router.add("GET", QStringLiteral("/api/v1/portal/projects/{id}"), 0, [pages](HttpRequest &r) {
        return projectDetail(r, *pages);
    });
    router.add("PATCH", QStringLiteral("/api/v1/portal/tasks/{id}"), 4096, updateTask);
    router.add("POST", QStringLiteral("/api/v1/portal/projects/{id}/visit"), 1024, recordVisit);
    PreviewOptions previewOptions{options.previewWorker, QDir(dataDir).filePath(QStringLiteral("previews"))};
    previewOptions.store = store;
    auto previews = std::make_shared<const Previews>(previewOptions);
    router.add("GET", QStringLiteral("/api/v1/portal/files/{id}/preview"), 0, [previews](HttpRequest &r) {
        const QString id = r.pathParams.value(QStringLiteral("id"));
        return previewResponse(r, PortalAuthController::authenticate, *previews, [&](const PortalActor &actor) {
            return PortalReadModel::fileContent(actor, id);
        });
    });
    router.add("GET", QStringLiteral("/api/v1/portal/projects/{id}/download"), 0, [store](HttpRequest &r) {
        const QString id = r.pathParams.value(QStringLiteral("id"));
        return archiveResponse(r, PortalAuthController::authenticate, store, [&](const PortalActor &actor) {
            return PortalReadModel::projectArchive(actor, id);
        });
    });
    // A sign-off's routes, the same for a signed-in client and for the holder of a personal link;
    // the permission function tells them apart (PortalActor::linkSignoffId).
    const QList<QPair<QString, Authenticate>> signoffRoutes{
        {QStringLiteral("/api/v1/portal/signoffs/{id}"), PortalAuthController::authenticate},
        {QStringLiteral("/api/v1/portal/link/signoffs/{id}"), linkActor}};
    for (const auto &route : signoffRoutes) {
        // Named copies: a lambda cannot capture a structured binding before C++20 (clang refuses).
        const QString base = route.first;
        const Authenticate authenticate = route.second;
        router.add("GET", base, 0, [authenticate](HttpRequest &r) {
            return signoffDetail(r, authenticate);
        });
        router.add("GET", base + QStringLiteral("/files/{fileId}/content"), 0, [store, authenticate](HttpRequest &r) {
            return downloadSignoffFile(r, authenticate, store);
        });
        router.add(
            "GET", base + QStringLiteral("/files/{fileId}/preview"), 0, [previews, authenticate](HttpRequest &r) {
                const QString id = r.pathParams.value(QStringLiteral("id"));
                const QString fileId = r.pathParams.value(QStringLiteral("fileId"));
                return previewResponse(r, authenticate, *previews, [&](const PortalActor &actor) {
                    return PortalReadModel::signoffFileContent(actor, id, fileId);
                });
            });
        router.add("GET", base + QStringLiteral("/download"), 0, [store, authenticate](HttpRequest &r) {
            const QString id = r.pathParams.value(QStringLiteral("id"));
            return archiveResponse(r, authenticate, store, [&](const PortalActor &actor) {
                return PortalReadModel::signoffArchive(actor, id);
            });
        });
        router.add("POST", base + QStringLiteral("/decision"), 32 * 1024, [authenticate](HttpRequest &r) {
            return decideSignoff(r, authenticate);
        });
        router.add("GET", base + QStringLiteral("/certificate"), 0, [previews, authenticate](HttpRequest &r) {
            auto actor = authenticate(r, false);
            if (!actor)
                return apiErrorResponse(actor.error());
            return certificateResponse(
                r, *previews, PortalReadModel::signoffCertificate(*actor, r.pathParams.value(QStringLiteral("id"))));
        });
    }
    router.add("POST", QStringLiteral("/api/v1/portal/link/open"), 4096, openLink);
    router.add("GET", QStringLiteral("/api/v1/signoffs/{id}/certificate"), 0, [previews](HttpRequest &r) {
        auto staff = AuthController::authenticate(r);
        if (!staff)
            return apiErrorResponse(staff.error());
        return certificateResponse(
            r, *previews, PortalReadModel::staffSignoffCertificate(*staff, r.pathParams.value(QStringLiteral("id"))));
    });
    router.add("GET", QStringLiteral("/api/v1/contacts/{id}/portal-view"), 0, viewAsContact);
    router.add("POST", QStringLiteral("/api/v1/portal/comments"), 64 * 1024, addComment);
    // Clients authenticate with the portal's session and write as their contact.
    auto policy = std::make_shared<const UploadPolicy>(
        [](const HttpRequest &request, bool stateChanging) -> std::expected<Actor, ApiError> {
            auto actor = PortalAuthController::authenticate(request, stateChanging);
            if (!actor)
                return std::unexpected(actor.error());
            return PortalReadModel::writerOf(*actor);
        },
        std::make_shared<const PortalUploadRules>(options.portalUploadLimitMiB));
    FileController::registerUploadRoutes(router, QStringLiteral("/api/v1/portal/uploads"), options, policy);
}
