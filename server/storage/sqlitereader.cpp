// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/sqlitereader.h"

#include <QScopeGuard>
#include <QSqlError>

#include "common/nativedriver.h"
#include "server/storage/database.h"
#include "server/storage/logging.h"

namespace {

Error failure(sqlite3 *handle, const QString &sql)
{
    const QString message = QString::fromUtf8(sqlite3_errmsg(handle));
    qCWarning(lcDatabase).noquote() << "read failed:" << message << "in" << sql;
    return databaseError(
        QSqlError(QString(), message, QSqlError::StatementError, QString::number(sqlite3_extended_errcode(handle))));
}

} // namespace

QVariant SqliteRow::value(int index) const
{
    switch (sqlite3_column_type(m_statement, index)) {
    case SQLITE_NULL:
        return QVariant();
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(m_statement, index)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_statement, index));
    case SQLITE_BLOB: {
        const auto *bytes = static_cast<const char *>(sqlite3_column_blob(m_statement, index));
        return QVariant(QByteArray(bytes, sqlite3_column_bytes(m_statement, index)));
    }
    default: {
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, index));
        return QVariant(QString::fromUtf8(text, sqlite3_column_bytes(m_statement, index)));
    }
    }
}

std::optional<QByteArrayView> SqliteRow::utf8(int index) const
{
    if (sqlite3_column_type(m_statement, index) != SQLITE_TEXT)
        return std::nullopt;
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, index));
    const QByteArrayView view(text, sqlite3_column_bytes(m_statement, index));
    // SQLite keeps whatever bytes it was given; what is not UTF-8 goes the driver's way.
    if (!view.isValidUtf8())
        return std::nullopt;
    return view;
}

std::expected<void, Error> SqliteReader::select(const QSqlDatabase &db, const QString &sql, const QVariantList &binds,
    const std::function<void(const SqliteRow &)> &onRow)
{
    sqlite3 *handle = NativeDriver::handle<sqlite3>(db, "sqlite3*");
    if (!handle)
        return std::unexpected(databaseError(QStringLiteral("no SQLite connection")));
    const QByteArray utf8 = sql.toUtf8();
    QByteArray text; // the parameters' text: outlives the statement
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(handle, utf8.constData(), int(utf8.size()), &statement, nullptr) != SQLITE_OK)
        return std::unexpected(failure(handle, sql));
    const auto finish = qScopeGuard([statement] {
        sqlite3_finalize(statement);
    });
    if (NativeDriver::bindAll(statement, binds, text) != SQLITE_OK)
        return std::unexpected(failure(handle, sql));
    const SqliteRow row(statement);
    for (;;) {
        const int stepped = sqlite3_step(statement);
        if (stepped == SQLITE_DONE)
            return {};
        if (stepped != SQLITE_ROW)
            return std::unexpected(failure(handle, sql));
        onRow(row);
    }
}
