// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QUrl>

#include <expected>
#include <functional>
#include <optional>

#include "common/error.h"

// Where and as whom an S3-compatible object store is reached; read once from the command line
// (--blob-store s3://bucket/prefix, --s3-endpoint, --s3-region, --s3-credentials-file) and passed in.
//
// Credentials come from the file when one is named, else from the environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY and, for temporary credentials, AWS_SESSION_TOKEN). The file holds
// `name=value` lines; blank lines and lines starting with '#' are ignored, spaces around names and
// values are dropped, and any other name is an error:
//
//     access_key_id=AKIA...
//     secret_access_key=...
//     session_token=...            (optional)
//
// As PostgreSQL does with its key files, the file is refused when others may read or write it, and
// when its group may unless root owns it (so 0600, 0400, or 0640 root:atrium).
struct S3Config
{
    QString bucket;
    QString prefix; // "" or ending in '/'; put before every key
    QUrl endpoint; // scheme://host[:port], e.g. http://127.0.0.1:9000 or https://s3.eu-west-1.amazonaws.com
    QString region = QStringLiteral("us-east-1");
    QString accessKeyId;
    QString secretAccessKey; // never logged
    QString sessionToken; // optional: sent as x-amz-security-token
    // https://endpoint/bucket/key; when false, https://bucket.endpoint/key (virtual-hosted style).
    bool pathStyle = true;
    // A dead store never holds a server thread for ever: connecting gives up after this long, and
    // a request moving less than one byte a second for stallTimeoutSeconds is given up too.
    int connectTimeoutSeconds = 10;
    int stallTimeoutSeconds = 60;

    // The error string names the option at fault, for the command line to print.
    static std::expected<S3Config, QString> fromOptions(
        const QString &blobStoreUrl, const QString &endpoint, const QString &region, const QString &credentialsFile);
};

// A client of one bucket (and prefix) of an S3-compatible store, signed with AWS Signature Version 4
// by libcurl. Every call blocks until S3 answered (run it on a worker thread, never on the network
// thread) and streams file contents both ways in bounded chunks.
//
// Threading: an S3Client owns one libcurl easy handle (kept between calls, so connections are
// reused) and must only be used by one thread at a time; give each worker thread its own.
//
// Keys: the caller's key is appended to the configured prefix. A key is one or more segments of
// [A-Za-z0-9._-] separated by single '/', none of them "." or "..", at most 1024 bytes with the
// prefix. These characters need no percent-encoding, so the path libcurl signs is the path S3
// sees, on any libcurl version. Any other key is refused with "invalid_key".
//
// Errors (Error::code):
//   not_found       the object (or the multipart upload) does not exist: HTTP 404 NoSuchKey or
//                   NoSuchUpload, or a 404 to a HEAD. A missing bucket is s3_error. S3 answers 403
//                   instead of 404 when the credentials may not list the bucket (s3:ListBucket).
//   s3_refused      the store refused who we are (403, or a signing error such as
//                   SignatureDoesNotMatch, InvalidAccessKeyId, RequestTimeTooSkewed or a wrong region)
//   s3_unreachable  no answer: connection refused, name not resolved, timeouts, connection lost
//   s3_error        any other failure of the store (the log has S3's error code and request id)
//   storage_error   the local source file could not be read
//   aborted         the sink of getObject() asked to stop
//   invalid_key, invalid_argument  the caller's mistake (a bad key, part number, range or size)
class S3Client
{
public:
    // S3's limits for multipart uploads: parts of at least 5 MiB (but the last), 5 GiB at most,
    // 10,000 of them. A single PUT takes at most 5 GiB.
    static constexpr qint64 minPartSize = 5 * 1024 * 1024;
    static constexpr qint64 maxPartSize = 5LL * 1024 * 1024 * 1024;
    static constexpr int maxParts = 10000;
    static constexpr qint64 maxPutSize = 5LL * 1024 * 1024 * 1024;
    // The largest piece of a body getObject() hands its sink at once.
    static constexpr qsizetype maxSinkChunk = 64 * 1024;

    struct Range
    {
        qint64 offset = 0;
        qint64 length = 0; // > 0
    };
    struct ObjectInfo
    {
        qint64 size = 0; // of the whole object
        qint64 contentLength = 0; // of this response's body (the range, for a range)
        QString etag; // without quotes
    };
    struct Part
    {
        int number = 0; // 1..10000
        QString etag; // without quotes
        qint64 size = 0;
    };
    struct MultipartResult
    {
        QString etag;
        int partsUploaded = 0;
        int partsReused = 0; // found already stored (a resumed upload)
    };
    // Receives a body in order, in pieces of at most maxSinkChunk bytes; returning false stops the
    // download (the call then fails with "aborted").
    using Sink = std::function<bool(const char *data, size_t size)>;

    explicit S3Client(S3Config config);
    ~S3Client();
    S3Client(const S3Client &) = delete;
    S3Client &operator=(const S3Client &) = delete;

    const S3Config &config() const { return m_config; }
    static bool isValidKey(const QString &key);
    // The URL of a key (prefix included), as requested; for logs and tests.
    QString objectUrl(const QString &key) const;

    // Whether the bucket is there and these credentials may use it (HEAD on the bucket): for a
    // health check.
    std::expected<void, Error> checkBucket();
    std::expected<ObjectInfo, Error> headObject(const QString &key);
    // Uploads a whole file with one PUT (up to maxPutSize): its SHA-256 is computed first (in
    // bounded chunks) and signed, so S3 refuses the upload should the file change on the way.
    // Returns the object's ETag. For large files see putObjectMultipart().
    std::expected<QString, Error> putObject(const QString &key, const QString &sourcePath);
    // Streams the object, or `range` of it, to `sink`.
    std::expected<ObjectInfo, Error> getObject(const QString &key, std::optional<Range> range, const Sink &sink);
    // Succeeds when the object is gone, also when it was never there (as S3 answers).
    std::expected<void, Error> deleteObject(const QString &key);

    // Multipart uploads. Returns the new upload's id, which the caller records before uploading any
    // part, so that a restarted server can resume the upload (putObjectMultipart()) or abort it.
    std::expected<QString, Error> createMultipartUpload(const QString &key);
    // Uploads `length` bytes of `sourcePath` from `offset` as part `partNumber`; returns its ETag.
    std::expected<QString, Error> uploadPart(const QString &key, const QString &uploadId, int partNumber,
        const QString &sourcePath, qint64 offset, qint64 length);
    // The parts S3 already has, in part-number order (all pages of at most pageSize each).
    std::expected<QList<Part>, Error> listParts(const QString &key, const QString &uploadId, int pageSize = 1000);
    // Joins the parts (in ascending order) into the object; returns its ETag.
    std::expected<QString, Error> completeMultipartUpload(
        const QString &key, const QString &uploadId, const QList<Part> &parts);
    std::expected<void, Error> abortMultipartUpload(const QString &key, const QString &uploadId);

    // Uploads `sourcePath` (a finished file that does not change) as the parts of the upload
    // `uploadId` and completes it. Parts S3 already holds with the right size are kept, so calling
    // this again with the same upload after a failure or a restart resumes it. The file is cut into
    // parts of effectivePartSize() bytes. A not_found error means the upload is gone (aborted or
    // expired): create a new one.
    std::expected<MultipartResult, Error> putObjectMultipart(
        const QString &key, const QString &uploadId, const QString &sourcePath, qint64 partSize);
    // `requested` kept within S3's limits: at least minPartSize, at most maxPartSize, and large
    // enough that a file of `fileSize` bytes needs no more than maxParts parts.
    static qint64 effectivePartSize(qint64 fileSize, qint64 requested);

private:
    S3Config m_config;
    void *m_curl = nullptr; // CURL *; libcurl stays out of this header
};
