// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/s3blobstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryFile>

#include <algorithm>
#include <atomic>
#include <unordered_map>

#include "server/storage/logging.h"

namespace {

constexpr qint64 ioChunk = 1024 * 1024;

Error ioError(const QString &what)
{
    qCWarning(lcFiles).noquote() << what;
    return Error{QStringLiteral("storage_error"), QStringLiteral("The server could not store the file.")};
}

QString randomName()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
}

QString blobKey(const QString &blobName)
{
    return QStringLiteral("blobs/") + blobName;
}

// The upload's own state: the blob its multipart upload makes, and that upload's id.
struct MultipartState
{
    QString blob;
    QString uploadId;

    static MultipartState from(const QString &state)
    {
        const QJsonObject o = QJsonDocument::fromJson(state.toUtf8()).object();
        return MultipartState{o.value(u"blob").toString(), o.value(u"multipart").toString()};
    }
    QString toString() const
    {
        return QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("blob"), blob}, {QStringLiteral("multipart"), uploadId}})
                .toJson(QJsonDocument::Compact));
    }
};

// The pieces that count (before `received`; anything past it was never recorded as arrived), of
// one kind, in order.
QList<UploadPiece> piecesOf(const UploadProgress &progress, QStringView kind)
{
    QList<UploadPiece> pieces;
    for (const UploadPiece &p : progress.pieces) {
        if (p.kind == kind && p.offset < progress.received)
            pieces.append(p);
    }
    std::sort(pieces.begin(), pieces.end(), [](const UploadPiece &a, const UploadPiece &b) {
        return a.offset < b.offset;
    });
    return pieces;
}

std::atomic<quint64> g_serial{0};

} // namespace

S3BlobStore::S3BlobStore(const QString &dataDir, S3Config config)
    : BlobStore(dataDir)
    , m_config(std::move(config))
    , m_serial(++g_serial)
{
}

S3Client &S3BlobStore::client() const
{
    thread_local std::unordered_map<quint64, std::unique_ptr<S3Client>> clients;
    auto &c = clients[m_serial];
    if (!c)
        c = std::make_unique<S3Client>(m_config);
    return *c;
}

QString S3BlobStore::describe() const
{
    return QStringLiteral("s3://%1/%2 at %3").arg(m_config.bucket, m_config.prefix, m_config.endpoint.toString());
}

std::expected<void, Error> S3BlobStore::probe() const
{
    return client().checkBucket();
}

std::expected<void, Error> S3BlobStore::exists(const QString &blobName) const
{
    auto info = client().headObject(blobKey(blobName));
    if (!info)
        return std::unexpected(info.error());
    return {};
}

std::expected<void, Error> S3BlobStore::read(
    const QString &blobName, qint64 offset, qint64 length, const Sink &sink) const
{
    // In ranges, so that a reader that waits (the sink blocks) never holds a request open long.
    for (qint64 at = offset; at < offset + length;) {
        const qint64 n = qMin(readPiece, offset + length - at);
        qint64 got = 0;
        auto r = client().getObject(blobKey(blobName), S3Client::Range{at, n}, [&sink, &got](const char *d, size_t s) {
            got += qint64(s);
            return sink(d, qint64(s));
        });
        if (!r)
            return std::unexpected(r.error());
        if (got != n)
            return std::unexpected(Error{QStringLiteral("s3_error"), QStringLiteral("The stored file is shorter.")});
        at += n;
    }
    return {};
}

std::expected<QString, Error> S3BlobStore::storeFile(const QString &path)
{
    const QString name = randomName();
    if (auto r = client().putObject(blobKey(name), path); !r)
        return std::unexpected(r.error());
    return name;
}

std::expected<void, Error> S3BlobStore::storeFileAs(const QString &path, const QString &blobName)
{
    if (!isBlobName(blobName))
        return std::unexpected(
            Error{QStringLiteral("invalid_field"), QStringLiteral("%1 is no blob name").arg(blobName)});
    if (exists(blobName))
        return std::unexpected(
            Error{QStringLiteral("conflict"), QStringLiteral("blob %1 exists already").arg(blobName)});
    if (auto r = client().putObject(blobKey(blobName), path); !r)
        return std::unexpected(r.error());
    QFile::remove(path);
    return {};
}

void S3BlobStore::removeBlob(const QString &blobName) const
{
    if (auto r = client().deleteObject(blobKey(blobName)); !r)
        qCWarning(lcFiles).noquote() << "cannot remove blob" << blobName << r.error().message;
}

void S3BlobStore::removeObjects(const QStringList &keys) const
{
    for (const QString &key : keys) {
        if (auto r = client().deleteObject(key); !r)
            qCWarning(lcFiles).noquote() << "cannot remove" << key << r.error().message;
    }
}

std::expected<void, Error> S3BlobStore::appendStaged(const QList<UploadPiece> &staged, QIODevice &file) const
{
    for (const UploadPiece &p : staged) {
        bool written = true;
        auto r = client().getObject(p.ref, std::nullopt, [&file, &written](const char *d, size_t s) {
            written = file.write(d, qint64(s)) == qint64(s);
            return written;
        });
        if (!r)
            return std::unexpected(r.error());
        if (!written)
            return std::unexpected(ioError(QStringLiteral("cannot write a scratch file: %1").arg(file.errorString())));
    }
    return {};
}

namespace {

// Appends the chunk (in memory, or the file holding the request body) to `file`; returns its size.
std::expected<qint64, Error> appendChunkTo(QIODevice &file, const QByteArray &data, const QString &sourcePath)
{
    if (sourcePath.isEmpty()) {
        if (file.write(data) != data.size())
            return std::unexpected(ioError(QStringLiteral("cannot write a scratch file: %1").arg(file.errorString())));
        return data.size();
    }
    QFile in(sourcePath);
    if (!in.open(QIODevice::ReadOnly))
        return std::unexpected(ioError(QStringLiteral("cannot read the request body %1").arg(sourcePath)));
    qint64 written = 0;
    while (!in.atEnd()) {
        const QByteArray piece = in.read(ioChunk);
        if (piece.isEmpty() || file.write(piece) != piece.size())
            return std::unexpected(ioError(QStringLiteral("cannot write a scratch file: %1").arg(file.errorString())));
        written += piece.size();
    }
    return written;
}

} // namespace

std::expected<ChunkOutcome, Error> S3BlobStore::appendChunk(
    const UploadProgress &progress, qint64 offset, const QByteArray &data, const QString &sourcePath)
{
    ChunkOutcome outcome;
    outcome.state = progress.state;
    // Pieces past what the database says arrived were left by a request that failed after
    // storing them: they go.
    for (const UploadPiece &p : progress.pieces) {
        if (p.offset >= progress.received) {
            outcome.dropped.append(p);
            if (p.kind == u"staged")
                outcome.garbage.append(p.ref);
        }
    }
    const QList<UploadPiece> staged = piecesOf(progress, u"staged");
    const QList<UploadPiece> parts = piecesOf(progress, u"part");
    qint64 pending = 0;
    for (const UploadPiece &p : staged)
        pending += p.size;

    QTemporaryFile scratch(QDir(tempDir()).filePath(QStringLiteral("chunk-XXXXXX")));
    if (!scratch.open())
        return std::unexpected(ioError(QStringLiteral("cannot create a scratch file in %1").arg(tempDir())));
    const qint64 chunkSize = sourcePath.isEmpty() ? data.size() : QFileInfo(sourcePath).size();
    if (pending + chunkSize < partSize) {
        // Too small for a part yet: kept as an object of its own.
        auto size = appendChunkTo(scratch, data, sourcePath);
        if (!size)
            return std::unexpected(size.error());
        if (!scratch.flush())
            return std::unexpected(ioError(QStringLiteral("cannot flush %1").arg(scratch.fileName())));
        const QString key = QStringLiteral("uploads/%1/%2-%3").arg(progress.uploadId).arg(offset).arg(randomName());
        if (auto r = client().putObject(key, scratch.fileName()); !r)
            return std::unexpected(r.error());
        outcome.added.append(UploadPiece{QStringLiteral("staged"), offset, *size, 0, key});
        outcome.orphans.append(key);
        outcome.end = offset + *size;
        return outcome;
    }
    // Enough for a part: what is staged, then this chunk.
    if (auto r = appendStaged(staged, scratch); !r)
        return std::unexpected(r.error());
    auto size = appendChunkTo(scratch, data, sourcePath);
    if (!size)
        return std::unexpected(size.error());
    if (!scratch.flush())
        return std::unexpected(ioError(QStringLiteral("cannot flush %1").arg(scratch.fileName())));
    MultipartState state = MultipartState::from(progress.state);
    if (state.uploadId.isEmpty()) {
        state.blob = randomName();
        auto created = client().createMultipartUpload(blobKey(state.blob));
        if (!created)
            return std::unexpected(created.error());
        state.uploadId = *created;
        outcome.state = state.toString();
    }
    const int number = parts.isEmpty() ? 1 : parts.last().number + 1;
    if (number > S3Client::maxParts)
        return std::unexpected(
            Error{QStringLiteral("too_large_for_upload"), QStringLiteral("The file has too many parts.")});
    const qint64 partBytes = pending + *size;
    auto etag = client().uploadPart(blobKey(state.blob), state.uploadId, number, scratch.fileName(), 0, partBytes);
    if (!etag)
        return std::unexpected(etag.error());
    const qint64 partStart = staged.isEmpty() ? offset : staged.first().offset;
    outcome.added.append(UploadPiece{QStringLiteral("part"), partStart, partBytes, number, *etag});
    for (const UploadPiece &p : staged) {
        outcome.dropped.append(p);
        outcome.garbage.append(p.ref);
    }
    outcome.end = offset + *size;
    return outcome;
}

std::expected<QString, Error> S3BlobStore::finishUpload(const UploadProgress &progress, QStringList *garbage)
{
    const QList<UploadPiece> staged = piecesOf(progress, u"staged");
    QList<UploadPiece> parts = piecesOf(progress, u"part");
    const MultipartState state = MultipartState::from(progress.state);
    QTemporaryFile scratch(QDir(tempDir()).filePath(QStringLiteral("last-XXXXXX")));
    if (!scratch.open())
        return std::unexpected(ioError(QStringLiteral("cannot create a scratch file in %1").arg(tempDir())));
    if (auto r = appendStaged(staged, scratch); !r)
        return std::unexpected(r.error());
    if (!scratch.flush())
        return std::unexpected(ioError(QStringLiteral("cannot flush %1").arg(scratch.fileName())));
    for (const UploadPiece &p : staged)
        garbage->append(p.ref);

    if (state.uploadId.isEmpty()) {
        // Smaller than one part: one PUT.
        return storeFile(scratch.fileName());
    }
    QList<S3Client::Part> complete;
    for (const UploadPiece &p : std::as_const(parts))
        complete.append(S3Client::Part{p.number, p.ref, p.size});
    if (scratch.size() > 0) {
        const int number = parts.isEmpty() ? 1 : parts.last().number + 1;
        auto etag =
            client().uploadPart(blobKey(state.blob), state.uploadId, number, scratch.fileName(), 0, scratch.size());
        if (!etag)
            return std::unexpected(etag.error());
        complete.append(S3Client::Part{number, *etag, scratch.size()});
    }
    if (auto r = client().completeMultipartUpload(blobKey(state.blob), state.uploadId, complete); !r)
        return std::unexpected(r.error());
    return state.blob;
}

void S3BlobStore::discardUpload(const UploadProgress &progress)
{
    const MultipartState state = MultipartState::from(progress.state);
    if (!state.uploadId.isEmpty()) {
        if (auto r = client().abortMultipartUpload(blobKey(state.blob), state.uploadId);
            !r && r.error().code != u"not_found")
            qCWarning(lcFiles).noquote() << "cannot abort the multipart upload of" << progress.uploadId
                                         << r.error().message;
    }
    QStringList staged;
    for (const UploadPiece &p : progress.pieces) {
        if (p.kind == u"staged")
            staged.append(p.ref);
    }
    removeObjects(staged);
}
