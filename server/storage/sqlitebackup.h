// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <expected>

#include "common/error.h"

// A consistent copy of a live SQLite database through SQLite's online backup API, on connections
// of its own. The whole copy is made in one step, that is inside one read transaction: in WAL mode
// that is a snapshot as of its start, and writers go on meanwhile (they are never blocked; only
// checkpoints wait for it). `target` must not exist yet.
namespace SqliteBackup {
std::expected<void, Error> copy(const QString &source, const QString &target);
} // namespace SqliteBackup
