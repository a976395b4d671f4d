// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <expected>

// Reads a file that holds a secret the server is given (S3 credentials, the metrics token). Other
// users may neither read nor change it: readable by its owner only (chmod 600), or by a group
// only when root owns it (chmod 640, for a service user in that group). `what` names the file in
// the error ("the S3 credentials file"), which never quotes its content; at most `maxBytes` long.
std::expected<QByteArray, QString> readPrivateFile(const QString &path, const QString &what, qint64 maxBytes);
