// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>

#include <memory>

// The real atrium-server binary, started for a test on 127.0.0.1 with a free port and a data dir
// of its own. With ATRIUM_TEST_DATABASE=postgres it gets a fresh database on the PostgreSQL server
// named by ATRIUM_TEST_PG_URL (which ./scripts/test starts); without that URL, start() fails with
// a clear message rather than skipping; that database is dropped again when this object goes
// (ATRIUM_TEST_KEEP_DATA=1 keeps it and the data dir for a look afterwards). The server's stdout and
// stderr go to files, so a chatty server never blocks on a full pipe, and are echoed as debug
// output "[server] …" (category atrium.tests.server) whenever the test runs an event loop, and
// when it stops. Restarting after stop() or kill() reuses the data dir and the database.
//
// With ATRIUM_TEST_BLOB_STORE=s3 file contents go to an S3-compatible store (S3TestServer, one per
// test process) under a prefix of this server's own, shared by instances that share its database.
class ServerProcess : public QObject
{
    Q_OBJECT

public:
    struct CliResult
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    explicit ServerProcess(QObject *parent = nullptr);
    ~ServerProcess() override;

    // Runs `--data-dir DIR [--database URL] --listen 127.0.0.1:0 extraArgs` and waits up to 30 s
    // for its "listening on" line; true at once when it is already running.
    bool start(const QStringList &extraArgs = {});
    // Starts later runs with this open-file limit, soft and hard (as `ulimit -n` would), so that
    // the server cannot raise it; 0 leaves the inherited limit.
    void setDescriptorLimit(int limit) { m_descriptorLimit = limit; }
    // SIGTERM; SIGKILL when it has not exited 15 s later.
    void stop();
    // SIGKILL, for crash tests.
    void kill();
    bool isRunning() const;
    qint64 pid() const;

    QString errorString() const { return m_error; }
    QString dataDir() const { return m_dataDir.path(); }
    // Creates the PostgreSQL database on first use; empty on SQLite (or when that failed).
    QString databaseUrl();
    // Runs on `other`'s database (a second instance of one deployment); before start(). `other`
    // keeps owning it (and drops it).
    void shareDatabaseWith(ServerProcess &other);
    // The prefix of this server's blob store in the S3 test server; empty when blobs are local.
    QString blobPrefix() const { return m_blobPrefix; }
    static bool usesS3();
    // The file that holds a stored blob: in the data dir, or the S3 test server's object file.
    QString blobFile(const QString &blobName) const;
    quint16 port() const { return m_port; }
    QUrl baseUrl() const { return m_baseUrl; }

    // Everything the server printed so far, stdout and stderr, across restarts.
    QByteArray output() const;
    // Only what it printed on standard error (its log), across restarts.
    QByteArray errorOutput() const;

    // From /proc/PID/status (VmRSS, VmHWM); -1 when not running.
    qint64 residentMemoryKiB() const;
    qint64 peakResidentMemoryKiB() const;

    // Runs the binary with --data-dir (and --database) of this server and the given arguments.
    CliResult runCli(const QStringList &args, const QByteArray &stdinData = {});
    // Runs the binary with exactly these arguments.
    static CliResult runBinary(const QStringList &args, const QByteArray &stdinData = {});

    bool createOrg(const QString &name, const QString &slug, const QString &adminEmail, const QString &password);
    bool addStaff(const QString &orgSlug, const QString &email, const QString &name, const QString &role,
        const QString &password);

private:
    bool prepareDatabase();
    bool prepareBlobStore();
    void dropDatabase();
    QStringList baseArgs();
    qint64 statusField(const char *field) const;
    void forwardOutput(bool final = false);
    void finishRun();
    QString logPath(const char *name) const;

    QTemporaryDir m_dataDir;
    QTemporaryDir m_logDir;
    std::unique_ptr<QProcess> m_process;
    QTimer m_forwardTimer;
    QString m_error;
    QString m_databaseUrl;
    bool m_databaseReady = false;
    bool m_ownsDatabase = false;
    QString m_blobPrefix;
    quint16 m_port = 0;
    int m_descriptorLimit = 0;
    QUrl m_baseUrl;
    qint64 m_outForwarded = 0;
    qint64 m_errForwarded = 0;
    qint64 m_outRunStart = 0;
    qint64 m_errRunStart = 0;
};
