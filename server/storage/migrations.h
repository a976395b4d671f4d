// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>

#include <expected>

#include "common/error.h"

// Versioned schema migrations. Each one is plain SQL that runs unchanged on SQLite and PostgreSQL;
// applied ones are recorded in schema_migrations, and every start applies the missing ones in order,
// each in its own transaction. Never edit a migration that has shipped: add the next one.
namespace Migrations {
int latestVersion();
// Applies what is missing; returns the schema version now in place.
std::expected<int, Error> migrate(QSqlDatabase &db);
} // namespace Migrations
