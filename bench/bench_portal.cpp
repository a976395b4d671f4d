// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench_portal: a signed-in client opening a project of 1,000 tasks and 1,000 files (half of each
// shared), 64 connections at once with wrk on loopback, next to the same server's rate for a static
// portal asset in the same run. Run by hand (see bench/README.md); never in ctest.
//
//   build/bench/bench_portal [--items 1000] [--seconds 15] [--connections 64]
//   (ATRIUM_TEST_DATABASE=postgres ATRIUM_TEST_PG_URL=postgres://… runs it on PostgreSQL)

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>

#include <algorithm>
#include <cstdio>

#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

namespace {

struct WrkResult
{
    double requestsPerSecond = 0;
    QString p50, p99;
    qint64 errors = 0; // non-2xx answers and socket errors
    bool ok = false;
    QString raw;
};

WrkResult runWrk(
    const QUrl &url, const QByteArray &cookie, int connections, int seconds, const QString &acceptEncoding = {})
{
    QProcess wrk;
    QStringList args{QStringLiteral("-t2"), QStringLiteral("-c%1").arg(connections),
        QStringLiteral("-d%1s").arg(seconds), QStringLiteral("--latency")};
    if (!cookie.isEmpty())
        args << QStringLiteral("-H") << QStringLiteral("Cookie: ") + QString::fromLatin1(cookie);
    if (!acceptEncoding.isEmpty())
        args << QStringLiteral("-H") << QStringLiteral("Accept-Encoding: ") + acceptEncoding;
    args << url.toString();
    wrk.start(QStringLiteral("wrk"), args);
    WrkResult r;
    if (!wrk.waitForFinished((seconds + 30) * 1000) || wrk.exitCode() != 0) {
        r.raw = QString::fromLocal8Bit(wrk.readAllStandardError());
        return r;
    }
    r.raw = QString::fromLocal8Bit(wrk.readAllStandardOutput());
    const auto rps = QRegularExpression(QStringLiteral("Requests/sec:\\s+([0-9.]+)")).match(r.raw);
    const auto p50 = QRegularExpression(QStringLiteral("\\n\\s+50%\\s+(\\S+)")).match(r.raw);
    const auto p99 = QRegularExpression(QStringLiteral("\\n\\s+99%\\s+(\\S+)")).match(r.raw);
    const auto non2xx = QRegularExpression(QStringLiteral("Non-2xx or 3xx responses: (\\d+)")).match(r.raw);
    const auto socket =
        QRegularExpression(QStringLiteral("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)"))
            .match(r.raw);
    r.requestsPerSecond = rps.captured(1).toDouble();
    r.p50 = p50.captured(1);
    r.p99 = p99.captured(1);
    r.errors = non2xx.captured(1).toLongLong();
    for (int i = 1; i <= 4 && socket.hasMatch(); ++i)
        r.errors += socket.captured(i).toLongLong();
    r.ok = rps.hasMatch();
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("items"), QStringLiteral("Tasks and files in the project (each)."),
        QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Length of each wrk run."), QStringLiteral("S"),
        QStringLiteral("15")});
    parser.addOption({QStringLiteral("connections"), QStringLiteral("Concurrent connections."), QStringLiteral("C"),
        QStringLiteral("64")});
    parser.process(app);
    const int items = parser.value(QStringLiteral("items")).toInt();
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();
    const int connections = parser.value(QStringLiteral("connections")).toInt();

    ServerProcess server;
    if (!server.start()) {
        std::fprintf(stderr, "server: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    if (!server.createOrg(QStringLiteral("Bench"), QStringLiteral("bench"), QStringLiteral("admin@bench.test"),
            QStringLiteral("admin-pw"))) {
        std::fprintf(stderr, "create-org failed\n");
        return 1;
    }
    TestClient admin(server.baseUrl());
    admin.login(QStringLiteral("admin@bench.test"), QStringLiteral("admin-pw"));
    const QString orgId = pullAll(admin).first().toObject().value(u"id").toString();
    const QString clientId = newId();
    const QString project = newId();
    pushResults(admin,
        {mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "Client"}}),
            mutation(QStringLiteral("project"), project, QStringLiteral("create"),
                {{"client_id", clientId}, {"name", "Big project"}, {"portal_enabled", true},
                    {"client_uploads_enabled", true}}),
            mutation(QStringLiteral("organisation"), orgId, QStringLiteral("update"), {{"portal_enabled", true}},
                {{"portal_enabled", false}})});
    std::printf("seeding %d tasks and %d files (every other one shared)…\n", items, items);
    std::fflush(stdout);
    QJsonArray batch;
    for (int i = 0; i < items; ++i) {
        batch.append(mutation(QStringLiteral("task"), newId(), QStringLiteral("create"),
            {{"project_id", project}, {"title", QStringLiteral("Task %1").arg(i)},
                {"description", QStringLiteral("Description of task %1, a sentence or two long.").arg(i)},
                {"visibility", i % 2 ? "private" : (i % 4 ? "editable" : "read_only")}}));
        if (batch.size() == 500) {
            pushResults(admin, batch);
            batch = {};
        }
    }
    pushResults(admin, batch);
    for (int i = 0; i < items; ++i) {
        if (PortalFixture::uploadAsStaff(admin, project, QStringLiteral("file-%1.pdf").arg(i),
                QByteArray("%PDF-1.4 bench ") + QByteArray::number(i), QStringLiteral("application/pdf"),
                i % 2 ? QStringLiteral("private") : QStringLiteral("read_only"))
                .isEmpty()) {
            std::fprintf(stderr, "upload %d failed\n", i);
            return 1;
        }
    }
    const PortalFixture::Contact contact =
        PortalFixture::signUp(server, admin, clientId, QStringLiteral("client@bench.test"));
    TestClient anon(server.baseUrl());
    const auto page = anon.get(QStringLiteral("/api/v1/portal/projects/") + project, contact.headers());
    if (page.status != 200) {
        std::fprintf(stderr, "project page: HTTP %d\n", page.status);
        return 1;
    }
    const auto asset = anon.get(QStringLiteral("/portal/assets/src/main.js"));
    const auto gzipped = TestClient(server.baseUrl())
                             .get(QStringLiteral("/api/v1/portal/projects/") + project,
                                 contact.headers() + TestClient::Headers{{"Accept-Encoding", "gzip"}});
    std::printf("project response: %lld bytes (%lld gzip-compressed), %lld tasks and %lld files visible; main.js: "
                "%lld bytes\n",
        static_cast<long long>(page.body.size()), static_cast<long long>(gzipped.body.size()),
        static_cast<long long>(page.object().value(u"tasks").toArray().size()),
        static_cast<long long>(page.object().value(u"files").toArray().size()),
        static_cast<long long>(asset.body.size()));
    std::printf(
        "wrk: 2 threads, %d connections, %d s each, on the same 2 cores as the server\n\n", connections, seconds);
    std::fflush(stdout);

    const QUrl projectUrl = server.baseUrl().resolved(QUrl(QStringLiteral("/api/v1/portal/projects/") + project));
    const QUrl assetUrl = server.baseUrl().resolved(QUrl(QStringLiteral("/portal/assets/src/main.js")));
    const WrkResult staticAsset = runWrk(assetUrl, {}, connections, seconds);
    // wrk asks for no encoding unless told; a browser always takes gzip.
    const WrkResult projectPage = runWrk(projectUrl, contact.cookie, connections, seconds);
    const WrkResult projectPageGzip =
        runWrk(projectUrl, contact.cookie, connections, seconds, QStringLiteral("gzip, deflate, br"));
    const WrkResult staticAgain = runWrk(assetUrl, {}, connections, seconds);
    const double staticRate = (staticAsset.requestsPerSecond + staticAgain.requestsPerSecond) / 2;
    int failures = 0;
    for (const auto &[name, r] : {std::pair{"static asset /portal/assets/src/main.js", &staticAsset},
             std::pair{"signed-in client: GET /api/v1/portal/projects/{id}", &projectPage},
             std::pair{"  the same as a browser asks (Accept-Encoding: gzip)", &projectPageGzip},
             std::pair{"static asset again", &staticAgain}}) {
        if (!r->ok) {
            std::printf("%-55s wrk failed: %s\n", name, qPrintable(r->raw));
            ++failures;
            continue;
        }
        std::printf("%-55s %9.0f req/s   p50 %-9s p99 %-9s errors %lld", name, r->requestsPerSecond, qPrintable(r->p50),
            qPrintable(r->p99), static_cast<long long>(r->errors));
        if (r == &projectPage || r == &projectPageGzip)
            std::printf("   %.0f%% of static", staticRate > 0 ? 100 * r->requestsPerSecond / staticRate : 0.0);
        std::printf("\n");
    }

    // Pages are served from memory while nothing in the organisation changes; after any write the
    // next open builds the page again. That cost, measured alone: a write, then one open, 30 times.
    const QString privateTask = newId();
    pushResults(admin,
        {mutation(QStringLiteral("task"), privateTask, QStringLiteral("create"),
            {{"project_id", project}, {"title", "Bumped"}})});
    QList<double> rebuilds;
    for (int i = 0; i < 30; ++i) {
        pushResults(admin,
            {mutation(QStringLiteral("task"), privateTask, QStringLiteral("update"),
                {{"title", QStringLiteral("Bumped %1").arg(i)}})});
        QElapsedTimer timer;
        timer.start();
        const auto rebuilt = anon.get(QStringLiteral("/api/v1/portal/projects/") + project, contact.headers());
        rebuilds.append(timer.nsecsElapsed() / 1e6);
        if (rebuilt.status != 200)
            ++failures;
    }
    std::sort(rebuilds.begin(), rebuilds.end());
    std::printf("%-55s p50 %.1f ms, max %.1f ms (one request at a time)\n", "project page rebuilt after a write",
        rebuilds.at(rebuilds.size() / 2), rebuilds.last());
    std::printf("\nserver peak memory: %lld MiB\n", static_cast<long long>(server.peakResidentMemoryKiB() / 1024));
    return failures == 0 ? 0 : 1;
}
