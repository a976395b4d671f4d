// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <expected>

#include "common/error.h"

class QSqlDatabase;

// Two-factor sign-in with time-based codes (TOTP, RFC 6238: SHA-1, 6 digits, 30 s steps, one step
// either side), for staff and for clients alike; a "subject" is one of them.
//
// Secrets are 20 random bytes, stored only encrypted (libsodium's crypto_secretbox, XSalsa20-
// Poly1305) under a key kept in a file outside the database (SecretKey), so a copy of the database
// alone reveals none. A code is accepted once: the step it belongs to must be later than the last
// accepted one (the replay guard, one conditional UPDATE, so it holds across server instances).
// Ten recovery codes of 80 random bits (plus a 20-bit lookup prefix) are shown once at enrolment,
// stored as Argon2id hashes, and each works once.
namespace SecondFactor {

// "staff" (staff_users.id) or "contact" (contacts.id).
struct Subject
{
    QString kind;
    QString id;
    QString orgId;
};

// The key that encrypts the secrets: 32 bytes in `path`, created (mode 600, never replaced) on
// first use. Several instances on one database share the file (--secret-key-file).
std::expected<QByteArray, Error> loadOrCreateKey(const QString &path);

// Seals and opens a secret under `key` (the stored form is "v1:" + base64 of nonce and ciphertext).
QString seal(const QByteArray &secret, const QByteArray &key);
std::expected<QByteArray, Error> open(const QString &sealed, const QByteArray &key);

// The code of `secret` at `time` (for tests and tools); "" if liboath fails.
QString codeAt(const QByteArray &secret, const QDateTime &time);
// RFC 4648 base32 without padding, as authenticator apps take it, and back.
QString base32(const QByteArray &bytes);
QByteArray fromBase32(const QString &text);
// The otpauth:// URI an authenticator app reads from the QR code.
QString otpauthUri(const QString &issuer, const QString &account, const QByteArray &secret);

struct Status
{
    bool enrolled = false; // a confirmed second factor
    bool pending = false; // enrolment begun, not confirmed yet
    QString confirmedAt;
    int recoveryCodesLeft = 0;
};
std::expected<Status, Error> status(QSqlDatabase &db, const Subject &subject);

// Begins (or begins again) an enrolment: a new secret, returned once in the clear for the QR
// code. "already_enrolled" while a confirmed factor exists (an admin reset ends it).
std::expected<QByteArray, Error> beginEnrolment(QSqlDatabase &db, const Subject &subject, const QByteArray &key);
// The pending enrolment's secret (for the portal's QR image); "not_found" if none.
std::expected<QByteArray, Error> pendingSecret(QSqlDatabase &db, const Subject &subject, const QByteArray &key);
// Confirms the pending enrolment with a first code; gives the ten recovery codes, shown once.
// "invalid_code" for a wrong one, "not_found" without a pending enrolment.
std::expected<QStringList, Error> confirmEnrolment(
    QSqlDatabase &db, const Subject &subject, const QByteArray &key, const QString &code);

// Checks a code of the confirmed factor, and accepts it (the replay guard) when right:
// "invalid_code" for a wrong, replayed or malformed one.
std::expected<void, Error> verifyCode(
    QSqlDatabase &db, const Subject &subject, const QByteArray &key, const QString &code);
// Uses up one recovery code: "invalid_code" when it is unknown or used.
std::expected<void, Error> useRecoveryCode(QSqlDatabase &db, const Subject &subject, const QString &code);
// Ten new recovery codes in place of all the earlier ones.
std::expected<QStringList, Error> regenerateRecoveryCodes(QSqlDatabase &db, const Subject &subject);
// Removes the factor and its recovery codes (an admin's reset); false when there was none.
std::expected<bool, Error> reset(QSqlDatabase &db, const Subject &subject);

// A sign-in that passed the password and waits for the second factor: a random token handed to
// the client (stored as its SHA-256), valid for 5 minutes, usable once, at most 5 tries. Its
// purpose is "code" (answered with a code of the app or a recovery code) or "enrol" (the
// organisation requires two-factor sign-in and the grace period is over: the sign-in continues
// only by enrolling, and completes with the first code).
struct Challenge
{
    Subject subject;
    QString email;
    QString clientName;
    QString purpose = QStringLiteral("code");
};
std::expected<QByteArray, Error> createChallenge(QSqlDatabase &db, const Challenge &challenge, const QString &peer);
// The challenge's sign-in, when the token is known, unused and unexpired, of a subject of `kind`
// (a staff sign-in never completes a client's, nor the other way round), made for `purpose`, and
// `peer` is where it was made: "challenge_expired" otherwise. Counts a try.
std::expected<Challenge, Error> takeChallenge(
    QSqlDatabase &db, const QByteArray &token, const QString &kind, const QString &peer, const QString &purpose);
// Ends the challenge once its sign-in happened.
std::expected<void, Error> finishChallenge(QSqlDatabase &db, const QByteArray &token);

// What the organisation asks of a subject with no second factor: organisations.two_factor_staff
// for staff; two_factor_clients ("all", or "chosen" with clients.two_factor_required) for
// contacts. The grace period runs from when the requirement began for them (the later of the
// setting's start and their own record's creation) for two_factor_grace_days days.
struct Requirement
{
    bool required = false;
    QDateTime deadline; // the grace period's end, when required
    bool overdue() const { return required && QDateTime::currentDateTimeUtc() >= deadline; }
};
std::expected<Requirement, Error> requirement(QSqlDatabase &db, const Subject &subject);

// Where a sign-in goes once the password (or an e-mailed link) was right, for staff and clients
// alike: a challenge for the code when a factor is enrolled; a challenge that may only enrol when
// one is required and the grace period is over; otherwise straight in, told until when the
// organisation lets them sign in without one (enrolBy) when it requires one.
struct Gate
{
    QByteArray challenge; // empty: sign in now
    QString purpose; // the challenge's
    QString enrolBy; // wire time, when required and not enrolled yet
};
std::expected<Gate, Error> gate(QSqlDatabase &db, const Challenge &signIn, const QString &peer);

} // namespace SecondFactor
