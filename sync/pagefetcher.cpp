// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/pagefetcher.h"

#include <utility>

#include "sync/logging.h"

std::optional<PulledPage> readPullPage(const ApiResult &result, const QByteArray &body)
{
    if (!result.ok())
        return std::nullopt;
    auto page = PulledPage::fromJson(body);
    if (!page) {
        qCWarning(lcSync) << "The server's pull page is unreadable:" << page.error();
        return std::nullopt;
    }
    return *std::move(page);
}

PageFetcher::PageFetcher(const Settings &settings, QObject *parent)
    : QObject(parent)
    , m_worker(new PageFetcherWorker(settings))
{
    qRegisterMetaType<ApiResult>();
    qRegisterMetaType<std::shared_ptr<PulledPage>>();
    m_thread.setObjectName(QStringLiteral("sync pages"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &PageFetcherWorker::pageReady, this, &PageFetcher::pageReady, Qt::DirectConnection);
    m_thread.start();
}

PageFetcher::~PageFetcher()
{
    // The worker goes with its thread's end (its requests aborted with its network manager).
    m_thread.quit();
    m_thread.wait();
}

void PageFetcher::start(qint64 since)
{
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, since] {
            worker->fetch(since);
        },
        Qt::QueuedConnection);
}

void PageFetcher::taken(PulledPage page)
{
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, page = std::move(page)]() mutable {
            page = {}; // freed here, on the fetcher's thread
            worker->taken();
        },
        Qt::QueuedConnection);
}

PageFetcherWorker::PageFetcherWorker(const PageFetcher::Settings &settings)
    : m_settings(settings)
{
}

void PageFetcherWorker::fetch(qint64 since)
{
    if (!m_api) {
        m_api = new ApiClient(this);
        m_api->setServerUrl(m_settings.server);
        m_api->setToken(m_settings.token);
        m_api->setLanguage(m_settings.language);
        m_api->setTimeoutMs(m_settings.timeoutMs);
    }
    m_inFlight = true;
    m_api->getRaw(QStringLiteral("/api/v1/sync/pull?since=%1&limit=%2").arg(since).arg(m_settings.limit), this,
        [this, since](const ApiResult &result, const QByteArray &body) {
            // Read here, on this thread, into rows.
            m_inFlight = false;
            ++m_untaken;
            std::shared_ptr<PulledPage> page;
            if (auto read = readPullPage(result, body))
                page = std::make_shared<PulledPage>(*std::move(read));
            const qint64 cursor = page ? page->cursor : 0;
            const bool more = page && page->more;
            Q_EMIT pageReady(since, result, page);
            if (!more || cursor <= since)
                return;
            m_next = cursor;
            fetchNextIfThereIsRoom();
        });
}

void PageFetcherWorker::taken()
{
    --m_untaken;
    fetchNextIfThereIsRoom();
}

void PageFetcherWorker::fetchNextIfThereIsRoom()
{
    if (m_next < 0 || m_inFlight || m_untaken >= m_settings.window)
        return;
    fetch(std::exchange(m_next, -1));
}
