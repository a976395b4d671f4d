// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include <expected>

#include "server/api/apierror.h"
#include "server/api/apioptions.h"
#include "server/domain/syncstore.h"

class HttpRequest;
class Router;

// Staff sign-in: POST /api/v1/auth/login, /logout and GET /api/v1/auth/me. Passwords are
// Argon2id; tokens are 32 random bytes handed out once and stored as SHA-256; failed sign-ins
// are throttled per (e-mail, address) so nobody can lock another person out for good.
namespace AuthController {
void registerRoutes(Router &router, const ApiOptions &options);

// The staff member behind the request's "Authorization: Bearer" token (the only place a token is
// accepted), or 401.
std::expected<Actor, ApiError> authenticate(const HttpRequest &request);

// The token of the request's "Authorization: Bearer …" header; empty without one.
QByteArray bearerToken(const HttpRequest &request);
} // namespace AuthController
