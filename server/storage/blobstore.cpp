// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/blobstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryFile>

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

BlobStore::BlobStore(const QString &dataDir)
    : m_dataDir(dataDir)
{
}

bool BlobStore::ensureDirectories() const
{
    QDir dir(m_dataDir);
    return dir.mkpath(QStringLiteral("blobs")) && dir.mkpath(QStringLiteral("uploads"))
        && dir.mkpath(QStringLiteral("tmp"));
}

std::expected<void, Error> BlobStore::checkReachable() const
{
    const Error unreachable{QStringLiteral("blob_store_unavailable"),
        QStringLiteral("The file store in %1 cannot be written.").arg(m_dataDir)};
    for (const char *folder : {"blobs", "uploads", "tmp"}) {
        const QFileInfo info(QDir(m_dataDir).filePath(QString::fromLatin1(folder)));
        if (!info.isDir() || !info.isWritable())
            return std::unexpected(unreachable);
    }
    QTemporaryFile probe(QDir(tempDir()).filePath(QStringLiteral("health-XXXXXX")));
    if (!probe.open() || probe.write("ok", 2) != 2 || !probe.flush() || !probe.seek(0) || probe.read(2) != "ok")
        return std::unexpected(unreachable);
    return {};
}

QString BlobStore::partialPath(const QString &uploadId) const
{
    return QDir(m_dataDir).filePath(QStringLiteral("uploads/") + uploadId + QStringLiteral(".part"));
}

QString BlobStore::blobPath(const QString &blobName) const
{
    return QDir(m_dataDir).filePath(QStringLiteral("blobs/%1/%2").arg(blobName.left(2), blobName));
}

QString BlobStore::tempDir() const
{
    return QDir(m_dataDir).filePath(QStringLiteral("tmp"));
}

std::expected<qint64, Error> BlobStore::appendChunk(
    const QString &uploadId, qint64 offset, const QByteArray &data, const QString &sourcePath)
{
    QFile out(partialPath(uploadId));
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
    return offset + written;
}

std::expected<QString, Error> BlobStore::partialSha256(const QString &uploadId) const
{
    QFile in(partialPath(uploadId));
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

std::expected<QString, Error> BlobStore::commitPartial(const QString &uploadId) const
{
    const QString source = partialPath(uploadId);
    {
        QFile file(source);
        if (!file.open(QIODevice::ReadWrite))
            return std::unexpected(ioError(QStringLiteral("cannot open %1").arg(source)));
        if (::fsync(file.handle()) != 0)
            return std::unexpected(ioError(QStringLiteral("cannot fsync %1").arg(source)));
    }
    const QString blobName = randomName();
    const QString target = blobPath(blobName);
    const QString targetDir = QFileInfo(target).absolutePath();
    if (!QDir().mkpath(targetDir))
        return std::unexpected(ioError(QStringLiteral("cannot create %1").arg(targetDir)));
    if (::rename(QFile::encodeName(source).constData(), QFile::encodeName(target).constData()) != 0)
        return std::unexpected(ioError(QStringLiteral("cannot rename %1 to %2").arg(source, target)));
    if (!syncDirectory(targetDir))
        return std::unexpected(ioError(QStringLiteral("cannot fsync %1").arg(targetDir)));
    return blobName;
}

bool BlobStore::restorePartial(const QString &blobName, const QString &uploadId) const
{
    return ::rename(
               QFile::encodeName(blobPath(blobName)).constData(), QFile::encodeName(partialPath(uploadId)).constData())
        == 0;
}

void BlobStore::removePartial(const QString &uploadId) const
{
    QFile::remove(partialPath(uploadId));
}

void BlobStore::removeBlob(const QString &blobName) const
{
    QFile::remove(blobPath(blobName));
}
