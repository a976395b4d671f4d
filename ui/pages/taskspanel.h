// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pages/page.h"

class CommentThreadView;
class EntityTableModel;
class QComboBox;
class RecordFilterProxyModel;
class VisibilityDelegate;

// The chosen project's tasks (Projects tab → Tasks): titles and statuses edited in place, client
// visibility per task (in the table, the context menu and the detail pane), new tasks.
class TasksPanel : public Page
{
    Q_OBJECT
public:
    // The tasks model's columns, in order.
    enum TaskColumn { TaskTitle, TaskStatus, TaskDue, TaskVisibility, TaskAssignee, TaskProject, TaskColumnCount };

    TasksPanel(LocalCache *cache, VisibilityDelegate *visibility, QWidget *parent = nullptr);

    EntityTableModel *model() const { return m_tasks; }
    // The model the view shows (the tasks, filtered and sorted).
    const QAbstractItemModel *viewModel() const;
    QStringList selectedTaskIds() const;
    // The comment thread of the chosen task (the detail pane).
    CommentThreadView *thread() const { return m_thread; }
    // Shows the tasks of this project ("" for none).
    void setProject(const QString &projectId);
    // Selects the task (once loaded) and shows its thread.
    void selectTask(const QString &id);

public Q_SLOTS:
    void newTask();
    // Every field of the chosen task: title, description, status, due date, assignee.
    void editTask();
    // Asks to delete the chosen tasks (the Delete key does the same).
    void deleteSelected();

Q_SIGNALS:
    // The user asked for a visibility (the projects page decides whether to confirm).
    void visibilityRequested(const QString &entity, const QStringList &ids, const QString &visibility);
    void visibilityMenuRequested(QTableView *view, const QString &entity, const QPoint &pos);

private:
    // "Nobody" and every staff member, by name.
    QList<QPair<QString, QString>> staffChoices() const;
    void refreshAssigneeNames();

    EntityTableModel *m_tasks;
    RecordFilterProxyModel *m_tasksProxy;
    QTableView *m_tasksView = nullptr;
    QComboBox *m_detailVisibility = nullptr;
    CommentThreadView *m_thread = nullptr;
    QString m_projectId;
};
