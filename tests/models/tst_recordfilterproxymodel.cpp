// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// RecordFilterProxyModel over a real EntityTableModel on a real SQLite cache, under
// QAbstractItemModelTester: search text, field filters, and the source's changes passed on.

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "common/entityschema.h"
#include "models/entitytablemodel.h"
#include "models/recordfilterproxymodel.h"
#include "sync/localcache.h"

class TestRecordFilterProxyModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void searchTextMatchesTheChosenFields_data();
    void searchTextMatchesTheChosenFields();
    void fieldFiltersCombine();
    void sourceChangesPassThrough();

private:
    QString addProject(const QString &name, const QString &status, const QString &clientId);
    // A loaded projects model and a proxy over it, both under a tester. A field filter needs its
    // field among the model's columns (the projects page hides the client column).
    void load();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalCache> m_cache;
    std::unique_ptr<EntityTableModel> m_model;
    std::unique_ptr<RecordFilterProxyModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
    const QString m_harbour = EntitySchema::newUuid();
    const QString m_northwind = EntitySchema::newUuid();
};

void TestRecordFilterProxyModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = std::make_unique<LocalCache>();
    QVERIFY(m_cache->open(m_dir->filePath(QStringLiteral("cache.sqlite"))));
    addProject(QStringLiteral("Brand refresh"), QStringLiteral("active"), m_harbour);
    addProject(QStringLiteral("Menu boards"), QStringLiteral("on_hold"), m_harbour);
    addProject(QStringLiteral("Annual report"), QStringLiteral("active"), m_northwind);
    addProject(QStringLiteral("Brand guidelines"), QStringLiteral("completed"), m_northwind);
}

void TestRecordFilterProxyModel::cleanup()
{
    m_proxyTester.reset();
    m_modelTester.reset();
    m_proxy.reset();
    m_model.reset();
    m_cache.reset();
    m_dir.reset();
}

QString TestRecordFilterProxyModel::addProject(const QString &name, const QString &status, const QString &clientId)
{
    const QString id = EntitySchema::newUuid();
    auto r = m_cache->applyEdit({LocalEdit::Op::Create, QStringLiteral("project"), id,
        {{"name", name}, {"status", status}, {"client_id", clientId}}});
    return r ? id : QString();
}

void TestRecordFilterProxyModel::load()
{
    m_model = std::make_unique<EntityTableModel>(m_cache.get(), QStringLiteral("project"),
        QList<EntityTableModel::Column>{{QStringLiteral("name"), QStringLiteral("Project")},
            {QStringLiteral("status"), QStringLiteral("Status")},
            {QStringLiteral("client_id"), QStringLiteral("Client")}});
    m_modelTester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_proxy = std::make_unique<RecordFilterProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    m_proxy->setSearchFields({QStringLiteral("name")});
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(
        m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(m_model.get(), &EntityTableModel::loaded);
    m_model->reload();
    QVERIFY(loaded.wait());
    QCOMPARE(m_proxy->rowCount(), 4);
}

void TestRecordFilterProxyModel::searchTextMatchesTheChosenFields_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("rows");
    QTest::addRow("a word of two names") << QStringLiteral("brand") << 2;
    QTest::addRow("any case") << QStringLiteral("MENU") << 1;
    QTest::addRow("inside a word") << QStringLiteral("port") << 1;
    QTest::addRow("nothing matches") << QStringLiteral("zebra") << 0;
    QTest::addRow("a status is no name") << QStringLiteral("on_hold") << 0;
    QTest::addRow("empty shows all") << QString() << 4;
}

void TestRecordFilterProxyModel::searchTextMatchesTheChosenFields()
{
    QFETCH(QString, text);
    QFETCH(int, rows);
    load();
    m_proxy->setSearchText(text);
    QCOMPARE(m_proxy->rowCount(), rows);
}

void TestRecordFilterProxyModel::fieldFiltersCombine()
{
    load();
    m_proxy->setFieldFilter(QStringLiteral("client_id"), m_harbour);
    QCOMPARE(m_proxy->rowCount(), 2);
    m_proxy->setFieldFilter(QStringLiteral("status"), QStringLiteral("active"));
    QCOMPARE(m_proxy->rowCount(), 1);
    QCOMPARE(m_proxy->index(0, 0).data().toString(), QStringLiteral("Brand refresh"));
    m_proxy->setSearchText(QStringLiteral("menu"));
    QCOMPARE(m_proxy->rowCount(), 0);
    // An empty value removes the condition.
    m_proxy->setSearchText(QString());
    m_proxy->setFieldFilter(QStringLiteral("client_id"), QVariant());
    QCOMPARE(m_proxy->rowCount(), 2);
    m_proxy->setFieldFilter(QStringLiteral("status"), QString());
    QCOMPARE(m_proxy->rowCount(), 4);
}

void TestRecordFilterProxyModel::sourceChangesPassThrough()
{
    load();
    m_proxy->setFieldFilter(QStringLiteral("client_id"), m_harbour);
    QSignalSpy inserted(m_proxy.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_proxy.get(), &QAbstractItemModel::rowsRemoved);
    // A project of the filtered client appears; one of another client does not.
    const QString logo = addProject(QStringLiteral("Logo"), QStringLiteral("active"), m_harbour);
    QTRY_COMPARE(m_proxy->rowCount(), 3);
    QCOMPARE(inserted.count(), 1);
    addProject(QStringLiteral("Elsewhere"), QStringLiteral("active"), m_northwind);
    QTRY_COMPARE(m_model->rowCount(), 6);
    QCOMPARE(m_proxy->rowCount(), 3);
    // Moving a project to the other client takes it out of the filtered rows.
    QVERIFY(m_cache->applyEdit({LocalEdit::Op::Update, QStringLiteral("project"), logo, {{"client_id", m_northwind}}}));
    QTRY_COMPARE(m_proxy->rowCount(), 2);
    QCOMPARE(removed.count(), 1);
}

QTEST_GUILESS_MAIN(TestRecordFilterProxyModel)
#include "tst_recordfilterproxymodel.moc"
