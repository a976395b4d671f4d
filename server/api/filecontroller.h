// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <expected>
#include <memory>

#include "server/api/apierror.h"
#include "server/api/apioptions.h"
#include "server/domain/syncstore.h"

class HttpRequest;
class HttpResponse;
class Router;
class WriteTransaction;

// An upload as asked for: what an UploadPolicy admits, and may adjust, before any byte arrives.
struct UploadRequest
{
    QString fileId; // a new file, or an existing one whose content this replaces
    QString projectId;
    QString folder;
    QString name;
    QString mimeType;
    QString visibility;
    qint64 size = 0;
    bool replacing = false; // set by the server: fileId names an existing file of the project
};

// Who may upload what. The same upload machinery serves staff (a bearer token; anything in their
// organisation) and clients (the portal's session; only what PortalPermissions allows).
class UploadPolicy
{
public:
    virtual ~UploadPolicy() = default;
    virtual std::expected<Actor, ApiError> authenticate(const HttpRequest &request, bool stateChanging) const = 0;
    // The fields of the start request this kind of uploader may send; any other is refused.
    virtual QStringList settableFields() const = 0;
    // Whether the start request must name the content's SHA-256. The desktop knows it; a browser
    // cannot hash a large file without holding it whole, so for it the server's own hash stands.
    virtual bool requiresSha256() const = 0;
    // Run under the organisation's write lock when the upload starts and again when it completes
    // (access may have ended meanwhile). May fix fields the uploader does not choose.
    virtual std::expected<void, ApiError> admit(
        WriteTransaction &tx, const Actor &actor, UploadRequest &upload) const = 0;
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
// A stored file's content as a download: Range, ETag, the recorded type, always an attachment.
HttpResponse attachment(const HttpRequest &request, const QString &path, const QString &name, const QString &mimeType,
    const QString &sha256);
// Abandons uploads past their expiry: frees their quota and removes their partial files.
void purgeExpiredUploads(const QString &dataDir, int idleMinutes);
} // namespace FileController
