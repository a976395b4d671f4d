// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/page.h"

#include <QAbstractProxyModel>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>

#include "models/entitytablemodel.h"
#include "ui/fieldsdialog.h"

Page::Page(LocalCache *cache, QWidget *parent)
    : QWidget(parent)
    , m_cache(cache)
{
}

bool Page::apply(const QList<LocalEdit> &edits)
{
    auto r = m_cache->applyEdits(edits);
    if (!r) {
        showError(r.error().message);
        return false;
    }
    return true;
}

void Page::showError(const QString &message)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Atrium"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

QTableView *Page::makeView(const QString &name, QAbstractItemModel *model)
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
