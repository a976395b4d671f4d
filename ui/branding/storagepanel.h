// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QWidget>

class ApiClient;
class QLabel;
class QProgressBar;
class QTreeWidget;

// Organisation Settings → Storage (administrators): how much of the quota is used, by staff files,
// client uploads and logos, and by project, as the server counts it
// (GET /api/v1/organisations/{id}/storage; the same numbers as `atrium-server check`). Needs a
// connection: offline it says so. Loaded when shown, without blocking the dialog.
class StoragePanel : public QWidget
{
    Q_OBJECT
public:
    StoragePanel(ApiClient *api, const QString &orgId, QWidget *parent = nullptr);

    // The last answer (for tests); empty before the first.
    QJsonObject report() const { return m_report; }

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void loaded();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void show(const QJsonObject &report);

    ApiClient *m_api;
    QString m_orgId;
    QJsonObject m_report;
    QLabel *m_totals;
    QLabel *m_breakdown;
    QProgressBar *m_bar;
    QTreeWidget *m_projects;
};
