// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/deleteditemsdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "common/timeutil.h"
#include "models/activitytext.h"
#include "sync/localcache.h"

DeletedItemsDialog::DeletedItemsDialog(LocalCache *cache, QWidget *parent)
    : QDialog(parent)
    , m_cache(cache)
    , m_list(new QTreeWidget(this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("deletedItemsDialog"));
    setWindowTitle(tr("Deleted Items"));
    setWindowModality(Qt::WindowModal);
    m_list->setObjectName(QStringLiteral("deletedItems"));
    m_list->setAccessibleName(tr("Deleted items"));
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setHeaderLabels({tr("Item"), tr("Kind"), tr("Deleted")});
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_message->setWordWrap(true);
    m_message->setText(tr("Restoring an item brings back what was deleted with it. The server keeps deleted "
                          "items for 90 days unless your administrator chose another period."));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *restore = buttons->addButton(tr("&Restore"), QDialogButtonBox::ActionRole);
    restore->setObjectName(QStringLiteral("restoreButton"));
    connect(restore, &QPushButton::clicked, this, &DeletedItemsDialog::restoreSelected);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QTreeWidget::itemActivated, this, &DeletedItemsDialog::restoreSelected);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(640, 420);
    connect(cache, &LocalCache::rowsChanged, this, &DeletedItemsDialog::refresh);
    refresh();
}

void DeletedItemsDialog::refresh()
{
    const auto items = m_cache->deletedItems();
    m_list->clear();
    if (!items)
        return;
    for (const LocalCache::DeletedItem &item : *items) {
        const auto when = TimeUtil::fromWire(item.deletedAt);
        auto *row = new QTreeWidgetItem(m_list,
            {item.label, ActivityText::noun(item.entity),
                when ? QLocale().toString(when->toLocalTime(), QLocale::ShortFormat) : QString()});
        row->setData(0, Qt::UserRole, item.entity);
        row->setData(0, Qt::UserRole + 1, item.id);
    }
}

void DeletedItemsDialog::restoreSelected()
{
    QList<LocalEdit> edits;
    for (QTreeWidgetItem *item : m_list->selectedItems())
        edits.append({LocalEdit::Op::Restore, item->data(0, Qt::UserRole).toString(),
            item->data(0, Qt::UserRole + 1).toString(), {}});
    if (edits.isEmpty())
        return;
    if (auto r = m_cache->applyEdits(edits); !r)
        m_message->setText(r.error().message);
}
