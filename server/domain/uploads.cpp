// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/uploads.h"

#include <QDateTime>
#include <QFile>
#include <QMutex>
#include <QSet>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "server/storage/database.h"
#include "server/storage/logging.h"
#include "server/storage/storagequota.h"

namespace {

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

// Staff share their organisation's uploads (a desktop resumes what it started, whoever signs in);
// a client sees only its own.
std::expected<Upload, Error> loadUpload(const QSqlDatabase &db, const Actor &actor, const QString &uploadId)
{
    if (!EntitySchema::isUuid(uploadId))
        return std::unexpected(Error{QStringLiteral("not_found"), QStringLiteral("No such upload.")});
    auto q = Database::exec(db,
        QStringLiteral("SELECT id, org_id, file_id, project_id, folder, name, mime_type, sha256, visibility, size, "
                       "received, reserved, expires_at FROM uploads WHERE id = ? AND org_id = ? AND uploader_kind = ? "
                       "AND (uploader_kind = 'staff' OR user_id = ?)"),
        {uploadId, actor.orgId, actor.kind, actor.userId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::unexpected(Error{QStringLiteral("not_found"), QStringLiteral("No such upload.")});
    // An expired session is gone for the client even before the hourly purge frees its quota.
    if (q->value(12).toString() < TimeUtil::nowWire())
        return std::unexpected(Error{QStringLiteral("not_found"), QStringLiteral("No such upload (it expired).")});
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
    return TimeUtil::toWire(QDateTime::currentDateTimeUtc().addSecs(Uploads::lifetimeHours * 3600 - idleSeconds));
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

UploadRequest requestOf(const Upload &u, bool replacing)
{
    return UploadRequest{u.fileId, u.projectId, u.folder, u.name, u.mimeType, u.visibility, u.size, replacing};
}

Error failure(const QString &code, const QString &message)
{
    return Error{code, message};
}

// What every step on one upload starts with: the actor's database connection and the upload (in
// their organisation, not expired); `exclusive` also takes the upload's in-process lock.
struct OpenUpload
{
    QSqlDatabase db;
    Upload upload;
    std::unique_ptr<UploadGuard> guard;
};

std::expected<OpenUpload, Error> openUpload(const Actor &actor, const QString &uploadId, bool exclusive)
{
    OpenUpload open;
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    open.db = *db;
    if (exclusive) {
        open.guard = std::make_unique<UploadGuard>(uploadId);
        if (!open.guard->owned())
            return std::unexpected(failure(QStringLiteral("upload_busy"), QStringLiteral("This upload is busy.")));
    }
    auto upload = loadUpload(open.db, actor, uploadId);
    if (!upload)
        return std::unexpected(upload.error());
    open.upload = *upload;
    return open;
}

} // namespace

QStringList StaffUploadRules::settableFields() const
{
    return {QStringLiteral("file_id"), QStringLiteral("project_id"), QStringLiteral("folder"), QStringLiteral("name"),
        QStringLiteral("mime_type"), QStringLiteral("sha256"), QStringLiteral("size"), QStringLiteral("visibility")};
}

Uploads::Uploads(const QString &dataDir, qint64 idleSeconds, std::shared_ptr<const UploadRules> rules)
    : m_store(dataDir)
    , m_idleSeconds(idleSeconds)
    , m_rules(std::move(rules))
{
}

std::expected<Upload, Error> Uploads::start(const Actor &actor, Upload u)
{
    u.id = EntitySchema::newUuid();
    u.orgId = actor.orgId;
    u.reserved = u.size;
    u.expiresAt = TimeUtil::toWire(QDateTime::currentDateTimeUtc().addSecs(lifetimeHours * 3600));

    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    WriteTransaction tx(*db, actor.orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    auto project =
        Database::exec(*db, QStringLiteral("SELECT 1 FROM projects WHERE id = ? AND org_id = ? AND deleted = 0"),
            {u.projectId, actor.orgId});
    if (!project)
        return std::unexpected(project.error());
    if (!project->next())
        return std::unexpected(
            m_rules->unknown(failure(QStringLiteral("invalid_reference"), QStringLiteral("No such project."))));
    project->finish();
    auto existing =
        Database::exec(*db, QStringLiteral("SELECT org_id, project_id, deleted FROM files WHERE id = ?"), {u.fileId});
    if (!existing)
        return std::unexpected(existing.error());
    const bool replacing = existing->next();
    if (replacing) {
        // Replacing a file's content: same organisation, same project, not deleted.
        if (existing->value(0).toString() != actor.orgId || existing->value(1).toString() != u.projectId
            || existing->value(2).toLongLong() != 0)
            return std::unexpected(m_rules->unknown(
                failure(QStringLiteral("already_exists"), QStringLiteral("That file id is in use elsewhere."))));
    } else if (u.fileNamed && !m_rules->namesNewFiles()) {
        return std::unexpected(
            m_rules->unknown(failure(QStringLiteral("not_found"), QStringLiteral("No such file to replace."))));
    }
    existing->finish();
    UploadRequest wanted = requestOf(u, replacing);
    if (auto admitted = m_rules->admit(tx, actor, wanted); !admitted)
        return std::unexpected(admitted.error());
    u.folder = wanted.folder;
    u.name = wanted.name;
    u.visibility = wanted.visibility;
    if (auto r = releaseIdleReservations(*db, actor.orgId, m_idleSeconds); !r)
        return std::unexpected(r.error());
    if (auto r = StorageQuota::reserveUpload(*db, actor.orgId, actor.kind, actor.userId, u.reserved,
            QStringLiteral("This file does not fit in the organisation's storage quota."));
        !r)
        return std::unexpected(r.error());
    if (auto r = Database::exec(*db,
            QStringLiteral(
                "INSERT INTO uploads (id, org_id, user_id, uploader_kind, file_id, project_id, folder, name, "
                "mime_type, size, sha256, visibility, received, reserved, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)"),
            {u.id, u.orgId, actor.userId, actor.kind, u.fileId, u.projectId, u.folder, u.name, u.mimeType, u.size,
                u.sha256, u.visibility, u.reserved, TimeUtil::nowWire(), u.expiresAt});
        !r)
        return std::unexpected(r.error());
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    QFile partial(m_store.partialPath(u.id));
    if (!partial.open(QIODevice::WriteOnly)) {
        qCWarning(lcFiles) << "cannot create" << partial.fileName();
        (void)dropUpload(*db, u, m_store);
        return std::unexpected(
            failure(QStringLiteral("storage_error"), QStringLiteral("The server could not store the file.")));
    }
    return u;
}

std::expected<Upload, Error> Uploads::find(const Actor &actor, const QString &uploadId) const
{
    auto open = openUpload(actor, uploadId, false);
    if (!open)
        return std::unexpected(open.error());
    return open->upload;
}

std::expected<Upload, ChunkRefusal> Uploads::appendChunk(const Actor &actor, const QString &uploadId,
    std::optional<qint64> offset, const QByteArray &data, const QString &dataPath, qint64 size)
{
    const auto refuse = [](const Error &error) {
        return std::unexpected(ChunkRefusal{error, -1});
    };
    auto open = openUpload(actor, uploadId, true);
    if (!open)
        return refuse(open.error());
    QSqlDatabase *db = &open->db;
    Upload *upload = &open->upload;
    if (!offset || *offset != upload->received)
        return std::unexpected(
            ChunkRefusal{failure(QStringLiteral("offset_mismatch"),
                             QStringLiteral("The upload continues at byte %1.").arg(upload->received)),
                upload->received});
    if (size <= 0)
        return refuse(failure(QStringLiteral("empty_chunk"), QStringLiteral("A chunk needs a body.")));
    if (*offset + size > upload->size)
        return refuse(
            failure(QStringLiteral("too_large_for_upload"), QStringLiteral("The chunk goes past the declared size.")));
    // An upload that gave back its reservation while idle takes it again; a client's bytes must
    // still fit (staff may have used what the client had reserved but not sent).
    if ((upload->reserved == 0 && upload->size > 0) || actor.kind == u"contact") {
        WriteTransaction tx(*db, upload->orgId);
        if (auto r = tx.begin(); !r)
            return refuse(r.error());
        if (upload->reserved == 0 && upload->size > 0) {
            if (auto r = releaseIdleReservations(*db, upload->orgId, m_idleSeconds); !r)
                return refuse(r.error());
            if (auto r = StorageQuota::reserveUpload(*db, upload->orgId, actor.kind, actor.userId, upload->size,
                    QStringLiteral("The organisation's storage is full; this upload cannot continue."));
                !r)
                return refuse(r.error());
            if (auto r = Database::exec(
                    *db, QStringLiteral("UPDATE uploads SET reserved = ? WHERE id = ?"), {upload->size, upload->id});
                !r)
                return refuse(r.error());
            upload->reserved = upload->size;
        }
        if (actor.kind == u"contact") {
            if (auto r = StorageQuota::admitClientBytes(*db, upload->orgId, upload->id, *offset + size); !r)
                return refuse(r.error());
        }
        if (auto r = tx.commit(); !r)
            return refuse(r.error());
    }
    auto end = m_store.appendChunk(upload->id, *offset, data, dataPath);
    if (!end)
        return refuse(end.error());
    // Each chunk extends the session, so a slow upload of a large file is not cut off midway.
    upload->expiresAt = TimeUtil::toWire(QDateTime::currentDateTimeUtc().addSecs(lifetimeHours * 3600));
    auto update = Database::exec(*db,
        QStringLiteral("UPDATE uploads SET received = ?, expires_at = ? WHERE id = ? AND received = ?"),
        {*end, upload->expiresAt, upload->id, *offset});
    if (!update)
        return refuse(update.error());
    if (update->numRowsAffected() != 1)
        return refuse(failure(
            QStringLiteral("upload_busy"), QStringLiteral("The upload changed meanwhile; ask for its offset.")));
    upload->received = *end;
    return *upload;
}

std::expected<QJsonObject, Error> Uploads::complete(const Actor &actor, const QString &uploadId)
{
    auto open = openUpload(actor, uploadId, true);
    if (!open)
        return std::unexpected(open.error());
    QSqlDatabase *db = &open->db;
    Upload *upload = &open->upload;
    if (upload->received != upload->size)
        return std::unexpected(failure(QStringLiteral("upload_incomplete"),
            QStringLiteral("%1 of %2 bytes have arrived.").arg(upload->received).arg(upload->size)));
    auto sha = m_store.partialSha256(upload->id);
    if (!sha)
        return std::unexpected(sha.error());
    if (upload->sha256.isEmpty())
        upload->sha256 = *sha; // the uploader could not hash it; what arrived is the content
    else if (*sha != upload->sha256) {
        // Nothing half-written stays behind: the bytes go, and so does the reservation.
        if (auto r = dropUpload(*db, *upload, m_store); !r)
            return std::unexpected(r.error());
        return std::unexpected(failure(QStringLiteral("checksum_mismatch"),
            QStringLiteral("The file that arrived does not match its SHA-256; upload it again.")));
    }
    auto blobName = m_store.commitPartial(upload->id);
    if (!blobName)
        return std::unexpected(blobName.error());

    std::optional<Error> refused; // set when the rules no longer admit the upload
    auto record = [&]() -> std::expected<QJsonObject, Error> {
        WriteTransaction tx(*db, actor.orgId);
        if (auto r = tx.begin(); !r)
            return std::unexpected(r.error());
        auto project =
            Database::exec(*db, QStringLiteral("SELECT 1 FROM projects WHERE id = ? AND org_id = ? AND deleted = 0"),
                {upload->projectId, actor.orgId});
        if (!project)
            return std::unexpected(project.error());
        if (!project->next())
            return std::unexpected(
                Error{QStringLiteral("conflict"), QStringLiteral("The project was deleted meanwhile.")});
        project->finish();
        const EntitySpec *fileSpec = EntitySchema::find(u"file");
        auto existing = SyncStore::loadRow(tx, *fileSpec, actor.orgId, upload->fileId);
        if (!existing)
            return std::unexpected(existing.error());
        UploadRequest again = requestOf(*upload, !existing->isEmpty());
        if (auto admitted = m_rules->admit(tx, actor, again); !admitted) {
            refused = admitted.error();
            return std::unexpected(Error{QStringLiteral("conflict"), refused->message});
        }
        {
            auto current =
                Database::exec(*db, QStringLiteral("SELECT reserved FROM uploads WHERE id = ?"), {upload->id});
            if (!current)
                return std::unexpected(current.error());
            if (current->next())
                upload->reserved = current->value(0).toLongLong();
        }
        if (actor.kind == u"contact") {
            // What a client reserved is not firm: staff may have used it meanwhile.
            if (auto fits = StorageQuota::admitCompletion(*db, actor.orgId, upload->size); !fits) {
                refused = fits.error();
                return std::unexpected(Error{QStringLiteral("conflict"), refused->message});
            }
        }
        const auto version = tx.nextVersion();
        if (!version)
            return std::unexpected(version.error());
        const QVariantHash content{{QStringLiteral("size"), upload->size}, {QStringLiteral("sha256"), upload->sha256},
            {QStringLiteral("mime_type"), upload->mimeType}, {QStringLiteral("uploaded_by"), actor.userId},
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
            if (auto r = SyncStore::insertRow(tx, *fileSpec, actor.orgId, upload->fileId, *version, values); !r)
                return std::unexpected(r.error());
        }
        if (auto r = Database::exec(*db,
                QStringLiteral("INSERT INTO file_contents (id, org_id, file_id, blob_name, size, sha256, mime_type, "
                               "uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                {EntitySchema::newUuid(), actor.orgId, upload->fileId, *blobName, upload->size, upload->sha256,
                    upload->mimeType, actor.userId, TimeUtil::nowWire()});
            !r)
            return std::unexpected(r.error());
        if (auto r = StorageQuota::changeUsage(tx, actor.orgId, upload->size, upload->reserved); !r)
            return std::unexpected(r.error());
        if (auto r = Database::exec(*db, QStringLiteral("DELETE FROM uploads WHERE id = ?"), {upload->id}); !r)
            return std::unexpected(r.error());
        if (auto r = SyncStore::appendActivity(tx, actor,
                replacing ? QStringLiteral("file.replaced") : QStringLiteral("file.uploaded"), QStringLiteral("file"),
                upload->fileId, upload->projectId, upload->name, QJsonObject{{QStringLiteral("label"), upload->name}});
            !r)
            return std::unexpected(r.error());
        auto row = SyncStore::loadRow(tx, *fileSpec, actor.orgId, upload->fileId);
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
        return std::unexpected(refused ? *refused : recorded.error());
    }
    qCInfo(lcFiles) << "stored file" << upload->fileId << upload->size << "bytes";
    return *recorded;
}

std::expected<void, Error> Uploads::cancel(const Actor &actor, const QString &uploadId)
{
    auto open = openUpload(actor, uploadId, true);
    if (!open)
        return std::unexpected(open.error());
    return dropUpload(open->db, open->upload, m_store);
}

std::expected<FileContent, Error> Uploads::staffContent(const Actor &actor, const QString &fileId) const
{
    const Error noSuchFile{QStringLiteral("not_found"), QStringLiteral("No such file.")};
    if (!EntitySchema::isUuid(fileId))
        return std::unexpected(noSuchFile);
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q = Database::exec(*db,
        QStringLiteral("SELECT name, mime_type, sha256, blob_name FROM files "
                       "WHERE id = ? AND org_id = ? AND deleted = 0 AND blob_name IS NOT NULL"),
        {fileId, actor.orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::unexpected(noSuchFile);
    const QString path = m_store.blobPath(q->value(3).toString());
    if (!QFile::exists(path)) {
        qCWarning(lcFiles) << "blob missing for file" << fileId;
        return std::unexpected(
            failure(QStringLiteral("not_found"), QStringLiteral("The file's content is missing on the server.")));
    }
    return FileContent{path, q->value(0).toString(), q->value(1).toString(), q->value(2).toString()};
}

void Uploads::purgeExpired(const QString &dataDir, int idleMinutes)
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
