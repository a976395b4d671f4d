// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

class QIODevice;
class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

// What came back from one API call. `status` 0 means the server was not reached (offline, refused,
// timed out, cut short): the caller retries later and changes nothing.
struct ApiResult
{
    int status = 0;
    QJsonObject body;
    QString errorCode; // from the server's {"error": {"code", "message"}} or "network_error"
    QString errorMessage;

    bool ok() const { return status >= 200 && status < 300; }
    bool reachedServer() const { return status != 0; }
};

// The desktop's REST client for /api/v1: JSON in and out, the bearer token on every call, a
// transfer timeout on every request, and no retries of its own (the sync engine decides).
// Lives on the thread that uses it (it owns a QNetworkAccessManager).
class ApiClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const ApiResult &)>;

    explicit ApiClient(QObject *parent = nullptr);

    void setServerUrl(const QUrl &url);
    QUrl serverUrl() const { return m_server; }
    void setToken(const QString &token);
    bool hasToken() const { return !m_token.isEmpty(); }
    QString token() const { return m_token; }
    // The language the desktop speaks ("de"), sent as Accept-Language: the server writes the mail a
    // request causes in it to a contact who has no language of their own yet (a first invitation).
    void setLanguage(const QString &language) { m_language = language; }
    QString language() const { return m_language; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int timeoutMs() const { return m_timeoutMs; }

    // `context` guards the callback: it is not called once context is gone.
    QNetworkReply *get(const QString &path, QObject *context, Callback done);
    // A GET whose answer the caller reads itself (a pull page: PulledPage::fromJson): `done` gets
    // the status, or the error as get() reads it, and on a 2xx answer its body's bytes.
    using RawCallback = std::function<void(const ApiResult &, const QByteArray &body)>;
    QNetworkReply *getRaw(const QString &path, QObject *context, RawCallback done);
    QNetworkReply *post(const QString &path, const QJsonObject &body, QObject *context, Callback done);
    QNetworkReply *put(
        const QString &path, const QByteArray &body, const QByteArray &contentType, QObject *context, Callback done);
    QNetworkReply *deleteResource(const QString &path, QObject *context, Callback done);
    // Streams a response body into `sink` (for downloads); done gets the status and any error.
    QNetworkReply *download(const QString &path, QIODevice *sink, QObject *context, Callback done);
    // An open-ended GET (Server-Sent Events): no transfer timeout; the caller reads the reply.
    QNetworkReply *openStream(const QString &path);

    QNetworkAccessManager *network() const { return m_network; }
    QUrl url(const QString &path) const;

private:
    QNetworkRequest request(const QString &path, bool timeout = true) const;
    QNetworkReply *track(QNetworkReply *reply, QObject *context, Callback done);

    QNetworkAccessManager *m_network;
    QUrl m_server;
    QString m_token;
    QString m_language;
    int m_timeoutMs = 30000;
};

// Turns a finished reply into an ApiResult (status, JSON body, error code and message).
ApiResult apiResultFrom(QNetworkReply *reply, const QByteArray &body);
