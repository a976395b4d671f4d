// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>

#include "models/entitytablemodel.h"
#include "models/inboxmodel.h"
#include "ui/desktopnotifier.h"
#include "ui/pages/activitypage.h"
#include "ui/pages/clientspage.h"
#include "ui/pages/conflictspage.h"
#include "ui/pages/filespanel.h"
#include "ui/pages/inboxpage.h"
#include "ui/pages/projectspage.h"
#include "ui/pages/signoffspanel.h"
#include "ui/pages/taskspanel.h"

MainWindow::MainWindow(LocalCache *cache, QWidget *parent)
    : QMainWindow(parent)
    , m_cache(cache)
{
    setWindowTitle(tr("Atrium"));
    m_tabs = new QTabWidget(this);
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
    buildMenus();
    buildStatusBar();

    connect(m_clientsPage, &ClientsPage::portalViewRequested, this, &MainWindow::portalViewRequested);
    connect(m_projectsPage, &ProjectsPage::portalViewRequested, this, &MainWindow::portalViewRequested);
    connect(m_projectsPage->files(), &FilesPanel::filesAdded, this, &MainWindow::filesAdded);
    connect(m_projectsPage->files(), &FilesPanel::fileOpenRequested, this, &MainWindow::fileOpenRequested);

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

void MainWindow::setUserEmail(const QString &email)
{
    m_inboxPage->model()->setUserEmail(email);
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

void MainWindow::showUnreadCount(int count)
{
    const int index = m_tabs->indexOf(m_inboxPage);
    m_tabs->setTabText(index, count > 0 ? tr("&Inbox (%1)").arg(count) : tr("&Inbox"));
    m_unreadLabel->setText(tr("%n unread from clients", nullptr, count));
    m_unreadLabel->setVisible(count > 0);
}

void MainWindow::newSignOff()
{
    m_projectsPage->signoffs()->newSignOff();
}

void MainWindow::moveFiles(const QStringList &ids)
{
    m_projectsPage->files()->moveFiles(ids);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("New &Client…"), QKeySequence(tr("Ctrl+Shift+C")), m_clientsPage, &ClientsPage::newClient);
    file->addAction(tr("New &Project…"), QKeySequence(tr("Ctrl+Shift+P")), m_projectsPage, &ProjectsPage::newProject);
    file->addAction(tr("New &Task…"), QKeySequence::New, m_projectsPage->tasks(), &TasksPanel::newTask);
    file->addAction(tr("&Add Files…"), QKeySequence(tr("Ctrl+O")), m_projectsPage->files(), &FilesPanel::addFiles);
    file->addSeparator();
    file->addAction(tr("Or&ganisation Settings…"), this, &MainWindow::organisationSettingsRequested)
        ->setObjectName(QStringLiteral("organisationSettingsAction"));
    file->addSeparator();
    file->addAction(tr("&Sync Now"), QKeySequence::Refresh, this, &MainWindow::syncRequested);
    file->addAction(tr("Sign &Out"), this, &MainWindow::signOutRequested);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QStringList names = {tr("Clients"), tr("Projects"), tr("Activity"), tr("Conflicts"), tr("Inbox")};
    for (int i = 0; i < names.size(); ++i) {
        view->addAction(names.at(i), QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)), this, [this, i] {
            m_tabs->setCurrentIndex(i);
        });
    }
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
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("syncProgress"));
    m_progress->setMaximumWidth(160);
    m_progress->hide();
    statusBar()->addWidget(m_onlineLabel);
    statusBar()->addWidget(m_pendingLabel);
    statusBar()->addWidget(m_conflictsLabel);
    statusBar()->addWidget(m_unreadLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_lastSyncLabel);
    setSyncStatus(SyncStatus{});
}

void MainWindow::setSyncStatus(const SyncStatus &status)
{
    if (m_caughtUpAt < 0 && status.online && !status.syncing && status.lastSync.isValid())
        m_caughtUpAt = m_cache->cursor();
    m_onlineLabel->setText(status.paused ? tr("\u25CF Paused")
            : status.online              ? tr("\u25CF Online")
                                         : tr("\u25CB Offline"));
    m_onlineLabel->setStyleSheet(
        status.online && !status.paused ? QStringLiteral("color: #15803d") : QStringLiteral("color: #b45309"));
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
