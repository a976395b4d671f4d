// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/timeutil.h"

#include <QTimeZone>

#include <limits>

QString TimeUtil::toWire(const QDateTime &time)
{
    // Written out by hand: QDateTime::toString() goes through a printf-style formatter, and a push
    // stamps thousands of rows. The same text as Qt::ISODateWithMs for the years 0-9999.
    const QDateTime utc = time.toUTC();
    const QDate date = utc.date();
    const QTime clock = utc.time();
    if (!date.isValid() || !clock.isValid() || date.year() < 0 || date.year() > 9999)
        return utc.toString(Qt::ISODateWithMs);
    char16_t text[24];
    const auto put = [&text](int at, int value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            text[at + i] = char16_t(u'0' + value % 10);
    };
    put(0, date.year(), 4);
    text[4] = u'-';
    put(5, date.month(), 2);
    text[7] = u'-';
    put(8, date.day(), 2);
    text[10] = u'T';
    put(11, clock.hour(), 2);
    text[13] = u':';
    put(14, clock.minute(), 2);
    text[16] = u':';
    put(17, clock.second(), 2);
    text[19] = u'.';
    put(20, clock.msec(), 3);
    text[23] = u'Z';
    return QString(reinterpret_cast<const QChar *>(text), 24);
}

QString TimeUtil::nowWire()
{
    // A push stamps three rows per mutation, dozens within a millisecond: the text is written once
    // per millisecond and thread, and shared by the rows of that millisecond.
    thread_local qint64 lastMs = std::numeric_limits<qint64>::min();
    thread_local QString last;
    const qint64 ms = QDateTime::currentMSecsSinceEpoch();
    if (ms != lastMs) {
        last = toWire(QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()));
        lastMs = ms;
    }
    return last;
}

std::optional<QDateTime> TimeUtil::fromWire(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(text, Qt::ISODate);
    if (!time.isValid())
        return std::nullopt;
    return time.toUTC();
}
