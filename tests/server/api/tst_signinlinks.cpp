// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>

#include <liboath/oath.h>

#include <cstdlib>

#include "tests/support/dbinspector.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

// "E-mail me a sign-in link" through the real server: the same answer for any address, a link
// that works once and for 15 minutes, that opens nothing but a sign-in, that still asks for the
// code with two-factor sign-in on, and a throttle on asking. A security log that cannot be written
// does not keep anyone out.
class TestSignInLinks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void theAnswerIsTheSameForAnyAddress();
    void aLinkSignsInOnce();
    void aLinkSignsInWhenTheSecurityLogCannotBeWritten();
    void anExpiredLinkDoesNothing();
    void aLinkIsForSigningInOnly();
    void twoFactorSignInStillAsksForTheCode();
    void askingIsThrottled();

private:
    TestClient::Reply ask(const QString &email);
    TestClient::Reply use(const QString &token);
    // Whose portal session the cookie `reply` set opens (GET /api/v1/portal/me), or "" when none.
    QString signedInAs(const TestClient::Reply &reply);
    // Asks for a sign-in link for Ivy and returns its token once it is mailed ("" if none came).
    QString newLinkForIvy();
    // The newest sign-in link mailed to `email`, waiting for at least `count` of them.
    QString mailedToken(const QString &email, int count);

    ServerProcess m_server;
    PortalFixture::Contact m_ivy;
    int m_ivyLinks = 0;
};

TestClient::Reply TestSignInLinks::ask(const QString &email)
{
    return TestClient(m_server.baseUrl())
        .post(QStringLiteral("/api/v1/portal/login/link"), QJsonObject{{"slug", "acme"}, {"email", email}});
}

TestClient::Reply TestSignInLinks::use(const QString &token)
{
    return TestClient(m_server.baseUrl())
        .post(QStringLiteral("/api/v1/portal/login/link/use"), QJsonObject{{"token", token}});
}

QString TestSignInLinks::newLinkForIvy()
{
    if (ask(QStringLiteral("ivy@green.test")).status != 202)
        return {};
    return mailedToken(QStringLiteral("ivy@green.test"), ++m_ivyLinks);
}

QString TestSignInLinks::signedInAs(const TestClient::Reply &reply)
{
    const QByteArray cookie = reply.header("Set-Cookie");
    if (!cookie.startsWith("atrium_portal="))
        return {};
    const TestClient::Reply me =
        TestClient(m_server.baseUrl())
            .get(QStringLiteral("/api/v1/portal/me"), {{"Cookie", cookie.left(cookie.indexOf(';'))}});
    return me.status == 200 ? me.object().value(u"contact").toObject().value(u"email").toString() : QString();
}

QString TestSignInLinks::mailedToken(const QString &email, int count)
{
    static const QRegularExpression link(QStringLiteral("/p/acme/link#(sil_[A-Za-z0-9_-]+)"));
    const QStringList texts = PortalFixture::waitForOutboxTexts(m_server.dataDir(), email, link, count);
    return texts.size() >= count ? link.match(texts.last()).captured(1) : QString();
}

void TestSignInLinks::initTestCase()
{
    QCOMPARE(oath_init(), OATH_OK);
    if (!m_server.start({QStringLiteral("--login-max-failures"), QStringLiteral("5")}))
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

void TestSignInLinks::theAnswerIsTheSameForAnyAddress()
{
    const TestClient::Reply known = ask(QStringLiteral("Ivy@Green.test"));
    const TestClient::Reply unknown = ask(QStringLiteral("nobody@green.test"));
    QCOMPARE(known.status, 202);
    QCOMPARE(unknown.status, known.status);
    QCOMPARE(unknown.body, known.body);
    QVERIFY(!mailedToken(QStringLiteral("ivy@green.test"), 1).isEmpty());
    ++m_ivyLinks;
    QVERIFY(PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("nobody@green.test")).isEmpty());
    QCOMPARE(ask(QStringLiteral("not an address")).status, 400);
}

void TestSignInLinks::aLinkSignsInOnce()
{
    const QString token = mailedToken(QStringLiteral("ivy@green.test"), m_ivyLinks);
    const TestClient::Reply first = use(token);
    QCOMPARE(first.status, 200);
    QCOMPARE(signedInAs(first), QStringLiteral("ivy@green.test"));
    const TestClient::Reply again = use(token);
    QCOMPARE(again.status, 410);
    QCOMPARE(again.errorCode(), QStringLiteral("link_invalid"));
    QCOMPARE(use(QStringLiteral("sil_made-up")).errorCode(), QStringLiteral("link_invalid"));
}

// The sign-in writes its session and the security log's entry in one transaction. On PostgreSQL a
// failed INSERT aborts the transaction around it, so the log's entry goes in under a savepoint: a log
// that cannot be written only warns.
void TestSignInLinks::aLinkSignsInWhenTheSecurityLogCannotBeWritten()
{
    const QString token = newLinkForIvy();
    QVERIFY(!token.isEmpty());
    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    const bool sqlite = m_server.databaseUrl().isEmpty();
    const auto count = [&db] {
        return db.column(QStringLiteral("SELECT COUNT(*) FROM security_events")).value(0).toInt();
    };
    const int before = count();
    QVERIFY2(db.exec(sqlite ? QStringLiteral("CREATE TRIGGER test_blocked BEFORE INSERT ON security_events "
                                             "BEGIN SELECT RAISE(ABORT, 'blocked by the test'); END")
                            : QStringLiteral("ALTER TABLE security_events ADD CONSTRAINT test_blocked CHECK (false) "
                                             "NOT VALID")),
        qPrintable(db.lastError()));
    auto unblock = qScopeGuard([&db, sqlite] {
        db.exec(sqlite ? QStringLiteral("DROP TRIGGER test_blocked")
                       : QStringLiteral("ALTER TABLE security_events DROP CONSTRAINT test_blocked"));
    });

    const TestClient::Reply signedIn = use(token);
    QCOMPARE(signedIn.status, 200);
    QCOMPARE(signedInAs(signedIn), QStringLiteral("ivy@green.test"));
    QCOMPARE(count(), before);
    // The link was used up in the same transaction.
    QCOMPARE(use(token).status, 410);
}

void TestSignInLinks::anExpiredLinkDoesNothing()
{
    const QString token = newLinkForIvy();
    QVERIFY(!token.isEmpty());
    // Fifteen minutes later, as far as the server can tell.
    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    const QVariantList expiry = db.column(
        QStringLiteral("SELECT expires_at FROM portal_password_resets WHERE purpose = 'signin' AND used_at IS NULL"));
    QCOMPARE(expiry.size(), 1);
    const qint64 minutes =
        QDateTime::currentDateTimeUtc().secsTo(QDateTime::fromString(expiry.first().toString(), Qt::ISODateWithMs))
        / 60;
    QVERIFY2(minutes >= 14 && minutes <= 15, qPrintable(expiry.first().toString()));
    QVERIFY(db.exec(QStringLiteral("UPDATE portal_password_resets SET expires_at = '2000-01-01T00:00:00.000Z' "
                                   "WHERE purpose = 'signin' AND used_at IS NULL")));
    const TestClient::Reply late = use(token);
    QCOMPARE(late.status, 410);
    QVERIFY(late.header("Set-Cookie").isEmpty());
}

void TestSignInLinks::aLinkIsForSigningInOnly()
{
    // A sign-in link does not choose a password, and a reset link does not sign in.
    const QString token = newLinkForIvy();
    const TestClient::Reply reset = TestClient(m_server.baseUrl())
                                        .post(QStringLiteral("/api/v1/portal/password/reset"),
                                            QJsonObject{{"token", token}, {"password", "another long password"}});
    QCOMPARE(reset.status, 410);
    QCOMPARE(TestClient(m_server.baseUrl())
                 .post(QStringLiteral("/api/v1/portal/password/forgot"),
                     QJsonObject{{"slug", "acme"}, {"email", "ivy@green.test"}})
                 .status,
        202);
    static const QRegularExpression resetLink(QStringLiteral("/p/acme/reset#(pwr_[A-Za-z0-9_-]+)"));
    QString resetToken;
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QString &text : PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("ivy@green.test")))
                if (const auto m = resetLink.match(text); m.hasMatch())
                    resetToken = m.captured(1);
            return !resetToken.isEmpty();
        },
        10000));
    QCOMPARE(use(resetToken).status, 410);
    // Both still work for what they are.
    QCOMPARE(use(token).status, 200);
    QCOMPARE(TestClient(m_server.baseUrl())
                 .post(QStringLiteral("/api/v1/portal/password/reset"),
                     QJsonObject{{"token", resetToken}, {"password", "long enough password"}})
                 .status,
        200);
}

void TestSignInLinks::twoFactorSignInStillAsksForTheCode()
{
    const TestClient::Reply signedIn =
        TestClient(m_server.baseUrl())
            .post(QStringLiteral("/api/v1/portal/login"),
                QJsonObject{{"slug", "acme"}, {"email", "ivy@green.test"}, {"password", "long enough password"}});
    QCOMPARE(signedIn.status, 200);
    const QByteArray cookie = signedIn.header("Set-Cookie");
    const PortalFixture::Contact ivy{
        m_ivy.id, cookie.left(cookie.indexOf(';')), signedIn.object().value(u"csrf").toString().toLatin1()};
    auto write = [&](const QString &path, const QJsonObject &body) {
        return TestClient(m_server.baseUrl())
            .send("POST", path, QJsonDocument(body).toJson(),
                TestClient::Headers(ivy.headers(true))
                    << qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    };
    const QString secretText =
        write(QStringLiteral("/api/v1/portal/account/second-factor/enrol"), {}).object().value(u"secret").toString();
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
    // The server accepts the step before and after its own, and each step once: confirming with the
    // current step and signing in with the next stays right even if a step ends in between (the
    // previous step, used before, could be two steps old by the time a slow build checked it).
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QCOMPARE(
        write(QStringLiteral("/api/v1/portal/account/second-factor/confirm"), {{"code", codeAt(now)}}).status, 200);

    const TestClient::Reply link = use(newLinkForIvy());
    QCOMPARE(link.status, 200);
    QCOMPARE(link.object().value(u"second_factor_required").toBool(), true);
    QVERIFY(link.header("Set-Cookie").isEmpty());
    const TestClient::Reply done =
        TestClient(m_server.baseUrl())
            .post(QStringLiteral("/api/v1/portal/login/second-factor"),
                QJsonObject{{"challenge", link.object().value(u"challenge")}, {"code", codeAt(now + 30)}});
    QCOMPARE(done.status, 200);
    QVERIFY(done.header("Set-Cookie").startsWith("atrium_portal="));
}

void TestSignInLinks::askingIsThrottled()
{
    // Per address and e-mail, like sign-in: nobody can flood an inbox.
    int answered = 0;
    TestClient::Reply last;
    for (int i = 0; i < 8; ++i) {
        last = ask(QStringLiteral("flood@green.test"));
        if (last.status != 202)
            break;
        ++answered;
    }
    QCOMPARE(answered, 5);
    QCOMPARE(last.status, 429);
    QVERIFY(last.header("Retry-After").toInt() > 0);
}

QTEST_GUILESS_MAIN(TestSignInLinks)
#include "tst_signinlinks.moc"
