// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/storage/blobstore.h"

// Whether this instance can serve (GET /healthz, for load balancers): it reaches its database and
// can write, read back and remove a file in its file store.
namespace Health {

struct Report
{
    bool database = false;
    bool blobStore = false;
    bool ok() const { return database && blobStore; }
};

Report check(const BlobStore &store);

} // namespace Health
