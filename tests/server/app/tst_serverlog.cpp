// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include "server/app/serverlog.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testclient.h"

// The server's log on standard error, as an operator or a log collector reads it: plain lines by
// default, one JSON object per line with --log-format json.
class TestServerLog : public QObject
{
    Q_OBJECT

private slots:
    void jsonLinesAreObjectsWithTheFields();
    void jsonErrorsAreRecordsToo();
    void plainLinesAreHumanPlain();
    void badFormatIsAnError_data();
    void badFormatIsAnError();
    void recordIsOneLine_data();
    void recordIsOneLine();

private:
    static QList<QByteArray> lines(const QByteArray &output);
};

QList<QByteArray> TestServerLog::lines(const QByteArray &output)
{
    QList<QByteArray> result = output.split('\n');
    if (!result.isEmpty() && result.last().isEmpty())
        result.removeLast();
    return result;
}

namespace {

const QStringList levels = {QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"),
    QStringLiteral("critical"), QStringLiteral("fatal")};

// The fields every JSON record has; an empty string when the line is fine, else what is wrong.
QString checkJsonRecord(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return QStringLiteral("not a JSON object: ") + QString::fromUtf8(line);
    const QJsonObject record = document.object();
    for (const char *field : {"time", "level", "category", "message"}) {
        if (!record.value(QLatin1String(field)).isString())
            return QStringLiteral("no string field %1: %2").arg(QLatin1String(field), QString::fromUtf8(line));
    }
    const QString time = record.value(u"time").toString();
    const QDateTime parsed = QDateTime::fromString(time, Qt::ISODateWithMs);
    if (!parsed.isValid() || !time.endsWith(u'Z') || parsed.timeSpec() != Qt::UTC)
        return QStringLiteral("time is not ISO 8601 UTC: ") + time;
    if (!levels.contains(record.value(u"level").toString()))
        return QStringLiteral("unknown level: ") + QString::fromUtf8(line);
    if (record.value(u"category").toString().isEmpty())
        return QStringLiteral("empty category: ") + QString::fromUtf8(line);
    return {};
}

} // namespace

void TestServerLog::jsonLinesAreObjectsWithTheFields()
{
    ServerProcess server;
    if (!server.start({QStringLiteral("--log-format"), QStringLiteral("json")}))
        QFAIL(qPrintable(server.errorString()));
    // A failed sign-in logs its peer address: one more kind of record.
    TestClient client(server.baseUrl());
    QVERIFY(client.login(QStringLiteral("nobody@nowhere.test"), QStringLiteral("wrong")).isEmpty());
    server.stop();

    const QList<QByteArray> records = lines(server.errorOutput());
    QVERIFY(!records.isEmpty());
    QStringList messages;
    for (const QByteArray &line : records) {
        const QString problem = checkJsonRecord(line);
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
        const QJsonObject record = QJsonDocument::fromJson(line).object();
        messages << record.value(u"category").toString() + u": " + record.value(u"message").toString();
    }
    const QString listening = QStringLiteral("atrium.server.http: listening on http://127.0.0.1:%1").arg(server.port());
    QVERIFY2(messages.contains(listening), qPrintable(messages.join(u'\n')));
    QVERIFY2(messages.contains(QStringLiteral("atrium.server.auth: failed staff sign-in from 127.0.0.1")),
        qPrintable(messages.join(u'\n')));
    QVERIFY2(messages.contains(QStringLiteral("atrium.server: stopping")), qPrintable(messages.join(u'\n')));
}

void TestServerLog::jsonErrorsAreRecordsToo()
{
    ServerProcess server;
    const ServerProcess::CliResult result =
        server.runCli({QStringLiteral("--log-format"), QStringLiteral("json"), QStringLiteral("reset-password"),
                          QStringLiteral("--email"), QStringLiteral("nobody@nowhere.test")},
            "a new password\n");
    QVERIFY2(result.exitCode != 0, result.out.constData());
    const QList<QByteArray> records = lines(result.err);
    QVERIFY(!records.isEmpty());
    bool sawError = false;
    for (const QByteArray &line : records) {
        const QString problem = checkJsonRecord(line);
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
        sawError = sawError || QJsonDocument::fromJson(line).object().value(u"level").toString() == u"critical";
    }
    QVERIFY2(sawError, result.err.constData());
}

void TestServerLog::plainLinesAreHumanPlain()
{
    ServerProcess server;
    if (!server.start())
        QFAIL(qPrintable(server.errorString()));
    server.stop();

    // TIME LEVEL CATEGORY: message
    static const QRegularExpression plain(
        QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (debug|info|warning|critical|fatal) "
                       "[a-z][a-z0-9._-]*: \\S.*$"));
    const QList<QByteArray> records = lines(server.errorOutput());
    QVERIFY(!records.isEmpty());
    bool sawListening = false;
    for (const QByteArray &bytes : records) {
        const QString line = QString::fromUtf8(bytes);
        QVERIFY2(plain.match(line).hasMatch(), qPrintable(line));
        // No QDebug wrappers of Qt types and no strings in quotes.
        QVERIFY2(!line.contains(QStringLiteral("QHostAddress(")), qPrintable(line));
        static const QRegularExpression wrapper(QStringLiteral("\\bQ[A-Za-z]+\\("));
        QVERIFY2(!wrapper.match(line).hasMatch(), qPrintable(line));
        QVERIFY2(!line.contains(u'"'), qPrintable(line));
        if (line.endsWith(
                QStringLiteral(" info atrium.server.http: listening on http://127.0.0.1:%1").arg(server.port())))
            sawListening = true;
    }
    QVERIFY2(sawListening, server.errorOutput().constData());
}

void TestServerLog::badFormatIsAnError_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addRow("unknown format") << QStringList{"--log-format", "xml"};
    QTest::addRow("empty format") << QStringList{"--log-format", ""};
    QTest::addRow("format in capitals") << QStringList{"--log-format", "JSON"};
}

void TestServerLog::badFormatIsAnError()
{
    QFETCH(QStringList, args);
    const ServerProcess::CliResult result = ServerProcess::runBinary(args);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("--log-format must be plain or json"), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

void TestServerLog::recordIsOneLine_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("plainMessage");
    QTest::addRow("simple") << QStringLiteral("listening on http://127.0.0.1:8080")
                            << QStringLiteral("listening on http://127.0.0.1:8080");
    QTest::addRow("an SQL statement over several lines")
        << QStringLiteral("query failed: no such table in\n    SELECT id\n    FROM files\n")
        << QStringLiteral("query failed: no such table in SELECT id FROM files");
    QTest::addRow("a forged record after a line break")
        << QStringLiteral("name\r\n2026-01-01T00:00:00.000Z info atrium.server: forged")
        << QStringLiteral("name 2026-01-01T00:00:00.000Z info atrium.server: forged");
    QTest::addRow("quotes, backslashes and control characters")
        << QStringLiteral("a \"b\" c\\d\te\x01") << QStringLiteral("a \"b\" c\\d\te ");
}

void TestServerLog::recordIsOneLine()
{
    QFETCH(QString, message);
    QFETCH(QString, plainMessage);
    const QDateTime time(QDate(2026, 5, 1), QTime(12, 30, 15, 250), Qt::UTC);

    const QByteArray plain =
        ServerLog::formatLine(ServerLog::Format::Plain, QtWarningMsg, "atrium.server.database", message, time);
    QCOMPARE(QString::fromUtf8(plain),
        QStringLiteral("2026-05-01T12:30:15.250Z warning atrium.server.database: ") + plainMessage + u'\n');

    const QByteArray json =
        ServerLog::formatLine(ServerLog::Format::Json, QtWarningMsg, "atrium.server.database", message, time);
    QVERIFY(json.endsWith('\n'));
    QCOMPARE(json.count('\n'), 1);
    const QString problem = checkJsonRecord(json.trimmed());
    if (!problem.isEmpty())
        QFAIL(qPrintable(problem));
    const QJsonObject record = QJsonDocument::fromJson(json).object();
    QCOMPARE(record.value(u"time").toString(), QStringLiteral("2026-05-01T12:30:15.250Z"));
    QCOMPARE(record.value(u"level").toString(), QStringLiteral("warning"));
    QCOMPARE(record.value(u"category").toString(), QStringLiteral("atrium.server.database"));
    QCOMPARE(record.value(u"message").toString(), message);
}

QTEST_GUILESS_MAIN(TestServerLog)
#include "tst_serverlog.moc"
