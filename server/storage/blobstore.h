// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <expected>

#include "common/error.h"

// File contents on disk, under the data dir and outside anything the server serves as a folder.
// Stored files get server-made random names (a person's file name is only metadata); partial
// uploads live in uploads/, finished ones are fsynced and renamed into blobs/ before the database
// commit that records them.
class BlobStore
{
public:
    explicit BlobStore(const QString &dataDir);

    bool ensureDirectories() const;
    // Whether blobs can be read and written now (for the health check): the folders are there and
    // a small file can be written, read back and removed.
    std::expected<void, Error> checkReachable() const;
    QString partialPath(const QString &uploadId) const;
    QString blobPath(const QString &blobName) const;
    QString tempDir() const;

    // Appends `length` bytes read from `sourcePath` (or `data` when no path) at `offset` of the upload.
    std::expected<qint64, Error> appendChunk(
        const QString &uploadId, qint64 offset, const QByteArray &data, const QString &sourcePath);
    // Hex SHA-256 of the partial upload, read in bounded chunks.
    std::expected<QString, Error> partialSha256(const QString &uploadId) const;
    // fsyncs the partial upload and renames it to a new random blob name, which it returns.
    std::expected<QString, Error> commitPartial(const QString &uploadId) const;
    // Undoes commitPartial() when the database could not record the file, so completing can be retried.
    bool restorePartial(const QString &blobName, const QString &uploadId) const;
    void removePartial(const QString &uploadId) const;
    void removeBlob(const QString &blobName) const;

private:
    QString m_dataDir;
};
