// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <sodium.h>

#include "tests/support/dbinspector.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testclient.h"

// Staff authentication through the real server binary.
class TestAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void signInGivesAToken();
    void wrongPasswordAndUnknownEmailLookAlike();
    void malformedSignInIsRefused_data();
    void malformedSignInIsRefused();
    void tokensAreStoredOnlyAsHashes();
    void tokenIsAcceptedOnlyInTheHeader();
    void signOutRevokesTheToken();
    void passwordIsRehashedWhenLimitsChange();
    void repeatedFailuresLockForAWhileOnly();
    void expiredTokenIsRefused();
    void passwordResetRevokesSessions();
    void signedInDevicesCanBeSeenAndEnded();

private:
    ServerProcess m_server;
};

void TestAuth::initTestCase()
{
    QVERIFY(sodium_init() >= 0);
    // Short lockouts so the test can watch one end.
    if (!m_server.start({QStringLiteral("--login-max-failures"), QStringLiteral("3"),
            QStringLiteral("--login-lockout-seconds"), QStringLiteral("2")}))
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(QStringLiteral("Acme Studio"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"),
        QStringLiteral("correct horse")));
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("lock@acme.test"), QStringLiteral("Lou Lock"),
        QStringLiteral("member"), QStringLiteral("lock-pw")));
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("rehash@acme.test"), QStringLiteral("Ray Hash"),
        QStringLiteral("member"), QStringLiteral("rehash-pw")));
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("reset@acme.test"), QStringLiteral("Rea Set"),
        QStringLiteral("member"), QStringLiteral("old-pw")));
}

void TestAuth::signInGivesAToken()
{
    TestClient client(m_server.baseUrl());
    const TestClient::Reply reply = client.post(
        QStringLiteral("/api/v1/auth/login"), QJsonObject{{"email", "Admin@Acme.test"}, {"password", "correct horse"}});
    QCOMPARE(reply.status, 200);
    const QJsonObject body = reply.object();
    const QByteArray token = body.value(u"token").toString().toLatin1();
    // 32 random bytes in URL-safe base64 after the prefix.
    QVERIFY(token.startsWith("atr_"));
    QVERIFY(QByteArray::fromBase64(token.mid(4), QByteArray::Base64UrlEncoding).size() >= 32);
    QCOMPARE(body.value(u"user").toObject().value(u"email").toString(), QStringLiteral("admin@acme.test"));
    QCOMPARE(body.value(u"user").toObject().value(u"role").toString(), QStringLiteral("admin"));
    QCOMPARE(body.value(u"organisation").toObject().value(u"portal_slug").toString(), QStringLiteral("acme"));
    QVERIFY(!QJsonDocument(body).toJson().contains("argon2"));

    client.setToken(token);
    const TestClient::Reply me = client.get(QStringLiteral("/api/v1/auth/me"));
    QCOMPARE(me.status, 200);
    QCOMPARE(me.object().value(u"user").toObject().value(u"email").toString(), QStringLiteral("admin@acme.test"));

    // Two sign-ins give two different tokens.
    TestClient second(m_server.baseUrl());
    QVERIFY(second.login(QStringLiteral("admin@acme.test"), QStringLiteral("correct horse")) != token);
}

void TestAuth::wrongPasswordAndUnknownEmailLookAlike()
{
    TestClient client(m_server.baseUrl());
    const TestClient::Reply wrong = client.post(
        QStringLiteral("/api/v1/auth/login"), QJsonObject{{"email", "admin@acme.test"}, {"password", "nope"}});
    const TestClient::Reply unknown = client.post(
        QStringLiteral("/api/v1/auth/login"), QJsonObject{{"email", "ghost@acme.test"}, {"password", "nope"}});
    QCOMPARE(wrong.status, 401);
    QCOMPARE(unknown.status, 401);
    QCOMPARE(wrong.body, unknown.body);
    QCOMPARE(wrong.errorCode(), QStringLiteral("invalid_credentials"));
}

void TestAuth::malformedSignInIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addRow("not JSON") << QByteArray("email=a&password=b") << 400;
    QTest::addRow("no password") << QByteArray("{\"email\":\"admin@acme.test\"}") << 400;
    QTest::addRow("password a number") << QByteArray("{\"email\":\"admin@acme.test\",\"password\":1}") << 400;
    QTest::addRow("huge body") << QByteArray(64 * 1024, 'x') << 413;
}

void TestAuth::malformedSignInIsRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    TestClient client(m_server.baseUrl());
    const TestClient::Reply reply = client.postRaw(QStringLiteral("/api/v1/auth/login"), body, "application/json");
    QCOMPARE(reply.status, status);
    QVERIFY(!reply.errorCode().isEmpty());
}

void TestAuth::tokensAreStoredOnlyAsHashes()
{
    TestClient client(m_server.baseUrl());
    const QByteArray token = client.login(QStringLiteral("admin@acme.test"), QStringLiteral("correct horse"));
    QVERIFY(!token.isEmpty());
    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex());
    QCOMPARE(
        db.column(QStringLiteral("SELECT COUNT(*) FROM staff_tokens WHERE token_hash = ?"), {hash}).value(0).toInt(),
        1);
    QCOMPARE(db.column(QStringLiteral("SELECT COUNT(*) FROM staff_tokens WHERE token_hash = ?"),
                   {QString::fromLatin1(token)})
                 .value(0)
                 .toInt(),
        0);
    const QVariantList hashes = db.column(QStringLiteral("SELECT password_hash FROM staff_users"));
    QVERIFY(!hashes.isEmpty());
    for (const QVariant &h : hashes)
        QVERIFY2(h.toString().startsWith(u"$argon2id$"), qPrintable(h.toString()));
}

void TestAuth::tokenIsAcceptedOnlyInTheHeader()
{
    TestClient client(m_server.baseUrl());
    const QByteArray token = client.login(QStringLiteral("admin@acme.test"), QStringLiteral("correct horse"));
    TestClient anonymous(m_server.baseUrl());
    QCOMPARE(anonymous.get(QStringLiteral("/api/v1/auth/me?access_token=") + QString::fromLatin1(token)).status, 401);
    QCOMPARE(anonymous.get(QStringLiteral("/api/v1/auth/me"), {{"Cookie", "token=" + token}}).status, 401);
    QCOMPARE(anonymous.get(QStringLiteral("/api/v1/auth/me"), {{"Authorization", "Basic " + token}}).status, 401);
    QCOMPARE(anonymous.get(QStringLiteral("/api/v1/auth/me"), {{"Authorization", "Bearer " + token}}).status, 200);
}

void TestAuth::signOutRevokesTheToken()
{
    TestClient client(m_server.baseUrl());
    const QByteArray token = client.login(QStringLiteral("admin@acme.test"), QStringLiteral("correct horse"));
    QVERIFY(!token.isEmpty());
    QCOMPARE(client.get(QStringLiteral("/api/v1/sync/pull")).status, 200);
    QCOMPARE(client.post(QStringLiteral("/api/v1/auth/logout"), QJsonObject{}).status, 200);
    const TestClient::Reply after = client.get(QStringLiteral("/api/v1/sync/pull"));
    QCOMPARE(after.status, 401);
    QCOMPARE(after.errorCode(), QStringLiteral("unauthorized"));
    QCOMPARE(client.post(QStringLiteral("/api/v1/auth/logout"), QJsonObject{}).status, 401);
}

void TestAuth::passwordIsRehashedWhenLimitsChange()
{
    // A hash made with weaker limits than the server's current ones, as an older release would have.
    char weak[crypto_pwhash_STRBYTES];
    const QByteArray password = "rehash-pw";
    QCOMPARE(crypto_pwhash_str(weak, password.constData(), quint64(password.size()), crypto_pwhash_OPSLIMIT_MIN,
                 crypto_pwhash_MEMLIMIT_MIN),
        0);
    DbInspector db(m_server);
    QVERIFY(db.exec(QStringLiteral("UPDATE staff_users SET password_hash = ? WHERE email = ?"),
        {QString::fromLatin1(weak), QStringLiteral("rehash@acme.test")}));

    TestClient client(m_server.baseUrl());
    QVERIFY(!client.login(QStringLiteral("rehash@acme.test"), QStringLiteral("rehash-pw")).isEmpty());
    const QString stored = db.column(QStringLiteral("SELECT password_hash FROM staff_users WHERE email = ?"),
                                 {QStringLiteral("rehash@acme.test")})
                               .value(0)
                               .toString();
    QVERIFY(stored != QString::fromLatin1(weak));
    QVERIFY(stored.startsWith(u"$argon2id$"));
    QCOMPARE(crypto_pwhash_str_needs_rehash(
                 stored.toLatin1().constData(), crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE),
        0);
    QVERIFY(!client.login(QStringLiteral("rehash@acme.test"), QStringLiteral("rehash-pw")).isEmpty());
}

void TestAuth::repeatedFailuresLockForAWhileOnly()
{
    TestClient client(m_server.baseUrl());
    const QJsonObject wrong{{"email", "lock@acme.test"}, {"password", "guess"}};
    const QJsonObject right{{"email", "lock@acme.test"}, {"password", "lock-pw"}};
    for (int i = 0; i < 3; ++i)
        QCOMPARE(client.post(QStringLiteral("/api/v1/auth/login"), wrong).status, 401);
    // Locked: even the right password waits, and the answer says so.
    const TestClient::Reply locked = client.post(QStringLiteral("/api/v1/auth/login"), right);
    QCOMPARE(locked.status, 429);
    QCOMPARE(locked.errorCode(), QStringLiteral("too_many_attempts"));
    QVERIFY(locked.header("Retry-After").toInt() >= 1);
    // An unknown address is throttled the same way, so the lockout does not reveal who exists.
    const QJsonObject ghost{{"email", "ghost2@acme.test"}, {"password", "guess"}};
    for (int i = 0; i < 3; ++i)
        QCOMPARE(client.post(QStringLiteral("/api/v1/auth/login"), ghost).status, 401);
    QCOMPARE(client.post(QStringLiteral("/api/v1/auth/login"), ghost).status, 429);
    // Other accounts are not affected.
    QCOMPARE(client
                 .post(QStringLiteral("/api/v1/auth/login"),
                     QJsonObject{{"email", "admin@acme.test"}, {"password", "correct horse"}})
                 .status,
        200);
    // The lock ends by itself.
    QTRY_COMPARE_WITH_TIMEOUT(client.post(QStringLiteral("/api/v1/auth/login"), right).status, 200, 10000);
}

void TestAuth::expiredTokenIsRefused()
{
    ServerProcess shortLived;
    if (!shortLived.start({QStringLiteral("--staff-token-ttl"), QStringLiteral("1")}))
        QFAIL(qPrintable(shortLived.errorString()));
    QVERIFY(shortLived.createOrg(
        QStringLiteral("Brief"), QStringLiteral("brief"), QStringLiteral("a@brief.test"), QStringLiteral("pw")));
    TestClient client(shortLived.baseUrl());
    QVERIFY(!client.login(QStringLiteral("a@brief.test"), QStringLiteral("pw")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(client.get(QStringLiteral("/api/v1/auth/me")).status, 401, 10000);
    QCOMPARE(client.get(QStringLiteral("/api/v1/sync/pull")).status, 401);
}

void TestAuth::passwordResetRevokesSessions()
{
    TestClient client(m_server.baseUrl());
    QVERIFY(!client.login(QStringLiteral("reset@acme.test"), QStringLiteral("old-pw")).isEmpty());
    const ServerProcess::CliResult reset = m_server.runCli(
        {QStringLiteral("reset-password"), QStringLiteral("--email"), QStringLiteral("reset@acme.test")}, "new-pw\n");
    QVERIFY2(reset.exitCode == 0, reset.err.constData());
    QCOMPARE(client.get(QStringLiteral("/api/v1/auth/me")).status, 401);
    TestClient fresh(m_server.baseUrl());
    QVERIFY(fresh.login(QStringLiteral("reset@acme.test"), QStringLiteral("old-pw")).isEmpty());
    QVERIFY(!fresh.login(QStringLiteral("reset@acme.test"), QStringLiteral("new-pw")).isEmpty());
}

// Account → Signed-In Devices: each desktop's name, address and last use; another one (or all
// others) signed out, effective at its next request; nobody else's reachable.
void TestAuth::signedInDevicesCanBeSeenAndEnded()
{
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("dev@acme.test"), QStringLiteral("Dee Vice"),
        QStringLiteral("member"), QStringLiteral("dev-pw")));
    auto signIn = [this](const QByteArray &agent) {
        TestClient client(m_server.baseUrl());
        const TestClient::Reply r = client.send("POST", QStringLiteral("/api/v1/auth/login"),
            QJsonDocument(QJsonObject{{"email", "dev@acme.test"}, {"password", "dev-pw"}}).toJson(),
            {{"Content-Type", "application/json"}, {"User-Agent", agent}});
        return r.object().value(u"token").toString().toLatin1();
    };
    const QByteArray laptop = signIn("Atrium/0.1 (laptop)");
    const QByteArray office = signIn("Atrium/0.1 (office)");
    const QByteArray spare = signIn("Atrium/0.1 (spare)");
    QVERIFY(!laptop.isEmpty() && !office.isEmpty() && !spare.isEmpty());
    TestClient client(m_server.baseUrl());
    client.setToken(laptop);
    const QJsonArray list = client.get(QStringLiteral("/api/v1/auth/sessions")).object().value(u"sessions").toArray();
    QCOMPARE(list.size(), 3);
    QCOMPARE(list.first().toObject().value(u"current").toBool(), true);
    QCOMPARE(list.first().toObject().value(u"device").toString(), QStringLiteral("Atrium/0.1 (laptop)"));
    QCOMPARE(list.first().toObject().value(u"address").toString(), QStringLiteral("127.0.0.1"));
    QString officeId;
    for (const QJsonValue &s : list)
        if (s.toObject().value(u"device").toString().contains(u"office"))
            officeId = s.toObject().value(u"id").toString();
    QVERIFY(!officeId.isEmpty());
    QVERIFY(!QJsonDocument(list).toJson().contains(office)); // no token in the list

    // Another person cannot end it, nor see it.
    TestClient admin(m_server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("correct horse")).isEmpty());
    QCOMPARE(admin.send("DELETE", QStringLiteral("/api/v1/auth/sessions/") + officeId).status, 404);
    QVERIFY(!QJsonDocument(admin.get(QStringLiteral("/api/v1/auth/sessions")).object())
                 .toJson()
                 .contains(officeId.toLatin1()));
    // The current session is ended by signing out, not here.
    QCOMPARE(
        client.send("DELETE", QStringLiteral("/api/v1/auth/sessions/") + list.first()[u"id"].toString()).status, 404);

    QCOMPARE(client.send("DELETE", QStringLiteral("/api/v1/auth/sessions/") + officeId).status, 200);
    TestClient officeClient(m_server.baseUrl());
    officeClient.setToken(office);
    QCOMPARE(officeClient.get(QStringLiteral("/api/v1/auth/me")).status, 401);
    QCOMPARE(client.send("DELETE", QStringLiteral("/api/v1/auth/sessions/") + officeId).status, 404);

    const TestClient::Reply others = client.post(QStringLiteral("/api/v1/auth/sessions/end-others"), QJsonObject{});
    QCOMPARE(others.status, 200);
    QCOMPARE(others.object().value(u"ended").toInt(), 1);
    TestClient spareClient(m_server.baseUrl());
    spareClient.setToken(spare);
    QCOMPARE(spareClient.get(QStringLiteral("/api/v1/auth/me")).status, 401);
    QCOMPARE(client.get(QStringLiteral("/api/v1/auth/me")).status, 200);
    QCOMPARE(client.get(QStringLiteral("/api/v1/auth/sessions")).object().value(u"sessions").toArray().size(), 1);
}

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
