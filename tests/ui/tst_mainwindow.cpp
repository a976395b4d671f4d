// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

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
#include "ui/fieldsdialog.h"
#include "ui/invitedialog.h"
#include "ui/mainwindow.h"
#include "ui/signindialog.h"
#include "ui/translations.h"

using namespace SyncFixture;

// The desktop's main flows driven like a user would, against the real server, with the real
// keychain (tests/support/with-keyring): sign in, create a client and a contact, invite, create a
// project and tasks, share tasks, switch the project's portal on, send a sign-off. Asserts on
// the models and on what reached the server, and saves screenshots into
// BUILD/test-artifacts/mainwindow/.
class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void signInStoresTheTokenInTheKeychain();
    void createClientAndContact();
    void inviteContact();
    void createProjectAndTasks();
    void editTaskStatusInPlace();
    void shareSeveralTasksAsksFirst();
    void narrowingAppliesAtOnce();
    void switchProjectPortalOn();
    void sendSignOff();
    void everythingReachedTheServer();
    void signOffRoundsAnswersAndCertificate();
    void addedFileUploadsAndShows();
    void conflictCanBeResolvedWithMine();
    void revokedTokenBringsBackSignIn();
    void signOutRevokesAndForgetsTheToken();
    void massDeletionAsksWithKeepAsDefault();
    void showsOfflineAndPending();

private:
    template <typename T> T *waitForDialog(const QString &name = {});
    void fillAndAccept(FieldsDialog *dialog, const QHash<QString, QString> &values);
    void screenshot(QWidget *widget, const QString &name);
    bool idle() const;

    ServerProcess m_server;
    QTemporaryDir m_profile;
    KeychainCredentialStore m_credentials{QStringLiteral("AtriumTest")};
    std::unique_ptr<AppController> m_app;
    SyncStatus m_status;
    QString m_clientId;
    QString m_contactId;
    QString m_projectId;
    QStringList m_taskIds;
    QString m_token;
};

template <typename T> T *TestMainWindow::waitForDialog(const QString &name)
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

void TestMainWindow::fillAndAccept(FieldsDialog *dialog, const QHash<QString, QString> &values)
{
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        auto *edit = dialog->findChild<QLineEdit *>(it.key());
        QVERIFY2(edit, qPrintable(it.key()));
        edit->clear();
        QTest::keyClicks(edit, it.value());
    }
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    screenshot(dialog, dialog->objectName());
    QTest::mouseClick(ok, Qt::LeftButton);
}

void TestMainWindow::screenshot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(ATRIUM_ARTIFACTS_DIR "/mainwindow");
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + u'/' + name + QStringLiteral(".png")));
}

bool TestMainWindow::idle() const
{
    return m_status.online && !m_status.syncing && m_status.pending == 0;
}

void TestMainWindow::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(QStringLiteral("Acme Studio"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"),
        QStringLiteral("admin-pw")));
    QString error;
    m_app = DesktopFixture::start(
        {.dataDir = m_profile.path(), .server = m_server.baseUrl()}, &m_credentials, this, &m_status, &error);
    QVERIFY2(m_app, qPrintable(error));
    QVERIFY(QTest::qWaitForWindowExposed(m_app->window()));
    QApplication::setActiveWindow(m_app->window());
}

void TestMainWindow::cleanupTestCase()
{
    m_app.reset();
}

void TestMainWindow::signInStoresTheTokenInTheKeychain()
{
    auto *dialog = waitForDialog<SignInDialog>();
    QVERIFY(dialog);
    QCOMPARE(dialog->serverUrl(), m_server.baseUrl());
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("email")), QStringLiteral("admin@acme.test"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("password")), QStringLiteral("wrong"));
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    auto *message = dialog->findChild<QLabel *>(QStringLiteral("message"));
    QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(QStringLiteral("not right")), 10000);
    screenshot(dialog, QStringLiteral("sign-in-failed"));

    QSignalSpy signedIn(m_app.get(), &AppController::signedIn);
    dialog->findChild<QLineEdit *>(QStringLiteral("password"))->clear();
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("password")), QStringLiteral("admin-pw"));
    QTest::keyClick(dialog->findChild<QLineEdit *>(QStringLiteral("password")), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 20000);

    // The token is in the keychain, and nowhere in the profile directory.
    std::optional<std::expected<QString, Error>> token;
    m_credentials.read(QStringLiteral("token %1 admin@acme.test").arg(m_server.baseUrl().toString()), this,
        [&](std::expected<QString, Error> r) {
            token = r;
        });
    QTRY_VERIFY_WITH_TIMEOUT(token.has_value(), 10000);
    QVERIFY(*token);
    QVERIFY((*token)->startsWith(QStringLiteral("atr_")));
    m_token = **token;
    for (const QFileInfo &file : QDir(m_profile.path()).entryInfoList(QDir::Files)) {
        QFile f(file.absoluteFilePath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains((*token)->toUtf8()), qPrintable(file.fileName()));
    }
}

void TestMainWindow::createClientAndContact()
{
    MainWindow *window = m_app->window();
    QApplication::setActiveWindow(window);
    QTRY_VERIFY(window->isActiveWindow());
    QTest::keyClick(window, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    auto *dialog = waitForDialog<FieldsDialog>(QStringLiteral("newClientDialog"));
    QVERIFY(dialog);
    screenshot(dialog, QStringLiteral("new-client"));
    fillAndAccept(dialog, {{QStringLiteral("name"), QStringLiteral("Harbour Coffee")}});
    QTRY_COMPARE_WITH_TIMEOUT(window->clientsModel()->rowCount(), 1, 5000);
    QTRY_VERIFY(!window->currentClientId().isEmpty());
    m_clientId = window->currentClientId();

    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("newContactButton")), Qt::LeftButton);
    dialog = waitForDialog<FieldsDialog>(QStringLiteral("newContactDialog"));
    QVERIFY(dialog);
    fillAndAccept(dialog,
        {{QStringLiteral("name"), QStringLiteral("Ada Lovelace")},
            {QStringLiteral("email"), QStringLiteral("ada@harbour.test")}});
    QTRY_COMPARE_WITH_TIMEOUT(window->contactsModel()->rowCount(), 1, 5000);
    m_contactId = window->contactsModel()->idAt(0);
    QCOMPARE(window->contactsModel()->value(0, QStringLiteral("portal_state")).toString(), QStringLiteral("none"));
}

void TestMainWindow::inviteContact()
{
    MainWindow *window = m_app->window();
    auto *contacts = window->findChild<QTableView *>(QStringLiteral("contactsView"));
    contacts->setCurrentIndex(contacts->model()->index(0, 0));
    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("inviteButton")), Qt::LeftButton);
    auto *dialog = waitForDialog<InviteDialog>();
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QWidget *>(QStringLiteral("byEmail"))->isEnabled());
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("sendInviteButton")), Qt::LeftButton);
    auto *invites = dialog->findChild<QListWidget *>(QStringLiteral("invites"));
    QCOMPARE(invites->count(), 1);
    // The server derives the contact's portal state from the invite; it comes back with the pull.
    QTRY_COMPARE_WITH_TIMEOUT(
        window->contactsModel()->value(0, QStringLiteral("portal_state")).toString(), QStringLiteral("invited"), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(
        dialog->findChild<QLabel *>(QStringLiteral("portalState"))->text().contains(u"Invited"), 5000);

    // A link invite: its link shows once the server made it, ready to copy.
    dialog->findChild<QRadioButton *>(QStringLiteral("byLink"))->setChecked(true);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("sendInviteButton")), Qt::LeftButton);
    QCOMPARE(invites->count(), 2);
    auto *link = dialog->findChild<QLineEdit *>(QStringLiteral("link"));
    QTRY_VERIFY_WITH_TIMEOUT(link->isVisible(), 20000);
    QVERIFY2(link->text().startsWith(m_server.baseUrl().toString() + QStringLiteral("/p/acme/invite#inv_")),
        qPrintable(link->text()));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("copyLinkButton")), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), link->text());
    screenshot(dialog, QStringLiteral("invite"));
    dialog->close();
}

void TestMainWindow::createProjectAndTasks()
{
    MainWindow *window = m_app->window();
    QApplication::setActiveWindow(window);
    QTest::keyClick(window, Qt::Key_2, Qt::ControlModifier);
    QTRY_COMPARE(window->findChild<QTabWidget *>(QStringLiteral("tabs"))->currentIndex(), 1);
    QTest::keyClick(window, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    auto *dialog = waitForDialog<FieldsDialog>(QStringLiteral("newProjectDialog"));
    QVERIFY(dialog);
    fillAndAccept(dialog, {{QStringLiteral("name"), QStringLiteral("Brand refresh")}});
    QTRY_COMPARE_WITH_TIMEOUT(window->projectsModel()->rowCount(), 1, 5000);
    QTRY_VERIFY(!window->currentProjectId().isEmpty());
    m_projectId = window->currentProjectId();

    for (const QString &title :
        {QStringLiteral("Moodboard"), QStringLiteral("Logo drafts"), QStringLiteral("Budget")}) {
        QApplication::setActiveWindow(window);
        QTest::keyClick(window, Qt::Key_N, Qt::ControlModifier);
        dialog = waitForDialog<FieldsDialog>(QStringLiteral("newTaskDialog"));
        QVERIFY(dialog);
        fillAndAccept(dialog, {{QStringLiteral("title"), title}});
        QTRY_VERIFY(!dialog->isVisible());
    }
    QTRY_COMPARE_WITH_TIMEOUT(window->tasksModel()->rowCount(), 3, 5000);
    for (int row = 0; row < 3; ++row) {
        QCOMPARE(window->tasksModel()->value(row, QStringLiteral("visibility")).toString(), QStringLiteral("private"));
        m_taskIds.append(window->tasksModel()->idAt(row));
    }
    screenshot(window, QStringLiteral("projects"));
}

void TestMainWindow::editTaskStatusInPlace()
{
    MainWindow *window = m_app->window();
    auto *view = window->findChild<QTableView *>(QStringLiteral("tasksView"));
    // Every task is in the view before the row is looked for (a reload that lands while the editor
    // is open keeps it: tst_entitytablemodel).
    QTRY_VERIFY_WITH_TIMEOUT(idle() && !window->tasksModel()->isLoading(), 20000);
    QModelIndex status;
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        if (view->model()->index(row, 0).data().toString() == u"Moodboard")
            status = view->model()->index(row, 1);
    }
    QVERIFY(status.isValid());
    const QString id = status.data(EntityTableModel::ItemIdRole).toString();
    view->setCurrentIndex(status);
    view->edit(status);
    auto *combo = view->findChild<QComboBox *>();
    QVERIFY(combo);
    combo->setCurrentIndex(combo->findData(QStringLiteral("in_progress")));
    QTest::keyClick(combo, Qt::Key_Return);
    QTRY_COMPARE(
        m_app->cache()->row(QStringLiteral("task"), id)->value(u"status").toString(), QStringLiteral("in_progress"));
    QTRY_COMPARE(window->tasksModel()->value(window->tasksModel()->rowOf(id), QStringLiteral("status")).toString(),
        QStringLiteral("in_progress"));
}

void TestMainWindow::shareSeveralTasksAsksFirst()
{
    MainWindow *window = m_app->window();
    auto *view = window->findChild<QTableView *>(QStringLiteral("tasksView"));
    EntityTableModel *tasks = window->tasksModel();
    // Select "Moodboard" and "Logo drafts" (not "Budget").
    view->clearSelection();
    QStringList shared;
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        const QModelIndex index = view->model()->index(row, 0);
        if (index.data().toString() != u"Budget") {
            view->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
            shared.append(index.data(EntityTableModel::ItemIdRole).toString());
        }
    }
    QCOMPARE(window->selectedTaskIds().size(), 2);
    window->requestVisibility(QStringLiteral("task"), window->selectedTaskIds(), QStringLiteral("read_only"));
    auto *box = waitForDialog<QMessageBox>(QStringLiteral("confirmWidening"));
    QVERIFY(box);
    QVERIFY2(box->text().contains(QStringLiteral("2 tasks")), qPrintable(box->text()));
    QVERIFY(box->text().contains(QStringLiteral("Harbour Coffee")));
    screenshot(box, QStringLiteral("confirm-sharing"));
    // Nothing changes before the answer.
    for (const QString &id : shared)
        QCOMPARE(tasks->value(tasks->rowOf(id), QStringLiteral("visibility")).toString(), QStringLiteral("private"));
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
    for (const QString &id : shared)
        QTRY_COMPARE(
            tasks->value(tasks->rowOf(id), QStringLiteral("visibility")).toString(), QStringLiteral("read_only"));
    QCOMPARE(tasks->data(tasks->index(tasks->rowOf(shared.first()), 0), EntityTableModel::PendingRole).toBool(), true);
    screenshot(window, QStringLiteral("tasks-shared"));
}

void TestMainWindow::narrowingAppliesAtOnce()
{
    MainWindow *window = m_app->window();
    EntityTableModel *tasks = window->tasksModel();
    QString editable;
    for (int row = 0; row < tasks->rowCount(); ++row) {
        if (tasks->value(row, QStringLiteral("title")).toString() == u"Budget")
            editable = tasks->idAt(row);
    }
    // Widen "Budget" to editable (confirmed), then narrow it back: no question this time.
    window->requestVisibility(QStringLiteral("task"), {editable}, QStringLiteral("editable"));
    auto *box = waitForDialog<QMessageBox>(QStringLiteral("confirmWidening"));
    QVERIFY(box);
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
    QTRY_COMPARE(
        tasks->value(tasks->rowOf(editable), QStringLiteral("visibility")).toString(), QStringLiteral("editable"));
    window->requestVisibility(QStringLiteral("task"), {editable}, QStringLiteral("private"));
    QCOMPARE(tasks->value(tasks->rowOf(editable), QStringLiteral("visibility")).toString(), QStringLiteral("private"));
}

void TestMainWindow::switchProjectPortalOn()
{
    MainWindow *window = m_app->window();
    window->selectProject(m_projectId);
    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("projectSettingsButton")), Qt::LeftButton);
    auto *settings = waitForDialog<QDialog>(QStringLiteral("projectSettingsDialog"));
    QVERIFY(settings);
    settings->findChild<QCheckBox *>(QStringLiteral("portalEnabled"))->setChecked(true);
    settings->findChild<QCheckBox *>(QStringLiteral("clientUploadsEnabled"))->setChecked(true);
    screenshot(settings, QStringLiteral("project-settings"));
    QTest::mouseClick(settings->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    auto *box = waitForDialog<QMessageBox>(QStringLiteral("confirmWidening"));
    QVERIFY(box);
    QVERIFY2(box->text().contains(QStringLiteral("2 tasks")), qPrintable(box->text()));
    QVERIFY2(box->text().contains(QStringLiteral("Ada Lovelace")), qPrintable(box->text()));
    screenshot(box, QStringLiteral("confirm-portal"));
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
    QTRY_COMPARE(window->projectsModel()
                     ->value(window->projectsModel()->rowOf(m_projectId), QStringLiteral("portal_enabled"))
                     .toInt(),
        1);
}

void TestMainWindow::sendSignOff()
{
    MainWindow *window = m_app->window();
    window->findChild<QTabWidget *>(QStringLiteral("projectTabs"))->setCurrentIndex(2);
    window->newSignOff();
    auto *dialog = waitForDialog<FieldsDialog>(QStringLiteral("newSignOffDialog"));
    QVERIFY(dialog);
    // The client's contact with an e-mail address is offered as an approver, ticked.
    auto *approvers = dialog->findChild<QListWidget *>(QStringLiteral("signoffApprovers"));
    QVERIFY(approvers);
    QCOMPARE(approvers->count(), 1);
    QVERIFY2(approvers->item(0)->text().contains(QStringLiteral("ada@harbour.test")),
        qPrintable(approvers->item(0)->text()));
    QCOMPARE(approvers->item(0)->checkState(), Qt::Checked);
    auto *due = dialog->findChild<QDateEdit *>(QStringLiteral("due_date"));
    QVERIFY(due);
    due->setDate(QDate::currentDate().addDays(7));
    fillAndAccept(dialog, {{QStringLiteral("title"), QStringLiteral("Approve the logo")}});
    QTRY_COMPARE_WITH_TIMEOUT(window->signoffsModel()->rowCount(), 1, 5000);
    auto *view = window->findChild<QTableView *>(QStringLiteral("signoffsView"));
    view->setCurrentIndex(view->model()->index(0, 0));
    auto *send = window->findChild<QPushButton *>(QStringLiteral("sendSignOffButton"));
    QVERIFY(send->isVisible());
    QTest::mouseClick(send, Qt::LeftButton);
    QTRY_COMPARE(window->signoffsModel()->value(0, QStringLiteral("status")).toString(), QStringLiteral("sent"));
    // The detail names the approver still to answer and the due date, in the user's locale.
    auto *detail = window->findChild<QTextBrowser *>(QStringLiteral("signoffDetail"));
    QTRY_VERIFY_WITH_TIMEOUT(
        detail->toPlainText().contains(QStringLiteral("Ada Lovelace <ada@harbour.test> — no answer yet")), 20000);
    QVERIFY2(detail->toPlainText().contains(QStringLiteral("answer by ")
                 + QLocale().toString(QDate::currentDate().addDays(7), QLocale::ShortFormat)),
        qPrintable(detail->toPlainText()));
    // Its audit trail comes from the server: created, then sent.
    auto *trail = window->findChild<QListWidget *>(QStringLiteral("signoffTrail"));
    QTRY_VERIFY_WITH_TIMEOUT(trail->count() >= 2, 20000);
    QVERIFY(trail->item(trail->count() - 1)->text().contains(QStringLiteral("sent")));
    screenshot(window, QStringLiteral("signoffs"));
}

void TestMainWindow::everythingReachedTheServer()
{
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 20000);
    TestClient admin(m_server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    const QJsonArray changes = pullAll(admin);
    QCOMPARE(find(changes, m_clientId).value(u"data").toObject().value(u"name").toString(),
        QStringLiteral("Harbour Coffee"));
    QCOMPARE(find(changes, m_contactId).value(u"data").toObject().value(u"email").toString(),
        QStringLiteral("ada@harbour.test"));
    const QJsonObject project = find(changes, m_projectId).value(u"data").toObject();
    QCOMPARE(project.value(u"portal_enabled").toBool(), true);
    QCOMPARE(project.value(u"client_uploads_enabled").toBool(), true);
    QMap<QString, QString> visibility;
    int invites = 0;
    QString signoffStatus;
    for (const QJsonValue &value : changes) {
        const QJsonObject c = value.toObject();
        const QJsonObject data = c.value(u"data").toObject();
        if (c.value(u"entity").toString() == u"task")
            visibility.insert(data.value(u"title").toString(), data.value(u"visibility").toString());
        if (c.value(u"entity").toString() == u"invite" && data.value(u"contact_id").toString() == m_contactId)
            ++invites;
        if (c.value(u"entity").toString() == u"signoff")
            signoffStatus = data.value(u"status").toString();
    }
    QCOMPARE(visibility.value(QStringLiteral("Moodboard")), QStringLiteral("read_only"));
    QCOMPARE(visibility.value(QStringLiteral("Logo drafts")), QStringLiteral("read_only"));
    QCOMPARE(visibility.value(QStringLiteral("Budget")), QStringLiteral("private"));
    QCOMPARE(invites, 2); // by e-mail and by link
    QCOMPARE(signoffStatus, QStringLiteral("sent"));
    // The server's record of it shows on the Activity tab.
    QApplication::setActiveWindow(m_app->window());
    QTest::keyClick(m_app->window(), Qt::Key_3, Qt::ControlModifier);
    QTRY_COMPARE(m_app->window()->findChild<QTabWidget *>(QStringLiteral("tabs"))->currentIndex(), 2);
    auto *activity = m_app->window()->findChild<QTableView *>(QStringLiteral("activityView"));
    QTRY_VERIFY_WITH_TIMEOUT(activity->model()->rowCount() >= 8, 10000);
    screenshot(m_app->window(), QStringLiteral("activity"));
}

// The client answers through the personal link; staff see the answer, send a second round,
// and save the certificate once it is approved.
void TestMainWindow::signOffRoundsAnswersAndCertificate()
{
    MainWindow *window = m_app->window();
    const QString id = window->signoffsModel()->idAt(0);
    auto linkCookie = [this](int atLeast) {
        static const QRegularExpression link(QStringLiteral("/p/acme/s#(so_[A-Za-z0-9_-]+)"));
        QString token;
        (void)QTest::qWaitFor(
            [&] {
                QStringList tokens;
                for (const QString &text :
                    PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("ada@harbour.test")))
                    if (const auto m = link.match(text);
                        m.hasMatch() && text.contains(QStringLiteral("Approve the logo")))
                        tokens.append(m.captured(1));
                if (tokens.size() < atLeast)
                    return false;
                token = tokens.last();
                return true;
            },
            10000);
        const TestClient::Reply opened =
            TestClient(m_server.baseUrl())
                .send("POST", QStringLiteral("/api/v1/portal/link/open"),
                    QJsonDocument(QJsonObject{{"token", token}}).toJson(), {{"Content-Type", "application/json"}});
        const QByteArray cookie = opened.header("Set-Cookie");
        return opened.status == 200 ? cookie.left(cookie.indexOf(';')) : QByteArray();
    };
    auto answer = [this, &id](const QByteArray &cookie, const QString &decision, const QString &comment) {
        return TestClient(m_server.baseUrl())
            .send("POST", QStringLiteral("/api/v1/portal/link/signoffs/%1/decision").arg(id),
                QJsonDocument(QJsonObject{{"decision", decision}, {"comment", comment}}).toJson(),
                {{"Cookie", cookie}, {"Content-Type", "application/json"}})
            .status;
    };

    const QByteArray first = linkCookie(1);
    QVERIFY(!first.isEmpty());
    QCOMPARE(answer(first, QStringLiteral("rejected"), QStringLiteral("Make the mark bigger")), 200);
    auto *detail = window->findChild<QTextBrowser *>(QStringLiteral("signoffDetail"));
    QVERIFY(detail);
    QTRY_VERIFY_WITH_TIMEOUT(detail->toPlainText().contains(QStringLiteral("Make the mark bigger")), 20000);
    QVERIFY2(detail->toPlainText().contains(QStringLiteral("Ada Lovelace <ada@harbour.test> — asked for changes")),
        qPrintable(detail->toPlainText()));
    QVERIFY2(detail->toPlainText().contains(QStringLiteral("through the personal link, from 127.0.0.1")),
        qPrintable(detail->toPlainText()));

    // A second round, to the same approver, with the files as they are now.
    auto *newRound = window->findChild<QPushButton *>(QStringLiteral("newRoundButton"));
    QVERIFY(newRound->isEnabled());
    auto *certificate = window->findChild<QPushButton *>(QStringLiteral("saveCertificateButton"));
    QTest::mouseClick(newRound, Qt::LeftButton);
    auto *dialog = waitForDialog<FieldsDialog>(QStringLiteral("newRoundDialog"));
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QListWidget *>(QStringLiteral("signoffApprovers"))->item(0)->checkState(), Qt::Checked);
    fillAndAccept(dialog, {});
    QTRY_VERIFY_WITH_TIMEOUT(detail->toPlainText().contains(QStringLiteral("Round 2")), 20000);
    QVERIFY(detail->toPlainText().contains(QStringLiteral("no answer yet")));
    QVERIFY(!newRound->isEnabled());
    QVERIFY(!certificate->isEnabled());

    // The first round's link is spent; the new round's mail brings a new one.
    QCOMPARE(answer(first, QStringLiteral("approved"), QString()), 404);
    const QByteArray second = linkCookie(2);
    QVERIFY(!second.isEmpty());
    QCOMPARE(answer(second, QStringLiteral("approved"), QStringLiteral("Perfect")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(
        window->signoffsModel()->value(0, QStringLiteral("status")).toString(), QStringLiteral("approved"), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(certificate->isEnabled(), 20000);
    window->findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(1);
    window->findChild<QTabWidget *>(QStringLiteral("projectTabs"))->setCurrentIndex(2);
    window->resize(1100, 860);
    screenshot(window, QStringLiteral("signoff-rounds"));

    // The certificate, saved where the user says.
    QTest::mouseClick(certificate, Qt::LeftButton);
    auto *save = waitForDialog<QFileDialog>(QStringLiteral("saveCertificateDialog"));
    QVERIFY(save);
    const QString path = m_profile.filePath(QStringLiteral("certificate.pdf"));
    save->selectFile(path);
    static_cast<QDialog *>(save)->accept(); // QFileDialog::accept(), as its Save button does
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 20000);
    QFile pdf(path);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    QVERIFY(window->findChild<QMessageBox *>(QStringLiteral("certificateError")) == nullptr);
}

void TestMainWindow::addedFileUploadsAndShows()
{
    MainWindow *window = m_app->window();
    window->selectProject(m_projectId);
    const QString path = m_profile.filePath(QStringLiteral("brief.txt"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("The brief, version 1.\n").repeated(1000));
    }
    m_app->addFiles(m_projectId, QStringLiteral("Briefs"), {path});
    // Shown at once as pending, then uploaded.
    QTRY_COMPARE_WITH_TIMEOUT(window->filesModel()->rowCount(), 1, 10000);
    QCOMPARE(window->filesModel()->value(0, QStringLiteral("name")).toString(), QStringLiteral("brief.txt"));
    QTRY_VERIFY_WITH_TIMEOUT(idle() && m_app->cache()->uploads().isEmpty(), 20000);
    TestClient admin(m_server.baseUrl());
    admin.setToken(m_token.toUtf8());
    const QString fileId = window->filesModel()->idAt(0);
    const TestClient::Reply content = admin.get(QStringLiteral("/api/v1/files/%1/content").arg(fileId));
    QCOMPARE(content.status, 200);
    QCOMPARE(content.body, QByteArray("The brief, version 1.\n").repeated(1000));
    QCOMPARE(window->filesModel()->value(0, QStringLiteral("folder")).toString(), QStringLiteral("Briefs"));
    QCOMPARE(window->filesModel()->value(0, QStringLiteral("visibility")).toString(), QStringLiteral("private"));

    // Folders: the filter offers the file's folder and "Client Uploads"; moving works offline-first.
    auto *folders = window->findChild<QComboBox *>(QStringLiteral("folderFilter"));
    QTRY_VERIFY(folders->findData(QStringLiteral("Briefs")) >= 0);
    QVERIFY(folders->findData(QStringLiteral("Client Uploads")) >= 0);
    folders->setCurrentIndex(folders->findData(QStringLiteral("Client Uploads")));
    auto *view = window->findChild<QTableView *>(QStringLiteral("filesView"));
    QCOMPARE(view->model()->rowCount(), 0);
    folders->setCurrentIndex(folders->findData(QStringLiteral("Briefs")));
    QCOMPARE(view->model()->rowCount(), 1);
    view->selectRow(0);
    QMetaObject::invokeMethod(window, "moveFiles", Q_ARG(QStringList, window->selectedFileIds()));
    auto *dialog = waitForDialog<FieldsDialog>(QStringLiteral("moveFilesDialog"));
    QVERIFY(dialog);
    fillAndAccept(dialog, {{QStringLiteral("folder"), QStringLiteral("Archive")}});
    QTRY_COMPARE(window->filesModel()->value(0, QStringLiteral("folder")).toString(), QStringLiteral("Archive"));
    QTRY_VERIFY_WITH_TIMEOUT(m_app->cache()->pendingCount() == 0 && idle(), 20000);
    QCOMPARE(
        find(pullAll(admin), fileId).value(u"data").toObject().value(u"folder").toString(), QStringLiteral("Archive"));
    folders->setCurrentIndex(0);
}

void TestMainWindow::conflictCanBeResolvedWithMine()
{
    MainWindow *window = m_app->window();
    const QString taskId = m_taskIds.first();
    const QString before = m_app->cache()->row(QStringLiteral("task"), taskId)->value(u"title").toString();
    // This desktop edits while it cannot push; meanwhile someone else renames the task.
    QMetaObject::invokeMethod(m_app->engine(), &SyncEngine::stop, Qt::BlockingQueuedConnection);
    QVERIFY(m_app->cache()->applyEdit({LocalEdit::Op::Update, QStringLiteral("task"), taskId, {{"title", "Mine"}}}));
    TestClient other(m_server.baseUrl());
    other.setToken(m_token.toUtf8());
    QCOMPARE(pushResults(other,
                 {mutation(QStringLiteral("task"), taskId, QStringLiteral("update"), {{"title", "Theirs"}},
                     {{"title", before}})})
                 .first()
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("applied"));
    const QUrl server = m_server.baseUrl();
    const QString token = m_token;
    QMetaObject::invokeMethod(m_app->engine(), [engine = m_app->engine(), server, token] {
        engine->setCredentials(server, token);
    });
    QTRY_COMPARE_WITH_TIMEOUT(window->conflictsModel()->rowCount(), 1, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(m_app->cache()->row(QStringLiteral("task"), taskId)->value(u"title").toString(),
        QStringLiteral("Theirs"), 10000);
    QApplication::setActiveWindow(window);
    QTest::keyClick(window, Qt::Key_4, Qt::ControlModifier);
    auto *view = window->findChild<QTableView *>(QStringLiteral("conflictsView"));
    view->setCurrentIndex(view->model()->index(0, 0));
    screenshot(window, QStringLiteral("conflicts"));
    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("useMineButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(window->conflictsModel()->rowCount(), 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(m_app->cache()->pendingCount() == 0 && idle(), 20000);
    const QJsonArray changes = pullAll(other);
    QCOMPARE(find(changes, taskId).value(u"data").toObject().value(u"title").toString(), QStringLiteral("Mine"));
}

void TestMainWindow::revokedTokenBringsBackSignIn()
{
    // The token stops working (revoked elsewhere): the next sync brings back the sign-in dialog,
    // and what was typed meanwhile is kept and sent after signing in again.
    TestClient other(m_server.baseUrl());
    other.setToken(m_token.toUtf8());
    QCOMPARE(other.post(QStringLiteral("/api/v1/auth/logout"), {}).status, 200);
    const QString id = EntitySchema::newUuid();
    QVERIFY(
        m_app->cache()->applyEdit({LocalEdit::Op::Create, QStringLiteral("client"), id, {{"name", "Kept Client"}}}));
    auto *dialog = waitForDialog<SignInDialog>();
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("message"))->text().contains(QStringLiteral("kept")));
    QCOMPARE(m_app->cache()->pendingCount(), 1);
    screenshot(dialog, QStringLiteral("sign-in-again"));
    QSignalSpy signedIn(m_app.get(), &AppController::signedIn);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("password")), QStringLiteral("admin-pw"));
    QTest::keyClick(dialog->findChild<QLineEdit *>(QStringLiteral("password")), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(m_app->cache()->pendingCount() == 0 && idle(), 20000);
    TestClient admin(m_server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    QCOMPARE(
        find(pullAll(admin), id).value(u"data").toObject().value(u"name").toString(), QStringLiteral("Kept Client"));
}

void TestMainWindow::signOutRevokesAndForgetsTheToken()
{
    std::optional<std::expected<QString, Error>> token;
    const QString key = QStringLiteral("token %1 admin@acme.test").arg(m_server.baseUrl().toString());
    m_credentials.read(key, this, [&](std::expected<QString, Error> r) {
        token = r;
    });
    QTRY_VERIFY_WITH_TIMEOUT(token.has_value(), 10000);
    QVERIFY(*token && !(*token)->isEmpty());
    const QString current = **token;
    QVERIFY(current != m_token); // a new sign-in, a new token

    Q_EMIT m_app->window()->signOutRequested();
    auto *dialog = waitForDialog<SignInDialog>();
    QVERIFY(dialog);
    TestClient probe(m_server.baseUrl());
    probe.setToken(current.toUtf8());
    QTRY_COMPARE_WITH_TIMEOUT(probe.get(QStringLiteral("/api/v1/auth/me")).status, 401, 10000);
    token.reset();
    m_credentials.read(key, this, [&](std::expected<QString, Error> r) {
        token = r;
    });
    QTRY_VERIFY_WITH_TIMEOUT(token.has_value(), 10000);
    QVERIFY(*token);
    QCOMPARE(**token, QString());
    // Signed in again for the last test.
    QSignalSpy signedIn(m_app.get(), &AppController::signedIn);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("password")), QStringLiteral("admin-pw"));
    QTest::keyClick(dialog->findChild<QLineEdit *>(QStringLiteral("password")), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 20000);
}

void TestMainWindow::massDeletionAsksWithKeepAsDefault()
{
    MainWindow *window = m_app->window();
    QSignalSpy answered(window, &MainWindow::massDeletionAnswered);
    window->askMassDeletion(120, 200);
    auto *box = waitForDialog<QMessageBox>(QStringLiteral("confirmMassDeletion"));
    QVERIFY(box);
    QVERIFY(box->text().contains(QStringLiteral("120 of the 200")));
    screenshot(box, QStringLiteral("confirm-mass-deletion"));
    // Enter takes the safe default: keep them.
    QTest::keyClick(box, Qt::Key_Return);
    QTRY_COMPARE(answered.count(), 1);
    QCOMPARE(answered.first().at(0).toBool(), false);
}

void TestMainWindow::showsOfflineAndPending()
{
    m_server.stop();
    MainWindow *window = m_app->window();
    QApplication::setActiveWindow(window);
    QTRY_VERIFY(window->isActiveWindow());
    QTest::keyClick(window, Qt::Key_1, Qt::ControlModifier);
    QTRY_COMPARE(window->findChild<QTabWidget *>(QStringLiteral("tabs"))->currentIndex(), 0);
    // An edit while the server is gone: shown at once, marked pending, counted in the status bar.
    QVERIFY(m_app->cache()->applyEdit(
        {LocalEdit::Op::Create, QStringLiteral("client"), EntitySchema::newUuid(), {{"name", "Offline Bakery"}}}));
    QTRY_COMPARE(window->clientsModel()->rowCount(), 3); // with "Kept Client"
    auto *online = window->findChild<QLabel *>(QStringLiteral("onlineLabel"));
    auto *pending = window->findChild<QLabel *>(QStringLiteral("pendingLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(online->text().contains(QStringLiteral("Offline")), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(pending->text().startsWith(QStringLiteral("1 ")), 10000);
    screenshot(window, QStringLiteral("offline-pending"));
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    Translations::install(&app);
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_mainwindow.moc"
