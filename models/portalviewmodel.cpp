// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/portalviewmodel.h"

#include <QDate>
#include <QFont>
#include <QJsonArray>
#include <QLocale>

PortalViewModel::PortalViewModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

void PortalViewModel::clear()
{
    beginResetModel();
    m_nodes.clear();
    m_projects.clear();
    endResetModel();
}

int PortalViewModel::addNode(Node node)
{
    const int at = int(m_nodes.size());
    if (node.parent < 0) {
        node.row = int(m_projects.size());
        m_projects.append(at);
    } else {
        node.row = int(m_nodes[node.parent].children.size());
        m_nodes[node.parent].children.append(at);
    }
    m_nodes.append(node);
    return at;
}

void PortalViewModel::addGroup(int project, const QString &title, const QString &kind, const QJsonArray &items)
{
    const int group =
        addNode({QStringLiteral("group"), {}, tr("%1 (%2)").arg(title).arg(items.size()), {}, {}, project, 0, {}});
    static const QHash<QString, QString> taskStatus = {{QStringLiteral("todo"), tr("To do")},
        {QStringLiteral("in_progress"), tr("In progress")}, {QStringLiteral("done"), tr("Done")}};
    static const QHash<QString, QString> signoffStatus = {{QStringLiteral("sent"), tr("Waiting for an answer")},
        {QStringLiteral("approved"), tr("Approved")}, {QStringLiteral("rejected"), tr("Rejected")}};
    for (const QJsonValue &value : items) {
        const QJsonObject item = value.toObject();
        const QJsonObject can = item.value(u"can").toObject();
        Node node{kind, item.value(u"id").toString(), {}, {}, {}, group, 0, {}};
        if (kind == u"task") {
            node.name = item.value(u"title").toString();
            node.access = can.value(u"edit").toBool() ? QStringLiteral("editable") : QStringLiteral("read_only");
            const QString status = item.value(u"status").toString();
            node.detail = taskStatus.value(status, status);
            if (const QDate due = QDate::fromString(item.value(u"due_date").toString(), Qt::ISODate); due.isValid())
                node.detail = tr("%1, due %2").arg(node.detail, QLocale().toString(due, QLocale::ShortFormat));
        } else if (kind == u"file") {
            node.name = item.value(u"name").toString();
            node.access = can.value(u"edit").toBool() ? QStringLiteral("editable") : QStringLiteral("read_only");
            const QString size = QLocale().formattedDataSize(item.value(u"size").toInteger());
            const QString folder = item.value(u"folder").toString();
            node.detail = folder.isEmpty() ? size : tr("%1, in %2").arg(size, folder);
        } else {
            node.name = item.value(u"title").toString();
            node.access = can.value(u"approve").toBool() ? QStringLiteral("approve") : QStringLiteral("read_only");
            const QString status = item.value(u"status").toString();
            node.detail = signoffStatus.value(status, status);
        }
        addNode(node);
    }
}

void PortalViewModel::setView(const QJsonObject &view)
{
    beginResetModel();
    m_nodes.clear();
    m_projects.clear();
    for (const QJsonValue &value : view.value(u"projects").toArray()) {
        const QJsonObject page = value.toObject();
        const QJsonObject project = page.value(u"project").toObject();
        const bool uploads = project.value(u"can").toObject().value(u"upload").toBool();
        const int at = addNode({QStringLiteral("project"), project.value(u"id").toString(),
            project.value(u"name").toString(), uploads ? QStringLiteral("upload") : QStringLiteral("view"),
            project.value(u"description").toString(), -1, 0, {}});
        addGroup(at, tr("Tasks"), QStringLiteral("task"), page.value(u"tasks").toArray());
        addGroup(at, tr("Files"), QStringLiteral("file"), page.value(u"files").toArray());
        addGroup(at, tr("Sign-Offs"), QStringLiteral("signoff"), page.value(u"signoffs").toArray());
    }
    endResetModel();
}

int PortalViewModel::projectCount() const
{
    return int(m_projects.size());
}

const PortalViewModel::Node *PortalViewModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    return &m_nodes.at(qsizetype(index.internalId()));
}

QModelIndex PortalViewModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const Node *p = nodeOf(parent);
    return createIndex(row, column, quintptr(p ? p->children.at(row) : m_projects.at(row)));
}

QModelIndex PortalViewModel::parent(const QModelIndex &child) const
{
    const Node *node = nodeOf(child);
    if (!node || node->parent < 0)
        return {};
    return createIndex(m_nodes.at(node->parent).row, 0, quintptr(node->parent));
}

int PortalViewModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    const Node *node = nodeOf(parent);
    return int(node ? node->children.size() : m_projects.size());
}

int PortalViewModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString PortalViewModel::accessLabel(const QString &kind, const QString &access)
{
    if (kind == u"group")
        return {};
    if (access == u"editable")
        return tr("Editable");
    if (access == u"approve")
        return tr("Can approve or reject");
    if (access == u"upload")
        return tr("Can view and upload files");
    if (access == u"view")
        return tr("Can view");
    return tr("Read-only");
}

QVariant PortalViewModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node &node = *nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        if (index.column() == NameColumn)
            return node.name;
        if (index.column() == AccessColumn)
            return accessLabel(node.kind, node.access);
        return node.detail;
    case SortValueRole:
        return index.column() == AccessColumn ? node.access : data(index, Qt::DisplayRole);
    case ItemIdRole:
        return node.id;
    case KindRole:
        return node.kind;
    case AccessRole:
        return node.access;
    case Qt::FontRole:
        if (node.kind == u"project" && index.column() == NameColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

QVariant PortalViewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("What the contact sees");
    case AccessColumn:
        return tr("They can");
    case DetailColumn:
        return tr("Details");
    default:
        return {};
    }
}
