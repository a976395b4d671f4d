// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/http/router.h"

#include <algorithm>

#include "server/http/logging.h"

namespace {

bool isParamSegment(const QString &segment)
{
    return segment.size() > 2 && segment.startsWith(u'{') && segment.endsWith(u'}');
}

// True if a is more specific than b: at the first position where they differ, a has a literal.
bool moreSpecific(const QList<bool> &a, const QList<bool> &b)
{
    for (qsizetype i = 0; i < qMin(a.size(), b.size()); ++i) {
        if (a.at(i) != b.at(i))
            return !a.at(i);
    }
    return false;
}

} // namespace

void Router::add(Route route)
{
    if (!route.pattern.startsWith(u'/')) {
        qCWarning(lcHttp).noquote() << "Ignoring route with a pattern not starting with '/':" << route.pattern;
        return;
    }
    for (const Route &existing : std::as_const(m_routes)) {
        if (existing.method == route.method && existing.pattern == route.pattern) {
            qCWarning(lcHttp).noquote() << "Ignoring duplicate route" << route.method << route.pattern;
            return;
        }
    }
    Compiled compiled;
    compiled.segments = route.pattern.split(u'/');
    for (QString &segment : compiled.segments) {
        const bool param = isParamSegment(segment);
        compiled.isParam.append(param);
        if (param)
            segment = segment.mid(1, segment.size() - 2);
    }
    m_routes.append(std::move(route));
    m_compiled.append(std::move(compiled));
}

void Router::add(const QByteArray &method, const QString &pattern, qint64 maxBodyBytes, RouteHandler handler)
{
    add(Route{method, pattern, maxBodyBytes, std::move(handler)});
}

bool Router::matches(const Compiled &compiled, const QStringList &segments)
{
    if (compiled.segments.size() != segments.size())
        return false;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        if (compiled.isParam.at(i)) {
            if (segments.at(i).isEmpty())
                return false;
        } else if (compiled.segments.at(i) != segments.at(i)) {
            return false;
        }
    }
    return true;
}

Router::Match Router::matchExact(const QByteArray &method, const QStringList &segments) const
{
    Match result;
    qsizetype best = -1;
    for (qsizetype i = 0; i < m_routes.size(); ++i) {
        const Compiled &compiled = m_compiled.at(i);
        if (!matches(compiled, segments))
            continue;
        const QByteArray &routeMethod = m_routes.at(i).method;
        if (routeMethod != method) {
            result.pathKnown = true;
            if (!result.allowedMethods.contains(routeMethod))
                result.allowedMethods.append(routeMethod);
            continue;
        }
        if (best < 0 || moreSpecific(compiled.isParam, m_compiled.at(best).isParam))
            best = i;
    }
    if (best >= 0) {
        result.route = &m_routes.at(best);
        const Compiled &compiled = m_compiled.at(best);
        for (qsizetype i = 0; i < segments.size(); ++i) {
            if (compiled.isParam.at(i))
                result.params.insert(compiled.segments.at(i), segments.at(i));
        }
    }
    return result;
}

Router::Match Router::match(const QByteArray &method, const QString &path) const
{
    const QStringList segments = path.split(u'/');
    Match result = matchExact(method, segments);
    if (!result.route && method == "HEAD") {
        Match viaGet = matchExact(QByteArrayLiteral("GET"), segments);
        if (viaGet.route) {
            viaGet.pathKnown = false;
            return viaGet;
        }
    }
    if (result.route) {
        result.pathKnown = false;
        result.allowedMethods.clear();
        return result;
    }
    if (result.allowedMethods.contains("GET") && !result.allowedMethods.contains("HEAD"))
        result.allowedMethods.append(QByteArrayLiteral("HEAD"));
    std::sort(result.allowedMethods.begin(), result.allowedMethods.end());
    return result;
}

QList<Route> Router::routes() const
{
    return m_routes;
}
