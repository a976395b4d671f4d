// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/portalviewdialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "models/portalviewmodel.h"
#include "sync/apiclient.h"
#include "ui/logging.h"

PortalViewDialog::PortalViewDialog(
    const QUrl &server, const QString &token, const QString &contactId, const QString &contactName, QWidget *parent)
    : QDialog(parent)
    , m_api(new ApiClient(this))
    , m_contactId(contactId)
    , m_contactName(contactName)
    , m_model(new PortalViewModel(this))
    , m_header(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_message(new QLabel(this))
    , m_tree(new QTreeView(this))
    , m_retry(new QPushButton(tr("&Try Again"), this))
{
    m_api->setServerUrl(server);
    m_api->setToken(token);
    setObjectName(QStringLiteral("portalViewDialog"));
    setWindowTitle(tr("Client Portal as %1").arg(contactName));
    m_header->setObjectName(QStringLiteral("portalViewHeader"));
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::RichText);
    m_header->setText(tr("What <b>%1</b> sees in the client portal, as the server decides it with the portal's own "
                         "rules. Looking changes nothing; it is recorded in the activity log.")
                          .arg(contactName.toHtmlEscaped()));
    m_busy->setObjectName(QStringLiteral("portalViewBusy"));
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_message->setObjectName(QStringLiteral("portalViewMessage"));
    m_message->setWordWrap(true);
    m_message->setFrameShape(QFrame::StyledPanel);
    m_message->setMargin(8);
    m_tree->setObjectName(QStringLiteral("portalViewTree"));
    m_tree->setModel(m_model);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(PortalViewModel::NameColumn, 300);
    m_tree->setColumnWidth(PortalViewModel::AccessColumn, 170);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    connect(m_retry, &QPushButton::clicked, this, &PortalViewDialog::load);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_busy);
    layout->addWidget(m_message);
    layout->addWidget(m_tree, 1);
    layout->addStretch(); // takes the room while there is no tree to show
    auto *row = new QHBoxLayout;
    row->addWidget(m_retry);
    row->addStretch();
    row->addWidget(buttons);
    layout->addLayout(row);
    resize(680, 480);
    load();
}

void PortalViewDialog::setState(State state, const QString &message)
{
    m_state = state;
    m_busy->setVisible(state == State::Loading);
    m_retry->setVisible(state == State::Offline || state == State::Refused);
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
    m_tree->setVisible(state == State::Loaded && m_model->projectCount() > 0);
}

void PortalViewDialog::load()
{
    // A retry makes the answer of an earlier request irrelevant: its context goes.
    delete m_request;
    m_request = new QObject(this);
    m_model->clear();
    if (!m_api->hasToken()) {
        setState(State::Refused, tr("Sign in to Atrium first: the preview comes from the server."));
        return;
    }
    setState(State::Loading, tr("Asking the server what %1 sees…").arg(m_contactName));
    m_api->get(
        QStringLiteral("/api/v1/contacts/%1/portal-view").arg(m_contactId), m_request, [this](const ApiResult &result) {
            showResult(result);
        });
}

void PortalViewDialog::showResult(const ApiResult &result)
{
    if (!result.reachedServer()) {
        setState(State::Offline,
            tr("Atrium cannot reach the server, and this preview needs a connection: it is worked out by the server "
               "with the same rules as the portal, never guessed from the copy on this computer. Try again when "
               "you are online.")
                + u'\n' + u'\n' + result.errorMessage);
    } else if (result.status == 401) {
        setState(State::Refused, tr("The server no longer accepts your sign-in. Sign in again, then try once more."));
    } else if (result.status == 404) {
        setState(State::Refused,
            tr("The server does not know this contact yet. If it was just added, try again once it has synced."));
    } else if (!result.ok()) {
        qCWarning(lcUi) << "Portal view refused:" << result.status << result.errorCode;
        setState(State::Refused, tr("The server refused the preview: %1").arg(result.errorMessage));
    } else {
        m_model->setView(result.body);
        m_tree->expandAll();
        const QJsonObject contact = result.body.value(u"contact").toObject();
        const QString state = contact.value(u"portal_state").toString();
        const QString name = contact.value(u"name").toString(m_contactName);
        QString message;
        if (state == u"revoked")
            message = tr("%1's portal access is revoked: they cannot sign in and see nothing.").arg(name);
        else if (m_model->projectCount() == 0)
            message = tr("%1 sees no projects. A project appears here when it belongs to the contact's client and "
                         "both the organisation's and the project's Client Portal are on.")
                          .arg(name);
        if (state == u"none" || state == u"invited")
            message = (message.isEmpty() ? QString() : message + u' ')
                + tr("%1 has not signed up yet: this is what they will see once they do.").arg(name);
        setState(State::Loaded, message);
    }
    Q_EMIT finished();
}
