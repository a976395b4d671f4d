// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/mailcontroller.h"

#include <QJsonObject>
#include <QUrl>

#include "server/api/apierror.h"
#include "server/api/authcontroller.h"
#include "server/domain/maildigests.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"

namespace {

const QString modesMessage = QStringLiteral("\"mode\" is one of \"immediate\", \"daily\" and \"off\".");

ApiError unknownLink()
{
    return ApiError::notFound(QStringLiteral("This link is not valid (any more). The newest e-mail has one that is."));
}

// Personal, and carrying a token in the address: neither stored nor passed on.
HttpResponse privateAnswer(HttpResponse response)
{
    response.setHeader("Referrer-Policy", "no-referrer");
    return noStore(std::move(response));
}

QJsonObject subscriptionJson(const MailDigests::Subscription &s)
{
    return QJsonObject{{QStringLiteral("mode"), s.mode}, {QStringLiteral("email"), s.email},
        {QStringLiteral("organisation"), s.organisation}, {QStringLiteral("recipient_kind"), s.recipientKind}};
}

QString queryToken(const HttpRequest &request)
{
    return request.query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded);
}

HttpResponse oneClickUnsubscribe(HttpRequest &request)
{
    // RFC 8058: the body is "List-Unsubscribe=One-Click"; nothing else is needed, and a mail
    // provider that sends something slightly different should still stop the mail.
    auto done = MailDigests::setModeByLink(queryToken(request), QStringLiteral("off"));
    if (!done)
        return apiErrorResponse(done.error());
    if (!*done)
        return apiErrorResponse(unknownLink());
    return privateAnswer(HttpResponse::json(200, subscriptionJson(**done)));
}

HttpResponse unsubscribePage(HttpRequest &request)
{
    // A GET changes nothing (link checkers and previews fetch it); the person chooses on the page.
    const QString token = queryToken(request);
    auto found = MailDigests::byLink(token);
    if (!found)
        return apiErrorResponse(found.error());
    if (!*found)
        return apiErrorResponse(unknownLink());
    HttpResponse response = HttpResponse::bytes(303, QByteArray(), QByteArrayLiteral("text/plain"));
    response.setHeader(
        "Location", "/p/" + QUrl::toPercentEncoding((*found)->slug) + "/email#" + QUrl::toPercentEncoding(token));
    return privateAnswer(response);
}

HttpResponse preferences(HttpRequest &request)
{
    auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const QString token = body->value(u"token").toString();
    std::expected<std::optional<MailDigests::Subscription>, Error> result;
    if (body->contains(u"mode")) {
        const QString mode = body->value(u"mode").toString();
        if (!MailDigests::isMode(mode))
            return apiErrorResponse(ApiError::badRequest(modesMessage, QStringLiteral("invalid_field")));
        result = MailDigests::setModeByLink(token, mode);
    } else {
        result = MailDigests::byLink(token);
    }
    if (!result)
        return apiErrorResponse(result.error());
    if (!*result)
        return apiErrorResponse(unknownLink());
    return privateAnswer(HttpResponse::json(200, subscriptionJson(**result)));
}

HttpResponse ownNotifications(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    if (request.method == "PUT") {
        auto body = jsonObjectBody(request);
        if (!body)
            return apiErrorResponse(body.error());
        const QString mode = body->value(u"email").toString();
        if (!MailDigests::isMode(mode))
            return apiErrorResponse(
                ApiError::badRequest(QStringLiteral("\"email\" is one of \"immediate\", \"daily\" and \"off\"."),
                    QStringLiteral("invalid_field")));
        if (auto r = MailDigests::setMode(actor->orgId, actor->userId, QStringLiteral("staff"), mode); !r)
            return apiErrorResponse(r.error());
    }
    auto mode = MailDigests::mode(actor->orgId, actor->userId);
    if (!mode)
        return apiErrorResponse(mode.error());
    return privateAnswer(HttpResponse::json(200, QJsonObject{{QStringLiteral("email"), *mode}}));
}

} // namespace

void MailController::registerRoutes(Router &router)
{
    router.add("POST", QStringLiteral("/api/v1/mail/unsubscribe"), 4096, oneClickUnsubscribe);
    router.add("GET", QStringLiteral("/api/v1/mail/unsubscribe"), 0, unsubscribePage);
    router.add("POST", QStringLiteral("/api/v1/mail/preferences"), 4096, preferences);
    router.add("GET", QStringLiteral("/api/v1/account/notifications"), 0, ownNotifications);
    router.add("PUT", QStringLiteral("/api/v1/account/notifications"), 1024, ownNotifications);
}
