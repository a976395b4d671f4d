// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/portalmarks.h"

#include "server/storage/database.h"

#include <condition_variable>
#include <memory>
#include <mutex>

std::expected<PortalMarks, Error> PortalMarks::read(const QSqlDatabase &db, const QString &orgId)
{
    auto q = Database::exec(db,
        QStringLiteral("SELECT s.last_version, COALESCE(m.inputs, 0), COALESCE(m.facts, 0) FROM org_sequences s "
                       "LEFT JOIN portal_marks m ON m.org_id = s.org_id WHERE s.org_id = ?"),
        {orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return PortalMarks{-1, -1, -1};
    return PortalMarks{q->value(0).toLongLong(), q->value(1).toLongLong(), q->value(2).toLongLong()};
}

namespace {

// One organisation's reads on PostgreSQL, one at a time, numbered as they begin.
struct SharedReads
{
    std::mutex mutex;
    std::condition_variable finished;
    bool reading = false;
    quint64 begun = 0;
    quint64 done = 0; // the number of the last read that finished; `last` is its result
    std::expected<PortalMarks, Error> last = PortalMarks{};
};

// One per organisation this process has served, for its lifetime (a few hundred bytes each).
SharedReads &sharedReadsOf(const QString &orgId)
{
    static std::mutex mutex;
    static QHash<QString, std::shared_ptr<SharedReads>> reads;
    const std::lock_guard lock(mutex);
    std::shared_ptr<SharedReads> &entry = reads[orgId];
    if (!entry)
        entry = std::make_shared<SharedReads>();
    return *entry;
}

} // namespace

std::expected<PortalMarks, Error> PortalMarks::readShared(const QSqlDatabase &db, const QString &orgId)
{
    // SQLite reads in this process in microseconds: handing a result between threads would cost
    // more than it saves.
    if (!Database::isPostgres())
        return read(db, orgId);
    SharedReads &reads = sharedReadsOf(orgId);
    std::unique_lock lock(reads.mutex);
    // Not the read under way, if any: it may have begun before a write this caller must see.
    const quint64 wanted = reads.begun + 1;
    for (;;) {
        if (reads.done >= wanted)
            return reads.last;
        if (!reads.reading) {
            reads.reading = true;
            const quint64 mine = ++reads.begun;
            lock.unlock();
            auto result = read(db, orgId);
            lock.lock();
            reads.reading = false;
            reads.done = mine;
            reads.last = result;
            reads.finished.notify_all();
            return result;
        }
        reads.finished.wait(lock);
    }
}
