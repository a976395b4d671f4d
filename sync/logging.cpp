// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/logging.h"

Q_LOGGING_CATEGORY(lcSync, "atrium.sync", QtInfoMsg)
