// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include "server/api/apimetrics.h"
#include "server/api/apiroutes.h"
#include "server/http/router.h"

// server/api/openapi.yaml must describe exactly the routes the server registers.
class TestOpenApi : public QObject
{
    Q_OBJECT

private slots:
    void everyRouteIsDescribed();
};

namespace {

// "METHOD /path" for every operation under `paths:` (the file keeps to two-space indentation).
QSet<QString> documentedRoutes(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    static const QRegularExpression pathLine(QStringLiteral("^  (/\\S*):\\s*$"));
    static const QRegularExpression methodLine(QStringLiteral("^    (get|put|post|delete|patch|head|options):\\s*$"));
    QSet<QString> routes;
    bool inPaths = false;
    QString current;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).chopped(1);
        if (!line.startsWith(u' ') && !line.isEmpty())
            inPaths = line.startsWith(u"paths:");
        if (!inPaths)
            continue;
        if (const auto m = pathLine.match(line); m.hasMatch())
            current = m.captured(1);
        else if (const auto m = methodLine.match(line); m.hasMatch() && !current.isEmpty())
            routes.insert(m.captured(1).toUpper() + u' ' + current);
    }
    return routes;
}

} // namespace

void TestOpenApi::everyRouteIsDescribed()
{
    Router router;
    ApiOptions options;
    options.dataDir = QDir::tempPath();
    // Every route there can be: GET /metrics only exists with --metrics.
    options.metrics = std::make_shared<ApiMetrics>();
    ApiRoutes::registerAll(router, options);
    QSet<QString> registered;
    for (const Route &route : router.routes())
        registered.insert(QString::fromLatin1(route.method) + u' ' + route.pattern);
    QVERIFY(registered.size() >= 10);

    const QSet<QString> documented = documentedRoutes(QStringLiteral(ATRIUM_SOURCE_DIR "/server/api/openapi.yaml"));
    QVERIFY2(!documented.isEmpty(), "server/api/openapi.yaml could not be read");
    const QSet<QString> missing = registered - documented;
    const QSet<QString> extra = documented - registered;
    QVERIFY2(missing.isEmpty(),
        qPrintable(QStringLiteral("not in openapi.yaml: ") + QStringList(missing.values()).join(u", ")));
    QVERIFY2(extra.isEmpty(),
        qPrintable(QStringLiteral("in openapi.yaml but not served: ") + QStringList(extra.values()).join(u", ")));
}

QTEST_GUILESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"
