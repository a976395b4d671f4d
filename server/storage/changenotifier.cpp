// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/changenotifier.h"

#include <functional>

#include <QMutexLocker>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>
#include <QTimer>

#include "server/storage/database.h"
#include "server/storage/logging.h"

std::atomic<ChangeNotifier *> ChangeNotifier::s_instance = nullptr;

namespace {

// Qt's driver tells nothing when the listening connection is lost (its socket notifier is just
// disabled), so the connection is checked this often.
constexpr int kProbeMs = 10000;
constexpr int kRetryMs = 3000; // how often a lost one is reopened

// LISTENs on its thread's own connection (Database::connection() gives each thread one, so on
// this thread it is a dedicated one) and hands every notification to `publish`. Lives on the
// notifier's thread, which it never blocks for others: opening, probing and catching up may wait
// on PostgreSQL, but nothing else runs there.
class PgListener : public QObject
{
public:
    using Publish = std::function<void(const QString &orgId, qint64 version)>;

    explicit PgListener(Publish publish)
        : m_publish(std::move(publish))
    {
    }

    // On the listener's thread, once it runs.
    void start()
    {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &PgListener::check);
        listen();
    }

private:
    void listen()
    {
        m_listening = false;
        auto db = Database::connection();
        if (db) {
            QSqlDriver *driver = db->driver();
            if (driver != m_driver) {
                m_driver = driver;
                connect(driver, &QSqlDriver::notification, this, &PgListener::onNotification);
            }
            const QString channel = ChangeNotifier::pgChannel.toString();
            if (driver->subscribedToNotifications().contains(channel) || driver->subscribeToNotification(channel)) {
                m_listening = catchUp(*db);
            } else {
                qCWarning(lcDatabase).noquote() << "cannot listen for changes:" << driver->lastError().text();
            }
            if (!m_listening)
                db->close();
        }
        if (m_listening)
            qCDebug(lcDatabase).noquote() << "listening for changes on" << ChangeNotifier::pgChannel;
        else
            qCWarning(lcDatabase).noquote() << "not listening for changes; trying again in" << kRetryMs << "ms";
        m_timer->start(m_listening ? kProbeMs : kRetryMs);
    }

    // Versions committed while no one listened (before the start, or while the connection was
    // lost) are announced now; the notifier drops the ones it already knows.
    bool catchUp(const QSqlDatabase &db)
    {
        auto q = Database::exec(db, QStringLiteral("SELECT org_id, last_version FROM org_sequences"));
        if (!q)
            return false;
        while (q->next())
            m_publish(q->value(0).toString(), q->value(1).toLongLong());
        return true;
    }

    // Asks the server whether this session still listens: after a lost connection Qt's driver may
    // quietly open a new session, which works for queries but listens to nothing.
    bool stillListening(const QSqlDatabase &db)
    {
        auto q = Database::exec(db, QStringLiteral("SELECT count(*) FROM pg_listening_channels() AS c WHERE c = ?"),
            {ChangeNotifier::pgChannel.toString()});
        return q && q->next() && q->value(0).toInt() == 1;
    }

    void check()
    {
        if (m_listening) {
            auto db = Database::connection();
            if (db && stillListening(*db)) {
                m_timer->start(kProbeMs);
                return;
            }
            qCWarning(lcDatabase).noquote() << "lost the connection that listens for changes; reconnecting";
            if (db)
                db->close(); // a fresh session and a fresh driver state for LISTEN
        }
        listen();
    }

    void onNotification(const QString &name, QSqlDriver::NotificationSource, const QVariant &payload)
    {
        if (name != ChangeNotifier::pgChannel)
            return;
        const QString text = payload.toString();
        const qsizetype colon = text.lastIndexOf(u':');
        bool ok = false;
        const qint64 version = colon > 0 ? QStringView(text).sliced(colon + 1).toLongLong(&ok) : 0;
        if (!ok) {
            qCWarning(lcDatabase).noquote() << "ignoring a malformed change notification" << text.left(100);
            return;
        }
        m_publish(text.left(colon), version);
    }

    Publish m_publish;
    QTimer *m_timer = nullptr;
    QSqlDriver *m_driver = nullptr; // the same object across close and reopen of the connection
    bool m_listening = false;
};

} // namespace

ChangeNotifier::ChangeNotifier(QObject *parent)
    : QObject(parent)
{
    ChangeNotifier *expected = nullptr;
    if (!s_instance.compare_exchange_strong(expected, this))
        qCWarning(lcServer).noquote() << "a second ChangeNotifier is not announced to";
}

ChangeNotifier::~ChangeNotifier()
{
    if (m_thread) {
        // The listener is deleted on its thread as the thread finishes, then the thread's
        // database connection is closed.
        m_thread->quit();
        m_thread->wait();
    }
    ChangeNotifier *self = this;
    s_instance.compare_exchange_strong(self, nullptr);
}

ChangeNotifier *ChangeNotifier::instance()
{
    return s_instance.load();
}

void ChangeNotifier::start()
{
    if (!Database::isPostgres() || m_thread)
        return;
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("atrium-listen"));
    auto *listener = new PgListener([this](const QString &orgId, qint64 version) {
        publish(orgId, version);
    });
    listener->moveToThread(m_thread);
    connect(m_thread, &QThread::started, listener, &PgListener::start);
    connect(m_thread, &QThread::finished, listener, &QObject::deleteLater);
    m_thread->start();
}

void ChangeNotifier::announce(const QString &orgId, qint64 version)
{
    if (ChangeNotifier *notifier = instance())
        notifier->publish(orgId, version);
}

QString ChangeNotifier::payload(const QString &orgId, qint64 version)
{
    return orgId + u':' + QString::number(version);
}

qint64 ChangeNotifier::latestVersion(const QString &orgId) const
{
    const QMutexLocker locker(&m_mutex);
    return m_latest.value(orgId, -1);
}

void ChangeNotifier::publish(const QString &orgId, qint64 version)
{
    {
        const QMutexLocker locker(&m_mutex);
        auto it = m_latest.find(orgId);
        if (it != m_latest.end() && it.value() >= version)
            return;
        m_latest.insert(orgId, version);
    }
    // Recorded before it is emitted: a stream that connects and then reads latestVersion() misses
    // nothing (whatever it did not read it gets as a signal).
    emit versionCommitted(orgId, version);
}
