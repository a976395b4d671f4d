// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <expected>

#include "common/error.h"
#include "server/domain/loginthrottle.h"
#include "server/domain/syncstore.h"

// Staff sign-in and the desktop's bearer tokens. Passwords are Argon2id; tokens are 32 random bytes
// handed out once and stored as SHA-256; failed sign-ins are throttled per (e-mail, address), so
// nobody can lock another person out for good.
namespace StaffSessions {

// A new session: the token (shown once) and who it belongs to.
struct SignIn
{
    // With two-factor sign-in on, the password step gives no token but a challenge, to be answered
    // with a code (completeSignIn()); with purpose "enrol", the organisation requires two-factor
    // sign-in, the grace period is over, and the sign-in completes only by enrolling
    // (AccountSecurity::beginSignInEnrolment(), then completeSignIn() with the first code).
    QByteArray challenge;
    QString challengePurpose;
    // Until when the organisation lets this user sign in without a second factor (empty unless it
    // requires one and they have none): the desktop asks them to enrol.
    QString enrolBy;
    // The recovery codes of an enrolment that completed the sign-in (shown once).
    QStringList recoveryCodes;
    QByteArray token;
    QString expiresAt;
    QString userId;
    QString orgId;
    QString email;
    QString name;
    QString role;
    QString orgName;
    QString orgSlug;
};

// Why a sign-in did not happen: "invalid_credentials" (the same for an unknown address and a wrong
// password), "too_many_attempts" with the seconds to wait, or a failure of the server.
using Refusal = LoginThrottle::Refusal;

struct SignInRequest
{
    QString email; // as typed; compared trimmed and in lower case
    QString password;
    QString peer; // the client's address, for the throttle and the log
    QString clientName; // the User-Agent, to tell sessions apart
};

std::expected<SignIn, Refusal> signIn(
    const SignInRequest &request, const LoginThrottle::Policy &throttle, int tokenTtlSeconds);

// The second step of a sign-in with two-factor sign-in on: the challenge from signIn() and a code
// of the authenticator app, or one of the recovery codes. Throttled with the password step (the
// same key: a wrong code counts like a wrong password); "invalid_code" for a wrong code, whatever
// the password was, "challenge_expired" for an unknown, used or expired challenge.
// With `enrolling`, the challenge is one that may only enrol, and the code is the first of the
// new factor (gives the recovery codes).
struct SecondStep
{
    QByteArray challenge;
    QString code;
    QString recoveryCode;
    QString peer;
    bool enrolling = false;
};
std::expected<SignIn, Refusal> completeSignIn(
    const SecondStep &step, const QByteArray &secretKey, const LoginThrottle::Policy &throttle, int tokenTtlSeconds);

// The staff member a token belongs to, with their role, e-mail and name: "unauthorized" unless
// it is well formed, known, neither revoked nor expired, and its user not deleted. Notes the
// token's use now and then.
std::expected<Actor, Error> authenticate(const QByteArray &token, const QString &peer);

// Ends the token's session.
std::expected<void, Error> signOut(const QByteArray &token);

// A signed-in desktop (or other API client) of the staff member.
struct SessionInfo
{
    QString id;
    QString device; // the client's name (its User-Agent)
    QString address; // where it was last used from
    QString createdAt;
    QString lastSeenAt;
    bool current = false;
};
// The user's open sessions: the current one first, then the most recently seen.
std::expected<QList<SessionInfo>, Error> sessions(const Actor &actor, const QByteArray &currentToken);
// Ends one of the user's own other sessions: "not_found" for anyone else's, an ended one or the
// current one (that is signing out).
std::expected<void, Error> endSession(const Actor &actor, const QByteArray &currentToken, const QString &id);
// Ends every other session of the user; how many.
std::expected<int, Error> endOtherSessions(const Actor &actor, const QByteArray &currentToken);

} // namespace StaffSessions
