// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/logging.h"

Q_LOGGING_CATEGORY(lcModels, "atrium.models", QtInfoMsg)
