// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class Router;

// Where the organisation's storage goes, for its administrators (Organisation Settings → Storage):
//
//   GET /api/v1/organisations/{id}/storage  (admin) → {quota_bytes, used_bytes, reserved_bytes,
//       staff_bytes, client_bytes, logo_bytes, projects: [{project_id, name, deleted, staff_bytes,
//       client_bytes}]}
//
// The numbers are those `atrium-server check` prints (server/storage/storagequota.h). Another
// organisation's id is missing (404); a member of this one is refused (403).
namespace StorageController {
void registerRoutes(Router &router);
} // namespace StorageController
