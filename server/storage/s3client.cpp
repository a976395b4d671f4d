// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/s3client.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <curl/curl.h>

#include "server/storage/logging.h"
#include "server/storage/privatefile.h"

namespace {

constexpr qint64 ioChunk = 1024 * 1024;
// XML answers (errors, upload ids, part lists) are read into memory up to this size.
constexpr qsizetype maxDocument = 4 * 1024 * 1024;
constexpr qint64 maxKeyBytes = 1024;
constexpr qint64 maxCredentialsFile = 64 * 1024;
// The SHA-256 of no bytes: the payload hash of a request without a body.
constexpr char emptySha256[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

using QueryItems = QList<std::pair<QByteArray, QByteArray>>;

struct Request
{
    QByteArray method; // GET, HEAD, PUT, POST or DELETE
    QString key; // empty: the bucket itself
    QueryItems query; // not yet percent-encoded
    QList<QByteArray> headers; // "Name: value"; libcurl signs every one of them
    // The body: `data` (POST), or `length` bytes of `filePath` from `offset` (PUT).
    QByteArray data;
    QString filePath;
    qint64 offset = 0;
    qint64 length = 0;
    QByteArray payloadSha256 = emptySha256; // hex
    // For GET: a 2xx body goes to the sink rather than into Response::body.
    const S3Client::Sink *sink = nullptr;
    std::optional<S3Client::Range> range;
};

struct Response
{
    long status = 0;
    QByteArray body; // when not streamed to a sink
    QHash<QByteArray, QByteArray> headers; // names in lower case
    qint64 delivered = 0; // bytes handed to the sink
};

// What libcurl's callbacks work on during one request.
struct Transfer
{
    CURL *curl = nullptr;
    Response *response = nullptr;
    // The request body.
    QFile *file = nullptr;
    const QByteArray *memory = nullptr;
    qint64 start = 0;
    qint64 length = 0;
    qint64 position = 0;
    bool readFailed = false;
    // The response body.
    const S3Client::Sink *sink = nullptr;
    std::optional<S3Client::Range> range;
    bool bodyStarted = false;
    qint64 skip = 0;
    qint64 remaining = -1; // -1: all of it
    bool rangeDone = false;
    bool sinkStopped = false;
    bool unexpectedRange = false;
    bool tooLarge = false;
};

Error makeError(const char *code, const QString &message)
{
    return Error{QString::fromLatin1(code), message};
}

Error storageError(const QString &what)
{
    qCWarning(lcS3).noquote() << what;
    return makeError("storage_error", QStringLiteral("The server could not read the file to upload."));
}

void ensureCurlInitialised()
{
    // Once, before the first handle; a function-local static is initialised thread-safely.
    static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    if (!initialised)
        qCWarning(lcS3).noquote() << "libcurl did not initialise";
}

bool isAsciiAlnum(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
}

// One or more segments of [A-Za-z0-9._-], separated by single slashes, none "." or "..".
bool isValidPath(QStringView path)
{
    if (path.isEmpty())
        return false;
    for (const QStringView segment : path.split(u'/')) {
        if (segment.isEmpty() || segment == u"." || segment == u"..")
            return false;
        for (const QChar c : segment)
            if (!isAsciiAlnum(c) && c != u'.' && c != u'_' && c != u'-')
                return false;
    }
    return true;
}

QString unquote(const QByteArray &etag)
{
    QByteArray value = etag.trimmed();
    if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
        value = value.mid(1, value.size() - 2);
    return QString::fromLatin1(value);
}

QString unquote(const QString &etag)
{
    return unquote(etag.toLatin1());
}

// An XML document of S3 as far as this client reads them: the root's name, the text of the root's
// simple children, and for repeated children named `itemName` (such as Part) the text of theirs.
struct XmlDocument
{
    bool ok = false;
    QString root;
    QHash<QString, QString> fields;
    QList<QHash<QString, QString>> items;
};

XmlDocument parseXml(const QByteArray &body, QStringView itemName = {})
{
    XmlDocument doc;
    QXmlStreamReader xml(body);
    int depth = 0;
    bool inItem = false;
    while (!xml.atEnd()) {
        switch (xml.readNext()) {
        case QXmlStreamReader::StartElement:
            ++depth;
            if (depth == 1) {
                doc.root = xml.name().toString();
            } else if (depth == 2 && !itemName.isEmpty() && xml.name() == itemName) {
                doc.items.emplaceBack();
                inItem = true;
            } else if (depth == 2 || (depth == 3 && inItem)) {
                const QString name = xml.name().toString();
                const QString text = xml.readElementText(QXmlStreamReader::SkipChildElements);
                (depth == 2 ? doc.fields : doc.items.last()).insert(name, text);
                --depth; // readElementText() consumed the end element
            }
            break;
        case QXmlStreamReader::EndElement:
            if (depth == 2)
                inItem = false;
            --depth;
            break;
        default:
            break;
        }
    }
    doc.ok = !xml.hasError() && !doc.root.isEmpty();
    return doc;
}

QByteArray buildUrl(const S3Config &config, const QString &key, const QueryItems &query)
{
    const QByteArray scheme = config.endpoint.scheme().toLatin1();
    QByteArray authority;
    QByteArray path;
    if (config.pathStyle) {
        authority = config.endpoint.authority(QUrl::FullyEncoded).toLatin1();
        path = '/' + config.bucket.toLatin1();
        if (!key.isEmpty())
            path += '/' + (config.prefix + key).toLatin1();
    } else {
        authority = config.bucket.toLatin1() + '.' + config.endpoint.host(QUrl::FullyEncoded).toLatin1();
        if (config.endpoint.port() != -1)
            authority += ':' + QByteArray::number(config.endpoint.port());
        path = '/' + (key.isEmpty() ? QByteArray() : (config.prefix + key).toLatin1());
    }
    // libcurl 7.88 signs the query string exactly as given (from 8.3 on it sorts and encodes it
    // itself), so it is given in SigV4's canonical form: names and values percent-encoded as RFC
    // 3986 says, sorted, each with its '=' even when the value is empty ("uploads=").
    QList<QByteArray> pairs;
    for (const auto &[name, value] : query)
        pairs.append(QByteArray(QUrl::toPercentEncoding(QString::fromUtf8(name)) + '='
            + QUrl::toPercentEncoding(QString::fromUtf8(value))));
    std::sort(pairs.begin(), pairs.end());
    QByteArray url = scheme + "://" + authority + path;
    if (!pairs.isEmpty())
        url += '?' + pairs.join('&');
    return url;
}

size_t onHeader(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const size_t n = size * count;
    const QByteArray line = QByteArray(data, qsizetype(n)).trimmed();
    if (line.startsWith("HTTP/")) {
        t->response->headers.clear(); // a new response, e.g. after "100 Continue"
    } else if (const qsizetype colon = line.indexOf(':'); colon > 0) {
        t->response->headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    return n;
}

// "bytes FIRST-LAST/TOTAL" of a 206 answer.
std::optional<std::pair<qint64, qint64>> contentRange(const QByteArray &header)
{
    static const QRegularExpression pattern(QStringLiteral("^bytes (\\d+)-(\\d+)/(\\d+|\\*)$"));
    const QRegularExpressionMatch m = pattern.match(QString::fromLatin1(header));
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 total = m.captured(3) == u"*" ? -1 : m.captured(3).toLongLong();
    return std::make_pair(m.captured(1).toLongLong(), total);
}

size_t onBody(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const size_t n = size * count;
    long status = 0;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
    if (!t->sink || status < 200 || status > 299) {
        if (t->response->body.size() + qsizetype(n) > maxDocument) {
            t->tooLarge = true;
            return 0;
        }
        t->response->body.append(data, qsizetype(n));
        return n;
    }
    if (!t->bodyStarted) {
        t->bodyStarted = true;
        if (t->range && status == 200) {
            // The store ignored the Range header and sends the whole object: cut the range out.
            t->skip = t->range->offset;
            t->remaining = t->range->length;
        } else if (t->range) {
            const auto range = contentRange(t->response->headers.value("content-range"));
            if (!range || range->first != t->range->offset) {
                t->unexpectedRange = true;
                return 0;
            }
        }
    }
    const char *p = data;
    size_t left = n;
    const size_t skipped = size_t(std::min<qint64>(t->skip, qint64(left)));
    p += skipped;
    left -= skipped;
    t->skip -= qint64(skipped);
    if (t->remaining >= 0)
        left = size_t(std::min<qint64>(qint64(left), t->remaining));
    while (left > 0) {
        // libcurl hands over at most CURLOPT_BUFFERSIZE bytes; the sink's bound holds regardless.
        const size_t piece = std::min(left, size_t(S3Client::maxSinkChunk));
        if (!(*t->sink)(p, piece)) {
            t->sinkStopped = true;
            return 0;
        }
        p += piece;
        left -= piece;
        t->response->delivered += qint64(piece);
        if (t->remaining >= 0)
            t->remaining -= qint64(piece);
    }
    if (t->remaining == 0) {
        t->rangeDone = true;
        return 0; // the rest of the whole object is not needed
    }
    return n;
}

size_t onRead(char *buffer, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const qint64 want = std::min<qint64>(qint64(size * count), t->length - t->position);
    if (want <= 0)
        return 0;
    if (t->memory) {
        memcpy(buffer, t->memory->constData() + t->position, size_t(want));
        t->position += want;
        return size_t(want);
    }
    const qint64 got = t->file->read(buffer, want);
    if (got <= 0) {
        // A read error, or the file got shorter than it was when it was hashed.
        t->readFailed = true;
        return CURL_READFUNC_ABORT;
    }
    t->position += got;
    return size_t(got);
}

// libcurl rewinds the body when it resends a request, e.g. on a kept-alive connection the store
// had closed.
int onSeek(void *user, curl_off_t offset, int origin)
{
    auto *t = static_cast<Transfer *>(user);
    if (origin != SEEK_SET || offset < 0 || offset > t->length)
        return CURL_SEEKFUNC_FAIL;
    if (t->file && !t->file->seek(t->start + offset))
        return CURL_SEEKFUNC_FAIL;
    t->position = offset;
    return CURL_SEEKFUNC_OK;
}

Error transportError(CURLcode code, const char *errors, const QByteArray &method, const QByteArray &url)
{
    const QString why = errors[0] ? QString::fromUtf8(errors) : QString::fromUtf8(curl_easy_strerror(code));
    qCWarning(lcS3).noquote() << "S3" << method << url << "failed:" << why;
    switch (code) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
        return makeError("s3_unreachable", QStringLiteral("The file store did not answer: %1").arg(why));
    default:
        return makeError("s3_error", QStringLiteral("The file store request failed: %1").arg(why));
    }
}

// Runs one request. Any HTTP answer is a Response; only a failure to get one is an Error.
std::expected<Response, Error> perform(CURL *curl, const S3Config &config, const Request &request)
{
    if (!curl)
        return std::unexpected(makeError("s3_error", QStringLiteral("libcurl did not start")));
    const QByteArray url = buildUrl(config, request.key, request.query);
    Response response;
    Transfer t;
    t.curl = curl;
    t.response = &response;
    t.sink = request.sink;
    t.range = request.range;
    QFile file;
    if (request.method == "PUT" && !request.filePath.isEmpty()) {
        file.setFileName(request.filePath);
        if (!file.open(QIODevice::ReadOnly) || !file.seek(request.offset))
            return std::unexpected(
                storageError(QStringLiteral("cannot read %1: %2").arg(request.filePath, file.errorString())));
    }
    char errors[CURL_ERROR_SIZE] = {};

    // libcurl 7.88 signs with CURLOPT_AWS_SIGV4 but hashes only CURLOPT_POSTFIELDS (a streamed body
    // is signed as if it were empty) and leaves out the x-amz-content-sha256 header S3 requires
    // (8.0 on send UNSIGNED-PAYLOAD): we hash the body and send the header, and every version signs
    // the header's value as given. 7.88 signs every header given here, also an empty one it then
    // leaves out of the request (fixed in 8.3), so none may be empty: no "Expect:" to drop
    // 100-continue.
    curl_slist *headers =
        curl_slist_append(nullptr, QByteArray("x-amz-content-sha256: " + request.payloadSha256).constData());
    if (!config.sessionToken.isEmpty()) {
        headers =
            curl_slist_append(headers, QByteArray("x-amz-security-token: " + config.sessionToken.toUtf8()).constData());
    }
    if (request.range) {
        const QByteArray range = "Range: bytes=" + QByteArray::number(request.range->offset) + '-'
            + QByteArray::number(request.range->offset + request.range->length - 1);
        headers = curl_slist_append(headers, range.constData());
    }
    for (const QByteArray &header : request.headers)
        headers = curl_slist_append(headers, header.constData());

    const QByteArray sigv4 = "aws:amz:" + config.region.toLatin1() + ":s3";
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errors);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, long(config.connectTimeoutSeconds));
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, long(config.stallTimeoutSeconds));
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, long(S3Client::maxSinkChunk));
    curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.constData());
    curl_easy_setopt(curl, CURLOPT_USERNAME, config.accessKeyId.toUtf8().constData());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config.secretAccessKey.toUtf8().constData());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);

    if (request.method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (request.method == "DELETE") {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "DELETE");
    } else if (request.method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.data.size()));
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.data.constData());
    } else if (request.method == "PUT") {
        if (file.isOpen()) {
            t.file = &file;
            t.start = request.offset;
            t.length = request.length;
        } else {
            t.memory = &request.data;
            t.length = request.data.size();
        }
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(t.length));
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, onRead);
        curl_easy_setopt(curl, CURLOPT_READDATA, &t);
        curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, onSeek);
        curl_easy_setopt(curl, CURLOPT_SEEKDATA, &t);
    }

    const CURLcode result = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    // The handle keeps no pointer to this function's buffers, callbacks' state or header list.
    curl_easy_reset(curl);
    curl_slist_free_all(headers);

    if (t.sinkStopped)
        return std::unexpected(makeError("aborted", QStringLiteral("The download was stopped.")));
    if (t.readFailed)
        return std::unexpected(
            storageError(QStringLiteral("cannot read %1 (or it got shorter)").arg(request.filePath)));
    if (t.tooLarge) {
        qCWarning(lcS3).noquote() << "S3" << request.method << url << "answered with a document over" << maxDocument
                                  << "bytes";
        return std::unexpected(makeError("s3_error", QStringLiteral("The file store's answer was too large.")));
    }
    if (t.unexpectedRange) {
        qCWarning(lcS3).noquote() << "S3" << request.method << url
                                  << "answered another range:" << response.headers.value("content-range");
        return std::unexpected(makeError("s3_error", QStringLiteral("The file store sent another range.")));
    }
    if (result != CURLE_OK && !(result == CURLE_WRITE_ERROR && t.rangeDone))
        return std::unexpected(transportError(result, errors, request.method, url));
    qCDebug(lcS3).noquote() << "S3" << request.method << url << response.status;
    return response;
}

// The Error for an answer that is not a success, logged with S3's error code and request id (an
// Error body carries neither the secret nor the signature).
Error httpFailure(const S3Config &config, const Request &request, const Response &response)
{
    const XmlDocument doc = parseXml(response.body);
    const QString code = doc.root == u"Error" ? doc.fields.value(QStringLiteral("Code")) : QString();
    const QString message = doc.root == u"Error" ? doc.fields.value(QStringLiteral("Message")) : QString();
    QString requestId = doc.fields.value(QStringLiteral("RequestId"));
    if (requestId.isEmpty())
        requestId = QString::fromLatin1(response.headers.value("x-amz-request-id"));
    const QByteArray where = request.method + ' ' + buildUrl(config, request.key, request.query);
    const QString detail =
        QStringLiteral("HTTP %1 %2: %3 (request id %4)")
            .arg(response.status)
            .arg(code.isEmpty() ? QStringLiteral("-") : code, message.isEmpty() ? QStringLiteral("-") : message,
                requestId.isEmpty() ? QStringLiteral("-") : requestId);

    if (response.status == 404
        && (code.isEmpty() || code == u"NoSuchKey" || code == u"NoSuchUpload" || code == u"NotFound")) {
        qCDebug(lcS3).noquote() << "S3" << where << detail;
        return makeError("not_found", QStringLiteral("The stored file was not found."));
    }
    static const QStringList refusals{QStringLiteral("AccessDenied"), QStringLiteral("SignatureDoesNotMatch"),
        QStringLiteral("InvalidAccessKeyId"), QStringLiteral("AuthorizationHeaderMalformed"),
        QStringLiteral("RequestTimeTooSkewed"), QStringLiteral("InvalidToken"), QStringLiteral("ExpiredToken"),
        QStringLiteral("TokenRefreshRequired"), QStringLiteral("InvalidSecurity")};
    // A HEAD signed for the wrong region gets a 400 without a body, but S3 names the bucket's region.
    const QString bucketRegion = QString::fromLatin1(response.headers.value("x-amz-bucket-region"));
    if (response.status == 400 && !bucketRegion.isEmpty() && bucketRegion != config.region) {
        qCWarning(lcS3).noquote() << "S3" << where << detail << "- the bucket is in the region" << bucketRegion << "not"
                                  << config.region;
        return makeError(
            "s3_refused", QStringLiteral("The bucket is in the region %1, not %2.").arg(bucketRegion, config.region));
    }
    qCWarning(lcS3).noquote() << "S3" << where << detail;
    if (response.status == 401 || response.status == 403 || refusals.contains(code)) {
        return makeError("s3_refused",
            QStringLiteral("The file store refused the request (%1).")
                .arg(code.isEmpty() ? QString::number(response.status) : code));
    }
    return makeError("s3_error",
        QStringLiteral("The file store failed (%1).").arg(code.isEmpty() ? QString::number(response.status) : code));
}

// Runs a request and turns any answer but a 2xx one into an Error.
std::expected<Response, Error> execute(CURL *curl, const S3Config &config, const Request &request)
{
    auto response = perform(curl, config, request);
    if (!response)
        return response;
    if (response->status < 200 || response->status > 299)
        return std::unexpected(httpFailure(config, request, *response));
    return response;
}

// The hex SHA-256 of `length` bytes of a file from `offset`, read in bounded chunks.
std::expected<QByteArray, Error> sliceSha256(const QString &path, qint64 offset, qint64 length)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset))
        return std::unexpected(storageError(QStringLiteral("cannot read %1: %2").arg(path, file.errorString())));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (qint64 left = length; left > 0;) {
        const QByteArray chunk = file.read(std::min(ioChunk, left));
        if (chunk.isEmpty())
            return std::unexpected(storageError(QStringLiteral("cannot read %1 (it ended early)").arg(path)));
        hash.addData(chunk);
        left -= chunk.size();
    }
    return hash.result().toHex();
}

Error invalidArgument(const QString &what)
{
    qCWarning(lcS3).noquote() << what;
    return makeError("invalid_argument", what);
}

Error missingField(const char *what, const Request &request, const S3Config &config)
{
    qCWarning(lcS3).noquote() << "S3" << request.method << buildUrl(config, request.key, request.query)
                              << "answered without" << what;
    return makeError("s3_error", QStringLiteral("The file store's answer lacked %1.").arg(QLatin1String(what)));
}

std::expected<void, QString> readCredentialsFile(const QString &path, S3Config &config)
{
    const auto content = readPrivateFile(path, QStringLiteral("the S3 credentials file"), maxCredentialsFile);
    if (!content)
        return std::unexpected(content.error());
    const QStringList lines = QString::fromUtf8(*content).split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const qsizetype eq = line.indexOf(u'=');
        // Never quote the line itself: it may hold the secret.
        if (eq <= 0)
            return std::unexpected(QStringLiteral("%1, line %2: expected name=value").arg(path).arg(i + 1));
        const QString name = line.left(eq).trimmed();
        const QString value = line.mid(eq + 1).trimmed();
        if (name == u"access_key_id")
            config.accessKeyId = value;
        else if (name == u"secret_access_key")
            config.secretAccessKey = value;
        else if (name == u"session_token")
            config.sessionToken = value;
        else
            return std::unexpected(QStringLiteral("%1, line %2: unknown name '%3' (expected access_key_id, "
                                                  "secret_access_key or session_token)")
                                       .arg(path)
                                       .arg(i + 1)
                                       .arg(name.left(40)));
    }
    if (config.accessKeyId.isEmpty() || config.secretAccessKey.isEmpty())
        return std::unexpected(
            QStringLiteral("the S3 credentials file %1 needs both access_key_id and secret_access_key").arg(path));
    return {};
}

} // namespace

std::expected<S3Config, QString> S3Config::fromOptions(
    const QString &blobStoreUrl, const QString &endpoint, const QString &region, const QString &credentialsFile)
{
    S3Config config;
    const QString scheme = QStringLiteral("s3://");
    if (!blobStoreUrl.startsWith(scheme))
        return std::unexpected(QStringLiteral("--blob-store: expected s3://bucket/prefix, got '%1'").arg(blobStoreUrl));
    const QString rest = blobStoreUrl.mid(scheme.size());
    config.bucket = rest.section(u'/', 0, 0);
    static const QRegularExpression bucketPattern(QStringLiteral("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"));
    if (!bucketPattern.match(config.bucket).hasMatch() || config.bucket.contains(QStringLiteral(".."))) {
        return std::unexpected(
            QStringLiteral("--blob-store: '%1' is not a bucket name (3 to 63 lower-case letters, digits, '.' and '-')")
                .arg(config.bucket));
    }
    QString prefix = rest.section(u'/', 1);
    if (prefix.endsWith(u'/'))
        prefix.chop(1);
    if (!prefix.isEmpty()) {
        if (!isValidPath(prefix)) {
            return std::unexpected(
                QStringLiteral("--blob-store: the prefix '%1' may only have segments of A-Z, a-z, 0-9, '.', '_' and "
                               "'-' between single slashes")
                    .arg(prefix));
        }
        config.prefix = prefix + u'/';
    }

    if (endpoint.isEmpty()) {
        return std::unexpected(QStringLiteral("--s3-endpoint is required with an s3:// blob store (for example "
                                              "https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000)"));
    }
    config.endpoint = QUrl(endpoint, QUrl::StrictMode);
    const QString endpointScheme = config.endpoint.scheme();
    if (!config.endpoint.isValid() || (endpointScheme != u"http" && endpointScheme != u"https")
        || config.endpoint.host().isEmpty() || !config.endpoint.userInfo().isEmpty()
        || (!config.endpoint.path().isEmpty() && config.endpoint.path() != u"/") || config.endpoint.hasQuery()
        || config.endpoint.hasFragment()) {
        return std::unexpected(QStringLiteral("--s3-endpoint: expected http(s)://host[:port], got '%1'").arg(endpoint));
    }
    config.endpoint.setPath(QString());
    const QString host = config.endpoint.host();
    const bool loopback = host == u"localhost" || host.startsWith(QStringLiteral("127.")) || host == u"::1";
    if (endpointScheme == u"http" && !loopback) {
        qCWarning(lcS3).noquote() << "the S3 endpoint" << endpoint
                                  << "is plain http: file contents cross the network unencrypted";
    }

    if (!region.isEmpty())
        config.region = region;
    static const QRegularExpression regionPattern(QStringLiteral("^[a-z0-9-]{1,64}$"));
    if (!regionPattern.match(config.region).hasMatch())
        return std::unexpected(QStringLiteral("--s3-region: '%1' is not a region name").arg(config.region));

    if (!credentialsFile.isEmpty()) {
        if (auto read = readCredentialsFile(credentialsFile, config); !read)
            return std::unexpected(read.error());
    } else {
        config.accessKeyId = qEnvironmentVariable("AWS_ACCESS_KEY_ID");
        config.secretAccessKey = qEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        config.sessionToken = qEnvironmentVariable("AWS_SESSION_TOKEN");
        if (config.accessKeyId.isEmpty() || config.secretAccessKey.isEmpty()) {
            return std::unexpected(QStringLiteral("no S3 credentials: name a credentials file, or set "
                                                  "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"));
        }
    }
    return config;
}

S3Client::S3Client(S3Config config)
    : m_config(std::move(config))
{
    ensureCurlInitialised();
    // curl_easy_reset() after each request keeps the handle's connections (and DNS cache) for the next.
    m_curl = curl_easy_init();
    if (!m_curl)
        qCWarning(lcS3).noquote() << "libcurl did not start";
}

S3Client::~S3Client()
{
    if (m_curl)
        curl_easy_cleanup(static_cast<CURL *>(m_curl));
}

bool S3Client::isValidKey(const QString &key)
{
    return isValidPath(key);
}

QString S3Client::objectUrl(const QString &key) const
{
    return QString::fromLatin1(buildUrl(m_config, key, {}));
}

namespace {

std::optional<Error> keyError(const S3Config &config, const QString &key)
{
    const bool validPrefix =
        config.prefix.isEmpty() || (config.prefix.endsWith(u'/') && isValidPath(QStringView(config.prefix).chopped(1)));
    if (validPrefix && S3Client::isValidKey(key) && config.prefix.size() + key.size() <= maxKeyBytes)
        return std::nullopt;
    qCWarning(lcS3).noquote() << "refused the S3 key" << key.left(100);
    return makeError("invalid_key", QStringLiteral("Not a valid key for the file store."));
}

} // namespace

std::expected<void, Error> S3Client::checkBucket()
{
    Request request;
    request.method = "HEAD";
    auto response = execute(static_cast<CURL *>(m_curl), m_config, request);
    if (!response) {
        // A HEAD answer has no body: a 404 here is the bucket.
        if (response.error().code == u"not_found")
            return std::unexpected(
                makeError("s3_error", QStringLiteral("The bucket %1 does not exist.").arg(m_config.bucket)));
        return std::unexpected(response.error());
    }
    return {};
}

std::expected<S3Client::ObjectInfo, Error> S3Client::headObject(const QString &key)
{
    if (auto bad = keyError(m_config, key))
        return std::unexpected(*bad);
    Request request;
    request.method = "HEAD";
    request.key = key;
    auto response = execute(static_cast<CURL *>(m_curl), m_config, request);
    if (!response)
        return std::unexpected(response.error());
    ObjectInfo info;
    info.size = response->headers.value("content-length").toLongLong();
    info.contentLength = info.size;
    info.etag = unquote(response->headers.value("etag"));
    return info;
}

std::expected<QString, Error> S3Client::putObject(const QString &key, const QString &sourcePath)
{
    if (auto bad = keyError(m_config, key))
        return std::unexpected(*bad);
    const QFileInfo info(sourcePath);
    if (!info.isFile())
        return std::unexpected(storageError(QStringLiteral("cannot read %1: not a file").arg(sourcePath)));
    if (info.size() > maxPutSize)
        return std::unexpected(
            invalidArgument(QStringLiteral("%1 is larger than one PUT may be: upload it in parts").arg(sourcePath)));
    Request request;
    request.method = "PUT";
    request.key = key;
    request.headers = {"Content-Type: application/octet-stream"};
    request.filePath = sourcePath;
    request.length = info.size();
    auto sha = sliceSha256(sourcePath, 0, request.length);
    if (!sha)
        return std::unexpected(sha.error());
    request.payloadSha256 = *sha;
    auto response = execute(static_cast<CURL *>(m_curl), m_config, request);
    if (!response)
        return std::unexpected(response.error());
    return unquote(response->headers.value("etag"));
}

std::expected<S3Client::ObjectInfo, Error> S3Client::getObject(
    const QString &key, std::optional<Range> range, const Sink &sink)
{
    if (auto bad = keyError(m_config, key))
        return std::unexpected(*bad);
    if (range
        && (range->offset < 0 || range->length <= 0
            || range->offset > std::numeric_limits<qint64>::max() - range->length))
        return std::unexpected(invalidArgument(
            QStringLiteral("not a valid range: %1 bytes from %2").arg(range->length).arg(range->offset)));
    Request request;
    request.method = "GET";
    request.key = key;
    request.sink = &sink;
    request.range = range;
    auto response = execute(static_cast<CURL *>(m_curl), m_config, request);
    if (!response)
        return std::unexpected(response.error());
    ObjectInfo info;
    info.etag = unquote(response->headers.value("etag"));
    info.contentLength = response->delivered;
    if (response->status == 206) {
        const auto range = contentRange(response->headers.value("content-range"));
        info.size = range ? range->second : -1;
    } else {
        info.size = response->headers.value("content-length").toLongLong();
    }
    return info;
}

std::expected<void, Error> S3Client::deleteObject(const QString &key)
{
    if (auto bad = keyError(m_config, key))
        return std::unexpected(*bad);
    Request request;
    request.method = "DELETE";
    request.key = key;
    auto response = execute(static_cast<CURL *>(m_curl), m_config, request);
    if (!response)
        return std::unexpected(response.error());
    return {};
}

std::expected<QString, Error> S3Client::createMultipartUpload(const QString &key)
{
    if (auto bad = keyError(m_config, key))
        return std::unexpected(*bad);
    Request request;
    request.method = "POST";
    request.key = key;
    request.query = {{"uploads", ""}};
    // Given, so libcurl adds no form content type (S3 would keep it as the object's).
    request.headers = {"Content-Type: application/octet-stream"};
    auto response = execute(static_cast<CURL *>(m_curl), m_config, request);
    if (!response)
        return std::unexpected(response.error());
    const XmlDocument doc = parseXml(response->body);
    const QString uploadId = doc.fields.value(QStringLiteral("UploadId"));
    if (!doc.ok || doc.root != u"InitiateMultipartUploadResult" || uploadId.isEmpty())
        return std::unexpected(missingField("an UploadId", request, m_config));
    return uploadId;
}

std::expected<QString, Error> S3Client::uploadPart(const QString &key, const QString &uploadId, int partNumber,
    const QString &sourcePath, qint64 offset, qint64 length)
{
    if (auto bad = keyError(m_config, key))
        return std::unexpected(*bad);
    if (uploadId.isEmpty() || partNumber < 1 || partNumber > maxParts || offset < 0 || length < 0
        || length > maxPartSize)
        return std::unexpected(invalidArgument(
            QStringLiteral("not a valid part: number %1, %2 bytes from %3").arg(partNumber).arg(length).arg(offset)));
    const QFileInfo info(sourcePath);
    if (!info.isFile() || offset + length > info.size())
        return std::unexpected(
            storageError(QStringLiteral("cannot read %1 bytes from %2 of %3").arg(length).arg(offset).arg(sourcePath)));
    Request request;
    request.method = "PUT";
    request.key = key;
    request.query = {{"partNumber", QByteArray::number(partNumber)}, {"uploadId", uploadId.toUtf8()}};
    request.filePath = sourcePath;
    request.offset = offset;
    request.length = length;
    auto sha = sliceSha256(sourcePath, offset, length);
    if (!sha)
        return std::unexpected(sha.error());
    request.payloadSha256 = *sha;
    auto response = execute(static_cast<CURL *>(m_curl), m_config, request);
    if (!response)
        return std::unexpected(response.error());
    const QString etag = unquote(response->headers.value("etag"));
    if (etag.isEmpty())
        return std::unexpected(missingField("an ETag", request, m_config));
    return etag;
}

std::expected<QList<S3Client::Part>, Error> S3Client::listParts(
    const QString &key, const QString &uploadId, int pageSize)
{
    if (auto bad = keyError(m_config, key))
        return std::unexpected(*bad);
    if (uploadId.isEmpty() || pageSize < 1 || pageSize > 1000)
        return std::unexpected(invalidArgument(QStringLiteral("not a valid upload id or page size")));
    QList<Part> parts;
    int marker = 0;
    // Each page moves the marker forward, so there are at most maxParts of them.
    for (int page = 0; page < maxParts; ++page) {
        Request request;
        request.method = "GET";
        request.key = key;
        request.query = {{"max-parts", QByteArray::number(pageSize)}, {"uploadId", uploadId.toUtf8()}};
        if (marker > 0)
            request.query.append({"part-number-marker", QByteArray::number(marker)});
        auto response = execute(static_cast<CURL *>(m_curl), m_config, request);
        if (!response)
            return std::unexpected(response.error());
        const XmlDocument doc = parseXml(response->body, u"Part");
        if (!doc.ok || doc.root != u"ListPartsResult")
            return std::unexpected(missingField("a ListPartsResult", request, m_config));
        for (const auto &item : doc.items) {
            Part part;
            part.number = item.value(QStringLiteral("PartNumber")).toInt();
            part.etag = unquote(item.value(QStringLiteral("ETag")));
            part.size = item.value(QStringLiteral("Size")).toLongLong();
            if (part.number < 1 || part.number > maxParts || part.etag.isEmpty())
                return std::unexpected(missingField("a valid Part", request, m_config));
            parts.append(part);
        }
        if (doc.fields.value(QStringLiteral("IsTruncated")) != u"true")
            break;
        const int next = doc.fields.value(QStringLiteral("NextPartNumberMarker")).toInt();
        if (next <= marker)
            return std::unexpected(missingField("a NextPartNumberMarker", request, m_config));
        marker = next;
    }
    std::sort(parts.begin(), parts.end(), [](const Part &a, const Part &b) {
        return a.number < b.number;
    });
    return parts;
}

std::expected<QString, Error> S3Client::completeMultipartUpload(
    const QString &key, const QString &uploadId, const QList<Part> &parts)
{
    if (auto bad = keyError(m_config, key))
        return std::unexpected(*bad);
    bool ascending = !parts.isEmpty() && !uploadId.isEmpty();
    for (qsizetype i = 0; ascending && i < parts.size(); ++i)
        ascending = parts.at(i).number >= 1 && parts.at(i).number <= maxParts
            && (i == 0 || parts.at(i).number > parts.at(i - 1).number);
    if (!ascending)
        return std::unexpected(invalidArgument(QStringLiteral("the parts to complete are not in ascending order")));
    Request request;
    request.method = "POST";
    request.key = key;
    request.query = {{"uploadId", uploadId.toUtf8()}};
    request.headers = {"Content-Type: application/xml"};
    QXmlStreamWriter xml(&request.data);
    xml.writeStartDocument();
    xml.writeDefaultNamespace(QStringLiteral("http://s3.amazonaws.com/doc/2006-03-01/"));
    xml.writeStartElement(QStringLiteral("CompleteMultipartUpload"));
    for (const Part &part : parts) {
        xml.writeStartElement(QStringLiteral("Part"));
        xml.writeTextElement(QStringLiteral("PartNumber"), QString::number(part.number));
        xml.writeTextElement(QStringLiteral("ETag"), QString(u'"' + part.etag + u'"'));
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    request.payloadSha256 = QCryptographicHash::hash(request.data, QCryptographicHash::Sha256).toHex();
    auto response = execute(static_cast<CURL *>(m_curl), m_config, request);
    if (!response)
        return std::unexpected(response.error());
    // S3 may answer 200 and still fail: the error is then the body.
    const XmlDocument doc = parseXml(response->body);
    if (doc.root == u"Error")
        return std::unexpected(httpFailure(m_config, request, *response));
    if (!doc.ok || doc.root != u"CompleteMultipartUploadResult")
        return std::unexpected(missingField("a CompleteMultipartUploadResult", request, m_config));
    return unquote(doc.fields.value(QStringLiteral("ETag")));
}

std::expected<void, Error> S3Client::abortMultipartUpload(const QString &key, const QString &uploadId)
{
    if (auto bad = keyError(m_config, key))
        return std::unexpected(*bad);
    if (uploadId.isEmpty())
        return std::unexpected(invalidArgument(QStringLiteral("no upload id to abort")));
    Request request;
    request.method = "DELETE";
    request.key = key;
    request.query = {{"uploadId", uploadId.toUtf8()}};
    auto response = execute(static_cast<CURL *>(m_curl), m_config, request);
    if (!response)
        return std::unexpected(response.error());
    return {};
}

qint64 S3Client::effectivePartSize(qint64 fileSize, qint64 requested)
{
    qint64 size = std::clamp(requested, minPartSize, maxPartSize);
    const qint64 needed = (fileSize + maxParts - 1) / maxParts;
    if (size < needed) {
        constexpr qint64 mib = 1024 * 1024;
        size = std::min((needed + mib - 1) / mib * mib, maxPartSize);
    }
    return size;
}

std::expected<S3Client::MultipartResult, Error> S3Client::putObjectMultipart(
    const QString &key, const QString &uploadId, const QString &sourcePath, qint64 partSize)
{
    if (auto bad = keyError(m_config, key))
        return std::unexpected(*bad);
    const QFileInfo info(sourcePath);
    if (!info.isFile())
        return std::unexpected(storageError(QStringLiteral("cannot read %1: not a file").arg(sourcePath)));
    const qint64 size = info.size();
    partSize = effectivePartSize(size, partSize);
    const qint64 count = std::max<qint64>(1, (size + partSize - 1) / partSize);
    if (count > maxParts)
        return std::unexpected(invalidArgument(QStringLiteral("%1 is too large for one object").arg(sourcePath)));

    auto stored = listParts(key, uploadId);
    if (!stored)
        return std::unexpected(stored.error());
    QHash<int, Part> have;
    for (const Part &part : std::as_const(*stored))
        have.insert(part.number, part);

    MultipartResult result;
    QList<Part> parts;
    for (int number = 1; number <= count; ++number) {
        const qint64 offset = (number - 1) * partSize;
        const qint64 length = std::min(partSize, size - offset);
        const auto found = have.constFind(number);
        if (found != have.cend() && found->size == length) {
            parts.append(*found);
            ++result.partsReused;
            continue;
        }
        auto etag = uploadPart(key, uploadId, number, sourcePath, offset, length);
        if (!etag)
            return std::unexpected(etag.error());
        parts.append(Part{number, *etag, length});
        ++result.partsUploaded;
    }
    auto etag = completeMultipartUpload(key, uploadId, parts);
    if (!etag)
        return std::unexpected(etag.error());
    result.etag = *etag;
    if (result.partsReused > 0)
        qCInfo(lcS3).noquote() << "resumed the upload of" << key << "with" << result.partsReused << "of" << count
                               << "parts already stored";
    return result;
}
