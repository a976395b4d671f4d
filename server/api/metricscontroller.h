// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/api/apioptions.h"

class Router;

// GET /metrics in the Prometheus text format (0.0.4), only with --metrics (otherwise the route does
// not exist: 404 like any unknown path). Readable from this host (the client's address, after
// --trusted-proxies, is a loopback one) or with the token of --metrics-token-file; anything else,
// a staff token included, gets 401. The numbers are this instance's own (requests by route
// pattern, latency, connections, event streams, sync volume) plus the mail queue, read from the
// database at scrape time.
namespace MetricsController {
void registerRoutes(Router &router, const ApiOptions &options);
} // namespace MetricsController
