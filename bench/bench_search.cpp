// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench_search: the desktop's search and Inbox on a large cache, with no server (the cache is
// filled through LocalCache::applyPullPage, as pulls fill it). (1) Search over 100,000 tasks and
// 100,000 comments, query by query as a phrase is typed: median and worst per query, next to the
// floor of one trivial query on the same connection. (2) Opening an Inbox of 10,000 client
// actions: time to the model's "loaded", and the longest the GUI thread went without processing
// events meanwhile (a 1 ms timer measures the gaps), next to the same for an empty Inbox. Run by
// hand (see bench/README.md); never in ctest.
//
//   QT_QPA_PLATFORM=offscreen build/bench/bench_search [--tasks 100000] [--comments 100000] [--inbox 10000]

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

#include "common/entityschema.h"
#include "models/inboxmodel.h"
#include "sync/localcache.h"

namespace {

QJsonObject change(const QString &entity, const QString &id, qint64 version, const QJsonObject &data)
{
    QJsonObject full = data;
    full.insert(QStringLiteral("created_at"), QStringLiteral("2026-12-01T10:00:00.000Z"));
    full.insert(QStringLiteral("updated_at"), QStringLiteral("2026-12-01T10:00:00.000Z"));
    return QJsonObject{{QStringLiteral("entity"), entity}, {QStringLiteral("id"), id},
        {QStringLiteral("version"), version}, {QStringLiteral("deleted"), false}, {QStringLiteral("data"), full}};
}

const QStringList words = {QStringLiteral("homepage"), QStringLiteral("logo"), QStringLiteral("brochure"),
    QStringLiteral("draft"), QStringLiteral("review"), QStringLiteral("colour"), QStringLiteral("photo"),
    QStringLiteral("copy"), QStringLiteral("banner"), QStringLiteral("invoice"), QStringLiteral("menu"),
    QStringLiteral("print"), QStringLiteral("campaign"), QStringLiteral("newsletter"), QStringLiteral("launch")};

QString phrase(int i, int length)
{
    QStringList out;
    for (int w = 0; w < length; ++w)
        out.append(words.at((i * 7 + w * 13 + (i / 15)) % words.size()));
    return out.join(u' ') + QStringLiteral(" #%1").arg(i);
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("tasks"), QStringLiteral("Tasks in the cache."), QStringLiteral("n"),
                           QStringLiteral("100000")},
        {QStringLiteral("comments"), QStringLiteral("Comments in the cache."), QStringLiteral("n"),
            QStringLiteral("100000")},
        {QStringLiteral("inbox"), QStringLiteral("Client actions in the Inbox."), QStringLiteral("n"),
            QStringLiteral("10000")}});
    parser.addHelpOption();
    parser.process(app);
    const int taskCount = parser.value(QStringLiteral("tasks")).toInt();
    const int commentCount = parser.value(QStringLiteral("comments")).toInt();
    const int inboxCount = parser.value(QStringLiteral("inbox")).toInt();

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    LocalCache cache;
    if (auto r = cache.open(path); !r) {
        std::fprintf(stderr, "cannot open the cache: %s\n", qPrintable(r.error().message));
        return 1;
    }

    // --- seed -------------------------------------------------------------------------------
    QElapsedTimer seeding;
    seeding.start();
    qint64 version = 0;
    const QString clientId = EntitySchema::newUuid();
    const QString projectId = EntitySchema::newUuid();
    const QString contactId = EntitySchema::newUuid();
    const QString staffId = EntitySchema::newUuid();
    QJsonArray page{change(QStringLiteral("staff_user"), staffId, ++version,
                        {{"email", "ana@acme.test"}, {"name", "Ana"}, {"role", "admin"}}),
        change(QStringLiteral("client"), clientId, ++version, {{"name", "Harbour Coffee"}, {"notes", ""}}),
        change(QStringLiteral("contact"), contactId, ++version,
            {{"client_id", clientId}, {"name", "Cy"}, {"email", "cy@harbour.test"}, {"portal_state", "active"}}),
        change(QStringLiteral("project"), projectId, ++version,
            {{"client_id", clientId}, {"name", "Website"}, {"status", "active"}})};
    QStringList taskIds;
    auto flush = [&] {
        if (auto r = cache.applyPullPage(page, version); !r) {
            std::fprintf(stderr, "seeding failed: %s\n", qPrintable(r.error().message));
            std::exit(1);
        }
        page = {};
    };
    for (int i = 0; i < taskCount; ++i) {
        const QString id = EntitySchema::newUuid();
        taskIds.append(id);
        page.append(change(QStringLiteral("task"), id, ++version,
            {{"project_id", projectId}, {"title", phrase(i, 3)}, {"description", phrase(i + 1, 12)}, {"status", "todo"},
                {"visibility", "private"}}));
        if (page.size() == 1000)
            flush();
    }
    for (int i = 0; i < commentCount; ++i) {
        page.append(change(QStringLiteral("comment"), EntitySchema::newUuid(), ++version,
            {{"target_entity", "task"}, {"target_id", taskIds.at(i % taskIds.size())},
                {"author_kind", i % 2 ? "contact" : "staff"}, {"body", phrase(i + 3, 20)}}));
        if (page.size() == 1000)
            flush();
    }
    for (int i = 0; i < inboxCount; ++i) {
        page.append(change(QStringLiteral("activity"), EntitySchema::newUuid(), ++version,
            {{"actor_id", contactId}, {"actor_kind", "contact"}, {"action", "comment.created"}, {"entity", "comment"},
                {"entity_id", EntitySchema::newUuid()}, {"project_id", projectId}, {"summary", phrase(i, 6)},
                {"address", ""}}));
        if (page.size() == 1000)
            flush();
    }
    flush();
    std::printf("seeded %d tasks, %d comments, %d client actions in %.1f s\n", taskCount, commentCount, inboxCount,
        seeding.elapsed() / 1000.0);

    // --- (1) search as typed ----------------------------------------------------------------
    LocalCache reader;
    if (auto r = reader.open(path, LocalCache::OpenMode::ReadOnly); !r)
        return 1;
    QList<double> floor;
    for (int i = 0; i < 50; ++i) {
        QElapsedTimer t;
        t.start();
        (void)reader.meta(QStringLiteral("cursor"));
        floor.append(t.nsecsElapsed() / 1e6);
    }
    QList<double> times;
    double worst = 0;
    QString worstQuery;
    const QStringList typed = {QStringLiteral("homepage draft review"), QStringLiteral("logo colour"),
        QStringLiteral("newsletter launch campaign"), QStringLiteral("xyz nothing"), QStringLiteral("brochure #12345")};
    int totalHits = 0;
    for (const QString &text : typed) {
        for (int n = 2; n <= text.size(); ++n) {
            const QString query = text.left(n);
            QElapsedTimer t;
            t.start();
            const auto hits = reader.search(query);
            const double ms = t.nsecsElapsed() / 1e6;
            times.append(ms);
            if (ms > worst) {
                worst = ms;
                worstQuery = query;
            }
            totalHits += hits ? int(hits->size()) : 0;
        }
    }
    std::printf("search: %lld queries as typed, median %.2f ms, worst %.2f ms (\"%s\"); floor (one trivial query) "
                "median %.3f ms; %d hits in all\n",
        qlonglong(times.size()), median(times), worst, qPrintable(worstQuery), median(floor), totalHits);

    // --- (2) the Inbox ----------------------------------------------------------------------
    // The floor: the same model over a cache with no client actions at all.
    LocalCache empty;
    if (auto r = empty.open(dir.filePath(QStringLiteral("empty.sqlite"))); !r)
        return 1;
    auto openInbox = [&](LocalCache *on, const QString &email, int *rows) {
        InboxModel model(on);
        QSignalSpy loaded(&model, &InboxModel::loaded);
        QElapsedTimer gap;
        double longestGap = 0;
        QTimer ticker;
        ticker.setInterval(1);
        QObject::connect(&ticker, &QTimer::timeout, [&] {
            longestGap = std::max(longestGap, gap.nsecsElapsed() / 1e6);
            gap.restart();
        });
        QElapsedTimer t;
        t.start();
        gap.start();
        ticker.start();
        model.setUserEmail(email);
        loaded.wait(30000);
        const double ms = t.nsecsElapsed() / 1e6;
        // The reset that shows the rows happens on the GUI thread: count it too.
        QCoreApplication::processEvents();
        longestGap = std::max(longestGap, gap.nsecsElapsed() / 1e6);
        ticker.stop();
        *rows = model.rowCount();
        return std::pair{ms, longestGap};
    };
    int rows = 0;
    int emptyRows = 0;
    QList<double> inboxTimes;
    QList<double> inboxGaps;
    for (int i = 0; i < 5; ++i) {
        const auto [ms, gapMs] = openInbox(&cache, QStringLiteral("ana@acme.test"), &rows);
        inboxTimes.append(ms);
        inboxGaps.append(gapMs);
    }
    QList<double> emptyTimes;
    QList<double> emptyGaps;
    for (int i = 0; i < 5; ++i) {
        const auto [ms, gapMs] = openInbox(&empty, QStringLiteral("ana@acme.test"), &emptyRows);
        emptyTimes.append(ms);
        emptyGaps.append(gapMs);
    }
    std::printf("inbox: %d items loaded in median %.1f ms (worst %.1f), longest GUI-thread gap median %.1f ms "
                "(worst %.1f); floor (an empty inbox, %d items) %.1f ms, gap %.1f ms\n",
        rows, median(inboxTimes), *std::max_element(inboxTimes.begin(), inboxTimes.end()), median(inboxGaps),
        *std::max_element(inboxGaps.begin(), inboxGaps.end()), emptyRows, median(emptyTimes), median(emptyGaps));
    return 0;
}
