// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QThread>
#include <QUrl>

#include <memory>
#include <optional>

#include "sync/apiclient.h"
#include "sync/pulledpage.h"

class PageFetcherWorker;

// The page a pull's answer brought, read (PulledPage::fromJson); none when the answer is an error
// or no readable page (logged). For the engine's own pulls and the fetcher's alike.
std::optional<PulledPage> readPullPage(const ApiResult &result, const QByteArray &body);

// The pages of a bootstrap, fetched, parsed and read into rows (PulledPage) on a thread of its
// own, each handed to the engine's thread as it is ready. It asks for the page after each one as
// soon as that one is read, up to `window` pages ahead of those the engine has taken (each is
// several megabytes once read): so the server builds the next pages, and this thread reads them,
// while the engine writes the one before into the cache. It stops at an error or the last page;
// destroying it drops whatever it has not handed over.
class PageFetcher : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        QUrl server;
        QString token;
        QString language;
        int timeoutMs = 30000;
        int limit = 5000; // changes per page
        int window = 2;
    };
    explicit PageFetcher(const Settings &settings, QObject *parent = nullptr);
    ~PageFetcher() override;

    // Starts with the page after `since`.
    void start(qint64 since);
    // The engine is done with one page it was handed: one more may be fetched. The page comes
    // back to be freed on the fetcher's thread, off the engine's (5,000 rows' strings and lists).
    void taken(PulledPage page);

Q_SIGNALS:
    // A page (or the error that ends the fetching) for the page after `since`, in order; emitted
    // on the fetcher's thread, so connected to a receiver on another thread it arrives queued.
    // When the page came and could be read, `page` holds it for the receiver to move out;
    // otherwise it is null, and `result` says why (or is a 2xx answer that was no page).
    void pageReady(qint64 since, const ApiResult &result, const std::shared_ptr<PulledPage> &page);

private:
    QThread m_thread;
    PageFetcherWorker *m_worker;
};

// Lives on the fetcher's thread.
class PageFetcherWorker : public QObject
{
    Q_OBJECT
public:
    explicit PageFetcherWorker(const PageFetcher::Settings &settings);

    void fetch(qint64 since);
    void taken();

Q_SIGNALS:
    void pageReady(qint64 since, const ApiResult &result, const std::shared_ptr<PulledPage> &page);

private:
    void fetchNextIfThereIsRoom();

    PageFetcher::Settings m_settings;
    ApiClient *m_api = nullptr; // made on the fetcher's thread, with its network manager
    bool m_inFlight = false;
    int m_untaken = 0; // handed over, not taken back yet
    qint64 m_next = -1; // the page after this one is still to be asked for, when there is room
};
