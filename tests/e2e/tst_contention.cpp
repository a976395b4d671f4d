// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QBuffer>
#include <QCryptographicHash>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>

#include <algorithm>
#include <memory>

#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;
using PortalFixture::Contact;

namespace {

// One request of a parallel batch.
struct Call
{
    QByteArray method;
    QString path;
    QByteArray body;
    TestClient::Headers headers;
};

struct Answer
{
    int status = 0;
    QString code;
    QByteArray body;
};

TestClient::Headers json(TestClient::Headers headers = {})
{
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return headers;
}

TestClient::Headers bearer(const QByteArray &token, const QByteArray &contentType = "application/json")
{
    return {{"Authorization", "Bearer " + token}, {"Content-Type", contentType}};
}

QByteArray body(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString describe(const QList<Answer> &answers)
{
    QStringList out;
    for (const Answer &a : answers)
        out.append(QStringLiteral("%1 %2").arg(a.status).arg(a.code));
    return out.join(u", ");
}

} // namespace

// Contention is not an error: parallel requests to every write route, on SQLite and PostgreSQL,
// never get a 500, and the sign-in throttle holds however many guesses arrive at once.
class TestContention : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void parallelWrongLoginsAreThrottledWithoutErrors_data();
    void parallelWrongLoginsAreThrottledWithoutErrors();
    void parallelPasswordResetsAreThrottled_data();
    void parallelPasswordResetsAreThrottled();
    void everyWriteRouteTakesParallelRequests_data();
    void everyWriteRouteTakesParallelRequests();

private:
    // Sends every call at once, each on its own connection, and waits for all answers.
    QList<Answer> inParallel(const QList<Call> &calls);
    QString startStaffUpload(const QByteArray &content);
    QList<Call> callsFor(const QString &route, int count);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    QString m_orgId;
    QString m_client;
    QString m_project;
    Contact m_contact;
};

void TestContention::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    m_orgId = pullAll(*m_admin).first().toObject().value(u"id").toString();
    m_client = newId();
    m_project = newId();
    QVERIFY(PortalFixture::openPortalProject(*m_admin, m_orgId, m_client, m_project));
    m_contact = PortalFixture::signUp(m_server, *m_admin, m_client, QStringLiteral("ivy@green.test"));
    QVERIFY(!m_contact.cookie.isEmpty());
    QVERIFY(!PortalFixture::signUp(m_server, *m_admin, m_client, QStringLiteral("target@green.test")).cookie.isEmpty());
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("target@acme.test"), QStringLiteral("Tara Get"),
        QStringLiteral("member"), QStringLiteral("target-pw")));
}

QList<Answer> TestContention::inParallel(const QList<Call> &calls)
{
    // One manager per call: a manager opens at most six connections to a host.
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    QList<QNetworkReply *> replies;
    for (const Call &call : calls) {
        managers.push_back(std::make_unique<QNetworkAccessManager>());
        QNetworkRequest request(m_server.baseUrl().resolved(QUrl(call.path)));
        for (const auto &[name, value] : call.headers)
            request.setRawHeader(name, value);
        auto *buffer = new QBuffer;
        buffer->setData(call.body);
        QNetworkReply *reply = managers.back()->sendCustomRequest(request, call.method, buffer);
        buffer->setParent(reply);
        replies.append(reply);
    }
    const bool finished = QTest::qWaitFor(
        [&] {
            return std::all_of(replies.cbegin(), replies.cend(), [](QNetworkReply *r) {
                return r->isFinished();
            });
        },
        60000);
    QList<Answer> answers;
    for (QNetworkReply *reply : std::as_const(replies)) {
        Answer a;
        a.status = finished ? reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() : 0;
        a.body = reply->readAll();
        a.code = QJsonDocument::fromJson(a.body).object().value(u"error").toObject().value(u"code").toString();
        answers.append(a);
        delete reply;
    }
    return answers;
}

QString TestContention::startStaffUpload(const QByteArray &content)
{
    const TestClient::Reply started = m_admin->post(QStringLiteral("/api/v1/files/uploads"),
        QJsonObject{{"file_id", newId()}, {"project_id", m_project}, {"name", "part.bin"}, {"size", content.size()},
            {"sha256", sha256Hex(content)}});
    return started.object().value(u"upload_id").toString();
}

void TestContention::parallelWrongLoginsAreThrottledWithoutErrors_data()
{
    QTest::addColumn<bool>("portal");
    QTest::addColumn<bool>("knownAddress");
    QTest::addRow("staff, known address") << false << true;
    QTest::addRow("staff, unknown address") << false << false;
    QTest::addRow("portal, known address") << true << true;
    QTest::addRow("portal, unknown address") << true << false;
}

void TestContention::parallelWrongLoginsAreThrottledWithoutErrors()
{
    QFETCH(bool, portal);
    QFETCH(bool, knownAddress);
    // Accounts of their own, so the lockout holds up no other test.
    const QString email = knownAddress
        ? (portal ? QStringLiteral("target@green.test") : QStringLiteral("target@acme.test"))
        : QStringLiteral("nobody-%1@acme.test").arg(portal);
    QJsonObject guess{{"email", email}, {"password", "not the password"}};
    if (portal)
        guess.insert(QStringLiteral("slug"), QStringLiteral("acme"));
    const Call call{"POST", portal ? QStringLiteral("/api/v1/portal/login") : QStringLiteral("/api/v1/auth/login"),
        body(guess), json()};
    const QList<Answer> answers = inParallel(QList<Call>(32, call));
    int notThrottled = 0;
    for (const Answer &a : answers) {
        QVERIFY2(a.status == 401 || a.status == 429, qPrintable(describe(answers)));
        if (a.status != 429)
            ++notThrottled;
    }
    // --login-max-failures (5) guesses and not one more, however many arrive together.
    QVERIFY2(notThrottled >= 1 && notThrottled <= 5, qPrintable(describe(answers)));
}

void TestContention::parallelPasswordResetsAreThrottled_data()
{
    QTest::addColumn<QString>("email");
    QTest::addRow("known address") << QStringLiteral("ivy@green.test");
    QTest::addRow("unknown address") << QStringLiteral("nobody-reset@green.test");
}

// "Forgot password" is throttled like sign-in so that it cannot flood an inbox: as many requests
// at once as you like, still only --login-max-failures of them are taken.
void TestContention::parallelPasswordResetsAreThrottled()
{
    QFETCH(QString, email);
    const Call call{"POST", QStringLiteral("/api/v1/portal/password/forgot"),
        body(QJsonObject{{"email", email}, {"slug", "acme"}}), json()};
    const QList<Answer> answers = inParallel(QList<Call>(32, call));
    int taken = 0;
    for (const Answer &a : answers) {
        QVERIFY2(a.status == 202 || a.status == 429, qPrintable(describe(answers)));
        if (a.status == 202)
            ++taken;
    }
    QVERIFY2(taken >= 1 && taken <= 5, qPrintable(describe(answers)));
}

QList<Call> TestContention::callsFor(const QString &route, int count)
{
    QList<Call> calls;
    const QByteArray token = m_admin->token();
    const TestClient::Headers portalWrite = json(m_contact.headers(true));
    if (route == u"staff push") {
        for (int i = 0; i < count; ++i)
            calls.append({"POST", QStringLiteral("/api/v1/sync/push"),
                body({{"client_id", "test"},
                    {"mutations",
                        QJsonArray{mutation(QStringLiteral("task"), newId(), QStringLiteral("create"),
                            {{"project_id", m_project}, {"title", QStringLiteral("Task %1").arg(i)},
                                {"visibility", "editable"}})}}}),
                bearer(token)});
    } else if (route == u"staff login") {
        for (int i = 0; i < count; ++i) {
            const QString email = QStringLiteral("staff%1@acme.test").arg(i);
            if (!m_server.addStaff(QStringLiteral("acme"), email, QStringLiteral("Staff"), QStringLiteral("member"),
                    QStringLiteral("staff-pw")))
                return {};
            calls.append({"POST", QStringLiteral("/api/v1/auth/login"),
                body({{"email", email}, {"password", "staff-pw"}}), json()});
        }
    } else if (route == u"staff logout") {
        for (int i = 0; i < count; ++i) {
            TestClient other(m_server.baseUrl());
            const QByteArray t = other.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw"));
            calls.append({"POST", QStringLiteral("/api/v1/auth/logout"), "{}", bearer(t)});
        }
    } else if (route == u"upload start") {
        for (int i = 0; i < count; ++i)
            calls.append({"POST", QStringLiteral("/api/v1/files/uploads"),
                body({{"file_id", newId()}, {"project_id", m_project}, {"name", QStringLiteral("f%1.bin").arg(i)},
                    {"size", 1000}, {"sha256", sha256Hex("x")}}),
                bearer(token)});
    } else if (route == u"upload chunk") {
        const QByteArray content(4096, 'c');
        for (int i = 0; i < count; ++i)
            calls.append({"PUT", QStringLiteral("/api/v1/files/uploads/%1?offset=0").arg(startStaffUpload(content)),
                content, bearer(token, "application/octet-stream")});
    } else if (route == u"upload complete") {
        for (int i = 0; i < count; ++i) {
            const QByteArray content = QByteArray("content ") + QByteArray::number(i);
            const QString id = startStaffUpload(content);
            m_admin->put(
                QStringLiteral("/api/v1/files/uploads/%1?offset=0").arg(id), content, "application/octet-stream");
            calls.append({"POST", QStringLiteral("/api/v1/files/uploads/%1/complete").arg(id), "{}", bearer(token)});
        }
    } else if (route == u"logo upload") {
        QImage image(64, 32, QImage::Format_RGB32);
        image.fill(QColor(0x1f, 0x4e, 0x79));
        QBuffer png;
        png.open(QIODevice::WriteOnly);
        image.save(&png, "PNG");
        for (int i = 0; i < count; ++i)
            calls.append({"PUT", QStringLiteral("/api/v1/organisations/%1/logos/%2").arg(m_orgId, newId()), png.data(),
                bearer(token, "image/png")});
    } else if (route == u"portal login") {
        for (int i = 0; i < count; ++i)
            calls.append({"POST", QStringLiteral("/api/v1/portal/login"),
                body({{"slug", "acme"}, {"email", QStringLiteral("client%1@green.test").arg(i)},
                    {"password", "long enough password"}}),
                json()});
        for (int i = 0; i < count; ++i) {
            if (PortalFixture::signUp(m_server, *m_admin, m_client, QStringLiteral("client%1@green.test").arg(i))
                    .cookie.isEmpty())
                return {};
        }
    } else if (route == u"portal comment" || route == u"portal task patch") {
        const QString task = newId();
        pushResults(*m_admin,
            {mutation(QStringLiteral("task"), task, QStringLiteral("create"),
                {{"project_id", m_project}, {"title", "Shared"}, {"visibility", "editable"}})});
        for (int i = 0; i < count; ++i) {
            if (route == u"portal comment")
                calls.append({"POST", QStringLiteral("/api/v1/portal/comments"),
                    body({{"target_entity", "task"}, {"target_id", task}, {"body", QStringLiteral("Note %1").arg(i)}}),
                    portalWrite});
            else
                calls.append({"PATCH", QStringLiteral("/api/v1/portal/tasks/") + task,
                    body({{"status", i % 2 ? "done" : "in_progress"}}), portalWrite});
        }
    } else if (route == u"portal sign-off decision") {
        const QString signoff = newId();
        pushResults(*m_admin,
            {mutation(QStringLiteral("signoff"), signoff, QStringLiteral("create"),
                 {{"project_id", m_project}, {"title", "Homepage"}}),
                mutation(QStringLiteral("signoff"), signoff, QStringLiteral("update"), {{"status", "sent"}},
                    {{"status", "draft"}})});
        for (int i = 0; i < count; ++i)
            calls.append({"POST", QStringLiteral("/api/v1/portal/signoffs/%1/decision").arg(signoff),
                body({{"decision", "approved"}}), portalWrite});
    } else if (route == u"portal upload start") {
        for (int i = 0; i < count; ++i)
            calls.append({"POST", QStringLiteral("/api/v1/portal/uploads"),
                body({{"project_id", m_project}, {"name", QStringLiteral("scan%1.pdf").arg(i)}, {"size", 1000}}),
                portalWrite});
    }
    return calls;
}

void TestContention::everyWriteRouteTakesParallelRequests_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<QList<int>>("allowed"); // the statuses a request may get
    for (const auto &[route, allowed] : std::initializer_list<std::pair<const char *, QList<int>>>{
             {"staff push", {200}},
             {"staff login", {200}},
             {"staff logout", {200}},
             {"upload start", {201}},
             {"upload chunk", {200}},
             {"upload complete", {201}},
             {"logo upload", {201}},
             {"portal login", {200}},
             {"portal comment", {201}},
             {"portal task patch", {200}},
             {"portal sign-off decision", {200, 409}},
             // A contact holds a few open uploads at a time (README, "Uploads and quota").
             {"portal upload start", {201, 429}},
         })
        QTest::addRow("%s", route) << QString::fromLatin1(route) << allowed;
}

void TestContention::everyWriteRouteTakesParallelRequests()
{
    QFETCH(QString, route);
    QFETCH(QList<int>, allowed);
    // Routes whose setup signs people in or up (a password hash each) get fewer requests.
    const int count = route == u"staff login" || route == u"staff logout" || route == u"portal login" ? 8 : 12;
    const QList<Call> calls = callsFor(route, count);
    QCOMPARE(calls.size(), count);
    const QList<Answer> answers = inParallel(calls);
    for (const Answer &a : answers)
        QVERIFY2(allowed.contains(a.status), qPrintable(describe(answers) + u' ' + QString::fromUtf8(a.body)));
    if (route == u"portal sign-off decision") {
        // The first answer wins; every other one is told it came too late.
        QCOMPARE(std::count_if(answers.cbegin(), answers.cend(),
                     [](const Answer &a) {
                         return a.status == 200;
                     }),
            1);
        for (const Answer &a : answers) {
            if (a.status == 409)
                QCOMPARE(a.code, QStringLiteral("already_decided"));
        }
    }
}

QTEST_GUILESS_MAIN(TestContention)
#include "tst_contention.moc"
