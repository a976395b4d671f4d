// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonDocument>
#include <QScopeGuard>
#include <QTest>
#include <QThread>

#include <zlib.h>

#include <atomic>
#include <memory>
#include <tuple>

#include "tests/support/dbinspector.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;
using PortalFixture::Contact;

// What a careless staff member and a hostile web page can still do to a client's portal account,
// through the real server: invites never reach an existing account, deleted clients and contacts
// allow nothing, writes come only from the portal's own pages, the permission decision comes before
// any cached page, and "forgot password" says nothing about which addresses exist.
class TestPortalSecurity : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void staffCannotTakeOverAnActiveAccount();
    void whoMayInviteAndWhoMayRevoke();
    void revokingWithdrawsOpenInvites();
    void deletingEndsAccess_data();
    void deletingEndsAccess();
    void writesNeedJsonAndTheSameOrigin_data();
    void writesNeedJsonAndTheSameOrigin();
    void permissionIsDecidedBeforeTheCache_data();
    void permissionIsDecidedBeforeTheCache();
    void aTransactionMovesTheCountOnce();
    void everyRequestSeesWhatCommittedBeforeIt();
    void signingOutWaitsForAWriteThatEndsSessions();
    void forgotPasswordAnswersAlike();
    void projectPageIsCompressedForWhoAsks_data();
    void projectPageIsCompressedForWhoAsks();

private:
    // A new client with a portal-enabled project (uploads on), a read-only task and file and a sent
    // sign-off, and one signed-up contact.
    struct Setup
    {
        QString client;
        QString project;
        QString task;
        QString file;
        QString signoff;
        QString email;
        Contact contact;
    };
    Setup setUp(const QString &email);
    QString pushOne(
        TestClient &as, const QJsonObject &mutation, QString *code = nullptr, QJsonObject *result = nullptr);
    TestClient::Reply portalGet(const Contact &c, const QString &path);
    TestClient::Reply write(
        const QByteArray &method, const QString &path, const QByteArray &body, const TestClient::Headers &headers);
    TestClient::Reply accept(const QString &token, const QString &password, const QString &name);
    TestClient::Reply login(const QString &email, const QString &password, const TestClient::Headers &extra = {});
    QString origin() const;

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    std::unique_ptr<TestClient> m_member;
    std::unique_ptr<TestClient> m_anon;
    QString m_orgId;
    int m_serial = 0;
};

void TestPortalSecurity::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("member@acme.test"), QStringLiteral("Mel Member"),
        QStringLiteral("member"), QStringLiteral("member-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    m_member = std::make_unique<TestClient>(m_server.baseUrl());
    m_anon = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    QVERIFY(!m_member->login(QStringLiteral("member@acme.test"), QStringLiteral("member-pw")).isEmpty());
    m_orgId = pullAll(*m_admin).first().toObject().value(u"id").toString();
    QCOMPARE(pushOne(*m_admin,
                 mutation(QStringLiteral("organisation"), m_orgId, QStringLiteral("update"), {{"portal_enabled", true}},
                     {{"portal_enabled", false}})),
        QStringLiteral("applied"));
}

QString TestPortalSecurity::pushOne(TestClient &as, const QJsonObject &m, QString *code, QJsonObject *result)
{
    const QJsonArray r = pushResults(as, {m});
    if (r.isEmpty())
        return QStringLiteral("push failed");
    const QJsonObject o = r.first().toObject();
    if (code)
        *code = o.value(u"error").toObject().value(u"code").toString();
    if (result)
        *result = o;
    return o.value(u"status").toString();
}

TestPortalSecurity::Setup TestPortalSecurity::setUp(const QString &email)
{
    Setup s;
    s.client = newId();
    s.project = newId();
    s.task = newId();
    s.signoff = newId();
    s.email = email;
    const QJsonArray r = pushResults(*m_admin,
        {mutation(QStringLiteral("client"), s.client, QStringLiteral("create"),
             {{"name", QStringLiteral("Client %1").arg(email)}}),
            mutation(QStringLiteral("project"), s.project, QStringLiteral("create"),
                {{"client_id", s.client}, {"name", "Website"}, {"portal_enabled", true},
                    {"client_uploads_enabled", true}}),
            mutation(QStringLiteral("task"), s.task, QStringLiteral("create"),
                {{"project_id", s.project}, {"title", "Shared task"}, {"visibility", "read_only"}})});
    for (const QJsonValue &v : r) {
        if (v.toObject().value(u"status").toString() != u"applied")
            return {};
    }
    if (r.size() != 3)
        return {};
    s.file = PortalFixture::uploadAsStaff(
        *m_admin, s.project, QStringLiteral("brief.txt"), "the brief", "text/plain", QStringLiteral("read_only"));
    s.contact = PortalFixture::signUp(m_server, *m_admin, s.client, email);
    // Sent once the client has a contact to ask (a sign-off with nobody to approve it is refused).
    const QJsonArray sent = pushResults(*m_admin,
        {mutation(QStringLiteral("signoff"), s.signoff, QStringLiteral("create"),
            {{"project_id", s.project}, {"title", "Homepage design"}, {"status", "sent"}})});
    if (sent.size() != 1 || sent.first().toObject().value(u"status").toString() != u"applied")
        return {};
    return s;
}

// Each through a client of its own: a cookie jar must not mix sessions.
TestClient::Reply TestPortalSecurity::portalGet(const Contact &c, const QString &path)
{
    return TestClient(m_server.baseUrl()).get(path, c.headers());
}

TestClient::Reply TestPortalSecurity::write(
    const QByteArray &method, const QString &path, const QByteArray &body, const TestClient::Headers &headers)
{
    return TestClient(m_server.baseUrl()).send(method, path, body, headers);
}

TestClient::Reply TestPortalSecurity::accept(const QString &token, const QString &password, const QString &name)
{
    return TestClient(m_server.baseUrl())
        .post(QStringLiteral("/api/v1/portal/invites/accept"),
            QJsonObject{{"token", token}, {"name", name}, {"password", password}});
}

TestClient::Reply TestPortalSecurity::login(
    const QString &email, const QString &password, const TestClient::Headers &extra)
{
    TestClient::Headers headers{{"Content-Type", "application/json"}};
    headers.append(extra);
    return TestClient(m_server.baseUrl())
        .send("POST", QStringLiteral("/api/v1/portal/login"),
            QJsonDocument(QJsonObject{{"slug", "acme"}, {"email", email}, {"password", password}}).toJson(), headers);
}

QString TestPortalSecurity::origin() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server.port());
}

// Finding: a staff member without admin rights created a link invite for an active contact,
// accepted it with a password of their choice and approved a sign-off as that client.
void TestPortalSecurity::staffCannotTakeOverAnActiveAccount()
{
    const Setup s = setUp(QStringLiteral("victim@green.test"));
    QVERIFY(!s.contact.cookie.isEmpty());
    const QString clientPassword = QStringLiteral("long enough password");

    // A new invite for the active contact is refused, whoever asks.
    for (TestClient *staff : {m_member.get(), m_admin.get()}) {
        QString code;
        QJsonObject result;
        QCOMPARE(pushOne(*staff,
                     mutation(QStringLiteral("invite"), newId(), QStringLiteral("create"),
                         {{"contact_id", s.contact.id}, {"kind", "link"}}),
                     &code, &result),
            QStringLiteral("rejected"));
        QCOMPARE(code, QStringLiteral("contact_active"));
        QVERIFY(!result.contains(u"invite_token"));
    }

    // An invite made while the contact was still pending cannot be used once it has an account.
    const QString contactId = newId();
    const QString email = QStringLiteral("pending@green.test");
    QJsonObject first;
    QJsonObject second;
    QCOMPARE(pushOne(*m_member,
                 mutation(QStringLiteral("contact"), contactId, QStringLiteral("create"),
                     {{"client_id", s.client}, {"name", "Pat"}, {"email", email}})),
        QStringLiteral("applied"));
    QCOMPARE(pushOne(*m_member,
                 mutation(QStringLiteral("invite"), newId(), QStringLiteral("create"),
                     {{"contact_id", contactId}, {"kind", "link"}}),
                 nullptr, &first),
        QStringLiteral("applied"));
    QCOMPARE(pushOne(*m_member,
                 mutation(QStringLiteral("invite"), newId(), QStringLiteral("create"),
                     {{"contact_id", contactId}, {"kind", "link"}}),
                 nullptr, &second),
        QStringLiteral("applied"));
    const auto signedUp = accept(first.value(u"invite_token").toString(), clientPassword, QStringLiteral("Pat Client"));
    QCOMPARE(signedUp.status, 200);
    const QByteArray cookie = signedUp.header("Set-Cookie").left(signedUp.header("Set-Cookie").indexOf(';'));
    const Contact client{contactId, cookie, signedUp.object().value(u"csrf").toString().toLatin1()};

    const QString attackerPassword = QStringLiteral("the attacker's password");
    const auto takeover = accept(second.value(u"invite_token").toString(), attackerPassword, QStringLiteral("Mallory"));
    QCOMPARE(takeover.status, 409);
    QCOMPARE(takeover.errorCode(), QStringLiteral("account_exists"));
    QVERIFY(takeover.header("Set-Cookie").isEmpty());
    const auto check = m_anon->post(
        QStringLiteral("/api/v1/portal/invites/check"), QJsonObject{{"token", second.value(u"invite_token")}});
    QCOMPARE(check.status, 409);
    QCOMPARE(check.errorCode(), QStringLiteral("account_exists"));

    // The client's password and session still work; the attacker's password opens nothing.
    QCOMPARE(login(email, clientPassword).status, 200);
    QCOMPARE(login(email, attackerPassword).status, 401);
    QCOMPARE(portalGet(client, QStringLiteral("/api/v1/portal/me")).status, 200);
    const auto me = portalGet(client, QStringLiteral("/api/v1/portal/me"));
    QCOMPARE(me.object().value(u"contact").toObject().value(u"name").toString(), QStringLiteral("Pat Client"));

    // The sign-off still waits for the client's own answer.
    const auto page = portalGet(client, QStringLiteral("/api/v1/portal/projects/") + s.project);
    QCOMPARE(page.status, 200);
    QCOMPARE(page.object().value(u"signoffs").toArray().first().toObject().value(u"status").toString(),
        QStringLiteral("sent"));
    QCOMPARE(find(pullAll(*m_admin), s.signoff).value(u"data").toObject().value(u"status").toString(),
        QStringLiteral("sent"));
}

// Any staff member invites a contact without an account and withdraws pending invites; ending or
// restoring an account's access (revoking an active contact, re-inviting a revoked one) is for
// administrators.
void TestPortalSecurity::whoMayInviteAndWhoMayRevoke()
{
    const Setup s = setUp(QStringLiteral("revoke@green.test"));
    QVERIFY(!s.contact.cookie.isEmpty());

    // A member invites a new contact, and withdraws the invite again.
    const QString fresh = newId();
    const QString inviteId = newId();
    QCOMPARE(pushOne(*m_member,
                 mutation(QStringLiteral("contact"), fresh, QStringLiteral("create"),
                     {{"client_id", s.client}, {"name", "New"}, {"email", "new@green.test"}})),
        QStringLiteral("applied"));
    QCOMPARE(pushOne(*m_member,
                 mutation(QStringLiteral("invite"), inviteId, QStringLiteral("create"),
                     {{"contact_id", fresh}, {"kind", "email"}})),
        QStringLiteral("applied"));
    QCOMPARE(pushOne(*m_member,
                 mutation(QStringLiteral("invite"), inviteId, QStringLiteral("update"),
                     {{"revoked_at", "2026-01-01T00:00:00.000Z"}}, {{"revoked_at", QJsonValue()}})),
        QStringLiteral("applied"));

    // A member cannot end an active contact's access; an admin can.
    QString code;
    QCOMPARE(pushOne(*m_member,
                 mutation(QStringLiteral("contact"), s.contact.id, QStringLiteral("update"),
                     {{"portal_state", "revoked"}}, {{"portal_state", "active"}}),
                 &code),
        QStringLiteral("rejected"));
    QCOMPARE(code, QStringLiteral("forbidden"));
    QCOMPARE(portalGet(s.contact, QStringLiteral("/api/v1/portal/me")).status, 200);
    // Nor change the address the client signs in with (a reset link would then go to a mailbox of
    // the member's choosing), or move the account to another client; an admin can, recorded.
    const QString otherClient = newId();
    QCOMPARE(
        pushOne(*m_admin, mutation(QStringLiteral("client"), otherClient, QStringLiteral("create"), {{"name", "B"}})),
        QStringLiteral("applied"));
    for (const auto &[field, value, was] : {std::tuple{"email", QStringLiteral("mallory@evil.test"), s.email},
             std::tuple{"client_id", otherClient, s.client}}) {
        const QString name = QString::fromLatin1(field);
        QCOMPARE(pushOne(*m_member,
                     mutation(QStringLiteral("contact"), s.contact.id, QStringLiteral("update"), {{name, value}},
                         {{name, was}}),
                     &code),
            QStringLiteral("rejected"));
        QCOMPARE(code, QStringLiteral("forbidden"));
    }
    // Deleting ends access like revoking: not for members either, for the contact or its client.
    for (const auto &[entity, id] : {std::pair{"contact", s.contact.id}, std::pair{"client", s.client}}) {
        QCOMPARE(pushOne(*m_member, mutation(QString::fromLatin1(entity), id, QStringLiteral("delete")), &code),
            QStringLiteral("rejected"));
        QCOMPARE(code, QStringLiteral("forbidden"));
    }
    QCOMPARE(login(s.email, QStringLiteral("long enough password")).status, 200);
    QCOMPARE(pushOne(*m_admin,
                 mutation(QStringLiteral("contact"), s.contact.id, QStringLiteral("update"),
                     {{"email", "Revoke@Green.test"}}, {{"email", s.email}})),
        QStringLiteral("applied"));
    QVERIFY(PortalFixture::revokeAccess(*m_admin, s.contact.id));
    QCOMPARE(portalGet(s.contact, QStringLiteral("/api/v1/portal/me")).status, 401);

    // Restoring it is for an admin too: a member's invite for the revoked contact is refused.
    QCOMPARE(pushOne(*m_member,
                 mutation(QStringLiteral("invite"), newId(), QStringLiteral("create"),
                     {{"contact_id", s.contact.id}, {"kind", "link"}}),
                 &code),
        QStringLiteral("rejected"));
    QCOMPARE(code, QStringLiteral("forbidden"));
    QJsonObject result;
    QCOMPARE(pushOne(*m_admin,
                 mutation(QStringLiteral("invite"), newId(), QStringLiteral("create"),
                     {{"contact_id", s.contact.id}, {"kind", "link"}}),
                 nullptr, &result),
        QStringLiteral("applied"));
    // The admin's invitation starts a new account: the old password and session are gone for good.
    QCOMPARE(login(s.email, QStringLiteral("long enough password")).status, 401);
    const auto back = accept(
        result.value(u"invite_token").toString(), QStringLiteral("a brand new password"), QStringLiteral("Rev Oked"));
    QCOMPARE(back.status, 200);
    QCOMPARE(portalGet(s.contact, QStringLiteral("/api/v1/portal/me")).status, 401);
    QCOMPARE(login(s.email, QStringLiteral("a brand new password")).status, 200);
}

// An invite made before access was revoked stays dead when an administrator invites the contact
// afresh: only the new invitation opens the new account.
void TestPortalSecurity::revokingWithdrawsOpenInvites()
{
    const Setup s = setUp(QStringLiteral("withdrawn@green.test"));
    QVERIFY(!s.contact.cookie.isEmpty());
    const QString contactId = newId();
    QJsonObject first;
    QJsonObject spare;
    QCOMPARE(pushOne(*m_member,
                 mutation(QStringLiteral("contact"), contactId, QStringLiteral("create"),
                     {{"client_id", s.client}, {"name", "Wes"}, {"email", "wes@green.test"}})),
        QStringLiteral("applied"));
    for (QJsonObject *invite : {&first, &spare})
        QCOMPARE(pushOne(*m_member,
                     mutation(QStringLiteral("invite"), newId(), QStringLiteral("create"),
                         {{"contact_id", contactId}, {"kind", "link"}}),
                     nullptr, invite),
            QStringLiteral("applied"));
    QCOMPARE(
        accept(first.value(u"invite_token").toString(), QStringLiteral("long enough password"), QStringLiteral("Wes"))
            .status,
        200);
    QVERIFY(PortalFixture::revokeAccess(*m_admin, contactId));
    QJsonObject fresh;
    QCOMPARE(pushOne(*m_admin,
                 mutation(QStringLiteral("invite"), newId(), QStringLiteral("create"),
                     {{"contact_id", contactId}, {"kind", "link"}}),
                 nullptr, &fresh),
        QStringLiteral("applied"));
    const auto stale =
        accept(spare.value(u"invite_token").toString(), QStringLiteral("the attacker's password"), QStringLiteral("M"));
    QCOMPARE(stale.status, 410);
    QCOMPARE(stale.errorCode(), QStringLiteral("invite_revoked"));
    QCOMPARE(
        accept(fresh.value(u"invite_token").toString(), QStringLiteral("a new password here"), QStringLiteral("Wes"))
            .status,
        200);
}

void TestPortalSecurity::deletingEndsAccess_data()
{
    QTest::addColumn<QString>("entity");
    QTest::addRow("the client is deleted") << QStringLiteral("client");
    QTest::addRow("the contact is deleted") << QStringLiteral("contact");
}

// Finding: contacts of a deleted client still listed and opened its projects.
void TestPortalSecurity::deletingEndsAccess()
{
    QFETCH(QString, entity);
    const Setup s = setUp(QStringLiteral("deleted-%1@green.test").arg(entity));
    QVERIFY(!s.contact.cookie.isEmpty());
    const QString projectPath = QStringLiteral("/api/v1/portal/projects/") + s.project;
    QCOMPARE(
        portalGet(s.contact, QStringLiteral("/api/v1/portal/projects")).object().value(u"projects").toArray().size(),
        1);
    QCOMPARE(portalGet(s.contact, projectPath).status, 200);
    QCOMPARE(portalGet(s.contact, QStringLiteral("/api/v1/portal/files/%1/content").arg(s.file)).status, 200);

    QCOMPARE(
        pushOne(*m_admin, mutation(entity, entity == u"client" ? s.client : s.contact.id, QStringLiteral("delete"))),
        QStringLiteral("applied"));

    // The very next request gets nothing: the session no longer stands for anyone.
    const auto list = portalGet(s.contact, QStringLiteral("/api/v1/portal/projects"));
    QCOMPARE(list.status, 401);
    QVERIFY(list.object().value(u"projects").toArray().isEmpty());
    QCOMPARE(portalGet(s.contact, projectPath).status, 401);
    QCOMPARE(portalGet(s.contact, QStringLiteral("/api/v1/portal/files/%1/content").arg(s.file)).status, 401);
    QCOMPARE(portalGet(s.contact, QStringLiteral("/api/v1/portal/me")).status, 401);
    TestClient::Headers headers = s.contact.headers(true);
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    QCOMPARE(write("POST", QStringLiteral("/api/v1/portal/signoffs/%1/decision").arg(s.signoff),
                 QJsonDocument(QJsonObject{{"decision", "approved"}}).toJson(), headers)
                 .status,
        401);
    QCOMPARE(find(pullAll(*m_admin), s.signoff).value(u"data").toObject().value(u"status").toString(),
        QStringLiteral("sent"));
    // Nor does signing in again open anything.
    QCOMPARE(login(s.email, QStringLiteral("long enough password")).status, 401);
    // "View as this contact" shows nothing either.
    const auto viewed = m_admin->get(QStringLiteral("/api/v1/contacts/%1/portal-view").arg(s.contact.id));
    QVERIFY(viewed.object().value(u"projects").toArray().isEmpty());
}

void TestPortalSecurity::writesNeedJsonAndTheSameOrigin_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("originHeader");
    QTest::addColumn<QString>("originValue"); // "%1" is this server's origin
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    const QByteArray json = "application/json";
    QTest::addRow("JSON, no Origin") << json << QByteArray() << QString() << 200 << QString();
    QTest::addRow("JSON, same Origin") << json << QByteArray("Origin") << QStringLiteral("%1") << 200 << QString();
    QTest::addRow("JSON with charset, same Origin") << QByteArray("application/json; charset=utf-8")
                                                    << QByteArray("Origin") << QStringLiteral("%1") << 200 << QString();
    QTest::addRow("JSON, same-origin Referer")
        << json << QByteArray("Referer") << QStringLiteral("%1/p/acme/signin") << 200 << QString();
    QTest::addRow("text/plain") << QByteArray("text/plain") << QByteArray() << QString() << 415
                                << QStringLiteral("unsupported_media_type");
    QTest::addRow("a form") << QByteArray("application/x-www-form-urlencoded") << QByteArray() << QString() << 415
                            << QStringLiteral("unsupported_media_type");
    QTest::addRow("no Content-Type") << QByteArray() << QByteArray() << QString() << 415
                                     << QStringLiteral("unsupported_media_type");
    QTest::addRow("cross-origin Origin") << json << QByteArray("Origin") << QStringLiteral("http://evil.test") << 403
                                         << QStringLiteral("cross_origin");
    QTest::addRow("same host, other port") << json << QByteArray("Origin") << QStringLiteral("http://127.0.0.1:1")
                                           << 403 << QStringLiteral("cross_origin");
    QTest::addRow("Origin null") << json << QByteArray("Origin") << QStringLiteral("null") << 403
                                 << QStringLiteral("cross_origin");
    QTest::addRow("cross-origin Referer")
        << json << QByteArray("Referer") << QStringLiteral("http://evil.test/login.html") << 403
        << QStringLiteral("cross_origin");
}

// Finding: sign-in CSRF — the login took a text/plain body and no route looked at Origin.
void TestPortalSecurity::writesNeedJsonAndTheSameOrigin()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, originHeader);
    QFETCH(QString, originValue);
    QFETCH(int, status);
    QFETCH(QString, code);
    const QString email = QStringLiteral("csrf-%1@green.test").arg(++m_serial);
    const Setup s = setUp(email);
    QVERIFY(!s.contact.cookie.isEmpty());
    TestClient::Headers headers;
    if (!contentType.isEmpty())
        headers.append(qMakePair(QByteArray("Content-Type"), contentType));
    if (!originHeader.isEmpty())
        headers.append(qMakePair(originHeader, QString(originValue).replace(QStringLiteral("%1"), origin()).toUtf8()));

    auto expect = [&](const TestClient::Reply &reply, int expected) {
        if (reply.status != expected)
            qWarning() << reply.status << reply.body;
        return reply.status == expected && (code.isEmpty() || reply.errorCode() == code);
    };

    // Sign-in with the right password.
    const QByteArray credentials =
        QJsonDocument(QJsonObject{{"slug", "acme"}, {"email", email}, {"password", "long enough password"}}).toJson();
    const auto signedIn = write("POST", QStringLiteral("/api/v1/portal/login"), credentials, headers);
    QVERIFY(expect(signedIn, status));
    QCOMPARE(signedIn.header("Set-Cookie").isEmpty(), status != 200);

    // "Forgot password", and a signed-in write with the CSRF token.
    const auto forgot = write("POST", QStringLiteral("/api/v1/portal/password/forgot"),
        QJsonDocument(QJsonObject{{"slug", "acme"}, {"email", email}}).toJson(), headers);
    QVERIFY(expect(forgot, status == 200 ? 202 : status));
    TestClient::Headers session = headers;
    session.append(s.contact.headers(true));
    const auto decided = write("POST", QStringLiteral("/api/v1/portal/signoffs/%1/decision").arg(s.signoff),
        QJsonDocument(QJsonObject{{"decision", "approved"}}).toJson(), session);
    QVERIFY(expect(decided, status));
    QCOMPARE(find(pullAll(*m_admin), s.signoff).value(u"data").toObject().value(u"status").toString(),
        status == 200 ? QStringLiteral("approved") : QStringLiteral("sent"));

    // The chunk of an upload carries raw bytes: application/octet-stream, never a form or text.
    const auto started = write("POST", QStringLiteral("/api/v1/portal/uploads"),
        QJsonDocument(QJsonObject{{"project_id", s.project}, {"name", "a.txt"}, {"size", 3}}).toJson(), session);
    QVERIFY(expect(started, status == 200 ? 201 : status));
    TestClient::Headers chunkHeaders = session;
    for (auto &[name, value] : chunkHeaders) {
        if (name == "Content-Type" && value.startsWith("application/json"))
            value = "application/octet-stream";
    }
    const QString uploadId = status == 200 ? started.object().value(u"upload_id").toString() : newId();
    const auto chunk =
        write("PUT", QStringLiteral("/api/v1/portal/uploads/%1?offset=0").arg(uploadId), "abc", chunkHeaders);
    QVERIFY(expect(chunk, status));
}

void TestPortalSecurity::permissionIsDecidedBeforeTheCache_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<int>("pageStatus"); // the project page after the change
    QTest::addColumn<bool>("taskShown");
    QTest::addColumn<bool>("fileShown");
    QTest::addRow("client deleted") << QStringLiteral("client deleted") << 401 << false << false;
    QTest::addRow("contact revoked") << QStringLiteral("contact revoked") << 401 << false << false;
    QTest::addRow("task made private") << QStringLiteral("task private") << 200 << false << true;
    QTest::addRow("file made private") << QStringLiteral("file private") << 200 << true << false;
    QTest::addRow("project portal off") << QStringLiteral("project portal off") << 404 << false << false;
    QTest::addRow("organisation portal off") << QStringLiteral("org portal off") << 404 << false << false;
    // Written straight to the database, as an operator or a future code path might: no new
    // version in the organisation's change sequence, so a page cached under the version would
    // still be served.
    QTest::addRow("task made private, no new version")
        << QStringLiteral("task private in the database") << 200 << false << true;
    QTest::addRow("project portal off, no new version")
        << QStringLiteral("project portal off in the database") << 404 << false << false;
    // The session and its contact, and the project's facts, are remembered between requests too:
    // the same holds for them.
    QTest::addRow("session revoked, no new version")
        << QStringLiteral("session revoked in the database") << 401 << false << false;
    QTest::addRow("contact revoked, no new version")
        << QStringLiteral("contact revoked in the database") << 401 << false << false;
    QTest::addRow("client deleted, no new version")
        << QStringLiteral("client deleted in the database") << 401 << false << false;
    QTest::addRow("organisation portal off, no new version")
        << QStringLiteral("org portal off in the database") << 404 << false << false;
    // On PostgreSQL the count moves once per transaction: a later statement of it still counts, and
    // a bump rolled back to a savepoint does not use up the transaction's.
    QTest::addRow("task private after another write of its transaction")
        << QStringLiteral("task private after another write") << 200 << false << true;
    QTest::addRow("task private after a write rolled back to a savepoint")
        << QStringLiteral("task private after a rolled-back write") << 200 << false << true;
}

// Each permission input changes, and the very next request shows it, however warm the cache.
void TestPortalSecurity::permissionIsDecidedBeforeTheCache()
{
    QFETCH(QString, change);
    QFETCH(int, pageStatus);
    QFETCH(bool, taskShown);
    QFETCH(bool, fileShown);
    const Setup s = setUp(QStringLiteral("cache-%1@green.test").arg(++m_serial));
    QVERIFY(!s.contact.cookie.isEmpty());
    const QString path = QStringLiteral("/api/v1/portal/projects/") + s.project;
    auto shows = [](const TestClient::Reply &page, const char *list, const QString &id) {
        for (const QJsonValue &v : page.object().value(QString::fromLatin1(list)).toArray()) {
            if (v.toObject().value(u"id").toString() == id)
                return true;
        }
        return false;
    };
    // Twice: the second answer comes from the cache.
    for (int i = 0; i < 2; ++i) {
        const auto page = portalGet(s.contact, path);
        QCOMPARE(page.status, 200);
        QVERIFY(shows(page, "tasks", s.task));
        QVERIFY(shows(page, "files", s.file));
    }

    QString status;
    if (change == u"client deleted") {
        status = pushOne(*m_admin, mutation(QStringLiteral("client"), s.client, QStringLiteral("delete")));
    } else if (change == u"contact revoked") {
        status = PortalFixture::revokeAccess(*m_admin, s.contact.id) ? QStringLiteral("applied") : QString();
    } else if (change == u"task private") {
        status = pushOne(*m_admin,
            mutation(QStringLiteral("task"), s.task, QStringLiteral("update"), {{"visibility", "private"}},
                {{"visibility", "read_only"}}));
    } else if (change == u"file private") {
        status = pushOne(*m_admin,
            mutation(QStringLiteral("file"), s.file, QStringLiteral("update"), {{"visibility", "private"}},
                {{"visibility", "read_only"}}));
    } else if (change == u"project portal off") {
        status = pushOne(*m_admin,
            mutation(QStringLiteral("project"), s.project, QStringLiteral("update"), {{"portal_enabled", false}},
                {{"portal_enabled", true}}));
    } else if (change == u"org portal off") {
        status = pushOne(*m_admin,
            mutation(QStringLiteral("organisation"), m_orgId, QStringLiteral("update"), {{"portal_enabled", false}},
                {{"portal_enabled", true}}));
    } else {
        DbInspector db(m_server);
        QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
        bool done = false;
        const QString taskPrivate = QStringLiteral("UPDATE tasks SET visibility = 'private' WHERE id = ?");
        const QString taskTouched = QStringLiteral("UPDATE tasks SET title = title WHERE id = ?");
        if (change == u"task private in the database")
            done = db.exec(taskPrivate, {s.task});
        else if (change == u"task private after another write")
            done = db.exec(QStringLiteral("BEGIN")) && db.exec(taskTouched, {s.task}) && db.exec(taskPrivate, {s.task})
                && db.exec(QStringLiteral("COMMIT"));
        else if (change == u"task private after a rolled-back write")
            done = db.exec(QStringLiteral("BEGIN")) && db.exec(QStringLiteral("SAVEPOINT touch"))
                && db.exec(taskTouched, {s.task}) && db.exec(QStringLiteral("ROLLBACK TO SAVEPOINT touch"))
                && db.exec(taskPrivate, {s.task}) && db.exec(QStringLiteral("COMMIT"));
        else if (change == u"project portal off in the database")
            done = db.exec(QStringLiteral("UPDATE projects SET portal_enabled = 0 WHERE id = ?"), {s.project});
        else if (change == u"session revoked in the database")
            done = db.exec(QStringLiteral("UPDATE portal_sessions SET revoked_at = '2026-01-01T00:00:00.000Z' "
                                          "WHERE contact_id = ?"),
                {s.contact.id});
        else if (change == u"contact revoked in the database")
            done = db.exec(QStringLiteral("UPDATE contacts SET portal_state = 'revoked' WHERE id = ?"), {s.contact.id});
        else if (change == u"client deleted in the database")
            done = db.exec(QStringLiteral("UPDATE clients SET deleted = 1 WHERE id = ?"), {s.client});
        else if (change == u"org portal off in the database")
            done = db.exec(QStringLiteral("UPDATE organisations SET portal_enabled = 0 WHERE id = ?"), {m_orgId});
        status = done ? QStringLiteral("applied") : db.lastError();
    }
    QCOMPARE(status, QStringLiteral("applied"));

    const auto page = portalGet(s.contact, path);
    if (change == u"org portal off in the database") {
        DbInspector db(m_server);
        QVERIFY(db.exec(QStringLiteral("UPDATE organisations SET portal_enabled = 1 WHERE id = ?"), {m_orgId}));
    }
    if (change == u"org portal off") {
        // Back on for the rows that follow, whatever this one finds.
        QCOMPARE(pushOne(*m_admin,
                     mutation(QStringLiteral("organisation"), m_orgId, QStringLiteral("update"),
                         {{"portal_enabled", true}}, {{"portal_enabled", false}})),
            QStringLiteral("applied"));
    }
    QCOMPARE(page.status, pageStatus);
    QCOMPARE(shows(page, "tasks", s.task), taskShown);
    QCOMPARE(shows(page, "files", s.file), fileShown);
}

namespace {

// A gzip member inflated, or a null array if it is not one.
QByteArray gunzip(const QByteArray &member)
{
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK)
        return {};
    QByteArray out;
    char chunk[16384];
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(member.constData()));
    stream.avail_in = uInt(member.size());
    int result = Z_OK;
    while (result == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef *>(chunk);
        stream.avail_out = sizeof chunk;
        result = inflate(&stream, Z_NO_FLUSH);
        out.append(chunk, qsizetype(sizeof chunk - stream.avail_out));
    }
    inflateEnd(&stream);
    return result == Z_STREAM_END && stream.avail_in == 0 ? out : QByteArray();
}

} // namespace

void TestPortalSecurity::projectPageIsCompressedForWhoAsks_data()
{
    QTest::addColumn<QByteArray>("acceptEncoding");
    QTest::addColumn<bool>("gzipped");
    QTest::newRow("a browser") << QByteArray("gzip, deflate, br") << true;
    QTest::newRow("weights") << QByteArray("br;q=1.0, GZIP;q=0.5") << true;
    QTest::newRow("anything") << QByteArray("*") << true;
    QTest::newRow("identity only") << QByteArray("identity") << false;
    QTest::newRow("gzip refused") << QByteArray("gzip;q=0, deflate") << false;
    QTest::newRow("anything but gzip") << QByteArray("*, gzip;q=0") << false;
}

// The cached project page goes out gzip-compressed to a client that takes it, and as it is to one
// that does not; both say the answer depends on Accept-Encoding, and both are the same page.
void TestPortalSecurity::projectPageIsCompressedForWhoAsks()
{
    QFETCH(QByteArray, acceptEncoding);
    QFETCH(bool, gzipped);
    const Setup s = setUp(QStringLiteral("gzip-%1@green.test").arg(++m_serial));
    QVERIFY(!s.contact.cookie.isEmpty());
    const QString path = QStringLiteral("/api/v1/portal/projects/") + s.project;
    // QNetworkAccessManager leaves a body as it came when the request names its own encodings.
    const auto plain = TestClient(m_server.baseUrl())
                           .get(path, s.contact.headers() + TestClient::Headers{{"Accept-Encoding", "identity"}});
    QCOMPARE(plain.status, 200);
    QVERIFY(plain.header("Content-Encoding").isEmpty());
    QVERIFY(plain.object().value(u"tasks").toArray().size() > 0);

    TestClient::Headers headers = s.contact.headers();
    headers.append(qMakePair(QByteArray("Accept-Encoding"), acceptEncoding));
    // Twice: built, then from the cache.
    for (int i = 0; i < 2; ++i) {
        const auto page = TestClient(m_server.baseUrl()).get(path, headers);
        QCOMPARE(page.status, 200);
        QCOMPARE(page.header("Vary"), QByteArray("Accept-Encoding"));
        QCOMPARE(page.header("Content-Encoding"), gzipped ? QByteArray("gzip") : QByteArray());
        QCOMPARE(page.header("Content-Length"), QByteArray::number(page.body.size()));
        QCOMPARE(gzipped ? gunzip(page.body) : page.body, plain.body);
        if (gzipped)
            QVERIFY(page.body.size() < plain.body.size());
    }
}

// "Forgot password" answers a known and an unknown address byte for byte alike (apart from Date).
// The count the cache rests on moves with each writing transaction. On PostgreSQL it moves once
// however many statements wrote (each bump within one transaction used to walk past every earlier
// one: quadratic); SQLite's row-level triggers bump once per row, each a cheap update in cache.
void TestPortalSecurity::aTransactionMovesTheCountOnce()
{
    const Setup s = setUp(QStringLiteral("count-%1@green.test").arg(++m_serial));
    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    auto inputs = [&] {
        return db.column(QStringLiteral("SELECT inputs FROM portal_marks WHERE org_id = ?"), {m_orgId})
            .value(0, -1)
            .toLongLong();
    };
    const qint64 before = inputs();
    QVERIFY(before > 0);
    const QString touch = QStringLiteral("UPDATE tasks SET title = title WHERE id = ?");
    QVERIFY2(db.exec(QStringLiteral("BEGIN")) && db.exec(touch, {s.task}) && db.exec(touch, {s.task})
            && db.exec(touch, {s.task}) && db.exec(QStringLiteral("COMMIT")),
        qPrintable(db.lastError()));
    const bool postgres = !m_server.databaseUrl().isEmpty();
    QCOMPARE(inputs(), before + (postgres ? 1 : 3));
    // The next transaction moves it again.
    QVERIFY2(db.exec(touch, {s.task}), qPrintable(db.lastError()));
    QCOMPARE(inputs(), before + (postgres ? 2 : 4));
}

// On PostgreSQL, portal requests of one organisation arriving together share one read of its
// marks (PortalMarks::readShared). A request sent after a write committed must never take a read
// that began before it: with six clients reading the page all the time, so that a read is nearly
// always under way, each change is in the very next answer.
void TestPortalSecurity::everyRequestSeesWhatCommittedBeforeIt()
{
    const Setup s = setUp(QStringLiteral("busy-%1@green.test").arg(++m_serial));
    QVERIFY(!s.contact.cookie.isEmpty());
    const QString path = QStringLiteral("/api/v1/portal/projects/") + s.project;
    const QUrl base = m_server.baseUrl();
    const TestClient::Headers headers = s.contact.headers();
    std::atomic<bool> stop = false;
    std::atomic<int> answered = 0;
    std::vector<std::unique_ptr<QThread>> readers;
    auto stopReaders = qScopeGuard([&] {
        stop = true;
        for (const auto &reader : readers)
            reader->wait();
    });
    for (int n = 0; n < 6; ++n) {
        readers.emplace_back(QThread::create([&] {
            TestClient client(base);
            while (!stop) {
                client.get(path, headers);
                ++answered;
            }
        }));
        readers.back()->start();
    }
    QTRY_VERIFY(answered > 50);

    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    TestClient client(base);
    auto taskShown = [&] {
        const auto page = client.get(path, headers);
        if (page.status != 200)
            qWarning() << page.status << page.body;
        for (const QJsonValue &v : page.object().value(u"tasks").toArray()) {
            if (v.toObject().value(u"id").toString() == s.task)
                return true;
        }
        return false;
    };
    QVERIFY(taskShown());
    for (int round = 0; round < 60; ++round) {
        const bool shared = round % 2 == 1;
        QVERIFY2(db.exec(QStringLiteral("UPDATE tasks SET visibility = ? WHERE id = ?"),
                     {shared ? QStringLiteral("read_only") : QStringLiteral("private"), s.task}),
            qPrintable(db.lastError()));
        QVERIFY2(taskShown() == shared, qPrintable(QStringLiteral("round %1").arg(round)));
    }
    const int before = answered;
    QTRY_VERIFY(answered > before); // the readers were reading throughout
}

// A write that ends a contact's sessions (revoking their access, a new password) holds the
// organisation's write lock, and the portal_marks row once its first statement bumped it, then
// ends the sessions. A contact signing out at that moment ended their session first and then
// waited for that row: on PostgreSQL a deadlock, and one of the two failed after a second. Signing
// out now takes the organisation's write lock first, and waits its turn.
void TestPortalSecurity::signingOutWaitsForAWriteThatEndsSessions()
{
    if (m_server.databaseUrl().isEmpty())
        QSKIP("Row locks and deadlocks are PostgreSQL's; SQLite has one writer at a time.");
    const Setup s = setUp(QStringLiteral("deadlock-%1@green.test").arg(++m_serial));
    QVERIFY(!s.contact.cookie.isEmpty());
    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    // As a WriteTransaction does: the organisation's lock, then a write that bumps the marks.
    QVERIFY2(db.exec(QStringLiteral("BEGIN")), qPrintable(db.lastError()));
    QVERIFY2(db.exec(QStringLiteral("SELECT pg_advisory_xact_lock(7001, hashtext(?))"), {m_orgId}),
        qPrintable(db.lastError()));
    QVERIFY2(db.exec(QStringLiteral("UPDATE contacts SET name = name WHERE id = ?"), {s.contact.id}),
        qPrintable(db.lastError()));

    int signOutStatus = 0;
    const QUrl base = m_server.baseUrl();
    TestClient::Headers headers = s.contact.headers(true);
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    std::unique_ptr<QThread> signingOut(QThread::create([&] {
        signOutStatus = TestClient(base).send("POST", QStringLiteral("/api/v1/portal/logout"), "{}", headers).status;
    }));
    signingOut->start();
    QTest::qWait(300); // the sign-out reaches the database and waits there

    // The write goes on to end the contact's sessions, and commits.
    const bool ended = db.exec(QStringLiteral("UPDATE portal_sessions SET revoked_at = ? WHERE contact_id = ?"),
        {QStringLiteral("2026-12-01T00:00:00.000Z"), s.contact.id});
    const QString endError = db.lastError();
    QVERIFY(db.exec(ended ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK")));
    QVERIFY2(signingOut->wait(30000), "the sign-out never answered");
    QVERIFY2(ended, qPrintable(endError));
    // The session was ended by the write before the sign-out's turn: signed out all the same, or
    // refused as no longer signed in; never a failure.
    QVERIFY2(signOutStatus == 200 || signOutStatus == 401, qPrintable(QString::number(signOutStatus)));
}

void TestPortalSecurity::forgotPasswordAnswersAlike()
{
    const Setup s = setUp(QStringLiteral("known@green.test"));
    QVERIFY(!s.contact.cookie.isEmpty());
    auto forgot = [&](const QString &email) {
        return m_anon->post(
            QStringLiteral("/api/v1/portal/password/forgot"), QJsonObject{{"slug", "acme"}, {"email", email}});
    };
    const auto known = forgot(s.email);
    const auto unknown = forgot(QStringLiteral("unknown@green.test"));
    QCOMPARE(known.status, 202);
    QCOMPARE(unknown.status, known.status);
    QCOMPARE(unknown.body, known.body);
    auto withoutDate = [](const TestClient::Reply &r) {
        QList<QPair<QByteArray, QByteArray>> out;
        for (const auto &h : r.headers) {
            if (h.first.toLower() != "date")
                out.append(qMakePair(h.first.toLower(), h.second));
        }
        return out;
    };
    QCOMPARE(withoutDate(unknown), withoutDate(known));
    // Only the known address gets a mail.
    QTRY_VERIFY_WITH_TIMEOUT(!PortalFixture::outboxTexts(m_server.dataDir(), s.email).isEmpty(), 10000);
    QVERIFY(PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("unknown@green.test")).isEmpty());
}

QTEST_GUILESS_MAIN(TestPortalSecurity)
#include "tst_portalsecurity.moc"
