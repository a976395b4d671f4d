// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/clientspage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "common/entityschema.h"
#include "models/entitytablemodel.h"
#include "models/recordfilterproxymodel.h"
#include "ui/fieldsdialog.h"
#include "ui/invitedialog.h"

ClientsPage::ClientsPage(LocalCache *cache, QWidget *parent)
    : Page(cache, parent)
{
    using C = EntityTableModel::Column;
    const QHash<QString, QString> portalState = {{QStringLiteral("none"), tr("No access")},
        {QStringLiteral("invited"), tr("Invited")}, {QStringLiteral("active"), tr("Active")},
        {QStringLiteral("revoked"), tr("Revoked")}};
    m_clients = new EntityTableModel(
        cache, QStringLiteral("client"), {C{QStringLiteral("name"), tr("Client"), {}, false, true}}, this);
    Q_ASSERT(m_clients->columnCount() == ClientColumnCount);
    m_contacts = new EntityTableModel(cache, QStringLiteral("contact"),
        {C{QStringLiteral("name"), tr("Contact")}, C{QStringLiteral("email"), tr("Email")},
            C{QStringLiteral("portal_state"), tr("Portal access"), portalState}, C{QStringLiteral("role"), tr("Role")},
            C{QStringLiteral("phone"), tr("Phone")}},
        this);
    Q_ASSERT(m_contacts->columnCount() == ContactColumnCount);
    // Names are edited in place, through the cache and its outbox like any other edit.
    connect(m_clients, &EntityTableModel::editRequested, this,
        [this](const QString &id, const QString &field, const QVariant &value) {
            apply({{LocalEdit::Op::Update, m_clients->entity(), id,
                QJsonObject{{field, QJsonValue::fromVariant(value)}}}});
        });
    m_clientsProxy = new RecordFilterProxyModel(this);
    m_clientsProxy->setSourceModel(m_clients);
    m_clientsProxy->setSearchFields({QStringLiteral("name")});

    auto *search = new QLineEdit(this);
    search->setAccessibleName(tr("Find clients"));
    search->setObjectName(QStringLiteral("clientSearch"));
    search->setPlaceholderText(tr("Search clients"));
    search->setClearButtonEnabled(true);
    connect(search, &QLineEdit::textChanged, m_clientsProxy, &RecordFilterProxyModel::setSearchText);
    m_clientsView = makeView(QStringLiteral("clientsView"), tr("Clients"), m_clientsProxy);
    m_clientsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_clientsView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_clientsView->sortByColumn(ClientName, Qt::AscendingOrder);
    m_contactsView = makeView(QStringLiteral("contactsView"), tr("Contacts"), m_contacts);
    m_contactsView->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_clientsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        m_contacts->setFilter(QStringLiteral("client_id"), currentClientId());
    });

    auto *newClientButton = button(tr("New Client…"), QStringLiteral("newClientButton"), this);
    auto *newContactButton = button(tr("New Contact…"), QStringLiteral("newContactButton"), this);
    auto *editClientButton = button(tr("Edit Client…"), QStringLiteral("editClientButton"), this);
    auto *editContactButton = button(tr("Edit Contact…"), QStringLiteral("editContactButton"), this);
    connect(editClientButton, &QPushButton::clicked, this, &ClientsPage::editClient);
    connect(editContactButton, &QPushButton::clicked, this, &ClientsPage::editContact);
    connect(m_contactsView, &QAbstractItemView::activated, this, &ClientsPage::editContact);
    auto *inviteButton = button(tr("Invite to Client Portal…"), QStringLiteral("inviteButton"), this);
    auto *viewAsButton = button(tr("View Portal as Contact…"), QStringLiteral("viewAsContactButton"), this);
    connect(newClientButton, &QPushButton::clicked, this, &ClientsPage::newClient);
    connect(newContactButton, &QPushButton::clicked, this, &ClientsPage::newContact);
    connect(inviteButton, &QPushButton::clicked, this, &ClientsPage::inviteContact);
    connect(viewAsButton, &QPushButton::clicked, this, &ClientsPage::viewPortalAsContact);
    deleteOnKey(m_clientsView, QStringLiteral("client"));
    deleteOnKey(m_contactsView, QStringLiteral("contact"));
    m_clientsView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_clientsView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (currentClientId().isEmpty())
            return;
        QMenu menu(this);
        menu.addAction(tr("Edit Client…"), this, &ClientsPage::editClient);
        // Chosen for two-factor sign-in (Organisation Settings → Security, "chosen clients"); the
        // server takes it from administrators only, so only they are offered it.
        if (this->cache()->staffRole(m_userEmail) == u"admin") {
            const auto client = this->cache()->row(QStringLiteral("client"), currentClientId());
            QAction *require = menu.addAction(tr("Require Two-Factor Sign-In"));
            require->setObjectName(QStringLiteral("requireTwoFactorAction"));
            require->setCheckable(true);
            require->setChecked(client && client->value(u"two_factor_required").toBool());
            connect(require, &QAction::toggled, this, [this, id = currentClientId()](bool on) {
                apply({{LocalEdit::Op::Update, QStringLiteral("client"), id,
                    QJsonObject{{QStringLiteral("two_factor_required"), on}}}});
            });
        }
        menu.addAction(tr("Delete Client…"), this, [this] {
            requestDelete(QStringLiteral("client"), {currentClientId()});
        });
        menu.exec(m_clientsView->viewport()->mapToGlobal(pos));
    });
    m_contactsView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_contactsView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        menu.addAction(tr("Edit Contact…"), this, &ClientsPage::editContact);
        menu.addAction(tr("Invite to Client Portal…"), this, &ClientsPage::inviteContact);
        menu.addAction(tr("View Portal as This Contact…"), this, &ClientsPage::viewPortalAsContact);
        menu.addSeparator();
        menu.addAction(tr("Portal Sessions…"), this,
                [this] {
                    if (!currentContactId().isEmpty())
                        Q_EMIT contactSessionsRequested(currentContactId());
                })
            ->setObjectName(QStringLiteral("contactSessionsAction"));
        // Administrators' (the server refuses them to members).
        if (this->cache()->staffRole(m_userEmail) == u"admin") {
            menu.addAction(tr("Sign Out of the Portal Everywhere…"), this, &ClientsPage::signContactOutEverywhere)
                ->setObjectName(QStringLiteral("signContactOutAction"));
            menu.addAction(tr("Reset Two-Factor Sign-In…"), this, &ClientsPage::resetContactSecondFactor)
                ->setObjectName(QStringLiteral("resetContactSecondFactorAction"));
        }
        menu.addSeparator();
        menu.addAction(tr("Delete Contact…"), this, [this] {
            requestDelete(QStringLiteral("contact"), {currentContactId()});
        });
        menu.exec(m_contactsView->viewport()->mapToGlobal(pos));
    });

    auto *left = new QVBoxLayout;
    left->addWidget(search);
    left->addWidget(m_clientsView);
    auto *clientButtons = new QHBoxLayout;
    clientButtons->addWidget(newClientButton);
    clientButtons->addWidget(editClientButton);
    left->addLayout(clientButtons);
    auto *right = new QVBoxLayout;
    right->addWidget(new QLabel(tr("Contacts"), this));
    right->addWidget(m_contactsView);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(newContactButton);
    buttons->addWidget(editContactButton);
    buttons->addWidget(inviteButton);
    buttons->addWidget(viewAsButton);
    buttons->addStretch();
    right->addLayout(buttons);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left, 2);
    layout->addLayout(right, 3);

    m_clients->reload();
    // No client chosen yet: no contacts rather than every contact of the organisation.
    m_contacts->setFilter(QStringLiteral("client_id"), QString());
    const auto retry = [this] {
        if (!m_pendingClient.isEmpty())
            selectClient(m_pendingClient);
    };
    connect(m_clients, &EntityTableModel::loaded, this, retry);
    connect(m_clients, &EntityTableModel::rowsInserted, this, retry, Qt::QueuedConnection);
}

QString ClientsPage::currentClientId() const
{
    return currentId(m_clientsView);
}

QString ClientsPage::currentContactId() const
{
    return currentId(m_contactsView);
}

void ClientsPage::selectClient(const QString &id)
{
    const int row = m_clients->rowOf(id);
    // Not loaded yet (a background reload may be under way): select it once it arrives.
    m_pendingClient = row < 0 ? id : QString();
    if (row < 0)
        return;
    m_clientsView->setCurrentIndex(m_clientsProxy->mapFromSource(m_clients->index(row, ClientName)));
}

void ClientsPage::selectContact(const QString &id)
{
    const auto contact = cache()->row(QStringLiteral("contact"), id);
    if (!contact)
        return;
    selectClient(contact->value(u"client_id").toString());
    selectWhenLoaded(m_contactsView, m_contacts, id);
}

void ClientsPage::editClient()
{
    const QString id = currentClientId();
    const auto client = cache()->row(QStringLiteral("client"), id);
    if (!client) {
        showError(tr("Choose a client first."));
        return;
    }
    auto *dialog = fieldsDialog(tr("Edit Client"), QStringLiteral("editClientDialog"));
    dialog->addLine(QStringLiteral("name"), tr("&Name:"), true, client->value(u"name").toString());
    dialog->addText(QStringLiteral("notes"), tr("N&otes:"), client->value(u"notes").toString());
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        applyChanges(QStringLiteral("client"), id, dialog, {QStringLiteral("name"), QStringLiteral("notes")});
    });
    dialog->open();
}

void ClientsPage::editContact()
{
    const QString id = currentContactId();
    const auto contact = cache()->row(QStringLiteral("contact"), id);
    if (!contact) {
        showError(tr("Choose a contact first."));
        return;
    }
    auto *dialog = fieldsDialog(tr("Edit Contact"), QStringLiteral("editContactDialog"));
    dialog->addLine(QStringLiteral("name"), tr("&Name:"), true, contact->value(u"name").toString());
    dialog->addLine(QStringLiteral("email"), tr("&Email:"), false, contact->value(u"email").toString());
    dialog->addLine(QStringLiteral("phone"), tr("&Phone:"), false, contact->value(u"phone").toString());
    dialog->addLine(QStringLiteral("role"), tr("&Role:"), false, contact->value(u"role").toString());
    const QString state = contact->value(u"portal_state").toString();
    const QString oldEmail = contact->value(u"email").toString();
    if (state == u"invited") {
        auto *note =
            new QLabel(tr("An invitation was sent to this address. Changing it withdraws that invitation."), dialog);
        note->setWordWrap(true);
        dialog->addWidget(note);
    }
    connect(dialog, &QDialog::accepted, this, [this, dialog, id, state, oldEmail] {
        const QString email = dialog->value(QStringLiteral("email"));
        if (!email.isEmpty() && !EntitySchema::isValidEmail(email)) {
            showError(tr("\"%1\" is not an email address.").arg(email));
            return;
        }
        if (!applyChanges(QStringLiteral("contact"), id, dialog,
                {QStringLiteral("name"), QStringLiteral("email"), QStringLiteral("phone"), QStringLiteral("role")}))
            return;
        if (state == u"invited" && email.compare(oldEmail, Qt::CaseInsensitive) != 0 && !email.isEmpty())
            offerNewInvite(id, oldEmail, email);
    });
    dialog->open();
}

void ClientsPage::offerNewInvite(const QString &contactId, const QString &oldEmail, const QString &newEmail)
{
    auto *box = new QMessageBox(QMessageBox::Question, tr("Send a New Invitation?"),
        tr("The invitation sent to %1 is withdrawn once this change reaches the server, so it cannot be used. "
           "Send a new invitation to %2?")
            .arg(oldEmail, newEmail),
        QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("offerNewInvite"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *send = box->addButton(tr("Invite…"), QMessageBox::AcceptRole);
    send->setObjectName(QStringLiteral("inviteAgainButton"));
    box->addButton(tr("Not Now"), QMessageBox::RejectRole);
    connect(send, &QPushButton::clicked, this, [this, contactId] {
        auto *dialog = new InviteDialog(cache(), contactId, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    box->open();
}

void ClientsPage::newClient()
{
    auto *dialog = fieldsDialog(tr("New Client"), QStringLiteral("newClientDialog"));
    dialog->addLine(QStringLiteral("name"), tr("&Name:"), true);
    dialog->addText(QStringLiteral("notes"), tr("N&otes:"));
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString id = EntitySchema::newUuid();
        if (apply({{LocalEdit::Op::Create, QStringLiteral("client"), id,
                {{"name", dialog->value(QStringLiteral("name"))}, {"notes", dialog->value(QStringLiteral("notes"))}}}}))
            selectClient(id);
    });
    dialog->open();
}

void ClientsPage::newContact()
{
    const QString clientId = currentClientId();
    if (clientId.isEmpty()) {
        showError(tr("Choose a client first."));
        return;
    }
    auto *dialog = fieldsDialog(tr("New Contact"), QStringLiteral("newContactDialog"));
    dialog->addLine(QStringLiteral("name"), tr("&Name:"), true);
    dialog->addLine(QStringLiteral("email"), tr("&Email:"));
    dialog->addLine(QStringLiteral("phone"), tr("&Phone:"));
    connect(dialog, &QDialog::accepted, this, [this, dialog, clientId] {
        const QString email = dialog->value(QStringLiteral("email"));
        if (!email.isEmpty() && !EntitySchema::isValidEmail(email)) {
            showError(tr("\"%1\" is not an email address.").arg(email));
            return;
        }
        apply({{LocalEdit::Op::Create, QStringLiteral("contact"), EntitySchema::newUuid(),
            {{"client_id", clientId}, {"name", dialog->value(QStringLiteral("name"))}, {"email", email},
                {"phone", dialog->value(QStringLiteral("phone"))}}}});
    });
    dialog->open();
}

void ClientsPage::inviteContact()
{
    const QString contactId = currentContactId();
    if (contactId.isEmpty()) {
        showError(tr("Choose a contact first."));
        return;
    }
    auto *dialog = new InviteDialog(cache(), contactId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ClientsPage::viewPortalAsContact()
{
    const QString contactId = currentContactId();
    if (contactId.isEmpty()) {
        showError(tr("Choose a contact first."));
        return;
    }
    Q_EMIT portalViewRequested(contactId);
}

namespace {

// A confirmation naming the contact, opened (not exec'd); `confirmed` runs on the chosen button.
void confirmFor(
    QWidget *parent, const QString &title, const QString &text, const QString &button, std::function<void()> confirmed)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::NoButton, parent);
    box->setObjectName(QStringLiteral("confirmContactSecurity"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *yes = box->addButton(button, QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("confirmButton"));
    box->setDefaultButton(box->addButton(QMessageBox::Cancel));
    QObject::connect(box, &QMessageBox::buttonClicked, box, [yes, confirmed](QAbstractButton *clicked) {
        if (clicked == yes)
            confirmed();
    });
    box->open();
}

} // namespace

void ClientsPage::signContactOutEverywhere()
{
    const QString contactId = currentContactId();
    const auto contact = contactId.isEmpty() ? std::nullopt : cache()->row(QStringLiteral("contact"), contactId);
    if (!contact) {
        showError(tr("Choose a contact first."));
        return;
    }
    const QString name = contact->value(u"name").toString();
    confirmFor(this, tr("Sign Out Everywhere?"),
        tr("Sign %1 out of the client portal on every device? They can sign in again with their password.").arg(name),
        tr("Sign Out"), [this, contactId] {
            Q_EMIT contactSecurityRequested(contactId, QStringLiteral("sign_out"));
        });
}

void ClientsPage::resetContactSecondFactor()
{
    const QString contactId = currentContactId();
    const auto contact = contactId.isEmpty() ? std::nullopt : cache()->row(QStringLiteral("contact"), contactId);
    if (!contact) {
        showError(tr("Choose a contact first."));
        return;
    }
    const QString name = contact->value(u"name").toString();
    confirmFor(this, tr("Reset Two-Factor Sign-In?"),
        tr("Turn off two-factor sign-in for %1? Do this only when you are sure it is them asking (they lost their "
           "phone and their recovery codes). They are told by e-mail, and it is recorded in the activity log.")
            .arg(name),
        tr("Reset"), [this, contactId] {
            Q_EMIT contactSecurityRequested(contactId, QStringLiteral("reset_second_factor"));
        });
}
