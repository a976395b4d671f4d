// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// A failure that the caller needs to understand: a stable machine-readable code
// (snake_case, e.g. "invalid_field") and a sentence for people.
struct Error
{
    QString code;
    QString message;
};
