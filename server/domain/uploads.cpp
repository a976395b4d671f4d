// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/uploads.h"

#include <QDateTime>
#include <QFile>
#include <QRandomGenerator>

#include <sodium.h>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "server/storage/database.h"
#include "server/storage/logging.h"
#include "server/storage/storagequota.h"

namespace {

// One request at a time per upload, across every instance: a lease in the upload's row, taken by
// one conditional update and given back when the request ends. A lease whose holder died ends
// by itself after leaseSeconds.
constexpr int leaseSeconds = 300;

class UploadLease
{
public:
    UploadLease(const QSqlDatabase &db, const QString &uploadId)
        : m_db(db)
        , m_uploadId(uploadId)
    {
        quint32 words[2];
        QRandomGenerator::system()->fillRange(words);
        m_token = QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
        const QString now = TimeUtil::nowWire();
        auto taken = Database::exec(m_db,
            QStringLiteral("UPDATE uploads SET lease_token = ?, lease_until = ? WHERE id = ? "
                           "AND (lease_until IS NULL OR lease_until < ?)"),
            {m_token, TimeUtil::toWire(QDateTime::currentDateTimeUtc().addSecs(leaseSeconds)), uploadId, now});
        if (!taken)
            m_error = taken.error();
        else
            m_owned = taken->numRowsAffected() == 1;
    }
    ~UploadLease()
    {
        if (m_owned)
            (void)Database::exec(m_db,
                QStringLiteral("UPDATE uploads SET lease_token = NULL, lease_until = NULL WHERE id = ? "
                               "AND lease_token = ?"),
                {m_uploadId, m_token});
    }
    UploadLease(const UploadLease &) = delete;
    UploadLease &operator=(const UploadLease &) = delete;
    bool owned() const { return m_owned; }
    const std::optional<Error> &error() const { return m_error; }

private:
    QSqlDatabase m_db;
    QString m_uploadId;
    QString m_token;
    bool m_owned = false;
    std::optional<Error> m_error;
};

// What the blob store keeps of an upload between requests.
std::expected<UploadProgress, Error> loadProgress(const QSqlDatabase &db, const QString &uploadId, QString *hashState)
{
    UploadProgress progress;
    progress.uploadId = uploadId;
    {
        auto q = Database::exec(
            db, QStringLiteral("SELECT received, store_state, hash_state FROM uploads WHERE id = ?"), {uploadId});
        if (!q)
            return std::unexpected(q.error());
        if (q->next()) {
            progress.received = q->value(0).toLongLong();
            progress.state = q->value(1).toString();
            if (hashState)
                *hashState = q->value(2).toString();
        }
    }
    auto q = Database::exec(db,
        QStringLiteral("SELECT kind, start_offset, size, part_number, ref FROM upload_parts WHERE upload_id = ? "
                       "ORDER BY start_offset"),
        {uploadId});
    if (!q)
        return std::unexpected(q.error());
    while (q->next())
        progress.pieces.append(UploadPiece{q->value(0).toString(), q->value(1).toLongLong(), q->value(2).toLongLong(),
            q->value(3).toInt(), q->value(4).toString()});
    return progress;
}

// The SHA-256 of an upload is computed as its chunks arrive, whichever instance takes each: the
// hash's state after the last one is kept with the upload (libsodium's state, as base64).
Error damagedUpload()
{
    return Error{QStringLiteral("storage_error"), QStringLiteral("The upload is damaged.")};
}

// The hash as kept with the upload; a fresh one for "".
std::expected<crypto_hash_sha256_state, Error> restoreHash(const QString &state)
{
    crypto_hash_sha256_state st;
    if (state.isEmpty()) {
        crypto_hash_sha256_init(&st);
        return st;
    }
    const QByteArray raw = QByteArray::fromBase64(state.toLatin1());
    if (raw.size() != qsizetype(sizeof st))
        return std::unexpected(damagedUpload());
    memcpy(&st, raw.constData(), sizeof st);
    return st;
}

std::expected<QString, Error> hashStateAfter(
    const QString &state, qint64 offset, const QByteArray &data, const QString &sourcePath)
{
    if (state.isEmpty() && offset > 0)
        return QString(); // begun before the server hashed as chunks arrive: read back at the end
    auto st = restoreHash(state);
    if (!st)
        return std::unexpected(st.error());
    const auto add = [&st](const QByteArray &bytes) {
        crypto_hash_sha256_update(
            &*st, reinterpret_cast<const unsigned char *>(bytes.constData()), size_t(bytes.size()));
    };
    if (sourcePath.isEmpty()) {
        add(data);
    } else {
        QFile in(sourcePath);
        if (!in.open(QIODevice::ReadOnly))
            return std::unexpected(
                Error{QStringLiteral("storage_error"), QStringLiteral("The server could not store the file.")});
        while (!in.atEnd()) {
            const QByteArray piece = in.read(1024 * 1024);
            if (piece.isEmpty())
                return std::unexpected(
                    Error{QStringLiteral("storage_error"), QStringLiteral("The server could not store the file.")});
            add(piece);
        }
    }
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(&*st), sizeof *st).toBase64());
}

// The hex SHA-256 of everything hashed into `state`.
std::expected<QString, Error> hashHex(const QString &state)
{
    auto st = restoreHash(state);
    if (!st)
        return std::unexpected(st.error());
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&*st, out);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(out), sizeof out).toHex());
}

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
std::expected<void, Error> dropUpload(QSqlDatabase &db, const Upload &upload, BlobStore &store)
{
    auto progress = loadProgress(db, upload.id, nullptr);
    if (!progress)
        return std::unexpected(progress.error());
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
        if (auto r = Database::exec(db, QStringLiteral("DELETE FROM upload_parts WHERE upload_id = ?"), {upload.id});
            !r)
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
    store.discardUpload(*progress);
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
    qCInfo(lcFiles).noquote() << "released" << released << "bytes reserved by idle uploads of" << orgId;
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
// their organisation, not expired); `exclusive` also takes the upload's lease.
struct OpenUpload
{
    QSqlDatabase db;
    Upload upload;
    std::unique_ptr<UploadLease> lease;
};

std::expected<OpenUpload, Error> openUpload(const Actor &actor, const QString &uploadId, bool exclusive)
{
    OpenUpload open;
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    open.db = *db;
    auto upload = loadUpload(open.db, actor, uploadId);
    if (!upload)
        return std::unexpected(upload.error());
    if (exclusive) {
        open.lease = std::make_unique<UploadLease>(open.db, uploadId);
        if (open.lease->error())
            return std::unexpected(*open.lease->error());
        if (!open.lease->owned())
            return std::unexpected(failure(QStringLiteral("upload_busy"), QStringLiteral("This upload is busy.")));
    }
    open.upload = *upload;
    return open;
}

} // namespace

QStringList StaffUploadRules::settableFields() const
{
    return {QStringLiteral("file_id"), QStringLiteral("project_id"), QStringLiteral("folder"), QStringLiteral("name"),
        QStringLiteral("mime_type"), QStringLiteral("sha256"), QStringLiteral("size"), QStringLiteral("visibility")};
}

Uploads::Uploads(BlobStorePtr store, qint64 idleSeconds, std::shared_ptr<const UploadRules> rules)
    : m_store(std::move(store))
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
    if (auto begun = m_store->beginUpload(u.id); !begun) {
        (void)dropUpload(*db, u, *m_store);
        return std::unexpected(begun.error());
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
    QString hashState;
    auto progress = loadProgress(*db, upload->id, &hashState);
    if (!progress)
        return refuse(progress.error());
    auto nextHash = hashStateAfter(hashState, *offset, data, dataPath);
    if (!nextHash)
        return refuse(nextHash.error());
    auto outcome = m_store->appendChunk(*progress, *offset, data, dataPath);
    if (!outcome)
        return refuse(outcome.error());
    // Each chunk extends the session, so a slow upload of a large file is not cut off midway.
    upload->expiresAt = TimeUtil::toWire(QDateTime::currentDateTimeUtc().addSecs(lifetimeHours * 3600));
    // The new offset and what the store keeps of the chunk, together, and only if nothing else
    // recorded this offset first.
    auto record = [&]() -> std::expected<bool, Error> {
        WriteTransaction tx(*db, upload->orgId);
        if (auto r = tx.begin(); !r)
            return std::unexpected(r.error());
        auto update = Database::exec(*db,
            QStringLiteral("UPDATE uploads SET received = ?, expires_at = ?, store_state = ?, hash_state = ? "
                           "WHERE id = ? AND received = ?"),
            {outcome->end, upload->expiresAt, outcome->state, *nextHash, upload->id, *offset});
        if (!update)
            return std::unexpected(update.error());
        if (update->numRowsAffected() != 1)
            return false;
        for (const UploadPiece &p : std::as_const(outcome->dropped)) {
            if (auto r = Database::exec(*db,
                    QStringLiteral("DELETE FROM upload_parts WHERE upload_id = ? AND kind = ? AND start_offset = ?"),
                    {upload->id, p.kind, p.offset});
                !r)
                return std::unexpected(r.error());
        }
        for (const UploadPiece &p : std::as_const(outcome->added)) {
            if (auto r = Database::exec(*db,
                    QStringLiteral("INSERT INTO upload_parts (upload_id, kind, start_offset, size, part_number, ref) "
                                   "VALUES (?, ?, ?, ?, ?, ?)"),
                    {upload->id, p.kind, p.offset, p.size, p.number, p.ref});
                !r)
                return std::unexpected(r.error());
        }
        if (auto r = tx.commit(); !r)
            return std::unexpected(r.error());
        return true;
    };
    auto recorded = record();
    if (!recorded || !*recorded) {
        m_store->removeObjects(outcome->orphans);
        if (!recorded)
            return refuse(recorded.error());
        return refuse(failure(
            QStringLiteral("upload_busy"), QStringLiteral("The upload changed meanwhile; ask for its offset.")));
    }
    m_store->removeObjects(outcome->garbage);
    upload->received = outcome->end;
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
    QString hashState;
    auto progress = loadProgress(*db, upload->id, &hashState);
    if (!progress)
        return std::unexpected(progress.error());
    auto sha = hashState.isEmpty() && upload->size > 0 ? m_store->partialSha256(*progress) : hashHex(hashState);
    if (!sha)
        return std::unexpected(sha.error());
    if (upload->sha256.isEmpty())
        upload->sha256 = *sha; // the uploader could not hash it; what arrived is the content
    else if (*sha != upload->sha256) {
        // Nothing half-written stays behind: the bytes go, and so does the reservation.
        if (auto r = dropUpload(*db, *upload, *m_store); !r)
            return std::unexpected(r.error());
        return std::unexpected(failure(QStringLiteral("checksum_mismatch"),
            QStringLiteral("The file that arrived does not match its SHA-256; upload it again.")));
    }
    QStringList garbage; // what the store no longer needs once the file is recorded
    auto blobName = m_store->finishUpload(*progress, &garbage);
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
        // Exactly once, whichever instance completes it: a second completion finds nothing to delete.
        auto removed = Database::exec(*db, QStringLiteral("DELETE FROM uploads WHERE id = ?"), {upload->id});
        if (!removed)
            return std::unexpected(removed.error());
        if (removed->numRowsAffected() != 1)
            return std::unexpected(
                Error{QStringLiteral("upload_busy"), QStringLiteral("The upload was completed meanwhile.")});
        if (auto r = Database::exec(*db, QStringLiteral("DELETE FROM upload_parts WHERE upload_id = ?"), {upload->id});
            !r)
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
        if (recorded.error().code == u"upload_busy") {
            // Another request completed it with its own copy: this one goes.
            m_store->removeBlob(*blobName);
        } else if (recorded.error().code == u"conflict") {
            m_store->removeBlob(*blobName);
            (void)dropUpload(*db, *upload, *m_store);
        } else if (!m_store->unfinishUpload(*blobName, *progress)) {
            // The bytes are lost; free the session so the client starts over instead of retrying forever.
            m_store->removeBlob(*blobName);
            (void)dropUpload(*db, *upload, *m_store);
        }
        return std::unexpected(refused ? *refused : recorded.error());
    }
    m_store->removeObjects(garbage);
    qCInfo(lcFiles).noquote() << "stored file" << upload->fileId << upload->size << "bytes";
    return *recorded;
}

std::expected<void, Error> Uploads::cancel(const Actor &actor, const QString &uploadId)
{
    auto open = openUpload(actor, uploadId, true);
    if (!open)
        return std::unexpected(open.error());
    return dropUpload(open->db, open->upload, *m_store);
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
        QStringLiteral("SELECT name, mime_type, sha256, blob_name, size FROM files "
                       "WHERE id = ? AND org_id = ? AND deleted = 0 AND blob_name IS NOT NULL"),
        {fileId, actor.orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::unexpected(noSuchFile);
    return FileContent{q->value(3).toString(), q->value(4).toLongLong(), q->value(0).toString(), q->value(1).toString(),
        q->value(2).toString()};
}

void Uploads::purgeExpired(BlobStore &store, int idleMinutes)
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
    for (const Upload &u : std::as_const(expired)) {
        if (auto r = dropUpload(*db, u, store); !r)
            qCWarning(lcFiles).noquote() << "could not drop expired upload" << u.id;
    }
    if (!expired.isEmpty())
        qCInfo(lcFiles).noquote() << "dropped" << expired.size() << "expired uploads";

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
            qCWarning(lcFiles).noquote() << "could not release the idle reservations of" << orgId;
    }
}
