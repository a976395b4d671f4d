// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <expected>

#include "server/api/apioptions.h"
#include "server/domain/accountsecurity.h"
#include "server/http/httpresponse.h"

class HttpRequest;
class Router;

// Two-factor sign-in for staff: GET /api/v1/auth/second-factor (whether it is on, recovery codes
// left), POST …/enrol (a new secret and its otpauth:// URI), …/confirm (a first code turns it on
// and gives ten recovery codes, shown once), …/recovery-codes (ten new ones, for a current code);
// an administrator's reset of a staff member's or a contact's second factor
// (POST /api/v1/staff-users/{id}/second-factor/reset, /api/v1/contacts/{id}/second-factor/reset)
// and a contact's portal sessions (GET /api/v1/contacts/{id}/sessions, POST …/sessions/end); the
// organisation's security log (GET /api/v1/security-log).
// The sign-in's second step is AuthController's.
namespace SecondFactorController {
void registerRoutes(Router &router, const ApiOptions &options);
// The new secret for a sign-in that may only enrol, from a body {"challenge"} (staff and portal
// routes alike); otherwise the error's response (401 for an expired challenge).
std::expected<AccountSecurity::Enrolment, HttpResponse> signInEnrolment(
    const HttpRequest &request, const QString &kind, const QByteArray &key);
} // namespace SecondFactorController
