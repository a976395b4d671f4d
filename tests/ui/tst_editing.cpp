// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAction>
#include <QApplication>
#include <QCalendarWidget>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include "common/entityschema.h"
#include "models/entitytablemodel.h"
#include "sync/credentialstore.h"
#include "sync/syncengine.h"
#include "tests/support/desktopfixture.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"
#include "ui/appcontroller.h"
#include "ui/branding/orgsettingsdialog.h"
#include "ui/branding/storagepanel.h"
#include "ui/deleteditemsdialog.h"
#include "ui/fieldsdialog.h"
#include "ui/invitedialog.h"
#include "ui/mainwindow.h"
#include "ui/pages/clientspage.h"
#include "ui/pages/filespanel.h"
#include "ui/pages/projectspage.h"
#include "ui/pages/taskspanel.h"

using namespace SyncFixture;

// Every field a user expects to edit, through the real dialogs against the real server (both
// engines): client, contact (with role), project (status, due date), task (date picker, assignee)
// and file (name, folder); what reached the server is read back with a pull. Changing the address
// of an invited contact withdraws the invitation (its link stops working) and offers a new one.
// Screenshots in BUILD/test-artifacts/editing/.
class TestEditing : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void editClientAndContact();
    void editProject();
    void editTaskWithDatePickerAndAssignee();
    void renameAndMoveFile();
    void changingAnInvitedContactsAddressWithdrawsTheInvitation();
    void deletingAProjectTakesItsItemsAndRestoringBringsThemBack();
    void deletingAContactEndsItsPortalAccessAtOnce();
    void storageViewMatchesTheServersCheck();
    void undoAndRedoSyncedEdits();
    void clientMenusOfferAdministratorsTheirActionsOnly();

private:
    template <typename T> T *waitForWidget(const QString &name = {});
    void screenshot(QWidget *widget, const QString &name);
    // Online, and nothing waits in the outbox (read from the cache itself: the engine's status may
    // not have heard of an edit made a moment ago).
    bool idle() const
    {
        return m_status.online && !m_status.syncing && m_status.pending == 0 && m_app
            && m_app->cache()->pendingCount() == 0;
    }
    QJsonObject serverRow(const QString &id);
    void setLine(FieldsDialog *dialog, const QString &name, const QString &text);
    void accept(QDialog *dialog);

    ServerProcess m_server;
    QTemporaryDir m_profile;
    KeychainCredentialStore m_credentials{QStringLiteral("AtriumTest")};
    std::unique_ptr<AppController> m_app;
    std::unique_ptr<TestClient> m_admin;
    SyncStatus m_status;
    QString m_clientId;
    QString m_contactId;
    QString m_projectId;
    QString m_taskId;
    QString m_fileId;
    QString m_memberId;
};

template <typename T> T *TestEditing::waitForWidget(const QString &name)
{
    T *found = nullptr;
    (void)QTest::qWaitFor(
        [&] {
            for (QWidget *w : QApplication::topLevelWidgets()) {
                auto *candidate = qobject_cast<T *>(w);
                if (candidate && candidate->isVisible() && (name.isEmpty() || candidate->objectName() == name)) {
                    found = candidate;
                    return true;
                }
            }
            return false;
        },
        10000);
    return found;
}

void TestEditing::screenshot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(ATRIUM_ARTIFACTS_DIR "/editing");
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + u'/' + name + QStringLiteral(".png")));
}

QJsonObject TestEditing::serverRow(const QString &id)
{
    return find(pullAll(*m_admin), id).value(u"data").toObject();
}

void TestEditing::setLine(FieldsDialog *dialog, const QString &name, const QString &text)
{
    auto *edit = dialog->findChild<QLineEdit *>(name);
    QVERIFY2(edit, qPrintable(name));
    edit->selectAll();
    QTest::keyClicks(edit, text);
}

void TestEditing::accept(QDialog *dialog)
{
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
}

void TestEditing::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    // A small quota, so that a few uploads reach the status bar's warning.
    const auto created = m_server.runCli(
        {QStringLiteral("create-org"), QStringLiteral("--name"), QStringLiteral("Acme Studio"),
            QStringLiteral("--slug"), QStringLiteral("acme"), QStringLiteral("--admin-email"),
            QStringLiteral("admin@acme.test"), QStringLiteral("--quota-bytes"), QStringLiteral("100000")},
        "admin-pw\n");
    QVERIFY2(created.exitCode == 0, created.err.constData());
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("bo@acme.test"), QStringLiteral("Bo Berg"),
        QStringLiteral("member"), QStringLiteral("bo-password")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    m_clientId = newId();
    m_contactId = newId();
    m_projectId = newId();
    m_taskId = newId();
    const QJsonArray r = pushResults(*m_admin,
        {mutation(QStringLiteral("client"), m_clientId, QStringLiteral("create"), {{"name", "Harbor Cofee"}}),
            mutation(QStringLiteral("contact"), m_contactId, QStringLiteral("create"),
                {{"client_id", m_clientId}, {"name", "Ada"}, {"email", "ada@harbour.test"}}),
            mutation(QStringLiteral("project"), m_projectId, QStringLiteral("create"),
                {{"client_id", m_clientId}, {"name", "Website"}}),
            mutation(QStringLiteral("task"), m_taskId, QStringLiteral("create"),
                {{"project_id", m_projectId}, {"title", "Copy"}})});
    QCOMPARE(r.size(), 4);
    m_fileId = PortalFixture::uploadAsStaff(
        *m_admin, m_projectId, QStringLiteral("brief.txt"), "the brief", "text/plain", QStringLiteral("private"));
    QVERIFY(!m_fileId.isEmpty());
    for (const QJsonValue &change : pullAll(*m_admin)) {
        const QJsonObject c = change.toObject();
        if (c.value(u"entity").toString() == u"staff_user"
            && c.value(u"data").toObject().value(u"email").toString() == u"bo@acme.test")
            m_memberId = c.value(u"id").toString();
    }
    QVERIFY(!m_memberId.isEmpty());

    QString error;
    m_app = DesktopFixture::start({.dataDir = m_profile.path(),
                                      .server = m_server.baseUrl(),
                                      .email = QStringLiteral("admin@acme.test"),
                                      .password = QStringLiteral("admin-pw")},
        &m_credentials, this, &m_status, &error);
    QVERIFY2(m_app, qPrintable(error));
    QVERIFY(QTest::qWaitForWindowExposed(m_app->window()));
    QTRY_VERIFY_WITH_TIMEOUT(idle() && m_app->cache()->row(QStringLiteral("file"), m_fileId).has_value(), 20000);
}

void TestEditing::cleanupTestCase()
{
    m_app.reset();
}

void TestEditing::editClientAndContact()
{
    MainWindow *window = m_app->window();
    window->findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(0);
    window->selectClient(m_clientId);
    QTRY_COMPARE(window->currentClientId(), m_clientId);
    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("editClientButton")), Qt::LeftButton);
    auto *dialog = waitForWidget<FieldsDialog>(QStringLiteral("editClientDialog"));
    QVERIFY(dialog);
    QCOMPARE(dialog->value(QStringLiteral("name")), QStringLiteral("Harbor Cofee"));
    setLine(dialog, QStringLiteral("name"), QStringLiteral("Harbour Coffee"));
    QTest::keyClicks(dialog->findChild<QPlainTextEdit *>(QStringLiteral("notes")), QStringLiteral("Pays on time."));
    screenshot(dialog, QStringLiteral("edit-client"));
    accept(dialog);

    auto *contacts = window->findChild<QTableView *>(QStringLiteral("contactsView"));
    QTRY_COMPARE(contacts->model()->rowCount(), 1);
    contacts->setCurrentIndex(contacts->model()->index(0, 0));
    QTest::keyClick(contacts, Qt::Key_Return); // Enter edits the contact
    dialog = waitForWidget<FieldsDialog>(QStringLiteral("editContactDialog"));
    QVERIFY(dialog);
    setLine(dialog, QStringLiteral("name"), QStringLiteral("Ada Lovelace"));
    setLine(dialog, QStringLiteral("phone"), QStringLiteral("+44 20 7946 0000"));
    setLine(dialog, QStringLiteral("role"), QStringLiteral("Marketing lead"));
    screenshot(dialog, QStringLiteral("edit-contact"));
    accept(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);

    const QJsonObject client = serverRow(m_clientId);
    QCOMPARE(client.value(u"name").toString(), QStringLiteral("Harbour Coffee"));
    QCOMPARE(client.value(u"notes").toString(), QStringLiteral("Pays on time."));
    const QJsonObject contact = serverRow(m_contactId);
    QCOMPARE(contact.value(u"name").toString(), QStringLiteral("Ada Lovelace"));
    QCOMPARE(contact.value(u"phone").toString(), QStringLiteral("+44 20 7946 0000"));
    QCOMPARE(contact.value(u"role").toString(), QStringLiteral("Marketing lead"));
    QCOMPARE(contact.value(u"email").toString(), QStringLiteral("ada@harbour.test"));
}

void TestEditing::editProject()
{
    MainWindow *window = m_app->window();
    window->findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(1);
    window->selectProject(m_projectId);
    QTRY_COMPARE(window->currentProjectId(), m_projectId);
    window->projectsPage()->projectSettings();
    auto *dialog = waitForWidget<FieldsDialog>(QStringLiteral("projectSettingsDialog"));
    QVERIFY(dialog);
    setLine(dialog, QStringLiteral("name"), QStringLiteral("Website relaunch"));
    QTest::keyClicks(dialog->findChild<QPlainTextEdit *>(QStringLiteral("description")), QStringLiteral("New shop."));
    auto *status = dialog->findChild<QComboBox *>(QStringLiteral("status"));
    status->setCurrentIndex(status->findData(QStringLiteral("on_hold")));
    auto *due = dialog->findChild<QDateEdit *>(QStringLiteral("due_date"));
    QCOMPARE(due->text(), QStringLiteral("None"));
    // Without a date, the calendar opens on this month (not on the year 2000 that means "none").
    // The popup as QDateEdit opens it: on the page of its date (2000 for none), then shown.
    QCalendarWidget *calendar = due->calendarWidget();
    calendar->setCurrentPage(2000, 1);
    calendar->window()->show();
    QTRY_VERIFY(calendar->isVisible());
    QCOMPARE(calendar->yearShown(), QDate::currentDate().year());
    QCOMPARE(calendar->monthShown(), QDate::currentDate().month());
    calendar->window()->hide();
    QCOMPARE(due->text(), QStringLiteral("None")); // looking changed nothing
    due->setDate(QDate(2027, 3, 31));
    screenshot(dialog, QStringLiteral("project-settings"));
    accept(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    const QJsonObject project = serverRow(m_projectId);
    QCOMPARE(project.value(u"name").toString(), QStringLiteral("Website relaunch"));
    QCOMPARE(project.value(u"description").toString(), QStringLiteral("New shop."));
    QCOMPARE(project.value(u"status").toString(), QStringLiteral("on_hold"));
    QCOMPARE(project.value(u"due_date").toString(), QStringLiteral("2027-03-31"));
    // The list shows the date in the user's locale.
    EntityTableModel *projects = window->projectsModel();
    QTRY_COMPARE(projects->index(projects->rowOf(m_projectId), ProjectsPage::ProjectDue).data().toString(),
        QLocale().toString(QDate(2027, 3, 31), QLocale::ShortFormat));
}

void TestEditing::editTaskWithDatePickerAndAssignee()
{
    MainWindow *window = m_app->window();
    window->projectsPage()->openItem(QStringLiteral("task"), m_taskId, m_projectId);
    QTRY_COMPARE(window->selectedTaskIds(), QStringList{m_taskId});
    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("editTaskButton")), Qt::LeftButton);
    auto *dialog = waitForWidget<FieldsDialog>(QStringLiteral("editTaskDialog"));
    QVERIFY(dialog);
    setLine(dialog, QStringLiteral("title"), QStringLiteral("Homepage copy"));
    QTest::keyClicks(dialog->findChild<QPlainTextEdit *>(QStringLiteral("description")), QStringLiteral("Two pages."));
    auto *status = dialog->findChild<QComboBox *>(QStringLiteral("status"));
    status->setCurrentIndex(status->findData(QStringLiteral("in_progress")));
    // The date is picked in the calendar, as a user would.
    auto *due = dialog->findChild<QDateEdit *>(QStringLiteral("due_date"));
    QVERIFY(due->calendarPopup());
    due->calendarWidget()->setSelectedDate(QDate(2027, 1, 15));
    Q_EMIT due->calendarWidget()->clicked(QDate(2027, 1, 15));
    QTRY_COMPARE(due->date(), QDate(2027, 1, 15));
    auto *assignee = dialog->findChild<QComboBox *>(QStringLiteral("assignee_id"));
    QCOMPARE(assignee->currentText(), QStringLiteral("Nobody"));
    assignee->setCurrentIndex(assignee->findText(QStringLiteral("Bo Berg")));
    QCOMPARE(assignee->currentData().toString(), m_memberId);
    screenshot(dialog, QStringLiteral("edit-task"));
    accept(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    const QJsonObject task = serverRow(m_taskId);
    QCOMPARE(task.value(u"title").toString(), QStringLiteral("Homepage copy"));
    QCOMPARE(task.value(u"description").toString(), QStringLiteral("Two pages."));
    QCOMPARE(task.value(u"status").toString(), QStringLiteral("in_progress"));
    QCOMPARE(task.value(u"due_date").toString(), QStringLiteral("2027-01-15"));
    QCOMPARE(task.value(u"assignee_id").toString(), m_memberId);
    EntityTableModel *tasks = window->tasksModel();
    QTRY_COMPARE(
        tasks->index(tasks->rowOf(m_taskId), TasksPanel::TaskAssignee).data().toString(), QStringLiteral("Bo Berg"));
    screenshot(window, QStringLiteral("tasks-with-assignee"));

    // Clearing: "None" and "Nobody" send nulls.
    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("editTaskButton")), Qt::LeftButton);
    dialog = waitForWidget<FieldsDialog>(QStringLiteral("editTaskDialog"));
    QVERIFY(dialog);
    due = dialog->findChild<QDateEdit *>(QStringLiteral("due_date"));
    due->setDate(due->minimumDate());
    dialog->findChild<QComboBox *>(QStringLiteral("assignee_id"))->setCurrentIndex(0);
    accept(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    const QJsonObject cleared = serverRow(m_taskId);
    QVERIFY(cleared.value(u"due_date").isNull());
    QVERIFY(cleared.value(u"assignee_id").isNull());
}

void TestEditing::renameAndMoveFile()
{
    MainWindow *window = m_app->window();
    window->projectsPage()->openItem(QStringLiteral("file"), m_fileId, m_projectId);
    QTRY_COMPARE(window->selectedFileIds(), QStringList{m_fileId});
    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("editFileButton")), Qt::LeftButton);
    auto *dialog = waitForWidget<FieldsDialog>(QStringLiteral("editFileDialog"));
    QVERIFY(dialog);
    setLine(dialog, QStringLiteral("name"), QStringLiteral("brief-v1.txt"));
    setLine(dialog, QStringLiteral("folder"), QStringLiteral("Briefs"));
    accept(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    const QJsonObject file = serverRow(m_fileId);
    QCOMPARE(file.value(u"name").toString(), QStringLiteral("brief-v1.txt"));
    QCOMPARE(file.value(u"folder").toString(), QStringLiteral("Briefs"));
}

void TestEditing::changingAnInvitedContactsAddressWithdrawsTheInvitation()
{
    // An e-mail invitation, from the desktop.
    QVERIFY(m_app->cache()->applyEdit({LocalEdit::Op::Create, QStringLiteral("invite"), EntitySchema::newUuid(),
        QJsonObject{{"contact_id", m_contactId}, {"kind", "email"}}}));
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_app->cache()->row(QStringLiteral("contact"), m_contactId)->value(u"portal_state").toString(),
        QStringLiteral("invited"), 10000);
    QString token;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QString &text :
                PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("ada@harbour.test"))) {
                const auto match = QRegularExpression(QStringLiteral("/invite#([A-Za-z0-9_\\-]+)")).match(text);
                if (match.hasMatch())
                    token = match.captured(1);
            }
            return !token.isEmpty();
        }(),
        10000);

    // The address was mistyped: fix it in the contact's dialog, which says what happens.
    MainWindow *window = m_app->window();
    window->findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(0);
    window->selectClient(m_clientId);
    auto *contacts = window->findChild<QTableView *>(QStringLiteral("contactsView"));
    QTRY_COMPARE(contacts->model()->rowCount(), 1);
    contacts->setCurrentIndex(contacts->model()->index(0, 0));
    window->clientsPage()->editContact();
    auto *dialog = waitForWidget<FieldsDialog>(QStringLiteral("editContactDialog"));
    QVERIFY(dialog);
    setLine(dialog, QStringLiteral("email"), QStringLiteral("ada@harbourcoffee.test"));
    screenshot(dialog, QStringLiteral("edit-invited-contact"));
    accept(dialog);

    // Offered: a new invitation to the new address.
    auto *offer = waitForWidget<QMessageBox>(QStringLiteral("offerNewInvite"));
    QVERIFY(offer);
    QVERIFY(offer->text().contains(QStringLiteral("ada@harbourcoffee.test")));
    screenshot(offer, QStringLiteral("offer-new-invite"));
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);

    // On the server the old invitation is withdrawn and the contact has no access pending.
    const QJsonArray changes = pullAll(*m_admin);
    QCOMPARE(
        find(changes, m_contactId).value(u"data").toObject().value(u"portal_state").toString(), QStringLiteral("none"));
    int open = 0;
    for (const QJsonValue &change : changes) {
        const QJsonObject c = change.toObject();
        if (c.value(u"entity").toString() == u"invite"
            && c.value(u"data").toObject().value(u"contact_id").toString() == m_contactId
            && c.value(u"data").toObject().value(u"revoked_at").isNull())
            ++open;
    }
    QCOMPARE(open, 0);
    // Whoever reads the old mailbox cannot use the link.
    TestClient anon(m_server.baseUrl());
    const auto accepted = anon.post(QStringLiteral("/api/v1/portal/invites/accept"),
        QJsonObject{{"token", token}, {"name", "Mallory"}, {"password", "long enough password"}});
    QVERIFY2(accepted.status >= 400 && accepted.status < 500, qPrintable(QString::number(accepted.status)));

    QTest::mouseClick(offer->findChild<QPushButton *>(QStringLiteral("inviteAgainButton")), Qt::LeftButton);
    auto *invite = waitForWidget<InviteDialog>();
    QVERIFY(invite);
    QCOMPARE(invite->contactId(), m_contactId);
    invite->close();
}

void TestEditing::deletingAProjectTakesItsItemsAndRestoringBringsThemBack()
{
    MainWindow *window = m_app->window();
    window->findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(1);
    window->selectProject(m_projectId);
    QTRY_COMPARE(window->currentProjectId(), m_projectId);
    auto *projects = window->findChild<QTableView *>(QStringLiteral("projectsView"));
    QApplication::setActiveWindow(window);
    QTRY_VERIFY(window->isActiveWindow());
    projects->setFocus();
    QTest::keyClick(projects, Qt::Key_Delete);
    auto *confirm = waitForWidget<QMessageBox>(QStringLiteral("confirmDelete"));
    QVERIFY(confirm);
    QVERIFY2(confirm->text().contains(QStringLiteral("\u201CWebsite relaunch\u201D")), qPrintable(confirm->text()));
    QVERIFY2(confirm->text().contains(QStringLiteral("1 task")), qPrintable(confirm->text()));
    QVERIFY2(confirm->text().contains(QStringLiteral("1 file")), qPrintable(confirm->text()));
    QCOMPARE(confirm->defaultButton(), confirm->button(QMessageBox::Cancel));
    screenshot(confirm, QStringLiteral("confirm-delete-project"));
    QTest::mouseClick(confirm->findChild<QPushButton *>(QStringLiteral("confirmDeleteButton")), Qt::LeftButton);
    QTRY_VERIFY(window->projectsModel()->rowOf(m_projectId) < 0);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);

    // On the server the project's task and file went with it.
    QJsonArray changes = pullAll(*m_admin);
    for (const QString &id : {m_projectId, m_taskId, m_fileId})
        QVERIFY2(find(changes, id).value(u"deleted").toBool(), qPrintable(id));
    // A task cannot come back alone while its project is deleted.
    const QJsonArray refused =
        pushResults(*m_admin, {mutation(QStringLiteral("task"), m_taskId, QStringLiteral("restore"))});
    QCOMPARE(refused.first().toObject().value(u"error").toObject().value(u"code").toString(),
        QStringLiteral("parent_deleted"));

    // View → Deleted Items lists the project (its task and file come back with it) and restores it.
    window->findChild<QAction *>(QStringLiteral("deletedItemsAction"))->trigger();
    auto *dialog = waitForWidget<DeletedItemsDialog>();
    QVERIFY(dialog);
    QTreeWidget *list = dialog->list();
    QTRY_VERIFY(list->topLevelItemCount() > 0);
    QTreeWidgetItem *project = nullptr;
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        QVERIFY(list->topLevelItem(i)->text(0) != QStringLiteral("Homepage copy")); // listed with its project
        if (list->topLevelItem(i)->text(0) == QStringLiteral("Website relaunch"))
            project = list->topLevelItem(i);
    }
    QVERIFY(project);
    QCOMPARE(project->text(1), QStringLiteral("project"));
    screenshot(dialog, QStringLiteral("deleted-items"));
    list->setCurrentItem(project);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("restoreButton")), Qt::LeftButton);
    QTRY_VERIFY(window->projectsModel()->rowOf(m_projectId) >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    changes = pullAll(*m_admin);
    for (const QString &id : {m_projectId, m_taskId, m_fileId})
        QVERIFY2(!find(changes, id).value(u"deleted").toBool(), qPrintable(id));
    // And the desktop has them back too.
    QTRY_VERIFY_WITH_TIMEOUT(m_app->cache()->row(QStringLiteral("task"), m_taskId).has_value()
            && !m_app->cache()->row(QStringLiteral("task"), m_taskId)->value(u"deleted").toBool(),
        10000);
    dialog->close();
}

void TestEditing::deletingAContactEndsItsPortalAccessAtOnce()
{
    const PortalFixture::Contact signedUp =
        PortalFixture::signUp(m_server, *m_admin, m_clientId, QStringLiteral("cy@harbour.test"));
    QVERIFY(!signedUp.cookie.isEmpty());
    TestClient anon(m_server.baseUrl());
    QCOMPARE(anon.get(QStringLiteral("/api/v1/portal/projects"), signedUp.headers()).status, 200);

    MainWindow *window = m_app->window();
    window->findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(0);
    window->selectClient(m_clientId);
    QTRY_VERIFY_WITH_TIMEOUT(window->contactsModel()->rowOf(signedUp.id) >= 0, 10000);
    auto *contacts = window->findChild<QTableView *>(QStringLiteral("contactsView"));
    // The contacts view shows the model as it is (no proxy).
    contacts->setCurrentIndex(window->contactsModel()->index(window->contactsModel()->rowOf(signedUp.id), 0));
    contacts->selectRow(window->contactsModel()->rowOf(signedUp.id));
    QApplication::setActiveWindow(window);
    QTRY_VERIFY(window->isActiveWindow());
    contacts->setFocus();
    QTest::keyClick(contacts, Qt::Key_Delete);
    auto *confirm = waitForWidget<QMessageBox>(QStringLiteral("confirmDelete"));
    QVERIFY(confirm);
    QVERIFY2(confirm->text().contains(QStringLiteral("portal access")), qPrintable(confirm->text()));
    QTest::mouseClick(confirm->findChild<QPushButton *>(QStringLiteral("confirmDeleteButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    QCOMPARE(anon.get(QStringLiteral("/api/v1/portal/projects"), signedUp.headers()).status, 401);
}

void TestEditing::storageViewMatchesTheServersCheck()
{
    // A client upload (40,000 bytes: clients may hold at most half of what staff leave free) into a
    // project whose portal takes uploads, and a staff file (45,000 bytes).
    const QString orgId =
        m_admin->get(QStringLiteral("/api/v1/auth/me")).object().value(u"user").toObject().value(u"org_id").toString();
    const QString greenClient = newId();
    const QString greenProject = newId();
    QVERIFY(PortalFixture::openPortalProject(*m_admin, orgId, greenClient, greenProject));
    const PortalFixture::Contact client =
        PortalFixture::signUp(m_server, *m_admin, greenClient, QStringLiteral("di@green.test"));
    QVERIFY(!client.cookie.isEmpty());
    const QByteArray upload(40000, 'c');
    TestClient anon(m_server.baseUrl());
    const TestClient::Headers json = TestClient::Headers(client.headers(true))
        << qMakePair(QByteArray("Content-Type"), QByteArray("application/json"));
    const auto started = anon.send("POST", QStringLiteral("/api/v1/portal/uploads"),
        QJsonDocument(QJsonObject{{"project_id", greenProject}, {"name", "photos.zip"}, {"size", upload.size()},
                          {"mime_type", "application/zip"}})
            .toJson(),
        json);
    QCOMPARE(started.status, 201);
    const QString uploadId = started.object().value(u"upload_id").toString();
    QCOMPARE(anon.send("PUT", QStringLiteral("/api/v1/portal/uploads/%1?offset=0").arg(uploadId), upload,
                     TestClient::Headers(client.headers(true))
                         << qMakePair(QByteArray("Content-Type"), QByteArray("application/octet-stream")))
                 .status,
        200);
    QCOMPARE(
        anon.send("POST", QStringLiteral("/api/v1/portal/uploads/%1/complete").arg(uploadId), {}, json).status, 201);
    QVERIFY(!PortalFixture::uploadAsStaff(*m_admin, m_projectId, QStringLiteral("moodboard.png"),
        QByteArray(45000, 's'), "image/png", QStringLiteral("private"))
                 .isEmpty());

    // 85% of the quota: the status bar warns (from the cache, as the usage syncs).
    MainWindow *window = m_app->window();
    auto *storage = window->findChild<QLabel *>(QStringLiteral("storageLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(storage->isVisible() && storage->text().contains(QStringLiteral("85%")), 15000);
    screenshot(window, QStringLiteral("storage-warning"));

    // Organisation Settings → Storage, as an administrator.
    QApplication::setActiveWindow(window);
    window->findChild<QAction *>(QStringLiteral("organisationSettingsAction"))->trigger();
    auto *dialog = waitForWidget<OrgSettingsDialog>();
    QVERIFY(dialog);
    auto *tabs = dialog->findChild<QTabWidget *>(QStringLiteral("orgSettingsTabs"));
    auto *panel = dialog->findChild<StoragePanel *>();
    QVERIFY(panel);
    QSignalSpy loaded(panel, &StoragePanel::loaded);
    tabs->setCurrentWidget(panel);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->report().isEmpty(), 10000);
    const QJsonObject report = panel->report();
    QCOMPARE(report.value(u"client_bytes").toInteger(), 40000);
    QCOMPARE(report.value(u"staff_bytes").toInteger(), 45009); // the brief (9 bytes) and the moodboard
    QCOMPARE(report.value(u"used_bytes").toInteger(), 85009);
    screenshot(dialog, QStringLiteral("storage"));

    // The same numbers as `atrium-server check`.
    const auto check = m_server.runCli({QStringLiteral("check")});
    QVERIFY2(check.exitCode == 0, check.out.constData());
    const QString expected =
        QStringLiteral("storage acme: used %1 of %2 bytes (staff %3, clients %4, logos %5), reserved %6")
            .arg(report.value(u"used_bytes").toInteger())
            .arg(report.value(u"quota_bytes").toInteger())
            .arg(report.value(u"staff_bytes").toInteger())
            .arg(report.value(u"client_bytes").toInteger())
            .arg(report.value(u"logo_bytes").toInteger())
            .arg(report.value(u"reserved_bytes").toInteger());
    QVERIFY2(QString::fromUtf8(check.out).contains(expected), check.out.constData());
    QVERIFY2(
        check.out.contains(
            QStringLiteral("storage acme project %1 \"Website\": staff 0, clients 40000").arg(greenProject).toUtf8()),
        check.out.constData());
    // Members do not see it: the server refuses them, and another organisation's id is missing.
    TestClient member(m_server.baseUrl());
    QVERIFY(!member.login(QStringLiteral("bo@acme.test"), QStringLiteral("bo-password")).isEmpty());
    QCOMPARE(member.get(QStringLiteral("/api/v1/organisations/%1/storage").arg(orgId)).status, 403);
    QCOMPARE(m_admin->get(QStringLiteral("/api/v1/organisations/%1/storage").arg(newId())).status, 404);
    dialog->close();
}

void TestEditing::undoAndRedoSyncedEdits()
{
    MainWindow *window = m_app->window();
    QApplication::setActiveWindow(window);
    QTRY_VERIFY(window->isActiveWindow());
    window->projectsPage()->openItem(QStringLiteral("task"), m_taskId, m_projectId);
    QTRY_COMPARE(window->selectedTaskIds(), QStringList{m_taskId});
    const QString before = serverRow(m_taskId).value(u"title").toString();

    // An edit that reaches the server…
    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("editTaskButton")), Qt::LeftButton);
    auto *dialog = waitForWidget<FieldsDialog>(QStringLiteral("editTaskDialog"));
    QVERIFY(dialog);
    setLine(dialog, QStringLiteral("title"), QStringLiteral("Homepage copy, final"));
    accept(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    QCOMPARE(serverRow(m_taskId).value(u"title").toString(), QStringLiteral("Homepage copy, final"));

    // …is undone with Ctrl+Z as a new edit, which reaches the server too, and redone.
    auto *undo = window->findChild<QAction *>(QStringLiteral("undoAction"));
    QVERIFY(undo->isEnabled());
    QCOMPARE(undo->text(), QStringLiteral("&Undo Change task"));
    QApplication::setActiveWindow(window);
    QTest::keyClick(window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(m_app->cache()->row(QStringLiteral("task"), m_taskId)->value(u"title").toString(), before);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    QCOMPARE(serverRow(m_taskId).value(u"title").toString(), before);
    QTest::keyClick(window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(
        serverRow(m_taskId).value(u"title").toString(), QStringLiteral("Homepage copy, final"), 10000);

    // A delete is undone by restoring.
    auto *tasks = window->findChild<QTableView *>(QStringLiteral("tasksView"));
    QApplication::setActiveWindow(window);
    QTRY_VERIFY(window->isActiveWindow());
    tasks->setFocus();
    QTRY_COMPARE(window->selectedTaskIds(), QStringList{m_taskId});
    window->projectsPage()->tasks()->deleteSelected();
    auto *confirm = waitForWidget<QMessageBox>(QStringLiteral("confirmDelete"));
    QVERIFY(confirm);
    QTest::mouseClick(confirm->findChild<QPushButton *>(QStringLiteral("confirmDeleteButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    QVERIFY(find(pullAll(*m_admin), m_taskId).value(u"deleted").toBool());
    QApplication::setActiveWindow(window);
    QTest::keyClick(window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!find(pullAll(*m_admin), m_taskId).value(u"deleted").toBool(), 10000);
}

namespace {

// The object names of the actions in the context menu `view` opens at its current row.
QStringList contextMenuActions(QTableView *view)
{
    QStringList names;
    // The menu runs its own event loop: read it once it is up, then close it.
    QTimer::singleShot(0, view, [&names] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        for (QAction *action : menu->actions())
            if (!action->objectName().isEmpty())
                names.append(action->objectName());
        menu->close();
    });
    Q_EMIT view->customContextMenuRequested(view->visualRect(view->currentIndex()).center());
    return names;
}

} // namespace

// Requiring two-factor sign-in of a client, signing a contact out everywhere and resetting their
// two-factor sign-in are administrators' (the server refuses them to members): a member's menus do
// not offer them. The signed-in e-mail is what the app gives the window after sign-in.
void TestEditing::clientMenusOfferAdministratorsTheirActionsOnly()
{
    MainWindow *window = m_app->window();
    window->findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(0);
    window->selectClient(m_clientId);
    QTRY_COMPARE(window->currentClientId(), m_clientId);
    auto *clients = window->findChild<QTableView *>(QStringLiteral("clientsView"));
    auto *contacts = window->findChild<QTableView *>(QStringLiteral("contactsView"));
    QTRY_VERIFY(contacts->model()->rowCount() >= 1);
    contacts->setCurrentIndex(contacts->model()->index(0, 0));
    const auto restore = qScopeGuard([window] {
        window->setUserEmail(QStringLiteral("admin@acme.test"));
    });

    QVERIFY(contextMenuActions(clients).contains(QStringLiteral("requireTwoFactorAction")));
    QStringList contactActions = contextMenuActions(contacts);
    QVERIFY(contactActions.contains(QStringLiteral("signContactOutAction")));
    QVERIFY(contactActions.contains(QStringLiteral("resetContactSecondFactorAction")));
    QVERIFY(contactActions.contains(QStringLiteral("contactSessionsAction")));

    window->setUserEmail(QStringLiteral("BO@acme.test")); // a member (the case does not matter)
    QVERIFY(!contextMenuActions(clients).contains(QStringLiteral("requireTwoFactorAction")));
    contactActions = contextMenuActions(contacts);
    QVERIFY(!contactActions.contains(QStringLiteral("signContactOutAction")));
    QVERIFY(!contactActions.contains(QStringLiteral("resetContactSecondFactorAction")));
    QVERIFY(contactActions.contains(QStringLiteral("contactSessionsAction")));
}

QTEST_MAIN(TestEditing)
#include "tst_editing.moc"
