// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include <memory>

#include "tests/support/outbox.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;
using PortalFixture::Contact;

namespace {

// The server gathers notification mail for this long (--mail-batch-seconds); the tests wait in
// multiples of it.
constexpr int kBatchSeconds = 3;
constexpr int kWaitMs = 6 * kBatchSeconds * 1000;

using Outbox::Mail;
using Outbox::mailsTo;

// The token of a mail's one-click unsubscribe link.
QString unsubscribeToken(const Mail &mail)
{
    static const QRegularExpression re(QStringLiteral("unsubscribe\\?token=(ml_[A-Za-z0-9_-]+)>"));
    return re.match(QString::fromLatin1(mail.header("List-Unsubscribe"))).captured(1);
}

} // namespace

// Notification e-mail through the real server binary: clients hear of work newly shared with them,
// staff replies and sign-offs, gathered into one mail however many things happen at once, naming
// only what the client may see when the mail goes; staff hear of client activity on their projects,
// except what they already read in the desktop's Inbox; everyone can choose immediate, daily or no
// mail, and a client can stop it from the mail without signing in (RFC 8058).
class TestMailDigests : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void manySharesMakeOneMail();
    void mailNamesOnlyWhatTheClientMaySeeWhenItGoes();
    void staffHearOfClientsButNotOfWhatTheyRead();
    void oneClickUnsubscribeNeedsNoSession();
    void preferencesPage();
    void dailyDigestWaitsADay();

private:
    QString task(const QString &title, const QString &visibility);
    QString pushOne(const QJsonObject &mutation);
    // Waits for the number of mails to `to` to reach `count`; then waits out two more batches
    // and checks that no further mail came.
    QList<Mail> settle(const QString &to, qsizetype count);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    std::unique_ptr<TestClient> m_anon;
    QString m_orgId;
    QString m_client;
    QString m_otherClient;
    QString m_project;
    QString m_otherProject;
    Contact m_ivy;
    Contact m_bo;
};

void TestMailDigests::initTestCase()
{
    if (!m_server.start({QStringLiteral("--mail-batch-seconds"), QString::number(kBatchSeconds)}))
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
    m_otherProject = newId();
    QVERIFY(PortalFixture::openPortalProject(*m_admin, m_orgId, m_client, m_project));
    QCOMPARE(pushOne(mutation(QStringLiteral("client"), m_otherClient, QStringLiteral("create"), {{"name", "Blue"}})),
        QStringLiteral("applied"));
    QCOMPARE(pushOne(mutation(QStringLiteral("project"), m_otherProject, QStringLiteral("create"),
                 {{"client_id", m_otherClient}, {"name", "Theirs"}, {"portal_enabled", true}})),
        QStringLiteral("applied"));
    m_ivy = PortalFixture::signUp(m_server, *m_admin, m_client, QStringLiteral("ivy@green.test"));
    m_bo = PortalFixture::signUp(m_server, *m_admin, m_otherClient, QStringLiteral("bo@blue.test"));
    QVERIFY(!m_ivy.cookie.isEmpty() && !m_bo.cookie.isEmpty());
    // What happened before they signed up is not news to them.
    QTest::qWait(2 * kBatchSeconds * 1000);
    QCOMPARE(mailsTo(m_server.dataDir(), QStringLiteral("ivy@green.test")).size(), 0);
}

QString TestMailDigests::pushOne(const QJsonObject &m)
{
    const QJsonArray r = pushResults(*m_admin, {m});
    return r.isEmpty() ? QStringLiteral("push failed") : r.first().toObject().value(u"status").toString();
}

QString TestMailDigests::task(const QString &title, const QString &visibility)
{
    const QString id = newId();
    const QString status = pushOne(mutation(QStringLiteral("task"), id, QStringLiteral("create"),
        {{"project_id", m_project}, {"title", title}, {"visibility", visibility}}));
    return status == u"applied" ? id : QString();
}

QList<Mail> TestMailDigests::settle(const QString &to, qsizetype count)
{
    QDeadlineTimer deadline(kWaitMs);
    while (mailsTo(m_server.dataDir(), to).size() < count && !deadline.hasExpired())
        QTest::qWait(100);
    QTest::qWait(2 * kBatchSeconds * 1000);
    const QList<Mail> mails = mailsTo(m_server.dataDir(), to);
    if (mails.size() != count)
        qWarning() << "mails to" << to << ":" << mails.size() << "expected" << count;
    return mails;
}

void TestMailDigests::manySharesMakeOneMail()
{
    // Five tasks shared in three pushes within a moment, and one that stays private.
    QStringList shared;
    QStringList ids;
    for (int i = 1; i <= 5; ++i) {
        if (i == 3 || i == 5)
            QTest::qWait(300);
        const QString title = QStringLiteral("Shared task %1").arg(i);
        const QString id = task(title, i % 2 ? QStringLiteral("read_only") : QStringLiteral("editable"));
        QVERIFY(!id.isEmpty());
        shared.append(title);
        ids.append(id);
    }
    QVERIFY(!task(QStringLiteral("Our private notes"), QStringLiteral("private")).isEmpty());

    const QList<Mail> mails = settle(QStringLiteral("ivy@green.test"), 1);
    QCOMPARE(mails.size(), 1);
    const Mail &mail = mails.first();
    for (int i = 0; i < shared.size(); ++i) {
        QVERIFY2(mail.text().contains(QStringLiteral("Shared with you: ") + shared.at(i)), qPrintable(mail.text()));
        // Each with a link to the item on its project's page.
        QVERIFY(mail.text().contains(QStringLiteral("/p/acme/projects/%1#task-%2").arg(m_project, ids.at(i))));
    }
    QVERIFY(!mail.text().contains(u"private notes"));
    QCOMPARE(mail.header("Subject"), QByteArray("5 updates from Acme"));
    // One-click unsubscribe (RFC 8058) and a page to choose, both without signing in.
    QVERIFY(mail.header("List-Unsubscribe")
                .startsWith(
                    QByteArray("<" + m_server.baseUrl().toString().toUtf8() + "/api/v1/mail/unsubscribe?token=ml_")));
    QCOMPARE(mail.header("List-Unsubscribe-Post"), QByteArray("List-Unsubscribe=One-Click"));
    QVERIFY(mail.text().contains(QStringLiteral("/p/acme/email#ml_")));
    // Another client hears nothing of it.
    QCOMPARE(mailsTo(m_server.dataDir(), QStringLiteral("bo@blue.test")).size(), 0);

    // Something shared after that mail comes in the next one, a batch after the first at the
    // earliest.
    QVERIFY(!task(QStringLiteral("Shared later"), QStringLiteral("read_only")).isEmpty());
    const QList<Mail> after = settle(QStringLiteral("ivy@green.test"), 2);
    QCOMPARE(after.size(), 2);
    QVERIFY(after.last().text().contains(u"Shared with you: Shared later"));
    QCOMPARE(after.last().header("Subject"), QByteArray("Shared with you: Shared later"));
    const auto sentAt = [](const Mail &m) {
        return QDateTime::fromString(m.file.left(19), QStringLiteral("yyyyMMdd-hhmmss-zzz"));
    };
    QVERIFY2(sentAt(after.first()).msecsTo(sentAt(after.last())) >= (kBatchSeconds - 1) * 1000,
        qPrintable(after.first().file + u' ' + after.last().file));
}

void TestMailDigests::mailNamesOnlyWhatTheClientMaySeeWhenItGoes()
{
    const qsizetype before = mailsTo(m_server.dataDir(), QStringLiteral("ivy@green.test")).size();
    // Shared, then made private again before the mail goes: never named.
    const QString retracted = task(QStringLiteral("Shared by mistake"), QStringLiteral("read_only"));
    QVERIFY(!retracted.isEmpty());
    QCOMPARE(pushOne(mutation(QStringLiteral("task"), retracted, QStringLiteral("update"), {{"visibility", "private"}},
                 {{"visibility", "read_only"}})),
        QStringLiteral("applied"));
    // A staff note on a read-only item stays with staff; a reply on an editable one goes out.
    const QString readOnly = task(QStringLiteral("Read-only brief"), QStringLiteral("read_only"));
    const QString editable = task(QStringLiteral("Editable copy"), QStringLiteral("editable"));
    QVERIFY(!readOnly.isEmpty() && !editable.isEmpty());
    for (const auto &[target, body] : {std::pair{readOnly, "internal: the client is late again"},
             std::pair{editable, "Here is the new headline, what do you think?"}})
        QCOMPARE(pushOne(mutation(QStringLiteral("comment"), newId(), QStringLiteral("create"),
                     {{"target_entity", "task"}, {"target_id", target}, {"body", QString::fromLatin1(body)}})),
            QStringLiteral("applied"));
    // A project of another client, shared: not Ivy's business.
    QCOMPARE(pushOne(mutation(QStringLiteral("task"), newId(), QStringLiteral("create"),
                 {{"project_id", m_otherProject}, {"title", "Blue's task"}, {"visibility", "read_only"}})),
        QStringLiteral("applied"));

    const QList<Mail> mails = settle(QStringLiteral("ivy@green.test"), before + 1);
    QCOMPARE(mails.size(), before + 1);
    const QString text = mails.last().text();
    QVERIFY2(text.contains(u"Shared with you: Read-only brief"), qPrintable(text));
    QVERIFY(text.contains(u"Shared with you: Editable copy"));
    QVERIFY2(text.contains(QStringLiteral("replied on Editable copy: “Here is the new headline, what do you think?”")),
        qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("/p/acme/projects/%1#task-%2").arg(m_project, editable)));
    QVERIFY(!text.contains(u"Shared by mistake"));
    QVERIFY(!text.contains(u"late again"));
    QVERIFY(!text.contains(u"Blue's task"));
    // Bo hears of Blue's task, and of nothing of Green's.
    const QList<Mail> bo = settle(QStringLiteral("bo@blue.test"), 1);
    QCOMPARE(bo.size(), 1);
    QVERIFY(bo.first().text().contains(u"Shared with you: Blue's task"));
    QVERIFY(!bo.first().text().contains(u"Editable copy"));
}

void TestMailDigests::staffHearOfClientsButNotOfWhatTheyRead()
{
    const QString to = QStringLiteral("admin@acme.test");
    const QString target = task(QStringLiteral("Homepage copy"), QStringLiteral("editable"));
    QVERIFY(!target.isEmpty());
    auto comment = [&](const QString &text) {
        return m_anon
            ->send("POST", QStringLiteral("/api/v1/portal/comments"),
                QJsonDocument(QJsonObject{{"target_entity", "task"}, {"target_id", target}, {"body", text}}).toJson(),
                TestClient::Headers(m_ivy.headers(true))
                    << qMakePair(QByteArray("Content-Type"), QByteArray("application/json")))
            .status;
    };
    const qsizetype before = mailsTo(m_server.dataDir(), to).size();
    QCOMPARE(comment(QStringLiteral("Looks great, one typo in the second line.")), 201);
    const QList<Mail> mails = settle(to, before + 1);
    QCOMPARE(mails.size(), before + 1);
    QVERIFY2(mails.last().text().contains(QStringLiteral(
                 "ivy@green.test commented on Homepage copy: “Looks great, one typo in the second line.”")),
        qPrintable(mails.last().text()));
    QVERIFY(!mails.last().header("List-Unsubscribe").isEmpty());

    // Read in the desktop's Inbox before the batch is up: no mail about it. (Only the changes since
    // the comment are pulled, so the mark is pushed well within the batch even on a busy machine.)
    qint64 cursor = 0;
    pullAll(*m_admin, 0, &cursor);
    QCOMPARE(comment(QStringLiteral("Second thought: keep the typo.")), 201);
    QString activityId;
    for (const QJsonValue &c : pullAll(*m_admin, cursor)) {
        const QJsonObject data = c.toObject().value(u"data").toObject();
        if (c.toObject().value(u"entity").toString() == u"activity"
            && data.value(u"action").toString() == u"comment.created"
            && data.value(u"details").toObject().value(u"excerpt").toString().startsWith(u"Second thought"))
            activityId = c.toObject().value(u"id").toString();
    }
    QVERIFY(!activityId.isEmpty());
    QCOMPARE(pushOne(mutation(
                 QStringLiteral("inbox_mark"), newId(), QStringLiteral("create"), {{"activity_id", activityId}})),
        QStringLiteral("applied"));
    QTest::qWait(3 * kBatchSeconds * 1000);
    for (const Mail &m : mailsTo(m_server.dataDir(), to))
        QVERIFY2(!m.text().contains(u"keep the typo"), qPrintable(m.text()));

    // Each staff member chooses: off means none.
    const auto own = m_admin->get(QStringLiteral("/api/v1/account/notifications"));
    QCOMPARE(own.status, 200);
    QCOMPARE(own.object().value(u"email").toString(), QStringLiteral("immediate"));
    const auto off = m_admin->put(QStringLiteral("/api/v1/account/notifications"),
        QJsonDocument(QJsonObject{{"email", "off"}}).toJson(), "application/json");
    QCOMPARE(off.status, 200);
    QCOMPARE(off.object().value(u"email").toString(), QStringLiteral("off"));
    const auto wrong = m_admin->put(QStringLiteral("/api/v1/account/notifications"),
        QJsonDocument(QJsonObject{{"email", "hourly"}}).toJson(), "application/json");
    QCOMPARE(wrong.status, 400);
    QCOMPARE(wrong.errorCode(), QStringLiteral("invalid_field"));
    QCOMPARE(m_anon->get(QStringLiteral("/api/v1/account/notifications")).status, 401);
    const qsizetype quiet = mailsTo(m_server.dataDir(), to).size();
    QCOMPARE(comment(QStringLiteral("Third comment nobody mails.")), 201);
    QTest::qWait(3 * kBatchSeconds * 1000);
    QCOMPARE(mailsTo(m_server.dataDir(), to).size(), quiet);
    // Back on, it starts from now: what happened while it was off does not come later.
    QCOMPARE(m_admin
                 ->put(QStringLiteral("/api/v1/account/notifications"),
                     QJsonDocument(QJsonObject{{"email", "immediate"}}).toJson(), "application/json")
                 .status,
        200);
    QCOMPARE(comment(QStringLiteral("Fourth comment, mailed again.")), 201);
    const QList<Mail> back = settle(to, quiet + 1);
    QCOMPARE(back.size(), quiet + 1);
    QVERIFY(back.last().text().contains(u"Fourth comment"));
    QVERIFY(!back.last().text().contains(u"Third comment"));
}

void TestMailDigests::oneClickUnsubscribeNeedsNoSession()
{
    const QList<Mail> mails = mailsTo(m_server.dataDir(), QStringLiteral("bo@blue.test"));
    QVERIFY(!mails.isEmpty());
    const QString token = unsubscribeToken(mails.last());
    QVERIFY(!token.isEmpty());

    // A person following the link lands on the portal's page (a GET changes nothing).
    const auto page = m_anon->get(QStringLiteral("/api/v1/mail/unsubscribe?token=") + token);
    QCOMPARE(page.status, 303);
    QCOMPARE(page.header("Location"), QByteArray("/p/acme/email#" + token.toLatin1()));
    // The mail provider's one-click POST: a form, no cookie, no Origin.
    const auto done = m_anon->postRaw(QStringLiteral("/api/v1/mail/unsubscribe?token=") + token,
        "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
    QCOMPARE(done.status, 200);
    QCOMPARE(done.object().value(u"mode").toString(), QStringLiteral("off"));
    QCOMPARE(done.object().value(u"email").toString(), QStringLiteral("bo@blue.test"));
    // Again is fine; a made-up or mangled token is not found, the same for every kind of wrong.
    QCOMPARE(m_anon
                 ->postRaw(QStringLiteral("/api/v1/mail/unsubscribe?token=") + token, "List-Unsubscribe=One-Click",
                     "application/x-www-form-urlencoded")
                 .status,
        200);
    for (const QString &bad : {QStringLiteral("ml_nope"), token.left(token.size() - 1), QString(), token.mid(3)}) {
        const auto r = m_anon->postRaw(QStringLiteral("/api/v1/mail/unsubscribe?token=") + bad,
            "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
        QCOMPARE(r.status, 404);
        QCOMPARE(r.errorCode(), QStringLiteral("not_found"));
    }

    // No more mail for Bo.
    const qsizetype count = mailsTo(m_server.dataDir(), QStringLiteral("bo@blue.test")).size();
    QCOMPARE(pushOne(mutation(QStringLiteral("task"), newId(), QStringLiteral("create"),
                 {{"project_id", m_otherProject}, {"title", "Another for Blue"}, {"visibility", "read_only"}})),
        QStringLiteral("applied"));
    QTest::qWait(3 * kBatchSeconds * 1000);
    QCOMPARE(mailsTo(m_server.dataDir(), QStringLiteral("bo@blue.test")).size(), count);

    // A deleted contact's links stop working.
    QCOMPARE(
        pushOne(mutation(QStringLiteral("contact"), m_bo.id, QStringLiteral("delete"))), QStringLiteral("applied"));
    QCOMPARE(m_anon
                 ->postRaw(QStringLiteral("/api/v1/mail/unsubscribe?token=") + token, "List-Unsubscribe=One-Click",
                     "application/x-www-form-urlencoded")
                 .status,
        404);
}

void TestMailDigests::preferencesPage()
{
    const QList<Mail> mails = mailsTo(m_server.dataDir(), QStringLiteral("ivy@green.test"));
    QVERIFY(!mails.isEmpty());
    const QString token = unsubscribeToken(mails.last());
    auto ask = [&](const QJsonObject &body) {
        return m_anon->post(QStringLiteral("/api/v1/mail/preferences"), body);
    };
    const auto read = ask({{"token", token}});
    QCOMPARE(read.status, 200);
    QCOMPARE(read.object().value(u"mode").toString(), QStringLiteral("immediate"));
    QCOMPARE(read.object().value(u"organisation").toString(), QStringLiteral("Acme"));
    QCOMPARE(read.object().value(u"recipient_kind").toString(), QStringLiteral("contact"));
    QCOMPARE(read.header("Cache-Control"), QByteArray("no-store"));
    const auto set = ask({{"token", token}, {"mode", "daily"}});
    QCOMPARE(set.status, 200);
    QCOMPARE(set.object().value(u"mode").toString(), QStringLiteral("daily"));
    QCOMPARE(ask({{"token", token}}).object().value(u"mode").toString(), QStringLiteral("daily"));
    const auto wrong = ask({{"token", token}, {"mode", "weekly"}});
    QCOMPARE(wrong.status, 400);
    QCOMPARE(wrong.errorCode(), QStringLiteral("invalid_field"));
    QCOMPARE(ask({{"token", "ml_unknown"}}).status, 404);
    QCOMPARE(ask({{"token", 42}}).status, 404);
    QCOMPARE(m_anon->postRaw(QStringLiteral("/api/v1/mail/preferences"), "{", "application/json").status, 400);
    // The page itself is the portal's.
    const auto html = m_anon->get(QStringLiteral("/p/acme/email"));
    QCOMPARE(html.status, 200);
    QVERIFY(html.header("Content-Type").startsWith("text/html"));
}

void TestMailDigests::dailyDigestWaitsADay()
{
    // Ivy chose a daily digest (preferencesPage) and had a mail minutes ago: the next waits a day.
    const qsizetype count = mailsTo(m_server.dataDir(), QStringLiteral("ivy@green.test")).size();
    QVERIFY(!task(QStringLiteral("Shared for the digest"), QStringLiteral("read_only")).isEmpty());
    QTest::qWait(3 * kBatchSeconds * 1000);
    QCOMPARE(mailsTo(m_server.dataDir(), QStringLiteral("ivy@green.test")).size(), count);
}

QTEST_GUILESS_MAIN(TestMailDigests)
#include "tst_maildigests.moc"
