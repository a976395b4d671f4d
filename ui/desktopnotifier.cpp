// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/desktopnotifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QGuiApplication>
#include <QSystemTrayIcon>

#include "models/inboxmodel.h"
#include "ui/logging.h"

namespace {
const QString service = QStringLiteral("org.freedesktop.Notifications");
const QString path = QStringLiteral("/org/freedesktop/Notifications");
} // namespace

DesktopNotifier::DesktopNotifier(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(1500);
    connect(&m_timer, &QTimer::timeout, this, &DesktopNotifier::flush);
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected())
        bus.connect(service, path, service, QStringLiteral("ActionInvoked"), this, SIGNAL(activated()));
}

void DesktopNotifier::notify(const QList<InboxItem> &items)
{
    if (items.isEmpty())
        return;
    m_pending += items;
    if (!m_timer.isActive())
        m_timer.start();
}

void DesktopNotifier::flush()
{
    if (m_pending.isEmpty())
        return;
    const QList<InboxItem> items = std::exchange(m_pending, {});
    QString title;
    QString body;
    if (items.size() == 1) {
        const InboxItem &item = items.first();
        title = InboxModel::describe(item);
        body = item.projectName.isEmpty() ? InboxModel::sentence(item)
                                          : item.projectName + QStringLiteral(": ") + InboxModel::sentence(item);
    } else {
        title = tr("%n new item(s) from clients", nullptr, int(items.size()));
        QStringList lines;
        for (int i = 0; i < items.size() && i < 3; ++i)
            lines.append(InboxModel::sentence(items.at(i)));
        if (items.size() > 3)
            lines.append(tr("…and %n more", nullptr, int(items.size() - 3)));
        body = lines.join(u'\n');
    }
    body = body.left(400);

    QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected() && bus.interface() && bus.interface()->isServiceRegistered(service)) {
        QDBusMessage call = QDBusMessage::createMethodCall(service, path, service, QStringLiteral("Notify"));
        call << QGuiApplication::applicationDisplayName() << m_lastId << QStringLiteral("io.atrium.Atrium") << title
             << body << QStringList{QStringLiteral("default"), tr("Open Inbox")} << QVariantMap() << qint32(-1);
        // Never waits: the GUI thread does not block on the bus.
        auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, title, body] {
            watcher->deleteLater();
            QDBusPendingReply<uint> reply = *watcher;
            if (reply.isError()) {
                qCWarning(lcUi) << "Notification service refused:" << reply.error().message();
                showInTray(title, body);
                return;
            }
            m_lastId = reply.value();
            Q_EMIT notified(title, body, QStringLiteral("dbus"));
        });
        return;
    }
    showInTray(title, body);
}

void DesktopNotifier::showInTray(const QString &title, const QString &body)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(QGuiApplication::windowIcon(), this);
            connect(m_tray, &QSystemTrayIcon::messageClicked, this, &DesktopNotifier::activated);
            m_tray->show();
        }
        m_tray->showMessage(title, body);
        Q_EMIT notified(title, body, QStringLiteral("tray"));
        return;
    }
    // Neither is there (a bare session): the Inbox's count in the window still tells.
    qCInfo(lcUi) << "No notification service or system tray:" << title;
    Q_EMIT notified(title, body, QStringLiteral("none"));
}
