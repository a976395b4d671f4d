// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>

#include <expected>

#include "common/error.h"

// Where an organisation's data stands, for what a server keeps in memory of it between portal
// requests (sessions with their actor, project facts, project pages). Read in one indexed lookup:
//  - `version`: the organisation's last committed change version; every write through the server
//    takes the next one, so content built at it is right while it has not moved;
//  - `inputs`: a count of writes to tasks, files and sign-offs, the rows the permission decisions
//    on a page's items rest on;
//  - `facts`: a count of writes to contacts, clients, projects, the organisation, and to whether a
//    portal session is valid (revoked, expired, its CSRF token).
// Both counts are kept by database triggers (migration 18), so they move with every such write on
// any instance, even one made in the database by hand without a new version. Read before the data
// it dates, so nothing is ever filed under a newer mark than what it shows.
struct PortalMarks
{
    qint64 version = -1;
    qint64 inputs = 0;
    qint64 facts = 0;

    // -1 for every count of an organisation that does not exist.
    static std::expected<PortalMarks, Error> read(const QSqlDatabase &db, const QString &orgId);
};
