// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/activitypage.h"

#include <QHeaderView>
#include <QTableView>
#include <QVBoxLayout>

#include "models/entitytablemodel.h"
#include "models/recordfilterproxymodel.h"

ActivityPage::ActivityPage(LocalCache *cache, QWidget *parent)
    : Page(cache, parent)
{
    using C = EntityTableModel::Column;
    const QHash<QString, QString> actorKind = {{QStringLiteral("staff"), tr("Staff")},
        {QStringLiteral("contact"), tr("Client")}, {QStringLiteral("system"), tr("System")}};
    m_activity = new EntityTableModel(cache, QStringLiteral("activity"),
        {C{QStringLiteral("created_at"), tr("When")}, C{QStringLiteral("actor_kind"), tr("Who"), actorKind},
            C{QStringLiteral("summary"), tr("What")}, C{QStringLiteral("address"), tr("From")}},
        this);
    Q_ASSERT(m_activity->columnCount() == ActivityColumnCount);
    m_activityProxy = new RecordFilterProxyModel(this);
    m_activityProxy->setSourceModel(m_activity);

    auto *view = makeView(QStringLiteral("activityView"), m_activityProxy);
    view->sortByColumn(ActivityWhen, Qt::DescendingOrder);
    // The summary is what matters: it takes the room.
    view->horizontalHeader()->setStretchLastSection(false);
    view->horizontalHeader()->setSectionResizeMode(ActivityWhat, QHeaderView::Stretch);
    view->setColumnWidth(ActivityWhen, 150);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view);
    m_activity->reload();
}
