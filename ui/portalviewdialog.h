// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class ApiClient;
class PortalViewModel;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeView;
class QUrl;
struct ApiResult;

// "View Portal as This Contact": what one contact sees in the client portal — projects, tasks,
// files and sign-offs with Read-only / Editable marks — as the server computes it with the portal's
// own permission function (GET /api/v1/contacts/{id}/portal-view). Asked asynchronously, with a
// busy indicator; offline it says that it needs a connection instead of guessing from the cache.
// Changes nothing; the server records the look in the activity log. Opened by the main window,
// deletes itself when closed.
class PortalViewDialog : public QDialog
{
    Q_OBJECT
public:
    enum class State { Loading, Loaded, Offline, Refused };
    Q_ENUM(State)

    PortalViewDialog(const QUrl &server, const QString &token, const QString &contactId, const QString &contactName,
        QWidget *parent = nullptr);

    State state() const { return m_state; }
    QString contactId() const { return m_contactId; }
    PortalViewModel *model() const { return m_model; }

public Q_SLOTS:
    // Asks the server (again).
    void load();

Q_SIGNALS:
    // The answer arrived (or the server could not be reached); see state().
    void finished();

private:
    void showResult(const ApiResult &result);
    void setState(State state, const QString &message);

    ApiClient *m_api;
    QString m_contactId;
    QString m_contactName;
    State m_state = State::Loading;
    PortalViewModel *m_model;
    QLabel *m_header;
    QProgressBar *m_busy;
    QLabel *m_message;
    QTreeView *m_tree;
    QPushButton *m_retry;
    QObject *m_request = nullptr; // the context of the request under way; replaced on retry
};
