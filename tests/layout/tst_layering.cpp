// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The layers' arrows (README, "Layout"), checked on every source file's #includes:
//
//   app → ui → models → sync → common
//   server/app → server/api → {server/http, server/domain}
//   server/domain → {server/mail, server/storage};  server/mail → server/storage → common
//   server/http → nothing of ours
//
// A folder may include what its arrows reach, directly or through other folders (server/api may
// use common/), never what points at it or sits beside it. models/ includes no widget header, and
// no handler in server/api/ runs SQL (no QtSql, no storage/ header).

#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

namespace {

// Each folder with the folders it may include directly.
const QHash<QString, QStringList> &arrows()
{
    static const QHash<QString, QStringList> table{
        {QStringLiteral("app"), {QStringLiteral("ui")}},
        {QStringLiteral("ui"), {QStringLiteral("models")}},
        {QStringLiteral("models"), {QStringLiteral("sync")}},
        {QStringLiteral("sync"), {QStringLiteral("common")}},
        {QStringLiteral("common"), {}},
        {QStringLiteral("server/app"), {QStringLiteral("server/api")}},
        {QStringLiteral("server/api"), {QStringLiteral("server/http"), QStringLiteral("server/domain")}},
        {QStringLiteral("server/domain"), {QStringLiteral("server/mail"), QStringLiteral("server/storage")}},
        {QStringLiteral("server/mail"), {QStringLiteral("server/storage")}},
        {QStringLiteral("server/storage"), {QStringLiteral("common")}},
        {QStringLiteral("server/http"), {}},
    };
    return table;
}

// The folder a repository path belongs to: the longest key of arrows() it starts with
// ("ui/pages/clientspage.h" → "ui"), or an empty string for anything else.
QString layerOf(const QString &path)
{
    QString best;
    for (auto it = arrows().cbegin(); it != arrows().cend(); ++it) {
        const QString &layer = it.key();
        if (path.startsWith(layer + u'/') && layer.size() > best.size())
            best = layer;
    }
    return best;
}

// Whether `from` may include `to`: the same folder, or one its arrows reach.
bool mayInclude(const QString &from, const QString &to)
{
    if (from == to)
        return true;
    QSet<QString> seen;
    QStringList queue = arrows().value(from);
    while (!queue.isEmpty()) {
        const QString next = queue.takeFirst();
        if (next == to)
            return true;
        if (!seen.contains(next)) {
            seen.insert(next);
            queue += arrows().value(next);
        }
    }
    return false;
}

struct Include
{
    QString file; // repository path of the including file
    int line = 0;
    QString target; // as written: "server/api/apierror.h", <QWidget>
    bool quoted = true;
};

QList<Include> includesOf(const QString &root, const QString &relative)
{
    QList<Include> result;
    QFile file(root + u'/' + relative);
    if (!file.open(QIODevice::ReadOnly))
        return result;
    static const QRegularExpression pattern(QStringLiteral(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])"));
    int number = 0;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine());
        ++number;
        const auto match = pattern.match(line);
        if (match.hasMatch())
            result.append({relative, number, match.captured(2), match.captured(1) == u"\""});
    }
    return result;
}

// What is wrong with one include, or an empty string.
QString problem(const Include &include)
{
    const QString from = layerOf(include.file);
    if (from.isEmpty())
        return {};
    if (include.quoted) {
        const QString to = layerOf(include.target);
        if (!to.isEmpty() && !mayInclude(from, to))
            return QStringLiteral("%1 may not include %2").arg(from, to);
    }
    static const QRegularExpression widgets(
        QStringLiteral(R"(^(QtWidgets/)?Q(Widget|Dialog|MainWindow|AbstractItemView|)"
                       R"(TableView|TreeView|ListView|Label|PushButton|Application|)"
                       R"(StyledItemDelegate|MessageBox|Layout|BoxLayout)\b)"));
    if (from == u"models" && !include.quoted && widgets.match(include.target).hasMatch())
        return QStringLiteral("models/ includes no widget header");
    if (from == u"server/api"
        && ((!include.quoted && include.target.startsWith(u"QSql"))
            || (include.quoted && include.target.startsWith(u"server/storage/"))))
        return QStringLiteral("no handler in server/api/ runs SQL: ask server/domain/");
    return {};
}

QStringList sourceFiles(const QString &root)
{
    QStringList files;
    for (const QString &top : {QStringLiteral("app"), QStringLiteral("ui"), QStringLiteral("models"),
             QStringLiteral("sync"), QStringLiteral("common"), QStringLiteral("server")}) {
        QDirIterator it(root + u'/' + top, {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
            QDirIterator::Subdirectories);
        while (it.hasNext())
            files.append(it.next().mid(root.size() + 1));
    }
    files.sort();
    return files;
}

} // namespace

class TestLayering : public QObject
{
    Q_OBJECT

private slots:
    void checkerRefuses_data();
    void checkerRefuses();
    void everyIncludeFollowsTheArrows();
};

void TestLayering::checkerRefuses_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("quoted");
    QTest::addColumn<bool>("allowed");
    const auto row = [](const char *name, const char *file, const char *target, bool quoted, bool allowed) {
        QTest::addRow("%s", name) << QString::fromLatin1(file) << QString::fromLatin1(target) << quoted << allowed;
    };
    row("ui uses models", "ui/pages/clientspage.cpp", "models/entitytablemodel.h", true, true);
    row("ui reaches common through the arrows", "ui/mainwindow.cpp", "common/entityschema.h", true, true);
    row("models may not use ui", "models/portalviewmodel.cpp", "ui/mainwindow.h", true, false);
    row("models include no widgets", "models/portalviewmodel.cpp", "QWidget", false, false);
    row("sync may not use models", "sync/syncengine.cpp", "models/entitytablemodel.h", true, false);
    row("common depends on nothing", "common/entityschema.cpp", "sync/localcache.h", true, false);
    row("the desktop never uses server code", "ui/mainwindow.cpp", "server/domain/syncstore.h", true, false);
    row("the server never uses sync", "server/domain/syncstore.cpp", "sync/localcache.h", true, false);
    row("http knows nothing of the api", "server/http/httpconnection.cpp", "server/api/apierror.h", true, false);
    row("http knows nothing of common", "server/http/router.cpp", "common/error.h", true, false);
    row("the api sees http and domain", "server/api/synccontroller.cpp", "server/http/router.h", true, true);
    row("the api runs no SQL", "server/api/synccontroller.cpp", "QSqlQuery", false, false);
    row("the api does not reach storage", "server/api/synccontroller.cpp", "server/storage/database.h", true, false);
    row("domain knows no http", "server/domain/syncstore.cpp", "server/http/httprequest.h", true, false);
    row("domain uses mail and storage", "server/domain/syncstore.cpp", "server/mail/mailer.h", true, true);
    row("mail uses storage", "server/mail/mailer.cpp", "server/storage/database.h", true, true);
    row("storage does not use mail", "server/storage/database.cpp", "server/mail/mailer.h", true, false);
    row("storage does not use domain", "server/storage/blobstore.cpp", "server/domain/passwords.h", true, false);
    row("app uses the api", "server/app/servercli.cpp", "server/api/apiroutes.h", true, true);
    row("nothing uses the server app", "server/api/apiroutes.cpp", "server/app/serveroptions.h", true, false);
}

void TestLayering::checkerRefuses()
{
    QFETCH(QString, file);
    QFETCH(QString, target);
    QFETCH(bool, quoted);
    QFETCH(bool, allowed);
    const QString why = problem({file, 1, target, quoted});
    QCOMPARE(why.isEmpty(), allowed);
}

void TestLayering::everyIncludeFollowsTheArrows()
{
    const QString root = QStringLiteral(ATRIUM_SOURCE_DIR);
    const QStringList files = sourceFiles(root);
    QVERIFY2(files.size() > 100, "the source tree was not found");
    QStringList wrong;
    for (const QString &file : files) {
        for (const Include &include : includesOf(root, file)) {
            const QString why = problem(include);
            if (!why.isEmpty())
                wrong.append(
                    QStringLiteral("%1:%2: #include %3 — %4").arg(file).arg(include.line).arg(include.target, why));
        }
    }
    if (!wrong.isEmpty())
        QFAIL(qPrintable(QStringLiteral("%1 includes against the arrows:\n").arg(wrong.size()) + wrong.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestLayering)
#include "tst_layering.moc"
