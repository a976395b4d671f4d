// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/branding/storagepanel.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "sync/apiclient.h"

StoragePanel::StoragePanel(ApiClient *api, const QString &orgId, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_orgId(orgId)
    , m_totals(new QLabel(this))
    , m_breakdown(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_projects(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("storagePanel"));
    m_totals->setObjectName(QStringLiteral("storageTotals"));
    m_totals->setWordWrap(true);
    m_breakdown->setObjectName(QStringLiteral("storageBreakdown"));
    m_breakdown->setWordWrap(true);
    m_bar->setObjectName(QStringLiteral("storageBar"));
    m_bar->setAccessibleName(tr("Storage used"));
    m_bar->setRange(0, 1000);
    m_bar->setTextVisible(false);
    m_projects->setObjectName(QStringLiteral("storageProjects"));
    m_projects->setAccessibleName(tr("Storage by project"));
    m_projects->setRootIsDecorated(false);
    m_projects->setHeaderLabels({tr("Project"), tr("Staff files"), tr("Client uploads"), tr("Total")});
    m_projects->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_projects->header()->setStretchLastSection(false);
    for (int column = 1; column < 4; ++column)
        m_projects->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    auto *reload = new QPushButton(tr("Refresh"), this);
    reload->setObjectName(QStringLiteral("storageRefresh"));
    connect(reload, &QPushButton::clicked, this, &StoragePanel::refresh);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_totals);
    layout->addWidget(m_bar);
    layout->addWidget(m_breakdown);
    layout->addWidget(m_projects, 1);
    layout->addWidget(reload, 0, Qt::AlignRight);
    m_totals->setText(tr("Loading…"));
}

void StoragePanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_report.isEmpty())
        refresh();
}

void StoragePanel::refresh()
{
    m_api->get(QStringLiteral("/api/v1/organisations/%1/storage").arg(m_orgId), this, [this](const ApiResult &r) {
        if (!r.ok()) {
            m_totals->setText(r.reachedServer() ? tr("The server did not answer: %1").arg(r.errorMessage)
                                                : tr("Storage use needs a connection to the server."));
            return;
        }
        show(r.body);
    });
}

void StoragePanel::show(const QJsonObject &report)
{
    m_report = report;
    const QLocale locale;
    const qint64 quota = report.value(u"quota_bytes").toInteger();
    const qint64 used = report.value(u"used_bytes").toInteger();
    const int percent = quota > 0 ? int(100 * used / quota) : 0;
    m_totals->setText(tr("<b>%1 of %2 used</b> (%3%)")
                          .arg(locale.formattedDataSize(used), locale.formattedDataSize(quota))
                          .arg(percent));
    m_bar->setValue(quota > 0 ? int(1000 * used / quota) : 0);
    m_breakdown->setText(tr("Staff files: %1 · Client uploads: %2 · Logos: %3 · Uploads under way: %4")
                             .arg(locale.formattedDataSize(report.value(u"staff_bytes").toInteger()),
                                 locale.formattedDataSize(report.value(u"client_bytes").toInteger()),
                                 locale.formattedDataSize(report.value(u"logo_bytes").toInteger()),
                                 locale.formattedDataSize(report.value(u"reserved_bytes").toInteger())));
    m_projects->clear();
    for (const QJsonValue &value : report.value(u"projects").toArray()) {
        const QJsonObject p = value.toObject();
        const qint64 staff = p.value(u"staff_bytes").toInteger();
        const qint64 client = p.value(u"client_bytes").toInteger();
        QString name = p.value(u"name").toString();
        if (p.value(u"deleted").toBool())
            name = tr("%1 (deleted)").arg(name);
        auto *item = new QTreeWidgetItem(m_projects,
            {name, locale.formattedDataSize(staff), locale.formattedDataSize(client),
                locale.formattedDataSize(staff + client)});
        item->setData(0, Qt::UserRole, p.value(u"project_id").toString());
        for (int column = 1; column < 4; ++column)
            item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
    }
    Q_EMIT loaded();
}
