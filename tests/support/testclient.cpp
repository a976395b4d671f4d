// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/testclient.h"

#include <QBuffer>
#include <QEventLoop>
#include <QNetworkProxy>
#include <QSslError>
#include <QTimer>

QByteArray TestClient::Reply::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

TestClient::TestClient(const QUrl &baseUrl)
    : m_baseUrl(baseUrl)
{
    m_manager.setAutoDeleteReplies(false);
    // The server under test is on loopback; an http_proxy in the environment must not get in between.
    m_manager.setProxy(QNetworkProxy::NoProxy);
}

TestClient::Reply TestClient::send(
    const QByteArray &method, const QString &pathAndQuery, const QByteArray &body, const Headers &headers)
{
    QUrl url = m_baseUrl;
    const qsizetype question = pathAndQuery.indexOf(u'?');
    // Tolerant: a path the test already percent-encoded is sent as it is, not encoded twice.
    url.setPath(question < 0 ? pathAndQuery : pathAndQuery.left(question), QUrl::TolerantMode);
    if (question >= 0)
        url.setQuery(pathAndQuery.mid(question + 1));
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);

    QBuffer *buffer = nullptr;
    QNetworkReply *reply = nullptr;
    if (method == "HEAD") {
        // A custom HEAD request would wait for a body that never comes.
        reply = m_manager.head(request);
    } else if (!body.isEmpty() || method == "POST" || method == "PUT") {
        buffer = new QBuffer;
        buffer->setData(body);
        buffer->open(QIODevice::ReadOnly);
        reply = m_manager.sendCustomRequest(request, method, buffer);
        buffer->setParent(reply);
    } else {
        reply = m_manager.sendCustomRequest(request, method);
    }
    // Tests talk to their own self-signed TLS server.
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError> &) {
        reply->ignoreSslErrors();
    });

    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timeout.start(60000);
    if (!reply->isFinished())
        loop.exec();

    Reply result;
    if (!reply->isFinished()) {
        reply->abort();
        result.error = QNetworkReply::TimeoutError;
        delete reply;
        return result;
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    result.error = reply->error();
    result.json = QJsonDocument::fromJson(result.body);
    delete reply;
    return result;
}

TestClient::Reply TestClient::get(const QString &pathAndQuery, const Headers &headers)
{
    return send("GET", pathAndQuery, {}, headers);
}

TestClient::Reply TestClient::post(const QString &path, const QJsonObject &body)
{
    return send(
        "POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), {{"Content-Type", "application/json"}});
}

TestClient::Reply TestClient::postRaw(const QString &path, const QByteArray &body, const QByteArray &contentType)
{
    return send("POST", path, body, {{"Content-Type", contentType}});
}

TestClient::Reply TestClient::put(const QString &path, const QByteArray &body, const QByteArray &contentType)
{
    return send("PUT", path, body, {{"Content-Type", contentType}});
}

TestClient::Reply TestClient::del(const QString &path)
{
    return send("DELETE", path);
}

QByteArray TestClient::login(const QString &email, const QString &password)
{
    const QByteArray saved = m_token;
    m_token.clear();
    const Reply reply = post(QStringLiteral("/api/v1/auth/login"),
        QJsonObject{{QStringLiteral("email"), email}, {QStringLiteral("password"), password}});
    if (reply.status != 200) {
        m_token = saved;
        return {};
    }
    m_token = reply.object().value(u"token").toString().toLatin1();
    return m_token;
}
