// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

#include "common/entityschema.h"
#include "sync/localcache.h"
#include "sync/pagefetcher.h"
#include "sync/syncengine.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

// One desktop profile: the GUI's cache connection and a sync engine on the same file.
struct Desktop
{
    QTemporaryDir dir;
    LocalCache cache;
    std::unique_ptr<SyncEngine> engine;

    QString cachePath() const { return dir.filePath(QStringLiteral("cache.sqlite")); }
    bool open()
    {
        if (!cache.open(cachePath()))
            return false;
        startEngine();
        return true;
    }
    void startEngine()
    {
        engine = std::make_unique<SyncEngine>(cachePath());
        QObject::connect(&cache, &LocalCache::outboxChanged, engine.get(), &SyncEngine::outboxChanged);
        engine->start();
    }
    bool idle() const
    {
        const SyncStatus s = engine->status();
        return s.online && !s.syncing && s.pending == 0;
    }
    QString title(const QString &taskId) const
    {
        const auto row = cache.row(QStringLiteral("task"), taskId);
        return row ? row->value(u"title").toString() : QString();
    }
};

// The sync engine against the real server binary: convergence, offline edits, revoked tokens,
// mass deletions, resumable uploads and a kill -9 with a full outbox.
class TestSyncEngine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void twoDesktopsConverge();
    void offlineEditsArriveOrBecomeConflicts();
    void waitingEditsGoOutAsSoonAsTheServerIsBack();
    void revokedTokenAsksToSignInAndKeepsEdits();
    void massDeletionAsksFirst();
    void uploadResumesAfterRestart();
    void killedWithThousandPendingEditsLosesNothing();
    void bootstrapInLargePagesMatchesSmallPages();
    void aPageFetchedAheadIsDroppedWhenThePageBeforeFails();
    void theFetcherStaysWithinItsWindow();
    void aFirstInviteGoesOutInTheDesktopsLanguage();

private:
    QString login(const QString &email, const QString &password);
    void connectDesktop(Desktop &desktop, const QString &token);
    // `count` tasks in a new project, titled `title` with their number, pushed 500 at a time.
    bool createTasks(int count, const QString &title);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    QString m_adminToken;
    QString m_memberToken;
    QString m_projectId;
};

void TestSyncEngine::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(QStringLiteral("Acme Studio"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"),
        QStringLiteral("admin-pw")));
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("member@acme.test"), QStringLiteral("Mo Member"),
        QStringLiteral("member"), QStringLiteral("member-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    m_adminToken = login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw"));
    m_memberToken = login(QStringLiteral("member@acme.test"), QStringLiteral("member-pw"));
    QVERIFY(!m_memberToken.isEmpty());
    m_projectId = createProject(*m_admin);
    QVERIFY(!m_projectId.isEmpty());
}

QString TestSyncEngine::login(const QString &email, const QString &password)
{
    TestClient client(m_server.baseUrl());
    return QString::fromUtf8(client.login(email, password));
}

void TestSyncEngine::connectDesktop(Desktop &desktop, const QString &token)
{
    desktop.engine->setCredentials(m_server.baseUrl(), token);
}

bool TestSyncEngine::createTasks(int count, const QString &title)
{
    const QString projectId = createProject(*m_admin);
    if (projectId.isEmpty())
        return false;
    for (int first = 0; first < count; first += 500) {
        QJsonArray creates;
        for (int i = first; i < qMin(count, first + 500); ++i) {
            creates.append(mutation(QStringLiteral("task"), newId(), QStringLiteral("create"),
                {{"project_id", projectId}, {"title", title.arg(i)}}));
        }
        if (pushResults(*m_admin, creates).size() != creates.size())
            return false;
    }
    return true;
}

void TestSyncEngine::twoDesktopsConverge()
{
    Desktop a;
    Desktop b;
    QVERIFY(a.open());
    QVERIFY(b.open());
    connectDesktop(a, m_adminToken);
    connectDesktop(b, m_memberToken);
    QTRY_VERIFY_WITH_TIMEOUT(a.idle() && b.idle(), 20000);
    QVERIFY(a.cache.row(QStringLiteral("project"), m_projectId));

    const QString clientId = EntitySchema::newUuid();
    const QString taskId = EntitySchema::newUuid();
    QVERIFY(a.cache.applyEdits({{LocalEdit::Op::Create, QStringLiteral("client"), clientId, {{"name", "Northwind"}}},
        {LocalEdit::Op::Create, QStringLiteral("task"), taskId,
            {{"project_id", m_projectId}, {"title", "Moodboard"}}}}));
    QCOMPARE(a.cache.row(QStringLiteral("task"), taskId)->value(u"pending").toBool(), true);
    // B hears about it through the server's live events, without being asked to sync.
    QTRY_COMPARE_WITH_TIMEOUT(b.title(taskId), QStringLiteral("Moodboard"), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(a.idle(), 10000);
    QCOMPARE(a.cache.row(QStringLiteral("task"), taskId)->value(u"pending").toBool(), false);
    QVERIFY(a.cache.row(QStringLiteral("task"), taskId)->value(u"version").toInteger() > 0);

    // And back.
    QVERIFY(b.cache.applyEdit({LocalEdit::Op::Update, QStringLiteral("task"), taskId, {{"status", "in_progress"}}}));
    QTRY_COMPARE_WITH_TIMEOUT(
        a.cache.row(QStringLiteral("task"), taskId)->value(u"status").toString(), QStringLiteral("in_progress"), 20000);
}

void TestSyncEngine::offlineEditsArriveOrBecomeConflicts()
{
    Desktop a;
    Desktop b;
    QVERIFY(a.open());
    QVERIFY(b.open());
    connectDesktop(a, m_adminToken);
    connectDesktop(b, m_memberToken);
    const QString taskId = EntitySchema::newUuid();
    QVERIFY(a.cache.applyEdit(
        {LocalEdit::Op::Create, QStringLiteral("task"), taskId, {{"project_id", m_projectId}, {"title", "Logo"}}}));
    QTRY_COMPARE_WITH_TIMEOUT(b.title(taskId), QStringLiteral("Logo"), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(a.idle() && b.idle(), 20000);

    m_server.stop();
    // Both notice by themselves that the server is gone.
    QTRY_VERIFY_WITH_TIMEOUT(!a.engine->status().online && !b.engine->status().online, 20000);

    const QString contactId = EntitySchema::newUuid();
    const auto clientRow = a.cache.records(QStringLiteral("client"), {});
    QVERIFY(clientRow && !clientRow->rows.isEmpty());
    QVERIFY(a.cache.applyEdits({{LocalEdit::Op::Update, QStringLiteral("task"), taskId, {{"title", "Logo (A)"}}},
        {LocalEdit::Op::Create, QStringLiteral("contact"), contactId,
            {{"client_id", clientRow->rows.first().id}, {"name", "Ada"}, {"email", "ada@example.test"}}}}));
    QVERIFY(b.cache.applyEdit({LocalEdit::Op::Update, QStringLiteral("task"), taskId, {{"title", "Logo (B)"}}}));
    QTRY_COMPARE_WITH_TIMEOUT(a.engine->status().pending, 2, 5000);
    QCOMPARE(b.engine->status().pending, 1);

    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    m_admin->setToken(m_adminToken.toUtf8());
    // The port changed with the restart; everything else carries on.
    connectDesktop(a, m_adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(a.idle(), 20000);
    connectDesktop(b, m_memberToken);
    QTRY_VERIFY_WITH_TIMEOUT(b.idle(), 20000);

    const QJsonArray changes = pullAll(*m_admin);
    QCOMPARE(find(changes, contactId).value(u"data").toObject().value(u"name").toString(), QStringLiteral("Ada"));
    QCOMPARE(find(changes, taskId).value(u"data").toObject().value(u"title").toString(), QStringLiteral("Logo (A)"));
    // B's title lost the race: it is a conflict on B's desktop, with what B typed.
    QTRY_COMPARE_WITH_TIMEOUT(b.title(taskId), QStringLiteral("Logo (A)"), 20000);
    auto conflicts = b.cache.records(QStringLiteral("conflict"),
        {QStringLiteral("entity_id"), QStringLiteral("field"), QStringLiteral("rejected_value")});
    QVERIFY(conflicts);
    QCOMPARE(conflicts->rows.size(), 1);
    QCOMPARE(conflicts->rows.first().values.at(0).toString(), taskId);
    QCOMPARE(conflicts->rows.first().values.at(1).toString(), QStringLiteral("title"));
    QVERIFY(conflicts->rows.first().values.at(2).toString().contains(QStringLiteral("Logo (B)")));
    QTRY_COMPARE_WITH_TIMEOUT(b.engine->status().conflicts, 1, 10000);
    QCOMPARE(a.engine->status().conflicts, 0);
}

void TestSyncEngine::waitingEditsGoOutAsSoonAsTheServerIsBack()
{
    Desktop a;
    QVERIFY(a.open());
    connectDesktop(a, m_adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(a.idle(), 20000);
    const quint16 port = m_server.port();
    m_server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!a.engine->status().online, 20000);
    const QString taskId = EntitySchema::newUuid();
    QVERIFY(a.cache.applyEdit(
        {LocalEdit::Op::Create, QStringLiteral("task"), taskId, {{"project_id", m_projectId}, {"title", "Offline"}}}));
    // Long enough offline for the push's back-off to have grown to 8 s (1 + 2 + 4 s of retries).
    QTest::qWait(9000);
    QCOMPARE(a.engine->status().pending, 1);

    // Back on the same address: the edit is on the server within a few seconds, not when the
    // push's back-off timer would have fired.
    QVERIFY2(m_server.start({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)}),
        qPrintable(m_server.errorString()));
    QCOMPARE(m_server.port(), port);
    QElapsedTimer back;
    back.start();
    QTRY_VERIFY_WITH_TIMEOUT(a.idle(), 20000);
    QVERIFY2(back.elapsed() < 4500, qPrintable(QString::number(back.elapsed())));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    m_admin->setToken(m_adminToken.toUtf8());
    QCOMPARE(find(pullAll(*m_admin), taskId).value(u"data").toObject().value(u"title").toString(),
        QStringLiteral("Offline"));
}

void TestSyncEngine::revokedTokenAsksToSignInAndKeepsEdits()
{
    const QString token = login(QStringLiteral("member@acme.test"), QStringLiteral("member-pw"));
    Desktop a;
    QVERIFY(a.open());
    connectDesktop(a, token);
    QTRY_VERIFY_WITH_TIMEOUT(a.idle(), 20000);
    QSignalSpy signIn(a.engine.get(), &SyncEngine::authenticationRequired);

    TestClient other(m_server.baseUrl());
    other.setToken(token.toUtf8());
    QCOMPARE(other.post(QStringLiteral("/api/v1/auth/logout"), {}).status, 200);

    QVERIFY(a.cache.applyEdit({LocalEdit::Op::Create, QStringLiteral("client"), EntitySchema::newUuid(),
        {{"name", "Typed while signed out"}}}));
    QTRY_VERIFY_WITH_TIMEOUT(signIn.count() >= 1, 10000);
    QCOMPARE(a.cache.pendingCount(), 1);
    // Signing in again sends what was kept.
    connectDesktop(a, login(QStringLiteral("member@acme.test"), QStringLiteral("member-pw")));
    QTRY_VERIFY_WITH_TIMEOUT(a.idle(), 20000);
    QCOMPARE(a.cache.pendingCount(), 0);
}

void TestSyncEngine::massDeletionAsksFirst()
{
    Desktop a;
    QVERIFY(a.open());
    connectDesktop(a, m_adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(a.idle(), 20000);
    const int before = a.cache.liveRowCount();

    // Another desktop deletes more than a quarter of everything.
    QJsonArray creates;
    QStringList ids;
    for (int i = 0; i < qMax(80, before); ++i) {
        ids.append(newId());
        creates.append(mutation(QStringLiteral("client"), ids.last(), QStringLiteral("create"),
            {{"name", QStringLiteral("Client %1").arg(i)}}));
    }
    QCOMPARE(pushResults(*m_admin, creates).size(), creates.size());
    QTRY_COMPARE_WITH_TIMEOUT(a.cache.liveRowCount(), before + int(ids.size()), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(a.idle(), 20000);

    QSignalSpy asked(a.engine.get(), &SyncEngine::massDeletionPending);
    QJsonArray deletes;
    for (const QString &id : ids)
        deletes.append(mutation(QStringLiteral("client"), id, QStringLiteral("delete")));
    QCOMPARE(pushResults(*m_admin, deletes).size(), deletes.size());
    QTRY_COMPARE_WITH_TIMEOUT(asked.count(), 1, 20000);
    QCOMPARE(asked.first().at(0).toInt(), int(ids.size()));
    // Nothing is gone until the user says so.
    QCOMPARE(a.cache.liveRowCount(), before + int(ids.size()));
    QVERIFY(a.engine->status().paused);
    a.engine->confirmMassDeletion(true);
    QTRY_COMPARE_WITH_TIMEOUT(a.cache.liveRowCount(), before, 20000);
}

void TestSyncEngine::uploadResumesAfterRestart()
{
    Desktop a;
    QVERIFY(a.open());
    connectDesktop(a, m_adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(a.idle(), 20000);

    const QString source = a.dir.filePath(QStringLiteral("artwork.bin"));
    QByteArray content;
    content.reserve(10 * 1024 * 1024);
    for (int i = 0; content.size() < 10 * 1024 * 1024 + 123; ++i)
        content += QCryptographicHash::hash(QByteArray::number(i), QCryptographicHash::Sha256);
    {
        QFile f(source);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    LocalCache::Upload upload;
    upload.fileId = EntitySchema::newUuid();
    upload.projectId = m_projectId;
    upload.folder = QStringLiteral("Artwork");
    upload.name = QStringLiteral("artwork.bin");
    upload.localPath = source;
    upload.size = content.size();
    upload.sha256 = QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());

    // Stop the engine as soon as the first chunk is in.
    bool stopped = false;
    QObject::connect(a.engine.get(), &SyncEngine::statusChanged, a.engine.get(), [&](const SyncStatus &s) {
        if (!stopped && s.progressTotal == upload.size && s.progressDone > 0) {
            stopped = true;
            a.engine->stop();
        }
    });
    QVERIFY(a.cache.queueUpload(upload));
    QTRY_VERIFY_WITH_TIMEOUT(stopped, 20000);
    a.engine.reset();
    QCOMPARE(a.cache.uploads().size(), 1);
    QVERIFY(!a.cache.uploads().first().serverUploadId.isEmpty());
    const QString uploadId = a.cache.uploads().first().serverUploadId;
    const TestClient::Reply status = m_admin->get(QStringLiteral("/api/v1/files/uploads/") + uploadId);
    QCOMPARE(status.status, 200);
    const qint64 offsetBefore = status.object().value(u"offset").toInteger();
    QVERIFY(offsetBefore > 0 && offsetBefore < upload.size);

    // "Restart the app": a new engine on the same cache resumes where the server is.
    a.startEngine();
    connectDesktop(a, m_adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(a.cache.uploads().isEmpty(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(a.idle(), 20000);
    const auto row = a.cache.row(QStringLiteral("file"), upload.fileId);
    QVERIFY(row);
    QCOMPARE(row->value(u"sha256").toString(), upload.sha256);
    QVERIFY(row->value(u"version").toInteger() > 0);
    const TestClient::Reply download = m_admin->get(QStringLiteral("/api/v1/files/%1/content").arg(upload.fileId));
    QCOMPARE(download.status, 200);
    QCOMPARE(download.body, content);

    // Opening it on another desktop downloads it on demand into the content-addressed store.
    Desktop b;
    QVERIFY(b.open());
    connectDesktop(b, m_memberToken);
    QTRY_VERIFY_WITH_TIMEOUT(b.cache.row(QStringLiteral("file"), upload.fileId).has_value(), 20000);
    QSignalSpy ready(b.engine.get(), &SyncEngine::fileReady);
    b.engine->fetchFile(upload.fileId);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 20000);
    const QString path = ready.first().at(1).toString();
    QCOMPARE(QFileInfo(path).fileName(), upload.sha256);
    QFile fetched(path);
    QVERIFY(fetched.open(QIODevice::ReadOnly));
    QCOMPARE(fetched.readAll(), content);
    // A second open is served from the store.
    b.engine->fetchFile(upload.fileId);
    QCOMPARE(ready.count(), 2);
}

void TestSyncEngine::killedWithThousandPendingEditsLosesNothing()
{
    QTemporaryDir dir;
    const QString cachePath = dir.filePath(QStringLiteral("cache.sqlite"));
    const QString token = login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw"));
    const QString projectId = createProject(*m_admin);
    QVERIFY(!projectId.isEmpty());

    // The desktop queues 1,000 edits and starts pushing; kill -9 once the first batch is in.
    QProcess tool;
    tool.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    tool.start(QStringLiteral(ATRIUM_SYNCTOOL),
        {cachePath, m_server.baseUrl().toString(), token, projectId, QStringLiteral("1000")});
    QVERIFY(tool.waitForStarted());
    QByteArray seen;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            seen += tool.readAllStandardOutput();
            // "pending 1000" first, then less once a batch is applied.
            return seen.contains("pending 1000") && seen.contains("pending 800");
        }(),
        30000);
    tool.kill();
    QVERIFY(tool.waitForFinished());
    {
        LocalCache cache;
        QVERIFY(cache.open(cachePath));
        QVERIFY(cache.pendingCount() > 0 && cache.pendingCount() < 1000);
    }

    // Restarted, it sends the rest; every task exists once.
    QProcess again;
    again.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    again.start(QStringLiteral(ATRIUM_SYNCTOOL),
        {cachePath, m_server.baseUrl().toString(), token, projectId, QStringLiteral("0")});
    QVERIFY(again.waitForFinished(60000));
    QCOMPARE(again.exitCode(), 0);

    LocalCache cache;
    QVERIFY(cache.open(cachePath));
    QCOMPARE(cache.pendingCount(), 0);
    QCOMPARE(cache.failedEdits().size(), 0);
    const QJsonArray changes = pullAll(*m_admin);
    QSet<QString> titles;
    int tasks = 0;
    int created = 0;
    for (const QJsonValue &value : changes) {
        const QJsonObject c = value.toObject();
        const QJsonObject data = c.value(u"data").toObject();
        if (c.value(u"entity").toString() == u"task" && data.value(u"project_id").toString() == projectId) {
            ++tasks;
            titles.insert(data.value(u"title").toString());
        }
        if (c.value(u"entity").toString() == u"activity" && data.value(u"action").toString() == u"task.created"
            && data.value(u"project_id").toString() == projectId)
            ++created;
    }
    QCOMPARE(tasks, 1000);
    QCOMPARE(titles.size(), 1000);
    QCOMPARE(created, 1000); // applied exactly once each
}

namespace {
// Everything a cache file holds of the server's rows, as text: every entity table in id order,
// and what search has indexed of each (its title and body, in order). Plus which of the cache's
// indexes exist and whether a bootstrap is marked as under way.
struct CacheDump
{
    QString rows;
    QString search;
    QStringList indexes;
    bool bootstrapMarked = false;
};
CacheDump dumpCache(const QString &path)
{
    CacheDump dump;
    const QString name = QStringLiteral("dump-") + EntitySchema::newUuid();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open())
            return dump;
        auto readAll = [&](const QString &sql) {
            QString text;
            QSqlQuery q(db);
            q.prepare(sql);
            q.exec();
            while (q.next()) {
                for (int i = 0; i < q.record().count(); ++i)
                    text += q.value(i).toString() + u'|';
                text += u'\n';
            }
            return text;
        };
        for (const EntitySpec &spec : EntitySchema::entities())
            dump.rows += readAll(QStringLiteral("SELECT * FROM %1 ORDER BY id").arg(LocalCache::tableOf(spec)));
        for (const QString &entity : {QStringLiteral("task"), QStringLiteral("project"), QStringLiteral("comment")}) {
            const QString table = LocalCache::tableOf(*EntitySchema::find(entity));
            dump.search += readAll(QStringLiteral("SELECT title, body FROM s_%1 ORDER BY title, body").arg(table));
        }
        QSqlQuery q(db);
        q.prepare(
            QStringLiteral("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL "
                           "ORDER BY name"));
        q.exec();
        while (q.next())
            dump.indexes.append(q.value(0).toString());
        QSqlQuery marked(db);
        marked.prepare(QStringLiteral("SELECT 1 FROM meta WHERE key = 'bootstrap'"));
        dump.bootstrapMarked = marked.exec() && marked.next();
    }
    QSqlDatabase::removeDatabase(name);
    return dump;
}
} // namespace

void TestSyncEngine::bootstrapInLargePagesMatchesSmallPages()
{
    // More changes than one bootstrap page: tasks, and the activity each creation records.
    QVERIFY(createTasks(3000, QStringLiteral("Bootstrap task %1")));

    // Small pages: a cache that is not empty (one local edit) pulls as every later sync does.
    Desktop small;
    QVERIFY(small.open());
    QVERIFY(small.cache.applyEdit({LocalEdit::Op::Create, QStringLiteral("client"), newId(), {{"name", "Local"}}}));
    connectDesktop(small, m_adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(small.idle(), 60000);
    QVERIFY(small.cache.liveCount(QStringLiteral("task")) >= 3000);

    // Large pages: an empty cache bootstraps.
    Desktop large;
    QVERIFY(large.open());
    connectDesktop(large, m_adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(large.idle(), 60000);

    const CacheDump expected = dumpCache(small.cachePath());
    const CacheDump bootstrapped = dumpCache(large.cachePath());
    QCOMPARE(bootstrapped.rows, expected.rows);
    QCOMPARE(bootstrapped.search, expected.search);
    QVERIFY(expected.search.contains(QStringLiteral("Bootstrap task 2999")));
    // Every index and search trigger is back once the bootstrap is done.
    QCOMPARE(bootstrapped.indexes, expected.indexes);
    QVERIFY(expected.indexes.contains(QStringLiteral("e_tasks_project_id")));
    QVERIFY(!bootstrapped.bootstrapMarked);

    // Interrupted after its first page: the cache is mid-bootstrap (no secondary indexes yet)...
    Desktop interrupted;
    QVERIFY(interrupted.open());
    bool stopping = false;
    QObject::connect(
        interrupted.engine.get(), &SyncEngine::statusChanged, interrupted.engine.get(), [&](const SyncStatus &status) {
            // At once, not from the event loop: the next page is on its way already and could
            // arrive first.
            if (status.progressDone > 0 && !stopping) {
                stopping = true;
                interrupted.engine->stop();
            }
        });
    connectDesktop(interrupted, m_adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(stopping && !interrupted.engine->status().syncing, 60000);
    interrupted.engine.reset();
    interrupted.cache.close();
    const CacheDump half = dumpCache(interrupted.cachePath());
    QVERIFY(half.bootstrapMarked);
    QVERIFY(!half.indexes.contains(QStringLiteral("e_tasks_project_id")));
    QVERIFY(half.rows.size() < expected.rows.size());

    // ...and restarted, it has them again at once and ends with the same cache.
    QVERIFY(interrupted.cache.open(interrupted.cachePath()));
    const CacheDump reopened = dumpCache(interrupted.cachePath());
    QVERIFY(!reopened.bootstrapMarked);
    QCOMPARE(reopened.indexes, expected.indexes);
    interrupted.startEngine();
    connectDesktop(interrupted, m_adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(interrupted.idle(), 60000);
    const CacheDump resumed = dumpCache(interrupted.cachePath());
    QCOMPARE(resumed.rows, expected.rows);
    QCOMPARE(resumed.search, expected.search);
    QCOMPARE(resumed.indexes, expected.indexes);
}

// The bootstrap asks for page N+1 before it applies page N. When page N cannot be written (here:
// another connection holds the cache's write lock until the engine gives up), page N+1 must be
// dropped, not applied past the gap; the retry pulls from where the cache really is.
void TestSyncEngine::aPageFetchedAheadIsDroppedWhenThePageBeforeFails()
{
    // At least three bootstrap pages of 5,000 changes: 5,500 tasks and their activity.
    QVERIFY(createTasks(5500, QStringLiteral("Gap task %1")));

    Desktop clean;
    QVERIFY(clean.open());
    connectDesktop(clean, m_adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(clean.idle(), 60000);
    const CacheDump expected = dumpCache(clean.cachePath());
    QVERIFY(expected.search.contains(QStringLiteral("Gap task 5499")));

    Desktop desktop;
    QVERIFY(desktop.open());
    const QString lockName = QStringLiteral("lock-") + EntitySchema::newUuid();
    bool locked = false;
    bool failed = false;
    {
        QSqlDatabase lock = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), lockName);
        lock.setDatabaseName(desktop.cachePath());
        QVERIFY(lock.open());
        QObject::connect(
            desktop.engine.get(), &SyncEngine::statusChanged, desktop.engine.get(), [&](const SyncStatus &status) {
                // Called from inside the engine: after the first page is in, while the second is
                // on its way, the cache is locked...
                if (status.progressDone > 0 && !locked && !failed) {
                    QSqlQuery begin(lock);
                    locked = begin.exec(QStringLiteral("BEGIN IMMEDIATE"));
                }
                // ...until the second page has failed to go in (the third is fetched by then).
                if (locked && !status.lastError.isEmpty()) {
                    QSqlQuery rollback(lock);
                    rollback.exec(QStringLiteral("ROLLBACK"));
                    locked = false;
                    failed = true;
                }
            });
        connectDesktop(desktop, m_adminToken);
        QTRY_VERIFY_WITH_TIMEOUT(failed, 60000);
        // Until a cycle ends well (the failed one left an error; the retry clears it).
        QTRY_VERIFY_WITH_TIMEOUT(desktop.idle() && desktop.engine->status().lastError.isEmpty(), 60000);
        lock.close();
    }
    QSqlDatabase::removeDatabase(lockName);
    const CacheDump synced = dumpCache(desktop.cachePath());
    QCOMPARE(synced.rows, expected.rows);
    QCOMPARE(synced.search, expected.search);
}

// A bootstrap's pages are fetched ahead of the engine, but never more than the window of them
// untaken (each is megabytes once parsed), in order, each after the cursor of the one before.
void TestSyncEngine::theFetcherStaysWithinItsWindow()
{
    QVERIFY(createTasks(300, QStringLiteral("Window task %1")));
    PageFetcher::Settings settings;
    settings.server = m_server.baseUrl();
    settings.token = m_adminToken;
    settings.limit = 100;
    settings.window = 2;
    struct Page
    {
        qint64 since;
        qint64 cursor;
        bool more;
        int changes;
    };
    QList<Page> pages;
    PageFetcher fetcher(settings);
    connect(&fetcher, &PageFetcher::pageReady, this,
        [&](qint64 since, const ApiResult &result, const std::shared_ptr<PulledPage> &page) {
            QVERIFY2(result.ok(), qPrintable(result.errorMessage));
            QVERIFY(page);
            pages.append({since, page->cursor, page->more, int(page->rows.size())});
        });
    fetcher.start(0);
    QTRY_COMPARE_WITH_TIMEOUT(pages.size(), 2, 30000);
    // Nothing taken: the third is not asked for, however long it waits.
    QTest::qWait(500);
    QCOMPARE(pages.size(), 2);
    fetcher.taken({});
    QTRY_COMPARE_WITH_TIMEOUT(pages.size(), 3, 30000);
    QTest::qWait(200);
    QCOMPARE(pages.size(), 3);
    // Taken as they come: every page to the last.
    while (pages.last().more) {
        const qsizetype had = pages.size();
        fetcher.taken({});
        QTRY_VERIFY_WITH_TIMEOUT(pages.size() > had, 30000);
    }
    qint64 since = 0;
    int changes = 0;
    for (const Page &page : std::as_const(pages)) {
        QCOMPARE(page.since, since);
        QVERIFY(page.cursor > page.since);
        since = page.cursor;
        changes += page.changes;
    }
    // 300 tasks, each with the activity of its creation, and what came before them.
    QVERIFY(pages.size() >= 6);
    QVERIFY(changes >= 600);
    QCOMPARE(pages.last().more, false);
}

// The desktop tells the server the language it speaks; an invitation it sends to a contact who has
// none of their own yet is written in it.
void TestSyncEngine::aFirstInviteGoesOutInTheDesktopsLanguage()
{
    Desktop desktop;
    QVERIFY(desktop.open());
    desktop.engine->setLanguage(QStringLiteral("de"));
    connectDesktop(desktop, m_adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(desktop.idle(), 60000);
    const QString clientId = newId();
    const QString contactId = newId();
    QVERIFY(desktop.cache.applyEdit({LocalEdit::Op::Create, QStringLiteral("client"), clientId, {{"name", "Grün"}}}));
    QVERIFY(desktop.cache.applyEdit({LocalEdit::Op::Create, QStringLiteral("contact"), contactId,
        {{"client_id", clientId}, {"name", "Greta Grün"}, {"email", "greta@gruen.test"}}}));
    QVERIFY(desktop.cache.applyEdit(
        {LocalEdit::Op::Create, QStringLiteral("invite"), newId(), {{"contact_id", contactId}, {"kind", "email"}}}));
    QTRY_VERIFY_WITH_TIMEOUT(desktop.idle(), 60000);
    QStringList mails;
    QTRY_VERIFY_WITH_TIMEOUT(
        !(mails = PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("greta@gruen.test"))).isEmpty(), 10000);
    QVERIFY2(mails.first().contains(QStringLiteral("Guten Tag Greta Grün")), qPrintable(mails.first()));
}

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
