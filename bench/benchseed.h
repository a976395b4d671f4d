// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include "common/entityschema.h"
#include "server/domain/syncstore.h"
#include "server/storage/database.h"
#include "server/storage/migrations.h"
#include "tests/support/serverprocess.h"

// Seeds a (stopped) test server through its own storage code: organisation "bench" with the admin
// bench@bench.test / pw, one client, one project and `taskCount` tasks in one transaction.
// Returns the project's id, empty on failure.
inline QString seedBenchServer(ServerProcess &server, int taskCount)
{
    if (!server.createOrg(
            QStringLiteral("Bench"), QStringLiteral("bench"), QStringLiteral("bench@bench.test"), QStringLiteral("pw")))
        return {};
    auto config = DatabaseConfig::fromUrl(server.databaseUrl(), server.dataDir());
    if (!config)
        return {};
    Database::configure(*config);
    auto db = Database::connection();
    if (!db || !Migrations::migrate(*db))
        return {};
    QString orgId;
    {
        auto q = Database::exec(
            *db, QStringLiteral("SELECT id FROM organisations WHERE portal_slug = ?"), {QStringLiteral("bench")});
        if (q && q->next())
            orgId = q->value(0).toString();
    }
    const QString clientId = EntitySchema::newUuid();
    const QString projectId = EntitySchema::newUuid();
    {
        WriteTransaction tx(*db, orgId);
        if (!tx.begin())
            return {};
        const EntitySpec *client = EntitySchema::find(u"client");
        const EntitySpec *project = EntitySchema::find(u"project");
        const EntitySpec *task = EntitySchema::find(u"task");
        (void)SyncStore::insertRow(
            tx, *client, orgId, clientId, *tx.nextVersion(), {{QStringLiteral("name"), QStringLiteral("Client")}});
        (void)SyncStore::insertRow(tx, *project, orgId, projectId, *tx.nextVersion(),
            {{QStringLiteral("client_id"), clientId}, {QStringLiteral("name"), QStringLiteral("Project")}});
        for (int i = 0; i < taskCount; ++i) {
            (void)SyncStore::insertRow(tx, *task, orgId, EntitySchema::newUuid(), *tx.nextVersion(),
                {{QStringLiteral("project_id"), projectId}, {QStringLiteral("title"), QStringLiteral("Task %1").arg(i)},
                    {QStringLiteral("position"), i}});
        }
        if (!tx.commit())
            return {};
    }
    Database::closeThreadConnection();
    return projectId;
}
