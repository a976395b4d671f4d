// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/secondfactorcontroller.h"

#include <QJsonArray>
#include <QJsonObject>

#include "server/api/apierror.h"
#include "server/api/authcontroller.h"
#include "server/domain/accountsecurity.h"
#include "server/domain/securitylog.h"
#include "server/domain/staffsessions.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"

namespace {

constexpr qint64 bodyLimit = 4096;

SecondFactor::Subject staffSubject(const Actor &actor)
{
    return {QStringLiteral("staff"), actor.userId, actor.orgId};
}

// {"code": "123456"} and nothing else.
std::expected<QString, ApiError> codeOf(const HttpRequest &request)
{
    auto body = jsonObjectBody(request);
    if (!body)
        return std::unexpected(body.error());
    if (auto r = onlyFields(*body, {QStringLiteral("code")}); !r)
        return std::unexpected(r.error());
    const QString code = body->value(u"code").toString();
    if (code.isEmpty() || code.size() > 20)
        return std::unexpected(ApiError::badRequest(
            QStringLiteral("\"code\" is required: the six digits the app shows."), QStringLiteral("invalid_field")));
    return code;
}

HttpResponse codesResponse(const QStringList &codes)
{
    return noStore(
        HttpResponse::json(200, QJsonObject{{QStringLiteral("recovery_codes"), QJsonArray::fromStringList(codes)}}));
}

HttpResponse status(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto s = AccountSecurity::status(staffSubject(*actor));
    if (!s)
        return apiErrorResponse(s.error());
    return noStore(HttpResponse::json(200,
        QJsonObject{{QStringLiteral("enabled"), s->enrolled}, {QStringLiteral("pending"), s->pending},
            {QStringLiteral("confirmed_at"), s->confirmedAt.isEmpty() ? QJsonValue() : QJsonValue(s->confirmedAt)},
            {QStringLiteral("recovery_codes_left"), s->recoveryCodesLeft}}));
}

HttpResponse enrol(HttpRequest &request, const QByteArray &key)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto enrolment = AccountSecurity::enrol(staffSubject(*actor), key, QStringLiteral("Atrium"), actor->email);
    if (!enrolment)
        return apiErrorResponse(enrolment.error());
    return noStore(HttpResponse::json(200,
        QJsonObject{
            {QStringLiteral("secret"), enrolment->secret}, {QStringLiteral("otpauth_uri"), enrolment->otpauthUri}}));
}

HttpResponse confirm(HttpRequest &request, const QByteArray &key)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto code = codeOf(request);
    if (!code)
        return apiErrorResponse(code.error());
    auto codes = AccountSecurity::confirm(staffSubject(*actor), key, *code, actor->address);
    if (!codes)
        return apiErrorResponse(codes.error());
    return codesResponse(*codes);
}

HttpResponse recoveryCodes(HttpRequest &request, const QByteArray &key, const LoginThrottle::Policy &throttle)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto code = codeOf(request);
    if (!code)
        return apiErrorResponse(code.error());
    auto codes = AccountSecurity::newRecoveryCodes(
        staffSubject(*actor), key, *code, actor->name, actor->email, actor->address, throttle);
    if (!codes) {
        if (codes.error().retryAfterSeconds > 0)
            return tooManyAttemptsResponse(codes.error().retryAfterSeconds);
        return apiErrorResponse(codes.error().error);
    }
    return codesResponse(*codes);
}

HttpResponse reset(HttpRequest &request, const QString &kind)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto had = AccountSecurity::adminReset(*actor, kind, request.pathParams.value(QStringLiteral("id")));
    if (!had)
        return apiErrorResponse(had.error());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("reset"), *had}});
}

HttpResponse contactSessions(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto list = AccountSecurity::contactSessions(*actor, request.pathParams.value(QStringLiteral("id")));
    if (!list)
        return apiErrorResponse(list.error());
    QJsonArray out;
    for (const AccountSecurity::ContactSession &s : std::as_const(*list))
        out.append(QJsonObject{{QStringLiteral("id"), s.id}, {QStringLiteral("device"), s.device},
            {QStringLiteral("address"), s.address}, {QStringLiteral("created_at"), s.createdAt},
            {QStringLiteral("last_seen_at"), s.lastSeenAt}});
    return noStore(HttpResponse::json(200, QJsonObject{{QStringLiteral("sessions"), out}}));
}

HttpResponse endContactSessions(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto ended = AccountSecurity::endContactSessions(*actor, request.pathParams.value(QStringLiteral("id")));
    if (!ended)
        return apiErrorResponse(ended.error());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("ended"), *ended}});
}

// The organisation's security log, for administrators: ?action=…&q=…&before=…&limit=… (newest
// first; "before" pages on with the last entry's "at").
HttpResponse securityLog(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    SecurityLog::Filter filter;
    filter.action = request.query.queryItemValue(QStringLiteral("action"), QUrl::FullyDecoded);
    filter.search = request.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded);
    filter.before = request.query.queryItemValue(QStringLiteral("before"), QUrl::FullyDecoded);
    if (const QString limit = request.query.queryItemValue(QStringLiteral("limit")); !limit.isEmpty()) {
        bool ok = false;
        filter.limit = limit.toInt(&ok);
        if (!ok || filter.limit < 1 || filter.limit > 500)
            return apiErrorResponse(
                ApiError::badRequest(QStringLiteral("\"limit\" must be 1 to 500."), QStringLiteral("invalid_field")));
    }
    auto entries = SecurityLog::list(*actor, filter);
    if (!entries)
        return apiErrorResponse(entries.error());
    QJsonArray out;
    for (const SecurityLog::Entry &e : std::as_const(*entries))
        out.append(QJsonObject{{QStringLiteral("id"), e.id}, {QStringLiteral("at"), e.at},
            {QStringLiteral("action"), e.action}, {QStringLiteral("subject_kind"), e.subjectKind},
            {QStringLiteral("subject_id"), e.subjectId}, {QStringLiteral("name"), e.name},
            {QStringLiteral("email"), e.email},
            {QStringLiteral("actor_id"), e.actorId.isEmpty() ? QJsonValue() : QJsonValue(e.actorId)},
            {QStringLiteral("address"), e.address}, {QStringLiteral("details"), e.details}});
    return noStore(HttpResponse::json(200, QJsonObject{{QStringLiteral("events"), out}}));
}

} // namespace

std::expected<AccountSecurity::Enrolment, HttpResponse> SecondFactorController::signInEnrolment(
    const HttpRequest &request, const QString &kind, const QByteArray &key)
{
    auto body = jsonObjectBody(request);
    if (!body)
        return std::unexpected(apiErrorResponse(body.error()));
    if (auto r = onlyFields(*body, {QStringLiteral("challenge")}); !r)
        return std::unexpected(apiErrorResponse(r.error()));
    const QString challenge = body->value(u"challenge").toString();
    if (challenge.isEmpty() || challenge.size() > 200)
        return std::unexpected(apiErrorResponse(
            ApiError::badRequest(QStringLiteral("\"challenge\" is required."), QStringLiteral("invalid_field"))));
    auto enrolment =
        AccountSecurity::beginSignInEnrolment(challenge.toLatin1(), kind, request.peerAddress.toString(), key);
    if (!enrolment) {
        if (enrolment.error().code == u"challenge_expired")
            return std::unexpected(apiErrorResponse(401, enrolment.error().code, enrolment.error().message));
        return std::unexpected(apiErrorResponse(enrolment.error()));
    }
    return *enrolment;
}

void SecondFactorController::registerRoutes(Router &router, const ApiOptions &options)
{
    const QByteArray key = options.secretKey;
    router.add("GET", QStringLiteral("/api/v1/auth/second-factor"), 0, status);
    router.add("POST", QStringLiteral("/api/v1/auth/second-factor/enrol"), bodyLimit, [key](HttpRequest &r) {
        return enrol(r, key);
    });
    router.add("POST", QStringLiteral("/api/v1/auth/second-factor/confirm"), bodyLimit, [key](HttpRequest &r) {
        return confirm(r, key);
    });
    router.add("POST", QStringLiteral("/api/v1/auth/second-factor/recovery-codes"), bodyLimit,
        [key, throttle = options.throttle](HttpRequest &r) {
            return recoveryCodes(r, key, throttle);
        });
    router.add("GET", QStringLiteral("/api/v1/security-log"), 0, securityLog);
    router.add("POST", QStringLiteral("/api/v1/staff-users/{id}/second-factor/reset"), bodyLimit, [](HttpRequest &r) {
        return reset(r, QStringLiteral("staff"));
    });
    router.add("GET", QStringLiteral("/api/v1/contacts/{id}/sessions"), 0, contactSessions);
    router.add("POST", QStringLiteral("/api/v1/contacts/{id}/sessions/end"), bodyLimit, endContactSessions);
    router.add("POST", QStringLiteral("/api/v1/contacts/{id}/second-factor/reset"), bodyLimit, [](HttpRequest &r) {
        return reset(r, QStringLiteral("contact"));
    });
}
