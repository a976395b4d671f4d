// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSet>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <memory>

#include "tests/support/dbinspector.h"
#include "tests/support/rawhttp.h"
#include "tests/support/s3testserver.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

namespace {

constexpr qint64 KiB = 1024;
constexpr qint64 MiB = 1024 * KiB;
constexpr qint64 chunkLimit = 8 * MiB; // server/api/filecontroller.h

const QString uploadsPath = QStringLiteral("/api/v1/files/uploads");

// Bytes that differ from position to position, so a chunk written at the wrong place shows up.
QByteArray patternBytes(qint64 size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    quint32 state = seed * 2654435761u + 1;
    for (qint64 i = 0; i < size; ++i) {
        state = state * 1664525u + 1013904223u;
        out[i] = char(state >> 24);
    }
    return out;
}

QString uploadPath(const QString &uploadId)
{
    return uploadsPath + u'/' + uploadId;
}

QString chunkPath(const QString &uploadId, qint64 offset)
{
    return uploadPath(uploadId) + QStringLiteral("?offset=") + QString::number(offset);
}

QString contentPath(const QString &fileId)
{
    return QStringLiteral("/api/v1/files/") + fileId + QStringLiteral("/content");
}

QString describe(const TestClient::Reply &reply)
{
    return QStringLiteral("HTTP %1: %2").arg(reply.status).arg(QString::fromUtf8(reply.body.left(500)));
}

// Every file under dir (recursively), relative to dir.
QStringList filesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(QDir(dir).relativeFilePath(it.next()));
    files.sort();
    return files;
}

} // namespace

// File contents through the real server: chunked, resumable uploads checked against their
// SHA-256 and the organisation's quota, and downloads that a browser can never run as a page.
class TestFiles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void chunkedUploadShowsUpInPull();
    void optionalFieldsHaveDefaults();
    void wrongOffsetIsRefusedWithTheRealOne_data();
    void wrongOffsetIsRefusedWithTheRealOne();
    void uploadResumesAfterServerRestart();
    void checksumMismatchLeavesNothingBehind();
    void expiredUploadIsPurgedAndFreesQuota();
    void concurrentChunksDoNotCorruptTheUpload();
    void newContentReplacesTheOld();
    void uploadIntoProjectDeletedMeanwhileIsRefused();
    void oversizedChunkIsRefused_data();
    void oversizedChunkIsRefused();
    void uploadLargerThanQuotaIsRefused();
    void parallelStartsReserveQuotaAtomically_data();
    void parallelStartsReserveQuotaAtomically();
    void downloadIsAnAttachmentOfTheRecordedType_data();
    void downloadIsAnAttachmentOfTheRecordedType();
    void rangeRequests_data();
    void rangeRequests();
    void blobsNeverCarryTheFileName();
    void otherOrganisationGetsNotFound_data();
    void otherOrganisationGetsNotFound();
    void requestsWithoutTokenAreRefused_data();
    void requestsWithoutTokenAreRefused();

private:
    struct Org
    {
        QByteArray token;
        QString projectId;
    };

    std::unique_ptr<TestClient> clientFor(const QByteArray &token) const;
    // A new organisation with its own quota, its admin signed in and one project.
    Org createOrg(const QString &slug, qint64 quotaBytes);
    static QJsonObject uploadBody(const QString &projectId, const QString &name, qint64 size, const QString &sha256,
        const QString &mimeType = QString(), const QString &fileId = newId());
    TestClient::Reply startUpload(TestClient &client, const QString &projectId, const QString &name, qint64 size,
        const QString &sha256, const QString &mimeType = QString(), const QString &fileId = newId());
    // Runs a whole upload; returns the new file's id, or an empty string (with a warning) on failure.
    QString uploadFile(TestClient &client, const QString &projectId, const QString &name, const QByteArray &content,
        const QString &mimeType = QString(), qint64 chunkSize = MiB);
    qint64 uploadOffset(TestClient &client, const QString &uploadId);
    // Where the server's blob store keeps `area` ("blobs", "uploads") as files: its data dir, or
    // the S3 test server's folder of its prefix (each object a file, next to its metadata).
    QString storeArea(const QString &area) const;
    // Whether anything of the upload's bytes is still stored.
    bool partialExists(const QString &uploadId) const;
    QList<RawHttp::Response> rawPut(const QString &path, const QByteArray &token, qint64 bodySize, bool chunked);

    ServerProcess m_server;
    Org m_acme;
    QByteArray m_otherToken; // admin of another organisation
    // Shared fixtures for the access tests: one finished file and one upload half-way through.
    QString m_fileId;
    QByteArray m_fileContent;
    QString m_pendingUploadId;
    qint64 m_pendingOffset = 0;
};

QString TestFiles::storeArea(const QString &area) const
{
    if (ServerProcess::usesS3())
        return QDir(S3TestServer::instance(nullptr)->directory())
            .filePath(
                QStringLiteral("%1/%2/%3").arg(QString::fromLatin1(S3TestServer::bucket), m_server.blobPrefix(), area));
    return QDir(m_server.dataDir()).filePath(area);
}

bool TestFiles::partialExists(const QString &uploadId) const
{
    if (ServerProcess::usesS3())
        return !filesUnder(QDir(storeArea(QStringLiteral("uploads"))).filePath(uploadId)).isEmpty();
    return QFile::exists(
        QDir(m_server.dataDir()).filePath(QStringLiteral("uploads/") + uploadId + QStringLiteral(".part")));
}

std::unique_ptr<TestClient> TestFiles::clientFor(const QByteArray &token) const
{
    auto client = std::make_unique<TestClient>(m_server.baseUrl());
    client->setToken(token);
    return client;
}

TestFiles::Org TestFiles::createOrg(const QString &slug, qint64 quotaBytes)
{
    const QString email = QStringLiteral("admin@") + slug + QStringLiteral(".test");
    const ServerProcess::CliResult created = m_server.runCli(
        {QStringLiteral("create-org"), QStringLiteral("--name"), slug, QStringLiteral("--slug"), slug,
            QStringLiteral("--admin-email"), email, QStringLiteral("--quota-bytes"), QString::number(quotaBytes)},
        "quota-pw\n");
    if (created.exitCode != 0) {
        qWarning() << "create-org failed:" << created.err;
        return {};
    }
    TestClient client(m_server.baseUrl());
    Org org;
    org.token = client.login(email, QStringLiteral("quota-pw"));
    if (org.token.isEmpty())
        return {};
    org.projectId = createProject(client);
    return org;
}

QJsonObject TestFiles::uploadBody(const QString &projectId, const QString &name, qint64 size, const QString &sha256,
    const QString &mimeType, const QString &fileId)
{
    QJsonObject body{{QStringLiteral("file_id"), fileId}, {QStringLiteral("project_id"), projectId},
        {QStringLiteral("folder"), QStringLiteral("Deliverables")}, {QStringLiteral("name"), name},
        {QStringLiteral("size"), size}, {QStringLiteral("sha256"), sha256}};
    if (!mimeType.isNull())
        body.insert(QStringLiteral("mime_type"), mimeType);
    return body;
}

TestClient::Reply TestFiles::startUpload(TestClient &client, const QString &projectId, const QString &name, qint64 size,
    const QString &sha256, const QString &mimeType, const QString &fileId)
{
    return client.post(uploadsPath, uploadBody(projectId, name, size, sha256, mimeType, fileId));
}

QString TestFiles::uploadFile(TestClient &client, const QString &projectId, const QString &name,
    const QByteArray &content, const QString &mimeType, qint64 chunkSize)
{
    const TestClient::Reply started =
        startUpload(client, projectId, name, content.size(), sha256Hex(content), mimeType);
    if (started.status != 201) {
        qWarning() << "start:" << describe(started);
        return {};
    }
    const QString uploadId = started.object().value(u"upload_id").toString();
    for (qint64 offset = 0; offset < content.size(); offset += chunkSize) {
        const TestClient::Reply put = client.put(
            chunkPath(uploadId, offset), content.mid(offset, chunkSize), QByteArrayLiteral("application/octet-stream"));
        if (put.status != 200) {
            qWarning() << "chunk at" << offset << describe(put);
            return {};
        }
    }
    const TestClient::Reply done = client.post(uploadPath(uploadId) + QStringLiteral("/complete"), QJsonObject());
    if (done.status != 201) {
        qWarning() << "complete:" << describe(done);
        return {};
    }
    return started.object().value(u"file_id").toString();
}

qint64 TestFiles::uploadOffset(TestClient &client, const QString &uploadId)
{
    const TestClient::Reply reply = client.get(uploadPath(uploadId));
    return reply.status == 200 ? reply.object().value(u"offset").toInteger(-1) : -1;
}

QList<RawHttp::Response> TestFiles::rawPut(const QString &path, const QByteArray &token, qint64 bodySize, bool chunked)
{
    RawHttp raw(m_server.port());
    if (!raw.waitForConnected())
        return {};
    QByteArray head = "PUT " + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: application/octet-stream\r\n";
    head += chunked ? QByteArray("Transfer-Encoding: chunked\r\n")
                    : "Content-Length: " + QByteArray::number(bodySize) + "\r\n";
    raw.write(head + "\r\n");
    raw.streamBody(bodySize, chunked);
    raw.waitForResponses(1, 60000);
    return raw.responses();
}

void TestFiles::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(QStringLiteral("Acme Studio"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"),
        QStringLiteral("admin-pw")));
    QVERIFY(m_server.createOrg(QStringLiteral("Beta Agency"), QStringLiteral("beta"), QStringLiteral("admin@beta.test"),
        QStringLiteral("beta-pw")));
    TestClient admin(m_server.baseUrl());
    m_acme.token = admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw"));
    QVERIFY(!m_acme.token.isEmpty());
    m_acme.projectId = createProject(admin);
    QVERIFY(!m_acme.projectId.isEmpty());
    TestClient other(m_server.baseUrl());
    m_otherToken = other.login(QStringLiteral("admin@beta.test"), QStringLiteral("beta-pw"));
    QVERIFY(!m_otherToken.isEmpty());
    QVERIFY(!createProject(other).isEmpty());

    m_fileContent = patternBytes(3000, 1);
    m_fileId =
        uploadFile(admin, m_acme.projectId, QStringLiteral("brief.txt"), m_fileContent, QStringLiteral("text/plain"));
    QVERIFY(!m_fileId.isEmpty());
    const QByteArray pending = patternBytes(5000, 2);
    const TestClient::Reply started =
        startUpload(admin, m_acme.projectId, QStringLiteral("half.bin"), pending.size(), sha256Hex(pending));
    QCOMPARE(started.status, 201);
    m_pendingUploadId = started.object().value(u"upload_id").toString();
    QCOMPARE(admin.put(chunkPath(m_pendingUploadId, 0), pending.left(2000), "application/octet-stream").status, 200);
    m_pendingOffset = 2000;
}

void TestFiles::chunkedUploadShowsUpInPull()
{
    auto admin = clientFor(m_acme.token);
    const QByteArray content = patternBytes(5 * MiB + 4321, 3);
    const QString sha = sha256Hex(content);
    const QString fileId = newId();
    const TestClient::Reply started = startUpload(*admin, m_acme.projectId, QStringLiteral("Storyboard.mov"),
        content.size(), sha, QStringLiteral("video/quicktime"), fileId);
    QVERIFY2(started.status == 201, qPrintable(describe(started)));
    const QJsonObject session = started.object();
    const QString uploadId = session.value(u"upload_id").toString();
    QVERIFY(QUuid::fromString(uploadId).isNull() == false);
    QCOMPARE(session.value(u"file_id").toString(), fileId);
    QCOMPARE(session.value(u"offset").toInteger(), 0);
    QCOMPARE(session.value(u"size").toInteger(), content.size());
    QCOMPARE(session.value(u"chunk_size").toInteger(), chunkLimit);
    QVERIFY(!session.value(u"expires_at").toString().isEmpty());

    // Three chunks of 2 MiB or less; after each, the session reports where to continue.
    const qint64 chunk = 2 * MiB;
    int chunks = 0;
    for (qint64 offset = 0; offset < content.size(); offset += chunk) {
        const TestClient::Reply put =
            admin->put(chunkPath(uploadId, offset), content.mid(offset, chunk), "application/octet-stream");
        QVERIFY2(put.status == 200, qPrintable(describe(put)));
        const qint64 end = qMin<qint64>(offset + chunk, content.size());
        QCOMPARE(put.object().value(u"offset").toInteger(), end);
        QCOMPARE(uploadOffset(*admin, uploadId), end);
        ++chunks;
    }
    QCOMPARE(chunks, 3);

    const TestClient::Reply done = admin->post(uploadPath(uploadId) + QStringLiteral("/complete"), QJsonObject());
    QVERIFY2(done.status == 201, qPrintable(describe(done)));
    QCOMPARE(done.object().value(u"file").toObject().value(u"id").toString(), fileId);
    // The session is gone once the file exists.
    QCOMPARE(admin->get(uploadPath(uploadId)).status, 404);

    const QJsonObject file = find(pullAll(*admin), fileId);
    // A pull writes its changes as text straight from the rows; every field is what the upload's
    // answer (built as a JSON object from the same row) says.
    QCOMPARE(file, done.object().value(u"file").toObject());
    QCOMPARE(file.value(u"entity").toString(), QStringLiteral("file"));
    QCOMPARE(file.value(u"deleted").toBool(), false);
    QVERIFY(file.value(u"version").toInteger() > 0);
    const QJsonObject data = file.value(u"data").toObject();
    QCOMPARE(data.value(u"size").toInteger(), content.size());
    QCOMPARE(data.value(u"sha256").toString(), sha);
    QCOMPARE(data.value(u"visibility").toString(), QStringLiteral("private"));
    QCOMPARE(data.value(u"name").toString(), QStringLiteral("Storyboard.mov"));
    QCOMPARE(data.value(u"mime_type").toString(), QStringLiteral("video/quicktime"));
    QCOMPARE(data.value(u"project_id").toString(), m_acme.projectId);
    QCOMPARE(data.value(u"folder").toString(), QStringLiteral("Deliverables"));

    const TestClient::Reply download = admin->get(contentPath(fileId));
    QCOMPARE(download.status, 200);
    QCOMPARE(download.body.size(), content.size());
    QVERIFY(download.body == content);
}

void TestFiles::optionalFieldsHaveDefaults()
{
    // Only file_id, project_id, name, size and sha256 are required (openapi.yaml).
    auto admin = clientFor(m_acme.token);
    const QByteArray content("plain bytes");
    QJsonObject body = uploadBody(m_acme.projectId, QStringLiteral("loose.dat"), content.size(), sha256Hex(content));
    body.remove(QStringLiteral("folder"));
    QVERIFY(!body.contains(u"mime_type") && !body.contains(u"visibility"));
    const TestClient::Reply started = admin->post(uploadsPath, body);
    QVERIFY2(started.status == 201, qPrintable(describe(started)));
    const QString uploadId = started.object().value(u"upload_id").toString();
    QCOMPARE(admin->put(chunkPath(uploadId, 0), content, "application/octet-stream").status, 200);
    const TestClient::Reply done = admin->post(uploadPath(uploadId) + QStringLiteral("/complete"), QJsonObject());
    QVERIFY2(done.status == 201, qPrintable(describe(done)));

    const QJsonObject data = find(pullAll(*admin), body.value(u"file_id").toString()).value(u"data").toObject();
    QCOMPARE(data.value(u"folder").toString(), QString());
    QCOMPARE(data.value(u"visibility").toString(), QStringLiteral("private"));
    QCOMPARE(data.value(u"mime_type").toString(), QStringLiteral("application/octet-stream"));
}

void TestFiles::wrongOffsetIsRefusedWithTheRealOne_data()
{
    QTest::addColumn<QString>("offset"); // as sent in the query
    QTest::addRow("behind: the first chunk again") << QStringLiteral("0");
    QTest::addRow("ahead: a chunk skipped") << QStringLiteral("2048");
    QTest::addRow("one byte ahead") << QStringLiteral("1025");
    QTest::addRow("not a number") << QStringLiteral("abc");
    QTest::addRow("negative") << QStringLiteral("-1");
}

void TestFiles::wrongOffsetIsRefusedWithTheRealOne()
{
    QFETCH(QString, offset);
    auto admin = clientFor(m_acme.token);
    const QByteArray content = patternBytes(4 * KiB, 4);
    const TestClient::Reply started =
        startUpload(*admin, m_acme.projectId, QStringLiteral("offsets.bin"), content.size(), sha256Hex(content));
    QCOMPARE(started.status, 201);
    const QString uploadId = started.object().value(u"upload_id").toString();
    QCOMPARE(admin->put(chunkPath(uploadId, 0), content.left(KiB), "application/octet-stream").status, 200);

    const TestClient::Reply wrong = admin->put(
        uploadPath(uploadId) + QStringLiteral("?offset=") + offset, content.mid(KiB, KiB), "application/octet-stream");
    QCOMPARE(wrong.status, 409);
    QCOMPARE(wrong.errorCode(), QStringLiteral("offset_mismatch"));
    QCOMPARE(wrong.object().value(u"offset").toInteger(-1), KiB);
    QVERIFY(wrong.header("Content-Type").startsWith("application/json"));

    // Nothing was written: resuming where the server says finishes the file intact.
    QCOMPARE(uploadOffset(*admin, uploadId), KiB);
    QCOMPARE(admin->put(chunkPath(uploadId, KiB), content.mid(KiB), "application/octet-stream").status, 200);
    const TestClient::Reply done = admin->post(uploadPath(uploadId) + QStringLiteral("/complete"), QJsonObject());
    QVERIFY2(done.status == 201, qPrintable(describe(done)));
    QVERIFY(admin->get(contentPath(started.object().value(u"file_id").toString())).body == content);
}

void TestFiles::uploadResumesAfterServerRestart()
{
    const QByteArray content = patternBytes(3 * MiB + 17, 5);
    QString uploadId;
    QString fileId;
    {
        auto admin = clientFor(m_acme.token);
        const TestClient::Reply started = startUpload(*admin, m_acme.projectId, QStringLiteral("Interview.wav"),
            content.size(), sha256Hex(content), QStringLiteral("audio/wav"));
        QCOMPARE(started.status, 201);
        uploadId = started.object().value(u"upload_id").toString();
        fileId = started.object().value(u"file_id").toString();
        QCOMPARE(admin->put(chunkPath(uploadId, 0), content.left(MiB), "application/octet-stream").status, 200);
        QCOMPARE(admin->put(chunkPath(uploadId, MiB), content.mid(MiB, MiB), "application/octet-stream").status, 200);
    }

    m_server.stop();
    QVERIFY(!m_server.isRunning());
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));

    // The desktop asks where to continue, then sends the rest.
    auto admin = clientFor(m_acme.token);
    const TestClient::Reply status = admin->get(uploadPath(uploadId));
    QVERIFY2(status.status == 200, qPrintable(describe(status)));
    const qint64 offset = status.object().value(u"offset").toInteger(-1);
    QCOMPARE(offset, 2 * MiB);
    QCOMPARE(status.object().value(u"size").toInteger(), content.size());
    const TestClient::Reply rest =
        admin->put(chunkPath(uploadId, offset), content.mid(offset), "application/octet-stream");
    QVERIFY2(rest.status == 200, qPrintable(describe(rest)));
    const TestClient::Reply done = admin->post(uploadPath(uploadId) + QStringLiteral("/complete"), QJsonObject());
    QVERIFY2(done.status == 201, qPrintable(describe(done)));
    const TestClient::Reply download = admin->get(contentPath(fileId));
    QCOMPARE(download.status, 200);
    QVERIFY(download.body == content);
    QCOMPARE(find(pullAll(*admin), fileId).value(u"data").toObject().value(u"sha256").toString(), sha256Hex(content));

    // The fixtures of the other tests survived the restart as well.
    QCOMPARE(uploadOffset(*admin, m_pendingUploadId), m_pendingOffset);
}

void TestFiles::checksumMismatchLeavesNothingBehind()
{
    const qint64 quota = 2 * MiB;
    const Org tiny = createOrg(QStringLiteral("checksum"), quota);
    QVERIFY(!tiny.token.isEmpty());
    QVERIFY(!tiny.projectId.isEmpty());
    auto client = clientFor(tiny.token);
    const QDir dataDir(m_server.dataDir());
    const QStringList blobsBefore = filesUnder(storeArea(QStringLiteral("blobs")));

    // The whole quota, with a checksum of other bytes.
    const QByteArray content = patternBytes(quota, 6);
    const TestClient::Reply started =
        startUpload(*client, tiny.projectId, QStringLiteral("corrupt.zip"), quota, sha256Hex(patternBytes(quota, 60)));
    QVERIFY2(started.status == 201, qPrintable(describe(started)));
    const QString uploadId = started.object().value(u"upload_id").toString();
    const QString fileId = started.object().value(u"file_id").toString();
    QCOMPARE(client->put(chunkPath(uploadId, 0), content.left(MiB), "application/octet-stream").status, 200);
    QCOMPARE(client->put(chunkPath(uploadId, MiB), content.mid(MiB), "application/octet-stream").status, 200);
    const TestClient::Reply done = client->post(uploadPath(uploadId) + QStringLiteral("/complete"), QJsonObject());
    QCOMPARE(done.status, 422);
    QCOMPARE(done.errorCode(), QStringLiteral("checksum_mismatch"));

    // No partial file, no new blob, no session, no file entity.
    QVERIFY(!partialExists(uploadId));
    for (const QString &name : filesUnder(storeArea(QStringLiteral("uploads"))))
        QVERIFY2(!name.contains(uploadId), qPrintable(name));
    QCOMPARE(filesUnder(storeArea(QStringLiteral("blobs"))), blobsBefore);
    QCOMPARE(client->get(uploadPath(uploadId)).status, 404);
    QVERIFY(find(pullAll(*client), fileId).isEmpty());
    QCOMPARE(client->get(contentPath(fileId)).status, 404);
    // Spilled request bodies are cleaned up too.
    QTRY_COMPARE_WITH_TIMEOUT(filesUnder(dataDir.filePath(QStringLiteral("tmp"))), QStringList(), 5000);

    // The reservation went with it: the whole quota is free again for a correct upload.
    const QString again = uploadFile(*client, tiny.projectId, QStringLiteral("intact.zip"), content);
    QVERIFY(!again.isEmpty());
    QVERIFY(client->get(contentPath(again)).body == content);
}

void TestFiles::expiredUploadIsPurgedAndFreesQuota()
{
    const qint64 quota = MiB;
    const Org org = createOrg(QStringLiteral("expiry"), quota);
    QVERIFY(!org.token.isEmpty());
    QString uploadId;
    {
        auto client = clientFor(org.token);
        const TestClient::Reply started =
            startUpload(*client, org.projectId, QStringLiteral("forgotten.bin"), quota, sha256Hex("x"));
        QCOMPARE(started.status, 201);
        uploadId = started.object().value(u"upload_id").toString();
        QCOMPARE(
            client->put(chunkPath(uploadId, 0), patternBytes(100 * KiB, 9), "application/octet-stream").status, 200);
        QCOMPARE(startUpload(*client, org.projectId, QStringLiteral("blocked.bin"), 1, sha256Hex("x")).status, 413);
    }
    QVERIFY(partialExists(uploadId));
    {
        // A day has passed (the session's 24 hours, without waiting for them).
        DbInspector db(m_server);
        QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
        QVERIFY(db.exec(QStringLiteral("UPDATE uploads SET expires_at = ? WHERE id = ?"),
            {QStringLiteral("2001-01-01T00:00:00.000Z"), uploadId}));
    }
    // Housekeeping runs at start-up (and hourly).
    m_server.stop();
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    auto client = clientFor(org.token);
    QCOMPARE(client->get(uploadPath(uploadId)).status, 404);
    QVERIFY(!partialExists(uploadId));
    const TestClient::Reply whole =
        startUpload(*client, org.projectId, QStringLiteral("fresh.bin"), quota, sha256Hex("x"));
    QVERIFY2(whole.status == 201, qPrintable(describe(whole)));
}

void TestFiles::concurrentChunksDoNotCorruptTheUpload()
{
    auto admin = clientFor(m_acme.token);
    const QByteArray content = patternBytes(2 * MiB, 10);
    const TestClient::Reply started =
        startUpload(*admin, m_acme.projectId, QStringLiteral("twice.bin"), content.size(), sha256Hex(content));
    QCOMPARE(started.status, 201);
    const QString uploadId = started.object().value(u"upload_id").toString();

    // A desktop that retries too eagerly: the same first chunk four times at once.
    QNetworkAccessManager nam;
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 4; ++i) {
        QNetworkRequest request(m_server.baseUrl().resolved(QUrl(chunkPath(uploadId, 0))));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
        request.setRawHeader("Authorization", "Bearer " + m_acme.token);
        replies.append(nam.put(request, content.left(MiB)));
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.cbegin(), replies.cend(),
                                 [](QNetworkReply *r) {
                                     return r->isFinished();
                                 }),
        30000);
    int accepted = 0;
    for (QNetworkReply *reply : std::as_const(replies)) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QString code =
            QJsonDocument::fromJson(reply->readAll()).object().value(u"error").toObject().value(u"code").toString();
        if (status == 200)
            ++accepted;
        else
            QVERIFY2(status == 409 && (code == u"upload_busy" || code == u"offset_mismatch"),
                qPrintable(QString::number(status) + u' ' + code));
        reply->deleteLater();
    }
    QCOMPARE(accepted, 1);
    QCOMPARE(uploadOffset(*admin, uploadId), MiB);
    QCOMPARE(admin->put(chunkPath(uploadId, MiB), content.mid(MiB), "application/octet-stream").status, 200);
    const TestClient::Reply done = admin->post(uploadPath(uploadId) + QStringLiteral("/complete"), QJsonObject());
    QVERIFY2(done.status == 201, qPrintable(describe(done)));
    QVERIFY(admin->get(contentPath(started.object().value(u"file_id").toString())).body == content);
}

void TestFiles::newContentReplacesTheOld()
{
    auto admin = clientFor(m_acme.token);
    const QByteArray first("first draft");
    const QString fileId =
        uploadFile(*admin, m_acme.projectId, QStringLiteral("draft.txt"), first, QStringLiteral("text/plain"));
    QVERIFY(!fileId.isEmpty());
    const qint64 firstVersion = find(pullAll(*admin), fileId).value(u"version").toInteger();

    // New content for the same file id.
    const QByteArray second("second draft, longer");
    const TestClient::Reply started = startUpload(*admin, m_acme.projectId, QStringLiteral("draft.txt"), second.size(),
        sha256Hex(second), QStringLiteral("text/plain"), fileId);
    QVERIFY2(started.status == 201, qPrintable(describe(started)));
    const QString uploadId = started.object().value(u"upload_id").toString();
    QCOMPARE(admin->put(chunkPath(uploadId, 0), second, "application/octet-stream").status, 200);
    const TestClient::Reply done = admin->post(uploadPath(uploadId) + QStringLiteral("/complete"), QJsonObject());
    QVERIFY2(done.status == 201, qPrintable(describe(done)));

    const QJsonObject file = find(pullAll(*admin), fileId);
    QVERIFY(file.value(u"version").toInteger() > firstVersion);
    QCOMPARE(file.value(u"data").toObject().value(u"sha256").toString(), sha256Hex(second));
    QCOMPARE(file.value(u"data").toObject().value(u"size").toInteger(), second.size());
    QCOMPARE(admin->get(contentPath(fileId)).body, second);

    // Another organisation cannot take the id over.
    auto other = clientFor(m_otherToken);
    const QString otherProject = createProject(*other);
    QVERIFY(!otherProject.isEmpty());
    const TestClient::Reply hijack =
        startUpload(*other, otherProject, QStringLiteral("mine.txt"), 3, sha256Hex("abc"), QString(), fileId);
    QCOMPARE(hijack.status, 409);
    QCOMPARE(hijack.errorCode(), QStringLiteral("already_exists"));
    QCOMPARE(admin->get(contentPath(fileId)).body, second);
}

void TestFiles::uploadIntoProjectDeletedMeanwhileIsRefused()
{
    const qint64 quota = MiB;
    const Org org = createOrg(QStringLiteral("vanishing"), quota);
    QVERIFY(!org.token.isEmpty());
    auto client = clientFor(org.token);
    const QStringList blobsBefore = filesUnder(storeArea(QStringLiteral("blobs")));
    const QByteArray content = patternBytes(quota, 11);
    const TestClient::Reply started =
        startUpload(*client, org.projectId, QStringLiteral("late.bin"), quota, sha256Hex(content));
    QCOMPARE(started.status, 201);
    const QString uploadId = started.object().value(u"upload_id").toString();
    const QString fileId = started.object().value(u"file_id").toString();
    QCOMPARE(client->put(chunkPath(uploadId, 0), content, "application/octet-stream").status, 200);

    // Someone deletes the project while the last bytes are on their way.
    const QJsonArray deleted =
        pushResults(*client, {mutation(QStringLiteral("project"), org.projectId, QStringLiteral("delete"))});
    QCOMPARE(deleted.at(0).toObject().value(u"status").toString(), QStringLiteral("applied"));

    const TestClient::Reply done = client->post(uploadPath(uploadId) + QStringLiteral("/complete"), QJsonObject());
    QVERIFY2(done.status >= 400 && done.status < 500, qPrintable(describe(done)));
    // No live file in a deleted project, no blob, and the reservation is back.
    const QJsonObject file = find(pullAll(*client), fileId);
    QVERIFY2(
        file.isEmpty() || file.value(u"deleted").toBool(), qPrintable(QString::fromUtf8(QJsonDocument(file).toJson())));
    QCOMPARE(filesUnder(storeArea(QStringLiteral("blobs"))), blobsBefore);
    QCOMPARE(client->get(uploadPath(uploadId)).status, 404);
    const QString project = createProject(*client);
    QVERIFY(!project.isEmpty());
    QCOMPARE(startUpload(*client, project, QStringLiteral("retry.bin"), quota, sha256Hex(content)).status, 201);
}

void TestFiles::oversizedChunkIsRefused_data()
{
    QTest::addColumn<qint64>("bodySize");
    QTest::addColumn<bool>("chunked");
    QTest::addColumn<int>("status");
    QTest::addRow("exactly 8 MiB is accepted") << chunkLimit << false << 200;
    QTest::addRow("8 MiB and a byte, declared") << chunkLimit + 1 << false << 413;
    QTest::addRow("8 MiB and a byte, chunked transfer coding") << chunkLimit + 1 << true << 413;
    QTest::addRow("64 MiB, declared") << 64 * MiB << false << 413;
}

void TestFiles::oversizedChunkIsRefused()
{
    QFETCH(qint64, bodySize);
    QFETCH(bool, chunked);
    QFETCH(int, status);
    auto admin = clientFor(m_acme.token);
    const TestClient::Reply started = startUpload(
        *admin, m_acme.projectId, QStringLiteral("big.bin"), 64 * MiB + 1, sha256Hex(QByteArray("anything")));
    QCOMPARE(started.status, 201);
    const QString uploadId = started.object().value(u"upload_id").toString();

    const QList<RawHttp::Response> responses = rawPut(chunkPath(uploadId, 0), m_acme.token, bodySize, chunked);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.at(0).status, status);
    if (status == 413) {
        QCOMPARE(responses.at(0).errorCode(), QStringLiteral("payload_too_large"));
        QVERIFY(responses.at(0).header("Content-Type").startsWith("application/json"));
    }
    // A refused chunk writes nothing.
    QCOMPARE(uploadOffset(*admin, uploadId), status == 200 ? bodySize : 0);
    QCOMPARE(admin->del(uploadPath(uploadId)).status, 200);
}

void TestFiles::uploadLargerThanQuotaIsRefused()
{
    const qint64 quota = MiB;
    const Org tiny = createOrg(QStringLiteral("quota"), quota);
    QVERIFY(!tiny.token.isEmpty());
    auto client = clientFor(tiny.token);
    const QString sha = sha256Hex("x");

    const TestClient::Reply tooBig = startUpload(*client, tiny.projectId, QStringLiteral("huge.iso"), quota + 1, sha);
    QCOMPARE(tooBig.status, 413);
    QCOMPARE(tooBig.errorCode(), QStringLiteral("quota_exceeded"));
    const TestClient::Reply wayTooBig =
        startUpload(*client, tiny.projectId, QStringLiteral("huge.iso"), 1000 * MiB, sha);
    QCOMPARE(wayTooBig.status, 413);
    QCOMPARE(wayTooBig.errorCode(), QStringLiteral("quota_exceeded"));

    // Exactly the quota fits; while it is reserved, not one more byte does.
    const TestClient::Reply fits = startUpload(*client, tiny.projectId, QStringLiteral("exact.iso"), quota, sha);
    QVERIFY2(fits.status == 201, qPrintable(describe(fits)));
    const TestClient::Reply oneMore = startUpload(*client, tiny.projectId, QStringLiteral("one.txt"), 1, sha);
    QCOMPARE(oneMore.status, 413);
    QCOMPARE(oneMore.errorCode(), QStringLiteral("quota_exceeded"));
    // Abandoning the upload gives the reservation back.
    QCOMPARE(client->del(uploadPath(fits.object().value(u"upload_id").toString())).status, 200);
    QCOMPARE(startUpload(*client, tiny.projectId, QStringLiteral("one.txt"), 1, sha).status, 201);
}

void TestFiles::parallelStartsReserveQuotaAtomically_data()
{
    QTest::addColumn<int>("parallel");
    QTest::addRow("two at once") << 2;
    QTest::addRow("six at once") << 6;
}

void TestFiles::parallelStartsReserveQuotaAtomically()
{
    QFETCH(int, parallel);
    const qint64 quota = MiB;
    const qint64 size = 600 * KiB; // fits alone, not twice
    const Org org = createOrg(QStringLiteral("race%1").arg(parallel), quota);
    QVERIFY(!org.token.isEmpty());
    auto client = clientFor(org.token);

    QNetworkAccessManager nam;
    const QUrl url = m_server.baseUrl().resolved(QUrl(uploadsPath));
    for (int round = 0; round < 5; ++round) {
        // All requests are handed to the network before any answer is read, so they are in flight
        // together (QNetworkAccessManager opens up to six connections per host).
        QList<QNetworkReply *> replies;
        for (int i = 0; i < parallel; ++i) {
            QNetworkRequest request(url);
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            request.setRawHeader("Authorization", "Bearer " + org.token);
            const QJsonObject body =
                uploadBody(org.projectId, QStringLiteral("race-%1.bin").arg(i), size, sha256Hex("race"));
            replies.append(nam.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)));
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.cbegin(), replies.cend(),
                                     [](QNetworkReply *r) {
                                         return r->isFinished();
                                     }),
            30000);
        QList<int> statuses;
        QString winner;
        for (QNetworkReply *reply : std::as_const(replies)) {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
            statuses.append(status);
            if (status == 201)
                winner = body.value(u"upload_id").toString();
            else
                QCOMPARE(body.value(u"error").toObject().value(u"code").toString(), QStringLiteral("quota_exceeded"));
            reply->deleteLater();
        }
        std::sort(statuses.begin(), statuses.end());
        QList<int> expected(parallel, 413);
        expected[0] = 201;
        QCOMPARE(statuses, expected);
        // Free the reservation for the next round.
        QCOMPARE(client->del(uploadPath(winner)).status, 200);
    }
    // Each would have fitted alone.
    const TestClient::Reply alone =
        startUpload(*client, org.projectId, QStringLiteral("alone.bin"), size, sha256Hex("race"));
    QCOMPARE(alone.status, 201);
}

void TestFiles::downloadIsAnAttachmentOfTheRecordedType_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("mimeType"); // as the uploader declared it; null = not sent
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QByteArray>("served");
    QTest::addColumn<QByteArray>("disposition");
    QTest::addRow("an HTML page with a script")
        << QStringLiteral("x.html") << QStringLiteral("text/html")
        << QByteArray("<!doctype html><html><body><script>fetch('/api/v1/auth/me')</script></body></html>")
        << QByteArray("text/html") << QByteArray("attachment; filename=\"x.html\"; filename*=UTF-8''x.html");
    QTest::addRow("a bogus type") << QStringLiteral("notes.txt")
                                  << QStringLiteral("text/html; <script>alert(1)</script>") << QByteArray("just notes")
                                  << QByteArray("application/octet-stream")
                                  << QByteArray("attachment; filename=\"notes.txt\"; filename*=UTF-8''notes.txt");
    QTest::addRow("a type that is not one") << QStringLiteral("a.pdf") << QStringLiteral("portable document")
                                            << QByteArray("%PDF-1.4") << QByteArray("application/octet-stream")
                                            << QByteArray("attachment; filename=\"a.pdf\"; filename*=UTF-8''a.pdf");
    QTest::addRow("no type at all") << QStringLiteral("data.bin") << QString() << QByteArray("\x00\x01\x02\xff", 4)
                                    << QByteArray("application/octet-stream")
                                    << QByteArray("attachment; filename=\"data.bin\"; filename*=UTF-8''data.bin");
    QTest::addRow("a type in capitals") << QStringLiteral("photo.png") << QStringLiteral("Image/PNG")
                                        << QByteArray("\x89PNG\r\n\x1a\n", 8) << QByteArray("image/png")
                                        << QByteArray("attachment; filename=\"photo.png\"; filename*=UTF-8''photo.png");
    // The plain filename falls back to ASCII without quotes; filename* carries the real name.
    QTest::addRow("a name with quotes")
        << QStringLiteral("say \"hi\".txt") << QStringLiteral("text/plain") << QByteArray("hi")
        << QByteArray("text/plain")
        << QByteArray("attachment; filename=\"say _hi_.txt\"; filename*=UTF-8''say%20%22hi%22.txt");
    QTest::addRow("a name beyond ASCII") << QStringLiteral("Grüße – Entwurf.pdf") << QStringLiteral("application/pdf")
                                         << QByteArray("%PDF-1.7") << QByteArray("application/pdf")
                                         << QByteArray("attachment; filename=\"Gr__e _ Entwurf.pdf\"; "
                                                       "filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%E2%80%93%20Entwurf.pdf");
}

void TestFiles::downloadIsAnAttachmentOfTheRecordedType()
{
    QFETCH(QString, name);
    QFETCH(QString, mimeType);
    QFETCH(QByteArray, content);
    QFETCH(QByteArray, served);
    QFETCH(QByteArray, disposition);
    auto admin = clientFor(m_acme.token);
    const QString fileId = uploadFile(*admin, m_acme.projectId, name, content, mimeType);
    QVERIFY(!fileId.isEmpty());
    const QJsonObject data = find(pullAll(*admin), fileId).value(u"data").toObject();
    QCOMPARE(data.value(u"mime_type").toString(), QString::fromLatin1(served));
    QCOMPARE(data.value(u"name").toString(), name);

    const TestClient::Reply download = admin->get(contentPath(fileId));
    QCOMPARE(download.status, 200);
    QVERIFY(download.body == content);
    QCOMPARE(download.header("Content-Type"), served);
    QCOMPARE(download.header("Content-Disposition"), disposition);
    QCOMPARE(download.header("X-Content-Type-Options"), QByteArray("nosniff"));
    QVERIFY2(download.header("Content-Security-Policy").contains("default-src 'none'"),
        download.header("Content-Security-Policy").constData());
    QCOMPARE(download.header("Content-Length"), QByteArray::number(content.size()));
    QCOMPARE(download.header("ETag"), '"' + data.value(u"sha256").toString().toLatin1() + '"');

    // HEAD tells the same without the bytes. (Through QNetworkAccessManager::head(): a custom
    // "HEAD" verb would make it wait for a body.)
    QNetworkAccessManager nam;
    QNetworkRequest request(m_server.baseUrl().resolved(QUrl(contentPath(fileId))));
    request.setRawHeader("Authorization", "Bearer " + m_acme.token);
    std::unique_ptr<QNetworkReply> head(nam.head(request));
    QTRY_VERIFY_WITH_TIMEOUT(head->isFinished(), 30000);
    QCOMPARE(head->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(head->readAll().isEmpty());
    QCOMPARE(head->rawHeader("Content-Type"), served);
    QCOMPARE(head->rawHeader("Content-Disposition"), disposition);
    QCOMPARE(head->rawHeader("Content-Length"), QByteArray::number(content.size()));
}

void TestFiles::rangeRequests_data()
{
    QByteArray content;
    for (int i = 0; i < 100; ++i)
        content.append(char('A' + i % 26));
    QTest::addColumn<QByteArray>("range");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentRange");
    QTest::addRow("ten bytes from byte ten")
        << QByteArray("bytes=10-19") << 206 << content.mid(10, 10) << QByteArray("bytes 10-19/100");
    QTest::addRow("from a byte to the end")
        << QByteArray("bytes=95-") << 206 << content.mid(95) << QByteArray("bytes 95-99/100");
    QTest::addRow("the last three bytes")
        << QByteArray("bytes=-3") << 206 << content.right(3) << QByteArray("bytes 97-99/100");
    QTest::addRow("an end past the file")
        << QByteArray("bytes=90-500") << 206 << content.mid(90) << QByteArray("bytes 90-99/100");
    QTest::addRow("the first byte only") << QByteArray("bytes=0-0") << 206 << content.left(1)
                                         << QByteArray("bytes 0-0/100");
    QTest::addRow("starting at the end") << QByteArray("bytes=100-") << 416 << QByteArray()
                                         << QByteArray("bytes */100");
    QTest::addRow("far past the end") << QByteArray("bytes=5000-6000") << 416 << QByteArray()
                                      << QByteArray("bytes */100");
}

void TestFiles::rangeRequests()
{
    QFETCH(QByteArray, range);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentRange);
    QByteArray content;
    for (int i = 0; i < 100; ++i)
        content.append(char('A' + i % 26));
    auto admin = clientFor(m_acme.token);
    const QString fileId =
        uploadFile(*admin, m_acme.projectId, QStringLiteral("alphabet.txt"), content, QStringLiteral("text/plain"));
    QVERIFY(!fileId.isEmpty());

    const TestClient::Reply reply = admin->get(contentPath(fileId), {{QByteArrayLiteral("Range"), range}});
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.header("Content-Range"), contentRange);
    QCOMPARE(reply.header("X-Content-Type-Options"), QByteArray("nosniff"));
    if (status == 206) {
        QCOMPARE(reply.body, body);
        QCOMPARE(reply.header("Content-Length"), QByteArray::number(body.size()));
        QCOMPARE(reply.header("Content-Type"), QByteArray("text/plain"));
        QVERIFY(reply.header("Content-Disposition").startsWith("attachment"));
    } else {
        QCOMPARE(reply.errorCode(), QStringLiteral("range_not_satisfiable"));
    }
}

void TestFiles::blobsNeverCarryTheFileName()
{
    auto admin = clientFor(m_acme.token);
    const QString name = QStringLiteral("Client Secret Plans.pdf");
    const QByteArray content = patternBytes(70 * KiB, 8);

    // Neither while it arrives …
    const TestClient::Reply started = startUpload(
        *admin, m_acme.projectId, name, content.size(), sha256Hex(content), QStringLiteral("application/pdf"));
    QCOMPARE(started.status, 201);
    const QString uploadId = started.object().value(u"upload_id").toString();
    QCOMPARE(admin->put(chunkPath(uploadId, 0), content.left(30 * KiB), "application/octet-stream").status, 200);
    const QStringList partials = filesUnder(storeArea(QStringLiteral("uploads")));
    QVERIFY(!partials.isEmpty());
    for (const QString &partial : partials) {
        QVERIFY2(!partial.contains(u"Secret") && !partial.contains(u"Plans") && !partial.endsWith(u".pdf"),
            qPrintable(partial));
    }

    // … nor once stored.
    QCOMPARE(admin->put(chunkPath(uploadId, 30 * KiB), content.mid(30 * KiB), "application/octet-stream").status, 200);
    QCOMPARE(admin->post(uploadPath(uploadId) + QStringLiteral("/complete"), QJsonObject()).status, 201);
    const QString blobsDir = storeArea(QStringLiteral("blobs"));
    const QStringList blobs = filesUnder(blobsDir);
    QVERIFY(!blobs.isEmpty());
    int holdingContent = 0;
    for (const QString &blob : blobs) {
        QVERIFY2(!blob.contains(u"Secret") && !blob.contains(u"Plans") && !blob.contains(u"Client")
                && !blob.contains(u".pdf") && !blob.contains(u' '),
            qPrintable(blob));
        QFile file(QDir(blobsDir).filePath(blob));
        QVERIFY(file.open(QIODevice::ReadOnly));
        if (file.size() == content.size() && file.readAll() == content)
            ++holdingContent;
    }
    QCOMPARE(holdingContent, 1);
    // The name lives on as metadata and in the download's Content-Disposition only.
    const TestClient::Reply download = admin->get(contentPath(started.object().value(u"file_id").toString()));
    QCOMPARE(download.status, 200);
    QVERIFY(download.header("Content-Disposition").contains("Client Secret Plans.pdf"));
}

void TestFiles::otherOrganisationGetsNotFound_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("what"); // "file" or "upload"
    QTest::addColumn<QString>("suffix");
    QTest::addRow("download") << QByteArray("GET") << QStringLiteral("file") << QString();
    QTest::addRow("download a range") << QByteArray("GET") << QStringLiteral("file") << QStringLiteral("range");
    QTest::addRow("upload status") << QByteArray("GET") << QStringLiteral("upload") << QString();
    QTest::addRow("upload chunk") << QByteArray("PUT") << QStringLiteral("upload") << QStringLiteral("chunk");
    QTest::addRow("complete upload") << QByteArray("POST") << QStringLiteral("upload") << QStringLiteral("/complete");
    QTest::addRow("cancel upload") << QByteArray("DELETE") << QStringLiteral("upload") << QString();
}

void TestFiles::otherOrganisationGetsNotFound()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, what);
    QFETCH(QString, suffix);
    auto other = clientFor(m_otherToken);

    // The same answer as for an id that does not exist at all, so nothing leaks.
    for (const QString &id : {what == u"file" ? m_fileId : m_pendingUploadId, newId()}) {
        TestClient::Reply reply;
        if (what == u"file") {
            QList<QPair<QByteArray, QByteArray>> headers;
            if (suffix == u"range")
                headers.append({QByteArrayLiteral("Range"), QByteArrayLiteral("bytes=0-9")});
            reply = other->get(contentPath(id), headers);
        } else if (suffix == u"chunk") {
            reply = other->put(chunkPath(id, m_pendingOffset), "evil", "application/octet-stream");
        } else if (method == "GET") {
            reply = other->get(uploadPath(id) + suffix);
        } else if (method == "POST") {
            reply = other->post(uploadPath(id) + suffix, QJsonObject());
        } else {
            reply = other->del(uploadPath(id) + suffix);
        }
        QVERIFY2(reply.status == 404, qPrintable(describe(reply)));
        QCOMPARE(reply.errorCode(), QStringLiteral("not_found"));
        QVERIFY(!reply.body.contains("brief.txt") && !reply.body.contains("half.bin"));
    }

    // The owner's file and upload are untouched.
    auto owner = clientFor(m_acme.token);
    QCOMPARE(uploadOffset(*owner, m_pendingUploadId), m_pendingOffset);
    QVERIFY(owner->get(contentPath(m_fileId)).body == m_fileContent);
}

void TestFiles::requestsWithoutTokenAreRefused_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("route");
    QTest::addRow("start upload") << QByteArray("POST") << QStringLiteral("start");
    QTest::addRow("upload status") << QByteArray("GET") << QStringLiteral("status");
    QTest::addRow("upload chunk") << QByteArray("PUT") << QStringLiteral("chunk");
    QTest::addRow("complete upload") << QByteArray("POST") << QStringLiteral("complete");
    QTest::addRow("cancel upload") << QByteArray("DELETE") << QStringLiteral("cancel");
    QTest::addRow("download") << QByteArray("GET") << QStringLiteral("download");
    QTest::addRow("download a range") << QByteArray("GET") << QStringLiteral("range");
}

void TestFiles::requestsWithoutTokenAreRefused()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, route);
    Q_UNUSED(method);

    QByteArray altered = m_acme.token; // one character off
    altered.back() = altered.back() == 'x' ? 'y' : 'x';
    const QList<QByteArray> tokens = {QByteArray(), "atr_" + QByteArray(43, 'A'), altered};
    for (const QByteArray &token : tokens) {
        TestClient anonymous(m_server.baseUrl());
        if (!token.isEmpty())
            anonymous.setToken(token);
        TestClient::Reply reply;
        if (route == u"start") {
            reply = startUpload(anonymous, m_acme.projectId, QStringLiteral("sneaky.bin"), 10, sha256Hex("0123456789"));
        } else if (route == u"status") {
            reply = anonymous.get(uploadPath(m_pendingUploadId));
        } else if (route == u"chunk") {
            reply = anonymous.put(chunkPath(m_pendingUploadId, m_pendingOffset), "sneaky", "application/octet-stream");
        } else if (route == u"complete") {
            reply = anonymous.post(uploadPath(m_pendingUploadId) + QStringLiteral("/complete"), QJsonObject());
        } else if (route == u"cancel") {
            reply = anonymous.del(uploadPath(m_pendingUploadId));
        } else if (route == u"download") {
            reply = anonymous.get(contentPath(m_fileId));
        } else {
            reply =
                anonymous.get(contentPath(m_fileId), {{QByteArrayLiteral("Range"), QByteArrayLiteral("bytes=0-9")}});
        }
        QVERIFY2(reply.status == 401, qPrintable(describe(reply)));
        QCOMPARE(reply.errorCode(), QStringLiteral("unauthorized"));
        QVERIFY(!reply.body.contains(m_fileContent.left(16)));
    }

    auto owner = clientFor(m_acme.token);
    QCOMPARE(uploadOffset(*owner, m_pendingUploadId), m_pendingOffset);
    QVERIFY(owner->get(contentPath(m_fileId)).body == m_fileContent);
}

QTEST_GUILESS_MAIN(TestFiles)
#include "tst_files.moc"
