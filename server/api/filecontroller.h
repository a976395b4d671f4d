// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <expected>
#include <functional>
#include <memory>

#include "server/api/apierror.h"
#include "server/api/apioptions.h"
#include "server/domain/syncstore.h"
#include "server/domain/uploads.h"

class HttpRequest;
class HttpResponse;
class Router;

// Who may upload through a set of upload routes: how the caller is authenticated (a staff bearer
// token, or the portal's session) and the domain's rules for that kind of uploader.
struct UploadPolicy
{
    using Authenticate = std::function<std::expected<Actor, ApiError>(const HttpRequest &, bool stateChanging)>;
    UploadPolicy(Authenticate authenticate, std::shared_ptr<const UploadRules> rules)
        : authenticate(std::move(authenticate))
        , rules(std::move(rules))
    {
    }
    Authenticate authenticate;
    std::shared_ptr<const UploadRules> rules;
};

// File contents for staff: chunked, resumable uploads (each chunk ≤ 8 MiB, the whole checked
// against its SHA-256, the quota reserved atomically when the upload starts) and streamed
// downloads with Range support, always as attachments with the recorded type.
//
//   POST   /api/v1/files/uploads                 start (or resume nothing: a new upload id)
//   GET    /api/v1/files/uploads/{id}            how much arrived (to resume)
//   PUT    /api/v1/files/uploads/{id}?offset=N   the next chunk
//   POST   /api/v1/files/uploads/{id}/complete   verify, store, record the file
//   DELETE /api/v1/files/uploads/{id}            abandon; frees the reserved quota
//   GET    /api/v1/files/{id}/content            download (Range)
namespace FileController {
constexpr qint64 chunkLimit = 8 * 1024 * 1024;
void registerRoutes(Router &router, const ApiOptions &options);
// The upload routes (start, status, chunk, complete, cancel) under `prefix`, for `policy`'s uploaders.
void registerUploadRoutes(
    Router &router, const QString &prefix, const ApiOptions &options, std::shared_ptr<const UploadPolicy> policy);
// A stored blob of `size` bytes as a response: Range, ETag, the given type; sent from the blob
// store's local file, or read from the store as the client takes it.
HttpResponse blobResponse(const HttpRequest &request, const BlobStorePtr &store, const QString &blobName, qint64 size,
    const QByteArray &contentType, const QByteArray &etag);
// A stored file's content as a download: Range, ETag, the recorded type, always an attachment.
HttpResponse attachment(const HttpRequest &request, const BlobStorePtr &store, const FileContent &content);
// `response` (a file's content) as an attachment named `name`.
HttpResponse asAttachment(HttpResponse response, const QString &name);
} // namespace FileController
