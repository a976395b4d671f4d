// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/http/httprequest.h"

#include <QFile>

#include "server/http/logging.h"

QByteArray HttpRequest::header(QByteArrayView name) const
{
    QByteArray result;
    bool found = false;
    const bool isCookie = name.compare("cookie", Qt::CaseInsensitive) == 0;
    for (const auto &[fieldName, value] : headers) {
        if (QByteArrayView(fieldName).compare(name, Qt::CaseInsensitive) != 0)
            continue;
        if (found)
            result += isCookie ? QByteArrayView("; ") : QByteArrayView(", ");
        result += value;
        found = true;
    }
    return result;
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &field : headers) {
        if (QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray HttpRequest::readBody() const
{
    if (bodyFilePath.isEmpty())
        return body;
    QFile file(bodyFilePath);
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcHttp).noquote() << "Cannot read spilled request body" << bodyFilePath << file.errorString();
        return {};
    }
    return file.readAll();
}
