// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QSqlDatabase>
#include <QVariant>

#include <expected>
#include <functional>
#include <optional>

#include "common/error.h"

struct sqlite3_stmt;

// A row of a statement read through SQLite's own interface.
class SqliteRow
{
public:
    // The value as Qt's driver gives it: null, a 64-bit integer, a double, a QString or a QByteArray.
    QVariant value(int index) const;
    // The value as stored, when it is text in valid UTF-8 (and for as long as the row is current);
    // nothing for NULL, a number, a blob, or bytes that are not UTF-8.
    std::optional<QByteArrayView> utf8(int index) const;

private:
    friend class SqliteReader;
    explicit SqliteRow(sqlite3_stmt *statement)
        : m_statement(statement)
    {
    }
    sqlite3_stmt *m_statement;
};

// Reads a SELECT's rows on an SQLite connection without Qt's driver in between: no QVariant per
// value, and text in the UTF-8 it is stored in rather than converted to UTF-16 and back. For the
// reads whose every value goes straight into text (a pull page: the driver's conversions were half
// its time). The statement is prepared for the call and finished before it returns, so it holds no
// read snapshot afterwards. Failures are reported as Database::exec reports them. Called through
// Database::selectSqlite, which does first what goes before any statement.
class SqliteReader
{
public:
    static std::expected<void, Error> select(const QSqlDatabase &db, const QString &sql, const QVariantList &binds,
        const std::function<void(const SqliteRow &)> &onRow);
};
