// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "common/colorcontrast.h"

// WCAG 2.1 contrast, and the colour pairs of the portal's branding it checks.
class TestColorContrast : public QObject
{
    Q_OBJECT

private slots:
    void ratio_data();
    void ratio();
    void brandChecksNameEachFailingPair_data();
    void brandChecksNameEachFailingPair();
};

void TestColorContrast::ratio_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<double>("expected");
    QTest::addRow("black on white") << QStringLiteral("#000000") << QStringLiteral("#ffffff") << 21.0;
    QTest::addRow("the same colour") << QStringLiteral("#1f4e79") << QStringLiteral("#1f4e79") << 1.0;
    QTest::addRow("grey just under AA") << QStringLiteral("#777777") << QStringLiteral("#ffffff") << 4.48;
    QTest::addRow("order does not matter") << QStringLiteral("#ffffff") << QStringLiteral("#767676") << 4.54;
    QTest::addRow("not a colour") << QStringLiteral("red") << QStringLiteral("#ffffff") << 1.0;
    // "$" alone would match before a final line feed.
    QTest::addRow("a colour with a line feed after it")
        << QStringLiteral("#000000\n") << QStringLiteral("#ffffff") << 1.0;
}

void TestColorContrast::ratio()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(double, expected);
    QVERIFY2(
        qAbs(ColorContrast::ratio(a, b) - expected) < 0.01, qPrintable(QString::number(ColorContrast::ratio(a, b))));
}

void TestColorContrast::brandChecksNameEachFailingPair_data()
{
    using Pair = ColorContrast::PairCheck::Pair;
    QTest::addColumn<QStringList>("colours"); // primary, accent, background, text
    QTest::addColumn<QList<int>>("failing");
    QTest::addRow("the defaults pass") << QStringList{"#1f4e79", "#c2410c", "#ffffff", "#1a1a1a"} << QList<int>{};
    QTest::addRow("pale text on white") << QStringList{"#1f4e79", "#c2410c", "#ffffff", "#bbbbbb"}
                                        << QList<int>{Pair::TextOnBackground};
    QTest::addRow("a pale primary") << QStringList{"#9ecbf0", "#c2410c", "#ffffff", "#1a1a1a"}
                                    << QList<int>{Pair::PrimaryOnBackground};
    QTest::addRow("a mid-grey accent fails with white or black text")
        << QStringList{"#1f4e79", "#7a7a7a", "#ffffff", "#1a1a1a"} << QList<int>{Pair::OnAccent};
    QTest::addRow("a yellow accent on white")
        << QStringList{"#1f4e79", "#ffe066", "#ffffff", "#1a1a1a"} << QList<int>{Pair::AccentOnBackground};
    QTest::addRow("dark mode") << QStringList{"#8ab4f8", "#f28b82", "#202124", "#e8eaed"} << QList<int>{};
}

void TestColorContrast::brandChecksNameEachFailingPair()
{
    QFETCH(QStringList, colours);
    QFETCH(QList<int>, failing);
    QList<int> found;
    const auto checks = ColorContrast::brandChecks(colours.at(0), colours.at(1), colours.at(2), colours.at(3));
    QCOMPARE(checks.size(), 5);
    for (const ColorContrast::PairCheck &check : checks) {
        if (!check.passes())
            found.append(check.pair);
    }
    QCOMPARE(found, failing);
}

QTEST_GUILESS_MAIN(TestColorContrast)
#include "tst_colorcontrast.moc"
