// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractItemModel>
#include <QJsonObject>
#include <QList>
#include <QString>

// What one contact sees in the client portal, as a tree: projects → Tasks, Files, Sign-Offs → the
// items, each with what the contact may do with it (Read-only, Editable, Can approve…). Filled
// from the server's answer to GET /api/v1/contacts/{id}/portal-view (the portal's own pages,
// decided by the portal's permission function); it decides nothing itself. Owned by the dialog
// that shows it.
class PortalViewModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, AccessColumn, DetailColumn, ColumnCount };
    enum Role {
        SortValueRole = Qt::UserRole + 1,
        ItemIdRole,
        KindRole, // "project", "group", "task", "file", "signoff"
        AccessRole, // raw: "view" / "upload" (projects), "read_only" / "editable", "approve" (sign-offs)
    };

    explicit PortalViewModel(QObject *parent = nullptr);

    // Replaces the tree with the projects of a portal-view answer ({contact, projects}).
    void setView(const QJsonObject &view);
    void clear();
    int projectCount() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node
    {
        QString kind;
        QString id;
        QString name;
        QString access; // raw, see AccessRole
        QString detail;
        int parent = -1; // index in m_nodes; -1 for projects
        int row = 0; // among its parent's children
        QList<int> children;
    };
    int addNode(Node node);
    void addGroup(int project, const QString &title, const QString &kind, const QJsonArray &items);
    const Node *nodeOf(const QModelIndex &index) const;
    static QString accessLabel(const QString &kind, const QString &access);

    QList<Node> m_nodes;
    QList<int> m_projects;
};
