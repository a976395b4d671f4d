// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

#include "common/entityschema.h"
#include "models/entitytablemodel.h"
#include "sync/credentialstore.h"
#include "sync/syncengine.h"
#include "tests/support/desktopfixture.h"
#include "tests/support/serverprocess.h"
#include "ui/appcontroller.h"
#include "ui/branding/orgsettingsdialog.h"
#include "ui/fieldsdialog.h"
#include "ui/invitedialog.h"
#include "ui/mainwindow.h"
#include "ui/pages/taskspanel.h"
#include "ui/signindialog.h"

// What a new staff member ran into on their first day, each fixed and checked through the real
// window against the real server and keychain: the way back after cancelling sign-in, dialogs that
// open with the focus in their first field, a toolbar and shortcuts for the frequent actions, an
// About box, the activity log in words, accessible names, dates in the user's locale, column
// widths and the window's state remembered between runs, and a dark palette that stays dark.
// Screenshots in BUILD/test-artifacts/firstday/.
class TestFirstDay : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void cancellingSignInLeavesAWayBack();
    void dialogsOpenWithTheFocusInTheirFirstField();
    void toolbarShortcutsAndAbout();
    void activitySpeaksInWords();
    void everyControlHasAnAccessibleName();
    void datesAndSizesInTheUserLocale();
    void windowAndColumnsAreRemembered();
    void darkPaletteStaysDark();

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
    void startApp();

    ServerProcess m_server;
    QTemporaryDir m_profile;
    KeychainCredentialStore m_credentials{QStringLiteral("AtriumTest")};
    std::unique_ptr<AppController> m_app;
    SyncStatus m_status;
    QString m_clientId;
    QString m_projectId;
    QString m_taskId;
};

template <typename T> T *TestFirstDay::waitForWidget(const QString &name)
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

void TestFirstDay::screenshot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(ATRIUM_ARTIFACTS_DIR "/firstday");
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + u'/' + name + QStringLiteral(".png")));
}

void TestFirstDay::startApp()
{
    QString error;
    m_app = DesktopFixture::start(
        {.dataDir = m_profile.path(), .server = m_server.baseUrl()}, &m_credentials, this, &m_status, &error);
    QVERIFY2(m_app, qPrintable(error));
    QVERIFY(QTest::qWaitForWindowExposed(m_app->window()));
    QApplication::setActiveWindow(m_app->window());
}

void TestFirstDay::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(QStringLiteral("Acme Studio"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"),
        QStringLiteral("admin-pw")));
    startApp();
}

void TestFirstDay::cleanupTestCase()
{
    m_app.reset();
}

void TestFirstDay::cancellingSignInLeavesAWayBack()
{
    auto *dialog = waitForWidget<SignInDialog>();
    QVERIFY(dialog);
    // The dialog grows to a long message instead of cutting it off.
    const int before = dialog->height();
    dialog->setMessage(QStringLiteral("A long message. ").repeated(20));
    auto *message = dialog->findChild<QLabel *>(QStringLiteral("message"));
    QVERIFY(message->isVisible());
    QVERIFY2(dialog->height() > before, qPrintable(QStringLiteral("%1 → %2").arg(before).arg(dialog->height())));
    QVERIFY(dialog->height() >= message->heightForWidth(message->width()));
    screenshot(dialog, QStringLiteral("sign-in-long-message"));
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!dialog->isVisible() || dialog->isHidden());

    MainWindow *window = m_app->window();
    auto *online = window->findChild<QLabel *>(QStringLiteral("onlineLabel"));
    QTRY_VERIFY2(online->text().contains(QStringLiteral("Not signed in")), qPrintable(online->text()));
    auto *signIn = window->findChild<QAction *>(QStringLiteral("signInAction"));
    QVERIFY(signIn && signIn->isVisible());
    QVERIFY(!window->findChild<QAction *>(QStringLiteral("signOutAction"))->isVisible());
    screenshot(window, QStringLiteral("not-signed-in"));

    // File → Sign In… brings the dialog back.
    signIn->trigger();
    dialog = waitForWidget<SignInDialog>();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("email")), QStringLiteral("admin@acme.test"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("password")), QStringLiteral("admin-pw"));
    QTest::keyClick(dialog->findChild<QLineEdit *>(QStringLiteral("password")), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 20000);
    QTRY_VERIFY(online->text().contains(QStringLiteral("Online")));
    QVERIFY(!signIn->isVisible());
}

void TestFirstDay::dialogsOpenWithTheFocusInTheirFirstField()
{
    MainWindow *window = m_app->window();
    QApplication::setActiveWindow(window);
    QTRY_VERIFY(window->isActiveWindow());
    const struct
    {
        QKeySequence keys;
        const char *dialog;
        const char *first;
        const char *value;
    } dialogs[] = {
        {QKeySequence(QStringLiteral("Ctrl+Shift+C")), "newClientDialog", "name", "Harbour Coffee"},
        {QKeySequence(QStringLiteral("Ctrl+Shift+N")), "newContactDialog", "name", "Ada Lovelace"},
        {QKeySequence(QStringLiteral("Ctrl+Shift+P")), "newProjectDialog", "name", "Brand refresh"},
        {QKeySequence(QStringLiteral("Ctrl+N")), "newTaskDialog", "title", "Draft copy"},
    };
    for (const auto &d : dialogs) {
        QApplication::setActiveWindow(window);
        QTRY_VERIFY(window->isActiveWindow());
        QTest::keySequence(window, d.keys);
        auto *dialog = waitForWidget<FieldsDialog>(QString::fromLatin1(d.dialog));
        QVERIFY2(dialog, d.dialog);
        QTRY_VERIFY(dialog->isActiveWindow());
        QTRY_VERIFY2(QApplication::focusWidget() && QApplication::focusWidget()->objectName() == QLatin1String(d.first),
            d.dialog);
        screenshot(dialog, QString::fromLatin1(d.dialog));
        // Typing goes straight into the first field.
        QTest::keyClicks(QApplication::focusWidget(), QString::fromLatin1(d.value));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_VERIFY(!dialog->isVisible() || dialog->isHidden());
        if (QByteArrayView(d.dialog) == "newClientDialog") {
            QTRY_VERIFY(!window->currentClientId().isEmpty());
            m_clientId = window->currentClientId();
        } else if (QByteArrayView(d.dialog) == "newContactDialog") {
            QTRY_COMPARE(window->contactsModel()->rowCount(), 1);
        } else if (QByteArrayView(d.dialog) == "newProjectDialog") {
            QTRY_VERIFY(!window->currentProjectId().isEmpty());
            m_projectId = window->currentProjectId();
        } else {
            QTRY_COMPARE(window->tasksModel()->rowCount(), 1);
            m_taskId = window->tasksModel()->idAt(0);
        }
    }
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
}

void TestFirstDay::toolbarShortcutsAndAbout()
{
    MainWindow *window = m_app->window();
    auto *toolbar = window->findChild<QToolBar *>(QStringLiteral("mainToolBar"));
    QVERIFY(toolbar && toolbar->isVisible());
    int withIcons = 0;
    for (QAction *action : toolbar->actions()) {
        if (action->isSeparator())
            continue;
        // Drawn (the theme's or our own SVG), not just named.
        QVERIFY2(!action->icon().pixmap(24, 24).isNull(), qPrintable(action->text()));
        QVERIFY2(!toolbar->widgetForAction(action)->accessibleName().isEmpty(), qPrintable(action->text()));
        ++withIcons;
    }
    QVERIFY(withIcons >= 6);
    screenshot(toolbar, QStringLiteral("toolbar"));

    // Invite (with a contact chosen), Project Settings and Organisation Settings by keyboard.
    window->selectClient(m_clientId);
    window->findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(0);
    auto *contacts = window->findChild<QTableView *>(QStringLiteral("contactsView"));
    QTRY_COMPARE(contacts->model()->rowCount(), 1);
    contacts->setCurrentIndex(contacts->model()->index(0, 0));
    QApplication::setActiveWindow(window);
    QTest::keySequence(window, QKeySequence(QStringLiteral("Ctrl+Shift+I")));
    auto *invite = waitForWidget<InviteDialog>();
    QVERIFY(invite);
    invite->close();
    QTest::keySequence(window, QKeySequence(QStringLiteral("Ctrl+Shift+E")));
    auto *settings = waitForWidget<QDialog>(QStringLiteral("projectSettingsDialog"));
    QVERIFY(settings);
    settings->reject();
    QTest::keySequence(window, QKeySequence(QStringLiteral("Ctrl+Shift+O")));
    auto *org = waitForWidget<OrgSettingsDialog>();
    QVERIFY(org);
    org->close();

    // Help → About.
    window->findChild<QAction *>(QStringLiteral("aboutAction"))->trigger();
    QMessageBox *about = nullptr;
    QTRY_VERIFY((about = waitForWidget<QMessageBox>()) != nullptr);
    QVERIFY(about->text().contains(QStringLiteral("Atrium 0.")));
    screenshot(about, QStringLiteral("about"));
    about->close();
}

void TestFirstDay::activitySpeaksInWords()
{
    QVERIFY(m_app->cache()->applyEdit(
        {LocalEdit::Op::Update, QStringLiteral("task"), m_taskId, QJsonObject{{"status", "done"}}}));
    QVERIFY(m_app->cache()->applyEdit(
        {LocalEdit::Op::Update, QStringLiteral("task"), m_taskId, QJsonObject{{"visibility", "read_only"}}}));
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
    MainWindow *window = m_app->window();
    window->findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(2);
    auto *view = window->findChild<QTableView *>(QStringLiteral("activityView"));
    QStringList said;
    const QStringList wanted = {QStringLiteral("admin created the task \u201CDraft copy\u201D"),
        QStringLiteral("admin changed the status of \u201CDraft copy\u201D to Done"),
        QStringLiteral("admin shared \u201CDraft copy\u201D with the client (read-only)"),
        QStringLiteral("admin created the client \u201CHarbour Coffee\u201D")};
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            said.clear();
            for (int row = 0; row < view->model()->rowCount(); ++row)
                said.append(view->model()->index(row, 2).data().toString());
            return std::all_of(wanted.cbegin(), wanted.cend(), [&](const QString &w) {
                return said.contains(w);
            });
        }(),
        10000);
    // No field names anywhere.
    for (const QString &line : std::as_const(said)) {
        QVERIFY2(!line.contains(QStringLiteral("→")) && !line.contains(QStringLiteral("_")), qPrintable(line));
    }
    QCOMPARE(view->model()->index(0, 1).data().toString(), QStringLiteral("admin (staff)"));
    screenshot(window, QStringLiteral("activity"));
}

void TestFirstDay::everyControlHasAnAccessibleName()
{
    MainWindow *window = m_app->window();
    auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("tabs"));
    window->selectProject(m_projectId);
    for (int tab = 0; tab < tabs->count(); ++tab) {
        tabs->setCurrentIndex(tab);
        QTest::qWait(50);
        for (QWidget *widget : window->findChildren<QWidget *>()) {
            if (!widget->isVisible() || widget->focusPolicy() == Qt::NoFocus || widget->isWindow())
                continue;
            QAccessibleInterface *a = QAccessible::queryAccessibleInterface(widget);
            QVERIFY(a);
            const QString name = a->text(QAccessible::Name);
            QVERIFY2(!name.trimmed().isEmpty(),
                qPrintable(QStringLiteral("%1 \"%2\" on tab %3")
                               .arg(QString::fromLatin1(widget->metaObject()->className()), widget->objectName())
                               .arg(tab)));
        }
    }
    // The visibility cells read as words.
    const QModelIndex cell = window->tasksModel()->index(0, TasksPanel::TaskVisibility);
    QCOMPARE(cell.data(Qt::AccessibleTextRole).toString(), QStringLiteral("Read-only"));
}

void TestFirstDay::datesAndSizesInTheUserLocale()
{
    QVERIFY(m_app->cache()->applyEdit(
        {LocalEdit::Op::Update, QStringLiteral("task"), m_taskId, QJsonObject{{"due_date", "2026-12-24"}}}));
    EntityTableModel *tasks = m_app->window()->tasksModel();
    const QModelIndex due = tasks->index(tasks->rowOf(m_taskId), TasksPanel::TaskDue);
    QTRY_COMPARE(due.data(Qt::EditRole).toString(), QStringLiteral("2026-12-24"));
    QCOMPARE(due.data().toString(), QLocale().toString(QDate(2026, 12, 24), QLocale::ShortFormat));
    QVERIFY(due.data().toString() != QStringLiteral("2026-12-24"));
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 10000);
}

void TestFirstDay::windowAndColumnsAreRemembered()
{
    MainWindow *window = m_app->window();
    auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("tabs"));
    tabs->setCurrentIndex(1);
    window->selectProject(m_projectId);
    auto *tasksView = window->findChild<QTableView *>(QStringLiteral("tasksView"));
    tasksView->horizontalHeader()->resizeSection(TasksPanel::TaskDue, 133);
    tasksView->horizontalHeader()->moveSection(1, 2); // status after due
    tasksView->sortByColumn(TasksPanel::TaskDue, Qt::DescendingOrder);
    window->resize(1180, 760);
    const QSize size = window->size();

    m_app.reset(); // quits: the state is saved
    startApp(); // signs in again from the keychain
    QTRY_VERIFY_WITH_TIMEOUT(idle(), 20000);
    window = m_app->window();
    tabs = window->findChild<QTabWidget *>(QStringLiteral("tabs"));
    QCOMPARE(tabs->currentIndex(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(window->currentProjectId(), m_projectId, 10000);
    QCOMPARE(window->size(), size);
    tasksView = window->findChild<QTableView *>(QStringLiteral("tasksView"));
    QCOMPARE(tasksView->horizontalHeader()->sectionSize(TasksPanel::TaskDue), 133);
    QCOMPARE(tasksView->horizontalHeader()->visualIndex(1), 2);
    QCOMPARE(tasksView->horizontalHeader()->sortIndicatorSection(), int(TasksPanel::TaskDue));
    QCOMPARE(tasksView->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
}

void TestFirstDay::darkPaletteStaysDark()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Base, QColor(0x17, 0x18, 0x1b));
    dark.setColor(QPalette::AlternateBase, QColor(0x24, 0x26, 0x2b));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Button, QColor(0x2c, 0x2f, 0x34));
    dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Highlight, QColor(0x3b, 0x82, 0xf6));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::Disabled, QPalette::Text, QColor(0x9c, 0xa3, 0xaf));
    const QPalette before = QApplication::palette();
    QApplication::setPalette(dark);
    MainWindow *window = m_app->window();
    auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("tabs"));
    for (int tab = 0; tab < tabs->count(); ++tab) {
        tabs->setCurrentIndex(tab);
        QTest::qWait(100);
        const QImage image = window->grab().toImage();
        double lightness = 0;
        int samples = 0;
        for (int y = 0; y < image.height(); y += 4) {
            for (int x = 0; x < image.width(); x += 4) {
                lightness += image.pixelColor(x, y).lightnessF();
                ++samples;
            }
        }
        QVERIFY2(
            lightness / samples < 0.35, qPrintable(QStringLiteral("tab %1: %2").arg(tab).arg(lightness / samples)));
        screenshot(window, QStringLiteral("dark-%1").arg(tab));
    }
    // Status text that means something stays readable on the dark window.
    auto *online = window->findChild<QLabel *>(QStringLiteral("onlineLabel"));
    QTRY_VERIFY2(online->styleSheet().contains(QStringLiteral("#86efac")), qPrintable(online->styleSheet()));
    QApplication::setPalette(before);
}

QTEST_MAIN(TestFirstDay)
#include "tst_firstday.moc"
