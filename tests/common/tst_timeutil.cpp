// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

#include "common/timeutil.h"

class TestTimeUtil : public QObject
{
    Q_OBJECT

private slots:
    // The wire form is written by hand; it must be exactly what Qt writes as ISODateWithMs.
    void wireFormIsQtsIsoDateWithMs()
    {
        const QList<QDateTime> fixed{QDateTime(QDate(2026, 12, 4), QTime(16, 59, 1, 7), QTimeZone::utc()),
            QDateTime(QDate(1, 1, 1), QTime(0, 0), QTimeZone::utc()),
            QDateTime(QDate(999, 9, 9), QTime(9, 9, 9, 9), QTimeZone::utc()),
            QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), QTimeZone::utc()),
            QDateTime(QDate(2024, 2, 29), QTime(12, 0), QTimeZone::utc()),
            // Not UTC: converted first.
            QDateTime(QDate(2026, 3, 29), QTime(2, 30), QTimeZone(3600 * 5 + 1800)),
            QDateTime(QDate(2026, 12, 31), QTime(23, 30), QTimeZone(-3600 * 2))};
        for (const QDateTime &time : fixed)
            QCOMPARE(TimeUtil::toWire(time), time.toUTC().toString(Qt::ISODateWithMs));
        QCOMPARE(TimeUtil::toWire(fixed.first()), QStringLiteral("2026-12-04T16:59:01.007Z"));

        QRandomGenerator random(20261204);
        for (int i = 0; i < 10000; ++i) {
            const qint64 msecs = qint64(random.bounded(253402300799999.0)); // up to 9999-12-31
            const QDateTime time = QDateTime::fromMSecsSinceEpoch(msecs, QTimeZone::utc());
            QCOMPARE(TimeUtil::toWire(time), time.toUTC().toString(Qt::ISODateWithMs));
        }
        // Outside the four-digit years, as Qt writes them.
        const QDateTime far(QDate(12345, 1, 1), QTime(0, 0), QTimeZone::utc());
        QCOMPARE(TimeUtil::toWire(far), far.toUTC().toString(Qt::ISODateWithMs));
    }

    void wireFormReadsBack()
    {
        const QDateTime time(QDate(2026, 12, 4), QTime(16, 59, 1, 7), QTimeZone::utc());
        QCOMPARE(TimeUtil::fromWire(TimeUtil::toWire(time)), std::optional<QDateTime>(time));
        QVERIFY(!TimeUtil::fromWire(QStringLiteral("yesterday")));
    }
};

QTEST_GUILESS_MAIN(TestTimeUtil)
#include "tst_timeutil.moc"
