// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/invitedialog.h"

#include <QClipboard>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QUrl>
#include <QVBoxLayout>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "sync/localcache.h"

namespace {
constexpr int inviteDays = 14;
}

InviteDialog::InviteDialog(LocalCache *cache, const QString &contactId, QWidget *parent)
    : QDialog(parent)
    , m_cache(cache)
    , m_contactId(contactId)
    , m_state(new QLabel(this))
    , m_byEmail(new QRadioButton(tr("Send an &email invitation"), this))
    , m_byLink(new QRadioButton(tr("Create a &link to copy and share yourself"), this))
    , m_invites(new QListWidget(this))
    , m_link(new QLineEdit(this))
    , m_copyLink(new QPushButton(tr("&Copy Link"), this))
    , m_linkNote(new QLabel(this))
{
    m_link->setObjectName(QStringLiteral("link"));
    m_link->setReadOnly(true);
    m_copyLink->setObjectName(QStringLiteral("copyLinkButton"));
    m_linkNote->setWordWrap(true);
    m_linkNote->setText(
        tr("A link invite's link appears here once it has reached the server. Copy it then: "
           "Atrium keeps only a fingerprint of it, so it cannot be shown again (Resend makes a new one)."));
    m_link->hide();
    m_copyLink->hide();
    connect(m_copyLink, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_link->text());
        m_copyLink->setText(tr("Copied"));
    });
    setObjectName(QStringLiteral("inviteDialog"));
    setWindowModality(Qt::WindowModal);
    const auto contact = cache->row(QStringLiteral("contact"), contactId);
    const QString name = contact ? contact->value(u"name").toString() : QString();
    const QString email = contact ? contact->value(u"email").toString() : QString();
    setWindowTitle(tr("Invite %1 to the Client Portal").arg(name));
    m_byEmail->setObjectName(QStringLiteral("byEmail"));
    m_byLink->setObjectName(QStringLiteral("byLink"));
    m_invites->setObjectName(QStringLiteral("invites"));
    m_state->setObjectName(QStringLiteral("portalState"));
    m_canEmail = EntitySchema::isValidEmail(email);
    m_byEmail->setEnabled(m_canEmail);
    m_byEmail->setText(email.isEmpty() ? tr("Send an &email invitation (the contact has no email address)")
                                       : tr("Send an &email invitation to %1").arg(email));
    (m_byEmail->isEnabled() ? m_byEmail : m_byLink)->setChecked(true);

    auto *send = m_send = new QPushButton(tr("&Invite"), this);
    send->setObjectName(QStringLiteral("sendInviteButton"));
    auto *resend = m_resend = new QPushButton(tr("&Resend"), this);
    resend->setObjectName(QStringLiteral("resendInviteButton"));
    auto *revoke = new QPushButton(tr("Re&voke"), this);
    revoke->setObjectName(QStringLiteral("revokeInviteButton"));
    connect(send, &QPushButton::clicked, this, &InviteDialog::sendInvite);
    connect(resend, &QPushButton::clicked, this, &InviteDialog::resendSelected);
    connect(revoke, &QPushButton::clicked, this, &InviteDialog::revokeSelected);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_state);
    layout->addWidget(m_byEmail);
    layout->addWidget(m_byLink);
    layout->addWidget(send, 0, Qt::AlignLeft);
    auto *linkRow = new QHBoxLayout;
    linkRow->addWidget(m_link, 1);
    linkRow->addWidget(m_copyLink);
    layout->addLayout(linkRow);
    layout->addWidget(m_linkNote);
    layout->addWidget(new QLabel(tr("Invitations:"), this));
    layout->addWidget(m_invites);
    auto *row = new QHBoxLayout;
    row->addWidget(resend);
    row->addWidget(revoke);
    row->addStretch();
    layout->addLayout(row);
    layout->addWidget(close);
    connect(cache, &LocalCache::rowsChanged, this, [this](const QString &entity) {
        if (entity == u"invite" || entity == u"contact")
            refresh();
    });
    refresh();
    resize(480, 380);
}

QString InviteDialog::inviteState(const QJsonObject &invite)
{
    if (!invite.value(u"revoked_at").toString().isEmpty())
        return tr("revoked");
    if (!invite.value(u"accepted_at").toString().isEmpty())
        return tr("accepted");
    const auto expires = TimeUtil::fromWire(invite.value(u"expires_at").toString());
    if (expires && *expires < QDateTime::currentDateTimeUtc())
        return tr("expired");
    if (invite.value(u"pending").toBool())
        return tr("waiting to sync");
    return tr("sent");
}

void InviteDialog::showLink(const QUrl &link)
{
    m_link->setText(link.toString());
    m_link->show();
    m_copyLink->setText(tr("&Copy Link"));
    m_copyLink->show();
    m_link->selectAll();
    m_link->setFocus();
}

void InviteDialog::refresh()
{
    const auto contact = m_cache->row(QStringLiteral("contact"), m_contactId);
    const QString state = contact ? contact->value(u"portal_state").toString() : QString();
    static const QHash<QString, QString> names = {{QStringLiteral("none"), tr("No portal access")},
        {QStringLiteral("invited"), tr("Invited")}, {QStringLiteral("active"), tr("Active: can sign in")},
        {QStringLiteral("revoked"), tr("Access revoked")}};
    // An invitation never reaches an existing account (the server refuses it too): a client who
    // has forgotten their password chooses a new one from the portal's sign-in page.
    const bool hasAccount = state == u"active";
    m_state->setWordWrap(true);
    m_state->setText(hasAccount
            ? tr("Portal access: <b>%1</b><br>%2 already has a portal account, so there is "
                 "nothing to invite them to. If they have forgotten their password, they "
                 "can choose a new one with “Forgot password” on the portal's sign-in page.")
                  .arg(names.value(state, state), contact->value(u"name").toString().toHtmlEscaped())
            : tr("Portal access: <b>%1</b>").arg(names.value(state, state)));
    m_send->setEnabled(!hasAccount);
    m_resend->setEnabled(!hasAccount);
    m_byEmail->setEnabled(!hasAccount && m_canEmail);
    m_byLink->setEnabled(!hasAccount);
    m_linkNote->setVisible(!hasAccount);
    m_invites->clear();
    auto set = m_cache->records(
        QStringLiteral("invite"), {QStringLiteral("created_at")}, QStringLiteral("contact_id"), m_contactId);
    if (!set)
        return;
    for (const Record &record : set->rows) {
        const auto invite = m_cache->row(QStringLiteral("invite"), record.id);
        if (!invite)
            continue;
        const auto created = TimeUtil::fromWire(invite->value(u"created_at").toString());
        auto *item = new QListWidgetItem(
            tr("%1 invite of %2 — %3")
                .arg(invite->value(u"kind").toString() == u"link" ? tr("Link") : tr("Email"),
                    created ? QLocale().toString(created->toLocalTime(), QLocale::ShortFormat) : QString(),
                    inviteState(*invite)),
            m_invites);
        item->setData(Qt::UserRole, record.id);
    }
}

void InviteDialog::sendInvite()
{
    const QString expires = TimeUtil::toWire(QDateTime::currentDateTimeUtc().addDays(inviteDays));
    auto r = m_cache->applyEdit({LocalEdit::Op::Create, QStringLiteral("invite"), EntitySchema::newUuid(),
        {{"contact_id", m_contactId}, {"kind", m_byLink->isChecked() ? "link" : "email"}, {"expires_at", expires}}});
    if (!r)
        QMessageBox::warning(this, windowTitle(), r.error().message);
    refresh();
}

void InviteDialog::revokeSelected()
{
    QListWidgetItem *item = m_invites->currentItem();
    if (!item)
        return;
    auto r = m_cache->applyEdit({LocalEdit::Op::Update, QStringLiteral("invite"), item->data(Qt::UserRole).toString(),
        {{"revoked_at", TimeUtil::nowWire()}}});
    if (!r)
        QMessageBox::warning(this, windowTitle(), r.error().message);
    refresh();
}

void InviteDialog::resendSelected()
{
    // A resend is a fresh invite (a new token and expiry); the old one stops working.
    QListWidgetItem *item = m_invites->currentItem();
    if (!item)
        return;
    const auto old = m_cache->row(QStringLiteral("invite"), item->data(Qt::UserRole).toString());
    if (!old)
        return;
    QList<LocalEdit> edits;
    if (old->value(u"revoked_at").toString().isEmpty() && old->value(u"accepted_at").toString().isEmpty())
        edits.append({LocalEdit::Op::Update, QStringLiteral("invite"), old->value(u"id").toString(),
            {{"revoked_at", TimeUtil::nowWire()}}});
    edits.append({LocalEdit::Op::Create, QStringLiteral("invite"), EntitySchema::newUuid(),
        {{"contact_id", m_contactId}, {"kind", old->value(u"kind").toString()},
            {"expires_at", TimeUtil::toWire(QDateTime::currentDateTimeUtc().addDays(inviteDays))}}});
    auto r = m_cache->applyEdits(edits);
    if (!r)
        QMessageBox::warning(this, windowTitle(), r.error().message);
    refresh();
}
