// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/http/httpmetrics.h"

#include <algorithm>

#include "server/http/metricstext.h"
#include "server/http/router.h"

namespace {

// The method label of a request no route matched: one of these, anything else is "other", so that
// made-up methods cannot add series.
constexpr std::array<QByteArrayView, 8> knownMethods = {
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"};

qsizetype knownMethodIndex(QByteArrayView method)
{
    for (qsizetype i = 0; i + 1 < qsizetype(knownMethods.size()); ++i) {
        if (knownMethods[i] == method)
            return i;
    }
    return qsizetype(knownMethods.size()) - 1;
}

} // namespace

struct HttpMetrics::Series
{
    QByteArray route; // the pattern, or "unmatched"
    QByteArray method;
    // A status is claimed for a slot once (0: free), then only its count changes.
    std::array<std::atomic<int>, statusSlots> statuses{};
    std::array<std::atomic<quint64>, statusSlots> counts{};
    std::atomic<quint64> otherStatuses{0};
    // Not cumulative here: buckets[i] counts durations in (bound i-1, bound i]; the last one
    // those above every bound. The rendering adds them up.
    std::array<std::atomic<quint64>, bucketMicroseconds.size() + 1> buckets{};
    std::atomic<quint64> sumMicroseconds{0};

    void record(int status, qint64 microseconds)
    {
        bool counted = false;
        for (int i = 0; i < statusSlots && !counted; ++i) {
            int seen = statuses[i].load(std::memory_order_acquire);
            if (seen == 0 && statuses[i].compare_exchange_strong(seen, status, std::memory_order_acq_rel))
                seen = status;
            if (seen == status) {
                counts[i].fetch_add(1, std::memory_order_relaxed);
                counted = true;
            }
        }
        if (!counted)
            otherStatuses.fetch_add(1, std::memory_order_relaxed);
        const qint64 us = qMax<qint64>(0, microseconds);
        std::size_t bucket = 0;
        while (bucket < bucketMicroseconds.size() && us > bucketMicroseconds[bucket])
            ++bucket;
        buckets[bucket].fetch_add(1, std::memory_order_relaxed);
        sumMicroseconds.fetch_add(quint64(us), std::memory_order_relaxed);
    }
};

HttpMetrics::HttpMetrics(const Router &router)
{
    struct Name
    {
        QString pattern;
        QByteArray method;
    };
    QList<Name> names;
    for (const Route &route : router.routes()) {
        names.append({route.pattern, route.method});
        // HEAD is answered by the GET route of the path when there is no HEAD route of its own.
        if (route.method == "GET")
            names.append({route.pattern, QByteArrayLiteral("HEAD")});
    }
    // A HEAD route of its own and the GET route's HEAD would be the same series.
    QList<Name> unique;
    for (const Name &name : std::as_const(names)) {
        const bool seen = std::any_of(unique.cbegin(), unique.cend(), [&name](const Name &other) {
            return other.pattern == name.pattern && other.method == name.method;
        });
        if (!seen)
            unique.append(name);
    }
    m_seriesCount = unique.size() + qsizetype(knownMethods.size());
    m_series = std::make_unique<Series[]>(std::size_t(m_seriesCount));
    for (qsizetype i = 0; i < unique.size(); ++i) {
        m_series[i].route = unique.at(i).pattern.toUtf8();
        m_series[i].method = unique.at(i).method;
        m_byPattern[unique.at(i).pattern].append(i);
    }
    m_unmatched = unique.size();
    for (qsizetype i = 0; i < qsizetype(knownMethods.size()); ++i) {
        m_series[m_unmatched + i].route = QByteArrayLiteral("unmatched");
        m_series[m_unmatched + i].method = knownMethods[i].toByteArray();
    }
}

HttpMetrics::~HttpMetrics() = default;

HttpMetrics::Series *HttpMetrics::seriesFor(const QString &pattern, QByteArrayView method)
{
    if (!pattern.isEmpty()) {
        const auto it = m_byPattern.constFind(pattern);
        if (it != m_byPattern.cend()) {
            for (const qsizetype index : *it) {
                if (m_series[index].method == method)
                    return &m_series[index];
            }
        }
    }
    return &m_series[m_unmatched + knownMethodIndex(method)];
}

void HttpMetrics::recordRequest(const QString &pattern, QByteArrayView method, int status, qint64 microseconds)
{
    seriesFor(pattern, method)->record(status, microseconds);
}

void HttpMetrics::write(MetricsText &out) const
{
    out.family("atrium_http_requests_total", "counter",
        "HTTP requests answered by this instance, by route pattern (\"unmatched\" when no route matched), method "
        "and status.");
    for (qsizetype s = 0; s < m_seriesCount; ++s) {
        const Series &series = m_series[s];
        for (int i = 0; i < statusSlots; ++i) {
            const int status = series.statuses[i].load(std::memory_order_acquire);
            if (status == 0)
                break;
            out.sample("atrium_http_requests_total",
                {{"route", series.route}, {"method", series.method}, {"status", QByteArray::number(status)}},
                series.counts[i].load(std::memory_order_relaxed));
        }
        if (const quint64 other = series.otherStatuses.load(std::memory_order_relaxed))
            out.sample("atrium_http_requests_total",
                {{"route", series.route}, {"method", series.method}, {"status", "other"}}, other);
    }

    out.family("atrium_http_request_duration_seconds", "histogram",
        "Time from a request's first byte until its response head was written, by route pattern and method.");
    for (qsizetype s = 0; s < m_seriesCount; ++s) {
        const Series &series = m_series[s];
        std::array<quint64, bucketMicroseconds.size() + 1> buckets{};
        quint64 total = 0;
        for (std::size_t b = 0; b < buckets.size(); ++b) {
            buckets[b] = series.buckets[b].load(std::memory_order_relaxed);
            total += buckets[b];
        }
        if (total == 0)
            continue;
        quint64 cumulative = 0;
        for (std::size_t b = 0; b < bucketLabels.size(); ++b) {
            cumulative += buckets[b];
            out.sample("atrium_http_request_duration_seconds_bucket",
                {{"route", series.route}, {"method", series.method}, {"le", bucketLabels[b]}}, cumulative);
        }
        out.sample("atrium_http_request_duration_seconds_bucket",
            {{"route", series.route}, {"method", series.method}, {"le", "+Inf"}}, total);
        out.sample("atrium_http_request_duration_seconds_sum", {{"route", series.route}, {"method", series.method}},
            double(series.sumMicroseconds.load(std::memory_order_relaxed)) / 1e6);
        out.sample(
            "atrium_http_request_duration_seconds_count", {{"route", series.route}, {"method", series.method}}, total);
    }

    out.family("atrium_http_connections_active", "gauge", "Open HTTP connections.");
    out.sample(
        "atrium_http_connections_active", {}, quint64(qMax<qint64>(0, m_connections.load(std::memory_order_relaxed))));
    out.family("atrium_http_connections_rejected_total", "counter",
        "Connections turned away (503 or closed) because the connection limit was reached.");
    out.sample("atrium_http_connections_rejected_total", {}, m_rejected.load(std::memory_order_relaxed));
}
