// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/version.h"

QString Atrium::versionString()
{
    return QStringLiteral(ATRIUM_VERSION);
}
