// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class ApiClient;
class QLabel;
class QPushButton;
class QTreeWidget;
struct ApiResult;

// Account → Signed-In Devices…: the signed-in staff member's sessions (each desktop's name, the
// address it was last used from and when), this one marked; another one, or all the others,
// signed out (GET/DELETE /api/v1/auth/sessions…). Asks the server asynchronously; offline it says
// so. Deletes itself when closed.
//
// For an administrator it also shows a contact's client-portal sessions (Clients → a contact →
// Portal Sessions…: GET /api/v1/contacts/{id}/sessions) and signs them all out
// (POST …/sessions/end).
class SessionsDialog : public QDialog
{
    Q_OBJECT
public:
    SessionsDialog(const QUrl &server, const QString &token, QWidget *parent = nullptr);
    SessionsDialog(const QUrl &server, const QString &token, const QString &contactId, const QString &contactName,
        QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }

public Q_SLOTS:
    void load();
    void endChosen();
    void endOthers();

Q_SIGNALS:
    // The server answered (or could not be reached).
    void answered();

private:
    void showResult(const ApiResult &result);
    void updateButtons();

    QString failure(const ApiResult &result) const;

    QString m_contactId; // empty: the signed-in staff member's own sessions
    ApiClient *m_api;
    QTreeWidget *m_list;
    QLabel *m_message;
    QPushButton *m_end;
    QPushButton *m_endOthers;
};
