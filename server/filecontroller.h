// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class HttpRequest;
class HttpResponse;
class Router;

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
void registerRoutes(Router &router, const QString &dataDir);
// A stored file's content as a download: Range, ETag, the recorded type, always an attachment.
HttpResponse attachment(const HttpRequest &request, const QString &path, const QString &name, const QString &mimeType,
    const QString &sha256);
// Abandons uploads past their expiry: frees their quota and removes their partial files.
void purgeExpiredUploads(const QString &dataDir);
} // namespace FileController
