// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "common/entityschema.h"
#include "models/entitytablemodel.h"
#include "models/recordfilterproxymodel.h"
#include "sync/localcache.h"

// The table model over a real cache file: background loads, filters, in-place patches on edits
// and tombstones, and the sort/filter proxy on raw values.
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

QTEST_MAIN(TestEntityTableModel)
#include "tst_entitytablemodel.moc"
