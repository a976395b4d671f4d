// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The migrations (server/storage/migrations.cpp) and the entity schema (common/entityschema.h) say
// the same thing twice: which tables and columns a synced entity has. The real server migrates a
// fresh database (SQLite, or PostgreSQL with ATRIUM_TEST_DATABASE=postgres) and every entity's
// fields are compared with its table's columns, both ways.

#include <QTest>

#include "common/entityschema.h"
#include "tests/support/dbinspector.h"
#include "tests/support/serverprocess.h"

namespace {

// Columns an entity's table has beyond its synced fields: kept by the server, never sent to a
// desktop. A new column must be a field of the schema, or be listed here on purpose.
const QHash<QString, QStringList> &serverOnlyColumns()
{
    static const QHash<QString, QStringList> columns{
        {QStringLiteral("organisations"), {QStringLiteral("storage_reserved_bytes")}}, // uploads under way
        {QStringLiteral("contacts"), {QStringLiteral("password_hash")}},
        {QStringLiteral("files"), {QStringLiteral("blob_name")}}, // the content's name in the blob store
        // The address an e-mail invite went to (it works only for that one) and its token's hash.
        {QStringLiteral("invites"), {QStringLiteral("token_hash"), QStringLiteral("sent_to")}},
        {QStringLiteral("staff_users"), {QStringLiteral("password_hash")}},
    };
    return columns;
}

// Server-only columns every entity's table has: what a row was deleted along with (a project's
// tasks carry the project's id), so a restore brings them back with it.
const QStringList everyTable = {QStringLiteral("deleted_with")};

// The type family a column of `type` must have: "integer" or "text".
QString familyOf(FieldType type)
{
    switch (type) {
    case FieldType::Integer:
    case FieldType::Boolean:
        return QStringLiteral("integer");
    default:
        return QStringLiteral("text");
    }
}

QString familyOfColumn(const QString &sqlType)
{
    const QString t = sqlType.toLower();
    if (t.contains(u"int"))
        return QStringLiteral("integer");
    if (t.contains(u"text") || t.contains(u"char"))
        return QStringLiteral("text");
    return t;
}

} // namespace

class TestSchemaMigrations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyEntityMatchesItsTable_data();
    void everyEntityMatchesItsTable();

private:
    ServerProcess m_server;
    // Per table: column → type family.
    QHash<QString, QHash<QString, QString>> m_tables;
};

void TestSchemaMigrations::initTestCase()
{
    const auto migrated = m_server.runCli({QStringLiteral("migrate")});
    QVERIFY2(migrated.exitCode == 0, migrated.err.constData());
    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    const bool postgres = !m_server.databaseUrl().isEmpty();
    for (const EntitySpec &spec : EntitySchema::entities()) {
        const QList<QVariantList> columns = postgres
            ? db.rows(QStringLiteral("SELECT column_name, data_type FROM information_schema.columns "
                                     "WHERE table_schema = current_schema() AND table_name = ?"),
                {spec.table})
            : db.rows(QStringLiteral("SELECT name, type FROM pragma_table_info(?)"), {spec.table});
        for (const QVariantList &column : columns)
            m_tables[spec.table].insert(column.at(0).toString(), familyOfColumn(column.at(1).toString()));
    }
}

void TestSchemaMigrations::everyEntityMatchesItsTable_data()
{
    QTest::addColumn<QString>("entity");
    for (const EntitySpec &spec : EntitySchema::entities())
        QTest::addRow("%s", qPrintable(spec.name)) << spec.name;
}

void TestSchemaMigrations::everyEntityMatchesItsTable()
{
    QFETCH(QString, entity);
    const EntitySpec *spec = EntitySchema::find(entity);
    QVERIFY(spec);
    const QHash<QString, QString> table = m_tables.value(spec->table);
    QVERIFY2(!table.isEmpty(), qPrintable(QStringLiteral("the migrations make no table %1").arg(spec->table)));

    QStringList problems;
    QHash<QString, QString> expected;
    for (const QString &column : EntitySchema::commonColumns)
        expected.insert(
            column, column == u"version" || column == u"deleted" ? QStringLiteral("integer") : QStringLiteral("text"));
    for (const FieldSpec &field : spec->fields)
        expected.insert(field.name, familyOf(field.type));
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        if (!table.contains(it.key()))
            problems.append(QStringLiteral("field %1 has no column in %2").arg(it.key(), spec->table));
        else if (table.value(it.key()) != it.value())
            problems.append(QStringLiteral("column %1.%2 is %3, the field is %4")
                                .arg(spec->table, it.key(), table.value(it.key()), it.value()));
    }
    const QStringList serverOnly = serverOnlyColumns().value(spec->table) + everyTable;
    for (auto it = table.cbegin(); it != table.cend(); ++it) {
        if (!expected.contains(it.key()) && !serverOnly.contains(it.key()))
            problems.append(QStringLiteral("column %1.%2 is no field of %3 (nor a server-only column)")
                                .arg(spec->table, it.key(), entity));
    }
    problems.sort();
    if (!problems.isEmpty())
        QFAIL(qPrintable(problems.join(u"; ")));
}

QTEST_GUILESS_MAIN(TestSchemaMigrations)
#include "tst_schemamigrations.moc"
