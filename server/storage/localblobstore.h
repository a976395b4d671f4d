// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/storage/blobstore.h"

// Blobs as files under the data directory, outside anything the server serves as a folder: each
// in blobs/<first two letters>/<name>. A partial upload is one file in uploads/, appended to chunk
// by chunk; finished, it is fsynced and renamed into blobs/ before the database commit that
// records it. Several instances may share the directory over a network mount.
class LocalBlobStore final : public BlobStore
{
public:
    explicit LocalBlobStore(const QString &dataDir);

    QString describe() const override;
    bool ensureDirectories() const override;
    QString localPath(const QString &blobName) const override;
    std::expected<void, Error> exists(const QString &blobName) const override;
    std::expected<void, Error> read(
        const QString &blobName, qint64 offset, qint64 length, const Sink &sink) const override;
    std::unique_ptr<QIODevice> openRead(const QString &blobName, qint64 offset, qint64 length) const override;
    std::expected<QString, Error> storeFile(const QString &path) override;
    std::expected<void, Error> storeFileAs(const QString &path, const QString &blobName) override;
    void removeBlob(const QString &blobName) const override;

    std::expected<void, Error> beginUpload(const QString &uploadId) override;
    std::expected<ChunkOutcome, Error> appendChunk(
        const UploadProgress &progress, qint64 offset, const QByteArray &data, const QString &sourcePath) override;
    std::expected<QString, Error> finishUpload(const UploadProgress &progress, QStringList *garbage) override;
    bool unfinishUpload(const QString &blobName, const UploadProgress &progress) override;
    void discardUpload(const UploadProgress &progress) override;
    void removeObjects(const QStringList &) const override { }
    std::expected<QString, Error> partialSha256(const UploadProgress &progress) const override;

protected:
    std::expected<void, Error> probe() const override;

private:
    QString partialPath(const QString &uploadId) const;
    // fsyncs `source` and renames it to the blob `blobName`.
    std::expected<void, Error> commitFile(const QString &source, const QString &blobName) const;
    // The same under a new random name, which it returns.
    std::expected<QString, Error> commitFile(const QString &source) const;
};
