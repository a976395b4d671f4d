// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/apiclient.h"

#include <QIODevice>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include "common/version.h"

ApiResult apiResultFrom(QNetworkReply *reply, const QByteArray &body)
{
    ApiResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject())
        result.body = doc.object();
    if (result.status == 0) {
        result.errorCode = QStringLiteral("network_error");
        result.errorMessage = reply->errorString();
        return result;
    }
    if (!result.ok()) {
        const QJsonObject error = result.body.value(u"error").toObject();
        result.errorCode = error.value(u"code").toString(QStringLiteral("http_%1").arg(result.status));
        result.errorMessage = error.value(u"message").toString(reply->errorString());
    }
    return result;
}

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    // Tokens never leave for another host: no redirects are followed at all.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

void ApiClient::setServerUrl(const QUrl &url)
{
    m_server = url;
    if (m_server.path().endsWith(u'/'))
        m_server.setPath(m_server.path().chopped(1));
}

void ApiClient::setToken(const QString &token)
{
    m_token = token;
}

QUrl ApiClient::url(const QString &path) const
{
    // Paths may carry a query ("/api/v1/sync/pull?since=3").
    QUrl relative(path);
    QUrl url = m_server;
    url.setPath(m_server.path() + relative.path());
    url.setQuery(relative.query());
    return url;
}

QNetworkRequest ApiClient::request(const QString &path, bool timeout) const
{
    QNetworkRequest request(url(path));
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("Atrium/%1").arg(Atrium::versionString()));
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    if (!m_language.isEmpty())
        request.setRawHeader("Accept-Language", m_language.toLatin1());
    if (timeout)
        request.setTransferTimeout(m_timeoutMs);
    return request;
}

QNetworkReply *ApiClient::track(QNetworkReply *reply, QObject *context, Callback done)
{
    QPointer<QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this, [reply, guard, done = std::move(done)] {
        reply->deleteLater();
        const ApiResult result = apiResultFrom(reply, reply->readAll());
        if (guard && done)
            done(result);
    });
    return reply;
}

QNetworkReply *ApiClient::get(const QString &path, QObject *context, Callback done)
{
    return track(m_network->get(request(path)), context, std::move(done));
}

QNetworkReply *ApiClient::getRaw(const QString &path, QObject *context, RawCallback done)
{
    QNetworkReply *reply = m_network->get(request(path));
    QPointer<QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this, [reply, guard, done = std::move(done)] {
        reply->deleteLater();
        QByteArray body = reply->readAll();
        ApiResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (!result.ok() || reply->error() != QNetworkReply::NoError) {
            result = apiResultFrom(reply, body);
            if (result.ok()) {
                result.status = 0; // cut short
                result.errorCode = QStringLiteral("network_error");
                result.errorMessage = reply->errorString();
            }
            body.clear();
        }
        if (guard && done)
            done(result, body);
    });
    return reply;
}

QNetworkReply *ApiClient::post(const QString &path, const QJsonObject &body, QObject *context, Callback done)
{
    QNetworkRequest r = request(path);
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return track(m_network->post(r, QJsonDocument(body).toJson(QJsonDocument::Compact)), context, std::move(done));
}

QNetworkReply *ApiClient::put(
    const QString &path, const QByteArray &body, const QByteArray &contentType, QObject *context, Callback done)
{
    QNetworkRequest r = request(path);
    r.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    return track(m_network->put(r, body), context, std::move(done));
}

QNetworkReply *ApiClient::deleteResource(const QString &path, QObject *context, Callback done)
{
    return track(m_network->deleteResource(request(path)), context, std::move(done));
}

QNetworkReply *ApiClient::download(const QString &path, QIODevice *sink, QObject *context, Callback done)
{
    QNetworkRequest r = request(path);
    r.setRawHeader("Accept", "*/*");
    QNetworkReply *reply = m_network->get(r);
    // Written as it arrives, so a large file never sits in memory.
    connect(reply, &QNetworkReply::readyRead, this, [reply, sink] {
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() / 100 == 2)
            sink->write(reply->readAll());
    });
    QPointer<QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this, [reply, sink, guard, done = std::move(done)] {
        reply->deleteLater();
        QByteArray rest = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status / 100 == 2) {
            sink->write(rest);
            rest.clear();
        }
        ApiResult result = apiResultFrom(reply, rest);
        if (result.ok() && reply->error() != QNetworkReply::NoError) {
            result.status = 0; // cut short
            result.errorCode = QStringLiteral("network_error");
            result.errorMessage = reply->errorString();
        }
        if (guard && done)
            done(result);
    });
    return reply;
}

QNetworkReply *ApiClient::openStream(const QString &path)
{
    QNetworkRequest r = request(path, false);
    r.setRawHeader("Accept", "text/event-stream");
    r.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    return m_network->get(r);
}
