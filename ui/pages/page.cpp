// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/page.h"

#include <QAbstractProxyModel>
#include <QHeaderView>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QUndoStack>

#include "common/entityschema.h"
#include "models/activitytext.h"
#include "models/entitytablemodel.h"
#include "models/sharingchange.h"
#include "ui/fieldsdialog.h"
#include "ui/undoableedit.h"

Page::Page(LocalCache *cache, QWidget *parent)
    : QWidget(parent)
    , m_cache(cache)
{
}

bool Page::apply(const QList<LocalEdit> &edits)
{
    // What would take the edits back, worked out from the rows as they are now.
    const QList<LocalEdit> inverse = m_undo ? UndoableEdit::inverseOf(*m_cache, edits) : QList<LocalEdit>();
    auto r = m_cache->applyEdits(edits);
    if (!r) {
        showError(r.error().message);
        return false;
    }
    if (m_undo && !inverse.isEmpty())
        m_undo->push(new UndoableEdit(m_cache, edits, inverse, [this](const QString &message) {
            showError(message);
        }));
    return true;
}

bool Page::applyChanges(const QString &entity, const QString &id, const FieldsDialog *dialog, const QStringList &fields)
{
    const auto row = m_cache->row(entity, id);
    const EntitySpec *spec = EntitySchema::find(entity);
    if (!row || !spec)
        return false;
    QJsonObject changes;
    for (const QString &name : fields) {
        const FieldSpec *field = spec->field(name);
        if (!field)
            continue;
        const QString value = dialog->value(name);
        const QJsonValue now = row->value(name);
        const QString before = now.isString() ? now.toString() : now.isNull() ? QString() : now.toVariant().toString();
        if (value == before)
            continue;
        const bool clears = value.isEmpty() && field->has(Nullable);
        changes.insert(name, clears ? QJsonValue(QJsonValue::Null) : QJsonValue(value));
    }
    if (changes.isEmpty())
        return true;
    return apply({{LocalEdit::Op::Update, entity, id, changes}});
}

void Page::requestDelete(const QString &entity, const QStringList &ids)
{
    if (ids.isEmpty())
        return;
    const QString labelField = entity == u"task" || entity == u"signoff" ? QStringLiteral("title")
        : entity == u"comment"                                           ? QStringLiteral("body")
                                                                         : QStringLiteral("name");
    QStringList names;
    QHash<QString, int> going;
    for (const QString &id : ids) {
        if (const auto row = m_cache->row(entity, id))
            names.append(row->value(labelField).toString().simplified().left(80));
        const QHash<QString, int> with = m_cache->dependentsOf(entity, id);
        for (auto it = with.cbegin(); it != with.cend(); ++it)
            going[it.key()] += it.value();
    }
    QString text = names.size() == 1
        ? tr("Delete the %1 \u201C%2\u201D?").arg(ActivityText::noun(entity), names.first())
        : tr("Delete these %1 items: %2?").arg(names.size()).arg(SharingChange::nameList(names));
    QStringList with;
    const QList<QPair<QString, QString>> kinds = {
        {QStringLiteral("contact"), tr("%n contact(s)", nullptr, going.value(QStringLiteral("contact")))},
        {QStringLiteral("project"), tr("%n project(s)", nullptr, going.value(QStringLiteral("project")))},
        {QStringLiteral("task"), tr("%n task(s)", nullptr, going.value(QStringLiteral("task")))},
        {QStringLiteral("file"), tr("%n file(s)", nullptr, going.value(QStringLiteral("file")))},
        {QStringLiteral("signoff"), tr("%n sign-off(s)", nullptr, going.value(QStringLiteral("signoff")))},
        {QStringLiteral("comment"), tr("%n comment(s)", nullptr, going.value(QStringLiteral("comment")))}};
    for (const auto &[kind, words] : kinds) {
        if (going.value(kind) > 0)
            with.append(words);
    }
    if (!with.isEmpty())
        text += u'\n' + tr("With it go %1.").arg(QLocale().createSeparatedList(with));
    if (entity == u"contact")
        text += u'\n' + tr("Their portal access and open invitations end at once.");
    text += QStringLiteral("\n\n") + tr("You can restore deleted items from View \u2192 Deleted Items.");
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete?"), text, QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmDelete"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *remove = box->addButton(tr("Delete"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("confirmDeleteButton"));
    QPushButton *keep = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(keep);
    connect(remove, &QPushButton::clicked, this, [this, entity, ids] {
        QList<LocalEdit> edits;
        for (const QString &id : ids)
            edits.append({LocalEdit::Op::Delete, entity, id, {}});
        apply(edits);
    });
    box->open();
}

void Page::deleteOnKey(QTableView *view, const QString &entity)
{
    auto *shortcut = new QShortcut(QKeySequence::Delete, view, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, [this, view, entity] {
        requestDelete(entity, selectedIds(view));
    });
}

void Page::showError(const QString &message)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Atrium"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

QTableView *Page::makeView(const QString &name, const QString &accessibleName, QAbstractItemModel *model)
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
    view->setAccessibleName(accessibleName);
    // Columns fit their content once the first rows are in, unless the user's own widths were
    // restored (MainWindow::restoreSettings); their widths, order and sort are saved on quit.
    auto *fit = new QObject(view);
    auto fitOnce = [view, fit] {
        if (view->model()->rowCount() == 0)
            return;
        if (!view->property("atriumHeaderRestored").toBool()) {
            view->resizeColumnsToContents();
            for (int column = 0; column < view->model()->columnCount(); ++column)
                view->setColumnWidth(column, qMin(view->columnWidth(column), 360));
        }
        fit->deleteLater();
    };
    connect(model, &QAbstractItemModel::modelReset, fit, fitOnce, Qt::QueuedConnection);
    connect(model, &QAbstractItemModel::rowsInserted, fit, fitOnce, Qt::QueuedConnection);
    return view;
}

FieldsDialog *Page::fieldsDialog(const QString &title, const QString &name)
{
    auto *dialog = new FieldsDialog(title, this);
    dialog->setObjectName(name);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    return dialog;
}

QPushButton *Page::button(const QString &text, const QString &name, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    return b;
}

QString Page::currentId(const QTableView *view)
{
    return view->currentIndex().data(EntityTableModel::ItemIdRole).toString();
}

QStringList Page::selectedIds(const QTableView *view)
{
    QStringList ids;
    for (const QModelIndex &index : view->selectionModel()->selectedRows())
        ids.append(index.data(EntityTableModel::ItemIdRole).toString());
    return ids;
}

void Page::selectWhenLoaded(QTableView *view, EntityTableModel *model, const QString &id)
{
    auto select = [view, model](const QString &wanted) {
        const int row = model->rowOf(wanted);
        if (row < 0)
            return false;
        QModelIndex index = model->index(row, 0);
        if (auto *proxy = qobject_cast<QAbstractProxyModel *>(view->model()))
            index = proxy->mapFromSource(index);
        if (!index.isValid())
            return false; // filtered out
        view->setCurrentIndex(index);
        view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        view->scrollTo(index);
        return true;
    };
    if (select(id)) {
        m_pendingSelection.remove(view);
        return;
    }
    const bool waiting = m_pendingSelection.contains(view);
    m_pendingSelection.insert(view, id);
    if (waiting)
        return;
    // Until the row arrives (or another row is asked for instead).
    auto *context = new QObject(view);
    connect(model, &EntityTableModel::loaded, context, [this, view, context, select] {
        const QString wanted = m_pendingSelection.value(view);
        if (wanted.isEmpty() || select(wanted)) {
            m_pendingSelection.remove(view);
            context->deleteLater();
        }
    });
}
