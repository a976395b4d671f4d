// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// The desktop binary as a user starts it: its command line and one instance per profile.
class TestApp : public QObject
{
    Q_OBJECT

private slots:
    void helpAndVersion();
    void badServerUrlIsRefused();
    void secondInstanceOnOneProfileIsRefused();

private:
    static QProcess *start(const QStringList &args, QObject *parent);
};

QProcess *TestApp::start(const QStringList &args, QObject *parent)
{
    auto *process = new QProcess(parent);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process->setProcessEnvironment(env);
    process->start(QStringLiteral(ATRIUM_APP_BINARY), args);
    return process;
}

void TestApp::helpAndVersion()
{
    std::unique_ptr<QProcess> help(start({QStringLiteral("--help")}, nullptr));
    QVERIFY(help->waitForFinished(20000));
    QCOMPARE(help->exitCode(), 0);
    const QByteArray text = help->readAllStandardOutput();
    QVERIFY(text.contains("--server"));
    QVERIFY(text.contains("--data-dir"));
    std::unique_ptr<QProcess> version(start({QStringLiteral("--version")}, nullptr));
    QVERIFY(version->waitForFinished(20000));
    QCOMPARE(version->exitCode(), 0);
    QVERIFY(version->readAllStandardOutput().contains(ATRIUM_VERSION));
}

void TestApp::badServerUrlIsRefused()
{
    QTemporaryDir dir;
    std::unique_ptr<QProcess> app(
        start({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--server"), QStringLiteral("http://[::1")},
            nullptr));
    QVERIFY(app->waitForFinished(20000));
    QCOMPARE(app->exitCode(), 2);
    QVERIFY(app->readAllStandardError().contains("Not a server URL"));
    std::unique_ptr<QProcess> ftp(start(
        {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--server"), QStringLiteral("ftp://example.com")},
        nullptr));
    QVERIFY(ftp->waitForFinished(20000));
    QCOMPARE(ftp->exitCode(), 2);
}

void TestApp::secondInstanceOnOneProfileIsRefused()
{
    QTemporaryDir dir;
    // The first one waits at its sign-in dialog (nothing listens on port 9 of loopback).
    std::unique_ptr<QProcess> first(start(
        {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--server"), QStringLiteral("http://127.0.0.1:9")},
        nullptr));
    QVERIFY(first->waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dir.filePath(QStringLiteral("cache.sqlite"))), 20000);
    // The second says so on stderr and in a message box (which waits for a click; closed here).
    std::unique_ptr<QProcess> second(start({QStringLiteral("--data-dir"), dir.path()}, nullptr));
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += second->readAllStandardError()).contains("already running"), 20000);
    second->terminate();
    QVERIFY(second->waitForFinished(10000));
    QCOMPARE(first->state(), QProcess::Running);
    // Another profile runs side by side.
    QTemporaryDir other;
    std::unique_ptr<QProcess> third(start({QStringLiteral("--data-dir"), other.path()}, nullptr));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(other.filePath(QStringLiteral("cache.sqlite"))), 20000);
    QCOMPARE(third->state(), QProcess::Running);
    third->kill();
    third->waitForFinished();
    first->kill();
    first->waitForFinished();
    // A lock left by a killed instance does not keep the profile locked.
    std::unique_ptr<QProcess> again(start({QStringLiteral("--data-dir"), dir.path()}, nullptr));
    QVERIFY(again->waitForStarted());
    QVERIFY(!again->waitForFinished(3000));
    QVERIFY(!again->readAllStandardError().contains("already running"));
    again->kill();
    again->waitForFinished();
}

QTEST_GUILESS_MAIN(TestApp)
#include "tst_app.moc"
