// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

#include <memory>

#include "common/timeutil.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"
#include "tests/support/totp.h"
#include "ui/securitylogdialog.h"
#include "ui/sessionsdialog.h"
#include "ui/signindialog.h"
#include "ui/twofactordialog.h"

// An administrator's side of sign-in security in the desktop, against the real server: a required
// two-factor sign-in as staff meet it in the sign-in dialog (told during the grace period; after
// it, signed in only by setting it up, with the first code made from the key the dialog shows),
// the security log (filtered, for administrators only, resetting someone's second factor from it)
// and a contact's portal sessions, ended everywhere. Screenshots go to
// BUILD/test-artifacts/securityadmin/.
class TestSecurityAdmin : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void duringTheGracePeriodSignInTellsUntilWhen();
    void afterItSignInGoesThroughEnrolment();
    void theSecurityLogFiltersAndResets();
    void membersDoNotReadTheSecurityLog();
    void anAdministratorEndsAContactsSessions();

private:
    void screenshot(QWidget *widget, const QString &name);
    void setOrganisation(const QJsonObject &fields);
    // Fills in the sign-in dialog's password step and presses Sign In.
    void signIn(SignInDialog &dialog, const QString &email, const QString &password);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    QString m_adminToken;
    QString m_orgId;
    QString m_miaToken;
};

void TestSecurityAdmin::screenshot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(ATRIUM_ARTIFACTS_DIR "/securityadmin");
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + u'/' + name + QStringLiteral(".png")));
}

void TestSecurityAdmin::setOrganisation(const QJsonObject &fields)
{
    const QJsonArray r = SyncFixture::pushResults(
        *m_admin, {SyncFixture::mutation(QStringLiteral("organisation"), m_orgId, QStringLiteral("update"), fields)});
    QCOMPARE(r.size(), 1);
    QCOMPARE(r.first().toObject().value(u"status").toString(), QStringLiteral("applied"));
}

void TestSecurityAdmin::signIn(SignInDialog &dialog, const QString &email, const QString &password)
{
    dialog.setServerUrl(m_server.baseUrl());
    dialog.setEmail(email);
    dialog.show();
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("password")), password);
    QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

void TestSecurityAdmin::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    for (const QString &who : {QStringLiteral("mia"), QStringLiteral("sam")})
        QVERIFY(m_server.addStaff(QStringLiteral("acme"), who + QStringLiteral("@acme.test"), who,
            QStringLiteral("member"), who + QStringLiteral("-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    m_adminToken = QString::fromLatin1(m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    QVERIFY(!m_adminToken.isEmpty());
    m_orgId = SyncFixture::pullAll(*m_admin).first().toObject().value(u"id").toString();
}

void TestSecurityAdmin::duringTheGracePeriodSignInTellsUntilWhen()
{
    setOrganisation({{"two_factor_staff", true}, {"two_factor_grace_days", 14}});
    SignInDialog dialog;
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    signIn(dialog, QStringLiteral("sam@acme.test"), QStringLiteral("sam-pw"));
    QTRY_COMPARE(accepted.count(), 1);
    QVERIFY(dialog.token().startsWith(u"atr_"));
    const auto by = TimeUtil::fromWire(dialog.secondFactorRequiredBy());
    QVERIFY(by);
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().addDays(14).secsTo(*by)) < 120);
}

void TestSecurityAdmin::afterItSignInGoesThroughEnrolment()
{
    // No grace period: whoever has no second factor can sign in only by setting one up.
    setOrganisation({{"two_factor_grace_days", 0}});
    SignInDialog dialog;
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    signIn(dialog, QStringLiteral("mia@acme.test"), QStringLiteral("mia-pw"));
    TwoFactorDialog *enrol = nullptr;
    QTRY_VERIFY((enrol = dialog.findChild<TwoFactorDialog *>()) != nullptr);
    QTRY_COMPARE(enrol->step(), TwoFactorDialog::Step::Enrolling);
    QVERIFY(enrol->isVisible());
    QVERIFY(enrol->findChild<QLabel *>(QStringLiteral("twoFactorMessage"))->text().contains(u"requires"));
    QVERIFY(!enrol->findChild<QLabel *>(QStringLiteral("twoFactorQr"))->pixmap().isNull());
    screenshot(enrol, QStringLiteral("sign-in-enrolment"));
    const QByteArray secret = Totp::secretFrom(enrol->secret());
    QCOMPARE(secret.size(), 20);

    auto *codeEdit = enrol->findChild<QLineEdit *>(QStringLiteral("twoFactorCode"));
    const QString right = Totp::codeNow(secret);
    QTest::keyClicks(codeEdit, right == u"000000" ? QStringLiteral("111111") : QStringLiteral("000000"));
    QTest::mouseClick(enrol->findChild<QPushButton *>(QStringLiteral("confirmCodeButton")), Qt::LeftButton);
    QTRY_VERIFY(enrol->findChild<QLabel *>(QStringLiteral("twoFactorMessage"))->text().contains(u"not right"));
    QCOMPARE(enrol->step(), TwoFactorDialog::Step::Enrolling);
    QCOMPARE(accepted.count(), 0);

    QTest::keyClicks(codeEdit, Totp::codeNow(secret));
    QTest::mouseClick(enrol->findChild<QPushButton *>(QStringLiteral("confirmCodeButton")), Qt::LeftButton);
    QTRY_COMPARE(enrol->step(), TwoFactorDialog::Step::Codes);
    QCOMPARE(enrol->recoveryCodes().size(), 10);
    QPushButton *proceed = enrol->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Close);
    QCOMPARE(proceed->text().remove(u'&'), QStringLiteral("Continue"));
    screenshot(enrol, QStringLiteral("sign-in-recovery-codes"));
    // Continuing ends the sign-in, signed in.
    QTest::mouseClick(proceed, Qt::LeftButton);
    QTRY_COMPARE(accepted.count(), 1);
    m_miaToken = dialog.token();
    QVERIFY(m_miaToken.startsWith(u"atr_"));
    TestClient mia(m_server.baseUrl());
    mia.setToken(m_miaToken.toLatin1());
    QCOMPARE(mia.get(QStringLiteral("/api/v1/auth/second-factor")).object().value(u"enabled").toBool(), true);

    // Cancelling the enrolment leaves Sam signed out, with the reason.
    SignInDialog second;
    signIn(second, QStringLiteral("sam@acme.test"), QStringLiteral("sam-pw"));
    TwoFactorDialog *samEnrol = nullptr;
    QTRY_VERIFY((samEnrol = second.findChild<TwoFactorDialog *>()) != nullptr);
    QTRY_COMPARE(samEnrol->step(), TwoFactorDialog::Step::Enrolling);
    QTest::mouseClick(samEnrol->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Close), Qt::LeftButton);
    QTRY_VERIFY(second.findChild<QLabel *>(QStringLiteral("message"))->text().contains(u"not signed in"));
    QVERIFY(second.token().isEmpty());
    QVERIFY(second.findChild<QLineEdit *>(QStringLiteral("password"))->isEnabled());
}

void TestSecurityAdmin::theSecurityLogFiltersAndResets()
{
    // A failed sign-in to find.
    QCOMPARE(TestClient(m_server.baseUrl())
                 .post(QStringLiteral("/api/v1/auth/login"), QJsonObject{{"email", "sam@acme.test"}, {"password", "x"}})
                 .status,
        401);
    SecurityLogDialog dialog(m_server.baseUrl(), m_adminToken);
    QSignalSpy answered(&dialog, &SecurityLogDialog::answered);
    dialog.show();
    QTRY_VERIFY(answered.count() >= 1);
    QTreeWidget *list = dialog.list();
    auto rows = [list](int column) {
        QStringList out;
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            out.append(list->topLevelItem(i)->text(column));
        return out;
    };
    QVERIFY2(rows(1).contains(QStringLiteral("Two-factor sign-in turned on")), qPrintable(rows(1).join(u',')));
    QVERIFY(rows(1).contains(QStringLiteral("Sign-in failed")));
    QVERIFY(rows(1).contains(QStringLiteral("Signed in")));
    QVERIFY(rows(3).contains(QStringLiteral("127.0.0.1")));
    screenshot(&dialog, QStringLiteral("security-log"));

    // Only failed sign-ins.
    auto *kind = dialog.findChild<QComboBox *>(QStringLiteral("securityLogAction"));
    answered.clear();
    kind->setCurrentIndex(kind->findData(QStringLiteral("sign_in_failed")));
    QTRY_VERIFY(answered.count() >= 1);
    // Sam's wrong password, and Mia's wrong first code while enrolling above.
    QCOMPARE(list->topLevelItemCount(), 2);
    QCOMPARE(rows(1), QStringList({QStringLiteral("Sign-in failed"), QStringLiteral("Sign-in failed")}));
    QVERIFY(list->topLevelItem(0)->text(2).contains(u"sam@acme.test"));
    QCOMPARE(list->topLevelItem(0)->text(4), QStringLiteral("wrong password"));
    QCOMPARE(list->topLevelItem(1)->text(4), QStringLiteral("wrong code"));
    // Everything of Mia's, by typing.
    kind->setCurrentIndex(0);
    answered.clear();
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("securityLogSearch")), QStringLiteral("mia@"));
    QTRY_VERIFY(answered.count() >= 1 && list->topLevelItemCount() > 0 && !rows(2).join(u'\n').contains(u"sam@")
        && rows(2).join(u'\n').contains(u"mia@"));

    // Mia lost her phone: reset from her entry, confirmed.
    list->setCurrentItem(list->topLevelItem(0));
    auto *reset = dialog.findChild<QPushButton *>(QStringLiteral("securityLogReset"));
    QVERIFY(reset->isEnabled());
    QTest::mouseClick(reset, Qt::LeftButton);
    QMessageBox *confirm = nullptr;
    QTRY_VERIFY((confirm = dialog.findChild<QMessageBox *>(QStringLiteral("confirmSecurityReset"))) != nullptr);
    QVERIFY(confirm->text().contains(u"mia"));
    answered.clear();
    QAbstractButton *yes = nullptr;
    for (QAbstractButton *b : confirm->buttons())
        if (b->text() == u"Reset")
            yes = b;
    QVERIFY(yes);
    QTest::mouseClick(yes, Qt::LeftButton);
    QTRY_VERIFY(dialog.findChild<QLabel *>(QStringLiteral("securityLogMessage"))->text().contains(u"off for mia"));
    QTRY_VERIFY(rows(1).contains(QStringLiteral("Two-factor sign-in reset")));
    TestClient mia(m_server.baseUrl());
    mia.setToken(m_miaToken.toLatin1());
    QCOMPARE(mia.get(QStringLiteral("/api/v1/auth/second-factor")).object().value(u"enabled").toBool(), false);
}

void TestSecurityAdmin::membersDoNotReadTheSecurityLog()
{
    SecurityLogDialog dialog(m_server.baseUrl(), m_miaToken);
    QSignalSpy answered(&dialog, &SecurityLogDialog::answered);
    dialog.show();
    QTRY_VERIFY(answered.count() >= 1);
    QCOMPARE(dialog.list()->topLevelItemCount(), 0);
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("securityLogMessage"))->text().contains(u"administrators"));
}

void TestSecurityAdmin::anAdministratorEndsAContactsSessions()
{
    const QString clientId = SyncFixture::newId();
    QVERIFY(PortalFixture::openPortalProject(*m_admin, m_orgId, clientId, SyncFixture::newId()));
    const PortalFixture::Contact ivy =
        PortalFixture::signUp(m_server, *m_admin, clientId, QStringLiteral("ivy@green.test"));
    QVERIFY(!ivy.cookie.isEmpty());
    SessionsDialog dialog(m_server.baseUrl(), m_adminToken, ivy.id, QStringLiteral("Ivy"));
    QSignalSpy answered(&dialog, &SessionsDialog::answered);
    dialog.show();
    QTRY_VERIFY(answered.count() >= 1);
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Portal Sessions of Ivy"));
    QCOMPARE(dialog.list()->topLevelItemCount(), 1);
    QCOMPARE(dialog.list()->topLevelItem(0)->text(1), QStringLiteral("127.0.0.1"));
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("endSessionButton"))->isVisible());
    screenshot(&dialog, QStringLiteral("contact-sessions"));
    auto *everywhere = dialog.findChild<QPushButton *>(QStringLiteral("endOtherSessionsButton"));
    QVERIFY(everywhere->isEnabled());
    answered.clear();
    QTest::mouseClick(everywhere, Qt::LeftButton);
    QTRY_VERIFY(answered.count() >= 1);
    QCOMPARE(dialog.list()->topLevelItemCount(), 0);
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("sessionsMessage"))->text().contains(u"Not signed in"));
    QCOMPARE(TestClient(m_server.baseUrl()).get(QStringLiteral("/api/v1/portal/me"), ivy.headers()).status, 401);

    // A member sees why not.
    SessionsDialog member(m_server.baseUrl(), m_miaToken, ivy.id, QStringLiteral("Ivy"));
    QSignalSpy memberAnswered(&member, &SessionsDialog::answered);
    QTRY_VERIFY(memberAnswered.count() >= 1);
    QVERIFY(member.findChild<QLabel *>(QStringLiteral("sessionsMessage"))->text().contains(u"administrators"));
}

QTEST_MAIN(TestSecurityAdmin)
#include "tst_securityadmin.moc"
