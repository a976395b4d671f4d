// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <atomic>
#include <memory>

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>

class MetricsText;
class Router;

// The transport's numbers for GET /metrics (--metrics): requests by route pattern, method and
// status, their latency as a histogram, open connections and connections turned away. Made once
// from the finished Router (so every label value is a route pattern of ours, one of a few known
// methods or a status code, and nothing a caller sends can add a series) and handed to the
// HttpServer; shared with whoever renders it.
//
// Recording happens on the network thread for every response and only adds to preallocated
// atomics (relaxed): no lock, no allocation. Rendering (any thread) reads them; a scrape may see
// one request's count before its latency, never a torn value.
class HttpMetrics
{
public:
    explicit HttpMetrics(const Router &router);
    ~HttpMetrics();
    Q_DISABLE_COPY_MOVE(HttpMetrics)

    // One answered request: `pattern` is the matched route's (empty: none matched), `method` as
    // sent, `status` the response's, `microseconds` from the request's first byte until its
    // response head was written (so an event stream or a download counts its start, not its
    // length).
    void recordRequest(const QString &pattern, QByteArrayView method, int status, qint64 microseconds);
    void connectionOpened() { m_connections.fetch_add(1, std::memory_order_relaxed); }
    void connectionClosed() { m_connections.fetch_sub(1, std::memory_order_relaxed); }
    void connectionRejected() { m_rejected.fetch_add(1, std::memory_order_relaxed); }

    // The families atrium_http_requests_total, atrium_http_request_duration_seconds,
    // atrium_http_connections_active and atrium_http_connections_rejected_total.
    void write(MetricsText &out) const;

    // Upper bounds of the latency buckets, in seconds, as the "le" label shows them.
    static constexpr std::array<QByteArrayView, 11> bucketLabels = {
        "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"};
    static constexpr std::array<qint64, 11> bucketMicroseconds = {
        5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000};
    // Distinct statuses counted per route and method; more (never seen in practice: statuses come
    // from our own code) are counted as status="other".
    static constexpr int statusSlots = 16;

private:
    struct Series; // one route pattern and method

    Series *seriesFor(const QString &pattern, QByteArrayView method);

    std::unique_ptr<Series[]> m_series;
    qsizetype m_seriesCount = 0;
    QHash<QString, QList<qsizetype>> m_byPattern; // pattern → its series (one per method)
    qsizetype m_unmatched = 0; // first of the "unmatched" series, one per known method
    std::atomic<qint64> m_connections{0};
    std::atomic<quint64> m_rejected{0};
};
