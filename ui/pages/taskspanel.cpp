// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/taskspanel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "common/entityschema.h"
#include "models/entitytablemodel.h"
#include "models/recordfilterproxymodel.h"
#include "ui/choicedelegate.h"
#include "ui/fieldsdialog.h"
#include "ui/pages/commentthreadview.h"
#include "ui/visibilitydelegate.h"

TasksPanel::TasksPanel(LocalCache *cache, VisibilityDelegate *visibility, QWidget *parent)
    : Page(cache, parent)
{
    using C = EntityTableModel::Column;
    const QHash<QString, QString> taskStatus = {{QStringLiteral("todo"), tr("To do")},
        {QStringLiteral("in_progress"), tr("In progress")}, {QStringLiteral("done"), tr("Done")}};
    m_tasks = new EntityTableModel(cache, QStringLiteral("task"),
        {C{QStringLiteral("title"), tr("Task"), {}, false, true},
            C{QStringLiteral("status"), tr("Status"), taskStatus, false, true},
            C{QStringLiteral("due_date"), tr("Due")},
            C{QStringLiteral("visibility"), tr("Client visibility"), VisibilityDelegate::labels()},
            C{QStringLiteral("assignee_id"), tr("Assignee")}, C{QStringLiteral("project_id"), tr("Project")}},
        this);
    Q_ASSERT(m_tasks->columnCount() == TaskColumnCount);
    connect(m_tasks, &EntityTableModel::editRequested, this,
        [this](const QString &id, const QString &field, const QVariant &value) {
            apply(
                {{LocalEdit::Op::Update, m_tasks->entity(), id, QJsonObject{{field, QJsonValue::fromVariant(value)}}}});
        });
    m_tasksProxy = new RecordFilterProxyModel(this);
    m_tasksProxy->setSourceModel(m_tasks);
    m_tasksProxy->setSearchFields({QStringLiteral("title")});

    m_tasksView = makeView(QStringLiteral("tasksView"), tr("Tasks"), m_tasksProxy);
    m_tasksView->hideColumn(TaskProject);
    // The title takes the room; the other columns keep the widths they are given.
    m_tasksView->horizontalHeader()->setStretchLastSection(false);
    m_tasksView->horizontalHeader()->setSectionResizeMode(TaskTitle, QHeaderView::Stretch);
    m_tasksView->setItemDelegateForColumn(TaskVisibility, visibility);
    m_tasksView->setItemDelegateForColumn(TaskStatus,
        new ChoiceDelegate({{QStringLiteral("todo"), tr("To do")}, {QStringLiteral("in_progress"), tr("In progress")},
                               {QStringLiteral("done"), tr("Done")}},
            this));
    m_tasksView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    deleteOnKey(m_tasksView, QStringLiteral("task"));
    m_tasksView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tasksView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        Q_EMIT visibilityMenuRequested(m_tasksView, QStringLiteral("task"), pos);
    });

    // The detail pane: what clients see of the chosen task(s).
    m_detailVisibility = new QComboBox(this);
    m_detailVisibility->setAccessibleName(tr("Client visibility of the chosen tasks"));
    m_detailVisibility->setObjectName(QStringLiteral("detailVisibility"));
    for (const QString &value : {QStringLiteral("private"), QStringLiteral("read_only"), QStringLiteral("editable")})
        m_detailVisibility->addItem(VisibilityDelegate::marker(value) + u' ' + VisibilityDelegate::label(value), value);
    m_detailVisibility->setEnabled(false);
    m_thread = new CommentThreadView(cache, this);
    connect(m_tasksView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QStringList ids = selectedTaskIds();
        m_thread->setTarget(QStringLiteral("task"), ids.size() == 1 ? ids.first() : QString());
        m_detailVisibility->setEnabled(!ids.isEmpty());
        if (ids.size() == 1) {
            m_detailVisibility->blockSignals(true);
            m_detailVisibility->setCurrentIndex(m_detailVisibility->findData(
                m_tasks->value(m_tasks->rowOf(ids.first()), QStringLiteral("visibility")).toString()));
            m_detailVisibility->blockSignals(false);
        }
    });
    connect(m_detailVisibility, &QComboBox::activated, this, [this] {
        Q_EMIT visibilityRequested(
            QStringLiteral("task"), selectedTaskIds(), m_detailVisibility->currentData().toString());
    });

    // The table, and the detail pane of the chosen task beside it.
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("tasksSplitter"));
    splitter->addWidget(m_tasksView);
    splitter->addWidget(m_thread);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
    auto *buttons = new QHBoxLayout;
    auto *newTaskButton = button(tr("New Task…"), QStringLiteral("newTaskButton"), this);
    connect(newTaskButton, &QPushButton::clicked, this, &TasksPanel::newTask);
    buttons->addWidget(newTaskButton);
    auto *editTaskButton = button(tr("Edit Task…"), QStringLiteral("editTaskButton"), this);
    connect(editTaskButton, &QPushButton::clicked, this, &TasksPanel::editTask);
    buttons->addWidget(editTaskButton);
    buttons->addStretch();
    buttons->addWidget(new QLabel(tr("Client visibility:"), this));
    buttons->addWidget(m_detailVisibility);
    layout->addLayout(buttons);

    // The assignee column shows names, kept current as staff join or are renamed.
    refreshAssigneeNames();
    connect(cache, &LocalCache::rowsChanged, this, [this](const QString &entity) {
        if (entity == u"staff_user")
            refreshAssigneeNames();
    });
    setProject(QString());
}

const QAbstractItemModel *TasksPanel::viewModel() const
{
    return m_tasksProxy;
}

QStringList TasksPanel::selectedTaskIds() const
{
    return selectedIds(m_tasksView);
}

void TasksPanel::selectTask(const QString &id)
{
    selectWhenLoaded(m_tasksView, m_tasks, id);
}

void TasksPanel::setProject(const QString &projectId)
{
    m_projectId = projectId;
    m_tasks->setFilter(QStringLiteral("project_id"), projectId);
}

void TasksPanel::deleteSelected()
{
    requestDelete(QStringLiteral("task"), selectedTaskIds());
}

void TasksPanel::editTask()
{
    const QStringList ids = selectedTaskIds();
    const auto task = ids.size() == 1 ? cache()->row(QStringLiteral("task"), ids.first()) : std::nullopt;
    if (!task) {
        showError(tr("Choose one task first."));
        return;
    }
    const QString id = ids.first();
    auto *dialog = fieldsDialog(tr("Edit Task"), QStringLiteral("editTaskDialog"));
    dialog->addLine(QStringLiteral("title"), tr("&Title:"), true, task->value(u"title").toString());
    dialog->addText(QStringLiteral("description"), tr("&Description:"), task->value(u"description").toString());
    dialog->addChoice(QStringLiteral("status"), tr("&Status:"),
        {{QStringLiteral("todo"), tr("To do")}, {QStringLiteral("in_progress"), tr("In progress")},
            {QStringLiteral("done"), tr("Done")}},
        task->value(u"status").toString());
    dialog->addDate(QStringLiteral("due_date"), tr("D&ue date:"), task->value(u"due_date").toString());
    dialog->addChoice(
        QStringLiteral("assignee_id"), tr("&Assignee:"), staffChoices(), task->value(u"assignee_id").toString());
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        applyChanges(QStringLiteral("task"), id, dialog,
            {QStringLiteral("title"), QStringLiteral("description"), QStringLiteral("status"),
                QStringLiteral("due_date"), QStringLiteral("assignee_id")});
    });
    dialog->open();
}

QList<QPair<QString, QString>> TasksPanel::staffChoices() const
{
    QList<QPair<QString, QString>> choices = {{QString(), tr("Nobody")}};
    if (auto staff = cache()->records(QStringLiteral("staff_user"), {QStringLiteral("name")})) {
        QList<QPair<QString, QString>> people;
        for (const Record &r : std::as_const(staff->rows))
            people.append({r.id, r.values.at(0).toString()});
        std::sort(people.begin(), people.end(), [](const auto &a, const auto &b) {
            return QString::localeAwareCompare(a.second, b.second) < 0;
        });
        choices += people;
    }
    return choices;
}

void TasksPanel::refreshAssigneeNames()
{
    QHash<QString, QString> names;
    for (const auto &[id, name] : staffChoices()) {
        if (!id.isEmpty())
            names.insert(id, name);
    }
    m_tasks->setColumnLabels(TaskAssignee, names);
}

void TasksPanel::newTask()
{
    const QString projectId = m_projectId;
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
