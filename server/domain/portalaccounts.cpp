// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/portalaccounts.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QList>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "server/domain/contactlanguages.h"
#include "server/domain/passwords.h"
#include "server/domain/secondfactor.h"
#include "server/domain/securitylog.h"
#include "server/domain/syncstore.h"
#include "server/mail/mailer.h"
#include "server/mail/mailtext.h"
#include "server/mail/portalmail.h"
#include "server/storage/database.h"

namespace {

Error failure(const QString &code, const QString &message)
{
    return Error{code, message};
}

Error internalError()
{
    return failure(QStringLiteral("internal_error"), QString());
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

// Why an invite cannot be used (with whom to ask), or nothing when it can.
std::optional<Error> inviteProblem(const InviteRow &invite, const QString &org)
{
    const QString ask = QStringLiteral(" Ask %1 for a new invitation.").arg(org);
    if (invite.deleted || !invite.revokedAt.isEmpty())
        return failure(QStringLiteral("invite_revoked"), QStringLiteral("This invitation was withdrawn.") + ask);
    if (!invite.acceptedAt.isEmpty())
        return failure(QStringLiteral("invite_used"),
            QStringLiteral("This invitation has been used already. Sign in instead, or ask %1 for a new invitation.")
                .arg(org));
    const auto expires = TimeUtil::fromWire(invite.expiresAt);
    if (!expires || *expires <= QDateTime::currentDateTimeUtc())
        return failure(QStringLiteral("invite_expired"), QStringLiteral("This invitation has expired.") + ask);
    return std::nullopt;
}

Error accessWithdrawn(const QString &org)
{
    return failure(QStringLiteral("invite_revoked"),
        QStringLiteral("Access to this portal was withdrawn. Ask %1 about it.").arg(org));
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

Error accountExists(const QString &org)
{
    return failure(QStringLiteral("account_exists"),
        QStringLiteral("You have an account for this portal already: sign in, or choose \"Forgot password\" on the "
                       "sign-in page. Ask %1 if you need help.")
            .arg(org));
}

// A new session, noting where it was opened from (the sessions list shows it before its first use).
std::expected<PortalAccounts::Session, Error> createSession(const QSqlDatabase &db, const QString &orgId,
    const QString &contactId, const QString &name, const QString &email, const QString &address)
{
    PortalAccounts::Session session{
        Passwords::randomToken("ses_", 32), Passwords::randomHex(24), orgId, contactId, name, email};
    if (auto r = Database::exec(db,
            QStringLiteral("INSERT INTO portal_sessions (token_hash, org_id, contact_id, csrf, created_at, expires_at, "
                           "id, last_seen_at, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {Passwords::tokenHash(session.token), orgId, contactId, session.csrf, TimeUtil::nowWire(),
                TimeUtil::toWire(QDateTime::currentDateTimeUtc().addDays(PortalAccounts::sessionDays)),
                EntitySchema::newUuid(), TimeUtil::nowWire(), address});
        !r)
        return std::unexpected(r.error());
    return session;
}

LoginThrottle::Refusal refusal(const Error &error)
{
    return {error, 0};
}

// The throttle's step before a password is checked or a mail is sent: counted at once.
std::expected<void, LoginThrottle::Refusal> admitAttempt(
    QSqlDatabase &db, const QString &key, const LoginThrottle::Policy &throttle)
{
    auto wait = LoginThrottle::admit(db, key, throttle);
    if (!wait)
        return std::unexpected(refusal(wait.error()));
    if (*wait > 0)
        return std::unexpected(LoginThrottle::Refusal{Error{QStringLiteral("too_many_attempts"), QString()}, *wait});
    return {};
}

// A locked (portal, e-mail, address), once per lockout and only for addresses someone has.
void noteLockout(QSqlDatabase &db, const QString &slug, const QString &email, const QString &peer)
{
    QList<SecurityLog::Event> events;
    {
        auto q = Database::exec(db,
            QStringLiteral("SELECT c.id, c.org_id, c.name FROM contacts c JOIN organisations o ON o.id = c.org_id "
                           "WHERE o.portal_slug = ? AND lower(c.email) = ? AND c.deleted = 0 "
                           "AND c.portal_state = 'active'"),
            {slug, email});
        if (!q)
            return;
        while (q->next())
            events.append({q->value(1).toString(), QStringLiteral("locked_out"), QStringLiteral("contact"),
                q->value(0).toString(), q->value(2).toString(), email, {}, peer,
                QStringLiteral("too many failed sign-ins")});
    }
    for (const SecurityLog::Event &event : std::as_const(events))
        SecurityLog::noteLockout(db, event);
}

Error resetInvalid()
{
    return failure(QStringLiteral("reset_invalid"),
        QStringLiteral("This link does not work (any more). Ask for a new one on the sign-in page."));
}

} // namespace

std::expected<void, Error> PortalAccounts::checkNewPassword(const QString &password)
{
    if (password.size() < minPasswordLength || password.size() > 1000)
        return std::unexpected(failure(QStringLiteral("weak_password"),
            QStringLiteral("Choose a password of at least %1 characters.").arg(minPasswordLength)));
    return {};
}

std::expected<PortalAccounts::Invitation, Error> PortalAccounts::checkInvite(const QString &token)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto invite = findInvite(*db, token);
    if (!invite)
        return std::unexpected(invite.error());
    if (!*invite)
        return std::unexpected(failure(QStringLiteral("not_found"),
            QStringLiteral(
                "This invitation link is not valid. Check that it was copied whole, or ask for a new one.")));
    const QString org = orgName(*db, (*invite)->orgId);
    if (const auto problem = inviteProblem(**invite, org))
        return std::unexpected(*problem);
    auto invitee = loadActor(*db, (*invite)->orgId, (*invite)->contactId, {});
    if (!invitee)
        return std::unexpected(invitee.error());
    if (!*invitee || (*invitee)->contactDeleted || (*invitee)->clientDeleted || (*invitee)->portalState == u"revoked")
        return std::unexpected(accessWithdrawn(org));
    const auto account = hasAccount(*db, (*invite)->orgId, (*invite)->contactId);
    if (!account)
        return std::unexpected(account.error());
    if (*account)
        return std::unexpected(accountExists(org));
    auto contact =
        Database::exec(*db, QStringLiteral("SELECT name, email FROM contacts WHERE id = ?"), {(*invite)->contactId});
    if (!contact || !contact->next())
        return std::unexpected(internalError());
    return Invitation{org, contact->value(0).toString(), contact->value(1).toString(), (*invite)->expiresAt};
}

std::expected<PortalAccounts::Session, Error> PortalAccounts::acceptInvite(
    const QString &token, const QString &name, const QString &password, const QString &peer)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto found = findInvite(*db, token);
    if (!found)
        return std::unexpected(found.error());
    if (!*found)
        return std::unexpected(
            failure(QStringLiteral("not_found"), QStringLiteral("This invitation link is not valid.")));
    const QString orgId = (*found)->orgId;
    // Hashing takes a moment: outside the organisation's write lock.
    const auto hash = Passwords::hash(password);
    if (!hash)
        return std::unexpected(internalError());

    // Accepting is one transaction under the organisation's lock: of twenty parallel accepts of
    // one token, the first marks it accepted and every other one finds it used.
    WriteTransaction tx(*db, orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    auto invite = findInvite(tx.db(), token);
    if (!invite || !*invite)
        return std::unexpected(internalError());
    if (const auto problem = inviteProblem(**invite, orgName(tx.db(), orgId)))
        return std::unexpected(*problem);
    const EntitySpec *contactSpec = EntitySchema::find(u"contact");
    const EntitySpec *inviteSpec = EntitySchema::find(u"invite");
    auto contact = SyncStore::loadRow(tx, *contactSpec, orgId, (*invite)->contactId);
    if (!contact)
        return std::unexpected(contact.error());
    auto invitee = loadActor(tx.db(), orgId, (*invite)->contactId, peer);
    if (!invitee)
        return std::unexpected(invitee.error());
    if (contact->isEmpty() || !*invitee || (*invitee)->contactDeleted || (*invitee)->clientDeleted
        || contact->value(QStringLiteral("portal_state")).toString() == u"revoked")
        return std::unexpected(accessWithdrawn(orgName(tx.db(), orgId)));
    // Never a second way into an existing account: whoever holds this invite (a link can be copied by
    // any staff member) gets nothing of a contact that signed up already.
    const auto account = hasAccount(tx.db(), orgId, (*invite)->contactId);
    if (!account)
        return std::unexpected(account.error());
    if (*account)
        return std::unexpected(accountExists(orgName(tx.db(), orgId)));
    const QString email = contact->value(QStringLiteral("email")).toString().trimmed().toLower();
    // An e-mail invite works only for the address it went to.
    if ((*invite)->kind == u"email" && (*invite)->sentTo.trimmed().toLower() != email)
        return std::unexpected(failure(QStringLiteral("invite_wrong_address"),
            QStringLiteral("This invitation was sent to another address. Ask %1 for a new one.")
                .arg(orgName(tx.db(), orgId))));
    if (email.isEmpty() || !EntitySchema::isValidEmail(email))
        return std::unexpected(failure(QStringLiteral("no_email"),
            QStringLiteral("Your contact has no e-mail address to sign in with. Ask %1 to add it.")
                .arg(orgName(tx.db(), orgId))));

    const QString now = TimeUtil::nowWire();
    const Actor actor{
        .userId = (*invite)->contactId, .orgId = orgId, .kind = QStringLiteral("contact"), .address = peer};
    auto version = tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    if (auto r = SyncStore::updateRow(tx, *inviteSpec, (*invite)->id, *version, {{QStringLiteral("accepted_at"), now}});
        !r)
        return std::unexpected(r.error());
    version = tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    if (auto r = SyncStore::updateRow(tx, *contactSpec, (*invite)->contactId, *version,
            {{QStringLiteral("name"), name}, {QStringLiteral("portal_state"), QStringLiteral("active")},
                {QStringLiteral("password_hash"), *hash}});
        !r)
        return std::unexpected(r.error());
    if (auto r = SyncStore::appendActivity(tx, actor, QStringLiteral("contact.signed_up"), QStringLiteral("contact"),
            (*invite)->contactId, QString(), name + QStringLiteral(" accepted the invitation"),
            QJsonObject{{QStringLiteral("label"), name}});
        !r)
        return std::unexpected(r.error());

    if (auto r = SecurityLog::record(tx.db(),
            {orgId, QStringLiteral("invite_accepted"), QStringLiteral("contact"), (*invite)->contactId, name, email, {},
                peer, {}});
        !r)
        return std::unexpected(r.error());

    auto session = createSession(tx.db(), orgId, (*invite)->contactId, name, email, peer);
    if (!session)
        return std::unexpected(session.error());
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return session;
}

std::expected<PortalAccounts::Session, LoginThrottle::Refusal> PortalAccounts::signIn(const QString &slug,
    const QString &email, const QString &password, const QString &peer, const LoginThrottle::Policy &throttle)
{
    const Error wrong{
        QStringLiteral("invalid_credentials"), QStringLiteral("The e-mail address or password is not correct.")};
    if (email.size() > 254 || password.size() > 1000 || slug.size() > 63)
        return std::unexpected(refusal(wrong));
    auto db = Database::connection();
    if (!db)
        return std::unexpected(refusal(db.error()));
    const QString key = LoginThrottle::key(email, peer, QStringLiteral("portal|") + slug);
    // Counted before the password is checked, cleared when it was right (LoginThrottle::admit).
    if (auto ok = admitAttempt(*db, key, throttle); !ok) {
        if (ok.error().retryAfterSeconds > 0)
            noteLockout(*db, slug, email, peer);
        return std::unexpected(ok.error());
    }

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
            return std::unexpected(refusal(q.error()));
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
    if (!match) {
        for (const Candidate &c : std::as_const(candidates))
            SecurityLog::note(*db,
                {c.orgId, QStringLiteral("sign_in_failed"), QStringLiteral("contact"), c.contactId, c.name, email, {},
                    peer, QStringLiteral("wrong password")});
        return std::unexpected(refusal(wrong));
    }
    // With two-factor sign-in on (or required and overdue), a challenge instead of a session; the
    // attempt stays counted until the code is right too.
    const SecondFactor::Subject subject{QStringLiteral("contact"), match->contactId, match->orgId};
    const auto gate = SecondFactor::gate(*db, {subject, email, slug}, peer);
    if (!gate)
        return std::unexpected(refusal(gate.error()));
    if (!gate->challenge.isEmpty()) {
        Session pending;
        pending.orgId = match->orgId;
        pending.challenge = gate->challenge;
        pending.challengePurpose = gate->purpose;
        return pending;
    }
    (void)LoginThrottle::clear(*db, key);
    auto session = createSession(*db, match->orgId, match->contactId, match->name, email, peer);
    if (!session)
        return std::unexpected(refusal(session.error()));
    SecurityLog::note(*db,
        {match->orgId, QStringLiteral("sign_in"), QStringLiteral("contact"), match->contactId, match->name, email, {},
            peer, QStringLiteral("password")});
    return *session;
}

QString PortalAccounts::secondFactorRequiredBy(const QString &orgId, const QString &contactId)
{
    auto db = Database::connection();
    if (!db)
        return {};
    const SecondFactor::Subject subject{QStringLiteral("contact"), contactId, orgId};
    const auto factor = SecondFactor::status(*db, subject);
    if (!factor || factor->enrolled)
        return {};
    const auto need = SecondFactor::requirement(*db, subject);
    if (!need || !need->required)
        return {};
    return TimeUtil::toWire(need->deadline);
}

std::expected<PortalAccounts::Session, LoginThrottle::Refusal> PortalAccounts::completeSignIn(
    const QByteArray &challengeToken, const QString &code, const QString &recoveryCode, const QString &peer,
    const QByteArray &secretKey, const LoginThrottle::Policy &throttle, bool enrolling)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(refusal(db.error()));
    auto challenge = SecondFactor::takeChallenge(*db, challengeToken, QStringLiteral("contact"), peer,
        enrolling ? QStringLiteral("enrol") : QStringLiteral("code"));
    if (!challenge)
        return std::unexpected(refusal(challenge.error()));
    // The password step's key (the challenge keeps the portal's slug as its client name).
    const QString key = LoginThrottle::key(challenge->email, peer, QStringLiteral("portal|") + challenge->clientName);
    if (auto ok = admitAttempt(*db, key, throttle); !ok) {
        if (ok.error().retryAfterSeconds > 0)
            noteLockout(*db, challenge->clientName, challenge->email, peer);
        return std::unexpected(ok.error());
    }
    const bool recovery = !enrolling && !recoveryCode.isEmpty();
    QStringList recoveryCodes;
    std::expected<void, Error> checked;
    if (enrolling) {
        auto codes = SecondFactor::confirmEnrolment(*db, challenge->subject, secretKey, code);
        if (codes)
            recoveryCodes = *codes;
        else
            checked = std::unexpected(codes.error());
    } else {
        checked = recovery ? SecondFactor::useRecoveryCode(*db, challenge->subject, recoveryCode)
                           : SecondFactor::verifyCode(*db, challenge->subject, secretKey, code);
    }
    if (!checked) {
        if (checked.error().code == u"invalid_code")
            SecurityLog::noteFor(*db,
                {challenge->subject.orgId, QStringLiteral("sign_in_failed"), QStringLiteral("contact"),
                    challenge->subject.id, {}, {}, {}, peer,
                    recovery ? QStringLiteral("wrong recovery code") : QStringLiteral("wrong code")});
        return std::unexpected(refusal(checked.error()));
    }
    QString name;
    {
        auto q = Database::exec(*db,
            QStringLiteral("SELECT name FROM contacts WHERE id = ? AND org_id = ? AND deleted = 0 "
                           "AND portal_state = 'active'"),
            {challenge->subject.id, challenge->subject.orgId});
        if (!q)
            return std::unexpected(refusal(q.error()));
        if (!q->next())
            return std::unexpected(refusal(Error{QStringLiteral("challenge_expired"),
                QStringLiteral("This sign-in has expired. Enter your e-mail address and password again.")}));
        name = q->value(0).toString();
    }
    WriteTransaction tx(*db, challenge->subject.orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(refusal(r.error()));
    auto session =
        createSession(tx.db(), challenge->subject.orgId, challenge->subject.id, name, challenge->email, peer);
    if (!session)
        return std::unexpected(refusal(session.error()));
    session->recoveryCodes = recoveryCodes;
    if (auto r = SecondFactor::finishChallenge(tx.db(), challengeToken); !r)
        return std::unexpected(refusal(r.error()));
    if (enrolling)
        SecurityLog::note(tx,
            {challenge->subject.orgId, QStringLiteral("second_factor_enrolled"), QStringLiteral("contact"),
                challenge->subject.id, name, challenge->email, {}, peer,
                QStringLiteral("at sign-in, as the organisation requires")});
    SecurityLog::note(tx,
        {challenge->subject.orgId, recovery ? QStringLiteral("recovery_code_used") : QStringLiteral("sign_in"),
            QStringLiteral("contact"), challenge->subject.id, name, challenge->email, {}, peer,
            QStringLiteral("two-factor")});
    // A recovery code used, or two-factor sign-in set up on the way in (which takes only the
    // password or a mailed link: whoever holds it could enrol their own app): the person hears of
    // it at once.
    if (recovery || enrolling) {
        auto org = SyncStore::loadRow(
            tx, *EntitySchema::find(u"organisation"), challenge->subject.orgId, challenge->subject.orgId);
        if (!org)
            return std::unexpected(refusal(org.error()));
        const QString orgName = org->value(QStringLiteral("name")).toString();
        const QString language = ContactLanguages::forMail(challenge->subject.orgId, challenge->subject.id);
        const auto tr = [&language](QStringView key) {
            return MailText::text(language, key);
        };
        const auto notice = recovery
            ? PortalMail::securityNotice(*org, name, challenge->email, tr(u"security.recoveryUsedSubject").arg(orgName),
                tr(u"security.recoveryUsed").arg(peer), language)
            : PortalMail::securityNotice(*org, name, challenge->email, tr(u"security.enrolledSubject").arg(orgName),
                tr(u"security.enrolled").arg(peer), language);
        if (auto r = Mailer::enqueue(tx, challenge->subject.orgId, notice); !r)
            return std::unexpected(refusal(r.error()));
    }
    if (auto r = tx.commit(); !r)
        return std::unexpected(refusal(r.error()));
    (void)LoginThrottle::clear(*db, key);
    return *session;
}

namespace {

// An e-mailed link of the portal: a password reset or a sign-in link.
struct MailedLink
{
    QString purpose; // "reset" | "signin"
    QByteArray prefix;
    int minutes;
    QString path; // under /p/<slug>/
};

const MailedLink resetLink{QStringLiteral("reset"), "pwr_", PortalAccounts::resetMinutes, QStringLiteral("reset")};
const MailedLink signInLink{
    QStringLiteral("signin"), "sil_", PortalAccounts::signInLinkMinutes, QStringLiteral("link")};

std::expected<void, LoginThrottle::Refusal> requestMailedLink(const MailedLink &kind, const QString &slug,
    const QString &email, const QString &peer, const LoginThrottle::Policy &throttle, const QString &publicUrl)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(refusal(db.error()));
    // Throttled like sign-in, so the endpoint cannot be used to flood someone's inbox. Decided and
    // counted in one step, so parallel requests cannot slip past the limit either.
    const QString key = LoginThrottle::key(email, peer, kind.purpose + u'|' + slug);
    if (auto ok = admitAttempt(*db, key, throttle); !ok)
        return std::unexpected(ok.error());

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
            return std::unexpected(refusal(q.error()));
        // No such portal: its address is public anyway (GET /api/v1/portal/organisations/{slug}).
        if (!q->next())
            return {};
        orgId = q->value(0).toString();
        contactId = q->value(1).toString();
        name = q->value(2).toString();
    }
    const bool known = !contactId.isEmpty();
    const QByteArray token = Passwords::randomToken(kind.prefix, 32);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    WriteTransaction tx(*db, orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(refusal(r.error()));
    if (auto r = Database::exec(tx.db(),
            QStringLiteral(
                "INSERT INTO portal_password_resets (token_hash, org_id, contact_id, created_at, expires_at, used_at, "
                "purpose) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            {Passwords::tokenHash(token), orgId, known ? contactId : QStringLiteral(""), TimeUtil::toWire(now),
                TimeUtil::toWire(known ? now.addSecs(kind.minutes * 60) : now),
                known ? QString() : TimeUtil::toWire(now), kind.purpose});
        !r)
        return std::unexpected(refusal(r.error()));
    const QString link = publicUrl + QStringLiteral("/p/%1/%2#%3").arg(slug, kind.path, QString::fromLatin1(token));
    auto org = SyncStore::loadRow(tx, *EntitySchema::find(u"organisation"), orgId, orgId);
    if (!org)
        return std::unexpected(refusal(org.error()));
    const QString language = known ? ContactLanguages::forMail(orgId, contactId) : QStringLiteral("en");
    const MailMessage mail = kind.purpose == u"reset"
        ? PortalMail::passwordReset(*org, name, email, link, kind.minutes, language)
        : PortalMail::signInLink(*org, name, email, link, kind.minutes, language);
    if (known) {
        if (auto r = Mailer::enqueue(tx, orgId, mail); !r)
            return std::unexpected(refusal(r.error()));
    } else if (auto r = Database::exec(tx.db(),
                   QStringLiteral("UPDATE portal_password_resets SET created_at = ? WHERE token_hash = ?"),
                   {TimeUtil::toWire(now), Passwords::tokenHash(token)});
               !r) {
        // In place of the mail's queue row: a write of the same weight.
        return std::unexpected(refusal(r.error()));
    }
    if (auto r = tx.commit(); !r)
        return std::unexpected(refusal(r.error()));
    return {};
}

} // namespace

std::expected<void, LoginThrottle::Refusal> PortalAccounts::requestPasswordReset(const QString &slug,
    const QString &email, const QString &peer, const LoginThrottle::Policy &throttle, const QString &publicUrl)
{
    return requestMailedLink(resetLink, slug, email, peer, throttle, publicUrl);
}

std::expected<void, LoginThrottle::Refusal> PortalAccounts::requestSignInLink(const QString &slug, const QString &email,
    const QString &peer, const LoginThrottle::Policy &throttle, const QString &publicUrl)
{
    return requestMailedLink(signInLink, slug, email, peer, throttle, publicUrl);
}

std::expected<PortalAccounts::Session, Error> PortalAccounts::useSignInLink(const QString &token, const QString &peer)
{
    const Error invalid{QStringLiteral("link_invalid"),
        QStringLiteral("This sign-in link has expired or was used already. Ask for a new one.")};
    if (!token.startsWith(u"sil_") || token.size() > 200)
        return std::unexpected(invalid);
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    const QString hash = Passwords::tokenHash(token.toLatin1());
    QString orgId;
    {
        auto q = Database::exec(*db,
            QStringLiteral("SELECT org_id FROM portal_password_resets WHERE token_hash = ? AND purpose = 'signin'"),
            {hash});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            return std::unexpected(invalid);
        orgId = q->value(0).toString();
    }
    WriteTransaction tx(*db, orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    // Spent by one conditional write: of two uses at once, one wins.
    const QString now = TimeUtil::nowWire();
    auto spent = Database::exec(tx.db(),
        QStringLiteral("UPDATE portal_password_resets SET used_at = ? WHERE token_hash = ? AND purpose = 'signin' "
                       "AND used_at IS NULL AND expires_at > ?"),
        {now, hash, now});
    if (!spent)
        return std::unexpected(spent.error());
    if (spent->numRowsAffected() != 1)
        return std::unexpected(invalid);
    QString contactId, name, email, slug;
    {
        auto q = Database::exec(tx.db(),
            QStringLiteral("SELECT c.id, c.name, c.email, o.portal_slug FROM portal_password_resets r "
                           "JOIN contacts c ON c.id = r.contact_id AND c.org_id = r.org_id "
                           "JOIN clients cl ON cl.id = c.client_id AND cl.org_id = c.org_id "
                           "JOIN organisations o ON o.id = r.org_id WHERE r.token_hash = ? AND c.deleted = 0 "
                           "AND cl.deleted = 0 AND o.deleted = 0 AND c.portal_state = 'active'"),
            {hash});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            return std::unexpected(invalid);
        contactId = q->value(0).toString();
        name = q->value(1).toString();
        email = q->value(2).toString().toLower();
        slug = q->value(3).toString();
    }
    // With two-factor sign-in on, the link stands for the password: the code is still asked.
    const SecondFactor::Subject subject{QStringLiteral("contact"), contactId, orgId};
    const auto gate = SecondFactor::gate(tx.db(), {subject, email, slug}, peer);
    if (!gate)
        return std::unexpected(gate.error());
    Session result;
    if (!gate->challenge.isEmpty()) {
        result.orgId = orgId;
        result.challenge = gate->challenge;
        result.challengePurpose = gate->purpose;
    } else {
        auto session = createSession(tx.db(), orgId, contactId, name, email, peer);
        if (!session)
            return std::unexpected(session.error());
        result = *session;
        SecurityLog::note(tx,
            {orgId, QStringLiteral("sign_in"), QStringLiteral("contact"), contactId, name, email, {}, peer,
                QStringLiteral("e-mailed sign-in link")});
    }
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return result;
}

std::expected<void, Error> PortalAccounts::resetPassword(const QString &token, const QString &password)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    const QString hash = Passwords::tokenHash(token.toLatin1());
    QString orgId;
    {
        auto q = Database::exec(*db,
            QStringLiteral("SELECT org_id FROM portal_password_resets WHERE token_hash = ? AND purpose = 'reset'"),
            {hash});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            return std::unexpected(resetInvalid());
        orgId = q->value(0).toString();
    }
    const auto passwordHash = Passwords::hash(password);
    if (!passwordHash)
        return std::unexpected(internalError());
    WriteTransaction tx(*db, orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    auto q = Database::exec(tx.db(),
        QStringLiteral("SELECT contact_id, expires_at, used_at FROM portal_password_resets WHERE token_hash = ? "
                       "AND purpose = 'reset'"),
        {hash});
    if (!q || !q->next())
        return std::unexpected(internalError());
    const QString contactId = q->value(0).toString();
    const auto expires = TimeUtil::fromWire(q->value(1).toString());
    const bool used = !q->value(2).toString().isEmpty();
    q->finish();
    if (used || !expires || *expires <= QDateTime::currentDateTimeUtc())
        return std::unexpected(resetInvalid());
    const QString now = TimeUtil::nowWire();
    // A new password ends every session of the account.
    for (const auto &[sql, binds] : std::initializer_list<std::pair<QString, QVariantList>>{
             {QStringLiteral("UPDATE portal_password_resets SET used_at = ? WHERE token_hash = ?"), {now, hash}},
             {QStringLiteral("UPDATE contacts SET password_hash = ? WHERE id = ? AND org_id = ?"),
                 {*passwordHash, contactId, orgId}},
             {QStringLiteral("UPDATE portal_sessions SET revoked_at = ? WHERE contact_id = ? AND revoked_at IS NULL"),
                 {now, contactId}}}) {
        if (auto r = Database::exec(tx.db(), sql, binds); !r)
            return std::unexpected(r.error());
    }
    return tx.commit();
}

namespace {

// What a server remembers of a portal session between requests (FactsMemory): the session's facts
// and its actor. Revoking or ending the session, deleting or revoking the contact or its client all
// move the organisation's facts count, on whichever instance (or by hand in the database), so the
// very next request reads afresh. Only sessions that were valid when read are remembered.
struct RememberedSession
{
    QString orgId;
    QByteArray csrf;
    QDateTime expires;
    std::optional<QDateTime> lastSeen;
    QString address;
    QString device;
    PortalActor actor;
};

FactsMemory<RememberedSession> &sessionMemory()
{
    static FactsMemory<RememberedSession> memory(100000);
    return memory;
}

// The session `tokenHash` names and its actor, read afresh; nullopt when there is no such session,
// or it is revoked or expired, or its contact no longer exists.
std::expected<std::optional<RememberedSession>, Error> readSession(
    const QSqlDatabase &db, const QString &tokenHash, const QString &peer)
{
    RememberedSession session;
    QString contactId;
    {
        auto q = Database::exec(db,
            QStringLiteral("SELECT contact_id, org_id, csrf, expires_at, revoked_at, last_seen_at, address, device "
                           "FROM portal_sessions WHERE token_hash = ?"),
            {tokenHash});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            return std::nullopt;
        const auto expires = TimeUtil::fromWire(q->value(3).toString());
        if (!q->value(4).toString().isEmpty() || !expires)
            return std::nullopt;
        contactId = q->value(0).toString();
        session.orgId = q->value(1).toString();
        session.csrf = q->value(2).toString().toLatin1();
        session.expires = *expires;
        session.lastSeen = TimeUtil::fromWire(q->value(5).toString());
        session.address = q->value(6).toString();
        session.device = q->value(7).toString();
    }
    // The contact (and its client): the permission function decides on every request whether it
    // still stands for anyone.
    auto actor = PortalAccounts::loadActor(db, session.orgId, contactId, peer);
    if (!actor)
        return std::unexpected(actor.error());
    if (!*actor)
        return std::nullopt;
    session.actor = **actor;
    return session;
}

} // namespace

std::expected<PortalActor, Error> PortalAccounts::authenticate(const QByteArray &sessionToken, const QString &peer,
    const QByteArray *csrfSent, const QString &device, PortalMarks *marksRead)
{
    const Error unauthorized{QStringLiteral("unauthorized"), QStringLiteral("Please sign in.")};
    if (sessionToken.isEmpty() || sessionToken.size() > 200)
        return std::unexpected(unauthorized);
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    const QString tokenHash = Passwords::tokenHash(sessionToken);
    // A remembered session costs one read (the organisation's marks) while its facts stand.
    std::optional<RememberedSession> session;
    PortalMarks marks;
    if (const auto remembered = sessionMemory().find(tokenHash)) {
        auto read = PortalMarks::readShared(*db, remembered->value.orgId);
        if (!read)
            return std::unexpected(read.error());
        marks = *read;
        if (marks.facts == remembered->facts)
            session = remembered->value;
    }
    if (!session) {
        // The organisation's marks before the session and its actor, so that what is remembered is
        // no older than the mark it is filed under.
        auto org =
            Database::exec(*db, QStringLiteral("SELECT org_id FROM portal_sessions WHERE token_hash = ?"), {tokenHash});
        if (!org)
            return std::unexpected(org.error());
        if (!org->next())
            return std::unexpected(unauthorized);
        const QString orgId = org->value(0).toString();
        org->finish();
        auto read = PortalMarks::readShared(*db, orgId);
        if (!read)
            return std::unexpected(read.error());
        marks = *read;
        auto fresh = readSession(*db, tokenHash, peer);
        if (!fresh)
            return std::unexpected(fresh.error());
        if (!*fresh || (*fresh)->orgId != orgId)
            return std::unexpected(unauthorized);
        session = std::move(*fresh);
        if (PortalPermissions::actorActive(session->actor))
            sessionMemory().insert(tokenHash, marks.facts, *session);
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (session->expires <= now || !PortalPermissions::actorActive(session->actor))
        return std::unexpected(unauthorized);
    // Where and when the session was last seen, for the account page: written at most once a
    // minute, or when the address or browser changed.
    const QString shownDevice = device.left(300);
    if (!session->lastSeen || session->lastSeen->secsTo(now) >= 60 || session->address != peer
        || (!shownDevice.isEmpty() && session->device != shownDevice)) {
        (void)Database::exec(*db,
            QStringLiteral("UPDATE portal_sessions SET last_seen_at = ?, address = ?, device = COALESCE(?, device) "
                           "WHERE token_hash = ?"),
            {TimeUtil::toWire(now), peer,
                shownDevice.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(shownDevice), tokenHash});
        sessionMemory().update(tokenHash, [&](RememberedSession &remembered) {
            remembered.lastSeen = now;
            remembered.address = peer;
            if (!shownDevice.isEmpty())
                remembered.device = shownDevice;
        });
    }
    if (csrfSent) {
        // Compared by hash so the time taken says nothing about the token.
        if (csrfSent->isEmpty()
            || QCryptographicHash::hash(*csrfSent, QCryptographicHash::Sha256)
                != QCryptographicHash::hash(session->csrf, QCryptographicHash::Sha256))
            return std::unexpected(failure(
                QStringLiteral("forbidden"), QStringLiteral("The request lacks a valid CSRF token; reload the page.")));
    }
    if (marksRead)
        *marksRead = marks;
    PortalActor actor = session->actor;
    actor.address = peer;
    return actor;
}

QString PortalAccounts::csrfToken(const QByteArray &sessionToken)
{
    auto db = Database::connection();
    if (!db)
        return {};
    auto q = Database::exec(*db, QStringLiteral("SELECT csrf FROM portal_sessions WHERE token_hash = ?"),
        {Passwords::tokenHash(sessionToken)});
    return q && q->next() ? q->value(0).toString() : QString();
}

std::expected<void, Error> PortalAccounts::signOut(const QString &orgId, const QByteArray &sessionToken)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    // In the organisation's write lock, as every write that ends sessions (ClientAccount).
    WriteTransaction tx(*db, orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    if (auto r = Database::exec(tx.db(),
            QStringLiteral("UPDATE portal_sessions SET revoked_at = ? WHERE token_hash = ? AND org_id = ?"),
            {TimeUtil::nowWire(), Passwords::tokenHash(sessionToken), orgId});
        !r)
        return std::unexpected(r.error());
    return tx.commit();
}

std::expected<PortalAccounts::OrganisationSummary, Error> PortalAccounts::organisation(const QString &orgId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q = Database::exec(*db, QStringLiteral("SELECT name, portal_slug FROM organisations WHERE id = ?"), {orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::unexpected(failure(QStringLiteral("not_found"), QString()));
    return OrganisationSummary{q->value(0).toString(), q->value(1).toString()};
}

std::expected<std::optional<PortalActor>, Error> PortalAccounts::loadActor(
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
