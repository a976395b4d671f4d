// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIODevice>
#include <QList>
#include <QString>
#include <QStringList>

#include <expected>
#include <functional>
#include <memory>

#include "common/error.h"

// One piece of an upload that a store keeps between chunks (table upload_parts), so that the next
// chunk, and the completion, may come to any server instance. Its meaning is the store's own.
struct UploadPiece
{
    QString kind; // e.g. "staged" (an object holding chunks) or "part" (a multipart part)
    qint64 offset = 0; // where its bytes start in the file
    qint64 size = 0;
    int number = 0; // a multipart part's number
    QString ref; // an object key or an ETag
};

// An upload as its store needs to know it, loaded from the database.
struct UploadProgress
{
    QString uploadId;
    qint64 received = 0;
    QString state; // the store's own (uploads.store_state)
    QList<UploadPiece> pieces;
};

// What a chunk changed in the store: recorded with the upload's new offset in one conditional
// update. Objects in `garbage` are removed once that is recorded; those in `orphans` when it is not
// (another request took the offset first).
struct ChunkOutcome
{
    qint64 end = 0;
    QString state;
    QList<UploadPiece> added;
    QList<UploadPiece> dropped;
    QStringList garbage;
    QStringList orphans;
};

// Where file contents live: the data directory (LocalBlobStore, the default; also right for a
// network mount shared by several instances) or an S3-compatible object store (S3BlobStore).
// Stored contents ("blobs") get server-made random names (a person's file name is only metadata)
// and never change. Uploads arrive in chunks, in order, each maybe at another instance.
//
// Every call may block on the disk or the network: call it on a worker thread, never on the
// network thread, except openRead() (its device fills from a thread of its own). Stores are made
// with std::make_shared.
class BlobStore : public std::enable_shared_from_this<BlobStore>
{
public:
    // Receives content in order, in bounded pieces; returning false stops the read ("aborted").
    using Sink = std::function<bool(const char *data, qint64 size)>;

    virtual ~BlobStore();

    // "the folder /var/lib/atrium/blobs", "s3://bucket/prefix/ at http://…": for logs and errors.
    virtual QString describe() const = 0;
    // Creates the local folders every store uses (tmp/ for request bodies and previews); false
    // when it cannot.
    virtual bool ensureDirectories() const;
    // Whether blobs can be written and read now (the health check). Kept for a second: a balancer
    // asking every second makes no more than one probe a second.
    std::expected<void, Error> checkReachable() const;
    // Local scratch space (request bodies, preview sources), always on this machine.
    QString tempDir() const;

    // A finished blob as a local file that the HTTP layer may send itself; empty when the store
    // keeps blobs elsewhere.
    virtual QString localPath(const QString &blobName) const = 0;
    // Whether the blob is there: "not_found" when it is not, another error when the store cannot
    // say (checked before a response starts, so that a missing blob or a store that is down gets
    // a clear error rather than a download cut short).
    virtual std::expected<void, Error> exists(const QString &blobName) const = 0;
    // Reads `length` bytes of the blob from `offset` into `sink`, blocking ("not_found" when it
    // does not exist).
    virtual std::expected<void, Error> read(
        const QString &blobName, qint64 offset, qint64 length, const Sink &sink) const = 0;
    // The same as a device to read in order on the calling thread without blocking: a file, or a
    // sequential device that a worker thread fills (readyRead; atEnd() when all arrived; read()
    // -1 with errorString() on failure). Null when it cannot be opened.
    virtual std::unique_ptr<QIODevice> openRead(const QString &blobName, qint64 offset, qint64 length) const;
    // Copies the blob into a local file (for tools that need one, e.g. the preview worker).
    std::expected<void, Error> copyToFile(const QString &blobName, qint64 size, const QString &path) const;
    // Stores a finished local file as a new blob; returns its name.
    virtual std::expected<QString, Error> storeFile(const QString &path) = 0;
    // Stores a local file as the blob `blobName`, a name a store made before (a restore from a
    // backup); the file is consumed. "conflict" when that blob exists already.
    virtual std::expected<void, Error> storeFileAs(const QString &path, const QString &blobName) = 0;
    // Whether `name` can be a blob's name: letters, digits, '-' and '_', at most 128 (what stores
    // make is 32 hex digits); anything else, e.g. from a backup's manifest, is refused.
    static bool isBlobName(const QString &name);
    virtual void removeBlob(const QString &blobName) const = 0;

    // Uploads. beginUpload() before the first chunk; appendChunk() for each chunk, in order, with
    // the progress the database holds (its outcome recorded by the caller); finishUpload() once all
    // arrived, returning the new blob's name; unfinishUpload() undoes that when the database could
    // not record the file (false: it cannot, start again); discardUpload() forgets one.
    virtual std::expected<void, Error> beginUpload(const QString &uploadId) = 0;
    virtual std::expected<ChunkOutcome, Error> appendChunk(
        const UploadProgress &progress, qint64 offset, const QByteArray &data, const QString &sourcePath) = 0;
    virtual std::expected<QString, Error> finishUpload(const UploadProgress &progress, QStringList *garbage) = 0;
    virtual bool unfinishUpload(const QString &blobName, const UploadProgress &progress) = 0;
    virtual void discardUpload(const UploadProgress &progress) = 0;
    // Removes objects named in a ChunkOutcome (or finishUpload()'s garbage).
    virtual void removeObjects(const QStringList &keys) const = 0;
    // The SHA-256 of what an upload holds, read back: only for uploads begun before the server
    // hashed chunks as they arrived ("unavailable" where the store cannot).
    virtual std::expected<QString, Error> partialSha256(const UploadProgress &progress) const;

protected:
    explicit BlobStore(const QString &dataDir);
    virtual std::expected<void, Error> probe() const = 0;
    const QString m_dataDir;

private:
    struct HealthCache;
    std::unique_ptr<HealthCache> m_health;
};

using BlobStorePtr = std::shared_ptr<BlobStore>;
