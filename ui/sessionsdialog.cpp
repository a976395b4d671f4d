// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/sessionsdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "common/timeutil.h"
#include "sync/apiclient.h"

SessionsDialog::SessionsDialog(const QUrl &server, const QString &token, QWidget *parent)
    : SessionsDialog(server, token, QString(), QString(), parent)
{
}

SessionsDialog::SessionsDialog(
    const QUrl &server, const QString &token, const QString &contactId, const QString &contactName, QWidget *parent)
    : QDialog(parent)
    , m_contactId(contactId)
    , m_api(new ApiClient(this))
    , m_list(new QTreeWidget(this))
    , m_message(new QLabel(this))
    , m_end(new QPushButton(tr("&Sign Out"), this))
    , m_endOthers(new QPushButton(tr("Sign Out All &Others"), this))
{
    m_api->setServerUrl(server);
    m_api->setToken(token);
    setObjectName(QStringLiteral("sessionsDialog"));
    setWindowTitle(tr("Signed-In Devices"));
    m_list->setObjectName(QStringLiteral("sessionsList"));
    m_list->setAccessibleName(tr("Signed-in devices"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Device"), tr("Address"), tr("Last seen")});
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_message->setObjectName(QStringLiteral("sessionsMessage"));
    m_message->setWordWrap(true);
    m_end->setObjectName(QStringLiteral("endSessionButton"));
    m_endOthers->setObjectName(QStringLiteral("endOtherSessionsButton"));
    auto *intro = new QLabel(tr("Where you are signed in to Atrium. Sign out a device you no longer use or do not "
                                "recognise; it is signed out at its next contact with the server."),
        this);
    intro->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_end, QDialogButtonBox::ActionRole);
    buttons->addButton(m_endOthers, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_end, &QPushButton::clicked, this, &SessionsDialog::endChosen);
    connect(m_endOthers, &QPushButton::clicked, this, &SessionsDialog::endOthers);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &SessionsDialog::updateButtons);
    if (!m_contactId.isEmpty()) {
        setObjectName(QStringLiteral("contactSessionsDialog"));
        setWindowTitle(tr("Portal Sessions of %1").arg(contactName));
        m_list->setAccessibleName(tr("Client portal sessions"));
        intro->setText(tr("Where %1 is signed in to the client portal. Signing them out everywhere ends every "
                          "session at its next request; they can sign in again with their password.")
                           .arg(contactName));
        m_end->hide();
        m_endOthers->setText(tr("Sign Out &Everywhere"));
    }
    resize(620, 360);
    load();
}

QString SessionsDialog::failure(const ApiResult &result) const
{
    if (!result.reachedServer())
        return tr("The server cannot be reached. Try again when you are online.");
    if (result.status == 403)
        return tr("Only the organisation's administrators can see and end a contact's sessions.");
    return result.errorMessage;
}

void SessionsDialog::load()
{
    m_message->setText(tr("Asking the server…"));
    m_end->setEnabled(false);
    m_endOthers->setEnabled(false);
    m_api->get(m_contactId.isEmpty() ? QStringLiteral("/api/v1/auth/sessions")
                                     : QStringLiteral("/api/v1/contacts/%1/sessions").arg(m_contactId),
        this, [this](const ApiResult &result) {
            showResult(result);
        });
}

void SessionsDialog::showResult(const ApiResult &result)
{
    if (!result.ok()) {
        m_message->setText(failure(result));
        Q_EMIT answered();
        return;
    }
    m_list->clear();
    const QLocale locale;
    for (const QJsonValue &value : result.body.value(u"sessions").toArray()) {
        const QJsonObject s = value.toObject();
        const auto seen = TimeUtil::fromWire(s.value(u"last_seen_at").toString());
        QString device = s.value(u"device").toString();
        if (device.isEmpty())
            device = tr("Unknown device");
        if (s.value(u"current").toBool())
            device = tr("%1 (this one)").arg(device);
        auto *item = new QTreeWidgetItem(m_list,
            {device, s.value(u"address").toString(),
                seen ? locale.toString(seen->toLocalTime(), QLocale::ShortFormat) : QString()});
        item->setData(0, Qt::UserRole, s.value(u"id").toString());
        item->setData(0, Qt::UserRole + 1, s.value(u"current").toBool());
    }
    m_message->setText(tr("Signed in on %n device(s).", nullptr, m_list->topLevelItemCount()));
    if (!m_contactId.isEmpty() && m_list->topLevelItemCount() == 0)
        m_message->setText(tr("Not signed in to the client portal anywhere."));
    updateButtons();
    Q_EMIT answered();
}

void SessionsDialog::updateButtons()
{
    const QTreeWidgetItem *item = m_list->currentItem();
    m_end->setEnabled(item && !item->data(0, Qt::UserRole + 1).toBool());
    m_endOthers->setEnabled(m_list->topLevelItemCount() > (m_contactId.isEmpty() ? 1 : 0));
}

void SessionsDialog::endChosen()
{
    const QTreeWidgetItem *item = m_list->currentItem();
    if (!item || item->data(0, Qt::UserRole + 1).toBool())
        return;
    m_end->setEnabled(false);
    m_api->deleteResource(QStringLiteral("/api/v1/auth/sessions/%1").arg(item->data(0, Qt::UserRole).toString()), this,
        [this](const ApiResult &result) {
            if (!result.ok() && result.status != 404) {
                m_message->setText(result.reachedServer() ? result.errorMessage
                                                          : tr("The server cannot be reached. Try again when you are "
                                                               "online."));
                updateButtons();
                return;
            }
            load();
        });
}

void SessionsDialog::endOthers()
{
    m_endOthers->setEnabled(false);
    m_api->post(m_contactId.isEmpty() ? QStringLiteral("/api/v1/auth/sessions/end-others")
                                      : QStringLiteral("/api/v1/contacts/%1/sessions/end").arg(m_contactId),
        QJsonObject{}, this, [this](const ApiResult &result) {
            if (!result.ok()) {
                m_message->setText(failure(result));
                updateButtons();
                return;
            }
            load();
        });
}
