// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <expected>

#include "common/error.h"

struct sqlite3_stmt;

// Writes many rows of one table at once, each engine by its fastest way in, under the driver's
// feet on the same connection (and so in its open transaction):
// - SQLite: one prepared single-row INSERT, kept for the connection's life, stepped once per row
//   with its values bound as UTF-8 by the library's own API. Qt's driver would bind every value
//   through a QVariant as UTF-16 for SQLite to convert back, and multi-row statements of thousands
//   of values cost more to bind than the rows cost to write.
// - PostgreSQL: COPY … FROM STDIN in the text format, the rows streamed to the server in one
//   command: no statement to plan, no value to parse twice.
// Values are storage values (QVariant null, integers, doubles, text); a failure is reported as
// Database::exec reports one ("constraint_violation" for a unique index, "busy", "storage_error"),
// and whatever rows went in before it stay in the transaction.
class BulkWriter
{
public:
    BulkWriter() = default;
    ~BulkWriter();
    BulkWriter(const BulkWriter &) = delete;
    BulkWriter &operator=(const BulkWriter &) = delete;

    // `rows` each hold one value per column, in the order of `columns`.
    std::expected<void, Error> insert(const QSqlDatabase &db, const QString &table, const QStringList &columns,
        const QList<const QVariantList *> &rows);
    // Forgets the prepared statements (before their connection closes or after it was reopened).
    void clear();

private:
    std::expected<void, Error> insertSqlite(const QSqlDatabase &db, const QString &table, const QStringList &columns,
        const QList<const QVariantList *> &rows);
    std::expected<void, Error> copyPostgres(const QSqlDatabase &db, const QString &table, const QStringList &columns,
        const QList<const QVariantList *> &rows);

    QHash<QString, sqlite3_stmt *> m_statements;
    // The bound text of the statement being written (NativeDriver::bindRows), reused for every one.
    QByteArray m_text;
};
