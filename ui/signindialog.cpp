// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/signindialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "sync/apiclient.h"

SignInDialog::SignInDialog(QWidget *parent)
    : QDialog(parent)
    , m_server(new QLineEdit(this))
    , m_email(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_api(new ApiClient(this))
{
    setWindowTitle(tr("Sign in to Atrium"));
    m_server->setObjectName(QStringLiteral("server"));
    m_email->setObjectName(QStringLiteral("email"));
    m_password->setObjectName(QStringLiteral("password"));
    m_message->setObjectName(QStringLiteral("message"));
    m_server->setPlaceholderText(QStringLiteral("https://atrium.example.com"));
    m_email->setPlaceholderText(tr("you@studio.com"));
    m_password->setEchoMode(QLineEdit::Password);
    m_message->setWordWrap(true);
    m_message->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Sign In"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&Email:"), m_email);
    form->addRow(tr("&Password:"), m_password);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SignInDialog::signIn);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(420, sizeHint().height());
}

void SignInDialog::setServerUrl(const QUrl &url)
{
    m_server->setText(url.toString());
}

void SignInDialog::setEmail(const QString &email)
{
    m_email->setText(email);
    if (!email.isEmpty())
        m_password->setFocus();
}

void SignInDialog::setMessage(const QString &message)
{
    m_message->setText(message);
    fitMessage();
}

void SignInDialog::fitMessage()
{
    // Grow (or shrink) to the message, keeping the width the user gave the dialog.
    m_message->setVisible(!m_message->text().isEmpty());
    layout()->activate();
    resize(width(), qMax(sizeHint().height(), layout()->heightForWidth(width())));
}

QUrl SignInDialog::serverUrl() const
{
    return QUrl::fromUserInput(m_server->text().trimmed());
}

QString SignInDialog::email() const
{
    return m_email->text().trimmed();
}

void SignInDialog::signIn()
{
    const QUrl url = serverUrl();
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https")) {
        setMessage(tr("Enter the address of your Atrium server, for example https://atrium.example.com."));
        return;
    }
    if (email().isEmpty() || m_password->text().isEmpty()) {
        setMessage(tr("Enter your email address and password."));
        return;
    }
    setMessage(tr("Signing in…"));
    m_buttons->setEnabled(false);
    m_api->setServerUrl(url);
    m_api->post(QStringLiteral("/api/v1/auth/login"),
        QJsonObject{{QStringLiteral("email"), email()}, {QStringLiteral("password"), m_password->text()}}, this,
        [this](const ApiResult &result) {
            m_buttons->setEnabled(true);
            if (!result.reachedServer()) {
                setMessage(tr("Cannot reach the server: %1").arg(result.errorMessage));
                return;
            }
            if (!result.ok()) {
                setMessage(
                    result.status == 401 ? tr("The email address or password is not right.") : result.errorMessage);
                return;
            }
            m_token = result.body.value(u"token").toString();
            m_user = result.body.value(u"user").toObject();
            m_password->clear();
            accept();
        });
}
