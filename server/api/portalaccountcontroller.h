// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

struct ApiOptions;
class Router;

// The signed-in client's account page (ClientAccount, MailDigests):
//   GET    /api/v1/portal/account                 name, e-mail, notification mail, open sessions
//   PATCH  /api/v1/portal/account                 {"name"} and/or {"language": "" | "en" | "de"}
//   POST   /api/v1/portal/account/password        {"current_password", "new_password"}
//   POST   /api/v1/portal/account/notifications   {"email": "immediate" | "daily" | "off"}
//   DELETE /api/v1/portal/sessions/{id}           sign one other device out
//   POST   /api/v1/portal/sessions/end-others     sign every other device out
// Writes need the session's CSRF token (PortalAuthController::guarded checks JSON and origin too).
namespace PortalAccountController {
void registerRoutes(Router &router, const ApiOptions &options);
}
