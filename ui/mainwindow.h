// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <QPointer>

#include "sync/syncengine.h"

class EntityTableModel;
class QAbstractItemModel;
class LocalCache;
class QComboBox;
class QLabel;
class QLineEdit;
class QMessageBox;
class QProgressBar;
class QTabWidget;
class QTableView;
class RecordFilterProxyModel;
class VisibilityDelegate;

// The staff desktop's main window: clients and contacts, projects with their tasks, files and
// sign-offs, activity and conflicts, over the local cache. Every edit goes through the cache (and
// its outbox) and shows at once; the status bar tells whether the app is online and what waits.
// Owned by main(); the cache and the engine outlive it.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(LocalCache *cache, QWidget *parent = nullptr);

    EntityTableModel *clientsModel() const { return m_clients; }
    EntityTableModel *contactsModel() const { return m_contacts; }
    EntityTableModel *projectsModel() const { return m_projects; }
    EntityTableModel *tasksModel() const { return m_tasks; }
    EntityTableModel *filesModel() const { return m_files; }
    EntityTableModel *signoffsModel() const { return m_signoffs; }
    EntityTableModel *conflictsModel() const { return m_conflicts; }

    // The client, contact and project chosen in the views ("" when none).
    QString currentClientId() const;
    QString currentContactId() const;
    QString currentProjectId() const;
    QStringList selectedTaskIds() const;
    QStringList selectedFileIds() const;
    void selectClient(const QString &id);
    void selectProject(const QString &id);

    // Sets the visibility of tasks or files; a widening asks first (returns without applying).
    void requestVisibility(const QString &entity, const QStringList &ids, const QString &visibility);
    // Switches a project's client portal and client uploads; switching the portal on asks first.
    void requestProjectPortal(const QString &projectId, bool portalEnabled, bool uploadsEnabled);

public Q_SLOTS:
    void setSyncStatus(const SyncStatus &status);
    void newClient();
    void newContact();
    void newProject();
    void newTask();
    void addFiles();
    void newSignOff();
    void sendSignOff();
    void withdrawSignOff();
    void inviteContact();
    // Asks the app to show what the chosen contact sees in the client portal.
    void viewPortalAsContact();
    void projectSettings();
    void keepTheirs();
    void useMine();
    void askMassDeletion(int count, int total);
    // Asks for a folder and moves the files there.
    void moveFiles(const QStringList &ids);

Q_SIGNALS:
    void syncRequested();
    void signOutRequested();
    void massDeletionAnswered(bool allow);
    // Files the user added, to be hashed, copied into the cache and queued (by the app).
    void filesAdded(const QString &projectId, const QString &folder, const QStringList &paths);
    // The user opened a file: fetch its content (on demand) and hand it to the system.
    void fileOpenRequested(const QString &fileId);
    // Organisation Settings (the app opens the dialog: it holds the server and the token).
    void organisationSettingsRequested();
    // "View Portal as This Contact" (the app opens the dialog: it holds the server and the token).
    void portalViewRequested(const QString &contactId);

private:
    QWidget *buildClientsPage();
    QWidget *buildProjectsPage();
    QWidget *buildActivityPage();
    QWidget *buildConflictsPage();
    void buildMenus();
    void buildStatusBar();
    QTableView *makeView(const QString &name, QAbstractItemModel *model);
    // A form that deletes itself when closed; opened with open().
    class FieldsDialog *fieldsDialog(const QString &title, const QString &name);
    bool apply(const QList<LocalEdit> &edits);
    void showError(const QString &message);
    void onClientChanged();
    void onProjectChanged();
    void showVisibilityMenu(QTableView *view, const QString &entity, const QPoint &pos);
    QStringList selectedIds(QTableView *view) const;
    QString currentId(QTableView *view) const;
    QString describeAudience(const QString &projectId) const;
    void resolveConflict(bool useMine);
    void refreshFolders();
    void refreshSignOffTrail();
    void refreshSharedSummary();

    LocalCache *m_cache;
    EntityTableModel *m_clients;
    EntityTableModel *m_contacts;
    EntityTableModel *m_projects;
    EntityTableModel *m_tasks;
    EntityTableModel *m_files;
    EntityTableModel *m_signoffs;
    EntityTableModel *m_activity;
    EntityTableModel *m_conflicts;
    RecordFilterProxyModel *m_clientsProxy;
    RecordFilterProxyModel *m_projectsProxy;
    RecordFilterProxyModel *m_tasksProxy;
    RecordFilterProxyModel *m_filesProxy;
    RecordFilterProxyModel *m_activityProxy;

    QTabWidget *m_tabs = nullptr;
    QTableView *m_clientsView = nullptr;
    QTableView *m_contactsView = nullptr;
    QTableView *m_projectsView = nullptr;
    QTableView *m_tasksView = nullptr;
    QTableView *m_filesView = nullptr;
    QTableView *m_signoffsView = nullptr;
    QTableView *m_conflictsView = nullptr;
    QComboBox *m_projectClientFilter = nullptr;
    QComboBox *m_projectStatusFilter = nullptr;
    QComboBox *m_detailVisibility = nullptr;
    QLabel *m_projectHeader = nullptr;
    QComboBox *m_folderFilter = nullptr;
    class QListWidget *m_signoffTrail = nullptr;
    QLabel *m_sharedSummary = nullptr;
    class QTimer *m_sharedSummaryTimer = nullptr;

    QString m_pendingClient; // to select once loaded
    QString m_pendingProject;

    QLabel *m_onlineLabel = nullptr;
    QLabel *m_pendingLabel = nullptr;
    QLabel *m_lastSyncLabel = nullptr;
    QLabel *m_conflictsLabel = nullptr;
    QProgressBar *m_progress = nullptr;
};
