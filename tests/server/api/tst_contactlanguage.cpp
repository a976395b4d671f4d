// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

// The language a contact reads the portal and its e-mails in, through the real server: chosen on
// the account page (automatic, English, German; anything else refused with 422), answered by /me
// and the account, and the e-mails written in it, or in the language the browser last asked for.
class TestContactLanguage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void automaticAtFirst();
    void anUnsupportedLanguageIsRefused_data();
    void anUnsupportedLanguageIsRefused();
    void aRefusedRequestChangesNeitherField();
    void aChosenLanguageWritesTheMails();
    void automaticFollowsTheBrowser();

private:
    TestClient::Reply setLanguage(const QJsonValue &language);
    TestClient::Reply updateAccount(const QJsonObject &body);
    TestClient::Reply me(const QByteArray &acceptLanguage = {});
    // The plain text of the newest sign-in link mailed to Ivy, once there are `count`.
    QString newestLinkMail(int count);

    ServerProcess m_server;
    PortalFixture::Contact m_ivy;
    int m_mails = 0;
};

TestClient::Reply TestContactLanguage::setLanguage(const QJsonValue &language)
{
    return updateAccount(QJsonObject{{QStringLiteral("language"), language}});
}

TestClient::Reply TestContactLanguage::updateAccount(const QJsonObject &body)
{
    return TestClient(m_server.baseUrl())
        .send("PATCH", QStringLiteral("/api/v1/portal/account"), QJsonDocument(body).toJson(),
            {{"Cookie", m_ivy.cookie}, {"X-CSRF-Token", m_ivy.csrf}, {"Content-Type", "application/json"}});
}

TestClient::Reply TestContactLanguage::me(const QByteArray &acceptLanguage)
{
    TestClient::Headers headers = m_ivy.headers();
    if (!acceptLanguage.isEmpty())
        headers.append({"Accept-Language", acceptLanguage});
    return TestClient(m_server.baseUrl()).get(QStringLiteral("/api/v1/portal/me"), headers);
}

QString TestContactLanguage::newestLinkMail(int count)
{
    const QString email = QStringLiteral("ivy@green.test");
    const TestClient::Reply asked =
        TestClient(m_server.baseUrl())
            .post(QStringLiteral("/api/v1/portal/login/link"), QJsonObject{{"slug", "acme"}, {"email", email}});
    if (asked.status != 202)
        return QString();
    static const QRegularExpression link(QStringLiteral("/p/acme/link#"));
    const QStringList texts = PortalFixture::waitForOutboxTexts(m_server.dataDir(), email, link, count);
    return texts.size() >= count ? texts.last() : QString();
}

void TestContactLanguage::initTestCase()
{
    // Five sign-in links are asked for here: more than the default throttle lets through.
    if (!m_server.start({QStringLiteral("--login-max-failures"), QStringLiteral("20")}))
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    TestClient admin(m_server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    const QString orgId = pullAll(admin).first().toObject().value(u"id").toString();
    const QString clientId = newId();
    QVERIFY(PortalFixture::openPortalProject(admin, orgId, clientId, newId()));
    m_ivy = PortalFixture::signUp(m_server, admin, clientId, QStringLiteral("ivy@green.test"));
    QVERIFY(!m_ivy.cookie.isEmpty());
}

void TestContactLanguage::automaticAtFirst()
{
    const TestClient::Reply answer = me();
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.object().value(u"contact").toObject().contains(u"language"));
    QCOMPARE(answer.object().value(u"contact").toObject().value(u"language").toString(), QString());
    const TestClient::Reply account =
        TestClient(m_server.baseUrl()).get(QStringLiteral("/api/v1/portal/account"), m_ivy.headers());
    QCOMPARE(account.object().value(u"language").toString(), QString());
}

void TestContactLanguage::anUnsupportedLanguageIsRefused_data()
{
    QTest::addColumn<QJsonValue>("language");
    QTest::addRow("a language there is no catalogue for") << QJsonValue(QStringLiteral("fr"));
    QTest::addRow("a whole tag") << QJsonValue(QStringLiteral("de-DE"));
    QTest::addRow("not a string") << QJsonValue(7);
    QTest::addRow("null") << QJsonValue(QJsonValue::Null);
}

void TestContactLanguage::anUnsupportedLanguageIsRefused()
{
    QFETCH(QJsonValue, language);
    const TestClient::Reply refused = setLanguage(language);
    QCOMPARE(refused.status, 422);
    QCOMPARE(refused.errorCode(), QStringLiteral("unsupported_language"));
    QVERIFY(!refused.object().value(u"error").toObject().value(u"message").toString().isEmpty());
    QCOMPARE(me().object().value(u"contact").toObject().value(u"language").toString(), QString());
}

// Both fields are checked before either is written: a good language beside a bad name (or the
// other way round) is refused and stores neither.
void TestContactLanguage::aRefusedRequestChangesNeitherField()
{
    const QJsonObject before = me().object().value(u"contact").toObject();
    const TestClient::Reply badName =
        updateAccount(QJsonObject{{QStringLiteral("language"), QStringLiteral("de")}, {QStringLiteral("name"), ""}});
    QCOMPARE(badName.status, 400);
    QCOMPARE(badName.errorCode(), QStringLiteral("invalid_field"));
    const TestClient::Reply badLanguage = updateAccount(
        QJsonObject{{QStringLiteral("language"), QStringLiteral("fr")}, {QStringLiteral("name"), "Ivy Renamed"}});
    QCOMPARE(badLanguage.status, 422);
    QCOMPARE(badLanguage.errorCode(), QStringLiteral("unsupported_language"));
    const QJsonObject after = me().object().value(u"contact").toObject();
    QCOMPARE(after.value(u"language").toString(), before.value(u"language").toString());
    QCOMPARE(after.value(u"name").toString(), before.value(u"name").toString());
    QVERIFY(after.value(u"name").toString() != QStringLiteral("Ivy Renamed"));
}

void TestContactLanguage::aChosenLanguageWritesTheMails()
{
    const TestClient::Reply chosen = setLanguage(QStringLiteral("de"));
    QCOMPARE(chosen.status, 200);
    QCOMPARE(chosen.object().value(u"language").toString(), QStringLiteral("de"));
    // The name stays as it was when only the language is sent.
    QCOMPARE(chosen.object().value(u"name").toString(),
        me().object().value(u"contact").toObject().value(u"name").toString());
    // The preference beats the browser.
    QCOMPARE(
        me("en-US,en;q=0.9").object().value(u"contact").toObject().value(u"language").toString(), QStringLiteral("de"));
    const QString german = newestLinkMail(++m_mails);
    QVERIFY2(german.startsWith(QStringLiteral("Guten Tag ")), qPrintable(german));
    QVERIFY(german.contains(QStringLiteral("Kundenportal von Acme")));
    QVERIFY(german.contains(QStringLiteral("Anmelden:\n")));

    QCOMPARE(setLanguage(QStringLiteral("en")).status, 200);
    const QString english = newestLinkMail(++m_mails);
    QVERIFY2(english.startsWith(QStringLiteral("Hello ")), qPrintable(english));
}

void TestContactLanguage::automaticFollowsTheBrowser()
{
    const TestClient::Reply automatic = setLanguage(QStringLiteral(""));
    QCOMPARE(automatic.status, 200);
    QCOMPARE(automatic.object().value(u"language").toString(), QString());
    // Automatic: the mails follow the language the browser last asked for.
    QCOMPARE(me("de-AT,de;q=0.9,en;q=0.5").status, 200);
    QVERIFY(newestLinkMail(++m_mails).startsWith(QStringLiteral("Guten Tag ")));
    QCOMPARE(me("en-GB").status, 200);
    QVERIFY(newestLinkMail(++m_mails).startsWith(QStringLiteral("Hello ")));
    // A browser asking for none of ours changes nothing.
    QCOMPARE(me("fr-FR").status, 200);
    QVERIFY(newestLinkMail(++m_mails).startsWith(QStringLiteral("Hello ")));
}

QTEST_GUILESS_MAIN(TestContactLanguage)
#include "tst_contactlanguage.moc"
