// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include <memory>

#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;
using PortalFixture::Contact;

namespace {

// The ways an id can name something a client must not reach; each must answer exactly as an id
// that names nothing at all.
const QStringList kHiddenCases = {QStringLiteral("other client"), QStringLiteral("other organisation"),
    QStringLiteral("private"), QStringLiteral("deleted")};

struct Kind
{
    QString valid;
    QHash<QString, QString> hidden; // case → id
};

// One portal route with one id field: how to call it with `id` in that field.
struct Route
{
    QString name;
    QString kind; // project, task, file, signoff
    std::function<TestClient::Reply(TestClient &, const Contact &, const QString &id)> call;
    bool validIsReadable = false; // a GET whose valid id must answer 200
    bool viaLink = false; // called with the personal link's cookie instead of Ivy's session
};

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

TestClient::Headers writeHeaders(const Contact &c)
{
    return TestClient::Headers(c.headers(true))
        << qMakePair(QByteArray("Content-Type"), QByteArray("application/json"));
}

} // namespace

// Every portal route × every id field × {missing, another client's, another organisation's, private,
// deleted} (for sessions: another client's contact's, another organisation's, a colleague's, ended): one answer for
// hidden and missing, everywhere (status, error code and message alike), so that no id can be probed for existence.
// Routes added later join the table in routes().
class TestPortalMatrix : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void hiddenAnswersAsMissing_data();
    void hiddenAnswersAsMissing();

private:
    QString push(TestClient &admin, const QJsonObject &m);
    QByteArray openLink(const QString &email);
    QList<Route> routes() const;

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    std::unique_ptr<TestClient> m_otherAdmin;
    std::unique_ptr<TestClient> m_anon;
    Contact m_ivy;
    Contact m_link; // the cookie of the personal link to Ivy's client's sent sign-off
    QHash<QString, Kind> m_ids; // kind → ids
};

QString TestPortalMatrix::push(TestClient &admin, const QJsonObject &m)
{
    const QJsonArray r = pushResults(admin, {m});
    return r.isEmpty() ? QStringLiteral("push failed") : r.first().toObject().value(u"status").toString();
}

// The cookie of the first personal link mailed to `email` (the client's contacts are all asked by
// every sign-off sent, the deleted one too), or empty.
QByteArray TestPortalMatrix::openLink(const QString &email)
{
    static const QRegularExpression link(QStringLiteral("/p/acme/s#(so_[A-Za-z0-9_-]+)"));
    QString token;
    QDeadlineTimer deadline(10000);
    while (token.isEmpty() && !deadline.hasExpired()) {
        for (const QString &text : PortalFixture::outboxTexts(m_server.dataDir(), email))
            if (const auto m = link.match(text); m.hasMatch() && token.isEmpty())
                token = m.captured(1);
        if (token.isEmpty())
            QTest::qWait(100);
    }
    const TestClient::Reply reply = TestClient(m_server.baseUrl())
                                        .send("POST", QStringLiteral("/api/v1/portal/link/open"),
                                            json({{"token", token}}), {{"Content-Type", "application/json"}});
    const QByteArray cookie = reply.header("Set-Cookie");
    return reply.status == 200 ? cookie.left(cookie.indexOf(';')) : QByteArray();
}

void TestPortalMatrix::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    QVERIFY(m_server.createOrg(QStringLiteral("Other"), QStringLiteral("other"), QStringLiteral("admin@other.test"),
        QStringLiteral("admin-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    m_otherAdmin = std::make_unique<TestClient>(m_server.baseUrl());
    m_anon = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    QVERIFY(!m_otherAdmin->login(QStringLiteral("admin@other.test"), QStringLiteral("admin-pw")).isEmpty());
    const QString applied = QStringLiteral("applied");

    // One organisation's project with an editable task, file and a sent sign-off; returns their ids.
    struct Set
    {
        QString project, task, file, signoff, approver;
    };
    auto openSet = [&](TestClient &admin, const QString &clientId, bool newOrg) -> Set {
        Set s{newId(), newId(), {}, newId(), QStringLiteral("approver-%1@green.test").arg(newId().left(8))};
        const QString orgId = pullAll(admin).first().toObject().value(u"id").toString();
        if (newOrg)
            [&] {
                QVERIFY(PortalFixture::openPortalProject(admin, orgId, clientId, s.project));
            }();
        else
            [&] {
                QCOMPARE(push(admin,
                             mutation(QStringLiteral("project"), s.project, QStringLiteral("create"),
                                 {{"client_id", clientId}, {"name", "Project"}, {"portal_enabled", true},
                                     {"client_uploads_enabled", true}})),
                    applied);
            }();
        [&] {
            QCOMPARE(push(admin,
                         mutation(QStringLiteral("task"), s.task, QStringLiteral("create"),
                             {{"project_id", s.project}, {"title", "Task"}, {"visibility", "editable"}})),
                applied);
        }();
        s.file =
            PortalFixture::uploadAsStaff(admin, s.project, QStringLiteral("f.txt"), "file", "text/plain", "editable");
        // Someone to approve the sign-off: a contact with an e-mail address, no portal account.
        [&] {
            QCOMPARE(push(admin,
                         mutation(QStringLiteral("contact"), newId(), QStringLiteral("create"),
                             {{"client_id", clientId}, {"name", "Approver"}, {"email", s.approver}})),
                applied);
        }();
        [&] {
            QCOMPARE(push(admin,
                         mutation(QStringLiteral("signoff"), s.signoff, QStringLiteral("create"),
                             {{"project_id", s.project}, {"title", "Approve"}, {"file_ids", QJsonArray{s.file}},
                                 {"status", "sent"}})),
                applied);
        }();
        return s;
    };

    const QString green = newId();
    const Set own = openSet(*m_admin, green, true);
    QVERIFY(!own.file.isEmpty());
    const QString blue = newId();
    QCOMPARE(push(*m_admin, mutation(QStringLiteral("client"), blue, QStringLiteral("create"), {{"name", "Blue"}})),
        applied);
    const Set otherClient = openSet(*m_admin, blue, false);
    const Set otherOrg = openSet(*m_otherAdmin, newId(), true);
    QVERIFY(!otherClient.file.isEmpty() && !otherOrg.file.isEmpty());

    // Private: a project with its portal off, a private task and file, a draft sign-off.
    const QString closed = newId();
    QCOMPARE(push(*m_admin,
                 mutation(QStringLiteral("project"), closed, QStringLiteral("create"),
                     {{"client_id", green}, {"name", "Closed"}, {"portal_enabled", false}})),
        applied);
    const QString privateTask = newId();
    QCOMPARE(push(*m_admin,
                 mutation(QStringLiteral("task"), privateTask, QStringLiteral("create"),
                     {{"project_id", own.project}, {"title", "Private"}, {"visibility", "private"}})),
        applied);
    const QString privateFile =
        PortalFixture::uploadAsStaff(*m_admin, own.project, QStringLiteral("p.txt"), "secret", "text/plain", "private");
    const QString draft = newId();
    QCOMPARE(push(*m_admin,
                 mutation(QStringLiteral("signoff"), draft, QStringLiteral("create"),
                     {{"project_id", own.project}, {"title", "Draft"}, {"file_ids", QJsonArray{own.file}}})),
        applied);

    // Deleted: each kind once shared, then deleted.
    const Set gone = openSet(*m_admin, green, false);
    QVERIFY(!gone.file.isEmpty());
    for (const auto &[entity, id] : {std::pair{"signoff", gone.signoff}, std::pair{"task", gone.task},
             std::pair{"file", gone.file}, std::pair{"project", gone.project}})
        QCOMPARE(push(*m_admin, mutation(QString::fromLatin1(entity), id, QStringLiteral("delete"))), applied);

    m_ivy = PortalFixture::signUp(m_server, *m_admin, green, QStringLiteral("ivy@green.test"));
    QVERIFY(!m_ivy.cookie.isEmpty());
    m_link = Contact{QString(), openLink(own.approver), QByteArray()};
    QVERIFY(!m_link.cookie.isEmpty());

    // Sessions: a colleague's (same client), another client's contact's, another organisation's
    // contact's, and one of Ivy's own that ended.
    auto sessionOf = [&](const Contact &c) {
        TestClient fresh(m_server.baseUrl());
        return fresh.get(QStringLiteral("/api/v1/portal/account"), c.headers())
            .object()
            .value(u"sessions")
            .toArray()
            .first()
            .toObject()
            .value(u"id")
            .toString();
    };
    const Contact colleague = PortalFixture::signUp(m_server, *m_admin, green, QStringLiteral("max@green.test"));
    const Contact bo = PortalFixture::signUp(m_server, *m_admin, blue, QStringLiteral("bo@blue.test"));
    QString otherOrgClientId;
    for (const QJsonValue &c : pullAll(*m_otherAdmin))
        if (c.toObject().value(u"entity").toString() == u"client")
            otherOrgClientId = c.toObject().value(u"id").toString();
    const Contact stranger =
        PortalFixture::signUp(m_server, *m_otherAdmin, otherOrgClientId, QStringLiteral("sam@elsewhere.test"));
    TestClient ivySecond(m_server.baseUrl());
    const auto again = ivySecond.post(QStringLiteral("/api/v1/portal/login"),
        QJsonObject{{"slug", "acme"}, {"email", "ivy@green.test"}, {"password", "long enough password"}});
    QCOMPARE(again.status, 200);
    const QByteArray againCookie = again.header("Set-Cookie").left(again.header("Set-Cookie").indexOf(';'));
    const Contact ivyElsewhere{m_ivy.id, againCookie, again.object().value(u"csrf").toString().toLatin1()};
    const QString ended = sessionOf(ivyElsewhere);
    QCOMPARE(TestClient(m_server.baseUrl())
                 .send("POST", QStringLiteral("/api/v1/portal/logout"), "{}", writeHeaders(ivyElsewhere))
                 .status,
        200);
    m_ids[QStringLiteral("session")] = {QString(),
        {{kHiddenCases[0], sessionOf(bo)}, {kHiddenCases[1], sessionOf(stranger)},
            {kHiddenCases[2], sessionOf(colleague)}, {kHiddenCases[3], ended}}};
    for (const QString &id : m_ids.value(QStringLiteral("session")).hidden)
        QVERIFY(!id.isEmpty());

    m_ids[QStringLiteral("project")] = {own.project,
        {{kHiddenCases[0], otherClient.project}, {kHiddenCases[1], otherOrg.project}, {kHiddenCases[2], closed},
            {kHiddenCases[3], gone.project}}};
    m_ids[QStringLiteral("task")] = {own.task,
        {{kHiddenCases[0], otherClient.task}, {kHiddenCases[1], otherOrg.task}, {kHiddenCases[2], privateTask},
            {kHiddenCases[3], gone.task}}};
    m_ids[QStringLiteral("file")] = {own.file,
        {{kHiddenCases[0], otherClient.file}, {kHiddenCases[1], otherOrg.file}, {kHiddenCases[2], privateFile},
            {kHiddenCases[3], gone.file}}};
    m_ids[QStringLiteral("signoff")] = {own.signoff,
        {{kHiddenCases[0], otherClient.signoff}, {kHiddenCases[1], otherOrg.signoff}, {kHiddenCases[2], draft},
            {kHiddenCases[3], gone.signoff}}};
}

QList<Route> TestPortalMatrix::routes() const
{
    const QString ownProject = m_ids.value(QStringLiteral("project")).valid;
    const QString ownSignoff = m_ids.value(QStringLiteral("signoff")).valid;
    const QString ownFile = m_ids.value(QStringLiteral("file")).valid;
    QList<Route> all{
        {QStringLiteral("GET project"), QStringLiteral("project"),
            [](TestClient &c, const Contact &who, const QString &id) {
                return c.get(QStringLiteral("/api/v1/portal/projects/") + id, who.headers());
            },
            true},
        {QStringLiteral("POST project visit"), QStringLiteral("project"),
            [](TestClient &c, const Contact &who, const QString &id) {
                return c.send(
                    "POST", QStringLiteral("/api/v1/portal/projects/%1/visit").arg(id), "{}", writeHeaders(who));
            },
            true},
        {QStringLiteral("PATCH task"), QStringLiteral("task"),
            [](TestClient &c, const Contact &who, const QString &id) {
                return c.send("PATCH", QStringLiteral("/api/v1/portal/tasks/") + id, json({{"status", "done"}}),
                    writeHeaders(who));
            }},
        {QStringLiteral("POST comment on a task"), QStringLiteral("task"),
            [](TestClient &c, const Contact &who, const QString &id) {
                return c.send("POST", QStringLiteral("/api/v1/portal/comments"),
                    json({{"target_entity", "task"}, {"target_id", id}, {"body", "hello"}}), writeHeaders(who));
            }},
        {QStringLiteral("POST comment on a file"), QStringLiteral("file"),
            [](TestClient &c, const Contact &who, const QString &id) {
                return c.send("POST", QStringLiteral("/api/v1/portal/comments"),
                    json({{"target_entity", "file"}, {"target_id", id}, {"body", "hello"}}), writeHeaders(who));
            }},
        {QStringLiteral("GET file content"), QStringLiteral("file"),
            [](TestClient &c, const Contact &who, const QString &id) {
                return c.get(QStringLiteral("/api/v1/portal/files/%1/content").arg(id), who.headers());
            },
            true},
        {QStringLiteral("GET file preview"), QStringLiteral("file"),
            [](TestClient &c, const Contact &who, const QString &id) {
                return c.get(QStringLiteral("/api/v1/portal/files/%1/preview").arg(id), who.headers());
            }},
        {QStringLiteral("GET project download"), QStringLiteral("project"),
            [](TestClient &c, const Contact &who, const QString &id) {
                return c.get(QStringLiteral("/api/v1/portal/projects/%1/download").arg(id), who.headers());
            },
            true},
        {QStringLiteral("DELETE session"), QStringLiteral("session"),
            [](TestClient &c, const Contact &who, const QString &id) {
                return c.send("DELETE", QStringLiteral("/api/v1/portal/sessions/") + id, "{}", writeHeaders(who));
            }},
        {QStringLiteral("POST upload into a project"), QStringLiteral("project"),
            [](TestClient &c, const Contact &who, const QString &id) {
                return c.send("POST", QStringLiteral("/api/v1/portal/uploads"),
                    json({{"project_id", id}, {"name", "a.txt"}, {"size", 10}}), writeHeaders(who));
            }},
        {QStringLiteral("POST upload replacing a file"), QStringLiteral("file"),
            [ownProject](TestClient &c, const Contact &who, const QString &id) {
                return c.send("POST", QStringLiteral("/api/v1/portal/uploads"),
                    json({{"project_id", ownProject}, {"file_id", id}, {"name", "f.txt"}, {"size", 10}}),
                    writeHeaders(who));
            }},
    };
    // A sign-off's routes, for a signed-in client and for the holder of the personal link to the
    // client's own sign-off (whose cookie opens that one sign-off and nothing else).
    for (const bool viaLink : {false, true}) {
        const QString base =
            viaLink ? QStringLiteral("/api/v1/portal/link/signoffs/") : QStringLiteral("/api/v1/portal/signoffs/");
        const QString way = viaLink ? QStringLiteral(" (personal link)") : QString();
        auto get = [base](const QString &path) {
            return [base, path](TestClient &c, const Contact &who, const QString &id) {
                return c.get(base + path.arg(id), who.headers());
            };
        };
        auto getFile = [base, ownSignoff](const QString &path) {
            return [base, path, ownSignoff](TestClient &c, const Contact &who, const QString &id) {
                return c.get(base + path.arg(ownSignoff, id), who.headers());
            };
        };
        all << Route{QStringLiteral("GET sign-off") + way, QStringLiteral("signoff"), get(QStringLiteral("%1")), true,
            viaLink}
            << Route{QStringLiteral("POST sign-off decision") + way, QStringLiteral("signoff"),
                   [base](TestClient &c, const Contact &who, const QString &id) {
                       return c.send("POST", base + id + QStringLiteral("/decision"),
                           json({{"decision", "rejected"}, {"comment", "no"}}), writeHeaders(who));
                   },
                   false, viaLink}
            << Route{QStringLiteral("GET sign-off file, by sign-off") + way, QStringLiteral("signoff"),
                   get(QStringLiteral("%1/files/") + ownFile + QStringLiteral("/content")), true, viaLink}
            << Route{QStringLiteral("GET sign-off file, by file") + way, QStringLiteral("file"),
                   getFile(QStringLiteral("%1/files/%2/content")), true, viaLink}
            << Route{QStringLiteral("GET sign-off file preview, by sign-off") + way, QStringLiteral("signoff"),
                   get(QStringLiteral("%1/files/") + ownFile + QStringLiteral("/preview")), false, viaLink}
            << Route{QStringLiteral("GET sign-off file preview, by file") + way, QStringLiteral("file"),
                   getFile(QStringLiteral("%1/files/%2/preview")), false, viaLink}
            << Route{QStringLiteral("GET sign-off download") + way, QStringLiteral("signoff"),
                   get(QStringLiteral("%1/download")), true, viaLink}
            // The client's own sign-off is still waiting: its certificate answers 409, not 200.
            << Route{QStringLiteral("GET sign-off certificate") + way, QStringLiteral("signoff"),
                   get(QStringLiteral("%1/certificate")), false, viaLink};
    }
    return all;
}

void TestPortalMatrix::hiddenAnswersAsMissing_data()
{
    QTest::addColumn<int>("route");
    QTest::addColumn<QString>("hiddenCase");
    const QList<Route> all = routes();
    for (int i = 0; i < all.size(); ++i) {
        for (const QString &c : kHiddenCases)
            QTest::addRow("%s, %s", qPrintable(all.at(i).name), qPrintable(c)) << i << c;
    }
}

void TestPortalMatrix::hiddenAnswersAsMissing()
{
    QFETCH(int, route);
    QFETCH(QString, hiddenCase);
    const Route r = routes().at(route);
    const Kind ids = m_ids.value(r.kind);
    QVERIFY(!ids.hidden.value(hiddenCase).isEmpty());

    const Contact &who = r.viaLink ? m_link : m_ivy;
    const TestClient::Reply missing = r.call(*m_anon, who, newId());
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.errorCode(), QStringLiteral("not_found"));
    const TestClient::Reply hidden = r.call(*m_anon, who, ids.hidden.value(hiddenCase));
    QCOMPARE(hidden.status, missing.status);
    QCOMPARE(hidden.errorCode(), missing.errorCode());
    QCOMPARE(hidden.object().value(u"error").toObject().value(u"message").toString(),
        missing.object().value(u"error").toObject().value(u"message").toString());
    // And the table is not vacuous: the client's own item is found.
    if (r.validIsReadable)
        QCOMPARE(r.call(*m_anon, who, ids.valid).status, 200);
}

QTEST_GUILESS_MAIN(TestPortalMatrix)
#include "tst_portalmatrix.moc"
