// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/syncengine.h"

#include "sync/pagefetcher.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMimeDatabase>
#include <QNetworkReply>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "sync/logging.h"

namespace {
constexpr int firstRetryMs = 1000;
constexpr int maxRetryMs = 60000;
// While the server does not answer at all, the live-update stream probes for it at least this often
// (it costs one connection attempt), so that edits go out within seconds of its return.
constexpr int maxProbeMs = 3000;
constexpr qint64 maxEventBuffer = 64 * 1024;
} // namespace

SyncEngine::SyncEngine(const QString &cachePath, QObject *parent)
    : QObject(parent)
    , m_cachePath(cachePath)
    , m_retryTimer(this)
    , m_pushSoon(this)
    , m_eventsRetry(this)
    , m_cycleContext(new QObject(this))
{
    // The timers are children, so they move with the engine to its thread.
    qRegisterMetaType<SyncStatus>();
    m_retryTimer.setSingleShot(true);
    m_pushSoon.setSingleShot(true);
    m_eventsRetry.setSingleShot(true);
    // Edits come in bursts (typing, a multi-selection): push them together.
    m_pushSoon.setInterval(150);
    connect(&m_retryTimer, &QTimer::timeout, this, &SyncEngine::syncNow);
    connect(&m_pushSoon, &QTimer::timeout, this, &SyncEngine::syncNow);
    connect(&m_eventsRetry, &QTimer::timeout, this, &SyncEngine::connectEvents);
}

SyncEngine::~SyncEngine()
{
    stop();
}

QString SyncEngine::clientId() const
{
    return m_cache ? m_cache->meta(QStringLiteral("client_id")) : QString();
}

QString SyncEngine::fileStoreDir() const
{
    return QFileInfo(m_cachePath).absoluteDir().filePath(QStringLiteral("files"));
}

void SyncEngine::fetchFile(const QString &fileId)
{
    if (!m_cache)
        start();
    const auto row = m_cache->row(QStringLiteral("file"), fileId);
    const QString sha = row ? row->value(u"sha256").toString() : QString();
    if (!row || row->value(u"deleted").toBool() || sha.size() != 64) {
        Q_EMIT fileFailed(fileId, tr("The file is not known here (yet)."));
        return;
    }
    QDir().mkpath(fileStoreDir());
    const QString target = QDir(fileStoreDir()).filePath(sha);
    if (QFileInfo(target).size() == row->value(u"size").toInteger()) {
        Q_EMIT fileReady(fileId, target);
        return;
    }
    if (!m_api->hasToken()) {
        Q_EMIT fileFailed(fileId, tr("Sign in to download files."));
        return;
    }
    auto *part = new QFile(target + QStringLiteral(".part-") + EntitySchema::newUuid(), this);
    if (!part->open(QIODevice::WriteOnly)) {
        Q_EMIT fileFailed(fileId, part->errorString());
        delete part;
        return;
    }
    m_api->download(QStringLiteral("/api/v1/files/%1/content").arg(fileId), part, this,
        [this, part, fileId, sha, target](const ApiResult &result) {
            part->close();
            QString error;
            if (!result.ok()) {
                error = result.reachedServer() ? result.errorMessage : tr("The server cannot be reached.");
            } else {
                // Only content with the expected hash enters the store.
                QCryptographicHash hash(QCryptographicHash::Sha256);
                if (part->open(QIODevice::ReadOnly)) {
                    hash.addData(part);
                    part->close();
                }
                if (QString::fromLatin1(hash.result().toHex()) != sha)
                    error = tr("The downloaded file is damaged; try again.");
                else if (!QFile::exists(target) && !part->rename(target))
                    error = part->errorString();
            }
            // After a rename the QFile names the target: only a leftover part file is removed.
            if (part->fileName() != target)
                part->remove();
            part->deleteLater();
            if (error.isEmpty())
                Q_EMIT fileReady(fileId, target);
            else
                Q_EMIT fileFailed(fileId, error);
        });
}

void SyncEngine::start()
{
    if (m_cache)
        return;
    // Created here, on the engine's thread: the connection and the network manager stay on it.
    m_cache = new LocalCache(this);
    m_api = new ApiClient(this);
    if (auto r = m_cache->open(m_cachePath); !r) {
        m_status.lastError = r.error().message;
        qCWarning(lcSync) << "Cannot open the cache:" << r.error().message;
        emitStatus();
        return;
    }
    if (m_cache->meta(QStringLiteral("client_id")).isEmpty())
        m_cache->setMeta(QStringLiteral("client_id"), EntitySchema::newUuid());
    const QString last = m_cache->meta(QStringLiteral("last_sync"));
    if (!last.isEmpty())
        m_status.lastSync = TimeUtil::fromWire(last).value_or(QDateTime());
    refreshCounts();
    emitStatus();
}

void SyncEngine::setCredentials(const QUrl &server, const QString &token)
{
    if (!m_cache)
        start();
    if (m_running)
        stop(); // a cycle under the old credentials: its answers no longer apply
    m_stopped = false;
    m_api->setServerUrl(server);
    m_api->setToken(token);
    m_status.paused = false;
    m_status.signedIn = !token.isEmpty();
    m_retryMs = 0;
    connectEvents();
    syncNow();
}

void SyncEngine::setLanguage(const QString &language)
{
    if (!m_cache)
        start();
    m_api->setLanguage(language);
}

void SyncEngine::clearCredentials()
{
    // Answers to requests sent with the old token (a late 401 in particular) must not reach the
    // next session: drop the cycle under way.
    stop();
    if (m_api)
        m_api->setToken({});
    if (m_events)
        m_events->abort();
    m_eventsRetry.stop();
    m_retryTimer.stop();
    m_status.paused = true;
    m_status.signedIn = false;
    emitStatus();
}

void SyncEngine::stop()
{
    m_stopped = true;
    // Answers to requests of the cycle under way are dropped; the next cycle starts afresh
    // (everything it needs is in the cache: the outbox, the cursor, the upload offsets).
    delete m_cycleContext;
    m_cycleContext = new QObject(this);
    dropFetcher();
    m_running = false;
    m_again = false;
    m_status.syncing = false;
    m_retryTimer.stop();
    m_pushSoon.stop();
    m_eventsRetry.stop();
    if (m_events) {
        m_events->disconnect(this);
        m_events->abort();
    }
}

void SyncEngine::outboxChanged()
{
    refreshCounts();
    emitStatus();
    m_pushSoon.start();
}

void SyncEngine::syncNow()
{
    if (!m_cache || m_stopped || !m_api->hasToken() || m_heldPage)
        return;
    if (m_running) {
        m_again = true;
        return;
    }
    runCycle();
}

void SyncEngine::runCycle()
{
    m_running = true;
    m_again = false;
    m_retryTimer.stop();
    m_status.syncing = true;
    m_status.paused = false;
    m_cycleStartCursor = m_cache->cursor();
    m_cycleDeletions = 0;
    emitStatus();
    pushNext();
}

// --- push ----------------------------------------------------------------------------------------

void SyncEngine::pushNext()
{
    if (m_stopped)
        return;
    const QList<OutboxEntry> batch = m_cache->nextOutboxBatch(pushBatch);
    if (batch.isEmpty()) {
        uploadNext();
        return;
    }
    QJsonArray mutations;
    QHash<QString, QString> entityIds; // mutation id → entity id
    for (const OutboxEntry &entry : batch) {
        mutations.append(entry.mutation);
        entityIds.insert(entry.mutation.value(u"mutation_id").toString(), entry.mutation.value(u"id").toString());
    }
    const QJsonObject body{{QStringLiteral("client_id"), clientId()}, {QStringLiteral("mutations"), mutations}};
    m_api->post(QStringLiteral("/api/v1/sync/push"), body, m_cycleContext, [this, entityIds](const ApiResult &result) {
        if (!result.ok()) {
            failCycle(result, QStringLiteral("push"));
            return;
        }
        setOnline(true);
        const QJsonArray results = result.body.value(u"results").toArray();
        const int before = m_cache->pendingCount();
        if (auto r = m_cache->recordPushResults(results); !r) {
            failCycle(ApiResult{500, {}, r.error().code, r.error().message}, QStringLiteral("push"));
            return;
        }
        for (const QJsonValue &value : results) {
            const QString token = value.toObject().value(u"invite_token").toString();
            if (!token.isEmpty())
                announceInviteLink(entityIds.value(value.toObject().value(u"mutation_id").toString()), token);
            if (value.toObject().value(u"status").toString() == u"rejected")
                qCInfo(lcSync) << "The server refused an edit:"
                               << value.toObject().value(u"error").toObject().value(u"message").toString();
        }
        if (m_cache->pendingCount() >= before) {
            // The answer covered none of what we sent: do not loop on it.
            failCycle(ApiResult{500, {}, QStringLiteral("bad_response"),
                          QStringLiteral("The server's answer did not match the changes sent.")},
                QStringLiteral("push"));
            return;
        }
        refreshCounts();
        emitStatus();
        pushNext();
    });
}

void SyncEngine::announceInviteLink(const QString &inviteId, const QString &token)
{
    // The portal's invite page reads the token from the fragment, which browsers never send to a
    // server or put in a Referer.
    QString slug;
    if (auto orgs = m_cache->records(QStringLiteral("organisation"), {QStringLiteral("portal_slug")});
        orgs && !orgs->rows.isEmpty())
        slug = orgs->rows.first().values.first().toString();
    QUrl link = m_api->serverUrl();
    link.setPath(link.path() + QStringLiteral("/p/%1/invite").arg(slug));
    link.setFragment(token);
    Q_EMIT inviteLinkReady(inviteId, link);
}

// --- uploads -------------------------------------------------------------------------------------

void SyncEngine::uploadNext()
{
    if (m_stopped)
        return;
    LocalCache::Upload next;
    bool found = false;
    for (const LocalCache::Upload &upload : m_cache->uploads()) {
        if (upload.state != u"failed") {
            next = upload;
            found = true;
            break;
        }
    }
    if (!found) {
        pullNext();
        return;
    }
    auto markFailed = [this](LocalCache::Upload upload, const QString &message) {
        upload.state = QStringLiteral("failed");
        upload.error = message;
        m_cache->updateUpload(upload);
        qCInfo(lcSync) << "Upload failed:" << message;
        refreshCounts();
        emitStatus();
        uploadNext();
    };
    if (!QFileInfo::exists(next.localPath)) {
        markFailed(next, tr("The file to upload is gone from the local cache."));
        return;
    }
    if (next.serverUploadId.isEmpty()) {
        const QJsonObject body{{QStringLiteral("file_id"), next.fileId}, {QStringLiteral("project_id"), next.projectId},
            {QStringLiteral("folder"), next.folder}, {QStringLiteral("name"), next.name},
            {QStringLiteral("size"), next.size}, {QStringLiteral("sha256"), next.sha256},
            {QStringLiteral("mime_type"),
                QMimeDatabase().mimeTypeForFile(next.name, QMimeDatabase::MatchExtension).name()}};
        m_api->post(QStringLiteral("/api/v1/files/uploads"), body, m_cycleContext,
            [this, next, markFailed](const ApiResult &r) {
                LocalCache::Upload upload = next;
                if (r.status == 409 && r.errorCode == u"already_exists") {
                    // Completed before a crash that came ahead of our bookkeeping.
                    m_cache->removeUpload(upload.fileId);
                    uploadNext();
                    return;
                }
                if (!r.ok()) {
                    if (r.reachedServer() && r.status < 500 && r.status != 401)
                        markFailed(upload, r.errorMessage);
                    else
                        failCycle(r, QStringLiteral("upload"));
                    return;
                }
                upload.serverUploadId = r.body.value(u"upload_id").toString();
                upload.state = QStringLiteral("uploading");
                m_cache->updateUpload(upload);
                sendChunk(upload, r.body.value(u"offset").toInteger());
            });
        return;
    }
    // Resume: ask the server how much it has.
    m_api->get(QStringLiteral("/api/v1/files/uploads/") + next.serverUploadId, m_cycleContext,
        [this, next](const ApiResult &r) {
            LocalCache::Upload upload = next;
            if (r.status == 404) {
                // Expired or cancelled on the server: start again.
                upload.serverUploadId.clear();
                m_cache->updateUpload(upload);
                uploadNext();
                return;
            }
            if (!r.ok()) {
                failCycle(r, QStringLiteral("upload"));
                return;
            }
            sendChunk(upload, r.body.value(u"offset").toInteger());
        });
}

void SyncEngine::sendChunk(LocalCache::Upload upload, qint64 offset)
{
    if (m_stopped)
        return;
    m_status.progressDone = offset;
    m_status.progressTotal = upload.size;
    emitStatus();
    const QString base = QStringLiteral("/api/v1/files/uploads/") + upload.serverUploadId;
    if (offset >= upload.size) {
        m_api->post(base + QStringLiteral("/complete"), {}, m_cycleContext, [this, upload](const ApiResult &r) {
            if (!r.ok() && !(r.status == 409 && r.errorCode == u"already_exists")) {
                if (r.reachedServer() && r.status < 500 && r.status != 401) {
                    LocalCache::Upload failed = upload;
                    failed.state = QStringLiteral("failed");
                    failed.error = r.errorMessage;
                    m_cache->updateUpload(failed);
                    uploadNext();
                } else {
                    failCycle(r, QStringLiteral("upload"));
                }
                return;
            }
            setOnline(true);
            m_cache->removeUpload(upload.fileId);
            m_status.progressDone = m_status.progressTotal = 0;
            refreshCounts();
            emitStatus();
            uploadNext();
        });
        return;
    }
    QFile file(upload.localPath);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset)) {
        upload.state = QStringLiteral("failed");
        upload.error = tr("Cannot read the file to upload.");
        m_cache->updateUpload(upload);
        uploadNext();
        return;
    }
    const QByteArray chunk = file.read(qMin(uploadChunk, upload.size - offset));
    m_api->put(base + QStringLiteral("?offset=%1").arg(offset), chunk, QByteArrayLiteral("application/octet-stream"),
        m_cycleContext, [this, upload, offset, sent = chunk.size()](const ApiResult &r) {
            if (r.status == 409) {
                // Our idea of the offset was stale: ask again.
                uploadNext();
                return;
            }
            if (!r.ok()) {
                failCycle(r, QStringLiteral("upload"));
                return;
            }
            setOnline(true);
            sendChunk(upload, r.body.contains(u"offset") ? r.body.value(u"offset").toInteger() : offset + sent);
        });
}

// --- pull ----------------------------------------------------------------------------------------

void SyncEngine::pullNext()
{
    if (m_stopped)
        return;
    const qint64 since = m_cache->cursor();
    bool bootstrapping = false;
    if (since == 0 || m_cache->isBootstrapping()) {
        auto begun = m_cache->beginBootstrap();
        if (!begun) {
            failCycle(ApiResult{500, {}, begun.error().code, begun.error().message}, QStringLiteral("pull"));
            return;
        }
        bootstrapping = *begun;
    }
    if (bootstrapping)
        fetchBootstrap(since);
    else
        requestPage(since);
}

void SyncEngine::requestPage(qint64 since)
{
    m_api->getRaw(QStringLiteral("/api/v1/sync/pull?since=%1&limit=%2").arg(since).arg(pullPage), m_cycleContext,
        [this, since](const ApiResult &result, const QByteArray &body) {
            takePage(since, result, false, readPullPage(result, body));
        });
}

void SyncEngine::fetchBootstrap(qint64 since)
{
    dropFetcher();
    m_fetcher = std::make_unique<PageFetcher>(PageFetcher::Settings{
        m_api->serverUrl(), m_api->token(), m_api->language(), m_api->timeoutMs(), bootstrapPullPage});
    // Queued to this thread; a page of a fetcher dropped since (its generation passed) is ignored.
    connect(m_fetcher.get(), &PageFetcher::pageReady, this,
        [this, generation = m_fetcherGeneration](
            qint64 pageSince, const ApiResult &result, const std::shared_ptr<PulledPage> &page) {
            if (generation == m_fetcherGeneration && m_fetcher)
                takePage(pageSince, result, true, page ? std::optional(std::move(*page)) : std::nullopt);
        });
    m_fetcher->start(since);
}

void SyncEngine::dropFetcher()
{
    ++m_fetcherGeneration;
    m_fetcher.reset();
}

void SyncEngine::takePage(qint64 since, const ApiResult &result, bool fetched, std::optional<PulledPage> page)
{
    // A fetched page follows the one before it only if that one went in.
    if (fetched && (m_stopped || since != m_cache->cursor())) {
        dropFetcher();
        return;
    }
    if (result.status == 410) {
        // The server no longer has every deletion since our cursor: start over from a
        // snapshot. The outbox stays; pending edits are laid over what arrives.
        qCInfo(lcSync) << "Cursor expired; resyncing from the start";
        dropFetcher();
        m_cache->resetCursor();
        m_cycleStartCursor = 0;
        pullNext();
        return;
    }
    if (!result.ok() || !page) {
        failCycle(result.ok() ? ApiResult{0, {}, QStringLiteral("bad_response"),
                      QStringLiteral("The server's answer was incomplete.")}
                              : result,
            QStringLiteral("pull"));
        return;
    }
    setOnline(true);
    const qint64 cursor = page->cursor;
    const bool more = page->more;
    // The fetcher asks for the page after this one by itself.
    const bool next = fetched && more && cursor > since;
    applyPage(*page, cursor, more, next);
    // The page goes back to be freed on the fetcher's thread, off this one's critical path.
    if (next && m_fetcher)
        m_fetcher->taken(std::move(*page));
}

void SyncEngine::applyPage(const PulledPage &page, qint64 cursor, bool more, bool nextRequested)
{
    const int deletions = m_cache->deletionsIn(page);
    if (deletions > 0 && !m_deletionAllowed) {
        const int total = m_cache->liveRowCount();
        m_cycleDeletions += deletions;
        if (m_cycleDeletions >= massDeletionMinimum && m_cycleDeletions > total * massDeletionShare) {
            // Hold the page; nothing is applied until a person says so (and nothing fetched
            // after it: the pull goes on from the cache's cursor then).
            dropFetcher();
            m_heldPage = page;
            m_heldCursor = cursor;
            m_heldMore = more;
            m_status.paused = true;
            m_status.syncing = false;
            m_running = false;
            emitStatus();
            Q_EMIT massDeletionPending(m_cycleDeletions, total);
            return;
        }
    }
    auto changed = m_cache->applyPullPage(page, cursor);
    if (!changed) {
        failCycle(ApiResult{500, {}, changed.error().code, changed.error().message}, QStringLiteral("pull"));
        return;
    }
    for (auto it = changed->cbegin(); it != changed->cend(); ++it)
        Q_EMIT rowsChanged(it.key(), it.value());
    if (changed->contains(QStringLiteral("conflict")))
        refreshCounts();
    m_knownVersion = qMax(m_knownVersion, cursor);
    m_status.progressTotal = m_knownVersion - m_cycleStartCursor;
    m_status.progressDone = cursor - m_cycleStartCursor;
    emitStatus();
    if (more) {
        if (!nextRequested)
            pullNext();
        return;
    }
    // After a bootstrap the indexes are built once, over every row.
    if (auto r = m_cache->finishBootstrap(); !r) {
        failCycle(ApiResult{500, {}, r.error().code, r.error().message}, QStringLiteral("pull"));
        return;
    }
    finishCycle();
}

void SyncEngine::confirmMassDeletion(bool allow)
{
    if (!m_heldPage)
        return;
    const PulledPage page = *std::exchange(m_heldPage, std::nullopt);
    if (!allow) {
        // Stay paused: the cache keeps its rows until the user decides otherwise (a restart asks again).
        qCWarning(lcSync) << "The user declined a pull that deletes" << m_cycleDeletions << "rows; sync paused";
        m_status.paused = true;
        m_status.lastError = tr("Sync is paused: the server deleted many items and you chose to keep them here.");
        m_stopped = true;
        emitStatus();
        return;
    }
    m_deletionAllowed = true;
    m_running = true;
    m_status.paused = false;
    m_status.syncing = true;
    applyPage(page, m_heldCursor, m_heldMore);
    m_deletionAllowed = false;
}

void SyncEngine::finishCycle()
{
    dropFetcher();
    m_running = false;
    m_retryMs = 0;
    m_status.syncing = false;
    m_status.lastError.clear();
    m_status.progressDone = m_status.progressTotal = 0;
    m_status.lastSync = QDateTime::currentDateTimeUtc();
    m_cache->setMeta(QStringLiteral("last_sync"), TimeUtil::toWire(m_status.lastSync));
    refreshCounts();
    emitStatus();
    Q_EMIT cycleFinished();
    // Edits made or versions announced while this cycle ran.
    if (m_again || m_cache->pendingCount() > 0 || m_knownVersion > m_cache->cursor())
        QMetaObject::invokeMethod(this, &SyncEngine::syncNow, Qt::QueuedConnection);
}

void SyncEngine::failCycle(const ApiResult &result, const QString &during)
{
    // Pages fetched ahead of one that failed are dropped; the retry pulls from the cache's cursor.
    dropFetcher();
    m_running = false;
    m_status.syncing = false;
    m_status.progressDone = m_status.progressTotal = 0;
    if (result.status == 401) {
        qCInfo(lcSync) << "The server refused our token during" << during;
        m_status.lastError = tr("Your session has ended. Sign in again; your changes are kept.");
        clearCredentials();
        Q_EMIT authenticationRequired();
        return;
    }
    if (!result.reachedServer()) {
        setOnline(false);
        m_status.lastError = result.errorMessage;
    } else {
        setOnline(true);
        m_status.lastError =
            tr("The server answered %1 during %2: %3").arg(result.status).arg(during, result.errorMessage);
        qCWarning(lcSync) << "Sync failed during" << during << result.status << result.errorCode << result.errorMessage;
    }
    emitStatus();
    scheduleRetry();
}

void SyncEngine::scheduleRetry()
{
    if (m_stopped)
        return;
    m_retryMs = m_retryMs == 0 ? firstRetryMs : qMin(m_retryMs * 2, maxRetryMs);
    m_retryTimer.start(m_retryMs);
}

// --- live events ---------------------------------------------------------------------------------

void SyncEngine::connectEvents()
{
    if (m_stopped || !m_api || !m_api->hasToken())
        return;
    if (m_events) {
        m_events->disconnect(this);
        m_events->abort();
    }
    m_eventBuffer.clear();
    m_events = m_api->openStream(QStringLiteral("/api/v1/sync/events"));
    connect(m_events, &QNetworkReply::readyRead, this, &SyncEngine::onEventData);
    connect(m_events, &QNetworkReply::finished, this, &SyncEngine::onEventsFinished);
}

void SyncEngine::onEventData()
{
    if (!m_events)
        return;
    const int status = m_events->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // handled when finished
    m_eventsRetryMs = 0;
    setOnline(true);
    m_eventBuffer += m_events->readAll();
    if (m_eventBuffer.size() > maxEventBuffer)
        m_eventBuffer.clear();
    // Events end with a blank line; a "data:" line carries {"version": N}.
    qsizetype end;
    while ((end = m_eventBuffer.indexOf("\n\n")) >= 0) {
        const QByteArray event = m_eventBuffer.left(end);
        m_eventBuffer.remove(0, end + 2);
        for (const QByteArray &line : event.split('\n')) {
            if (!line.startsWith("data:"))
                continue;
            const QJsonObject data = QJsonDocument::fromJson(line.mid(5).trimmed()).object();
            const qint64 version = data.value(u"version").toInteger(-1);
            if (version < 0)
                continue;
            m_knownVersion = qMax(m_knownVersion, version);
            if (version > m_cache->cursor())
                syncNow();
        }
    }
}

void SyncEngine::onEventsFinished()
{
    QNetworkReply *reply = m_events;
    if (!reply)
        return;
    reply->deleteLater();
    m_events = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_stopped || !m_api->hasToken())
        return;
    if (status == 401) {
        syncNow(); // the cycle sees the 401 and asks for a new sign-in
        return;
    }
    // A stream that ran its course (the server closes them now and then) reconnects at once; a
    // failed one backs off.
    if (status == 200 && reply->error() == QNetworkReply::NoError) {
        m_eventsRetryMs = 0;
        m_eventsRetry.start(100);
        return;
    }
    if (status == 0)
        setOnline(false);
    m_eventsRetryMs =
        m_eventsRetryMs == 0 ? firstRetryMs : qMin(m_eventsRetryMs * 2, status == 0 ? maxProbeMs : maxRetryMs);
    m_eventsRetry.start(m_eventsRetryMs);
    // Coming back from offline: the retry of the cycle also probes.
    if (status == 0 && !m_running && !m_retryTimer.isActive())
        scheduleRetry();
}

// --- status --------------------------------------------------------------------------------------

void SyncEngine::refreshCounts()
{
    if (!m_cache)
        return;
    int uploading = 0;
    int failedUploads = 0;
    for (const LocalCache::Upload &upload : m_cache->uploads())
        ++(upload.state == u"failed" ? failedUploads : uploading);
    m_status.pending = m_cache->pendingCount() + uploading;
    m_status.failed = int(m_cache->failedEdits().size()) + failedUploads;
    auto conflicts = m_cache->records(QStringLiteral("conflict"), {}, QStringLiteral("resolved"), 0);
    m_status.conflicts = conflicts ? int(conflicts->rows.size()) : 0;
}

void SyncEngine::setOnline(bool online)
{
    if (m_status.online == online)
        return;
    m_status.online = online;
    qCInfo(lcSync) << (online ? "Online" : "Offline");
    if (online && !m_events && !m_eventsRetry.isActive())
        connectEvents();
    emitStatus();
    // Back: what waited goes out now, not when the back-off timer would have fired.
    if (online && !m_running) {
        m_retryMs = 0;
        syncNow();
    }
}

void SyncEngine::emitStatus()
{
    Q_EMIT statusChanged(m_status);
}
