// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/serverprocess.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

#include <csignal>

namespace {

ServerProcess::CliResult runProcess(const QStringList &args, const QByteArray &stdinData)
{
    QProcess process;
    process.start(QStringLiteral(ATRIUM_SERVER_BINARY), args);
    ServerProcess::CliResult result;
    if (!process.waitForStarted(30000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    if (!stdinData.isEmpty())
        process.write(stdinData);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        result.err = "timed out";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace

ServerProcess::ServerProcess(QObject *parent)
    : QObject(parent)
{
}

ServerProcess::~ServerProcess()
{
    stop();
}

bool ServerProcess::prepareDatabase()
{
    if (m_databaseReady)
        return true;
    const QByteArray engine = qgetenv("ATRIUM_TEST_DATABASE");
    if (engine.isEmpty() || engine == "sqlite") {
        m_databaseReady = true;
        return true;
    }
    if (engine != "postgres") {
        m_error = QStringLiteral("ATRIUM_TEST_DATABASE must be sqlite or postgres");
        return false;
    }
    const QUrl server(QString::fromLocal8Bit(qgetenv("ATRIUM_TEST_PG_URL")));
    if (!server.isValid() || server.host().isEmpty()) {
        m_error = QStringLiteral("ATRIUM_TEST_DATABASE=postgres needs ATRIUM_TEST_PG_URL=postgres://USER@HOST:PORT/DB "
                                 "(./scripts/test starts a PostgreSQL and sets it)");
        return false;
    }
    const QString name =
        QStringLiteral("atrium_t_%1").arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
    const QString connection = QStringLiteral("serverprocess-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(server.host());
        db.setPort(server.port(5432));
        db.setUserName(server.userName());
        db.setPassword(server.password());
        db.setDatabaseName(QStringLiteral("postgres"));
        if (db.open()) {
            QSqlQuery q(db);
            // A database name cannot be a bound value; this one is made of hex digits only.
            ok = q.exec(QStringLiteral("CREATE DATABASE ") + name);
            if (!ok)
                m_error = q.lastError().text();
        } else {
            m_error = QStringLiteral("cannot reach PostgreSQL at %1: %2")
                          .arg(server.toString(QUrl::RemovePassword), db.lastError().text());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (!ok)
        return false;
    QUrl url = server;
    url.setPath(QStringLiteral("/") + name);
    m_databaseUrl = url.toString();
    m_databaseReady = true;
    return true;
}

QString ServerProcess::databaseUrl()
{
    prepareDatabase();
    return m_databaseUrl;
}

QStringList ServerProcess::baseArgs()
{
    QStringList args{QStringLiteral("--data-dir"), m_dataDir.path()};
    if (!m_databaseUrl.isEmpty())
        args << QStringLiteral("--database") << m_databaseUrl;
    return args;
}

bool ServerProcess::start(const QStringList &extraArgs)
{
    if (isRunning())
        return true;
    if (!m_dataDir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary data dir");
        return false;
    }
    if (!prepareDatabase())
        return false;
    m_process = std::make_unique<QProcess>();
    m_stdout.clear();
    m_port = 0;
    // Server logs go to the test's output, which ctest shows on failure.
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(QStringLiteral(ATRIUM_SERVER_BINARY),
        baseArgs() << QStringLiteral("--listen") << QStringLiteral("127.0.0.1:0") << extraArgs);
    if (!m_process->waitForStarted(30000)) {
        m_error =
            QStringLiteral("cannot start %1: %2").arg(QStringLiteral(ATRIUM_SERVER_BINARY), m_process->errorString());
        return false;
    }
    static const QRegularExpression ready(
        QStringLiteral("atrium-server listening on (https?)://127\\.0\\.0\\.1:(\\d+)"));
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        if (m_process->state() == QProcess::NotRunning)
            break;
        m_process->waitForReadyRead(100);
        m_stdout += m_process->readAllStandardOutput();
        const auto match = ready.match(QString::fromUtf8(m_stdout));
        if (match.hasMatch()) {
            m_port = quint16(match.captured(2).toUInt());
            m_baseUrl = QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(match.captured(1)).arg(m_port));
            return true;
        }
    }
    m_error = QStringLiteral("the server did not become ready (exit code %1): %2")
                  .arg(m_process->exitCode())
                  .arg(QString::fromUtf8(m_stdout));
    kill();
    return false;
}

void ServerProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(15000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

void ServerProcess::kill()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        ::kill(pid_t(m_process->processId()), SIGKILL);
        m_process->waitForFinished(10000);
    }
    m_process.reset();
}

bool ServerProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

qint64 ServerProcess::pid() const
{
    return m_process ? m_process->processId() : 0;
}

qint64 ServerProcess::statusField(const char *field) const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid()));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

qint64 ServerProcess::residentMemoryKiB() const
{
    return statusField("VmRSS");
}

qint64 ServerProcess::peakResidentMemoryKiB() const
{
    return statusField("VmHWM");
}

ServerProcess::CliResult ServerProcess::runCli(const QStringList &args, const QByteArray &stdinData)
{
    if (!prepareDatabase())
        return CliResult{-1, {}, m_error.toUtf8()};
    return runProcess(baseArgs() + args, stdinData);
}

ServerProcess::CliResult ServerProcess::runBinary(const QStringList &args, const QByteArray &stdinData)
{
    return runProcess(args, stdinData);
}

bool ServerProcess::createOrg(
    const QString &name, const QString &slug, const QString &adminEmail, const QString &password)
{
    const CliResult result = runCli({QStringLiteral("create-org"), QStringLiteral("--name"), name,
                                        QStringLiteral("--slug"), slug, QStringLiteral("--admin-email"), adminEmail},
        password.toUtf8() + '\n');
    if (result.exitCode != 0)
        m_error = QString::fromUtf8(result.err);
    return result.exitCode == 0;
}

bool ServerProcess::addStaff(
    const QString &orgSlug, const QString &email, const QString &name, const QString &role, const QString &password)
{
    const CliResult result =
        runCli({QStringLiteral("add-staff"), QStringLiteral("--org"), orgSlug, QStringLiteral("--email"), email,
                   QStringLiteral("--name"), name, QStringLiteral("--role"), role},
            password.toUtf8() + '\n');
    if (result.exitCode != 0)
        m_error = QString::fromUtf8(result.err);
    return result.exitCode == 0;
}
