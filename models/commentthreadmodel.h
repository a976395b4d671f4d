// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QList>
#include <QPointer>
#include <QString>

class LocalCache;

// The comments on one task or file from the local cache, oldest first (newest last, as a
// conversation reads): client and staff comments with their author's name, the time and whether
// the comment still waits to reach the server. A thread is a handful of rows read by the indexed
// target_id, so it loads on the GUI thread; it follows the cache's changes (pulls and local edits).
class CommentThreadModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        AuthorRole, // the author's name ("You" for a comment of this desktop not yet synced)
        AuthorKindRole, // "staff" or "contact"
        TimeRole, // QDateTime, UTC
        PendingRole,
    };

    explicit CommentThreadModel(LocalCache *cache, QObject *parent = nullptr);

    // Shows the thread of `entity` ("task" or "file") `id`; an empty id shows nothing.
    void setTarget(const QString &entity, const QString &id);
    QString targetEntity() const { return m_entity; }
    QString targetId() const { return m_id; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

public Q_SLOTS:
    void reload();

private:
    struct Comment
    {
        QString id;
        QString author;
        QString authorKind;
        QDateTime time;
        QString body;
        bool pending = false;
    };

    QPointer<LocalCache> m_cache;
    QString m_entity;
    QString m_id;
    QList<Comment> m_comments;
};
