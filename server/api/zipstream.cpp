// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/api/zipstream.h"

#include <QLoggingCategory>

#include <archive.h>
#include <archive_entry.h>

#include "server/http/httpstreamsink.h"

namespace {
Q_LOGGING_CATEGORY(lcZip, "atrium.server.zip", QtInfoMsg)
constexpr qint64 kPiece = 64 * 1024;
} // namespace

ZipStream::ZipStream(QList<PortalReadModel::ArchiveEntry> entries, BlobStorePtr store, HttpStreamSink *sink)
    : QObject(sink)
    , m_entries(std::move(entries))
    , m_store(std::move(store))
    , m_sink(sink)
    , m_archive(archive_write_new())
{
    archive_write_set_format_zip(m_archive);
    archive_write_set_options(m_archive, "zip:compression=store");
    // No blocking into 10 KiB records: every piece goes out as it is made.
    archive_write_set_bytes_per_block(m_archive, 0);
    archive_write_open2(m_archive, this, nullptr, &ZipStream::onWrite, nullptr, nullptr);
    connect(sink, &HttpStreamSink::ready, this, &ZipStream::pump);
    sink->enableFlowControl();
}

ZipStream::~ZipStream()
{
    if (m_archive)
        archive_write_free(m_archive);
}

std::function<void(HttpStreamSink *)> ZipStream::writer(
    QList<PortalReadModel::ArchiveEntry> entries, BlobStorePtr store)
{
    return [entries = std::move(entries), store = std::move(store)](HttpStreamSink *sink) {
        new ZipStream(entries, store, sink);
    };
}

la_ssize_t ZipStream::onWrite(struct archive *, void *self, const void *buffer, size_t length)
{
    auto *stream = static_cast<ZipStream *>(self);
    if (!stream->m_sink || !stream->m_sink->isOpen())
        return -1;
    stream->m_sink->write(QByteArray(static_cast<const char *>(buffer), qsizetype(length)));
    return static_cast<la_ssize_t>(length);
}

bool ZipStream::openNext()
{
    while (m_next < m_entries.size()) {
        const PortalReadModel::ArchiveEntry &e = m_entries.at(m_next++);
        std::unique_ptr<QIODevice> file = m_store->openRead(e.blobName, 0, e.size);
        if (!file) {
            qCWarning(lcZip).noquote() << "Leaving out of a ZIP what cannot be read:" << e.blobName;
            continue;
        }
        archive_entry *entry = archive_entry_new();
        archive_entry_set_pathname_utf8(entry, e.path.toUtf8().constData());
        archive_entry_set_size(entry, e.size);
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_mtime(entry, e.modified.toSecsSinceEpoch(), 0);
        const int r = archive_write_header(m_archive, entry);
        archive_entry_free(entry);
        if (r != ARCHIVE_OK) {
            qCWarning(lcZip).noquote() << "Cannot write a ZIP entry:" << archive_error_string(m_archive);
            return false;
        }
        m_file = std::move(file);
        m_fileLeft = e.size;
        if (m_file->isSequential())
            connect(m_file.get(), &QIODevice::readyRead, this, &ZipStream::pump);
        return true;
    }
    return false;
}

void ZipStream::pump()
{
    while (!m_done && m_sink && m_sink->isOpen() && m_sink->queued() < HttpStreamSink::lowWater) {
        if (!m_file && !openNext()) {
            finish();
            return;
        }
        if (m_fileLeft == 0) {
            archive_write_finish_entry(m_archive);
            m_file.reset();
            continue;
        }
        QByteArray piece(qMin(kPiece, m_fileLeft), Qt::Uninitialized);
        const qint64 got = m_file->read(piece.data(), piece.size());
        if (got == 0 && m_file->isSequential())
            return; // more comes with readyRead
        if (got <= 0) {
            // Fewer bytes than the entry's header promised: the archive cannot be finished.
            qCWarning(lcZip).noquote() << "ZIP stream cut short: an entry ended early:" << m_file->errorString();
            m_done = true;
            if (m_sink)
                m_sink->close();
            return;
        }
        piece.truncate(got);
        m_fileLeft -= got;
        if (archive_write_data(m_archive, piece.constData(), size_t(piece.size())) < 0) {
            qCWarning(lcZip).noquote() << "ZIP stream cut short:" << archive_error_string(m_archive);
            m_done = true;
            if (m_sink)
                m_sink->close();
            return;
        }
    }
}

void ZipStream::finish()
{
    m_done = true;
    // The central directory goes out through onWrite; then the response ends.
    archive_write_close(m_archive);
    if (m_sink)
        m_sink->close();
}
