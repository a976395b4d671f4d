// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <memory>

#include <QtGlobal>

class HttpMetrics;

// What the routes count for GET /metrics (--metrics): open Server-Sent Events streams, pushed
// mutations and pulled changes; and the transport's HttpMetrics, which ServerCli makes from the
// finished route table and sets here before the server listens. One per process (the numbers are
// this instance's), shared through ApiOptions; null there when --metrics is off. Counting is one
// relaxed atomic addition, from any thread.
class ApiMetrics
{
public:
    ApiMetrics();

    void streamOpened() { m_streams.fetch_add(1, std::memory_order_relaxed); }
    void streamClosed() { m_streams.fetch_sub(1, std::memory_order_relaxed); }
    void mutationsPushed(qint64 count)
    {
        m_pushed.fetch_add(quint64(qMax<qint64>(0, count)), std::memory_order_relaxed);
    }
    void changesPulled(qint64 count) { m_pulled.fetch_add(quint64(qMax<qint64>(0, count)), std::memory_order_relaxed); }

    qint64 streams() const { return qMax<qint64>(0, m_streams.load(std::memory_order_relaxed)); }
    quint64 pushed() const { return m_pushed.load(std::memory_order_relaxed); }
    quint64 pulled() const { return m_pulled.load(std::memory_order_relaxed); }
    // Seconds since the epoch when this object was made, at the server's start.
    double startTime() const { return m_startTime; }

    void setHttp(std::shared_ptr<const HttpMetrics> http) { m_http = std::move(http); }
    const HttpMetrics *http() const { return m_http.get(); }

private:
    std::atomic<qint64> m_streams{0};
    std::atomic<quint64> m_pushed{0};
    std::atomic<quint64> m_pulled{0};
    double m_startTime = 0;
    std::shared_ptr<const HttpMetrics> m_http;
};
