// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/staffsessions.h"

#include <QDateTime>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "server/domain/logging.h"
#include "server/domain/passwords.h"
#include "server/domain/secondfactor.h"
#include "server/domain/securitylog.h"
#include "server/domain/syncstore.h"
#include "server/mail/mailer.h"
#include "server/mail/portalmail.h"
#include "server/storage/database.h"

namespace {

const QByteArray tokenPrefix = "atr_";

StaffSessions::Refusal refusal(const Error &error)
{
    return {error, 0};
}

StaffSessions::Refusal wrongCredentials()
{
    return refusal(
        Error{QStringLiteral("invalid_credentials"), QStringLiteral("The e-mail address or password is not correct.")});
}

// A new token for the user, with what the client shows about the session.
std::expected<void, Error> issueToken(QSqlDatabase &db, StaffSessions::SignIn &result, const QString &clientName,
    const QString &address, int tokenTtlSeconds)
{
    result.token = Passwords::randomToken(tokenPrefix, 32);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    result.expiresAt = TimeUtil::toWire(now.addSecs(tokenTtlSeconds));
    if (auto r = Database::exec(db,
            QStringLiteral(
                "INSERT INTO staff_tokens (token_hash, user_id, org_id, created_at, expires_at, last_used_at, "
                "client_name, id, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {Passwords::tokenHash(result.token), result.userId, result.orgId, TimeUtil::toWire(now), result.expiresAt,
                TimeUtil::toWire(now), clientName.left(200), EntitySchema::newUuid(), address});
        !r)
        return std::unexpected(r.error());
    return {};
}

// A locked (e-mail, address) pair, once per lockout and only for an address someone has.
void noteLockout(QSqlDatabase &db, const QString &email, const QString &peer)
{
    QString userId, orgId, name;
    {
        auto q = Database::exec(
            db, QStringLiteral("SELECT id, org_id, name FROM staff_users WHERE email = ? AND deleted = 0"), {email});
        if (!q || !q->next())
            return;
        userId = q->value(0).toString();
        orgId = q->value(1).toString();
        name = q->value(2).toString();
    }
    SecurityLog::noteLockout(db,
        {orgId, QStringLiteral("locked_out"), QStringLiteral("staff"), userId, name, email, {}, peer,
            QStringLiteral("too many failed sign-ins")});
}

} // namespace

std::expected<StaffSessions::SignIn, StaffSessions::Refusal> StaffSessions::signIn(
    const SignInRequest &request, const LoginThrottle::Policy &throttle, int tokenTtlSeconds)
{
    const QString email = request.email.trimmed().toLower();
    if (email.size() > 254 || request.password.size() > 1024)
        return std::unexpected(wrongCredentials());

    auto db = Database::connection();
    if (!db)
        return std::unexpected(refusal(db.error()));
    const QString key = LoginThrottle::key(email, request.peer);
    // Counted before the password is checked (and cleared when it was right), so parallel guesses
    // cannot all pass the throttle before the first of them is counted.
    auto wait = LoginThrottle::admit(*db, key, throttle);
    if (!wait)
        return std::unexpected(refusal(wait.error()));
    if (*wait > 0) {
        noteLockout(*db, email, request.peer);
        return std::unexpected(Refusal{Error{QStringLiteral("too_many_attempts"), QString()}, *wait});
    }

    SignIn result;
    QString storedHash;
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
            return std::unexpected(refusal(q.error()));
        found = q->next();
        if (found) {
            result.userId = q->value(0).toString();
            result.orgId = q->value(1).toString();
            result.name = q->value(2).toString();
            result.role = q->value(3).toString();
            storedHash = q->value(4).toString();
            result.orgName = q->value(5).toString();
            result.orgSlug = q->value(6).toString();
        }
    }
    // An unknown address costs the same work and gets the same answer as a wrong password.
    const bool ok =
        found ? Passwords::verify(storedHash, request.password) : (Passwords::verifyDummy(request.password), false);
    if (!ok) {
        qCInfo(lcAuth).noquote() << "failed staff sign-in from" << request.peer;
        if (found)
            SecurityLog::note(*db,
                {result.orgId, QStringLiteral("sign_in_failed"), QStringLiteral("staff"), result.userId, result.name,
                    email, {}, request.peer, QStringLiteral("wrong password")});
        return std::unexpected(wrongCredentials());
    }

    if (Passwords::needsRehash(storedHash)) {
        if (const auto rehashed = Passwords::hash(request.password)) {
            if (auto r = Database::exec(*db, QStringLiteral("UPDATE staff_users SET password_hash = ? WHERE id = ?"),
                    {*rehashed, result.userId});
                !r)
                qCWarning(lcAuth).noquote() << "could not store the rehashed password";
        }
    }

    result.email = email;
    // With two-factor sign-in on, the right password earns a challenge, not a session; the throttle
    // keeps this attempt counted until the code is right too.
    const SecondFactor::Subject subject{QStringLiteral("staff"), result.userId, result.orgId};
    const auto gate = SecondFactor::gate(*db, {subject, email, request.clientName}, request.peer);
    if (!gate)
        return std::unexpected(refusal(gate.error()));
    result.enrolBy = gate->enrolBy;
    if (!gate->challenge.isEmpty()) {
        result.challenge = gate->challenge;
        result.challengePurpose = gate->purpose;
        return result;
    }
    if (auto r = issueToken(*db, result, request.clientName, request.peer, tokenTtlSeconds); !r)
        return std::unexpected(refusal(r.error()));
    SecurityLog::note(*db,
        {result.orgId, QStringLiteral("sign_in"), QStringLiteral("staff"), result.userId, result.name, email, {},
            request.peer, request.clientName});
    if (auto r = LoginThrottle::clear(*db, key); !r)
        qCWarning(lcAuth).noquote() << "could not clear the sign-in throttle";
    return result;
}

std::expected<Actor, Error> StaffSessions::authenticate(const QByteArray &token, const QString &peer)
{
    const Error unauthorized{QStringLiteral("unauthorized"), QString()};
    if (token.isEmpty() || !token.startsWith(tokenPrefix) || token.size() > 200)
        return std::unexpected(unauthorized);
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    const QString now = TimeUtil::nowWire();
    auto q = Database::exec(*db,
        QStringLiteral("SELECT t.user_id, t.org_id, u.role, t.last_used_at, COALESCE(t.address, ''), u.email, u.name "
                       "FROM staff_tokens t "
                       "JOIN staff_users u ON u.id = t.user_id "
                       "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND u.deleted = 0"),
        {Passwords::tokenHash(token), now});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::unexpected(unauthorized);
    Actor actor;
    actor.userId = q->value(0).toString();
    actor.orgId = q->value(1).toString();
    actor.role = q->value(2).toString();
    actor.email = q->value(5).toString();
    actor.name = q->value(6).toString();
    actor.address = peer;
    const QVariant lastUsedValue = q->value(3);
    const QString lastAddress = q->value(4).toString();
    q->finish(); // release the read snapshot before writing (see signIn())
    // Remember roughly when and from where a token was last used (for the "signed-in devices" list),
    // without a write per request.
    const auto lastUsed = TimeUtil::fromWire(lastUsedValue.toString());
    if (!lastUsed || lastUsed->secsTo(QDateTime::currentDateTimeUtc()) > 300 || lastAddress != peer) {
        if (auto r = Database::exec(*db,
                QStringLiteral("UPDATE staff_tokens SET last_used_at = ?, address = ? WHERE token_hash = ?"),
                {now, peer, Passwords::tokenHash(token)});
            !r)
            qCWarning(lcAuth).noquote() << "could not record token use";
    }
    return actor;
}

std::expected<void, Error> StaffSessions::signOut(const QByteArray &token)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    if (auto r = Database::exec(*db, QStringLiteral("UPDATE staff_tokens SET revoked_at = ? WHERE token_hash = ?"),
            {TimeUtil::nowWire(), Passwords::tokenHash(token)});
        !r)
        return std::unexpected(r.error());
    return {};
}

std::expected<StaffSessions::SignIn, StaffSessions::Refusal> StaffSessions::completeSignIn(
    const SecondStep &step, const QByteArray &secretKey, const LoginThrottle::Policy &throttle, int tokenTtlSeconds)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(refusal(db.error()));
    auto challenge = SecondFactor::takeChallenge(*db, step.challenge, QStringLiteral("staff"), step.peer,
        step.enrolling ? QStringLiteral("enrol") : QStringLiteral("code"));
    if (!challenge)
        return std::unexpected(refusal(challenge.error()));
    // The password step's key: a wrong code counts like a wrong password, across instances.
    const QString key = LoginThrottle::key(challenge->email, step.peer);
    auto wait = LoginThrottle::admit(*db, key, throttle);
    if (!wait)
        return std::unexpected(refusal(wait.error()));
    if (*wait > 0) {
        noteLockout(*db, challenge->email, step.peer);
        return std::unexpected(Refusal{Error{QStringLiteral("too_many_attempts"), QString()}, *wait});
    }
    const bool recovery = !step.enrolling && !step.recoveryCode.isEmpty();
    QStringList recoveryCodes;
    std::expected<void, Error> checked;
    if (step.enrolling) {
        auto codes = SecondFactor::confirmEnrolment(*db, challenge->subject, secretKey, step.code);
        if (codes)
            recoveryCodes = *codes;
        else
            checked = std::unexpected(codes.error());
    } else {
        checked = recovery ? SecondFactor::useRecoveryCode(*db, challenge->subject, step.recoveryCode)
                           : SecondFactor::verifyCode(*db, challenge->subject, secretKey, step.code);
    }
    if (!checked) {
        qCInfo(lcAuth).noquote() << "wrong second-factor code in a staff sign-in from" << step.peer;
        if (checked.error().code == u"invalid_code")
            SecurityLog::noteFor(*db,
                {challenge->subject.orgId, QStringLiteral("sign_in_failed"), QStringLiteral("staff"),
                    challenge->subject.id, {}, {}, {}, step.peer,
                    recovery ? QStringLiteral("wrong recovery code") : QStringLiteral("wrong code")});
        return std::unexpected(refusal(checked.error()));
    }
    SignIn result;
    result.recoveryCodes = recoveryCodes;
    {
        auto q = Database::exec(*db,
            QStringLiteral("SELECT u.id, u.org_id, u.name, u.role, u.email, o.name, o.portal_slug "
                           "FROM staff_users u JOIN organisations o ON o.id = u.org_id "
                           "WHERE u.id = ? AND u.deleted = 0 AND o.deleted = 0"),
            {challenge->subject.id});
        if (!q)
            return std::unexpected(refusal(q.error()));
        if (!q->next())
            return std::unexpected(refusal(Error{QStringLiteral("challenge_expired"),
                QStringLiteral("This sign-in has expired. Enter your e-mail address and password again.")}));
        result.userId = q->value(0).toString();
        result.orgId = q->value(1).toString();
        result.name = q->value(2).toString();
        result.role = q->value(3).toString();
        result.email = q->value(4).toString();
        result.orgName = q->value(5).toString();
        result.orgSlug = q->value(6).toString();
    }
    WriteTransaction tx(*db, result.orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(refusal(r.error()));
    if (auto r = issueToken(*db, result, challenge->clientName, step.peer, tokenTtlSeconds); !r)
        return std::unexpected(refusal(r.error()));
    if (auto r = SecondFactor::finishChallenge(*db, step.challenge); !r)
        return std::unexpected(refusal(r.error()));
    if (step.enrolling)
        SecurityLog::note(tx,
            {result.orgId, QStringLiteral("second_factor_enrolled"), QStringLiteral("staff"), result.userId,
                result.name, result.email, {}, step.peer, QStringLiteral("at sign-in, as the organisation requires")});
    SecurityLog::note(tx,
        {result.orgId, recovery ? QStringLiteral("recovery_code_used") : QStringLiteral("sign_in"),
            QStringLiteral("staff"), result.userId, result.name, result.email, {}, step.peer, challenge->clientName});
    if (recovery || step.enrolling) {
        // Told at once: a recovery code used by someone else means the password is known too, and
        // enrolling at sign-in takes only the password, so someone holding it could enrol their app.
        auto organisation = SyncStore::loadRow(tx, *EntitySchema::find(u"organisation"), result.orgId, result.orgId);
        if (!organisation)
            return std::unexpected(refusal(organisation.error()));
        const auto notice = recovery
            ? PortalMail::securityNotice(*organisation, result.name, result.email,
                QStringLiteral("A recovery code was used to sign in to Atrium"),
                QStringLiteral("Someone signed in to your Atrium account from %1 with one of your recovery "
                               "codes, which now no longer works.")
                    .arg(step.peer))
            : PortalMail::securityNotice(*organisation, result.name, result.email,
                QStringLiteral("Two-factor sign-in was set up for your Atrium account"),
                QStringLiteral("Two-factor sign-in was set up for your Atrium account from %1 as you signed "
                               "in. If that was not you, your password is known to someone else: ask your "
                               "administrator to reset your two-factor sign-in and change your password.")
                    .arg(step.peer));
        if (auto r = Mailer::enqueue(tx, result.orgId, notice); !r)
            return std::unexpected(refusal(r.error()));
    }
    if (auto r = tx.commit(); !r)
        return std::unexpected(refusal(r.error()));
    if (auto r = LoginThrottle::clear(*db, key); !r)
        qCWarning(lcAuth).noquote() << "could not clear the sign-in throttle";
    return result;
}

std::expected<QList<StaffSessions::SessionInfo>, Error> StaffSessions::sessions(
    const Actor &actor, const QByteArray &currentToken)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    // Sessions from before ids existed are named by the start of their token's hash.
    auto q = Database::exec(*db,
        QStringLiteral("SELECT COALESCE(id, substr(token_hash, 1, 32)), COALESCE(client_name, ''), "
                       "COALESCE(address, ''), created_at, COALESCE(last_used_at, created_at), token_hash = ? "
                       "FROM staff_tokens WHERE user_id = ? AND org_id = ? AND revoked_at IS NULL AND expires_at > ? "
                       "ORDER BY COALESCE(last_used_at, created_at) DESC"),
        {Passwords::tokenHash(currentToken), actor.userId, actor.orgId, TimeUtil::nowWire()});
    if (!q)
        return std::unexpected(q.error());
    QList<SessionInfo> out;
    while (q->next()) {
        SessionInfo s{q->value(0).toString(), q->value(1).toString(), q->value(2).toString(), q->value(3).toString(),
            q->value(4).toString(), q->value(5).toBool()};
        if (s.current)
            out.prepend(s);
        else
            out.append(s);
    }
    return out;
}

std::expected<void, Error> StaffSessions::endSession(
    const Actor &actor, const QByteArray &currentToken, const QString &id)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto r = Database::exec(*db,
        QStringLiteral("UPDATE staff_tokens SET revoked_at = ? WHERE COALESCE(id, substr(token_hash, 1, 32)) = ? "
                       "AND user_id = ? AND org_id = ? AND revoked_at IS NULL AND token_hash <> ?"),
        {TimeUtil::nowWire(), id, actor.userId, actor.orgId, Passwords::tokenHash(currentToken)});
    if (!r)
        return std::unexpected(r.error());
    if (r->numRowsAffected() != 1)
        return std::unexpected(Error{QStringLiteral("not_found"), QString()});
    return {};
}

std::expected<int, Error> StaffSessions::endOtherSessions(const Actor &actor, const QByteArray &currentToken)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto r = Database::exec(*db,
        QStringLiteral("UPDATE staff_tokens SET revoked_at = ? WHERE user_id = ? AND org_id = ? "
                       "AND revoked_at IS NULL AND token_hash <> ?"),
        {TimeUtil::nowWire(), actor.userId, actor.orgId, Passwords::tokenHash(currentToken)});
    if (!r)
        return std::unexpected(r.error());
    return r->numRowsAffected();
}
