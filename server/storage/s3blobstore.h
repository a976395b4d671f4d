// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/storage/blobstore.h"
#include "server/storage/s3client.h"

// Blobs as objects of an S3-compatible store (--blob-store s3://bucket/prefix): blobs/<name>, each
// written once. Several instances share it, so an upload's progress lives in the database, never
// in one process:
// - a chunk is stored as an object of its own ("staged": uploads/<upload>/<offset>-<random>) until
//   the staged bytes reach partSize; then they and the chunk go up as the next part of the blob's
//   multipart upload (S3 wants parts of at least 5 MiB but the last), and the staged objects go.
//   Any instance can do this, because the staged objects and the parts are rows of upload_parts;
// - finishing sends what is staged as the last part and completes the multipart upload (or, for a
//   file smaller than one part, PUTs it whole).
// A chunk smaller than a part is therefore written twice and read once; with the desktop's and
// the portal's 4 MiB chunks that is every byte of a file. Everything moves through local scratch
// files in bounded pieces, never through memory whole.
//
// A multipart upload abandoned by a request that lost a race is left to the bucket's lifecycle
// rule (README: "abort incomplete multipart uploads after a day").
class S3BlobStore final : public BlobStore
{
public:
    static constexpr qint64 partSize = 8 * 1024 * 1024;
    static constexpr qint64 readPiece = 2 * 1024 * 1024; // one ranged GET of a streamed read

    S3BlobStore(const QString &dataDir, S3Config config);

    QString describe() const override;
    QString localPath(const QString &) const override { return {}; }
    std::expected<void, Error> exists(const QString &blobName) const override;
    std::expected<void, Error> read(
        const QString &blobName, qint64 offset, qint64 length, const Sink &sink) const override;
    std::expected<QString, Error> storeFile(const QString &path) override;
    std::expected<void, Error> storeFileAs(const QString &path, const QString &blobName) override;
    void removeBlob(const QString &blobName) const override;

    std::expected<void, Error> beginUpload(const QString &) override { return {}; }
    std::expected<ChunkOutcome, Error> appendChunk(
        const UploadProgress &progress, qint64 offset, const QByteArray &data, const QString &sourcePath) override;
    std::expected<QString, Error> finishUpload(const UploadProgress &progress, QStringList *garbage) override;
    bool unfinishUpload(const QString &, const UploadProgress &) override { return false; }
    void discardUpload(const UploadProgress &progress) override;
    void removeObjects(const QStringList &keys) const override;

protected:
    std::expected<void, Error> probe() const override;

private:
    // This thread's client (an S3Client serves one thread at a time; its connection is kept).
    S3Client &client() const;
    // Appends the staged objects, in order, to `file`.
    std::expected<void, Error> appendStaged(const QList<UploadPiece> &staged, QIODevice &file) const;

    S3Config m_config;
    quint64 m_serial; // tells this store's per-thread clients from another's
};
