// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QTest>

#include <memory>

#include "tests/support/dbinspector.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

// The sync protocol (ARCHITECTURE.md, "Sync protocol") through the real server binary.
class TestSyncProtocol : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void unauthenticatedRequestsAreRefused();
    void pullPagesInVersionOrder();
    void pullOfNothingKeepsTheCursor();
    void replayedMutationReturnsStoredResult();
    void newTasksArePrivate();
    void staleBaseBecomesConflictForTheAuthorOnly();
    void deleteBeatsConcurrentEdit();
    void visibilityConflictKeepsMorePrivate_data();
    void visibilityConflictKeepsMorePrivate();
    void organisationsAreIsolated();
    void onlyAdminsChangeOrganisationAndStaff();
    void badJsonIsRefused_data();
    void badJsonIsRefused();
    void wrongMutationsAreRejected_data();
    void wrongMutationsAreRejected();
    void oneBadMutationDoesNotStopTheOthers();
    void customHostTakenInAnotherCaseIsRejectedAlone_data();
    void customHostTakenInAnotherCaseIsRejectedAlone();
    void storageErrorRejectsOnlyItsMutation();
    void batchReadsItsOwnWrites();
    void textComesBackAsWritten();
    void storedBytesNotInUtf8StillPullAsJson();
    void oversizedPushIsRefused();
    void oldCursorAfterPurgeIsGone();
    void linkInviteTokenIsHandedOutOnceAndStoredHashed();

private:
    QString createTask(TestClient &client, const QString &projectId, const QJsonObject &extra = {});

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    std::unique_ptr<TestClient> m_member;
    std::unique_ptr<TestClient> m_other; // admin of another organisation
    QString m_projectId;
};

void TestSyncProtocol::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(QStringLiteral("Acme Studio"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"),
        QStringLiteral("admin-pw")));
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("member@acme.test"), QStringLiteral("Mo Member"),
        QStringLiteral("member"), QStringLiteral("member-pw")));
    QVERIFY(m_server.createOrg(QStringLiteral("Beta Agency"), QStringLiteral("beta"), QStringLiteral("admin@beta.test"),
        QStringLiteral("beta-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    m_member = std::make_unique<TestClient>(m_server.baseUrl());
    m_other = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    QVERIFY(!m_member->login(QStringLiteral("member@acme.test"), QStringLiteral("member-pw")).isEmpty());
    QVERIFY(!m_other->login(QStringLiteral("admin@beta.test"), QStringLiteral("beta-pw")).isEmpty());
    m_projectId = createProject(*m_admin);
    QVERIFY(!m_projectId.isEmpty());
}

QString TestSyncProtocol::createTask(TestClient &client, const QString &projectId, const QJsonObject &extra)
{
    const QString id = newId();
    QJsonObject fields{{"project_id", projectId}, {"title", "Mood boards"}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        fields.insert(it.key(), it.value());
    const QJsonArray results =
        pushResults(client, {mutation(QStringLiteral("task"), id, QStringLiteral("create"), fields)});
    if (results.size() != 1 || results.at(0).toObject().value(u"status").toString() != u"applied")
        return {};
    return id;
}

void TestSyncProtocol::unauthenticatedRequestsAreRefused()
{
    TestClient anonymous(m_server.baseUrl());
    const TestClient::Reply pull = anonymous.get(QStringLiteral("/api/v1/sync/pull?since=0"));
    QCOMPARE(pull.status, 401);
    QCOMPARE(pull.errorCode(), QStringLiteral("unauthorized"));
    QVERIFY(pull.header("Content-Type").startsWith("application/json"));
    QCOMPARE(push(anonymous, {}).status, 401);

    TestClient forged(m_server.baseUrl());
    forged.setToken("atr_" + QByteArray(43, 'A'));
    QCOMPARE(forged.get(QStringLiteral("/api/v1/sync/pull")).status, 401);
}

void TestSyncProtocol::pullPagesInVersionOrder()
{
    qint64 start = 0;
    pullAll(*m_admin, 0, &start);
    QJsonArray mutations;
    QStringList ids;
    for (int i = 0; i < 40; ++i) {
        ids.append(newId());
        mutations.append(mutation(QStringLiteral("task"), ids.last(), QStringLiteral("create"),
            {{"project_id", m_projectId}, {"title", QStringLiteral("Task %1").arg(i)}, {"position", i}}));
    }
    const QJsonArray results = pushResults(*m_admin, mutations);
    QCOMPARE(results.size(), 40);

    qint64 since = start;
    qint64 lastVersion = start;
    QSet<QString> seen;
    int pages = 0;
    for (;;) {
        const TestClient::Reply reply = m_admin->get(QStringLiteral("/api/v1/sync/pull?since=%1&limit=7").arg(since));
        QCOMPARE(reply.status, 200);
        const QJsonObject body = reply.object();
        const QJsonArray changes = body.value(u"changes").toArray();
        QVERIFY(changes.size() <= 7);
        for (const QJsonValue &change : changes) {
            const qint64 version = change.toObject().value(u"version").toInteger();
            QVERIFY2(version > lastVersion, "versions must increase across pages");
            lastVersion = version;
            seen.insert(change.toObject().value(u"id").toString());
        }
        QVERIFY(body.value(u"cursor").toInteger() >= since);
        since = body.value(u"cursor").toInteger();
        ++pages;
        if (!body.value(u"more").toBool())
            break;
        QCOMPARE(changes.size(), 7);
        QVERIFY(pages < 100);
    }
    QVERIFY(pages >= 6); // 40 tasks + their activity entries
    for (const QString &id : std::as_const(ids))
        QVERIFY2(seen.contains(id), qPrintable(id));
}

void TestSyncProtocol::pullOfNothingKeepsTheCursor()
{
    qint64 cursor = 0;
    pullAll(*m_admin, 0, &cursor);
    const TestClient::Reply reply = m_admin->get(QStringLiteral("/api/v1/sync/pull?since=%1").arg(cursor));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"changes").toArray().size(), 0);
    QCOMPARE(reply.object().value(u"cursor").toInteger(), cursor);
    QCOMPARE(reply.object().value(u"more").toBool(), false);
}

void TestSyncProtocol::replayedMutationReturnsStoredResult()
{
    const QString id = newId();
    const QString mutationId = newId();
    const QJsonObject create =
        mutation(QStringLiteral("client"), id, QStringLiteral("create"), {{"name", "Fjord Outdoor"}}, {}, mutationId);
    const QJsonArray first = pushResults(*m_admin, {create});
    QCOMPARE(first.size(), 1);
    QCOMPARE(first.at(0).toObject().value(u"status").toString(), QStringLiteral("applied"));
    const qint64 version = first.at(0).toObject().value(u"version").toInteger();

    // The same mutation again, even with other content, returns the stored answer and changes nothing.
    const QJsonObject again =
        mutation(QStringLiteral("client"), id, QStringLiteral("create"), {{"name", "Something else"}}, {}, mutationId);
    const QJsonArray second = pushResults(*m_admin, {again, again});
    QCOMPARE(second.size(), 2);
    for (const QJsonValue &result : second) {
        QCOMPARE(result.toObject().value(u"status").toString(), QStringLiteral("applied"));
        QCOMPARE(result.toObject().value(u"version").toInteger(), version);
        QCOMPARE(result.toObject().value(u"mutation_id").toString(), mutationId);
    }
    const QJsonObject stored = find(pullAll(*m_admin), id);
    QCOMPARE(stored.value(u"version").toInteger(), version);
    QCOMPARE(stored.value(u"data").toObject().value(u"name").toString(), QStringLiteral("Fjord Outdoor"));
}

void TestSyncProtocol::newTasksArePrivate()
{
    const QString id = createTask(*m_admin, m_projectId);
    QVERIFY(!id.isEmpty());
    const QJsonObject task = find(pullAll(*m_admin), id);
    QCOMPARE(task.value(u"entity").toString(), QStringLiteral("task"));
    QCOMPARE(task.value(u"data").toObject().value(u"visibility").toString(), QStringLiteral("private"));
    QCOMPARE(task.value(u"deleted").toBool(), false);
}

void TestSyncProtocol::staleBaseBecomesConflictForTheAuthorOnly()
{
    const QString id = createTask(*m_admin, m_projectId, {{"title", "Logo concepts"}});
    QVERIFY(!id.isEmpty());
    // The member edits first, from the same base.
    const QJsonArray theirs = pushResults(*m_member,
        {mutation(QStringLiteral("task"), id, QStringLiteral("update"), {{"title", "Logo concepts (3)"}},
            {{"title", "Logo concepts"}})});
    QCOMPARE(theirs.at(0).toObject().value(u"status").toString(), QStringLiteral("applied"));
    const QJsonArray mine = pushResults(*m_admin,
        {mutation(QStringLiteral("task"), id, QStringLiteral("update"),
            {{"title", "Logo directions"}, {"description", "Three routes"}},
            {{"title", "Logo concepts"}, {"description", ""}})});
    const QJsonObject result = mine.at(0).toObject();
    QCOMPARE(result.value(u"status").toString(), QStringLiteral("conflict"));
    QCOMPARE(result.value(u"conflicts").toArray().size(), 1);
    const QString conflictId = result.value(u"conflicts").toArray().at(0).toObject().value(u"conflict_id").toString();

    const QJsonArray changes = pullAll(*m_admin);
    const QJsonObject task = find(changes, id).value(u"data").toObject();
    QCOMPARE(task.value(u"title").toString(), QStringLiteral("Logo concepts (3)")); // the server's value stays
    QCOMPARE(task.value(u"description").toString(), QStringLiteral("Three routes")); // the field without a race applies
    const QJsonObject conflict = find(changes, conflictId);
    QCOMPARE(conflict.value(u"entity").toString(), QStringLiteral("conflict"));
    const QJsonObject data = conflict.value(u"data").toObject();
    QCOMPARE(data.value(u"entity").toString(), QStringLiteral("task"));
    QCOMPARE(data.value(u"entity_id").toString(), id);
    QCOMPARE(data.value(u"field").toString(), QStringLiteral("title"));
    QCOMPARE(data.value(u"rejected_value").toString(), QStringLiteral("Logo directions"));
    QCOMPARE(data.value(u"server_value").toString(), QStringLiteral("Logo concepts (3)"));
    QVERIFY(!data.value(u"author_id").toString().isEmpty());
    QVERIFY(!data.value(u"created_at").toString().isEmpty());
    // Only the author pulls it.
    QVERIFY(find(pullAll(*m_member), conflictId).isEmpty());

    // The author may mark it resolved.
    const QJsonArray resolved = pushResults(
        *m_admin, {mutation(QStringLiteral("conflict"), conflictId, QStringLiteral("update"), {{"resolved", true}})});
    QCOMPARE(resolved.at(0).toObject().value(u"status").toString(), QStringLiteral("applied"));
    const QJsonArray foreign = pushResults(
        *m_member, {mutation(QStringLiteral("conflict"), conflictId, QStringLiteral("update"), {{"resolved", false}})});
    QCOMPARE(foreign.at(0).toObject().value(u"status").toString(), QStringLiteral("rejected"));
}

void TestSyncProtocol::deleteBeatsConcurrentEdit()
{
    const QString id = createTask(*m_admin, m_projectId, {{"title", "Packaging mock-ups"}});
    QVERIFY(!id.isEmpty());
    QCOMPARE(pushResults(*m_member, {mutation(QStringLiteral("task"), id, QStringLiteral("delete"))})
                 .at(0)
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("applied"));
    const QJsonObject result = pushResults(*m_admin,
        {mutation(QStringLiteral("task"), id, QStringLiteral("update"), {{"title", "Packaging v2"}},
            {{"title", "Packaging mock-ups"}})})
                                   .at(0)
                                   .toObject();
    QCOMPARE(result.value(u"status").toString(), QStringLiteral("conflict"));
    QCOMPARE(result.value(u"deleted").toBool(), true);
    const QJsonArray changes = pullAll(*m_admin);
    const QJsonObject task = find(changes, id);
    QCOMPARE(task.value(u"deleted").toBool(), true);
    // The tombstone keeps the data, so the item can be restored.
    QCOMPARE(task.value(u"data").toObject().value(u"title").toString(), QStringLiteral("Packaging mock-ups"));
    const QString conflictId = result.value(u"conflicts").toArray().at(0).toObject().value(u"conflict_id").toString();
    const QJsonObject conflict = find(changes, conflictId).value(u"data").toObject();
    QCOMPARE(conflict.value(u"reason").toString(), QStringLiteral("deleted"));
    QCOMPARE(conflict.value(u"rejected_value").toString(), QStringLiteral("Packaging v2"));
}

void TestSyncProtocol::visibilityConflictKeepsMorePrivate_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("theirs");
    QTest::addColumn<QString>("mine");
    QTest::addColumn<QString>("kept");
    QTest::addRow("they share read-only, I share editable") << "private"
                                                            << "read_only"
                                                            << "editable"
                                                            << "read_only";
    QTest::addRow("they share editable, I share read-only") << "private"
                                                            << "editable"
                                                            << "read_only"
                                                            << "read_only";
    QTest::addRow("they hide it, I share it") << "read_only"
                                              << "private"
                                              << "editable"
                                              << "private";
    QTest::addRow("they share it, I hide it") << "read_only"
                                              << "editable"
                                              << "private"
                                              << "private";
}

void TestSyncProtocol::visibilityConflictKeepsMorePrivate()
{
    QFETCH(QString, base);
    QFETCH(QString, theirs);
    QFETCH(QString, mine);
    QFETCH(QString, kept);
    const QString id = createTask(*m_admin, m_projectId, {{"visibility", base}});
    QVERIFY(!id.isEmpty());
    QCOMPARE(pushResults(*m_member,
                 {mutation(QStringLiteral("task"), id, QStringLiteral("update"), {{"visibility", theirs}},
                     {{"visibility", base}})})
                 .at(0)
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("applied"));
    const QJsonObject result = pushResults(*m_admin,
        {mutation(
            QStringLiteral("task"), id, QStringLiteral("update"), {{"visibility", mine}}, {{"visibility", base}})})
                                   .at(0)
                                   .toObject();
    QCOMPARE(result.value(u"status").toString(), QStringLiteral("conflict"));
    const QJsonArray changes = pullAll(*m_admin);
    QCOMPARE(find(changes, id).value(u"data").toObject().value(u"visibility").toString(), kept);
    const QString conflictId = result.value(u"conflicts").toArray().at(0).toObject().value(u"conflict_id").toString();
    QCOMPARE(
        find(changes, conflictId).value(u"data").toObject().value(u"reason").toString(), QStringLiteral("visibility"));
}

void TestSyncProtocol::organisationsAreIsolated()
{
    const QString taskId = createTask(*m_admin, m_projectId, {{"title", "Secret roadmap"}});
    QVERIFY(!taskId.isEmpty());
    const QJsonArray theirView = pullAll(*m_other);
    QVERIFY(!theirView.isEmpty()); // their own organisation and admin
    const QJsonArray ours = pullAll(*m_admin);
    QSet<QString> ourIds;
    for (const QJsonValue &change : ours)
        ourIds.insert(change.toObject().value(u"id").toString());
    for (const QJsonValue &change : theirView) {
        QVERIFY2(!ourIds.contains(change.toObject().value(u"id").toString()), "another organisation's row leaked");
        QVERIFY(!QJsonDocument(change.toObject()).toJson().contains("Secret roadmap"));
    }
    const QJsonArray attempts = pushResults(*m_other,
        {mutation(QStringLiteral("task"), taskId, QStringLiteral("update"), {{"title", "Mine now"}}),
            mutation(QStringLiteral("task"), taskId, QStringLiteral("delete")),
            mutation(QStringLiteral("task"), taskId, QStringLiteral("create"),
                {{"project_id", m_projectId}, {"title", "Copy"}}),
            mutation(QStringLiteral("task"), newId(), QStringLiteral("create"),
                {{"project_id", m_projectId}, {"title", "Into your project"}})});
    QCOMPARE(attempts.size(), 4);
    QCOMPARE(
        attempts.at(0).toObject().value(u"error").toObject().value(u"code").toString(), QStringLiteral("not_found"));
    QCOMPARE(
        attempts.at(1).toObject().value(u"error").toObject().value(u"code").toString(), QStringLiteral("not_found"));
    QCOMPARE(attempts.at(2).toObject().value(u"error").toObject().value(u"code").toString(),
        QStringLiteral("already_exists"));
    QCOMPARE(attempts.at(3).toObject().value(u"error").toObject().value(u"code").toString(),
        QStringLiteral("invalid_reference"));
    QCOMPARE(find(pullAll(*m_admin), taskId).value(u"data").toObject().value(u"title").toString(),
        QStringLiteral("Secret roadmap"));
}

void TestSyncProtocol::onlyAdminsChangeOrganisationAndStaff()
{
    const QJsonArray changes = pullAll(*m_admin);
    QString orgId;
    QString memberId;
    for (const QJsonValue &value : changes) {
        const QJsonObject change = value.toObject();
        if (change.value(u"entity").toString() == u"organisation")
            orgId = change.value(u"id").toString();
        if (change.value(u"entity").toString() == u"staff_user"
            && change.value(u"data").toObject().value(u"email").toString() == u"member@acme.test")
            memberId = change.value(u"id").toString();
    }
    QVERIFY(!orgId.isEmpty());
    QVERIFY(!memberId.isEmpty());
    // Staff rows never carry secrets.
    QVERIFY(!QJsonDocument(changes).toJson().contains("argon2"));

    const QJsonArray byMember = pushResults(*m_member,
        {mutation(QStringLiteral("organisation"), orgId, QStringLiteral("update"), {{"name", "Hijacked"}}),
            mutation(QStringLiteral("staff_user"), memberId, QStringLiteral("update"), {{"role", "admin"}}),
            mutation(QStringLiteral("client"), newId(), QStringLiteral("create"), {{"name", "Members may do this"}})});
    QCOMPARE(
        byMember.at(0).toObject().value(u"error").toObject().value(u"code").toString(), QStringLiteral("forbidden"));
    QCOMPARE(
        byMember.at(1).toObject().value(u"error").toObject().value(u"code").toString(), QStringLiteral("forbidden"));
    QCOMPARE(byMember.at(2).toObject().value(u"status").toString(), QStringLiteral("applied"));

    const QJsonArray byAdmin = pushResults(*m_admin,
        {mutation(QStringLiteral("organisation"), orgId, QStringLiteral("update"),
            {{"name", "Acme Studio Ltd"}, {"brand_primary_color", "#0A5C36"}})});
    QCOMPARE(byAdmin.at(0).toObject().value(u"status").toString(), QStringLiteral("applied"));
    const QJsonObject org = find(pullAll(*m_member), orgId).value(u"data").toObject();
    QCOMPARE(org.value(u"name").toString(), QStringLiteral("Acme Studio Ltd"));
    QCOMPARE(org.value(u"brand_primary_color").toString(), QStringLiteral("#0a5c36"));
    // Quota and usage are the server's.
    const QJsonArray quota = pushResults(*m_admin,
        {mutation(QStringLiteral("organisation"), orgId, QStringLiteral("update"), {{"storage_quota_bytes", 1e15}})});
    QCOMPARE(
        quota.at(0).toObject().value(u"error").toObject().value(u"code").toString(), QStringLiteral("read_only_field"));
}

void TestSyncProtocol::badJsonIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addRow("not JSON") << QByteArray("{\"mutations\": [") << "invalid_json";
    QTest::addRow("an array") << QByteArray("[]") << "invalid_json";
    QTest::addRow("mutations not a list") << QByteArray("{\"mutations\": {}}") << "invalid_field";
    QTest::addRow("client id a number") << QByteArray("{\"client_id\": 5, \"mutations\": []}") << "invalid_field";
    QTest::addRow("binary") << QByteArray("\x00\xff\xfe", 3) << "invalid_json";
}

void TestSyncProtocol::badJsonIsRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    const TestClient::Reply reply = m_admin->postRaw(QStringLiteral("/api/v1/sync/push"), body, "application/json");
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.errorCode(), code);
    QVERIFY(!reply.object().value(u"error").toObject().value(u"message").toString().isEmpty());

    QCOMPARE(m_admin->get(QStringLiteral("/api/v1/sync/pull?since=abc")).status, 400);
    QCOMPARE(m_admin->get(QStringLiteral("/api/v1/sync/pull?since=0&limit=0")).status, 400);
}

void TestSyncProtocol::wrongMutationsAreRejected_data()
{
    QTest::addColumn<QJsonObject>("mutation");
    QTest::addColumn<QString>("code");
    const QString id = newId();
    QTest::addRow("unknown entity") << mutation("invoice", id, "create", {{"name", "x"}}) << "unknown_entity";
    QTest::addRow("unknown op") << mutation("client", id, "upsert", {{"name", "x"}}) << "invalid_op";
    QTest::addRow("id not a UUID") << mutation("client", "42", "create", {{"name", "x"}}) << "invalid_id";
    QTest::addRow("unknown field") << mutation("client", id, "create", {{"name", "x"}, {"colour", "red"}})
                                   << "unknown_field";
    QTest::addRow("number for text") << mutation("client", id, "create", {{"name", 5}}) << "invalid_field";
    QTest::addRow("missing required field")
        << mutation("client", id, "create", {{"notes", "no name"}}) << "missing_field";
    QTest::addRow("bad visibility") << mutation(
        "task", id, "create", {{"project_id", id}, {"title", "t"}, {"visibility", "public"}})
                                    << "invalid_field";
    QTest::addRow("string for bool") << mutation("client", id, "create", {{"name", "x"}, {"archived", "yes"}})
                                     << "invalid_field";
    QTest::addRow("server-managed field") << mutation(
        "comment", id, "create", {{"target_entity", "task"}, {"target_id", id}, {"body", "x"}, {"author_id", id}})
                                          << "read_only_field";
    QTest::addRow("dangling reference") << mutation("task", id, "create", {{"project_id", newId()}, {"title", "t"}})
                                        << "invalid_reference";
    QTest::addRow("update of nothing") << mutation("client", newId(), "update", {{"name", "x"}}) << "not_found";
    QTest::addRow("server-made entity") << mutation("activity", id, "create", {{"action", "x"}}) << "not_allowed";
    QJsonObject noId = mutation("client", id, "create", {{"name", "x"}});
    noId.remove(QStringLiteral("mutation_id"));
    QTest::addRow("no mutation id") << noId << "invalid_mutation";
    QJsonObject fieldsList = mutation("client", id, "create");
    fieldsList.insert(QStringLiteral("fields"), QJsonArray{1, 2});
    QTest::addRow("fields not an object") << fieldsList << "invalid_mutation";
}

void TestSyncProtocol::wrongMutationsAreRejected()
{
    QFETCH(QJsonObject, mutation);
    QFETCH(QString, code);
    const QJsonArray results = pushResults(*m_admin, {mutation});
    QCOMPARE(results.size(), 1);
    const QJsonObject result = results.at(0).toObject();
    QCOMPARE(result.value(u"status").toString(), QStringLiteral("rejected"));
    QCOMPARE(result.value(u"error").toObject().value(u"code").toString(), code);
    QVERIFY(!result.value(u"error").toObject().value(u"message").toString().isEmpty());
    QVERIFY(find(pullAll(*m_admin), mutation.value(u"id").toString()).isEmpty());
}

void TestSyncProtocol::oneBadMutationDoesNotStopTheOthers()
{
    const QString a = newId();
    const QString bad = newId();
    const QString b = newId();
    const QJsonArray results = pushResults(*m_admin,
        {mutation(QStringLiteral("client"), a, QStringLiteral("create"), {{"name", "Greenleaf Dental"}}),
            mutation(QStringLiteral("client"), bad, QStringLiteral("create"), {{"name", ""}}),
            mutation(QStringLiteral("client"), b, QStringLiteral("create"), {{"name", "Northern Lights"}})});
    QCOMPARE(results.size(), 3);
    QCOMPARE(results.at(0).toObject().value(u"status").toString(), QStringLiteral("applied"));
    QCOMPARE(results.at(1).toObject().value(u"status").toString(), QStringLiteral("rejected"));
    QCOMPARE(results.at(2).toObject().value(u"status").toString(), QStringLiteral("applied"));
    const QJsonArray changes = pullAll(*m_admin);
    QVERIFY(!find(changes, a).isEmpty());
    QVERIFY(find(changes, bad).isEmpty());
    QVERIFY(!find(changes, b).isEmpty());
}

void TestSyncProtocol::customHostTakenInAnotherCaseIsRejectedAlone_data()
{
    QTest::addColumn<QString>("host");
    QTest::addRow("upper case") << QStringLiteral("PORTAL.BETA.TEST");
    QTest::addRow("mixed case") << QStringLiteral("Portal.Beta.Test");
    QTest::addRow("same case") << QStringLiteral("portal.beta.test");
}

void TestSyncProtocol::customHostTakenInAnotherCaseIsRejectedAlone()
{
    QFETCH(QString, host);
    auto organisationId = [](TestClient &client) {
        for (const QJsonValue &change : pullAll(client)) {
            if (change.toObject().value(u"entity").toString() == u"organisation")
                return change.toObject().value(u"id").toString();
        }
        return QString();
    };
    const QString betaId = organisationId(*m_other);
    const QJsonArray taken = pushResults(*m_other,
        {mutation(QStringLiteral("organisation"), betaId, QStringLiteral("update"),
            {{"portal_custom_host", "portal.beta.test"}})});
    QCOMPARE(taken.size(), 1);
    QCOMPARE(taken.first().toObject().value(u"status").toString(), QStringLiteral("applied"));

    const QString acmeId = organisationId(*m_admin);
    const QString a = newId();
    const QString b = newId();
    const TestClient::Reply reply = push(*m_admin,
        {mutation(QStringLiteral("client"), a, QStringLiteral("create"), {{"name", "Before the host"}}),
            mutation(QStringLiteral("organisation"), acmeId, QStringLiteral("update"), {{"portal_custom_host", host}}),
            mutation(QStringLiteral("client"), b, QStringLiteral("create"), {{"name", "After the host"}})});
    QVERIFY2(reply.status == 200, qPrintable(QString::fromUtf8(reply.body)));
    const QJsonArray results = reply.object().value(u"results").toArray();
    QCOMPARE(results.size(), 3);
    QCOMPARE(results.at(0).toObject().value(u"status").toString(), QStringLiteral("applied"));
    QCOMPARE(results.at(1).toObject().value(u"status").toString(), QStringLiteral("rejected"));
    QCOMPARE(
        results.at(1).toObject().value(u"error").toObject().value(u"code").toString(), QStringLiteral("slug_taken"));
    QCOMPARE(results.at(2).toObject().value(u"status").toString(), QStringLiteral("applied"));
    const QJsonArray changes = pullAll(*m_admin);
    QVERIFY(!find(changes, a).isEmpty());
    QVERIFY(!find(changes, b).isEmpty());
    QVERIFY(find(changes, acmeId).value(u"data").toObject().value(u"portal_custom_host").isNull());
}

// Runs a statement without values (DDL cannot be prepared on PostgreSQL) on the server's database.
static bool execDirect(ServerProcess &server, const QString &sql)
{
    const QString name = QStringLiteral("direct-") + newId();
    bool ok = false;
    {
        QSqlDatabase db;
        const QString url = server.databaseUrl();
        if (url.isEmpty()) {
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(QDir(server.dataDir()).filePath(QStringLiteral("atrium.sqlite")));
        } else {
            const QUrl parsed(url);
            db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(parsed.host());
            db.setPort(parsed.port(5432));
            db.setUserName(parsed.userName());
            db.setDatabaseName(parsed.path().mid(1));
        }
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(sql);
            if (!ok)
                qWarning() << q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

void TestSyncProtocol::storageErrorRejectsOnlyItsMutation()
{
    // A constraint the server's own checks know nothing of: the database refuses the second client.
    QVERIFY(execDirect(m_server,
        QStringLiteral("CREATE UNIQUE INDEX test_forced_unique ON clients (name) WHERE name = 'Forced Duplicate'")));
    const QString a = newId();
    const QString first = newId();
    const QString second = newId();
    const QString b = newId();
    const TestClient::Reply reply = push(*m_admin,
        {mutation(QStringLiteral("client"), a, QStringLiteral("create"), {{"name", "Applied before"}}),
            mutation(QStringLiteral("client"), first, QStringLiteral("create"), {{"name", "Forced Duplicate"}}),
            mutation(QStringLiteral("client"), second, QStringLiteral("create"), {{"name", "Forced Duplicate"}}),
            mutation(QStringLiteral("client"), b, QStringLiteral("create"), {{"name", "Applied after"}})});
    QVERIFY(execDirect(m_server, QStringLiteral("DROP INDEX test_forced_unique")));
    QVERIFY2(reply.status == 200, qPrintable(QString::fromUtf8(reply.body)));
    const QJsonArray results = reply.object().value(u"results").toArray();
    QCOMPARE(results.size(), 4);
    QCOMPARE(results.at(0).toObject().value(u"status").toString(), QStringLiteral("applied"));
    QCOMPARE(results.at(1).toObject().value(u"status").toString(), QStringLiteral("applied"));
    QCOMPARE(results.at(2).toObject().value(u"status").toString(), QStringLiteral("rejected"));
    QCOMPARE(results.at(2).toObject().value(u"error").toObject().value(u"code").toString(),
        QStringLiteral("already_exists"));
    QCOMPARE(results.at(3).toObject().value(u"status").toString(), QStringLiteral("applied"));
    const QJsonArray changes = pullAll(*m_admin);
    QVERIFY(!find(changes, a).isEmpty());
    QVERIFY(!find(changes, first).isEmpty());
    QVERIFY(find(changes, second).isEmpty());
    QVERIFY(!find(changes, b).isEmpty());
    // The rejection is the mutation's answer for good: a replay gets it again and changes nothing.
    const QJsonArray replayed = pushResults(*m_admin,
        {mutation(QStringLiteral("client"), second, QStringLiteral("create"), {{"name", "Forced Duplicate"}}, {},
            results.at(2).toObject().value(u"mutation_id").toString())});
    QCOMPARE(replayed.size(), 1);
    QCOMPARE(replayed.first().toObject().value(u"status").toString(), QStringLiteral("rejected"));
}

// A push writes the rows it creates together at the end; whatever a later mutation of the same
// push reads must still see them, and what one rejected mutation wrote must not stay.
void TestSyncProtocol::batchReadsItsOwnWrites()
{
    const QString clientId = newId();
    const QString projectId = newId();
    const QString task = newId();
    const QString twice = newId();
    const QString othersTask = createTask(*m_other, createProject(*m_other));
    QVERIFY(!othersTask.isEmpty());
    const QJsonObject createTwice = mutation(
        QStringLiteral("task"), twice, QStringLiteral("create"), {{"project_id", projectId}, {"title", "Once"}});
    const QJsonArray results = pushResults(*m_admin,
        {mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "Batch Co"}}),
            // The project refers to the client created just before, the task to the project.
            mutation(QStringLiteral("project"), projectId, QStringLiteral("create"),
                {{"client_id", clientId}, {"name", "Batch"}}),
            mutation(QStringLiteral("task"), task, QStringLiteral("create"),
                {{"project_id", projectId}, {"title", "First"}}),
            // Updated and commented on in the same push: the update compares with the row as created.
            mutation(
                QStringLiteral("task"), task, QStringLiteral("update"), {{"title", "Second"}}, {{"title", "First"}}),
            mutation(QStringLiteral("comment"), newId(), QStringLiteral("create"),
                {{"target_entity", "task"}, {"target_id", task}, {"body", "Looks good"}}),
            createTwice,
            // The same mutation again is a replay of the answer above, not a second create.
            createTwice,
            // Another create with an id used earlier in this push, or by another organisation.
            mutation(QStringLiteral("task"), twice, QStringLiteral("create"),
                {{"project_id", projectId}, {"title", "Again"}}),
            mutation(QStringLiteral("task"), othersTask, QStringLiteral("create"),
                {{"project_id", projectId}, {"title", "Theirs"}}),
            // Rejected after its own checks passed: nothing of it stays, the next one stands.
            mutation(QStringLiteral("task"), newId(), QStringLiteral("create"),
                {{"project_id", projectId}, {"title", "Bad"}, {"status", "no such status"}}),
            mutation(QStringLiteral("task"), task, QStringLiteral("delete")),
            // Deleted a moment ago in this push: refers to nothing any more.
            mutation(QStringLiteral("comment"), newId(), QStringLiteral("create"),
                {{"target_entity", "task"}, {"target_id", task}, {"body", "Too late"}})});
    QCOMPARE(results.size(), 12);
    QStringList statuses;
    for (const QJsonValue &r : results)
        statuses.append(r.toObject().value(u"status").toString()
            + (r.toObject().value(u"replayed").toBool() ? QStringLiteral("/replayed") : QString()));
    QCOMPARE(statuses,
        QStringList({"applied", "applied", "applied", "applied", "applied", "applied", "applied/replayed", "rejected",
            "rejected", "rejected", "applied", "rejected"}));
    QCOMPARE(results.at(7).toObject().value(u"error").toObject().value(u"code").toString(),
        QStringLiteral("already_exists"));
    QCOMPARE(results.at(8).toObject().value(u"error").toObject().value(u"code").toString(),
        QStringLiteral("already_exists"));
    QCOMPARE(results.at(11).toObject().value(u"error").toObject().value(u"code").toString(),
        QStringLiteral("invalid_reference"));

    const QJsonArray changes = pullAll(*m_admin);
    const QJsonObject created = find(changes, task);
    QCOMPARE(created.value(u"deleted").toBool(), true);
    QCOMPARE(created.value(u"data").toObject().value(u"title").toString(), QStringLiteral("Second"));
    QCOMPARE(find(changes, twice).value(u"data").toObject().value(u"title").toString(), QStringLiteral("Once"));
    int badTasks = 0;
    int activitiesOfTheBatch = 0;
    for (const QJsonValue &c : changes) {
        const QJsonObject change = c.toObject();
        const QJsonObject data = change.value(u"data").toObject();
        if (change.value(u"entity").toString() == u"task" && data.value(u"title").toString() == u"Bad")
            ++badTasks;
        if (change.value(u"entity").toString() == u"activity" && data.value(u"project_id").toString() == projectId)
            ++activitiesOfTheBatch;
    }
    QCOMPARE(badTasks, 0);
    QVERIFY(activitiesOfTheBatch >= 4); // project, task, its update, the second task (and more)
    // The other organisation's task is as it was.
    QCOMPARE(find(pullAll(*m_other), othersTask).value(u"data").toObject().value(u"title").toString(),
        QStringLiteral("Mood boards"));
    // Every answer is kept for replays, the rejected ones included.
    const QJsonArray again = pushResults(*m_admin, {createTwice});
    QCOMPARE(again.first().toObject().value(u"replayed").toBool(), true);
}

void TestSyncProtocol::textComesBackAsWritten()
{
    // Rows created by a push go in together (COPY's text format on PostgreSQL, where a tab, a
    // newline and a backslash are escapes, and "\\N" stands for NULL); every character comes back.
    const QStringList texts{QStringLiteral("tab\there, newline\nthere, CR\r, backslash \\ and \\N"),
        QStringLiteral("\\N"), QStringLiteral("\\"), QStringLiteral("quotes ' \" and ;, -- not SQL"),
        QStringLiteral("Grüße, 東京, emoji 🎨, zero-width\u200bspace"), QStringLiteral("  leading and trailing  "),
        QStringLiteral("\\t is two characters, \\.\n\\."),
        QStringLiteral("control characters \u0001 \u001f \b \f and DEL \u007f")};
    QJsonArray mutations;
    QStringList ids;
    for (const QString &text : texts) {
        ids.append(newId());
        mutations.append(mutation(QStringLiteral("task"), ids.last(), QStringLiteral("create"),
            {{"project_id", m_projectId}, {"title", text}, {"description", QString(text + text)}}));
    }
    const QJsonArray results = pushResults(*m_admin, mutations);
    QCOMPARE(results.size(), texts.size());
    for (const QJsonValue &result : results)
        QCOMPARE(result.toObject().value(u"status").toString(), QStringLiteral("applied"));
    const QJsonArray changes = pullAll(*m_admin);
    for (int i = 0; i < texts.size(); ++i) {
        const QJsonObject data = find(changes, ids.at(i)).value(u"data").toObject();
        QCOMPARE(data.value(u"title").toString(), texts.at(i));
        QCOMPARE(data.value(u"description").toString(), texts.at(i) + texts.at(i));
    }
}

void TestSyncProtocol::storedBytesNotInUtf8StillPullAsJson()
{
    // SQLite keeps whatever bytes a text column is given (a hand-made repair, an old import), and
    // a pull writes stored UTF-8 into its page as it is: bytes that are not UTF-8 must not make
    // the page unreadable. PostgreSQL refuses such text on the way in.
    if (!m_server.databaseUrl().isEmpty())
        QSKIP("PostgreSQL stores valid UTF-8 only");
    const QString id = newId();
    QCOMPARE(pushResults(*m_admin,
                 {mutation(QStringLiteral("task"), id, QStringLiteral("create"),
                     {{"project_id", m_projectId}, {"title", "fine for now"}})})
                 .at(0)
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("applied"));
    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    QVERIFY2(db.exec(QStringLiteral("UPDATE tasks SET title = CAST(X'4142FF43' AS TEXT) WHERE id = ?"), {id}),
        qPrintable(db.lastError()));
    const TestClient::Reply reply = m_admin->get(QStringLiteral("/api/v1/sync/pull?since=0&limit=1000"));
    QCOMPARE(reply.status, 200);
    QJsonParseError error;
    const QJsonDocument page = QJsonDocument::fromJson(reply.body, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(QByteArrayView(reply.body).isValidUtf8());
    const QString title =
        find(page.object().value(u"changes").toArray(), id).value(u"data").toObject().value(u"title").toString();
    QVERIFY2(title.startsWith(u"AB") && title.endsWith(u'C') && title.contains(QChar::ReplacementCharacter),
        qPrintable(title));
}

void TestSyncProtocol::oversizedPushIsRefused()
{
    const QByteArray body = "{\"mutations\":[],\"padding\":\"" + QByteArray(9 * 1024 * 1024, 'x') + "\"}";
    const TestClient::Reply reply = m_admin->postRaw(QStringLiteral("/api/v1/sync/push"), body, "application/json");
    QCOMPARE(reply.status, 413);
    QCOMPARE(reply.errorCode(), QStringLiteral("payload_too_large"));
    // The server is fine afterwards.
    QCOMPARE(m_admin->get(QStringLiteral("/api/v1/sync/pull?since=0&limit=1")).status, 200);
}

void TestSyncProtocol::linkInviteTokenIsHandedOutOnceAndStoredHashed()
{
    const QString clientId = newId();
    const QString contactId = newId();
    const QString inviteId = newId();
    const QString emailInviteId = newId();
    QCOMPARE(pushResults(*m_admin,
                 {mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "Invite Co"}}),
                     mutation(QStringLiteral("contact"), contactId, QStringLiteral("create"),
                         {{"client_id", clientId}, {"name", "Ivy"}, {"email", "ivy@invite.test"}})})
                 .size(),
        2);
    const QJsonObject create = mutation(
        QStringLiteral("invite"), inviteId, QStringLiteral("create"), {{"contact_id", contactId}, {"kind", "link"}});
    const QJsonArray results = pushResults(*m_admin,
        {create,
            mutation(QStringLiteral("invite"), emailInviteId, QStringLiteral("create"),
                {{"contact_id", contactId}, {"kind", "email"}})});
    QCOMPARE(results.size(), 2);
    const QString token = results.at(0).toObject().value(u"invite_token").toString();
    QVERIFY(token.startsWith(QStringLiteral("inv_")));
    QVERIFY(token.size() >= 40); // 32 random bytes, URL-safe
    // An e-mail invite's token goes by e-mail, never to staff.
    QVERIFY(!results.at(1).toObject().contains(u"invite_token"));
    // A replay returns the stored result, which never held the token.
    const QJsonArray replay = pushResults(*m_admin, {create});
    QCOMPARE(replay.at(0).toObject().value(u"replayed").toBool(), true);
    QVERIFY(!replay.at(0).toObject().contains(u"invite_token"));
    // The database has the hash and nothing else of it; the pull shows neither.
    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    const QVariantList hashes = db.column(QStringLiteral("SELECT token_hash FROM invites WHERE id = ?"), {inviteId});
    QCOMPARE(hashes.size(), 1);
    QCOMPARE(hashes.first().toString(),
        QString::fromLatin1(QCryptographicHash::hash(token.toLatin1(), QCryptographicHash::Sha256).toHex()));
    QCOMPARE(db.column(QStringLiteral("SELECT COUNT(*) FROM mutations WHERE result LIKE ?"),
                   {QVariant(QStringLiteral("%") + token + QStringLiteral("%"))})
                 .first()
                 .toInt(),
        0);
    const QJsonArray changes = pullAll(*m_admin);
    QVERIFY(!QJsonDocument(changes).toJson().contains(token.toLatin1()));
    QCOMPARE(find(changes, contactId).value(u"data").toObject().value(u"portal_state").toString(),
        QStringLiteral("invited"));
}

void TestSyncProtocol::oldCursorAfterPurgeIsGone()
{
    qint64 before = 0;
    pullAll(*m_admin, 0, &before);
    const QString id = newId();
    QCOMPARE(pushResults(*m_admin,
                 {mutation(QStringLiteral("client"), id, QStringLiteral("create"), {{"name", "Short-lived"}})})
                 .size(),
        1);
    QCOMPARE(pushResults(*m_admin, {mutation(QStringLiteral("client"), id, QStringLiteral("delete"))})
                 .at(0)
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("applied"));
    // Before the purge the tombstone arrives.
    QCOMPARE(find(pullAll(*m_admin, before), id).value(u"deleted").toBool(), true);

    const ServerProcess::CliResult purge =
        m_server.runCli({QStringLiteral("purge-tombstones"), QStringLiteral("--older-than-days"), QStringLiteral("0")});
    QVERIFY2(purge.exitCode == 0, purge.err.constData());
    const TestClient::Reply gone = m_admin->get(QStringLiteral("/api/v1/sync/pull?since=%1").arg(before));
    QCOMPARE(gone.status, 410);
    QCOMPARE(gone.errorCode(), QStringLiteral("cursor_expired"));
    // A resync from zero works and no longer knows the purged row.
    const TestClient::Reply fresh = m_admin->get(QStringLiteral("/api/v1/sync/pull?since=0"));
    QCOMPARE(fresh.status, 200);
    QVERIFY(find(pullAll(*m_admin), id).isEmpty());
    // A cursor from the future (a server that was reset) is treated the same way.
    QCOMPARE(m_admin->get(QStringLiteral("/api/v1/sync/pull?since=999999999")).status, 410);
}

QTEST_GUILESS_MAIN(TestSyncProtocol)
#include "tst_syncprotocol.moc"
