// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QUrl>

#include <memory>

// HAProxy (Debian's) run with the sample configuration of packaging/haproxy/atrium.cfg, as shipped
// but for a free port on loopback, the given instances and health checks every 200 ms; `balance`
// replaces the sample's method when given. Stopped when this goes.
class HaproxySample
{
public:
    ~HaproxySample()
    {
        if (m_process) {
            m_process->kill();
            m_process->waitForFinished();
        }
    }

    // Writes the configuration into `workDir` and starts HAProxy; "" or what went wrong.
    QString start(const QList<quint16> &instancePorts, const QString &workDir, const QString &balance = {})
    {
        QFile sample(QStringLiteral(ATRIUM_SOURCE_DIR "/packaging/haproxy/atrium.cfg"));
        if (!sample.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read the sample");
        m_config = QString::fromUtf8(sample.readAll());
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        const quint16 port = probe.serverPort();
        probe.close();
        m_config.replace(QStringLiteral("bind :8080"), QStringLiteral("bind 127.0.0.1:%1").arg(port));
        m_config.replace(QStringLiteral("inter 2s"), QStringLiteral("inter 200ms"));
        if (!balance.isEmpty()) {
            static const QRegularExpression method(QStringLiteral("balance \\w+"));
            if (!m_config.contains(method))
                return QStringLiteral("the sample names no balance method");
            m_config.replace(method, QStringLiteral("balance ") + balance);
        }
        m_config.remove(QRegularExpression(QStringLiteral("    server atrium\\d 127\\.0\\.0\\.1:\\d+\\n")));
        for (qsizetype i = 0; i < instancePorts.size(); ++i)
            m_config += QStringLiteral("    server atrium%1 127.0.0.1:%2\n").arg(i + 1).arg(instancePorts.at(i));
        const QString path = QDir(workDir).filePath(QStringLiteral("haproxy.cfg"));
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly) || out.write(m_config.toUtf8()) < 0)
            return QStringLiteral("cannot write %1").arg(path);
        out.close();
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->start(QStandardPaths::findExecutable(QStringLiteral("haproxy"), {QStringLiteral("/usr/sbin")}),
            {QStringLiteral("-db"), QStringLiteral("-f"), path});
        if (!m_process->waitForStarted())
            return QStringLiteral("cannot start haproxy: %1").arg(m_process->errorString());
        m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        return {};
    }

    QUrl url() const { return m_url; }
    // HAProxy's log so far and the configuration it runs, for a failure's message.
    QByteArray diagnostics() { return (m_process ? m_process->readAll() : QByteArray()) + m_config.toUtf8(); }

private:
    std::unique_ptr<QProcess> m_process;
    QString m_config;
    QUrl m_url;
};
