// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/activityproxymodel.h"

#include <QJsonDocument>

#include "models/activitytext.h"
#include "models/entitytablemodel.h"
#include "sync/localcache.h"

QStringList ActivityProxyModel::neededFields()
{
    return {QStringLiteral("actor_id"), QStringLiteral("actor_kind"), QStringLiteral("action"),
        QStringLiteral("entity"), QStringLiteral("entity_id"), QStringLiteral("details"), QStringLiteral("summary")};
}

ActivityProxyModel::ActivityProxyModel(LocalCache *cache, int whoColumn, int whatColumn, QObject *parent)
    : QIdentityProxyModel(parent)
    , m_cache(cache)
    , m_whoColumn(whoColumn)
    , m_whatColumn(whatColumn)
{
    connect(cache, &LocalCache::rowsChanged, this, [this](const QString &entity) {
        if (entity == u"staff_user" || entity == u"contact") {
            m_names.clear();
            if (rowCount() > 0)
                Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        }
    });
}

QString ActivityProxyModel::personName(const QString &kind, const QString &id) const
{
    if (id.isEmpty() || !m_cache)
        return {};
    const QString key = kind + u'/' + id;
    auto it = m_names.constFind(key);
    if (it != m_names.constEnd())
        return *it;
    const auto row = m_cache->row(kind == u"contact" ? QStringLiteral("contact") : QStringLiteral("staff_user"), id);
    const QString name = row ? row->value(u"name").toString() : QString();
    m_names.insert(key, name);
    return name;
}

QString ActivityProxyModel::commentTarget(const QString &commentId) const
{
    if (!m_cache || commentId.isEmpty())
        return {};
    const auto comment = m_cache->row(QStringLiteral("comment"), commentId);
    if (!comment)
        return {};
    const QString entity = comment->value(u"target_entity").toString();
    const auto target = m_cache->row(entity, comment->value(u"target_id").toString());
    return target ? target->value(entity == u"task" ? u"title" : u"name").toString() : QString();
}

QVariant ActivityProxyModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::AccessibleTextRole && role != Qt::ToolTipRole)
        || (index.column() != m_whoColumn && index.column() != m_whatColumn))
        return QIdentityProxyModel::data(index, role);
    // Down through any proxies (sorting, filtering) to the activity rows.
    QModelIndex at = mapToSource(index);
    const QAbstractItemModel *model = sourceModel();
    while (auto *proxy = qobject_cast<const QAbstractProxyModel *>(model)) {
        at = proxy->mapToSource(at);
        model = proxy->sourceModel();
    }
    auto *source = qobject_cast<const EntityTableModel *>(model);
    if (!source || !at.isValid())
        return QIdentityProxyModel::data(index, role);
    const int row = at.row();
    const QString kind = source->value(row, QStringLiteral("actor_kind")).toString();
    const QString name = personName(kind, source->value(row, QStringLiteral("actor_id")).toString());
    if (index.column() == m_whoColumn) {
        if (role == Qt::ToolTipRole)
            return {};
        const QString what = kind == u"contact" ? tr("client") : kind == u"staff" ? tr("staff") : tr("system");
        return name.isEmpty() ? what : tr("%1 (%2)").arg(name, what);
    }
    ActivityText::Entry entry;
    entry.actorName = name;
    entry.actorKind = kind;
    entry.action = source->value(row, QStringLiteral("action")).toString();
    entry.entity = source->value(row, QStringLiteral("entity")).toString();
    entry.details = QJsonDocument::fromJson(source->value(row, QStringLiteral("details")).toString().toUtf8()).object();
    entry.summary = source->value(row, QStringLiteral("summary")).toString();
    if (entry.action == u"comment.created")
        entry.commentTarget = commentTarget(source->value(row, QStringLiteral("entity_id")).toString());
    return ActivityText::sentence(entry);
}
