// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <expected>
#include <functional>

#include "common/error.h"

class QObject;

// New versions of an organisation's data as they are committed (by this instance, or by another
// one on the same PostgreSQL), for the desktops' live-update stream.
namespace VersionFeed {

// The organisation's newest committed version; "unauthorized" when the organisation is unknown.
std::expected<qint64, Error> committedVersion(const QString &orgId);

// Calls `onVersion` (in `context`'s thread, for as long as `context` lives) with every version
// committed for `orgId` from now on. Returns the newest version announced so far, so a commit
// between the caller's read and the subscription is not missed; -1 when nothing is announced.
qint64 subscribe(QObject *context, const QString &orgId, std::function<void(qint64 version)> onVersion);

} // namespace VersionFeed
