// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <expected>
#include <optional>

#include "common/error.h"
#include "common/portalpermissions.h"
#include "server/domain/loginthrottle.h"
#include "server/domain/portalmarks.h"

// Client accounts and sessions for the web portal: invitations, sign-up, sign-in, password reset
// and the sessions behind the portal's cookie. Errors carry the codes the portal shows:
// invite_revoked, invite_used, invite_expired, invite_wrong_address and reset_invalid (the link
// no longer works), account_exists and no_email (nothing to sign up), invalid_credentials,
// too_many_attempts, unauthorized ("Please sign in.") and forbidden (no valid CSRF token).
namespace PortalAccounts {

constexpr int sessionDays = 14;
constexpr int resetMinutes = 60;
// How long an e-mailed sign-in link works (once).
constexpr int signInLinkMinutes = 15;
constexpr int minPasswordLength = 10;

// The organisation a portal belongs to, as its pages name it.
struct OrganisationSummary
{
    QString name;
    QString slug;
};

// A new session (shown to the browser once, as a cookie) and the contact it is for.
struct Session
{
    QByteArray token;
    QString csrf;
    QString orgId;
    QString contactId;
    QString name;
    QString email;
    // With two-factor sign-in on, the password gives no session (token empty) but this challenge,
    // answered with completeSignIn(); with purpose "enrol" (required by the organisation, grace
    // period over) the sign-in continues only by enrolling: AccountSecurity::beginSignInEnrolment(), then
    // completeSignIn() with `enrolling` and the first code.
    QByteArray challenge;
    QString challengePurpose;
    // The recovery codes of an enrolment that completed the sign-in (shown once).
    QStringList recoveryCodes;
};

// What the invitation page shows before sign-up.
struct Invitation
{
    QString orgName;
    QString contactName;
    QString contactEmail;
    QString expiresAt;
};

// "weak_password" unless the password is long enough (and not absurdly long).
std::expected<void, Error> checkNewPassword(const QString &password);

std::expected<Invitation, Error> checkInvite(const QString &token);
// Accepts the invitation: the contact's account (name and password), its first session, one
// transaction under the organisation's lock (of parallel accepts of one token, one wins).
std::expected<Session, Error> acceptInvite(
    const QString &token, const QString &name, const QString &password, const QString &peer);

// Signs in to the portal `slug` (trimmed, lower case); throttled per (portal, address, e-mail).
std::expected<Session, LoginThrottle::Refusal> signIn(const QString &slug, const QString &email,
    const QString &password, const QString &peer, const LoginThrottle::Policy &throttle);

// The second step of a sign-in with two-factor sign-in on (as StaffSessions::completeSignIn): a
// code of the app or a recovery code for the challenge; throttled with the password step.
std::expected<Session, LoginThrottle::Refusal> completeSignIn(const QByteArray &challenge, const QString &code,
    const QString &recoveryCode, const QString &peer, const QByteArray &secretKey,
    const LoginThrottle::Policy &throttle, bool enrolling = false);

// Until when the organisation lets the contact sign in without a second factor: empty unless it
// requires one and the contact has none (the portal asks them to enrol).
QString secondFactorRequiredBy(const QString &orgId, const QString &contactId);

// Sends a reset link when the address has an account (the link starts with `publicUrl`); does
// the same work and answers alike when it has none. Throttled like sign-in.
std::expected<void, LoginThrottle::Refusal> requestPasswordReset(const QString &slug, const QString &email,
    const QString &peer, const LoginThrottle::Policy &throttle, const QString &publicUrl);
// Mails a sign-in link (valid signInLinkMinutes, once) when the address has an account; the same
// work and answer when it has none. Throttled like sign-in.
std::expected<void, LoginThrottle::Refusal> requestSignInLink(const QString &slug, const QString &email,
    const QString &peer, const LoginThrottle::Policy &throttle, const QString &publicUrl);
// Signs in with a sign-in link's token: a session, or (two-factor sign-in on) a challenge for the
// code. "link_invalid" when the token is unknown, used, expired or not a sign-in link.
std::expected<Session, Error> useSignInLink(const QString &token, const QString &peer);
// Sets a new password with a reset link's token and ends every session of the account.
std::expected<void, Error> resetPassword(const QString &token, const QString &password);

// The contact behind a session cookie (with its client), active by PortalPermissions::actorActive();
// with `csrfSent`, the request must carry the session's CSRF token. The session and its actor are
// remembered between requests while the organisation's facts count (PortalMarks) stands, which
// every instance reads on every request: a revoked session, contact or client is refused on the
// next request, wherever it was revoked. `marksRead` gets the organisation's marks, read before
// anything the request reads after this.
std::expected<PortalActor, Error> authenticate(const QByteArray &sessionToken, const QString &peer,
    const QByteArray *csrfSent, const QString &device = {}, PortalMarks *marksRead = nullptr);
// The session's CSRF token (empty when there is none).
QString csrfToken(const QByteArray &sessionToken);
std::expected<void, Error> signOut(const QString &orgId, const QByteArray &sessionToken);

std::expected<OrganisationSummary, Error> organisation(const QString &orgId);

// The contact `contactId` of `orgId` with what the permission function needs; nullopt when it
// does not exist. `db` may be inside a transaction.
std::expected<std::optional<PortalActor>, Error> loadActor(
    const QSqlDatabase &db, const QString &orgId, const QString &contactId, const QString &address);

} // namespace PortalAccounts
