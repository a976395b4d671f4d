// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench_liveupdates: how long a change made on one desktop takes to reach another desktop's event
// stream (GET /api/v1/sync/events) when the two are connected to different server instances on one
// PostgreSQL, next to the same with both on one instance and to the push's own round trip (the
// floor: the event cannot leave before the change is committed). Each change is a task update
// pushed on its own; the time runs from sending the push to the arrival of the first event naming
// its version or a later one. Changes are --gap-ms apart (default 150): an event stream sends at
// most one event per 100 ms (carrying the latest version), so changes closer together than that
// wait for the next event by design; --gap-ms 0 shows that case. Run by hand (see
// bench/README.md); never in ctest.
//
//   ATRIUM_TEST_DATABASE=postgres ATRIUM_TEST_PG_URL=postgres://… build/bench/bench_liveupdates
//       [--changes 300] [--gap-ms 150]

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>
#include <cstdio>
#include <map>

#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

namespace {

// One event stream; remembers when each version was first announced (ms on `clock`).
class Listener : public QObject
{
public:
    Listener(const QUrl &base, const QByteArray &token, const QElapsedTimer &clock)
        : m_clock(clock)
    {
        m_manager.setProxy(QNetworkProxy::NoProxy);
        QUrl url = base;
        url.setPath(QStringLiteral("/api/v1/sync/events"));
        QNetworkRequest request(url);
        request.setRawHeader("Accept", "text/event-stream");
        request.setRawHeader("Authorization", "Bearer " + token);
        m_reply = m_manager.get(request);
        connect(m_reply, &QIODevice::readyRead, this, [this] {
            const double now = double(m_clock.nsecsElapsed()) / 1e6;
            m_buffer += m_reply->readAll();
            qsizetype end;
            while ((end = m_buffer.indexOf("\n\n")) >= 0) {
                const QByteArray block = m_buffer.left(end);
                m_buffer.remove(0, end + 2);
                const qsizetype data = block.indexOf("data: ");
                if (block.contains("event: version") && data >= 0) {
                    const qint64 version =
                        QJsonDocument::fromJson(block.mid(data + 6)).object().value(u"version").toInteger(-1);
                    m_seen.emplace(version, now);
                    m_latest = std::max(m_latest, version);
                }
            }
        });
    }
    qint64 latest() const { return m_latest; }
    // When the first event announcing `version` or later arrived; -1 if none yet.
    double arrival(qint64 version) const
    {
        const auto it = m_seen.lower_bound(version);
        return it == m_seen.end() ? -1 : it->second;
    }

private:
    const QElapsedTimer &m_clock;
    QNetworkAccessManager m_manager;
    QNetworkReply *m_reply = nullptr;
    QByteArray m_buffer;
    std::map<qint64, double> m_seen;
    qint64 m_latest = -1;
};

struct Summary
{
    double p50 = 0, p95 = 0, max = 0;
};

Summary summarise(QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    const auto at = [&ms](double q) {
        return ms.isEmpty() ? 0.0 : ms.at(std::min<qsizetype>(ms.size() - 1, qsizetype(q * double(ms.size()))));
    };
    return Summary{at(0.50), at(0.95), ms.isEmpty() ? 0.0 : ms.last()};
}

void print(const char *what, const Summary &s)
{
    std::printf("  %-46s p50 %7.2f ms   p95 %7.2f ms   max %7.2f ms\n", what, s.p50, s.p95, s.max);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption changesOption(
        QStringLiteral("changes"), QStringLiteral("Changes to time."), QStringLiteral("N"), QStringLiteral("300"));
    parser.addOption(changesOption);
    const QCommandLineOption gapOption(QStringLiteral("gap-ms"), QStringLiteral("Pause between changes."),
        QStringLiteral("MS"), QStringLiteral("150"));
    parser.addOption(gapOption);
    parser.process(app);
    const int changes = std::max(10, parser.value(changesOption).toInt());
    const int gapMs = std::max(0, parser.value(gapOption).toInt());
    if (qEnvironmentVariable("ATRIUM_TEST_DATABASE") != u"postgres") {
        std::fprintf(stderr,
            "bench_liveupdates needs ATRIUM_TEST_DATABASE=postgres and ATRIUM_TEST_PG_URL "
            "(several instances share a PostgreSQL database)\n");
        return 2;
    }

    ServerProcess first;
    ServerProcess second;
    second.shareDatabaseWith(first);
    if (!first.start() || !second.start()) {
        std::fprintf(stderr, "cannot start the servers: %s %s\n", qPrintable(first.errorString()),
            qPrintable(second.errorString()));
        return 1;
    }
    if (!first.createOrg(QStringLiteral("Bench"), QStringLiteral("bench"), QStringLiteral("admin@bench.test"),
            QStringLiteral("bench password"))) {
        std::fprintf(stderr, "create-org failed: %s\n", qPrintable(first.errorString()));
        return 1;
    }
    TestClient pusher(first.baseUrl());
    const QByteArray token = pusher.login(QStringLiteral("admin@bench.test"), QStringLiteral("bench password"));
    const QString projectId = createProject(pusher);
    const QString taskId = newId();
    pushResults(pusher,
        {mutation(
            QStringLiteral("task"), taskId, QStringLiteral("create"), {{"project_id", projectId}, {"title", "Live"}})});

    QElapsedTimer clock;
    clock.start();
    Listener sameInstance(first.baseUrl(), token, clock);
    Listener otherInstance(second.baseUrl(), token, clock);
    // Both streams open and past their first event before timing starts.
    QElapsedTimer wait;
    wait.start();
    while ((sameInstance.latest() < 0 || otherInstance.latest() < 0) && wait.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    if (sameInstance.latest() < 0 || otherInstance.latest() < 0) {
        std::fprintf(stderr, "the event streams did not open\n");
        return 1;
    }

    QList<double> roundTrip, same, other;
    QString title = QStringLiteral("Live");
    for (int i = 0; i < changes; ++i) {
        const QString next = QStringLiteral("Live %1").arg(i);
        const double sent = double(clock.nsecsElapsed()) / 1e6;
        const QJsonArray results = pushResults(pusher,
            {mutation(
                QStringLiteral("task"), taskId, QStringLiteral("update"), {{"title", next}}, {{"title", title}})});
        const double answered = double(clock.nsecsElapsed()) / 1e6;
        const qint64 version = results.isEmpty() ? -1 : results.first().toObject().value(u"version").toInteger(-1);
        if (version < 0) {
            std::fprintf(stderr, "push %d failed\n", i);
            return 1;
        }
        title = next;
        roundTrip.append(answered - sent);
        QElapsedTimer deadline;
        deadline.start();
        while ((sameInstance.arrival(version) < 0 || otherInstance.arrival(version) < 0) && deadline.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        if (sameInstance.arrival(version) < 0 || otherInstance.arrival(version) < 0) {
            std::fprintf(stderr, "version %lld never arrived\n", static_cast<long long>(version));
            return 1;
        }
        same.append(sameInstance.arrival(version) - sent);
        other.append(otherInstance.arrival(version) - sent);
        QElapsedTimer pause;
        pause.start();
        while (pause.elapsed() < gapMs)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, gapMs);
    }

    const Summary floor = summarise(roundTrip);
    const Summary s = summarise(same);
    const Summary o = summarise(other);
    std::printf(
        "Live updates, %d changes pushed one at a time, %d ms apart, to instance 1 (PostgreSQL)\n", changes, gapMs);
    print("push round trip (floor)", floor);
    print("event on the same instance", s);
    print("event on another instance", o);
    std::printf("  another instance, p95: %.2f ms (target <= 250 ms); %.2fx the floor's p95\n", o.p95,
        floor.p95 > 0 ? o.p95 / floor.p95 : 0.0);
    return 0;
}
