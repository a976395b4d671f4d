// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "tests/support/serverprocess.h"
#include "tests/support/testclient.h"

// The atrium-server command line, as an operator uses it.
class TestServerCli : public QObject
{
    Q_OBJECT

private slots:
    void helpAndVersion();
    void unknownFlagIsAnError_data();
    void unknownFlagIsAnError();
    void createOrgAndSignIn();
    void createOrgRefusesBadInput_data();
    void createOrgRefusesBadInput();
    void addStaff();
    void addStaffRefusesBadInput_data();
    void addStaffRefusesBadInput();
    void migrateAndCheck();
};

void TestServerCli::helpAndVersion()
{
    const ServerProcess::CliResult help = ServerProcess::runBinary({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char *word :
        {"--data-dir", "--listen", "--database", "create-org", "add-staff", "--admin-email", "--role"})
        QVERIFY2(help.out.contains(word), word);
    const ServerProcess::CliResult version = ServerProcess::runBinary({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("atrium-server "));
}

void TestServerCli::unknownFlagIsAnError_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("mentions");
    QTest::addRow("unknown flag") << QStringList{"--frobnicate"} << QByteArray("frobnicate");
    QTest::addRow("unknown command") << QStringList{"explode"} << QByteArray("explode");
    QTest::addRow("bad listen address") << QStringList{"--listen", "nowhere"} << QByteArray("--listen");
    QTest::addRow("bad database url") << QStringList{"--database", "mysql://x/y", "migrate"}
                                      << QByteArray("--database");
    QTest::addRow("create-org without slug")
        << QStringList{"create-org", "--name", "A", "--admin-email", "a@a.test"} << QByteArray("--slug");
}

void TestServerCli::unknownFlagIsAnError()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, mentions);
    const ServerProcess::CliResult result = ServerProcess::runBinary(args);
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains(mentions), result.err.constData());
}

void TestServerCli::createOrgAndSignIn()
{
    ServerProcess server;
    const ServerProcess::CliResult created =
        server.runCli({QStringLiteral("create-org"), QStringLiteral("--name"), QStringLiteral("Harbour & Co"),
                          QStringLiteral("--slug"), QStringLiteral("harbour"), QStringLiteral("--admin-email"),
                          QStringLiteral("ceo@harbour.test")},
            "s3cret pass\n");
    QVERIFY2(created.exitCode == 0, created.err.constData());
    if (!server.start())
        QFAIL(qPrintable(server.errorString()));
    TestClient client(server.baseUrl());
    QVERIFY(!client.login(QStringLiteral("ceo@harbour.test"), QStringLiteral("s3cret pass")).isEmpty());
    // The password is the whole line, spaces included, and nothing more.
    TestClient other(server.baseUrl());
    QVERIFY(other.login(QStringLiteral("ceo@harbour.test"), QStringLiteral("s3cret pass\n")).isEmpty());
}

void TestServerCli::createOrgRefusesBadInput_data()
{
    QTest::addColumn<QString>("slug");
    QTest::addColumn<QString>("email");
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QByteArray>("mentions");
    QTest::addRow("taken slug") << "taken"
                                << "second@taken.test" << QByteArray("pw\n") << QByteArray("taken");
    QTest::addRow("bad email") << "fresh"
                               << "not-an-email" << QByteArray("pw\n") << QByteArray("not-an-email");
    QTest::addRow("empty password") << "fresh"
                                    << "x@fresh.test" << QByteArray("\n") << QByteArray("password");
    QTest::addRow("no password at all") << "fresh"
                                        << "x@fresh.test" << QByteArray() << QByteArray("password");
    QTest::addRow("bad slug") << "Not A Slug"
                              << "x@fresh.test" << QByteArray("pw\n") << QByteArray("slug");
}

void TestServerCli::createOrgRefusesBadInput()
{
    QFETCH(QString, slug);
    QFETCH(QString, email);
    QFETCH(QByteArray, password);
    QFETCH(QByteArray, mentions);
    ServerProcess server;
    QVERIFY(
        server.runCli({"create-org", "--name", "Taken", "--slug", "taken", "--admin-email", "first@taken.test"}, "pw\n")
            .exitCode
        == 0);
    const ServerProcess::CliResult result =
        server.runCli({"create-org", "--name", "Second", "--slug", slug, "--admin-email", email}, password);
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains(mentions), result.err.constData());
    // Nothing was created: the fresh slug is still free.
    QCOMPARE(
        server.runCli({"create-org", "--name", "Fresh", "--slug", "fresh", "--admin-email", "ok@fresh.test"}, "pw\n")
            .exitCode,
        0);
}

void TestServerCli::addStaff()
{
    ServerProcess server;
    QVERIFY(server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("pw")));
    const ServerProcess::CliResult added = server.runCli(
        {"add-staff", "--org", "acme", "--email", "Mo@Acme.test", "--name", "Mo Member", "--role", "member"},
        "member pw\n");
    QVERIFY2(added.exitCode == 0, added.err.constData());
    if (!server.start())
        QFAIL(qPrintable(server.errorString()));
    TestClient client(server.baseUrl());
    const TestClient::Reply reply = client.post(
        QStringLiteral("/api/v1/auth/login"), QJsonObject{{"email", "mo@acme.test"}, {"password", "member pw"}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"user").toObject().value(u"role").toString(), QStringLiteral("member"));
    QCOMPARE(reply.object().value(u"user").toObject().value(u"name").toString(), QStringLiteral("Mo Member"));
}

void TestServerCli::addStaffRefusesBadInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QByteArray>("mentions");
    QTest::addRow("unknown organisation")
        << QStringList{"--org", "nope", "--email", "a@b.test", "--name", "A", "--role", "member"} << QByteArray("pw\n")
        << QByteArray("nope");
    QTest::addRow("bad role") << QStringList{"--org", "acme", "--email", "a@b.test", "--name", "A", "--role", "owner"}
                              << QByteArray("pw\n") << QByteArray("role");
    QTest::addRow("bad email") << QStringList{"--org", "acme", "--email", "ab.test", "--name", "A", "--role", "member"}
                               << QByteArray("pw\n") << QByteArray("ab.test");
    QTest::addRow("email in use") << QStringList{"--org", "acme", "--email", "admin@acme.test", "--name", "A", "--role",
        "member"} << QByteArray("pw\n")
                                  << QByteArray("exists");
    QTest::addRow("empty password") << QStringList{"--org", "acme", "--email", "a@b.test", "--name", "A", "--role",
        "member"} << QByteArray("\n")
                                    << QByteArray("password");
}

void TestServerCli::addStaffRefusesBadInput()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, password);
    QFETCH(QByteArray, mentions);
    ServerProcess server;
    QVERIFY(server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("pw")));
    const ServerProcess::CliResult result = server.runCli(QStringList{QStringLiteral("add-staff")} + args, password);
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains(mentions), result.err.constData());
}

void TestServerCli::migrateAndCheck()
{
    ServerProcess server;
    const ServerProcess::CliResult migrate = server.runCli({QStringLiteral("migrate")});
    QVERIFY2(migrate.exitCode == 0, migrate.err.constData());
    QVERIFY(migrate.out.contains("schema version"));
    // Running it again is harmless.
    QCOMPARE(server.runCli({QStringLiteral("migrate")}).exitCode, 0);
    QVERIFY(server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("pw")));
    const ServerProcess::CliResult check = server.runCli({QStringLiteral("check")});
    QVERIFY2(check.exitCode == 0, check.out.constData());
    QVERIFY(check.out.contains("ok"));
}

QTEST_GUILESS_MAIN(TestServerCli)
#include "tst_servercli.moc"
