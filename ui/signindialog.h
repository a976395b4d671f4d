// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QJsonObject>
#include <QUrl>

class ApiClient;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
struct ApiResult;

// Asks for server, email and password and signs in (POST /api/v1/auth/login) without blocking:
// the dialog stays responsive, shows progress and the server's message on failure. With
// two-factor sign-in on, it then asks for a code of the authenticator app or a recovery code
// (POST /api/v1/auth/login/second-factor). On success it holds the token and the user until the
// caller stores them (in the keychain).
class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SignInDialog(QWidget *parent = nullptr);

    void setServerUrl(const QUrl &url);
    void setEmail(const QString &email);
    void setMessage(const QString &message);

    QUrl serverUrl() const;
    QString email() const;
    QString token() const { return m_token; }
    QJsonObject user() const { return m_user; }
    // Until when the organisation lets this user sign in without two-factor sign-in, when it
    // requires it and they have not set it up (empty otherwise).
    QString secondFactorRequiredBy() const { return m_secondFactorRequiredBy; }

public Q_SLOTS:
    void signIn();

private:
    void fitMessage();
    void sendCode();
    // Back to the password step (the challenge expired or was used up).
    void askForPassword(const QString &message);
    void enrol(const QString &challenge);
    void finish(const ApiResult &result);
    void finish(const QJsonObject &body);

private:
    QLineEdit *m_server;
    QLineEdit *m_email;
    QLineEdit *m_password;
    QLabel *m_codeLabel;
    QLineEdit *m_code;
    QString m_challenge; // while the code is asked for
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    ApiClient *m_api;
    QString m_token;
    QJsonObject m_user;
    QString m_secondFactorRequiredBy;
};
