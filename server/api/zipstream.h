// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFile>
#include <QObject>
#include <QPointer>

#include <memory>

#include "server/domain/portalreadmodel.h"

class HttpStreamSink;
#include <archive.h>

// A ZIP written with libarchive straight into a streaming response, as fast as the client reads
// it (HttpStreamSink's flow control): one file open at a time, read in 64 KiB pieces, so memory
// stays bounded whatever the archive's size. Files are stored, not deflated (most of what studios
// send is compressed already, and this runs on the network thread). A file whose content went
// missing since the permission check is left out; one that fails midway cuts the archive short (a
// client sees a broken ZIP, never a wrong one). Lives on the network thread, a child of the sink.
class ZipStream : public QObject
{
    Q_OBJECT
public:
    ZipStream(QList<PortalReadModel::ArchiveEntry> entries, BlobStorePtr store, HttpStreamSink *sink);
    ~ZipStream() override;

    // The response's stream function for these entries.
    static std::function<void(HttpStreamSink *)> writer(
        QList<PortalReadModel::ArchiveEntry> entries, BlobStorePtr store);

private:
    void pump();
    bool openNext();
    void finish();
    static la_ssize_t onWrite(struct archive *a, void *self, const void *buffer, size_t length);

    QList<PortalReadModel::ArchiveEntry> m_entries;
    BlobStorePtr m_store;
    qsizetype m_next = 0;
    QPointer<HttpStreamSink> m_sink;
    struct archive *m_archive = nullptr;
    std::unique_ptr<QIODevice> m_file; // the entry being written (a file, or filled by a reader)
    qint64 m_fileLeft = 0;
    bool m_done = false;
};
