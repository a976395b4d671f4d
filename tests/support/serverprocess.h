// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

// The real atrium-server binary, started for a test on 127.0.0.1 with a free port and a data dir
// of its own. With ATRIUM_TEST_DATABASE=postgres it gets a fresh database on the PostgreSQL server
// named by ATRIUM_TEST_PG_URL (which ./scripts/test starts); without that URL, start() fails with
// a clear message rather than skipping.
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

    bool start(const QStringList &extraArgs = {});
    void stop();
    void kill();
    bool isRunning() const;
    qint64 pid() const;

    QString errorString() const { return m_error; }
    QString dataDir() const { return m_dataDir.path(); }
    QString databaseUrl();
    quint16 port() const { return m_port; }
    QUrl baseUrl() const { return m_baseUrl; }

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
    QStringList baseArgs();
    qint64 statusField(const char *field) const;

    QTemporaryDir m_dataDir;
    std::unique_ptr<QProcess> m_process;
    QString m_error;
    QString m_databaseUrl;
    bool m_databaseReady = false;
    quint16 m_port = 0;
    QUrl m_baseUrl;
    QByteArray m_stdout;
};
