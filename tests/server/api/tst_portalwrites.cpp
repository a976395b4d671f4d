// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QBuffer>
#include <QCryptographicHash>
#include <QImage>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPainter>
#include <QPdfWriter>
#include <QTest>

#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;
using PortalFixture::Contact;

// What a client does in the portal, through the real server: task status and comments on editable
// items, sign-off answers (frozen, decided once, in the audit trail), client uploads (chunked,
// resumable, limited), and the portal's pages and branding. Every write is checked from the staff
// side too, through the sync pull the desktops use.
class TestPortalWrites : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void taskStatusAndComments();
    void signoffIsFrozenAndDecidedOnce();
    void clientUploads();
    void uploadsRefuseWhatDoesNotBelong();
    void pagesAndBranding();
    void searchFindsOnlyWhatTheClientSees();
    void downloadAllIsAZipOfWhatTheClientMayDownload();
    void previewsOfImagesAndPdfPages();
    void projectListAndFeedTellOnlyWhatIsShared();

private:
    QJsonObject pulled(const QString &id);
    QJsonArray activitiesFor(const QString &entityId);
    QString pushOne(const QJsonObject &mutation);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    std::unique_ptr<TestClient> m_anon;
    QString m_orgId;
    QString m_client;
    QString m_otherClient;
    QString m_project;
    QString m_closedProject; // portal on, client uploads off
    QString m_otherProject; // another client's
    Contact m_own;
    Contact m_other;
};

void TestPortalWrites::initTestCase()
{
    // A limit the test can cross without sending gigabytes: the quota (10 GiB) is below it.
    // Notification mail (the sign-off's) goes a second after it is due rather than five minutes.
    if (!m_server.start({QStringLiteral("--portal-upload-limit-mb"), QStringLiteral("20480"),
            QStringLiteral("--mail-batch-seconds"), QStringLiteral("1")}))
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    m_anon = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    m_orgId = pullAll(*m_admin).first().toObject().value(u"id").toString();
    m_client = newId();
    m_otherClient = newId();
    m_project = newId();
    m_closedProject = newId();
    m_otherProject = newId();
    for (const QJsonValue &r : pushResults(*m_admin,
             {mutation(QStringLiteral("client"), m_client, QStringLiteral("create"), {{"name", "Green"}}),
                 mutation(QStringLiteral("client"), m_otherClient, QStringLiteral("create"), {{"name", "Blue"}}),
                 mutation(QStringLiteral("project"), m_project, QStringLiteral("create"),
                     {{"client_id", m_client}, {"name", "Website"}, {"portal_enabled", true},
                         {"client_uploads_enabled", true}}),
                 mutation(QStringLiteral("project"), m_closedProject, QStringLiteral("create"),
                     {{"client_id", m_client}, {"name", "Brochure"}, {"portal_enabled", true}}),
                 mutation(QStringLiteral("project"), m_otherProject, QStringLiteral("create"),
                     {{"client_id", m_otherClient}, {"name", "Theirs"}, {"portal_enabled", true},
                         {"client_uploads_enabled", true}}),
                 mutation(QStringLiteral("organisation"), m_orgId, QStringLiteral("update"), {{"portal_enabled", true}},
                     {{"portal_enabled", false}})}))
        QCOMPARE(r.toObject().value(u"status").toString(), QStringLiteral("applied"));
    m_own = PortalFixture::signUp(m_server, *m_admin, m_client, QStringLiteral("ivy@green.test"));
    m_other = PortalFixture::signUp(m_server, *m_admin, m_otherClient, QStringLiteral("bo@blue.test"));
    QVERIFY(!m_own.cookie.isEmpty() && !m_own.csrf.isEmpty() && !m_other.cookie.isEmpty());
}

QJsonObject TestPortalWrites::pulled(const QString &id)
{
    return find(pullAll(*m_admin), id);
}

QJsonArray TestPortalWrites::activitiesFor(const QString &entityId)
{
    QJsonArray out;
    for (const QJsonValue &c : pullAll(*m_admin)) {
        const QJsonObject change = c.toObject();
        if (change.value(u"entity").toString() == u"activity"
            && change.value(u"data").toObject().value(u"entity_id").toString() == entityId)
            out.append(change.value(u"data"));
    }
    return out;
}

QString TestPortalWrites::pushOne(const QJsonObject &m)
{
    const QJsonArray r = pushResults(*m_admin, {m});
    return r.isEmpty() ? QStringLiteral("push failed") : r.first().toObject().value(u"status").toString();
}

void TestPortalWrites::taskStatusAndComments()
{
    const QString editable = newId();
    const QString readOnly = newId();
    const QString secret = newId();
    for (const auto &[id, visibility] :
        {std::pair{editable, "editable"}, std::pair{readOnly, "read_only"}, std::pair{secret, "private"}})
        QCOMPARE(pushOne(mutation(QStringLiteral("task"), id, QStringLiteral("create"),
                     {{"project_id", m_project}, {"title", QString(QString::fromLatin1(visibility) + u" task")},
                         {"visibility", visibility}})),
            QStringLiteral("applied"));
    const QString path = QStringLiteral("/api/v1/portal/tasks/");
    auto patch = [&](const QString &id, const QJsonObject &body, const TestClient::Headers &headers) {
        return m_anon->send("PATCH", path + id, QJsonDocument(body).toJson(),
            TestClient::Headers(headers) << qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    };

    // The client moves an editable task along; staff see it, with who did it and from where.
    const auto done = patch(editable, {{"status", "done"}}, m_own.headers(true));
    QCOMPARE(done.status, 200);
    QCOMPARE(done.object().value(u"task").toObject().value(u"status").toString(), QStringLiteral("done"));
    QCOMPARE(pulled(editable).value(u"data").toObject().value(u"status").toString(), QStringLiteral("done"));
    const QJsonArray trail = activitiesFor(editable);
    QVERIFY(!trail.isEmpty());
    const QJsonObject last = trail.last().toObject();
    QCOMPARE(last.value(u"actor_kind").toString(), QStringLiteral("contact"));
    QCOMPARE(last.value(u"actor_id").toString(), m_own.id);
    QCOMPARE(last.value(u"address").toString(), QStringLiteral("127.0.0.1"));

    // Without the CSRF token nothing changes.
    QCOMPARE(patch(editable, {{"status", "todo"}}, m_own.headers(false)).status, 403);
    // Read-only: refused; private and another client's: as missing.
    QCOMPARE(patch(readOnly, {{"status", "done"}}, m_own.headers(true)).status, 403);
    const auto hidden = patch(secret, {{"status", "done"}}, m_own.headers(true));
    const auto missing = patch(newId(), {{"status", "done"}}, m_own.headers(true));
    QCOMPARE(hidden.status, 404);
    QCOMPARE(hidden.body, missing.body);
    QCOMPARE(patch(editable, {{"status", "todo"}}, m_other.headers(true)).status, 404);
    // Fields a client may not set are refused, and nothing of the request is applied.
    for (const QJsonObject &sneaky :
        {QJsonObject{{"status", "todo"}, {"visibility", "editable"}}, QJsonObject{{"project_id", m_otherProject}},
            QJsonObject{{"assignee_id", newId()}}, QJsonObject{{"title", "Renamed"}}}) {
        const auto refused = patch(editable, sneaky, m_own.headers(true));
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.errorCode(), QStringLiteral("field_not_allowed"));
    }
    QCOMPARE(
        patch(editable, {{"status", "finished"}}, m_own.headers(true)).errorCode(), QStringLiteral("invalid_field"));
    const QJsonObject fields = pulled(editable).value(u"data").toObject();
    QCOMPARE(fields.value(u"status").toString(), QStringLiteral("done"));
    QCOMPARE(fields.value(u"visibility").toString(), QStringLiteral("editable"));
    QCOMPARE(fields.value(u"title").toString(), QStringLiteral("editable task"));

    // Comments: on an editable task, as the contact; staff comments there are part of the thread.
    auto comment = [&](const QJsonObject &body, const TestClient::Headers &headers) {
        return m_anon->send("POST", QStringLiteral("/api/v1/portal/comments"), QJsonDocument(body).toJson(),
            TestClient::Headers(headers) << qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    };
    const auto added = comment(
        {{"target_entity", "task"}, {"target_id", editable}, {"body", "Looks good to us"}}, m_own.headers(true));
    QCOMPARE(added.status, 201);
    const QString commentId = added.object().value(u"comment").toObject().value(u"id").toString();
    const QJsonObject stored = pulled(commentId).value(u"data").toObject();
    QCOMPARE(stored.value(u"author_kind").toString(), QStringLiteral("contact"));
    QCOMPARE(stored.value(u"author_id").toString(), m_own.id);
    QCOMPARE(stored.value(u"body").toString(), QStringLiteral("Looks good to us"));
    QCOMPARE(pushOne(mutation(QStringLiteral("comment"), newId(), QStringLiteral("create"),
                 {{"target_entity", "task"}, {"target_id", editable}, {"body", "Thanks, Ivy"}})),
        QStringLiteral("applied"));
    QCOMPARE(pushOne(mutation(QStringLiteral("comment"), newId(), QStringLiteral("create"),
                 {{"target_entity", "task"}, {"target_id", readOnly}, {"body", "Internal: client is late"}})),
        QStringLiteral("applied"));
    const auto project = m_anon->get(QStringLiteral("/api/v1/portal/projects/") + m_project, m_own.headers());
    QCOMPARE(project.status, 200);
    for (const QJsonValue &t : project.object().value(u"tasks").toArray()) {
        const QJsonObject task = t.toObject();
        const QJsonArray thread = task.value(u"comments").toArray();
        if (task.value(u"id").toString() == editable) {
            QCOMPARE(thread.size(), 2);
            QCOMPARE(thread.at(0).toObject().value(u"author_name").toString(), QStringLiteral("ivy@green.test"));
            QCOMPARE(thread.at(1).toObject().value(u"author_kind").toString(), QStringLiteral("staff"));
        } else {
            QCOMPARE(thread.size(), 0);
        }
    }
    QVERIFY(!project.body.contains("Internal: client is late"));
    QCOMPARE(
        comment({{"target_entity", "task"}, {"target_id", readOnly}, {"body", "x"}}, m_own.headers(true)).status, 403);
    QCOMPARE(
        comment({{"target_entity", "task"}, {"target_id", secret}, {"body", "x"}}, m_own.headers(true)).status, 404);
    QCOMPARE(comment({{"target_entity", "task"}, {"target_id", editable}, {"body", "x"}, {"author_kind", "staff"}},
                 m_own.headers(true))
                 .errorCode(),
        QStringLiteral("field_not_allowed"));
    QCOMPARE(
        comment({{"target_entity", "task"}, {"target_id", editable}, {"body", "  "}}, m_own.headers(true)).status, 400);
}

void TestPortalWrites::signoffIsFrozenAndDecidedOnce()
{
    const QByteArray v1 = "first draft of the homepage";
    const QByteArray v2 = "second draft, after the sign-off went out";
    const QString file =
        PortalFixture::uploadAsStaff(*m_admin, m_project, QStringLiteral("home.txt"), v1, "text/plain", "private");
    QVERIFY(!file.isEmpty());
    const QString signoff = newId();
    QCOMPARE(pushOne(mutation(QStringLiteral("signoff"), signoff, QStringLiteral("create"),
                 {{"project_id", m_project}, {"title", "Homepage design"}, {"file_ids", QJsonArray{file}}})),
        QStringLiteral("applied"));
    // A draft is not the client's business.
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/portal/projects/") + m_project, m_own.headers())
                 .object()
                 .value(u"signoffs")
                 .toArray()
                 .size(),
        0);
    QCOMPARE(pushOne(mutation(QStringLiteral("signoff"), signoff, QStringLiteral("update"), {{"status", "sent"}},
                 {{"status", "draft"}})),
        QStringLiteral("applied"));

    // Sending froze the file's exact version, which the desktops see too.
    const QString v1Sha = QString::fromLatin1(QCryptographicHash::hash(v1, QCryptographicHash::Sha256).toHex());
    const QJsonArray frozen = pulled(signoff).value(u"data").toObject().value(u"sent_file_versions").toArray();
    QCOMPARE(frozen.size(), 1);
    QCOMPARE(frozen.first().toObject().value(u"sha256").toString(), v1Sha);
    QCOMPARE(frozen.first().toObject().value(u"file_id").toString(), file);

    // The client hears of it by e-mail, with a personal link to the sign-off.
    QString mail;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QString &text : PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("ivy@green.test")))
                if (text.contains(u"Homepage design"))
                    mail = text;
            return !mail.isEmpty();
        }(),
        10000);
    QVERIFY(mail.contains(QStringLiteral("/p/acme/s#so_")));

    // The file changes afterwards; the sign-off still shows what was asked about.
    QCOMPARE(PortalFixture::uploadAsStaff(
                 *m_admin, m_project, QStringLiteral("home.txt"), v2, "text/plain", "private", file),
        file);
    const auto detail = m_anon->get(QStringLiteral("/api/v1/portal/projects/") + m_project, m_own.headers());
    const QJsonObject card = detail.object().value(u"signoffs").toArray().first().toObject();
    QCOMPARE(card.value(u"id").toString(), signoff);
    QCOMPARE(card.value(u"files").toArray().first().toObject().value(u"sha256").toString(), v1Sha);
    QVERIFY(!detail.body.contains("file_ids"));
    const auto content =
        m_anon->get(QStringLiteral("/api/v1/portal/signoffs/%1/files/%2/content").arg(signoff, file), m_own.headers());
    QCOMPARE(content.status, 200);
    QCOMPARE(content.body, v1);
    QVERIFY(content.header("Content-Disposition").startsWith("attachment;"));
    // The file itself stays private; another client sees neither.
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/portal/files/%1/content").arg(file), m_own.headers()).status, 404);
    QCOMPARE(
        m_anon->get(QStringLiteral("/api/v1/portal/signoffs/%1/files/%2/content").arg(signoff, file), m_other.headers())
            .status,
        404);

    // Twenty answers at once, half approving and half rejecting: exactly one is taken.
    QNetworkAccessManager manager;
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 20; ++i) {
        QNetworkRequest request(
            m_server.baseUrl().resolved(QUrl(QStringLiteral("/api/v1/portal/signoffs/%1/decision").arg(signoff))));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        request.setRawHeader("Cookie", m_own.cookie);
        request.setRawHeader("X-CSRF-Token", m_own.csrf);
        const QJsonObject body = i % 2 ? QJsonObject{{"decision", "rejected"}, {"comment", "Make the logo bigger"}}
                                       : QJsonObject{{"decision", "approved"}, {"comment", "Ship it"}};
        replies.append(manager.post(request, QJsonDocument(body).toJson()));
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.cbegin(), replies.cend(),
                                 [](QNetworkReply *r) {
                                     return r->isFinished();
                                 }),
        30000);
    int accepted = 0;
    int refused = 0;
    QString winner;
    for (QNetworkReply *r : std::as_const(replies)) {
        const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject body = QJsonDocument::fromJson(r->readAll()).object();
        if (status == 200) {
            ++accepted;
            winner = body.value(u"signoff").toObject().value(u"status").toString();
        } else if (status == 409 && body.value(u"error").toObject().value(u"code").toString() == u"already_decided") {
            ++refused;
        }
        r->deleteLater();
    }
    QCOMPARE(accepted, 1);
    QCOMPARE(refused, 19);
    const QJsonObject decided = pulled(signoff).value(u"data").toObject();
    QCOMPARE(decided.value(u"status").toString(), winner);
    QCOMPARE(decided.value(u"responded_by").toString(), m_own.id);
    QVERIFY(!decided.value(u"responded_at").toString().isEmpty());
    QCOMPARE(decided.value(u"response_comment").toString(),
        winner == u"approved" ? QStringLiteral("Ship it") : QStringLiteral("Make the logo bigger"));
    // The audit trail: sent by staff, answered once by the contact, from its address.
    int answers = 0;
    for (const QJsonValue &a : activitiesFor(signoff)) {
        const QJsonObject activity = a.toObject();
        if (activity.value(u"action").toString().startsWith(u"signoff.a")
            || activity.value(u"action").toString().startsWith(u"signoff.r")) {
            ++answers;
            QCOMPARE(activity.value(u"actor_kind").toString(), QStringLiteral("contact"));
            QCOMPARE(activity.value(u"address").toString(), QStringLiteral("127.0.0.1"));
            QVERIFY(activity.value(u"summary").toString().contains(u"ivy@green.test"));
        }
    }
    QCOMPARE(answers, 1);
    // Staff cannot overwrite the answer by sync either: neither turn it into the other answer nor take
    // it back to a draft. (After changes were requested, staff may send a new round; that keeps the
    // answer in the round's history and is covered by the sign-off tests.)
    const QString otherAnswer = winner == u"approved" ? QStringLiteral("rejected") : QStringLiteral("approved");
    for (const QString &to : {otherAnswer, QStringLiteral("draft")})
        QCOMPARE(pushOne(mutation(QStringLiteral("signoff"), signoff, QStringLiteral("update"), {{"status", to}},
                     {{"status", winner}})),
            QStringLiteral("rejected"));
    QCOMPARE(pulled(signoff).value(u"data").toObject().value(u"status").toString(), winner);

    // A rejection needs a comment; a bad decision is refused.
    const QString second = newId();
    QCOMPARE(pushOne(mutation(QStringLiteral("signoff"), second, QStringLiteral("create"),
                 {{"project_id", m_project}, {"title", "Copy"}, {"status", "sent"}})),
        QStringLiteral("applied"));
    auto decide = [&](const QJsonObject &body) {
        return m_anon->send("POST", QStringLiteral("/api/v1/portal/signoffs/%1/decision").arg(second),
            QJsonDocument(body).toJson(),
            m_own.headers(true) << qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    };
    QCOMPARE(decide({{"decision", "rejected"}}).errorCode(), QStringLiteral("comment_required"));
    QCOMPARE(decide({{"decision", "maybe"}}).errorCode(), QStringLiteral("invalid_field"));
    QCOMPARE(decide({{"decision", "approved"}, {"responded_by", m_other.id}}).errorCode(),
        QStringLiteral("field_not_allowed"));
    QCOMPARE(decide({{"decision", "approved"}}).status, 200);
}

void TestPortalWrites::clientUploads()
{
    const QString base = QStringLiteral("/api/v1/portal/uploads");
    auto start = [&](const QJsonObject &body, const Contact &who) {
        return m_anon->send("POST", base, QJsonDocument(body).toJson(),
            who.headers(true) << qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    };
    auto put = [&](const QString &id, qint64 offset, const QByteArray &bytes) {
        return m_anon->send("PUT", QStringLiteral("%1/%2?offset=%3").arg(base, id).arg(offset), bytes,
            m_own.headers(true) << qMakePair(QByteArray("Content-Type"), QByteArray("application/octet-stream")));
    };
    const QByteArray content = QByteArray("brief from the client\n").repeated(3000);
    const auto started =
        start({{"project_id", m_project}, {"name", "brief.txt"}, {"size", content.size()}, {"mime_type", "text/plain"}},
            m_own);
    QCOMPARE(started.status, 201);
    const QString uploadId = started.object().value(u"upload_id").toString();
    const QString fileId = started.object().value(u"file_id").toString();
    const qint64 half = content.size() / 2;
    QCOMPARE(put(uploadId, 0, content.left(half)).status, 200);
    // The page was reloaded: it asks where to go on; a wrong offset says where.
    const auto status = m_anon->get(QStringLiteral("%1/%2").arg(base, uploadId), m_own.headers());
    QCOMPARE(status.object().value(u"offset").toInteger(), half);
    const auto wrong = put(uploadId, 0, content.mid(half));
    QCOMPARE(wrong.status, 409);
    QCOMPARE(wrong.object().value(u"offset").toInteger(), half);
    // Another contact cannot see or touch it.
    QCOMPARE(m_anon->get(QStringLiteral("%1/%2").arg(base, uploadId), m_other.headers()).status, 404);
    QCOMPARE(put(uploadId, half, content.mid(half)).status, 200);
    const auto completed = m_anon->send("POST", QStringLiteral("%1/%2/complete").arg(base, uploadId), {},
        m_own.headers(true) << qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    QCOMPARE(completed.status, 201);

    // In "Client Uploads", visible to the client (read-only) and to staff at once.
    const QJsonObject file = pulled(fileId).value(u"data").toObject();
    QCOMPARE(file.value(u"folder").toString(), QStringLiteral("Client Uploads"));
    QCOMPARE(file.value(u"name").toString(), QStringLiteral("brief.txt"));
    QCOMPARE(file.value(u"visibility").toString(), QStringLiteral("read_only"));
    QCOMPARE(file.value(u"uploaded_by").toString(), m_own.id);
    QCOMPARE(file.value(u"size").toInteger(), content.size());
    QCOMPARE(file.value(u"sha256").toString(),
        QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex()));
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/portal/files/%1/content").arg(fileId), m_own.headers()).body, content);
    // It counts against the organisation's storage.
    QVERIFY(pulled(m_orgId).value(u"data").toObject().value(u"storage_used_bytes").toInteger() >= content.size());

    // A new version of an editable file keeps its name and place; read-only and private ones are not the client's.
    const QString editable =
        PortalFixture::uploadAsStaff(*m_admin, m_project, QStringLiteral("copy.txt"), "v1", "text/plain", "editable");
    const QString readOnly =
        PortalFixture::uploadAsStaff(*m_admin, m_project, QStringLiteral("terms.txt"), "v1", "text/plain", "read_only");
    const QString secret =
        PortalFixture::uploadAsStaff(*m_admin, m_project, QStringLiteral("notes.txt"), "v1", "text/plain", "private");
    const auto replacing = start({{"project_id", m_project}, {"file_id", editable}, {"name", "my-copy.txt"},
                                     {"size", 12}, {"mime_type", "text/plain"}},
        m_own);
    QCOMPARE(replacing.status, 201);
    const QString replaceId = replacing.object().value(u"upload_id").toString();
    QCOMPARE(put(replaceId, 0, "new copy v2\n").status, 200);
    QCOMPARE(m_anon
                 ->send("POST", QStringLiteral("%1/%2/complete").arg(base, replaceId), {},
                     m_own.headers(true) << qMakePair(QByteArray("Content-Type"), QByteArray("application/json")))
                 .status,
        201);
    QCOMPARE(pulled(editable).value(u"data").toObject().value(u"name").toString(), QStringLiteral("copy.txt"));
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/portal/files/%1/content").arg(editable), m_own.headers()).body,
        QByteArray("new copy v2\n"));
    QCOMPARE(start({{"project_id", m_project}, {"file_id", readOnly}, {"name", "x"}, {"size", 1}}, m_own).status, 403);
    const auto hidden = start({{"project_id", m_project}, {"file_id", secret}, {"name", "x"}, {"size", 1}}, m_own);
    QCOMPARE(hidden.status, 404);
    QCOMPARE(hidden.errorCode(), QStringLiteral("not_found"));

    // Access ends mid-upload: the next chunk is refused.
    const Contact leaving = PortalFixture::signUp(m_server, *m_admin, m_client, QStringLiteral("leaving@green.test"));
    const auto open = m_anon->send("POST", base,
        QJsonDocument(QJsonObject{{"project_id", m_project}, {"name", "late.txt"}, {"size", 4}}).toJson(),
        leaving.headers(true) << qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    QCOMPARE(open.status, 201);
    QCOMPARE(pushOne(mutation(QStringLiteral("contact"), leaving.id, QStringLiteral("update"),
                 {{"portal_state", "revoked"}}, {{"portal_state", "active"}})),
        QStringLiteral("applied"));
    QCOMPARE(
        m_anon
            ->send("PUT", QStringLiteral("%1/%2?offset=0").arg(base, open.object().value(u"upload_id").toString()),
                "late",
                leaving.headers(true) << qMakePair(QByteArray("Content-Type"), QByteArray("application/octet-stream")))
            .status,
        401);
}

void TestPortalWrites::uploadsRefuseWhatDoesNotBelong()
{
    auto start = [&](const QJsonObject &body, const TestClient::Headers &headers) {
        return m_anon->send("POST", QStringLiteral("/api/v1/portal/uploads"), QJsonDocument(body).toJson(),
            TestClient::Headers(headers) << qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    };
    const qint64 gib = qint64(1024) * 1024 * 1024;
    auto expect = [&](const QJsonObject &body, int status, const QString &code) {
        const auto reply = start(body, m_own.headers(true));
        QVERIFY2(reply.status == status && reply.errorCode() == code,
            qPrintable(QStringLiteral("%1 → %2 %3")
                           .arg(QString::fromUtf8(QJsonDocument(body).toJson()), QString::number(reply.status),
                               QString::fromUtf8(reply.body))));
        // Every refusal explains itself.
        QVERIFY(!reply.object().value(u"error").toObject().value(u"message").toString().isEmpty());
    };
    // Larger than the organisation's free storage (10 GiB), though under the portal's file limit.
    expect({{"project_id", m_project}, {"name", "raw.mov"}, {"size", 11 * gib}}, 413, QStringLiteral("quota_exceeded"));
    // Larger than the portal's file limit.
    expect(
        {{"project_id", m_project}, {"name", "huge.mov"}, {"size", 21 * gib}}, 413, QStringLiteral("file_too_large"));
    expect(
        {{"project_id", m_project}, {"name", "setup.exe"}, {"size", 10}}, 415, QStringLiteral("file_type_not_allowed"));
    expect(
        {{"project_id", m_project}, {"name", "Run.PS1"}, {"size", 10}}, 415, QStringLiteral("file_type_not_allowed"));
    // Names cannot leave the folder; the folder and the sharing are not the client's to choose.
    expect(
        {{"project_id", m_project}, {"name", "../../etc/passwd"}, {"size", 10}}, 400, QStringLiteral("invalid_field"));
    expect({{"project_id", m_project}, {"name", ".."}, {"size", 10}}, 400, QStringLiteral("invalid_field"));
    expect({{"project_id", m_project}, {"name", "a\\b.txt"}, {"size", 10}}, 400, QStringLiteral("invalid_field"));
    expect({{"project_id", m_project}, {"name", "a.txt"}, {"size", 10}, {"folder", "Internal"}}, 400,
        QStringLiteral("field_not_allowed"));
    expect({{"project_id", m_project}, {"name", "a.txt"}, {"size", 10}, {"visibility", "private"}}, 400,
        QStringLiteral("field_not_allowed"));
    expect({{"project_id", m_project}, {"name", "a.txt"}, {"size", 10}, {"storage_quota_bytes", 1}}, 400,
        QStringLiteral("field_not_allowed"));
    // Projects that do not take uploads, and projects that are not the client's.
    expect({{"project_id", m_closedProject}, {"name", "a.txt"}, {"size", 10}}, 403, QStringLiteral("forbidden"));
    expect({{"project_id", m_otherProject}, {"name", "a.txt"}, {"size", 10}}, 404, QStringLiteral("not_found"));
    // No session, or no CSRF token: nothing starts.
    QCOMPARE(start({{"project_id", m_project}, {"name", "a.txt"}, {"size", 10}}, {}).status, 401);
    QCOMPARE(start({{"project_id", m_project}, {"name", "a.txt"}, {"size", 10}}, m_own.headers(false)).status, 403);
    // Nothing was reserved by any of these.
    QCOMPARE(
        pulled(m_orgId).value(u"data").toObject().value(u"storage_used_bytes").toInteger() < qint64(1024) * 1024 * 1024,
        true);
}

void TestPortalWrites::pagesAndBranding()
{
    for (const QString &path : {QStringLiteral("/p/acme"), QStringLiteral("/p/acme/invite"),
             QString(QStringLiteral("/p/acme/projects/") + m_project)}) {
        const auto page = m_anon->get(path);
        QCOMPARE(page.status, 200);
        QCOMPARE(page.header("Content-Type"), QByteArray("text/html; charset=utf-8"));
        const QByteArray csp = page.header("Content-Security-Policy");
        QVERIFY(csp.contains("frame-ancestors 'none'"));
        QVERIFY(csp.contains("script-src 'self'"));
        QVERIFY(!csp.contains("unsafe-inline"));
        QCOMPARE(page.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(page.header("Referrer-Policy"), QByteArray("no-referrer"));
        QVERIFY(page.body.contains("<script type=\"module\" src=\"/portal/assets/src/main.js\">"));
    }
    // The portal's ES modules, as JavaScript (a module of another type is refused by the browser).
    for (const QString &module : {QStringLiteral("/portal/assets/src/main.js"),
             QStringLiteral("/portal/assets/src/api.js"), QStringLiteral("/portal/assets/src/views/project.js")}) {
        const auto script = m_anon->get(module);
        QCOMPARE(script.status, 200);
        QCOMPARE(script.header("Content-Type"), QByteArray("text/javascript; charset=utf-8"));
        QCOMPARE(m_anon->get(module, {{"If-None-Match", script.header("ETag")}}).status, 304);
    }
    // Only the compiled-in modules: nothing else of the resources, nothing from the disk.
    for (const QString &missing :
        {QStringLiteral("/portal/assets/src/nothing.js"), QStringLiteral("/portal/assets/src/index.html"),
            QStringLiteral("/portal/assets/src/views/main.js"), QStringLiteral("/portal/assets/app.js")})
        QCOMPARE(m_anon->get(missing).status, 404);
    // A slash smuggled into a name never reaches a route: the transport refuses the target.
    for (const QString &smuggled : {QStringLiteral("/portal/assets/src/..%2Fapp.css"),
             QStringLiteral("/portal/assets/src/views/..%2F..%2Findex.html")})
        QCOMPARE(m_anon->get(smuggled).status, 400);

    // Branding saved by staff styles the portal at once; only valid colours reach the style sheet.
    QCOMPARE(pushOne(mutation(QStringLiteral("organisation"), m_orgId, QStringLiteral("update"),
                 {{"brand_primary_color", "#7a1f5c"}, {"brand_welcome_text", "Welcome to Acme's studio"}})),
        QStringLiteral("applied"));
    const auto css = m_anon->get(QStringLiteral("/p/acme/brand.css"));
    QCOMPARE(css.status, 200);
    QCOMPARE(css.header("Content-Type"), QByteArray("text/css; charset=utf-8"));
    QVERIFY(css.body.contains("--brand-primary:#7a1f5c"));
    QVERIFY(css.body.contains("--brand-on-primary:#ffffff"));
    const auto info = m_anon->get(QStringLiteral("/api/v1/portal/organisations/acme"));
    QCOMPARE(info.object().value(u"organisation").toObject().value(u"welcome_text").toString(),
        QStringLiteral("Welcome to Acme's studio"));
    QCOMPARE(info.object().value(u"organisation").toObject().value(u"portal_enabled").toBool(), true);
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/portal/organisations/nobody")).status, 404);
    QCOMPARE(m_anon->get(QStringLiteral("/p/nobody/brand.css")).status, 404);
    QCOMPARE(m_anon->get(QStringLiteral("/p/acme/logo")).status, 404);
    // The session says whose portal it belongs to.
    const auto me = m_anon->get(QStringLiteral("/api/v1/portal/me"), m_own.headers());
    QCOMPARE(me.object().value(u"organisation").toObject().value(u"slug").toString(), QStringLiteral("acme"));
}

void TestPortalWrites::searchFindsOnlyWhatTheClientSees()
{
    // One word, "zebra", everywhere: shared and private, in threads the client reads and in
    // internal ones, in another client's project and in a deleted task.
    const QString shared = newId();
    const QString readOnly = newId();
    const QString hidden = newId();
    const QString deleted = newId();
    const QString theirs = newId();
    for (const QJsonValue &r : pushResults(*m_admin,
             {mutation(QStringLiteral("task"), shared, QStringLiteral("create"),
                  {{"project_id", m_project}, {"title", "Zebra stripes"}, {"visibility", "editable"}}),
                 mutation(QStringLiteral("task"), readOnly, QStringLiteral("create"),
                     {{"project_id", m_project}, {"title", "Banner"}, {"description", "A zébra in the corner"},
                         {"visibility", "read_only"}}),
                 mutation(QStringLiteral("task"), hidden, QStringLiteral("create"),
                     {{"project_id", m_project}, {"title", "Zebra budget (internal)"}}),
                 mutation(QStringLiteral("task"), deleted, QStringLiteral("create"),
                     {{"project_id", m_project}, {"title", "Zebra gone"}, {"visibility", "editable"}}),
                 mutation(QStringLiteral("task"), theirs, QStringLiteral("create"),
                     {{"project_id", m_otherProject}, {"title", "Zebra for Blue"}, {"visibility", "editable"}}),
                 mutation(QStringLiteral("comment"), newId(), QStringLiteral("create"),
                     {{"target_entity", "task"}, {"target_id", shared}, {"body", "More zebra, please"}}),
                 mutation(QStringLiteral("comment"), newId(), QStringLiteral("create"),
                     {{"target_entity", "task"}, {"target_id", readOnly}, {"body", "zebra costs extra"}}),
                 mutation(QStringLiteral("comment"), newId(), QStringLiteral("create"),
                     {{"target_entity", "task"}, {"target_id", hidden}, {"body", "zebra margin 40%"}})}))
        QCOMPARE(r.toObject().value(u"status").toString(), QStringLiteral("applied"));
    QCOMPARE(pushOne(mutation(QStringLiteral("task"), deleted, QStringLiteral("delete"))), QStringLiteral("applied"));

    auto search = [&](const QString &q, const Contact &who) {
        return m_anon->get(
            QStringLiteral("/api/v1/portal/search?q=%1").arg(QString::fromLatin1(QUrl::toPercentEncoding(q))),
            who.headers());
    };
    const auto found = search(QStringLiteral("ZEBRA"), m_own);
    QCOMPARE(found.status, 200);
    QStringList ids;
    for (const QJsonValue &r : found.object().value(u"results").toArray())
        ids.append(r.toObject().value(u"kind").toString() + u':' + r.toObject().value(u"title").toString());
    ids.sort();
    // The shared task, the read-only one (by its description, accent aside) and the thread of the
    // editable one: nothing private, deleted or another client's, in results or in the count.
    QCOMPARE(ids,
        (QStringList{QStringLiteral("comment:Zebra stripes"), QStringLiteral("task:Banner"),
            QStringLiteral("task:Zebra stripes")}));
    QCOMPARE(found.object().value(u"total").toInt(), 3);
    for (const QByteArray &secret : {QByteArray("internal"), QByteArray("margin"), QByteArray("costs extra"),
             QByteArray("Blue"), QByteArray("gone"), hidden.toUtf8(), theirs.toUtf8(), deleted.toUtf8()})
        QVERIFY2(!found.body.contains(secret), secret.constData());
    // Another client finds only theirs; the signed-out nothing; no query is a clear error.
    const auto other = search(QStringLiteral("zebra"), m_other);
    QCOMPARE(other.object().value(u"total").toInt(), 1);
    QVERIFY(other.body.contains(theirs.toUtf8()));
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/portal/search?q=zebra")).status, 401);
    QCOMPARE(search(QString(), m_own).errorCode(), QStringLiteral("invalid_field"));
}

namespace {

// The entries of a ZIP (path → content), read back with libarchive; empty when it is not one.
QMap<QString, QByteArray> unzip(const QByteArray &zip)
{
    QMap<QString, QByteArray> out;
    archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    if (archive_read_open_memory(a, zip.constData(), size_t(zip.size())) != ARCHIVE_OK) {
        archive_read_free(a);
        return out;
    }
    archive_entry *entry = nullptr;
    while (archive_read_next_header(a, &entry) == ARCHIVE_OK) {
        QByteArray content;
        char buffer[8192];
        la_ssize_t n;
        while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0)
            content.append(buffer, n);
        out.insert(QString::fromUtf8(archive_entry_pathname_utf8(entry)), content);
    }
    archive_read_free(a);
    return out;
}

} // namespace

// "Download all": one ZIP of exactly the files the client may download, at their folders' paths,
// with their exact bytes; a sign-off's files as they were sent; hidden projects answer as missing.
void TestPortalWrites::downloadAllIsAZipOfWhatTheClientMayDownload()
{
    const QString project = newId();
    QCOMPARE(pushOne(mutation(QStringLiteral("project"), project, QStringLiteral("create"),
                 {{"client_id", m_client}, {"name", "Annual report"}, {"portal_enabled", true}})),
        QStringLiteral("applied"));
    QByteArray big(3 * 1024 * 1024 + 17, 'x');
    big.replace(0, 5, "start");
    const QString shared = PortalFixture::uploadAsStaff(
        *m_admin, project, QStringLiteral("cover.txt"), "the cover", "text/plain", "read_only");
    const QString editable = PortalFixture::uploadAsStaff(
        *m_admin, project, QStringLiteral("big.bin"), big, "application/octet-stream", "editable");
    const QString secret = PortalFixture::uploadAsStaff(
        *m_admin, project, QStringLiteral("internal.txt"), "do not share", "text/plain", "private");
    QVERIFY(!shared.isEmpty() && !editable.isEmpty() && !secret.isEmpty());
    // A second "cover.txt" in a folder, and one in the same place: both kept, the second renamed.
    const QString inFolder = newId();
    QCOMPARE(PortalFixture::uploadAsStaff(
                 *m_admin, project, QStringLiteral("cover.txt"), "drafts cover", "text/plain", "read_only", inFolder),
        inFolder);
    QCOMPARE(pushOne(mutation(QStringLiteral("file"), inFolder, QStringLiteral("update"), {{"folder", "Drafts/Old"}},
                 {{"folder", ""}})),
        QStringLiteral("applied"));
    const QString twin = PortalFixture::uploadAsStaff(
        *m_admin, project, QStringLiteral("cover.txt"), "second cover", "text/plain", "read_only");
    QVERIFY(!twin.isEmpty());

    const auto reply = m_anon->get(QStringLiteral("/api/v1/portal/projects/%1/download").arg(project), m_own.headers());
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Type"), QByteArray("application/zip"));
    QVERIFY(reply.header("Content-Disposition").contains("filename=\"Annual report.zip\""));
    const QMap<QString, QByteArray> files = unzip(reply.body);
    QCOMPARE(files.keys(),
        (QStringList{QStringLiteral("Drafts/Old/cover.txt"), QStringLiteral("big.bin"), QStringLiteral("cover (2).txt"),
            QStringLiteral("cover.txt")}));
    QCOMPARE(files.value(QStringLiteral("big.bin")), big);
    QCOMPARE(files.value(QStringLiteral("Drafts/Old/cover.txt")), QByteArray("drafts cover"));
    QCOMPARE(files.value(QStringLiteral("cover.txt")) + files.value(QStringLiteral("cover (2).txt")),
        files.value(QStringLiteral("cover.txt")) == "the cover" ? QByteArray("the coversecond cover")
                                                                : QByteArray("second coverthe cover"));
    QVERIFY(!reply.body.contains("do not share"));
    QVERIFY(!reply.body.contains("internal.txt"));

    // Another client's project, a made-up one, and no session: nothing.
    QCOMPARE(
        m_anon->get(QStringLiteral("/api/v1/portal/projects/%1/download").arg(m_otherProject), m_own.headers()).status,
        404);
    QCOMPARE(
        m_anon->get(QStringLiteral("/api/v1/portal/projects/%1/download").arg(newId()), m_own.headers()).status, 404);
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/portal/projects/%1/download").arg(project)).status, 401);

    // A sign-off's files as they were sent, even after a file changed.
    const QString signoff = newId();
    QCOMPARE(pushOne(mutation(QStringLiteral("signoff"), signoff, QStringLiteral("create"),
                 {{"project_id", project}, {"title", "Approve: the cover"}, {"file_ids", QJsonArray{shared, secret}},
                     {"status", "sent"}})),
        QStringLiteral("applied"));
    QCOMPARE(PortalFixture::uploadAsStaff(
                 *m_admin, project, QStringLiteral("cover.txt"), "changed later", "text/plain", "read_only", shared),
        shared);
    const auto sent = m_anon->get(QStringLiteral("/api/v1/portal/signoffs/%1/download").arg(signoff), m_own.headers());
    QCOMPARE(sent.status, 200);
    QVERIFY(sent.header("Content-Disposition").contains("Approve_ the cover.zip"));
    const QMap<QString, QByteArray> asSent = unzip(sent.body);
    QCOMPARE(asSent.value(QStringLiteral("cover.txt")), QByteArray("the cover"));
    // A file sent with a sign-off is shown with it, whatever its own sharing.
    QCOMPARE(asSent.value(QStringLiteral("internal.txt")), QByteArray("do not share"));
    QCOMPARE(
        m_anon->get(QStringLiteral("/api/v1/portal/signoffs/%1/download").arg(newId()), m_own.headers()).status, 404);
}

// Previews through the worker process: an image's thumbnail, a PDF's pages, nothing for a file that
// has none, and a broken PDF that harms only the worker (the server answers on; the failure is
// remembered). Always PNG, always behind the permission function.
void TestPortalWrites::previewsOfImagesAndPdfPages()
{
    const QString project = newId();
    QCOMPARE(pushOne(mutation(QStringLiteral("project"), project, QStringLiteral("create"),
                 {{"client_id", m_client}, {"name", "Previews"}, {"portal_enabled", true}})),
        QStringLiteral("applied"));
    QImage photo(1200, 600, QImage::Format_RGB32);
    photo.fill(QColor(200, 30, 30));
    QByteArray png;
    {
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(photo.save(&buffer, "PNG"));
    }
    QByteArray pdf;
    {
        QBuffer buffer(&pdf);
        buffer.open(QIODevice::WriteOnly);
        QPdfWriter writer(&buffer);
        writer.setPageSize(QPageSize(QPageSize::A4));
        QPainter painter(&writer);
        painter.drawText(QPointF(100, 100), QStringLiteral("Page one"));
        writer.newPage();
        painter.fillRect(QRectF(0, 0, 2000, 2000), Qt::blue); // a blue square at the top left (1200 dpi: 1.7 inches)
        painter.end();
    }
    const QString photoId =
        PortalFixture::uploadAsStaff(*m_admin, project, QStringLiteral("photo.png"), png, "image/png", "read_only");
    const QString pdfId = PortalFixture::uploadAsStaff(
        *m_admin, project, QStringLiteral("layout.pdf"), pdf, "application/pdf", "read_only");
    const QString brokenId = PortalFixture::uploadAsStaff(
        *m_admin, project, QStringLiteral("broken.pdf"), pdf.left(pdf.size() / 3), "application/pdf", "read_only");
    const QString textId = PortalFixture::uploadAsStaff(
        *m_admin, project, QStringLiteral("notes.txt"), "just text", "text/plain", "read_only");
    const QString privateId =
        PortalFixture::uploadAsStaff(*m_admin, project, QStringLiteral("secret.png"), png, "image/png", "private");
    QVERIFY(!photoId.isEmpty() && !pdfId.isEmpty() && !brokenId.isEmpty() && !textId.isEmpty() && !privateId.isEmpty());
    auto preview = [&](const QString &id, const QString &query = {}) {
        return m_anon->get(QStringLiteral("/api/v1/portal/files/%1/preview%2").arg(id, query), m_own.headers());
    };

    const auto thumb = preview(photoId);
    QCOMPARE(thumb.status, 200);
    QCOMPARE(thumb.header("Content-Type"), QByteArray("image/png"));
    QImage image = QImage::fromData(thumb.body, "PNG");
    QCOMPARE(image.size(), QSize(320, 160));
    QCOMPARE(image.pixelColor(100, 80), QColor(200, 30, 30));
    QCOMPARE(thumb.header("X-Preview-Pages"), QByteArray("1"));

    const auto second = preview(pdfId, QStringLiteral("?size=large&page=2"));
    QCOMPARE(second.status, 200);
    QCOMPARE(second.header("X-Preview-Pages"), QByteArray("2"));
    image = QImage::fromData(second.body, "PNG");
    QCOMPARE(image.height(), 1600); // A4 is taller than wide
    QVERIFY(qAbs(image.width() - 1131) <= 2);
    QCOMPARE(image.pixelColor(60, 60), QColor(Qt::blue));
    QCOMPARE(image.pixelColor(image.width() / 2, image.height() / 2), QColor(Qt::white)); // paper
    const auto first = preview(pdfId);
    QCOMPARE(first.status, 200);
    QCOMPARE(QImage::fromData(first.body, "PNG").height(), 320);
    QCOMPARE(preview(pdfId, QStringLiteral("?page=3")).status, 404);
    QCOMPARE(preview(pdfId, QStringLiteral("?size=huge")).status, 400);
    QCOMPARE(preview(pdfId, QStringLiteral("?page=0")).status, 400);

    // A broken PDF: the worker fails, the server answers on, and does not try again.
    const auto broken = preview(brokenId);
    QCOMPARE(broken.status, 422);
    QCOMPARE(broken.errorCode(), QStringLiteral("preview_failed"));
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/health")).status, 200);
    QVERIFY(QFile::exists(QDir(m_server.dataDir()).filePath(QStringLiteral("previews"))));
    QCOMPARE(preview(brokenId).errorCode(), QStringLiteral("preview_failed"));
    QVERIFY(m_server.isRunning());

    // No preview for text; none at all for what the client may not see.
    const auto text = preview(textId);
    QCOMPARE(text.status, 404);
    QCOMPARE(text.errorCode(), QStringLiteral("no_preview"));
    const auto hidden = preview(privateId);
    QCOMPARE(hidden.status, 404);
    QCOMPARE(hidden.errorCode(), QStringLiteral("not_found"));
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/portal/files/%1/preview").arg(photoId)).status, 401);
}

// The project list's counts and marks, and the page's activity feed, come from the same permission
// decisions as the page: private items, notes on read-only items and other clients' work are never
// counted or named; a visit clears the New mark.
void TestPortalWrites::projectListAndFeedTellOnlyWhatIsShared()
{
    const QString project = newId();
    QCOMPARE(pushOne(mutation(QStringLiteral("project"), project, QStringLiteral("create"),
                 {{"client_id", m_client}, {"name", "Counted"}, {"portal_enabled", true}, {"due_date", "2027-03-01"},
                     {"description", "Spring campaign"}})),
        QStringLiteral("applied"));
    const QString done = newId();
    QCOMPARE(pushOne(mutation(QStringLiteral("project"), done, QStringLiteral("create"),
                 {{"client_id", m_client}, {"name", "Finished"}, {"portal_enabled", true}, {"status", "completed"}})),
        QStringLiteral("applied"));
    const QString shared = newId();
    const QString readOnly = newId();
    const QString secret = newId();
    for (const auto &[id, title, visibility] : {std::tuple{shared, "Shared task", "editable"},
             std::tuple{readOnly, "Read-only task", "read_only"}, std::tuple{secret, "Secret plan", "private"}})
        QCOMPARE(pushOne(mutation(QStringLiteral("task"), id, QStringLiteral("create"),
                     {{"project_id", project}, {"title", QString::fromLatin1(title)},
                         {"visibility", QString::fromLatin1(visibility)}})),
            QStringLiteral("applied"));
    QVERIFY(!PortalFixture::uploadAsStaff(*m_admin, project, QStringLiteral("hidden.txt"), "x", "text/plain", "private")
                 .isEmpty());
    for (const auto &[target, body] : {std::pair{readOnly, "note only for staff"}, std::pair{secret, "about the plan"},
             std::pair{shared, "visible reply"}})
        QCOMPARE(pushOne(mutation(QStringLiteral("comment"), newId(), QStringLiteral("create"),
                     {{"target_entity", "task"}, {"target_id", target}, {"body", QString::fromLatin1(body)}})),
            QStringLiteral("applied"));
    const QString signoff = newId();
    QCOMPARE(pushOne(mutation(QStringLiteral("signoff"), signoff, QStringLiteral("create"),
                 {{"project_id", project}, {"title", "Approve the plan"}, {"status", "sent"}})),
        QStringLiteral("applied"));

    auto listed = [&](const QString &id) {
        for (const QJsonValue &p : m_anon->get(QStringLiteral("/api/v1/portal/projects"), m_own.headers())
                                       .object()
                                       .value(u"projects")
                                       .toArray())
            if (p[u"id"].toString() == id)
                return p.toObject();
        return QJsonObject();
    };
    QJsonObject entry = listed(project);
    QCOMPARE(entry.value(u"task_count").toInt(), 2);
    QCOMPARE(entry.value(u"file_count").toInt(), 0);
    QCOMPARE(entry.value(u"signoff_count").toInt(), 1);
    QCOMPARE(entry.value(u"signoffs_waiting").toInt(), 1);
    QCOMPARE(entry.value(u"due_date").toString(), QStringLiteral("2027-03-01"));
    QCOMPARE(entry.value(u"description").toString(), QStringLiteral("Spring campaign"));
    QVERIFY(entry.value(u"new").toBool());
    QVERIFY(entry.value(u"last_visit_at").isNull());
    QCOMPARE(listed(done).value(u"status").toString(), QStringLiteral("completed"));
    QVERIFY(listed(m_otherProject).isEmpty());

    const auto page = m_anon->get(QStringLiteral("/api/v1/portal/projects/") + project, m_own.headers());
    QCOMPARE(page.status, 200);
    const QJsonArray feed = page.object().value(u"activity").toArray();
    QStringList said;
    for (const QJsonValue &e : feed)
        said.append(e[u"what"].toString() + u' ' + e[u"item_title"].toString() + u' ' + e[u"detail"].toString());
    QVERIFY2(said.contains(QStringLiteral("sent Approve the plan ")), qPrintable(said.join(u'|')));
    QVERIFY(said.contains(QStringLiteral("shared Shared task ")));
    QVERIFY(said.contains(QStringLiteral("shared Read-only task ")));
    QVERIFY(said.contains(QStringLiteral("commented Shared task visible reply")));
    for (const QString &hidden : {QStringLiteral("Secret"), QStringLiteral("hidden.txt"),
             QStringLiteral("note only for"), QStringLiteral("about the plan")})
        QVERIFY2(!page.body.contains(hidden.toUtf8()), qPrintable(hidden));

    // The first visit: nothing was seen before; the list's mark goes.
    const auto visit = m_anon->send("POST", QStringLiteral("/api/v1/portal/projects/%1/visit").arg(project), "{}",
        TestClient::Headers(m_own.headers(true))
            << qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    QCOMPARE(visit.status, 200);
    QVERIFY(visit.object().value(u"previous_visit_at").isNull());
    entry = listed(project);
    QVERIFY(!entry.value(u"new").toBool());
    QVERIFY(!entry.value(u"last_visit_at").toString().isEmpty());
}

// A GUI application (offscreen in the tests): the PDF for the previews is drawn with fonts.
QTEST_MAIN(TestPortalWrites)
#include "tst_portalwrites.moc"
