// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QUrl>

// One GET /api/v1/sync/events, read as it arrives. Each stream has a network access manager of
// its own: one manager opens at most six connections to a host and queues the rest.
class EventStream : public QObject
{
public:
    struct Event
    {
        QByteArray type;
        QByteArray data;
    };

    EventStream(const QUrl &baseUrl, const QByteArray &token)
    {
        m_manager.setProxy(QNetworkProxy::NoProxy);
        QUrl url = baseUrl;
        url.setPath(QStringLiteral("/api/v1/sync/events"));
        QNetworkRequest request(url);
        request.setRawHeader("Accept", "text/event-stream");
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        m_reply = m_manager.get(request);
        connect(m_reply, &QIODevice::readyRead, this, &EventStream::read);
        connect(m_reply, &QNetworkReply::finished, this, &EventStream::read);
    }
    ~EventStream() override { close(); }

    int status() const { return m_reply ? m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() : 0; }
    QByteArray header(const QByteArray &name) const { return m_reply ? m_reply->rawHeader(name) : QByteArray(); }
    bool isFinished() const { return !m_reply || m_reply->isFinished(); }
    QByteArray raw() const { return m_raw; }
    const QList<Event> &events() const { return m_events; }
    int comments() const { return m_comments; }

    // The versions of the "version" events so far, in order.
    QList<qint64> versions() const
    {
        QList<qint64> list;
        for (const Event &event : m_events) {
            if (event.type == "version")
                list.append(QJsonDocument::fromJson(event.data).object().value(u"version").toInteger(-1));
        }
        return list;
    }
    qint64 lastVersion() const
    {
        const QList<qint64> list = versions();
        return list.isEmpty() ? -1 : list.last();
    }

    // Hangs up from the client's side.
    void close()
    {
        if (!m_reply)
            return;
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
        delete m_reply;
        m_reply = nullptr;
    }

private:
    void read()
    {
        if (!m_reply)
            return;
        m_raw += m_reply->readAll();
        // Events end with a blank line; the server writes "\n" line ends.
        for (;;) {
            const qsizetype end = m_raw.indexOf("\n\n", m_parsed);
            if (end < 0)
                break;
            Event event;
            bool comment = true;
            const QByteArray block = m_raw.mid(m_parsed, end - m_parsed);
            for (const QByteArray &line : block.split('\n')) {
                if (line.startsWith(':'))
                    continue;
                comment = false;
                if (line.startsWith("event: "))
                    event.type = line.mid(7);
                else if (line.startsWith("data: "))
                    event.data += line.mid(6);
            }
            m_parsed = end + 2;
            if (comment)
                ++m_comments;
            else if (!event.type.isEmpty() || !event.data.isEmpty())
                m_events.append(event);
        }
    }

    QNetworkAccessManager m_manager;
    QNetworkReply *m_reply = nullptr;
    QByteArray m_raw;
    qsizetype m_parsed = 0;
    QList<Event> m_events;
    int m_comments = 0;
};
