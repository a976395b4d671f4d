// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pages/page.h"

class EntityTableModel;
class RecordFilterProxyModel;

// The Clients tab: the clients (searchable, renamed in place) and the chosen client's contacts,
// with new clients and contacts, invitations to the client portal and "View Portal as Contact".
class ClientsPage : public Page
{
    Q_OBJECT
public:
    // The clients model's columns, in order.
    enum ClientColumn { ClientName, ClientColumnCount };
    // The contacts model's columns, in order.
    enum ContactColumn {
        ContactName,
        ContactEmail,
        ContactPortalAccess,
        ContactRole,
        ContactPhone,
        ContactColumnCount
    };

    explicit ClientsPage(LocalCache *cache, QWidget *parent = nullptr);

    EntityTableModel *clientsModel() const { return m_clients; }
    EntityTableModel *contactsModel() const { return m_contacts; }
    QString currentClientId() const;
    QString currentContactId() const;
    // Selects the client, now or once it has loaded.
    void selectClient(const QString &id);
    // Selects the contact's client, then the contact (each once loaded).
    void selectContact(const QString &id);
    // Who is signed in: what only administrators may do is offered to administrators only.
    void setUserEmail(const QString &email) { m_userEmail = email; }

public Q_SLOTS:
    void newClient();
    void newContact();
    void editClient();
    void editContact();
    void inviteContact();
    // Asks the app to show what the chosen contact sees in the client portal.
    void viewPortalAsContact();
    // After a confirmation naming the contact: signs them out of the portal everywhere, or turns
    // their two-factor sign-in off (administrators; the server decides).
    void signContactOutEverywhere();
    void resetContactSecondFactor();

Q_SIGNALS:
    void portalViewRequested(const QString &contactId);
    // An administrator's "sign_out" (every portal session) or "reset_second_factor", confirmed.
    void contactSecurityRequested(const QString &contactId, const QString &action);
    // The contact's open portal sessions (an administrator's view).
    void contactSessionsRequested(const QString &contactId);

private:
    // After an invited contact's address changed: offers an invitation to the new address.
    void offerNewInvite(const QString &contactId, const QString &oldEmail, const QString &newEmail);

    EntityTableModel *m_clients;
    EntityTableModel *m_contacts;
    RecordFilterProxyModel *m_clientsProxy;
    QTableView *m_clientsView = nullptr;
    QTableView *m_contactsView = nullptr;
    QString m_pendingClient; // to select once loaded
    QString m_userEmail;
};
