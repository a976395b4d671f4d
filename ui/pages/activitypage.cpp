// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/activitypage.h"

#include <QHeaderView>
#include <QTableView>
#include <QVBoxLayout>

#include "models/activityproxymodel.h"
#include "models/entitytablemodel.h"
#include "models/recordfilterproxymodel.h"

ActivityPage::ActivityPage(LocalCache *cache, QWidget *parent)
    : Page(cache, parent)
{
    using C = EntityTableModel::Column;
    const QHash<QString, QString> actorKind = {{QStringLiteral("staff"), tr("Staff")},
        {QStringLiteral("contact"), tr("Client")}, {QStringLiteral("system"), tr("System")}};
    QList<C> columns = {C{QStringLiteral("created_at"), tr("When")},
        C{QStringLiteral("actor_kind"), tr("Who"), actorKind}, C{QStringLiteral("summary"), tr("What")},
        C{QStringLiteral("address"), tr("From")}};
    // What the sentences are made of, loaded but not shown.
    for (const QString &field : ActivityProxyModel::neededFields()) {
        if (field != u"actor_kind" && field != u"summary")
            columns.append(C{field, field});
    }
    m_activity = new EntityTableModel(cache, QStringLiteral("activity"), columns, this);
    m_activityProxy = new RecordFilterProxyModel(this);
    m_activityProxy->setSourceModel(m_activity);
    m_words = new ActivityProxyModel(cache, ActivityWho, ActivityWhat, this);
    m_words->setSourceModel(m_activityProxy);

    auto *view = makeView(QStringLiteral("activityView"), tr("Activity"), m_words);
    for (int column = ActivityColumnCount; column < m_activity->columnCount(); ++column)
        view->hideColumn(column);
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
