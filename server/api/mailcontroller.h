// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class Router;

// How often notification mail comes (MailDigests): the links in every mail, which work without
// signing in (the token names the recipient), and a staff member's own setting from the desktop.
//   POST /api/v1/mail/unsubscribe?token=T   RFC 8058 one-click unsubscribe (List-Unsubscribe-Post)
//   GET  /api/v1/mail/unsubscribe?token=T   a person following the link: on to the portal's page
//   POST /api/v1/mail/preferences           {"token"[, "mode"]}: read or set, for that page
//   GET|PUT /api/v1/account/notifications   {"email": mode}: the signed-in staff member's own
// Outside /api/v1/portal/ on purpose: a mail provider's one-click POST comes from its own servers as
// a form, with no Origin; the token is what authorises it, and all it can do is stop mail.
namespace MailController {
void registerRoutes(Router &router);
}
