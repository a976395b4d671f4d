// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

// Timestamps travel and are stored as ISO 8601 UTC with milliseconds ("2026-11-22T10:00:00.000Z"),
// so that text order is time order in both SQLite and PostgreSQL.
namespace TimeUtil {
QString toWire(const QDateTime &time);
QString nowWire();
std::optional<QDateTime> fromWire(const QString &text);
} // namespace TimeUtil
