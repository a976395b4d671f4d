// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAction>
#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

#include "common/entityschema.h"
#include "models/commentthreadmodel.h"
#include "models/entitytablemodel.h"
#include "models/inboxmodel.h"
#include "sync/credentialstore.h"
#include "sync/syncengine.h"
#include "tests/support/desktopfixture.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"
#include "ui/appcontroller.h"
#include "ui/desktopnotifier.h"
#include "ui/mainwindow.h"
#include "ui/notificationsettingsdialog.h"
#include "ui/pages/commentthreadview.h"
#include "ui/pages/filespanel.h"
#include "ui/pages/inboxpage.h"
#include "ui/pages/projectspage.h"
#include "ui/pages/taskspanel.h"
#include "ui/searchdialog.h"

using namespace SyncFixture;

// A freedesktop notification service on the test's private session bus (tests/support/with-keyring
// runs every desktop test in its own dbus-run-session), on a connection of its own so the app's
// calls go through the bus like any other. It records what it was asked to show.
class FakeNotificationService : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Shown
    {
        uint replacesId;
        QString summary;
        QString body;
    };
    QList<Shown> shown;

public Q_SLOTS:
    uint Notify(const QString &appName, uint replacesId, const QString &icon, const QString &summary,
        const QString &body, const QStringList &actions, const QVariantMap &hints, int timeout)
    {
        Q_UNUSED(appName)
        Q_UNUSED(icon)
        Q_UNUSED(actions)
        Q_UNUSED(hints)
        Q_UNUSED(timeout)
        shown.append({replacesId, summary, body});
        return 41;
    }
    QStringList GetCapabilities() { return {QStringLiteral("body"), QStringLiteral("actions")}; }
};

// Collaboration from the staff side, through the real windows against the real server (both
// engines), with a real portal contact scripting the portal API: a client's comment reaches the
// task's thread in the desktop, the Inbox (unread, in bold, counted on the tab and in the status
// bar) and one desktop notification; a staff reply written in the thread reaches the portal; a
// reply on a private task is marked internal and never reaches the client; read state is the
// user's own and follows them. Screenshots in BUILD/test-artifacts/collaboration/.
class TestCollaboration : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void clientCommentReachesThreadInboxAndNotification();
    void openingAnInboxItemShowsItsThreadAndMarksItRead();
    void staffReplyReachesThePortal();
    void replyOnAPrivateTaskIsInternal();
    void burstOfClientActionsIsOneNotification();
    void markAllReadFollowsTheUserAndNobodyElse();
    void emailNotificationSettings();
    void searchFindsACommentOffline(); // last: stops the server

private:
    void screenshot(QWidget *widget, const QString &name);
    // Online, and nothing waits in the outbox (read from the cache itself: the engine's status may
    // not have heard of an edit made a moment ago).
    bool idle() const
    {
        return m_status.online && !m_status.syncing && m_status.pending == 0 && m_app
            && m_app->cache()->pendingCount() == 0;
    }
    TestClient::Reply clientComment(const QString &taskId, const QString &body);
    QJsonObject portalTask(const QString &taskId);

    ServerProcess m_server;
    QTemporaryDir m_profile;
    KeychainCredentialStore m_credentials{QStringLiteral("AtriumTest")};
    std::unique_ptr<AppController> m_app;
    SyncStatus m_status;
    std::unique_ptr<TestClient> m_admin;
    PortalFixture::Contact m_contact;
    FakeNotificationService m_notifications;
    QString m_orgId;
    QString m_clientId;
    QString m_projectId;
    QString m_sharedTask;
    QString m_privateTask;
};

void TestCollaboration::screenshot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(ATRIUM_ARTIFACTS_DIR "/collaboration");
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + u'/' + name + QStringLiteral(".png")));
}

TestClient::Reply TestCollaboration::clientComment(const QString &taskId, const QString &body)
{
    TestClient anon(m_server.baseUrl());
    return anon.send("POST", QStringLiteral("/api/v1/portal/comments"),
        QJsonDocument(QJsonObject{{"target_entity", "task"}, {"target_id", taskId}, {"body", body}}).toJson(),
        TestClient::Headers(m_contact.headers(true))
            << qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
}

QJsonObject TestCollaboration::portalTask(const QString &taskId)
{
    TestClient anon(m_server.baseUrl());
    const auto page = anon.get(QStringLiteral("/api/v1/portal/projects/%1").arg(m_projectId), m_contact.headers());
    for (const QJsonValue &task : page.object().value(u"tasks").toArray()) {
        if (task.toObject().value(u"id").toString() == taskId)
            return task.toObject();
    }
    return {};
}

void TestCollaboration::initTestCase()
{
    // The notification service, registered before the app starts.
    QDBusConnection service =
        QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("fake-notifications"));
    QVERIFY2(service.isConnected(), "no session bus: run under tests/support/with-keyring");
    QVERIFY(service.registerObject(
        QStringLiteral("/org/freedesktop/Notifications"), &m_notifications, QDBusConnection::ExportAllSlots));
    QVERIFY(service.registerService(QStringLiteral("org.freedesktop.Notifications")));

    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(QStringLiteral("Acme Studio"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"),
        QStringLiteral("admin-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    const auto me = m_admin->get(QStringLiteral("/api/v1/auth/me"));
    m_orgId = me.object().value(u"user").toObject().value(u"org_id").toString();
    m_clientId = newId();
    m_projectId = newId();
    QVERIFY(PortalFixture::openPortalProject(*m_admin, m_orgId, m_clientId, m_projectId));
    m_contact = PortalFixture::signUp(m_server, *m_admin, m_clientId, QStringLiteral("ana@green.test"));
    QVERIFY(!m_contact.cookie.isEmpty());
    m_sharedTask = newId();
    m_privateTask = newId();
    const QJsonArray created = pushResults(*m_admin,
        {mutation(QStringLiteral("task"), m_sharedTask, QStringLiteral("create"),
             {{"project_id", m_projectId}, {"title", "Homepage copy"}, {"visibility", "editable"}}),
            mutation(QStringLiteral("task"), m_privateTask, QStringLiteral("create"),
                {{"project_id", m_projectId}, {"title", "Internal budget"}})});
    QCOMPARE(created.size(), 2);

    QString error;
    m_app = DesktopFixture::start({.dataDir = m_profile.path(),
                                      .server = m_server.baseUrl(),
                                      .email = QStringLiteral("admin@acme.test"),
                                      .password = QStringLiteral("admin-pw")},
        &m_credentials, this, &m_status, &error);
    QVERIFY2(m_app, qPrintable(error));
    QVERIFY(QTest::qWaitForWindowExposed(m_app->window()));
    m_app->window()->notifier()->setCoalescingInterval(300);
    QTRY_VERIFY_WITH_TIMEOUT(idle() && m_app->window()->tasksModel() != nullptr, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(m_app->cache()->row(QStringLiteral("task"), m_sharedTask).has_value(), 20000);
}

void TestCollaboration::cleanupTestCase()
{
    m_app.reset();
}

void TestCollaboration::clientCommentReachesThreadInboxAndNotification()
{
    MainWindow *window = m_app->window();
    InboxModel *inbox = window->inboxPage()->model();
    // Nothing from clients yet but the accepted invitation, which came with the first sync: it
    // is in the Inbox, and (being there before this run's first load) raised no notification.
    QTRY_COMPARE_WITH_TIMEOUT(inbox->rowCount(), 1, 10000);
    QCOMPARE(inbox->item(0).action, QStringLiteral("contact.signed_up"));
    QVERIFY(m_notifications.shown.isEmpty());
    QSignalSpy notified(window->notifier(), &DesktopNotifier::notified);

    QCOMPARE(clientComment(m_sharedTask, QStringLiteral("Can we say \u201Cfreshly roasted\u201D?")).status, 201);

    // The live update brings it: first in the Inbox, unread and in bold…
    QTRY_COMPARE_WITH_TIMEOUT(inbox->rowCount(), 2, 15000);
    const InboxItem item = inbox->item(0);
    QCOMPARE(item.action, QStringLiteral("comment.created"));
    QCOMPARE(item.actorName, QStringLiteral("ana@green.test"));
    QCOMPARE(item.projectId, m_projectId);
    QVERIFY(!item.read);
    QCOMPARE(inbox->index(0, InboxModel::What).data(Qt::FontRole).value<QFont>().bold(), true);
    QCOMPARE(inbox->index(0, InboxModel::What).data().toString(),
        QStringLiteral(
            "ana@green.test commented on \u201CHomepage copy\u201D: Can we say \u201Cfreshly roasted\u201D?"));
    QCOMPARE(inbox->unreadCount(), 2);
    auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("tabs"));
    QCOMPARE(tabs->tabText(tabs->indexOf(window->inboxPage())), QStringLiteral("&Inbox (2)"));
    QCOMPARE(
        window->findChild<QLabel *>(QStringLiteral("unreadLabel"))->text(), QStringLiteral("2 unread from clients"));

    // …and one desktop notification, through the notification service on the bus.
    QTRY_COMPARE_WITH_TIMEOUT(notified.count(), 1, 5000);
    QCOMPARE(notified.first().at(2).toString(), QStringLiteral("dbus"));
    QCOMPARE(m_notifications.shown.size(), 1);
    QCOMPARE(m_notifications.shown.first().summary, QStringLiteral("ana@green.test commented"));
    QVERIFY(m_notifications.shown.first().body.contains(QStringLiteral("Website")));

    tabs->setCurrentWidget(window->inboxPage());
    screenshot(window, QStringLiteral("inbox"));
}

void TestCollaboration::openingAnInboxItemShowsItsThreadAndMarksItRead()
{
    MainWindow *window = m_app->window();
    InboxPage *page = window->inboxPage();
    QTableView *view = page->view();
    const QModelIndex first = view->model()->index(0, 0);
    view->setCurrentIndex(first);
    QTest::keyClick(view, Qt::Key_Return);

    // The task it is about, chosen in its project, with the comment in its thread.
    auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("tabs"));
    QTRY_COMPARE(tabs->currentWidget(), window->projectsPage());
    QTRY_COMPARE_WITH_TIMEOUT(window->currentProjectId(), m_projectId, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(window->selectedTaskIds(), QStringList{m_sharedTask}, 5000);
    CommentThreadView *thread = window->projectsPage()->tasks()->thread();
    QCOMPARE(thread->model()->targetId(), m_sharedTask);
    QTRY_COMPARE(thread->model()->rowCount(), 1);
    const QModelIndex comment = thread->model()->index(0);
    QCOMPARE(comment.data(CommentThreadModel::AuthorRole).toString(), QStringLiteral("ana@green.test"));
    QCOMPARE(comment.data(CommentThreadModel::AuthorKindRole).toString(), QStringLiteral("contact"));
    const QString shown = thread->findChild<QTextBrowser *>(QStringLiteral("commentThread"))->toPlainText();
    QVERIFY2(shown.contains(QStringLiteral("freshly roasted")), qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("Client \u00B7")), qPrintable(shown));
    QVERIFY(thread->clientsSeeThread());
    screenshot(window, QStringLiteral("task-thread"));

    // Read now (a mark of this user's, synced), so one is left unread.
    InboxModel *inbox = page->model();
    QTRY_COMPARE_WITH_TIMEOUT(inbox->unreadCount(), 1, 5000);
    QVERIFY(inbox->item(0).read);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    const QJsonArray changes = pullAll(*m_admin);
    int marks = 0;
    for (const QJsonValue &change : changes) {
        const QJsonObject c = change.toObject();
        if (c.value(u"entity").toString() == u"inbox_mark"
            && c.value(u"data").toObject().value(u"activity_id").toString() == inbox->item(0).activityId)
            ++marks;
    }
    QCOMPARE(marks, 1);
}

void TestCollaboration::staffReplyReachesThePortal()
{
    CommentThreadView *thread = m_app->window()->projectsPage()->tasks()->thread();
    QCOMPARE(thread->model()->targetId(), m_sharedTask);
    const QString audience = thread->findChild<QLabel *>(QStringLiteral("commentAudience"))->text();
    QVERIFY2(audience.contains(QStringLiteral("the client sees this thread")), qPrintable(audience));
    auto *reply = thread->findChild<QPlainTextEdit *>(QStringLiteral("commentReply"));
    QCOMPARE(reply->accessibleName(), QStringLiteral("Reply"));
    reply->setFocus();
    QTest::keyClicks(reply, QStringLiteral("Yes, freshly roasted it is."));
    QTest::keyClick(reply, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(thread->model()->rowCount(), 2);
    QVERIFY(reply->toPlainText().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);

    // The client's portal has it in the task's thread, from staff, newest last.
    QJsonArray comments;
    QTRY_VERIFY_WITH_TIMEOUT((comments = portalTask(m_sharedTask).value(u"comments").toArray()).size() == 2, 10000);
    QCOMPARE(comments.at(1).toObject().value(u"author_kind").toString(), QStringLiteral("staff"));
    QCOMPARE(comments.at(1).toObject().value(u"body").toString(), QStringLiteral("Yes, freshly roasted it is."));
    // The staff member's own comment is no Inbox item.
    QCOMPARE(m_app->window()->inboxPage()->model()->rowCount(), 2);
    // Once synced the author has a name.
    QTRY_COMPARE_WITH_TIMEOUT(
        thread->model()->index(1).data(CommentThreadModel::AuthorRole).toString(), QStringLiteral("admin"), 10000);
    screenshot(m_app->window(), QStringLiteral("task-thread-reply"));
}

void TestCollaboration::replyOnAPrivateTaskIsInternal()
{
    MainWindow *window = m_app->window();
    window->projectsPage()->tasks()->selectTask(m_privateTask);
    CommentThreadView *thread = window->projectsPage()->tasks()->thread();
    QTRY_COMPARE(thread->model()->targetId(), m_privateTask);
    QVERIFY(!thread->clientsSeeThread());
    const QString audience = thread->findChild<QLabel *>(QStringLiteral("commentAudience"))->text();
    QVERIFY2(audience.contains(QStringLiteral("Internal \u2014 clients don't see this")), qPrintable(audience));
    auto *reply = thread->findChild<QPlainTextEdit *>(QStringLiteral("commentReply"));
    QTest::keyClicks(reply, QStringLiteral("Budget is tight, keep it short."));
    QTest::mouseClick(thread->findChild<QPushButton *>(QStringLiteral("sendCommentButton")), Qt::LeftButton);
    QTRY_COMPARE(thread->model()->rowCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    screenshot(window, QStringLiteral("task-thread-internal"));

    // The portal shows neither the task nor the comment anywhere.
    TestClient anon(m_server.baseUrl());
    const auto page = anon.get(QStringLiteral("/api/v1/portal/projects/%1").arg(m_projectId), m_contact.headers());
    QCOMPARE(page.status, 200);
    QVERIFY(!page.body.contains("Budget is tight"));
    QVERIFY(!page.body.contains(m_privateTask.toUtf8()));
}

void TestCollaboration::burstOfClientActionsIsOneNotification()
{
    MainWindow *window = m_app->window();
    QSignalSpy notified(window->notifier(), &DesktopNotifier::notified);
    const qsizetype before = m_notifications.shown.size();
    for (int i = 0; i < 5; ++i)
        QCOMPARE(clientComment(m_sharedTask, QStringLiteral("Thought %1").arg(i)).status, 201);
    QTRY_COMPARE_WITH_TIMEOUT(window->inboxPage()->model()->rowCount(), 7, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(notified.count() >= 1, 5000);
    // Give a straggler the chance to show up: there must not be one per comment.
    QTest::qWait(1000);
    int told = 0;
    for (const QList<QVariant> &n : std::as_const(notified))
        told += n.at(0).toString().contains(QStringLiteral("new item")) ? 5 : 1;
    QCOMPARE(told, 5);
    QVERIFY(notified.count() <= 2);
    QCOMPARE(m_notifications.shown.size(), before + notified.count());
    // A later notification replaces the earlier one instead of stacking up.
    QCOMPARE(m_notifications.shown.last().replacesId, 41u);
}

void TestCollaboration::markAllReadFollowsTheUserAndNobodyElse()
{
    MainWindow *window = m_app->window();
    InboxModel *inbox = window->inboxPage()->model();
    QVERIFY(inbox->unreadCount() > 0);
    QTest::mouseClick(
        window->inboxPage()->findChild<QPushButton *>(QStringLiteral("markAllReadButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(inbox->unreadCount(), 0, 5000);
    auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("tabs"));
    QCOMPARE(tabs->tabText(tabs->indexOf(window->inboxPage())), QStringLiteral("&Inbox"));
    QVERIFY(!window->findChild<QLabel *>(QStringLiteral("unreadLabel"))->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);

    // The user's other desktops get the mark; another staff member gets no mark at all, and to
    // them the mark's id is missing.
    QString markId;
    for (const QJsonValue &change : pullAll(*m_admin)) {
        const QJsonObject c = change.toObject();
        if (c.value(u"entity").toString() == u"inbox_mark"
            && c.value(u"data").toObject().value(u"through_version").toInteger() > 0)
            markId = c.value(u"id").toString();
    }
    QVERIFY(!markId.isEmpty());
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("bo@acme.test"), QStringLiteral("Bo"),
        QStringLiteral("member"), QStringLiteral("bo-password")));
    TestClient member(m_server.baseUrl());
    QVERIFY(!member.login(QStringLiteral("bo@acme.test"), QStringLiteral("bo-password")).isEmpty());
    for (const QJsonValue &change : pullAll(member))
        QVERIFY(change.toObject().value(u"entity").toString() != u"inbox_mark");
    const QJsonArray removed =
        pushResults(member, {mutation(QStringLiteral("inbox_mark"), markId, QStringLiteral("delete"))});
    QCOMPARE(
        removed.first().toObject().value(u"error").toObject().value(u"code").toString(), QStringLiteral("not_found"));
    const QJsonArray missing =
        pushResults(member, {mutation(QStringLiteral("inbox_mark"), newId(), QStringLiteral("delete"))});
    QCOMPARE(missing.first().toObject().value(u"error").toObject().value(u"message"),
        removed.first().toObject().value(u"error").toObject().value(u"message"));
    screenshot(window, QStringLiteral("inbox-all-read"));
}

void TestCollaboration::searchFindsACommentOffline()
{
    MainWindow *window = m_app->window();
    m_server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!m_status.online, 20000);

    QApplication::setActiveWindow(window);
    QTRY_VERIFY(window->isActiveWindow());
    QTest::keyClick(window, Qt::Key_K, Qt::ControlModifier);
    SearchDialog *search = nullptr;
    QTRY_VERIFY((search = window->findChild<SearchDialog *>()) && search->isVisible());
    QSignalSpy answered(search, &SearchDialog::answered);
    // Diacritics and case do not matter; each word is a prefix.
    QTest::keyClicks(search->box(), QStringLiteral("FRESHLY ROÄST"));
    QTRY_VERIFY_WITH_TIMEOUT(!answered.isEmpty() && answered.last().first().toString() == u"FRESHLY ROÄST", 5000);
    const QList<LocalCache::SearchHit> hits = search->hits();

    QStringList comments;
    for (const LocalCache::SearchHit &hit : hits) {
        if (hit.entity == u"comment")
            comments.append(hit.snippet);
    }
    // The client's comment and the staff reply, both on the shared task; the private task's
    // internal comment does not match.
    QCOMPARE(comments.size(), 2);
    QVERIFY2(comments.first().contains(QStringLiteral("[freshly]")), qPrintable(comments.first()));
    QCOMPARE(hits.first().title, QStringLiteral("Homepage copy"));
    screenshot(search, QStringLiteral("search"));

    // Enter opens the first hit: the task the comment is on, with its thread.
    QTest::keyClick(search->box(), Qt::Key_Return);
    QTRY_VERIFY(!search->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(window->selectedTaskIds(), QStringList{m_sharedTask}, 5000);

    // A search for the private task's title finds it too (staff see everything of theirs).
    window->findChild<QAction *>(QStringLiteral("findAction"))->trigger();
    search->box()->clear();
    QTest::keyClicks(search->box(), QStringLiteral("budg"));
    QTRY_VERIFY_WITH_TIMEOUT(!answered.isEmpty() && answered.last().first().toString() == u"budg", 5000);
    QVERIFY(!search->hits().isEmpty());
    QCOMPARE(search->hits().first().id, m_privateTask);
    search->hide();
}

QTEST_MAIN(TestCollaboration)
#include "tst_collaboration.moc"

void TestCollaboration::emailNotificationSettings()
{
    // Account → E-mail Notifications… shows the server's setting and saves the one chosen.
    MainWindow *window = m_app->window();
    auto *action = window->findChild<QAction *>(QStringLiteral("notificationSettingsAction"));
    QVERIFY(action);
    action->trigger();
    auto *dialog = window->findChild<NotificationSettingsDialog *>();
    QVERIFY(dialog);
    QTRY_COMPARE(dialog->state(), NotificationSettingsDialog::State::Ready);
    QCOMPARE(dialog->mode(), QStringLiteral("immediate"));
    auto *daily = dialog->findChild<QRadioButton *>(QStringLiteral("mode_daily"));
    QVERIFY(daily && daily->isEnabled());
    daily->click();
    QVERIFY(daily->isChecked());
    screenshot(dialog, QStringLiteral("email-notifications"));
    QPointer<NotificationSettingsDialog> closing(dialog);
    dialog->accept();
    QTRY_VERIFY(closing.isNull());
    const auto saved = m_admin->get(QStringLiteral("/api/v1/account/notifications"));
    QCOMPARE(saved.status, 200);
    QCOMPARE(saved.object().value(u"email").toString(), QStringLiteral("daily"));

    // Opened again, it shows what the server has.
    action->trigger();
    dialog = window->findChild<NotificationSettingsDialog *>();
    QVERIFY(dialog);
    QTRY_COMPARE(dialog->state(), NotificationSettingsDialog::State::Ready);
    QCOMPARE(dialog->mode(), QStringLiteral("daily"));
    dialog->setMode(QStringLiteral("immediate"));
    closing = dialog;
    dialog->accept();
    QTRY_VERIFY(closing.isNull());
    QCOMPARE(m_admin->get(QStringLiteral("/api/v1/account/notifications")).object().value(u"email").toString(),
        QStringLiteral("immediate"));

    // Without the server it says so, offers to try again, and saves nothing.
    NotificationSettingsDialog offline(QUrl(QStringLiteral("http://127.0.0.1:9")), QStringLiteral("token"));
    QTRY_COMPARE(offline.state(), NotificationSettingsDialog::State::Offline);
    auto *message = offline.findChild<QLabel *>(QStringLiteral("notificationMessage"));
    QVERIFY(message->text().contains(u"connection to the server"));
    QVERIFY(!offline.findChild<QRadioButton *>(QStringLiteral("mode_off"))->isEnabled());
    QVERIFY(!offline.findChild<QPushButton *>(QStringLiteral("notificationRetry"))->isHidden());
}
