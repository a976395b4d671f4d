// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/logging.h"

Q_LOGGING_CATEGORY(lcUi, "atrium.ui", QtInfoMsg)
