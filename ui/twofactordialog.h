// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QJsonObject>
#include <QStringList>

class ApiClient;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QUrl;
struct ApiResult;

// Account → Two-Factor Sign-In…: turns on sign-in with a code of an authenticator app for the
// signed-in staff member. Shows a QR code of the otpauth:// URI (libqrencode) and the secret as
// text, asks for a first code, then shows the ten recovery codes once. When it is on: how many
// recovery codes are left, and ten new ones for a current code. Talks to the server
// asynchronously (/api/v1/auth/second-factor…); offline it says so. Deletes itself when closed.
//
// With a sign-in challenge instead of a token, it is the last step of a sign-in the organisation
// allows only with two-factor sign-in (the grace period is over): it enrols through
// /api/v1/auth/login/enrol… and, once the recovery codes were shown, is accepted with the
// sign-in's answer (signIn(): token and user).
class TwoFactorDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Step { Loading, Off, Enrolling, Codes, On, Failed };
    Q_ENUM(Step)

    TwoFactorDialog(
        const QUrl &server, const QString &token, QWidget *parent = nullptr, const QString &signInChallenge = {});

    Step step() const { return m_step; }
    // While enrolling: the secret as shown, in base32.
    QString secret() const { return m_secret; }
    QStringList recoveryCodes() const { return m_recoveryCodes; }
    // The completed sign-in (token, user), when enrolling for one.
    QJsonObject signIn() const { return m_signIn; }

public Q_SLOTS:
    void load();
    void beginEnrolment();
    // Sends the typed code: confirms the enrolment, or (when on) asks for new recovery codes.
    void sendCode();

Q_SIGNALS:
    // The server answered (or could not be reached); see step().
    void answered();

private:
    void setStep(Step step, const QString &message = {});
    void showCodes(const ApiResult &result);
    QString failure(const ApiResult &result) const;

    QString m_challenge; // a sign-in's, when enrolling for one
    QJsonObject m_signIn;
    ApiClient *m_api;
    Step m_step = Step::Loading;
    QString m_secret;
    QStringList m_recoveryCodes;
    QStackedWidget *m_pages;
    QLabel *m_status;
    QLabel *m_message;
    QLabel *m_qr;
    QLabel *m_secretLabel;
    QLineEdit *m_code;
    QPlainTextEdit *m_codes;
    QPushButton *m_turnOn;
    QPushButton *m_confirm;
    QPushButton *m_newCodes;
    QPushButton *m_copy;
};
