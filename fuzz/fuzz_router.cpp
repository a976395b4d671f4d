// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The server's real route table (ApiRoutes::registerAll) matched against arbitrary method + path
// (Router::match), and the checks of the names that arrive in paths: portal slugs (/p/{slug}),
// custom host names and e-mail addresses (EntitySchema).
//
// Input: the method, a newline, then the (decoded) path as UTF-8. No handler runs.
//
// Properties: a match is of the asked method (HEAD may use GET), its pattern rebuilt with the
// matched parameters is the path, and no parameter is empty or spans a '/'; a 405 lists the
// allowed methods sorted, once each, without the asked one. isValidSlug agrees with the slug
// rule written out by hand; an accepted host name or address meets its basic shape.
#include <cstdint>

#include <QStringList>
#include <QTemporaryDir>

#include "common/entityschema.h"
#include "fuzz/fuzzsupport.h"
#include "server/api/apiroutes.h"
#include "server/http/router.h"

namespace {

const Router &router()
{
    static const Router *instance = [] {
        static QTemporaryDir dataDir;
        auto *r = new Router; // for the whole process
        ApiOptions options;
        options.dataDir = dataDir.path();
        ApiRoutes::registerAll(*r, options);
        return r;
    }();
    return *instance;
}

void checkMatch(const QByteArray &method, const QString &path)
{
    const Router::Match match = router().match(method, path);
    if (match.route) {
        if (match.route->method != method && !(method == "HEAD" && match.route->method == "GET"))
            FuzzSupport::fail("matched a route of another method", QString::fromLatin1(method) + u' ' + path);
        for (const QString &value : match.params) {
            if (value.isEmpty() || value.contains(u'/'))
                FuzzSupport::fail("a parameter is empty or spans segments", path);
        }
        QStringList segments = match.route->pattern.split(u'/');
        for (QString &segment : segments) {
            if (segment.size() > 2 && segment.startsWith(u'{') && segment.endsWith(u'}'))
                segment = match.params.value(segment.mid(1, segment.size() - 2));
        }
        const QString rebuilt = segments.join(u'/');
        if (rebuilt != path)
            FuzzSupport::fail("the matched pattern does not give back the path", path + u" vs " + rebuilt);
        if (match.pathKnown)
            FuzzSupport::fail("a match is also reported as a 405", path);
        return;
    }
    if (!match.pathKnown) {
        if (!match.allowedMethods.isEmpty())
            FuzzSupport::fail("a 404 carries allowed methods", path);
        return;
    }
    QByteArrayList sorted = match.allowedMethods;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    if (match.allowedMethods.isEmpty() || sorted != match.allowedMethods || match.allowedMethods.contains(method))
        FuzzSupport::fail("a 405 with a bad Allow list", path);
}

// The slug rule, written out without a regular expression.
bool slugByHand(const QString &slug)
{
    if (slug.size() < 3 || slug.size() > 63 || slug.startsWith(u'-') || slug.endsWith(u'-')
        || slug.contains(QStringLiteral("--")))
        return false;
    for (const QChar c : slug) {
        if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-'))
            return false;
    }
    return true;
}

void checkNames(const QString &text)
{
    if (EntitySchema::isValidSlug(text) != slugByHand(text))
        FuzzSupport::fail("isValidSlug disagrees with the slug rule", text);
    if (EntitySchema::isValidHostName(text)) {
        if (text.size() > 253 || text != text.toLower() || !text.contains(u'.'))
            FuzzSupport::fail("an accepted host name of the wrong shape", text);
        for (const QString &label : text.split(u'.')) {
            if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
                FuzzSupport::fail("an accepted host name with a bad label", text);
            for (const QChar c : label) {
                if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-'))
                    FuzzSupport::fail("an accepted host name with a bad character", text);
            }
        }
    }
    if (EntitySchema::isValidEmail(text)) {
        if (text.size() > 254 || text.count(u'@') != 1)
            FuzzSupport::fail("an accepted e-mail address of the wrong shape", text);
        for (const QChar c : text) {
            if (c.isSpace())
                FuzzSupport::fail("an accepted e-mail address with a space", text);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FuzzSupport::init();
    router();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = input.indexOf('\n');
    const QByteArray method = newline < 0 ? QByteArrayLiteral("GET") : input.first(newline);
    const QString path = QString::fromUtf8(newline < 0 ? input : input.sliced(newline + 1));
    checkMatch(method, path);
    // A path's segments are what a {slug} or {id} parameter can be.
    for (const QString &segment : path.split(u'/'))
        checkNames(segment);
    return 0;
}
