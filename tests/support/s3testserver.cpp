// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/s3testserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>

#include <algorithm>
#include <utility>

namespace {
S3TestServer *g_server = nullptr;
}

S3TestServer *S3TestServer::instance(QString *error)
{
    if (!g_server) {
        auto *created = new S3TestServer;
        if (!created->start(0, error)) {
            delete created;
            return nullptr;
        }
        g_server = created;
        // Stopped, and its objects removed with their folder, as the application ends: left to
        // the end of the process, the folder stayed behind in the temporary directory.
        qAddPostRoutine([] {
            delete std::exchange(g_server, nullptr);
        });
    }
    return g_server;
}

S3TestServer::~S3TestServer()
{
    if (m_process.state() != QProcess::NotRunning)
        stop();
}

bool S3TestServer::start(quint16 port, QString *error)
{
    const QString s3dir = QStringLiteral(ATRIUM_SOURCE_DIR "/tests/s3");
    if (!QFile::exists(s3dir + QStringLiteral("/node_modules/s3rver/package.json"))) {
        *error = QStringLiteral("s3rver is not installed: run `npm ci --prefix tests/s3` (./scripts/test does)");
        return false;
    }
    QStringList args{s3dir + QStringLiteral("/s3rver.mjs"), QStringLiteral("--directory"), directory(),
        QStringLiteral("--bucket"), QString::fromLatin1(bucket), QStringLiteral("--access-key-id"),
        QString::fromLatin1(accessKeyId), QStringLiteral("--secret-access-key"), QString::fromLatin1(secretAccessKey),
        QStringLiteral("--region"), QString::fromLatin1(region)};
    if (port)
        args << QStringLiteral("--port") << QString::number(port);
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(QStringLiteral(ATRIUM_NODE), args);
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(QStringLiteral(ATRIUM_NODE), m_process.errorString());
        return false;
    }
    while (!m_process.canReadLine() && m_process.state() == QProcess::Running)
        m_process.waitForReadyRead(30000);
    m_port = m_process.readLine().trimmed().toUShort();
    if (m_port == 0) {
        *error = QStringLiteral("s3rver.mjs did not start (its messages are above)");
        return false;
    }
    return true;
}

QString S3TestServer::endpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

QStringList S3TestServer::serverArgs(const QString &prefix) const
{
    return {QStringLiteral("--blob-store"), QStringLiteral("s3://%1/%2").arg(QString::fromLatin1(bucket), prefix),
        QStringLiteral("--s3-endpoint"), endpoint(), QStringLiteral("--s3-region"), QString::fromLatin1(region)};
}

QStringList S3TestServer::environment()
{
    return {QStringLiteral("AWS_ACCESS_KEY_ID=") + QString::fromLatin1(accessKeyId),
        QStringLiteral("AWS_SECRET_ACCESS_KEY=") + QString::fromLatin1(secretAccessKey)};
}

QStringList S3TestServer::keys(const QString &prefix) const
{
    // s3rver keeps each object as KEY._S3rver_object under the bucket's folder.
    const QDir root(QDir(directory()).filePath(QString::fromLatin1(bucket)));
    const QString suffix = QStringLiteral("._S3rver_object");
    QStringList keys;
    QDirIterator it(root.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString key = root.relativeFilePath(it.next());
        if (key.endsWith(suffix) && key.startsWith(prefix))
            keys.append(key.chopped(suffix.size()));
    }
    std::sort(keys.begin(), keys.end());
    return keys;
}

void S3TestServer::stop()
{
    m_process.closeWriteChannel();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished();
    }
}

bool S3TestServer::restart(QString *error)
{
    return start(m_port, error);
}
