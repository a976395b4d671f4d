// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/projectspage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "common/entityschema.h"
#include "models/entitytablemodel.h"
#include "models/recordfilterproxymodel.h"
#include "models/sharedsummary.h"
#include "models/sharingchange.h"
#include "ui/choicedelegate.h"
#include "ui/fieldsdialog.h"
#include "ui/pages/clientspage.h"
#include "ui/pages/filespanel.h"
#include "ui/pages/signoffspanel.h"
#include "ui/pages/taskspanel.h"
#include "ui/visibilitydelegate.h"

ProjectsPage::ProjectsPage(LocalCache *cache, ClientsPage *clients, QWidget *parent)
    : Page(cache, parent)
    , m_clientsPage(clients)
{
    using C = EntityTableModel::Column;
    const QHash<QString, QString> onOff = {{QStringLiteral("1"), tr("On")}, {QStringLiteral("0"), tr("Off")}};
    const QHash<QString, QString> projectStatus = {{QStringLiteral("active"), tr("Active")},
        {QStringLiteral("on_hold"), tr("On hold")}, {QStringLiteral("completed"), tr("Completed")}};
    m_projects = new EntityTableModel(cache, QStringLiteral("project"),
        {C{QStringLiteral("name"), tr("Project"), {}, false, true},
            C{QStringLiteral("status"), tr("Status"), projectStatus, false, true},
            C{QStringLiteral("due_date"), tr("Due")}, C{QStringLiteral("portal_enabled"), tr("Client Portal"), onOff},
            C{QStringLiteral("client_id"), tr("Client")}},
        this);
    Q_ASSERT(m_projects->columnCount() == ProjectColumnCount);
    connect(m_projects, &EntityTableModel::editRequested, this,
        [this](const QString &id, const QString &field, const QVariant &value) {
            apply({{LocalEdit::Op::Update, m_projects->entity(), id,
                QJsonObject{{field, QJsonValue::fromVariant(value)}}}});
        });
    m_projectsProxy = new RecordFilterProxyModel(this);
    m_projectsProxy->setSourceModel(m_projects);

    m_projectClientFilter = new QComboBox(this);
    m_projectClientFilter->setAccessibleName(tr("Show projects of client"));
    m_projectClientFilter->setObjectName(QStringLiteral("projectClientFilter"));
    m_projectClientFilter->addItem(tr("All clients"), QString());
    m_projectStatusFilter = new QComboBox(this);
    m_projectStatusFilter->setAccessibleName(tr("Show projects with status"));
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
    m_projectsView = makeView(QStringLiteral("projectsView"), tr("Projects"), m_projectsProxy);
    m_projectsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_projectsView->hideColumn(ProjectClient);
    m_projectsView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_projectsView->setItemDelegateForColumn(ProjectStatus,
        new ChoiceDelegate({{QStringLiteral("active"), tr("Active")}, {QStringLiteral("on_hold"), tr("On hold")},
                               {QStringLiteral("completed"), tr("Completed")}},
            this));
    connect(m_projectsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &ProjectsPage::onProjectChanged);

    // The same delegate shows and edits the visibility of tasks and of files.
    auto *visibility = new VisibilityDelegate(this);
    auto *detailTabs = new QTabWidget(this);
    detailTabs->setAccessibleName(tr("Project contents"));
    detailTabs->setObjectName(QStringLiteral("projectTabs"));
    m_detailTabs = detailTabs;
    m_tasks = new TasksPanel(cache, visibility, detailTabs);
    m_files = new FilesPanel(cache, visibility, detailTabs);
    m_signoffs = new SignoffsPanel(
        cache,
        [this] {
            return m_files->selectedFileIds();
        },
        detailTabs);
    detailTabs->addTab(m_tasks, tr("Tasks"));
    detailTabs->addTab(m_files, tr("Files"));
    detailTabs->addTab(m_signoffs, tr("Sign-Offs"));
    connect(visibility, &VisibilityDelegate::visibilityRequested, this,
        [this](const QModelIndex &index, const QString &value) {
            const bool isTask = index.model() == m_tasks->viewModel();
            QStringList ids = isTask ? m_tasks->selectedTaskIds() : m_files->selectedFileIds();
            const QString id = index.data(EntityTableModel::ItemIdRole).toString();
            if (!ids.contains(id))
                ids = {id};
            requestVisibility(isTask ? QStringLiteral("task") : QStringLiteral("file"), ids, value);
        });
    connect(m_tasks, &TasksPanel::visibilityRequested, this, &ProjectsPage::requestVisibility);
    connect(m_tasks, &TasksPanel::visibilityMenuRequested, this, &ProjectsPage::showVisibilityMenu);
    connect(m_files, &FilesPanel::visibilityMenuRequested, this, &ProjectsPage::showVisibilityMenu);

    m_projectHeader = new QLabel(this);
    m_projectHeader->setObjectName(QStringLiteral("projectHeader"));
    m_projectHeader->setWordWrap(true);
    m_sharedSummary = new QLabel(this);
    m_sharedSummary->setObjectName(QStringLiteral("sharedSummary"));
    m_sharedSummary->setWordWrap(true);
    m_sharedSummary->setTextFormat(Qt::RichText);
    // A pull arrives in pages: count once they have settled, not once per page.
    m_sharedSummaryTimer = new QTimer(this);
    m_sharedSummaryTimer->setSingleShot(true);
    m_sharedSummaryTimer->setInterval(200);
    connect(m_sharedSummaryTimer, &QTimer::timeout, this, &ProjectsPage::refreshSharedSummary);
    connect(cache, &LocalCache::rowsChanged, this, [this](const QString &entity) {
        static const QStringList counted = {QStringLiteral("task"), QStringLiteral("file"), QStringLiteral("signoff"),
            QStringLiteral("contact"), QStringLiteral("project"), QStringLiteral("organisation"),
            QStringLiteral("client")};
        if (counted.contains(entity))
            m_sharedSummaryTimer->start();
    });
    deleteOnKey(m_projectsView, QStringLiteral("project"));
    m_projectsView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_projectsView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const auto summary =
            SharedSummary::compute(*this->cache(), currentProjectId(), SharedSummary::Part::AudienceOnly);
        if (!summary)
            return;
        QMenu menu(this);
        menu.addAction(tr("Project Settings…"), this, &ProjectsPage::projectSettings);
        menu.addAction(tr("Delete Project…"), this, [this] {
            requestDelete(QStringLiteral("project"), {currentProjectId()});
        });
        QMenu *viewAs = menu.addMenu(tr("View Portal as"));
        viewAs->setEnabled(!summary->activeContacts.isEmpty());
        for (const SharedSummary::Contact &contact : summary->activeContacts)
            viewAs->addAction(contact.name, this, [this, id = contact.id] {
                Q_EMIT portalViewRequested(id);
            });
        menu.exec(m_projectsView->viewport()->mapToGlobal(pos));
    });

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_projectClientFilter);
    filters->addWidget(m_projectStatusFilter);
    auto *left = new QVBoxLayout;
    left->addLayout(filters);
    left->addWidget(m_projectsView);
    auto *projectButtons = new QHBoxLayout;
    auto *newProjectButton = button(tr("New Project…"), QStringLiteral("newProjectButton"), this);
    auto *settingsButton = button(tr("Project Settings…"), QStringLiteral("projectSettingsButton"), this);
    connect(newProjectButton, &QPushButton::clicked, this, &ProjectsPage::newProject);
    connect(settingsButton, &QPushButton::clicked, this, &ProjectsPage::projectSettings);
    projectButtons->addWidget(newProjectButton);
    projectButtons->addWidget(settingsButton);
    left->addLayout(projectButtons);
    auto *right = new QVBoxLayout;
    right->addWidget(m_projectHeader);
    right->addWidget(m_sharedSummary);
    right->addWidget(detailTabs);
    // The project list and the chosen project side by side; the user moves the divider.
    auto *leftPane = new QWidget(this);
    left->setContentsMargins(0, 0, 0, 0);
    leftPane->setLayout(left);
    auto *rightPane = new QWidget(this);
    right->setContentsMargins(0, 0, 0, 0);
    rightPane->setLayout(right);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("projectsSplitter"));
    splitter->addWidget(leftPane);
    splitter->addWidget(rightPane);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(splitter);

    m_projects->reload();
    // Keep the client filter's choices in step with the clients.
    connect(m_projects, &EntityTableModel::loaded, this, &ProjectsPage::refreshClientFilter);
    connect(m_clientsPage->clientsModel(), &EntityTableModel::loaded, this, &ProjectsPage::refreshClientFilter);
    const auto retry = [this] {
        if (!m_pendingProject.isEmpty())
            selectProject(m_pendingProject);
    };
    for (EntityTableModel *model : {m_clientsPage->clientsModel(), m_projects}) {
        connect(model, &EntityTableModel::loaded, this, retry);
        connect(model, &EntityTableModel::rowsInserted, this, retry, Qt::QueuedConnection);
    }
}

QString ProjectsPage::currentProjectId() const
{
    return currentId(m_projectsView);
}

void ProjectsPage::selectProject(const QString &id)
{
    const int row = m_projects->rowOf(id);
    m_pendingProject = row < 0 ? id : QString();
    if (row < 0)
        return;
    m_projectsView->setCurrentIndex(m_projectsProxy->mapFromSource(m_projects->index(row, ProjectName)));
}

void ProjectsPage::openItem(const QString &entity, const QString &id, const QString &projectId)
{
    // The project list may be filtered to another client or status.
    m_projectClientFilter->setCurrentIndex(0);
    m_projectStatusFilter->setCurrentIndex(0);
    selectProject(projectId);
    if (entity == u"task") {
        m_detailTabs->setCurrentWidget(m_tasks);
        m_tasks->selectTask(id);
    } else if (entity == u"file") {
        m_detailTabs->setCurrentWidget(m_files);
        m_files->selectFile(id);
    } else if (entity == u"signoff") {
        m_detailTabs->setCurrentWidget(m_signoffs);
        m_signoffs->selectSignoff(id);
    }
}

void ProjectsPage::refreshClientFilter()
{
    EntityTableModel *clients = m_clientsPage->clientsModel();
    const QString chosen = m_projectClientFilter->currentData().toString();
    m_projectClientFilter->blockSignals(true);
    m_projectClientFilter->clear();
    m_projectClientFilter->addItem(tr("All clients"), QString());
    for (int row = 0; row < clients->rowCount(); ++row)
        m_projectClientFilter->addItem(clients->value(row, QStringLiteral("name")).toString(), clients->idAt(row));
    m_projectClientFilter->setCurrentIndex(qMax(0, m_projectClientFilter->findData(chosen)));
    m_projectClientFilter->blockSignals(false);
}

void ProjectsPage::onProjectChanged()
{
    const QString id = currentProjectId();
    m_tasks->setProject(id);
    m_files->setProject(id);
    m_signoffs->setProject(id);
    refreshSharedSummary();
    const auto project = cache()->row(QStringLiteral("project"), id);
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

void ProjectsPage::refreshSharedSummary()
{
    const auto summary = SharedSummary::compute(*cache(), currentProjectId());
    m_sharedSummary->setText(summary ? summary->toHtml() : QString());
}

void ProjectsPage::newProject()
{
    QString clientId = m_projectClientFilter->currentData().toString();
    if (clientId.isEmpty())
        clientId = m_clientsPage->currentClientId();
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

// --- client visibility -------------------------------------------------------------------------------

void ProjectsPage::showVisibilityMenu(QTableView *view, const QString &entity, const QPoint &pos)
{
    const QStringList ids = selectedIds(view);
    if (ids.isEmpty())
        return;
    QMenu menu(this);
    if (entity == u"file")
        menu.addAction(tr("Move to Folder…"), this, [this, ids] {
            m_files->moveFiles(ids);
        });
    QMenu *sub = menu.addMenu(tr("Client Visibility"));
    for (const QString &value : {QStringLiteral("private"), QStringLiteral("read_only"), QStringLiteral("editable")}) {
        sub->addAction(VisibilityDelegate::marker(value) + u' ' + VisibilityDelegate::label(value), this,
            [this, entity, ids, value] {
                requestVisibility(entity, ids, value);
            });
    }
    menu.addSeparator();
    menu.addAction(tr("Delete…"), this, [this, entity, ids] {
        requestDelete(entity, ids);
    });
    menu.exec(view->viewport()->mapToGlobal(pos));
}

void ProjectsPage::requestVisibility(const QString &entity, const QStringList &ids, const QString &visibility)
{
    if (ids.isEmpty())
        return;
    const SharingChange::VisibilityPlan plan = SharingChange::visibility(*cache(), entity, ids, visibility);
    if (plan.edits.isEmpty())
        return;
    if (!plan.needsConfirmation()) {
        apply(plan.edits); // narrowing: at once
        return;
    }
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Share with the Client?"), plan.confirmation, QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmWidening"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *share = box->addButton(tr("Share"), QMessageBox::AcceptRole);
    share->setObjectName(QStringLiteral("confirmButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(share, &QPushButton::clicked, this, [this, edits = plan.edits] {
        apply(edits);
    });
    box->open();
}

// --- the project's Client Portal ---------------------------------------------------------------------

void ProjectsPage::projectSettings()
{
    const QString id = currentProjectId();
    const auto project = cache()->row(QStringLiteral("project"), id);
    if (!project) {
        showError(tr("Choose a project first."));
        return;
    }
    auto *dialog = fieldsDialog(
        tr("Project Settings — %1").arg(project->value(u"name").toString()), QStringLiteral("projectSettingsDialog"));
    dialog->addLine(QStringLiteral("name"), tr("&Name:"), true, project->value(u"name").toString());
    dialog->addText(QStringLiteral("description"), tr("&Description:"), project->value(u"description").toString());
    dialog->addChoice(QStringLiteral("status"), tr("&Status:"),
        {{QStringLiteral("active"), tr("Active")}, {QStringLiteral("on_hold"), tr("On hold")},
            {QStringLiteral("completed"), tr("Completed")}},
        project->value(u"status").toString());
    dialog->addDate(QStringLiteral("due_date"), tr("D&ue date:"), project->value(u"due_date").toString());
    auto *portal =
        new QCheckBox(tr("&Client Portal: clients of this project can see what is shared with them"), dialog);
    portal->setObjectName(QStringLiteral("portalEnabled"));
    portal->setChecked(project->value(u"portal_enabled").toBool());
    auto *uploads = new QCheckBox(tr("Allow clients to &upload files (into \"Client Uploads\")"), dialog);
    uploads->setObjectName(QStringLiteral("clientUploadsEnabled"));
    uploads->setChecked(project->value(u"client_uploads_enabled").toBool());
    dialog->addWidget(portal);
    dialog->addWidget(uploads);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id, portal, uploads] {
        if (!applyChanges(QStringLiteral("project"), id, dialog,
                {QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("status"),
                    QStringLiteral("due_date")}))
            return;
        // Opening the portal asks first (it widens what clients see).
        requestProjectPortal(id, portal->isChecked(), uploads->isChecked());
    });
    dialog->open();
}

void ProjectsPage::requestProjectPortal(const QString &projectId, bool portalEnabled, bool uploadsEnabled)
{
    const auto plan = SharingChange::projectPortal(*cache(), projectId, portalEnabled, uploadsEnabled);
    if (!plan)
        return;
    if (!plan->needsConfirmation()) {
        apply({plan->edit});
        onProjectChanged();
        return;
    }
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Open the Project to the Client?"), plan->confirmation, QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmWidening"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *ok = box->addButton(tr("Switch On"), QMessageBox::AcceptRole);
    ok->setObjectName(QStringLiteral("confirmButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(ok, &QPushButton::clicked, this, [this, edit = plan->edit] {
        apply({edit});
        onProjectChanged();
    });
    box->open();
}
