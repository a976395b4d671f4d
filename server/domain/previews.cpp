// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/previews.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QSemaphore>
#include <QTemporaryFile>
#include <QUuid>

#include <sys/resource.h>

#include "common/timeutil.h"
#include "server/domain/logging.h"

namespace {

// Workers at once, across the server's threads; a request waits this long for a turn. At most
// kWaiting requests wait at all: the rest are told to come back (503), so a page of a thousand new
// images, or a client asking for them on purpose, never holds more than a few handler threads.
QSemaphore g_workers(2);
QSemaphore g_waiting(2);
constexpr int kWaitForTurnMs = 30000;

Error failed()
{
    return Error{QStringLiteral("preview_failed"), QStringLiteral("This file cannot be shown as a preview.")};
}

struct WorkerRun
{
    bool finished = false;
    int exitCode = -1; // -1: did not start, crashed, or was stopped
    QByteArray out;
};

// Runs atrium-preview once with `arguments`, under the limits, when it is this request's turn.
std::expected<WorkerRun, Error> runWorker(const PreviewOptions &options, const QStringList &arguments)
{
    const Error busy{QStringLiteral("busy"), QStringLiteral("Previews are busy; try again.")};
    if (!g_waiting.tryAcquire())
        return std::unexpected(busy);
    const bool turn = g_workers.tryAcquire(1, kWaitForTurnMs);
    g_waiting.release();
    if (!turn)
        return std::unexpected(busy);
    QProcess worker;
    worker.setProcessChannelMode(QProcess::SeparateChannels);
    const qint64 memory = options.memoryLimitBytes;
    const int cpu = options.cpuSeconds;
    worker.setChildProcessModifier([memory, cpu] {
        // In the child, before exec: only async-signal-safe calls.
        rlimit as{rlim_t(memory), rlim_t(memory)};
        ::setrlimit(RLIMIT_AS, &as);
        rlimit cpuLimit{rlim_t(cpu), rlim_t(cpu)};
        ::setrlimit(RLIMIT_CPU, &cpuLimit);
        rlimit core{0, 0};
        ::setrlimit(RLIMIT_CORE, &core);
    });
    worker.start(options.workerPath, arguments);
    WorkerRun run;
    run.finished = worker.waitForStarted(5000) && worker.waitForFinished(options.timeoutMs);
    if (!run.finished) {
        worker.kill();
        worker.waitForFinished(2000);
    }
    g_workers.release();
    run.out = worker.readAllStandardOutput();
    run.exitCode = worker.exitStatus() == QProcess::NormalExit ? worker.exitCode() : -1;
    return run;
}

} // namespace

Previews::Previews(PreviewOptions options)
    : m_options(std::move(options))
{
    // By default next to this program (a build tree), else where an installed one keeps it
    // (PREFIX/libexec/atrium, beside PREFIX/bin).
    if (m_options.workerPath.isEmpty()) {
        const QString binDir = QCoreApplication::applicationDirPath();
        m_options.workerPath = binDir + QStringLiteral("/atrium-preview");
        const QString installed = binDir + QStringLiteral("/../libexec/atrium/atrium-preview");
        if (!QFileInfo::exists(m_options.workerPath) && QFileInfo::exists(installed))
            m_options.workerPath = QFileInfo(installed).canonicalFilePath();
    }
}

std::optional<QString> Previews::typeOf(const QString &mimeType, const QString &name)
{
    const QString mime = mimeType.toLower();
    const QString ext = name.section(u'.', -1).toLower();
    if (mime == u"application/pdf" || ext == u"pdf")
        return QStringLiteral("pdf");
    if (mime == u"image/png" || mime == u"image/jpeg" || mime == u"image/gif" || mime == u"image/bmp" || ext == u"png"
        || ext == u"jpg" || ext == u"jpeg" || ext == u"gif" || ext == u"bmp")
        return QStringLiteral("image");
    return std::nullopt;
}

int Previews::pixels(const QString &size)
{
    return size == u"large" ? 1600 : 320;
}

std::expected<Preview, Error> Previews::render(const FileContent &content, const QString &size, int page) const
{
    const auto type = typeOf(content.mimeType, content.name);
    if (!type)
        return std::unexpected(Error{QStringLiteral("no_preview"), QStringLiteral("This file has no preview.")});
    if (page < 1 || page > 10000 || content.sha256.size() != 64)
        return std::unexpected(Error{QStringLiteral("not_found"), QString()});
    const QDir cache(m_options.cacheDir);
    if (!QDir().mkpath(cache.path()))
        return std::unexpected(Error{QStringLiteral("io_error"), QStringLiteral("Cannot create the preview cache.")});
    const QString key = QStringLiteral("%1-%2-p%3").arg(content.sha256, size).arg(page);
    const QString png = cache.filePath(key + QStringLiteral(".png"));
    const QString pagesFile = cache.filePath(content.sha256 + QStringLiteral(".pages"));
    const QString failedMark = cache.filePath(key + QStringLiteral(".failed"));
    auto pagesOf = [&]() {
        QFile f(pagesFile);
        return f.open(QIODevice::ReadOnly) ? qMax(1, f.readAll().trimmed().toInt()) : 1;
    };
    if (QFile::exists(png))
        return Preview{png, pagesOf()};
    if (QFile::exists(failedMark))
        return std::unexpected(failed());
    if (QFile::exists(pagesFile) && page > pagesOf())
        return std::unexpected(Error{QStringLiteral("not_found"), QString()});

    const QString temporary =
        cache.filePath(QStringLiteral(".tmp-%1.png").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)));
    // The worker reads a local file: the blob itself, or a copy of it made for this run.
    QString source = m_options.store->localPath(content.blobName);
    std::optional<QTemporaryFile> copy;
    if (source.isEmpty()) {
        copy.emplace(cache.filePath(QStringLiteral(".src-XXXXXX")));
        if (!copy->open())
            return std::unexpected(
                Error{QStringLiteral("io_error"), QStringLiteral("Cannot write the preview cache.")});
        if (auto r = m_options.store->copyToFile(content.blobName, content.size, copy->fileName()); !r)
            return std::unexpected(r.error());
        source = copy->fileName();
    }
    auto run = runWorker(m_options,
        {QStringLiteral("--type"), *type, QStringLiteral("--max"), QString::number(pixels(size)),
            QStringLiteral("--page"), QString::number(page), source, temporary});
    if (!run)
        return std::unexpected(run.error());
    const bool finished = run->finished;
    const int exitCode = run->exitCode;
    const QByteArray &out = run->out;
    if (out.startsWith("pages ")) {
        QFile f(pagesFile);
        if (f.open(QIODevice::WriteOnly))
            f.write(out.mid(6).trimmed());
    }
    if (finished && exitCode == 0 && QFile::rename(temporary, png))
        return Preview{png, pagesOf()};
    QFile::remove(temporary);
    if (finished && exitCode == 4)
        return std::unexpected(Error{QStringLiteral("not_found"), QString()});
    if (exitCode == -1 && !QFile::exists(m_options.workerPath))
        return std::unexpected(
            Error{QStringLiteral("internal_error"), QStringLiteral("The preview worker is missing.")});
    qCWarning(lcPreviews).noquote() << "no preview of" << content.sha256 << "page" << page << "- worker"
                                    << (finished ? QStringLiteral("exited %1").arg(exitCode)
                                                 : QStringLiteral("took too long and was stopped"));
    // Remembered, so a file that breaks the worker is not tried again on every request.
    QFile mark(failedMark);
    if (mark.open(QIODevice::WriteOnly))
        mark.write(QByteArray::number(exitCode));
    return std::unexpected(failed());
}

std::expected<QString, Error> Previews::certificate(const QJsonObject &facts) const
{
    // The same facts give the same certificate: the first one made is kept, with its issue time.
    const QByteArray key =
        QCryptographicHash::hash(QJsonDocument(facts).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256)
            .toHex();
    const QDir cache(QDir(m_options.cacheDir).filePath(QStringLiteral("certificates")));
    if (!QDir().mkpath(cache.path()))
        return std::unexpected(
            Error{QStringLiteral("io_error"), QStringLiteral("Cannot create the certificate cache.")});
    const QString pdf = cache.filePath(QString::fromLatin1(key) + QStringLiteral(".pdf"));
    if (QFile::exists(pdf))
        return pdf;
    const QString stem = cache.filePath(QStringLiteral(".tmp-") + QUuid::createUuid().toString(QUuid::WithoutBraces));
    QJsonObject stated = facts;
    stated.insert(QStringLiteral("generated_at"), TimeUtil::nowWire());
    {
        QFile input(stem + QStringLiteral(".json"));
        if (!input.open(QIODevice::WriteOnly) || input.write(QJsonDocument(stated).toJson()) < 0)
            return std::unexpected(Error{QStringLiteral("io_error"), QStringLiteral("Cannot write the certificate.")});
    }
    auto run = runWorker(
        m_options, {QStringLiteral("--certificate"), stem + QStringLiteral(".json"), stem + QStringLiteral(".pdf")});
    QFile::remove(stem + QStringLiteral(".json"));
    if (!run)
        return std::unexpected(run.error());
    if (run->finished && run->exitCode == 0 && QFile::rename(stem + QStringLiteral(".pdf"), pdf))
        return pdf;
    QFile::remove(stem + QStringLiteral(".pdf"));
    qCWarning(lcPreviews).noquote() << "no certificate - worker"
                                    << (run->finished ? QStringLiteral("exited %1").arg(run->exitCode)
                                                      : QStringLiteral("took too long and was stopped"));
    return std::unexpected(
        Error{QStringLiteral("internal_error"), QStringLiteral("The certificate could not be made; try again.")});
}
