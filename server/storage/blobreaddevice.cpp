// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/blobreaddevice.h"

#include <QByteArray>
#include <QMutex>
#include <QPointer>
#include <QThreadPool>
#include <QWaitCondition>

namespace {

// Readers wait on a store (often the network), not on the processor: more of them than cores.
QThreadPool *readerPool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(32);
        return p;
    }();
    return pool;
}

} // namespace

struct BlobReadDevice::Shared
{
    QMutex mutex;
    QWaitCondition roomToWrite;
    QByteArray buffer;
    qsizetype readPos = 0;
    bool done = false; // the producer finished (see error)
    bool cancelled = false; // the device is gone
    bool notifyPending = false;
    QString error;
    BlobReadDevice *device = nullptr; // valid while !cancelled, under the mutex

    qint64 unread() const { return buffer.size() - readPos; }
    // Under the mutex: tells the device (on its thread) that something happened.
    void notify()
    {
        if (cancelled || notifyPending)
            return;
        notifyPending = true;
        QMetaObject::invokeMethod(device, &BlobReadDevice::readyRead, Qt::QueuedConnection);
    }
};

BlobReadDevice::BlobReadDevice(Producer producer, QObject *parent)
    : QIODevice(parent)
    , m_producer(std::move(producer))
    , m_shared(std::make_shared<Shared>())
{
    m_shared->device = this;
}

BlobReadDevice::~BlobReadDevice()
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->cancelled = true;
    m_shared->device = nullptr;
    m_shared->roomToWrite.wakeAll();
}

bool BlobReadDevice::open(OpenMode mode)
{
    if (mode != QIODevice::ReadOnly || isOpen() || !m_producer)
        return false;
    QIODevice::open(mode | QIODevice::Unbuffered); // the shared buffer is the only one
    std::shared_ptr<Shared> shared = m_shared;
    Producer producer = std::exchange(m_producer, {});
    readerPool()->start([shared, producer] {
        const auto sink = [&shared](const char *data, qint64 size) {
            QMutexLocker lock(&shared->mutex);
            while (!shared->cancelled && shared->unread() >= maxBuffered)
                shared->roomToWrite.wait(&shared->mutex);
            if (shared->cancelled)
                return false;
            if (shared->readPos > 0) {
                shared->buffer.remove(0, shared->readPos);
                shared->readPos = 0;
            }
            shared->buffer.append(data, size);
            shared->notify();
            return true;
        };
        const auto result = producer(sink);
        QMutexLocker lock(&shared->mutex);
        if (!result && !shared->cancelled)
            shared->error = result.error().message;
        shared->done = true;
        shared->notify();
    });
    return true;
}

qint64 BlobReadDevice::bytesAvailable() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->unread() + QIODevice::bytesAvailable();
}

bool BlobReadDevice::atEnd() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->done && m_shared->error.isEmpty() && m_shared->unread() == 0 && QIODevice::bytesAvailable() == 0;
}

qint64 BlobReadDevice::readData(char *data, qint64 maxSize)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->notifyPending = false;
    const qint64 n = qMin(maxSize, m_shared->unread());
    if (n > 0) {
        memcpy(data, m_shared->buffer.constData() + m_shared->readPos, size_t(n));
        m_shared->readPos += n;
        m_shared->roomToWrite.wakeAll();
        return n;
    }
    if (m_shared->done && !m_shared->error.isEmpty()) {
        setErrorString(m_shared->error);
        return -1;
    }
    return m_shared->done ? -1 : 0;
}
