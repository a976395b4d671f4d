// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>

#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

// One name rule (common/filenamerule.h) for every way a name gets in, through the real server:
// staff uploads, client uploads, and renames and moves pushed by a desktop.
class TestFileNames : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pushedBadNamesAreRejectedAlone_data();
    void pushedBadNamesAreRejectedAlone();
    void pushedNamesAreNormalised();
    void staffUploadsFollowTheSameRule_data();
    void staffUploadsFollowTheSameRule();
    void clientsCannotUploadProgramsUnderAnyDisguise_data();
    void clientsCannotUploadProgramsUnderAnyDisguise();

private:
    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    std::unique_ptr<TestClient> m_anon;
    QString m_project;
    QString m_fileId;
    PortalFixture::Contact m_contact;
};

void TestFileNames::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    m_anon = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    const QString orgId = pullAll(*m_admin).first().toObject().value(u"id").toString();
    const QString client = newId();
    m_project = newId();
    for (const QJsonValue &r : pushResults(*m_admin,
             {mutation(QStringLiteral("client"), client, QStringLiteral("create"), {{"name", "Green"}}),
                 mutation(QStringLiteral("project"), m_project, QStringLiteral("create"),
                     {{"client_id", client}, {"name", "Website"}, {"portal_enabled", true},
                         {"client_uploads_enabled", true}}),
                 mutation(QStringLiteral("organisation"), orgId, QStringLiteral("update"), {{"portal_enabled", true}},
                     {{"portal_enabled", false}})}))
        QCOMPARE(r.toObject().value(u"status").toString(), QStringLiteral("applied"));
    m_fileId = PortalFixture::uploadAsStaff(
        *m_admin, m_project, QStringLiteral("brief.txt"), "the brief", "text/plain", "private");
    QVERIFY(!m_fileId.isEmpty());
    m_contact = PortalFixture::signUp(m_server, *m_admin, client, QStringLiteral("ivy@green.test"));
    QVERIFY(!m_contact.cookie.isEmpty());
}

void TestFileNames::pushedBadNamesAreRejectedAlone_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addRow("name up and out") << QStringLiteral("name") << QStringLiteral("../../etc/passwd");
    QTest::addRow("name with a slash") << QStringLiteral("name") << QStringLiteral("a/b.txt");
    QTest::addRow("name with a backslash") << QStringLiteral("name") << QStringLiteral("a\\b.txt");
    QTest::addRow("name dot dot") << QStringLiteral("name") << QStringLiteral("..");
    QTest::addRow("name of dots and spaces") << QStringLiteral("name") << QStringLiteral(". .");
    QTest::addRow("name with a newline") << QStringLiteral("name") << QStringLiteral("a\nb.txt");
    QTest::addRow("name with an escape") << QStringLiteral("name") << QStringLiteral("a\x1b[2J.txt");
    QTest::addRow("name with a direction override") << QStringLiteral("name") << QStringLiteral("a\u202etxt.exe");
    QTest::addRow("name of 300 bytes") << QStringLiteral("name") << QString(150, QChar(0x00e9));
    QTest::addRow("folder up and out") << QStringLiteral("folder") << QStringLiteral("../../outside");
    QTest::addRow("folder absolute") << QStringLiteral("folder") << QStringLiteral("/etc");
    QTest::addRow("folder with an empty part") << QStringLiteral("folder") << QStringLiteral("a//b");
    QTest::addRow("folder with a control character") << QStringLiteral("folder") << QStringLiteral("a\tb");
    QTest::addRow("folder with a backslash path") << QStringLiteral("folder") << QStringLiteral("..\\..\\outside");
}

void TestFileNames::pushedBadNamesAreRejectedAlone()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    const QString task = newId();
    const QJsonArray results = pushResults(*m_admin,
        {mutation(QStringLiteral("file"), m_fileId, QStringLiteral("update"), {{field, value}}),
            mutation(QStringLiteral("task"), task, QStringLiteral("create"),
                {{"project_id", m_project}, {"title", "Still applied"}})});
    QCOMPARE(results.size(), 2);
    const QJsonObject bad = results.at(0).toObject();
    QVERIFY2(bad.value(u"status").toString() == u"rejected", qPrintable(QJsonDocument(bad).toJson()));
    QCOMPARE(bad.value(u"error").toObject().value(u"code").toString(), QStringLiteral("invalid_field"));
    QVERIFY(!bad.value(u"error").toObject().value(u"message").toString().isEmpty());
    QCOMPARE(results.at(1).toObject().value(u"status").toString(), QStringLiteral("applied"));
    // The file kept its name and place.
    const QJsonObject file = find(pullAll(*m_admin), m_fileId).value(u"data").toObject();
    QCOMPARE(file.value(u"name").toString(), QStringLiteral("brief.txt"));
    QCOMPARE(file.value(u"folder").toString(), QString());
}

void TestFileNames::pushedNamesAreNormalised()
{
    const QString file = PortalFixture::uploadAsStaff(
        *m_admin, m_project, QStringLiteral("draft.txt"), "a draft", "text/plain", "private");
    QVERIFY(!file.isEmpty());
    const QJsonArray results = pushResults(*m_admin,
        {mutation(QStringLiteral("file"), file, QStringLiteral("update"),
            {{"name", QStringLiteral("Final\uff0etxt. ")}, {"folder", "Deliverables/Print."}})});
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().toObject().value(u"status").toString(), QStringLiteral("applied"));
    const QJsonObject stored = find(pullAll(*m_admin), file).value(u"data").toObject();
    QCOMPARE(stored.value(u"name").toString(), QStringLiteral("Final.txt"));
    QCOMPARE(stored.value(u"folder").toString(), QStringLiteral("Deliverables/Print"));
}

void TestFileNames::staffUploadsFollowTheSameRule_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addRow("name up and out") << QStringLiteral("name") << QStringLiteral("../../etc/passwd");
    QTest::addRow("name of dots and spaces") << QStringLiteral("name") << QStringLiteral(" . ");
    QTest::addRow("name with a direction override") << QStringLiteral("name") << QStringLiteral("a\u202etxt.exe");
    QTest::addRow("name of 300 bytes") << QStringLiteral("name") << QString(150, QChar(0x00e9));
    QTest::addRow("folder up and out") << QStringLiteral("folder") << QStringLiteral("../../outside");
    QTest::addRow("folder absolute") << QStringLiteral("folder") << QStringLiteral("/etc");
}

void TestFileNames::staffUploadsFollowTheSameRule()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QJsonObject start{{"file_id", newId()}, {"project_id", m_project}, {"folder", ""}, {"name", "ok.txt"}, {"size", 2},
        {"sha256", QString::fromLatin1(QCryptographicHash::hash("ok", QCryptographicHash::Sha256).toHex())}};
    start.insert(field, value);
    const TestClient::Reply reply = m_admin->post(QStringLiteral("/api/v1/files/uploads"), start);
    QVERIFY2(reply.status == 400, qPrintable(QString::fromUtf8(reply.body)));
    QCOMPARE(reply.errorCode(), QStringLiteral("invalid_field"));
}

void TestFileNames::clientsCannotUploadProgramsUnderAnyDisguise_data()
{
    QTest::addColumn<QString>("name");
    QTest::addRow("trailing dot") << QStringLiteral("invoice.exe.");
    QTest::addRow("trailing space") << QStringLiteral("invoice.exe ");
    QTest::addRow("upper case") << QStringLiteral("invoice.EXE");
    QTest::addRow("alternate data stream") << QStringLiteral("a.exe:x");
    QTest::addRow("stream named like a program") << QStringLiteral("a.txt:b.exe");
    QTest::addRow("fullwidth full stop") << QStringLiteral("invoice\uff0eexe");
    QTest::addRow("one dot leader") << QStringLiteral("invoice\u2024exe");
    QTest::addRow("ideographic full stop") << QStringLiteral("invoice\u3002exe");
    QTest::addRow("small full stop") << QStringLiteral("invoice\ufe52exe");
}

void TestFileNames::clientsCannotUploadProgramsUnderAnyDisguise()
{
    QFETCH(QString, name);
    const TestClient::Reply reply = m_anon->send("POST", QStringLiteral("/api/v1/portal/uploads"),
        QJsonDocument(QJsonObject{{"project_id", m_project}, {"name", name}, {"size", 10}}).toJson(),
        m_contact.headers(true) << qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    QVERIFY2(
        reply.status == 415, qPrintable(QStringLiteral("%1 %2").arg(reply.status).arg(QString::fromUtf8(reply.body))));
    QCOMPARE(reply.errorCode(), QStringLiteral("file_type_not_allowed"));
}

QTEST_GUILESS_MAIN(TestFileNames)
#include "tst_filenames.moc"
