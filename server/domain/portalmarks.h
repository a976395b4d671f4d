// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QString>

#include <expected>
#include <optional>

#include "common/error.h"

// Where an organisation's data stands, for what a server keeps in memory of it between portal
// requests (sessions with their actor, project facts, project pages). Read in one indexed lookup:
//  - `version`: the organisation's last committed change version; every write through the server
//    takes the next one, so content built at it is right while it has not moved;
//  - `inputs`: a count of writes to tasks, files and sign-offs, the rows the permission decisions
//    on a page's items rest on;
//  - `facts`: a count of writes to contacts, clients, projects, the organisation, and to whether a
//    portal session is valid (revoked, expired, its CSRF token).
// Both counts are kept by database triggers (migrations 18 and 19), so they move with every such
// write on any instance, even one made in the database by hand without a new version (on PostgreSQL
// once per transaction, however many of its statements write). Read before the data
// it dates, so nothing is ever filed under a newer mark than what it shows.
struct PortalMarks
{
    qint64 version = -1;
    qint64 inputs = 0;
    qint64 facts = 0;

    // -1 for every count of an organisation that does not exist.
    static std::expected<PortalMarks, Error> read(const QSqlDatabase &db, const QString &orgId);

    // The same, for the portal's requests, which each read the marks before anything else: a
    // read that began after this call, so that a write committed before it (a session ended, a
    // task made private) is in what it returns, exactly as with read(). On PostgreSQL, where each
    // read is a round trip to another process, concurrent callers for one organisation share it:
    // one caller reads on its own connection while those arriving meanwhile wait and take the
    // next read, begun after they arrived, together. Not inside a transaction (the caller's
    // connection may serve the others).
    static std::expected<PortalMarks, Error> readShared(const QSqlDatabase &db, const QString &orgId);
};

// What a server remembers between requests, each value with the organisation's `facts` count
// (PortalMarks) it was read at; the caller uses a value only while the count still stands. Shared
// by the request threads; bounded: past `limit` values it starts over (each costs one fresh read to
// come back).
template <typename T> class FactsMemory
{
public:
    struct Entry
    {
        qint64 facts = -1;
        T value;
    };

    explicit FactsMemory(qsizetype limit)
        : m_limit(limit)
    {
    }
    std::optional<Entry> find(const QString &key)
    {
        QMutexLocker lock(&m_mutex);
        const auto found = m_entries.constFind(key);
        if (found == m_entries.cend())
            return std::nullopt;
        return *found;
    }
    void insert(const QString &key, qint64 facts, const T &value)
    {
        QMutexLocker lock(&m_mutex);
        if (m_entries.size() >= m_limit)
            m_entries.clear();
        m_entries.insert(key, Entry{facts, value});
    }
    // Changes a remembered value in place (not one of its facts: those move the count).
    template <typename Change> void update(const QString &key, Change &&change)
    {
        QMutexLocker lock(&m_mutex);
        const auto found = m_entries.find(key);
        if (found != m_entries.end())
            change(found->value);
    }

private:
    const qsizetype m_limit;
    QMutex m_mutex;
    QHash<QString, Entry> m_entries;
};
