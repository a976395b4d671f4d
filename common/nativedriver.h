// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the code that talks to a database through its own client library shares (the server's
// BulkWriter and SqliteReader, the desktop cache's pull): the Qt driver's connection handle, and
// values bound to an SQLite statement as Qt's driver binds them. Header only: a library that
// includes it links SQLite (or libpq) itself, privately.

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QStringEncoder>
#include <QStringList>
#include <QVariant>

#include <algorithm>
#include <span>

#include <sqlite3.h>

namespace NativeDriver {

// The driver's handle of `db`'s connection, when it is of `typeName` ("sqlite3*", "pg_conn*").
template <typename Handle> Handle *handle(const QSqlDatabase &db, const char *typeName)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), typeName) != 0)
        return nullptr;
    return *static_cast<Handle *const *>(handle.constData());
}

// How many rows of `width` columns go in one multi-row INSERT: each run of a statement costs
// SQLite a statement journal (a savepoint in the transaction) and its halt, whatever its number of
// rows. At most 32 rows, and at most 999 values (SQLite's oldest limit on parameters).
inline qsizetype rowsPerStatement(qsizetype width)
{
    return std::clamp<qsizetype>(999 / std::max<qsizetype>(width, 1), 1, 32);
}

// The VALUES of such a statement: `rows` times "(?, …)" of `width` parameters, comma-separated.
inline QString valueRows(qsizetype width, qsizetype rows)
{
    const QString oneRow = u'(' + QStringList(width, QStringLiteral("?")).join(u", ") + u')';
    return QStringList(rows, oneRow).join(u", ");
}

// As Qt's drivers take it: no value, or a null string or byte array, is NULL.
inline bool isNullValue(const QVariant &value)
{
    if (value.isNull())
        return true;
    switch (value.typeId()) {
    case QMetaType::QString:
        return static_cast<const QString *>(value.constData())->isNull();
    case QMetaType::QByteArray:
        return static_cast<const QByteArray *>(value.constData())->isNull();
    default:
        return false;
    }
}

inline bool isInteger(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
        return true;
    default:
        return false;
    }
}

// The room bindValues() needs in its text buffer for `values`: the UTF-8 of every string, at most 3
// bytes per UTF-16 unit.
inline qsizetype textRoom(const QVariantList &values)
{
    qsizetype room = 0;
    for (const QVariant &value : values) {
        if (value.typeId() == QMetaType::QString)
            room += static_cast<const QString *>(value.constData())->size() * 3;
    }
    return room;
}

// Binds `values` to the statement's parameters from `first` (1-based) on, as Qt's driver binds them,
// and returns SQLITE_OK or the first failure. Text goes in as UTF-8 written at `out`, which moves
// past it, and is bound from there without a copy of SQLite's own (SQLITE_STATIC): the buffer must
// have textRoom(values) bytes free at `out` and stay as it is until the statement has run and its
// parameters are bound again or cleared.
inline int bindValues(sqlite3_stmt *statement, const QVariantList &values, int first, char *&out)
{
    QStringEncoder encoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QVariant &value = values.at(i);
        const int index = int(first + i);
        int bound = SQLITE_OK;
        if (isNullValue(value)) {
            bound = sqlite3_bind_null(statement, index);
        } else if (isInteger(value)) {
            bound = sqlite3_bind_int64(statement, index, value.toLongLong());
        } else if (value.typeId() == QMetaType::Double) {
            bound = sqlite3_bind_double(statement, index, value.toDouble());
        } else if (value.typeId() == QMetaType::QByteArray) {
            const QByteArray *bytes = static_cast<const QByteArray *>(value.constData());
            bound = sqlite3_bind_blob64(statement, index, bytes->constData(), bytes->size(), SQLITE_TRANSIENT);
        } else if (value.typeId() == QMetaType::QString) {
            char *end = encoder.appendToBuffer(out, *static_cast<const QString *>(value.constData()));
            bound = sqlite3_bind_text64(statement, index, out, quint64(end - out), SQLITE_STATIC, SQLITE_UTF8);
            out = end;
        } else {
            // Anything else as its text (a date, a number of another type), copied.
            const QByteArray utf8 = value.toString().toUtf8();
            bound = sqlite3_bind_text64(
                statement, index, utf8.constData(), quint64(utf8.size()), SQLITE_TRANSIENT, SQLITE_UTF8);
        }
        if (bound != SQLITE_OK)
            return bound;
    }
    return SQLITE_OK;
}

// Binds `rows`, one after another, to all of the statement's parameters in order (bindValues; a
// statement of many rows, NativeDriver::valueRows), their text in `text`. Every row's text has its
// room before the first is bound, since growing the buffer moves it. Reused for every statement,
// `text` only grows, so binding allocates nothing.
inline int bindRows(sqlite3_stmt *statement, std::span<const QVariantList *const> rows, QByteArray &text)
{
    qsizetype room = 0;
    for (const QVariantList *row : rows)
        room += textRoom(*row);
    if (text.size() < room)
        text.resize(room);
    char *out = text.data();
    int first = 1;
    for (const QVariantList *row : rows) {
        if (const int bound = bindValues(statement, *row, first, out); bound != SQLITE_OK)
            return bound;
        first += int(row->size());
    }
    return SQLITE_OK;
}

// Binds `values` to all of the statement's parameters in order: bindRows() of one row.
inline int bindAll(sqlite3_stmt *statement, const QVariantList &values, QByteArray &text)
{
    const QVariantList *row = &values;
    return bindRows(statement, std::span(&row, 1), text);
}

} // namespace NativeDriver
