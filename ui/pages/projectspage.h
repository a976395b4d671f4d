// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pages/page.h"

class ClientsPage;
class EntityTableModel;
class FilesPanel;
class QComboBox;
class QTabWidget;
class QLabel;
class QTimer;
class RecordFilterProxyModel;
class SignoffsPanel;
class TasksPanel;

// The Projects tab: the projects (filtered by client and status, renamed in place), and for the
// chosen one its Client Portal state, what it shares with the client (SharedSummary), and its
// tasks, files and sign-offs panels. Sharing more with a client asks first (SharingChange decides
// when); sharing less applies at once.
class ProjectsPage : public Page
{
    Q_OBJECT
public:
    // The projects model's columns, in order.
    enum ProjectColumn { ProjectName, ProjectStatus, ProjectDue, ProjectPortal, ProjectClient, ProjectColumnCount };

    // `clients` gives the client filter its choices and a new project its client.
    ProjectsPage(LocalCache *cache, ClientsPage *clients, QWidget *parent = nullptr);

    EntityTableModel *projectsModel() const { return m_projects; }
    TasksPanel *tasks() const { return m_tasks; }
    FilesPanel *files() const { return m_files; }
    SignoffsPanel *signoffs() const { return m_signoffs; }

    QString currentProjectId() const;
    // Selects the project, now or once it has loaded.
    void selectProject(const QString &id);
    // Shows a task, file or sign-off of a project: the project, the right tab, the item chosen.
    void openItem(const QString &entity, const QString &id, const QString &projectId);

    // Sets the visibility of tasks or files; a widening asks first (returns without applying).
    void requestVisibility(const QString &entity, const QStringList &ids, const QString &visibility);
    // Switches a project's client portal and client uploads; switching the portal on asks first.
    void requestProjectPortal(const QString &projectId, bool portalEnabled, bool uploadsEnabled);

public Q_SLOTS:
    void newProject();
    void projectSettings();

Q_SIGNALS:
    void portalViewRequested(const QString &contactId);

private:
    void onProjectChanged();
    void refreshClientFilter();
    void refreshSharedSummary();
    void showVisibilityMenu(QTableView *view, const QString &entity, const QPoint &pos);

    ClientsPage *m_clientsPage;
    EntityTableModel *m_projects;
    RecordFilterProxyModel *m_projectsProxy;
    QTableView *m_projectsView = nullptr;
    QComboBox *m_projectClientFilter = nullptr;
    QComboBox *m_projectStatusFilter = nullptr;
    QLabel *m_projectHeader = nullptr;
    QLabel *m_sharedSummary = nullptr;
    QTimer *m_sharedSummaryTimer = nullptr;
    TasksPanel *m_tasks = nullptr;
    FilesPanel *m_files = nullptr;
    SignoffsPanel *m_signoffs = nullptr;
    QTabWidget *m_detailTabs = nullptr;
    QString m_pendingProject; // to select once loaded
};
