// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <optional>

#include "sync/apiclient.h"
#include "sync/localcache.h"
#include "sync/pulledpage.h"

class PageFetcher;
class QFile;
class QNetworkReply;

// What the status bar shows; sent whenever any part of it changes.
struct SyncStatus
{
    bool online = false;
    bool syncing = false;
    bool paused = false; // waiting for the user (a pull that would delete much) or signed out
    bool signedIn = false; // the engine holds a token (false: nothing syncs until someone signs in)
    int pending = 0; // local edits not yet on the server (and uploads not yet done)
    int failed = 0; // edits the server refused, kept for the user to look at
    int conflicts = 0; // unresolved conflicts
    QDateTime lastSync; // last time the cache was known to match the server
    qint64 progressDone = 0; // of a pull or an upload, for a progress bar
    qint64 progressTotal = 0; // 0: no progress to show
    QString lastError;
};
Q_DECLARE_METATYPE(SyncStatus)

// Keeps one profile's local cache in step with the server: pushes the outbox in batches, pulls
// changes in pages, runs the upload queue, listens for the server's "new version" events, and
// retries with back-off while the server cannot be reached. It owns its own LocalCache connection
// and ApiClient, so it can live on a worker thread; the GUI talks to it through signals and
// queued calls only.
//
// Offline and online are detected by doing: any answer from the server means online, no answer
// means offline, and a retry with back-off (1 s doubling to 60 s) probes until it is back.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    explicit SyncEngine(const QString &cachePath, QObject *parent = nullptr);
    ~SyncEngine() override;

    // A pull that would delete more than this share of the cache's rows (and at least
    // massDeletionMinimum rows) waits for confirmMassDeletion().
    static constexpr double massDeletionShare = 0.25;
    static constexpr int massDeletionMinimum = 50;
    static constexpr int pushBatch = 200;
    static constexpr int pullPage = 1000;
    // The first sync into an empty cache pulls in larger pages (the server's largest).
    static constexpr int bootstrapPullPage = 5000;
    static constexpr qint64 uploadChunk = 4 * 1024 * 1024;

    SyncStatus status() const { return m_status; }
    QString clientId() const;
    // Where file contents are kept: beside the cache, named by their SHA-256.
    QString fileStoreDir() const;

public Q_SLOTS:
    // Opens the cache; call once, on the engine's thread (a queued call from elsewhere).
    void start();
    void setCredentials(const QUrl &server, const QString &token);
    // The language the desktop speaks (ApiClient::setLanguage).
    void setLanguage(const QString &language);
    // Forget the token (signed out, or it stopped working): nothing is sent until new credentials.
    void clearCredentials();
    // Runs a sync cycle now (or right after the current one).
    void syncNow();
    // Local edits happened (in another LocalCache on the same file): push soon.
    void outboxChanged();
    void confirmMassDeletion(bool allow);
    // Stops network activity (for shutdown and for tests that go "offline").
    void stop();
    // Makes a file's content available locally: from the content-addressed store
    // (DATA_DIR/files/<sha256>) when it is there, else downloaded (streamed to disk, checked
    // against its SHA-256) into it. Answers with fileReady or fileFailed.
    void fetchFile(const QString &fileId);

Q_SIGNALS:
    void statusChanged(const SyncStatus &status);
    // Rows changed in the cache by a pull or a push result; the models refresh them.
    void rowsChanged(const QString &entity, const QStringList &ids);
    // The token was refused: ask the user to sign in again. The outbox is kept.
    void authenticationRequired();
    // A pull page would delete `count` of `total` cached rows: ask before applying it.
    void massDeletionPending(int count, int total);
    void cycleFinished();
    void fileReady(const QString &fileId, const QString &path);
    // A link invite reached the server: its link, handed out this once (the server keeps only a
    // hash of the token), for the user to copy.
    void inviteLinkReady(const QString &inviteId, const QUrl &link);
    void fileFailed(const QString &fileId, const QString &message);

private:
    void runCycle();
    void pushNext();
    void uploadNext();
    void pullNext();
    // Asks for the page after `since` (pulls after the first sync: one page at a time).
    void requestPage(qint64 since);
    // A bootstrap's pages come from a PageFetcher, which fetches and parses the next pages on a
    // thread of its own while this one writes the page before into the cache. A `fetched` page is
    // applied only if the cache's cursor is still the `since` it was asked with.
    void fetchBootstrap(qint64 since);
    void dropFetcher();
    // `page` is the page the result brought, read; none when there was no readable page.
    void takePage(qint64 since, const ApiResult &result, bool fetched, std::optional<PulledPage> page);
    void finishCycle();
    void failCycle(const ApiResult &result, const QString &during);
    // `nextRequested`: the page after it is on its way already (from the fetcher).
    void applyPage(const PulledPage &page, qint64 cursor, bool more, bool nextRequested = false);
    void scheduleRetry();
    void connectEvents();
    void onEventData();
    void onEventsFinished();
    void refreshCounts();
    void setOnline(bool online);
    void emitStatus();
    void sendChunk(LocalCache::Upload upload, qint64 offset);
    void announceInviteLink(const QString &inviteId, const QString &token);

    QString m_cachePath;
    LocalCache *m_cache = nullptr;
    ApiClient *m_api = nullptr;
    SyncStatus m_status;
    bool m_running = false; // a cycle is under way
    bool m_again = false; // another cycle was asked for meanwhile
    bool m_stopped = false;
    QTimer m_retryTimer;
    QTimer m_pushSoon;
    int m_retryMs = 0;
    qint64 m_knownVersion = 0; // the newest version the server told us about
    qint64 m_cycleStartCursor = 0;
    int m_cycleDeletions = 0;
    bool m_deletionAllowed = false;
    std::optional<PulledPage> m_heldPage; // a page waiting for the user's answer
    qint64 m_heldCursor = 0;
    bool m_heldMore = false;

    QPointer<QNetworkReply> m_events;
    QByteArray m_eventBuffer;
    QTimer m_eventsRetry;
    int m_eventsRetryMs = 0;
    // The context of the current cycle's requests; replaced by stop() so late answers are dropped.
    QObject *m_cycleContext;
    std::unique_ptr<PageFetcher> m_fetcher; // during a bootstrap
    int m_fetcherGeneration = 0;
};
