// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/twofactordialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "common/qrcode.h"
#include "sync/apiclient.h"

TwoFactorDialog::TwoFactorDialog(
    const QUrl &server, const QString &token, QWidget *parent, const QString &signInChallenge)
    : QDialog(parent)
    , m_challenge(signInChallenge)
    , m_api(new ApiClient(this))
    , m_pages(new QStackedWidget(this))
    , m_status(new QLabel(this))
    , m_message(new QLabel(this))
    , m_qr(new QLabel(this))
    , m_secretLabel(new QLabel(this))
    , m_code(new QLineEdit(this))
    , m_codes(new QPlainTextEdit(this))
    , m_turnOn(new QPushButton(tr("&Turn On…"), this))
    , m_confirm(new QPushButton(tr("&Confirm"), this))
    , m_newCodes(new QPushButton(tr("&New Recovery Codes"), this))
    , m_copy(new QPushButton(tr("C&opy Codes"), this))
{
    m_api->setServerUrl(server);
    m_api->setToken(token);
    setObjectName(QStringLiteral("twoFactorDialog"));
    setWindowTitle(tr("Two-Factor Sign-In"));
    m_status->setObjectName(QStringLiteral("twoFactorStatus"));
    m_status->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("twoFactorMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_qr->setObjectName(QStringLiteral("twoFactorQr"));
    m_qr->setAlignment(Qt::AlignCenter);
    m_qr->setAccessibleName(tr("QR code for your authenticator app"));
    m_secretLabel->setObjectName(QStringLiteral("twoFactorSecret"));
    m_secretLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_secretLabel->setWordWrap(true);
    m_code->setObjectName(QStringLiteral("twoFactorCode"));
    m_code->setPlaceholderText(tr("123456"));
    m_code->setMaxLength(10);
    m_codes->setObjectName(QStringLiteral("recoveryCodes"));
    m_codes->setReadOnly(true);
    m_codes->setFont(QFont(QStringLiteral("monospace")));
    m_turnOn->setObjectName(QStringLiteral("turnOnButton"));
    m_confirm->setObjectName(QStringLiteral("confirmCodeButton"));
    m_newCodes->setObjectName(QStringLiteral("newRecoveryCodesButton"));
    m_copy->setObjectName(QStringLiteral("copyCodesButton"));

    // Off: what it is, and a button.
    auto *off = new QWidget(this);
    auto *offLayout = new QVBoxLayout(off);
    auto *offText = new QLabel(tr("With two-factor sign-in, signing in takes your password and a code from an "
                                  "authenticator app on your phone (for example FreeOTP, Aegis or Google "
                                  "Authenticator), so a stolen password alone is not enough."),
        off);
    offText->setWordWrap(true);
    offLayout->addWidget(offText);
    offLayout->addWidget(m_turnOn, 0, Qt::AlignLeft);
    offLayout->addStretch();
    // Enrolling: the QR code, the secret, the first code.
    auto *enrol = new QWidget(this);
    auto *enrolLayout = new QVBoxLayout(enrol);
    auto *scan = new QLabel(tr("1. Scan this code with your authenticator app, or type the key below into it."), enrol);
    scan->setWordWrap(true);
    enrolLayout->addWidget(scan);
    enrolLayout->addWidget(m_qr);
    enrolLayout->addWidget(m_secretLabel);
    auto *type = new QLabel(tr("2. Enter the &code the app shows:"), enrol);
    type->setBuddy(m_code);
    enrolLayout->addWidget(type);
    auto *codeRow = new QHBoxLayout;
    codeRow->addWidget(m_code);
    codeRow->addWidget(m_confirm);
    enrolLayout->addLayout(codeRow);
    // The recovery codes, shown once.
    auto *codes = new QWidget(this);
    auto *codesLayout = new QVBoxLayout(codes);
    auto *keep = new QLabel(tr("Two-factor sign-in is on. Keep these recovery codes somewhere safe, away from your "
                               "phone: each signs you in once if the phone is lost. They are shown only now."),
        codes);
    keep->setWordWrap(true);
    codesLayout->addWidget(keep);
    codesLayout->addWidget(m_codes);
    codesLayout->addWidget(m_copy, 0, Qt::AlignLeft);
    // On: how many recovery codes are left; new ones for a current code.
    auto *on = new QWidget(this);
    auto *onLayout = new QVBoxLayout(on);
    onLayout->addWidget(m_status);
    auto *again = new QLabel(tr("New recovery codes replace all the earlier ones. Enter a current code of your app "
                                "to make them:"),
        on);
    again->setWordWrap(true);
    onLayout->addWidget(again);
    auto *onCode = new QLineEdit(on);
    onCode->setObjectName(QStringLiteral("twoFactorCodeOn"));
    onCode->setPlaceholderText(tr("123456"));
    auto *onRow = new QHBoxLayout;
    onRow->addWidget(onCode);
    onRow->addWidget(m_newCodes);
    onLayout->addLayout(onRow);
    auto *reset = new QLabel(tr("Lost your phone and your recovery codes? An administrator can turn two-factor "
                                "sign-in off for you."),
        on);
    reset->setWordWrap(true);
    onLayout->addWidget(reset);
    onLayout->addStretch();

    m_pages->addWidget(new QWidget(this)); // Loading, Failed
    m_pages->addWidget(off);
    m_pages->addWidget(enrol);
    m_pages->addWidget(codes);
    m_pages->addWidget(on);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, [this] {
        // A sign-in that enrolled is done once its recovery codes were seen.
        if (!m_signIn.isEmpty())
            accept();
        else
            reject();
    });
    connect(m_turnOn, &QPushButton::clicked, this, &TwoFactorDialog::beginEnrolment);
    connect(m_confirm, &QPushButton::clicked, this, &TwoFactorDialog::sendCode);
    connect(m_code, &QLineEdit::returnPressed, this, &TwoFactorDialog::sendCode);
    connect(m_newCodes, &QPushButton::clicked, this, [this, onCode] {
        m_code->setText(onCode->text());
        onCode->clear();
        sendCode();
    });
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_recoveryCodes.join(u'\n'));
        m_message->setText(tr("Copied. Paste them into your password manager, or print them."));
    });
    resize(460, 560);
    if (m_challenge.isEmpty()) {
        load();
        return;
    }
    setWindowTitle(tr("Set Up Two-Factor Sign-In"));
    buttons->button(QDialogButtonBox::Close)->setText(tr("Cancel"));
    connect(this, &TwoFactorDialog::answered, buttons, [this, buttons] {
        if (m_step == Step::Codes)
            buttons->button(QDialogButtonBox::Close)->setText(tr("&Continue"));
    });
    beginEnrolment();
}

void TwoFactorDialog::setStep(Step step, const QString &message)
{
    m_step = step;
    const int page = step == Step::Off ? 1
        : step == Step::Enrolling      ? 2
        : step == Step::Codes          ? 3
        : step == Step::On             ? 4
                                       : 0;
    m_pages->setCurrentIndex(page);
    m_message->setText(message);
    m_turnOn->setEnabled(true);
    m_confirm->setEnabled(true);
    m_newCodes->setEnabled(true);
    Q_EMIT answered();
}

QString TwoFactorDialog::failure(const ApiResult &result) const
{
    if (!result.reachedServer())
        return tr("The server cannot be reached. Two-factor sign-in is set up online; try again when connected.");
    if (result.errorCode == u"invalid_code")
        return tr("The code is not right. Check that the phone's clock is right, and enter the newest code.");
    if (result.errorCode == u"challenge_expired")
        return tr("That took too long, or too many codes were tried. Close this and sign in again.");
    if (result.status == 429)
        return tr("Too many attempts. Wait a minute, then sign in again.");
    return result.errorMessage;
}

void TwoFactorDialog::load()
{
    setStep(Step::Loading, tr("Asking the server…"));
    m_api->get(QStringLiteral("/api/v1/auth/second-factor"), this, [this](const ApiResult &result) {
        if (!result.ok()) {
            setStep(Step::Failed, failure(result));
            return;
        }
        if (result.body.value(u"enabled").toBool()) {
            m_status->setText(tr("Two-factor sign-in is on. %n recovery code(s) left.", nullptr,
                result.body.value(u"recovery_codes_left").toInt()));
            setStep(Step::On);
        } else {
            setStep(Step::Off);
        }
    });
}

void TwoFactorDialog::beginEnrolment()
{
    m_turnOn->setEnabled(false);
    m_message->setText(tr("Asking the server…"));
    const bool signingIn = !m_challenge.isEmpty();
    m_api->post(
        signingIn ? QStringLiteral("/api/v1/auth/login/enrol") : QStringLiteral("/api/v1/auth/second-factor/enrol"),
        signingIn ? QJsonObject{{QStringLiteral("challenge"), m_challenge}} : QJsonObject{}, this,
        [this, signingIn](const ApiResult &result) {
            if (!result.ok()) {
                setStep(signingIn ? Step::Failed : Step::Off, failure(result));
                return;
            }
            m_secret = result.body.value(u"secret").toString();
            const QImage qr = QrCode::image(result.body.value(u"otpauth_uri").toString(), 5);
            m_qr->setPixmap(QPixmap::fromImage(qr));
            // Groups of four, as apps show keys typed in by hand.
            QStringList groups;
            for (int i = 0; i < m_secret.size(); i += 4)
                groups.append(m_secret.mid(i, 4));
            m_secretLabel->setText(tr("Key: %1").arg(groups.join(u' ')));
            m_code->clear();
            setStep(Step::Enrolling,
                signingIn ? tr("Your organisation requires two-factor sign-in. Set it up now to finish signing in.")
                          : QString());
            m_code->setFocus();
        });
}

void TwoFactorDialog::sendCode()
{
    const QString code = m_code->text().remove(u' ');
    if (code.isEmpty()) {
        m_message->setText(tr("Enter the six-digit code your app shows."));
        return;
    }
    const bool enrolling = m_step == Step::Enrolling;
    m_confirm->setEnabled(false);
    m_newCodes->setEnabled(false);
    m_message->setText(tr("Checking the code…"));
    const bool signingIn = !m_challenge.isEmpty();
    QJsonObject body{{QStringLiteral("code"), code}};
    if (signingIn)
        body.insert(QStringLiteral("challenge"), m_challenge);
    m_api->post(signingIn ? QStringLiteral("/api/v1/auth/login/enrol/confirm")
            : enrolling   ? QStringLiteral("/api/v1/auth/second-factor/confirm")
                          : QStringLiteral("/api/v1/auth/second-factor/recovery-codes"),
        body, this, [this, enrolling, signingIn](const ApiResult &result) {
            m_code->clear();
            if (!result.ok()) {
                // A sign-in that expired or was throttled starts over from the password.
                const bool over = signingIn && (result.errorCode == u"challenge_expired" || result.status == 429);
                setStep(over ? Step::Failed : enrolling ? Step::Enrolling : Step::On, failure(result));
                return;
            }
            if (signingIn)
                m_signIn = result.body;
            showCodes(result);
        });
}

void TwoFactorDialog::showCodes(const ApiResult &result)
{
    m_recoveryCodes.clear();
    for (const QJsonValue &c : result.body.value(u"recovery_codes").toArray())
        m_recoveryCodes.append(c.toString());
    m_codes->setPlainText(m_recoveryCodes.join(u'\n'));
    m_secret.clear();
    m_qr->clear();
    m_secretLabel->clear();
    setStep(Step::Codes);
}
