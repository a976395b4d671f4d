// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/secondfactor.h"

#include <QFile>
#include <QFileInfo>
#include <QUrl>
#include <QUrlQuery>

#include <fcntl.h>
#include <liboath/oath.h>
#include <sodium.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <optional>

#include "common/timeutil.h"
#include "server/domain/passwords.h"
#include "server/storage/database.h"

namespace {

constexpr int secretBytes = 20; // 160 bits, as RFC 4226 recommends for HMAC-SHA-1
constexpr int stepSeconds = 30;
constexpr int digits = 6;
constexpr int recoveryCodeCount = 10;
constexpr int challengeSeconds = 5 * 60;
constexpr int challengeAttempts = 5;
const QByteArray sealPrefix = "v1:";
const QByteArray challengePrefix = "ch_";
// The recovery codes' alphabet: RFC 4648 base32 in lower case (5 bits a character).
const char codeAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

Error invalidCode()
{
    return Error{QStringLiteral("invalid_code"), QStringLiteral("The code is not right. Try the newest one.")};
}

Error internal(const QString &what)
{
    return Error{QStringLiteral("internal_error"), what};
}

void initialiseOath()
{
    static std::once_flag once;
    std::call_once(once, [] {
        (void)oath_init();
    });
}

// A code as typed: digits only (spaces and dashes that apps show are dropped), exactly six.
QByteArray normalisedCode(const QString &typed)
{
    QByteArray code;
    for (const QChar c : typed) {
        if (c.isDigit() && c.unicode() < 128)
            code.append(char(c.unicode()));
        else if (c != u' ' && c != u'-')
            return {};
    }
    return code.size() == digits ? code : QByteArray();
}

// A recovery code as typed: letters and digits of the alphabet, dashes and spaces dropped.
QString normalisedRecoveryCode(const QString &typed)
{
    QString code;
    for (const QChar c : typed.toLower()) {
        if (c == u'-' || c == u' ')
            continue;
        if (c.unicode() > 127 || !std::strchr(codeAlphabet, char(c.unicode())))
            return {};
        code.append(c);
    }
    return code.size() == 20 ? code : QString();
}

// 20 characters of 5 random bits: the first 4 find the stored hash, the other 16 (80 bits) are the
// secret; shown in groups of four.
QString newRecoveryCode()
{
    QString code;
    for (int i = 0; i < 20; ++i)
        code.append(QLatin1Char(codeAlphabet[randombytes_uniform(32)]));
    QStringList groups;
    for (int i = 0; i < 20; i += 4)
        groups.append(code.mid(i, 4));
    return groups.join(u'-');
}

std::expected<QStringList, Error> storeRecoveryCodes(QSqlDatabase &db, const SecondFactor::Subject &subject)
{
    if (auto r =
            Database::exec(db, QStringLiteral("DELETE FROM recovery_codes WHERE subject_kind = ? AND subject_id = ?"),
                {subject.kind, subject.id});
        !r)
        return std::unexpected(r.error());
    QStringList codes;
    const QString now = TimeUtil::nowWire();
    while (codes.size() < recoveryCodeCount) {
        const QString code = newRecoveryCode();
        const QString plain = normalisedRecoveryCode(code);
        const QString lookup = plain.left(4);
        bool clash = false;
        for (const QString &earlier : std::as_const(codes))
            clash = clash || normalisedRecoveryCode(earlier).left(4) == lookup;
        if (clash)
            continue;
        const auto hash = Passwords::hash(plain.mid(4));
        if (!hash)
            return std::unexpected(internal(QStringLiteral("could not hash a recovery code")));
        if (auto r = Database::exec(db,
                QStringLiteral("INSERT INTO recovery_codes (subject_kind, subject_id, lookup, code_hash, created_at) "
                               "VALUES (?, ?, ?, ?, ?)"),
                {subject.kind, subject.id, lookup, *hash, now});
            !r)
            return std::unexpected(r.error());
        codes.append(code);
    }
    return codes;
}

struct StoredFactor
{
    QString sealed;
    bool confirmed = false;
    qint64 lastStep = 0;
};

std::expected<std::optional<StoredFactor>, Error> storedFactor(QSqlDatabase &db, const SecondFactor::Subject &subject)
{
    auto q = Database::exec(db,
        QStringLiteral("SELECT secret_enc, confirmed_at, last_step FROM second_factors "
                       "WHERE subject_kind = ? AND subject_id = ?"),
        {subject.kind, subject.id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<StoredFactor>();
    StoredFactor f{
        q->value(0).toString(), !q->value(1).isNull() && !q->value(1).toString().isEmpty(), q->value(2).toLongLong()};
    q->finish();
    return std::optional<StoredFactor>(f);
}

// The step of the code within one step of now, or nothing.
std::optional<qint64> stepOf(const QByteArray &secret, const QByteArray &code, const QDateTime &now)
{
    initialiseOath();
    int position = 0;
    const time_t t = time_t(now.toSecsSinceEpoch());
    const int rc = oath_totp_validate2(
        secret.constData(), size_t(secret.size()), t, stepSeconds, 0, 1, &position, code.constData());
    if (rc < 0)
        return std::nullopt;
    return qint64(t / stepSeconds) + position;
}

} // namespace

std::expected<QByteArray, Error> SecondFactor::loadOrCreateKey(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    // Created exclusively with mode 600, so two instances starting at once cannot both write one.
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        QByteArray key(crypto_secretbox_KEYBYTES, Qt::Uninitialized);
        crypto_secretbox_keygen(reinterpret_cast<unsigned char *>(key.data()));
        const ssize_t written = ::write(fd, key.constData(), size_t(key.size()));
        const bool synced = ::fsync(fd) == 0;
        ::close(fd);
        if (written != key.size() || !synced) {
            QFile::remove(path);
            return std::unexpected(internal(QStringLiteral("cannot write the secret key file %1").arg(path)));
        }
        return key;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(internal(QStringLiteral("cannot read the secret key file %1").arg(path)));
    if (file.permissions()
        & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther))
        return std::unexpected(
            internal(QStringLiteral("the secret key file %1 may be read by others: make it mode 600").arg(path)));
    const QByteArray key = file.read(crypto_secretbox_KEYBYTES + 1);
    if (key.size() != crypto_secretbox_KEYBYTES)
        return std::unexpected(internal(QStringLiteral("the secret key file %1 is not a key").arg(path)));
    return key;
}

QString SecondFactor::seal(const QByteArray &secret, const QByteArray &key)
{
    QByteArray box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + secret.size(), Qt::Uninitialized);
    auto *nonce = reinterpret_cast<unsigned char *>(box.data());
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
        reinterpret_cast<const unsigned char *>(secret.constData()), size_t(secret.size()), nonce,
        reinterpret_cast<const unsigned char *>(key.constData()));
    return QString::fromLatin1(sealPrefix + box.toBase64());
}

std::expected<QByteArray, Error> SecondFactor::open(const QString &sealed, const QByteArray &key)
{
    const QByteArray latin = sealed.toLatin1();
    if (!latin.startsWith(sealPrefix) || key.size() != crypto_secretbox_KEYBYTES)
        return std::unexpected(internal(QStringLiteral("a sealed secret is malformed")));
    const QByteArray box = QByteArray::fromBase64(latin.mid(sealPrefix.size()));
    if (box.size() < int(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES))
        return std::unexpected(internal(QStringLiteral("a sealed secret is malformed")));
    const auto *nonce = reinterpret_cast<const unsigned char *>(box.constData());
    const qsizetype cipherSize = box.size() - crypto_secretbox_NONCEBYTES;
    QByteArray secret(cipherSize - crypto_secretbox_MACBYTES, Qt::Uninitialized);
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char *>(secret.data()),
            nonce + crypto_secretbox_NONCEBYTES, size_t(cipherSize), nonce,
            reinterpret_cast<const unsigned char *>(key.constData()))
        != 0)
        return std::unexpected(
            internal(QStringLiteral("a sealed secret does not open with this key (is it the right key file?)")));
    return secret;
}

QString SecondFactor::codeAt(const QByteArray &secret, const QDateTime &time)
{
    initialiseOath();
    char out[digits + 1] = {};
    if (oath_totp_generate(
            secret.constData(), size_t(secret.size()), time_t(time.toSecsSinceEpoch()), stepSeconds, 0, digits, out)
        != OATH_OK)
        return {};
    return QString::fromLatin1(out);
}

QString SecondFactor::base32(const QByteArray &bytes)
{
    initialiseOath();
    char *out = nullptr;
    size_t length = 0;
    if (oath_base32_encode(bytes.constData(), size_t(bytes.size()), &out, &length) != OATH_OK)
        return {};
    QString text = QString::fromLatin1(out, qsizetype(length));
    std::free(out);
    while (text.endsWith(u'='))
        text.chop(1);
    return text;
}

QByteArray SecondFactor::fromBase32(const QString &text)
{
    initialiseOath();
    QByteArray in = text.toUpper().toLatin1();
    in.replace(' ', "");
    while (in.size() % 8)
        in.append('=');
    char *out = nullptr;
    size_t length = 0;
    if (oath_base32_decode(in.constData(), size_t(in.size()), &out, &length) != OATH_OK)
        return {};
    QByteArray bytes(out, qsizetype(length));
    std::free(out);
    return bytes;
}

QString SecondFactor::otpauthUri(const QString &issuer, const QString &account, const QByteArray &secret)
{
    // otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30
    QUrl url;
    url.setScheme(QStringLiteral("otpauth"));
    url.setHost(QStringLiteral("totp"));
    url.setPath(u'/' + issuer + u':' + account);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("secret"), base32(secret));
    query.addQueryItem(QStringLiteral("issuer"), QString::fromUtf8(QUrl::toPercentEncoding(issuer)));
    query.addQueryItem(QStringLiteral("algorithm"), QStringLiteral("SHA1"));
    query.addQueryItem(QStringLiteral("digits"), QString::number(digits));
    query.addQueryItem(QStringLiteral("period"), QString::number(stepSeconds));
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

std::expected<SecondFactor::Status, Error> SecondFactor::status(QSqlDatabase &db, const Subject &subject)
{
    Status s;
    {
        auto q = Database::exec(db,
            QStringLiteral("SELECT confirmed_at FROM second_factors WHERE subject_kind = ? AND subject_id = ?"),
            {subject.kind, subject.id});
        if (!q)
            return std::unexpected(q.error());
        if (q->next()) {
            s.confirmedAt = q->value(0).toString();
            s.enrolled = !s.confirmedAt.isEmpty();
            s.pending = !s.enrolled;
        }
    }
    auto q = Database::exec(db,
        QStringLiteral("SELECT COUNT(*) FROM recovery_codes WHERE subject_kind = ? AND subject_id = ? "
                       "AND used_at IS NULL"),
        {subject.kind, subject.id});
    if (!q)
        return std::unexpected(q.error());
    s.recoveryCodesLeft = q->next() ? q->value(0).toInt() : 0;
    return s;
}

std::expected<QByteArray, Error> SecondFactor::beginEnrolment(
    QSqlDatabase &db, const Subject &subject, const QByteArray &key)
{
    auto stored = storedFactor(db, subject);
    if (!stored)
        return std::unexpected(stored.error());
    if (*stored && (*stored)->confirmed)
        return std::unexpected(Error{QStringLiteral("already_enrolled"),
            QStringLiteral("Two-factor sign-in is already on. An administrator can reset it.")});
    QByteArray secret(secretBytes, Qt::Uninitialized);
    randombytes_buf(secret.data(), size_t(secret.size()));
    const QString sealed = seal(secret, key);
    const QString now = TimeUtil::nowWire();
    auto r = *stored ? Database::exec(db,
                 QStringLiteral("UPDATE second_factors SET secret_enc = ?, created_at = ?, last_step = 0 "
                                "WHERE subject_kind = ? AND subject_id = ? AND confirmed_at IS NULL"),
                 {sealed, now, subject.kind, subject.id})
                     : Database::exec(db,
                         QStringLiteral("INSERT INTO second_factors (subject_kind, subject_id, org_id, secret_enc, "
                                        "created_at, last_step) VALUES (?, ?, ?, ?, ?, 0)"),
                         {subject.kind, subject.id, subject.orgId, sealed, now});
    if (!r)
        return std::unexpected(r.error());
    return secret;
}

std::expected<QByteArray, Error> SecondFactor::pendingSecret(
    QSqlDatabase &db, const Subject &subject, const QByteArray &key)
{
    auto stored = storedFactor(db, subject);
    if (!stored)
        return std::unexpected(stored.error());
    if (!*stored || (*stored)->confirmed)
        return std::unexpected(Error{QStringLiteral("not_found"), QString()});
    return open((*stored)->sealed, key);
}

std::expected<QStringList, Error> SecondFactor::confirmEnrolment(
    QSqlDatabase &db, const Subject &subject, const QByteArray &key, const QString &code)
{
    auto stored = storedFactor(db, subject);
    if (!stored)
        return std::unexpected(stored.error());
    if (!*stored || (*stored)->confirmed)
        return std::unexpected(
            Error{QStringLiteral("not_found"), QStringLiteral("There is no enrolment to confirm: begin again.")});
    auto secret = open((*stored)->sealed, key);
    if (!secret)
        return std::unexpected(secret.error());
    const auto step = stepOf(*secret, normalisedCode(code), QDateTime::currentDateTimeUtc());
    if (!step)
        return std::unexpected(invalidCode());
    WriteTransaction tx(db, subject.orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    auto updated = Database::exec(db,
        QStringLiteral("UPDATE second_factors SET confirmed_at = ?, last_step = ? "
                       "WHERE subject_kind = ? AND subject_id = ? AND confirmed_at IS NULL AND secret_enc = ?"),
        {TimeUtil::nowWire(), *step, subject.kind, subject.id, (*stored)->sealed});
    if (!updated)
        return std::unexpected(updated.error());
    if (updated->numRowsAffected() != 1)
        return std::unexpected(
            Error{QStringLiteral("not_found"), QStringLiteral("The enrolment changed meanwhile: begin again.")});
    auto codes = storeRecoveryCodes(db, subject);
    if (!codes)
        return std::unexpected(codes.error());
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return codes;
}

std::expected<void, Error> SecondFactor::verifyCode(
    QSqlDatabase &db, const Subject &subject, const QByteArray &key, const QString &code)
{
    auto stored = storedFactor(db, subject);
    if (!stored)
        return std::unexpected(stored.error());
    if (!*stored || !(*stored)->confirmed)
        return std::unexpected(invalidCode());
    auto secret = open((*stored)->sealed, key);
    if (!secret)
        return std::unexpected(secret.error());
    const auto step = stepOf(*secret, normalisedCode(code), QDateTime::currentDateTimeUtc());
    if (!step || *step <= (*stored)->lastStep)
        return std::unexpected(invalidCode());
    // The replay guard: only one use of a step ever wins, on any instance.
    auto updated = Database::exec(db,
        QStringLiteral("UPDATE second_factors SET last_step = ? WHERE subject_kind = ? AND subject_id = ? "
                       "AND last_step < ? AND confirmed_at IS NOT NULL"),
        {*step, subject.kind, subject.id, *step});
    if (!updated)
        return std::unexpected(updated.error());
    if (updated->numRowsAffected() != 1)
        return std::unexpected(invalidCode());
    return {};
}

std::expected<void, Error> SecondFactor::useRecoveryCode(QSqlDatabase &db, const Subject &subject, const QString &typed)
{
    const QString plain = normalisedRecoveryCode(typed);
    if (plain.isEmpty()) {
        Passwords::verifyDummy(typed);
        return std::unexpected(invalidCode());
    }
    QString hash;
    {
        auto q = Database::exec(db,
            QStringLiteral("SELECT r.code_hash FROM recovery_codes r JOIN second_factors f ON "
                           "f.subject_kind = r.subject_kind AND f.subject_id = r.subject_id "
                           "WHERE r.subject_kind = ? AND r.subject_id = ? AND r.lookup = ? AND r.used_at IS NULL "
                           "AND f.confirmed_at IS NOT NULL"),
            {subject.kind, subject.id, plain.left(4)});
        if (!q)
            return std::unexpected(q.error());
        if (q->next())
            hash = q->value(0).toString();
    }
    // The same work whether or not the lookup matched.
    const bool ok = hash.isEmpty() ? (Passwords::verifyDummy(plain), false) : Passwords::verify(hash, plain.mid(4));
    if (!ok)
        return std::unexpected(invalidCode());
    auto used = Database::exec(db,
        QStringLiteral("UPDATE recovery_codes SET used_at = ? WHERE subject_kind = ? AND subject_id = ? AND lookup = ? "
                       "AND used_at IS NULL"),
        {TimeUtil::nowWire(), subject.kind, subject.id, plain.left(4)});
    if (!used)
        return std::unexpected(used.error());
    if (used->numRowsAffected() != 1)
        return std::unexpected(invalidCode()); // used at the same moment elsewhere
    return {};
}

std::expected<QStringList, Error> SecondFactor::regenerateRecoveryCodes(QSqlDatabase &db, const Subject &subject)
{
    auto s = status(db, subject);
    if (!s)
        return std::unexpected(s.error());
    if (!s->enrolled)
        return std::unexpected(Error{QStringLiteral("not_enrolled"), QStringLiteral("Two-factor sign-in is not on.")});
    WriteTransaction tx(db, subject.orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    auto codes = storeRecoveryCodes(db, subject);
    if (!codes)
        return std::unexpected(codes.error());
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return codes;
}

std::expected<bool, Error> SecondFactor::reset(QSqlDatabase &db, const Subject &subject)
{
    auto removed =
        Database::exec(db, QStringLiteral("DELETE FROM second_factors WHERE subject_kind = ? AND subject_id = ?"),
            {subject.kind, subject.id});
    if (!removed)
        return std::unexpected(removed.error());
    const bool had = removed->numRowsAffected() > 0;
    if (auto r =
            Database::exec(db, QStringLiteral("DELETE FROM recovery_codes WHERE subject_kind = ? AND subject_id = ?"),
                {subject.kind, subject.id});
        !r)
        return std::unexpected(r.error());
    return had;
}

std::expected<QByteArray, Error> SecondFactor::createChallenge(
    QSqlDatabase &db, const Challenge &challenge, const QString &peer)
{
    const QByteArray token = Passwords::randomToken(challengePrefix, 32);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (auto r = Database::exec(db,
            QStringLiteral("INSERT INTO sign_in_challenges (token_hash, subject_kind, subject_id, org_id, email, "
                           "client_name, peer, created_at, expires_at, attempts, purpose) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)"),
            {Passwords::tokenHash(token), challenge.subject.kind, challenge.subject.id, challenge.subject.orgId,
                challenge.email, challenge.clientName.left(200), peer, TimeUtil::toWire(now),
                TimeUtil::toWire(now.addSecs(challengeSeconds)), challenge.purpose});
        !r)
        return std::unexpected(r.error());
    return token;
}

std::expected<SecondFactor::Challenge, Error> SecondFactor::takeChallenge(
    QSqlDatabase &db, const QByteArray &token, const QString &kind, const QString &peer, const QString &purpose)
{
    const Error expired{QStringLiteral("challenge_expired"),
        QStringLiteral("This sign-in has expired. Enter your e-mail address and password again.")};
    if (!token.startsWith(challengePrefix) || token.size() > 200)
        return std::unexpected(expired);
    const QString hash = Passwords::tokenHash(token);
    // Counting the attempt first, conditionally, decides under the row's write lock.
    auto counted = Database::exec(db,
        QStringLiteral("UPDATE sign_in_challenges SET attempts = attempts + 1 WHERE token_hash = ? AND used_at IS NULL "
                       "AND expires_at > ? AND attempts < ? AND peer = ? AND subject_kind = ? AND purpose = ?"),
        {hash, TimeUtil::nowWire(), challengeAttempts, peer, kind, purpose});
    if (!counted)
        return std::unexpected(counted.error());
    if (counted->numRowsAffected() != 1)
        return std::unexpected(expired);
    auto q = Database::exec(db,
        QStringLiteral("SELECT subject_kind, subject_id, org_id, email, client_name FROM sign_in_challenges "
                       "WHERE token_hash = ?"),
        {hash});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::unexpected(expired);
    Challenge c{{q->value(0).toString(), q->value(1).toString(), q->value(2).toString()}, q->value(3).toString(),
        q->value(4).toString(), purpose};
    q->finish();
    return c;
}

std::expected<void, Error> SecondFactor::finishChallenge(QSqlDatabase &db, const QByteArray &token)
{
    if (auto r = Database::exec(db, QStringLiteral("UPDATE sign_in_challenges SET used_at = ? WHERE token_hash = ?"),
            {TimeUtil::nowWire(), Passwords::tokenHash(token)});
        !r)
        return std::unexpected(r.error());
    return {};
}

std::expected<SecondFactor::Requirement, Error> SecondFactor::requirement(QSqlDatabase &db, const Subject &subject)
{
    const bool staff = subject.kind == u"staff";
    auto q = Database::exec(db,
        staff ? QStringLiteral("SELECT o.two_factor_staff, o.two_factor_staff_since, o.two_factor_grace_days, "
                               "u.created_at, 0, NULL FROM staff_users u JOIN organisations o ON o.id = u.org_id "
                               "WHERE u.id = ? AND u.org_id = ?")
              : QStringLiteral("SELECT o.two_factor_clients, o.two_factor_clients_since, o.two_factor_grace_days, "
                               "c.created_at, cl.two_factor_required, cl.two_factor_since FROM contacts c "
                               "JOIN clients cl ON cl.id = c.client_id AND cl.org_id = c.org_id "
                               "JOIN organisations o ON o.id = c.org_id WHERE c.id = ? AND c.org_id = ?"),
        {subject.id, subject.orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return Requirement{};
    const QString mode = q->value(0).toString();
    std::optional<QDateTime> since = TimeUtil::fromWire(q->value(1).toString());
    const qint64 graceDays = q->value(2).toLongLong();
    const auto created = TimeUtil::fromWire(q->value(3).toString());
    bool required = false;
    if (staff) {
        required = q->value(0).toLongLong() != 0;
    } else if (mode == u"all") {
        required = true;
    } else if (mode == u"chosen" && q->value(4).toLongLong() != 0) {
        required = true;
        // Chosen after the setting began: from when the client was chosen.
        const auto chosen = TimeUtil::fromWire(q->value(5).toString());
        if (chosen && (!since || *chosen > *since))
            since = chosen;
    }
    q->finish();
    if (!required)
        return Requirement{};
    QDateTime start = since.value_or(QDateTime::currentDateTimeUtc());
    if (created && *created > start)
        start = *created;
    return Requirement{true, start.addDays(graceDays)};
}

std::expected<SecondFactor::Gate, Error> SecondFactor::gate(
    QSqlDatabase &db, const Challenge &signIn, const QString &peer)
{
    const auto factor = status(db, signIn.subject);
    if (!factor)
        return std::unexpected(factor.error());
    Gate gate;
    Challenge challenge = signIn;
    if (factor->enrolled) {
        challenge.purpose = QStringLiteral("code");
    } else {
        const auto need = requirement(db, signIn.subject);
        if (!need)
            return std::unexpected(need.error());
        if (!need->required)
            return gate;
        gate.enrolBy = TimeUtil::toWire(need->deadline);
        if (!need->overdue())
            return gate;
        challenge.purpose = QStringLiteral("enrol");
    }
    auto token = createChallenge(db, challenge, peer);
    if (!token)
        return std::unexpected(token.error());
    gate.challenge = *token;
    gate.purpose = challenge.purpose;
    return gate;
}
