// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "models/entitytablemodel.h"
#include "models/recordfilterproxymodel.h"
#include "sync/localcache.h"
#include "ui/choicedelegate.h"
#include "ui/fieldsdialog.h"
#include "ui/invitedialog.h"
#include "ui/sharedsummary.h"
#include "ui/visibilitydelegate.h"

namespace {

QPushButton *button(const QString &text, const QString &name, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    return b;
}

} // namespace

MainWindow::MainWindow(LocalCache *cache, QWidget *parent)
    : QMainWindow(parent)
    , m_cache(cache)
{
    setWindowTitle(tr("Atrium"));
    using C = EntityTableModel::Column;
    const QHash<QString, QString> onOff = {{QStringLiteral("1"), tr("On")}, {QStringLiteral("0"), tr("Off")}};
    const QHash<QString, QString> projectStatus = {{QStringLiteral("active"), tr("Active")},
        {QStringLiteral("on_hold"), tr("On hold")}, {QStringLiteral("completed"), tr("Completed")}};
    const QHash<QString, QString> taskStatus = {{QStringLiteral("todo"), tr("To do")},
        {QStringLiteral("in_progress"), tr("In progress")}, {QStringLiteral("done"), tr("Done")}};
    const QHash<QString, QString> portalState = {{QStringLiteral("none"), tr("No access")},
        {QStringLiteral("invited"), tr("Invited")}, {QStringLiteral("active"), tr("Active")},
        {QStringLiteral("revoked"), tr("Revoked")}};
    const QHash<QString, QString> signoffStatus = {{QStringLiteral("draft"), tr("Draft")},
        {QStringLiteral("sent"), tr("Sent — waiting for the client")}, {QStringLiteral("approved"), tr("Approved")},
        {QStringLiteral("rejected"), tr("Rejected")}, {QStringLiteral("withdrawn"), tr("Withdrawn")}};
    const QHash<QString, QString> actorKind = {{QStringLiteral("staff"), tr("Staff")},
        {QStringLiteral("contact"), tr("Client")}, {QStringLiteral("system"), tr("System")}};
    const QHash<QString, QString> reasons = {{QStringLiteral("concurrent_edit"), tr("Changed by someone else")},
        {QStringLiteral("deleted"), tr("Deleted by someone else")},
        {QStringLiteral("visibility"), tr("Visibility changed by someone else")}};
    m_clients = new EntityTableModel(
        cache, QStringLiteral("client"), {C{QStringLiteral("name"), tr("Client"), {}, false, true}}, this);
    m_contacts = new EntityTableModel(cache, QStringLiteral("contact"),
        {C{QStringLiteral("name"), tr("Contact")}, C{QStringLiteral("email"), tr("Email")},
            C{QStringLiteral("portal_state"), tr("Portal access"), portalState}},
        this);
    m_projects = new EntityTableModel(cache, QStringLiteral("project"),
        {C{QStringLiteral("name"), tr("Project"), {}, false, true},
            C{QStringLiteral("status"), tr("Status"), projectStatus, false, true},
            C{QStringLiteral("portal_enabled"), tr("Client Portal"), onOff},
            C{QStringLiteral("client_id"), tr("Client")}},
        this);
    m_tasks = new EntityTableModel(cache, QStringLiteral("task"),
        {C{QStringLiteral("title"), tr("Task"), {}, false, true},
            C{QStringLiteral("status"), tr("Status"), taskStatus, false, true},
            C{QStringLiteral("due_date"), tr("Due")}, C{QStringLiteral("visibility"), tr("Client visibility")},
            C{QStringLiteral("project_id"), tr("Project")}},
        this);
    m_files = new EntityTableModel(cache, QStringLiteral("file"),
        {C{QStringLiteral("name"), tr("File")}, C{QStringLiteral("folder"), tr("Folder")},
            C{QStringLiteral("size"), tr("Size")}, C{QStringLiteral("visibility"), tr("Client visibility")}},
        this);
    m_signoffs = new EntityTableModel(cache, QStringLiteral("signoff"),
        {C{QStringLiteral("title"), tr("Sign-Off")}, C{QStringLiteral("status"), tr("Status"), signoffStatus},
            C{QStringLiteral("sent_at"), tr("Sent")}, C{QStringLiteral("responded_at"), tr("Answered")},
            C{QStringLiteral("response_comment"), tr("Client's comment")}},
        this);
    m_activity = new EntityTableModel(cache, QStringLiteral("activity"),
        {C{QStringLiteral("created_at"), tr("When")}, C{QStringLiteral("actor_kind"), tr("Who"), actorKind},
            C{QStringLiteral("summary"), tr("What")}, C{QStringLiteral("address"), tr("From")}},
        this);
    m_conflicts = new EntityTableModel(cache, QStringLiteral("conflict"),
        {C{QStringLiteral("entity"), tr("Item")}, C{QStringLiteral("field"), tr("Field")},
            C{QStringLiteral("rejected_value"), tr("Your value"), {}, true},
            C{QStringLiteral("server_value"), tr("Their value"), {}, true},
            C{QStringLiteral("reason"), tr("Why"), reasons}, C{QStringLiteral("entity_id"), tr("Id")}},
        this);

    // In-place edits (names, titles, statuses) go through the cache and its outbox like any other.
    for (EntityTableModel *model : {m_clients, m_projects, m_tasks}) {
        connect(model, &EntityTableModel::editRequested, this,
            [this, model](const QString &id, const QString &field, const QVariant &value) {
                apply({{LocalEdit::Op::Update, model->entity(), id,
                    QJsonObject{{field, QJsonValue::fromVariant(value)}}}});
            });
    }

    m_clientsProxy = new RecordFilterProxyModel(this);
    m_clientsProxy->setSourceModel(m_clients);
    m_clientsProxy->setSearchFields({QStringLiteral("name")});
    m_projectsProxy = new RecordFilterProxyModel(this);
    m_projectsProxy->setSourceModel(m_projects);
    m_tasksProxy = new RecordFilterProxyModel(this);
    m_tasksProxy->setSourceModel(m_tasks);
    m_tasksProxy->setSearchFields({QStringLiteral("title")});
    m_filesProxy = new RecordFilterProxyModel(this);
    m_filesProxy->setSourceModel(m_files);
    m_activityProxy = new RecordFilterProxyModel(this);
    m_activityProxy->setSourceModel(m_activity);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->addTab(buildClientsPage(), tr("&Clients"));
    m_tabs->addTab(buildProjectsPage(), tr("&Projects"));
    m_tabs->addTab(buildActivityPage(), tr("&Activity"));
    m_tabs->addTab(buildConflictsPage(), tr("C&onflicts"));
    setCentralWidget(m_tabs);
    buildMenus();
    buildStatusBar();

    m_clients->reload();
    m_projects->reload();
    m_activity->reload();
    m_conflicts->setFilter(QStringLiteral("resolved"), 0);
    // No project chosen yet: empty detail tables rather than every task of the organisation.
    m_tasks->setFilter(QStringLiteral("project_id"), QString());
    m_files->setFilter(QStringLiteral("project_id"), QString());
    m_signoffs->setFilter(QStringLiteral("project_id"), QString());
    m_contacts->setFilter(QStringLiteral("client_id"), QString());
    connect(m_projects, &EntityTableModel::loaded, this, [this] {
        // Keep the client filter's choices in step with the clients.
        const QString chosen = m_projectClientFilter->currentData().toString();
        m_projectClientFilter->blockSignals(true);
        m_projectClientFilter->clear();
        m_projectClientFilter->addItem(tr("All clients"), QString());
        for (int row = 0; row < m_clients->rowCount(); ++row)
            m_projectClientFilter->addItem(
                m_clients->value(row, QStringLiteral("name")).toString(), m_clients->idAt(row));
        m_projectClientFilter->setCurrentIndex(qMax(0, m_projectClientFilter->findData(chosen)));
        m_projectClientFilter->blockSignals(false);
    });
    connect(m_clients, &EntityTableModel::loaded, m_projects, &EntityTableModel::loaded);
    for (EntityTableModel *model : {m_clients, m_projects}) {
        auto retry = [this] {
            if (!m_pendingClient.isEmpty())
                selectClient(m_pendingClient);
            if (!m_pendingProject.isEmpty())
                selectProject(m_pendingProject);
        };
        connect(model, &EntityTableModel::loaded, this, retry);
        connect(model, &EntityTableModel::rowsInserted, this, retry, Qt::QueuedConnection);
    }
    resize(1100, 720);
}

FieldsDialog *MainWindow::fieldsDialog(const QString &title, const QString &name)
{
    auto *dialog = new FieldsDialog(title, this);
    dialog->setObjectName(name);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    return dialog;
}

QTableView *MainWindow::makeView(const QString &name, QAbstractItemModel *model)
{
    auto *view = new QTableView(this);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setSortingEnabled(true);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    // Fixed row heights: a view of 100,000 rows never measures them.
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return view;
}

QWidget *MainWindow::buildClientsPage()
{
    auto *page = new QWidget(this);
    auto *search = new QLineEdit(page);
    search->setObjectName(QStringLiteral("clientSearch"));
    search->setPlaceholderText(tr("Search clients"));
    search->setClearButtonEnabled(true);
    connect(search, &QLineEdit::textChanged, m_clientsProxy, &RecordFilterProxyModel::setSearchText);
    m_clientsView = makeView(QStringLiteral("clientsView"), m_clientsProxy);
    m_clientsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_clientsView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_clientsView->sortByColumn(0, Qt::AscendingOrder);
    m_contactsView = makeView(QStringLiteral("contactsView"), m_contacts);
    m_contactsView->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(
        m_clientsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::onClientChanged);

    auto *newClientButton = button(tr("New Client…"), QStringLiteral("newClientButton"), page);
    auto *newContactButton = button(tr("New Contact…"), QStringLiteral("newContactButton"), page);
    auto *inviteButton = button(tr("Invite to Client Portal…"), QStringLiteral("inviteButton"), page);
    auto *viewAsButton = button(tr("View Portal as Contact…"), QStringLiteral("viewAsContactButton"), page);
    connect(newClientButton, &QPushButton::clicked, this, &MainWindow::newClient);
    connect(newContactButton, &QPushButton::clicked, this, &MainWindow::newContact);
    connect(inviteButton, &QPushButton::clicked, this, &MainWindow::inviteContact);
    connect(viewAsButton, &QPushButton::clicked, this, &MainWindow::viewPortalAsContact);
    m_contactsView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_contactsView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        menu.addAction(tr("Invite to Client Portal…"), this, &MainWindow::inviteContact);
        menu.addAction(tr("View Portal as This Contact…"), this, &MainWindow::viewPortalAsContact);
        menu.exec(m_contactsView->viewport()->mapToGlobal(pos));
    });

    auto *left = new QVBoxLayout;
    left->addWidget(search);
    left->addWidget(m_clientsView);
    left->addWidget(newClientButton);
    auto *right = new QVBoxLayout;
    right->addWidget(new QLabel(tr("Contacts"), page));
    right->addWidget(m_contactsView);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(newContactButton);
    buttons->addWidget(inviteButton);
    buttons->addWidget(viewAsButton);
    buttons->addStretch();
    right->addLayout(buttons);
    auto *layout = new QHBoxLayout(page);
    layout->addLayout(left, 2);
    layout->addLayout(right, 3);
    return page;
}

QWidget *MainWindow::buildProjectsPage()
{
    auto *page = new QWidget(this);
    m_projectClientFilter = new QComboBox(page);
    m_projectClientFilter->setObjectName(QStringLiteral("projectClientFilter"));
    m_projectClientFilter->addItem(tr("All clients"), QString());
    m_projectStatusFilter = new QComboBox(page);
    m_projectStatusFilter->setObjectName(QStringLiteral("projectStatusFilter"));
    m_projectStatusFilter->addItem(tr("Any status"), QString());
    m_projectStatusFilter->addItem(tr("Active"), QStringLiteral("active"));
    m_projectStatusFilter->addItem(tr("On hold"), QStringLiteral("on_hold"));
    m_projectStatusFilter->addItem(tr("Completed"), QStringLiteral("completed"));
    connect(m_projectClientFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_projectsProxy->setFieldFilter(QStringLiteral("client_id"), m_projectClientFilter->currentData());
    });
    connect(m_projectStatusFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_projectsProxy->setFieldFilter(QStringLiteral("status"), m_projectStatusFilter->currentData());
    });
    m_projectsView = makeView(QStringLiteral("projectsView"), m_projectsProxy);
    m_projectsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_projectsView->hideColumn(3);
    m_projectsView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_projectsView->setItemDelegateForColumn(1,
        new ChoiceDelegate({{QStringLiteral("active"), tr("Active")}, {QStringLiteral("on_hold"), tr("On hold")},
                               {QStringLiteral("completed"), tr("Completed")}},
            this));
    connect(
        m_projectsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::onProjectChanged);

    auto *visibility = new VisibilityDelegate(this);
    connect(visibility, &VisibilityDelegate::visibilityRequested, this,
        [this](const QModelIndex &index, const QString &value) {
            const bool isTask = index.model() == m_tasksProxy;
            QTableView *view = isTask ? m_tasksView : m_filesView;
            QStringList ids = selectedIds(view);
            const QString id = index.data(EntityTableModel::ItemIdRole).toString();
            if (!ids.contains(id))
                ids = {id};
            requestVisibility(isTask ? QStringLiteral("task") : QStringLiteral("file"), ids, value);
        });
    m_tasksView = makeView(QStringLiteral("tasksView"), m_tasksProxy);
    m_tasksView->hideColumn(4);
    m_tasksView->setItemDelegateForColumn(3, visibility);
    m_tasksView->setItemDelegateForColumn(1,
        new ChoiceDelegate({{QStringLiteral("todo"), tr("To do")}, {QStringLiteral("in_progress"), tr("In progress")},
                               {QStringLiteral("done"), tr("Done")}},
            this));
    m_tasksView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_filesView = makeView(QStringLiteral("filesView"), m_filesProxy);
    m_filesView->setItemDelegateForColumn(3, visibility);
    m_filesView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_filesView->sortByColumn(1, Qt::AscendingOrder);
    connect(m_filesView, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        if (index.column() != 3) // the visibility column edits instead
            Q_EMIT fileOpenRequested(index.data(EntityTableModel::ItemIdRole).toString());
    });
    m_signoffsView = makeView(QStringLiteral("signoffsView"), m_signoffs);
    for (QTableView *view : {m_tasksView, m_filesView}) {
        view->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(view, &QWidget::customContextMenuRequested, this, [this, view](const QPoint &pos) {
            showVisibilityMenu(view, view == m_tasksView ? QStringLiteral("task") : QStringLiteral("file"), pos);
        });
    }

    // The detail pane: what clients see of the chosen task(s).
    m_detailVisibility = new QComboBox(page);
    m_detailVisibility->setObjectName(QStringLiteral("detailVisibility"));
    for (const QString &value : {QStringLiteral("private"), QStringLiteral("read_only"), QStringLiteral("editable")})
        m_detailVisibility->addItem(VisibilityDelegate::marker(value) + u' ' + VisibilityDelegate::label(value), value);
    m_detailVisibility->setEnabled(false);
    connect(m_tasksView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QStringList ids = selectedTaskIds();
        m_detailVisibility->setEnabled(!ids.isEmpty());
        if (ids.size() == 1) {
            m_detailVisibility->blockSignals(true);
            m_detailVisibility->setCurrentIndex(m_detailVisibility->findData(
                m_tasks->value(m_tasks->rowOf(ids.first()), QStringLiteral("visibility")).toString()));
            m_detailVisibility->blockSignals(false);
        }
    });
    connect(m_detailVisibility, &QComboBox::activated, this, [this] {
        requestVisibility(QStringLiteral("task"), selectedTaskIds(), m_detailVisibility->currentData().toString());
    });

    m_projectHeader = new QLabel(page);
    m_projectHeader->setObjectName(QStringLiteral("projectHeader"));
    m_projectHeader->setWordWrap(true);
    m_sharedSummary = new QLabel(page);
    m_sharedSummary->setObjectName(QStringLiteral("sharedSummary"));
    m_sharedSummary->setWordWrap(true);
    m_sharedSummary->setTextFormat(Qt::RichText);
    // A pull arrives in pages: count once they have settled, not once per page.
    m_sharedSummaryTimer = new QTimer(this);
    m_sharedSummaryTimer->setSingleShot(true);
    m_sharedSummaryTimer->setInterval(200);
    connect(m_sharedSummaryTimer, &QTimer::timeout, this, &MainWindow::refreshSharedSummary);
    connect(m_cache, &LocalCache::rowsChanged, this, [this](const QString &entity) {
        static const QStringList counted = {QStringLiteral("task"), QStringLiteral("file"), QStringLiteral("signoff"),
            QStringLiteral("contact"), QStringLiteral("project"), QStringLiteral("organisation"),
            QStringLiteral("client")};
        if (counted.contains(entity))
            m_sharedSummaryTimer->start();
    });
    m_projectsView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_projectsView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const auto summary = SharedSummary::compute(*m_cache, currentProjectId(), SharedSummary::Part::AudienceOnly);
        if (!summary)
            return;
        QMenu menu(this);
        menu.addAction(tr("Project Settings…"), this, &MainWindow::projectSettings);
        QMenu *viewAs = menu.addMenu(tr("View Portal as"));
        viewAs->setEnabled(!summary->activeContacts.isEmpty());
        for (const SharedSummary::Contact &contact : summary->activeContacts)
            viewAs->addAction(contact.name, this, [this, id = contact.id] {
                Q_EMIT portalViewRequested(id);
            });
        menu.exec(m_projectsView->viewport()->mapToGlobal(pos));
    });

    auto *detailTabs = new QTabWidget(page);
    detailTabs->setObjectName(QStringLiteral("projectTabs"));
    auto *tasksPage = new QWidget(detailTabs);
    auto *tasksLayout = new QVBoxLayout(tasksPage);
    tasksLayout->addWidget(m_tasksView);
    auto *taskButtons = new QHBoxLayout;
    auto *newTaskButton = button(tr("New Task…"), QStringLiteral("newTaskButton"), tasksPage);
    connect(newTaskButton, &QPushButton::clicked, this, &MainWindow::newTask);
    taskButtons->addWidget(newTaskButton);
    taskButtons->addStretch();
    taskButtons->addWidget(new QLabel(tr("Client visibility:"), tasksPage));
    taskButtons->addWidget(m_detailVisibility);
    tasksLayout->addLayout(taskButtons);
    detailTabs->addTab(tasksPage, tr("Tasks"));

    auto *filesPage = new QWidget(detailTabs);
    auto *filesLayout = new QVBoxLayout(filesPage);
    m_folderFilter = new QComboBox(filesPage);
    m_folderFilter->setObjectName(QStringLiteral("folderFilter"));
    connect(m_folderFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_filesProxy->setFieldFilter(QStringLiteral("folder"), m_folderFilter->currentData());
    });
    connect(m_files, &EntityTableModel::loaded, this, &MainWindow::refreshFolders);
    connect(m_files, &QAbstractItemModel::rowsInserted, this, &MainWindow::refreshFolders);
    connect(m_files, &QAbstractItemModel::dataChanged, this, &MainWindow::refreshFolders);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(new QLabel(tr("Folder:"), filesPage));
    folderRow->addWidget(m_folderFilter, 1);
    filesLayout->addLayout(folderRow);
    filesLayout->addWidget(m_filesView);
    auto *addFilesButton = button(tr("Add Files…"), QStringLiteral("addFilesButton"), filesPage);
    connect(addFilesButton, &QPushButton::clicked, this, &MainWindow::addFiles);
    filesLayout->addWidget(addFilesButton, 0, Qt::AlignLeft);
    detailTabs->addTab(filesPage, tr("Files"));

    auto *signoffsPage = new QWidget(detailTabs);
    auto *signoffsLayout = new QVBoxLayout(signoffsPage);
    signoffsLayout->addWidget(m_signoffsView, 2);
    m_signoffTrail = new QListWidget(signoffsPage);
    m_signoffTrail->setObjectName(QStringLiteral("signoffTrail"));
    signoffsLayout->addWidget(new QLabel(tr("Audit trail of the chosen sign-off:"), signoffsPage));
    signoffsLayout->addWidget(m_signoffTrail, 1);
    connect(m_signoffsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &MainWindow::refreshSignOffTrail);
    connect(m_cache, &LocalCache::rowsChanged, this, [this](const QString &entity) {
        if (entity == u"activity" || entity == u"signoff")
            refreshSignOffTrail();
    });
    auto *signoffButtons = new QHBoxLayout;
    auto *newSignOffButton = button(tr("New Sign-Off…"), QStringLiteral("newSignOffButton"), signoffsPage);
    auto *sendButton = button(tr("Send to Client"), QStringLiteral("sendSignOffButton"), signoffsPage);
    auto *withdrawButton = button(tr("Withdraw"), QStringLiteral("withdrawSignOffButton"), signoffsPage);
    connect(newSignOffButton, &QPushButton::clicked, this, &MainWindow::newSignOff);
    connect(sendButton, &QPushButton::clicked, this, &MainWindow::sendSignOff);
    connect(withdrawButton, &QPushButton::clicked, this, &MainWindow::withdrawSignOff);
    signoffButtons->addWidget(newSignOffButton);
    signoffButtons->addWidget(sendButton);
    signoffButtons->addWidget(withdrawButton);
    signoffButtons->addStretch();
    signoffsLayout->addLayout(signoffButtons);
    detailTabs->addTab(signoffsPage, tr("Sign-Offs"));

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_projectClientFilter);
    filters->addWidget(m_projectStatusFilter);
    auto *left = new QVBoxLayout;
    left->addLayout(filters);
    left->addWidget(m_projectsView);
    auto *projectButtons = new QHBoxLayout;
    auto *newProjectButton = button(tr("New Project…"), QStringLiteral("newProjectButton"), page);
    auto *settingsButton = button(tr("Project Settings…"), QStringLiteral("projectSettingsButton"), page);
    connect(newProjectButton, &QPushButton::clicked, this, &MainWindow::newProject);
    connect(settingsButton, &QPushButton::clicked, this, &MainWindow::projectSettings);
    projectButtons->addWidget(newProjectButton);
    projectButtons->addWidget(settingsButton);
    left->addLayout(projectButtons);
    auto *right = new QVBoxLayout;
    right->addWidget(m_projectHeader);
    right->addWidget(m_sharedSummary);
    right->addWidget(detailTabs);
    auto *layout = new QHBoxLayout(page);
    layout->addLayout(left, 2);
    layout->addLayout(right, 3);
    return page;
}

QWidget *MainWindow::buildActivityPage()
{
    auto *view = makeView(QStringLiteral("activityView"), m_activityProxy);
    view->sortByColumn(0, Qt::DescendingOrder);
    // The summary is what matters: it takes the room.
    view->horizontalHeader()->setStretchLastSection(false);
    view->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    view->setColumnWidth(0, 150);
    return view;
}

QWidget *MainWindow::buildConflictsPage()
{
    auto *page = new QWidget(this);
    m_conflictsView = makeView(QStringLiteral("conflictsView"), m_conflicts);
    auto *explain = new QLabel(tr("Someone changed these items while you did. Their value is on the server now; "
                                  "choose whether to keep it or to use yours."),
        page);
    explain->setWordWrap(true);
    m_conflictsView->hideColumn(5);
    auto *detail = new QLabel(page);
    detail->setObjectName(QStringLiteral("conflictDetail"));
    detail->setWordWrap(true);
    connect(m_conflictsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this, detail] {
        const auto conflict = m_cache->row(QStringLiteral("conflict"), currentId(m_conflictsView));
        if (!conflict) {
            detail->clear();
            return;
        }
        const auto item = m_cache->row(conflict->value(u"entity").toString(), conflict->value(u"entity_id").toString());
        const QString name = item ? item->value(u"title").toString() + item->value(u"name").toString() : QString();
        detail->setText(tr("%1 \u201c%2\u201d, field \u201c%3\u201d")
                            .arg(conflict->value(u"entity").toString(), name, conflict->value(u"field").toString()));
    });
    auto *theirs = button(tr("Keep Theirs"), QStringLiteral("keepTheirsButton"), page);
    auto *mine = button(tr("Use Mine"), QStringLiteral("useMineButton"), page);
    connect(theirs, &QPushButton::clicked, this, &MainWindow::keepTheirs);
    connect(mine, &QPushButton::clicked, this, &MainWindow::useMine);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(theirs);
    buttons->addWidget(mine);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(explain);
    layout->addWidget(m_conflictsView);
    layout->addWidget(detail);
    layout->addLayout(buttons);
    return page;
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("New &Client…"), QKeySequence(tr("Ctrl+Shift+C")), this, &MainWindow::newClient);
    file->addAction(tr("New &Project…"), QKeySequence(tr("Ctrl+Shift+P")), this, &MainWindow::newProject);
    file->addAction(tr("New &Task…"), QKeySequence::New, this, &MainWindow::newTask);
    file->addAction(tr("&Add Files…"), QKeySequence(tr("Ctrl+O")), this, &MainWindow::addFiles);
    file->addSeparator();
    file->addAction(tr("Or&ganisation Settings…"), this, &MainWindow::organisationSettingsRequested)
        ->setObjectName(QStringLiteral("organisationSettingsAction"));
    file->addSeparator();
    file->addAction(tr("&Sync Now"), QKeySequence::Refresh, this, &MainWindow::syncRequested);
    file->addAction(tr("Sign &Out"), this, &MainWindow::signOutRequested);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QStringList names = {tr("Clients"), tr("Projects"), tr("Activity"), tr("Conflicts")};
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
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("syncProgress"));
    m_progress->setMaximumWidth(160);
    m_progress->hide();
    statusBar()->addWidget(m_onlineLabel);
    statusBar()->addWidget(m_pendingLabel);
    statusBar()->addWidget(m_conflictsLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_lastSyncLabel);
    setSyncStatus(SyncStatus{});
}

void MainWindow::setSyncStatus(const SyncStatus &status)
{
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
    m_conflicts->reload();
}

// --- selection -------------------------------------------------------------------------------------

QString MainWindow::currentId(QTableView *view) const
{
    return view->currentIndex().data(EntityTableModel::ItemIdRole).toString();
}

QStringList MainWindow::selectedIds(QTableView *view) const
{
    QStringList ids;
    for (const QModelIndex &index : view->selectionModel()->selectedRows())
        ids.append(index.data(EntityTableModel::ItemIdRole).toString());
    return ids;
}

QString MainWindow::currentClientId() const
{
    return currentId(m_clientsView);
}

QString MainWindow::currentContactId() const
{
    return currentId(m_contactsView);
}

QString MainWindow::currentProjectId() const
{
    return currentId(m_projectsView);
}

QStringList MainWindow::selectedTaskIds() const
{
    return selectedIds(m_tasksView);
}

QStringList MainWindow::selectedFileIds() const
{
    return selectedIds(m_filesView);
}

void MainWindow::selectClient(const QString &id)
{
    const int row = m_clients->rowOf(id);
    // Not loaded yet (a background reload may be under way): select it once it arrives.
    m_pendingClient = row < 0 ? id : QString();
    if (row < 0)
        return;
    m_clientsView->setCurrentIndex(m_clientsProxy->mapFromSource(m_clients->index(row, 0)));
}

void MainWindow::selectProject(const QString &id)
{
    const int row = m_projects->rowOf(id);
    m_pendingProject = row < 0 ? id : QString();
    if (row < 0)
        return;
    m_projectsView->setCurrentIndex(m_projectsProxy->mapFromSource(m_projects->index(row, 0)));
}

void MainWindow::onClientChanged()
{
    m_contacts->setFilter(QStringLiteral("client_id"), currentClientId());
}

void MainWindow::onProjectChanged()
{
    const QString id = currentProjectId();
    m_tasks->setFilter(QStringLiteral("project_id"), id);
    m_files->setFilter(QStringLiteral("project_id"), id);
    m_signoffs->setFilter(QStringLiteral("project_id"), id);
    refreshSharedSummary();
    const auto project = m_cache->row(QStringLiteral("project"), id);
    if (!project) {
        m_projectHeader->clear();
        return;
    }
    m_projectHeader->setText(project->value(u"portal_enabled").toBool()
            // Whether clients really see it also depends on the organisation's switch: the summary
            // below says so.
            ? tr("<b>%1</b> — the project's Client Portal is on.")
                  .arg(project->value(u"name").toString().toHtmlEscaped())
            : tr("<b>%1</b> — Client Portal off: clients see nothing of this project.")
                  .arg(project->value(u"name").toString().toHtmlEscaped()));
}

// --- edits -----------------------------------------------------------------------------------------

bool MainWindow::apply(const QList<LocalEdit> &edits)
{
    auto r = m_cache->applyEdits(edits);
    if (!r) {
        showError(r.error().message);
        return false;
    }
    return true;
}

void MainWindow::showError(const QString &message)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Atrium"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::newClient()
{
    auto *dialog = fieldsDialog(tr("New Client"), QStringLiteral("newClientDialog"));
    dialog->addLine(QStringLiteral("name"), tr("&Name:"), true);
    dialog->addText(QStringLiteral("notes"), tr("N&otes:"));
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString id = EntitySchema::newUuid();
        if (apply({{LocalEdit::Op::Create, QStringLiteral("client"), id,
                {{"name", dialog->value(QStringLiteral("name"))}, {"notes", dialog->value(QStringLiteral("notes"))}}}}))
            selectClient(id);
    });
    dialog->open();
}

void MainWindow::newContact()
{
    const QString clientId = currentClientId();
    if (clientId.isEmpty()) {
        showError(tr("Choose a client first."));
        return;
    }
    auto *dialog = fieldsDialog(tr("New Contact"), QStringLiteral("newContactDialog"));
    dialog->addLine(QStringLiteral("name"), tr("&Name:"), true);
    dialog->addLine(QStringLiteral("email"), tr("&Email:"));
    dialog->addLine(QStringLiteral("phone"), tr("&Phone:"));
    connect(dialog, &QDialog::accepted, this, [this, dialog, clientId] {
        const QString email = dialog->value(QStringLiteral("email"));
        if (!email.isEmpty() && !EntitySchema::isValidEmail(email)) {
            showError(tr("\"%1\" is not an email address.").arg(email));
            return;
        }
        apply({{LocalEdit::Op::Create, QStringLiteral("contact"), EntitySchema::newUuid(),
            {{"client_id", clientId}, {"name", dialog->value(QStringLiteral("name"))}, {"email", email},
                {"phone", dialog->value(QStringLiteral("phone"))}}}});
    });
    dialog->open();
}

void MainWindow::newProject()
{
    QString clientId = m_projectClientFilter->currentData().toString();
    if (clientId.isEmpty())
        clientId = currentClientId();
    if (clientId.isEmpty()) {
        showError(tr("Choose the client of the project first (in the client filter or on the Clients page)."));
        return;
    }
    auto *dialog = fieldsDialog(tr("New Project"), QStringLiteral("newProjectDialog"));
    dialog->addLine(QStringLiteral("name"), tr("&Name:"), true);
    dialog->addText(QStringLiteral("description"), tr("&Description:"));
    connect(dialog, &QDialog::accepted, this, [this, dialog, clientId] {
        const QString id = EntitySchema::newUuid();
        if (apply({{LocalEdit::Op::Create, QStringLiteral("project"), id,
                {{"client_id", clientId}, {"name", dialog->value(QStringLiteral("name"))},
                    {"description", dialog->value(QStringLiteral("description"))}}}}))
            selectProject(id);
    });
    dialog->open();
}

void MainWindow::newTask()
{
    const QString projectId = currentProjectId();
    if (projectId.isEmpty()) {
        showError(tr("Choose a project first."));
        return;
    }
    auto *dialog = fieldsDialog(tr("New Task"), QStringLiteral("newTaskDialog"));
    dialog->addLine(QStringLiteral("title"), tr("&Title:"), true);
    dialog->addText(QStringLiteral("description"), tr("&Description:"));
    connect(dialog, &QDialog::accepted, this, [this, dialog, projectId] {
        // New tasks are private: nothing reaches a client until someone shares it.
        apply({{LocalEdit::Op::Create, QStringLiteral("task"), EntitySchema::newUuid(),
            {{"project_id", projectId}, {"title", dialog->value(QStringLiteral("title"))},
                {"description", dialog->value(QStringLiteral("description"))}}}});
    });
    dialog->open();
}

void MainWindow::addFiles()
{
    const QString projectId = currentProjectId();
    if (projectId.isEmpty()) {
        showError(tr("Choose a project first."));
        return;
    }
    auto *dialog = new QFileDialog(this, tr("Add Files to the Project"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    // Into the folder being looked at, if any.
    const QString folder = m_folderFilter->currentData().toString();
    connect(dialog, &QFileDialog::filesSelected, this, [this, projectId, folder](const QStringList &paths) {
        Q_EMIT filesAdded(projectId, folder, paths);
    });
    dialog->open();
}

void MainWindow::newSignOff()
{
    const QString projectId = currentProjectId();
    if (projectId.isEmpty()) {
        showError(tr("Choose a project first."));
        return;
    }
    auto *dialog = fieldsDialog(tr("New Sign-Off"), QStringLiteral("newSignOffDialog"));
    dialog->addLine(QStringLiteral("title"), tr("&Title:"), true);
    dialog->addText(QStringLiteral("description"), tr("&What to approve:"));
    // Attach the files chosen on the Files tab.
    const QStringList fileIds = selectedFileIds();
    auto *files = new QLabel(fileIds.isEmpty() ? tr("No files attached (select them on the Files tab first).")
                                               : tr("%n file(s) attached.", nullptr, int(fileIds.size())),
        dialog);
    files->setWordWrap(true);
    dialog->addWidget(files);
    connect(dialog, &QDialog::accepted, this, [this, dialog, projectId, fileIds] {
        apply({{LocalEdit::Op::Create, QStringLiteral("signoff"), EntitySchema::newUuid(),
            {{"project_id", projectId}, {"title", dialog->value(QStringLiteral("title"))},
                {"description", dialog->value(QStringLiteral("description"))},
                {"file_ids", QJsonArray::fromStringList(fileIds)}}}});
    });
    dialog->open();
}

void MainWindow::sendSignOff()
{
    const QString id = currentId(m_signoffsView);
    if (!id.isEmpty())
        apply({{LocalEdit::Op::Update, QStringLiteral("signoff"), id, {{"status", "sent"}}}});
}

void MainWindow::withdrawSignOff()
{
    const QString id = currentId(m_signoffsView);
    if (!id.isEmpty())
        apply({{LocalEdit::Op::Update, QStringLiteral("signoff"), id, {{"status", "withdrawn"}}}});
}

void MainWindow::inviteContact()
{
    const QString contactId = currentContactId();
    if (contactId.isEmpty()) {
        showError(tr("Choose a contact first."));
        return;
    }
    auto *dialog = new InviteDialog(m_cache, contactId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::viewPortalAsContact()
{
    const QString contactId = currentContactId();
    if (contactId.isEmpty()) {
        showError(tr("Choose a contact first."));
        return;
    }
    Q_EMIT portalViewRequested(contactId);
}

void MainWindow::refreshSharedSummary()
{
    const auto summary = SharedSummary::compute(*m_cache, currentProjectId());
    m_sharedSummary->setText(summary ? summary->toHtml() : QString());
}

// --- client visibility -------------------------------------------------------------------------------

void MainWindow::showVisibilityMenu(QTableView *view, const QString &entity, const QPoint &pos)
{
    const QStringList ids = selectedIds(view);
    if (ids.isEmpty())
        return;
    QMenu menu(this);
    if (entity == u"file")
        menu.addAction(tr("Move to Folder…"), this, [this, ids] {
            moveFiles(ids);
        });
    QMenu *sub = menu.addMenu(tr("Client Visibility"));
    for (const QString &value : {QStringLiteral("private"), QStringLiteral("read_only"), QStringLiteral("editable")}) {
        sub->addAction(VisibilityDelegate::marker(value) + u' ' + VisibilityDelegate::label(value), this,
            [this, entity, ids, value] {
                requestVisibility(entity, ids, value);
            });
    }
    menu.exec(view->viewport()->mapToGlobal(pos));
}

QString MainWindow::describeAudience(const QString &projectId) const
{
    const auto audience = SharedSummary::compute(*m_cache, projectId, SharedSummary::Part::AudienceOnly);
    if (!audience)
        return {};
    QStringList names;
    for (const QList<SharedSummary::Contact> *group : {&audience->activeContacts, &audience->invitedContacts})
        for (const SharedSummary::Contact &contact : *group)
            names.append(contact.name);
    const QString who = names.isEmpty()
        ? tr("contacts of %1 (none has portal access yet)").arg(audience->clientName)
        : tr("%1 of %2").arg(QLocale().createSeparatedList(names), audience->clientName);
    if (!audience->projectPortal)
        return tr("They will become visible to %1 as soon as the project's Client Portal is switched on.").arg(who);
    if (!audience->orgPortal)
        return tr("They will become visible to %1 as soon as the organisation's Client Portal is switched on.")
            .arg(who);
    return tr("They will become visible to %1 in the client portal.").arg(who);
}

void MainWindow::requestVisibility(const QString &entity, const QStringList &ids, const QString &visibility)
{
    if (ids.isEmpty())
        return;
    EntityTableModel *model = entity == u"task" ? m_tasks : m_files;
    QList<LocalEdit> edits;
    int widened = 0;
    QString projectId;
    for (const QString &id : ids) {
        const QString before = model->value(model->rowOf(id), QStringLiteral("visibility")).toString();
        if (before == visibility)
            continue;
        if (EntitySchema::visibilityRank(visibility) > EntitySchema::visibilityRank(before))
            ++widened;
        projectId = model->value(model->rowOf(id), QStringLiteral("project_id")).toString();
        edits.append({LocalEdit::Op::Update, entity, id, {{"visibility", visibility}}});
    }
    if (edits.isEmpty())
        return;
    if (widened == 0) {
        apply(edits); // narrowing: at once
        return;
    }
    if (projectId.isEmpty())
        projectId = currentProjectId();
    const QString what = entity == u"task" ? tr("%n task(s)", nullptr, widened) : tr("%n file(s)", nullptr, widened);
    auto *box = new QMessageBox(QMessageBox::Question, tr("Share with the Client?"),
        tr("%1 will be shared as %2.").arg(what, VisibilityDelegate::label(visibility)) + QStringLiteral("\n\n")
            + describeAudience(projectId),
        QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmWidening"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *share = box->addButton(tr("Share"), QMessageBox::AcceptRole);
    share->setObjectName(QStringLiteral("confirmButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(share, &QPushButton::clicked, this, [this, edits] {
        apply(edits);
    });
    box->open();
}

void MainWindow::projectSettings()
{
    const QString id = currentProjectId();
    const auto project = m_cache->row(QStringLiteral("project"), id);
    if (!project) {
        showError(tr("Choose a project first."));
        return;
    }
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("projectSettingsDialog"));
    dialog->setWindowTitle(tr("Project Settings — %1").arg(project->value(u"name").toString()));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    auto *portal =
        new QCheckBox(tr("&Client Portal: clients of this project can see what is shared with them"), dialog);
    portal->setObjectName(QStringLiteral("portalEnabled"));
    portal->setChecked(project->value(u"portal_enabled").toBool());
    auto *uploads = new QCheckBox(tr("Allow clients to &upload files (into \"Client Uploads\")"), dialog);
    uploads->setObjectName(QStringLiteral("clientUploadsEnabled"));
    uploads->setChecked(project->value(u"client_uploads_enabled").toBool());
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(portal);
    layout->addWidget(uploads);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, id, portal, uploads] {
        requestProjectPortal(id, portal->isChecked(), uploads->isChecked());
    });
    dialog->open();
}

void MainWindow::requestProjectPortal(const QString &projectId, bool portalEnabled, bool uploadsEnabled)
{
    const auto project = m_cache->row(QStringLiteral("project"), projectId);
    if (!project)
        return;
    const LocalEdit edit{LocalEdit::Op::Update, QStringLiteral("project"), projectId,
        {{"portal_enabled", portalEnabled}, {"client_uploads_enabled", uploadsEnabled}}};
    const bool widening = (portalEnabled && !project->value(u"portal_enabled").toBool())
        || (uploadsEnabled && !project->value(u"client_uploads_enabled").toBool());
    if (!widening) {
        apply({edit});
        onProjectChanged();
        return;
    }
    int tasks = 0;
    int files = 0;
    if (auto set = m_cache->records(
            QStringLiteral("task"), {QStringLiteral("visibility")}, QStringLiteral("project_id"), projectId))
        for (const Record &r : set->rows)
            tasks += r.values.at(0).toString() != u"private";
    if (auto set = m_cache->records(
            QStringLiteral("file"), {QStringLiteral("visibility")}, QStringLiteral("project_id"), projectId))
        for (const Record &r : set->rows)
            files += r.values.at(0).toString() != u"private";
    QString text = portalEnabled && !project->value(u"portal_enabled").toBool()
        ? tr("Switching the Client Portal on shares %1 and %2 of \"%3\" (and every sent sign-off).")
              .arg(tr("%n task(s)", nullptr, tasks), tr("%n file(s)", nullptr, files),
                  project->value(u"name").toString())
        : tr("Clients will be able to upload files into \"Client Uploads\".");
    QStringList who;
    if (auto contacts =
            m_cache->records(QStringLiteral("contact"), {QStringLiteral("name"), QStringLiteral("portal_state")},
                QStringLiteral("client_id"), project->value(u"client_id").toString()))
        for (const Record &r : contacts->rows)
            if (r.values.at(1).toString() == u"active" || r.values.at(1).toString() == u"invited")
                who.append(r.values.at(0).toString());
    text += QStringLiteral("\n\n")
        + (who.isEmpty() ? tr("No contact of this client has portal access yet.")
                         : tr("Who sees it: %1.").arg(QLocale().createSeparatedList(who)));
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Open the Project to the Client?"), text, QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmWidening"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *ok = box->addButton(tr("Switch On"), QMessageBox::AcceptRole);
    ok->setObjectName(QStringLiteral("confirmButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(ok, &QPushButton::clicked, this, [this, edit] {
        apply({edit});
        onProjectChanged();
    });
    box->open();
}

// --- folders and sign-offs ---------------------------------------------------------------------------

void MainWindow::refreshFolders()
{
    // Every folder in use, and "Client Uploads" always (where clients' files land).
    QStringList folders = {QStringLiteral("Client Uploads")}; // the stored name; shown translated
    for (int row = 0; row < m_files->rowCount(); ++row) {
        const QString folder = m_files->value(row, QStringLiteral("folder")).toString();
        if (!folder.isEmpty() && !folders.contains(folder))
            folders.append(folder);
    }
    std::sort(folders.begin(), folders.end(), [](const QString &a, const QString &b) {
        return QString::localeAwareCompare(a, b) < 0;
    });
    const QVariant chosen = m_folderFilter->currentData();
    m_folderFilter->blockSignals(true);
    m_folderFilter->clear();
    m_folderFilter->addItem(tr("All folders"), QVariant());
    for (const QString &folder : std::as_const(folders))
        m_folderFilter->addItem(folder == u"Client Uploads" ? tr("Client Uploads") : folder, folder);
    m_folderFilter->setCurrentIndex(qMax(0, m_folderFilter->findData(chosen)));
    m_folderFilter->blockSignals(false);
}

void MainWindow::moveFiles(const QStringList &ids)
{
    auto *dialog = fieldsDialog(tr("Move to Folder"), QStringLiteral("moveFilesDialog"));
    dialog->addLine(QStringLiteral("folder"), tr("&Folder:"), false, m_folderFilter->currentData().toString());
    connect(dialog, &QDialog::accepted, this, [this, dialog, ids] {
        const QString folder = dialog->value(QStringLiteral("folder"));
        QList<LocalEdit> edits;
        for (const QString &id : ids)
            edits.append({LocalEdit::Op::Update, QStringLiteral("file"), id, {{"folder", folder}}});
        apply(edits);
    });
    dialog->open();
}

void MainWindow::refreshSignOffTrail()
{
    m_signoffTrail->clear();
    const QString id = currentId(m_signoffsView);
    if (id.isEmpty())
        return;
    auto trail = m_cache->records(QStringLiteral("activity"),
        {QStringLiteral("created_at"), QStringLiteral("actor_kind"), QStringLiteral("summary"),
            QStringLiteral("address")},
        QStringLiteral("entity_id"), id);
    if (!trail)
        return;
    std::sort(trail->rows.begin(), trail->rows.end(), [](const Record &a, const Record &b) {
        return a.values.at(0).toString() < b.values.at(0).toString();
    });
    for (const Record &r : std::as_const(trail->rows)) {
        const auto when = TimeUtil::fromWire(r.values.at(0).toString());
        QString line =
            QStringLiteral("%1 — %2 — %3")
                .arg(when ? QLocale().toString(when->toLocalTime(), QLocale::ShortFormat) : QString(),
                    r.values.at(1).toString() == u"contact" ? tr("client") : tr("staff"), r.values.at(2).toString());
        if (!r.values.at(3).toString().isEmpty())
            line += u' ' + tr("(from %1)").arg(r.values.at(3).toString());
        m_signoffTrail->addItem(line);
    }
}

// --- conflicts and deletions -------------------------------------------------------------------------

void MainWindow::resolveConflict(bool useMine)
{
    const QString id = currentId(m_conflictsView);
    const auto conflict = m_cache->row(QStringLiteral("conflict"), id);
    if (!conflict)
        return;
    QList<LocalEdit> edits;
    const QString entity = conflict->value(u"entity").toString();
    const QString field = conflict->value(u"field").toString();
    const QString entityId = conflict->value(u"entity_id").toString();
    if (useMine) {
        const auto current = m_cache->row(entity, entityId);
        if (!current || current->value(u"deleted").toBool()) {
            showError(tr("The item was deleted, so your value cannot be applied to it."));
            return;
        }
        edits.append(
            {LocalEdit::Op::Update, entity, entityId, QJsonObject{{field, conflict->value(u"rejected_value")}}});
    }
    edits.append({LocalEdit::Op::Update, QStringLiteral("conflict"), id, {{"resolved", true}}});
    if (apply(edits))
        m_conflicts->reload();
}

void MainWindow::keepTheirs()
{
    resolveConflict(false);
}

void MainWindow::useMine()
{
    resolveConflict(true);
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
