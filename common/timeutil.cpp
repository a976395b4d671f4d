// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/timeutil.h"

#include <QTimeZone>

QString TimeUtil::toWire(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QString TimeUtil::nowWire()
{
    return toWire(QDateTime::currentDateTimeUtc());
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
