// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

#include <expected>
#include <optional>

#include "common/error.h"
#include "server/domain/uploads.h"

// Previews of files: thumbnails for lists and a larger view, of images (Qt's readers) and of PDF
// pages (Poppler). Nothing is decoded in the server: each preview is made by the atrium-preview
// worker, a process of its own started with limits on its memory (RLIMIT_AS) and CPU time
// (RLIMIT_CPU) and killed when it takes longer than `timeoutMs`, so a malformed or hostile file
// harms only that worker. At most two run at once and two more requests wait for a turn; beyond
// that the answer is "busy" (503, try again). Results are cached by content hash, size and
// page in DATA_DIR/previews (a file that failed is remembered too, and not tried again), and are
// always PNG. Callers decide first who may see the file (the portal: PortalReadModel::fileContent).
struct PreviewOptions
{
    QString workerPath; // empty: atrium-preview next to the server's binary
    QString cacheDir; // DATA_DIR/previews
    int timeoutMs = 20000;
    qint64 memoryLimitBytes = qint64(1024) * 1024 * 1024;
    int cpuSeconds = 20;
    // Where file contents are: a blob that is not a local file is copied next to the cache for the
    // worker, and removed after.
    BlobStorePtr store;
};

struct Preview
{
    QString path; // the PNG
    int pages = 1;
};

class Previews
{
public:
    explicit Previews(PreviewOptions options);

    // "image", "pdf", or none when the file's type has no preview.
    static std::optional<QString> typeOf(const QString &mimeType, const QString &name);
    // The longest side of each size: "thumb" (lists and cards) and "large" (the in-page view).
    static int pixels(const QString &size);

    // The preview of `content` at `size` ("thumb" or "large") and `page` (PDF, from 1). Errors:
    // "no_preview" (no preview for this type), "not_found" (no such page), "preview_failed" (the
    // worker could not make one; remembered), "busy" (too many at once for too long).
    std::expected<Preview, Error> render(const FileContent &content, const QString &size, int page) const;

    // A sign-off's certificate as a PDF, from Signoffs::certificateFacts, made by the same worker
    // (atrium-preview --certificate) and kept in the cache. Errors: "busy", "internal_error".
    std::expected<QString, Error> certificate(const QJsonObject &facts) const;

private:
    PreviewOptions m_options;
};
