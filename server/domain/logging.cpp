// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/logging.h"

Q_LOGGING_CATEGORY(lcSyncStore, "atrium.server.syncstore", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "atrium.server.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcNotifications, "atrium.server.notifications", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPreviews, "atrium.server.previews", QtInfoMsg)
