// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/commentthreadmodel.h"

#include <algorithm>

#include "common/timeutil.h"
#include "sync/localcache.h"

CommentThreadModel::CommentThreadModel(LocalCache *cache, QObject *parent)
    : QAbstractListModel(parent)
    , m_cache(cache)
{
    connect(cache, &LocalCache::rowsChanged, this, [this](const QString &entity) {
        // A new or changed comment, or an author who was renamed.
        if (!m_id.isEmpty()
            && (entity == u"comment" || entity == u"staff_user" || entity == u"contact" || entity == m_entity))
            reload();
    });
}

void CommentThreadModel::setTarget(const QString &entity, const QString &id)
{
    if (entity == m_entity && id == m_id)
        return;
    m_entity = entity;
    m_id = id;
    reload();
}

void CommentThreadModel::reload()
{
    QList<Comment> comments;
    if (m_cache && !m_id.isEmpty()) {
        auto set = m_cache->records(QStringLiteral("comment"),
            {QStringLiteral("target_entity"), QStringLiteral("author_id"), QStringLiteral("author_kind"),
                QStringLiteral("body"), QStringLiteral("created_at")},
            QStringLiteral("target_id"), m_id);
        if (set) {
            QHash<QString, QString> names; // author id → name, looked up once per thread
            for (const Record &r : std::as_const(set->rows)) {
                if (r.values.at(0).toString() != m_entity)
                    continue;
                Comment c;
                c.id = r.id;
                const QString authorId = r.values.at(1).toString();
                c.authorKind = r.values.at(2).toString();
                c.body = r.values.at(3).toString();
                c.time = TimeUtil::fromWire(r.values.at(4).toString()).value_or(QDateTime());
                c.pending = r.pending;
                if (authorId.isEmpty()) {
                    c.author = tr("You");
                } else {
                    if (!names.contains(authorId)) {
                        const auto row = m_cache->row(
                            c.authorKind == u"contact" ? QStringLiteral("contact") : QStringLiteral("staff_user"),
                            authorId);
                        names.insert(authorId, row ? row->value(u"name").toString() : QString());
                    }
                    c.author = names.value(authorId);
                    if (c.author.isEmpty())
                        c.author = c.authorKind == u"contact" ? tr("A client") : tr("A colleague");
                }
                comments.append(c);
            }
        }
    }
    std::stable_sort(comments.begin(), comments.end(), [](const Comment &a, const Comment &b) {
        return a.time < b.time;
    });
    beginResetModel();
    m_comments = comments;
    endResetModel();
}

int CommentThreadModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_comments.size());
}

QVariant CommentThreadModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_comments.size())
        return {};
    const Comment &c = m_comments.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return c.body;
    case IdRole:
        return c.id;
    case AuthorRole:
        return c.author;
    case AuthorKindRole:
        return c.authorKind;
    case TimeRole:
        return c.time;
    case PendingRole:
        return c.pending;
    default:
        return {};
    }
}

QHash<int, QByteArray> CommentThreadModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(AuthorRole, "author");
    names.insert(AuthorKindRole, "authorKind");
    names.insert(TimeRole, "time");
    names.insert(PendingRole, "pending");
    return names;
}
