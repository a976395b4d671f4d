// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QtGlobal>

#include <optional>

// How the server writes its log records to standard error: one line per record, either plain for
// people (`TIME LEVEL CATEGORY: message`) or one JSON object for log collectors (`--log-format`).
// ServerCli installs it once, right after the command line is parsed; it replaces Qt's own message
// handler for the life of the process.
class ServerLog
{
public:
    enum class Format { Plain, Json };

    // "plain" or "json"; nothing for any other name.
    static std::optional<Format> parseFormat(const QString &name);
    static void install(Format format);
    // The format install() set (Plain before that).
    static Format format();

    // One record as the line written for it, newline included. Messages never span lines: plain
    // text folds line breaks into a space, JSON escapes them.
    static QByteArray formatLine(
        Format format, QtMsgType type, const char *category, const QString &message, const QDateTime &time);
};
