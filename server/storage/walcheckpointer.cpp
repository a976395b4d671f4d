// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/walcheckpointer.h"

#include <QElapsedTimer>

#include "server/storage/database.h"
#include "server/storage/logging.h"

WalCheckpointer::WalCheckpointer(std::chrono::milliseconds interval, QObject *parent)
    : QThread(parent)
    , m_interval(interval)
{
    setObjectName(QStringLiteral("WAL checkpoints"));
}

WalCheckpointer::~WalCheckpointer()
{
    stop();
    wait();
}

void WalCheckpointer::stop()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
}

void WalCheckpointer::run()
{
    QElapsedTimer sinceWarned;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            if (m_wake.wait_for(lock, m_interval, [this] {
                    return m_stopping;
                }))
                break;
        }
        auto db = Database::connection();
        auto done = db ? Database::exec(*db, QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"))
                       : std::expected<Statement, Error>(std::unexpected(db.error()));
        if (done) {
            done->next(); // (busy, log pages, pages copied): nothing to act on
            done->finish();
        } else if (!sinceWarned.isValid() || sinceWarned.elapsed() > 60 * 1000) {
            // Harmless once (SQLite's own checkpoint still runs), worth a line if it goes on.
            qCWarning(lcDatabase).noquote() << "background WAL checkpoint failed:" << done.error().message;
            sinceWarned.start();
        }
    }
    Database::closeThreadConnection();
}
