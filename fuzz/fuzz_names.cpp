// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Names on their way out: a stored file's name, recorded type and hash become a download's
// response head (FileController::attachment: Content-Disposition, Content-Type, ETag), and the
// request's Range, If-Range and If-None-Match decide what part of the file is sent. A name can be
// anything a client managed to store, so the head it produces must still be safe.
//
// Paths on their way in (the request-target's percent-decoding and dot segments) are fuzzed
// through the HTTP layer (fuzz_http), where that decoding lives. The one name rule for uploads,
// pushes and moves gets its own target (fuzz_filename, see CMakeLists.txt) when it lands.
//
// Input (FuzzedDataProvider): a byte choosing the file's size, then name, MIME type, SHA-256 (its
// hex digits only: the server computes it), Range, If-Range, If-None-Match and the method as
// strings (each ends at a backslash followed by any other character; "\\\\" is one backslash).
//
// Properties: every header value is free of control characters (CR, LF, NUL: no response
// splitting), Content-Disposition is always an attachment whose quoted file name holds no quote
// or backslash, the content type is a plain type/subtype, and a 206 names a range inside the file.
#include <cstdint>
#include <memory>

#include <fuzzer/FuzzedDataProvider.h>

#include <QFile>
#include <QTemporaryDir>

#include "fuzz/fuzzsupport.h"
#include "server/api/filecontroller.h"
#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"
#include "server/storage/localblobstore.h"

namespace {

constexpr qint64 sizes[] = {0, 1, 100, 4096};

// Stored as blobs of a local blob store, as the server keeps file contents.
struct Files
{
    QTemporaryDir dir;
    std::shared_ptr<LocalBlobStore> store;
    QStringList blobs;
};

const Files &files()
{
    static const Files *instance = [] {
        auto *f = new Files; // for the whole process
        f->store = std::make_shared<LocalBlobStore>(f->dir.path());
        if (!f->store->ensureDirectories())
            FuzzSupport::fail("cannot create the blob store");
        for (const qint64 size : sizes) {
            const QString path = f->dir.filePath(QStringLiteral("file-%1").arg(size));
            QFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray(size, 'x')) != size)
                FuzzSupport::fail("cannot write a file to serve");
            file.close();
            auto blob = f->store->storeFile(path);
            if (!blob)
                FuzzSupport::fail("cannot store a file to serve");
            f->blobs.append(*blob);
        }
        return f;
    }();
    return *instance;
}

bool isSafeValue(const QByteArray &value)
{
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

QByteArray latin1(const std::string &s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FuzzSupport::init();
    files();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider provider(data, size);
    const size_t which = provider.ConsumeIntegralInRange<size_t>(0, std::size(sizes) - 1);
    const qint64 fileSize = sizes[which];
    const QString name = QString::fromUtf8(latin1(provider.ConsumeRandomLengthString(1000)));
    const QString mimeType = QString::fromUtf8(latin1(provider.ConsumeRandomLengthString(300)));
    // The hash is the server's own (hex), never a client's text.
    QString sha256;
    for (const char c : provider.ConsumeRandomLengthString(100)) {
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
            sha256 += QLatin1Char(c);
    }
    HttpRequest request;
    request.method = "GET";
    for (const char *header : {"Range", "If-Range", "If-None-Match"}) {
        const QByteArray value = latin1(provider.ConsumeRandomLengthString(200));
        if (!value.isEmpty())
            request.headers.append({header, value});
    }
    const QByteArray method = latin1(provider.ConsumeRandomLengthString(10));
    if (!method.isEmpty())
        request.method = method;

    const HttpResponse response = FileController::attachment(
        request, files().store, FileContent{files().blobs.at(qsizetype(which)), fileSize, name, mimeType, sha256});

    const QString context = name + u" / " + mimeType;
    for (const auto &[header, value] : response.headers) {
        if (!isSafeValue(value))
            FuzzSupport::fail("an unsafe response header value", QString::fromLatin1(header) + u": " + context);
    }
    const QByteArray disposition = response.header("Content-Disposition");
    if (!disposition.startsWith("attachment; filename=\""))
        FuzzSupport::fail("a download that is not an attachment", context);
    const qsizetype close = disposition.indexOf("\"; filename*=UTF-8''");
    if (close < 0)
        FuzzSupport::fail("Content-Disposition without its two file names", context);
    const QByteArray quoted = disposition.sliced(22, close - 22);
    if (quoted.contains('"') || quoted.contains('\\'))
        FuzzSupport::fail("a quote or backslash inside the quoted file name", context);
    if (response.status != 304 && response.status != 416) {
        const QByteArray type = response.contentType;
        const qsizetype slash = type.indexOf('/');
        if (slash <= 0 || slash == type.size() - 1 || type.count('/') != 1 || !isSafeValue(type) || type.contains(' ')
            || type.contains(';'))
            FuzzSupport::fail("a download with a bad content type", context + u" -> " + QString::fromLatin1(type));
    }
    if (response.status == 206) {
        if (response.fileOffset < 0 || response.fileLength <= 0 || response.fileOffset + response.fileLength > fileSize)
            FuzzSupport::fail("a 206 outside the file", QString::fromLatin1(request.header("Range")));
    } else if (response.status != 200 && response.status != 304 && response.status != 416) {
        FuzzSupport::fail("an unexpected status for a download", QString::number(response.status));
    }
    return 0;
}
