// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include "sync/localcache.h"

// The signed-in staff member's Inbox: everything clients did in the projects they work on, newest
// first, unread in bold (see LocalCache::inboxItems for whose projects). Loaded on a worker thread
// with its own cache connection, so 10,000 items never block the GUI, and reloaded (coalesced)
// when the activity log, the read state or who works where changes. Read state is a local edit
// (inbox_mark rows), so it works offline and follows the user to their other desktops.
class InboxModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum InboxColumn { What, Project, When, ColumnCount };
    enum Role {
        ActivityIdRole = Qt::UserRole + 1,
        EntityRole,
        EntityIdRole,
        ProjectIdRole,
        ReadRole,
    };

    explicit InboxModel(LocalCache *cache, QObject *parent = nullptr);

    // Whose Inbox: the signed-in user's e-mail (empty: nobody's, the model stays empty).
    void setUserEmail(const QString &email);
    void reload();
    bool isLoading() const { return m_loading; }
    int unreadCount() const { return m_unread; }
    const InboxItem &item(int row) const { return m_items.at(row); }
    int rowOf(const QString &activityId) const;

    // Marks items read (one inbox_mark each), or every item up to the newest (one mark in all).
    bool markRead(const QStringList &activityIds, QString *error = nullptr);
    bool markAllRead(QString *error = nullptr);

    // What a person reads for an item, in words and translated: "Ana Alves commented" (short, for
    // a notification's title) and the whole sentence ("Ana Alves commented on “Homepage”: …").
    static QString describe(const InboxItem &item);
    static QString sentence(const InboxItem &item);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded();
    void unreadCountChanged(int count);
    // Unread items that were not there at the previous load (never on the first load of a run):
    // what a desktop notification tells about.
    void itemsArrived(const QList<InboxItem> &items);

private:
    QPointer<LocalCache> m_cache;
    QString m_email;
    QList<InboxItem> m_items;
    QHash<QString, int> m_index;
    QSet<QString> m_known; // activity ids seen at earlier loads
    bool m_loadedOnce = false;
    bool m_loading = false;
    quint64 m_generation = 0;
    int m_unread = 0;
    QTimer m_reloadTimer;
};
