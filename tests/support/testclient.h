// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrl>

// A small synchronous HTTP client for tests: each call waits (in a local event loop, which is fine
// in a test and nowhere else) for the whole answer.
class TestClient
{
public:
    struct Reply
    {
        int status = 0; // 0 when no HTTP answer arrived (timeout, connection closed)
        QByteArray body;
        QJsonDocument json;
        QList<QNetworkReply::RawHeaderPair> headers;
        QNetworkReply::NetworkError error = QNetworkReply::NoError;

        QByteArray header(QByteArrayView name) const;
        QJsonObject object() const { return json.object(); }
        QString errorCode() const { return object().value(u"error").toObject().value(u"code").toString(); }
    };
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit TestClient(const QUrl &baseUrl);

    void setToken(const QByteArray &token) { m_token = token; }
    QByteArray token() const { return m_token; }

    Reply get(const QString &pathAndQuery, const Headers &headers = {});
    Reply post(const QString &path, const QJsonObject &body);
    Reply postRaw(const QString &path, const QByteArray &body, const QByteArray &contentType);
    Reply put(const QString &path, const QByteArray &body, const QByteArray &contentType);
    Reply del(const QString &path);
    Reply send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
        const Headers &headers = {});

    // Signs in; on success keeps and returns the token, otherwise returns an empty one.
    QByteArray login(const QString &email, const QString &password);

private:
    QUrl m_baseUrl;
    QByteArray m_token;
    QNetworkAccessManager m_manager;
};
