// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/bulkwriter.h"

#include <QScopeGuard>
#include <QSqlError>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <optional>

#include "common/nativedriver.h"
#include "server/storage/database.h"
#include "server/storage/logging.h"

namespace {

Error failure(const QString &sql, const QString &message, const QString &nativeCode)
{
    // The statement up to its values: a statement of 32 rows has a kilobyte of placeholders.
    const qsizetype values = sql.indexOf(u" VALUES ");
    qCWarning(lcDatabase).noquote() << "bulk write failed:" << message << "in"
                                    << (values < 0 ? sql : QString(sql.left(values) + u" VALUES …"));
    return databaseError(QSqlError(QString(), message, QSqlError::StatementError, nativeCode));
}

// COPY's text format: a backslash, tab, newline or carriage return in a value is escaped; runs of
// other characters go in whole.
void appendCopyText(QByteArray &out, const QByteArray &utf8)
{
    const char *run = utf8.constData();
    const char *const end = run + utf8.size();
    for (const char *p = run; p < end; ++p) {
        const char c = *p;
        if (c != '\\' && c != '\t' && c != '\n' && c != '\r')
            continue;
        out.append(run, p - run);
        run = p + 1;
        const char escape[] = {'\\', c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r'};
        out.append(escape, sizeof escape);
    }
    out.append(run, end - run);
}

void appendCopyValue(QByteArray &out, const QVariant &value)
{
    if (NativeDriver::isNullValue(value)) {
        out.append("\\N");
    } else if (value.typeId() == QMetaType::Bool) {
        out.append(value.toBool() ? '1' : '0');
    } else if (NativeDriver::isInteger(value)) {
        out.append(QByteArray::number(value.toLongLong()));
    } else if (value.typeId() == QMetaType::Double) {
        out.append(QByteArray::number(value.toDouble(), 'g', 17));
    } else {
        appendCopyText(out, value.toString().toUtf8());
    }
}

} // namespace

BulkWriter::~BulkWriter()
{
    clear();
}

void BulkWriter::clear()
{
    for (sqlite3_stmt *statement : std::as_const(m_statements))
        sqlite3_finalize(statement);
    m_statements.clear();
}

std::expected<void, Error> BulkWriter::insert(
    const QSqlDatabase &db, const QString &table, const QStringList &columns, const QList<const QVariantList *> &rows)
{
    if (rows.isEmpty())
        return {};
    return Database::isPostgres() ? copyPostgres(db, table, columns, rows) : insertSqlite(db, table, columns, rows);
}

std::expected<void, Error> BulkWriter::insertSqlite(
    const QSqlDatabase &db, const QString &table, const QStringList &columns, const QList<const QVariantList *> &rows)
{
    sqlite3 *handle = NativeDriver::handle<sqlite3>(db, "sqlite3*");
    if (!handle)
        return std::unexpected(databaseError(QStringLiteral("no SQLite connection")));
    // Rows go in several to a statement (NativeDriver::rowsPerStatement); the rest, fewer than a
    // full statement's, one at a time.
    const qsizetype width = columns.size();
    const qsizetype perStatement = NativeDriver::rowsPerStatement(width);
    const QString into = QStringLiteral("INSERT INTO %1 (%2) VALUES ").arg(table, columns.join(u", "));

    const auto prepared = [&](qsizetype rowsInStatement) -> std::expected<sqlite3_stmt *, Error> {
        const QString sql = into + NativeDriver::valueRows(width, rowsInStatement);
        if (sqlite3_stmt *statement = m_statements.value(sql))
            return statement;
        sqlite3_stmt *statement = nullptr;
        const QByteArray utf8 = sql.toUtf8();
        if (sqlite3_prepare_v3(
                handle, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, &statement, nullptr)
            != SQLITE_OK)
            return std::unexpected(failure(
                sql, QString::fromUtf8(sqlite3_errmsg(handle)), QString::number(sqlite3_extended_errcode(handle))));
        m_statements.insert(sql, statement);
        return statement;
    };
    const auto run = [&](sqlite3_stmt *statement, qsizetype from, qsizetype count) -> std::expected<void, Error> {
        const auto resetAfter = qScopeGuard([statement] {
            sqlite3_reset(statement);
            sqlite3_clear_bindings(statement);
        });
        const std::span<const QVariantList *const> these(rows.constData() + from, size_t(count));
        Q_ASSERT(std::all_of(these.begin(), these.end(), [&](const QVariantList *row) {
            return row->size() == width;
        }));
        if (NativeDriver::bindRows(statement, these, m_text) != SQLITE_OK)
            return std::unexpected(failure(QString::fromUtf8(sqlite3_sql(statement)),
                QString::fromUtf8(sqlite3_errmsg(handle)), QString::number(sqlite3_extended_errcode(handle))));
        if (sqlite3_step(statement) != SQLITE_DONE) {
            // The extended code tells a unique index (2067, 1555) from other constraints.
            const QString code = QString::number(sqlite3_extended_errcode(handle));
            return std::unexpected(
                failure(QString::fromUtf8(sqlite3_sql(statement)), QString::fromUtf8(sqlite3_errmsg(handle)), code));
        }
        return {};
    };

    qsizetype next = 0;
    if (rows.size() >= perStatement) {
        auto many = prepared(perStatement);
        if (!many)
            return std::unexpected(many.error());
        for (; rows.size() - next >= perStatement; next += perStatement) {
            if (auto ran = run(*many, next, perStatement); !ran)
                return ran;
        }
    }
    if (next < rows.size()) {
        auto single = prepared(1);
        if (!single)
            return std::unexpected(single.error());
        for (; next < rows.size(); ++next) {
            if (auto ran = run(*single, next, 1); !ran)
                return ran;
        }
    }
    return {};
}

std::expected<void, Error> BulkWriter::copyPostgres(
    const QSqlDatabase &db, const QString &table, const QStringList &columns, const QList<const QVariantList *> &rows)
{
    PGconn *connection = NativeDriver::handle<PGconn>(db, "pg_conn*");
    if (!connection)
        return std::unexpected(databaseError(QStringLiteral("no PostgreSQL connection")));
    const QString sql = QStringLiteral("COPY %1 (%2) FROM STDIN").arg(table, columns.join(u", "));
    const auto resultError = [&](PGresult *result) {
        const QString code = QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE));
        const QString message = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
        return failure(
            sql, message.isEmpty() ? QString::fromUtf8(PQerrorMessage(connection)).trimmed() : message, code);
    };

    PGresult *started = PQexec(connection, sql.toUtf8().constData());
    if (PQresultStatus(started) != PGRES_COPY_IN) {
        const Error error = resultError(started);
        PQclear(started);
        return std::unexpected(error);
    }
    PQclear(started);

    // The rows go out in pieces of about 256 KiB; libpq buffers and sends them.
    constexpr qsizetype piece = 256 * 1024;
    QByteArray buffer;
    buffer.reserve(piece + 4096);
    bool sent = true;
    for (const QVariantList *row : rows) {
        Q_ASSERT(row->size() == columns.size());
        for (int i = 0; i < row->size(); ++i) {
            if (i > 0)
                buffer.append('\t');
            appendCopyValue(buffer, row->at(i));
        }
        buffer.append('\n');
        if (buffer.size() >= piece) {
            sent = PQputCopyData(connection, buffer.constData(), int(buffer.size())) == 1;
            buffer.clear();
            if (!sent)
                break;
        }
    }
    if (sent && !buffer.isEmpty())
        sent = PQputCopyData(connection, buffer.constData(), int(buffer.size())) == 1;
    // Ending the copy with an error message when sending failed makes the server abandon it.
    PQputCopyEnd(connection, sent ? nullptr : "the server could not send the rows");

    std::optional<Error> error;
    while (PGresult *result = PQgetResult(connection)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && !error)
            error = resultError(result);
        PQclear(result);
    }
    if (error)
        return std::unexpected(*error);
    if (!sent)
        return std::unexpected(failure(sql, QString::fromUtf8(PQerrorMessage(connection)).trimmed(), QString()));
    return {};
}
