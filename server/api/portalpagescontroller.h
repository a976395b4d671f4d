// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <memory>

class HttpResponse;
class BlobStore;
class Router;

// The web portal's pages and what styles them, all public (the data behind them is not):
//
//   GET /p/{slug}, /p/{slug}/signin, /forgot, /invite, /reset, /projects/{id}, /preview
//                                   the portal (one page, portal/index.html; its modules route)
//   GET /portal/assets/src/{name}, /portal/assets/src/views/{name}   its ES modules (portal/src/)
//   GET /portal/assets/app.css      its style sheet
//   GET /portal/assets/favicon.svg  the Atrium icon, the favicon until the organisation has a logo
//   GET /p/{slug}/brand.css         the organisation's colours as CSS custom properties
//   GET /p/{slug}/logo              the organisation's logo (a PNG the server re-encoded), 404 without one
//   GET /api/v1/portal/organisations/{slug}   name, welcome text, logo URL, whether the portal is on
//
// The files in portal/ are compiled in as Qt resources. Pages carry a Content-Security-Policy that
// allows only the server's own script, styles and images: no inline script, no inline style, no
// framing, no other origins. The invite and reset pages read their token from the URL fragment,
// which never reaches a server, and every response says Referrer-Policy: no-referrer.
namespace PortalPagesController {
void registerRoutes(Router &router, const std::shared_ptr<BlobStore> &store);
extern const char *const pageContentSecurityPolicy;
// brand.css for these colours: each #rrggbb or else its default, plus readable text colours for
// the primary and accent colours. Shared by the real style sheet and the branding preview's.
HttpResponse brandStyleSheet(
    const QString &primary, const QString &accent, const QString &background, const QString &text);
} // namespace PortalPagesController
