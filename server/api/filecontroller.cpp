// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/filecontroller.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

#include <memory>

#include "common/entityschema.h"
#include "common/filenamerule.h"
#include "server/api/apierror.h"
#include "server/api/authcontroller.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"

namespace {

ApiError invalidField(const QString &message)
{
    return ApiError::badRequest(message, QStringLiteral("invalid_field"));
}

QString normalisedMimeType(const QString &mime)
{
    static const QRegularExpression re(
        QStringLiteral("^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$"));
    const QString lower = mime.trimmed().toLower();
    return re.match(lower).hasMatch() ? lower : QStringLiteral("application/octet-stream");
}

QJsonObject uploadJson(const Upload &u)
{
    return QJsonObject{{QStringLiteral("upload_id"), u.id}, {QStringLiteral("file_id"), u.fileId},
        {QStringLiteral("offset"), u.received}, {QStringLiteral("size"), u.size},
        {QStringLiteral("chunk_size"), FileController::chunkLimit}, {QStringLiteral("expires_at"), u.expiresAt}};
}

// The upload routes for one kind of uploader: the policy authenticates, Uploads does the rest.
class Files
{
public:
    Files(const ApiOptions &options, std::shared_ptr<const UploadPolicy> policy)
        : m_policy(std::move(policy))
        , m_store(options.blobStore)
        , m_uploads(options.blobStore, qint64(options.uploadReservationIdleMinutes) * 60, m_policy->rules)
    {
    }

    HttpResponse start(HttpRequest &request);
    HttpResponse status(HttpRequest &request);
    HttpResponse chunk(HttpRequest &request);
    HttpResponse complete(HttpRequest &request);
    HttpResponse cancel(HttpRequest &request);
    HttpResponse download(HttpRequest &request);

private:
    std::shared_ptr<const UploadPolicy> m_policy;
    BlobStorePtr m_store;
    Uploads m_uploads;
};

HttpResponse Files::start(HttpRequest &request)
{
    auto actor = m_policy->authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const QStringList settable = m_uploads.rules().settableFields();
    for (auto it = body->begin(); it != body->end(); ++it) {
        if (!settable.contains(it.key()))
            return apiErrorResponse(ApiError::badRequest(
                QStringLiteral("\"%1\" cannot be set here; allowed: %2.").arg(it.key(), settable.join(u", ")),
                QStringLiteral("field_not_allowed")));
    }

    Upload u;
    u.fileId = body->contains(u"file_id") || m_uploads.rules().requiresSha256() ? body->value(u"file_id").toString()
                                                                                : EntitySchema::newUuid();
    u.fileNamed = body->contains(u"file_id");
    u.projectId = body->value(u"project_id").toString();
    u.folder = body->value(u"folder").toString(QStringLiteral(""));
    u.name = body->value(u"name").toString();
    u.mimeType = normalisedMimeType(body->value(u"mime_type").toString());
    u.sha256 = body->value(u"sha256").toString(QStringLiteral("")).toLower(); // "" (not NULL) when unknown
    u.visibility = body->contains(u"visibility") ? body->value(u"visibility").toString() : QStringLiteral("private");
    const QJsonValue size = body->value(u"size");

    if (!EntitySchema::isUuid(u.fileId))
        return apiErrorResponse(invalidField(
            QStringLiteral("\"file_id\" must be a lower-case UUID (new, or an existing file to replace).")));
    if (!EntitySchema::isUuid(u.projectId))
        return apiErrorResponse(invalidField(QStringLiteral("\"project_id\" must be a lower-case UUID.")));
    // The one name rule (common/filenamerule.h), as for renames and moves pushed by a desktop.
    const auto name = FileNameRule::validateFileName(u.name);
    if (!name)
        return apiErrorResponse(invalidField(FileNameRule::errorMessage(name.error(), QStringLiteral("name"))));
    u.name = *name;
    const auto folder = FileNameRule::validateFolderPath(u.folder);
    if (!folder)
        return apiErrorResponse(invalidField(FileNameRule::errorMessage(folder.error(), QStringLiteral("folder"))));
    u.folder = *folder;
    if (!size.isDouble() || size.toDouble() < 0 || size.toDouble() > double(Uploads::maxFileSize)
        || size.toDouble() != double(qint64(size.toDouble())))
        return apiErrorResponse(invalidField(QStringLiteral("\"size\" must be a whole number of bytes up to 64 GiB.")));
    u.size = qint64(size.toDouble());
    static const QRegularExpression hex(QRegularExpression::anchoredPattern(QStringLiteral("[0-9a-f]{64}")));
    if ((m_uploads.rules().requiresSha256() || !u.sha256.isEmpty()) && !hex.match(u.sha256).hasMatch())
        return apiErrorResponse(invalidField(QStringLiteral("\"sha256\" must be 64 hex digits.")));
    if (EntitySchema::visibilityRank(u.visibility) < 0)
        return apiErrorResponse(invalidField(QStringLiteral("\"visibility\" must be private, read_only or editable.")));

    const auto started = m_uploads.start(*actor, u);
    if (!started)
        return apiErrorResponse(started.error());
    return HttpResponse::json(201, uploadJson(*started));
}

HttpResponse Files::status(HttpRequest &request)
{
    auto actor = m_policy->authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    const auto upload = m_uploads.find(*actor, request.pathParams.value(QStringLiteral("id")));
    if (!upload)
        return apiErrorResponse(upload.error());
    return HttpResponse::json(200, uploadJson(*upload));
}

HttpResponse Files::chunk(HttpRequest &request)
{
    auto actor = m_policy->authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    bool ok = false;
    const qint64 offset = request.query.queryItemValue(QStringLiteral("offset")).toLongLong(&ok);
    const auto upload = m_uploads.appendChunk(*actor, request.pathParams.value(QStringLiteral("id")),
        ok ? std::optional<qint64>(offset) : std::nullopt, request.body, request.bodyFilePath, request.bodySize);
    if (!upload) {
        HttpResponse response = apiErrorResponse(upload.error().error);
        if (upload.error().offset >= 0) {
            // Where to go on from, for a client that lost track.
            QJsonObject body = QJsonDocument::fromJson(response.body).object();
            body.insert(QStringLiteral("offset"), upload.error().offset);
            response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        }
        return response;
    }
    return HttpResponse::json(200, uploadJson(*upload));
}

HttpResponse Files::complete(HttpRequest &request)
{
    auto actor = m_policy->authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    const auto recorded = m_uploads.complete(*actor, request.pathParams.value(QStringLiteral("id")));
    if (!recorded)
        return apiErrorResponse(recorded.error());
    return HttpResponse::json(201,
        QJsonObject{{QStringLiteral("file"), *recorded}, {QStringLiteral("version"), recorded->value(u"version")}});
}

HttpResponse Files::cancel(HttpRequest &request)
{
    auto actor = m_policy->authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    if (auto r = m_uploads.cancel(*actor, request.pathParams.value(QStringLiteral("id"))); !r)
        return apiErrorResponse(r.error());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("cancelled"), true}});
}

HttpResponse Files::download(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    const auto content = m_uploads.staffContent(*actor, request.pathParams.value(QStringLiteral("id")));
    if (!content)
        return apiErrorResponse(content.error());
    return FileController::attachment(request, m_store, *content);
}

} // namespace

HttpResponse FileController::blobResponse(const HttpRequest &request, const BlobStorePtr &store,
    const QString &blobName, qint64 size, const QByteArray &contentType, const QByteArray &etag)
{
    const QString path = store->localPath(blobName);
    if (!path.isEmpty())
        return HttpResponse::file(request, path, contentType, etag);
    if (auto there = store->exists(blobName); !there) {
        if (there.error().code == u"not_found") {
            return apiErrorResponse(ApiError{
                404, QStringLiteral("not_found"), QStringLiteral("The file's content is missing on the server.")});
        }
        return apiErrorResponse(ApiError{503, QStringLiteral("blob_store_unavailable"),
            QStringLiteral("The file store cannot be reached; try again shortly.")});
    }
    return HttpResponse::content(request, size, contentType, etag, [store, blobName](qint64 offset, qint64 length) {
        return store->openRead(blobName, offset, length);
    });
}

HttpResponse FileController::attachment(
    const HttpRequest &request, const BlobStorePtr &store, const FileContent &content)
{
    // The recorded type, never one guessed from the bytes, and always as an attachment.
    return asAttachment(blobResponse(request, store, content.blobName, content.size,
                            normalisedMimeType(content.mimeType).toLatin1(), '"' + content.sha256.toLatin1() + '"'),
        content.name);
}

HttpResponse FileController::asAttachment(HttpResponse response, const QString &name)
{
    QByteArray ascii;
    for (const QChar c : name)
        ascii.append(c.unicode() >= 0x20 && c.unicode() < 0x7f && c != u'"' && c != u'\\' ? char(c.unicode()) : '_');
    response.setHeader("Content-Disposition",
        "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + QUrl::toPercentEncoding(name));
    return response;
}

void FileController::registerUploadRoutes(
    Router &router, const QString &prefix, const ApiOptions &options, std::shared_ptr<const UploadPolicy> policy)
{
    auto files = std::make_shared<Files>(options, std::move(policy));
    router.add("POST", prefix, 16 * 1024, [files](HttpRequest &r) {
        return files->start(r);
    });
    router.add("GET", prefix + QStringLiteral("/{id}"), 0, [files](HttpRequest &r) {
        return files->status(r);
    });
    router.add("PUT", prefix + QStringLiteral("/{id}"), chunkLimit, [files](HttpRequest &r) {
        return files->chunk(r);
    });
    router.add("POST", prefix + QStringLiteral("/{id}/complete"), 1024, [files](HttpRequest &r) {
        return files->complete(r);
    });
    router.add("DELETE", prefix + QStringLiteral("/{id}"), 0, [files](HttpRequest &r) {
        return files->cancel(r);
    });
}

void FileController::registerRoutes(Router &router, const ApiOptions &options)
{
    // Staff authenticate with their bearer token and may upload anything in their organisation.
    auto policy = std::make_shared<const UploadPolicy>(
        [](const HttpRequest &request, bool) {
            return AuthController::authenticate(request);
        },
        std::make_shared<const StaffUploadRules>());
    registerUploadRoutes(router, QStringLiteral("/api/v1/files/uploads"), options, policy);
    auto files = std::make_shared<Files>(options, policy);
    router.add("GET", QStringLiteral("/api/v1/files/{id}/content"), 0, [files](HttpRequest &r) {
        return files->download(r);
    });
}
