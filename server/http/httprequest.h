// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

// One parsed HTTP request as a route handler sees it. A plain value: HttpConnection fills it on
// the network thread and hands a copy to the handler on the thread pool.
class HttpRequest
{
public:
    QByteArray method; // "GET", "POST", ... as sent (uppercase)
    QByteArray target; // raw request-target
    QString path; // percent-decoded path without query
    QUrlQuery query;
    QHostAddress peerAddress;
    bool secure = false; // arrived over TLS
    QHash<QString, QString> pathParams; // filled by the router from {name} segments

    // Case-insensitive; empty if absent. Repeated fields are joined as RFC 9110 says
    // (", ", or "; " for Cookie).
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    QList<QPair<QByteArray, QByteArray>> headers;

    // Small bodies (<= HttpLimits::memoryBodyBytes) are kept in memory. Larger ones are spilled to
    // bodyFilePath, which the layer deletes after the response (a handler may rename the file
    // away to keep it, e.g. into the blob store).
    QByteArray body;
    QString bodyFilePath;
    qint64 bodySize = 0;

    // body, or the spilled file's content. Reads the whole file: only for bodies the route
    // allowed anyway.
    QByteArray readBody() const;
};
