// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The Inbox from a real cache file (filled as pulls fill it): whose projects a staff member hears
// about, read state (one item, or everything up to a version), what is new since the last load,
// and the words shown — under QAbstractItemModelTester.

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "common/entityschema.h"
#include "models/inboxmodel.h"
#include "sync/localcache.h"

namespace {

QJsonObject change(const QString &entity, const QString &id, qint64 version, QJsonObject data)
{
    data.insert(QStringLiteral("created_at"), QStringLiteral("2026-12-01T10:00:00.000Z"));
    data.insert(QStringLiteral("updated_at"), QStringLiteral("2026-12-01T10:00:00.000Z"));
    return QJsonObject{{QStringLiteral("entity"), entity}, {QStringLiteral("id"), id},
        {QStringLiteral("version"), version}, {QStringLiteral("deleted"), false}, {QStringLiteral("data"), data}};
}

} // namespace

class TestInboxModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void listsClientActionsInTheProjectsTheUserWorksOn();
    void readStateAndWhatIsNew();

private:
    QStringList titles(const InboxModel &model) const;
    QJsonObject activity(const QString &project, const QString &actorKind, const QString &actor, const QString &action,
        const QString &summary, qint64 version, const QString &id = EntitySchema::newUuid()) const;

    QTemporaryDir m_dir;
    LocalCache m_cache;
    qint64 m_version = 0;
    QString m_ana; // the user
    QString m_bo; // a colleague
    QString m_contact;
    QString m_mine; // a task is assigned to Ana
    QString m_edited; // Ana changed something here
    QString m_bos; // only Bo works here
    QString m_nobodys; // nobody works here yet
    QString m_firstItem;
};

QJsonObject TestInboxModel::activity(const QString &project, const QString &actorKind, const QString &actor,
    const QString &action, const QString &summary, qint64 version, const QString &id) const
{
    return change(QStringLiteral("activity"), id, version,
        {{"actor_id", actor}, {"actor_kind", actorKind}, {"action", action}, {"entity", "task"},
            {"entity_id", EntitySchema::newUuid()}, {"project_id", project.isEmpty() ? QJsonValue() : project},
            {"summary", summary}, {"address", ""}});
}

QStringList TestInboxModel::titles(const InboxModel &model) const
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.item(row).summary);
    return out;
}

void TestInboxModel::initTestCase()
{
    QVERIFY(m_cache.open(m_dir.filePath(QStringLiteral("cache.sqlite"))));
    m_ana = EntitySchema::newUuid();
    m_bo = EntitySchema::newUuid();
    m_contact = EntitySchema::newUuid();
    m_mine = EntitySchema::newUuid();
    m_edited = EntitySchema::newUuid();
    m_bos = EntitySchema::newUuid();
    m_nobodys = EntitySchema::newUuid();
    m_firstItem = EntitySchema::newUuid();
    const QString client = EntitySchema::newUuid();
    QJsonArray page{
        change(QStringLiteral("staff_user"), m_ana, ++m_version, {{"email", "ana@acme.test"}, {"name", "Ana"}}),
        change(QStringLiteral("staff_user"), m_bo, ++m_version, {{"email", "bo@acme.test"}, {"name", "Bo"}}),
        change(QStringLiteral("client"), client, ++m_version, {{"name", "Harbour"}}),
        change(QStringLiteral("contact"), m_contact, ++m_version,
            {{"client_id", client}, {"name", "Cy Client"}, {"portal_state", "active"}}),
    };
    for (const QString &p : {m_mine, m_edited, m_bos, m_nobodys})
        page.append(change(QStringLiteral("project"), p, ++m_version, {{"client_id", client}, {"name", "P"}}));
    page.append(change(QStringLiteral("task"), EntitySchema::newUuid(), ++m_version,
        {{"project_id", m_mine}, {"title", "Assigned to Ana"}, {"assignee_id", m_ana}}));
    page.append(activity(m_edited, QStringLiteral("staff"), m_ana, QStringLiteral("task.updated"), {}, ++m_version));
    page.append(activity(m_bos, QStringLiteral("staff"), m_bo, QStringLiteral("task.created"), {}, ++m_version));
    // What the client did: one in each project, one outside any.
    page.append(activity(m_mine, QStringLiteral("contact"), m_contact, QStringLiteral("comment.created"),
        QStringLiteral("in mine"), ++m_version, m_firstItem));
    page.append(activity(m_edited, QStringLiteral("contact"), m_contact, QStringLiteral("file.uploaded"),
        QStringLiteral("in edited"), ++m_version));
    page.append(activity(m_bos, QStringLiteral("contact"), m_contact, QStringLiteral("task.updated"),
        QStringLiteral("in Bo's"), ++m_version));
    page.append(activity(m_nobodys, QStringLiteral("contact"), m_contact, QStringLiteral("signoff.approved"),
        QStringLiteral("in nobody's"), ++m_version));
    page.append(activity({}, QStringLiteral("contact"), m_contact, QStringLiteral("contact.signed_up"),
        QStringLiteral("signed up"), ++m_version));
    QVERIFY(m_cache.applyPullPage(page, m_version));
}

void TestInboxModel::listsClientActionsInTheProjectsTheUserWorksOn()
{
    InboxModel model(&m_cache);
    QAbstractItemModelTester tester(&model);
    QSignalSpy loaded(&model, &InboxModel::loaded);
    model.setUserEmail(QStringLiteral("ANA@acme.test")); // addresses compare without case
    QVERIFY(loaded.wait());
    // Newest first; Bo's project is his alone; staff actions are never inbox items.
    QCOMPARE(titles(model),
        (QStringList{QStringLiteral("signed up"), QStringLiteral("in nobody's"), QStringLiteral("in edited"),
            QStringLiteral("in mine")}));
    QCOMPARE(model.unreadCount(), 4);
    QCOMPARE(model.index(3, InboxModel::What).data().toString(), QStringLiteral("Cy Client commented"));
    QVERIFY(model.index(0, InboxModel::What).data(Qt::FontRole).value<QFont>().bold());

    // Bo hears of his project, of the one nobody works on, and of the sign-up, not of Ana's.
    InboxModel bo(&m_cache);
    QSignalSpy boLoaded(&bo, &InboxModel::loaded);
    bo.setUserEmail(QStringLiteral("bo@acme.test"));
    QVERIFY(boLoaded.wait());
    QCOMPARE(titles(bo),
        (QStringList{QStringLiteral("signed up"), QStringLiteral("in nobody's"), QStringLiteral("in Bo's")}));
}

void TestInboxModel::readStateAndWhatIsNew()
{
    InboxModel model(&m_cache);
    QSignalSpy loaded(&model, &InboxModel::loaded);
    QSignalSpy arrived(&model, &InboxModel::itemsArrived);
    QSignalSpy unread(&model, &InboxModel::unreadCountChanged);
    model.setUserEmail(QStringLiteral("ana@acme.test"));
    QVERIFY(loaded.wait());
    QCOMPARE(arrived.count(), 0); // the first load is what was there

    // One item read: a mark of its own, made as a local edit (it goes to the outbox).
    const int pendingBefore = m_cache.pendingCount();
    QVERIFY(model.markRead({m_firstItem}));
    QCOMPARE(m_cache.pendingCount(), pendingBefore + 1);
    QTRY_COMPARE(model.unreadCount(), 3);
    QVERIFY(model.item(model.rowOf(m_firstItem)).read);

    // A new client action arrives: it is new, and unread.
    const auto changed =
        m_cache.applyPullPage({activity(m_mine, QStringLiteral("contact"), m_contact, QStringLiteral("comment.created"),
                                  QStringLiteral("newer"), ++m_version)},
            m_version);
    QVERIFY(changed);
    // As the app passes the sync engine's changes on (AppController).
    for (auto it = changed->cbegin(); it != changed->cend(); ++it)
        Q_EMIT m_cache.rowsChanged(it.key(), it.value());
    QTRY_COMPARE(arrived.count(), 1);
    QCOMPARE(arrived.first().first().value<QList<InboxItem>>().first().summary, QStringLiteral("newer"));
    QCOMPARE(model.unreadCount(), 4);

    // Mark All Read: one mark, "everything up to the newest version".
    QVERIFY(model.markAllRead());
    QCOMPARE(m_cache.pendingCount(), pendingBefore + 2);
    QTRY_COMPARE(model.unreadCount(), 0);
    QVERIFY(unread.count() >= 2);
}

QTEST_MAIN(TestInboxModel)
#include "tst_inboxmodel.moc"
