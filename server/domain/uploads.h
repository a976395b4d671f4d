// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <expected>
#include <memory>
#include <optional>

#include "common/error.h"
#include "server/domain/syncstore.h"
#include "server/storage/blobstore.h"

class WriteTransaction;

// An upload as asked for: what UploadRules admit, and may adjust, before any byte arrives.
struct UploadRequest
{
    QString fileId; // a new file, or an existing one whose content this replaces
    QString projectId;
    QString folder;
    QString name;
    QString mimeType;
    QString visibility;
    qint64 size = 0;
    bool replacing = false; // set by the server: fileId names an existing file of the project
};

// An upload under way, as stored (table uploads).
struct Upload
{
    QString id;
    QString orgId;
    QString fileId;
    QString projectId;
    QString folder;
    QString name;
    QString mimeType;
    QString sha256; // "" when the uploader could not hash it
    QString visibility;
    qint64 size = 0;
    qint64 received = 0;
    qint64 reserved = 0;
    QString expiresAt;
    bool fileNamed = false; // the start request named file_id (to replace it, or as a new file's id)
};

// What one kind of uploader may upload. The same upload machinery serves staff (anything in their
// organisation) and clients (only what PortalPermissions allows: PortalUploadRules).
class UploadRules
{
public:
    virtual ~UploadRules() = default;
    // The fields of the start request this kind of uploader may send; any other is refused.
    virtual QStringList settableFields() const = 0;
    // Whether the start request must name the content's SHA-256. The desktop knows it; a browser
    // cannot hash a large file without holding it whole, so for it the server's own hash stands.
    virtual bool requiresSha256() const = 0;
    // Whether the uploader chooses a new file's id (the desktop does, to refer to it offline); where
    // not, a file_id it sends names a file to replace, and one that names no such file is unknown().
    virtual bool namesNewFiles() const = 0;
    // The answer for a project or file the request names that does not exist, or not where it says:
    // the precise reason by default; the portal answers every such case as "not_found", the same
    // as for anything hidden from the client, so that no id can be probed.
    virtual Error unknown(const Error &precise) const { return precise; }
    // Run under the organisation's write lock when the upload starts and again when it completes
    // (access may have ended meanwhile). May fix fields the uploader does not choose.
    virtual std::expected<void, Error> admit(WriteTransaction &tx, const Actor &actor, UploadRequest &upload) const = 0;
};

// Staff: anything in their organisation; the desktop always sends the content's hash.
class StaffUploadRules final : public UploadRules
{
public:
    QStringList settableFields() const override;
    bool requiresSha256() const override { return true; }
    bool namesNewFiles() const override { return true; }
    std::expected<void, Error> admit(WriteTransaction &, const Actor &, UploadRequest &) const override { return {}; }
};

// Why a chunk was not taken; `offset` is where the upload continues when it was the wrong one
// ("offset_mismatch").
struct ChunkRefusal
{
    Error error;
    qint64 offset = -1;
};

// A stored file's content to send: the blob (in the BlobStore) and what to send it as.
struct FileContent
{
    QString blobName;
    qint64 size = 0;
    QString name;
    QString mimeType;
    QString sha256;
};

// Chunked, resumable uploads of file contents: each chunk appended in order, the whole checked
// against its SHA-256, the organisation's quota reserved when the upload starts (bounded for
// clients, StorageQuota) and given back by uploads left idle; completion records the file (a new
// one, or a new version) in the same transaction as its content, its quota and its activity.
// Codes: upload_busy, offset_mismatch, empty_chunk, too_large_for_upload, upload_incomplete,
// checksum_mismatch, quota_exceeded, too_many_uploads, invalid_reference, already_exists, and
// whatever the rules refuse.
class Uploads
{
public:
    static constexpr qint64 maxFileSize = qint64(64) * 1024 * 1024 * 1024;
    static constexpr int lifetimeHours = 24;

    Uploads(BlobStorePtr store, qint64 idleSeconds, std::shared_ptr<const UploadRules> rules);

    const UploadRules &rules() const { return *m_rules; }

    // Starts `draft` (id, organisation, expiry and reservation are set here) after the rules
    // admitted it under the organisation's lock.
    std::expected<Upload, Error> start(const Actor &actor, Upload draft);
    // The upload, when it is the actor's (staff share their organisation's; a client has its own).
    std::expected<Upload, Error> find(const Actor &actor, const QString &uploadId) const;
    // Appends the next chunk at `offset` (nullopt: none given). The body is `data`, or the file
    // `dataPath` holding `size` bytes.
    std::expected<Upload, ChunkRefusal> appendChunk(const Actor &actor, const QString &uploadId,
        std::optional<qint64> offset, const QByteArray &data, const QString &dataPath, qint64 size);
    // Verifies and records the file; returns its change (the sync protocol's JSON of the file row).
    std::expected<QJsonObject, Error> complete(const Actor &actor, const QString &uploadId);
    std::expected<void, Error> cancel(const Actor &actor, const QString &uploadId);

    // A staff member's download: the file's current content, "not_found" for anything else.
    std::expected<FileContent, Error> staffContent(const Actor &actor, const QString &fileId) const;

    // Abandons uploads past their expiry (their quota and partial files go) and gives back the
    // reservations of uploads idle for longer than `idleMinutes`.
    static void purgeExpired(BlobStore &store, int idleMinutes);

private:
    BlobStorePtr m_store;
    qint64 m_idleSeconds = 0;
    std::shared_ptr<const UploadRules> m_rules;
};
