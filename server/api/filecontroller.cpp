// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/filecontroller.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <memory>

#include "common/entityschema.h"
#include "common/filenamerule.h"
#include "common/timeutil.h"
#include "server/api/apierror.h"
#include "server/api/authcontroller.h"
#include "server/domain/syncstore.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"
#include "server/storage/blobstore.h"
#include "server/storage/database.h"
#include "server/storage/logging.h"
#include "server/storage/storagequota.h"

namespace {

constexpr qint64 maxFileSize = qint64(64) * 1024 * 1024 * 1024;
constexpr int uploadLifetimeHours = 24;

// One request at a time per upload in this process; the database's conditional update catches
// anything that slips past (e.g. two server instances).
QMutex g_busyMutex;
QSet<QString> g_busyUploads;

class UploadGuard
{
public:
    explicit UploadGuard(const QString &id)
        : m_id(id)
    {
        QMutexLocker lock(&g_busyMutex);
        m_owned = !g_busyUploads.contains(id);
        if (m_owned)
            g_busyUploads.insert(id);
    }
    ~UploadGuard()
    {
        if (m_owned) {
            QMutexLocker lock(&g_busyMutex);
            g_busyUploads.remove(m_id);
        }
    }
    bool owned() const { return m_owned; }

private:
    QString m_id;
    bool m_owned = false;
};

struct Upload
{
    QString id;
    QString orgId;
    QString fileId;
    QString projectId;
    QString folder;
    QString name;
    QString mimeType;
    QString sha256;
    QString visibility;
    qint64 size = 0;
    qint64 received = 0;
    qint64 reserved = 0;
    QString expiresAt;
};

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

// Staff share their organisation's uploads (a desktop resumes what it started, whoever signs in);
// a client sees only its own.
std::expected<Upload, ApiError> loadUpload(QSqlDatabase &db, const Actor &actor, const QString &uploadId)
{
    if (!EntitySchema::isUuid(uploadId))
        return std::unexpected(ApiError::notFound(QStringLiteral("No such upload.")));
    auto q = Database::exec(db,
        QStringLiteral("SELECT id, org_id, file_id, project_id, folder, name, mime_type, sha256, visibility, size, "
                       "received, reserved, expires_at FROM uploads WHERE id = ? AND org_id = ? AND uploader_kind = ? "
                       "AND (uploader_kind = 'staff' OR user_id = ?)"),
        {uploadId, actor.orgId, actor.kind, actor.userId});
    if (!q)
        return std::unexpected(ApiError::fromError(q.error()));
    if (!q->next())
        return std::unexpected(ApiError::notFound(QStringLiteral("No such upload.")));
    // An expired session is gone for the client even before the hourly purge frees its quota.
    if (q->value(12).toString() < TimeUtil::nowWire())
        return std::unexpected(ApiError::notFound(QStringLiteral("No such upload (it expired).")));
    Upload u;
    u.id = q->value(0).toString();
    u.orgId = q->value(1).toString();
    u.fileId = q->value(2).toString();
    u.projectId = q->value(3).toString();
    u.folder = q->value(4).toString();
    u.name = q->value(5).toString();
    u.mimeType = q->value(6).toString();
    u.sha256 = q->value(7).toString();
    u.visibility = q->value(8).toString();
    u.size = q->value(9).toLongLong();
    u.received = q->value(10).toLongLong();
    u.reserved = q->value(11).toLongLong();
    u.expiresAt = q->value(12).toString();
    return u;
}

// Gives back an upload's reserved quota and forgets it.
std::expected<void, Error> dropUpload(QSqlDatabase &db, const Upload &upload, const BlobStore &store)
{
    WriteTransaction tx(db, upload.orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    // The reservation as stored now: an idle upload may have given it back meanwhile.
    qint64 reserved = -1;
    {
        auto q = Database::exec(db, QStringLiteral("SELECT reserved FROM uploads WHERE id = ?"), {upload.id});
        if (!q)
            return std::unexpected(q.error());
        if (q->next())
            reserved = q->value(0).toLongLong();
    }
    if (reserved >= 0) {
        if (auto r = Database::exec(db, QStringLiteral("DELETE FROM uploads WHERE id = ?"), {upload.id}); !r)
            return std::unexpected(r.error());
        if (auto r = Database::exec(db,
                QStringLiteral(
                    "UPDATE organisations SET storage_reserved_bytes = storage_reserved_bytes - ? WHERE id = ?"),
                {reserved, upload.orgId});
            !r)
            return std::unexpected(r.error());
    }
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    store.removePartial(upload.id);
    return {};
}

// An upload's expires_at is always its last activity plus the session's lifetime, so one that has
// received nothing for the idle limit expires before this.
QString idleBefore(qint64 idleSeconds)
{
    return TimeUtil::toWire(QDateTime::currentDateTimeUtc().addSecs(uploadLifetimeHours * 3600 - idleSeconds));
}

// Gives back the reservations of the organisation's idle uploads (inside its WriteTransaction). The
// uploads stay: one that resumes reserves its size again (Files::chunk).
std::expected<qint64, Error> releaseIdleReservations(QSqlDatabase &db, const QString &orgId, qint64 idleSeconds)
{
    const QString before = idleBefore(idleSeconds);
    qint64 released = 0;
    {
        auto q = Database::exec(db,
            QStringLiteral("SELECT COALESCE(SUM(reserved), 0) FROM uploads WHERE org_id = ? AND reserved > 0 "
                           "AND expires_at < ?"),
            {orgId, before});
        if (!q)
            return std::unexpected(q.error());
        if (q->next())
            released = q->value(0).toLongLong();
    }
    if (released == 0)
        return 0;
    if (auto r = Database::exec(db,
            QStringLiteral("UPDATE uploads SET reserved = 0 WHERE org_id = ? AND reserved > 0 AND expires_at < ?"),
            {orgId, before});
        !r)
        return std::unexpected(r.error());
    if (auto r = Database::exec(db,
            QStringLiteral("UPDATE organisations SET storage_reserved_bytes = storage_reserved_bytes - ? WHERE id = ?"),
            {released, orgId});
        !r)
        return std::unexpected(r.error());
    qCInfo(lcFiles) << "released" << released << "bytes reserved by idle uploads of" << orgId;
    return released;
}

QJsonObject uploadJson(const Upload &u)
{
    return QJsonObject{{QStringLiteral("upload_id"), u.id}, {QStringLiteral("file_id"), u.fileId},
        {QStringLiteral("offset"), u.received}, {QStringLiteral("size"), u.size},
        {QStringLiteral("chunk_size"), FileController::chunkLimit}, {QStringLiteral("expires_at"), u.expiresAt}};
}

// What every route on one upload starts with: the caller, their database connection and the
// upload (in their organisation, not expired); `exclusive` also takes the upload's in-process lock.
struct OpenUpload
{
    Actor actor;
    QSqlDatabase db;
    Upload upload;
    std::unique_ptr<UploadGuard> guard;
};

std::expected<OpenUpload, HttpResponse> openUpload(
    const HttpRequest &request, const UploadPolicy &policy, bool exclusive)
{
    OpenUpload open;
    auto actor = policy.authenticate(request, exclusive);
    if (!actor)
        return std::unexpected(apiErrorResponse(actor.error()));
    open.actor = *actor;
    auto db = Database::connection();
    if (!db)
        return std::unexpected(apiErrorResponse(ApiError::fromError(db.error())));
    open.db = *db;
    const QString uploadId = request.pathParams.value(QStringLiteral("id"));
    if (exclusive) {
        open.guard = std::make_unique<UploadGuard>(uploadId);
        if (!open.guard->owned())
            return std::unexpected(apiErrorResponse(
                ApiError::conflict(QStringLiteral("upload_busy"), QStringLiteral("This upload is busy."))));
    }
    auto upload = loadUpload(open.db, open.actor, uploadId);
    if (!upload)
        return std::unexpected(apiErrorResponse(upload.error()));
    open.upload = *upload;
    return open;
}

// Staff: anything in their organisation; the desktop always sends the content's hash.
class StaffUploadPolicy final : public UploadPolicy
{
public:
    std::expected<Actor, ApiError> authenticate(const HttpRequest &request, bool) const override
    {
        return AuthController::authenticate(request);
    }
    QStringList settableFields() const override
    {
        return {QStringLiteral("file_id"), QStringLiteral("project_id"), QStringLiteral("folder"),
            QStringLiteral("name"), QStringLiteral("mime_type"), QStringLiteral("sha256"), QStringLiteral("size"),
            QStringLiteral("visibility")};
    }
    bool requiresSha256() const override { return true; }
    std::expected<void, ApiError> admit(WriteTransaction &, const Actor &, UploadRequest &) const override
    {
        return {};
    }
};

class Files
{
public:
    Files(const QString &dataDir, qint64 idleSeconds, std::shared_ptr<const UploadPolicy> policy)
        : m_store(dataDir)
        , m_idleSeconds(idleSeconds)
        , m_policy(std::move(policy))
    {
    }

    HttpResponse start(HttpRequest &request);
    HttpResponse status(HttpRequest &request);
    HttpResponse chunk(HttpRequest &request);
    HttpResponse complete(HttpRequest &request);
    HttpResponse cancel(HttpRequest &request);
    HttpResponse download(HttpRequest &request);

private:
    BlobStore m_store;
    qint64 m_idleSeconds = 0;
    std::shared_ptr<const UploadPolicy> m_policy;
};

UploadRequest requestOf(const Upload &u, bool replacing)
{
    return UploadRequest{u.fileId, u.projectId, u.folder, u.name, u.mimeType, u.visibility, u.size, replacing};
}

HttpResponse Files::start(HttpRequest &request)
{
    auto actor = m_policy->authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const QStringList settable = m_policy->settableFields();
    for (auto it = body->begin(); it != body->end(); ++it) {
        if (!settable.contains(it.key()))
            return apiErrorResponse(ApiError::badRequest(
                QStringLiteral("\"%1\" cannot be set here; allowed: %2.").arg(it.key(), settable.join(u", ")),
                QStringLiteral("field_not_allowed")));
    }

    Upload u;
    u.id = EntitySchema::newUuid();
    u.orgId = actor->orgId;
    u.fileId = body->contains(u"file_id") || m_policy->requiresSha256() ? body->value(u"file_id").toString()
                                                                        : EntitySchema::newUuid();
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
    if (!size.isDouble() || size.toDouble() < 0 || size.toDouble() > double(maxFileSize)
        || size.toDouble() != double(qint64(size.toDouble())))
        return apiErrorResponse(invalidField(QStringLiteral("\"size\" must be a whole number of bytes up to 64 GiB.")));
    u.size = qint64(size.toDouble());
    static const QRegularExpression hex(QRegularExpression::anchoredPattern(QStringLiteral("[0-9a-f]{64}")));
    if ((m_policy->requiresSha256() || !u.sha256.isEmpty()) && !hex.match(u.sha256).hasMatch())
        return apiErrorResponse(invalidField(QStringLiteral("\"sha256\" must be 64 hex digits.")));
    if (EntitySchema::visibilityRank(u.visibility) < 0)
        return apiErrorResponse(invalidField(QStringLiteral("\"visibility\" must be private, read_only or editable.")));
    u.reserved = u.size;
    u.expiresAt = TimeUtil::toWire(QDateTime::currentDateTimeUtc().addSecs(uploadLifetimeHours * 3600));

    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    WriteTransaction tx(*db, actor->orgId);
    if (auto r = tx.begin(); !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    auto project =
        Database::exec(*db, QStringLiteral("SELECT 1 FROM projects WHERE id = ? AND org_id = ? AND deleted = 0"),
            {u.projectId, actor->orgId});
    if (!project)
        return apiErrorResponse(ApiError::fromError(project.error()));
    if (!project->next())
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("No such project."), QStringLiteral("invalid_reference")));
    project->finish();
    auto existing =
        Database::exec(*db, QStringLiteral("SELECT org_id, project_id, deleted FROM files WHERE id = ?"), {u.fileId});
    if (!existing)
        return apiErrorResponse(ApiError::fromError(existing.error()));
    const bool replacing = existing->next();
    if (replacing) {
        // Replacing a file's content: same organisation, same project, not deleted.
        if (existing->value(0).toString() != actor->orgId || existing->value(1).toString() != u.projectId
            || existing->value(2).toLongLong() != 0)
            return apiErrorResponse(ApiError::conflict(
                QStringLiteral("already_exists"), QStringLiteral("That file id is in use elsewhere.")));
    }
    existing->finish();
    UploadRequest wanted = requestOf(u, replacing);
    if (auto admitted = m_policy->admit(tx, *actor, wanted); !admitted)
        return apiErrorResponse(admitted.error());
    u.folder = wanted.folder;
    u.name = wanted.name;
    u.visibility = wanted.visibility;
    if (auto r = releaseIdleReservations(*db, actor->orgId, m_idleSeconds); !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    if (auto r = StorageQuota::reserveUpload(*db, actor->orgId, actor->kind, actor->userId, u.reserved,
            QStringLiteral("This file does not fit in the organisation's storage quota."));
        !r)
        return apiErrorResponse(r.error());
    if (auto r = Database::exec(*db,
            QStringLiteral(
                "INSERT INTO uploads (id, org_id, user_id, uploader_kind, file_id, project_id, folder, name, "
                "mime_type, size, sha256, visibility, received, reserved, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)"),
            {u.id, u.orgId, actor->userId, actor->kind, u.fileId, u.projectId, u.folder, u.name, u.mimeType, u.size,
                u.sha256, u.visibility, u.reserved, TimeUtil::nowWire(), u.expiresAt});
        !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    if (auto r = tx.commit(); !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    QFile partial(m_store.partialPath(u.id));
    if (!partial.open(QIODevice::WriteOnly)) {
        qCWarning(lcFiles) << "cannot create" << partial.fileName();
        (void)dropUpload(*db, u, m_store);
        return apiErrorResponse(ApiError::fromError(
            Error{QStringLiteral("storage_error"), QStringLiteral("The server could not store the file.")}));
    }
    return HttpResponse::json(201, uploadJson(u));
}

HttpResponse Files::status(HttpRequest &request)
{
    auto open = openUpload(request, *m_policy, false);
    if (!open)
        return open.error();
    return HttpResponse::json(200, uploadJson(open->upload));
}

HttpResponse Files::chunk(HttpRequest &request)
{
    auto open = openUpload(request, *m_policy, true);
    if (!open)
        return open.error();
    QSqlDatabase *db = &open->db;
    Upload *upload = &open->upload;
    bool ok = false;
    const qint64 offset = request.query.queryItemValue(QStringLiteral("offset")).toLongLong(&ok);
    if (!ok || offset != upload->received) {
        HttpResponse response = apiErrorResponse(409, QStringLiteral("offset_mismatch"),
            QStringLiteral("The upload continues at byte %1.").arg(upload->received));
        QJsonObject body = QJsonDocument::fromJson(response.body).object();
        body.insert(QStringLiteral("offset"), upload->received);
        response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        return response;
    }
    if (request.bodySize <= 0)
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("A chunk needs a body."), QStringLiteral("empty_chunk")));
    if (offset + request.bodySize > upload->size)
        return apiErrorResponse(ApiError::badRequest(
            QStringLiteral("The chunk goes past the declared size."), QStringLiteral("too_large_for_upload")));
    // An upload that gave back its reservation while idle takes it again; a client's bytes must
    // still fit (staff may have used what the client had reserved but not sent).
    if ((upload->reserved == 0 && upload->size > 0) || open->actor.kind == u"contact") {
        WriteTransaction tx(*db, upload->orgId);
        if (auto r = tx.begin(); !r)
            return apiErrorResponse(ApiError::fromError(r.error()));
        if (upload->reserved == 0 && upload->size > 0) {
            if (auto r = releaseIdleReservations(*db, upload->orgId, m_idleSeconds); !r)
                return apiErrorResponse(ApiError::fromError(r.error()));
            if (auto r = StorageQuota::reserveUpload(*db, upload->orgId, open->actor.kind, open->actor.userId,
                    upload->size, QStringLiteral("The organisation's storage is full; this upload cannot continue."));
                !r)
                return apiErrorResponse(r.error());
            if (auto r = Database::exec(
                    *db, QStringLiteral("UPDATE uploads SET reserved = ? WHERE id = ?"), {upload->size, upload->id});
                !r)
                return apiErrorResponse(ApiError::fromError(r.error()));
            upload->reserved = upload->size;
        }
        if (open->actor.kind == u"contact") {
            if (auto r = StorageQuota::admitClientBytes(*db, upload->orgId, upload->id, offset + request.bodySize); !r)
                return apiErrorResponse(r.error());
        }
        if (auto r = tx.commit(); !r)
            return apiErrorResponse(ApiError::fromError(r.error()));
    }
    auto end = m_store.appendChunk(upload->id, offset, request.body, request.bodyFilePath);
    if (!end)
        return apiErrorResponse(ApiError::fromError(end.error()));
    // Each chunk extends the session, so a slow upload of a large file is not cut off midway.
    upload->expiresAt = TimeUtil::toWire(QDateTime::currentDateTimeUtc().addSecs(uploadLifetimeHours * 3600));
    auto update = Database::exec(*db,
        QStringLiteral("UPDATE uploads SET received = ?, expires_at = ? WHERE id = ? AND received = ?"),
        {*end, upload->expiresAt, upload->id, offset});
    if (!update)
        return apiErrorResponse(ApiError::fromError(update.error()));
    if (update->numRowsAffected() != 1)
        return apiErrorResponse(ApiError::conflict(
            QStringLiteral("upload_busy"), QStringLiteral("The upload changed meanwhile; ask for its offset.")));
    upload->received = *end;
    return HttpResponse::json(200, uploadJson(*upload));
}

HttpResponse Files::complete(HttpRequest &request)
{
    auto open = openUpload(request, *m_policy, true);
    if (!open)
        return open.error();
    const Actor *actor = &open->actor;
    QSqlDatabase *db = &open->db;
    Upload *upload = &open->upload;
    if (upload->received != upload->size)
        return apiErrorResponse(ApiError::conflict(QStringLiteral("upload_incomplete"),
            QStringLiteral("%1 of %2 bytes have arrived.").arg(upload->received).arg(upload->size)));
    auto sha = m_store.partialSha256(upload->id);
    if (!sha)
        return apiErrorResponse(ApiError::fromError(sha.error()));
    if (upload->sha256.isEmpty())
        upload->sha256 = *sha; // the uploader could not hash it; what arrived is the content
    else if (*sha != upload->sha256) {
        // Nothing half-written stays behind: the bytes go, and so does the reservation.
        if (auto r = dropUpload(*db, *upload, m_store); !r)
            return apiErrorResponse(ApiError::fromError(r.error()));
        return apiErrorResponse(422, QStringLiteral("checksum_mismatch"),
            QStringLiteral("The file that arrived does not match its SHA-256; upload it again."));
    }
    auto blobName = m_store.commitPartial(upload->id);
    if (!blobName)
        return apiErrorResponse(ApiError::fromError(blobName.error()));

    ApiError refused{200, {}, {}}; // set when the policy no longer admits the upload
    auto record = [&]() -> std::expected<QJsonObject, Error> {
        WriteTransaction tx(*db, actor->orgId);
        if (auto r = tx.begin(); !r)
            return std::unexpected(r.error());
        auto project =
            Database::exec(*db, QStringLiteral("SELECT 1 FROM projects WHERE id = ? AND org_id = ? AND deleted = 0"),
                {upload->projectId, actor->orgId});
        if (!project)
            return std::unexpected(project.error());
        if (!project->next())
            return std::unexpected(
                Error{QStringLiteral("conflict"), QStringLiteral("The project was deleted meanwhile.")});
        project->finish();
        const EntitySpec *fileSpec = EntitySchema::find(u"file");
        auto existing = SyncStore::loadRow(tx, *fileSpec, actor->orgId, upload->fileId);
        if (!existing)
            return std::unexpected(existing.error());
        UploadRequest again = requestOf(*upload, !existing->isEmpty());
        if (auto admitted = m_policy->admit(tx, *actor, again); !admitted) {
            refused = admitted.error();
            return std::unexpected(Error{QStringLiteral("conflict"), refused.message});
        }
        {
            auto current =
                Database::exec(*db, QStringLiteral("SELECT reserved FROM uploads WHERE id = ?"), {upload->id});
            if (!current)
                return std::unexpected(current.error());
            if (current->next())
                upload->reserved = current->value(0).toLongLong();
        }
        if (actor->kind == u"contact") {
            // What a client reserved is not firm: staff may have used it meanwhile.
            if (auto fits = StorageQuota::admitCompletion(*db, actor->orgId, upload->size); !fits) {
                refused = ApiError::fromError(fits.error());
                return std::unexpected(Error{QStringLiteral("conflict"), refused.message});
            }
        }
        const auto version = tx.nextVersion();
        if (!version)
            return std::unexpected(version.error());
        const QVariantHash content{{QStringLiteral("size"), upload->size}, {QStringLiteral("sha256"), upload->sha256},
            {QStringLiteral("mime_type"), upload->mimeType}, {QStringLiteral("uploaded_by"), actor->userId},
            {QStringLiteral("blob_name"), *blobName}};
        const bool replacing = !existing->isEmpty();
        if (replacing && existing->value(QStringLiteral("deleted")).toLongLong() != 0)
            return std::unexpected(
                Error{QStringLiteral("conflict"), QStringLiteral("The file was deleted meanwhile.")});
        if (replacing) {
            if (auto r = SyncStore::updateRow(tx, *fileSpec, upload->fileId, *version, content); !r)
                return std::unexpected(r.error());
        } else {
            QVariantHash values = content;
            values.insert(QStringLiteral("project_id"), upload->projectId);
            values.insert(QStringLiteral("folder"), upload->folder);
            values.insert(QStringLiteral("name"), upload->name);
            values.insert(QStringLiteral("visibility"), upload->visibility);
            if (auto r = SyncStore::insertRow(tx, *fileSpec, actor->orgId, upload->fileId, *version, values); !r)
                return std::unexpected(r.error());
        }
        if (auto r = Database::exec(*db,
                QStringLiteral("INSERT INTO file_contents (id, org_id, file_id, blob_name, size, sha256, mime_type, "
                               "uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                {EntitySchema::newUuid(), actor->orgId, upload->fileId, *blobName, upload->size, upload->sha256,
                    upload->mimeType, actor->userId, TimeUtil::nowWire()});
            !r)
            return std::unexpected(r.error());
        if (auto r = StorageQuota::changeUsage(tx, actor->orgId, upload->size, upload->reserved); !r)
            return std::unexpected(r.error());
        if (auto r = Database::exec(*db, QStringLiteral("DELETE FROM uploads WHERE id = ?"), {upload->id}); !r)
            return std::unexpected(r.error());
        if (auto r = SyncStore::appendActivity(tx, *actor,
                replacing ? QStringLiteral("file.replaced") : QStringLiteral("file.uploaded"), QStringLiteral("file"),
                upload->fileId, upload->projectId, upload->name);
            !r)
            return std::unexpected(r.error());
        auto row = SyncStore::loadRow(tx, *fileSpec, actor->orgId, upload->fileId);
        if (!row)
            return std::unexpected(row.error());
        if (auto r = tx.commit(); !r)
            return std::unexpected(r.error());
        return SyncStore::changeJson(*fileSpec, *row);
    };
    auto recorded = record();
    if (!recorded) {
        if (recorded.error().code == u"conflict") {
            m_store.removeBlob(*blobName);
            (void)dropUpload(*db, *upload, m_store);
        } else if (!m_store.restorePartial(*blobName, upload->id)) {
            // The bytes are lost; free the session so the client starts over instead of retrying forever.
            m_store.removeBlob(*blobName);
            (void)dropUpload(*db, *upload, m_store);
        }
        return apiErrorResponse(refused.code.isEmpty() ? ApiError::fromError(recorded.error()) : refused);
    }
    qCInfo(lcFiles) << "stored file" << upload->fileId << upload->size << "bytes";
    return HttpResponse::json(201,
        QJsonObject{{QStringLiteral("file"), *recorded}, {QStringLiteral("version"), recorded->value(u"version")}});
}

HttpResponse Files::cancel(HttpRequest &request)
{
    auto open = openUpload(request, *m_policy, true);
    if (!open)
        return open.error();
    QSqlDatabase *db = &open->db;
    Upload *upload = &open->upload;
    if (auto r = dropUpload(*db, *upload, m_store); !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("cancelled"), true}});
}

HttpResponse Files::download(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    const QString fileId = request.pathParams.value(QStringLiteral("id"));
    if (!EntitySchema::isUuid(fileId))
        return apiErrorResponse(ApiError::notFound(QStringLiteral("No such file.")));
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    auto q = Database::exec(*db,
        QStringLiteral("SELECT name, mime_type, sha256, blob_name FROM files "
                       "WHERE id = ? AND org_id = ? AND deleted = 0 AND blob_name IS NOT NULL"),
        {fileId, actor->orgId});
    if (!q)
        return apiErrorResponse(ApiError::fromError(q.error()));
    if (!q->next())
        return apiErrorResponse(ApiError::notFound(QStringLiteral("No such file.")));
    const QString name = q->value(0).toString();
    const QString path = m_store.blobPath(q->value(3).toString());
    if (!QFile::exists(path)) {
        qCWarning(lcFiles) << "blob missing for file" << fileId;
        return apiErrorResponse(ApiError::notFound(QStringLiteral("The file's content is missing on the server.")));
    }
    return FileController::attachment(request, path, name, q->value(1).toString(), q->value(2).toString());
}

} // namespace

HttpResponse FileController::attachment(const HttpRequest &request, const QString &path, const QString &name,
    const QString &mimeType, const QString &sha256)
{
    // The recorded type, never one guessed from the bytes, and always as an attachment.
    HttpResponse response =
        HttpResponse::file(request, path, normalisedMimeType(mimeType).toLatin1(), '"' + sha256.toLatin1() + '"');
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
    auto files =
        std::make_shared<Files>(options.dataDir, qint64(options.uploadReservationIdleMinutes) * 60, std::move(policy));
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
    auto policy = std::make_shared<const StaffUploadPolicy>();
    registerUploadRoutes(router, QStringLiteral("/api/v1/files/uploads"), options, policy);
    auto files = std::make_shared<Files>(options.dataDir, qint64(options.uploadReservationIdleMinutes) * 60, policy);
    router.add("GET", QStringLiteral("/api/v1/files/{id}/content"), 0, [files](HttpRequest &r) {
        return files->download(r);
    });
}

void FileController::purgeExpiredUploads(const QString &dataDir, int idleMinutes)
{
    auto db = Database::connection();
    if (!db)
        return;
    auto q = Database::exec(
        *db, QStringLiteral("SELECT id, org_id, reserved FROM uploads WHERE expires_at < ?"), {TimeUtil::nowWire()});
    if (!q)
        return;
    QList<Upload> expired;
    while (q->next()) {
        Upload u;
        u.id = q->value(0).toString();
        u.orgId = q->value(1).toString();
        u.reserved = q->value(2).toLongLong();
        expired.append(u);
    }
    q->finish(); // release the read snapshot before the writes below
    const BlobStore store(dataDir);
    for (const Upload &u : std::as_const(expired)) {
        if (auto r = dropUpload(*db, u, store); !r)
            qCWarning(lcFiles) << "could not drop expired upload" << u.id;
    }
    if (!expired.isEmpty())
        qCInfo(lcFiles) << "dropped" << expired.size() << "expired uploads";

    QStringList idleOrgs;
    {
        auto idle = Database::exec(*db,
            QStringLiteral("SELECT DISTINCT org_id FROM uploads WHERE reserved > 0 AND expires_at < ?"),
            {idleBefore(qint64(idleMinutes) * 60)});
        if (!idle)
            return;
        while (idle->next())
            idleOrgs.append(idle->value(0).toString());
    }
    for (const QString &orgId : std::as_const(idleOrgs)) {
        WriteTransaction tx(*db, orgId);
        if (!tx.begin() || !releaseIdleReservations(*db, orgId, qint64(idleMinutes) * 60) || !tx.commit())
            qCWarning(lcFiles) << "could not release the idle reservations of" << orgId;
    }
}
