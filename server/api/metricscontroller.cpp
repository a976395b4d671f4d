// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/metricscontroller.h"

#include <QCryptographicHash>
#include <QHostAddress>

#include <sodium.h>

#include "common/version.h"
#include "server/api/apierror.h"
#include "server/api/apimetrics.h"
#include "server/api/authcontroller.h"
#include "server/http/httpmetrics.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/logging.h"
#include "server/http/metricstext.h"
#include "server/http/router.h"
#include "server/mail/mailer.h"

namespace {

// The client's address as the transport resolved it (X-Forwarded-For only from a trusted proxy),
// IPv4-mapped IPv6 included.
bool fromThisHost(const HttpRequest &request)
{
    bool isV4 = false;
    const quint32 v4 = request.peerAddress.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).isLoopback() : request.peerAddress.isLoopback();
}

// The numbers are the whole instance's, every organisation on it: read from this host, or elsewhere
// only with the operator's own token (--metrics-token-file). No staff token reads them, an
// administrator's neither, since an organisation's administrator is not the server's operator.
std::expected<void, ApiError> mayRead(const HttpRequest &request, const QByteArray &tokenHash)
{
    if (fromThisHost(request))
        return {};
    const QByteArray token = AuthController::bearerToken(request);
    if (!tokenHash.isEmpty() && !token.isEmpty()) {
        const QByteArray presented = QCryptographicHash::hash(token, QCryptographicHash::Sha256);
        if (presented.size() == tokenHash.size()
            && sodium_memcmp(presented.constData(), tokenHash.constData(), size_t(presented.size())) == 0)
            return {};
    }
    return std::unexpected(ApiError::unauthorized(tokenHash.isEmpty()
            ? QStringLiteral("The metrics are read from this host only (the server has no --metrics-token-file).")
            : QStringLiteral("Read the metrics from this host, or with the token of --metrics-token-file.")));
}

HttpResponse metrics(HttpRequest &request, const ApiMetrics &counters, const QByteArray &tokenHash)
{
    if (auto allowed = mayRead(request, tokenHash); !allowed)
        return apiErrorResponse(allowed.error());

    MetricsText out;
    out.family("atrium_build_info", "gauge", "The running version of atrium-server; always 1.");
    out.sample("atrium_build_info", {{"version", Atrium::versionString().toUtf8()}}, quint64(1));
    out.family("atrium_start_time_seconds", "gauge", "When this instance started, in seconds since the epoch.");
    out.sample("atrium_start_time_seconds", {}, counters.startTime());

    if (const HttpMetrics *http = counters.http())
        http->write(out);

    out.family("atrium_sse_streams_active", "gauge", "Open live-update streams (GET /api/v1/sync/events).");
    out.sample("atrium_sse_streams_active", {}, quint64(counters.streams()));
    out.family("atrium_sync_push_mutations_total", "counter", "Mutations received in accepted sync pushes.");
    out.sample("atrium_sync_push_mutations_total", {}, counters.pushed());
    out.family("atrium_sync_pull_changes_total", "counter", "Changes handed out by sync pulls.");
    out.sample("atrium_sync_pull_changes_total", {}, counters.pulled());

    // From the database, shared by every instance on it: the same on each.
    if (const auto depth = Mailer::queueDepth()) {
        out.family("atrium_mail_queue_depth", "gauge", "Mails queued and not delivered yet that will be tried.");
        out.sample("atrium_mail_queue_depth", {}, quint64(depth->pending));
        out.family("atrium_mail_failed", "gauge", "Mails given up after their last failed attempt.");
        out.sample("atrium_mail_failed", {}, quint64(depth->failed));
    } else {
        qCWarning(lcHttp).noquote() << "Metrics without the mail queue:" << depth.error().message;
    }
    return HttpResponse::bytes(200, out.text(), MetricsText::contentType.toByteArray());
}

} // namespace

void MetricsController::registerRoutes(Router &router, const ApiOptions &options)
{
    if (!options.metrics)
        return;
    router.add("GET", QStringLiteral("/metrics"), 0,
        [counters = options.metrics, tokenHash = options.metricsTokenHash](HttpRequest &request) {
            return metrics(request, *counters, tokenHash);
        });
}
