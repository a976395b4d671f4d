// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>

#include <expected>

#include "common/error.h"

class HttpRequest;
class HttpResponse;

// Throttling of failed sign-ins, shared by staff and portal sign-in: per (scope, e-mail, client
// address), --login-max-failures failures lock that pair for --login-lockout-seconds, doubling up
// to 15 minutes; failures age out after 15 minutes. Unknown addresses are throttled alike, so the
// lock reveals nothing, and nobody can lock someone else out from another address.
namespace LoginThrottle {
QString key(const QString &email, const HttpRequest &request, const QString &scope = QStringLiteral("staff"));
// Seconds the caller still has to wait, 0 if none.
std::expected<qint64, Error> waitSeconds(QSqlDatabase &db, const QString &key);
std::expected<void, Error> recordFailure(QSqlDatabase &db, const QString &key);
std::expected<void, Error> clear(QSqlDatabase &db, const QString &key);
// 429 with Retry-After.
HttpResponse tooManyResponse(qint64 seconds);
} // namespace LoginThrottle
