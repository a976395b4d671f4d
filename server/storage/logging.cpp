// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/logging.h"

Q_LOGGING_CATEGORY(lcDatabase, "atrium.server.database", QtInfoMsg)
Q_LOGGING_CATEGORY(lcFiles, "atrium.server.files", QtInfoMsg)
Q_LOGGING_CATEGORY(lcS3, "atrium.server.s3", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServer, "atrium.server", QtInfoMsg)
