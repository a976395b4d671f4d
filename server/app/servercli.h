// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

// The atrium-server command line: parses the arguments, then serves or runs an operator command.
// Returns the process exit code (0 fine, 1 failed, 2 bad usage).
namespace ServerCli {
int run(const QStringList &arguments);
} // namespace ServerCli
