// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
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
    void settingsFileAndTheCommandLineWins();
    void settingsFileRefusesBadLines_data();
    void settingsFileRefusesBadLines();
    void packagedSettingsDocumentEveryOption();
};

namespace {

// Writes `text` into a new file in `dir`; returns its path.
QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        return {};
    return file.fileName();
}

} // namespace

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
    QTest::addRow("no bulk threads") << QStringList{"--bulk-threads", "0"} << QByteArray("--bulk-threads");
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

// --config FILE: `name = value` lines; an option on the command line wins over the file.
void TestServerCli::settingsFileAndTheCommandLineWins()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fromFile = dir.filePath(QStringLiteral("from-file"));
    const QString fromFlag = dir.filePath(QStringLiteral("from-flag"));
    const QString config = writeFile(dir, QStringLiteral("server.conf"),
        "# comment\n\ndata-dir = \"" + fromFile.toUtf8() + "\"\n  log-format=json  \n");
    QVERIFY(!config.isEmpty());

    const ServerProcess::CliResult fileOnly =
        ServerProcess::runBinary({QStringLiteral("--config"), config, QStringLiteral("migrate")});
    QVERIFY2(fileOnly.exitCode == 0, fileOnly.err.constData());
    QVERIFY(QFile::exists(fromFile + QStringLiteral("/atrium.sqlite")));
    // log-format from the file: every line on standard error is a JSON object, the first naming the file.
    const QList<QByteArray> lines = fileOnly.err.trimmed().split('\n');
    QVERIFY(!lines.isEmpty());
    for (const QByteArray &line : lines)
        QVERIFY2(QJsonDocument::fromJson(line).isObject(), line.constData());
    QVERIFY2(fileOnly.err.contains("settings from"), fileOnly.err.constData());

    const ServerProcess::CliResult flagWins = ServerProcess::runBinary(
        {QStringLiteral("--config=") + config, QStringLiteral("--data-dir"), fromFlag, QStringLiteral("migrate")});
    QVERIFY2(flagWins.exitCode == 0, flagWins.err.constData());
    QVERIFY(QFile::exists(fromFlag + QStringLiteral("/atrium.sqlite")));
    // The same option twice is no error: the command line's comes last.
    QVERIFY(QJsonDocument::fromJson(flagWins.err.trimmed().split('\n').first()).isObject());
}

void TestServerCli::settingsFileRefusesBadLines_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("mentions");
    QTest::addRow("unknown setting") << QByteArray("listen = 127.0.0.1:0\ncolour = blue\n")
                                     << QByteArray("server.conf:2: unknown setting \"colour\"");
    QTest::addRow("a command's option") << QByteArray("slug = acme\n") << QByteArray("given on the command line");
    QTest::addRow("the file naming another") << QByteArray("config = /etc/x\n") << QByteArray("command line");
    QTest::addRow("no equals sign") << QByteArray("data-dir /tmp\n")
                                    << QByteArray("server.conf:1: expected name = value");
    QTest::addRow("a bad value") << QByteArray("listen = nowhere\n") << QByteArray("--listen");
}

void TestServerCli::settingsFileRefusesBadLines()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, mentions);
    QTemporaryDir dir;
    const QString config = writeFile(dir, QStringLiteral("server.conf"), text);
    const ServerProcess::CliResult result = ServerProcess::runBinary(
        {QStringLiteral("--config"), config, QStringLiteral("--data-dir"), dir.path(), QStringLiteral("migrate")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(mentions), result.err.constData());
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("atrium.sqlite"))));

    const ServerProcess::CliResult missing = ServerProcess::runBinary(
        {QStringLiteral("--config"), dir.filePath(QStringLiteral("absent.conf")), QStringLiteral("migrate")});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains("cannot read the configuration file"), missing.err.constData());
}

// packaging/server.conf (installed as /etc/atrium/server.conf) loads, and names every setting
// --help lists, so that the file documents them all.
void TestServerCli::packagedSettingsDocumentEveryOption()
{
    const QString config = QStringLiteral(ATRIUM_SOURCE_DIR "/packaging/server.conf");
    QFile file(config);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());

    const ServerProcess::CliResult help = ServerProcess::runBinary({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    const QStringList commandOnly = {QStringLiteral("help"), QStringLiteral("version"), QStringLiteral("config"),
        QStringLiteral("name"), QStringLiteral("slug"), QStringLiteral("admin-email"), QStringLiteral("email"),
        QStringLiteral("org"), QStringLiteral("role"), QStringLiteral("quota-bytes"), QStringLiteral("older-than-days"),
        QStringLiteral("to"), QStringLiteral("from")};
    static const QRegularExpression optionPattern(
        QStringLiteral("^  (?:-\\w, )?--([a-z0-9-]+)"), QRegularExpression::MultilineOption);
    int settings = 0;
    for (const QRegularExpressionMatch &m : optionPattern.globalMatch(QString::fromUtf8(help.out))) {
        const QString name = m.captured(1);
        if (commandOnly.contains(name))
            continue;
        ++settings;
        const QRegularExpression documented(
            QStringLiteral("^(# )?%1 =").arg(QRegularExpression::escape(name)), QRegularExpression::MultilineOption);
        QVERIFY2(documented.match(text).hasMatch(), qPrintable(name + QStringLiteral(" is not in ") + config));
    }
    QVERIFY(settings >= 30);

    QTemporaryDir dir;
    const ServerProcess::CliResult loads = ServerProcess::runBinary(
        {QStringLiteral("--config"), config, QStringLiteral("--data-dir"), dir.path(), QStringLiteral("migrate")});
    QVERIFY2(loads.exitCode == 0, loads.err.constData());
}

QTEST_GUILESS_MAIN(TestServerCli)
#include "tst_servercli.moc"
