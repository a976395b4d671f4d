// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

// A real S3-compatible server for tests: s3rver (tests/s3, pinned in its package-lock.json) on
// loopback behind tests/s3/s3rver.mjs, which verifies SigV4 signatures and payload hashes. One per
// test process, started on first use and stopped as the application ends. Objects
// are files under directory()/BUCKET/, so a test can see what the store holds.
class S3TestServer
{
public:
    static constexpr const char *bucket = "atrium-test";
    static constexpr const char *accessKeyId = "ATRIUMTESTKEY";
    static constexpr const char *secretAccessKey = "s3cr3t/Key+With/Slashes+Plus0123456789ab";
    static constexpr const char *region = "eu-central-1";

    // The process's server, started if it is not running; null (with the reason in *error) when it
    // cannot start (no node, s3rver not installed: ./scripts/test installs both).
    static S3TestServer *instance(QString *error);
    ~S3TestServer();

    quint16 port() const { return m_port; }
    QString endpoint() const;
    QString directory() const { return m_dir.filePath(QStringLiteral("store")); }
    // The server's arguments for a blob store under `prefix`, with the credentials in the
    // environment variables environment() names.
    QStringList serverArgs(const QString &prefix) const;
    static QStringList environment();
    // The keys of the objects stored under `prefix` (e.g. "run1/blobs/…"), sorted.
    QStringList keys(const QString &prefix) const;
    // Stops the server (to see how the application copes) and starts it again on the same port
    // and directory.
    void stop();
    bool restart(QString *error);

private:
    S3TestServer() = default;
    bool start(quint16 port, QString *error);

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};
