// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/portalauth.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonObject>
#include <QUrl>

#include "common/entityschema.h"
#include "common/portalpermissions.h"
#include "common/timeutil.h"
#include "server/domain/loginthrottle.h"
#include "server/domain/passwords.h"
#include "server/domain/syncstore.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/http/router.h"
#include "server/mail/mailer.h"
#include "server/mail/portalmail.h"
#include "server/storage/database.h"

namespace {

constexpr int sessionDays = 14;
constexpr int resetMinutes = 60;
const QByteArray cookieName = "atrium_portal";

ApiError inviteGone(const QString &code, const QString &message)
{
    return ApiError{410, code, message};
}

QByteArray sessionCookie(const HttpRequest &request)
{
    // "a=1; atrium_portal=TOKEN; b=2"
    for (const QByteArray &part : request.header("Cookie").split(';')) {
        const QByteArray trimmed = part.trimmed();
        if (trimmed.startsWith(QByteArray(cookieName + '=')))
            return trimmed.mid(cookieName.size() + 1);
    }
    return {};
}

QByteArray cookieHeader(const HttpRequest &request, const QByteArray &value, int maxAgeSeconds)
{
    QByteArray cookie =
        cookieName + '=' + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + QByteArray::number(maxAgeSeconds);
    if (request.secure)
        cookie += "; Secure";
    return cookie;
}

struct InviteRow
{
    QString id;
    QString orgId;
    QString contactId;
    QString kind;
    QString sentTo;
    QString expiresAt;
    QString acceptedAt;
    QString revokedAt;
    bool deleted = false;
};

std::expected<std::optional<InviteRow>, Error> findInvite(const QSqlDatabase &db, const QString &token)
{
    auto q = Database::exec(db,
        QStringLiteral("SELECT id, org_id, contact_id, kind, sent_to, expires_at, accepted_at, revoked_at, deleted "
                       "FROM invites WHERE token_hash = ?"),
        {Passwords::tokenHash(token.toLatin1())});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<InviteRow>();
    return std::optional<InviteRow>(InviteRow{q->value(0).toString(), q->value(1).toString(), q->value(2).toString(),
        q->value(3).toString(), q->value(4).toString(), q->value(5).toString(), q->value(6).toString(),
        q->value(7).toString(), q->value(8).toLongLong() != 0});
}

QString orgName(const QSqlDatabase &db, const QString &orgId)
{
    auto q = Database::exec(db, QStringLiteral("SELECT name FROM organisations WHERE id = ?"), {orgId});
    return q && q->next() ? q->value(0).toString() : QString();
}

// Why an invite cannot be used (with whom to ask), or an empty code when it can.
ApiError inviteProblem(const InviteRow &invite, const QString &org)
{
    const QString ask = QStringLiteral(" Ask %1 for a new invitation.").arg(org);
    if (invite.deleted || !invite.revokedAt.isEmpty())
        return inviteGone(QStringLiteral("invite_revoked"), QStringLiteral("This invitation was withdrawn.") + ask);
    if (!invite.acceptedAt.isEmpty())
        return inviteGone(QStringLiteral("invite_used"),
            QStringLiteral("This invitation has been used already. Sign in instead, or ask %1 for a new invitation.")
                .arg(org));
    const auto expires = TimeUtil::fromWire(invite.expiresAt);
    if (!expires || *expires <= QDateTime::currentDateTimeUtc())
        return inviteGone(QStringLiteral("invite_expired"), QStringLiteral("This invitation has expired.") + ask);
    return ApiError{200, {}, {}};
}

// Whether the contact has a portal account already: active, or holding a password from before. An
// invite never touches one (a forgotten password is the client's own path), so accepting is refused.
std::expected<bool, Error> hasAccount(const QSqlDatabase &db, const QString &orgId, const QString &contactId)
{
    auto q = Database::exec(db,
        QStringLiteral("SELECT portal_state, password_hash FROM contacts WHERE id = ? AND org_id = ?"),
        {contactId, orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return false;
    return q->value(0).toString() == u"active" || !q->value(1).toString().isEmpty();
}

ApiError accountExists(const QString &org)
{
    return ApiError::conflict(QStringLiteral("account_exists"),
        QStringLiteral("You have an account for this portal already: sign in, or choose \"Forgot password\" on the "
                       "sign-in page. Ask %1 if you need help.")
            .arg(org));
}

struct Session
{
    QByteArray token;
    QString csrf;
};

std::expected<Session, Error> createSession(const QSqlDatabase &db, const QString &orgId, const QString &contactId)
{
    Session session{Passwords::randomToken("ses_", 32), Passwords::randomHex(24)};
    if (auto r = Database::exec(db,
            QStringLiteral("INSERT INTO portal_sessions (token_hash, org_id, contact_id, csrf, created_at, expires_at) "
                           "VALUES (?, ?, ?, ?, ?, ?)"),
            {Passwords::tokenHash(session.token), orgId, contactId, session.csrf, TimeUtil::nowWire(),
                TimeUtil::toWire(QDateTime::currentDateTimeUtc().addDays(sessionDays))});
        !r)
        return std::unexpected(r.error());
    return session;
}

// The signed-in contact, its organisation (so a page of another portal knows the session is not
// its own) and the session's CSRF token: the answer of sign-up, sign-in and /me.
HttpResponse contactResponse(
    const QString &orgId, const QString &contactId, const QString &name, const QString &email, const QString &csrf)
{
    QJsonObject organisation;
    if (auto db = Database::connection()) {
        auto q =
            Database::exec(*db, QStringLiteral("SELECT name, portal_slug FROM organisations WHERE id = ?"), {orgId});
        if (q && q->next())
            organisation = QJsonObject{
                {QStringLiteral("name"), q->value(0).toString()}, {QStringLiteral("slug"), q->value(1).toString()}};
    }
    HttpResponse response = HttpResponse::json(200,
        QJsonObject{{QStringLiteral("contact"),
                        QJsonObject{{QStringLiteral("id"), contactId}, {QStringLiteral("name"), name},
                            {QStringLiteral("email"), email}}},
            {QStringLiteral("organisation"), organisation}, {QStringLiteral("csrf"), csrf}});
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse sessionResponse(const HttpRequest &request, const Session &session, const QString &orgId,
    const QString &contactId, const QString &name, const QString &email)
{
    HttpResponse response = contactResponse(orgId, contactId, name, email, session.csrf);
    response.setHeader("Set-Cookie", cookieHeader(request, session.token, sessionDays * 24 * 3600));
    return response;
}

std::expected<QString, ApiError> tokenFrom(const QJsonObject &body)
{
    const QString token = body.value(u"token").toString();
    if (token.isEmpty() || token.size() > 200)
        return std::unexpected(
            ApiError::badRequest(QStringLiteral("\"token\" is missing."), QStringLiteral("invalid_field")));
    return token;
}

std::expected<void, ApiError> checkNewPassword(const QString &password)
{
    if (password.size() < PortalAuth::minPasswordLength || password.size() > 1000)
        return std::unexpected(ApiError::badRequest(
            QStringLiteral("Choose a password of at least %1 characters.").arg(PortalAuth::minPasswordLength),
            QStringLiteral("weak_password")));
    return {};
}

HttpResponse checkInvite(HttpRequest &request)
{
    const auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const auto token = tokenFrom(*body);
    if (!token)
        return apiErrorResponse(token.error());
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    auto invite = findInvite(*db, *token);
    if (!invite)
        return apiErrorResponse(ApiError::fromError(invite.error()));
    if (!*invite)
        return apiErrorResponse(ApiError::notFound(QStringLiteral(
            "This invitation link is not valid. Check that it was copied whole, or ask for a new one.")));
    const QString org = orgName(*db, (*invite)->orgId);
    const ApiError problem = inviteProblem(**invite, org);
    if (!problem.code.isEmpty())
        return apiErrorResponse(problem);
    auto invitee = PortalAuth::loadActor(*db, (*invite)->orgId, (*invite)->contactId, {});
    if (!invitee)
        return apiErrorResponse(ApiError::fromError(invitee.error()));
    if (!*invitee || (*invitee)->contactDeleted || (*invitee)->clientDeleted || (*invitee)->portalState == u"revoked")
        return apiErrorResponse(inviteGone(QStringLiteral("invite_revoked"),
            QStringLiteral("Access to this portal was withdrawn. Ask %1 about it.").arg(org)));
    const auto account = hasAccount(*db, (*invite)->orgId, (*invite)->contactId);
    if (!account)
        return apiErrorResponse(ApiError::fromError(account.error()));
    if (*account)
        return apiErrorResponse(accountExists(org));
    auto contact =
        Database::exec(*db, QStringLiteral("SELECT name, email FROM contacts WHERE id = ?"), {(*invite)->contactId});
    if (!contact || !contact->next())
        return apiErrorResponse(ApiError::internal());
    return HttpResponse::json(200,
        QJsonObject{{QStringLiteral("organisation"), QJsonObject{{QStringLiteral("name"), org}}},
            {QStringLiteral("contact"),
                QJsonObject{{QStringLiteral("name"), contact->value(0).toString()},
                    {QStringLiteral("email"), contact->value(1).toString()}}},
            {QStringLiteral("expires_at"), (*invite)->expiresAt}});
}

HttpResponse acceptInvite(HttpRequest &request)
{
    const auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const auto token = tokenFrom(*body);
    if (!token)
        return apiErrorResponse(token.error());
    const QString name = body->value(u"name").toString().trimmed();
    const QString password = body->value(u"password").toString();
    if (name.isEmpty() || name.size() > 200)
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("Enter your name."), QStringLiteral("invalid_field")));
    if (auto weak = checkNewPassword(password); !weak)
        return apiErrorResponse(weak.error());
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    auto found = findInvite(*db, *token);
    if (!found)
        return apiErrorResponse(ApiError::fromError(found.error()));
    if (!*found)
        return apiErrorResponse(ApiError::notFound(QStringLiteral("This invitation link is not valid.")));
    const QString orgId = (*found)->orgId;
    // Hashing takes a moment: outside the organisation's write lock.
    const auto hash = Passwords::hash(password);
    if (!hash)
        return apiErrorResponse(ApiError::internal());

    // Accepting is one transaction under the organisation's lock: of twenty parallel accepts of
    // one token, the first marks it accepted and every other one finds it used.
    WriteTransaction tx(*db, orgId);
    if (auto r = tx.begin(); !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    auto invite = findInvite(tx.db(), *token);
    if (!invite || !*invite)
        return apiErrorResponse(ApiError::internal());
    const ApiError problem = inviteProblem(**invite, orgName(tx.db(), orgId));
    if (!problem.code.isEmpty())
        return apiErrorResponse(problem);
    const EntitySpec *contactSpec = EntitySchema::find(u"contact");
    const EntitySpec *inviteSpec = EntitySchema::find(u"invite");
    auto contact = SyncStore::loadRow(tx, *contactSpec, orgId, (*invite)->contactId);
    if (!contact)
        return apiErrorResponse(ApiError::fromError(contact.error()));
    auto invitee = PortalAuth::loadActor(tx.db(), orgId, (*invite)->contactId, request.peerAddress.toString());
    if (!invitee)
        return apiErrorResponse(ApiError::fromError(invitee.error()));
    if (contact->isEmpty() || !*invitee || (*invitee)->contactDeleted || (*invitee)->clientDeleted
        || contact->value(QStringLiteral("portal_state")).toString() == u"revoked")
        return apiErrorResponse(inviteGone(QStringLiteral("invite_revoked"),
            QStringLiteral("Access to this portal was withdrawn. Ask %1 about it.").arg(orgName(tx.db(), orgId))));
    // Never a second way into an existing account: whoever holds this invite (a link can be copied by
    // any staff member) gets nothing of a contact that signed up already.
    const auto account = hasAccount(tx.db(), orgId, (*invite)->contactId);
    if (!account)
        return apiErrorResponse(ApiError::fromError(account.error()));
    if (*account)
        return apiErrorResponse(accountExists(orgName(tx.db(), orgId)));
    const QString email = contact->value(QStringLiteral("email")).toString().trimmed().toLower();
    // An e-mail invite works only for the address it went to.
    if ((*invite)->kind == u"email" && (*invite)->sentTo.trimmed().toLower() != email)
        return apiErrorResponse(inviteGone(QStringLiteral("invite_wrong_address"),
            QStringLiteral("This invitation was sent to another address. Ask %1 for a new one.")
                .arg(orgName(tx.db(), orgId))));
    if (email.isEmpty() || !EntitySchema::isValidEmail(email))
        return apiErrorResponse(ApiError::conflict(QStringLiteral("no_email"),
            QStringLiteral("Your contact has no e-mail address to sign in with. Ask %1 to add it.")
                .arg(orgName(tx.db(), orgId))));

    const QString now = TimeUtil::nowWire();
    const Actor actor{
        (*invite)->contactId, orgId, QString(), QStringLiteral("contact"), request.peerAddress.toString()};
    auto version = tx.nextVersion();
    if (!version)
        return apiErrorResponse(ApiError::fromError(version.error()));
    if (auto r = SyncStore::updateRow(tx, *inviteSpec, (*invite)->id, *version, {{QStringLiteral("accepted_at"), now}});
        !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    version = tx.nextVersion();
    if (!version)
        return apiErrorResponse(ApiError::fromError(version.error()));
    if (auto r = SyncStore::updateRow(tx, *contactSpec, (*invite)->contactId, *version,
            {{QStringLiteral("name"), name}, {QStringLiteral("portal_state"), QStringLiteral("active")},
                {QStringLiteral("password_hash"), *hash}});
        !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    if (auto r = SyncStore::appendActivity(tx, actor, QStringLiteral("contact.signed_up"), QStringLiteral("contact"),
            (*invite)->contactId, QString(), name + QStringLiteral(" accepted the invitation"));
        !r)
        return apiErrorResponse(ApiError::fromError(r.error()));

    auto session = createSession(tx.db(), orgId, (*invite)->contactId);
    if (!session)
        return apiErrorResponse(ApiError::fromError(session.error()));
    if (auto r = tx.commit(); !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    return sessionResponse(request, *session, orgId, (*invite)->contactId, name, email);
}

HttpResponse login(HttpRequest &request, const LoginThrottle::Policy &throttle)
{
    const auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const QString slug = body->value(u"slug").toString().trimmed().toLower();
    const QString email = body->value(u"email").toString().trimmed().toLower();
    const QString password = body->value(u"password").toString();
    const QString wrong = QStringLiteral("The e-mail address or password is not correct.");
    if (slug.isEmpty() || email.isEmpty() || password.isEmpty())
        return apiErrorResponse(ApiError::badRequest(
            QStringLiteral("Enter your e-mail address and password."), QStringLiteral("invalid_field")));
    if (email.size() > 254 || password.size() > 1000 || slug.size() > 63)
        return apiErrorResponse(401, QStringLiteral("invalid_credentials"), wrong);
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    const QString key = LoginThrottle::key(email, request.peerAddress.toString(), QStringLiteral("portal|") + slug);
    // Counted before the password is checked, cleared when it was right (LoginThrottle::admit).
    auto wait = LoginThrottle::admit(*db, key, throttle);
    if (!wait)
        return apiErrorResponse(ApiError::fromError(wait.error()));
    if (*wait > 0)
        return tooManyAttemptsResponse(*wait);

    // One address may belong to contacts of several clients: whichever account the password opens.
    struct Candidate
    {
        QString contactId;
        QString orgId;
        QString name;
        QString hash;
    };
    QList<Candidate> candidates;
    {
        auto q = Database::exec(*db,
            QStringLiteral("SELECT c.id, c.org_id, c.name, c.password_hash FROM contacts c JOIN organisations o "
                           "ON o.id = c.org_id JOIN clients cl ON cl.id = c.client_id AND cl.org_id = c.org_id "
                           "WHERE o.portal_slug = ? AND o.deleted = 0 AND lower(c.email) = ? AND c.deleted = 0 "
                           "AND cl.deleted = 0 AND c.portal_state = 'active' AND c.password_hash IS NOT NULL"),
            {slug, email});
        if (!q)
            return apiErrorResponse(ApiError::fromError(q.error()));
        while (q->next())
            candidates.append(
                {q->value(0).toString(), q->value(1).toString(), q->value(2).toString(), q->value(3).toString()});
    }
    const Candidate *match = nullptr;
    for (const Candidate &c : std::as_const(candidates)) {
        if (Passwords::verify(c.hash, password)) {
            match = &c;
            break;
        }
    }
    // An unknown address costs the same work and gets the same answer as a wrong password.
    if (candidates.isEmpty())
        Passwords::verifyDummy(password);
    if (!match)
        return apiErrorResponse(401, QStringLiteral("invalid_credentials"), wrong);
    (void)LoginThrottle::clear(*db, key);
    auto session = createSession(*db, match->orgId, match->contactId);
    if (!session)
        return apiErrorResponse(ApiError::fromError(session.error()));
    return sessionResponse(request, *session, match->orgId, match->contactId, match->name, email);
}

// Always the same answer, whether or not the address has an account: nothing is revealed.
HttpResponse forgotPassword(HttpRequest &request, const LoginThrottle::Policy &throttle)
{
    const auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const QString slug = body->value(u"slug").toString().trimmed().toLower();
    const QString email = body->value(u"email").toString().trimmed().toLower();
    if (slug.isEmpty() || !EntitySchema::isValidEmail(email))
        return apiErrorResponse(
            ApiError::badRequest(QStringLiteral("Enter your e-mail address."), QStringLiteral("invalid_field")));
    const HttpResponse sent = HttpResponse::json(202,
        QJsonObject{{QStringLiteral("message"),
            QStringLiteral(
                "If this address has an account, an e-mail with a link to choose a new password is on its way.")}});
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    // Throttled like sign-in, so the endpoint cannot be used to flood someone's inbox.
    const QString key = LoginThrottle::key(email, request.peerAddress.toString(), QStringLiteral("reset|") + slug);
    // Decided and counted in one step, so parallel requests cannot slip past the limit either.
    auto wait = LoginThrottle::admit(*db, key, throttle);
    if (!wait)
        return apiErrorResponse(ApiError::fromError(wait.error()));
    if (*wait > 0)
        return tooManyAttemptsResponse(*wait);

    // A known and an unknown address take the same steps, so the time taken tells nothing either: a
    // token is made and hashed for both, and one transaction of the portal's organisation stores a
    // reset row for both — the known address's usable one (and its mail), the unknown one's already
    // spent, so it never opens anything — and a second write: the known address's mail in the queue
    // (sent later, off the request), for the unknown one an update of its row.
    QString orgId;
    QString contactId;
    QString name;
    {
        auto q = Database::exec(*db,
            QStringLiteral("SELECT o.id, c.id, c.name FROM organisations o LEFT JOIN (contacts c JOIN clients cl "
                           "ON cl.id = c.client_id AND cl.org_id = c.org_id AND cl.deleted = 0) ON c.org_id = o.id "
                           "AND lower(c.email) = ? AND c.deleted = 0 AND c.portal_state = 'active' "
                           "AND c.password_hash IS NOT NULL WHERE o.portal_slug = ? AND o.deleted = 0"),
            {email, slug});
        if (!q)
            return apiErrorResponse(ApiError::fromError(q.error()));
        // No such portal: its address is public anyway (GET /api/v1/portal/organisations/{slug}).
        if (!q->next())
            return sent;
        orgId = q->value(0).toString();
        contactId = q->value(1).toString();
        name = q->value(2).toString();
    }
    const bool known = !contactId.isEmpty();
    const QByteArray token = Passwords::randomToken("pwr_", 32);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    WriteTransaction tx(*db, orgId);
    if (auto r = tx.begin(); !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    if (auto r = Database::exec(tx.db(),
            QStringLiteral(
                "INSERT INTO portal_password_resets (token_hash, org_id, contact_id, created_at, expires_at, used_at) "
                "VALUES (?, ?, ?, ?, ?, ?)"),
            {Passwords::tokenHash(token), orgId, known ? contactId : QStringLiteral(""), TimeUtil::toWire(now),
                TimeUtil::toWire(known ? now.addSecs(resetMinutes * 60) : now),
                known ? QString() : TimeUtil::toWire(now)});
        !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    const QString link = Mailer::publicUrl() + QStringLiteral("/p/%1/reset#%2").arg(slug, QString::fromLatin1(token));
    auto org = SyncStore::loadRow(tx, *EntitySchema::find(u"organisation"), orgId, orgId);
    if (!org)
        return apiErrorResponse(ApiError::fromError(org.error()));
    const MailMessage mail = PortalMail::passwordReset(*org, name, email, link, resetMinutes);
    if (known) {
        if (auto r = Mailer::enqueue(tx, orgId, mail); !r)
            return apiErrorResponse(ApiError::fromError(r.error()));
    } else if (auto r = Database::exec(tx.db(),
                   QStringLiteral("UPDATE portal_password_resets SET created_at = ? WHERE token_hash = ?"),
                   {TimeUtil::toWire(now), Passwords::tokenHash(token)});
               !r) {
        // In place of the mail's queue row: a write of the same weight.
        return apiErrorResponse(ApiError::fromError(r.error()));
    }
    if (auto r = tx.commit(); !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    return sent;
}

HttpResponse resetPassword(HttpRequest &request)
{
    const auto body = jsonObjectBody(request);
    if (!body)
        return apiErrorResponse(body.error());
    const auto token = tokenFrom(*body);
    if (!token)
        return apiErrorResponse(token.error());
    const QString password = body->value(u"password").toString();
    if (auto weak = checkNewPassword(password); !weak)
        return apiErrorResponse(weak.error());
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    const QString hash = Passwords::tokenHash(token->toLatin1());
    QString orgId;
    {
        auto q = Database::exec(
            *db, QStringLiteral("SELECT org_id FROM portal_password_resets WHERE token_hash = ?"), {hash});
        if (!q)
            return apiErrorResponse(ApiError::fromError(q.error()));
        if (!q->next())
            return apiErrorResponse(ApiError{410, QStringLiteral("reset_invalid"),
                QStringLiteral("This link does not work (any more). Ask for a new one on the sign-in page.")});
        orgId = q->value(0).toString();
    }
    const auto passwordHash = Passwords::hash(password);
    if (!passwordHash)
        return apiErrorResponse(ApiError::internal());
    WriteTransaction tx(*db, orgId);
    if (auto r = tx.begin(); !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    auto q = Database::exec(tx.db(),
        QStringLiteral("SELECT contact_id, expires_at, used_at FROM portal_password_resets WHERE token_hash = ?"),
        {hash});
    if (!q || !q->next())
        return apiErrorResponse(ApiError::internal());
    const QString contactId = q->value(0).toString();
    const auto expires = TimeUtil::fromWire(q->value(1).toString());
    const bool used = !q->value(2).toString().isEmpty();
    q->finish();
    if (used || !expires || *expires <= QDateTime::currentDateTimeUtc())
        return apiErrorResponse(ApiError{410, QStringLiteral("reset_invalid"),
            QStringLiteral("This link does not work (any more). Ask for a new one on the sign-in page.")});
    const QString now = TimeUtil::nowWire();
    // A new password ends every session of the account.
    for (const auto &[sql, binds] : std::initializer_list<std::pair<QString, QVariantList>>{
             {QStringLiteral("UPDATE portal_password_resets SET used_at = ? WHERE token_hash = ?"), {now, hash}},
             {QStringLiteral("UPDATE contacts SET password_hash = ? WHERE id = ? AND org_id = ?"),
                 {*passwordHash, contactId, orgId}},
             {QStringLiteral("UPDATE portal_sessions SET revoked_at = ? WHERE contact_id = ? AND revoked_at IS NULL"),
                 {now, contactId}}}) {
        if (auto r = Database::exec(tx.db(), sql, binds); !r)
            return apiErrorResponse(ApiError::fromError(r.error()));
    }
    if (auto r = tx.commit(); !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("password_changed"), true}});
}

HttpResponse me(HttpRequest &request)
{
    auto actor = PortalAuth::authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    auto q = Database::exec(*db, QStringLiteral("SELECT csrf FROM portal_sessions WHERE token_hash = ?"),
        {Passwords::tokenHash(sessionCookie(request))});
    const QString csrf = q && q->next() ? q->value(0).toString() : QString();
    return contactResponse(actor->orgId, actor->contactId, actor->name, actor->email, csrf);
}

HttpResponse logout(HttpRequest &request)
{
    auto actor = PortalAuth::authenticate(request, true);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    if (auto r = Database::exec(*db, QStringLiteral("UPDATE portal_sessions SET revoked_at = ? WHERE token_hash = ?"),
            {TimeUtil::nowWire(), Passwords::tokenHash(sessionCookie(request))});
        !r)
        return apiErrorResponse(ApiError::fromError(r.error()));
    HttpResponse response = HttpResponse::json(200, QJsonObject{{QStringLiteral("signed_out"), true}});
    response.setHeader("Set-Cookie", cookieHeader(request, QByteArray(), 0));
    return response;
}

} // namespace

std::expected<std::optional<PortalActor>, Error> PortalAuth::loadActor(
    const QSqlDatabase &db, const QString &orgId, const QString &contactId, const QString &address)
{
    auto q = Database::exec(db,
        QStringLiteral("SELECT c.client_id, c.email, c.name, c.portal_state, c.deleted, cl.deleted FROM contacts c "
                       "LEFT JOIN clients cl ON cl.id = c.client_id AND cl.org_id = c.org_id "
                       "WHERE c.id = ? AND c.org_id = ?"),
        {contactId, orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<PortalActor>();
    PortalActor actor;
    actor.contactId = contactId;
    actor.orgId = orgId;
    actor.clientId = q->value(0).toString();
    actor.email = q->value(1).toString();
    actor.name = q->value(2).toString();
    actor.address = address;
    actor.portalState = q->value(3).toString();
    actor.contactDeleted = q->value(4).toLongLong() != 0;
    // A client that is gone altogether counts as deleted.
    actor.clientDeleted = q->value(5).isNull() || q->value(5).toLongLong() != 0;
    return std::optional<PortalActor>(actor);
}

std::expected<PortalActor, ApiError> PortalAuth::authenticate(const HttpRequest &request, bool stateChanging)
{
    const QByteArray token = sessionCookie(request);
    const ApiError unauthorized = ApiError::unauthorized(QStringLiteral("Please sign in."));
    if (token.isEmpty() || token.size() > 200)
        return std::unexpected(unauthorized);
    auto db = Database::connection();
    if (!db)
        return std::unexpected(ApiError::fromError(db.error()));
    QString contactId;
    QString orgId;
    QByteArray expected;
    {
        auto q = Database::exec(*db,
            QStringLiteral("SELECT contact_id, org_id, csrf, expires_at, revoked_at FROM portal_sessions "
                           "WHERE token_hash = ?"),
            {Passwords::tokenHash(token)});
        if (!q)
            return std::unexpected(ApiError::fromError(q.error()));
        if (!q->next())
            return std::unexpected(unauthorized);
        const auto expires = TimeUtil::fromWire(q->value(3).toString());
        if (!q->value(4).toString().isEmpty() || !expires || *expires <= QDateTime::currentDateTimeUtc())
            return std::unexpected(unauthorized);
        contactId = q->value(0).toString();
        orgId = q->value(1).toString();
        expected = q->value(2).toString().toLatin1();
    }
    // The contact (and its client) is read on every request, and the permission function decides
    // whether it still stands for anyone: revoking access, or deleting the contact or its client,
    // ends its sessions at once.
    auto actor = loadActor(*db, orgId, contactId, request.peerAddress.toString());
    if (!actor)
        return std::unexpected(ApiError::fromError(actor.error()));
    if (!*actor || !PortalPermissions::actorActive(**actor))
        return std::unexpected(unauthorized);
    if (stateChanging) {
        const QByteArray sent = request.header("X-CSRF-Token");
        // Compared by hash so the time taken says nothing about the token.
        if (sent.isEmpty()
            || QCryptographicHash::hash(sent, QCryptographicHash::Sha256)
                != QCryptographicHash::hash(expected, QCryptographicHash::Sha256))
            return std::unexpected(
                ApiError::forbidden(QStringLiteral("The request lacks a valid CSRF token; reload the page.")));
    }
    return **actor;
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

std::expected<void, ApiError> PortalAuth::checkWriteRequest(const HttpRequest &request)
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
    own.append(originOf(QUrl(Mailer::publicUrl())));
    if (!own.contains(from))
        return std::unexpected(crossOrigin);
    return {};
}

Route PortalAuth::guarded(Route route)
{
    const bool stateChanging = route.method != "GET" && route.method != "HEAD";
    if (!stateChanging || !route.pattern.startsWith(QStringLiteral("/api/v1/portal/")))
        return route;
    route.handler = [handler = std::move(route.handler)](HttpRequest &request) {
        if (auto ok = checkWriteRequest(request); !ok)
            return apiErrorResponse(ok.error());
        return handler(request);
    };
    return route;
}

void PortalAuth::registerRoutes(Router &router, const ApiOptions &options)
{
    router.add("POST", QStringLiteral("/api/v1/portal/invites/check"), 4096, checkInvite);
    router.add("POST", QStringLiteral("/api/v1/portal/invites/accept"), 8192, acceptInvite);
    router.add(
        "POST", QStringLiteral("/api/v1/portal/login"), 4096, [throttle = options.throttle](HttpRequest &request) {
            return login(request, throttle);
        });
    router.add("POST", QStringLiteral("/api/v1/portal/password/forgot"), 4096,
        [throttle = options.throttle](HttpRequest &request) {
            return forgotPassword(request, throttle);
        });
    router.add("POST", QStringLiteral("/api/v1/portal/password/reset"), 4096, resetPassword);
    router.add("GET", QStringLiteral("/api/v1/portal/me"), 0, me);
    router.add("POST", QStringLiteral("/api/v1/portal/logout"), 1024, logout);
}
