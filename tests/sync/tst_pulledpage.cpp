// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "common/entityschema.h"
#include "sync/pulledpage.h"

// The reader of pull pages (PulledPage::fromJson) against Qt's parser: every value of a page it
// reads is what the cache made of the same page parsed by QJsonDocument, whatever its kind; what
// this version does not understand is left out, and what is no page is refused.
class TestPulledPage : public QObject
{
    Q_OBJECT

private slots:
    void everyKindOfValueIsReadAsQtReadsIt();
    void whatThisVersionDoesNotUnderstandIsLeftOut();
    void whatTheFastParserRefusesQtReads();
    void whatIsNoPageIsRefused_data();
    void whatIsNoPageIsRefused();
};

namespace {

// The values the cache stores for `change`, read out of Qt's tree as the cache did before.
QVariantList expectedValues(const QJsonObject &change)
{
    const EntitySpec *spec = EntitySchema::find(change.value(u"entity").toString());
    const QJsonObject data = change.value(u"data").toObject();
    QVariantList values = {change.value(u"id").toString(), change.value(u"version").toInteger(),
        data.value(u"created_at").toString(), data.value(u"updated_at").toString(),
        change.value(u"deleted").toBool() ? 1 : 0};
    for (const FieldSpec &field : spec->fields)
        values.append(PulledPage::storedValue(field, data.value(field.name)));
    return values;
}

} // namespace

void TestPulledPage::everyKindOfValueIsReadAsQtReadsIt()
{
    const QString task = EntitySchema::newUuid();
    const QString signoff = EntitySchema::newUuid();
    const QString project = EntitySchema::newUuid();
    // Escapes, characters beyond the BMP, numbers of every kind, null, nested JSON, missing
    // fields, keys it does not know, keys in any order.
    const QByteArray body = R"({"more":true,"changes":[
        {"data":{"title":"\"Quoted\" \\ caf\u00e9 \ud83d\ude00 line\nbreak\ttab \/","project_id":")"
        + project.toUtf8() + R"(","description":null,"status":"done","position":-42,
            "assignee_id":"not a uuid","created_at":"2026-01-02T03:04:05.006Z","extra":{"a":[1,2]},
            "updated_at":"2026-01-02T03:04:05.007Z"},
         "entity":"task","id":")"
        + task.toUtf8() + R"(","version":17,"deleted":false,"something":"new"},
        {"entity":"signoff","id":")"
        + signoff.toUtf8() + R"(","version":18,"deleted":true,"data":{"title":"S","position":1.5,
            "file_ids":[],"approver_ids":["x"],"rounds":[{"round":1,"files":{"n":null}}],
            "sent_file_versions":{"k":[true,false,1e3,-0.25,18446744073709551615]},
            "round_number":9007199254740993,"due_date":"2026-02-30"}}
    ],"cursor":123456789012})";
    const auto page = PulledPage::fromJson(body);
    QVERIFY2(page, qPrintable(page.error()));
    QCOMPARE(page->cursor, 123456789012);
    QCOMPARE(page->more, true);
    const QJsonArray changes = QJsonDocument::fromJson(body).object().value(u"changes").toArray();
    QCOMPARE(changes.size(), 2);
    QCOMPARE(page->rows.size(), 2);
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const QJsonObject change = changes.at(i).toObject();
        const PulledRow &row = page->rows.at(i);
        QCOMPARE(row.spec->name, change.value(u"entity").toString());
        QCOMPARE(row.id, change.value(u"id").toString());
        QCOMPARE(row.deleted, change.value(u"deleted").toBool());
        const QVariantList expected = expectedValues(change);
        QCOMPARE(row.values.size(), expected.size());
        QCOMPARE(row.values.size(), PulledPage::columnsOf(*row.spec).size());
        for (qsizetype v = 0; v < expected.size(); ++v) {
            QVERIFY2(row.values.at(v) == expected.at(v) && row.values.at(v).metaType() == expected.at(v).metaType(),
                qPrintable(QStringLiteral("%1: %2 (%3), expected %4 (%5)")
                               .arg(PulledPage::columnsOf(*row.spec).at(v), row.values.at(v).toString(),
                                   QString::fromLatin1(row.values.at(v).typeName()), expected.at(v).toString(),
                                   QString::fromLatin1(expected.at(v).typeName()))));
        }
    }
    // A few by hand, so that the comparison above is not two readers agreeing on nothing.
    const PulledRow &first = page->rows.at(0);
    const QStringList columns = PulledPage::columnsOf(*first.spec);
    QCOMPARE(first.values.at(columns.indexOf(u"title")).toString(),
        QStringLiteral("\"Quoted\" \\ caf\u00e9 \U0001F600 line\nbreak\ttab /"));
    QCOMPARE(first.values.at(columns.indexOf(u"position")).toLongLong(), -42);
    QCOMPARE(first.values.at(columns.indexOf(u"project_id")).toString(), project);
    QCOMPARE(first.values.at(1).toLongLong(), 17);
    QCOMPARE(first.values.at(2).toString(), QStringLiteral("2026-01-02T03:04:05.006Z"));
    // The same page through the reader of parsed changes.
    const PulledPage again = PulledPage::fromChanges(changes);
    QCOMPARE(again.rows.size(), 2);
    QCOMPARE(again.rows.at(1).values, page->rows.at(1).values);
}

void TestPulledPage::whatThisVersionDoesNotUnderstandIsLeftOut()
{
    const QString id = EntitySchema::newUuid();
    const QByteArray body = R"({"changes":[
        {"entity":"hologram","id":")"
        + EntitySchema::newUuid().toUtf8() + R"(","version":1,"data":{}},
        {"entity":"client","id":"1234","version":2,"data":{"name":"No UUID"}},
        {"entity":"client","version":3,"data":{"name":"No id"}},
        "a string",
        7,
        {"entity":"client","id":")"
        + id.toUtf8() + R"(","version":4,"data":"not an object"},
        {"entity":"client","id":")"
        + id.toUtf8() + R"(","version":5}
    ],"cursor":5,"more":false})";
    const auto page = PulledPage::fromJson(body);
    QVERIFY2(page, qPrintable(page.error()));
    QCOMPARE(page->rows.size(), 2);
    for (const PulledRow &row : page->rows) {
        QCOMPARE(row.id, id);
        QCOMPARE(row.spec->name, QStringLiteral("client"));
        QCOMPARE(row.values.size(), PulledPage::columnsOf(*row.spec).size());
    }
    QCOMPARE(page->rows.at(1).values.at(1).toLongLong(), 5);
    QCOMPARE(page->more, false);
}

// simdjson refuses an integer beyond 64 bits, which Qt's writer (the server's) writes for a
// large double: such a page still reads, through Qt's parser.
void TestPulledPage::whatTheFastParserRefusesQtReads()
{
    const QString id = EntitySchema::newUuid();
    const QJsonObject change{{"entity", "activity"}, {"id", id}, {"version", 3}, {"deleted", false},
        {"data", QJsonObject{{"action", "comment.created"}, {"details", QJsonObject{{"big", 1.8446744073709552e19}}}}}};
    const QByteArray body =
        QJsonDocument(QJsonObject{{"changes", QJsonArray{change}}, {"cursor", 3}, {"more", false}}).toJson();
    QVERIFY(body.contains("18446744073709552000"));
    const auto page = PulledPage::fromJson(body);
    QVERIFY2(page, qPrintable(page.error()));
    QCOMPARE(page->rows.size(), 1);
    QCOMPARE(page->rows.at(0).id, id);
    QCOMPARE(page->rows.at(0).values, expectedValues(change));
    QCOMPARE(page->cursor, 3);
}

void TestPulledPage::whatIsNoPageIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not JSON") << QByteArray("<html>502 Bad Gateway</html>");
    QTest::newRow("an array") << QByteArray(R"([{"changes":[]}])");
    QTest::newRow("no changes") << QByteArray(R"({"cursor":1,"more":false})");
    QTest::newRow("changes not an array") << QByteArray(R"({"changes":{},"cursor":1})");
    QTest::newRow("cut short") << QByteArray(R"({"changes":[{"entity":"client","id":"a)");
    QTest::newRow("trailing text") << QByteArray(R"({"changes":[]} and more)");
    QTest::newRow("bad UTF-8") << QByteArray("{\"changes\":[],\"x\":\"\xff\xfe\"}");
}

void TestPulledPage::whatIsNoPageIsRefused()
{
    QFETCH(QByteArray, body);
    const auto page = PulledPage::fromJson(body);
    QVERIFY(!page);
    QVERIFY(!page.error().isEmpty());
}

QTEST_GUILESS_MAIN(TestPulledPage)
#include "tst_pulledpage.moc"
