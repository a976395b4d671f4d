// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIODevice>

#include <expected>
#include <functional>
#include <memory>

#include "common/error.h"

// A read-only sequential device whose content a worker thread produces: the producer runs once on
// a thread of a shared pool and hands its data to a sink, which waits while more than maxBuffered
// bytes are unread, so memory stays bounded however slowly the reader takes it. The reader, on the
// device's own thread, never blocks: read() gives what has arrived (readyRead() says when more
// did), atEnd() is true once everything was read, and a failure makes read() return -1 with the
// error in errorString(). Destroying the device stops the producer at its next piece.
class BlobReadDevice : public QIODevice
{
    Q_OBJECT
public:
    using Sink = std::function<bool(const char *data, qint64 size)>;
    using Producer = std::function<std::expected<void, Error>(const Sink &sink)>;
    static constexpr qint64 maxBuffered = 4 * 1024 * 1024;

    explicit BlobReadDevice(Producer producer, QObject *parent = nullptr);
    ~BlobReadDevice() override;

    bool open(OpenMode mode) override;
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    bool atEnd() const override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    struct Shared;
    Producer m_producer;
    std::shared_ptr<Shared> m_shared;
};
