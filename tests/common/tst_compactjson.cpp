// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonDocument>
#include <QTest>

#include <limits>

#include "common/compactjson.h"

class TestCompactJson : public QObject
{
    Q_OBJECT

private slots:
    void sameTextAsQt_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::newRow("empty") << QJsonObject();
        QTest::newRow("result") << QJsonObject{{"mutation_id", "m-1"}, {"status", "applied"}, {"version", 4211}};
        QTest::newRow("nested") << QJsonObject{{"label", "Mood boards"},
            {"changes", QJsonObject{{"title", "New"}, {"due_date", QJsonValue()}, {"done", true}}},
            {"ids", QJsonArray{"a", "b", 3, false, QJsonArray(), QJsonObject()}}};
        QTest::newRow("numbers") << QJsonObject{{"zero", 0}, {"negative", -17}, {"big", qint64(1) << 53}, {"half", 0.5},
            {"tenth", 0.1}, {"huge", 1e300}, {"tiny", -2.5e-300}};
        QTest::newRow("quotes and backslashes") << QJsonObject{{"say \"hi\"", "back\\slash / slash"}};
        QTest::newRow("non-ASCII") << QJsonObject{{"Grüße", "東京 🎨 \u200b"}};
    }

    void sameTextAsQt()
    {
        QFETCH(QJsonObject, object);
        QCOMPARE(CompactJson::write(object), QJsonDocument(object).toJson(QJsonDocument::Compact));
        const QJsonArray array{object, object};
        QCOMPARE(CompactJson::write(array), QJsonDocument(array).toJson(QJsonDocument::Compact));
    }

    void controlCharactersAreEscaped()
    {
        QString every;
        for (char16_t c = 0; c < 0x20; ++c)
            every.append(QChar(c));
        every.append(QStringLiteral("\u007f end"));
        const QByteArray text = CompactJson::write(QJsonObject{{"text", every}});
        for (const char c : text)
            QVERIFY2(static_cast<unsigned char>(c) >= 0x20, text.constData());
        QCOMPARE(QJsonDocument::fromJson(text).object().value(u"text").toString(), every);
        QVERIFY(text.contains("\\n") && text.contains("\\t") && text.contains("\\u0001") && text.contains("\\u001f"));
    }

    // A string given as UTF-8 (a pull page's stored text) is written as the same string given as
    // text.
    void utf8StringsAsText()
    {
        QString every;
        for (char16_t c = 0; c < 0x20; ++c)
            every.append(QChar(c));
        const QStringList texts{QString(), QStringLiteral("plain"), QStringLiteral("say \"hi\" \\ / \u007f"),
            QStringLiteral("Grüße 東京 🎨 \u200b"), every};
        for (const QString &text : texts) {
            QByteArray fromText;
            CompactJson::appendString(fromText, text);
            QByteArray fromUtf8;
            CompactJson::appendUtf8String(fromUtf8, text.toUtf8());
            QCOMPARE(fromUtf8, fromText);
        }
    }

    void largeIntegersStayExact()
    {
        const qint64 big = std::numeric_limits<qint64>::max() - 1;
        const QByteArray text = CompactJson::write(QJsonObject{{"n", big}});
        QCOMPARE(text, QByteArray("{\"n\":") + QByteArray::number(big) + '}');
        QCOMPARE(CompactJson::write(QJsonObject{{"n", std::numeric_limits<double>::infinity()}}),
            QByteArray("{\"n\":null}"));
    }

    void stringLists()
    {
        const QStringList ids{"0f8fad5b-d9cb-469f-a165-70867728950e", "with \"quote\"", "", "ü"};
        QCOMPARE(
            CompactJson::write(ids), QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact));
        QCOMPARE(CompactJson::write(QStringList()), QByteArray("[]"));
    }
};

QTEST_GUILESS_MAIN(TestCompactJson)
#include "tst_compactjson.moc"
