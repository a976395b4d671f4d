// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/api/apioptions.h"

class Router;

// Every route the server answers, registered in one place (server/api/openapi.yaml describes them all;
// tst_openapi fails when the two disagree).
namespace ApiRoutes {
void registerAll(Router &router, const ApiOptions &options);
} // namespace ApiRoutes
