// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include "sync/localcache.h"

class QSystemTrayIcon;

// Tells the user about new Inbox items while the app runs: through the freedesktop notification
// service on the session bus (org.freedesktop.Notifications), or QSystemTrayIcon::showMessage where
// there is none. A burst (a pull that brings twenty uploads) becomes one notification: items are
// gathered for a moment and told together, and a later burst replaces the earlier notification
// instead of stacking up. Inbox items are what clients did, so the user's own actions never
// notify.
class DesktopNotifier : public QObject
{
    Q_OBJECT
public:
    explicit DesktopNotifier(QObject *parent = nullptr);

    // How long items are gathered before one notification (default 1.5 s).
    void setCoalescingInterval(int ms) { m_timer.setInterval(ms); }

public Q_SLOTS:
    void notify(const QList<InboxItem> &items);

Q_SIGNALS:
    // One notification went out (for tests and logs): its title and body, and how it was shown.
    void notified(const QString &title, const QString &body, const QString &via);
    // The user clicked the notification (when the service reports it).
    void activated();

private:
    void flush();
    void showInTray(const QString &title, const QString &body);

    QTimer m_timer;
    QList<InboxItem> m_pending;
    uint m_lastId = 0; // the service's id of our last notification, replaced by the next
    QPointer<QSystemTrayIcon> m_tray;
};
