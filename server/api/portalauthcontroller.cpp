// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/portalauthcontroller.h"

#include <QBuffer>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>

#include "common/entityschema.h"
#include "common/qrcode.h"
#include "server/api/secondfactorcontroller.h"
#include "server/domain/contactlanguages.h"
#include "server/domain/portalaccounts.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"

namespace {

const QByteArray cookieName = "atrium_portal";

} // namespace

QByteArray PortalAuthController::sessionCookie(const HttpRequest &request)
{
    // "a=1; atrium_portal=TOKEN; b=2"
    for (const QByteArray &part : request.header("Cookie").split(';')) {
        const QByteArray trimmed = part.trimmed();
        if (trimmed.startsWith(QByteArray(cookieName + '=')))
            return trimmed.mid(cookieName.size() + 1);
    }
    return {};
}

namespace {

using PortalAuthController::sessionCookie;

QByteArray cookieHeader(const HttpRequest &request, const QByteArray &value, int maxAgeSeconds)
{
    QByteArray cookie =
        cookieName + '=' + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + QByteArray::number(maxAgeSeconds);
    if (request.secure)
        cookie += "; Secure";
    return cookie;
}

// The signed-in contact, its organisation (so a page of another portal knows the session is not
// its own), the session's CSRF token and the contact's language ("" is automatic): the answer of
// sign-up, sign-in and /me. The language the browser asks for is noted on the way, for the e-mails
// of a contact who chose none (ContactLanguages::forMail).
HttpResponse contactResponse(const HttpRequest &request, const QString &orgId, const QString &contactId,
    const QString &name, const QString &email, const QString &csrf, const QStringList &recoveryCodes = {})
{
    // Only the mails' fallback: a failure to note it fails nothing.
    (void)ContactLanguages::recordSeen(orgId, contactId, request.header("accept-language"));
    const auto languages = ContactLanguages::of(orgId, contactId);
    QJsonObject organisation;
    if (const auto org = PortalAccounts::organisation(orgId))
        organisation = QJsonObject{{QStringLiteral("name"), org->name}, {QStringLiteral("slug"), org->slug}};
    QJsonObject out{{QStringLiteral("contact"),
                        QJsonObject{{QStringLiteral("id"), contactId}, {QStringLiteral("name"), name},
                            {QStringLiteral("email"), email},
                            {QStringLiteral("language"), languages ? languages->preferred : QString()}}},
        {QStringLiteral("organisation"), organisation}, {QStringLiteral("csrf"), csrf}};
    // Required by the organisation and not set up yet: until when sign-in works without it (the
    // portal asks them to set it up).
    if (const QString by = PortalAccounts::secondFactorRequiredBy(orgId, contactId); !by.isEmpty())
        out.insert(QStringLiteral("second_factor_required_by"), by);
    // An enrolment that completed the sign-in: its recovery codes, shown once.
    if (!recoveryCodes.isEmpty())
        out.insert(QStringLiteral("recovery_codes"), QJsonArray::fromStringList(recoveryCodes));
    HttpResponse response = HttpResponse::json(200, out);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse sessionResponse(const HttpRequest &request, const PortalAccounts::Session &session)
{
    HttpResponse response = contactResponse(
        request, session.orgId, session.contactId, session.name, session.email, session.csrf, session.recoveryCodes);
    response.setHeader("Set-Cookie", cookieHeader(request, session.token, PortalAccounts::sessionDays * 24 * 3600));
    return response;
}

// A sign-in waiting for its second factor: the code, or (required, grace period over) enrolment.
HttpResponse challengeResponse(const PortalAccounts::Session &session)
{
    return noStore(HttpResponse::json(200,
        QJsonObject{{session.challengePurpose == u"enrol" ? QStringLiteral("second_factor_enrolment_required")
                                                          : QStringLiteral("second_factor_required"),
                        true},
            {QStringLiteral("challenge"), QString::fromLatin1(session.challenge)}}));
}

HttpResponse refusalResponse(const LoginThrottle::Refusal &refusal)
{
    if (refusal.retryAfterSeconds > 0)
        return tooManyAttemptsResponse(refusal.retryAfterSeconds);
    return apiErrorResponse(refusal.error);
}

std::expected<QString, ApiError> tokenFrom(const QJsonObject &body)
{
    const QString token = body.value(u"token").toString();
    if (token.isEmpty() || token.size() > 200)
        return std::unexpected(
            ApiError::badRequest(QStringLiteral("\"token\" is missing."), QStringLiteral("invalid_field")));
    return token;
}

HttpResponse checkInvite(HttpRequest &request)
{
    const auto body = jsonObjectBody(request);
    const auto token = body ? tokenFrom(*body) : std::unexpected(body.error());
    if (!token)
        return apiErrorResponse(token.error());
    const auto invitation = PortalAccounts::checkInvite(*token);
    if (!invitation)
        return apiErrorResponse(invitation.error());
    return HttpResponse::json(200,
        QJsonObject{{QStringLiteral("organisation"), QJsonObject{{QStringLiteral("name"), invitation->orgName}}},
            {QStringLiteral("contact"),
                QJsonObject{{QStringLiteral("name"), invitation->contactName},
                    {QStringLiteral("email"), invitation->contactEmail}}},
            {QStringLiteral("expires_at"), invitation->expiresAt}});
}

HttpResponse acceptInvite(HttpRequest &request)
{
    const auto body = jsonObjectBody(request);
    const auto token = body ? tokenFrom(*body) : std::unexpected(body.error());
    if (!token)
        return apiErrorResponse(token.error());
    const QString name = body->value(u"name").toString().trimmed();
    const QString password = body->value(u"password").toString();
    if (name.isEmpty() || name.size() > 200)
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("Enter your name."), QStringLiteral("invalid_field")));
    if (auto weak = PortalAccounts::checkNewPassword(password); !weak)
        return apiErrorResponse(weak.error());
    const auto session = PortalAccounts::acceptInvite(*token, name, password, request.peerAddress.toString());
    if (!session)
        return apiErrorResponse(session.error());
    return sessionResponse(request, *session);
}

HttpResponse login(HttpRequest &request, const LoginThrottle::Policy &throttle)
{
    const auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const QString slug = body->value(u"slug").toString().trimmed().toLower();
    const QString email = body->value(u"email").toString().trimmed().toLower();
    const QString password = body->value(u"password").toString();
    if (slug.isEmpty() || email.isEmpty() || password.isEmpty())
        return apiErrorResponse(ApiError::badRequest(
            QStringLiteral("Enter your e-mail address and password."), QStringLiteral("invalid_field")));
    const auto session = PortalAccounts::signIn(slug, email, password, request.peerAddress.toString(), throttle);
    if (!session)
        return refusalResponse(session.error());
    if (!session->challenge.isEmpty())
        return challengeResponse(*session);
    return sessionResponse(request, *session);
}

// The second step with two-factor sign-in on: {challenge, code} or {challenge, recovery_code};
// when enrolling, {challenge, code} with the first code of the new factor.
HttpResponse secondStep(
    HttpRequest &request, const LoginThrottle::Policy &throttle, const QByteArray &secretKey, bool enrolling)
{
    const auto body = jsonObjectBody(request);
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
            ApiError::badRequest(QStringLiteral("Enter the code from your authenticator app, or a recovery code."),
                QStringLiteral("invalid_field")));
    const auto session = PortalAccounts::completeSignIn(
        challenge.toLatin1(), code, recovery, request.peerAddress.toString(), secretKey, throttle, enrolling);
    if (!session) {
        if (session.error().error.code == u"invalid_code" && session.error().retryAfterSeconds == 0)
            return apiErrorResponse(401, session.error().error.code, session.error().error.message);
        return refusalResponse(session.error());
    }
    return sessionResponse(request, *session);
}

// A sign-in that may only enrol: the new secret, its otpauth:// URI and the QR code of it (a PNG
// data URL: the challenge is not a session, so the account page's QR route cannot serve it).
HttpResponse beginEnrolment(HttpRequest &request, const QByteArray &secretKey)
{
    const auto factor = SecondFactorController::signInEnrolment(request, QStringLiteral("contact"), secretKey);
    if (!factor)
        return factor.error();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QrCode::image(factor->otpauthUri, 6).save(&buffer, "PNG");
    return noStore(HttpResponse::json(200,
        QJsonObject{{QStringLiteral("secret"), factor->secret}, {QStringLiteral("otpauth_uri"), factor->otpauthUri},
            {QStringLiteral("qr"),
                QString(QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64()))}}));
}

// Always the same answer, whether or not the address has an account: nothing is revealed.
HttpResponse forgotPassword(HttpRequest &request, const LoginThrottle::Policy &throttle, const QString &publicUrl)
{
    const auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const QString slug = body->value(u"slug").toString().trimmed().toLower();
    const QString email = body->value(u"email").toString().trimmed().toLower();
    if (slug.isEmpty() || !EntitySchema::isValidEmail(email))
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("Enter your e-mail address."), QStringLiteral("invalid_field")));
    if (auto sent =
            PortalAccounts::requestPasswordReset(slug, email, request.peerAddress.toString(), throttle, publicUrl);
        !sent)
        return refusalResponse(sent.error());
    return HttpResponse::json(202,
        QJsonObject{{QStringLiteral("message"),
            QStringLiteral(
                "If this address has an account, an e-mail with a link to choose a new password is on its way.")}});
}

// "E-mail me a sign-in link": the same answer whether or not the address has an account.
HttpResponse requestSignInLink(HttpRequest &request, const LoginThrottle::Policy &throttle, const QString &publicUrl)
{
    const auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const QString slug = body->value(u"slug").toString().trimmed().toLower();
    const QString email = body->value(u"email").toString().trimmed().toLower();
    if (slug.isEmpty() || !EntitySchema::isValidEmail(email))
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("Enter your e-mail address."), QStringLiteral("invalid_field")));
    if (auto sent = PortalAccounts::requestSignInLink(slug, email, request.peerAddress.toString(), throttle, publicUrl);
        !sent)
        return refusalResponse(sent.error());
    return HttpResponse::json(202,
        QJsonObject{{QStringLiteral("message"),
            QStringLiteral("If this address has an account, an e-mail with a link to sign in is on its way. It "
                           "works once, within %1 minutes.")
                .arg(PortalAccounts::signInLinkMinutes)}});
}

HttpResponse useSignInLink(HttpRequest &request)
{
    const auto body = jsonObjectBody(request);
    const auto token = body ? tokenFrom(*body) : std::unexpected(body.error());
    if (!token)
        return apiErrorResponse(token.error());
    const auto session = PortalAccounts::useSignInLink(*token, request.peerAddress.toString());
    if (!session)
        return apiErrorResponse(session.error());
    if (!session->challenge.isEmpty())
        return challengeResponse(*session);
    return sessionResponse(request, *session);
}

HttpResponse resetPassword(HttpRequest &request)
{
    const auto body = jsonObjectBody(request);
    const auto token = body ? tokenFrom(*body) : std::unexpected(body.error());
    if (!token)
        return apiErrorResponse(token.error());
    const QString password = body->value(u"password").toString();
    if (auto weak = PortalAccounts::checkNewPassword(password); !weak)
        return apiErrorResponse(weak.error());
    if (auto r = PortalAccounts::resetPassword(*token, password); !r)
        return apiErrorResponse(r.error());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("password_changed"), true}});
}

HttpResponse me(HttpRequest &request)
{
    auto actor = PortalAuthController::authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    return contactResponse(request, actor->orgId, actor->contactId, actor->name, actor->email,
        PortalAccounts::csrfToken(sessionCookie(request)));
}

HttpResponse logout(HttpRequest &request)
{
    auto actor = PortalAuthController::authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    if (auto r = PortalAccounts::signOut(actor->orgId, sessionCookie(request)); !r)
        return apiErrorResponse(r.error());
    HttpResponse response = HttpResponse::json(200, QJsonObject{{QStringLiteral("signed_out"), true}});
    response.setHeader("Set-Cookie", cookieHeader(request, QByteArray(), 0));
    return response;
}

} // namespace

std::expected<PortalActor, ApiError> PortalAuthController::authenticate(const HttpRequest &request, bool stateChanging)
{
    PortalMarks marks;
    return authenticateWithMarks(request, stateChanging, marks);
}

std::expected<PortalActor, ApiError> PortalAuthController::authenticateWithMarks(
    const HttpRequest &request, bool stateChanging, PortalMarks &marks)
{
    const QByteArray csrf = request.header("X-CSRF-Token");
    auto actor = PortalAccounts::authenticate(sessionCookie(request), request.peerAddress.toString(),
        stateChanging ? &csrf : nullptr, QString::fromUtf8(request.header("User-Agent")), &marks);
    if (!actor)
        return std::unexpected(ApiError::fromError(actor.error()));
    return *actor;
}

namespace {

// scheme://host:port with the default port spelled out, lower case; empty when `url` has no host.
QString originOf(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (url.host().isEmpty() || (scheme != u"http" && scheme != u"https"))
        return {};
    return QStringLiteral("%1://%2:%3").arg(scheme, url.host().toLower()).arg(url.port(scheme == u"https" ? 443 : 80));
}

} // namespace

std::expected<void, ApiError> PortalAuthController::checkWriteRequest(
    const HttpRequest &request, const QString &publicUrl)
{
    const bool rawBytes = request.method == "PUT";
    const QByteArray wanted =
        rawBytes ? QByteArrayLiteral("application/octet-stream") : QByteArrayLiteral("application/json");
    const QByteArray type = request.header("Content-Type").split(';').first().trimmed().toLower();
    if (type != wanted)
        return std::unexpected(ApiError{415, QStringLiteral("unsupported_media_type"),
            QStringLiteral("Send this request with Content-Type: %1.").arg(QString::fromLatin1(wanted))});

    QByteArray source = request.header("Origin");
    if (source.isEmpty())
        source = request.header("Referer");
    if (source.isEmpty())
        return {};
    const QString from = originOf(QUrl(QString::fromLatin1(source), QUrl::StrictMode));
    const ApiError crossOrigin{
        403, QStringLiteral("cross_origin"), QStringLiteral("This request did not come from this portal's own pages.")};
    if (from.isEmpty())
        return std::unexpected(crossOrigin);
    QStringList own;
    const QString host = QString::fromLatin1(request.header("Host")).trimmed();
    if (!host.isEmpty()) {
        own.append(originOf(QUrl(QStringLiteral("https://") + host)));
        if (!request.secure)
            own.append(originOf(QUrl(QStringLiteral("http://") + host)));
    }
    own.append(originOf(QUrl(publicUrl)));
    if (!own.contains(from))
        return std::unexpected(crossOrigin);
    return {};
}

Route PortalAuthController::guarded(Route route, std::shared_ptr<const QString> publicUrl)
{
    const bool stateChanging = route.method != "GET" && route.method != "HEAD";
    if (!stateChanging || !route.pattern.startsWith(QStringLiteral("/api/v1/portal/")))
        return route;
    route.handler = [handler = std::move(route.handler), publicUrl](HttpRequest &request) {
        if (auto ok = checkWriteRequest(request, *publicUrl); !ok)
            return apiErrorResponse(ok.error());
        return handler(request);
    };
    return route;
}

void PortalAuthController::registerRoutes(Router &router, const ApiOptions &options)
{
    router.add("POST", QStringLiteral("/api/v1/portal/invites/check"), 4096, checkInvite);
    router.add("POST", QStringLiteral("/api/v1/portal/invites/accept"), 8192, acceptInvite);
    router.add(
        "POST", QStringLiteral("/api/v1/portal/login"), 4096, [throttle = options.throttle](HttpRequest &request) {
            return login(request, throttle);
        });
    router.add("POST", QStringLiteral("/api/v1/portal/login/second-factor"), 4096,
        [throttle = options.throttle, key = options.secretKey](HttpRequest &request) {
            return secondStep(request, throttle, key, false);
        });
    router.add(
        "POST", QStringLiteral("/api/v1/portal/login/enrol"), 4096, [key = options.secretKey](HttpRequest &request) {
            return beginEnrolment(request, key);
        });
    router.add("POST", QStringLiteral("/api/v1/portal/login/enrol/confirm"), 4096,
        [throttle = options.throttle, key = options.secretKey](HttpRequest &request) {
            return secondStep(request, throttle, key, true);
        });
    router.add("POST", QStringLiteral("/api/v1/portal/password/forgot"), 4096,
        [throttle = options.throttle, publicUrl = options.publicUrl](HttpRequest &request) {
            return forgotPassword(request, throttle, *publicUrl);
        });
    router.add("POST", QStringLiteral("/api/v1/portal/password/reset"), 4096, resetPassword);
    router.add("POST", QStringLiteral("/api/v1/portal/login/link"), 4096,
        [throttle = options.throttle, publicUrl = options.publicUrl](HttpRequest &request) {
            return requestSignInLink(request, throttle, *publicUrl);
        });
    router.add("POST", QStringLiteral("/api/v1/portal/login/link/use"), 4096, useSignInLink);
    router.add("GET", QStringLiteral("/api/v1/portal/me"), 0, me);
    router.add("POST", QStringLiteral("/api/v1/portal/logout"), 1024, logout);
}
