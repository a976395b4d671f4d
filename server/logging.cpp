// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/logging.h"

Q_LOGGING_CATEGORY(lcHttp, "atrium.server.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDatabase, "atrium.server.database", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSyncStore, "atrium.server.syncstore", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "atrium.server.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcFiles, "atrium.server.files", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServer, "atrium.server", QtInfoMsg)
