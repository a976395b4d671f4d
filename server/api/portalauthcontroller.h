// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <expected>
#include <memory>
#include <optional>

#include "common/portalpermissions.h"
#include "server/api/apierror.h"
#include "server/api/apioptions.h"
#include "server/domain/portalmarks.h"
#include "server/http/router.h"

class HttpRequest;

// Client accounts and sessions for the web portal (what is stored and decided: server/domain/portalaccounts.h).
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
//
// An invite never touches an existing account: accepting one for a contact that has an account
// (active, or with a password from before) is refused with 409 account_exists, and nothing changes.
namespace PortalAuthController {
void registerRoutes(Router &router, const ApiOptions &options);
// The session's contact, if the cookie is valid, unexpired, and the contact still has access
// (PortalPermissions::actorActive). `stateChanging` also checks the CSRF header.
std::expected<PortalActor, ApiError> authenticate(const HttpRequest &request, bool stateChanging);
// The same, and the organisation's marks, read before anything else the request reads
// (PortalAccounts::authenticate), for a request that dates what it reads by them.
std::expected<PortalActor, ApiError> authenticateWithMarks(
    const HttpRequest &request, bool stateChanging, PortalMarks &marks);
// The session token the request's cookie carries (empty without one).
QByteArray sessionCookie(const HttpRequest &request);

// The one check in front of every state-changing portal request (any method but GET and HEAD under
// /api/v1/portal/), against cross-site requests a browser would send without asking (CORS "simple
// requests": forms, text/plain fetches):
// - the body's type: Content-Type application/json (parameters such as charset allowed), even when
//   there is no body; a PUT (an upload's chunk of raw bytes) application/octet-stream. Otherwise
//   415 unsupported_media_type. Neither type can be sent cross-site without a CORS preflight, which
//   this server never grants.
// - where it comes from: an Origin header, or without one a Referer, must name this server: the
//   scheme and Host of the request (https as well as http when the server itself speaks plain HTTP,
//   for TLS ended at a proxy in front), or the configured public URL. Otherwise (another site,
//   "null", anything unparsable) 403 cross_origin. Neither header at all (a script, curl) passes.
std::expected<void, ApiError> checkWriteRequest(const HttpRequest &request, const QString &publicUrl);
// `route` with checkWriteRequest() in front of its handler when it is a state-changing portal route;
// ApiRoutes passes every route through this.
Route guarded(Route route, std::shared_ptr<const QString> publicUrl);
} // namespace PortalAuthController
