// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// A headless desktop for crash tests: queues N task creations in a cache (as the app would,
// offline), then runs the real SyncEngine until the outbox is empty. Prints "pending N" lines.
//
//   synctool CACHE SERVER_URL TOKEN PROJECT_ID N
#include <QCoreApplication>
#include <QTextStream>
#include <QTimer>
#include <QUrl>

#include "common/entityschema.h"
#include "sync/localcache.h"
#include "sync/syncengine.h"

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 6) {
        QTextStream(stderr) << "usage: synctool CACHE SERVER_URL TOKEN PROJECT_ID N\n";
        return 2;
    }
    const QString cachePath = args.at(1);
    const int count = args.at(5).toInt();
    {
        LocalCache cache;
        if (auto r = cache.open(cachePath); !r) {
            QTextStream(stderr) << r.error().message << '\n';
            return 1;
        }
        for (int i = 0; i < count; ++i) {
            auto r = cache.applyEdit({LocalEdit::Op::Create, QStringLiteral("task"), EntitySchema::newUuid(),
                {{"project_id", args.at(4)}, {"title", QStringLiteral("Task %1").arg(i)}}});
            if (!r) {
                QTextStream(stderr) << r.error().message << '\n';
                return 1;
            }
        }
    }
    SyncEngine engine(cachePath);
    QTextStream out(stdout);
    QObject::connect(&engine, &SyncEngine::statusChanged, &app, [&](const SyncStatus &status) {
        out << "pending " << status.pending << Qt::endl;
    });
    QObject::connect(&engine, &SyncEngine::cycleFinished, &app, [&] {
        if (engine.status().pending == 0 && engine.status().failed == 0)
            app.exit(0);
    });
    engine.start();
    engine.setCredentials(QUrl(args.at(2)), args.at(3));
    return app.exec();
}
