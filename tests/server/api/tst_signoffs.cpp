// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCryptographicHash>
#include <QDate>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryFile>
#include <QTest>

#include <memory>

#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;
using PortalFixture::Contact;

namespace {

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

// A PDF's text as poppler-utils' pdftotext reads it back (empty when it cannot).
QString pdfText(const QByteArray &pdf)
{
    QTemporaryFile file;
    if (!file.open() || file.write(pdf) != pdf.size() || !file.flush())
        return {};
    QProcess pdftotext;
    pdftotext.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), file.fileName(), QStringLiteral("-")});
    if (!pdftotext.waitForFinished(20000) || pdftotext.exitCode() != 0)
        return {};
    return QString::fromUtf8(pdftotext.readAllStandardOutput());
}

} // namespace

// Sign-offs as evidence, through the real server: required approvers (the first approval leaves it
// open, the last closes it, a request for changes decides it), rounds with their exact files, the
// personal "classic" link (an answer without an account, only that sign-off, ended by a withdraw,
// working with the portal off), and reminders until an approver answers.
class TestSignoffs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyApproverMustApprove();
    void changesRequestedThenASecondRound();
    void theClassicLinkShowsOnlyItsSignoff();
    void remindersStopWhenTheApproverAnswers();
    void theCertificateStatesTheEvidence();
    void aRequestAndItsRemindersSpeakTheLanguageOfWhoeverAsked();

private:
    // A contact of the client without a portal account (answers by link); empty if refused.
    QString addContact(const QString &name, const QString &email);
    QString send(const QJsonObject &fields, const QString &id = newId());
    QString status(const QString &id);
    // The newest personal link mailed to `email` for the sign-off titled `title`.
    QString linkToken(const QString &email, const QString &title, int atLeast = 1);
    // Opens a link in a fresh browser: its cookie for the sign-off's routes (empty if refused).
    QByteArray openLink(const QString &token, TestClient::Reply *reply = nullptr);
    TestClient::Reply linkSend(
        const QByteArray &cookie, const QByteArray &method, const QString &path, const QJsonObject &body = {});
    TestClient::Reply portalSend(
        const Contact &who, const QByteArray &method, const QString &path, const QJsonObject &body = {});
    QJsonArray activitiesFor(const QString &entityId);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    QString m_orgId;
    QString m_client;
    QString m_project;
    QString m_file;
    Contact m_ivy; // a portal account
    QString m_noah; // no portal account: answers by link
    Contact m_max; // a portal account, never an approver here
};

void TestSignoffs::initTestCase()
{
    // Reminders two seconds apart instead of a day.
    if (!m_server.start({QStringLiteral("--signoff-reminder-seconds"), QStringLiteral("2")}))
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    m_orgId = pullAll(*m_admin).first().toObject().value(u"id").toString();
    m_client = newId();
    m_project = newId();
    QVERIFY(PortalFixture::openPortalProject(*m_admin, m_orgId, m_client, m_project));
    m_noah = addContact(QStringLiteral("Noah"), QStringLiteral("noah@green.test"));
    QVERIFY(!m_noah.isEmpty());
    m_ivy = PortalFixture::signUp(m_server, *m_admin, m_client, QStringLiteral("ivy@green.test"));
    m_max = PortalFixture::signUp(m_server, *m_admin, m_client, QStringLiteral("max@green.test"));
    QVERIFY(!m_ivy.cookie.isEmpty() && !m_max.cookie.isEmpty());
    m_file = PortalFixture::uploadAsStaff(
        *m_admin, m_project, QStringLiteral("logo.txt"), "logo, first draft", "text/plain", "private");
    QVERIFY(!m_file.isEmpty());
}

QString TestSignoffs::addContact(const QString &name, const QString &email)
{
    const QString id = newId();
    const QJsonArray r = pushResults(*m_admin,
        {mutation(QStringLiteral("contact"), id, QStringLiteral("create"),
            {{"client_id", m_client}, {"name", name}, {"email", email}})});
    return r.size() == 1 && r.first().toObject().value(u"status").toString() == u"applied" ? id : QString();
}

QString TestSignoffs::send(const QJsonObject &fields, const QString &id)
{
    QJsonObject all = fields;
    all.insert(QStringLiteral("project_id"), m_project);
    all.insert(QStringLiteral("status"), QStringLiteral("sent"));
    const QJsonArray r =
        pushResults(*m_admin, {mutation(QStringLiteral("signoff"), id, QStringLiteral("create"), all)});
    if (r.size() != 1 || r.first().toObject().value(u"status").toString() != u"applied")
        return {};
    return id;
}

QString TestSignoffs::status(const QString &id)
{
    return find(pullAll(*m_admin), id).value(u"data").toObject().value(u"status").toString();
}

QString TestSignoffs::linkToken(const QString &email, const QString &title, int atLeast)
{
    static const QRegularExpression link(QStringLiteral("/p/acme/s#(so_[A-Za-z0-9_-]+)"));
    QString token;
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        int found = 0;
        for (const QString &text : PortalFixture::outboxTexts(m_server.dataDir(), email)) {
            if (!text.contains(title))
                continue;
            const auto m = link.match(text);
            if (m.hasMatch()) {
                token = m.captured(1);
                ++found;
            }
        }
        if (found >= atLeast)
            return token;
        QTest::qWait(100);
    }
    return QString();
}

QByteArray TestSignoffs::openLink(const QString &token, TestClient::Reply *out)
{
    TestClient fresh(m_server.baseUrl());
    const TestClient::Reply reply = fresh.send("POST", QStringLiteral("/api/v1/portal/link/open"),
        json({{"token", token}}), {{"Content-Type", "application/json"}});
    if (out)
        *out = reply;
    if (reply.status != 200)
        return {};
    const QByteArray cookie = reply.header("Set-Cookie");
    return cookie.left(cookie.indexOf(';'));
}

TestClient::Reply TestSignoffs::linkSend(
    const QByteArray &cookie, const QByteArray &method, const QString &path, const QJsonObject &body)
{
    TestClient fresh(m_server.baseUrl());
    TestClient::Headers headers{{"Cookie", cookie}};
    if (method != "GET")
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return fresh.send(method, path, method == "GET" ? QByteArray() : json(body), headers);
}

TestClient::Reply TestSignoffs::portalSend(
    const Contact &who, const QByteArray &method, const QString &path, const QJsonObject &body)
{
    TestClient fresh(m_server.baseUrl());
    TestClient::Headers headers = who.headers(method != "GET");
    if (method != "GET")
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return fresh.send(method, path, method == "GET" ? QByteArray() : json(body), headers);
}

QJsonArray TestSignoffs::activitiesFor(const QString &entityId)
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

void TestSignoffs::everyApproverMustApprove()
{
    // Without a choice, every contact of the client that can be asked must approve.
    const QString all = send({{"title", "Everyone"}, {"file_ids", QJsonArray{m_file}}});
    QVERIFY(!all.isEmpty());
    const QJsonObject allData = find(pullAll(*m_admin), all).value(u"data").toObject();
    QCOMPARE(allData.value(u"approver_ids").toArray().size(), 3);
    QCOMPARE(allData.value(u"round_number").toInteger(), 1);

    // Two chosen approvers: Ivy (portal) and Noah (link only); Max may look but not answer.
    const QString id =
        send({{"title", "Logo"}, {"file_ids", QJsonArray{m_file}}, {"approver_ids", QJsonArray{m_ivy.id, m_noah}}});
    QVERIFY(!id.isEmpty());
    const QString decision = QStringLiteral("/api/v1/portal/signoffs/%1/decision").arg(id);
    const auto maxTry = portalSend(m_max, "POST", decision, {{"decision", "approved"}});
    QCOMPARE(maxTry.status, 403);
    QCOMPARE(maxTry.errorCode(), QStringLiteral("forbidden"));
    QCOMPARE(portalSend(m_max, "GET", QStringLiteral("/api/v1/portal/signoffs/") + id)
                 .object()
                 .value(u"signoff")
                 .toObject()
                 .value(u"can")
                 .toObject()
                 .value(u"approve")
                 .toBool(),
        false);

    // The first approval leaves it open…
    const auto first = portalSend(m_ivy, "POST", decision, {{"decision", "approved"}});
    QCOMPARE(first.status, 200);
    const QJsonObject afterFirst = first.object().value(u"signoff").toObject();
    QCOMPARE(afterFirst.value(u"status").toString(), QStringLiteral("sent"));
    QCOMPARE(afterFirst.value(u"you_answered").toBool(), true);
    QCOMPARE(afterFirst.value(u"can").toObject().value(u"approve").toBool(), false);
    QCOMPARE(status(id), QStringLiteral("sent"));
    const auto again = portalSend(m_ivy, "POST", decision, {{"decision", "approved"}});
    QCOMPARE(again.status, 409);
    QCOMPARE(again.errorCode(), QStringLiteral("already_decided"));

    // …each answer is shown to the other approvers…
    const QString token = linkToken(QStringLiteral("noah@green.test"), QStringLiteral("Logo"));
    QVERIFY(!token.isEmpty());
    TestClient::Reply opened;
    const QByteArray cookie = openLink(token, &opened);
    QVERIFY2(!cookie.isEmpty(), opened.body.constData());
    const QJsonObject seen = opened.object().value(u"signoff").toObject();
    QCOMPARE(seen.value(u"can").toObject().value(u"approve").toBool(), true);
    const QJsonArray approvers = seen.value(u"rounds").toArray().first().toObject().value(u"approvers").toArray();
    QCOMPARE(approvers.size(), 2);
    for (const QJsonValue &a : approvers)
        QCOMPARE(a[u"decision"].toString(), a[u"name"].toString() == u"Noah" ? QString() : QStringLiteral("approved"));
    QCOMPARE(opened.object().value(u"organisation").toObject().value(u"slug").toString(), QStringLiteral("acme"));

    // …and the last one closes it, recorded as given through the link.
    const auto last = linkSend(
        cookie, "POST", QStringLiteral("/api/v1/portal/link/signoffs/%1/decision").arg(id), {{"decision", "approved"}});
    QCOMPARE(last.status, 200);
    QCOMPARE(last.object().value(u"signoff").toObject().value(u"status").toString(), QStringLiteral("approved"));
    const QJsonObject row = find(pullAll(*m_admin), id).value(u"data").toObject();
    QCOMPARE(row.value(u"status").toString(), QStringLiteral("approved"));
    const QJsonObject round = row.value(u"rounds").toArray().first().toObject();
    QCOMPARE(round.value(u"outcome").toString(), QStringLiteral("approved"));
    const QJsonArray answers = round.value(u"answers").toArray();
    QCOMPARE(answers.size(), 2);
    QCOMPARE(answers.at(0)[u"via"].toString(), QStringLiteral("portal"));
    QCOMPARE(answers.at(1)[u"via"].toString(), QStringLiteral("link"));
    QCOMPARE(answers.at(1)[u"contact_id"].toString(), m_noah);
    QVERIFY(!answers.at(1)[u"address"].toString().isEmpty());
    bool audited = false;
    for (const QJsonValue &a : activitiesFor(id)) {
        const QJsonObject details = a[u"details"].toObject();
        if (a[u"action"].toString() == u"signoff.approved" && details.value(u"via").toString() == u"link"
            && details.value(u"round").toInteger() == 1
            && details.value(u"files").toArray().first()[u"sha256"].toString() == sha256("logo, first draft"))
            audited = true;
    }
    QVERIFY(audited);
}

void TestSignoffs::changesRequestedThenASecondRound()
{
    const QString id =
        send({{"title", "Brochure"}, {"file_ids", QJsonArray{m_file}}, {"approver_ids", QJsonArray{m_ivy.id, m_noah}}});
    QVERIFY(!id.isEmpty());
    const QString firstToken = linkToken(QStringLiteral("noah@green.test"), QStringLiteral("Brochure"));
    const QByteArray cookie = openLink(firstToken);
    QVERIFY(!cookie.isEmpty());
    const QString viaLink = QStringLiteral("/api/v1/portal/link/signoffs/%1/decision").arg(id);
    const auto bare = linkSend(cookie, "POST", viaLink, {{"decision", "rejected"}});
    QCOMPARE(bare.status, 400);
    QCOMPARE(bare.errorCode(), QStringLiteral("comment_required"));
    // One request for changes decides it, whoever else has not answered.
    const auto changes = linkSend(cookie, "POST", viaLink, {{"decision", "rejected"}, {"comment", "Bigger, please"}});
    QCOMPARE(changes.status, 200);
    QCOMPARE(changes.object().value(u"signoff").toObject().value(u"status").toString(), QStringLiteral("rejected"));
    const auto late = portalSend(
        m_ivy, "POST", QStringLiteral("/api/v1/portal/signoffs/%1/decision").arg(id), {{"decision", "approved"}});
    QCOMPARE(late.status, 409);

    // Round two: a new version of the file, sent again.
    QCOMPARE(PortalFixture::uploadAsStaff(
                 *m_admin, m_project, QStringLiteral("logo.txt"), "logo, bigger", "text/plain", "private", m_file),
        m_file);
    QCOMPARE(pushResults(*m_admin,
                 {mutation(QStringLiteral("signoff"), id, QStringLiteral("update"), {{"status", "sent"}},
                     {{"status", "rejected"}})})
                 .first()
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("applied"));
    // The first round's link was replaced by the second's.
    TestClient::Reply refused;
    QVERIFY(openLink(firstToken, &refused).isEmpty());
    QCOMPARE(refused.status, 404);
    const QString secondToken = linkToken(QStringLiteral("noah@green.test"), QStringLiteral("Brochure"), 2);
    QVERIFY(secondToken != firstToken);
    const QByteArray second = openLink(secondToken);
    QVERIFY(!second.isEmpty());
    QCOMPARE(portalSend(m_ivy, "POST", QStringLiteral("/api/v1/portal/signoffs/%1/decision").arg(id),
                 {{"decision", "approved"}})
                 .status,
        200);
    const auto done = linkSend(second, "POST", viaLink, {{"decision", "approved"}});
    QCOMPARE(done.status, 200);
    const QJsonObject card = done.object().value(u"signoff").toObject();
    QCOMPARE(card.value(u"status").toString(), QStringLiteral("approved"));
    QCOMPARE(card.value(u"round").toInteger(), 2);
    // The client sees both rounds, each with its exact files and answers.
    const QJsonArray rounds = card.value(u"rounds").toArray();
    QCOMPARE(rounds.size(), 2);
    QCOMPARE(rounds.at(0)[u"outcome"].toString(), QStringLiteral("rejected"));
    QCOMPARE(rounds.at(0)[u"files"].toArray().first()[u"sha256"].toString(), sha256("logo, first draft"));
    QCOMPARE(rounds.at(0)[u"answers"].toArray().first()[u"comment"].toString(), QStringLiteral("Bigger, please"));
    QCOMPARE(rounds.at(1)[u"outcome"].toString(), QStringLiteral("approved"));
    QCOMPARE(rounds.at(1)[u"files"].toArray().first()[u"sha256"].toString(), sha256("logo, bigger"));
    QCOMPARE(rounds.at(1)[u"answers"].toArray().size(), 2);
    // The decision names the round it was about.
    bool named = false;
    for (const QJsonValue &a : activitiesFor(id))
        if (a[u"action"].toString() == u"signoff.approved")
            named = a[u"details"].toObject().value(u"round").toInteger() == 2
                && a[u"details"].toObject().value(u"files").toArray().first()[u"sha256"].toString()
                    == sha256("logo, bigger");
    QVERIFY(named);
}

void TestSignoffs::theClassicLinkShowsOnlyItsSignoff()
{
    const QString other = send({{"title", "Not Noah's"}, {"approver_ids", QJsonArray{m_ivy.id}}});
    const QString id =
        send({{"title", "Poster"}, {"file_ids", QJsonArray{m_file}}, {"approver_ids", QJsonArray{m_noah}}});
    QVERIFY(!id.isEmpty() && !other.isEmpty());
    const QString token = linkToken(QStringLiteral("noah@green.test"), QStringLiteral("Poster"));

    // With the organisation's portal off, the link still works: that is what it is for.
    QCOMPARE(pushResults(*m_admin,
                 {mutation(QStringLiteral("organisation"), m_orgId, QStringLiteral("update"),
                     {{"portal_enabled", false}}, {{"portal_enabled", true}})})
                 .first()
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("applied"));
    TestClient::Reply opened;
    const QByteArray cookie = openLink(token, &opened);
    QVERIFY2(!cookie.isEmpty(), opened.body.constData());
    QVERIFY(
        opened.header("Set-Cookie").contains(QByteArray("Path=/api/v1/portal/link/signoffs/").append(id.toLatin1())));
    QVERIFY(opened.header("Set-Cookie").contains("HttpOnly"));
    const QString base = QStringLiteral("/api/v1/portal/link/signoffs/") + id;
    QCOMPARE(linkSend(cookie, "GET", base).status, 200);
    const auto content = linkSend(cookie, "GET", base + QStringLiteral("/files/%1/content").arg(m_file));
    QCOMPARE(content.status, 200);
    QCOMPARE(content.body, QByteArray("logo, bigger"));
    QCOMPARE(linkSend(cookie, "GET", base + QStringLiteral("/download")).status, 200);

    // Nothing else: not another sign-off, not a file it does not hold, not the portal's routes.
    const auto missing = linkSend(cookie, "GET", QStringLiteral("/api/v1/portal/link/signoffs/") + newId());
    const auto elsewhere = linkSend(cookie, "GET", QStringLiteral("/api/v1/portal/link/signoffs/") + other);
    QCOMPARE(missing.status, 404);
    QCOMPARE(elsewhere.status, missing.status);
    QCOMPARE(elsewhere.body, missing.body);
    QCOMPARE(linkSend(cookie, "GET", base + QStringLiteral("/files/%1/content").arg(newId())).status, 404);
    QCOMPARE(linkSend(cookie, "GET", QStringLiteral("/api/v1/portal/projects/") + m_project).status, 401);
    QCOMPARE(linkSend(cookie, "GET", QStringLiteral("/api/v1/portal/signoffs/") + id).status, 401);
    TestClient::Reply bogus;
    QVERIFY(openLink(QStringLiteral("so_not-a-real-token"), &bogus).isEmpty());
    QCOMPARE(bogus.status, 404);

    // Withdrawn: the link is refused, opened afresh or held.
    QCOMPARE(pushResults(*m_admin,
                 {mutation(QStringLiteral("signoff"), id, QStringLiteral("update"), {{"status", "withdrawn"}},
                     {{"status", "sent"}})})
                 .first()
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("applied"));
    TestClient::Reply afterWithdraw;
    QVERIFY(openLink(token, &afterWithdraw).isEmpty());
    QCOMPARE(afterWithdraw.status, 404);
    QCOMPARE(linkSend(cookie, "GET", base).status, 404);
    QCOMPARE(linkSend(cookie, "POST", base + QStringLiteral("/decision"), {{"decision", "approved"}}).status, 404);

    QCOMPARE(pushResults(*m_admin,
                 {mutation(QStringLiteral("organisation"), m_orgId, QStringLiteral("update"),
                     {{"portal_enabled", true}}, {{"portal_enabled", false}})})
                 .first()
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("applied"));
}

void TestSignoffs::remindersStopWhenTheApproverAnswers()
{
    const QString id = send(
        {{"title", "Banner"}, {"due_date", QDateTime::currentDateTimeUtc().date().addDays(1).toString(Qt::ISODate)},
            {"approver_ids", QJsonArray{m_ivy.id, m_noah}}});
    QVERIFY(!id.isEmpty());
    auto reminders = [this](const QString &email) {
        int n = 0;
        for (const QString &text : PortalFixture::outboxTexts(m_server.dataDir(), email))
            n += text.contains(u"Banner") && text.contains(u"still waiting for your answer") ? 1 : 0;
        return n;
    };
    // Due tomorrow: reminders come (here two seconds apart) to both…
    QTRY_VERIFY_WITH_TIMEOUT(reminders(QStringLiteral("ivy@green.test")) >= 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(reminders(QStringLiteral("noah@green.test")) >= 1, 20000);
    // …and stop for whoever answers, while the other keeps getting them.
    QCOMPARE(portalSend(m_ivy, "POST", QStringLiteral("/api/v1/portal/signoffs/%1/decision").arg(id),
                 {{"decision", "approved"}})
                 .status,
        200);
    QTest::qWait(1500); // a reminder already queued when she answered may still go out
    const int ivyAfter = reminders(QStringLiteral("ivy@green.test"));
    const int noahBefore = reminders(QStringLiteral("noah@green.test"));
    QTRY_VERIFY_WITH_TIMEOUT(reminders(QStringLiteral("noah@green.test")) >= noahBefore + 2, 20000);
    QCOMPARE(reminders(QStringLiteral("ivy@green.test")), ivyAfter);
    // A sign-off without a due date is never the subject of a reminder.
    for (const QString &text : PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("noah@green.test")))
        QVERIFY(!(text.contains(u"still waiting for your answer") && text.contains(u"\"Logo\"")));
}

// An approver who chose no language and never opened the portal reads the request, and every
// reminder of it (sent later by the server, with nobody's request to go by), in the language of the
// desktop that asked for the sign-off.
void TestSignoffs::aRequestAndItsRemindersSpeakTheLanguageOfWhoeverAsked()
{
    const QString lena = addContact(QStringLiteral("Lena"), QStringLiteral("lena@green.test"));
    QVERIFY(!lena.isEmpty());
    const QJsonObject body{{QStringLiteral("client_id"), QStringLiteral("test")},
        {QStringLiteral("mutations"),
            QJsonArray{mutation(QStringLiteral("signoff"), newId(), QStringLiteral("create"),
                {{"project_id", m_project}, {"status", "sent"}, {"title", "Flyer"},
                    {"due_date", QDateTime::currentDateTimeUtc().date().addDays(1).toString(Qt::ISODate)},
                    {"approver_ids", QJsonArray{lena}}})}}};
    const TestClient::Reply pushed =
        m_admin->send("POST", QStringLiteral("/api/v1/sync/push"), QJsonDocument(body).toJson(QJsonDocument::Compact),
            {{"Content-Type", "application/json"}, {"Accept-Language", "de-DE,de;q=0.9,en;q=0.5"}});
    QCOMPARE(pushed.status, 200);
    QCOMPARE(pushed.object().value(u"results").toArray().first().toObject().value(u"status").toString(),
        QStringLiteral("applied"));

    const QStringList requests = PortalFixture::waitForOutboxTexts(
        m_server.dataDir(), QStringLiteral("lena@green.test"), QRegularExpression(QStringLiteral("Flyer")), 1);
    QVERIFY(!requests.isEmpty());
    QVERIFY2(requests.first().contains(QStringLiteral("Acme bittet Sie um Freigabe von „Flyer“")),
        qPrintable(requests.first()));
    // Due tomorrow: a reminder comes (here two seconds later) from the server's housekeeping.
    auto flyerMails = [this] {
        QStringList texts;
        for (const QString &text : PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("lena@green.test")))
            if (text.contains(u"Flyer"))
                texts.append(text);
        return texts;
    };
    QTRY_VERIFY_WITH_TIMEOUT(flyerMails().size() >= 2, 20000);
    const QStringList reminders = flyerMails();
    QVERIFY2(reminders.at(1).contains(QStringLiteral("Acme wartet noch auf Ihre Antwort zu „Flyer“")),
        qPrintable(reminders.at(1)));
}

QTEST_GUILESS_MAIN(TestSignoffs)
#include "tst_signoffs.moc"

void TestSignoffs::theCertificateStatesTheEvidence()
{
    const QString id = send(
        {{"title", "Catalogue"}, {"file_ids", QJsonArray{m_file}}, {"approver_ids", QJsonArray{m_ivy.id, m_noah}}});
    QVERIFY(!id.isEmpty());
    const QString portalPath = QStringLiteral("/api/v1/portal/signoffs/%1/certificate").arg(id);
    const QString linkPath = QStringLiteral("/api/v1/portal/link/signoffs/%1/certificate").arg(id);
    const QString staffPath = QStringLiteral("/api/v1/signoffs/%1/certificate").arg(id);
    // Nothing to certify while it is open.
    const auto open = portalSend(m_ivy, "GET", portalPath);
    QCOMPARE(open.status, 409);
    QCOMPARE(open.errorCode(), QStringLiteral("not_decided"));
    QCOMPARE(m_admin->get(staffPath).errorCode(), QStringLiteral("not_decided"));

    QCOMPARE(portalSend(m_ivy, "POST", QStringLiteral("/api/v1/portal/signoffs/%1/decision").arg(id),
                 {{"decision", "approved"}})
                 .status,
        200);
    const QString token = linkToken(QStringLiteral("noah@green.test"), QStringLiteral("Catalogue"));
    TestClient::Reply opened;
    const QByteArray cookie = openLink(token, &opened);
    QVERIFY2(!cookie.isEmpty(), qPrintable(token + u' ' + QString::fromUtf8(opened.body)));
    const auto decided = linkSend(
        cookie, "POST", QStringLiteral("/api/v1/portal/link/signoffs/%1/decision").arg(id), {{"decision", "approved"}});
    QCOMPARE(decided.status, 200);
    const QString fileSha =
        decided.object()[u"signoff"][u"rounds"].toArray().first()[u"files"].toArray().first()[u"sha256"].toString();
    QCOMPARE(fileSha.size(), 64);

    // The same document for the staff member, the signed-in client and the link's holder.
    const QList<TestClient::Reply> replies{
        m_admin->get(staffPath), portalSend(m_ivy, "GET", portalPath), linkSend(cookie, "GET", linkPath)};
    for (const TestClient::Reply &reply : replies) {
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/pdf"));
        QVERIFY(reply.header("Content-Disposition").startsWith("attachment;"));
        QVERIFY(reply.body.startsWith("%PDF-"));
        const QString text = pdfText(reply.body);
        QVERIFY2(!text.isEmpty(), "pdftotext could not read the certificate");
        for (const QString &fact : {QStringLiteral("Sign-off certificate"), QStringLiteral("Acme"),
                 QStringLiteral("Catalogue"), QStringLiteral("Final outcome"), fileSha, QStringLiteral("Noah"),
                 QStringLiteral("ivy@green.test"), QStringLiteral("via personal link"),
                 QStringLiteral("via client portal"), QStringLiteral("from 127.0.0.1")})
            QVERIFY2(text.contains(fact), qPrintable(fact + QStringLiteral(" is missing from:\n") + text));
        QVERIFY(text.contains(QRegularExpression(QStringLiteral("Final outcome +Approved, \\d{4}-\\d\\d-\\d\\d "
                                                                "\\d\\d:\\d\\d:\\d\\d UTC"))));
    }
    // Hidden is missing: an id that is not there, and another sign-off's certificate through this link.
    QCOMPARE(
        portalSend(m_ivy, "GET", QStringLiteral("/api/v1/portal/signoffs/%1/certificate").arg(newId())).status, 404);
    QCOMPARE(m_admin->get(QStringLiteral("/api/v1/signoffs/%1/certificate").arg(newId())).status, 404);
    const QString other = send({{"title", "Flyer"}, {"approver_ids", QJsonArray{m_noah}}});
    QVERIFY(!other.isEmpty());
    QCOMPARE(
        linkSend(cookie, "GET", QStringLiteral("/api/v1/portal/link/signoffs/%1/certificate").arg(other)).status, 404);
    QCOMPARE(TestClient(m_server.baseUrl()).get(portalPath).status, 401);
}
