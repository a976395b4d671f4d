// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/blobstore.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QTemporaryFile>

#include <algorithm>
#include <optional>

#include "server/storage/blobreaddevice.h"
#include "server/storage/logging.h"

struct BlobStore::HealthCache
{
    QMutex mutex;
    QDeadlineTimer fresh{QDeadlineTimer::Forever};
    bool known = false;
    std::expected<void, Error> result;
};

BlobStore::BlobStore(const QString &dataDir)
    : m_dataDir(dataDir)
    , m_health(std::make_unique<HealthCache>())
{
}

BlobStore::~BlobStore() = default;

bool BlobStore::ensureDirectories() const
{
    return QDir(m_dataDir).mkpath(QStringLiteral("tmp"));
}

QString BlobStore::tempDir() const
{
    return QDir(m_dataDir).filePath(QStringLiteral("tmp"));
}

std::expected<void, Error> BlobStore::checkReachable() const
{
    QMutexLocker lock(&m_health->mutex);
    if (m_health->known && !m_health->fresh.hasExpired())
        return m_health->result;
    const Error unusable{QStringLiteral("blob_store_unavailable"),
        QStringLiteral("The scratch folder %1 cannot be written.").arg(tempDir())};
    std::expected<void, Error> result;
    QTemporaryFile scratch(QDir(tempDir()).filePath(QStringLiteral("health-XXXXXX")));
    if (!scratch.open() || scratch.write("ok", 2) != 2 || !scratch.flush() || !scratch.seek(0)
        || scratch.read(2) != "ok")
        result = std::unexpected(unusable);
    else
        result = probe();
    m_health->result = result;
    m_health->known = true;
    m_health->fresh.setRemainingTime(1000);
    return result;
}

std::unique_ptr<QIODevice> BlobStore::openRead(const QString &blobName, qint64 offset, qint64 length) const
{
    auto device =
        std::make_unique<BlobReadDevice>([self = shared_from_this(), blobName, offset, length](const Sink &sink) {
            return self->read(blobName, offset, length, sink);
        });
    if (!device->open(QIODevice::ReadOnly))
        return nullptr;
    return device;
}

std::expected<void, Error> BlobStore::copyToFile(const QString &blobName, qint64 size, const QString &path) const
{
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        qCWarning(lcFiles).noquote() << "cannot write" << path << out.errorString();
        return std::unexpected(
            Error{QStringLiteral("storage_error"), QStringLiteral("The server could not store the file.")});
    }
    bool written = true;
    auto r = read(blobName, 0, size, [&out, &written](const char *data, qint64 n) {
        written = out.write(data, n) == n;
        return written;
    });
    if (!r)
        return r;
    if (!written || !out.flush()) {
        qCWarning(lcFiles).noquote() << "cannot write" << path << out.errorString();
        return std::unexpected(
            Error{QStringLiteral("storage_error"), QStringLiteral("The server could not store the file.")});
    }
    return {};
}

std::expected<QString, Error> BlobStore::partialSha256(const UploadProgress &) const
{
    return std::unexpected(Error{QStringLiteral("unavailable"), QStringLiteral("The upload cannot be checked.")});
}

bool BlobStore::isBlobName(const QString &name)
{
    if (name.isEmpty() || name.size() > 128)
        return false;
    return std::all_of(name.cbegin(), name.cend(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-'
            || c == u'_';
    });
}
