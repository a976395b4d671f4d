// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/signindialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

#include "sync/apiclient.h"
#include "ui/twofactordialog.h"

SignInDialog::SignInDialog(QWidget *parent)
    : QDialog(parent)
    , m_server(new QLineEdit(this))
    , m_email(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_codeLabel(new QLabel(tr("&Code:"), this))
    , m_code(new QLineEdit(this))
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
    m_code->setObjectName(QStringLiteral("code"));
    m_code->setPlaceholderText(tr("123456"));
    m_code->setMaxLength(40);
    m_code->setInputMethodHints(Qt::ImhPreferNumbers | Qt::ImhNoPredictiveText);
    m_codeLabel->setBuddy(m_code);
    m_message->setWordWrap(true);
    m_message->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Sign In"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&Email:"), m_email);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(m_codeLabel, m_code);
    m_codeLabel->hide();
    m_code->hide();
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
    if (!m_challenge.isEmpty()) {
        sendCode();
        return;
    }
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
                setMessage(result.status == 401 ? tr("The email address or password is not right.")
                        : result.status == 429  ? tr("Too many attempts. Wait a minute, then try again.")
                                                : result.errorMessage);
                return;
            }
            if (result.body.value(u"second_factor_enrolment_required").toBool()) {
                enrol(result.body.value(u"challenge").toString());
                return;
            }
            if (result.body.value(u"second_factor_required").toBool()) {
                // The password was right; the code comes next, in the same dialog.
                m_challenge = result.body.value(u"challenge").toString();
                m_password->clear();
                m_server->setEnabled(false);
                m_email->setEnabled(false);
                m_password->setEnabled(false);
                m_codeLabel->show();
                m_code->show();
                m_code->clear();
                m_code->setFocus();
                setMessage(tr("Enter the six-digit code from your authenticator app, or one of your recovery "
                              "codes."));
                return;
            }
            finish(result);
        });
}

void SignInDialog::sendCode()
{
    const QString typed = m_code->text().trimmed();
    QString digits = typed;
    digits.remove(u' ');
    if (typed.isEmpty()) {
        setMessage(tr("Enter the six-digit code from your authenticator app, or one of your recovery codes."));
        return;
    }
    // Six digits are a code of the app; anything longer is a recovery code.
    const bool appCode = digits.size() == 6 && std::all_of(digits.cbegin(), digits.cend(), [](QChar c) {
        return c.isDigit();
    });
    setMessage(tr("Checking the code…"));
    m_buttons->setEnabled(false);
    m_api->post(QStringLiteral("/api/v1/auth/login/second-factor"),
        QJsonObject{{QStringLiteral("challenge"), m_challenge},
            {appCode ? QStringLiteral("code") : QStringLiteral("recovery_code"), appCode ? digits : typed}},
        this, [this](const ApiResult &result) {
            m_buttons->setEnabled(true);
            if (!result.reachedServer()) {
                setMessage(tr("Cannot reach the server: %1").arg(result.errorMessage));
                return;
            }
            if (result.ok()) {
                finish(result);
                return;
            }
            if (result.errorCode == u"challenge_expired") {
                askForPassword(tr("That took too long, or too many codes were tried. Enter your password again."));
                return;
            }
            if (result.status == 429) {
                askForPassword(tr("Too many attempts. Wait a minute, then sign in again."));
                return;
            }
            m_code->selectAll();
            m_code->setFocus();
            setMessage(result.errorCode == u"invalid_code" ? tr("The code is not right. Try the newest one.")
                                                           : result.errorMessage);
        });
}

void SignInDialog::askForPassword(const QString &message)
{
    m_challenge.clear();
    m_code->clear();
    m_code->hide();
    m_codeLabel->hide();
    m_server->setEnabled(true);
    m_email->setEnabled(true);
    m_password->setEnabled(true);
    m_password->setFocus();
    setMessage(message);
}

void SignInDialog::enrol(const QString &challenge)
{
    // The password was right, but the organisation now lets this user in only with two-factor
    // sign-in: set it up here, and the sign-in completes with its first code.
    m_password->clear();
    setMessage(tr("Your organisation requires two-factor sign-in. Set it up to finish signing in."));
    auto *dialog = new TwoFactorDialog(serverUrl(), QString(), this, challenge);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        finish(dialog->signIn());
    });
    connect(dialog, &QDialog::rejected, this, [this] {
        askForPassword(tr("You are not signed in: your organisation requires two-factor sign-in. Sign in again "
                          "to set it up."));
    });
    dialog->open();
}

void SignInDialog::finish(const ApiResult &result)
{
    finish(result.body);
}

void SignInDialog::finish(const QJsonObject &body)
{
    m_token = body.value(u"token").toString();
    m_user = body.value(u"user").toObject();
    m_secondFactorRequiredBy = body.value(u"second_factor_required_by").toString();
    m_password->clear();
    m_code->clear();
    m_challenge.clear();
    accept();
}
