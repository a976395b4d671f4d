// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The application icon comes from the compiled-in resources in every size the desktop asks for.

#include <QIcon>
#include <QTest>

#include "ui/applicationicon.h"

class TestApplicationIcon : public QObject
{
    Q_OBJECT

private slots:
    void everySizeIsThere_data();
    void everySizeIsThere();
};

void TestApplicationIcon::everySizeIsThere_data()
{
    QTest::addColumn<int>("size");
    for (const int size : {16, 22, 24, 32, 48, 64, 128, 256})
        QTest::addRow("%d px", size) << size;
}

void TestApplicationIcon::everySizeIsThere()
{
    QFETCH(int, size);
    const QIcon icon = ApplicationIcon::icon();
    QVERIFY(!icon.isNull());
    QVERIFY(icon.availableSizes().contains(QSize(size, size)));
    const QPixmap pixmap = icon.pixmap(QSize(size, size));
    QCOMPARE(pixmap.size(), QSize(size, size));
    // The tile's blue, not a transparent or missing image.
    const QColor centreLeft = pixmap.toImage().pixelColor(size / 8 + 1, size / 2);
    QVERIFY2(centreLeft.blue() > centreLeft.red() && centreLeft.alpha() == 255,
        qPrintable(centreLeft.name(QColor::HexArgb)));
}

QTEST_MAIN(TestApplicationIcon)
#include "tst_applicationicon.moc"
