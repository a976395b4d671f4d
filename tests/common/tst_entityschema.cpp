// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <QTest>

#include "common/entityschema.h"

class TestEntitySchema : public QObject
{
    Q_OBJECT

private slots:
    void everyEntityIsThere()
    {
        const QStringList expected = {"organisation", "staff_user", "client", "contact", "project", "task", "file",
            "signoff", "comment", "invite", "conflict", "inbox_mark", "activity"};
        for (const QString &name : expected)
            QVERIFY2(EntitySchema::find(name), qPrintable(name));
        QCOMPARE(EntitySchema::entities().size(), expected.size());
        QVERIFY(!EntitySchema::find(u"password"));
    }

    void uuids_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("lower case") << "0f8fad5b-d9cb-469f-a165-70867728950e" << true;
        QTest::newRow("all digits") << "01234567-8901-2345-6789-012345678901" << true;
        QTest::newRow("upper case") << "0F8FAD5B-D9CB-469F-A165-70867728950E" << false;
        QTest::newRow("braces") << "{0f8fad5b-d9cb-469f-a165-70867728950e}" << false;
        QTest::newRow("no dashes") << "0f8fad5bd9cb469fa16570867728950e" << false;
        QTest::newRow("dash moved") << "0f8fad5bd-9cb-469f-a165-70867728950e" << false;
        QTest::newRow("one short") << "0f8fad5b-d9cb-469f-a165-70867728950" << false;
        QTest::newRow("one long") << "0f8fad5b-d9cb-469f-a165-70867728950ee" << false;
        QTest::newRow("not hex") << "0f8fad5b-d9cb-469f-a165-70867728950g" << false;
        QTest::newRow("space") << "0f8fad5b-d9cb-469f-a165-70867728950 " << false;
        QTest::newRow("fullwidth digit") << QStringLiteral("0f8fad5b-d9cb-469f-a165-7086772895０e") << false;
        QTest::newRow("empty") << "" << false;
    }

    void uuids()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QCOMPARE(EntitySchema::isUuid(text), valid);
    }

    // New ids are version 7 UUIDs: valid on the wire, random in their last 74 bits, and in the
    // order they were made from one millisecond to the next (what keeps a new row's key at the end
    // of an index on ids).
    void newIdsAreTimeOrdered()
    {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const QString first = EntitySchema::newUuid();
        QVERIFY2(EntitySchema::isUuid(first), qPrintable(first));
        QCOMPARE(first.at(14), u'7'); // version
        QVERIFY(QStringLiteral("89ab").contains(first.at(19))); // variant 10
        const qint64 stamped = QString(first.left(8) + first.mid(9, 4)).toLongLong(nullptr, 16);
        QVERIFY(stamped >= before);
        QVERIFY(stamped <= QDateTime::currentMSecsSinceEpoch());

        QSet<QString> seen{first};
        QString previous = first;
        for (int i = 0; i < 1000; ++i) {
            const QString id = EntitySchema::newUuid();
            QVERIFY2(!seen.contains(id), qPrintable(id));
            seen.insert(id);
            // Within one millisecond two ids fall in any order; across milliseconds, in order.
            QVERIFY2(id.left(13) >= previous.left(13), qPrintable(previous + u' ' + id));
            previous = id;
        }
        QTest::qWait(3);
        QVERIFY(EntitySchema::newUuid() > first);
    }

    void fieldsMatchTheWireFormat()
    {
        const EntitySpec *task = EntitySchema::find(u"task");
        const QStringList fields = {
            "project_id", "title", "description", "status", "due_date", "assignee_id", "visibility", "position"};
        for (const QString &name : fields)
            QVERIFY2(task->field(name), qPrintable(name));
        QCOMPARE(task->field(u"visibility")->defaultValue.toString(), QStringLiteral("private"));
        QCOMPARE(EntitySchema::find(u"file")->field(u"visibility")->defaultValue.toString(), QStringLiteral("private"));
        // No secret ever becomes a synced field.
        QVERIFY(!EntitySchema::find(u"staff_user")->field(u"password_hash"));
        QVERIFY(!EntitySchema::find(u"invite")->field(u"token_hash"));
    }

    void validation_data()
    {
        QTest::addColumn<QString>("entity");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("valid");
        QTest::addRow("text") << "client"
                              << "name" << QJsonValue("Acme") << true;
        QTest::addRow("empty required text") << "client"
                                             << "name" << QJsonValue("  ") << false;
        QTest::addRow("number for text") << "client"
                                         << "name" << QJsonValue(3) << false;
        QTest::addRow("too long text") << "client"
                                       << "name" << QJsonValue(QString(201, u'x')) << false;
        QTest::addRow("bool") << "client"
                              << "archived" << QJsonValue(true) << true;
        QTest::addRow("string for bool") << "client"
                                         << "archived" << QJsonValue("true") << false;
        QTest::addRow("enum value") << "task"
                                    << "status" << QJsonValue("in_progress") << true;
        QTest::addRow("unknown enum value") << "task"
                                            << "status" << QJsonValue("blocked") << false;
        QTest::addRow("visibility") << "task"
                                    << "visibility" << QJsonValue("read_only") << true;
        QTest::addRow("uuid") << "task"
                              << "project_id" << QJsonValue("0b6f6c0e-3f4e-4a53-9d1d-2a7f1f0c9a11") << true;
        QTest::addRow("upper-case uuid") << "task"
                                         << "project_id" << QJsonValue("0B6F6C0E-3F4E-4A53-9D1D-2A7F1F0C9A11") << false;
        QTest::addRow("null required uuid") << "task"
                                            << "project_id" << QJsonValue(QJsonValue::Null) << false;
        QTest::addRow("null nullable uuid") << "task"
                                            << "assignee_id" << QJsonValue(QJsonValue::Null) << true;
        QTest::addRow("date") << "task"
                              << "due_date" << QJsonValue("2026-12-24") << true;
        QTest::addRow("bad date") << "task"
                                  << "due_date" << QJsonValue("2026-13-24") << false;
        QTest::addRow("integer") << "task"
                                 << "position" << QJsonValue(12) << true;
        QTest::addRow("fraction") << "task"
                                  << "position" << QJsonValue(1.5) << false;
        QTest::addRow("colour") << "organisation"
                                << "brand_primary_color" << QJsonValue("#A1b2C3") << true;
        QTest::addRow("short colour") << "organisation"
                                      << "brand_primary_color" << QJsonValue("#abc") << false;
        QTest::addRow("uuid list") << "signoff"
                                   << "file_ids" << QJsonValue(QJsonArray{"0b6f6c0e-3f4e-4a53-9d1d-2a7f1f0c9a11"})
                                   << true;
        QTest::addRow("bad uuid list") << "signoff"
                                       << "file_ids" << QJsonValue(QJsonArray{"x"}) << false;
        QTest::addRow("timestamp") << "invite"
                                   << "expires_at" << QJsonValue("2026-12-01T10:00:00.000Z") << true;
        QTest::addRow("bad timestamp") << "invite"
                                       << "expires_at" << QJsonValue("tomorrow") << false;
    }

    void validation()
    {
        QFETCH(QString, entity);
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(bool, valid);
        const FieldSpec *spec = EntitySchema::find(entity)->field(field);
        QVERIFY(spec);
        const auto stored = EntitySchema::fromJson(*spec, value);
        QCOMPARE(bool(stored), valid);
        if (stored && !value.isNull() && spec->type != FieldType::Color)
            QCOMPARE(EntitySchema::toJson(*spec, *stored), value);
    }

    // JSON numbers are doubles: only whole numbers a double holds exactly (|n| <= 2^53) are
    // integers; anything else, however large, is a clean rejection and never undefined behaviour.
    void integerRange_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("stored");
        QTest::addRow("zero") << QJsonValue(0) << true << qint64(0);
        QTest::addRow("negative") << QJsonValue(-42) << true << qint64(-42);
        QTest::addRow("largest exact double") << QJsonValue(9007199254740992.0) << true << qint64(9007199254740992);
        QTest::addRow("smallest exact double") << QJsonValue(-9007199254740992.0) << true << qint64(-9007199254740992);
        QTest::addRow("beyond 2^53") << QJsonValue(9007199254740994.0) << false << qint64(0);
        QTest::addRow("fraction") << QJsonValue(1.5) << false << qint64(0);
        QTest::addRow("just above qint64") << QJsonValue(9.3e18) << false << qint64(0);
        QTest::addRow("just below qint64") << QJsonValue(-9.3e18) << false << qint64(0);
        QTest::addRow("2^63") << QJsonValue(9223372036854775808.0) << false << qint64(0);
        QTest::addRow("1e19") << QJsonValue(1e19) << false << qint64(0);
        QTest::addRow("1e300") << QJsonValue(1e300) << false << qint64(0);
        QTest::addRow("-1e300") << QJsonValue(-1e300) << false << qint64(0);
        QTest::addRow("infinity") << QJsonValue(qInf()) << false << qint64(0);
        QTest::addRow("minus infinity") << QJsonValue(-qInf()) << false << qint64(0);
        QTest::addRow("not a number") << QJsonValue(qQNaN()) << false << qint64(0);
    }

    void integerRange()
    {
        QFETCH(QJsonValue, value);
        QFETCH(bool, valid);
        QFETCH(qint64, stored);
        const FieldSpec *position = EntitySchema::find(u"task")->field(u"position");
        QVERIFY(position);
        const auto result = EntitySchema::fromJson(*position, value);
        QCOMPARE(bool(result), valid);
        if (result) {
            QCOMPARE(result->toLongLong(), stored);
        } else {
            QCOMPARE(result.error().code, QStringLiteral("invalid_field"));
        }
    }

    // A regular expression's "$" also matches before a final line feed: every check must refuse
    // a value with one (found by fuzz_router).
    void trailingLineFeedIsRefused_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("value");
        QTest::addRow("slug") << "slug"
                              << "acme-studio";
        QTest::addRow("host name") << "host"
                                   << "portal.example.com";
        QTest::addRow("e-mail address") << "email"
                                        << "ann@example.com";
        QTest::addRow("uuid") << "uuid"
                              << "0b6f6c0e-3f4e-4a53-9d1d-2a7f1f0c9a11";
        QTest::addRow("colour") << "color"
                                << "#1a2b3c";
    }

    void trailingLineFeedIsRefused()
    {
        QFETCH(QString, kind);
        QFETCH(QString, value);
        const auto valid = [&kind](const QString &text) {
            if (kind == u"slug")
                return EntitySchema::isValidSlug(text);
            if (kind == u"host")
                return EntitySchema::isValidHostName(text);
            if (kind == u"email")
                return EntitySchema::isValidEmail(text);
            if (kind == u"uuid")
                return EntitySchema::isUuid(text);
            const FieldSpec *color = EntitySchema::find(u"organisation")->field(u"brand_primary_color");
            return bool(EntitySchema::fromJson(*color, QJsonValue(text)));
        };
        QVERIFY(valid(value));
        QVERIFY(!valid(value + u'\n'));
        QVERIFY(!valid(value + QStringLiteral("\r\n")));
        QVERIFY(!valid(u'\n' + value));
    }

    void morePrivateWins()
    {
        QCOMPARE(EntitySchema::morePrivate("editable", "read_only"), QStringLiteral("read_only"));
        QCOMPARE(EntitySchema::morePrivate("private", "editable"), QStringLiteral("private"));
        QCOMPARE(EntitySchema::morePrivate("bogus", "editable"), QStringLiteral("private"));
    }

    void slugsAndEmails()
    {
        QVERIFY(EntitySchema::isValidSlug("acme-studio"));
        QVERIFY(!EntitySchema::isValidSlug("Acme"));
        QVERIFY(!EntitySchema::isValidSlug("ab"));
        QVERIFY(!EntitySchema::isValidSlug("-acme"));
        QVERIFY(!EntitySchema::isValidSlug("acme/../x"));
        QVERIFY(EntitySchema::isValidEmail("ann@example.com"));
        QVERIFY(!EntitySchema::isValidEmail("ann example.com"));
        QVERIFY(!EntitySchema::isValidEmail("ann@localhost"));
        // Any Unicode space or control character, not only ASCII ones (found by fuzz_router).
        QVERIFY(!EntitySchema::isValidEmail(QStringLiteral("ann@example.\u3000com")));
        QVERIFY(!EntitySchema::isValidEmail(QStringLiteral("ann\u00a0x@example.com")));
        QVERIFY(!EntitySchema::isValidEmail(QStringLiteral("ann@exam\u2028ple.com")));
        QVERIFY(!EntitySchema::isValidEmail(QStringLiteral("ann\u0085@example.com")));
        QVERIFY(!EntitySchema::isValidEmail(QStringLiteral("a\u0001nn@example.com")));
    }
};

QTEST_GUILESS_MAIN(TestEntitySchema)
#include "tst_entityschema.moc"
