// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/http/logging.h"

Q_LOGGING_CATEGORY(lcHttp, "atrium.server.http", QtInfoMsg)
