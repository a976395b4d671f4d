// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/synccontroller.h"

#include <memory>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTimer>

#include "common/compactjson.h"
#include "server/api/apierror.h"
#include "server/api/apimetrics.h"
#include "server/api/authcontroller.h"
#include "server/domain/syncstore.h"
#include "server/domain/versionfeed.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/httpstreamsink.h"
#include "server/http/router.h"

namespace {

// Live updates (GET /api/v1/sync/events).
constexpr int eventCoalesceMs = 100; // at most one version event per this, carrying the latest
constexpr int heartbeatMs = 15000; // a comment line, so proxies and clients see a live connection
// A stream ends after this (plus up to the jitter, so that streams opened together do not all
// reconnect together) and the client reconnects, which authenticates it again: a revoked or
// expired token keeps a stream for at most this long. Open streams are not closed on revocation.
constexpr int streamLifetimeMs = 5 * 60 * 1000;
constexpr int streamLifetimeJitterMs = 30 * 1000;
constexpr int reconnectDelayMs = 2000; // the "retry:" hint

QByteArray versionEvent(qint64 version)
{
    return "event: version\ndata: {\"version\":" + QByteArray::number(version) + "}\n\n";
}

// On the network thread, for as long as the sink lives: everything here is a child of the sink
// or connected with it as context, so it all goes when the stream ends.
void streamVersions(HttpStreamSink *sink, const QString &orgId, qint64 committedVersion)
{
    struct State
    {
        qint64 sent = -1;
        qint64 latest = -1;
    };
    const auto state = std::make_shared<State>();
    auto *throttle = new QTimer(sink);
    throttle->setSingleShot(true);
    throttle->setInterval(eventCoalesceMs);
    const auto flush = [sink, state, throttle] {
        if (state->latest <= state->sent)
            return;
        state->sent = state->latest;
        sink->write(versionEvent(state->sent));
        throttle->start();
    };
    const auto offer = [state, throttle, flush](qint64 version) {
        if (version <= state->latest)
            return;
        state->latest = version;
        if (!throttle->isActive())
            flush();
    };
    QObject::connect(throttle, &QTimer::timeout, sink, flush);

    state->latest = committedVersion;
    // A commit announced between the handler's read and the subscription counts too.
    state->latest = qMax(state->latest, VersionFeed::subscribe(sink, orgId, offer));
    sink->write("retry: " + QByteArray::number(reconnectDelayMs) + '\n');
    flush();

    auto *heartbeat = new QTimer(sink);
    QObject::connect(heartbeat, &QTimer::timeout, sink, [sink] {
        sink->write(QByteArrayLiteral(": keep-alive\n\n"));
    });
    heartbeat->start(heartbeatMs);

    auto *lifetime = new QTimer(sink);
    lifetime->setSingleShot(true);
    QObject::connect(lifetime, &QTimer::timeout, sink, [sink] {
        sink->write(QByteArrayLiteral(": reconnect\n\n"));
        sink->close();
    });
    lifetime->start(streamLifetimeMs + int(QRandomGenerator::global()->bounded(streamLifetimeJitterMs)));
}

std::expected<qint64, ApiError> integerParameter(const HttpRequest &request, const QString &name, qint64 fallback)
{
    if (!request.query.hasQueryItem(name))
        return fallback;
    bool ok = false;
    const qint64 value = request.query.queryItemValue(name).toLongLong(&ok);
    if (!ok || value < 0)
        return std::unexpected(
            ApiError::badRequest(QStringLiteral("\"%1\" must be a whole number of 0 or more.").arg(name),
                QStringLiteral("invalid_parameter")));
    return value;
}

HttpResponse pull(HttpRequest &request, ApiMetrics *metrics)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    const auto since = integerParameter(request, QStringLiteral("since"), 0);
    if (!since)
        return apiErrorResponse(since.error());
    const auto limit = integerParameter(request, QStringLiteral("limit"), SyncStore::defaultPullLimit);
    if (!limit)
        return apiErrorResponse(limit.error());
    if (*limit < 1 || *limit > SyncStore::maxPullLimit)
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("\"limit\" must be from 1 to %1.").arg(SyncStore::maxPullLimit),
                QStringLiteral("invalid_parameter")));
    auto page = SyncStore::pull(*actor, *since, int(*limit));
    if (!page)
        return apiErrorResponse(ApiError::fromError(page.error()));
    if (metrics)
        metrics->changesPulled(page->count);
    // {"changes":[…],"cursor":…,"more":…}, the changes as the store wrote them (a page of 5,000 is
    // several megabytes: not parsed back into a QJsonArray to be written again).
    QByteArray body;
    body.reserve(page->changes.size() + 48);
    body.append("{\"changes\":");
    body.append(page->changes);
    body.append(",\"cursor\":");
    body.append(QByteArray::number(page->cursor));
    body.append(page->more ? ",\"more\":true}" : ",\"more\":false}");
    return HttpResponse::bytes(200, body, QByteArrayLiteral("application/json"));
}

HttpResponse push(HttpRequest &request, const QString &publicUrl, ApiMetrics *metrics)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    const auto parsed = jsonObjectBody(request);
    if (!parsed)
        return apiErrorResponse(parsed.error());
    const QJsonObject &body = *parsed;
    const QJsonValue mutations = body.value(u"mutations");
    if (!mutations.isArray())
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("\"mutations\" must be an array."), QStringLiteral("invalid_field")));
    if (mutations.toArray().size() > SyncStore::maxPushBatch)
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("At most %1 mutations per push.").arg(SyncStore::maxPushBatch),
                QStringLiteral("too_many_mutations")));
    const QJsonValue clientId = body.value(u"client_id");
    if (!clientId.isUndefined() && !clientId.isString())
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("\"client_id\" must be a string."), QStringLiteral("invalid_field")));
    auto results = SyncStore::push(*actor, clientId.toString(), mutations.toArray(), publicUrl);
    if (!results)
        return apiErrorResponse(ApiError::fromError(results.error()));
    if (metrics)
        metrics->mutationsPushed(results->size());
    // The same text as HttpResponse::json, written without Qt's writer: a push's answer has an
    // object per mutation, and Qt's writer cost ten times as much per object.
    return HttpResponse::bytes(200, CompactJson::write(QJsonObject{{QStringLiteral("results"), *results}}),
        QByteArrayLiteral("application/json"));
}

HttpResponse events(HttpRequest &request, const std::shared_ptr<ApiMetrics> &metrics)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    // The database is read here, on the pool thread; the stream itself never touches it.
    const auto version = VersionFeed::committedVersion(actor->orgId);
    if (!version)
        return apiErrorResponse(version.error());
    HttpResponse response;
    response.contentType = QByteArrayLiteral("text/event-stream; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    // A reverse proxy (nginx) must pass events on as they come, not buffer them.
    response.setHeader("X-Accel-Buffering", "no");
    response.stream = [orgId = actor->orgId, version = *version, metrics](HttpStreamSink *sink) {
        if (metrics) {
            // Open from here (not for a HEAD, which gets no stream) until the sink goes.
            metrics->streamOpened();
            QObject::connect(sink, &HttpStreamSink::finished, sink, [metrics] {
                metrics->streamClosed();
            });
        }
        streamVersions(sink, orgId, version);
    };
    return response;
}

} // namespace

void SyncController::registerRoutes(Router &router, const ApiOptions &options)
{
    router.add(Route{"GET", QStringLiteral("/api/v1/sync/pull"), 0,
        [metrics = options.metrics](HttpRequest &request) {
            return pull(request, metrics.get());
        },
        /*bulk*/ true});
    router.add("GET", QStringLiteral("/api/v1/sync/events"), 0, [metrics = options.metrics](HttpRequest &request) {
        return events(request, metrics);
    });
    router.add("POST", QStringLiteral("/api/v1/sync/push"), pushBodyLimit,
        [publicUrl = options.publicUrl, metrics = options.metrics](HttpRequest &request) {
            return push(request, *publicUrl, metrics.get());
        });
}
