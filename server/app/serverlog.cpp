// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/app/serverlog.h"

#include <cstdio>

#include <atomic>

namespace {

std::atomic<ServerLog::Format> g_format{ServerLog::Format::Plain};

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

// A line break and the spaces around it become one space, so that a multi-line message (an SQL
// statement, a worker's output) can neither span lines nor forge a record of its own.
QString oneLine(const QString &message)
{
    QString out;
    out.reserve(message.size());
    bool pendingSpace = false;
    for (const QChar c : message) {
        if (c == u'\n' || c == u'\r') {
            while (out.endsWith(u' ') || out.endsWith(u'\t'))
                out.chop(1);
            pendingSpace = true;
            continue;
        }
        if (pendingSpace) {
            if (c == u' ' || c == u'\t')
                continue;
            if (!out.isEmpty())
                out += u' ';
            pendingSpace = false;
        }
        out += (c.unicode() < 0x20 && c != u'\t') || c.unicode() == 0x7f ? QChar(u' ') : c;
    }
    return out;
}

void appendJsonString(QByteArray &out, const QString &text)
{
    out += '"';
    for (const char c : text.toUtf8()) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (uchar(c) < 0x20 || c == 0x7f) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(uchar(c)));
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QByteArray line =
        ServerLog::formatLine(g_format.load(), type, context.category, message, QDateTime::currentDateTimeUtc());
    // One write per record, so that records from several threads never interleave.
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

std::optional<ServerLog::Format> ServerLog::parseFormat(const QString &name)
{
    if (name == u"plain")
        return Format::Plain;
    if (name == u"json")
        return Format::Json;
    return std::nullopt;
}

void ServerLog::install(Format format)
{
    g_format = format;
    qInstallMessageHandler(handleMessage);
}

ServerLog::Format ServerLog::format()
{
    return g_format.load();
}

QByteArray ServerLog::formatLine(
    Format format, QtMsgType type, const char *category, const QString &message, const QDateTime &time)
{
    const QString when = time.toUTC().toString(Qt::ISODateWithMs);
    const QString where = category && *category ? QString::fromUtf8(category) : QStringLiteral("default");
    QByteArray line;
    if (format == Format::Json) {
        line += "{\"time\":";
        appendJsonString(line, when);
        line += ",\"level\":";
        appendJsonString(line, QString::fromLatin1(levelName(type)));
        line += ",\"category\":";
        appendJsonString(line, where);
        line += ",\"message\":";
        appendJsonString(line, message);
        line += "}\n";
        return line;
    }
    line = when.toUtf8() + ' ' + levelName(type) + ' ' + where.toUtf8() + ": " + oneLine(message).toUtf8() + '\n';
    return line;
}
