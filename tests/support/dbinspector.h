// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUrl>
#include <QUuid>
#include <QVariant>

#include "tests/support/serverprocess.h"

// Opens the database behind a running test server (its SQLite file or its PostgreSQL database) so a
// test can check what was stored, e.g. that no token is kept in plain text.
class DbInspector
{
public:
    explicit DbInspector(ServerProcess &server)
        : m_name(QStringLiteral("inspector-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        const QString url = server.databaseUrl();
        if (url.isEmpty()) {
            m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
            m_db.setDatabaseName(QDir(server.dataDir()).filePath(QStringLiteral("atrium.sqlite")));
        } else {
            const QUrl parsed(url);
            m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
            m_db.setHostName(parsed.host());
            m_db.setPort(parsed.port(5432));
            m_db.setUserName(parsed.userName());
            m_db.setDatabaseName(parsed.path().mid(1));
        }
        m_db.open();
    }
    ~DbInspector()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }

    bool isOpen() const { return m_db.isOpen(); }
    // Why the connection or the last failed exec() failed.
    QString lastError() const { return m_lastError.isEmpty() ? m_db.lastError().text() : m_lastError; }

    // All rows of the first column of a query with positional values.
    QVariantList column(const QString &sql, const QVariantList &binds = {})
    {
        QVariantList out;
        QSqlQuery q(m_db);
        q.prepare(sql);
        for (const QVariant &v : binds)
            q.addBindValue(v);
        if (!q.exec())
            return out;
        while (q.next())
            out.append(q.value(0));
        return out;
    }

    // All rows of a query, each as its values in column order.
    QList<QVariantList> rows(const QString &sql, const QVariantList &binds = {})
    {
        QList<QVariantList> out;
        QSqlQuery q(m_db);
        q.prepare(sql);
        for (const QVariant &v : binds)
            q.addBindValue(v);
        if (!q.exec())
            return out;
        while (q.next()) {
            QVariantList row;
            for (int i = 0; i < q.record().count(); ++i)
                row.append(q.value(i));
            out.append(row);
        }
        return out;
    }

    bool exec(const QString &sql, const QVariantList &binds = {})
    {
        QSqlQuery q(m_db);
        // Without values the statement runs unprepared: PostgreSQL cannot PREPARE DDL.
        bool ok = false;
        if (binds.isEmpty()) {
            ok = q.exec(sql);
        } else {
            q.prepare(sql);
            for (const QVariant &v : binds)
                q.addBindValue(v);
            ok = q.exec();
        }
        if (ok)
            return true;
        m_lastError = q.lastError().text();
        return false;
    }

private:
    QString m_name;
    QSqlDatabase m_db;
    QString m_lastError;
};
