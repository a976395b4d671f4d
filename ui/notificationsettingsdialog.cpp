// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/notificationsettingsdialog.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "sync/apiclient.h"

namespace {
const char *const modeProperty = "atriumMode";
}

NotificationSettingsDialog::NotificationSettingsDialog(const QUrl &server, const QString &token, QWidget *parent)
    : QDialog(parent)
    , m_api(new ApiClient(this))
    , m_modes(new QButtonGroup(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("notificationSettingsDialog"));
    setWindowTitle(tr("E-mail Notifications"));
    m_api->setServerUrl(server);
    m_api->setToken(token);

    auto *intro = new QLabel(tr("E-mail me when clients comment, upload, change a task or answer a sign-off in "
                                "projects I work on:"),
        this);
    intro->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    const struct
    {
        const char *mode;
        QString text;
    } choices[] = {
        {"immediate", tr("As it happens (one e-mail every few minutes at most)")},
        {"daily", tr("Once a day")},
        {"off", tr("Never")},
    };
    for (const auto &choice : choices) {
        auto *button = new QRadioButton(choice.text, this);
        button->setObjectName(QStringLiteral("mode_%1").arg(QLatin1String(choice.mode)));
        button->setProperty(modeProperty, QString::fromLatin1(choice.mode));
        m_modes->addButton(button);
        layout->addWidget(button);
    }
    auto *note = new QLabel(tr("What you have already read in the Inbox is left out."), this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(note);
    m_message->setObjectName(QStringLiteral("notificationMessage"));
    m_message->setWordWrap(true);
    m_message->setAccessibleName(tr("Status"));
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    QPushButton *retry = m_buttons->addButton(QDialogButtonBox::Retry);
    retry->setObjectName(QStringLiteral("notificationRetry"));
    connect(retry, &QPushButton::clicked, this, &NotificationSettingsDialog::load);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NotificationSettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    load();
}

QString NotificationSettingsDialog::mode() const
{
    QAbstractButton *checked = m_modes->checkedButton();
    return checked ? checked->property(modeProperty).toString() : QString();
}

void NotificationSettingsDialog::setMode(const QString &mode)
{
    for (QAbstractButton *button : m_modes->buttons()) {
        if (button->property(modeProperty).toString() == mode)
            button->setChecked(true);
    }
}

void NotificationSettingsDialog::setState(State state, const QString &message)
{
    m_state = state;
    const bool ready = state == State::Ready || state == State::Failed;
    for (QAbstractButton *button : m_modes->buttons())
        button->setEnabled(ready);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ready);
    m_buttons->button(QDialogButtonBox::Retry)->setVisible(state == State::Offline);
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
    if (ready && m_modes->checkedButton())
        m_modes->checkedButton()->setFocus();
}

void NotificationSettingsDialog::failed(const ApiResult &result)
{
    if (!result.reachedServer())
        setState(State::Offline, tr("E-mail settings need a connection to the server. Try again when you are online."));
    else if (result.status == 401)
        setState(State::Offline, tr("Sign in to change your e-mail settings."));
    else
        setState(State::Failed, tr("The server refused: %1").arg(result.errorMessage));
    Q_EMIT answered();
}

void NotificationSettingsDialog::load()
{
    setState(State::Loading, tr("Loading…"));
    m_api->get(QStringLiteral("/api/v1/account/notifications"), this, [this](const ApiResult &result) {
        if (!result.ok()) {
            failed(result);
            return;
        }
        setMode(result.body.value(u"email").toString());
        setState(State::Ready);
        Q_EMIT answered();
    });
}

void NotificationSettingsDialog::accept()
{
    if (m_state != State::Ready && m_state != State::Failed)
        return;
    setState(State::Saving, tr("Saving…"));
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("email"), mode()}}).toJson();
    m_api->put(QStringLiteral("/api/v1/account/notifications"), body, "application/json", this,
        [this](const ApiResult &result) {
            if (!result.ok()) {
                failed(result);
                return;
            }
            setState(State::Ready);
            Q_EMIT answered();
            QDialog::accept();
        });
}
