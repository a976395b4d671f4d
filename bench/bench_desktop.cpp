// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench_desktop: the desktop with 100,000 tasks. (1) The first sync of all of them into an empty
// cache through the real SyncEngine and server; (2) a cold start (a fresh process) to an
// interactive main window showing the project with all of them, then sorting and filtering that
// view; peak memory of both. Run by hand (see bench/README.md); never in ctest.
//
//   build/bench/bench_desktop [--tasks 100000]
//   build/bench/bench_desktop --cold-start CACHE_DIR PROJECT_ID   (the child process of step 2)

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <cstdio>

#include <unistd.h>

#include "bench/benchseed.h"
#include "models/entitytablemodel.h"
#include "models/recordfilterproxymodel.h"
#include "server/domain/passwords.h"
#include "sync/localcache.h"
#include "sync/syncengine.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testclient.h"
#include "ui/mainwindow.h"

namespace {

qint64 statusKiB(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// Milliseconds since this process started (from /proc/self/stat and the boot clock).
double msSinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    QFile uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray s = stat.readAll();
    const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
    const double startTicks = fields.value(19).toDouble(); // field 22 overall
    const double up = uptime.readAll().split(' ').first().toDouble();
    return (up - startTicks / double(sysconf(_SC_CLK_TCK))) * 1000.0;
}

int coldStart(const QString &dir, const QString &projectId)
{
    LocalCache cache;
    if (!cache.open(dir + QStringLiteral("/cache.sqlite")))
        return 1;
    MainWindow window(&cache);
    window.show();
    window.selectProject(projectId); // may wait for the projects to load
    EntityTableModel *tasks = window.tasksModel();
    QObject::connect(tasks, &EntityTableModel::loaded, &window, [&] {
        if (tasks->rowCount() == 0)
            return;
        // The rows are in and the event loop is free: the window is interactive.
        QTimer::singleShot(0, &window, [&] {
            std::printf("cold start to an interactive window with %d tasks: %.0f ms\n", tasks->rowCount(),
                msSinceProcessStart());
            auto *view = window.findChild<QTableView *>(QStringLiteral("tasksView"));
            auto *proxy = qobject_cast<RecordFilterProxyModel *>(view->model());
            window.findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(1);
            // Sorting runs on a worker thread; what the GUI thread spends is starting it (copying
            // the keys) and applying the new order (model layout change plus the proxy's remap).
            QElapsedTimer t;
            QElapsedTimer applying;
            double blockedMs = 0;
            QObject::connect(tasks, &QAbstractItemModel::layoutAboutToBeChanged, &window, [&] {
                applying.start();
            });
            QObject::connect(proxy, &QAbstractItemModel::layoutChanged, &window, [&] {
                blockedMs += applying.nsecsElapsed() / 1e6;
            });
            auto timeSort = [&](int column, Qt::SortOrder order, const char *what) {
                QSignalSpy done(tasks, &EntityTableModel::sorted);
                blockedMs = 0;
                t.start();
                view->sortByColumn(column, order);
                const double start = t.nsecsElapsed() / 1e6;
                done.wait(30000);
                std::printf("sort %d tasks %s: %.0f ms in the background; the GUI thread busy %.1f ms to start "
                            "and %.1f ms to apply\n",
                    tasks->rowCount(), what, t.nsecsElapsed() / 1e6, start, blockedMs);
            };
            timeSort(0, Qt::AscendingOrder, "by title");
            timeSort(0, Qt::DescendingOrder, "by title, the other way");
            timeSort(2, Qt::AscendingOrder, "by due date");
            t.restart();
            proxy->setSearchText(QStringLiteral("Task 9999"));
            std::printf(
                "filter them by \"Task 9999\" (%d match): %.1f ms\n", proxy->rowCount(), t.nsecsElapsed() / 1e6);
            t.restart();
            proxy->setSearchText({});
            std::printf("clear the filter: %.1f ms\n", t.nsecsElapsed() / 1e6);
            t.restart();
            for (int i = 0; i < 50; ++i) {
                view->verticalScrollBar()->setValue(view->verticalScrollBar()->maximum() * i / 50);
                view->viewport()->repaint();
            }
            std::printf("scroll and repaint 50 positions: %.1f ms per frame\n", t.nsecsElapsed() / 1e6 / 50);
            std::printf("peak memory of the desktop process: %lld MiB\n", statusKiB("VmHWM:") / 1024);
            QCoreApplication::exit(0);
        });
    });
    return QApplication::exec();
}

// The floor of a first sync: the same pages fetched over HTTP from the same server, parsed, and
// written with one prepared insert per row into an SQLite file with one index (the primary key),
// WAL and the cache's synchronous=FULL, one transaction per page. No sync engine, no schema of
// entities (a row is its id, version and its data as compact JSON), no search index.
double floorMs(const QUrl &base, const QString &token, const QString &path, int pageSize, int *rows, double *waitedMs)
{
    *waitedMs = 0;
    QElapsedTimer timer;
    timer.start();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("floor"));
    db.setDatabaseName(path);
    db.open();
    QSqlQuery setup(db);
    for (const QString &sql : {QStringLiteral("PRAGMA journal_mode=WAL"), QStringLiteral("PRAGMA synchronous=FULL"),
             QStringLiteral("CREATE TABLE rows (id TEXT PRIMARY KEY, entity TEXT NOT NULL, version INTEGER NOT NULL, "
                            "deleted INTEGER NOT NULL, data TEXT)")}) {
        if (!setup.prepare(sql) || !setup.exec())
            return -1;
    }
    QSqlQuery insert(db);
    insert.prepare(
        QStringLiteral("INSERT OR REPLACE INTO rows (id, entity, version, deleted, data) VALUES (?, ?, ?, ?, ?)"));
    QNetworkAccessManager network;
    qint64 cursor = 0;
    bool more = true;
    *rows = 0;
    while (more) {
        QNetworkRequest request(
            base.resolved(QUrl(QStringLiteral("/api/v1/sync/pull?since=%1&limit=%2").arg(cursor).arg(pageSize))));
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        QElapsedTimer waiting;
        waiting.start();
        QNetworkReply *reply = network.get(request);
        while (!reply->isFinished())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        *waitedMs += waiting.nsecsElapsed() / 1e6;
        const QJsonObject page = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        if (!page.value(u"changes").isArray())
            return -1;
        db.transaction();
        for (const QJsonValue &value : page.value(u"changes").toArray()) {
            const QJsonObject change = value.toObject();
            insert.addBindValue(change.value(u"id").toString());
            insert.addBindValue(change.value(u"entity").toString());
            insert.addBindValue(change.value(u"version").toInteger());
            insert.addBindValue(change.value(u"deleted").toBool() ? 1 : 0);
            insert.addBindValue(
                QString::fromUtf8(QJsonDocument(change.value(u"data").toObject()).toJson(QJsonDocument::Compact)));
            insert.exec();
            ++*rows;
        }
        db.commit();
        cursor = page.value(u"cursor").toInteger();
        more = page.value(u"more").toBool();
    }
    const double ms = timer.nsecsElapsed() / 1e6;
    insert.finish();
    setup.finish();
    db.close();
    db = {};
    QSqlDatabase::removeDatabase(QStringLiteral("floor"));
    return ms;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc == 4 && qstrcmp(argv[1], "--cold-start") == 0) {
        QApplication app(argc, argv);
        return coldStart(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
    }
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("tasks"), QStringLiteral("Tasks on the server."), QStringLiteral("N"),
        QStringLiteral("100000")});
    parser.process(app);
    const int taskCount = parser.value(QStringLiteral("tasks")).toInt();
    Passwords::initialise();

    ServerProcess server;
    const QString projectId = seedBenchServer(server, taskCount);
    if (projectId.isEmpty() || !server.start()) {
        std::fprintf(stderr, "cannot seed or start the server: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    TestClient client(server.baseUrl());
    const QString token = QString::fromUtf8(client.login(QStringLiteral("bench@bench.test"), QStringLiteral("pw")));

    // (1) First sync into an empty cache, the engine on its own thread as in the app.
    QTemporaryDir dir;
    const qint64 before = statusKiB("VmHWM:");
    QElapsedTimer timer;
    {
        QThread syncThread;
        auto *engine = new SyncEngine(dir.filePath(QStringLiteral("cache.sqlite")));
        engine->moveToThread(&syncThread);
        syncThread.start();
        bool done = false;
        QObject::connect(engine, &SyncEngine::cycleFinished, &app, [&] {
            done = true;
        });
        timer.start();
        QMetaObject::invokeMethod(engine, &SyncEngine::start, Qt::QueuedConnection);
        QMetaObject::invokeMethod(engine, [engine, url = server.baseUrl(), token] {
            engine->setCredentials(url, token);
        });
        while (!done)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        const double ms = timer.nsecsElapsed() / 1e6;
        QMetaObject::invokeMethod(engine, &SyncEngine::stop, Qt::BlockingQueuedConnection);
        QMetaObject::invokeMethod(engine, &QObject::deleteLater);
        syncThread.quit();
        syncThread.wait();
        const qint64 peak = statusKiB("VmHWM:");
        LocalCache check;
        check.open(dir.filePath(QStringLiteral("cache.sqlite")));
        std::printf("first sync of %d tasks into an empty cache: %.0f ms (%.0f rows/s); cache has %d tasks\n",
            taskCount, ms, taskCount / (ms / 1000.0), check.liveCount(QStringLiteral("task")));
        std::printf("peak memory of the syncing process: %lld MiB (%lld MiB before)\n", peak / 1024, before / 1024);
        std::printf("server peak memory: %lld MiB\n", server.peakResidentMemoryKiB() / 1024);

        QTemporaryDir floorDir;
        int floorRows = 0;
        double waited = 0;
        const double floor = floorMs(server.baseUrl(), token, floorDir.filePath(QStringLiteral("floor.sqlite")),
            SyncEngine::bootstrapPullPage, &floorRows, &waited);
        std::printf("floor (the same pages over HTTP, parsed, one prepared insert per row into SQLite with one "
                    "index, synchronous=FULL): %.0f ms for %d rows; first sync / floor = %.2f\n",
            floor, floorRows, ms / floor);
        std::printf("of the floor, waiting for the server's pages: %.0f ms\n", waited);
    }

    // (2) Cold start in a fresh process.
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--cold-start"), dir.path(), projectId});
    child.waitForFinished(300000);
    return child.exitCode();
}
