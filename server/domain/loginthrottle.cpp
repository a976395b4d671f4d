// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/loginthrottle.h"

#include <QDateTime>

#include <algorithm>

#include "common/timeutil.h"
#include "server/domain/passwords.h"
#include "server/storage/database.h"

namespace {
constexpr int failureWindowSeconds = 15 * 60;
constexpr int maxLockSeconds = 15 * 60;
} // namespace

QString LoginThrottle::key(const QString &email, const QString &peer, const QString &scope)
{
    // Keyed on the address too: failures from one place cannot lock the account for everyone else.
    return Passwords::tokenHash(scope.toUtf8() + '|' + email.toUtf8() + '|' + peer.toUtf8());
}

// Seconds the caller still has to wait, 0 if none.
std::expected<qint64, Error> LoginThrottle::waitSeconds(QSqlDatabase &db, const QString &key)
{
    auto q =
        Database::exec(db, QStringLiteral("SELECT locked_until FROM login_throttle WHERE throttle_key = ?"), {key});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next() || q->value(0).isNull())
        return 0;
    const auto until = TimeUtil::fromWire(q->value(0).toString());
    if (!until)
        return 0;
    const qint64 wait = QDateTime::currentDateTimeUtc().secsTo(*until);
    return std::max<qint64>(0, wait);
}

namespace {

// Counts one failure of `key` in one transaction that holds the key's lock (SQLite: the single
// writer; PostgreSQL: an advisory lock on the key), so parallel attempts are counted one after
// another and none sees the count from before the others. With `unlessLocked`, a key that is
// locked is left as it is and the seconds to wait come back instead.
std::expected<qint64, Error> countFailure(
    QSqlDatabase &db, const QString &key, const LoginThrottle::Policy &policy, bool unlessLocked)
{
    WriteTransaction tx(db, QString());
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    if (Database::isPostgres()) {
        if (auto r = Database::exec(db, QStringLiteral("SELECT pg_advisory_xact_lock(7002, hashtext(?))"), {key}); !r)
            return std::unexpected(r.error());
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    int failures = 0;
    QDateTime first = now;
    bool exists = false;
    {
        auto q = Database::exec(db,
            QStringLiteral(
                "SELECT failures, first_failure_at, locked_until FROM login_throttle WHERE throttle_key = ?"),
            {key});
        if (!q)
            return std::unexpected(q.error());
        exists = q->next();
        if (exists) {
            const auto started = TimeUtil::fromWire(q->value(1).toString());
            const auto lockedUntil = TimeUtil::fromWire(q->value(2).toString());
            if (unlessLocked && lockedUntil && *lockedUntil > now)
                return std::max<qint64>(1, now.secsTo(*lockedUntil));
            // Old failures age out, so a lockout never lasts longer than the window after the last attempt.
            if (started && started->secsTo(now) < failureWindowSeconds) {
                failures = q->value(0).toInt();
                first = *started;
            }
        }
    }
    ++failures;
    QVariant lockedUntil(QMetaType::fromType<QString>());
    if (failures >= policy.maxFailures) {
        const int doublings = std::min(failures - policy.maxFailures, 10);
        const qint64 seconds = std::min<qint64>(qint64(policy.lockoutSeconds) << doublings, maxLockSeconds);
        lockedUntil = TimeUtil::toWire(now.addSecs(seconds));
    }
    const QString sql = exists
        ? QStringLiteral(
            "UPDATE login_throttle SET failures = ?, first_failure_at = ?, locked_until = ? WHERE throttle_key = ?")
        : QStringLiteral(
            "INSERT INTO login_throttle (failures, first_failure_at, locked_until, throttle_key) VALUES (?, ?, ?, ?)");
    if (auto r = Database::exec(db, sql, {failures, TimeUtil::toWire(first), lockedUntil, key}); !r)
        return std::unexpected(r.error());
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return 0;
}

} // namespace

std::expected<qint64, Error> LoginThrottle::admit(QSqlDatabase &db, const QString &key, const Policy &policy)
{
    return countFailure(db, key, policy, true);
}

std::expected<void, Error> LoginThrottle::recordFailure(QSqlDatabase &db, const QString &key, const Policy &policy)
{
    if (auto r = countFailure(db, key, policy, false); !r)
        return std::unexpected(r.error());
    return {};
}

std::expected<void, Error> LoginThrottle::clear(QSqlDatabase &db, const QString &key)
{
    if (auto r = Database::exec(db, QStringLiteral("DELETE FROM login_throttle WHERE throttle_key = ?"), {key}); !r)
        return std::unexpected(r.error());
    return {};
}
