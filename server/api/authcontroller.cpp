// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/authcontroller.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

#include "common/timeutil.h"
#include "server/domain/logging.h"
#include "server/domain/loginthrottle.h"
#include "server/domain/passwords.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"
#include "server/storage/database.h"

namespace {

constexpr qint64 loginBodyLimit = 16 * 1024;
const QByteArray tokenPrefix = "atr_";

const QString wrongCredentials = QStringLiteral("The e-mail address or password is not correct.");

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
    const QString email = emailValue.toString().trimmed().toLower();
    const QString password = passwordValue.toString();
    if (email.size() > 254 || password.size() > 1024)
        return apiErrorResponse(401, QStringLiteral("invalid_credentials"), wrongCredentials);

    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    const QString key = LoginThrottle::key(email, request.peerAddress.toString());
    // Counted before the password is checked (and cleared when it was right), so parallel guesses
    // cannot all pass the throttle before the first of them is counted.
    auto wait = LoginThrottle::admit(*db, key, options.throttle);
    if (!wait)
        return apiErrorResponse(ApiError::fromError(wait.error()));
    if (*wait > 0)
        return tooManyAttemptsResponse(*wait);

    QString userId, orgId, name, role, orgName, orgSlug, storedHash;
    bool found = false;
    {
        // Read whole and finished before anything is written: an open SELECT holds SQLite's read
        // snapshot, and a write from a stale snapshot fails at once ("database is locked").
        auto q = Database::exec(*db,
            QStringLiteral("SELECT u.id, u.org_id, u.name, u.role, u.password_hash, o.name, o.portal_slug "
                           "FROM staff_users u JOIN organisations o ON o.id = u.org_id "
                           "WHERE u.email = ? AND u.deleted = 0 AND o.deleted = 0"),
            {email});
        if (!q)
            return apiErrorResponse(ApiError::fromError(q.error()));
        found = q->next();
        if (found) {
            userId = q->value(0).toString();
            orgId = q->value(1).toString();
            name = q->value(2).toString();
            role = q->value(3).toString();
            storedHash = q->value(4).toString();
            orgName = q->value(5).toString();
            orgSlug = q->value(6).toString();
        }
    }
    // An unknown address costs the same work and gets the same answer as a wrong password.
    const bool ok = found ? Passwords::verify(storedHash, password) : (Passwords::verifyDummy(password), false);
    if (!ok) {
        qCInfo(lcAuth) << "failed staff sign-in from" << request.peerAddress.toString();
        return apiErrorResponse(401, QStringLiteral("invalid_credentials"), wrongCredentials);
    }

    if (Passwords::needsRehash(storedHash)) {
        if (const auto rehashed = Passwords::hash(password)) {
            if (auto r = Database::exec(
                    *db, QStringLiteral("UPDATE staff_users SET password_hash = ? WHERE id = ?"), {*rehashed, userId});
                !r)
                qCWarning(lcAuth) << "could not store the rehashed password";
        }
    }

    const QByteArray token = Passwords::randomToken(tokenPrefix, 32);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString expires = TimeUtil::toWire(now.addSecs(options.staffTokenTtlSeconds));
    if (auto r = Database::exec(*db,
            QStringLiteral(
                "INSERT INTO staff_tokens (token_hash, user_id, org_id, created_at, expires_at, last_used_at, "
                "client_name) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            {Passwords::tokenHash(token), userId, orgId, TimeUtil::toWire(now), expires, TimeUtil::toWire(now),
                QString::fromUtf8(request.header("User-Agent").left(200))});
        !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    if (auto r = LoginThrottle::clear(*db, key); !r)
        qCWarning(lcAuth) << "could not clear the sign-in throttle";

    return HttpResponse::json(200,
        QJsonObject{
            {QStringLiteral("token"), QString::fromLatin1(token)},
            {QStringLiteral("expires_at"), expires},
            {QStringLiteral("user"),
                QJsonObject{{QStringLiteral("id"), userId}, {QStringLiteral("org_id"), orgId},
                    {QStringLiteral("email"), email}, {QStringLiteral("name"), name}, {QStringLiteral("role"), role}}},
            {QStringLiteral("organisation"),
                QJsonObject{{QStringLiteral("id"), orgId}, {QStringLiteral("name"), orgName},
                    {QStringLiteral("portal_slug"), orgSlug}}},
        });
}

QByteArray bearerToken(const HttpRequest &request)
{
    const QByteArray header = request.header("Authorization").trimmed();
    if (header.size() < 8 || header.left(7).toLower() != "bearer ")
        return {};
    return header.mid(7).trimmed();
}

HttpResponse logout(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    if (auto r = Database::exec(*db, QStringLiteral("UPDATE staff_tokens SET revoked_at = ? WHERE token_hash = ?"),
            {TimeUtil::nowWire(), Passwords::tokenHash(bearerToken(request))});
        !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("revoked"), true}});
}

HttpResponse me(HttpRequest &request)
{
    auto actor = AuthController::authenticate(request);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    auto q =
        Database::exec(*db, QStringLiteral("SELECT email, name, role FROM staff_users WHERE id = ?"), {actor->userId});
    if (!q)
        return apiErrorResponse(ApiError::fromError(q.error()));
    if (!q->next())
        return apiErrorResponse(ApiError::unauthorized());
    return HttpResponse::json(200,
        QJsonObject{{QStringLiteral("user"),
            QJsonObject{{QStringLiteral("id"), actor->userId}, {QStringLiteral("org_id"), actor->orgId},
                {QStringLiteral("email"), q->value(0).toString()}, {QStringLiteral("name"), q->value(1).toString()},
                {QStringLiteral("role"), q->value(2).toString()}}}});
}

} // namespace

std::expected<Actor, ApiError> AuthController::authenticate(const HttpRequest &request)
{
    const QByteArray token = bearerToken(request);
    if (token.isEmpty() || !token.startsWith(tokenPrefix) || token.size() > 200)
        return std::unexpected(ApiError::unauthorized());
    auto db = Database::connection();
    if (!db)
        return std::unexpected(ApiError::fromError(db.error()));
    const QString now = TimeUtil::nowWire();
    auto q = Database::exec(*db,
        QStringLiteral("SELECT t.user_id, t.org_id, u.role, t.last_used_at FROM staff_tokens t "
                       "JOIN staff_users u ON u.id = t.user_id "
                       "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND u.deleted = 0"),
        {Passwords::tokenHash(token), now});
    if (!q)
        return std::unexpected(ApiError::fromError(q.error()));
    if (!q->next())
        return std::unexpected(ApiError::unauthorized());
    Actor actor;
    actor.userId = q->value(0).toString();
    actor.orgId = q->value(1).toString();
    actor.role = q->value(2).toString();
    actor.address = request.peerAddress.toString();
    const QVariant lastUsedValue = q->value(3);
    q->finish(); // release the read snapshot before writing (see login())
    // Remember roughly when a token was last used (for a "signed-in devices" list), without a write per request.
    const auto lastUsed = TimeUtil::fromWire(lastUsedValue.toString());
    if (!lastUsed || lastUsed->secsTo(QDateTime::currentDateTimeUtc()) > 300) {
        if (auto r =
                Database::exec(*db, QStringLiteral("UPDATE staff_tokens SET last_used_at = ? WHERE token_hash = ?"),
                    {now, Passwords::tokenHash(token)});
            !r)
            qCWarning(lcAuth) << "could not record token use";
    }
    return actor;
}

void AuthController::registerRoutes(Router &router, const ApiOptions &options)
{
    router.add("POST", QStringLiteral("/api/v1/auth/login"), loginBodyLimit, [options](HttpRequest &request) {
        return login(request, options);
    });
    router.add("POST", QStringLiteral("/api/v1/auth/logout"), 1024, logout);
    router.add("GET", QStringLiteral("/api/v1/auth/me"), 0, me);
}
