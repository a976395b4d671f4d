// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

#include <QByteArray>
#include <QByteArrayList>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include "server/http/httprequest.h"
#include "server/http/httpresponse.h"

// Runs on a thread of the server's QThreadPool, never on the network thread.
using RouteHandler = std::function<HttpResponse(HttpRequest &request)>;

struct Route
{
    QByteArray method; // "GET"
    QString pattern; // "/api/v1/files/{id}/content" — {name} matches one non-empty path segment
    qint64 maxBodyBytes = 0; // 0 = no body allowed (a body -> 413)
    RouteHandler handler;
    // A long read (a sync pull page, an export) that may yield the CPU to quick requests: run on
    // the server's bulk threads, at a lower scheduling priority (HttpServer::setBulkPool).
    bool bulk = false;
};

// Maps method + path to a Route. Built once at start-up and then only read (from the network
// thread), so it needs no locking; it must outlive the HttpServer that uses it.
//
// A literal segment wins over a {param} segment at the same position, so "/files/search" beats
// "/files/{id}" whatever the order of registration. HEAD falls back to the GET route of the
// same path when no HEAD route is registered (the layer then sends no body).
class Router
{
public:
    void add(Route route);
    void add(const QByteArray &method, const QString &pattern, qint64 maxBodyBytes, RouteHandler handler);

    struct Match
    {
        const Route *route = nullptr;
        QHash<QString, QString> params;
        bool pathKnown = false; // path matched with another method -> 405
        QByteArrayList allowedMethods; // for the Allow header of a 405 (sorted, HEAD added for GET)
    };
    Match match(const QByteArray &method, const QString &path) const;
    QList<Route> routes() const;

private:
    struct Compiled
    {
        QStringList segments; // "" at index 0 for the leading slash
        QList<bool> isParam;
    };
    Match matchExact(const QByteArray &method, const QStringList &segments) const;
    static bool matches(const Compiled &compiled, const QStringList &segments);

    QList<Route> m_routes;
    QList<Compiled> m_compiled; // parallel to m_routes
};
