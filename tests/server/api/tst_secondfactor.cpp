// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QThread>
#include <QUrlQuery>

#include <liboath/oath.h>

#include <cstdlib>

#include "tests/support/dbinspector.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

// Two-factor sign-in for staff through the real server: enrolment with a first code, sign-in with a
// code after the password, the replay guard, recovery codes that work once, new recovery codes,
// an administrator's reset, and secrets that the database alone does not give away. Codes are
// made here with liboath from the secret the server showed, as an authenticator app would.
class TestSecondFactor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void enrolmentNeedsAFirstCode();
    void signInAsksForTheCodeAfterThePassword();
    void aCodeWorksOnce();
    void aRecoveryCodeWorksOnce();
    void newRecoveryCodesReplaceTheOldOnes();
    void wrongCodesAreThrottledLikePasswords();
    void onlyAnAdminResetsAndOnlyInTheOrganisation();
    void aClientTurnsItOnInThePortal();
    void anAdminSeesAndEndsAContactsSessions();
    void secretsAreNotReadableInTheDatabase();
    void twoInstancesShareTheGuardAndTheThrottle();

private:
    // The code of the app at `offsetSteps` steps from the test's base time.
    QString code(int offsetSteps) const;
    TestClient::Reply login(const QString &email, const QString &password);
    TestClient::Reply secondStep(const QString &challenge, const QJsonObject &answer);

    ServerProcess m_server;
    QByteArray m_secret; // Mia's, as her app holds it
    QString m_secretText;
    qint64 m_base = 0; // seconds since the epoch, early in a 30-second step
    QString m_miaToken;
    QStringList m_recoveryCodes;
};

QString TestSecondFactor::code(int offsetSteps) const
{
    char out[7] = {};
    if (oath_totp_generate(
            m_secret.constData(), size_t(m_secret.size()), time_t(m_base + 30 * offsetSteps), 30, 0, 6, out)
        != OATH_OK)
        return {};
    return QString::fromLatin1(out);
}

TestClient::Reply TestSecondFactor::login(const QString &email, const QString &password)
{
    return TestClient(m_server.baseUrl())
        .post(QStringLiteral("/api/v1/auth/login"), QJsonObject{{"email", email}, {"password", password}});
}

TestClient::Reply TestSecondFactor::secondStep(const QString &challenge, const QJsonObject &answer)
{
    QJsonObject body = answer;
    body.insert(QStringLiteral("challenge"), challenge);
    return TestClient(m_server.baseUrl()).post(QStringLiteral("/api/v1/auth/login/second-factor"), body);
}

void TestSecondFactor::initTestCase()
{
    QCOMPARE(oath_init(), OATH_OK);
    if (!m_server.start({QStringLiteral("--login-max-failures"), QStringLiteral("8"),
            QStringLiteral("--login-lockout-seconds"), QStringLiteral("60")}))
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    QVERIFY(m_server.createOrg(QStringLiteral("Other"), QStringLiteral("other"), QStringLiteral("admin@other.test"),
        QStringLiteral("other-pw")));
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("mia@acme.test"), QStringLiteral("Mia Member"),
        QStringLiteral("member"), QStringLiteral("mia-pw")));
    // The key file: made on first start, for the owner only.
    const QFile key(QDir(m_server.dataDir()).filePath(QStringLiteral("secret.key")));
    QVERIFY(key.exists());
    QCOMPARE(key.size(), 32);
    QCOMPARE(key.permissions()
            & ~(QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ReadOwner | QFileDevice::WriteOwner),
        QFileDevice::Permissions());

    // The tests use codes of the steps just before and after now: start early in a step, so
    // that "now" stays in it for the ten seconds and more that they take.
    while (QDateTime::currentSecsSinceEpoch() % 30 > 12)
        QThread::msleep(250);
    m_base = QDateTime::currentSecsSinceEpoch();
    const TestClient::Reply signedIn = login(QStringLiteral("mia@acme.test"), QStringLiteral("mia-pw"));
    QCOMPARE(signedIn.status, 200);
    m_miaToken = signedIn.object().value(u"token").toString();
    QVERIFY(!m_miaToken.isEmpty());
}

void TestSecondFactor::enrolmentNeedsAFirstCode()
{
    TestClient mia(m_server.baseUrl());
    mia.setToken(m_miaToken.toLatin1());
    QCOMPARE(mia.get(QStringLiteral("/api/v1/auth/second-factor")).object().value(u"enabled").toBool(), false);
    const TestClient::Reply enrol = mia.post(QStringLiteral("/api/v1/auth/second-factor/enrol"), QJsonObject{});
    QCOMPARE(enrol.status, 200);
    m_secretText = enrol.object().value(u"secret").toString();
    QVERIFY2(
        QRegularExpression(QStringLiteral("^[A-Z2-7]{32}$")).match(m_secretText).hasMatch(), qPrintable(m_secretText));
    char *raw = nullptr;
    size_t rawLength = 0;
    QCOMPARE(oath_base32_decode(m_secretText.toLatin1().constData(), size_t(m_secretText.size()), &raw, &rawLength),
        OATH_OK);
    m_secret = QByteArray(raw, qsizetype(rawLength));
    std::free(raw);
    QCOMPARE(m_secret.size(), 20);
    const QUrl uri(enrol.object().value(u"otpauth_uri").toString());
    QCOMPARE(uri.scheme(), QStringLiteral("otpauth"));
    QCOMPARE(uri.host(), QStringLiteral("totp"));
    QCOMPARE(uri.path(), QStringLiteral("/Atrium:mia@acme.test"));
    const QUrlQuery query(uri);
    QCOMPARE(query.queryItemValue(QStringLiteral("secret")), m_secretText);
    QCOMPARE(query.queryItemValue(QStringLiteral("digits")), QStringLiteral("6"));
    QCOMPARE(query.queryItemValue(QStringLiteral("period")), QStringLiteral("30"));
    QCOMPARE(enrol.header("Cache-Control"), QByteArray("no-store"));

    // Not on until a first code confirms it; a wrong one changes nothing.
    QCOMPARE(mia.get(QStringLiteral("/api/v1/auth/second-factor")).object().value(u"pending").toBool(), true);
    QCOMPARE(
        login(QStringLiteral("mia@acme.test"), QStringLiteral("mia-pw")).object().value(u"token").isString(), true);
    const QString wrong = code(0) == QStringLiteral("000000") ? QStringLiteral("111111") : QStringLiteral("000000");
    const TestClient::Reply refused =
        mia.post(QStringLiteral("/api/v1/auth/second-factor/confirm"), QJsonObject{{"code", wrong}});
    QCOMPARE(refused.status, 422);
    QCOMPARE(refused.errorCode(), QStringLiteral("invalid_code"));
    QCOMPARE(
        mia.post(QStringLiteral("/api/v1/auth/second-factor/confirm"), QJsonObject{{"code", "12345"}}).status, 422);
    QCOMPARE(mia.post(QStringLiteral("/api/v1/auth/second-factor/confirm"), QJsonObject{{"code", code(-1)}, {"x", 1}})
                 .status,
        400);

    const TestClient::Reply confirmed =
        mia.post(QStringLiteral("/api/v1/auth/second-factor/confirm"), QJsonObject{{"code", code(-1)}});
    QCOMPARE(confirmed.status, 200);
    const QJsonArray codes = confirmed.object().value(u"recovery_codes").toArray();
    QCOMPARE(codes.size(), 10);
    QSet<QString> distinct;
    static const QRegularExpression shape(QStringLiteral("^([a-z2-7]{4}-){4}[a-z2-7]{4}$"));
    for (const QJsonValue &c : codes) {
        QVERIFY2(shape.match(c.toString()).hasMatch(), qPrintable(c.toString()));
        distinct.insert(c.toString());
        m_recoveryCodes.append(c.toString());
    }
    QCOMPARE(distinct.size(), 10);
    const QJsonObject status = mia.get(QStringLiteral("/api/v1/auth/second-factor")).object();
    QCOMPARE(status.value(u"enabled").toBool(), true);
    QCOMPARE(status.value(u"recovery_codes_left").toInt(), 10);
    // Enrolling again needs a reset first.
    QCOMPARE(mia.post(QStringLiteral("/api/v1/auth/second-factor/enrol"), QJsonObject{}).status, 409);
}

void TestSecondFactor::signInAsksForTheCodeAfterThePassword()
{
    // A wrong password is the same answer as ever: nothing about a second factor.
    const TestClient::Reply wrong = login(QStringLiteral("mia@acme.test"), QStringLiteral("nope"));
    QCOMPARE(wrong.status, 401);
    QCOMPARE(wrong.errorCode(), QStringLiteral("invalid_credentials"));
    QVERIFY(!wrong.body.contains("challenge"));

    const TestClient::Reply first = login(QStringLiteral("mia@acme.test"), QStringLiteral("mia-pw"));
    QCOMPARE(first.status, 200);
    QCOMPARE(first.object().value(u"second_factor_required").toBool(), true);
    QVERIFY(!first.object().contains(u"token"));
    const QString challenge = first.object().value(u"challenge").toString();
    QVERIFY(challenge.startsWith(u"ch_"));

    const QString wrongCode = code(0) == QStringLiteral("999999") ? QStringLiteral("888888") : QStringLiteral("999999");
    const TestClient::Reply refused = secondStep(challenge, {{"code", wrongCode}});
    QCOMPARE(refused.status, 401);
    QCOMPARE(refused.errorCode(), QStringLiteral("invalid_code"));
    QCOMPARE(
        secondStep(QStringLiteral("ch_made-up"), {{"code", code(0)}}).errorCode(), QStringLiteral("challenge_expired"));
    QCOMPARE(secondStep(challenge, {{"code", code(0)}, {"recovery_code", m_recoveryCodes.first()}}).status, 400);

    const TestClient::Reply done = secondStep(challenge, {{"code", code(0)}});
    QCOMPARE(done.status, 200);
    const QString token = done.object().value(u"token").toString();
    QVERIFY(token.startsWith(u"atr_"));
    QCOMPARE(done.object().value(u"user").toObject().value(u"email").toString(), QStringLiteral("mia@acme.test"));
    TestClient mia(m_server.baseUrl());
    mia.setToken(token.toLatin1());
    QCOMPARE(mia.get(QStringLiteral("/api/v1/auth/me")).status, 200);
    // A challenge is used once.
    QCOMPARE(secondStep(challenge, {{"code", code(1)}}).errorCode(), QStringLiteral("challenge_expired"));
}

void TestSecondFactor::aCodeWorksOnce()
{
    // code(0) was accepted above: at this step and before, no code works any more.
    for (int step : {0, -1}) {
        const QString challenge =
            login(QStringLiteral("mia@acme.test"), QStringLiteral("mia-pw")).object().value(u"challenge").toString();
        QVERIFY(!challenge.isEmpty());
        const TestClient::Reply replayed = secondStep(challenge, {{"code", code(step)}});
        QCOMPARE(replayed.status, 401);
        QCOMPARE(replayed.errorCode(), QStringLiteral("invalid_code"));
    }
}

void TestSecondFactor::aRecoveryCodeWorksOnce()
{
    const QString used = m_recoveryCodes.takeFirst();
    QString challenge =
        login(QStringLiteral("mia@acme.test"), QStringLiteral("mia-pw")).object().value(u"challenge").toString();
    // Typed in capitals and without dashes, as people do.
    const TestClient::Reply done = secondStep(challenge, {{"recovery_code", used.toUpper().remove(u'-')}});
    QCOMPARE(done.status, 200);
    QVERIFY(done.object().value(u"token").toString().startsWith(u"atr_"));
    // Mia is told.
    QTRY_VERIFY_WITH_TIMEOUT(PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("mia@acme.test"))
                                 .join(u'\n')
                                 .contains(QStringLiteral("with one of your recovery codes")),
        10000);
    challenge =
        login(QStringLiteral("mia@acme.test"), QStringLiteral("mia-pw")).object().value(u"challenge").toString();
    const TestClient::Reply again = secondStep(challenge, {{"recovery_code", used}});
    QCOMPARE(again.status, 401);
    QCOMPARE(again.errorCode(), QStringLiteral("invalid_code"));
    // Another of them still works.
    QCOMPARE(secondStep(challenge, {{"recovery_code", m_recoveryCodes.takeFirst()}}).status, 200);
    TestClient mia(m_server.baseUrl());
    mia.setToken(m_miaToken.toLatin1());
    QCOMPARE(mia.get(QStringLiteral("/api/v1/auth/second-factor")).object().value(u"recovery_codes_left").toInt(), 8);
}

void TestSecondFactor::newRecoveryCodesReplaceTheOldOnes()
{
    TestClient mia(m_server.baseUrl());
    mia.setToken(m_miaToken.toLatin1());
    // A code of the app is needed, and one already used does not do.
    QCOMPARE(
        mia.post(QStringLiteral("/api/v1/auth/second-factor/recovery-codes"), QJsonObject{{"code", code(0)}}).status,
        422);
    const TestClient::Reply fresh =
        mia.post(QStringLiteral("/api/v1/auth/second-factor/recovery-codes"), QJsonObject{{"code", code(1)}});
    QCOMPARE(fresh.status, 200);
    const QJsonArray codes = fresh.object().value(u"recovery_codes").toArray();
    QCOMPARE(codes.size(), 10);
    QTRY_VERIFY_WITH_TIMEOUT(PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("mia@acme.test"))
                                 .join(u'\n')
                                 .contains(QStringLiteral("the earlier ones no longer work")),
        10000);
    // The old ones are gone, the new ones work.
    QString challenge =
        login(QStringLiteral("mia@acme.test"), QStringLiteral("mia-pw")).object().value(u"challenge").toString();
    QCOMPARE(secondStep(challenge, {{"recovery_code", m_recoveryCodes.first()}}).errorCode(),
        QStringLiteral("invalid_code"));
    QCOMPARE(secondStep(challenge, {{"recovery_code", codes.at(3).toString()}}).status, 200);
    m_recoveryCodes.clear();
    for (const QJsonValue &c : codes)
        m_recoveryCodes.append(c.toString());
    m_recoveryCodes.removeAt(3);
}

void TestSecondFactor::wrongCodesAreThrottledLikePasswords()
{
    // Failures lock the (address, e-mail) pair, codes and passwords counted together.
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("ted@acme.test"), QStringLiteral("Ted"),
        QStringLiteral("member"), QStringLiteral("ted-pw")));
    const QString tedToken =
        login(QStringLiteral("ted@acme.test"), QStringLiteral("ted-pw")).object().value(u"token").toString();
    TestClient ted(m_server.baseUrl());
    ted.setToken(tedToken.toLatin1());
    const QString secretText = ted.post(QStringLiteral("/api/v1/auth/second-factor/enrol"), QJsonObject{})
                                   .object()
                                   .value(u"secret")
                                   .toString();
    char *raw = nullptr;
    size_t rawLength = 0;
    QCOMPARE(
        oath_base32_decode(secretText.toLatin1().constData(), size_t(secretText.size()), &raw, &rawLength), OATH_OK);
    // A step after the base one: Mia's codes do not reach it, and it stays valid for a minute.
    char first[7] = {};
    QCOMPARE(oath_totp_generate(raw, rawLength, time_t(m_base + 30), 30, 0, 6, first), OATH_OK);
    std::free(raw);
    QCOMPARE(ted.post(QStringLiteral("/api/v1/auth/second-factor/confirm"),
                    QJsonObject{{"code", QString::fromLatin1(first)}})
                 .status,
        200);
    const QString wrong = QString::fromLatin1(first) == u"123456" ? QStringLiteral("654321") : QStringLiteral("123456");
    // Two wrong codes a sign-in: the right password does not wipe the count, so guessing codes
    // locks as soon as guessing passwords would.
    int attempts = 0;
    bool locked = false;
    while (!locked && attempts < 30) {
        const TestClient::Reply password = login(QStringLiteral("ted@acme.test"), QStringLiteral("ted-pw"));
        ++attempts;
        if (password.status == 429) {
            locked = true;
            break;
        }
        const QString challenge = password.object().value(u"challenge").toString();
        QVERIFY(!challenge.isEmpty());
        for (int i = 0; i < 2 && !locked; ++i) {
            const TestClient::Reply guess = secondStep(challenge, {{"code", wrong}});
            ++attempts;
            locked = guess.status == 429;
            if (locked)
                QVERIFY(guess.header("Retry-After").toInt() > 0);
            else
                QCOMPARE(guess.status, 401);
        }
    }
    QVERIFY(locked);
    QCOMPARE(attempts, 9); // --login-max-failures 8: the ninth is refused
    QCOMPARE(login(QStringLiteral("ted@acme.test"), QStringLiteral("ted-pw")).status, 429);
}

void TestSecondFactor::onlyAnAdminResetsAndOnlyInTheOrganisation()
{
    TestClient admin(m_server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    TestClient other(m_server.baseUrl());
    QVERIFY(!other.login(QStringLiteral("admin@other.test"), QStringLiteral("other-pw")).isEmpty());
    TestClient mia(m_server.baseUrl());
    mia.setToken(m_miaToken.toLatin1());
    const QString miaId =
        mia.get(QStringLiteral("/api/v1/auth/me")).object().value(u"user").toObject().value(u"id").toString();
    const QString adminId =
        admin.get(QStringLiteral("/api/v1/auth/me")).object().value(u"user").toObject().value(u"id").toString();
    const QString path = QStringLiteral("/api/v1/staff-users/%1/second-factor/reset");

    // A member may not; another organisation's admin finds nobody; a made-up id neither.
    const TestClient::Reply member = mia.post(path.arg(adminId), QJsonObject{});
    QCOMPARE(member.status, 403);
    const TestClient::Reply elsewhere = other.post(path.arg(miaId), QJsonObject{});
    const TestClient::Reply missing =
        admin.post(path.arg(QStringLiteral("4f0c6f64-0000-4000-8000-000000000000")), QJsonObject{});
    QCOMPARE(elsewhere.status, 404);
    QCOMPARE(missing.status, 404);
    QCOMPARE(elsewhere.errorCode(), missing.errorCode());
    QCOMPARE(elsewhere.object().value(u"error").toObject().value(u"message"),
        missing.object().value(u"error").toObject().value(u"message"));
    QCOMPARE(mia.get(QStringLiteral("/api/v1/auth/second-factor")).object().value(u"enabled").toBool(), true);

    const TestClient::Reply reset = admin.post(path.arg(miaId), QJsonObject{});
    QCOMPARE(reset.status, 200);
    QCOMPARE(reset.object().value(u"reset").toBool(), true);
    QCOMPARE(mia.get(QStringLiteral("/api/v1/auth/second-factor")).object().value(u"enabled").toBool(), false);
    QCOMPARE(mia.get(QStringLiteral("/api/v1/auth/second-factor")).object().value(u"recovery_codes_left").toInt(), 0);
    // The password alone signs in again; Mia is told, and the log says who did it.
    QVERIFY(login(QStringLiteral("mia@acme.test"), QStringLiteral("mia-pw")).object().value(u"token").isString());
    QTRY_VERIFY_WITH_TIMEOUT(PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("mia@acme.test"))
                                 .join(u'\n')
                                 .contains(QStringLiteral("An administrator turned off two-factor sign-in")),
        10000);
    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    const QList<QVariantList> log =
        db.rows(QStringLiteral("SELECT actor_id, entity_id FROM activities WHERE action = 'second_factor.reset'"));
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first().at(0).toString(), adminId);
    QCOMPARE(log.first().at(1).toString(), miaId);
    // Nothing to reset the second time.
    QCOMPARE(admin.post(path.arg(miaId), QJsonObject{}).object().value(u"reset").toBool(), false);
    // Contacts alike: another organisation's contact is nobody here.
    QCOMPARE(
        admin.post(QStringLiteral("/api/v1/contacts/%1/second-factor/reset").arg(miaId), QJsonObject{}).status, 404);
}

// The same for a client, through the portal's routes: the QR code comes from the server as a PNG,
// the account page says it is on, sign-in asks for the code, and an admin can reset it.
void TestSecondFactor::aClientTurnsItOnInThePortal()
{
    using namespace SyncFixture;
    TestClient admin(m_server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    const QString orgId = pullAll(admin).first().toObject().value(u"id").toString();
    const QString clientId = newId();
    QVERIFY(PortalFixture::openPortalProject(admin, orgId, clientId, newId()));
    const PortalFixture::Contact ivy =
        PortalFixture::signUp(m_server, admin, clientId, QStringLiteral("ivy@green.test"));
    QVERIFY(!ivy.cookie.isEmpty());
    auto write = [&](const QString &path, const QJsonObject &body) {
        TestClient::Headers headers = ivy.headers(true);
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        return TestClient(m_server.baseUrl()).send("POST", path, QJsonDocument(body).toJson(), headers);
    };
    // No QR code before an enrolment; enrolment needs the CSRF token.
    QCOMPARE(TestClient(m_server.baseUrl())
                 .get(QStringLiteral("/api/v1/portal/account/second-factor/qr"), ivy.headers())
                 .status,
        404);
    QCOMPARE(TestClient(m_server.baseUrl())
                 .send("POST", QStringLiteral("/api/v1/portal/account/second-factor/enrol"), "{}",
                     TestClient::Headers(ivy.headers())
                         << qMakePair(QByteArray("Content-Type"), QByteArray("application/json")))
                 .status,
        403);
    const TestClient::Reply enrol = write(QStringLiteral("/api/v1/portal/account/second-factor/enrol"), {});
    QCOMPARE(enrol.status, 200);
    const QString secretText = enrol.object().value(u"secret").toString();
    QVERIFY(QUrl(enrol.object().value(u"otpauth_uri").toString()).path().startsWith(u"/Acme:ivy@green.test"));
    const TestClient::Reply qr =
        TestClient(m_server.baseUrl()).get(QStringLiteral("/api/v1/portal/account/second-factor/qr"), ivy.headers());
    QCOMPARE(qr.status, 200);
    QCOMPARE(qr.header("Content-Type"), QByteArray("image/png"));
    QVERIFY(qr.body.startsWith("\x89PNG"));
    // Another client's session sees no QR code of Ivy's.
    const PortalFixture::Contact max =
        PortalFixture::signUp(m_server, admin, clientId, QStringLiteral("max@green.test"));
    QCOMPARE(TestClient(m_server.baseUrl())
                 .get(QStringLiteral("/api/v1/portal/account/second-factor/qr"), max.headers())
                 .status,
        404);

    char *raw = nullptr;
    size_t rawLength = 0;
    QCOMPARE(
        oath_base32_decode(secretText.toLatin1().constData(), size_t(secretText.size()), &raw, &rawLength), OATH_OK);
    const QByteArray secret(raw, qsizetype(rawLength));
    std::free(raw);
    auto codeAt = [&](qint64 t) {
        char out[7] = {};
        oath_totp_generate(secret.constData(), size_t(secret.size()), time_t(t), 30, 0, 6, out);
        return QString::fromLatin1(out);
    };
    // Codes of the current step and the next stay valid across one step boundary (the server takes
    // one step either side of its own, each step once); the previous step could be two steps old by
    // the time a slow build checks it.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const TestClient::Reply confirmed =
        write(QStringLiteral("/api/v1/portal/account/second-factor/confirm"), {{"code", codeAt(now)}});
    QCOMPARE(confirmed.status, 200);
    QCOMPARE(confirmed.object().value(u"recovery_codes").toArray().size(), 10);
    const QJsonObject account = TestClient(m_server.baseUrl())
                                    .get(QStringLiteral("/api/v1/portal/account"), ivy.headers())
                                    .object()
                                    .value(u"second_factor")
                                    .toObject();
    QCOMPARE(account.value(u"enabled").toBool(), true);
    QCOMPARE(account.value(u"recovery_codes_left").toInt(), 10);

    // Sign-in: the password, then the code; no cookie before the code.
    const TestClient::Reply first =
        TestClient(m_server.baseUrl())
            .post(QStringLiteral("/api/v1/portal/login"),
                QJsonObject{{"slug", "acme"}, {"email", "ivy@green.test"}, {"password", "long enough password"}});
    QCOMPARE(first.status, 200);
    QCOMPARE(first.object().value(u"second_factor_required").toBool(), true);
    QVERIFY(first.header("Set-Cookie").isEmpty());
    const QString challenge = first.object().value(u"challenge").toString();
    const TestClient::Reply wrong = TestClient(m_server.baseUrl())
                                        .post(QStringLiteral("/api/v1/portal/login/second-factor"),
                                            QJsonObject{{"challenge", challenge}, {"code", codeAt(now)}});
    QCOMPARE(wrong.status, 401);
    QCOMPARE(wrong.errorCode(), QStringLiteral("invalid_code"));
    // A staff challenge's route does not take a client's challenge, nor the other way round.
    QCOMPARE(TestClient(m_server.baseUrl())
                 .post(QStringLiteral("/api/v1/auth/login/second-factor"),
                     QJsonObject{{"challenge", challenge}, {"code", codeAt(now + 30)}})
                 .status,
        401);
    const TestClient::Reply done = TestClient(m_server.baseUrl())
                                       .post(QStringLiteral("/api/v1/portal/login/second-factor"),
                                           QJsonObject{{"challenge", challenge}, {"code", codeAt(now + 30)}});
    QCOMPARE(done.status, 200);
    QVERIFY(done.header("Set-Cookie").startsWith("atrium_portal="));
    QCOMPARE(done.object().value(u"contact").toObject().value(u"email").toString(), QStringLiteral("ivy@green.test"));

    // An admin resets it; the password alone signs in again.
    QCOMPARE(admin.post(QStringLiteral("/api/v1/contacts/%1/second-factor/reset").arg(ivy.id), QJsonObject{})
                 .object()
                 .value(u"reset")
                 .toBool(),
        true);
    QVERIFY(!TestClient(m_server.baseUrl())
                 .post(QStringLiteral("/api/v1/portal/login"),
                     QJsonObject{{"slug", "acme"}, {"email", "ivy@green.test"}, {"password", "long enough password"}})
                 .header("Set-Cookie")
                 .isEmpty());
}

void TestSecondFactor::anAdminSeesAndEndsAContactsSessions()
{
    using namespace SyncFixture;
    TestClient admin(m_server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    // A client of its own (the organisation's portal is open already).
    const QString clientId = newId();
    QCOMPARE(pushResults(admin,
                 {mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "Zoe's company"}})})
                 .first()
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("applied"));
    const PortalFixture::Contact zoe =
        PortalFixture::signUp(m_server, admin, clientId, QStringLiteral("zoe@green.test"));
    QVERIFY(!zoe.cookie.isEmpty());
    const QString path = QStringLiteral("/api/v1/contacts/%1/sessions").arg(zoe.id);

    TestClient mia(m_server.baseUrl());
    mia.setToken(m_miaToken.toLatin1());
    QCOMPARE(mia.get(path).status, 403);
    QCOMPARE(mia.post(path + QStringLiteral("/end"), QJsonObject{}).status, 403);
    TestClient other(m_server.baseUrl());
    QVERIFY(!other.login(QStringLiteral("admin@other.test"), QStringLiteral("other-pw")).isEmpty());
    const TestClient::Reply elsewhere = other.get(path);
    const TestClient::Reply missing = admin.get(QStringLiteral("/api/v1/contacts/%1/sessions").arg(newId()));
    QCOMPARE(elsewhere.status, 404);
    QCOMPARE(missing.status, 404);
    QCOMPARE(elsewhere.body, missing.body);
    QCOMPARE(other.post(path + QStringLiteral("/end"), QJsonObject{}).status, 404);

    // Zoe uses the portal: her session is seen, from where.
    QCOMPARE(TestClient(m_server.baseUrl()).get(QStringLiteral("/api/v1/portal/me"), zoe.headers()).status, 200);
    const QJsonArray sessions = admin.get(path).object().value(u"sessions").toArray();
    QCOMPARE(sessions.size(), 1);
    QCOMPARE(sessions.first().toObject().value(u"address").toString(), QStringLiteral("127.0.0.1"));
    const TestClient::Reply ended = admin.post(path + QStringLiteral("/end"), QJsonObject{});
    QCOMPARE(ended.status, 200);
    QCOMPARE(ended.object().value(u"ended").toInt(), 1);
    QCOMPARE(TestClient(m_server.baseUrl()).get(QStringLiteral("/api/v1/portal/me"), zoe.headers()).status, 401);
    QCOMPARE(admin.get(path).object().value(u"sessions").toArray().size(), 0);
    DbInspector db(m_server);
    QCOMPARE(db.column(QStringLiteral("SELECT entity_id FROM activities WHERE action = 'contact.sessions_ended'")),
        QVariantList{zoe.id});
}

void TestSecondFactor::secretsAreNotReadableInTheDatabase()
{
    // Ted's factor is still on: its secret is stored sealed, never as the app's text or bytes.
    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    const QList<QVariantList> rows = db.rows(QStringLiteral("SELECT * FROM second_factors"));
    QVERIFY(!rows.isEmpty());
    for (const QVariantList &row : rows)
        for (const QVariant &value : row)
            QVERIFY2(!value.toString().contains(QStringLiteral("v1:")) || value.toString().size() > 60,
                qPrintable(value.toString()));
    const QStringList sealed = [&] {
        QStringList out;
        for (const QVariant &v : db.column(QStringLiteral("SELECT secret_enc FROM second_factors")))
            out.append(v.toString());
        return out;
    }();
    for (const QString &s : sealed)
        QVERIFY2(s.startsWith(u"v1:"), qPrintable(s));
    const QStringList codes = [&] {
        QStringList out;
        for (const QVariant &v : db.column(QStringLiteral("SELECT code_hash FROM recovery_codes")))
            out.append(v.toString());
        return out;
    }();
    for (const QString &h : codes)
        QVERIFY2(h.startsWith(u"$argon2id$"), qPrintable(h));
    // On SQLite, the whole file (and its write-ahead log): neither Mia's secret (reset, but it
    // was there) nor a recovery code appears in any form.
    if (m_server.databaseUrl().isEmpty()) {
        QByteArray bytes;
        for (const char *suffix : {"", "-wal"}) {
            QFile f(QDir(m_server.dataDir()).filePath(QStringLiteral("atrium.sqlite") + QLatin1String(suffix)));
            if (f.open(QIODevice::ReadOnly))
                bytes += f.readAll();
        }
        QVERIFY(bytes.size() > 4096);
        QVERIFY(!bytes.contains(m_secret));
        QVERIFY(!bytes.contains(m_secretText.toLatin1()));
        QVERIFY(!bytes.contains(m_secret.toBase64()));
        QVERIFY(!bytes.contains(m_secret.toHex()));
        for (const QString &c : std::as_const(m_recoveryCodes)) {
            QVERIFY(!bytes.contains(c.toLatin1()));
            QVERIFY(!bytes.contains(QString(c).remove(u'-').mid(4).toLatin1()));
        }
    }
}

// Two instances of one deployment on one PostgreSQL (and one key file): a code accepted by one is
// refused by the other, and failures on both count toward one lockout.
void TestSecondFactor::twoInstancesShareTheGuardAndTheThrottle()
{
    if (m_server.databaseUrl().isEmpty())
        QSKIP("several instances run on PostgreSQL only");
    ServerProcess second;
    second.shareDatabaseWith(m_server);
    if (!second.start({QStringLiteral("--login-max-failures"), QStringLiteral("8"),
            QStringLiteral("--login-lockout-seconds"), QStringLiteral("60"), QStringLiteral("--secret-key-file"),
            QDir(m_server.dataDir()).filePath(QStringLiteral("secret.key"))}))
        QFAIL(qPrintable(second.errorString()));
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("pat@acme.test"), QStringLiteral("Pat"),
        QStringLiteral("member"), QStringLiteral("pat-pw")));
    auto loginAt = [](ServerProcess &server, const QString &password) {
        return TestClient(server.baseUrl())
            .post(
                QStringLiteral("/api/v1/auth/login"), QJsonObject{{"email", "pat@acme.test"}, {"password", password}});
    };
    auto stepAt = [](ServerProcess &server, const QString &challenge, const QString &code) {
        return TestClient(server.baseUrl())
            .post(QStringLiteral("/api/v1/auth/login/second-factor"),
                QJsonObject{{"challenge", challenge}, {"code", code}});
    };
    TestClient pat(m_server.baseUrl());
    pat.setToken(loginAt(m_server, QStringLiteral("pat-pw")).object().value(u"token").toString().toLatin1());
    const QString secretText = pat.post(QStringLiteral("/api/v1/auth/second-factor/enrol"), QJsonObject{})
                                   .object()
                                   .value(u"secret")
                                   .toString();
    char *raw = nullptr;
    size_t length = 0;
    QCOMPARE(oath_base32_decode(secretText.toLatin1().constData(), size_t(secretText.size()), &raw, &length), OATH_OK);
    const QByteArray secret(raw, qsizetype(length));
    std::free(raw);
    auto codeAt = [&](qint64 t) {
        char out[7] = {};
        oath_totp_generate(secret.constData(), size_t(secret.size()), time_t(t), 30, 0, 6, out);
        return QString::fromLatin1(out);
    };
    while (QDateTime::currentSecsSinceEpoch() % 30 > 15)
        QThread::msleep(250);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    // Confirmed through the other instance: the same key opens the secret there.
    TestClient patThere(second.baseUrl());
    patThere.setToken(pat.token());
    QCOMPARE(
        patThere.post(QStringLiteral("/api/v1/auth/second-factor/confirm"), QJsonObject{{"code", codeAt(now)}}).status,
        200);

    // A code accepted by the second instance is spent for the first.
    const QString code = codeAt(now + 30);
    QCOMPARE(
        stepAt(second, loginAt(second, QStringLiteral("pat-pw")).object().value(u"challenge").toString(), code).status,
        200);
    const TestClient::Reply replayed =
        stepAt(m_server, loginAt(m_server, QStringLiteral("pat-pw")).object().value(u"challenge").toString(), code);
    QCOMPARE(replayed.status, 401);
    QCOMPARE(replayed.errorCode(), QStringLiteral("invalid_code"));

    // Wrong passwords and wrong codes, taking turns on the two instances, lock after eight in all.
    // (The replay above left two counted: its password step and its code.)
    int attempts = 2;
    bool locked = false;
    for (int i = 0; i < 20 && !locked; ++i) {
        ServerProcess &server = i % 2 ? second : m_server;
        const TestClient::Reply r = loginAt(server, QStringLiteral("wrong-pw"));
        ++attempts;
        locked = r.status == 429;
    }
    QVERIFY(locked);
    QCOMPARE(attempts, 9);
    QCOMPARE(loginAt(second, QStringLiteral("pat-pw")).status, 429);
    QCOMPARE(loginAt(m_server, QStringLiteral("pat-pw")).status, 429);
    second.stop();
}

QTEST_GUILESS_MAIN(TestSecondFactor)
#include "tst_secondfactor.moc"
