// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QApplication>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>
#include <QThread>
#include <QTreeWidget>
#include <QUrlQuery>

#include <liboath/oath.h>

#include <cstdlib>

#include "common/qrcode.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testclient.h"
#include "ui/sessionsdialog.h"
#include "ui/signindialog.h"
#include "ui/twofactordialog.h"

// Two-factor sign-in in the desktop, driven as a person would against the real server: Account →
// Two-Factor Sign-In… shows a QR code and the key, takes a first code and shows the recovery codes;
// new recovery codes for a current code; the sign-in dialog asks for the code after the password,
// refuses a wrong one and takes a recovery code. Codes are made with liboath from the key the
// dialog showed, as a phone would. Screenshots go to BUILD/test-artifacts/twofactor/.
class TestTwoFactor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void turnOnWithTheQrCodeAndAFirstCode();
    void newRecoveryCodesNeedACurrentCode();
    void signInAsksForTheCodeAfterThePassword();
    void aRecoveryCodeSignsInOnce();
    void theQrCodeReadsAsTheUri();
    void signedInDevicesAreListedAndSignedOut();

private:
    QString code(int offsetSteps) const;
    void screenshot(QWidget *widget, const QString &name);
    // Fills in the sign-in dialog's password step and waits for its answer.
    void passwordStep(SignInDialog &dialog);

    ServerProcess m_server;
    QString m_token;
    QByteArray m_secret;
    qint64 m_base = 0;
    QStringList m_recoveryCodes;
};

QString TestTwoFactor::code(int offsetSteps) const
{
    char out[7] = {};
    if (oath_totp_generate(
            m_secret.constData(), size_t(m_secret.size()), time_t(m_base + 30 * offsetSteps), 30, 0, 6, out)
        != OATH_OK)
        return {};
    return QString::fromLatin1(out);
}

void TestTwoFactor::screenshot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(ATRIUM_ARTIFACTS_DIR "/twofactor");
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + u'/' + name + QStringLiteral(".png")));
}

void TestTwoFactor::initTestCase()
{
    QCOMPARE(oath_init(), OATH_OK);
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    TestClient admin(m_server.baseUrl());
    m_token = QString::fromLatin1(admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    QVERIFY(!m_token.isEmpty());
    // Codes of the steps around the base time are used below: begin early in a step.
    while (QDateTime::currentSecsSinceEpoch() % 30 > 12)
        QThread::msleep(250);
    m_base = QDateTime::currentSecsSinceEpoch();
}

void TestTwoFactor::turnOnWithTheQrCodeAndAFirstCode()
{
    TwoFactorDialog dialog(m_server.baseUrl(), m_token);
    dialog.show();
    QTRY_COMPARE(dialog.step(), TwoFactorDialog::Step::Off);
    screenshot(&dialog, QStringLiteral("off"));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("turnOnButton")), Qt::LeftButton);
    QTRY_COMPARE(dialog.step(), TwoFactorDialog::Step::Enrolling);
    // The key as the dialog shows it, in groups of four: what a person would type into the app.
    const QString shown = dialog.findChild<QLabel *>(QStringLiteral("twoFactorSecret"))->text();
    QVERIFY2(shown.contains(dialog.secret().left(4) + u' '), qPrintable(shown));
    char *raw = nullptr;
    size_t length = 0;
    QCOMPARE(oath_base32_decode(dialog.secret().toLatin1().constData(), size_t(dialog.secret().size()), &raw, &length),
        OATH_OK);
    m_secret = QByteArray(raw, qsizetype(length));
    std::free(raw);
    QCOMPARE(m_secret.size(), 20);
    const QPixmap qr = dialog.findChild<QLabel *>(QStringLiteral("twoFactorQr"))->pixmap();
    QVERIFY(!qr.isNull());
    QVERIFY(qr.width() >= 150);
    screenshot(&dialog, QStringLiteral("enrolling"));

    // A wrong code says so and leaves it off.
    auto *codeEdit = dialog.findChild<QLineEdit *>(QStringLiteral("twoFactorCode"));
    QTest::keyClicks(codeEdit, code(-1) == u"000000" ? QStringLiteral("111111") : QStringLiteral("000000"));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("confirmCodeButton")), Qt::LeftButton);
    auto *message = dialog.findChild<QLabel *>(QStringLiteral("twoFactorMessage"));
    QTRY_VERIFY(message->text().contains(QStringLiteral("not right")));
    QCOMPARE(dialog.step(), TwoFactorDialog::Step::Enrolling);

    QTest::keyClicks(codeEdit, code(-1));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("confirmCodeButton")), Qt::LeftButton);
    QTRY_COMPARE(dialog.step(), TwoFactorDialog::Step::Codes);
    m_recoveryCodes = dialog.recoveryCodes();
    QCOMPARE(m_recoveryCodes.size(), 10);
    QCOMPARE(dialog.findChild<QPlainTextEdit *>(QStringLiteral("recoveryCodes"))->toPlainText(),
        m_recoveryCodes.join(u'\n'));
    QVERIFY(dialog.secret().isEmpty()); // not kept once confirmed
    screenshot(&dialog, QStringLiteral("recovery-codes"));
}

void TestTwoFactor::newRecoveryCodesNeedACurrentCode()
{
    TwoFactorDialog dialog(m_server.baseUrl(), m_token);
    dialog.show();
    QTRY_COMPARE(dialog.step(), TwoFactorDialog::Step::On);
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("twoFactorStatus"))->text().contains(QStringLiteral("10")));
    screenshot(&dialog, QStringLiteral("on"));
    auto *codeEdit = dialog.findChild<QLineEdit *>(QStringLiteral("twoFactorCodeOn"));
    // The code that turned it on is spent.
    QTest::keyClicks(codeEdit, code(-1));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("newRecoveryCodesButton")), Qt::LeftButton);
    QTRY_VERIFY(
        dialog.findChild<QLabel *>(QStringLiteral("twoFactorMessage"))->text().contains(QStringLiteral("not right")));
    QCOMPARE(dialog.step(), TwoFactorDialog::Step::On);
    QTest::keyClicks(codeEdit, code(0));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("newRecoveryCodesButton")), Qt::LeftButton);
    QTRY_COMPARE(dialog.step(), TwoFactorDialog::Step::Codes);
    QCOMPARE(dialog.recoveryCodes().size(), 10);
    for (const QString &old : std::as_const(m_recoveryCodes))
        QVERIFY(!dialog.recoveryCodes().contains(old));
    m_recoveryCodes = dialog.recoveryCodes();
}

void TestTwoFactor::passwordStep(SignInDialog &dialog)
{
    dialog.setServerUrl(m_server.baseUrl());
    dialog.setEmail(QStringLiteral("admin@acme.test"));
    dialog.show();
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("password")), QStringLiteral("admin-pw"));
    QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(dialog.findChild<QLineEdit *>(QStringLiteral("code"))->isVisible());
    QVERIFY(!dialog.findChild<QLineEdit *>(QStringLiteral("password"))->isEnabled());
}

void TestTwoFactor::signInAsksForTheCodeAfterThePassword()
{
    SignInDialog dialog;
    passwordStep(dialog);
    screenshot(&dialog, QStringLiteral("sign-in-code"));
    auto *codeEdit = dialog.findChild<QLineEdit *>(QStringLiteral("code"));
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    // A spent code is refused with a plain message; the dialog stays at the code.
    QTest::keyClicks(codeEdit, code(0));
    QTest::mouseClick(ok, Qt::LeftButton);
    auto *message = dialog.findChild<QLabel *>(QStringLiteral("message"));
    QTRY_VERIFY(message->text().contains(QStringLiteral("not right")));
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.token().isEmpty());
    codeEdit->clear();
    QTest::keyClicks(codeEdit, code(1));
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(dialog.token().startsWith(u"atr_"));
    QCOMPARE(dialog.user().value(u"email").toString(), QStringLiteral("admin@acme.test"));
    TestClient check(m_server.baseUrl());
    check.setToken(dialog.token().toLatin1());
    QCOMPARE(check.get(QStringLiteral("/api/v1/auth/me")).status, 200);
}

void TestTwoFactor::aRecoveryCodeSignsInOnce()
{
    const QString recovery = m_recoveryCodes.first();
    {
        SignInDialog dialog;
        passwordStep(dialog);
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("code")), recovery);
        QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.token().isEmpty(), 10000);
    }
    SignInDialog again;
    passwordStep(again);
    QTest::keyClicks(again.findChild<QLineEdit *>(QStringLiteral("code")), recovery);
    QTest::mouseClick(again.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(again.findChild<QLabel *>(QStringLiteral("message"))->text().contains(QStringLiteral("not right")));
    QVERIFY(again.token().isEmpty());
}

void TestTwoFactor::theQrCodeReadsAsTheUri()
{
    // The drawing itself: square, white quiet zone, dark modules, the same for the same text and
    // different for another.
    const QString uri = QStringLiteral("otpauth://totp/Atrium:a@b.test?secret=JBSWY3DPEHPK3PXP&issuer=Atrium");
    const QImage a = QrCode::image(uri, 4);
    QVERIFY(!a.isNull());
    QCOMPARE(a.width(), a.height());
    QCOMPARE(a.width() % 4, 0);
    QCOMPARE(a.pixelColor(0, 0), QColor(Qt::white));
    QCOMPARE(a.pixelColor(4 * 4, 4 * 4), QColor(Qt::black)); // the finder pattern's corner
    QCOMPARE(QrCode::image(uri, 4), a);
    QVERIFY(QrCode::image(uri + u'x', 4) != a);
}

// Account → Signed-In Devices…: this desktop and two others; one signed out from the list, then
// the rest; the signed-out tokens stop working at once.
void TestTwoFactor::signedInDevicesAreListedAndSignedOut()
{
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("sam@acme.test"), QStringLiteral("Sam"),
        QStringLiteral("member"), QStringLiteral("sam-pw")));
    auto signIn = [this](const QByteArray &agent) {
        return TestClient(m_server.baseUrl())
            .send("POST", QStringLiteral("/api/v1/auth/login"),
                QJsonDocument(QJsonObject{{"email", "sam@acme.test"}, {"password", "sam-pw"}}).toJson(),
                {{"Content-Type", "application/json"}, {"User-Agent", agent}})
            .object()
            .value(u"token")
            .toString()
            .toLatin1();
    };
    const QByteArray here = signIn("Atrium/0.1 (this laptop)");
    const QByteArray office = signIn("Atrium/0.1 (office)");
    const QByteArray home = signIn("Atrium/0.1 (home)");
    SessionsDialog dialog(m_server.baseUrl(), QString::fromLatin1(here));
    dialog.show();
    QTreeWidget *list = dialog.list();
    QTRY_COMPARE(list->topLevelItemCount(), 3);
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("Atrium/0.1 (this laptop) (this one)"));
    QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("127.0.0.1"));
    auto *end = dialog.findChild<QPushButton *>(QStringLiteral("endSessionButton"));
    list->setCurrentItem(list->topLevelItem(0));
    QVERIFY(!end->isEnabled()); // this one signs out with File → Sign Out
    screenshot(&dialog, QStringLiteral("sessions"));
    QTreeWidgetItem *officeItem = nullptr;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        if (list->topLevelItem(i)->text(0).contains(u"office"))
            officeItem = list->topLevelItem(i);
    QVERIFY(officeItem);
    list->setCurrentItem(officeItem);
    QVERIFY(end->isEnabled());
    QTest::mouseClick(end, Qt::LeftButton);
    QTRY_COMPARE(list->topLevelItemCount(), 2);
    TestClient check(m_server.baseUrl());
    check.setToken(office);
    QCOMPARE(check.get(QStringLiteral("/api/v1/auth/me")).status, 401);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("endOtherSessionsButton")), Qt::LeftButton);
    QTRY_COMPARE(list->topLevelItemCount(), 1);
    check.setToken(home);
    QCOMPARE(check.get(QStringLiteral("/api/v1/auth/me")).status, 401);
    check.setToken(here);
    QCOMPARE(check.get(QStringLiteral("/api/v1/auth/me")).status, 200);
}

QTEST_MAIN(TestTwoFactor)
#include "tst_twofactor.moc"
