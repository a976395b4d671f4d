// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTest>

#include <memory>

#include "tests/support/dbinspector.h"
#include "tests/support/outbox.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

// Invitation acceptance and portal sessions through the real server binary.
class TestPortalAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void checkTellsTheLandingPageWhatItIs();
    void acceptSignsUpAndStartsASession();
    void usedExpiredAndRevokedInvitesAreRefused_data();
    void usedExpiredAndRevokedInvitesAreRefused();
    void emailInviteWorksOnlyForItsAddress();
    void twentyParallelAcceptsMakeOneAccount();
    void stateChangesNeedTheCsrfToken();
    void revokingAccessEndsSessionsAtOnce();
    void signInLooksTheSameForUnknownAddresses();
    void passwordResetByEmail();
    void badInputIsRefused_data();
    void badInputIsRefused();
    void accountPageNameSessionsPasswordAndMail();

private:
    struct Invited
    {
        QString contactId;
        QString inviteId;
        QString token;
    };
    Invited invite(
        const QString &email = {}, const QString &kind = QStringLiteral("link"), const QJsonObject &extra = {});
    static QByteArray cookieOf(const TestClient::Reply &reply);
    // The first capture of `pattern` in the plain-text part of a mail to `to` in the outbox.
    QString tokenFromOutbox(const QString &to, const QString &pattern) const;
    TestClient::Reply accept(const QString &token, const QString &name = QStringLiteral("Ivy Green"),
        const QString &password = QStringLiteral("correct horse battery"));

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    std::unique_ptr<TestClient> m_anon;
    QString m_clientId;
};

void TestPortalAuth::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(QStringLiteral("Acme Studio"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"),
        QStringLiteral("admin-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    m_anon = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    m_clientId = newId();
    QCOMPARE(pushResults(*m_admin,
                 {mutation(QStringLiteral("client"), m_clientId, QStringLiteral("create"), {{"name", "Green"}})})
                 .size(),
        1);
}

TestPortalAuth::Invited TestPortalAuth::invite(const QString &email, const QString &kind, const QJsonObject &extra)
{
    Invited out{newId(), newId(), {}};
    const QString address = email.isEmpty() ? QStringLiteral("c-%1@green.test").arg(out.contactId.left(8)) : email;
    QJsonObject fields{{"contact_id", out.contactId}, {"kind", kind}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        fields.insert(it.key(), it.value());
    const QJsonArray results = pushResults(*m_admin,
        {mutation(QStringLiteral("contact"), out.contactId, QStringLiteral("create"),
             {{"client_id", m_clientId}, {"name", "Placeholder"}, {"email", address}}),
            mutation(QStringLiteral("invite"), out.inviteId, QStringLiteral("create"), fields)});
    if (results.size() == 2)
        out.token = results.at(1).toObject().value(u"invite_token").toString();
    return out;
}

QString TestPortalAuth::tokenFromOutbox(const QString &to, const QString &pattern) const
{
    for (const QString &text : PortalFixture::outboxTexts(m_server.dataDir(), to)) {
        const auto match = QRegularExpression(pattern).match(text);
        if (match.hasMatch())
            return match.captured(1);
    }
    return {};
}

QByteArray TestPortalAuth::cookieOf(const TestClient::Reply &reply)
{
    return reply.header("Set-Cookie");
}

TestClient::Reply TestPortalAuth::accept(const QString &token, const QString &name, const QString &password)
{
    return m_anon->post(QStringLiteral("/api/v1/portal/invites/accept"),
        QJsonObject{{"token", token}, {"name", name}, {"password", password}});
}

void TestPortalAuth::checkTellsTheLandingPageWhatItIs()
{
    const Invited i = invite(QStringLiteral("check@green.test"));
    QVERIFY(!i.token.isEmpty());
    const auto reply = m_anon->post(QStringLiteral("/api/v1/portal/invites/check"), QJsonObject{{"token", i.token}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"organisation").toObject().value(u"name").toString(), QStringLiteral("Acme Studio"));
    QCOMPARE(
        reply.object().value(u"contact").toObject().value(u"email").toString(), QStringLiteral("check@green.test"));
    const auto unknown =
        m_anon->post(QStringLiteral("/api/v1/portal/invites/check"), QJsonObject{{"token", "inv_nope"}});
    QCOMPARE(unknown.status, 404);
}

void TestPortalAuth::acceptSignsUpAndStartsASession()
{
    const Invited i = invite(QStringLiteral("ivy@green.test"));
    const auto reply = accept(i.token);
    QCOMPARE(reply.status, 200);
    const QByteArray cookie = cookieOf(reply);
    QVERIFY2(cookie.startsWith("atrium_portal=ses_"), cookie.constData());
    QVERIFY(cookie.contains("; HttpOnly"));
    QVERIFY(cookie.contains("; SameSite=Strict"));
    QVERIFY(cookie.contains("; Path=/"));
    QVERIFY(!cookie.contains("Secure")); // plain HTTP here; tst_httplimits checks Secure under TLS
    const QString csrf = reply.object().value(u"csrf").toString();
    QVERIFY(csrf.size() >= 32);

    // The session works; the contact is active with its new name, for the desktops too.
    const QByteArray session = cookie.left(cookie.indexOf(';'));
    const auto me = m_anon->get(QStringLiteral("/api/v1/portal/me"), {{"Cookie", session}});
    QCOMPARE(me.status, 200);
    QCOMPARE(me.object().value(u"contact").toObject().value(u"name").toString(), QStringLiteral("Ivy Green"));
    QCOMPARE(me.object().value(u"csrf").toString(), csrf);
    const QJsonArray changes = pullAll(*m_admin);
    const QJsonObject contact = find(changes, i.contactId).value(u"data").toObject();
    QCOMPARE(contact.value(u"portal_state").toString(), QStringLiteral("active"));
    QCOMPARE(contact.value(u"name").toString(), QStringLiteral("Ivy Green"));
    QVERIFY(!contact.contains(u"password_hash"));
    QVERIFY(!find(changes, i.inviteId).value(u"data").toObject().value(u"accepted_at").toString().isEmpty());
    // Stored: an Argon2id hash and the session's hash, nothing in the clear.
    DbInspector db(m_server);
    QVERIFY(db.column(QStringLiteral("SELECT password_hash FROM contacts WHERE id = ?"), {i.contactId})
                .first()
                .toString()
                .startsWith(QStringLiteral("$argon2id$")));
    const QByteArray token = session.mid(session.indexOf('=') + 1);
    QCOMPARE(db.column(QStringLiteral("SELECT COUNT(*) FROM portal_sessions WHERE token_hash = ?"),
                   {QString::fromLatin1(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex())})
                 .first()
                 .toInt(),
        1);
    // The sign-up is the contact's own act in the activity log (the desktop's Inbox lists what
    // clients did from it), not a staff member's.
    const QString byWhom =
        QStringLiteral("SELECT %1 FROM activities WHERE action = 'contact.signed_up' AND entity_id = ?");
    QCOMPARE(
        db.column(byWhom.arg(QStringLiteral("actor_kind")), {i.contactId}), QVariantList{QStringLiteral("contact")});
    QCOMPARE(db.column(byWhom.arg(QStringLiteral("actor_id")), {i.contactId}), QVariantList{i.contactId});
    // Sign out: the cookie is cleared and the session is over.
    const auto out = m_anon->send("POST", QStringLiteral("/api/v1/portal/logout"), "{}",
        {{"Cookie", session}, {"X-CSRF-Token", csrf.toLatin1()}, {"Content-Type", "application/json"}});
    QCOMPARE(out.status, 200);
    QVERIFY(out.header("Set-Cookie").contains("Max-Age=0"));
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/portal/me"), {{"Cookie", session}}).status, 401);
}

void TestPortalAuth::usedExpiredAndRevokedInvitesAreRefused_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("code");
    QTest::addRow("a used invitation") << QStringLiteral("used") << QStringLiteral("invite_used");
    QTest::addRow("an expired invitation") << QStringLiteral("expired") << QStringLiteral("invite_expired");
    QTest::addRow("a revoked invitation") << QStringLiteral("revoked") << QStringLiteral("invite_revoked");
}

void TestPortalAuth::usedExpiredAndRevokedInvitesAreRefused()
{
    QFETCH(QString, what);
    QFETCH(QString, code);
    const Invited i = what == u"expired"
        ? invite({}, QStringLiteral("link"), {{"expires_at", "2020-01-01T00:00:00.000Z"}})
        : invite();
    QVERIFY(!i.token.isEmpty());
    if (what == u"used")
        QCOMPARE(accept(i.token).status, 200);
    if (what == u"revoked")
        QCOMPARE(pushResults(*m_admin,
                     {mutation(QStringLiteral("invite"), i.inviteId, QStringLiteral("update"),
                         {{"revoked_at", "2026-01-01T00:00:00.000Z"}})})
                     .first()
                     .toObject()
                     .value(u"status")
                     .toString(),
            QStringLiteral("applied"));
    for (const QString &route : {QStringLiteral("check"), QStringLiteral("accept")}) {
        const auto reply = route == u"check"
            ? m_anon->post(QStringLiteral("/api/v1/portal/invites/check"), QJsonObject{{"token", i.token}})
            : accept(i.token, QStringLiteral("Somebody Else"));
        QCOMPARE(reply.status, 410);
        QCOMPARE(reply.errorCode(), code);
        // The page can say whom to ask.
        QVERIFY(reply.object()
                    .value(u"error")
                    .toObject()
                    .value(u"message")
                    .toString()
                    .contains(QStringLiteral("Acme Studio")));
        QVERIFY(reply.header("Set-Cookie").isEmpty());
    }
}

void TestPortalAuth::emailInviteWorksOnlyForItsAddress()
{
    const Invited i = invite(QStringLiteral("first@green.test"), QStringLiteral("email"));
    // The token went by e-mail; read it from the outbox.
    QString token;
    QTRY_VERIFY_WITH_TIMEOUT(
        !(token = tokenFromOutbox(QStringLiteral("first@green.test"), QStringLiteral("#(inv_[A-Za-z0-9_-]+)")))
             .isEmpty(),
        10000);
    // Staff change the contact's address: the invitation is withdrawn (it went to the old mailbox).
    QCOMPARE(pushResults(*m_admin,
                 {mutation(QStringLiteral("contact"), i.contactId, QStringLiteral("update"),
                     {{"email", "second@green.test"}}, {{"email", "first@green.test"}})})
                 .first()
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("applied"));
    const auto reply = accept(token);
    QCOMPARE(reply.status, 410);
    QCOMPARE(reply.errorCode(), QStringLiteral("invite_revoked"));
}

void TestPortalAuth::twentyParallelAcceptsMakeOneAccount()
{
    const Invited i = invite();
    QNetworkAccessManager network;
    QList<QNetworkReply *> replies;
    for (int n = 0; n < 20; ++n) {
        QNetworkRequest request(m_server.baseUrl().resolved(QUrl(QStringLiteral("/api/v1/portal/invites/accept"))));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        replies.append(network.post(request,
            QJsonDocument(QJsonObject{{"token", i.token}, {"name", QStringLiteral("Racer %1").arg(n)},
                              {"password", "correct horse battery"}})
                .toJson()));
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.cbegin(), replies.cend(),
                                 [](QNetworkReply *r) {
                                     return r->isFinished();
                                 }),
        60000);
    int ok = 0;
    int used = 0;
    for (QNetworkReply *r : replies) {
        const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        ok += status == 200;
        used += status == 410;
        r->deleteLater();
    }
    QCOMPARE(ok, 1);
    QCOMPARE(used, 19);
    DbInspector db(m_server);
    QCOMPARE(db.column(QStringLiteral("SELECT COUNT(*) FROM portal_sessions WHERE contact_id = ?"), {i.contactId})
                 .first()
                 .toInt(),
        1);
}

void TestPortalAuth::stateChangesNeedTheCsrfToken()
{
    const auto reply = accept(invite().token);
    QCOMPARE(reply.status, 200);
    const QByteArray session = cookieOf(reply).left(cookieOf(reply).indexOf(';'));
    const auto without = m_anon->send("POST", QStringLiteral("/api/v1/portal/logout"), "{}",
        {{"Cookie", session}, {"Content-Type", "application/json"}});
    QCOMPARE(without.status, 403);
    const auto wrong = m_anon->send("POST", QStringLiteral("/api/v1/portal/logout"), "{}",
        {{"Cookie", session}, {"X-CSRF-Token", "0123456789abcdef0123456789abcdef"},
            {"Content-Type", "application/json"}});
    QCOMPARE(wrong.status, 403);
    // Still signed in.
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/portal/me"), {{"Cookie", session}}).status, 200);
}

void TestPortalAuth::revokingAccessEndsSessionsAtOnce()
{
    const Invited i = invite();
    const auto reply = accept(i.token);
    QCOMPARE(reply.status, 200);
    const QByteArray session = cookieOf(reply).left(cookieOf(reply).indexOf(';'));
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/portal/me"), {{"Cookie", session}}).status, 200);
    QCOMPARE(pushResults(*m_admin,
                 {mutation(QStringLiteral("contact"), i.contactId, QStringLiteral("update"),
                     {{"portal_state", "revoked"}}, {{"portal_state", "active"}})})
                 .first()
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("applied"));
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/portal/me"), {{"Cookie", session}}).status, 401);
}

void TestPortalAuth::signInLooksTheSameForUnknownAddresses()
{
    const Invited i = invite(QStringLiteral("sign.in@green.test"));
    QCOMPARE(accept(i.token, QStringLiteral("Sig Nin"), QStringLiteral("a long enough password")).status, 200);
    auto login = [this](const QString &email, const QString &password) {
        return m_anon->post(QStringLiteral("/api/v1/portal/login"),
            QJsonObject{{"slug", "acme"}, {"email", email}, {"password", password}});
    };
    const auto ok = login(QStringLiteral("Sign.In@green.test"), QStringLiteral("a long enough password"));
    QCOMPARE(ok.status, 200);
    QVERIFY(ok.header("Set-Cookie").contains("HttpOnly"));
    QCOMPARE(ok.object().value(u"contact").toObject().value(u"name").toString(), QStringLiteral("Sig Nin"));
    const auto wrong = login(QStringLiteral("sign.in@green.test"), QStringLiteral("not the password"));
    const auto unknown = login(QStringLiteral("nobody@green.test"), QStringLiteral("not the password"));
    QCOMPARE(wrong.status, 401);
    QCOMPARE(unknown.status, 401);
    QCOMPARE(wrong.body, unknown.body);
    QVERIFY(wrong.header("Set-Cookie").isEmpty());
    // Repeated failures lock that address (from this client address) for a while.
    TestClient::Reply last;
    for (int n = 0; n < 6; ++n)
        last = login(QStringLiteral("sign.in@green.test"), QStringLiteral("guess %1").arg(n));
    QCOMPARE(last.status, 429);
    QVERIFY(!last.header("Retry-After").isEmpty());
    QCOMPARE(login(QStringLiteral("sign.in@green.test"), QStringLiteral("a long enough password")).status, 429);
}

void TestPortalAuth::passwordResetByEmail()
{
    const Invited i = invite(QStringLiteral("forgetful@green.test"));
    const auto signedUp = accept(i.token, QStringLiteral("Fern Getful"), QStringLiteral("the old password"));
    QCOMPARE(signedUp.status, 200);
    const QByteArray oldSession = cookieOf(signedUp).left(cookieOf(signedUp).indexOf(';'));

    auto forgot = [this](const QString &email) {
        return m_anon->post(
            QStringLiteral("/api/v1/portal/password/forgot"), QJsonObject{{"slug", "acme"}, {"email", email}});
    };
    const auto known = forgot(QStringLiteral("forgetful@green.test"));
    const auto unknown = forgot(QStringLiteral("stranger@green.test"));
    QCOMPARE(known.status, 202);
    QCOMPARE(unknown.status, 202);
    QCOMPARE(known.body, unknown.body); // reveals nothing

    QString token;
    QTRY_VERIFY_WITH_TIMEOUT(!(token = tokenFromOutbox(QStringLiteral("forgetful@green.test"),
                                   QStringLiteral("/p/acme/reset#(pwr_[A-Za-z0-9_-]+)")))
                                  .isEmpty(),
        10000);
    const auto reset = m_anon->post(QStringLiteral("/api/v1/portal/password/reset"),
        QJsonObject{{"token", token}, {"password", "the new password"}});
    QCOMPARE(reset.status, 200);
    // Every old session ended; only the new password opens the account; the link worked once.
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/portal/me"), {{"Cookie", oldSession}}).status, 401);
    auto login = [this](const QString &password) {
        return m_anon->post(QStringLiteral("/api/v1/portal/login"),
            QJsonObject{{"slug", "acme"}, {"email", "forgetful@green.test"}, {"password", password}});
    };
    QCOMPARE(login(QStringLiteral("the old password")).status, 401);
    QCOMPARE(login(QStringLiteral("the new password")).status, 200);
    const auto again = m_anon->post(QStringLiteral("/api/v1/portal/password/reset"),
        QJsonObject{{"token", token}, {"password", "another new password"}});
    QCOMPARE(again.status, 410);
    QCOMPARE(again.errorCode(), QStringLiteral("reset_invalid"));
    // Nobody else got mail.
    const QList<Outbox::Mail> mails = Outbox::mailsTo(m_server.dataDir());
    QVERIFY(!mails.isEmpty());
    for (const Outbox::Mail &mail : mails)
        QVERIFY(!mail.raw.contains("stranger@green.test"));
}

void TestPortalAuth::badInputIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addRow("not JSON") << QByteArray("{nope") << 400;
    QTest::addRow("no token") << QByteArray(R"({"name":"A","password":"0123456789"})") << 400;
    QTest::addRow("a short password") << QByteArray(R"({"token":"inv_x","name":"A","password":"short"})") << 400;
    QTest::addRow("no name") << QByteArray(R"({"token":"inv_x","name":" ","password":"0123456789"})") << 400;
    QTest::addRow("an unknown token") << QByteArray(R"({"token":"inv_x","name":"A","password":"0123456789"})") << 404;
}

void TestPortalAuth::badInputIsRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    const auto reply = m_anon->postRaw(QStringLiteral("/api/v1/portal/invites/accept"), body, "application/json");
    QCOMPARE(reply.status, status);
    QVERIFY(!reply.errorCode().isEmpty());
    QVERIFY(reply.header("Set-Cookie").isEmpty());
}

// The account page's routes: the client's own name, sessions (device, address, last seen), signing
// other devices out, the password (current one required, other sessions end, throttled), and
// notification mail; nothing reaches another contact's sessions.
void TestPortalAuth::accountPageNameSessionsPasswordAndMail()
{
    const Invited invited = invite();
    const auto accepted = accept(invited.token, QStringLiteral("Ivy Green"), QStringLiteral("first password 1"));
    QCOMPARE(accepted.status, 200);
    const QByteArray laptop = cookieOf(accepted);
    const QByteArray laptopCsrf = accepted.object().value(u"csrf").toString().toLatin1();
    const QString email = accepted.object().value(u"contact").toObject().value(u"email").toString();
    // Each device its own client (a client's cookie jar would add its own cookies); the calls below
    // go through one with an empty jar and name the session by its cookie.
    TestClient phoneBrowser(m_server.baseUrl());
    TestClient api(m_server.baseUrl());
    // A second device signs in.
    const auto second = phoneBrowser.send("POST", QStringLiteral("/api/v1/portal/login"),
        QJsonDocument(QJsonObject{{"slug", "acme"}, {"email", email}, {"password", "first password 1"}}).toJson(),
        {{"Content-Type", "application/json"}, {"User-Agent", "Mozilla/5.0 (iPhone) Safari/604.1"}});
    QCOMPARE(second.status, 200);
    const QByteArray phone = cookieOf(second);
    auto read = [&](const QByteArray &cookie) {
        return api.get(QStringLiteral("/api/v1/portal/account"),
            {{"Cookie", cookie}, {"User-Agent", cookie == phone ? "Mozilla/5.0 (iPhone) Safari/604.1" : "Laptop/1.0"}});
    };
    auto write = [&](const QByteArray &method, const QString &path, const QJsonObject &body, const QByteArray &cookie,
                     const QByteArray &csrf) {
        return api.send(method, path, QJsonDocument(body).toJson(),
            {{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Content-Type", "application/json"}});
    };
    QCOMPARE(read(phone).status, 200);
    const auto account = read(laptop);
    QCOMPARE(account.status, 200);
    QCOMPARE(account.object().value(u"name").toString(), QStringLiteral("Ivy Green"));
    QCOMPARE(
        account.object().value(u"notifications").toObject().value(u"email").toString(), QStringLiteral("immediate"));
    const QJsonArray sessions = account.object().value(u"sessions").toArray();
    QVERIFY2(sessions.size() == 2, account.body.constData());
    QVERIFY(sessions.at(0).toObject().value(u"current").toBool());
    QCOMPARE(sessions.at(0).toObject().value(u"device").toString(), QStringLiteral("Laptop/1.0"));
    QCOMPARE(
        sessions.at(1).toObject().value(u"device").toString(), QStringLiteral("Mozilla/5.0 (iPhone) Safari/604.1"));
    QCOMPARE(sessions.at(1).toObject().value(u"address").toString(), QStringLiteral("127.0.0.1"));
    QVERIFY(!account.body.contains("ses_")); // no token, not even hashed, only the session's id
    const QString phoneId = sessions.at(1).toObject().value(u"id").toString();

    // The name, as the desktops see it.
    const auto renamed =
        write("PATCH", QStringLiteral("/api/v1/portal/account"), {{"name", "  Ivy  Green-Park "}}, laptop, laptopCsrf);
    QCOMPARE(renamed.status, 200);
    QCOMPARE(renamed.object().value(u"name").toString(), QStringLiteral("Ivy Green-Park"));
    QCOMPARE(find(pullAll(*m_admin), invited.contactId).value(u"data").toObject().value(u"name").toString(),
        QStringLiteral("Ivy Green-Park"));
    QCOMPARE(write("PATCH", QStringLiteral("/api/v1/portal/account"), {{"name", " "}}, laptop, laptopCsrf).status, 400);
    QCOMPARE(write("PATCH", QStringLiteral("/api/v1/portal/account"), {{"email", "x@evil.test"}}, laptop, laptopCsrf)
                 .errorCode(),
        QStringLiteral("field_not_allowed"));
    QCOMPARE(write("PATCH", QStringLiteral("/api/v1/portal/account"), {{"name", "No token"}}, laptop, "").status, 403);

    // Notification mail.
    QCOMPARE(
        write("POST", QStringLiteral("/api/v1/portal/account/notifications"), {{"email", "daily"}}, laptop, laptopCsrf)
            .status,
        200);
    QCOMPARE(
        read(laptop).object().value(u"notifications").toObject().value(u"email").toString(), QStringLiteral("daily"));
    QCOMPARE(
        write("POST", QStringLiteral("/api/v1/portal/account/notifications"), {{"email", "often"}}, laptop, laptopCsrf)
            .status,
        400);

    // Another contact's session, a made-up one and the current one cannot be ended from here.
    const Invited other = invite();
    const auto otherAccepted = accept(other.token);
    QCOMPARE(otherAccepted.status, 200);
    const QString otherSession =
        m_anon->get(QStringLiteral("/api/v1/portal/account"), {{"Cookie", cookieOf(otherAccepted)}})
            .object()
            .value(u"sessions")
            .toArray()
            .first()
            .toObject()
            .value(u"id")
            .toString();
    QVERIFY(!otherSession.isEmpty());
    const QString currentId = sessions.at(0).toObject().value(u"id").toString();
    for (const QString &id : {otherSession, newId(), currentId}) {
        const auto refused = write("DELETE", QStringLiteral("/api/v1/portal/sessions/") + id, {}, laptop, laptopCsrf);
        QCOMPARE(refused.status, 404);
        QCOMPARE(refused.errorCode(), QStringLiteral("not_found"));
    }
    QCOMPARE(api.get(QStringLiteral("/api/v1/portal/me"), {{"Cookie", cookieOf(otherAccepted)}}).status, 200);
    // Signing the phone out ends it at once.
    QCOMPARE(write("DELETE", QStringLiteral("/api/v1/portal/sessions/") + phoneId, {}, laptop, laptopCsrf).status, 200);
    QCOMPARE(read(phone).status, 401);
    QCOMPARE(read(laptop).object().value(u"sessions").toArray().size(), 1);

    // The password: the current one is required (and a wrong one is throttled like a sign-in).
    TestClient thirdBrowser(m_server.baseUrl());
    const auto third = thirdBrowser.post(QStringLiteral("/api/v1/portal/login"),
        QJsonObject{{"slug", "acme"}, {"email", email}, {"password", "first password 1"}});
    QCOMPARE(third.status, 200);
    const auto wrong = write("POST", QStringLiteral("/api/v1/portal/account/password"),
        {{"current_password", "not it"}, {"new_password", "second password 2"}}, laptop, laptopCsrf);
    // Not a 401: the session is fine, only the password was wrong.
    QCOMPARE(wrong.status, 400);
    QCOMPARE(wrong.errorCode(), QStringLiteral("wrong_password"));
    QCOMPARE(read(laptop).status, 200);
    QCOMPARE(write("POST", QStringLiteral("/api/v1/portal/account/password"),
                 {{"current_password", "first password 1"}, {"new_password", "short"}}, laptop, laptopCsrf)
                 .errorCode(),
        QStringLiteral("weak_password"));
    const auto changed = write("POST", QStringLiteral("/api/v1/portal/account/password"),
        {{"current_password", "first password 1"}, {"new_password", "second password 2"}}, laptop, laptopCsrf);
    QCOMPARE(changed.status, 200);
    // This device stays signed in; the other one is out; the new password works, the old one not.
    QCOMPARE(read(laptop).status, 200);
    QCOMPARE(read(cookieOf(third)).status, 401);
    TestClient fourthBrowser(m_server.baseUrl());
    QCOMPARE(fourthBrowser
                 .post(QStringLiteral("/api/v1/portal/login"),
                     QJsonObject{{"slug", "acme"}, {"email", email}, {"password", "first password 1"}})
                 .status,
        401);
    QCOMPARE(fourthBrowser
                 .post(QStringLiteral("/api/v1/portal/login"),
                     QJsonObject{{"slug", "acme"}, {"email", email}, {"password", "second password 2"}})
                 .status,
        200);
    // Sign out every other device at once.
    const auto ended = write("POST", QStringLiteral("/api/v1/portal/sessions/end-others"), {}, laptop, laptopCsrf);
    QCOMPARE(ended.status, 200);
    QCOMPARE(ended.object().value(u"ended").toInt(), 1);
    QCOMPARE(read(laptop).object().value(u"sessions").toArray().size(), 1);
}

QTEST_GUILESS_MAIN(TestPortalAuth)
#include "tst_portalauth.moc"
