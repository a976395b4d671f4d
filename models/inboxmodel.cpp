// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/inboxmodel.h"

#include <QCoreApplication>
#include <QFont>
#include <QLocale>
#include <QThreadPool>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "models/logging.h"

InboxModel::InboxModel(LocalCache *cache, QObject *parent)
    : QAbstractTableModel(parent)
    , m_cache(cache)
{
    // A pull arrives in pages: load once they have settled.
    m_reloadTimer.setSingleShot(true);
    m_reloadTimer.setInterval(150);
    connect(&m_reloadTimer, &QTimer::timeout, this, &InboxModel::reload);
    connect(cache, &LocalCache::rowsChanged, this, [this](const QString &entity) {
        static const QStringList inputs = {QStringLiteral("activity"), QStringLiteral("inbox_mark"),
            QStringLiteral("task"), QStringLiteral("project"), QStringLiteral("contact"), QStringLiteral("staff_user")};
        if (inputs.contains(entity) && !m_email.isEmpty())
            m_reloadTimer.start();
    });
}

void InboxModel::setUserEmail(const QString &email)
{
    if (email == m_email)
        return;
    m_email = email;
    m_known.clear();
    m_loadedOnce = false;
    reload();
}

void InboxModel::reload()
{
    if (!m_cache)
        return;
    m_reloadTimer.stop();
    m_loading = true;
    const quint64 generation = ++m_generation;
    const QString path = m_cache->path();
    const QString email = m_email;
    QPointer<InboxModel> self(this);
    QThreadPool::globalInstance()->start([=] {
        std::expected<QList<InboxItem>, Error> items = QList<InboxItem>();
        if (!email.isEmpty()) {
            LocalCache reader;
            if (auto r = reader.open(path, LocalCache::OpenMode::ReadOnly); !r)
                items = std::unexpected(r.error());
            else
                items = reader.inboxItems(email);
        }
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, generation, items = std::move(items)]() mutable {
                if (!self || generation != self->m_generation)
                    return;
                self->m_loading = false;
                if (!items) {
                    qCWarning(lcModels) << "Cannot load the inbox" << items.error().message;
                    return;
                }
                QList<InboxItem> arrived;
                int unread = 0;
                for (const InboxItem &item : std::as_const(*items)) {
                    if (!item.read) {
                        ++unread;
                        if (self->m_loadedOnce && !self->m_known.contains(item.activityId))
                            arrived.append(item);
                    }
                    self->m_known.insert(item.activityId);
                }
                self->beginResetModel();
                self->m_items = std::move(*items);
                self->m_index.clear();
                for (int row = 0; row < self->m_items.size(); ++row)
                    self->m_index.insert(self->m_items.at(row).activityId, row);
                self->endResetModel();
                self->m_loadedOnce = !self->m_email.isEmpty();
                const bool countChanged = unread != self->m_unread;
                self->m_unread = unread;
                Q_EMIT self->loaded();
                if (countChanged)
                    Q_EMIT self->unreadCountChanged(unread);
                if (!arrived.isEmpty())
                    Q_EMIT self->itemsArrived(arrived);
            },
            Qt::QueuedConnection);
    });
}

int InboxModel::rowOf(const QString &activityId) const
{
    return m_index.value(activityId, -1);
}

bool InboxModel::markRead(const QStringList &activityIds, QString *error)
{
    QList<LocalEdit> edits;
    for (const QString &id : activityIds) {
        const int row = rowOf(id);
        if (row < 0 || m_items.at(row).read)
            continue;
        edits.append({LocalEdit::Op::Create, QStringLiteral("inbox_mark"), EntitySchema::newUuid(),
            QJsonObject{{QStringLiteral("activity_id"), id}}});
    }
    if (edits.isEmpty() || !m_cache)
        return true;
    auto r = m_cache->applyEdits(edits);
    if (!r && error)
        *error = r.error().message;
    return r.has_value();
}

bool InboxModel::markAllRead(QString *error)
{
    qint64 newest = 0;
    for (const InboxItem &item : std::as_const(m_items))
        newest = std::max(newest, item.version);
    if (newest == 0 || m_unread == 0 || !m_cache)
        return true;
    auto r = m_cache->applyEdit({LocalEdit::Op::Create, QStringLiteral("inbox_mark"), EntitySchema::newUuid(),
        QJsonObject{{QStringLiteral("through_version"), newest}}});
    if (!r && error)
        *error = r.error().message;
    return r.has_value();
}

QString InboxModel::describe(const InboxItem &item)
{
    const QString who = item.actorName.isEmpty() ? tr("A client") : item.actorName;
    if (item.action == u"comment.created")
        return tr("%1 commented").arg(who);
    if (item.action == u"file.uploaded")
        return tr("%1 uploaded a file").arg(who);
    if (item.action == u"file.replaced")
        return tr("%1 uploaded a new version").arg(who);
    if (item.action == u"task.updated")
        return tr("%1 changed a task's status").arg(who);
    if (item.action == u"signoff.approved")
        return tr("%1 approved a sign-off").arg(who);
    if (item.action == u"signoff.rejected")
        return tr("%1 rejected a sign-off").arg(who);
    if (item.action == u"contact.signed_up")
        return tr("%1 accepted the invitation").arg(who);
    return tr("%1 did something in the portal").arg(who);
}

QString InboxModel::sentence(const InboxItem &item)
{
    const QString who = item.actorName.isEmpty() ? tr("A client") : item.actorName;
    const QString title = item.itemTitle;
    const QString excerpt = item.excerpt.simplified().left(160);
    if (item.action == u"comment.created" && title.isEmpty() && excerpt.isEmpty())
        return describe(item); // the comment itself is not in the cache (yet)
    if (item.action == u"comment.created")
        return title.isEmpty() ? tr("%1 commented: %2").arg(who, excerpt)
                               : tr("%1 commented on \u201C%2\u201D: %3").arg(who, title, excerpt);
    if (item.action == u"file.uploaded")
        return tr("%1 uploaded \u201C%2\u201D").arg(who, title);
    if (item.action == u"file.replaced")
        return tr("%1 uploaded a new version of \u201C%2\u201D").arg(who, title);
    if (item.action == u"task.updated") {
        const QHash<QString, QString> status = {{QStringLiteral("todo"), tr("To do")},
            {QStringLiteral("in_progress"), tr("In progress")}, {QStringLiteral("done"), tr("Done")}};
        return tr("%1 changed the status of \u201C%2\u201D (now %3)")
            .arg(who, title, status.value(item.itemState, item.itemState));
    }
    if (item.action == u"signoff.approved")
        return tr("%1 approved \u201C%2\u201D").arg(who, title);
    if (item.action == u"signoff.rejected")
        return tr("%1 rejected \u201C%2\u201D: %3").arg(who, title, item.itemState.simplified().left(160));
    if (item.action == u"contact.signed_up")
        return tr("%1 accepted the invitation to the portal").arg(who);
    return describe(item) + QStringLiteral(": ") + item.summary;
}

int InboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int InboxModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InboxModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const InboxItem &item = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case What:
            return sentence(item);
        case Project:
            return item.projectName;
        case When: {
            const auto time = TimeUtil::fromWire(item.createdAt);
            return time ? QLocale().toString(time->toLocalTime(), QLocale::ShortFormat) : QString();
        }
        default:
            return {};
        }
    case Qt::AccessibleDescriptionRole:
        return item.read ? tr("Read") : tr("Unread");
    case Qt::FontRole:
        if (!item.read) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case ActivityIdRole:
        return item.activityId;
    case EntityRole:
        return item.entity;
    case EntityIdRole:
        return item.entityId;
    case ProjectIdRole:
        return item.projectId;
    case ReadRole:
        return item.read;
    default:
        return {};
    }
}

QVariant InboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case What:
        return tr("What happened");
    case Project:
        return tr("Project");
    case When:
        return tr("When");
    default:
        return {};
    }
}
