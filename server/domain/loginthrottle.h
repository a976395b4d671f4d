// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>

#include <expected>

#include "common/error.h"

// Throttling of failed sign-ins, shared by staff and portal sign-in: per (scope, e-mail, client
// address), --login-max-failures failures lock that pair for --login-lockout-seconds, doubling up
// to 15 minutes; failures age out after 15 minutes. Unknown addresses are throttled alike, so the
// lock reveals nothing, and nobody can lock someone else out from another address.
namespace LoginThrottle {
// How many failures lock a key, and for how long at first (--login-max-failures,
// --login-lockout-seconds).
struct Policy
{
    int maxFailures = 5;
    int lockoutSeconds = 60;
};
// Why a throttled step did not happen: the error ("too_many_attempts" with the seconds to wait in
// retryAfterSeconds, or whatever the step itself refused).
struct Refusal
{
    Error error;
    qint64 retryAfterSeconds = 0;
};
QString key(const QString &email, const QString &peer, const QString &scope = QStringLiteral("staff"));
// Seconds the caller still has to wait, 0 if none.
std::expected<qint64, Error> waitSeconds(QSqlDatabase &db, const QString &key);
// The one step before a password is checked: when the key is locked, the seconds to wait (nothing
// is counted); otherwise the attempt is counted as a failure at once and 0 comes back, and a
// successful sign-in then clear()s the key. Deciding and counting are one transaction under the
// key's lock, so of any number of parallel guesses at most --login-max-failures get through.
std::expected<qint64, Error> admit(QSqlDatabase &db, const QString &key, const Policy &policy);
// Counts one failure (for routes that decide after the fact), under the same lock as admit().
std::expected<void, Error> recordFailure(QSqlDatabase &db, const QString &key, const Policy &policy);
std::expected<void, Error> clear(QSqlDatabase &db, const QString &key);
} // namespace LoginThrottle
