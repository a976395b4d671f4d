// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class Router;

// Every route the server answers, registered in one place (server/openapi.yaml describes them all;
// tst_openapi fails when the two disagree).
namespace ApiRoutes {
void registerAll(Router &router, const QString &dataDir);
} // namespace ApiRoutes
