// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/api/apioptions.h"

#include <QtGlobal>

class Router;

// GET /api/v1/sync/pull and POST /api/v1/sync/push: the HTTP side of SyncStore; and
// GET /api/v1/sync/events: Server-Sent Events telling desktops that a new version exists.
namespace SyncController {
constexpr qint64 pushBodyLimit = 8 * 1024 * 1024;
void registerRoutes(Router &router, const ApiOptions &options);
} // namespace SyncController
