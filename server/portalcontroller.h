// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class Router;

// What a signed-in client sees, every item filtered through PortalPermissions::allowed():
//
//   GET /api/v1/portal/projects        the projects the client may view
//   GET /api/v1/portal/files/{id}/content  a visible file's content, always as an attachment
//   GET /api/v1/portal/projects/{id}   one project with its visible tasks, files and sent sign-offs,
//                                      each with what the client may do ("can")
//
// A hidden project and a missing one get the same 404.
namespace PortalController {
void registerRoutes(Router &router, const QString &dataDir);
}
