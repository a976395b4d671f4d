// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCryptographicHash>
#include <QJsonObject>
#include <QTest>

#include <future>

#include "tests/support/s3testserver.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

// File contents in an S3-compatible store (s3rver, started by the test) behind several server
// instances on one PostgreSQL, as a larger studio runs Atrium: uploads in parts, resumed on another
// instance after one dies, chunks raced through two instances, ranges, a store that goes away, and
// `check` afterwards. Runs only as tst_s3store (ATRIUM_TEST_BLOB_STORE=s3 on PostgreSQL).
class TestS3Store : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void largeUploadGoesUpInPartsAndComesBackWhole();
    void uploadContinuesOnAnotherInstanceAfterOneDies();
    void aChunkRacedThroughTwoInstancesIsTakenOnce();
    void aMissingBlobIsNotFound();
    void aStoreThatIsDownIsReportedNotCrashedOn();
    void checkPassesAndTheQuotaIsTheSumOfTheFiles();

private:
    struct Upload
    {
        QString uploadId;
        QString fileId;
    };
    Upload start(TestClient &client, const QByteArray &content, const QString &name);
    static TestClient::Reply putChunk(
        TestClient &client, const QString &uploadId, qint64 offset, const QByteArray &bytes);
    static TestClient::Reply complete(TestClient &client, const QString &uploadId);
    QStringList keys(const QString &area) const;

    ServerProcess m_first;
    ServerProcess m_second;
    QByteArray m_token;
    QString m_projectId;
    QString m_fileId;
    QByteArray m_content;
};

namespace {

constexpr qint64 MiB = 1024 * 1024;
constexpr qint64 chunk = 4 * MiB; // what the desktop and the portal send

QByteArray patternBytes(qint64 size, int seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    quint32 x = 2166136261u ^ quint32(seed);
    for (qint64 i = 0; i < size; ++i) {
        x = x * 1664525u + 1013904223u;
        bytes[i] = char(x >> 24);
    }
    return bytes;
}

} // namespace

void TestS3Store::initTestCase()
{
    if (!ServerProcess::usesS3())
        QFAIL("tst_s3store runs with ATRIUM_TEST_BLOB_STORE=s3 (ctest -R tst_s3store)");
    // Two instances of one deployment: one database, one bucket prefix, data dirs of their own.
    m_second.shareDatabaseWith(m_first);
    if (!m_first.start())
        QFAIL(qPrintable(m_first.errorString()));
    if (!m_second.start())
        QFAIL(qPrintable(m_second.errorString()));
    QVERIFY(m_first.createOrg(QStringLiteral("Studio"), QStringLiteral("studio"), QStringLiteral("admin@studio.test"),
        QStringLiteral("admin password")));
    TestClient client(m_first.baseUrl());
    m_token = client.login(QStringLiteral("admin@studio.test"), QStringLiteral("admin password"));
    QVERIFY(!m_token.isEmpty());
    m_projectId = createProject(client);
    QVERIFY(!m_projectId.isEmpty());
}

TestS3Store::Upload TestS3Store::start(TestClient &client, const QByteArray &content, const QString &name)
{
    const QString fileId = newId();
    const TestClient::Reply started = client.post(QStringLiteral("/api/v1/files/uploads"),
        QJsonObject{{"file_id", fileId}, {"project_id", m_projectId}, {"folder", "Deliverables"}, {"name", name},
            {"size", content.size()}, {"sha256", sha256Hex(content)}});
    if (started.status != 201) {
        qWarning() << "start:" << started.status << started.body;
        return {};
    }
    return Upload{started.object().value(u"upload_id").toString(), fileId};
}

TestClient::Reply TestS3Store::putChunk(
    TestClient &client, const QString &uploadId, qint64 offset, const QByteArray &bytes)
{
    return client.put(QStringLiteral("/api/v1/files/uploads/%1?offset=%2").arg(uploadId).arg(offset), bytes,
        QByteArrayLiteral("application/octet-stream"));
}

TestClient::Reply TestS3Store::complete(TestClient &client, const QString &uploadId)
{
    return client.post(QStringLiteral("/api/v1/files/uploads/%1/complete").arg(uploadId), QJsonObject());
}

QStringList TestS3Store::keys(const QString &area) const
{
    return S3TestServer::instance(nullptr)->keys(m_first.blobPrefix() + u'/' + area + u'/');
}

void TestS3Store::largeUploadGoesUpInPartsAndComesBackWhole()
{
    TestClient client(m_first.baseUrl());
    client.setToken(m_token);
    m_content = patternBytes(21 * MiB + 12345, 1);
    const QStringList blobsBefore = keys(QStringLiteral("blobs"));
    const Upload upload = start(client, m_content, QStringLiteral("film.mov"));
    QVERIFY(!upload.uploadId.isEmpty());
    const QString staged = QStringLiteral("uploads/") + upload.uploadId;

    // The first 4 MiB chunk is too small for a part (S3 wants 5 MiB): it waits as an object of its own.
    QCOMPARE(putChunk(client, upload.uploadId, 0, m_content.left(chunk)).status, 200);
    QCOMPARE(S3TestServer::instance(nullptr)->keys(m_first.blobPrefix() + u'/' + staged).size(), 1);
    // With the second there is enough for a part: both go up as part 1, and the staged object goes.
    QCOMPARE(putChunk(client, upload.uploadId, chunk, m_content.mid(chunk, chunk)).status, 200);
    QCOMPARE(S3TestServer::instance(nullptr)->keys(m_first.blobPrefix() + u'/' + staged), QStringList());
    for (qint64 offset = 2 * chunk; offset < m_content.size(); offset += chunk)
        QCOMPARE(putChunk(client, upload.uploadId, offset, m_content.mid(offset, chunk)).status, 200);
    const TestClient::Reply done = complete(client, upload.uploadId);
    QVERIFY2(done.status == 201, done.body.constData());
    m_fileId = upload.fileId;

    // One new object in blobs/, nothing left in uploads/.
    QCOMPARE(keys(QStringLiteral("blobs")).size(), blobsBefore.size() + 1);
    QCOMPARE(keys(QStringLiteral("uploads")), QStringList());

    // Whole, and in ranges across the pieces the server reads it in, from either instance.
    const QString content = QStringLiteral("/api/v1/files/%1/content").arg(m_fileId);
    const TestClient::Reply whole = client.get(content);
    QCOMPARE(whole.status, 200);
    QCOMPARE(whole.body.size(), m_content.size());
    QVERIFY(whole.body == m_content);
    TestClient other(m_second.baseUrl());
    other.setToken(m_token);
    const qint64 from = 2 * MiB - 7; // across the server's 2 MiB read pieces
    const qint64 to = 6 * MiB + 3;
    const TestClient::Reply range =
        other.get(content, {{"Range", "bytes=" + QByteArray::number(from) + '-' + QByteArray::number(to)}});
    QCOMPARE(range.status, 206);
    QVERIFY(range.body == m_content.mid(from, to - from + 1));
    const TestClient::Reply tail = other.get(content, {{"Range", "bytes=-100"}});
    QCOMPARE(tail.status, 206);
    QVERIFY(tail.body == m_content.right(100));
}

void TestS3Store::uploadContinuesOnAnotherInstanceAfterOneDies()
{
    TestClient first(m_first.baseUrl());
    first.setToken(m_token);
    const QByteArray content = patternBytes(14 * MiB + 99, 2);
    const Upload upload = start(first, content, QStringLiteral("edit.mov"));
    QVERIFY(!upload.uploadId.isEmpty());
    QCOMPARE(putChunk(first, upload.uploadId, 0, content.left(chunk)).status, 200);
    QCOMPARE(putChunk(first, upload.uploadId, chunk, content.mid(chunk, chunk)).status, 200);
    QCOMPARE(putChunk(first, upload.uploadId, 2 * chunk, content.mid(2 * chunk, chunk)).status, 200);
    m_first.kill();

    // The other instance knows where it stands (the database), and takes the rest.
    TestClient second(m_second.baseUrl());
    second.setToken(m_token);
    const TestClient::Reply wrong = putChunk(second, upload.uploadId, chunk, content.mid(chunk, chunk));
    QCOMPARE(wrong.status, 409);
    QCOMPARE(wrong.errorCode(), QStringLiteral("offset_mismatch"));
    QCOMPARE(wrong.object().value(u"offset").toInteger(), 3 * chunk);
    QCOMPARE(putChunk(second, upload.uploadId, 3 * chunk, content.mid(3 * chunk)).status, 200);
    const TestClient::Reply done = complete(second, upload.uploadId);
    QVERIFY2(done.status == 201, done.body.constData());
    const TestClient::Reply back = second.get(QStringLiteral("/api/v1/files/%1/content").arg(upload.fileId));
    QCOMPARE(back.status, 200);
    QVERIFY(back.body == content);

    if (!m_first.start())
        QFAIL(qPrintable(m_first.errorString()));
}

void TestS3Store::aChunkRacedThroughTwoInstancesIsTakenOnce()
{
    TestClient client(m_first.baseUrl());
    client.setToken(m_token);
    const QByteArray content = patternBytes(9 * MiB, 3);
    const Upload upload = start(client, content, QStringLiteral("raced.bin"));
    QVERIFY(!upload.uploadId.isEmpty());
    QCOMPARE(putChunk(client, upload.uploadId, 0, content.left(chunk)).status, 200);

    // The same next chunk through both instances at once (a client retrying through the balancer).
    const QByteArray next = content.mid(chunk, chunk);
    const auto send = [this, &upload, &next](bool first) {
        TestClient c(first ? m_first.baseUrl() : m_second.baseUrl());
        c.setToken(m_token);
        return putChunk(c, upload.uploadId, chunk, next);
    };
    auto a = std::async(std::launch::async, send, true);
    auto b = std::async(std::launch::async, send, false);
    const TestClient::Reply ra = a.get();
    const TestClient::Reply rb = b.get();
    const int taken = (ra.status == 200) + (rb.status == 200);
    QVERIFY2(taken >= 1, qPrintable(QStringLiteral("%1 %2").arg(ra.status).arg(rb.status)));
    for (const TestClient::Reply &r : {ra, rb}) {
        if (r.status != 200) {
            QCOMPARE(r.status, 409);
            QVERIFY2(r.errorCode() == u"upload_busy" || r.errorCode() == u"offset_mismatch", r.body.constData());
        }
    }
    // Whichever took it, the upload goes on from 8 MiB and ends intact.
    QCOMPARE(putChunk(client, upload.uploadId, 2 * chunk, content.mid(2 * chunk)).status, 200);
    QCOMPARE(complete(client, upload.uploadId).status, 201);
    const TestClient::Reply back = client.get(QStringLiteral("/api/v1/files/%1/content").arg(upload.fileId));
    QVERIFY(back.body == content);
    QCOMPARE(keys(QStringLiteral("uploads")), QStringList());
}

void TestS3Store::aMissingBlobIsNotFound()
{
    QVERIFY(!m_fileId.isEmpty());
    // The object removed behind the server's back (a lifecycle rule, an operator): a clear 404,
    // not a download that starts and breaks off.
    TestClient client(m_first.baseUrl());
    client.setToken(m_token);
    TestClient small(m_first.baseUrl());
    small.setToken(m_token);
    const QByteArray content = patternBytes(1000, 4);
    const Upload upload = start(small, content, QStringLiteral("note.txt"));
    QCOMPARE(putChunk(small, upload.uploadId, 0, content).status, 200);
    const QStringList before = keys(QStringLiteral("blobs"));
    QCOMPARE(complete(small, upload.uploadId).status, 201);
    QStringList added = keys(QStringLiteral("blobs"));
    for (const QString &key : before)
        added.removeAll(key);
    QCOMPARE(added.size(), 1);
    const QString objectFile = QStringLiteral("%1/%2/%3._S3rver_object")
                                   .arg(S3TestServer::instance(nullptr)->directory(),
                                       QString::fromLatin1(S3TestServer::bucket), added.first());
    QVERIFY2(QFile::remove(objectFile), qPrintable(objectFile));
    const TestClient::Reply gone = client.get(QStringLiteral("/api/v1/files/%1/content").arg(upload.fileId));
    QCOMPARE(gone.status, 404);
    QCOMPARE(gone.errorCode(), QStringLiteral("not_found"));
}

void TestS3Store::aStoreThatIsDownIsReportedNotCrashedOn()
{
    QVERIFY(!m_fileId.isEmpty());
    S3TestServer *store = S3TestServer::instance(nullptr);
    store->stop();
    TestClient client(m_first.baseUrl());
    client.setToken(m_token);
    QTRY_COMPARE_WITH_TIMEOUT(client.get(QStringLiteral("/healthz")).status, 503, 5000);
    QCOMPARE(
        client.get(QStringLiteral("/healthz")).object().value(u"blob_store").toString(), QStringLiteral("unreachable"));
    const TestClient::Reply download = client.get(QStringLiteral("/api/v1/files/%1/content").arg(m_fileId));
    QCOMPARE(download.status, 503);
    QCOMPARE(download.errorCode(), QStringLiteral("blob_store_unavailable"));
    // A new upload's chunk is refused with a clear error, and the upload can go on later.
    const QByteArray content = patternBytes(100, 5);
    const Upload upload = start(client, content, QStringLiteral("later.txt"));
    QVERIFY(!upload.uploadId.isEmpty());
    const TestClient::Reply refused = putChunk(client, upload.uploadId, 0, content);
    QCOMPARE(refused.status, 503);
    QCOMPARE(refused.errorCode(), QStringLiteral("blob_store_unavailable"));

    QString error;
    QVERIFY2(store->restart(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(client.get(QStringLiteral("/healthz")).status, 200, 5000);
    QCOMPARE(putChunk(client, upload.uploadId, 0, content).status, 200);
    QCOMPARE(complete(client, upload.uploadId).status, 201);
    QVERIFY(client.get(QStringLiteral("/api/v1/files/%1/content").arg(m_fileId)).body == m_content);
}

void TestS3Store::checkPassesAndTheQuotaIsTheSumOfTheFiles()
{
    const ServerProcess::CliResult check = m_first.runCli({QStringLiteral("check")});
    QVERIFY2(check.exitCode == 0, check.out.constData());
    QVERIFY(check.out.contains("ok"));
}

QTEST_GUILESS_MAIN(TestS3Store)
#include "tst_s3store.moc"
