// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QFile>
#include <QProcess>
#include <QSettings>
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
    void languageOfTheSystemOrTheProfile_data();
    void languageOfTheSystemOrTheProfile();

private:
    // locale: LC_ALL for the run ("" keeps the environment's).
    static QProcess *start(const QStringList &args, QObject *parent, const QString &locale = {});
};

QProcess *TestApp::start(const QStringList &args, QObject *parent, const QString &locale)
{
    auto *process = new QProcess(parent);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    if (!locale.isEmpty()) {
        env.insert(QStringLiteral("LC_ALL"), locale);
        env.remove(QStringLiteral("LANGUAGE"));
    }
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

void TestApp::languageOfTheSystemOrTheProfile_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("setting"); // "language" in the profile's settings.ini
    QTest::addColumn<bool>("german");
    QTest::addRow("German system") << "de_DE.UTF-8"
                                   << "" << true;
    QTest::addRow("English system") << "en_GB.UTF-8"
                                    << "" << false;
    QTest::addRow("German chosen on an English system") << "en_GB.UTF-8"
                                                        << "de" << true;
    QTest::addRow("English chosen on a German system") << "de_DE.UTF-8"
                                                       << "en" << false;
}

// The setting is read from the profile before anything is said, --help included.
void TestApp::languageOfTheSystemOrTheProfile()
{
    QFETCH(QString, locale);
    QFETCH(QString, setting);
    QFETCH(bool, german);
    QTemporaryDir dir;
    if (!setting.isEmpty()) {
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        settings.setValue("language", setting);
    }
    std::unique_ptr<QProcess> help(
        start({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--help")}, nullptr, locale));
    QVERIFY(help->waitForFinished(20000));
    QCOMPARE(help->exitCode(), 0);
    QCOMPARE(help->readAllStandardOutput().contains("Profilverzeichnis"), german);
    std::unique_ptr<QProcess> app(start(
        {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--server"), QStringLiteral("ftp://example.com")},
        nullptr, locale));
    QVERIFY(app->waitForFinished(20000));
    QCOMPARE(app->exitCode(), 2);
    const QByteArray err = app->readAllStandardError();
    QVERIFY2(err.contains(german ? "Keine Server-URL" : "Not a server URL"), err.constData());
}

QTEST_GUILESS_MAIN(TestApp)
#include "tst_app.moc"
