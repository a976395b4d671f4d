// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/localblobstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <fcntl.h>
#include <unistd.h>

#include "server/storage/logging.h"

namespace {

constexpr qint64 ioChunk = 1024 * 1024;

Error ioError(const QString &what)
{
    qCWarning(lcFiles).noquote() << what;
    return Error{QStringLiteral("storage_error"), QStringLiteral("The server could not store the file.")};
}

bool syncDirectory(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// A fresh name for a blob being written: 128 random bits from the system's CSPRNG, as hex.
QString randomName()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
}

} // namespace

LocalBlobStore::LocalBlobStore(const QString &dataDir)
    : BlobStore(dataDir)
{
}

QString LocalBlobStore::describe() const
{
    return QStringLiteral("the folder %1").arg(QDir(m_dataDir).filePath(QStringLiteral("blobs")));
}

bool LocalBlobStore::ensureDirectories() const
{
    QDir dir(m_dataDir);
    return BlobStore::ensureDirectories() && dir.mkpath(QStringLiteral("blobs"))
        && dir.mkpath(QStringLiteral("uploads"));
}

std::expected<void, Error> LocalBlobStore::probe() const
{
    for (const char *folder : {"blobs", "uploads"}) {
        const QFileInfo info(QDir(m_dataDir).filePath(QString::fromLatin1(folder)));
        if (!info.isDir() || !info.isWritable())
            return std::unexpected(Error{QStringLiteral("blob_store_unavailable"),
                QStringLiteral("The file store in %1 cannot be written.").arg(m_dataDir)});
    }
    return {};
}

QString LocalBlobStore::partialPath(const QString &uploadId) const
{
    return QDir(m_dataDir).filePath(QStringLiteral("uploads/") + uploadId + QStringLiteral(".part"));
}

QString LocalBlobStore::localPath(const QString &blobName) const
{
    return QDir(m_dataDir).filePath(QStringLiteral("blobs/%1/%2").arg(blobName.left(2), blobName));
}

std::expected<void, Error> LocalBlobStore::exists(const QString &blobName) const
{
    if (!QFile::exists(localPath(blobName)))
        return std::unexpected(Error{QStringLiteral("not_found"), QStringLiteral("The file's content is missing.")});
    return {};
}

std::expected<void, Error> LocalBlobStore::read(
    const QString &blobName, qint64 offset, qint64 length, const Sink &sink) const
{
    QFile in(localPath(blobName));
    if (!in.open(QIODevice::ReadOnly))
        return std::unexpected(Error{QStringLiteral("not_found"), QStringLiteral("The file's content is missing.")});
    if (!in.seek(offset))
        return std::unexpected(ioError(QStringLiteral("cannot seek in %1").arg(in.fileName())));
    qint64 left = length;
    while (left > 0) {
        const QByteArray piece = in.read(qMin(left, ioChunk));
        if (piece.isEmpty())
            return std::unexpected(ioError(QStringLiteral("%1 ended early").arg(in.fileName())));
        if (!sink(piece.constData(), piece.size()))
            return std::unexpected(Error{QStringLiteral("aborted"), QStringLiteral("The read was stopped.")});
        left -= piece.size();
    }
    return {};
}

std::unique_ptr<QIODevice> LocalBlobStore::openRead(const QString &blobName, qint64 offset, qint64) const
{
    auto file = std::make_unique<QFile>(localPath(blobName));
    if (!file->open(QIODevice::ReadOnly) || !file->seek(offset))
        return nullptr;
    return file;
}

std::expected<QString, Error> LocalBlobStore::commitFile(const QString &source) const
{
    const QString blobName = randomName();
    if (auto r = commitFile(source, blobName); !r)
        return std::unexpected(r.error());
    return blobName;
}

std::expected<void, Error> LocalBlobStore::commitFile(const QString &source, const QString &blobName) const
{
    {
        QFile file(source);
        if (!file.open(QIODevice::ReadWrite))
            return std::unexpected(ioError(QStringLiteral("cannot open %1").arg(source)));
        if (::fsync(file.handle()) != 0)
            return std::unexpected(ioError(QStringLiteral("cannot fsync %1").arg(source)));
    }
    const QString target = localPath(blobName);
    const QString targetDir = QFileInfo(target).absolutePath();
    if (!QDir().mkpath(targetDir))
        return std::unexpected(ioError(QStringLiteral("cannot create %1").arg(targetDir)));
    if (::rename(QFile::encodeName(source).constData(), QFile::encodeName(target).constData()) != 0)
        return std::unexpected(ioError(QStringLiteral("cannot rename %1 to %2").arg(source, target)));
    if (!syncDirectory(targetDir))
        return std::unexpected(ioError(QStringLiteral("cannot fsync %1").arg(targetDir)));
    return {};
}

std::expected<QString, Error> LocalBlobStore::storeFile(const QString &path)
{
    return commitFile(path);
}

std::expected<void, Error> LocalBlobStore::storeFileAs(const QString &path, const QString &blobName)
{
    if (!isBlobName(blobName))
        return std::unexpected(
            Error{QStringLiteral("invalid_field"), QStringLiteral("%1 is no blob name").arg(blobName)});
    if (QFile::exists(localPath(blobName)))
        return std::unexpected(
            Error{QStringLiteral("conflict"), QStringLiteral("blob %1 exists already").arg(blobName)});
    return commitFile(path, blobName);
}

void LocalBlobStore::removeBlob(const QString &blobName) const
{
    QFile::remove(localPath(blobName));
}

std::expected<void, Error> LocalBlobStore::beginUpload(const QString &uploadId)
{
    QFile partial(partialPath(uploadId));
    if (!partial.open(QIODevice::WriteOnly))
        return std::unexpected(ioError(QStringLiteral("cannot create %1").arg(partial.fileName())));
    return {};
}

std::expected<ChunkOutcome, Error> LocalBlobStore::appendChunk(
    const UploadProgress &progress, qint64 offset, const QByteArray &data, const QString &sourcePath)
{
    QFile out(partialPath(progress.uploadId));
    if (!out.open(QIODevice::ReadWrite))
        return std::unexpected(ioError(QStringLiteral("cannot open %1: %2").arg(out.fileName(), out.errorString())));
    // A crash after a write but before the database noted it leaves extra bytes: the database is right.
    if (out.size() != offset && !out.resize(offset))
        return std::unexpected(ioError(QStringLiteral("cannot truncate %1").arg(out.fileName())));
    if (!out.seek(offset))
        return std::unexpected(ioError(QStringLiteral("cannot seek in %1").arg(out.fileName())));
    qint64 written = 0;
    if (sourcePath.isEmpty()) {
        if (out.write(data) != data.size())
            return std::unexpected(
                ioError(QStringLiteral("cannot write %1: %2").arg(out.fileName(), out.errorString())));
        written = data.size();
    } else {
        QFile in(sourcePath);
        if (!in.open(QIODevice::ReadOnly))
            return std::unexpected(ioError(QStringLiteral("cannot read the request body %1").arg(sourcePath)));
        while (!in.atEnd()) {
            const QByteArray chunk = in.read(ioChunk);
            if (chunk.isEmpty() || out.write(chunk) != chunk.size())
                return std::unexpected(
                    ioError(QStringLiteral("cannot write %1: %2").arg(out.fileName(), out.errorString())));
            written += chunk.size();
        }
    }
    if (!out.flush())
        return std::unexpected(ioError(QStringLiteral("cannot flush %1").arg(out.fileName())));
    ChunkOutcome outcome;
    outcome.end = offset + written;
    outcome.state = progress.state;
    return outcome;
}

std::expected<QString, Error> LocalBlobStore::partialSha256(const UploadProgress &progress) const
{
    QFile in(partialPath(progress.uploadId));
    if (!in.open(QIODevice::ReadOnly))
        return std::unexpected(ioError(QStringLiteral("cannot open %1").arg(in.fileName())));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    while (!in.atEnd()) {
        const QByteArray chunk = in.read(ioChunk);
        if (chunk.isEmpty())
            return std::unexpected(ioError(QStringLiteral("cannot read %1").arg(in.fileName())));
        hash.addData(chunk);
    }
    return QString::fromLatin1(hash.result().toHex());
}

std::expected<QString, Error> LocalBlobStore::finishUpload(const UploadProgress &progress, QStringList *)
{
    return commitFile(partialPath(progress.uploadId));
}

bool LocalBlobStore::unfinishUpload(const QString &blobName, const UploadProgress &progress)
{
    return ::rename(QFile::encodeName(localPath(blobName)).constData(),
               QFile::encodeName(partialPath(progress.uploadId)).constData())
        == 0;
}

void LocalBlobStore::discardUpload(const UploadProgress &progress)
{
    QFile::remove(partialPath(progress.uploadId));
}
