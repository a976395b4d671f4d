// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QJsonObject>

class LocalCache;
class QLabel;
class QListWidget;
class QRadioButton;

// "Invite to Client Portal…" for one contact: send an email invite or make a link to copy, and see
// the contact's invites with their state, to resend or revoke them. Invites are edits like any
// other (they queue offline); the server makes the token and sends the email.
class InviteDialog : public QDialog
{
    Q_OBJECT
public:
    InviteDialog(LocalCache *cache, const QString &contactId, QWidget *parent = nullptr);

    static QString inviteState(const QJsonObject &invite);
    QString contactId() const { return m_contactId; }

    // Shows a link invite's link (available once, when the server has made it) to copy.
    void showLink(const QUrl &link);

public Q_SLOTS:
    void sendInvite();
    void revokeSelected();
    void resendSelected();

private:
    void refresh();

    LocalCache *m_cache;
    QString m_contactId;
    QLabel *m_state;
    QRadioButton *m_byEmail;
    QRadioButton *m_byLink;
    QListWidget *m_invites;
    class QLineEdit *m_link;
    class QPushButton *m_copyLink;
    QLabel *m_linkNote;
    class QPushButton *m_send = nullptr;
    class QPushButton *m_resend = nullptr;
    bool m_canEmail = false;
};
