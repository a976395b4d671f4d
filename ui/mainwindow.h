// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

#include "sync/syncengine.h"

class ActivityPage;
class DesktopNotifier;
class InboxPage;
class ClientsPage;
class ConflictsPage;
class EntityTableModel;
class LocalCache;
class ProjectsPage;
class QAction;
class QActionGroup;
class QIcon;
class QLabel;
class QProgressBar;
class QSettings;
class QUndoStack;
class QTabWidget;

// The staff desktop's main window: a shell of menus, a status bar and one tab per page (ui/pages/):
// clients and contacts, projects with their tasks, files and sign-offs, activity and conflicts,
// all over the local cache. The status bar tells whether the app is online and what waits. The
// accessors below reach into the pages, for the app and the tests. Owned by main(); the cache and
// the engine outlive it.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(LocalCache *cache, QWidget *parent = nullptr);

    ClientsPage *clientsPage() const { return m_clientsPage; }
    ProjectsPage *projectsPage() const { return m_projectsPage; }
    InboxPage *inboxPage() const { return m_inboxPage; }
    DesktopNotifier *notifier() const { return m_notifier; }
    QUndoStack *undoStack() const { return m_undo; }

    // The window's geometry, tab and chosen project, and every table's column widths, order and
    // sort, kept in the profile's settings between runs; restoring also shows the chosen language.
    void restoreSettings(const QSettings &settings);
    void saveSettings(QSettings &settings) const;

    // The signed-in staff member (their Inbox); empty when nobody is signed in.
    void setUserEmail(const QString &email);
    // Shows what an Inbox item (an activity) is about: a task, file or sign-off in its project, the
    // task or file a comment is on, a contact.
    void openItem(const QString &entity, const QString &id, const QString &projectId);

    EntityTableModel *clientsModel() const;
    EntityTableModel *contactsModel() const;
    EntityTableModel *projectsModel() const;
    EntityTableModel *tasksModel() const;
    EntityTableModel *filesModel() const;
    EntityTableModel *signoffsModel() const;
    EntityTableModel *conflictsModel() const;

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
    void newSignOff();
    // Asks for a folder and moves the files there.
    void moveFiles(const QStringList &ids);
    void askMassDeletion(int count, int total);

Q_SIGNALS:
    void syncRequested();
    void signOutRequested();
    // File → Sign In… (after the sign-in dialog was cancelled, or after signing out).
    void signInRequested();
    void massDeletionAnswered(bool allow);
    // Files the user added, to be hashed, copied into the cache and queued (by the app).
    void filesAdded(const QString &projectId, const QString &folder, const QStringList &paths);
    // The user opened a file: fetch its content (on demand) and hand it to the system.
    void fileOpenRequested(const QString &fileId);
    // A decided sign-off's certificate, to be fetched from the server and saved at `path`.
    void certificateRequested(const QString &signoffId, const QString &path);
    // Organisation Settings (the app opens the dialog: it holds the server and the token).
    void organisationSettingsRequested();
    void notificationSettingsRequested();
    // Account → Two-Factor Sign-In… (the app opens the dialog: it holds the server and the token).
    void twoFactorRequested();
    void sessionsRequested();
    void securityLogRequested();
    void contactSessionsRequested(const QString &contactId);
    // "View Portal as This Contact" (the app opens the dialog: it holds the server and the token).
    void portalViewRequested(const QString &contactId);
    // A contact signed out of the portal everywhere, or their two-factor sign-in reset (the app
    // asks the server: it holds the token).
    void contactSecurityRequested(const QString &contactId, const QString &action);
    // View → Language: the user chose a language (a Translations::languages() code, or "" for the
    // system's), to be kept in the profile's settings; it applies from the next start.
    void languageChosen(const QString &language);

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildMenus();
    void showAbout();
    void showDeletedItems();
    void showSearch();
    static QIcon actionIcon(const QString &themeName, const QString &fallback);
    void buildStatusBar();
    void showUnreadCount(int count);
    void chooseLanguage(const QString &language);
    // The status bar warns at 80% and 95% of the storage quota.
    void refreshStorageWarning();

    ClientsPage *m_clientsPage = nullptr;
    ProjectsPage *m_projectsPage = nullptr;
    ActivityPage *m_activityPage = nullptr;
    ConflictsPage *m_conflictsPage = nullptr;
    InboxPage *m_inboxPage = nullptr;
    LocalCache *m_cache;
    DesktopNotifier *m_notifier = nullptr;
    QUndoStack *m_undo = nullptr;
    class SearchDialog *m_search = nullptr;
    // Where the first sync of this run ended (-1 before): later Inbox items notify.
    qint64 m_caughtUpAt = -1;
    QTabWidget *m_tabs = nullptr;

    QLabel *m_onlineLabel = nullptr;
    QLabel *m_pendingLabel = nullptr;
    QLabel *m_lastSyncLabel = nullptr;
    QLabel *m_conflictsLabel = nullptr;
    QLabel *m_unreadLabel = nullptr;
    QLabel *m_storageLabel = nullptr;
    SyncStatus m_lastStatus;
    QAction *m_signInAction = nullptr;
    QAction *m_signOutAction = nullptr;
    QActionGroup *m_languages = nullptr;
    QProgressBar *m_progress = nullptr;
};
