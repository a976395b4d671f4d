// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/api/apioptions.h"

class Router;

// The organisation's portal address and branding as admins edit them in the desktop (Organisation
// Settings → Client Portal): its custom host, its logo, and short-lived previews of branding that is
// not saved yet.
//
//   PUT  /api/v1/organisations/{id}/logos/{logoId}  a PNG (admin) → 201 {logo_file_id, size, sha256}
//   POST /api/v1/organisations/{id}/brand-preview   unsaved colours, text, logo (admin) → 201 {token, url, expires_at}
//   POST /api/v1/portal/brand-preview               {token} → what the portal page needs to show the preview
//   GET  /p/{slug}/preview/{token}/brand.css        the preview's colours (the same variables as brand.css)
//   GET  /p/{slug}/preview/{token}/logo             the preview's logo
//   GET  /   (Host: an organisation's custom host)   302 to that organisation's /p/{slug}
//
// A logo is decoded and encoded again by the server (common/logoimage.h) before it is stored, in
// the blob store and the table brand_logos; the desktop then sets organisations.brand_logo_file_id
// to it through an ordinary push, so the switch to a new logo syncs and conflicts like any edit.
// Logos count against the organisation's storage quota (server/storage/storagequota.h) from the moment they
// are stored. One that no organisation points at is removed, and its bytes given back, once it is
// older than a grace period (--unused-logo-retention-days, default one day): long enough for a
// desktop to push brand_logo_file_id after the upload, never touching the logo in use.
// Previews live in the database (table brand_previews, so every server instance knows them) for ten
// minutes, keyed by the SHA-256 of a random token that reaches the browser only in the URL fragment.
// What is stored and decided lives in server/domain/branding.h (Branding).
namespace BrandController {
void registerRoutes(Router &router, const ApiOptions &options);
} // namespace BrandController
