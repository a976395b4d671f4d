// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/http/httpstreamsink.h"

#include "server/http/httpconnection.h"

HttpStreamSink::HttpStreamSink(HttpConnection *connection)
    : QObject(connection)
    , m_connection(connection)
{
}

HttpStreamSink::~HttpStreamSink() = default;

void HttpStreamSink::write(const QByteArray &bytes)
{
    if (m_connection && !bytes.isEmpty())
        m_connection->streamWrite(bytes);
}

void HttpStreamSink::close()
{
    if (m_connection)
        m_connection->streamClose();
}

void HttpStreamSink::enableFlowControl()
{
    if (m_connection)
        m_connection->streamEnableFlowControl();
}

qint64 HttpStreamSink::queued() const
{
    return m_connection ? m_connection->streamQueued() : 0;
}

void HttpStreamSink::detach()
{
    if (!m_connection)
        return;
    m_connection = nullptr;
    emit finished();
}
