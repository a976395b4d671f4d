// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench_sync: how fast the sync protocol moves rows, next to what the same rows cost in a bare
// SQLite file on the same machine in the same run, and how a trivial authenticated request fares
// while four clients pull everything at once. Run by hand (see bench/README.md); never in ctest.
//
//   build/bench/bench_sync [--tasks 100000] [--push 10000] [--batch 500]
//   (ATRIUM_TEST_DATABASE=postgres ATRIUM_TEST_PG_URL=postgres://… runs it on PostgreSQL)

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>

#include "bench/benchseed.h"
#include "common/entityschema.h"
#include "common/timeutil.h"
#include "server/domain/orgadmin.h"
#include "server/domain/passwords.h"
#include "server/domain/syncstore.h"
#include "server/storage/database.h"
#include "server/storage/migrations.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

namespace {

// A bare HTTP/1.1 client on one blocking socket: no event loop, no thread of its own, nothing
// parsed but the status line and Content-Length. The bench runs its clients on the server's own
// two cores; this one takes the least from them, and its request goes from the calling thread to
// the socket and back without a hop between threads, as a client on another machine would see it.
class RawClient
{
public:
    RawClient(const QUrl &baseUrl, const QByteArray &token)
        : m_host(baseUrl.host().toLatin1() + ':' + QByteArray::number(baseUrl.port()))
        , m_token(token)
    {
        m_socket.connectToHost(baseUrl.host(), quint16(baseUrl.port()));
        m_socket.waitForConnected(10000);
    }

    // The body of a 200 answer; empty on anything else.
    QByteArray get(const QByteArray &pathAndQuery)
    {
        m_socket.write("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + m_host + "\r\nAuthorization: Bearer " + m_token
            + "\r\n\r\n");
        return answer();
    }

    // POSTs a JSON body; the body of a 200 answer, empty on anything else.
    QByteArray post(const QByteArray &path, const QByteArray &body)
    {
        m_socket.write("POST " + path + " HTTP/1.1\r\nHost: " + m_host + "\r\nAuthorization: Bearer " + m_token
            + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n");
        m_socket.write(body);
        return answer();
    }

private:
    QByteArray answer()
    {
        QByteArray head;
        while (!head.endsWith("\r\n\r\n")) {
            if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(30000))
                return {};
            head += m_socket.read(1);
        }
        const qsizetype at = head.toLower().indexOf("\r\ncontent-length:");
        if (!head.startsWith("HTTP/1.1 200") || at < 0)
            return {};
        const qint64 length = head.mid(at + 17, head.indexOf('\r', at + 2) - at - 17).trimmed().toLongLong();
        QByteArray body;
        body.reserve(length);
        while (body.size() < length) {
            if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(30000))
                return {};
            body += m_socket.read(length - body.size());
        }
        return body;
    }

    QTcpSocket m_socket;
    QByteArray m_host;
    QByteArray m_token;
};

// Pulls everything, again and again, keeping only the bytes: each page's cursor is read from its
// tail. Returns the number of pages read, or -1 on anything unexpected.
int pullBytesOnly(const QUrl &baseUrl, const QByteArray &token, const std::atomic<bool> &stop)
{
    RawClient client(baseUrl, token);
    qint64 cursor = 0;
    int pages = 0;
    while (!stop.load()) {
        const QByteArray body = client.get("/api/v1/sync/pull?since=" + QByteArray::number(cursor) + "&limit=5000");
        const QByteArrayView tail = QByteArrayView(body).last(std::min<qsizetype>(body.size(), 64));
        const qsizetype c = tail.lastIndexOf("\"cursor\":");
        if (c < 0)
            return -1;
        cursor = tail.sliced(c + 9).toByteArray().split(',').first().toLongLong();
        ++pages;
        if (!tail.contains("\"more\":true"))
            cursor = 0; // the end: begin again
    }
    return pages;
}

void report(const char *what, double ms, qint64 rows)
{
    std::printf(
        "%-58s %10.1f ms  %9lld rows  %9.0f rows/s\n", what, ms, static_cast<long long>(rows), rows / (ms / 1000.0));
    std::fflush(stdout);
}

// The same task rows straight into a fresh SQLite file, one transaction, one prepared statement.
double bareSqliteInsert(const QString &dir, int rows)
{
    const QString name = QStringLiteral("bare-") + QString::number(rows);
    double ms = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(dir + QStringLiteral("/bare-%1.sqlite").arg(rows));
        db.open();
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        q.exec(QStringLiteral("PRAGMA synchronous=FULL"));
        q.exec(QStringLiteral(
            "CREATE TABLE tasks (id TEXT PRIMARY KEY, org_id TEXT, version BIGINT, created_at TEXT, updated_at TEXT, "
            "deleted INTEGER, project_id TEXT, title TEXT, description TEXT, status TEXT, due_date TEXT, "
            "assignee_id TEXT, visibility TEXT, position BIGINT)"));
        QElapsedTimer timer;
        timer.start();
        db.transaction();
        q.prepare(
            QStringLiteral("INSERT INTO tasks VALUES (?, ?, ?, ?, ?, 0, ?, ?, '', 'todo', NULL, NULL, 'private', ?)"));
        const QString org = EntitySchema::newUuid();
        const QString project = EntitySchema::newUuid();
        for (int i = 0; i < rows; ++i) {
            const QString now = TimeUtil::nowWire();
            q.addBindValue(EntitySchema::newUuid());
            q.addBindValue(org);
            q.addBindValue(i + 1);
            q.addBindValue(now);
            q.addBindValue(now);
            q.addBindValue(project);
            q.addBindValue(QStringLiteral("Task %1").arg(i));
            q.addBindValue(i);
            q.exec();
        }
        db.commit();
        ms = timer.nsecsElapsed() / 1e6;
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ms;
}

// PostgreSQL's floor: the same task rows through psql into a table like the server's (its primary
// key and two indexes), one transaction, one prepared statement. Wall time of psql, its start
// included (a few milliseconds).
double barePostgresInsert(const QString &url, int rows)
{
    QTemporaryFile script;
    if (!script.open())
        return -1;
    QByteArray sql =
        "CREATE TEMP TABLE floor_tasks (id TEXT PRIMARY KEY, org_id TEXT, version BIGINT, created_at TEXT, "
        "updated_at TEXT, deleted INTEGER, project_id TEXT, title TEXT, description TEXT, status TEXT, "
        "due_date TEXT, assignee_id TEXT, visibility TEXT, position BIGINT);\n"
        "CREATE INDEX ON floor_tasks (org_id, version);\nCREATE INDEX ON floor_tasks (project_id);\n"
        "BEGIN;\nPREPARE ins(text, text, bigint, text, text, text, text, bigint) AS INSERT INTO floor_tasks "
        "VALUES ($1, $2, $3, $4, $5, 0, $6, $7, '', 'todo', NULL, NULL, 'private', $8);\n";
    const QByteArray org = EntitySchema::newUuid().toLatin1();
    const QByteArray project = EntitySchema::newUuid().toLatin1();
    for (int i = 0; i < rows; ++i) {
        const QByteArray now = TimeUtil::nowWire().toLatin1();
        sql += "EXECUTE ins('" + EntitySchema::newUuid().toLatin1() + "', '" + org + "', " + QByteArray::number(i + 1)
            + ", '" + now + "', '" + now + "', '" + project + "', 'Task " + QByteArray::number(i) + "', "
            + QByteArray::number(i) + ");\n";
    }
    sql += "COMMIT;\n";
    script.write(sql);
    script.flush();
    QProcess psql;
    QElapsedTimer timer;
    timer.start();
    psql.start(QStringLiteral("psql"),
        {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
            QStringLiteral("-f"), script.fileName(), url});
    if (!psql.waitForFinished(120000) || psql.exitCode() != 0) {
        std::fprintf(stderr, "psql failed: %s\n", psql.readAllStandardError().constData());
        return -1;
    }
    return timer.nsecsElapsed() / 1e6;
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index = std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size())));
    return values.at(index);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("tasks"), QStringLiteral("Tasks on the server."), QStringLiteral("N"),
        QStringLiteral("100000")});
    parser.addOption(
        {QStringLiteral("push"), QStringLiteral("Mutations to push."), QStringLiteral("N"), QStringLiteral("10000")});
    parser.addOption(
        {QStringLiteral("batch"), QStringLiteral("Mutations per push."), QStringLiteral("N"), QStringLiteral("500")});
    parser.process(app);
    const int taskCount = parser.value(QStringLiteral("tasks")).toInt();
    const int pushCount = parser.value(QStringLiteral("push")).toInt();
    const int batch = std::max(1, parser.value(QStringLiteral("batch")).toInt());
    Passwords::initialise();

    QTemporaryDir scratch;
    ServerProcess server;

    // Seed through the server's own storage code: one organisation, one project, N tasks.
    QElapsedTimer seedTimer;
    seedTimer.start();
    const QString projectId = seedBenchServer(server, taskCount);
    if (projectId.isEmpty()) {
        std::fprintf(stderr, "seeding failed\n");
        return 1;
    }
    std::printf("engine: %s\n", server.databaseUrl().isEmpty() ? "SQLite" : "PostgreSQL");
    report("seed tasks through SyncStore (one transaction)", seedTimer.nsecsElapsed() / 1e6, taskCount);

    if (!server.start()) {
        std::fprintf(stderr, "%s\n", qPrintable(server.errorString()));
        return 1;
    }
    TestClient client(server.baseUrl());
    if (client.login(QStringLiteral("bench@bench.test"), QStringLiteral("pw")).isEmpty()) {
        std::fprintf(stderr, "login failed\n");
        return 1;
    }

    // 1. Pull everything.
    QElapsedTimer timer;
    timer.start();
    const QJsonArray all = pullAll(client, 0, nullptr, 5000);
    report("pull all changes over HTTP (pages of 5000)", timer.nsecsElapsed() / 1e6, all.size());
    report("  bare SQLite insert of the same number of task rows", bareSqliteInsert(scratch.path(), int(all.size())),
        all.size());

    // 2. Push N mutations in batches.
    timer.restart();
    int pushed = 0;
    int applied = 0;
    while (pushed < pushCount) {
        QJsonArray mutations;
        for (int i = 0; i < batch && pushed < pushCount; ++i, ++pushed)
            mutations.append(mutation(QStringLiteral("task"), newId(), QStringLiteral("create"),
                {{"project_id", projectId}, {"title", QStringLiteral("Pushed %1").arg(pushed)}}));
        for (const QJsonValue &result : pushResults(client, mutations))
            applied += result.toObject().value(u"status").toString() == u"applied" ? 1 : 0;
    }
    const double pushMs = timer.nsecsElapsed() / 1e6;
    report(qPrintable(QStringLiteral("push task creates in batches of %1 (Qt)").arg(batch)), pushMs, applied);

    // 2b. The same pushes from a bare client (RawClient): each batch's body written before the
    //     clock starts and the answers read after it stops, so that the client's JSON does not take
    //     the server's two cores. A desktop builds its batch on its own machine; this is what the
    //     server sustains.
    QList<QByteArray> bodies;
    for (int done = 0; done < pushCount;) {
        QJsonArray mutations;
        for (int i = 0; i < batch && done < pushCount; ++i, ++done)
            mutations.append(mutation(QStringLiteral("task"), newId(), QStringLiteral("create"),
                {{"project_id", projectId}, {"title", QStringLiteral("Pushed bare %1").arg(done)}}));
        bodies.append(QJsonDocument(QJsonObject{{QStringLiteral("client_id"), QStringLiteral("bench")},
                                        {QStringLiteral("mutations"), mutations}})
                          .toJson(QJsonDocument::Compact));
    }
    QList<QByteArray> answers;
    {
        RawClient pusher(server.baseUrl(), client.token());
        timer.restart();
        for (const QByteArray &body : std::as_const(bodies))
            answers.append(pusher.post("/api/v1/sync/push", body));
    }
    const double barePushMs = timer.nsecsElapsed() / 1e6;
    int bareApplied = 0;
    for (const QByteArray &answer : std::as_const(answers)) {
        for (const QJsonValue &result : QJsonDocument::fromJson(answer).object().value(u"results").toArray())
            bareApplied += result.toObject().value(u"status").toString() == u"applied" ? 1 : 0;
    }
    report(qPrintable(QStringLiteral("push task creates in batches of %1 (bare)").arg(batch)), barePushMs, bareApplied);

    const double sqliteFloor = bareSqliteInsert(scratch.path(), pushCount);
    report("  bare SQLite insert of the same number of task rows", sqliteFloor, pushCount);
    if (!server.databaseUrl().isEmpty()) {
        const double pgFloor = barePostgresInsert(server.databaseUrl(), pushCount);
        report("  prepared INSERTs of the same rows through psql", pgFloor, pushCount);
        std::printf("  push / psql floor: %.1fx (Qt), %.1fx (bare)\n", pushMs / pgFloor, barePushMs / pgFloor);
    } else {
        std::printf(
            "  push / bare SQLite floor: %.1fx (Qt), %.1fx (bare)\n", pushMs / sqliteFloor, barePushMs / sqliteFloor);
    }

    // 3. A trivial authenticated request, alone and while four clients pull everything, measured
    //    two ways, because the bench's clients share the server's two cores:
    //    - Qt: through TestClient (Qt's network thread and an event loop), while four TestClients
    //      pull and parse every page (pullAll);
    //    - bare: through RawClient, while four clients pull and keep only the bytes
    //      (pullBytesOnly). This leaves out the clients' own work, which on a real deployment runs
    //      on their machines, and measures what serving pulls does to a quick request.
    auto sample = [&](int count) {
        QList<double> ms;
        QElapsedTimer t;
        for (int i = 0; i < count; ++i) {
            t.restart();
            client.get(QStringLiteral("/api/v1/auth/me"));
            ms.append(t.nsecsElapsed() / 1e6);
        }
        return ms;
    };
    RawClient raw(server.baseUrl(), client.token());
    bool rawFailed = false;
    auto sampleRaw = [&](int count) {
        QList<double> ms;
        QElapsedTimer t;
        for (int i = 0; i < count; ++i) {
            t.restart();
            rawFailed = raw.get("/api/v1/auth/me").isEmpty() || rawFailed;
            ms.append(t.nsecsElapsed() / 1e6);
        }
        return ms;
    };
    auto line = [](const char *what, const QList<double> &ms, const QString &extra = {}) {
        std::printf(
            "%-58s p50 %6.2f ms  p99 %6.2f ms%s\n", what, percentile(ms, 0.5), percentile(ms, 0.99), qPrintable(extra));
    };
    const QList<double> idle = sample(300);
    line("GET /api/v1/auth/me, idle server (Qt)", idle);
    const QList<double> idleRaw = sampleRaw(2000);
    line("GET /api/v1/auth/me, idle server (bare)", idleRaw);

    // Four clients at a time, until `stop`.
    std::atomic<bool> stop{false};
    QList<QThread *> pullers;
    auto startPullers = [&](const std::function<void()> &pull) {
        stop = false;
        for (int i = 0; i < 4; ++i) {
            pullers.append(QThread::create(pull));
            pullers.last()->start();
        }
        QThread::msleep(500); // let the pulls get going before sampling
    };
    auto stopPullers = [&] {
        stop = true;
        for (QThread *thread : std::as_const(pullers)) {
            thread->wait();
            delete thread;
        }
        pullers.clear();
    };

    const QUrl baseUrl = server.baseUrl();
    std::atomic<int> fullPulls{0};
    startPullers([&] {
        TestClient puller(baseUrl);
        puller.login(QStringLiteral("bench@bench.test"), QStringLiteral("pw"));
        while (!stop.load()) {
            pullAll(puller, 0, nullptr, 5000);
            ++fullPulls;
        }
    });
    const QList<double> loaded = sample(300);
    stopPullers();
    line("GET /api/v1/auth/me, while 4 clients pull and parse (Qt)", loaded,
        QStringLiteral("  (%1 full pulls finished)").arg(fullPulls.load()));

    std::atomic<int> pages{0};
    std::atomic<bool> pullFailed{false};
    startPullers([&] {
        const int n = pullBytesOnly(baseUrl, client.token(), stop);
        pullFailed = pullFailed || n < 0;
        pages += std::max(n, 0);
    });
    const QList<double> loadedRaw = sampleRaw(2000);
    stopPullers();
    line("GET /api/v1/auth/me, while 4 clients pull bytes (bare)", loadedRaw,
        QStringLiteral("  (%1 pages of 5,000 served)").arg(pages.load()));
    if (rawFailed || pullFailed) {
        std::fprintf(stderr, "a bare request failed\n");
        return 1;
    }
    std::printf("  loaded p99 / idle p99: %.1fx (Qt), %.1fx (bare)\n",
        percentile(loaded, 0.99) / percentile(idle, 0.99), percentile(loadedRaw, 0.99) / percentile(idleRaw, 0.99));
    std::printf("server peak RSS: %lld MiB\n", static_cast<long long>(server.peakResidentMemoryKiB() / 1024));
    server.stop();
    return 0;
}
