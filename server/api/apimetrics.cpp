// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/apimetrics.h"

#include <QDateTime>

ApiMetrics::ApiMetrics()
    : m_startTime(double(QDateTime::currentMSecsSinceEpoch()) / 1000.0)
{
}
