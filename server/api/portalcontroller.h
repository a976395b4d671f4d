// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/api/apioptions.h"

class Router;

// What a signed-in client sees and does, every item decided by PortalPermissions::allowed():
//
//   GET   /api/v1/portal/projects                  the projects the client may view
//   GET   /api/v1/portal/projects/{id}             one project with its visible tasks, files and sent
//                                                  sign-offs, each with what the client may do ("can")
//   GET   /api/v1/portal/files/{id}/content        a visible file's content, always as an attachment
//   GET   /api/v1/portal/signoffs/{id}/files/{fileId}/content   the version a sign-off was sent with
//   PATCH /api/v1/portal/tasks/{id}                {status} of an editable task
//   POST  /api/v1/portal/comments                  {target_entity, target_id, body} on an editable item
//   GET   /api/v1/portal/signoffs/{id}             one sent sign-off, with its rounds and answers
//   GET   /api/v1/portal/signoffs/{id}/certificate the PDF certificate of a decided sign-off
//   POST  /api/v1/portal/signoffs/{id}/decision    {decision: approved|rejected, comment}: an approver's
//                                                  answer, once per round (rejected needs a comment)
//   POST  /api/v1/portal/link/open                 {token} of a personal link (/p/<slug>/s#token):
//                                                  the sign-off, and a cookie for the routes below
//   …     /api/v1/portal/link/signoffs/{id}/…      the sign-off routes above, for a link's holder:
//                                                  that one sign-off, with or without a portal account,
//                                                  with the portal on or off
//   POST/GET/PUT/DELETE /api/v1/portal/uploads…    chunked, resumable uploads into "Client Uploads"
//                                                  (or a new version of an editable file)
//
// A hidden item and a missing one get the same 404. Writes refuse fields a client may not set,
// need the session's CSRF token, and commit with an activity that names the contact and its
// address, so desktops learn of them at once through the change feed.
namespace PortalController {
void registerRoutes(Router &router, const ApiOptions &options);
}
