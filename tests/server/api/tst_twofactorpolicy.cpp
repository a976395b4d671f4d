// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>

#include "common/timeutil.h"
#include "tests/support/dbinspector.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"
#include "tests/support/totp.h"

// The organisation's requirement of two-factor sign-in, through the real server: only an
// administrator sets it; staff and clients without a second factor are told until when they may
// sign in without one (the grace period) and, after it, can only sign in by enrolling; clients
// are required all or by client. And the security log that records all this for administrators.
// Time passing is simulated by moving the requirement's start back in the database file.
class TestTwoFactorPolicy : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void onlyAnAdminSetsTheRequirement();
    void staffAreToldDuringTheGracePeriod();
    void afterTheGracePeriodStaffCanOnlyEnrol();
    void clientsAreRequiredAllOrByClient();
    void newRecoveryCodesAreThrottled();
    void theSecurityLogIsForAdministrators();

private:
    TestClient::Reply login(const QString &email, const QString &password);
    TestClient::Reply portalLogin(const QString &email);
    TestClient::Reply post(const QString &path, const QJsonObject &body);
    // Pushes organisation (or client) fields as `client`; the result's status ("applied", "rejected").
    QString update(TestClient &client, const QString &entity, const QString &id, const QJsonObject &fields,
        QString *errorCode = nullptr);
    // Moves every start of a two-factor requirement, and the records' creation, `days` into the past.
    void backdate(int days);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    QString m_orgId;
    QString m_green; // a client chosen for two-factor sign-in
    QString m_blue; // one that is not
    QString m_ivy; // Green's contact
    QString m_otto; // Blue's contact
    QByteArray m_miaSecret;
    QString m_miaToken;
};

TestClient::Reply TestTwoFactorPolicy::login(const QString &email, const QString &password)
{
    return post(QStringLiteral("/api/v1/auth/login"), QJsonObject{{"email", email}, {"password", password}});
}

TestClient::Reply TestTwoFactorPolicy::portalLogin(const QString &email)
{
    return post(QStringLiteral("/api/v1/portal/login"),
        QJsonObject{{"slug", "acme"}, {"email", email}, {"password", "long enough password"}});
}

TestClient::Reply TestTwoFactorPolicy::post(const QString &path, const QJsonObject &body)
{
    return TestClient(m_server.baseUrl()).post(path, body);
}

QString TestTwoFactorPolicy::update(
    TestClient &client, const QString &entity, const QString &id, const QJsonObject &fields, QString *errorCode)
{
    const QJsonArray r =
        SyncFixture::pushResults(client, {SyncFixture::mutation(entity, id, QStringLiteral("update"), fields)});
    if (r.size() != 1)
        return QStringLiteral("push failed");
    if (errorCode)
        *errorCode = r.first().toObject().value(u"error").toObject().value(u"code").toString();
    return r.first().toObject().value(u"status").toString();
}

void TestTwoFactorPolicy::backdate(int days)
{
    DbInspector db(m_server);
    QVERIFY(db.isOpen());
    const QString past = TimeUtil::toWire(QDateTime::currentDateTimeUtc().addDays(-days));
    db.column(
        QStringLiteral("UPDATE organisations SET two_factor_staff_since = ? WHERE two_factor_staff_since IS NOT NULL"),
        {past});
    db.column(QStringLiteral(
                  "UPDATE organisations SET two_factor_clients_since = ? WHERE two_factor_clients_since IS NOT NULL"),
        {past});
    db.column(QStringLiteral("UPDATE clients SET two_factor_since = ? WHERE two_factor_since IS NOT NULL"), {past});
    db.column(QStringLiteral("UPDATE staff_users SET created_at = ?"), {past});
    db.column(QStringLiteral("UPDATE contacts SET created_at = ?"), {past});
}

void TestTwoFactorPolicy::initTestCase()
{
    if (!m_server.start({QStringLiteral("--login-max-failures"), QStringLiteral("5"),
            QStringLiteral("--login-lockout-seconds"), QStringLiteral("60")}))
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    QVERIFY(m_server.createOrg(QStringLiteral("Other"), QStringLiteral("other"), QStringLiteral("admin@other.test"),
        QStringLiteral("other-pw")));
    for (const QString &who : {QStringLiteral("mia"), QStringLiteral("sam")})
        QVERIFY(m_server.addStaff(QStringLiteral("acme"), who + QStringLiteral("@acme.test"), who,
            QStringLiteral("member"), who + QStringLiteral("-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    m_orgId = SyncFixture::pullAll(*m_admin).first().toObject().value(u"id").toString();
    m_green = SyncFixture::newId();
    QVERIFY(PortalFixture::openPortalProject(*m_admin, m_orgId, m_green, SyncFixture::newId()));
    m_blue = SyncFixture::newId();
    QCOMPARE(
        SyncFixture::pushResults(*m_admin,
            {SyncFixture::mutation(QStringLiteral("client"), m_blue, QStringLiteral("create"), {{"name", "Blue"}})})
            .first()
            .toObject()
            .value(u"status")
            .toString(),
        QStringLiteral("applied"));
    const PortalFixture::Contact ivy =
        PortalFixture::signUp(m_server, *m_admin, m_green, QStringLiteral("ivy@green.test"));
    const PortalFixture::Contact otto =
        PortalFixture::signUp(m_server, *m_admin, m_blue, QStringLiteral("otto@blue.test"));
    QVERIFY(!ivy.cookie.isEmpty());
    QVERIFY(!otto.cookie.isEmpty());
    m_ivy = ivy.id;
    m_otto = otto.id;
}

void TestTwoFactorPolicy::onlyAnAdminSetsTheRequirement()
{
    TestClient mia(m_server.baseUrl());
    QVERIFY(!mia.login(QStringLiteral("mia@acme.test"), QStringLiteral("mia-pw")).isEmpty());
    QString code;
    QCOMPARE(update(mia, QStringLiteral("organisation"), m_orgId, {{"two_factor_staff", true}}, &code),
        QStringLiteral("rejected"));
    QCOMPARE(code, QStringLiteral("forbidden"));
    // A member edits clients, but not whether they must use two-factor sign-in.
    QCOMPARE(update(mia, QStringLiteral("client"), m_blue, {{"two_factor_required", true}}, &code),
        QStringLiteral("rejected"));
    QCOMPARE(code, QStringLiteral("forbidden"));
    QCOMPARE(
        update(mia, QStringLiteral("client"), m_blue, {{"notes", "Prefers phone calls"}}), QStringLiteral("applied"));
    // Nor does anyone set when it began.
    QCOMPARE(update(*m_admin, QStringLiteral("organisation"), m_orgId,
                 {{"two_factor_staff_since", "2020-01-01T00:00:00.000Z"}}, &code),
        QStringLiteral("rejected"));
    QCOMPARE(update(*m_admin, QStringLiteral("organisation"), m_orgId, {{"two_factor_grace_days", 91}}, &code),
        QStringLiteral("rejected"));
    QCOMPARE(code, QStringLiteral("invalid_field"));
    QCOMPARE(update(*m_admin, QStringLiteral("organisation"), m_orgId, {{"two_factor_clients", "some"}}, &code),
        QStringLiteral("rejected"));
    // Until it is on, sign-in is as ever.
    const TestClient::Reply signedIn = login(QStringLiteral("mia@acme.test"), QStringLiteral("mia-pw"));
    QVERIFY(signedIn.object().value(u"token").isString());
    QVERIFY(!signedIn.object().contains(u"second_factor_required_by"));
}

void TestTwoFactorPolicy::staffAreToldDuringTheGracePeriod()
{
    QCOMPARE(update(*m_admin, QStringLiteral("organisation"), m_orgId,
                 {{"two_factor_staff", true}, {"two_factor_grace_days", 14}}),
        QStringLiteral("applied"));
    // The server noted when the requirement began; desktops get it with the organisation.
    const QJsonArray changes = SyncFixture::pullAll(*m_admin);
    QJsonObject org;
    for (const QJsonValue &c : changes)
        if (c.toObject().value(u"id").toString() == m_orgId)
            org = c.toObject();
    const auto since = TimeUtil::fromWire(org.value(u"data").toObject().value(u"two_factor_staff_since").toString());
    QVERIFY2(
        since && qAbs(since->secsTo(QDateTime::currentDateTimeUtc())) < 60, qPrintable(QJsonDocument(org).toJson()));

    const TestClient::Reply signedIn = login(QStringLiteral("mia@acme.test"), QStringLiteral("mia-pw"));
    QCOMPARE(signedIn.status, 200);
    QVERIFY(signedIn.object().value(u"token").toString().startsWith(u"atr_"));
    const auto by = TimeUtil::fromWire(signedIn.object().value(u"second_factor_required_by").toString());
    QVERIFY(by);
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().addDays(14).secsTo(*by)) < 60);
    m_miaToken = signedIn.object().value(u"token").toString();
}

void TestTwoFactorPolicy::afterTheGracePeriodStaffCanOnlyEnrol()
{
    backdate(15);
    const TestClient::Reply first = login(QStringLiteral("mia@acme.test"), QStringLiteral("mia-pw"));
    QCOMPARE(first.status, 200);
    QCOMPARE(first.object().value(u"second_factor_enrolment_required").toBool(), true);
    QVERIFY(!first.object().contains(u"token"));
    const QString challenge = first.object().value(u"challenge").toString();
    QVERIFY(challenge.startsWith(u"ch_"));
    // The wrong password still says only that.
    const TestClient::Reply wrong = login(QStringLiteral("mia@acme.test"), QStringLiteral("nope"));
    QCOMPARE(wrong.status, 401);
    QVERIFY(!wrong.body.contains("enrol"));
    // This challenge only enrols: it is no answer to a code step, nor the other way round.
    QCOMPARE(post(QStringLiteral("/api/v1/auth/login/second-factor"), {{"challenge", challenge}, {"code", "123456"}})
                 .errorCode(),
        QStringLiteral("challenge_expired"));
    QCOMPARE(post(QStringLiteral("/api/v1/auth/login/enrol"), {{"challenge", "ch_made-up"}}).status, 401);

    const TestClient::Reply enrol = post(QStringLiteral("/api/v1/auth/login/enrol"), {{"challenge", challenge}});
    QCOMPARE(enrol.status, 200);
    QCOMPARE(enrol.header("Cache-Control"), QByteArray("no-store"));
    m_miaSecret = Totp::secretFrom(enrol.object().value(u"secret").toString());
    QCOMPARE(m_miaSecret.size(), 20);
    QVERIFY(enrol.object().value(u"otpauth_uri").toString().startsWith(u"otpauth://totp/Atrium:mia@acme.test"));

    const QString right = Totp::codeNow(m_miaSecret);
    const QString wrongCode = right == QStringLiteral("000000") ? QStringLiteral("111111") : QStringLiteral("000000");
    const TestClient::Reply refused =
        post(QStringLiteral("/api/v1/auth/login/enrol/confirm"), {{"challenge", challenge}, {"code", wrongCode}});
    QCOMPARE(refused.status, 401);
    QCOMPARE(refused.errorCode(), QStringLiteral("invalid_code"));
    QCOMPARE(post(QStringLiteral("/api/v1/auth/login/enrol/confirm"),
                 {{"challenge", challenge}, {"recovery_code", "aaaa-bbbb-cccc-dddd-eeee"}})
                 .status,
        400);
    const TestClient::Reply done =
        post(QStringLiteral("/api/v1/auth/login/enrol/confirm"), {{"challenge", challenge}, {"code", right}});
    QCOMPARE(done.status, 200);
    QVERIFY(done.object().value(u"token").toString().startsWith(u"atr_"));
    QCOMPARE(done.object().value(u"recovery_codes").toArray().size(), 10);
    QVERIFY(!done.object().contains(u"second_factor_required_by"));
    // Enrolling took only the password: Mia hears of it at once, with the address it came from.
    QTRY_VERIFY_WITH_TIMEOUT(PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("mia@acme.test"))
                                 .join(u'\n')
                                 .contains(u"Two-factor sign-in was set up for your Atrium account from 127.0.0.1"),
        15000);
    TestClient mia(m_server.baseUrl());
    mia.setToken(done.object().value(u"token").toString().toLatin1());
    QCOMPARE(mia.get(QStringLiteral("/api/v1/auth/second-factor")).object().value(u"enabled").toBool(), true);
    m_miaToken = done.object().value(u"token").toString();
    // From now on the code is asked like for anyone enrolled.
    QCOMPARE(login(QStringLiteral("mia@acme.test"), QStringLiteral("mia-pw")).object().value(u"second_factor_required"),
        QJsonValue(true));
    // Switching the requirement off lets Sam, who has none, straight in again.
    const TestClient::Reply sam = login(QStringLiteral("sam@acme.test"), QStringLiteral("sam-pw"));
    QCOMPARE(sam.object().value(u"second_factor_enrolment_required").toBool(), true);
    QCOMPARE(update(*m_admin, QStringLiteral("organisation"), m_orgId, {{"two_factor_staff", false}}),
        QStringLiteral("applied"));
    QVERIFY(login(QStringLiteral("sam@acme.test"), QStringLiteral("sam-pw")).object().value(u"token").isString());
}

void TestTwoFactorPolicy::clientsAreRequiredAllOrByClient()
{
    QCOMPARE(update(*m_admin, QStringLiteral("organisation"), m_orgId,
                 {{"two_factor_clients", "chosen"}, {"two_factor_grace_days", 0}}),
        QStringLiteral("applied"));
    QCOMPARE(update(*m_admin, QStringLiteral("client"), m_green, {{"two_factor_required", true}}),
        QStringLiteral("applied"));

    // Green's contact can only enrol; Blue's, not chosen, signs in as ever.
    const TestClient::Reply otto = portalLogin(QStringLiteral("otto@blue.test"));
    QCOMPARE(otto.status, 200);
    QVERIFY(!otto.header("Set-Cookie").isEmpty());
    QVERIFY(!otto.object().contains(u"second_factor_required_by"));
    const TestClient::Reply ivy = portalLogin(QStringLiteral("ivy@green.test"));
    QCOMPARE(ivy.status, 200);
    QCOMPARE(ivy.object().value(u"second_factor_enrolment_required").toBool(), true);
    QVERIFY(ivy.header("Set-Cookie").isEmpty());
    const QString challenge = ivy.object().value(u"challenge").toString();
    // A client's challenge is no staff sign-in.
    QCOMPARE(post(QStringLiteral("/api/v1/auth/login/enrol"), {{"challenge", challenge}}).status, 401);
    const TestClient::Reply enrol = post(QStringLiteral("/api/v1/portal/login/enrol"), {{"challenge", challenge}});
    QCOMPARE(enrol.status, 200);
    QVERIFY(enrol.object().value(u"qr").toString().startsWith(u"data:image/png;base64,iVBOR"));
    QVERIFY(enrol.object().value(u"otpauth_uri").toString().startsWith(u"otpauth://totp/Acme:ivy@green.test"));
    const QByteArray secret = Totp::secretFrom(enrol.object().value(u"secret").toString());
    const TestClient::Reply done = post(QStringLiteral("/api/v1/portal/login/enrol/confirm"),
        {{"challenge", challenge}, {"code", Totp::codeNow(secret)}});
    QCOMPARE(done.status, 200);
    QCOMPARE(done.object().value(u"recovery_codes").toArray().size(), 10);
    QTRY_VERIFY_WITH_TIMEOUT(PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("ivy@green.test"))
                                 .join(u'\n')
                                 .contains(u"Two-factor sign-in was set up for your account from 127.0.0.1"),
        15000);
    const QByteArray cookie = done.header("Set-Cookie");
    QVERIFY(cookie.startsWith("atrium_portal="));
    QCOMPARE(TestClient(m_server.baseUrl())
                 .get(QStringLiteral("/api/v1/portal/me"), {{"Cookie", cookie.left(cookie.indexOf(';'))}})
                 .status,
        200);

    // All clients, with a grace period: Otto is told until when, at sign-in and on every page.
    QCOMPARE(update(*m_admin, QStringLiteral("organisation"), m_orgId,
                 {{"two_factor_clients", "all"}, {"two_factor_grace_days", 3}}),
        QStringLiteral("applied"));
    const TestClient::Reply told = portalLogin(QStringLiteral("otto@blue.test"));
    QCOMPARE(told.status, 200);
    const auto by = TimeUtil::fromWire(told.object().value(u"second_factor_required_by").toString());
    QVERIFY(by);
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().addDays(3).secsTo(*by)) < 60);
    const QByteArray ottoCookie = told.header("Set-Cookie");
    const TestClient::Reply me =
        TestClient(m_server.baseUrl())
            .get(QStringLiteral("/api/v1/portal/me"), {{"Cookie", ottoCookie.left(ottoCookie.indexOf(';'))}});
    QCOMPARE(me.object().value(u"second_factor_required_by").toString(),
        told.object().value(u"second_factor_required_by").toString());
    // After it, Otto too can only enrol.
    backdate(4);
    QCOMPARE(portalLogin(QStringLiteral("otto@blue.test")).object().value(u"second_factor_enrolment_required"),
        QJsonValue(true));
}

void TestTwoFactorPolicy::newRecoveryCodesAreThrottled()
{
    TestClient mia(m_server.baseUrl());
    mia.setToken(m_miaToken.toLatin1());
    const QString right = Totp::codeNow(m_miaSecret);
    const QString wrong = right == QStringLiteral("000000") ? QStringLiteral("111111") : QStringLiteral("000000");
    for (int i = 0; i < 5; ++i)
        QCOMPARE(
            mia.post(QStringLiteral("/api/v1/auth/second-factor/recovery-codes"), QJsonObject{{"code", wrong}}).status,
            422);
    // Locked now, even for a right code: guessing the six digits does not go on.
    const TestClient::Reply locked =
        mia.post(QStringLiteral("/api/v1/auth/second-factor/recovery-codes"), QJsonObject{{"code", right}});
    QCOMPARE(locked.status, 429);
    QVERIFY(!locked.header("Retry-After").isEmpty());
}

void TestTwoFactorPolicy::theSecurityLogIsForAdministrators()
{
    // Sam gets his password wrong until locked out, and tries on.
    for (int i = 0; i < 7; ++i)
        login(QStringLiteral("sam@acme.test"), QStringLiteral("wrong"));
    QVERIFY(PortalFixture::revokeAccess(*m_admin, m_otto));
    TestClient mia(m_server.baseUrl());
    mia.setToken(m_miaToken.toLatin1());
    const QString miaId =
        mia.get(QStringLiteral("/api/v1/auth/me")).object().value(u"user").toObject().value(u"id").toString();
    QCOMPARE(m_admin->post(QStringLiteral("/api/v1/staff-users/%1/second-factor/reset").arg(miaId), QJsonObject{})
                 .object()
                 .value(u"reset"),
        QJsonValue(true));

    auto events = [&](const QString &query) {
        const TestClient::Reply reply = m_admin->get(QStringLiteral("/api/v1/security-log") + query);
        [&] {
            QCOMPARE(reply.status, 200);
        }();
        return reply.object().value(u"events").toArray();
    };
    auto count = [](const QJsonArray &list, const QString &action, const QString &email) {
        return std::count_if(list.cbegin(), list.cend(), [&](const QJsonValue &v) {
            return v.toObject().value(u"action").toString() == action
                && (email.isEmpty() || v.toObject().value(u"email").toString() == email);
        });
    };
    const QJsonArray all = events(QString());
    QVERIFY(count(all, QStringLiteral("sign_in"), QStringLiteral("mia@acme.test")) >= 2);
    QCOMPARE(count(all, QStringLiteral("second_factor_enrolled"), QStringLiteral("mia@acme.test")), 1);
    QCOMPARE(count(all, QStringLiteral("second_factor_enrolled"), QStringLiteral("ivy@green.test")), 1);
    QCOMPARE(count(all, QStringLiteral("invite_accepted"), QStringLiteral("ivy@green.test")), 1);
    QCOMPARE(count(all, QStringLiteral("sign_in_failed"), QStringLiteral("sam@acme.test")), 5);
    QCOMPARE(count(all, QStringLiteral("locked_out"), QStringLiteral("sam@acme.test")), 1);
    QCOMPARE(count(all, QStringLiteral("access_revoked"), QStringLiteral("otto@blue.test")), 1);
    QCOMPARE(count(all, QStringLiteral("second_factor_reset"), QStringLiteral("mia@acme.test")), 1);
    const QString adminId =
        m_admin->get(QStringLiteral("/api/v1/auth/me")).object().value(u"user").toObject().value(u"id").toString();
    for (const QJsonValue &v : all)
        if (v.toObject().value(u"action").toString() == u"second_factor_reset")
            QCOMPARE(v.toObject().value(u"actor_id").toString(), adminId);
    QVERIFY(count(all, QStringLiteral("sign_in"), QStringLiteral("otto@blue.test")) >= 2);
    // Newest first, with where it came from.
    QVERIFY(all.first().toObject().value(u"at").toString() >= all.last().toObject().value(u"at").toString());
    QCOMPARE(all.first().toObject().value(u"address").toString(), QStringLiteral("127.0.0.1"));

    // Filtered by kind and by person; paged with "before".
    const QJsonArray lockouts = events(QStringLiteral("?action=locked_out"));
    QCOMPARE(lockouts.size(), 1);
    QCOMPARE(lockouts.first().toObject().value(u"name").toString(), QStringLiteral("sam"));
    const QJsonArray ivys = events(QStringLiteral("?q=IVY%40green"));
    QVERIFY(!ivys.isEmpty());
    for (const QJsonValue &v : ivys)
        QCOMPARE(v.toObject().value(u"email").toString(), QStringLiteral("ivy@green.test"));
    QCOMPARE(events(QStringLiteral("?q=%25")).size(), 0); // a % is a character, not a wildcard
    const QJsonArray firstTwo = events(QStringLiteral("?limit=2"));
    QCOMPARE(firstTwo.size(), 2);
    const QJsonArray older = events(QStringLiteral("?limit=500&before=")
        + QString::fromLatin1(QUrl::toPercentEncoding(firstTwo.last().toObject().value(u"at").toString())));
    QVERIFY(older.size() < all.size());
    QVERIFY(older.size() >= all.size() - 3);
    QCOMPARE(m_admin->get(QStringLiteral("/api/v1/security-log?action=everything")).status, 400);
    QCOMPARE(m_admin->get(QStringLiteral("/api/v1/security-log?limit=0")).status, 400);
    QCOMPARE(m_admin->get(QStringLiteral("/api/v1/security-log?before=yesterday")).status, 400);

    // Not for members, not across organisations, not without a session.
    const TestClient::Reply member = mia.get(QStringLiteral("/api/v1/security-log"));
    QCOMPARE(member.status, 403);
    QCOMPARE(member.errorCode(), QStringLiteral("forbidden"));
    TestClient other(m_server.baseUrl());
    QVERIFY(!other.login(QStringLiteral("admin@other.test"), QStringLiteral("other-pw")).isEmpty());
    const QJsonArray theirs = other.get(QStringLiteral("/api/v1/security-log")).object().value(u"events").toArray();
    for (const QJsonValue &v : theirs)
        QCOMPARE(v.toObject().value(u"email").toString(), QStringLiteral("admin@other.test"));
    QCOMPARE(TestClient(m_server.baseUrl()).get(QStringLiteral("/api/v1/security-log")).status, 401);
    // The log is not synced: no desktop pulls it.
    QVERIFY(!QJsonDocument(SyncFixture::pullAll(*m_admin)).toJson().contains("locked_out"));
}

QTEST_GUILESS_MAIN(TestTwoFactorPolicy)
#include "tst_twofactorpolicy.moc"
