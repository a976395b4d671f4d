// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "common/entityschema.h"
#include "sync/localcache.h"

// The desktop's SQLite cache against a real file: edits and their outbox, pull pages, push
// results, and that nothing is deleted without a tombstone.
class TestLocalCache : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void createQueuesOneMutation();
    void searchFollowsEveryWriteAndKeepsItsSyntaxOut();
    void updateRecordsBaseAndOnlyChangedFields();
    void invalidEditChangesNothing_data();
    void invalidEditChangesNothing();
    void editsSurviveReopening();
    void pullPageStoresRowsAndCursorTogether();
    void pulledTextIsStoredAsSent();
    void bootstrapIndexesEachPageForSearch();
    void bootstrapBegunByAnOlderVersionIsIndexedAtTheEnd();
    void pullKeepsPendingFieldsOnTop();
    void rowsOfALargePageGoInTogether();
    void olderVersionNeverOverwritesNewer();
    void onlyTombstonesDelete();
    void countByGroupsLiveRowsOfOneProject();
    void appliedResultsLeaveTheOutbox();
    void rejectedCreateIsUndoneAndKept();
    void rejectedUpdateRestoresBase();
    void uploadShowsAsPendingFile();
    void garbageFileIsRebuiltAndKeptAside();
    void damagedCacheKeepsItsOutbox();

private:
    QJsonObject change(
        const QString &entity, const QString &id, qint64 version, const QJsonObject &data, bool deleted = false);
    QString createClient(const QString &name);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalCache> m_cache;
};

void TestLocalCache::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = std::make_unique<LocalCache>();
    if (auto r = m_cache->open(m_dir->filePath(QStringLiteral("cache.sqlite"))); !r)
        QFAIL(qPrintable(r.error().message));
}

void TestLocalCache::cleanup()
{
    m_cache.reset();
    m_dir.reset();
}

void TestLocalCache::searchFollowsEveryWriteAndKeepsItsSyntaxOut()
{
    // Words become quoted prefixes; one letter waits for the next; FTS5 operators are just words.
    QCOMPARE(LocalCache::searchQuery(QStringLiteral("logo b")), QStringLiteral("\"logo\"*"));
    QCOMPARE(LocalCache::searchQuery(QStringLiteral("NEAR(\"a\" OR x*)")), QStringLiteral("\"NEAR\"* \"OR\"*"));
    QCOMPARE(LocalCache::searchQuery(QStringLiteral("a")), QString());

    const QString id = EntitySchema::newUuid();
    QVERIFY(m_cache->applyEdit(
        {LocalEdit::Op::Create, QStringLiteral("client"), id, {{"name", "Café Crème"}, {"notes", "pays late"}}}));
    auto hits = m_cache->search(QStringLiteral("cafe CREM"));
    QVERIFY(hits);
    QCOMPARE(hits->size(), 1);
    QCOMPARE(hits->first().id, id);
    QCOMPARE(hits->first().title, QStringLiteral("Café Crème"));
    // An edit re-indexes the row; a delete takes it out; a restore brings it back.
    QVERIFY(m_cache->applyEdit({LocalEdit::Op::Update, QStringLiteral("client"), id, {{"name", "Harbour"}}}));
    QCOMPARE(m_cache->search(QStringLiteral("cafe"))->size(), 0);
    QCOMPARE(m_cache->search(QStringLiteral("harb"))->size(), 1);
    QCOMPARE(m_cache->search(QStringLiteral("late"))->size(), 1);
    QVERIFY(m_cache->applyEdit({LocalEdit::Op::Delete, QStringLiteral("client"), id, {}}));
    QCOMPARE(m_cache->search(QStringLiteral("harb"))->size(), 0);
    QVERIFY(m_cache->applyEdit({LocalEdit::Op::Restore, QStringLiteral("client"), id, {}}));
    QCOMPARE(m_cache->search(QStringLiteral("harb"))->size(), 1);
    // A pull (an upsert of the same row) keeps one entry (the pending edits stay on top of it).
    const QJsonObject pulled{{"entity", "client"}, {"id", id}, {"version", 7}, {"deleted", false},
        {"data",
            QJsonObject{{"name", "Harbour Coffee"}, {"notes", ""}, {"archived", false},
                {"created_at", "2026-12-01T10:00:00.000Z"}, {"updated_at", "2026-12-01T10:00:00.000Z"}}}};
    QVERIFY(m_cache->applyPullPage({pulled}, 7));
    QCOMPARE(m_cache->search(QStringLiteral("harbour"))->size(), 1);
    QCOMPARE(m_cache->search(QStringLiteral("harb"))->size(), 1);
}

QJsonObject TestLocalCache::change(
    const QString &entity, const QString &id, qint64 version, const QJsonObject &data, bool deleted)
{
    QJsonObject full = data;
    full.insert(QStringLiteral("created_at"), QStringLiteral("2026-11-22T10:00:00.000Z"));
    full.insert(QStringLiteral("updated_at"), QStringLiteral("2026-11-22T10:00:00.000Z"));
    return QJsonObject{{QStringLiteral("entity"), entity}, {QStringLiteral("id"), id},
        {QStringLiteral("version"), version}, {QStringLiteral("deleted"), deleted}, {QStringLiteral("data"), full}};
}

QString TestLocalCache::createClient(const QString &name)
{
    const QString id = EntitySchema::newUuid();
    auto r = m_cache->applyEdit({LocalEdit::Op::Create, QStringLiteral("client"), id, {{"name", name}}});
    return r ? id : QString();
}

void TestLocalCache::createQueuesOneMutation()
{
    QSignalSpy changed(m_cache.get(), &LocalCache::rowsChanged);
    const QString id = createClient(QStringLiteral("Harbour Coffee"));
    QVERIFY(!id.isEmpty());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_cache->pendingCount(), 1);
    const auto row = m_cache->row(QStringLiteral("client"), id);
    QVERIFY(row);
    QCOMPARE(row->value(u"name").toString(), QStringLiteral("Harbour Coffee"));
    QCOMPARE(row->value(u"pending").toBool(), true);
    QCOMPARE(row->value(u"archived").toBool(), false);
    const auto batch = m_cache->nextOutboxBatch(10);
    QCOMPARE(batch.size(), 1);
    const QJsonObject m = batch.first().mutation;
    QCOMPARE(m.value(u"op").toString(), QStringLiteral("create"));
    QCOMPARE(m.value(u"id").toString(), id);
    QCOMPARE(m.value(u"fields").toObject().value(u"name").toString(), QStringLiteral("Harbour Coffee"));
    QVERIFY(EntitySchema::isUuid(m.value(u"mutation_id").toString()));
}

void TestLocalCache::updateRecordsBaseAndOnlyChangedFields()
{
    const QString id = EntitySchema::newUuid();
    QVERIFY(m_cache->applyPullPage({change(QStringLiteral("client"), id, 5, {{"name", "Old"}, {"notes", "n"}})}, 5));
    QVERIFY(
        m_cache->applyEdit({LocalEdit::Op::Update, QStringLiteral("client"), id, {{"name", "New"}, {"notes", "n"}}}));
    const auto batch = m_cache->nextOutboxBatch(10);
    QCOMPARE(batch.size(), 1);
    const QJsonObject m = batch.first().mutation;
    QCOMPARE(m.value(u"fields").toObject(), (QJsonObject{{"name", "New"}}));
    QCOMPARE(m.value(u"base").toObject(), (QJsonObject{{"name", "Old"}}));
    // The same value again is no edit at all.
    QVERIFY(m_cache->applyEdit({LocalEdit::Op::Update, QStringLiteral("client"), id, {{"name", "New"}}}));
    QCOMPARE(m_cache->pendingCount(), 1);
}

void TestLocalCache::invalidEditChangesNothing_data()
{
    QTest::addColumn<QString>("entity");
    QTest::addColumn<QJsonObject>("fields");
    QTest::addRow("a required field is missing") << QStringLiteral("client") << QJsonObject{{"notes", "x"}};
    QTest::addRow("a field of the wrong type") << QStringLiteral("client") << QJsonObject{{"name", 5}};
    QTest::addRow("an unknown field") << QStringLiteral("client") << QJsonObject{{"name", "A"}, {"colour", "red"}};
    QTest::addRow("a server-managed field") << QStringLiteral("file") << QJsonObject{{"name", "a"}, {"size", 3}};
    QTest::addRow("an unknown entity") << QStringLiteral("spaceship") << QJsonObject{{"name", "A"}};
    QTest::addRow("a bad visibility") << QStringLiteral(
        "task") << QJsonObject{{"project_id", EntitySchema::newUuid()}, {"title", "t"}, {"visibility", "public"}};
}

void TestLocalCache::invalidEditChangesNothing()
{
    QFETCH(QString, entity);
    QFETCH(QJsonObject, fields);
    const QString good = EntitySchema::newUuid();
    // A good edit and a bad one in one batch: neither is applied.
    auto r = m_cache->applyEdits({{LocalEdit::Op::Create, QStringLiteral("client"), good, {{"name", "Fine"}}},
        {LocalEdit::Op::Create, entity, EntitySchema::newUuid(), fields}});
    QVERIFY(!r);
    QVERIFY(!r.error().message.isEmpty());
    QCOMPARE(m_cache->pendingCount(), 0);
    QVERIFY(!m_cache->row(QStringLiteral("client"), good));
}

void TestLocalCache::editsSurviveReopening()
{
    const QString id = createClient(QStringLiteral("Kept"));
    const QString path = m_cache->path();
    m_cache.reset();
    LocalCache again;
    QVERIFY(again.open(path));
    QCOMPARE(again.pendingCount(), 1);
    QCOMPARE(again.row(QStringLiteral("client"), id)->value(u"name").toString(), QStringLiteral("Kept"));
}

void TestLocalCache::pullPageStoresRowsAndCursorTogether()
{
    const QString a = EntitySchema::newUuid();
    const QString b = EntitySchema::newUuid();
    auto changed = m_cache->applyPullPage({change(QStringLiteral("client"), a, 3, {{"name", "A"}}),
                                              change(QStringLiteral("client"), b, 4, {{"name", "B"}})},
        4);
    QVERIFY(changed);
    QCOMPARE(changed->value(QStringLiteral("client")).size(), 2);
    QCOMPARE(m_cache->cursor(), 4);
    auto set = m_cache->records(QStringLiteral("client"), {QStringLiteral("name")});
    QVERIFY(set);
    QCOMPARE(set->rows.size(), 2);
    QCOMPARE(m_cache->pendingCount(), 0);
}

// A page's text goes in through one buffer reused row after row (NativeDriver::bindAll): every
// value comes back as sent, whatever came before it, in any script, and an empty one stays empty.
void TestLocalCache::pulledTextIsStoredAsSent()
{
    const QStringList names{QStringLiteral("a much longer name than the ones after it, to be overwritten"),
        QStringLiteral("Grüße"), QStringLiteral("東京 デザイン"), QStringLiteral("emoji 🎨 and \u200b"), QString(""),
        QStringLiteral("x"), QStringLiteral("tab\there, newline\nthere, quote ' and \"")};
    QJsonArray page;
    QStringList ids;
    for (const QString &name : names) {
        ids.append(EntitySchema::newUuid());
        page.append(change(QStringLiteral("client"), ids.last(), 1,
            QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("notes"), QString(name + name)}}));
    }
    QVERIFY(m_cache->applyPullPage(page, 1));
    auto set = m_cache->records(QStringLiteral("client"), {QStringLiteral("name"), QStringLiteral("notes")});
    QVERIFY(set);
    QCOMPARE(set->rows.size(), names.size());
    for (const Record &row : std::as_const(set->rows)) {
        const QString name = names.at(ids.indexOf(row.id));
        QCOMPARE(row.values.at(0).toString(), name);
        QCOMPARE(row.values.at(1).toString(), name + name);
    }
}

// A bootstrap indexes each page's new rows for search as the page goes in; a row of an earlier
// page that changes or goes in a later one is indexed anew, or leaves the index.
void TestLocalCache::bootstrapIndexesEachPageForSearch()
{
    QCOMPARE(m_cache->beginBootstrap(), true);
    const QString renamed = EntitySchema::newUuid();
    const QString deleted = EntitySchema::newUuid();
    QVERIFY(m_cache->applyPullPage({change(QStringLiteral("client"), renamed, 1, {{"name", "Alpha Studio"}}),
                                       change(QStringLiteral("client"), deleted, 2, {{"name", "Gamma Studio"}})},
        2));
    QCOMPARE(m_cache->search(QStringLiteral("alpha"))->size(), 1);
    QCOMPARE(m_cache->search(QStringLiteral("gamma"))->size(), 1);
    QVERIFY(m_cache->applyPullPage(
        {change(QStringLiteral("client"), renamed, 3, {{"name", "Omega Studio"}}),
            change(QStringLiteral("client"), deleted, 4, {{"name", "Gamma Studio"}}, true),
            change(QStringLiteral("client"), EntitySchema::newUuid(), 5, {{"name", "Beta Studio"}})},
        5));
    QVERIFY(m_cache->finishBootstrap());
    QVERIFY(!m_cache->isBootstrapping());
    QCOMPARE(m_cache->search(QStringLiteral("alpha"))->size(), 0);
    QCOMPARE(m_cache->search(QStringLiteral("omega"))->size(), 1);
    QCOMPARE(m_cache->search(QStringLiteral("gamma"))->size(), 0);
    QCOMPARE(m_cache->search(QStringLiteral("beta"))->size(), 1);
    // Each row once: three clients, two of them live.
    QCOMPARE(m_cache->search(QStringLiteral("studio"))->size(), 2);
}

// A cache whose bootstrap an older version began (and marked '1') has no search entries for what
// that version pulled: the index is filled from the rows when the bootstrap finishes.
void TestLocalCache::bootstrapBegunByAnOlderVersionIsIndexedAtTheEnd()
{
    QCOMPARE(m_cache->beginBootstrap(), true);
    QVERIFY(m_cache->applyPullPage(
        {change(QStringLiteral("client"), EntitySchema::newUuid(), 1, {{"name", "Harbour Coffee"}})}, 1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("older"));
        db.setDatabaseName(m_dir->filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(db.open());
        QSqlQuery older(db);
        QVERIFY(older.exec(QStringLiteral("UPDATE meta SET value = '1' WHERE key = 'bootstrap'")));
        QVERIFY(older.exec(QStringLiteral("DELETE FROM s_e_clients")));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("older"));
    QCOMPARE(m_cache->search(QStringLiteral("harbour"))->size(), 0);
    QVERIFY(m_cache->finishBootstrap());
    QCOMPARE(m_cache->search(QStringLiteral("harbour"))->size(), 1);
}

void TestLocalCache::pullKeepsPendingFieldsOnTop()
{
    const QString id = EntitySchema::newUuid();
    QVERIFY(m_cache->applyPullPage({change(QStringLiteral("client"), id, 1, {{"name", "Server"}, {"notes", ""}})}, 1));
    QVERIFY(m_cache->applyEdit({LocalEdit::Op::Update, QStringLiteral("client"), id, {{"name", "Mine"}}}));
    // Someone else changed the notes meanwhile; our unsent name stays.
    QVERIFY(m_cache->applyPullPage(
        {change(QStringLiteral("client"), id, 2, {{"name", "Server"}, {"notes", "their notes"}})}, 2));
    const auto row = m_cache->row(QStringLiteral("client"), id);
    QCOMPARE(row->value(u"name").toString(), QStringLiteral("Mine"));
    QCOMPARE(row->value(u"notes").toString(), QStringLiteral("their notes"));
    QCOMPARE(row->value(u"pending").toBool(), true);
}

// A page's rows go in many to a statement (applyPullPage): every row of a page larger than one
// such statement, of two entities in turn, is stored with its own values; a row with an edit
// waiting to go out keeps it on top, wherever it falls; an older version still never wins.
void TestLocalCache::rowsOfALargePageGoInTogether()
{
    const QString edited = EntitySchema::newUuid();
    const QString newer = EntitySchema::newUuid();
    QVERIFY(m_cache->applyPullPage({change(QStringLiteral("client"), edited, 1, {{"name", "Server"}}),
                                       change(QStringLiteral("client"), newer, 500, {{"name", "Newest"}})},
        500));
    QVERIFY(m_cache->applyEdit({LocalEdit::Op::Update, QStringLiteral("client"), edited, {{"name", "Mine"}}}));

    QJsonArray page;
    QStringList clients;
    QStringList contacts;
    for (int i = 0; i < 101; ++i) {
        clients.append(i == 37 ? edited : EntitySchema::newUuid());
        page.append(change(QStringLiteral("client"), clients.last(), 600 + i,
            {{"name", QStringLiteral("Client %1").arg(i)}, {"notes", QStringLiteral("notes %1").arg(i)}}));
        if (i % 3 == 0) {
            contacts.append(EntitySchema::newUuid());
            page.append(change(QStringLiteral("contact"), contacts.last(), 800 + i,
                {{"client_id", clients.last()}, {"name", QStringLiteral("Contact %1").arg(i)},
                    {"email", QStringLiteral("c%1@example.test").arg(i)}}));
        }
        if (i == 70)
            page.append(change(QStringLiteral("client"), newer, 400, {{"name", "Older"}}));
    }
    auto changed = m_cache->applyPullPage(page, 900);
    QVERIFY(changed);
    QCOMPARE(changed->value(QStringLiteral("client")).size(), 102);
    QCOMPARE(changed->value(QStringLiteral("contact")), contacts);
    for (int i = 0; i < clients.size(); ++i) {
        const auto row = m_cache->row(QStringLiteral("client"), clients.at(i));
        QVERIFY(row);
        QCOMPARE(row->value(u"name").toString(), i == 37 ? QStringLiteral("Mine") : QStringLiteral("Client %1").arg(i));
        QCOMPARE(row->value(u"notes").toString(), QStringLiteral("notes %1").arg(i));
        QCOMPARE(row->value(u"version").toInteger(), 600 + i);
    }
    QCOMPARE(m_cache->row(QStringLiteral("client"), edited)->value(u"pending").toBool(), true);
    QCOMPARE(m_cache->row(QStringLiteral("client"), newer)->value(u"name").toString(), QStringLiteral("Newest"));
    for (qsizetype k = 0; k < contacts.size(); ++k) {
        const auto row = m_cache->row(QStringLiteral("contact"), contacts.at(k));
        QVERIFY(row);
        QCOMPARE(row->value(u"name").toString(), QStringLiteral("Contact %1").arg(k * 3));
        QCOMPARE(row->value(u"client_id").toString(), clients.at(k * 3));
    }
}

void TestLocalCache::olderVersionNeverOverwritesNewer()
{
    const QString id = EntitySchema::newUuid();
    QVERIFY(m_cache->applyPullPage({change(QStringLiteral("client"), id, 9, {{"name", "New"}})}, 9));
    QVERIFY(m_cache->applyPullPage({change(QStringLiteral("client"), id, 7, {{"name", "Old"}})}, 9));
    QCOMPARE(m_cache->row(QStringLiteral("client"), id)->value(u"name").toString(), QStringLiteral("New"));
}

void TestLocalCache::onlyTombstonesDelete()
{
    const QString a = EntitySchema::newUuid();
    const QString b = EntitySchema::newUuid();
    QVERIFY(m_cache->applyPullPage({change(QStringLiteral("client"), a, 1, {{"name", "A"}}),
                                       change(QStringLiteral("client"), b, 2, {{"name", "B"}})},
        2));
    // An empty page deletes nothing.
    QVERIFY(m_cache->applyPullPage(QJsonArray(), 2));
    QCOMPARE(m_cache->liveCount(QStringLiteral("client")), 2);
    const QJsonArray page{change(QStringLiteral("client"), a, 3, {{"name", "A"}}, true)};
    QCOMPARE(m_cache->deletionsIn(page), 1);
    QVERIFY(m_cache->applyPullPage(page, 3));
    QCOMPARE(m_cache->liveCount(QStringLiteral("client")), 1);
    // The tombstone keeps the data (restore stays possible).
    QCOMPARE(m_cache->row(QStringLiteral("client"), a)->value(u"deleted").toBool(), true);
    QCOMPARE(m_cache->row(QStringLiteral("client"), a)->value(u"name").toString(), QStringLiteral("A"));
}

void TestLocalCache::countByGroupsLiveRowsOfOneProject()
{
    const QString project = EntitySchema::newUuid();
    const QString other = EntitySchema::newUuid();
    const auto task = [this](
                          const QString &projectId, const QString &visibility, qint64 version, bool deleted = false) {
        return change(QStringLiteral("task"), EntitySchema::newUuid(), version,
            {{"project_id", projectId}, {"title", "t"}, {"visibility", visibility}}, deleted);
    };
    QVERIFY(m_cache->applyPullPage(
        {task(project, "private", 1), task(project, "read_only", 2), task(project, "read_only", 3),
            task(project, "editable", 4), task(project, "editable", 5, true), task(other, "editable", 6)},
        6));
    const auto counts =
        m_cache->countBy(QStringLiteral("task"), QStringLiteral("visibility"), QStringLiteral("project_id"), project);
    if (!counts)
        QFAIL(qPrintable(counts.error().message));
    // The deleted task and the other project's are not counted.
    QCOMPARE(*counts, (QHash<QString, int>{{"private", 1}, {"read_only", 2}, {"editable", 1}}));
    QVERIFY(!m_cache->countBy(
        QStringLiteral("task"), QStringLiteral("title; DROP TABLE tasks"), QStringLiteral("project_id"), project));
}

void TestLocalCache::appliedResultsLeaveTheOutbox()
{
    createClient(QStringLiteral("One"));
    createClient(QStringLiteral("Two"));
    const auto batch = m_cache->nextOutboxBatch(10);
    QCOMPARE(batch.size(), 2);
    QJsonArray results;
    results.append(QJsonObject{{"mutation_id", batch.at(0).mutation.value(u"mutation_id")}, {"status", "applied"}});
    QVERIFY(m_cache->recordPushResults(results));
    QCOMPARE(m_cache->pendingCount(), 1);
    // The same answer again (a retried push) changes nothing.
    QVERIFY(m_cache->recordPushResults(results));
    QCOMPARE(m_cache->pendingCount(), 1);
}

void TestLocalCache::rejectedCreateIsUndoneAndKept()
{
    const QString id = createClient(QStringLiteral("Refused"));
    const QString mutationId = m_cache->nextOutboxBatch(1).first().mutation.value(u"mutation_id").toString();
    QVERIFY(m_cache->recordPushResults({QJsonObject{{"mutation_id", mutationId}, {"status", "rejected"},
        {"error", QJsonObject{{"code", "forbidden"}, {"message", "No."}}}}}));
    QCOMPARE(m_cache->pendingCount(), 0);
    QVERIFY(!m_cache->row(QStringLiteral("client"), id));
    const auto failed = m_cache->failedEdits();
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().value(u"error").toObject().value(u"message").toString(), QStringLiteral("No."));
    QCOMPARE(failed.first().value(u"mutation").toObject().value(u"fields").toObject().value(u"name").toString(),
        QStringLiteral("Refused"));
}

void TestLocalCache::rejectedUpdateRestoresBase()
{
    const QString id = EntitySchema::newUuid();
    QVERIFY(m_cache->applyPullPage({change(QStringLiteral("client"), id, 1, {{"name", "Server"}})}, 1));
    QVERIFY(m_cache->applyEdit({LocalEdit::Op::Update, QStringLiteral("client"), id, {{"name", "Mine"}}}));
    const QString mutationId = m_cache->nextOutboxBatch(1).first().mutation.value(u"mutation_id").toString();
    QVERIFY(m_cache->recordPushResults({QJsonObject{{"mutation_id", mutationId}, {"status", "rejected"},
        {"error", QJsonObject{{"code", "forbidden"}, {"message", "No."}}}}}));
    QCOMPARE(m_cache->row(QStringLiteral("client"), id)->value(u"name").toString(), QStringLiteral("Server"));
    QCOMPARE(m_cache->failedEdits().size(), 1);
}

void TestLocalCache::uploadShowsAsPendingFile()
{
    LocalCache::Upload upload;
    upload.fileId = EntitySchema::newUuid();
    upload.projectId = EntitySchema::newUuid();
    upload.folder = QStringLiteral("Drafts");
    upload.name = QStringLiteral("logo.png");
    upload.localPath = QStringLiteral("/nowhere");
    upload.size = 10;
    upload.sha256 = QString(64, u'a');
    QVERIFY(m_cache->queueUpload(upload));
    auto set = m_cache->records(
        QStringLiteral("file"), {QStringLiteral("name")}, QStringLiteral("project_id"), upload.projectId);
    QVERIFY(set);
    QCOMPARE(set->rows.size(), 1);
    QVERIFY(set->rows.first().pending);
    QCOMPARE(m_cache->uploads().size(), 1);
}

void TestLocalCache::garbageFileIsRebuiltAndKeptAside()
{
    const QString path = m_dir->filePath(QStringLiteral("garbage.sqlite"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("this is not a database, just text that happens to be here\n").repeated(200));
    }
    LocalCache cache;
    auto r = cache.open(path);
    if (!r)
        QFAIL(qPrintable(r.error().message));
    QVERIFY(cache.wasRebuilt());
    QCOMPARE(cache.cursor(), 0);
    QVERIFY(
        cache.applyEdit({LocalEdit::Op::Create, QStringLiteral("client"), EntitySchema::newUuid(), {{"name", "A"}}}));
    const QStringList aside = QDir(m_dir->path()).entryList({QStringLiteral("garbage.sqlite.damaged-*")});
    QCOMPARE(aside.size(), 1);
}

void TestLocalCache::damagedCacheKeepsItsOutbox()
{
    // A cache whose entity table is broken (here: replaced by one of another shape) but whose
    // outbox can still be read.
    const QString id = createClient(QStringLiteral("Typed offline"));
    QVERIFY(!id.isEmpty());
    QVERIFY(m_cache->applyPullPage({change(QStringLiteral("client"), EntitySchema::newUuid(), 5, {{"name", "S"}})}, 5));
    const QString path = m_cache->path();
    m_cache.reset();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("vandal"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("DROP TABLE meta")));
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE meta (something_else INTEGER)")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("vandal"));
    LocalCache cache;
    QVERIFY(cache.open(path));
    QVERIFY(cache.wasRebuilt());
    // The pending edit survived; the server's rows will come back with the next pull.
    QCOMPARE(cache.pendingCount(), 1);
    QCOMPARE(cache.nextOutboxBatch(1).first().mutation.value(u"id").toString(), id);
    QCOMPARE(cache.cursor(), 0);
}

QTEST_GUILESS_MAIN(TestLocalCache)
#include "tst_localcache.moc"
