// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// PortalViewModel: the tree of "View Portal as This Contact" (projects → Tasks/Files/Sign-Offs →
// items), built from the server's portal-view answer, under QAbstractItemModelTester.

#include <QAbstractItemModelTester>
#include <QDate>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

#include "models/portalviewmodel.h"

namespace {

QJsonObject can(std::initializer_list<std::pair<const char *, bool>> actions)
{
    QJsonObject out;
    for (const auto &[name, allowed] : actions)
        out.insert(QString::fromLatin1(name), allowed);
    return out;
}

// A portal-view answer as GET /api/v1/contacts/{id}/portal-view gives it.
QJsonObject view()
{
    const QJsonObject brand{{QStringLiteral("project"),
                                QJsonObject{{QStringLiteral("id"), QStringLiteral("p1")},
                                    {QStringLiteral("name"), QStringLiteral("Brand refresh")},
                                    {QStringLiteral("description"), QStringLiteral("New logo")},
                                    {QStringLiteral("can"), can({{"upload", true}})}}},
        {QStringLiteral("tasks"),
            QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("t1")},
                           {QStringLiteral("title"), QStringLiteral("Moodboard")},
                           {QStringLiteral("status"), QStringLiteral("in_progress")},
                           {QStringLiteral("due_date"), QStringLiteral("2026-12-24")},
                           {QStringLiteral("can"), can({{"edit", false}, {"comment", false}})}},
                QJsonObject{{QStringLiteral("id"), QStringLiteral("t2")},
                    {QStringLiteral("title"), QStringLiteral("Choose a colour")},
                    {QStringLiteral("status"), QStringLiteral("todo")},
                    {QStringLiteral("can"), can({{"edit", true}, {"comment", true}})}}}},
        {QStringLiteral("files"),
            QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("f1")},
                {QStringLiteral("name"), QStringLiteral("logo.png")},
                {QStringLiteral("folder"), QStringLiteral("Drafts")}, {QStringLiteral("size"), 2048},
                {QStringLiteral("can"), can({{"download", true}, {"edit", true}})}}}},
        {QStringLiteral("signoffs"),
            QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("s1")},
                {QStringLiteral("title"), QStringLiteral("Approve the logo")},
                {QStringLiteral("status"), QStringLiteral("sent")},
                {QStringLiteral("can"), can({{"approve", true}})}}}}};
    const QJsonObject menus{{QStringLiteral("project"),
                                QJsonObject{{QStringLiteral("id"), QStringLiteral("p2")},
                                    {QStringLiteral("name"), QStringLiteral("Menu boards")},
                                    {QStringLiteral("can"), can({{"upload", false}})}}},
        {QStringLiteral("tasks"), QJsonArray{}}, {QStringLiteral("files"), QJsonArray{}},
        {QStringLiteral("signoffs"), QJsonArray{}}};
    return QJsonObject{{QStringLiteral("contact"), QJsonObject{{QStringLiteral("id"), QStringLiteral("c1")}}},
        {QStringLiteral("projects"), QJsonArray{brand, menus}}};
}

} // namespace

class TestPortalViewModel : public QObject
{
    Q_OBJECT

private slots:
    void buildsTheTreeOfWhatTheContactSees();
    void accessFollowsWhatTheContactMayDo_data();
    void accessFollowsWhatTheContactMayDo();
    void clearingAndReplacingResetsTheModel();
};

void TestPortalViewModel::buildsTheTreeOfWhatTheContactSees()
{
    PortalViewModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setView(view());
    QCOMPARE(model.projectCount(), 2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(PortalViewModel::ColumnCount));
    const QModelIndex brand = model.index(0, PortalViewModel::NameColumn);
    QCOMPARE(brand.data().toString(), QStringLiteral("Brand refresh"));
    QCOMPARE(brand.data(PortalViewModel::KindRole).toString(), QStringLiteral("project"));
    // Tasks, Files and Sign-Offs, each with its count.
    QCOMPARE(model.rowCount(brand), 3);
    const QModelIndex tasks = model.index(0, 0, brand);
    QCOMPARE(tasks.data(PortalViewModel::KindRole).toString(), QStringLiteral("group"));
    QVERIFY2(tasks.data().toString().contains(u"(2)"), qPrintable(tasks.data().toString()));
    QCOMPARE(model.rowCount(tasks), 2);
    const QModelIndex moodboard = model.index(0, PortalViewModel::NameColumn, tasks);
    QCOMPARE(moodboard.data().toString(), QStringLiteral("Moodboard"));
    QCOMPARE(moodboard.data(PortalViewModel::ItemIdRole).toString(), QStringLiteral("t1"));
    QCOMPARE(model.parent(moodboard), tasks);
    QCOMPARE(model.parent(tasks), brand);
    // The due date in the user's locale, never as stored.
    const QString detail = model.index(0, PortalViewModel::DetailColumn, tasks).data().toString();
    QVERIFY2(detail.contains(QLocale().toString(QDate(2026, 12, 24), QLocale::ShortFormat)), qPrintable(detail));
    QVERIFY2(!detail.contains(u"2026-12-24"), qPrintable(detail));
    const QModelIndex files = model.index(1, 0, brand);
    QVERIFY(model.index(0, PortalViewModel::DetailColumn, files).data().toString().contains(u"Drafts"));
    // A project with nothing shared still shows its empty groups.
    const QModelIndex menus = model.index(1, 0);
    QCOMPARE(model.rowCount(menus), 3);
    QCOMPARE(model.rowCount(model.index(0, 0, menus)), 0);
}

void TestPortalViewModel::accessFollowsWhatTheContactMayDo_data()
{
    QTest::addColumn<int>("project");
    QTest::addColumn<int>("group");
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("access");
    QTest::addRow("a project open to uploads") << 0 << -1 << -1 << QStringLiteral("upload");
    QTest::addRow("a project to look at") << 1 << -1 << -1 << QStringLiteral("view");
    QTest::addRow("a read-only task") << 0 << 0 << 0 << QStringLiteral("read_only");
    QTest::addRow("an editable task") << 0 << 0 << 1 << QStringLiteral("editable");
    QTest::addRow("an editable file") << 0 << 1 << 0 << QStringLiteral("editable");
    QTest::addRow("a sign-off to answer") << 0 << 2 << 0 << QStringLiteral("approve");
}

void TestPortalViewModel::accessFollowsWhatTheContactMayDo()
{
    QFETCH(int, project);
    QFETCH(int, group);
    QFETCH(int, row);
    QFETCH(QString, access);
    PortalViewModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setView(view());
    QModelIndex index = model.index(project, 0);
    if (group >= 0)
        index = model.index(row, 0, model.index(group, 0, index));
    QVERIFY(index.isValid());
    QCOMPARE(index.data(PortalViewModel::AccessRole).toString(), access);
    QVERIFY(!model.index(index.row(), PortalViewModel::AccessColumn, index.parent()).data().toString().isEmpty());
}

void TestPortalViewModel::clearingAndReplacingResetsTheModel()
{
    PortalViewModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setView(view());
    QCOMPARE(reset.count(), 1);
    model.clear();
    QCOMPARE(reset.count(), 2);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.projectCount(), 0);
    model.setView(QJsonObject{{QStringLiteral("projects"), QJsonArray{}}});
    QCOMPARE(reset.count(), 3);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestPortalViewModel)
#include "tst_portalviewmodel.moc"
