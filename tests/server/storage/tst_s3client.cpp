// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include "server/storage/s3client.h"

// The S3 client against a real S3-compatible server: s3rver (tests/s3, pinned in its
// package-lock.json) started on loopback, behind tests/s3/s3rver.mjs, which verifies SigV4
// signatures and payload hashes and answers ListParts and AbortMultipartUpload, as S3 does and
// s3rver 3.7.1 does not. Without node or s3rver this test fails: ./scripts/test installs both.
class TestS3Client : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void configFromOptions_data();
    void configFromOptions();
    void configFromTheEnvironment();
    void keys_data();
    void keys();
    void objectUrls();
    void partSizesKeepS3sLimits_data();
    void partSizesKeepS3sLimits();
    void putAndGetStreamAFileBothWays();
    void rangeDownloadsReturnExactlyTheRange_data();
    void rangeDownloadsReturnExactlyTheRange();
    void theSinkCanStopADownload();
    void multipartUploadResumesAfterARestart();
    void abortingRemovesTheUpload();
    void completingWithASmallPartIsRefused();
    void aMissingObjectIsNotFound();
    void deletingRemovesTheObject();
    void aStoreThatRefusesTheSignature_data();
    void aStoreThatRefusesTheSignature();
    void anUnreachableStore_data();
    void anUnreachableStore();

private:
    S3Config config() const;
    // A file of `size` pseudo-random bytes, written in bounded chunks.
    QString makeFile(const QString &name, qint64 size);
    static QByteArray fileSha256(const QString &path);
    static QByteArray fileSlice(const QString &path, qint64 offset, qint64 length);

    QTemporaryDir m_dir;
    QProcess m_store;
    quint16 m_port = 0;
};

namespace {

constexpr qint64 mib = 1024 * 1024;
const QString bucket = QStringLiteral("atrium-test");
const QString accessKeyId = QStringLiteral("ATRIUMTESTKEY");
// With '/' and '+', as real secrets have, which must reach the signature unchanged.
const QString secretAccessKey = QStringLiteral("s3cr3t/Key+With/Slashes+Plus0123456789ab");
const QString region = QStringLiteral("eu-central-1");

// Collects a download and remembers the largest piece it was handed.
struct Collector
{
    QCryptographicHash hash{QCryptographicHash::Sha256};
    QByteArray data;
    bool keep = false;
    size_t largest = 0;
    int pieces = 0;

    S3Client::Sink sink()
    {
        return [this](const char *bytes, size_t size) {
            hash.addData(QByteArrayView(bytes, qsizetype(size)));
            if (keep)
                data.append(bytes, qsizetype(size));
            largest = std::max(largest, size);
            ++pieces;
            return true;
        };
    }
};

} // namespace

void TestS3Client::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString s3dir = QStringLiteral(ATRIUM_S3_TEST_DIR);
    if (!QFile::exists(s3dir + QStringLiteral("/node_modules/s3rver/package.json")))
        QFAIL("s3rver is not installed: run `npm ci --prefix tests/s3` (./scripts/test does)");
    m_store.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_store.start(QStringLiteral(ATRIUM_NODE),
        {s3dir + QStringLiteral("/s3rver.mjs"), QStringLiteral("--directory"), m_dir.filePath(QStringLiteral("store")),
            QStringLiteral("--bucket"), bucket, QStringLiteral("--access-key-id"), accessKeyId,
            QStringLiteral("--secret-access-key"), secretAccessKey, QStringLiteral("--region"), region});
    if (!m_store.waitForStarted(10000))
        QFAIL(
            qPrintable(QStringLiteral("cannot start %1: %2").arg(QStringLiteral(ATRIUM_NODE), m_store.errorString())));
    while (!m_store.canReadLine() && m_store.state() == QProcess::Running)
        m_store.waitForReadyRead(30000);
    m_port = m_store.readLine().trimmed().toUShort();
    if (m_port == 0)
        QFAIL("s3rver.mjs did not start (its messages are above)");
}

void TestS3Client::cleanupTestCase()
{
    // s3rver.mjs ends when its standard input closes.
    m_store.closeWriteChannel();
    if (!m_store.waitForFinished(10000)) {
        m_store.kill();
        m_store.waitForFinished();
    }
}

S3Config TestS3Client::config() const
{
    S3Config config;
    config.bucket = bucket;
    config.prefix = QStringLiteral("tests/run/");
    config.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
    config.region = region;
    config.accessKeyId = accessKeyId;
    config.secretAccessKey = secretAccessKey;
    return config;
}

QString TestS3Client::makeFile(const QString &name, qint64 size)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    QRandomGenerator random(quint32(qHash(name)));
    QByteArray chunk(mib, Qt::Uninitialized);
    for (qint64 left = size; left > 0;) {
        random.fillRange(reinterpret_cast<quint32 *>(chunk.data()), chunk.size() / 4);
        const qint64 n = std::min<qint64>(left, chunk.size());
        if (file.write(chunk.constData(), n) != n)
            return {};
        left -= n;
    }
    return path;
}

QByteArray TestS3Client::fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

QByteArray TestS3Client::fileSlice(const QString &path, qint64 offset, qint64 length)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset))
        return {};
    return file.read(length);
}

void TestS3Client::configFromOptions_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QByteArray>("credentials"); // the file's content; none: no file
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("error"); // a part of the error; empty: accepted

    const QString url = QStringLiteral("s3://atrium-files/prod/blobs");
    const QString endpoint = QStringLiteral("http://127.0.0.1:9000");
    const QByteArray good = "# for the blob store\naccess_key_id = AKIDEXAMPLE\nsecret_access_key=SECRETVALUE\n";
    QTest::addRow("a bucket, a prefix and a credentials file")
        << url << endpoint << QString() << good << 0600 << QString();
    QTest::addRow("a bucket without a prefix")
        << QStringLiteral("s3://atrium-files/") << endpoint << QString() << good << 0400 << QString();
    QTest::addRow("not an s3 URL") << QStringLiteral("https://atrium-files/x") << endpoint << QString() << good << 0600
                                   << QStringLiteral("--blob-store");
    QTest::addRow("no bucket") << QStringLiteral("s3://") << endpoint << QString() << good << 0600
                               << QStringLiteral("--blob-store");
    QTest::addRow("an upper-case bucket") << QStringLiteral("s3://Atrium-Files/x") << endpoint << QString() << good
                                          << 0600 << QStringLiteral("not a bucket name");
    QTest::addRow("a prefix with a space") << QStringLiteral("s3://atrium-files/a b") << endpoint << QString() << good
                                           << 0600 << QStringLiteral("the prefix");
    QTest::addRow("a prefix with an empty segment") << QStringLiteral("s3://atrium-files/a//b") << endpoint << QString()
                                                    << good << 0600 << QStringLiteral("the prefix");
    QTest::addRow("a prefix with a dot segment") << QStringLiteral("s3://atrium-files/a/../b") << endpoint << QString()
                                                 << good << 0600 << QStringLiteral("the prefix");
    QTest::addRow("no endpoint") << url << QString() << QString() << good << 0600
                                 << QStringLiteral("--s3-endpoint is required");
    QTest::addRow("an endpoint with a path") << url << QStringLiteral("http://127.0.0.1:9000/s3") << QString() << good
                                             << 0600 << QStringLiteral("--s3-endpoint");
    QTest::addRow("an ftp endpoint") << url << QStringLiteral("ftp://127.0.0.1") << QString() << good << 0600
                                     << QStringLiteral("--s3-endpoint");
    QTest::addRow("an endpoint with a password") << url << QStringLiteral("https://user:pw@s3.example.com") << QString()
                                                 << good << 0600 << QStringLiteral("--s3-endpoint");
    QTest::addRow("a region with a colon")
        << url << endpoint << QStringLiteral("eu:west") << good << 0600 << QStringLiteral("--s3-region");
    QTest::addRow("a credentials file others may read")
        << url << endpoint << QString() << good << 0604 << QStringLiteral("chmod 600");
    QTest::addRow("a credentials file its group may change")
        << url << endpoint << QString() << good << 0620 << QStringLiteral("chmod 600");
    QTest::addRow("a credentials file without the secret")
        << url << endpoint << QString() << QByteArray("access_key_id=AKIDEXAMPLE\n") << 0600
        << QStringLiteral("needs both");
    QTest::addRow("an unknown name in the credentials file")
        << url << endpoint << QString() << QByteArray("aws_secret_access_key=SECRETVALUE\naccess_key_id=A\n") << 0600
        << QStringLiteral("unknown name");
    QTest::addRow("a credentials line without '='")
        << url << endpoint << QString() << QByteArray("access_key_id=A\nsecret_access_key SECRETVALUE\n") << 0600
        << QStringLiteral("line 2: expected name=value");
}

void TestS3Client::configFromOptions()
{
    QFETCH(QString, url);
    QFETCH(QString, endpoint);
    QFETCH(QString, region);
    QFETCH(QByteArray, credentials);
    QFETCH(int, mode);
    QFETCH(QString, error);

    const QString path = m_dir.filePath(QStringLiteral("credentials-%1").arg(QTest::currentDataTag()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(credentials);
    file.close();
    QFileDevice::Permissions permissions;
    const std::pair<int, QFileDevice::Permission> bits[] = {{0400, QFileDevice::ReadOwner},
        {0200, QFileDevice::WriteOwner}, {0040, QFileDevice::ReadGroup}, {0020, QFileDevice::WriteGroup},
        {0004, QFileDevice::ReadOther}, {0002, QFileDevice::WriteOther}};
    for (const auto &[bit, permission] : bits)
        if (mode & bit)
            permissions |= permission;
    QVERIFY(file.setPermissions(permissions));

    const auto result = S3Config::fromOptions(url, endpoint, region, path);
    if (error.isEmpty()) {
        if (!result)
            QFAIL(qPrintable(result.error()));
        QCOMPARE(result->bucket, QStringLiteral("atrium-files"));
        QCOMPARE(result->prefix, url.endsWith(u'/') ? QString() : QStringLiteral("prod/blobs/"));
        QCOMPARE(result->endpoint, QUrl(endpoint));
        QCOMPARE(result->region, QStringLiteral("us-east-1"));
        QCOMPARE(result->accessKeyId, QStringLiteral("AKIDEXAMPLE"));
        QCOMPARE(result->secretAccessKey, QStringLiteral("SECRETVALUE"));
        QVERIFY(result->pathStyle);
    } else {
        QVERIFY(!result);
        QVERIFY2(result.error().contains(error), qPrintable(result.error()));
        QVERIFY2(!result.error().contains(QStringLiteral("SECRETVALUE")), qPrintable(result.error()));
    }
}

void TestS3Client::configFromTheEnvironment()
{
    const QByteArray savedId = qgetenv("AWS_ACCESS_KEY_ID");
    const QByteArray savedSecret = qgetenv("AWS_SECRET_ACCESS_KEY");
    const QByteArray savedToken = qgetenv("AWS_SESSION_TOKEN");
    const auto restore = qScopeGuard([&] {
        for (const auto &[name, value] : {std::pair{"AWS_ACCESS_KEY_ID", savedId},
                 std::pair{"AWS_SECRET_ACCESS_KEY", savedSecret}, std::pair{"AWS_SESSION_TOKEN", savedToken}}) {
            if (value.isNull())
                qunsetenv(name);
            else
                qputenv(name, value);
        }
    });
    const QString url = QStringLiteral("s3://atrium-files");
    const QString endpoint = QStringLiteral("https://s3.eu-west-1.amazonaws.com");

    qunsetenv("AWS_ACCESS_KEY_ID");
    qunsetenv("AWS_SECRET_ACCESS_KEY");
    qunsetenv("AWS_SESSION_TOKEN");
    auto none = S3Config::fromOptions(url, endpoint, QStringLiteral("eu-west-1"), QString());
    QVERIFY(!none);
    QVERIFY2(none.error().contains(QStringLiteral("no S3 credentials")), qPrintable(none.error()));

    qputenv("AWS_ACCESS_KEY_ID", "AKIDENV");
    qputenv("AWS_SECRET_ACCESS_KEY", "SECRETENV");
    qputenv("AWS_SESSION_TOKEN", "TOKENENV");
    auto fromEnv = S3Config::fromOptions(url, endpoint, QStringLiteral("eu-west-1"), QString());
    if (!fromEnv)
        QFAIL(qPrintable(fromEnv.error()));
    QCOMPARE(fromEnv->accessKeyId, QStringLiteral("AKIDENV"));
    QCOMPARE(fromEnv->secretAccessKey, QStringLiteral("SECRETENV"));
    QCOMPARE(fromEnv->sessionToken, QStringLiteral("TOKENENV"));
    QCOMPARE(fromEnv->region, QStringLiteral("eu-west-1"));
    QCOMPARE(fromEnv->prefix, QString());

    auto missingFile = S3Config::fromOptions(url, endpoint, QString(), m_dir.filePath(QStringLiteral("nothing")));
    QVERIFY(!missingFile);
    QVERIFY2(missingFile.error().contains(QStringLiteral("does not exist")), qPrintable(missingFile.error()));
}

void TestS3Client::keys_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("valid");
    QTest::addRow("one segment") << QStringLiteral("blob.bin") << true;
    QTest::addRow("segments") << QStringLiteral("ab/cdef0123_X-Y.part") << true;
    QTest::addRow("empty") << QString() << false;
    QTest::addRow("a leading slash") << QStringLiteral("/ab") << false;
    QTest::addRow("a trailing slash") << QStringLiteral("ab/") << false;
    QTest::addRow("an empty segment") << QStringLiteral("a//b") << false;
    QTest::addRow("a dot segment") << QStringLiteral("a/./b") << false;
    QTest::addRow("a dot-dot segment") << QStringLiteral("a/../b") << false;
    QTest::addRow("a space") << QStringLiteral("a b") << false;
    QTest::addRow("a plus") << QStringLiteral("a+b") << false;
    QTest::addRow("a percent sign") << QStringLiteral("a%20b") << false;
    QTest::addRow("a question mark") << QStringLiteral("a?b") << false;
    QTest::addRow("a non-ASCII letter") << QStringLiteral("caf\u00e9") << false;
    QTest::addRow("too long with the prefix") << QString(1020, u'a') << false;
}

void TestS3Client::keys()
{
    QFETCH(QString, key);
    QFETCH(bool, valid);
    if (config().prefix.size() + key.size() <= 1024)
        QCOMPARE(S3Client::isValidKey(key), valid);
    if (!valid) {
        // Refused before any request: this store would not even be asked.
        S3Config unreachable = config();
        unreachable.endpoint = QUrl(QStringLiteral("http://127.0.0.1:1"));
        S3Client client(unreachable);
        const auto head = client.headObject(key);
        QVERIFY(!head);
        QCOMPARE(head.error().code, QStringLiteral("invalid_key"));
    }
}

void TestS3Client::objectUrls()
{
    S3Config pathStyle = config();
    QCOMPARE(S3Client(pathStyle).objectUrl(QStringLiteral("ab/c.bin")),
        QStringLiteral("http://127.0.0.1:%1/atrium-test/tests/run/ab/c.bin").arg(m_port));
    S3Config virtualHosted = config();
    virtualHosted.pathStyle = false;
    virtualHosted.endpoint = QUrl(QStringLiteral("https://s3.eu-central-1.amazonaws.com"));
    QCOMPARE(S3Client(virtualHosted).objectUrl(QStringLiteral("ab/c.bin")),
        QStringLiteral("https://atrium-test.s3.eu-central-1.amazonaws.com/tests/run/ab/c.bin"));
}

void TestS3Client::partSizesKeepS3sLimits_data()
{
    QTest::addColumn<qint64>("fileSize");
    QTest::addColumn<qint64>("requested");
    QTest::addColumn<qint64>("expected");
    QTest::addRow("too small a part is raised to 5 MiB") << 100 * mib << 1 * mib << 5 * mib;
    QTest::addRow("a part size within the limits is kept") << 100 * mib << 8 * mib << 8 * mib;
    QTest::addRow("more than 10000 parts need larger ones") << 100 * 1024 * mib << 5 * mib << 11 * mib;
    QTest::addRow("too large a part is cut to 5 GiB") << 1024 * 1024 * mib << 6 * 1024 * mib << 5 * 1024 * mib;
}

void TestS3Client::partSizesKeepS3sLimits()
{
    QFETCH(qint64, fileSize);
    QFETCH(qint64, requested);
    QFETCH(qint64, expected);
    const qint64 size = S3Client::effectivePartSize(fileSize, requested);
    QCOMPARE(size, expected);
    QVERIFY((fileSize + size - 1) / size <= S3Client::maxParts);
}

void TestS3Client::putAndGetStreamAFileBothWays()
{
    const qint64 size = 7 * mib + 123;
    const QString path = makeFile(QStringLiteral("roundtrip.bin"), size);
    QVERIFY(!path.isEmpty());
    const QString key = QStringLiteral("ro/roundtrip.bin");
    S3Client client(config());
    QVERIFY(client.checkBucket().has_value());

    const auto etag = client.putObject(key, path);
    if (!etag)
        QFAIL(qPrintable(etag.error().message));
    QVERIFY(!etag->isEmpty());

    const auto head = client.headObject(key);
    if (!head)
        QFAIL(qPrintable(head.error().message));
    QCOMPARE(head->size, size);
    QCOMPARE(head->etag, *etag);

    Collector collector;
    const auto got = client.getObject(key, std::nullopt, collector.sink());
    if (!got)
        QFAIL(qPrintable(got.error().message));
    QCOMPARE(got->size, size);
    QCOMPARE(got->contentLength, size);
    QCOMPARE(got->etag, *etag);
    QCOMPARE(collector.hash.result().toHex(), fileSha256(path));
    // Streamed: many pieces, none larger than the bound.
    QVERIFY2(collector.largest <= size_t(S3Client::maxSinkChunk), qPrintable(QString::number(collector.largest)));
    QVERIFY(collector.pieces >= size / S3Client::maxSinkChunk);
}

void TestS3Client::rangeDownloadsReturnExactlyTheRange_data()
{
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<qint64>("length");
    QTest::addColumn<qint64>("expectedLength");
    const qint64 size = 3 * mib + 7;
    QTest::addRow("the first bytes") << qint64(0) << qint64(10) << qint64(10);
    QTest::addRow("across a chunk boundary") << mib - 5 << qint64(200000) << qint64(200000);
    QTest::addRow("the last bytes") << size - 1000 << qint64(1000) << qint64(1000);
    QTest::addRow("past the end, cut at the end") << size - 10 << qint64(100) << qint64(10);
}

void TestS3Client::rangeDownloadsReturnExactlyTheRange()
{
    QFETCH(qint64, offset);
    QFETCH(qint64, length);
    QFETCH(qint64, expectedLength);
    const qint64 size = 3 * mib + 7;
    const QString key = QStringLiteral("ranges.bin");
    const QString path = m_dir.filePath(QStringLiteral("ranges.bin"));
    S3Client client(config());
    if (!QFile::exists(path)) {
        QCOMPARE(makeFile(QStringLiteral("ranges.bin"), size), path);
        const auto put = client.putObject(key, path);
        if (!put)
            QFAIL(qPrintable(put.error().message));
    }
    Collector collector;
    collector.keep = true;
    const auto got = client.getObject(key, S3Client::Range{offset, length}, collector.sink());
    if (!got)
        QFAIL(qPrintable(got.error().message));
    QCOMPARE(got->contentLength, expectedLength);
    QCOMPARE(got->size, size);
    QCOMPARE(collector.data.size(), expectedLength);
    QCOMPARE(collector.data, fileSlice(path, offset, expectedLength));
}

void TestS3Client::theSinkCanStopADownload()
{
    const QString path = makeFile(QStringLiteral("stop.bin"), 2 * mib);
    S3Client client(config());
    QVERIFY(client.putObject(QStringLiteral("stop.bin"), path).has_value());
    int calls = 0;
    const auto got = client.getObject(QStringLiteral("stop.bin"), std::nullopt, [&](const char *, size_t) {
        ++calls;
        return false;
    });
    QVERIFY(!got);
    QCOMPARE(got.error().code, QStringLiteral("aborted"));
    QCOMPARE(calls, 1);
    // The handle is usable after an aborted transfer.
    QVERIFY(client.headObject(QStringLiteral("stop.bin")).has_value());
}

void TestS3Client::multipartUploadResumesAfterARestart()
{
    const qint64 part = S3Client::minPartSize;
    const qint64 size = 3 * part + 1234; // three full parts and a short last one
    const QString path = makeFile(QStringLiteral("multipart.bin"), size);
    QVERIFY(!path.isEmpty());
    const QString key = QStringLiteral("mp/multipart.bin");

    QString uploadId;
    {
        S3Client first(config());
        const auto created = first.createMultipartUpload(key);
        if (!created)
            QFAIL(qPrintable(created.error().message));
        uploadId = *created;
        for (int number = 1; number <= 2; ++number) {
            const auto etag = first.uploadPart(key, uploadId, number, path, (number - 1) * part, part);
            if (!etag)
                QFAIL(qPrintable(etag.error().message));
        }
    } // the server stops; only the upload id was recorded

    S3Client second(config());
    const auto stored = second.listParts(key, uploadId);
    if (!stored)
        QFAIL(qPrintable(stored.error().message));
    QCOMPARE(stored->size(), 2);
    QCOMPARE(stored->at(0).number, 1);
    QCOMPARE(stored->at(1).number, 2);
    QCOMPARE(stored->at(0).size, part);
    QCOMPARE(stored->at(1).size, part);
    QVERIFY(!stored->at(0).etag.isEmpty());
    // The same, a page of one part at a time.
    const auto paged = second.listParts(key, uploadId, 1);
    if (!paged)
        QFAIL(qPrintable(paged.error().message));
    QCOMPARE(paged->size(), 2);
    QCOMPARE(paged->at(1).etag, stored->at(1).etag);

    const auto result = second.putObjectMultipart(key, uploadId, path, part);
    if (!result)
        QFAIL(qPrintable(result.error().message));
    QCOMPARE(result->partsReused, 2);
    QCOMPARE(result->partsUploaded, 2);
    QVERIFY(!result->etag.isEmpty());

    Collector collector;
    const auto got = second.getObject(key, std::nullopt, collector.sink());
    if (!got)
        QFAIL(qPrintable(got.error().message));
    QCOMPARE(got->size, size);
    QCOMPARE(collector.hash.result().toHex(), fileSha256(path));

    // Completed, the upload is gone.
    const auto after = second.listParts(key, uploadId);
    QVERIFY(!after);
    QCOMPARE(after.error().code, QStringLiteral("not_found"));
}

void TestS3Client::abortingRemovesTheUpload()
{
    const QString path = makeFile(QStringLiteral("aborted.bin"), 6 * mib);
    const QString key = QStringLiteral("mp/aborted.bin");
    S3Client client(config());
    const auto uploadId = client.createMultipartUpload(key);
    if (!uploadId)
        QFAIL(qPrintable(uploadId.error().message));
    QVERIFY(client.uploadPart(key, *uploadId, 1, path, 0, S3Client::minPartSize).has_value());

    const auto aborted = client.abortMultipartUpload(key, *uploadId);
    if (!aborted)
        QFAIL(qPrintable(aborted.error().message));
    const auto parts = client.listParts(key, *uploadId);
    QVERIFY(!parts);
    QCOMPARE(parts.error().code, QStringLiteral("not_found"));
    const auto resumed = client.putObjectMultipart(key, *uploadId, path, S3Client::minPartSize);
    QVERIFY(!resumed);
    QCOMPARE(resumed.error().code, QStringLiteral("not_found"));
    const auto again = client.abortMultipartUpload(key, *uploadId);
    QVERIFY(!again);
    QCOMPARE(again.error().code, QStringLiteral("not_found"));
    const auto head = client.headObject(key);
    QVERIFY(!head);
    QCOMPARE(head.error().code, QStringLiteral("not_found"));
}

void TestS3Client::completingWithASmallPartIsRefused()
{
    // S3 takes parts under 5 MiB only last; putObjectMultipart() never makes them, so by hand.
    const QString path = makeFile(QStringLiteral("small.bin"), 2 * mib);
    const QString key = QStringLiteral("mp/small.bin");
    S3Client client(config());
    const auto uploadId = client.createMultipartUpload(key);
    if (!uploadId)
        QFAIL(qPrintable(uploadId.error().message));
    QList<S3Client::Part> parts;
    for (int number = 1; number <= 2; ++number) {
        const auto etag = client.uploadPart(key, *uploadId, number, path, (number - 1) * mib, mib);
        if (!etag)
            QFAIL(qPrintable(etag.error().message));
        parts.append(S3Client::Part{number, *etag, mib});
    }
    const auto completed = client.completeMultipartUpload(key, *uploadId, parts);
    QVERIFY(!completed);
    QCOMPARE(completed.error().code, QStringLiteral("s3_error"));
    QVERIFY2(
        completed.error().message.contains(QStringLiteral("EntityTooSmall")), qPrintable(completed.error().message));
    QVERIFY(client.abortMultipartUpload(key, *uploadId).has_value());
}

void TestS3Client::aMissingObjectIsNotFound()
{
    S3Client client(config());
    const QString key = QStringLiteral("never/stored.bin");
    const auto head = client.headObject(key);
    QVERIFY(!head);
    QCOMPARE(head.error().code, QStringLiteral("not_found"));

    int calls = 0;
    const auto got = client.getObject(key, std::nullopt, [&](const char *, size_t) {
        ++calls;
        return true;
    });
    QVERIFY(!got);
    QCOMPARE(got.error().code, QStringLiteral("not_found"));
    QCOMPARE(calls, 0); // the error document never reaches the sink

    const auto ranged = client.getObject(key, S3Client::Range{0, 10}, [](const char *, size_t) {
        return true;
    });
    QVERIFY(!ranged);
    QCOMPARE(ranged.error().code, QStringLiteral("not_found"));

    const auto parts = client.listParts(key, QStringLiteral("0123456789abcdef0123456789abcdef"));
    QVERIFY(!parts);
    QCOMPARE(parts.error().code, QStringLiteral("not_found"));

    // Deleting what is not there succeeds, as on S3.
    QVERIFY(client.deleteObject(key).has_value());

    // A missing bucket is not a missing object.
    S3Config otherBucket = config();
    otherBucket.bucket = QStringLiteral("no-such-bucket");
    S3Client elsewhere(otherBucket);
    const auto inMissingBucket = elsewhere.getObject(key, std::nullopt, [](const char *, size_t) {
        return true;
    });
    QVERIFY(!inMissingBucket);
    QCOMPARE(inMissingBucket.error().code, QStringLiteral("s3_error"));
    const auto bucketCheck = elsewhere.checkBucket();
    QVERIFY(!bucketCheck);
    QCOMPARE(bucketCheck.error().code, QStringLiteral("s3_error"));
}

void TestS3Client::deletingRemovesTheObject()
{
    const QString path = makeFile(QStringLiteral("deleted.bin"), 1000);
    const QString key = QStringLiteral("deleted.bin");
    S3Client client(config());
    QVERIFY(client.putObject(key, path).has_value());
    QVERIFY(client.headObject(key).has_value());
    const auto deleted = client.deleteObject(key);
    if (!deleted)
        QFAIL(qPrintable(deleted.error().message));
    const auto head = client.headObject(key);
    QVERIFY(!head);
    QCOMPARE(head.error().code, QStringLiteral("not_found"));
}

void TestS3Client::aStoreThatRefusesTheSignature_data()
{
    QTest::addColumn<QString>("accessKeyId");
    QTest::addColumn<QString>("secretAccessKey");
    QTest::addColumn<QString>("region");
    QTest::addRow("a wrong secret key") << accessKeyId << QStringLiteral("not-the-secret") << region;
    QTest::addRow("an unknown access key") << QStringLiteral("NOSUCHKEY") << secretAccessKey << region;
    QTest::addRow("the wrong region") << accessKeyId << secretAccessKey << QStringLiteral("us-east-1");
}

void TestS3Client::aStoreThatRefusesTheSignature()
{
    QFETCH(QString, accessKeyId);
    QFETCH(QString, secretAccessKey);
    QFETCH(QString, region);
    const QString path = makeFile(QStringLiteral("refused.bin"), 2 * mib);
    S3Config refused = config();
    refused.accessKeyId = accessKeyId;
    refused.secretAccessKey = secretAccessKey;
    refused.region = region;
    S3Client client(refused);

    const auto put = client.putObject(QStringLiteral("refused.bin"), path);
    QVERIFY(!put);
    QCOMPARE(put.error().code, QStringLiteral("s3_refused"));
    const auto head = client.headObject(QStringLiteral("refused.bin"));
    QVERIFY(!head);
    QCOMPARE(head.error().code, QStringLiteral("s3_refused"));
    int calls = 0;
    const auto got = client.getObject(QStringLiteral("refused.bin"), std::nullopt, [&](const char *, size_t) {
        ++calls;
        return true;
    });
    QVERIFY(!got);
    QCOMPARE(got.error().code, QStringLiteral("s3_refused"));
    QCOMPARE(calls, 0);
    const auto bucketCheck = client.checkBucket();
    QVERIFY(!bucketCheck);
    QCOMPARE(bucketCheck.error().code, QStringLiteral("s3_refused"));

    // Nothing was stored with the refused credentials.
    const auto stored = S3Client(config()).headObject(QStringLiteral("refused.bin"));
    QVERIFY(!stored);
    QCOMPARE(stored.error().code, QStringLiteral("not_found"));
}

void TestS3Client::anUnreachableStore_data()
{
    QTest::addColumn<bool>("listening");
    QTest::addRow("nothing listens") << false;
    QTest::addRow("a store that never answers") << true;
}

void TestS3Client::anUnreachableStore()
{
    QFETCH(bool, listening);
    // The kernel completes the handshake for a listening socket that is never read from.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const quint16 port = silent.serverPort();
    if (!listening)
        silent.close();

    S3Config dead = config();
    dead.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    dead.connectTimeoutSeconds = 2;
    dead.stallTimeoutSeconds = 1;
    S3Client client(dead);
    QElapsedTimer timer;
    timer.start();
    const auto head = client.headObject(QStringLiteral("anything.bin"));
    QVERIFY(!head);
    QCOMPARE(head.error().code, QStringLiteral("s3_unreachable"));
    const QString path = makeFile(QStringLiteral("unreachable.bin"), 3 * mib);
    const auto put = client.putObject(QStringLiteral("anything.bin"), path);
    QVERIFY(!put);
    QCOMPARE(put.error().code, QStringLiteral("s3_unreachable"));
    // Not a measurement: had the timeouts not applied, ctest would have stopped the test instead.
    qInfo("gave up after %lld ms", timer.elapsed());
}

QTEST_GUILESS_MAIN(TestS3Client)
#include "tst_s3client.moc"
