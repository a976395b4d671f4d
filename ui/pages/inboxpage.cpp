// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/inboxpage.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "models/inboxmodel.h"

InboxPage::InboxPage(LocalCache *cache, QWidget *parent)
    : Page(cache, parent)
    , m_model(new InboxModel(cache, this))
{
    m_view = makeView(QStringLiteral("inboxView"), tr("Inbox"), m_model);
    // Newest first, as loaded; sorting would hide that order.
    m_view->setSortingEnabled(false);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(InboxModel::What, QHeaderView::Stretch);
    m_view->horizontalHeader()->setSectionResizeMode(InboxModel::Project, QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(InboxModel::When, QHeaderView::ResizeToContents);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QString activityId = index.data(InboxModel::ActivityIdRole).toString();
        QString error;
        if (!m_model->markRead({activityId}, &error))
            showError(error);
        Q_EMIT openRequested(index.data(InboxModel::EntityRole).toString(),
            index.data(InboxModel::EntityIdRole).toString(), index.data(InboxModel::ProjectIdRole).toString());
    });

    m_empty = new QLabel(tr("Nothing from clients yet. Their comments, uploads and answers appear here."), this);
    m_empty->setObjectName(QStringLiteral("inboxEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    connect(m_model, &InboxModel::loaded, this, [this] {
        m_empty->setVisible(m_model->rowCount() == 0);
        m_view->setVisible(m_model->rowCount() > 0);
    });

    auto *markRead = button(tr("&Mark Read"), QStringLiteral("markReadButton"), this);
    connect(markRead, &QPushButton::clicked, this, &InboxPage::markSelectedRead);
    auto *markAll = button(tr("Mark &All Read"), QStringLiteral("markAllReadButton"), this);
    connect(markAll, &QPushButton::clicked, this, &InboxPage::markAllRead);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_empty, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(markRead);
    buttons->addWidget(markAll);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_view->hide();
}

void InboxPage::markSelectedRead()
{
    QStringList ids;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        ids.append(index.data(InboxModel::ActivityIdRole).toString());
    QString error;
    if (!m_model->markRead(ids, &error))
        showError(error);
}

void InboxPage::markAllRead()
{
    QString error;
    if (!m_model->markAllRead(&error))
        showError(error);
}
