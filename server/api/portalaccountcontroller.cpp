// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/portalaccountcontroller.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonObject>

#include "common/qrcode.h"
#include "server/api/apierror.h"
#include "server/api/apioptions.h"
#include "server/api/portalauthcontroller.h"
#include "server/domain/accountsecurity.h"
#include "server/domain/clientaccount.h"
#include "server/domain/contactlanguages.h"
#include "server/domain/maildigests.h"
#include "server/domain/portalaccounts.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"

namespace {

SecondFactor::Subject subjectOf(const PortalActor &actor)
{
    return {QStringLiteral("contact"), actor.contactId, actor.orgId};
}

HttpResponse account(HttpRequest &request)
{
    auto actor = PortalAuthController::authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto sessions = ClientAccount::sessions(*actor, PortalAuthController::sessionCookie(request));
    if (!sessions)
        return apiErrorResponse(sessions.error());
    auto mode = MailDigests::mode(actor->orgId, actor->contactId);
    if (!mode)
        return apiErrorResponse(mode.error());
    auto factor = AccountSecurity::status(subjectOf(*actor));
    if (!factor)
        return apiErrorResponse(factor.error());
    auto languages = ContactLanguages::of(actor->orgId, actor->contactId);
    if (!languages)
        return apiErrorResponse(languages.error());
    QJsonArray list;
    for (const ClientAccount::SessionInfo &s : std::as_const(*sessions))
        list.append(QJsonObject{{QStringLiteral("id"), s.id}, {QStringLiteral("device"), s.device},
            {QStringLiteral("address"), s.address}, {QStringLiteral("created_at"), s.createdAt},
            {QStringLiteral("last_seen_at"), s.lastSeenAt}, {QStringLiteral("current"), s.current}});
    return noStore(HttpResponse::json(200,
        QJsonObject{{QStringLiteral("name"), actor->name}, {QStringLiteral("email"), actor->email},
            {QStringLiteral("language"), languages->preferred},
            {QStringLiteral("notifications"), QJsonObject{{QStringLiteral("email"), *mode}}},
            {QStringLiteral("sessions"), list},
            {QStringLiteral("second_factor"),
                QJsonObject{{QStringLiteral("enabled"), factor->enrolled}, {QStringLiteral("pending"), factor->pending},
                    {QStringLiteral("recovery_codes_left"), factor->recoveryCodesLeft}}}}));
}

// What the client's authenticator app calls the account: the organisation's portal.
QString issuerOf(const PortalActor &actor)
{
    const auto org = PortalAccounts::organisation(actor.orgId);
    return org ? org->name : QStringLiteral("Atrium");
}

HttpResponse enrolSecondFactor(HttpRequest &request, const QByteArray &key)
{
    auto actor = PortalAuthController::authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto enrolment = AccountSecurity::enrol(subjectOf(*actor), key, issuerOf(*actor), actor->email);
    if (!enrolment)
        return apiErrorResponse(enrolment.error());
    return noStore(HttpResponse::json(200,
        QJsonObject{
            {QStringLiteral("secret"), enrolment->secret}, {QStringLiteral("otpauth_uri"), enrolment->otpauthUri}}));
}

// The pending enrolment's QR code, drawn by the server (the portal has no QR library of its own).
HttpResponse secondFactorQr(HttpRequest &request, const QByteArray &key)
{
    auto actor = PortalAuthController::authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto uri = AccountSecurity::pendingUri(subjectOf(*actor), key, issuerOf(*actor), actor->email);
    if (!uri)
        return apiErrorResponse(uri.error());
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!QrCode::image(*uri, 6).save(&buffer, "PNG"))
        return apiErrorResponse(ApiError::internal());
    return noStore(HttpResponse::bytes(200, png, "image/png"));
}

// {"code": "123456"}, then the codes.
HttpResponse secondFactorCodes(
    HttpRequest &request, const QByteArray &key, bool confirming, const LoginThrottle::Policy &throttle)
{
    auto actor = PortalAuthController::authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    if (auto r = onlyFields(*body, {QStringLiteral("code")}); !r)
        return apiErrorResponse(r.error());
    const QString code = body->value(u"code").toString();
    if (code.isEmpty() || code.size() > 20)
        return apiErrorResponse(ApiError::badRequest(
            QStringLiteral("Enter the six digits your app shows."), QStringLiteral("invalid_field")));
    std::expected<QStringList, LoginThrottle::Refusal> codes;
    if (confirming) {
        auto confirmed = AccountSecurity::confirm(subjectOf(*actor), key, code, actor->address);
        if (!confirmed)
            return apiErrorResponse(confirmed.error());
        codes = *confirmed;
    } else {
        codes = AccountSecurity::newRecoveryCodes(
            subjectOf(*actor), key, code, actor->name, actor->email, actor->address, throttle);
    }
    if (!codes) {
        if (codes.error().retryAfterSeconds > 0)
            return tooManyAttemptsResponse(codes.error().retryAfterSeconds);
        return apiErrorResponse(codes.error().error);
    }
    return noStore(
        HttpResponse::json(200, QJsonObject{{QStringLiteral("recovery_codes"), QJsonArray::fromStringList(*codes)}}));
}

// {"name"} and/or {"language": "" | "en" | "de"} ("" is automatic: the browser's); another
// language is 422 "unsupported_language".
HttpResponse updateAccount(HttpRequest &request)
{
    auto actor = PortalAuthController::authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    if (auto ok = onlyFields(*body, {QStringLiteral("name"), QStringLiteral("language")}); !ok)
        return apiErrorResponse(ok.error());
    // Both fields are checked before either is written, so a refused request changes nothing.
    const bool setsLanguage = body->contains(u"language");
    const bool setsName = body->contains(u"name") || !setsLanguage;
    const QJsonValue language = body->value(u"language");
    if (setsLanguage) {
        if (!language.isString())
            return apiErrorResponse(Error{QStringLiteral("unsupported_language"),
                QStringLiteral("\"language\" is a string: \"\" (automatic), \"en\" or \"de\".")});
        if (auto r = ContactLanguages::validPreference(language.toString()); !r)
            return apiErrorResponse(r.error());
    }
    if (setsName) {
        if (auto r = ClientAccount::validName(body->value(u"name").toString()); !r)
            return apiErrorResponse(r.error());
    }
    QJsonObject out;
    if (setsLanguage) {
        if (auto r = ContactLanguages::setPreferred(actor->orgId, actor->contactId, language.toString()); !r)
            return apiErrorResponse(r.error());
        out.insert(QStringLiteral("language"), language.toString());
    }
    if (setsName) {
        auto name = ClientAccount::rename(*actor, body->value(u"name").toString());
        if (!name)
            return apiErrorResponse(name.error());
        out.insert(QStringLiteral("name"), *name);
    } else {
        out.insert(QStringLiteral("name"), actor->name);
    }
    return noStore(HttpResponse::json(200, out));
}

HttpResponse changePassword(HttpRequest &request, const LoginThrottle::Policy &throttle)
{
    auto actor = PortalAuthController::authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    if (auto ok = onlyFields(*body, {QStringLiteral("current_password"), QStringLiteral("new_password")}); !ok)
        return apiErrorResponse(ok.error());
    auto done = ClientAccount::changePassword(*actor, PortalAuthController::sessionCookie(request),
        body->value(u"current_password").toString(), body->value(u"new_password").toString(), throttle);
    if (!done) {
        if (done.error().retryAfterSeconds > 0)
            return tooManyAttemptsResponse(done.error().retryAfterSeconds);
        return apiErrorResponse(done.error().error);
    }
    return noStore(HttpResponse::json(200, QJsonObject{{QStringLiteral("changed"), true}}));
}

HttpResponse setNotifications(HttpRequest &request)
{
    auto actor = PortalAuthController::authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const QString mode = body->value(u"email").toString();
    if (!MailDigests::isMode(mode))
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("\"email\" is one of \"immediate\", \"daily\" and \"off\"."),
                QStringLiteral("invalid_field")));
    if (auto r = MailDigests::setMode(actor->orgId, actor->contactId, QStringLiteral("contact"), mode); !r)
        return apiErrorResponse(r.error());
    return noStore(HttpResponse::json(200, QJsonObject{{QStringLiteral("email"), mode}}));
}

HttpResponse endSession(HttpRequest &request)
{
    auto actor = PortalAuthController::authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    if (auto r = ClientAccount::endSession(
            *actor, PortalAuthController::sessionCookie(request), request.pathParams.value(QStringLiteral("id")));
        !r)
        return apiErrorResponse(r.error());
    return noStore(HttpResponse::json(200, QJsonObject{{QStringLiteral("ended"), 1}}));
}

HttpResponse endOthers(HttpRequest &request)
{
    auto actor = PortalAuthController::authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto ended = ClientAccount::endOtherSessions(*actor, PortalAuthController::sessionCookie(request));
    if (!ended)
        return apiErrorResponse(ended.error());
    return noStore(HttpResponse::json(200, QJsonObject{{QStringLiteral("ended"), *ended}}));
}

} // namespace

void PortalAccountController::registerRoutes(Router &router, const ApiOptions &options)
{
    router.add("GET", QStringLiteral("/api/v1/portal/account"), 0, account);
    router.add("PATCH", QStringLiteral("/api/v1/portal/account"), 4096, updateAccount);
    router.add("POST", QStringLiteral("/api/v1/portal/account/password"), 4096,
        [throttle = options.throttle](HttpRequest &request) {
            return changePassword(request, throttle);
        });
    router.add("POST", QStringLiteral("/api/v1/portal/account/notifications"), 1024, setNotifications);
    router.add("DELETE", QStringLiteral("/api/v1/portal/sessions/{id}"), 1024, endSession);
    router.add("POST", QStringLiteral("/api/v1/portal/sessions/end-others"), 1024, endOthers);
    const QByteArray key = options.secretKey;
    router.add("POST", QStringLiteral("/api/v1/portal/account/second-factor/enrol"), 1024, [key](HttpRequest &r) {
        return enrolSecondFactor(r, key);
    });
    router.add("GET", QStringLiteral("/api/v1/portal/account/second-factor/qr"), 0, [key](HttpRequest &r) {
        return secondFactorQr(r, key);
    });
    const LoginThrottle::Policy throttle = options.throttle;
    router.add(
        "POST", QStringLiteral("/api/v1/portal/account/second-factor/confirm"), 1024, [key, throttle](HttpRequest &r) {
            return secondFactorCodes(r, key, true, throttle);
        });
    router.add("POST", QStringLiteral("/api/v1/portal/account/second-factor/recovery-codes"), 1024,
        [key, throttle](HttpRequest &r) {
            return secondFactorCodes(r, key, false, throttle);
        });
}
