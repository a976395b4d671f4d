// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class ApiClient;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;
class QTreeWidget;
struct ApiResult;

// File → Security Log… (administrators): the organisation's sign-ins, failed sign-ins, lockouts,
// second factors enrolled and reset, recovery codes renewed and used, invitations accepted, access
// revoked and sessions ended, for staff and clients, newest first (GET /api/v1/security-log). It
// filters by kind of event and by name, e-mail address or network address, on the server, and
// loads older entries on request. From an entry, an administrator resets that person's
// two-factor sign-in (confirmed; the person is e-mailed). The log lives on the server only
// (it is not synced), so this asks the server and says so when it cannot be reached.
class SecurityLogDialog : public QDialog
{
    Q_OBJECT
public:
    SecurityLogDialog(const QUrl &server, const QString &token, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    // The readable name of a log entry's action ("sign_in" → "Signed in").
    static QString actionText(const QString &action);
    // An entry's details, translated where the server wrote one of its fixed notes.
    static QString detailText(const QString &details);

public Q_SLOTS:
    // From the newest entry, with the current filter.
    void reload();
    void loadMore();
    // Asks, then resets the second factor of the person of the current entry.
    void resetChosen();

Q_SIGNALS:
    // The server answered (or could not be reached).
    void answered();

private:
    void load(bool more);
    void showResult(const ApiResult &result, bool more);

    ApiClient *m_api;
    QComboBox *m_action;
    QLineEdit *m_search;
    QTimer *m_typing;
    QTreeWidget *m_list;
    QLabel *m_message;
    QPushButton *m_more;
    QPushButton *m_reset;
    QString m_oldest; // the "at" of the last entry shown, for paging
    int m_generation = 0; // answers to an older filter are dropped
};
