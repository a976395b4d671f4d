// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QThread>

#include <chrono>
#include <condition_variable>
#include <mutex>

// SQLite only: copies the write-ahead log into the database file from a thread of its own, a few
// times a second, so that no commit pays for it. Left to SQLite, the commit that takes the log past
// 1000 pages does it: some 11 ms in every sixth push of 500 creates, which the desktop waits for.
// The connections keep SQLite's own checkpoint as a backstop, at a larger log (Database), should
// this thread fall behind. A passive checkpoint never waits for readers or writers; what they still
// need is copied the next time.
class WalCheckpointer : public QThread
{
public:
    explicit WalCheckpointer(std::chrono::milliseconds interval, QObject *parent = nullptr);
    ~WalCheckpointer() override; // stops and waits for the thread

    void stop();

protected:
    void run() override;

private:
    const std::chrono::milliseconds m_interval;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
};
