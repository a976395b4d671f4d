// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QString>

class QThread;

// Tells the live-update streams (GET /api/v1/sync/events) that an organisation committed a new
// version. One per server process: created on the main thread before the HTTP server starts and
// destroyed after the thread pool is done. Without one (operator commands, unit tests)
// announcements go nowhere.
//
// SQLite (one server process): WriteTransaction::commit() calls announce() after COMMIT, which
// emits versionCommitted on the committing pool thread; receivers connect with a context object
// on their own thread, so delivery to them is queued.
//
// PostgreSQL (several server processes may share the database): commit() runs
// pg_notify('atrium_changes', 'orgId:version') inside the transaction, so the notification goes
// out only if the transaction commits, and does not call announce(). A listener on a thread of
// its own LISTENs on a dedicated connection and turns every notification into versionCommitted,
// this process's own commits included: each commit is announced once in every process, whichever
// process made it. The listener checks its connection and reconnects when it is lost; after
// (re)subscribing it reads every organisation's version, so a commit made while it was not
// listening is still announced.
//
// Either way versionCommitted only carries a version above all versions announced before for
// that organisation: duplicates and stragglers (a smaller version announced after a larger one by
// a racing commit) are dropped.
class ChangeNotifier : public QObject
{
    Q_OBJECT
public:
    static constexpr QStringView pgChannel = u"atrium_changes";

    explicit ChangeNotifier(QObject *parent = nullptr);
    ~ChangeNotifier() override;

    // The process's notifier, or nullptr when there is none.
    static ChangeNotifier *instance();

    // On PostgreSQL starts listening (Database::configure() must have run); nothing on SQLite.
    void start();

    // From any thread: the organisation committed versions up to `version`. No-op without an instance.
    static void announce(const QString &orgId, qint64 version);
    // The payload of the PostgreSQL notification: "orgId:version".
    static QString payload(const QString &orgId, qint64 version);

    // The highest version announced for the organisation in this process, -1 when none. Any thread.
    qint64 latestVersion(const QString &orgId) const;

signals:
    void versionCommitted(const QString &orgId, qint64 version);

private:
    void publish(const QString &orgId, qint64 version);

    static std::atomic<ChangeNotifier *> s_instance;
    mutable QMutex m_mutex;
    QHash<QString, qint64> m_latest;
    QThread *m_thread = nullptr; // the PostgreSQL listener's
};
