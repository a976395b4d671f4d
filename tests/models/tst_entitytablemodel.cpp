// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QJsonArray>
#include <QLineEdit>
#include <QPointer>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "common/entityschema.h"
#include "models/entitytablemodel.h"
#include "models/recordfilterproxymodel.h"
#include "sync/localcache.h"

// The table model over a real cache file: background loads, filters, in-place patches on edits
// and tombstones, the sort/filter proxy on raw values, and a reload under an open editor.
class TestEntityTableModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void loadsTheFilteredRows();
    void editsArePatchedInPlace();
    void tombstonesRemoveRows();
    void proxySortsAndFilters();
    void reloadKeepsAnOpenEditor();

private:
    QString addTask(const QString &projectId, const QString &title, const QString &status = QStringLiteral("todo"));

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalCache> m_cache;
    QString m_projectA = EntitySchema::newUuid();
    QString m_projectB = EntitySchema::newUuid();
};

void TestEntityTableModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = std::make_unique<LocalCache>();
    QVERIFY(m_cache->open(m_dir->filePath(QStringLiteral("cache.sqlite"))));
}

void TestEntityTableModel::cleanup()
{
    m_cache.reset();
    m_dir.reset();
}

QString TestEntityTableModel::addTask(const QString &projectId, const QString &title, const QString &status)
{
    const QString id = EntitySchema::newUuid();
    auto r = m_cache->applyEdit({LocalEdit::Op::Create, QStringLiteral("task"), id,
        {{"project_id", projectId}, {"title", title}, {"status", status}}});
    return r ? id : QString();
}

static QList<EntityTableModel::Column> taskColumns()
{
    return {{QStringLiteral("title"), QStringLiteral("Task")},
        {QStringLiteral("status"), QStringLiteral("Status"), {{QStringLiteral("todo"), QStringLiteral("To do")}}},
        {QStringLiteral("position"), QStringLiteral("Position")}};
}

void TestEntityTableModel::loadsTheFilteredRows()
{
    addTask(m_projectA, QStringLiteral("One"));
    addTask(m_projectA, QStringLiteral("Two"));
    addTask(m_projectB, QStringLiteral("Elsewhere"));
    EntityTableModel model(m_cache.get(), QStringLiteral("task"), taskColumns());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &EntityTableModel::loaded);
    model.setFilter(QStringLiteral("project_id"), m_projectA);
    QVERIFY(loaded.wait());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Task"));
    const int row = model.rowOf(model.idAt(0));
    QCOMPARE(row, 0);
    // Labels for display, the raw value for sorting and editing.
    QCOMPARE(model.data(model.index(0, 1)).toString(), QStringLiteral("To do"));
    QCOMPARE(model.data(model.index(0, 1), EntityTableModel::SortValueRole).toString(), QStringLiteral("todo"));
    QCOMPARE(model.data(model.index(0, 0), EntityTableModel::PendingRole).toBool(), true);
}

void TestEntityTableModel::editsArePatchedInPlace()
{
    const QString id = addTask(m_projectA, QStringLiteral("One"));
    EntityTableModel model(m_cache.get(), QStringLiteral("task"), taskColumns());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &EntityTableModel::loaded);
    model.setFilter(QStringLiteral("project_id"), m_projectA);
    QVERIFY(loaded.wait());

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QVERIFY(m_cache->applyEdit({LocalEdit::Op::Update, QStringLiteral("task"), id, {{"title", "Renamed"}}}));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.value(model.rowOf(id), QStringLiteral("title")).toString(), QStringLiteral("Renamed"));
    addTask(m_projectA, QStringLiteral("Two"));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    // A task of another project does not enter this view.
    addTask(m_projectB, QStringLiteral("Elsewhere"));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(reset.count(), 0);
}

void TestEntityTableModel::tombstonesRemoveRows()
{
    const QString id = EntitySchema::newUuid();
    QVERIFY(m_cache->applyPullPage({QJsonObject{{"entity", "task"}, {"id", id}, {"version", 3}, {"deleted", false},
                                       {"data", QJsonObject{{"project_id", m_projectA}, {"title", "Server task"}}}}},
        3));
    EntityTableModel model(m_cache.get(), QStringLiteral("task"), taskColumns());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &EntityTableModel::loaded);
    model.setFilter(QStringLiteral("project_id"), m_projectA);
    QVERIFY(loaded.wait());
    QCOMPARE(model.rowCount(), 1);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    auto changed =
        m_cache->applyPullPage({QJsonObject{{"entity", "task"}, {"id", id}, {"version", 4}, {"deleted", true},
                                   {"data", QJsonObject{{"project_id", m_projectA}, {"title", "Server task"}}}}},
            4);
    QVERIFY(changed);
    // Pulls are reported by the sync engine; here the test hands them on like the app does.
    model.refreshRows(QStringLiteral("task"), changed->value(QStringLiteral("task")));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowCount(), 0);
}

void TestEntityTableModel::proxySortsAndFilters()
{
    addTask(m_projectA, QStringLiteral("banana"), QStringLiteral("done"));
    addTask(m_projectA, QStringLiteral("Apple"), QStringLiteral("todo"));
    addTask(m_projectA, QStringLiteral("cherry"), QStringLiteral("todo"));
    EntityTableModel model(m_cache.get(), QStringLiteral("task"), taskColumns());
    RecordFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSearchFields({QStringLiteral("title")});
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &EntityTableModel::loaded);
    model.setFilter(QStringLiteral("project_id"), m_projectA);
    QVERIFY(loaded.wait());
    // Sorting happens on a worker thread and arrives as one layout change.
    QSignalSpy sorted(&model, &EntityTableModel::sorted);
    QSignalSpy layout(&proxy, &QAbstractItemModel::layoutChanged);
    proxy.sort(0, Qt::AscendingOrder);
    QVERIFY(sorted.wait());
    QVERIFY(layout.count() >= 1);
    QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("Apple")); // case-insensitive
    QCOMPARE(proxy.index(2, 0).data().toString(), QStringLiteral("cherry"));
    // A new row lands where it belongs in the current order.
    addTask(m_projectA, QStringLiteral("blueberry"), QStringLiteral("todo"));
    QCOMPARE(proxy.rowCount(), 4);
    QCOMPARE(proxy.index(2, 0).data().toString(), QStringLiteral("blueberry"));
    proxy.sort(0, Qt::DescendingOrder);
    QVERIFY(sorted.wait());
    QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("cherry"));
    QCOMPARE(proxy.index(3, 0).data().toString(), QStringLiteral("Apple"));
    proxy.setFieldFilter(QStringLiteral("status"), QStringLiteral("todo"));
    QCOMPARE(proxy.rowCount(), 3);
    proxy.setSearchText(QStringLiteral("CHER"));
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setFieldFilter(QStringLiteral("status"), QString());
    proxy.setSearchText({});
    QCOMPARE(proxy.rowCount(), 4);
}

// A pull too large to patch row by row reloads the view in the background. When the rows land, an
// editor someone opened meanwhile stays open on its item (which may have moved), and what they type
// is still saved; rows the pull removed go, rows it added come.
void TestEntityTableModel::reloadKeepsAnOpenEditor()
{
    const QString gone = addTask(m_projectA, QStringLiteral("Goes"));
    const QString edited = addTask(m_projectA, QStringLiteral("Edited"));
    QList<EntityTableModel::Column> columns = taskColumns();
    columns[0].editable = true;
    EntityTableModel model(m_cache.get(), QStringLiteral("task"), columns);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &EntityTableModel::loaded);
    model.setFilter(QStringLiteral("project_id"), m_projectA);
    QVERIFY(loaded.wait());
    RecordFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QTableView view;
    view.setModel(&proxy);
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    const QModelIndex title = proxy.mapFromSource(model.index(model.rowOf(edited), 0));
    view.setCurrentIndex(title);
    view.edit(title);
    QPointer<QLineEdit> editor = view.findChild<QLineEdit *>();
    QVERIFY(editor && editor->isVisible());
    editor->setText(QStringLiteral("Edited while a pull landed"));

    // The pull: the first task deleted, 250 new ones before the edited one.
    QJsonArray page{QJsonObject{{"entity", "task"}, {"id", gone}, {"version", 10}, {"deleted", true},
        {"data", QJsonObject{{"project_id", m_projectA}, {"title", "Goes"}}}}};
    QStringList ids{gone};
    for (int i = 0; i < 250; ++i) {
        const QString id = EntitySchema::newUuid();
        page.append(QJsonObject{{"entity", "task"}, {"id", id}, {"version", 11 + i}, {"deleted", false},
            {"data", QJsonObject{{"project_id", m_projectA}, {"title", QStringLiteral("Pulled %1").arg(i)}}}});
        ids.append(id);
    }
    QVERIFY(m_cache->applyPullPage(page, 300));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.refreshRows(QStringLiteral("task"), ids);
    QVERIFY(model.isLoading());
    QVERIFY(loaded.wait());
    QCOMPARE(model.rowCount(), 251);
    QCOMPARE(model.rowOf(gone), -1);
    QCOMPARE(view.verticalHeader()->count(), 251);
    QVERIFY(editor);
    QVERIFY(editor->isVisible());
    QCOMPARE(reset.count(), 0);
    QCOMPARE(view.currentIndex().data(EntityTableModel::ItemIdRole).toString(), edited);
    QSignalSpy requested(&model, &EntityTableModel::editRequested);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(requested.count(), 1); // the delegate commits on the next turn of the event loop
    QCOMPARE(requested.first().at(0).toString(), edited);
    QCOMPARE(requested.first().at(2).toString(), QStringLiteral("Edited while a pull landed"));
}

QTEST_MAIN(TestEntityTableModel)
#include "tst_entitytablemodel.moc"
