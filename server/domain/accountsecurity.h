// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <expected>

#include "common/error.h"
#include "server/domain/loginthrottle.h"
#include "server/domain/secondfactor.h"
#include "server/domain/syncstore.h"

// Two-factor sign-in as staff and clients manage it (SecondFactor does the cryptography): enrolling
// with a first code, new recovery codes, and an administrator's reset. Each change that someone
// did not make themselves, or that could hide an intrusion, is mailed to them.
namespace AccountSecurity {

struct Enrolment
{
    QString secret; // base32, for typing into an app
    QString otpauthUri; // for the QR code
};

std::expected<SecondFactor::Status, Error> status(const SecondFactor::Subject &subject);
// A new secret for `account` (an e-mail address), shown as issued by `issuer` in the app.
std::expected<Enrolment, Error> enrol(
    const SecondFactor::Subject &subject, const QByteArray &key, const QString &issuer, const QString &account);
// The secret for a sign-in that may only enrol (a challenge of purpose "enrol" for a subject of
// `kind`, made from `peer`): a new one each call, named in the app after Atrium (staff) or the
// organisation (clients). "challenge_expired" for an unknown, used, expired or foreign challenge.
std::expected<Enrolment, Error> beginSignInEnrolment(
    const QByteArray &challenge, const QString &kind, const QString &peer, const QByteArray &key);
// The pending enrolment's otpauth:// URI (the portal draws its QR code); "not_found" if none.
std::expected<QString, Error> pendingUri(
    const SecondFactor::Subject &subject, const QByteArray &key, const QString &issuer, const QString &account);
// Confirms an enrolment begun with enrol() (recorded in the security log, from `address`).
std::expected<QStringList, Error> confirm(
    const SecondFactor::Subject &subject, const QByteArray &key, const QString &code, const QString &address);
// Ten new recovery codes for a current code; the old ones stop working, and the user is told by
// mail (`name`, `email`). Wrong codes are throttled per account and address like sign-ins.
std::expected<QStringList, LoginThrottle::Refusal> newRecoveryCodes(const SecondFactor::Subject &subject,
    const QByteArray &key, const QString &code, const QString &name, const QString &email, const QString &address,
    const LoginThrottle::Policy &throttle);
// An administrator removes a staff member's ("staff") or a contact's ("contact") second factor:
// recorded in the activity log, the person mailed. "not_found" for anyone outside the admin's
// organisation (hidden = missing), "forbidden" for a member.
std::expected<bool, Error> adminReset(const Actor &admin, const QString &kind, const QString &id);

// A contact's open portal sessions, for an administrator (hidden = missing across organisations).
struct ContactSession
{
    QString id;
    QString device;
    QString address;
    QString createdAt;
    QString lastSeenAt;
};
std::expected<QList<ContactSession>, Error> contactSessions(const Actor &admin, const QString &contactId);
// Ends every portal session of the contact (logged); how many. They take effect at the next request.
std::expected<int, Error> endContactSessions(const Actor &admin, const QString &contactId);

} // namespace AccountSecurity
