// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <expected>

#include "server/apierror.h"

class HttpRequest;
class Router;

// A signed-in client: a contact with portal access, seen through its session cookie.
struct PortalActor
{
    QString contactId;
    QString orgId;
    QString clientId;
    QString email;
    QString name;
    QString address;
};

// Client accounts and sessions for the web portal.
//
//   POST /api/v1/portal/invites/check    {token}                → the invite's state, for the landing page
//   POST /api/v1/portal/invites/accept   {token, name, password} → account + session (Set-Cookie)
//   POST /api/v1/portal/login           {slug, email, password} → session (throttled like staff sign-in)
//   POST /api/v1/portal/password/forgot {slug, email}           → 202 always; a reset link by e-mail
//   POST /api/v1/portal/password/reset  {token, password}       → new password; ends every session
//   GET  /api/v1/portal/me                                       → the signed-in contact, and its CSRF token
//   POST /api/v1/portal/logout                                   → ends the session
//
// The session is an HttpOnly, SameSite=Strict cookie (Secure under TLS) holding a random token of
// which the server keeps the SHA-256. Every state-changing request must carry the session's CSRF
// token in X-CSRF-Token. Tokens travel in request bodies, never in URLs.
namespace PortalAuth {
constexpr int minPasswordLength = 10;
void registerRoutes(Router &router);
// The session's contact, if the cookie is valid, unexpired, and the contact still has access.
// `stateChanging` also checks the CSRF header.
std::expected<PortalActor, ApiError> authenticate(const HttpRequest &request, bool stateChanging);
} // namespace PortalAuth
