// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCryptographicHash>
#include <QDir>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include "server/mail/mailer.h"
#include "tests/support/dbinspector.h"
#include "tests/support/outbox.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

namespace {

// A small SMTP server that accepts every message (enough for libcurl's client), so the server's
// real SMTP path runs against a real socket.
class FakeSmtpServer : public QTcpServer
{
public:
    struct Message
    {
        QByteArray from;
        QList<QByteArray> to;
        QByteArray data;
    };
    QList<Message> messages;

    FakeSmtpServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection())
                serve(socket);
        });
    }

private:
    void serve(QTcpSocket *socket)
    {
        auto message = std::make_shared<Message>();
        auto buffer = std::make_shared<QByteArray>();
        auto inData = std::make_shared<bool>(false);
        socket->write("220 fake.smtp ESMTP\r\n");
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, message, buffer, inData] {
            *buffer += socket->readAll();
            while (true) {
                if (*inData) {
                    const qsizetype end = buffer->indexOf("\r\n.\r\n");
                    if (end < 0)
                        return;
                    message->data = buffer->left(end + 2);
                    buffer->remove(0, end + 5);
                    *inData = false;
                    messages.append(*message);
                    *message = Message();
                    socket->write("250 queued\r\n");
                    continue;
                }
                const qsizetype eol = buffer->indexOf("\r\n");
                if (eol < 0)
                    return;
                const QByteArray line = buffer->left(eol);
                buffer->remove(0, eol + 2);
                const QByteArray verb = line.left(4).toUpper();
                if (verb == "EHLO" || verb == "HELO")
                    socket->write("250 fake.smtp\r\n");
                else if (verb == "MAIL")
                    message->from = line.mid(10).trimmed(), socket->write("250 ok\r\n");
                else if (verb == "RCPT")
                    message->to.append(line.mid(8).trimmed()), socket->write("250 ok\r\n");
                else if (verb == "DATA")
                    *inData = true, socket->write("354 go on\r\n");
                else if (verb == "QUIT")
                    socket->write("221 bye\r\n"), socket->disconnectFromHost();
                else
                    socket->write("250 ok\r\n");
            }
        });
    }
};

// The decoded parts of a multipart/alternative message: content type → body.
QHash<QByteArray, QString> parts(const QByteArray &message)
{
    QHash<QByteArray, QString> out;
    const QRegularExpression boundaryRe(QStringLiteral("boundary=\"([^\"]+)\""));
    const auto m = boundaryRe.match(QString::fromLatin1(message));
    if (!m.hasMatch())
        return out;
    const QByteArray boundary = "--" + m.captured(1).toLatin1();
    qsizetype at = message.indexOf(boundary);
    while (at >= 0) {
        const qsizetype next = message.indexOf(boundary, at + boundary.size());
        if (next < 0)
            break;
        const QByteArray part = message.mid(at + boundary.size(), next - at - boundary.size());
        const qsizetype split = part.indexOf("\r\n\r\n");
        const QByteArray head = part.left(split);
        const QByteArray body = part.mid(split + 4);
        const QByteArray type = head.contains("text/html") ? "text/html" : "text/plain";
        out.insert(type, QString::fromUtf8(QByteArray::fromBase64(body.simplified().replace(' ', ""))));
        at = next;
    }
    return out;
}

} // namespace

// Outgoing mail through the real server binary: the outbox when no SMTP server is set, SMTP via
// libcurl when one is, retries while it is down, and headers nobody can inject into.
class TestMail : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void emailInviteIsWrittenToTheOutbox();
    void linkInviteSendsNoMail();
    void aFirstInviteSpeaksTheLanguageOfWhoeverSentIt();
    void smtpDeliveryThroughLibcurl();
    void smtpDownIsRetriedUntilItWorks();
    void headersCannotBeInjected();

private:
    QString createContact(TestClient &client, const QString &email, const QString &name = QStringLiteral("Ivy Green"));
    QString createInvite(TestClient &client, const QString &contactId, const QString &kind);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
};

void TestMail::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(QStringLiteral("Acme & Sons"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"),
        QStringLiteral("admin-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
}

QString TestMail::createContact(TestClient &client, const QString &email, const QString &name)
{
    const QString clientId = newId();
    const QString contactId = newId();
    const QJsonArray results = pushResults(client,
        {mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "Green Grocers"}}),
            mutation(QStringLiteral("contact"), contactId, QStringLiteral("create"),
                {{"client_id", clientId}, {"name", name}, {"email", email}})});
    return results.size() == 2 && results.at(1).toObject().value(u"status").toString() == u"applied" ? contactId
                                                                                                     : QString();
}

QString TestMail::createInvite(TestClient &client, const QString &contactId, const QString &kind)
{
    const QString id = newId();
    const QJsonArray results = pushResults(client,
        {mutation(
            QStringLiteral("invite"), id, QStringLiteral("create"), {{"contact_id", contactId}, {"kind", kind}})});
    return results.size() == 1 && results.at(0).toObject().value(u"status").toString() == u"applied" ? id : QString();
}

void TestMail::emailInviteIsWrittenToTheOutbox()
{
    const QString contactId = createContact(*m_admin, QStringLiteral("ivy@green.test"));
    QVERIFY(!contactId.isEmpty());
    const QString inviteId = createInvite(*m_admin, contactId, QStringLiteral("email"));
    QVERIFY(!inviteId.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(Outbox::mailsTo(m_server.dataDir()).size(), 1, 10000);
    const QByteArray message = Outbox::mailsTo(m_server.dataDir()).first().raw;
    QVERIFY(message.contains("\r\nTo: <ivy@green.test>\r\n"));
    QVERIFY(message.contains("Subject: Acme & Sons invites you to their client portal\r\n"));
    QVERIFY(message.contains("MIME-Version: 1.0\r\n"));
    const auto bodies = parts(message);
    QVERIFY(bodies.contains("text/plain"));
    QVERIFY(bodies.contains("text/html"));
    QVERIFY(bodies.value("text/plain").contains(QStringLiteral("Hello Ivy Green")));
    QVERIFY(bodies.value("text/html").contains(QStringLiteral("Acme &amp; Sons")));
    // The link carries the token in its fragment; the database has only its hash.
    const QRegularExpression linkRe(QStringLiteral("(http://127\\.0\\.0\\.1:\\d+/p/acme/invite)#(inv_[A-Za-z0-9_-]+)"));
    const auto link = linkRe.match(bodies.value("text/plain"));
    QVERIFY2(link.hasMatch(), qPrintable(bodies.value("text/plain")));
    QCOMPARE(link.captured(1), m_server.baseUrl().toString() + QStringLiteral("/p/acme/invite"));
    DbInspector db(m_server);
    QVERIFY(db.isOpen());
    QCOMPARE(db.column(QStringLiteral("SELECT token_hash FROM invites WHERE id = ?"), {inviteId}).first().toString(),
        QString::fromLatin1(QCryptographicHash::hash(link.captured(2).toLatin1(), QCryptographicHash::Sha256).toHex()));
    QTRY_COMPARE_WITH_TIMEOUT(
        db.column(QStringLiteral("SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NOT NULL")).first().toInt(), 1,
        5000);
}

// A contact who never chose a language nor opened the portal gets their first invitation in the
// language of the desktop that sent it (its Accept-Language); once they chose, in theirs.
void TestMail::aFirstInviteSpeaksTheLanguageOfWhoeverSentIt()
{
    auto pushInvite = [&](const QString &contactId, const QByteArray &acceptLanguage) {
        const QJsonObject body{{QStringLiteral("client_id"), QStringLiteral("test")},
            {QStringLiteral("mutations"),
                QJsonArray{mutation(QStringLiteral("invite"), newId(), QStringLiteral("create"),
                    {{"contact_id", contactId}, {"kind", "email"}})}}};
        TestClient::Headers headers = {{"Content-Type", "application/json"}};
        if (!acceptLanguage.isEmpty())
            headers.append({"Accept-Language", acceptLanguage});
        const auto reply = m_admin->send(
            "POST", QStringLiteral("/api/v1/sync/push"), QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
        return reply.object().value(u"results").toArray().at(0).toObject().value(u"status").toString();
    };
    auto subjects = [&](const QString &to) {
        QStringList found;
        for (const Outbox::Mail &mail : Outbox::mailsTo(m_server.dataDir(), to))
            found.append(mail.subject());
        return found;
    };

    const QString german = createContact(*m_admin, QStringLiteral("greta@green.test"), QStringLiteral("Greta"));
    QCOMPARE(pushInvite(german, "de-AT,de;q=0.9,en;q=0.8"), QStringLiteral("applied"));
    QTRY_COMPARE_WITH_TIMEOUT(subjects(QStringLiteral("greta@green.test")).size(), 1, 10000);
    QCOMPARE(subjects(QStringLiteral("greta@green.test")).first(),
        QStringLiteral("Acme & Sons lädt Sie in das Kundenportal ein"));

    // A language we do not write (or none at all) is English.
    const QString other = createContact(*m_admin, QStringLiteral("otto@green.test"), QStringLiteral("Otto"));
    QCOMPARE(pushInvite(other, "fr-FR,fr;q=0.9"), QStringLiteral("applied"));
    QTRY_COMPARE_WITH_TIMEOUT(subjects(QStringLiteral("otto@green.test")).size(), 1, 10000);
    QCOMPARE(subjects(QStringLiteral("otto@green.test")).first(),
        QStringLiteral("Acme & Sons invites you to their client portal"));

    // The contact's own choice wins over the sender's.
    DbInspector db(m_server);
    QVERIFY(db.exec(QStringLiteral("INSERT INTO contact_languages (contact_id, org_id, preferred, updated_at) "
                                   "SELECT id, org_id, 'en', '2026-12-01T00:00:00.000Z' FROM contacts WHERE id = ?"),
        {german}));
    QCOMPARE(pushInvite(german, "de"), QStringLiteral("applied"));
    QTRY_COMPARE_WITH_TIMEOUT(subjects(QStringLiteral("greta@green.test")).size(), 2, 10000);
    QVERIFY(subjects(QStringLiteral("greta@green.test"))
                .contains(QStringLiteral("Acme & Sons invites you to their client portal")));
}

void TestMail::linkInviteSendsNoMail()
{
    const QString contactId = createContact(*m_admin, QStringLiteral("link@green.test"));
    QVERIFY(!createInvite(*m_admin, contactId, QStringLiteral("link")).isEmpty());
    DbInspector db(m_server);
    QCOMPARE(db.column(QStringLiteral("SELECT COUNT(*) FROM mail_queue WHERE to_addr = ?"),
                   {QStringLiteral("link@green.test")})
                 .first()
                 .toInt(),
        0);
}

void TestMail::smtpDeliveryThroughLibcurl()
{
    FakeSmtpServer smtp;
    QVERIFY(smtp.listen(QHostAddress::LocalHost));
    ServerProcess server;
    if (!server.start({QStringLiteral("--smtp-url"), QStringLiteral("smtp://127.0.0.1:%1").arg(smtp.serverPort()),
            QStringLiteral("--mail-from"), QStringLiteral("noreply@acme.test"), QStringLiteral("--public-url"),
            QStringLiteral("https://portal.acme.test")}))
        QFAIL(qPrintable(server.errorString()));
    QVERIFY(server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    TestClient admin(server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    const QString contactId = createContact(admin, QStringLiteral("sam@client.test"), QStringLiteral("Sam"));
    QVERIFY(!createInvite(admin, contactId, QStringLiteral("email")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(smtp.messages.size(), 1, 15000);
    const FakeSmtpServer::Message &m = smtp.messages.first();
    QCOMPARE(m.from, QByteArray("<noreply@acme.test>"));
    QCOMPARE(m.to, QList<QByteArray>{"<sam@client.test>"});
    QVERIFY(m.data.contains("From: Acme <noreply@acme.test>\r\n"));
    QVERIFY(parts(m.data).value("text/plain").contains(QStringLiteral("https://portal.acme.test/p/acme/invite#inv_")));
    // Nothing went to the outbox.
    QVERIFY(Outbox::mailsTo(server.dataDir()).isEmpty());
}

void TestMail::smtpDownIsRetriedUntilItWorks()
{
    // Take a free port, and let nothing listen on it yet.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    ServerProcess server;
    if (!server.start({QStringLiteral("--smtp-url"), QStringLiteral("smtp://127.0.0.1:%1").arg(port),
            QStringLiteral("--mail-retry-seconds"), QStringLiteral("1")}))
        QFAIL(qPrintable(server.errorString()));
    QVERIFY(server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    TestClient admin(server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    const QString contactId = createContact(admin, QStringLiteral("late@client.test"), QStringLiteral("Lee"));
    QVERIFY(!createInvite(admin, contactId, QStringLiteral("email")).isEmpty());
    DbInspector db(server);
    QTRY_VERIFY_WITH_TIMEOUT(db.column(QStringLiteral("SELECT attempts FROM mail_queue WHERE to_addr = ?"),
                                   {QStringLiteral("late@client.test")})
                                 .value(0)
                                 .toInt()
            >= 1,
        15000);
    QVERIFY(!db.column(QStringLiteral("SELECT last_error FROM mail_queue")).first().toString().isEmpty());
    // The SMTP server comes up; the queued message goes out.
    FakeSmtpServer smtp;
    QVERIFY(smtp.listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE_WITH_TIMEOUT(smtp.messages.size(), 1, 20000);
    QCOMPARE(smtp.messages.first().to, QList<QByteArray>{"<late@client.test>"});
    QTRY_VERIFY_WITH_TIMEOUT(
        !db.column(QStringLiteral("SELECT sent_at FROM mail_queue")).first().toString().isEmpty(), 5000);
}

void TestMail::headersCannotBeInjected()
{
    const QByteArray data = Mailer::compose(
        MailMessage{QStringLiteral("a@b.test\r\nBcc: evil@x.test"), QStringLiteral("Name\r\nBcc: evil@x.test"),
            QStringLiteral("Hello\r\nBcc: evil@x.test"), QStringLiteral("t"), QStringLiteral("<p>h</p>")},
        QStringLiteral("from@acme.test"));
    QVERIFY(!data.contains("\r\nBcc:"));
    QVERIFY(!data.contains("\nBcc:"));
    // Non-ASCII goes encoded.
    const QByteArray utf8 = Mailer::compose(
        MailMessage{QStringLiteral("a@b.test"), QStringLiteral("Müller & Co"), QStringLiteral("Grüße"), {}, {}},
        QStringLiteral("from@acme.test"));
    QVERIFY(utf8.contains(QByteArray("Subject: =?UTF-8?B?" + QStringLiteral("Grüße").toUtf8().toBase64() + "?=")));
}

QTEST_GUILESS_MAIN(TestMail)
#include "tst_mail.moc"
