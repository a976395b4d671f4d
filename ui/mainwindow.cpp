// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include <QAction>
#include <QActionGroup>
#include <QEvent>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QUndoStack>

#include "models/entitytablemodel.h"
#include "models/inboxmodel.h"
#include "ui/deleteditemsdialog.h"
#include "ui/desktopnotifier.h"
#include "ui/pages/activitypage.h"
#include "ui/pages/clientspage.h"
#include "ui/pages/conflictspage.h"
#include "ui/pages/filespanel.h"
#include "ui/pages/inboxpage.h"
#include "ui/pages/projectspage.h"
#include "ui/pages/signoffspanel.h"
#include "ui/pages/taskspanel.h"
#include "ui/searchdialog.h"
#include "ui/statuscolors.h"
#include "ui/translations.h"

MainWindow::MainWindow(LocalCache *cache, QWidget *parent)
    : QMainWindow(parent)
    , m_cache(cache)
{
    setWindowTitle(tr("Atrium"));
    m_tabs = new QTabWidget(this);
    m_tabs->setAccessibleName(tr("Sections"));
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_clientsPage = new ClientsPage(cache, m_tabs);
    m_projectsPage = new ProjectsPage(cache, m_clientsPage, m_tabs);
    m_activityPage = new ActivityPage(cache, m_tabs);
    m_conflictsPage = new ConflictsPage(cache, m_tabs);
    m_inboxPage = new InboxPage(cache, m_tabs);
    m_tabs->addTab(m_clientsPage, tr("&Clients"));
    m_tabs->addTab(m_projectsPage, tr("&Projects"));
    m_tabs->addTab(m_activityPage, tr("&Activity"));
    m_tabs->addTab(m_conflictsPage, tr("C&onflicts"));
    m_tabs->addTab(m_inboxPage, tr("&Inbox"));
    setCentralWidget(m_tabs);
    m_undo = new QUndoStack(this);
    for (Page *page : findChildren<Page *>())
        page->setUndoStack(m_undo);
    buildMenus();
    buildStatusBar();

    connect(m_clientsPage, &ClientsPage::portalViewRequested, this, &MainWindow::portalViewRequested);
    connect(m_clientsPage, &ClientsPage::contactSecurityRequested, this, &MainWindow::contactSecurityRequested);
    connect(m_clientsPage, &ClientsPage::contactSessionsRequested, this, &MainWindow::contactSessionsRequested);
    connect(m_projectsPage, &ProjectsPage::portalViewRequested, this, &MainWindow::portalViewRequested);
    connect(m_projectsPage->files(), &FilesPanel::filesAdded, this, &MainWindow::filesAdded);
    connect(m_projectsPage->files(), &FilesPanel::fileOpenRequested, this, &MainWindow::fileOpenRequested);
    connect(m_projectsPage->signoffs(), &SignoffsPanel::certificateRequested, this, &MainWindow::certificateRequested);

    connect(m_inboxPage, &InboxPage::openRequested, this, &MainWindow::openItem);
    connect(m_inboxPage->model(), &InboxModel::unreadCountChanged, this, &MainWindow::showUnreadCount);
    m_notifier = new DesktopNotifier(this);
    // What the first sync of a run brings is the backlog, shown in the Inbox but not announced.
    connect(m_inboxPage->model(), &InboxModel::itemsArrived, this, [this](const QList<InboxItem> &items) {
        QList<InboxItem> fresh;
        for (const InboxItem &item : items) {
            if (m_caughtUpAt >= 0 && item.version > m_caughtUpAt)
                fresh.append(item);
        }
        m_notifier->notify(fresh);
    });
    connect(m_notifier, &DesktopNotifier::activated, this, [this] {
        showNormal();
        raise();
        activateWindow();
        m_tabs->setCurrentWidget(m_inboxPage);
    });
    resize(1100, 720);
}

EntityTableModel *MainWindow::clientsModel() const
{
    return m_clientsPage->clientsModel();
}

EntityTableModel *MainWindow::contactsModel() const
{
    return m_clientsPage->contactsModel();
}

EntityTableModel *MainWindow::projectsModel() const
{
    return m_projectsPage->projectsModel();
}

EntityTableModel *MainWindow::tasksModel() const
{
    return m_projectsPage->tasks()->model();
}

EntityTableModel *MainWindow::filesModel() const
{
    return m_projectsPage->files()->model();
}

EntityTableModel *MainWindow::signoffsModel() const
{
    return m_projectsPage->signoffs()->model();
}

EntityTableModel *MainWindow::conflictsModel() const
{
    return m_conflictsPage->model();
}

QString MainWindow::currentClientId() const
{
    return m_clientsPage->currentClientId();
}

QString MainWindow::currentContactId() const
{
    return m_clientsPage->currentContactId();
}

QString MainWindow::currentProjectId() const
{
    return m_projectsPage->currentProjectId();
}

QStringList MainWindow::selectedTaskIds() const
{
    return m_projectsPage->tasks()->selectedTaskIds();
}

QStringList MainWindow::selectedFileIds() const
{
    return m_projectsPage->files()->selectedFileIds();
}

void MainWindow::selectClient(const QString &id)
{
    m_clientsPage->selectClient(id);
}

void MainWindow::selectProject(const QString &id)
{
    m_projectsPage->selectProject(id);
}

void MainWindow::requestVisibility(const QString &entity, const QStringList &ids, const QString &visibility)
{
    m_projectsPage->requestVisibility(entity, ids, visibility);
}

void MainWindow::requestProjectPortal(const QString &projectId, bool portalEnabled, bool uploadsEnabled)
{
    m_projectsPage->requestProjectPortal(projectId, portalEnabled, uploadsEnabled);
}

void MainWindow::restoreSettings(const QSettings &settings)
{
    if (const QByteArray geometry = settings.value("window/geometry").toByteArray(); !geometry.isEmpty())
        restoreGeometry(geometry);
    for (QTableView *view : findChildren<QTableView *>()) {
        const QByteArray state = settings.value(QStringLiteral("views/%1").arg(view->objectName())).toByteArray();
        if (!view->objectName().isEmpty() && !state.isEmpty() && view->horizontalHeader()->restoreState(state))
            view->setProperty("atriumHeaderRestored", true);
    }
    m_tabs->setCurrentIndex(qBound(0, settings.value("window/tab", 0).toInt(), m_tabs->count() - 1));
    const QString language = settings.value(Translations::settingKey).toString();
    for (QAction *action : m_languages->actions())
        action->setChecked(action->data().toString() == language);
    if (const QString project = settings.value("window/project").toString(); !project.isEmpty())
        selectProject(project);
}

void MainWindow::saveSettings(QSettings &settings) const
{
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/tab", m_tabs->currentIndex());
    settings.setValue("window/project", currentProjectId());
    for (QTableView *view : findChildren<QTableView *>()) {
        if (!view->objectName().isEmpty())
            settings.setValue(
                QStringLiteral("views/%1").arg(view->objectName()), view->horizontalHeader()->saveState());
    }
}

void MainWindow::setUserEmail(const QString &email)
{
    m_inboxPage->model()->setUserEmail(email);
    m_clientsPage->setUserEmail(email);
}

void MainWindow::openItem(const QString &entity, const QString &id, const QString &projectId)
{
    QString target = entity;
    QString targetId = id;
    if (entity == u"comment") {
        const auto row = m_cache->row(QStringLiteral("comment"), id);
        if (!row)
            return;
        target = row->value(u"target_entity").toString();
        targetId = row->value(u"target_id").toString();
    }
    if (target == u"contact") {
        m_tabs->setCurrentWidget(m_clientsPage);
        m_clientsPage->selectContact(targetId);
        return;
    }
    m_tabs->setCurrentWidget(m_projectsPage);
    m_projectsPage->openItem(target, targetId, projectId);
}

void MainWindow::refreshStorageWarning()
{
    // From the cache (the organisation's usage syncs), so it shows offline too.
    auto orgs = m_cache->records(
        QStringLiteral("organisation"), {QStringLiteral("storage_used_bytes"), QStringLiteral("storage_quota_bytes")});
    if (!orgs || orgs->rows.isEmpty())
        return;
    const qint64 used = orgs->rows.first().values.at(0).toLongLong();
    const qint64 quota = orgs->rows.first().values.at(1).toLongLong();
    const int percent = quota > 0 ? int(100 * used / quota) : 0;
    m_storageLabel->setVisible(percent >= 80);
    if (percent >= 95) {
        m_storageLabel->setText(tr("\u26A0 Storage almost full: %1% used").arg(percent));
        m_storageLabel->setStyleSheet(StatusColors::textStyle(StatusColors::Tone::Error, palette()));
    } else if (percent >= 80) {
        m_storageLabel->setText(tr("Storage %1% used").arg(percent));
        m_storageLabel->setStyleSheet(StatusColors::textStyle(StatusColors::Tone::Warning, palette()));
    }
    m_storageLabel->setToolTip(tr("%1 of %2 used; administrators see where in Organisation Settings → Storage.")
                                   .arg(QLocale().formattedDataSize(used), QLocale().formattedDataSize(quota)));
}

void MainWindow::showUnreadCount(int count)
{
    const int index = m_tabs->indexOf(m_inboxPage);
    m_tabs->setTabText(index, count > 0 ? tr("&Inbox (%1)").arg(count) : tr("&Inbox"));
    m_unreadLabel->setText(tr("%n unread from clients", nullptr, count));
    m_unreadLabel->setVisible(count > 0);
}

void MainWindow::chooseLanguage(const QString &language)
{
    Q_EMIT languageChosen(language);
    // Every window would have to be rebuilt to switch now: the choice applies from the next start.
    auto *box = new QMessageBox(QMessageBox::Information, tr("Language"),
        tr("Atrium uses the chosen language the next time you start it."), QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("languageChosenBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::newSignOff()
{
    m_projectsPage->signoffs()->newSignOff();
}

void MainWindow::moveFiles(const QStringList &ids)
{
    m_projectsPage->files()->moveFiles(ids);
}

QIcon MainWindow::actionIcon(const QString &themeName, const QString &fallback)
{
    // The desktop's icon theme where it has one, our own drawing otherwise.
    return QIcon::fromTheme(themeName, QIcon(QStringLiteral(":/icons/actions/%1.svg").arg(fallback)));
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newClient = file->addAction(actionIcon(QStringLiteral("contact-new"), QStringLiteral("new-client")),
        tr("New &Client…"), QKeySequence(tr("Ctrl+Shift+C")), m_clientsPage, &ClientsPage::newClient);
    QAction *newContact = file->addAction(actionIcon(QStringLiteral("list-add-user"), QStringLiteral("new-contact")),
        tr("New Co&ntact…"), QKeySequence(tr("Ctrl+Shift+N")), this, [this] {
            m_tabs->setCurrentWidget(m_clientsPage);
            m_clientsPage->newContact();
        });
    newContact->setObjectName(QStringLiteral("newContactAction"));
    QAction *newProject = file->addAction(actionIcon(QStringLiteral("folder-new"), QStringLiteral("new-project")),
        tr("New &Project…"), QKeySequence(tr("Ctrl+Shift+P")), m_projectsPage, &ProjectsPage::newProject);
    QAction *newTask = file->addAction(actionIcon(QStringLiteral("document-new"), QStringLiteral("new-task")),
        tr("New &Task…"), QKeySequence::New, m_projectsPage->tasks(), &TasksPanel::newTask);
    QAction *addFiles = file->addAction(actionIcon(QStringLiteral("document-open"), QStringLiteral("add-files")),
        tr("&Add Files…"), QKeySequence(tr("Ctrl+O")), m_projectsPage->files(), &FilesPanel::addFiles);
    file->addSeparator();
    QAction *invite = file->addAction(actionIcon(QStringLiteral("mail-send"), QStringLiteral("invite")),
        tr("&Invite to the Portal…"), QKeySequence(tr("Ctrl+Shift+I")), this, [this] {
            m_tabs->setCurrentWidget(m_clientsPage);
            m_clientsPage->inviteContact();
        });
    invite->setObjectName(QStringLiteral("inviteAction"));
    file->addAction(actionIcon(QStringLiteral("document-properties"), QStringLiteral("settings")),
            tr("Project S&ettings…"), QKeySequence(tr("Ctrl+Shift+E")), this,
            [this] {
                m_tabs->setCurrentWidget(m_projectsPage);
                m_projectsPage->projectSettings();
            })
        ->setObjectName(QStringLiteral("projectSettingsAction"));
    file->addAction(actionIcon(QStringLiteral("preferences-system"), QStringLiteral("settings")),
            tr("Or&ganisation Settings…"), QKeySequence(tr("Ctrl+Shift+O")), this,
            &MainWindow::organisationSettingsRequested)
        ->setObjectName(QStringLiteral("organisationSettingsAction"));
    file->addAction(tr("Security &Log…"), this, &MainWindow::securityLogRequested)
        ->setObjectName(QStringLiteral("securityLogAction"));
    file->addSeparator();
    QAction *sync = file->addAction(actionIcon(QStringLiteral("view-refresh"), QStringLiteral("sync")), tr("&Sync Now"),
        QKeySequence::Refresh, this, &MainWindow::syncRequested);
    m_signInAction = file->addAction(tr("Sign &In…"), this, &MainWindow::signInRequested);
    m_signInAction->setObjectName(QStringLiteral("signInAction"));
    m_signOutAction = file->addAction(tr("Sign &Out"), this, &MainWindow::signOutRequested);
    m_signOutAction->setObjectName(QStringLiteral("signOutAction"));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    // The user's own edits of this session, undone as new edits (see UndoableEdit).
    QAction *undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("undoAction"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setIcon(actionIcon(QStringLiteral("edit-undo"), QStringLiteral("undo")));
    QAction *redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("redoAction"));
    redo->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence::Redo});
    redo->setIcon(actionIcon(QStringLiteral("edit-redo"), QStringLiteral("redo")));
    // "Undo Change task" worded by us rather than by QUndoAction (prefix, space, text), so that a
    // translation can put it its own way.
    connect(m_undo, &QUndoStack::undoTextChanged, undo, [this, undo](const QString &text) {
        undo->setText(text.isEmpty() ? tr("&Undo") : tr("&Undo %1").arg(text));
    });
    connect(m_undo, &QUndoStack::redoTextChanged, redo, [this, redo](const QString &text) {
        redo->setText(text.isEmpty() ? tr("&Redo") : tr("&Redo %1").arg(text));
    });
    editMenu->addAction(undo);
    editMenu->addAction(redo);
    editMenu->addSeparator();
    QAction *find = editMenu->addAction(
        actionIcon(QStringLiteral("edit-find"), QStringLiteral("search")), tr("&Find…"), this, &MainWindow::showSearch);
    find->setObjectName(QStringLiteral("findAction"));
    find->setShortcuts({QKeySequence(tr("Ctrl+K")), QKeySequence::Find});

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QStringList names = {tr("Clients"), tr("Projects"), tr("Activity"), tr("Conflicts"), tr("Inbox")};
    for (int i = 0; i < names.size(); ++i) {
        view->addAction(names.at(i), QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)), this, [this, i] {
            m_tabs->setCurrentIndex(i);
        });
    }

    view->addSeparator();
    view->addAction(actionIcon(QStringLiteral("user-trash"), QStringLiteral("delete")), tr("&Deleted Items…"),
            QKeySequence(tr("Ctrl+Shift+D")), this, &MainWindow::showDeletedItems)
        ->setObjectName(QStringLiteral("deletedItemsAction"));
    view->addSeparator();
    QMenu *languageMenu = view->addMenu(tr("&Language"));
    languageMenu->setObjectName(QStringLiteral("languageMenu"));
    m_languages = new QActionGroup(this);
    QAction *system = languageMenu->addAction(tr("Same as the &System"));
    system->setData(QString());
    m_languages->addAction(system);
    languageMenu->addSeparator();
    for (const Translations::Language &language : Translations::languages())
        m_languages->addAction(languageMenu->addAction(language.name))->setData(language.code);
    for (QAction *action : m_languages->actions()) {
        action->setCheckable(true);
        action->setStatusTip(tr("Atrium uses the chosen language from its next start."));
    }
    system->setChecked(true);
    connect(m_languages, &QActionGroup::triggered, this, [this](QAction *action) {
        chooseLanguage(action->data().toString());
    });

    QMenu *account = menuBar()->addMenu(tr("&Account"));
    account
        ->addAction(actionIcon(QStringLiteral("mail-message-new"), QStringLiteral("invite")),
            tr("E-mail &Notifications…"), this, &MainWindow::notificationSettingsRequested)
        ->setObjectName(QStringLiteral("notificationSettingsAction"));
    account->addAction(tr("&Two-Factor Sign-In…"), this, &MainWindow::twoFactorRequested)
        ->setObjectName(QStringLiteral("twoFactorAction"));
    account->addAction(tr("Signed-In &Devices…"), this, &MainWindow::sessionsRequested)
        ->setObjectName(QStringLiteral("sessionsAction"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Atrium"), this, &MainWindow::showAbout)->setObjectName(QStringLiteral("aboutAction"));

    // The frequent actions, with icons (and their names for screen readers and tooltips).
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    // The toolbar's words may be shorter than the menu's: a translation that runs long (German)
    // would push the last actions behind the overflow arrow at the window's default width.
    invite->setIconText(tr("Invite to the Portal", "toolbar"));
    sync->setIconText(tr("Sync Now", "toolbar"));
    for (QAction *action : {newClient, newContact, newProject, newTask, addFiles, invite})
        toolbar->addAction(action);
    toolbar->addSeparator();
    toolbar->addAction(find);
    toolbar->addAction(sync);
    for (QAction *action : toolbar->actions()) {
        // Toolbar labels drop the menu's "…", as QAction's own icon text drops "..."; the
        // tooltip keeps the menu's words.
        if (action->iconText().endsWith(u'…'))
            action->setIconText(action->iconText().chopped(1));
        if (QWidget *button = toolbar->widgetForAction(action)) {
            button->setAccessibleName(action->text().remove(u'&').remove(u'…'));
            if (!action->shortcut().isEmpty())
                button->setToolTip(QStringLiteral("%1 (%2)").arg(
                    action->text().remove(u'&'), action->shortcut().toString(QKeySequence::NativeText)));
        }
    }
}

void MainWindow::showSearch()
{
    if (!m_search) {
        m_search = new SearchDialog(m_cache->path(), this);
        connect(m_search, &SearchDialog::openRequested, this,
            [this](const QString &entity, const QString &id, const QString &projectId) {
                if (entity == u"client") {
                    m_tabs->setCurrentWidget(m_clientsPage);
                    m_clientsPage->selectClient(id);
                } else if (entity == u"project") {
                    m_tabs->setCurrentWidget(m_projectsPage);
                    m_projectsPage->openItem(entity, id, id);
                } else {
                    openItem(entity, id, projectId);
                }
                m_search->hide();
            });
    }
    m_search->show();
    m_search->raise();
    m_search->activateWindow();
    m_search->box()->setFocus();
    m_search->box()->selectAll();
}

void MainWindow::showDeletedItems()
{
    auto *dialog = new DeletedItemsDialog(m_cache, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showAbout()
{
    // Window-modal and opened, never exec(): nothing blocks the event loop (sync carries on).
    auto *box = new QMessageBox(QMessageBox::NoIcon, tr("About Atrium"),
        tr("<h3>Atrium %1</h3><p>The client portal for studios and agencies: share work with clients, "
           "hear from them, and get sign-offs that stand as evidence.</p>"
           "<p>Free software under the GNU General Public License, version 3 or later.</p>"
           "<p>Built with Qt %2.</p>")
            .arg(QString::fromLatin1(ATRIUM_VERSION), QString::fromLatin1(qVersion())),
        QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setIconPixmap(windowIcon().pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::buildStatusBar()
{
    m_onlineLabel = new QLabel(this);
    m_onlineLabel->setObjectName(QStringLiteral("onlineLabel"));
    m_pendingLabel = new QLabel(this);
    m_pendingLabel->setObjectName(QStringLiteral("pendingLabel"));
    m_lastSyncLabel = new QLabel(this);
    m_lastSyncLabel->setObjectName(QStringLiteral("lastSyncLabel"));
    m_conflictsLabel = new QLabel(this);
    m_conflictsLabel->setObjectName(QStringLiteral("conflictsLabel"));
    m_unreadLabel = new QLabel(this);
    m_unreadLabel->setObjectName(QStringLiteral("unreadLabel"));
    m_unreadLabel->hide();
    m_storageLabel = new QLabel(this);
    m_storageLabel->setObjectName(QStringLiteral("storageLabel"));
    m_storageLabel->hide();
    connect(m_cache, &LocalCache::rowsChanged, this, [this](const QString &entity) {
        if (entity == u"organisation")
            refreshStorageWarning();
    });
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("syncProgress"));
    m_progress->setMaximumWidth(160);
    m_progress->hide();
    statusBar()->addWidget(m_onlineLabel);
    statusBar()->addWidget(m_pendingLabel);
    statusBar()->addWidget(m_conflictsLabel);
    statusBar()->addWidget(m_unreadLabel);
    statusBar()->addWidget(m_storageLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_lastSyncLabel);
    setSyncStatus(SyncStatus{});
    refreshStorageWarning();
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    // A theme switch (light to dark): the status colours follow the new palette.
    if (event->type() == QEvent::PaletteChange && m_onlineLabel)
        setSyncStatus(m_lastStatus);
}

void MainWindow::setSyncStatus(const SyncStatus &status)
{
    m_lastStatus = status;
    if (m_caughtUpAt < 0 && status.online && !status.syncing && status.lastSync.isValid())
        m_caughtUpAt = m_cache->cursor();
    m_onlineLabel->setText(!status.signedIn ? tr("\u25CB Not signed in")
            : status.paused                 ? tr("\u25CF Paused")
            : status.online                 ? tr("\u25CF Online")
                                            : tr("\u25CB Offline"));
    m_onlineLabel->setStyleSheet(StatusColors::textStyle(
        status.online && !status.paused && status.signedIn ? StatusColors::Tone::Success : StatusColors::Tone::Warning,
        palette()));
    m_signInAction->setVisible(!status.signedIn);
    m_signOutAction->setVisible(status.signedIn);
    m_onlineLabel->setToolTip(status.lastError);
    m_pendingLabel->setText(status.failed > 0 ? tr("%n change(s) waiting to sync", nullptr, status.pending)
                + QStringLiteral(" · ") + tr("%n refused", nullptr, status.failed)
                                              : tr("%n change(s) waiting to sync", nullptr, status.pending));
    m_conflictsLabel->setText(tr("%n conflict(s)", nullptr, status.conflicts));
    m_conflictsLabel->setVisible(status.conflicts > 0);
    m_lastSyncLabel->setText(status.lastSync.isValid()
            ? tr("Last synced %1").arg(QLocale().toString(status.lastSync.toLocalTime(), QLocale::ShortFormat))
            : tr("Not synced yet"));
    const bool showProgress = status.progressTotal > 0 || status.syncing;
    m_progress->setVisible(showProgress);
    if (status.progressTotal > 0) {
        // Scaled: byte counts of large files overflow an int.
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(1000 * status.progressDone / qMax<qint64>(1, status.progressTotal)));
    } else {
        m_progress->setRange(0, 0); // busy
    }
    m_conflictsPage->reload();
}

void MainWindow::askMassDeletion(int count, int total)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete Many Items?"),
        tr("The server says %1 of the %2 items on this computer were deleted. Delete them here too?\n\n"
           "If this is unexpected, keep them and ask your administrator; syncing pauses until you decide.")
            .arg(count)
            .arg(total),
        QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmMassDeletion"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *remove = box->addButton(tr("Delete Them"), QMessageBox::DestructiveRole);
    QPushButton *keep = box->addButton(tr("Keep Them"), QMessageBox::RejectRole);
    box->setDefaultButton(keep);
    connect(remove, &QPushButton::clicked, this, [this] {
        Q_EMIT massDeletionAnswered(true);
    });
    connect(keep, &QPushButton::clicked, this, [this] {
        Q_EMIT massDeletionAnswered(false);
    });
    box->open();
}
