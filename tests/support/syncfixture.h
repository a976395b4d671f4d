// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>

#include "common/entityschema.h"
#include "tests/support/testclient.h"

// Small builders for sync mutations, shared by the server tests.
namespace SyncFixture {

// An id as the desktop makes one.
inline QString newId()
{
    return EntitySchema::newUuid();
}

inline QJsonObject mutation(const QString &entity, const QString &id, const QString &op, const QJsonObject &fields = {},
    const QJsonObject &base = {}, const QString &mutationId = newId())
{
    QJsonObject m{{QStringLiteral("mutation_id"), mutationId}, {QStringLiteral("entity"), entity},
        {QStringLiteral("id"), id}, {QStringLiteral("op"), op}};
    if (!fields.isEmpty())
        m.insert(QStringLiteral("fields"), fields);
    if (!base.isEmpty())
        m.insert(QStringLiteral("base"), base);
    return m;
}

inline TestClient::Reply push(
    TestClient &client, const QJsonArray &mutations, const QString &clientId = QStringLiteral("test"))
{
    return client.post(QStringLiteral("/api/v1/sync/push"),
        QJsonObject{{QStringLiteral("client_id"), clientId}, {QStringLiteral("mutations"), mutations}});
}

// The results array of a push, or empty when the push itself failed.
inline QJsonArray pushResults(TestClient &client, const QJsonArray &mutations)
{
    const TestClient::Reply reply = push(client, mutations);
    if (reply.status != 200)
        return {};
    return reply.object().value(u"results").toArray();
}

// Creates a client with one project through a push; returns the project's id (empty on failure).
inline QString createProject(TestClient &client)
{
    const QString clientId = newId();
    const QString projectId = newId();
    const QJsonArray results = pushResults(client,
        {mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "Harbour Coffee"}}),
            mutation(QStringLiteral("project"), projectId, QStringLiteral("create"),
                {{"client_id", clientId}, {"name", "Brand refresh"}})});
    if (results.size() != 2 || results.at(1).toObject().value(u"status").toString() != u"applied")
        return {};
    return projectId;
}

// Pulls every page from `since` and returns all changes in order; `cursor` gets the final cursor.
inline QJsonArray pullAll(TestClient &client, qint64 since = 0, qint64 *cursor = nullptr, int limit = 1000)
{
    QJsonArray all;
    qint64 at = since;
    for (int page = 0; page < 100000; ++page) {
        const TestClient::Reply reply =
            client.get(QStringLiteral("/api/v1/sync/pull?since=%1&limit=%2").arg(at).arg(limit));
        if (reply.status != 200)
            return {};
        const QJsonObject body = reply.object();
        for (const QJsonValue &change : body.value(u"changes").toArray())
            all.append(change);
        at = body.value(u"cursor").toInteger();
        if (!body.value(u"more").toBool())
            break;
    }
    if (cursor)
        *cursor = at;
    return all;
}

// The latest state of an entity in a list of changes (empty object if absent).
inline QJsonObject find(const QJsonArray &changes, const QString &id)
{
    QJsonObject found;
    for (const QJsonValue &change : changes) {
        if (change.toObject().value(u"id").toString() == id)
            found = change.toObject();
    }
    return found;
}

inline QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

// Uploads `content` as a new file in the project's Deliverables folder in one chunk; returns the
// file's id (empty on failure, with the replies logged).
inline QString upload(TestClient &client, const QString &projectId, const QString &name, const QByteArray &content)
{
    const QString fileId = newId();
    const TestClient::Reply started = client.post(QStringLiteral("/api/v1/files/uploads"),
        QJsonObject{{"file_id", fileId}, {"project_id", projectId}, {"folder", "Deliverables"}, {"name", name},
            {"size", content.size()}, {"sha256", sha256Hex(content)}});
    if (started.status != 201) {
        qWarning() << "start:" << started.status << started.body;
        return {};
    }
    const QString uploadId = started.object().value(u"upload_id").toString();
    const TestClient::Reply chunk = client.put(QStringLiteral("/api/v1/files/uploads/%1?offset=0").arg(uploadId),
        content, QByteArrayLiteral("application/octet-stream"));
    const TestClient::Reply done =
        client.post(QStringLiteral("/api/v1/files/uploads/%1/complete").arg(uploadId), QJsonObject());
    if (chunk.status != 200 || done.status != 201) {
        qWarning() << "chunk:" << chunk.status << chunk.body << "complete:" << done.status << done.body;
        return {};
    }
    return fileId;
}

} // namespace SyncFixture
