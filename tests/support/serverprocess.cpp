// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/serverprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>
#include <csignal>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "tests/support/s3testserver.h"

namespace {

Q_LOGGING_CATEGORY(lcServerOutput, "atrium.tests.server", QtDebugMsg)

constexpr int startTimeoutMs = 30000;
constexpr int cliTimeoutMs = 60000;
constexpr qint64 errorTailBytes = 8192;

bool keepData()
{
    return qEnvironmentVariableIntValue("ATRIUM_TEST_KEEP_DATA") != 0;
}

// A server or CLI left behind by a test that crashed or was killed by ctest's timeout would keep
// its port and database forever; this makes it die with the test.
// The binary this build made; ATRIUM_TEST_SERVER_BINARY runs the same tests against another one
// (an older build, to see a test fail before its fix).
QString serverBinary()
{
    return qEnvironmentVariable("ATRIUM_TEST_SERVER_BINARY", QStringLiteral(ATRIUM_SERVER_BINARY));
}

void dieWithParent()
{
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
}

ServerProcess::CliResult runProcess(const QStringList &args, const QByteArray &stdinData)
{
    QProcess process;
    process.setChildProcessModifier(dieWithParent);
    process.start(serverBinary(), args);
    ServerProcess::CliResult result;
    if (!process.waitForStarted(startTimeoutMs)) {
        result.err = QStringLiteral("cannot start %1: %2").arg(serverBinary(), process.errorString()).toUtf8();
        return result;
    }
    if (!stdinData.isEmpty())
        process.write(stdinData);
    process.closeWriteChannel();
    if (!process.waitForFinished(cliTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError() + "\n[ServerProcess] timed out after 60 s";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// Runs one statement on the maintenance database of the PostgreSQL server that `server` names.
bool runAdminStatement(const QUrl &server, const QString &sql, QString *error)
{
    const QString connection = QStringLiteral("serverprocess-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(server.host());
        db.setPort(server.port(5432));
        db.setUserName(server.userName());
        db.setPassword(server.password());
        db.setDatabaseName(QStringLiteral("postgres"));
        db.setConnectOptions(QStringLiteral("connect_timeout=10"));
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(sql);
            if (!ok)
                *error = QStringLiteral("%1: %2").arg(sql, q.lastError().text());
        } else {
            *error = QStringLiteral("cannot reach PostgreSQL at %1: %2")
                         .arg(server.toString(QUrl::RemovePassword), db.lastError().text());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

QByteArray readFrom(const QString &path, qint64 offset, qint64 maxBytes = -1)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset))
        return {};
    return maxBytes < 0 ? file.readAll() : file.read(maxBytes);
}

qint64 fileSize(const QString &path)
{
    return QFile(path).size();
}

} // namespace

ServerProcess::ServerProcess(QObject *parent)
    : QObject(parent)
{
    m_forwardTimer.setInterval(200);
    connect(&m_forwardTimer, &QTimer::timeout, this, [this] {
        forwardOutput();
    });
    if (keepData()) {
        m_dataDir.setAutoRemove(false);
        m_logDir.setAutoRemove(false);
        qCInfo(lcServerOutput).noquote() << "[server] keeping the data dir" << m_dataDir.path() << "and the logs in"
                                         << m_logDir.path();
    }
}

ServerProcess::~ServerProcess()
{
    stop();
    dropDatabase();
}

QString ServerProcess::logPath(const char *name) const
{
    return m_logDir.filePath(QString::fromLatin1(name));
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
    const QUrl server(QString::fromLocal8Bit(qgetenv("ATRIUM_TEST_PG_URL")), QUrl::StrictMode);
    if (!server.isValid() || server.host().isEmpty()) {
        m_error = QStringLiteral("ATRIUM_TEST_DATABASE=postgres needs ATRIUM_TEST_PG_URL=postgres://USER@HOST:PORT/DB "
                                 "(./scripts/test starts a PostgreSQL and sets it)");
        return false;
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        m_error = QStringLiteral("Qt's QPSQL driver is missing (install libqt6sql6-psql)");
        return false;
    }
    const QString name =
        QStringLiteral("atrium_t_%1").arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
    // A database name cannot be a bound value; this one is made of hex digits only.
    if (!runAdminStatement(server, QStringLiteral("CREATE DATABASE ") + name, &m_error))
        return false;
    QUrl url = server;
    url.setPath(QStringLiteral("/") + name);
    m_databaseUrl = url.toString();
    m_databaseReady = true;
    m_ownsDatabase = true;
    return true;
}

void ServerProcess::dropDatabase()
{
    if (!m_ownsDatabase || keepData())
        return;
    const QUrl url(m_databaseUrl, QUrl::StrictMode);
    QString error;
    // FORCE: a test's own inspection connection may still be open.
    if (!runAdminStatement(
            url, QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(url.path().mid(1)), &error))
        qCWarning(lcServerOutput).noquote() << "[server] could not drop the test database:" << error;
    m_ownsDatabase = false;
}

bool ServerProcess::usesS3()
{
    return qEnvironmentVariable("ATRIUM_TEST_BLOB_STORE") == u"s3";
}

QString ServerProcess::blobFile(const QString &blobName) const
{
    if (!m_blobPrefix.isEmpty())
        return QStringLiteral("%1/%2/%3/blobs/%4._S3rver_object")
            .arg(S3TestServer::instance(nullptr)->directory(), QString::fromLatin1(S3TestServer::bucket), m_blobPrefix,
                blobName);
    return QDir(m_dataDir.path()).filePath(QStringLiteral("blobs/%1/%2").arg(blobName.left(2), blobName));
}

bool ServerProcess::prepareBlobStore()
{
    if (!usesS3() || !m_blobPrefix.isEmpty())
        return true;
    S3TestServer *store = S3TestServer::instance(&m_error);
    if (!store)
        return false;
    for (const QString &variable : S3TestServer::environment())
        qputenv(variable.section(u'=', 0, 0).toLatin1().constData(), variable.section(u'=', 1).toLatin1());
    m_blobPrefix = QStringLiteral("run-%1").arg(QRandomGenerator::global()->generate64(), 0, 16);
    return true;
}

void ServerProcess::shareDatabaseWith(ServerProcess &other)
{
    if (other.prepareBlobStore())
        m_blobPrefix = other.m_blobPrefix;
    m_databaseUrl = other.databaseUrl();
    m_databaseReady = true;
    m_ownsDatabase = false;
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
    if (!m_blobPrefix.isEmpty())
        args << S3TestServer::instance(nullptr)->serverArgs(m_blobPrefix);
    return args;
}

bool ServerProcess::start(const QStringList &extraArgs)
{
    if (isRunning())
        return true;
    if (!m_dataDir.isValid() || !m_logDir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory: %1")
                      .arg(m_dataDir.isValid() ? m_logDir.errorString() : m_dataDir.errorString());
        return false;
    }
    if (!prepareDatabase() || !prepareBlobStore())
        return false;

    const QString outPath = logPath("server.out");
    const QString errPath = logPath("server.err");
    m_outRunStart = fileSize(outPath);
    m_errRunStart = fileSize(errPath);
    m_port = 0;
    m_baseUrl.clear();
    m_process = std::make_unique<QProcess>();
    m_process->setChildProcessModifier([limit = m_descriptorLimit] {
        dieWithParent();
        if (limit > 0) {
            const rlimit lowered{rlim_t(limit), rlim_t(limit)};
            ::setrlimit(RLIMIT_NOFILE, &lowered);
        }
    });
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setStandardOutputFile(outPath, QIODevice::Append);
    m_process->setStandardErrorFile(errPath, QIODevice::Append);
    m_process->start(
        serverBinary(), baseArgs() << QStringLiteral("--listen") << QStringLiteral("127.0.0.1:0") << extraArgs);
    if (!m_process->waitForStarted(startTimeoutMs)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(serverBinary(), m_process->errorString());
        m_process.reset();
        return false;
    }

    static const QRegularExpression ready(
        QStringLiteral("^atrium-server listening on (https?)://127\\.0\\.0\\.1:(\\d+)$"),
        QRegularExpression::MultilineOption);
    QDeadlineTimer deadline(startTimeoutMs);
    bool exited = false;
    while (!deadline.hasExpired()) {
        const auto match = ready.match(QString::fromUtf8(readFrom(outPath, m_outRunStart)));
        if (match.hasMatch()) {
            m_port = quint16(match.captured(2).toUInt());
            m_baseUrl = QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(match.captured(1)).arg(m_port));
            forwardOutput();
            m_forwardTimer.start();
            return true;
        }
        // Doubles as a short sleep that ends as soon as the server exits.
        if (m_process->state() == QProcess::NotRunning || m_process->waitForFinished(20)) {
            exited = true;
            break;
        }
    }

    const QByteArray errors = readFrom(errPath, std::max(m_errRunStart, fileSize(errPath) - errorTailBytes));
    if (exited) {
        m_error = m_process->exitStatus() == QProcess::NormalExit
            ? QStringLiteral("atrium-server exited with code %1 before it was ready:\n%2")
                  .arg(m_process->exitCode())
                  .arg(QString::fromUtf8(errors))
            : QStringLiteral("atrium-server crashed before it was ready:\n%1").arg(QString::fromUtf8(errors));
    } else {
        m_error = QStringLiteral("atrium-server printed no \"listening on\" line within 30 s:\n%1")
                      .arg(QString::fromUtf8(errors));
    }
    kill();
    return false;
}

void ServerProcess::forwardOutput(bool final)
{
    const auto forward = [final](const QString &path, qint64 &offset) {
        QByteArray data = readFrom(path, offset);
        if (!final) {
            // Only whole lines; the rest comes with the next round.
            data.truncate(data.lastIndexOf('\n') + 1);
        }
        offset += data.size();
        for (const QByteArray &line : data.split('\n')) {
            if (!line.isEmpty())
                qCDebug(lcServerOutput).noquote() << "[server]" << QString::fromUtf8(line);
        }
    };
    forward(logPath("server.out"), m_outForwarded);
    forward(logPath("server.err"), m_errForwarded);
}

void ServerProcess::finishRun()
{
    m_forwardTimer.stop();
    forwardOutput(true);
    m_process.reset();
}

void ServerProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(15000)) {
            qCWarning(lcServerOutput) << "[server] did not stop within 15 s of SIGTERM; killing it";
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    finishRun();
}

void ServerProcess::kill()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        ::kill(pid_t(m_process->processId()), SIGKILL);
        m_process->waitForFinished(10000);
    }
    finishRun();
}

bool ServerProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

qint64 ServerProcess::pid() const
{
    return m_process ? m_process->processId() : 0;
}

QByteArray ServerProcess::output() const
{
    return readFrom(logPath("server.out"), 0) + readFrom(logPath("server.err"), 0);
}

QByteArray ServerProcess::errorOutput() const
{
    return readFrom(logPath("server.err"), 0);
}

qint64 ServerProcess::statusField(const char *field) const
{
    if (!isRunning())
        return -1;
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
    if (!prepareDatabase() || !prepareBlobStore())
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
