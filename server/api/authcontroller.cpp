// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/authcontroller.h"

#include <QJsonArray>
#include <QJsonObject>

#include "server/api/secondfactorcontroller.h"
#include "server/domain/staffsessions.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"
#include "server/mail/mailtext.h"

namespace {

constexpr qint64 loginBodyLimit = 16 * 1024;

using AuthController::bearerToken;

HttpResponse signInResponse(const std::expected<StaffSessions::SignIn, StaffSessions::Refusal> &session);

// The password step: a token, or (with two-factor sign-in on) a challenge for the code.
HttpResponse login(HttpRequest &request, const ApiOptions &options)
{
    auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const QJsonValue emailValue = body->value(u"email");
    const QJsonValue passwordValue = body->value(u"password");
    if (!emailValue.isString() || !passwordValue.isString())
        return apiErrorResponse(ApiError::badRequest(
            QStringLiteral("\"email\" and \"password\" are required strings."), QStringLiteral("invalid_field")));
    const StaffSessions::SignInRequest signIn{emailValue.toString(), passwordValue.toString(),
        request.peerAddress.toString(), QString::fromUtf8(request.header("User-Agent").left(200))};
    return signInResponse(StaffSessions::signIn(signIn, options.throttle, options.staffTokenTtlSeconds));
}

// The second step of a sign-in with two-factor sign-in on: {challenge, code} or
// {challenge, recovery_code}; when enrolling (the organisation requires two-factor sign-in),
// {challenge, code} with the first code of the new factor.
HttpResponse secondStep(HttpRequest &request, const ApiOptions &options, bool enrolling)
{
    auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    if (auto r =
            onlyFields(*body, {QStringLiteral("challenge"), QStringLiteral("code"), QStringLiteral("recovery_code")});
        !r)
        return apiErrorResponse(r.error());
    const QString challenge = body->value(u"challenge").toString();
    const QString code = body->value(u"code").toString();
    const QString recovery = body->value(u"recovery_code").toString();
    if (challenge.isEmpty() || code.isEmpty() == recovery.isEmpty() || code.size() > 20 || recovery.size() > 40
        || (enrolling && code.isEmpty()))
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("\"challenge\" and either \"code\" or \"recovery_code\" are required."),
                QStringLiteral("invalid_field")));
    const StaffSessions::SecondStep step{
        challenge.toLatin1(), code, recovery, request.peerAddress.toString(), enrolling};
    return signInResponse(
        StaffSessions::completeSignIn(step, options.secretKey, options.throttle, options.staffTokenTtlSeconds));
}

// A sign-in that may only enrol: the new secret, for the app.
HttpResponse beginEnrolment(HttpRequest &request, const ApiOptions &options)
{
    const auto enrolment = SecondFactorController::signInEnrolment(request, QStringLiteral("staff"), options.secretKey);
    if (!enrolment)
        return enrolment.error();
    return noStore(HttpResponse::json(200,
        QJsonObject{
            {QStringLiteral("secret"), enrolment->secret}, {QStringLiteral("otpauth_uri"), enrolment->otpauthUri}}));
}

HttpResponse signInResponse(const std::expected<StaffSessions::SignIn, StaffSessions::Refusal> &session)
{
    if (!session) {
        if (session.error().retryAfterSeconds > 0)
            return tooManyAttemptsResponse(session.error().retryAfterSeconds);
        if (session.error().error.code == u"invalid_code")
            return apiErrorResponse(401, session.error().error.code, session.error().error.message);
        return apiErrorResponse(session.error().error);
    }
    if (!session->challenge.isEmpty() && session->challengePurpose == u"enrol")
        return HttpResponse::json(200,
            QJsonObject{{QStringLiteral("second_factor_enrolment_required"), true},
                {QStringLiteral("challenge"), QString::fromLatin1(session->challenge)}});
    if (!session->challenge.isEmpty())
        return HttpResponse::json(200,
            QJsonObject{{QStringLiteral("second_factor_required"), true},
                {QStringLiteral("challenge"), QString::fromLatin1(session->challenge)}});
    QJsonObject out{
        {QStringLiteral("token"), QString::fromLatin1(session->token)},
        {QStringLiteral("expires_at"), session->expiresAt},
        {QStringLiteral("user"),
            QJsonObject{{QStringLiteral("id"), session->userId}, {QStringLiteral("org_id"), session->orgId},
                {QStringLiteral("email"), session->email}, {QStringLiteral("name"), session->name},
                {QStringLiteral("role"), session->role}}},
        {QStringLiteral("organisation"),
            QJsonObject{{QStringLiteral("id"), session->orgId}, {QStringLiteral("name"), session->orgName},
                {QStringLiteral("portal_slug"), session->orgSlug}}},
    };
    // Required by the organisation, not set up yet: until when sign-in works without it.
    if (!session->enrolBy.isEmpty())
        out.insert(QStringLiteral("second_factor_required_by"), session->enrolBy);
    if (!session->recoveryCodes.isEmpty())
        out.insert(QStringLiteral("recovery_codes"), QJsonArray::fromStringList(session->recoveryCodes));
    return noStore(HttpResponse::json(200, out));
}

HttpResponse logout(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    if (auto r = StaffSessions::signOut(bearerToken(request)); !r)
        return apiErrorResponse(r.error());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("revoked"), true}});
}

HttpResponse me(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    return HttpResponse::json(200,
        QJsonObject{{QStringLiteral("user"),
            QJsonObject{{QStringLiteral("id"), actor->userId}, {QStringLiteral("org_id"), actor->orgId},
                {QStringLiteral("email"), actor->email}, {QStringLiteral("name"), actor->name},
                {QStringLiteral("role"), actor->role}}}});
}

// The staff member's signed-in desktops, the current one marked.
HttpResponse sessions(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto list = StaffSessions::sessions(*actor, bearerToken(request));
    if (!list)
        return apiErrorResponse(list.error());
    QJsonArray out;
    for (const StaffSessions::SessionInfo &s : std::as_const(*list))
        out.append(QJsonObject{{QStringLiteral("id"), s.id}, {QStringLiteral("device"), s.device},
            {QStringLiteral("address"), s.address}, {QStringLiteral("created_at"), s.createdAt},
            {QStringLiteral("last_seen_at"), s.lastSeenAt}, {QStringLiteral("current"), s.current}});
    return noStore(HttpResponse::json(200, QJsonObject{{QStringLiteral("sessions"), out}}));
}

HttpResponse endSession(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    if (auto r =
            StaffSessions::endSession(*actor, bearerToken(request), request.pathParams.value(QStringLiteral("id")));
        !r)
        return apiErrorResponse(r.error());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("ended"), 1}});
}

HttpResponse endOthers(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto ended = StaffSessions::endOtherSessions(*actor, bearerToken(request));
    if (!ended)
        return apiErrorResponse(ended.error());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("ended"), *ended}});
}

} // namespace

QByteArray AuthController::bearerToken(const HttpRequest &request)
{
    const QByteArray header = request.header("Authorization").trimmed();
    if (header.size() < 8 || header.left(7).toLower() != "bearer ")
        return {};
    return header.mid(7).trimmed();
}

std::expected<Actor, ApiError> AuthController::authenticate(const HttpRequest &request)
{
    auto actor = StaffSessions::authenticate(bearerToken(request), request.peerAddress.toString());
    if (!actor)
        return std::unexpected(ApiError::fromError(actor.error()));
    // The desktop sends the language it speaks (ApiClient::setLanguage).
    actor->language = MailText::bestMatch(request.header("accept-language"));
    return *actor;
}

void AuthController::registerRoutes(Router &router, const ApiOptions &options)
{
    router.add("POST", QStringLiteral("/api/v1/auth/login"), loginBodyLimit, [options](HttpRequest &request) {
        return login(request, options);
    });
    router.add(
        "POST", QStringLiteral("/api/v1/auth/login/second-factor"), loginBodyLimit, [options](HttpRequest &request) {
            return secondStep(request, options, false);
        });
    router.add("POST", QStringLiteral("/api/v1/auth/login/enrol"), loginBodyLimit, [options](HttpRequest &request) {
        return beginEnrolment(request, options);
    });
    router.add(
        "POST", QStringLiteral("/api/v1/auth/login/enrol/confirm"), loginBodyLimit, [options](HttpRequest &request) {
            return secondStep(request, options, true);
        });
    router.add("POST", QStringLiteral("/api/v1/auth/logout"), 1024, logout);
    router.add("GET", QStringLiteral("/api/v1/auth/me"), 0, me);
    router.add("GET", QStringLiteral("/api/v1/auth/sessions"), 0, sessions);
    router.add("DELETE", QStringLiteral("/api/v1/auth/sessions/{id}"), 1024, endSession);
    router.add("POST", QStringLiteral("/api/v1/auth/sessions/end-others"), 1024, endOthers);
}
