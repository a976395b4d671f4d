// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the code that talks to a database through its own client library shares (the server's
// BulkWriter and SqliteReader, the desktop cache's pull): the Qt driver's connection handle, and
// values bound to an SQLite statement as Qt's driver binds them. Header only: a library that
// includes it links SQLite (or libpq) itself, privately.

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

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

// Binds `value` to the 1-based parameter `index`; `text` keeps a text value's UTF-8 until the
// statement has copied it (it does: SQLITE_TRANSIENT).
inline int bind(sqlite3_stmt *statement, int index, const QVariant &value, QByteArray &text)
{
    if (isNullValue(value))
        return sqlite3_bind_null(statement, index);
    if (isInteger(value))
        return sqlite3_bind_int64(statement, index, value.toLongLong());
    if (value.typeId() == QMetaType::Double)
        return sqlite3_bind_double(statement, index, value.toDouble());
    if (value.typeId() == QMetaType::QByteArray) {
        const QByteArray *bytes = static_cast<const QByteArray *>(value.constData());
        return sqlite3_bind_blob64(statement, index, bytes->constData(), bytes->size(), SQLITE_TRANSIENT);
    }
    text = value.toString().toUtf8();
    return sqlite3_bind_text64(statement, index, text.constData(), quint64(text.size()), SQLITE_TRANSIENT, SQLITE_UTF8);
}

} // namespace NativeDriver
