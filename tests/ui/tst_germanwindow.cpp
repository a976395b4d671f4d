// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The main window and its dialogs in German, which runs a third longer than English: over a cache
// filled as a studio's would be, every tab and dialog is drawn at the window's default size and
// checked for words cut off — buttons, labels, tabs, column headers, combo boxes, placeholders and
// a toolbar that would hide actions behind its overflow arrow. Screenshots in
// BUILD/test-artifacts/german/.

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

#include <memory>

#include "common/entityschema.h"
#include "models/entitytablemodel.h"
#include "sync/localcache.h"
#include "ui/branding/orgsettingsdialog.h"
#include "ui/deleteditemsdialog.h"
#include "ui/invitedialog.h"
#include "ui/mainwindow.h"
#include "ui/notificationsettingsdialog.h"
#include "ui/pages/clientspage.h"
#include "ui/pages/projectspage.h"
#include "ui/pages/signoffspanel.h"
#include "ui/pages/taskspanel.h"
#include "ui/portalviewdialog.h"
#include "ui/searchdialog.h"
#include "ui/securitylogdialog.h"
#include "ui/sessionsdialog.h"
#include "ui/signindialog.h"
#include "ui/translations.h"
#include "ui/twofactordialog.h"

namespace {

QJsonObject change(const QString &entity, const QString &id, qint64 version, QJsonObject data)
{
    data.insert(QStringLiteral("created_at"), QStringLiteral("2026-12-01T10:00:00.000Z"));
    data.insert(QStringLiteral("updated_at"), QStringLiteral("2026-12-01T10:00:00.000Z"));
    return QJsonObject{{QStringLiteral("entity"), entity}, {QStringLiteral("id"), id},
        {QStringLiteral("version"), version}, {QStringLiteral("deleted"), false}, {QStringLiteral("data"), data}};
}

// Where a widget's text is wider than the widget: one line per finding, naming the widget.
QStringList cutOff(QWidget *root)
{
    QStringList found;
    const auto name = [](const QWidget *w, const QString &text) {
        return QStringLiteral("%1 %2 \"%3\"")
            .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(), text);
    };
    for (QWidget *w : root->findChildren<QWidget *>()) {
        if (!w->isVisibleTo(root) || w->window()->isHidden())
            continue;
        if (auto *button = qobject_cast<QAbstractButton *>(w)) {
            if (!button->text().isEmpty() && button->width() < button->sizeHint().width())
                found.append(QStringLiteral("%1: %2 of %3 px")
                                 .arg(name(w, button->text()))
                                 .arg(button->width())
                                 .arg(button->sizeHint().width()));
        } else if (auto *label = qobject_cast<QLabel *>(w)) {
            if (!label->wordWrap() && !label->text().isEmpty() && label->width() < label->sizeHint().width())
                found.append(QStringLiteral("%1: %2 of %3 px")
                                 .arg(name(w, label->text().left(60)))
                                 .arg(label->width())
                                 .arg(label->sizeHint().width()));
        } else if (auto *bar = qobject_cast<QTabBar *>(w)) {
            // Tabs that do not fit get scroll arrows (or are elided) instead of showing their words.
            if (bar->width() < bar->sizeHint().width() && bar->parentWidget()->width() > bar->width() + 1)
                found.append(QStringLiteral("%1: %2 of %3 px")
                                 .arg(name(w, bar->tabText(0)))
                                 .arg(bar->width())
                                 .arg(bar->sizeHint().width()));
            for (QAbstractButton *arrow : bar->findChildren<QAbstractButton *>()) {
                if (arrow->isVisible())
                    found.append(QStringLiteral("%1: tabs scroll").arg(name(w, bar->tabText(0))));
            }
        } else if (auto *header = qobject_cast<QHeaderView *>(w)) {
            if (header->orientation() != Qt::Horizontal || !header->model())
                continue;
            int last = -1;
            for (int visual = header->count() - 1; visual >= 0 && last < 0; --visual) {
                if (!header->isSectionHidden(header->logicalIndex(visual)))
                    last = header->logicalIndex(visual);
            }
            for (int section = 0; section < header->count(); ++section) {
                if (header->isSectionHidden(section) || (section == last && header->stretchLastSection()))
                    continue;
                const QString text = header->model()->headerData(section, Qt::Horizontal).toString();
                // Room for the sort arrow only where it is drawn.
                const bool arrows = header->isSortIndicatorShown();
                header->setSortIndicatorShown(arrows && header->sortIndicatorSection() == section);
                const int needed = header->sectionSizeHint(section);
                header->setSortIndicatorShown(arrows);
                if (header->sectionSize(section) < needed)
                    found.append(QStringLiteral("%1: column %2 of %3 px")
                                     .arg(name(w, text))
                                     .arg(header->sectionSize(section))
                                     .arg(needed));
            }
        } else if (auto *combo = qobject_cast<QComboBox *>(w)) {
            const int arrow = combo->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
            const int needed = combo->fontMetrics().horizontalAdvance(combo->currentText()) + arrow + 12;
            if (!combo->isEditable() && combo->width() < needed)
                found.append(QStringLiteral("%1: %2 of %3 px")
                                 .arg(name(w, combo->currentText()))
                                 .arg(combo->width())
                                 .arg(needed));
        } else if (auto *edit = qobject_cast<QLineEdit *>(w)) {
            const int needed = edit->fontMetrics().horizontalAdvance(edit->placeholderText()) + 12;
            if (edit->text().isEmpty() && !edit->placeholderText().isEmpty() && edit->width() < needed)
                found.append(QStringLiteral("%1: placeholder %2 of %3 px")
                                 .arg(name(w, edit->placeholderText()))
                                 .arg(edit->width())
                                 .arg(needed));
        } else if (auto *toolbar = qobject_cast<QToolBar *>(w)) {
            for (QAction *action : toolbar->actions()) {
                if (!action->isSeparator() && action->isVisible() && toolbar->widgetForAction(action)
                    && !toolbar->widgetForAction(action)->isVisible())
                    found.append(QStringLiteral("%1: behind the overflow arrow").arg(name(w, action->text())));
            }
        }
    }
    return found;
}

} // namespace

class TestGermanWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void tabFits_data();
    void tabFits();
    void dialogFits_data();
    void dialogFits();
    void languageMenuSaysWhenItApplies();

private:
    void check(QWidget *widget, const QString &name);

    QTemporaryDir m_dir;
    LocalCache m_cache;
    MainWindow *m_window = nullptr;
    QString m_client;
    QString m_contact;
    QString m_project;
};

void TestGermanWindow::check(QWidget *widget, const QString &name)
{
    QApplication::processEvents();
    const QString dir = QStringLiteral(ATRIUM_ARTIFACTS_DIR "/german");
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(widget->grab().save(dir + u'/' + name + QStringLiteral(".png")));
    const QStringList found = cutOff(widget);
    if (!found.isEmpty())
        QFAIL(qPrintable(QStringLiteral("Cut off in German (%1.png):\n  %2").arg(name, found.join(u"\n  "))));
}

void TestGermanWindow::initTestCase()
{
    QCOMPARE(QCoreApplication::translate("MainWindow", "&Clients"), QStringLiteral("&Kunden"));
    QVERIFY(m_cache.open(m_dir.filePath(QStringLiteral("cache.sqlite"))));
    qint64 version = 0;
    const QString org = EntitySchema::newUuid();
    const QString ana = EntitySchema::newUuid();
    m_client = EntitySchema::newUuid();
    m_contact = EntitySchema::newUuid();
    m_project = EntitySchema::newUuid();
    const QString other = EntitySchema::newUuid();
    const QString task = EntitySchema::newUuid();
    const QString file = EntitySchema::newUuid();
    QJsonArray page{
        change(QStringLiteral("organisation"), org, ++version,
            {{"name", "Studio Nordlicht"}, {"portal_slug", "nordlicht"}, {"portal_enabled", true},
                {"brand_primary_color", "#1f4e79"}, {"brand_accent_color", "#c2410c"},
                {"brand_background_color", "#ffffff"}, {"brand_text_color", "#1a1a1a"},
                {"storage_quota_bytes", qint64(10737418240)}, {"storage_used_bytes", qint64(9126805504)}}),
        change(QStringLiteral("staff_user"), ana, ++version,
            {{"email", "ana@nordlicht.test"}, {"name", "Ana Alves"}, {"role", "admin"}}),
        change(QStringLiteral("client"), m_client, ++version,
            {{"name", "Bäckerei Müller & Söhne"}, {"notes", "Stammkunde seit 2019"}}),
        change(QStringLiteral("client"), other, ++version, {{"name", "Stadtwerke Oberhausen"}}),
        change(QStringLiteral("contact"), m_contact, ++version,
            {{"client_id", m_client}, {"name", "Johanna Müller"}, {"email", "johanna@mueller.test"},
                {"phone", "+49 30 1234567"}, {"role", "Geschäftsführerin"}, {"portal_state", "active"}}),
        change(QStringLiteral("contact"), EntitySchema::newUuid(), ++version,
            {{"client_id", m_client}, {"name", "Peter Schmidt"}, {"email", "peter@mueller.test"},
                {"portal_state", "invited"}}),
        change(QStringLiteral("project"), m_project, ++version,
            {{"client_id", m_client}, {"name", "Neuer Markenauftritt"}, {"status", "active"},
                {"due_date", "2027-03-31"}, {"portal_enabled", true}, {"client_uploads_enabled", true}}),
        change(QStringLiteral("project"), EntitySchema::newUuid(), ++version,
            {{"client_id", other}, {"name", "Jahresbericht 2026"}, {"status", "on_hold"}}),
        change(QStringLiteral("task"), task, ++version,
            {{"project_id", m_project}, {"title", "Moodboard abstimmen"}, {"status", "in_progress"},
                {"due_date", "2027-01-15"}, {"assignee_id", ana}, {"visibility", "editable"}}),
        change(QStringLiteral("task"), EntitySchema::newUuid(), ++version,
            {{"project_id", m_project}, {"title", "Schriften auswählen"}, {"status", "todo"},
                {"visibility", "read_only"}}),
        change(QStringLiteral("task"), EntitySchema::newUuid(), ++version,
            {{"project_id", m_project}, {"title", "Interne Kalkulation"}, {"status", "done"}}),
        change(QStringLiteral("file"), file, ++version,
            {{"project_id", m_project}, {"folder", "Entwürfe"}, {"name", "Logo-Varianten.pdf"},
                {"size", qint64(2411724)}, {"visibility", "read_only"}}),
        change(QStringLiteral("file"), EntitySchema::newUuid(), ++version,
            {{"project_id", m_project}, {"folder", "Client Uploads"}, {"name", "Fotos Filiale.zip"},
                {"size", qint64(48211724)}}),
        change(QStringLiteral("signoff"), EntitySchema::newUuid(), ++version,
            {{"project_id", m_project}, {"title", "Freigabe Startseite"}, {"status", "sent"},
                {"sent_at", "2026-12-02T09:00:00.000Z"}, {"round_number", 1}, {"file_ids", QJsonArray{file}}}),
        change(QStringLiteral("comment"), EntitySchema::newUuid(), ++version,
            {{"target_entity", "task"}, {"target_id", task}, {"author_kind", "contact"}, {"author_id", m_contact},
                {"body", "Können wir das Grün etwas wärmer machen?"}}),
        change(QStringLiteral("activity"), EntitySchema::newUuid(), ++version,
            {{"actor_id", m_contact}, {"actor_kind", "contact"}, {"action", "file.uploaded"}, {"entity", "file"},
                {"project_id", m_project}, {"summary", "uploaded"},
                {"details", QJsonObject{{"label", "Fotos Filiale.zip"}}}}),
        change(QStringLiteral("activity"), EntitySchema::newUuid(), ++version,
            {{"actor_id", ana}, {"actor_kind", "staff"}, {"action", "task.updated"}, {"entity", "task"},
                {"entity_id", task}, {"project_id", m_project}, {"summary", "updated"},
                {"details",
                    QJsonObject{
                        {"label", "Moodboard abstimmen"}, {"changes", QJsonObject{{"status", "in_progress"}}}}}}),
        change(QStringLiteral("conflict"), EntitySchema::newUuid(), ++version,
            {{"entity", "task"}, {"entity_id", task}, {"field", "title"}, {"rejected_value", "Moodboard final"},
                {"server_value", "Moodboard abstimmen"}, {"reason", "concurrent_edit"}, {"author_id", ana}}),
    };
    m_window = new MainWindow(&m_cache);
    m_window->setUserEmail(QStringLiteral("ana@nordlicht.test"));
    SyncStatus status;
    status.online = true;
    status.signedIn = true;
    status.pending = 3;
    status.conflicts = 1;
    status.lastSync = QDateTime::currentDateTimeUtc();
    m_window->setSyncStatus(status);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QCOMPARE(m_window->size(), QSize(1100, 720));
    // As a first sync brings them: the columns fit their content once the rows are in.
    auto changed = m_cache.applyPullPage(page, version);
    if (!changed)
        QFAIL(qPrintable(changed.error().message));
    for (auto it = changed->cbegin(); it != changed->cend(); ++it)
        Q_EMIT m_cache.rowsChanged(it.key(), it.value());
    QTRY_COMPARE(m_window->clientsModel()->rowCount(), 2);
    m_window->selectClient(m_client);
    QTRY_COMPARE(m_window->contactsModel()->rowCount(), 2);
    m_window->selectProject(m_project);
    QTRY_COMPARE(m_window->tasksModel()->rowCount(), 3);
    QTRY_COMPARE(m_window->filesModel()->rowCount(), 2);
    QTRY_COMPARE(m_window->signoffsModel()->rowCount(), 1);
}

void TestGermanWindow::cleanupTestCase()
{
    delete m_window;
}

void TestGermanWindow::tabFits_data()
{
    QTest::addColumn<int>("tab");
    QTest::addColumn<int>("projectTab"); // Aufgaben, Dateien, Freigaben
    QTest::addRow("clients") << 0 << -1;
    QTest::addRow("projects with tasks") << 1 << 0;
    QTest::addRow("projects with files") << 1 << 1;
    QTest::addRow("projects with sign-offs") << 1 << 2;
    QTest::addRow("activity") << 2 << -1;
    QTest::addRow("conflicts") << 3 << -1;
    QTest::addRow("inbox") << 4 << -1;
}

void TestGermanWindow::tabFits()
{
    QFETCH(int, tab);
    QFETCH(int, projectTab);
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("tabs"));
    tabs->setCurrentIndex(tab);
    if (projectTab >= 0) {
        QTabWidget *contents = nullptr;
        for (auto *candidate : m_window->projectsPage()->findChildren<QTabWidget *>()) {
            if (candidate->count() == 3)
                contents = candidate;
        }
        QVERIFY(contents);
        contents->setCurrentIndex(projectTab);
    }
    check(m_window, QStringLiteral("window-%1").arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-')));
}

void TestGermanWindow::dialogFits_data()
{
    QTest::addColumn<QString>("dialog");
    for (const char *name : {"new client", "edit contact", "new project", "project settings", "new task",
             "new sign-off", "deleted items", "search", "invite", "e-mail notifications", "two-factor",
             "signed-in devices", "security log", "sign-in", "organisation settings", "portal view"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestGermanWindow::dialogFits()
{
    QFETCH(QString, dialog);
    const QUrl offline(QStringLiteral("http://127.0.0.1:9"));
    const auto before = m_window->findChildren<QDialog *>();
    QDialog *shown = nullptr;
    if (dialog == u"new client") {
        m_window->clientsPage()->newClient();
    } else if (dialog == u"edit contact") {
        m_window->clientsPage()->selectContact(m_contact);
        m_window->clientsPage()->editContact();
    } else if (dialog == u"new project") {
        m_window->projectsPage()->newProject();
    } else if (dialog == u"project settings") {
        m_window->projectsPage()->projectSettings();
    } else if (dialog == u"new task") {
        m_window->projectsPage()->tasks()->newTask();
    } else if (dialog == u"new sign-off") {
        m_window->projectsPage()->signoffs()->newSignOff();
    } else if (dialog == u"deleted items") {
        shown = new DeletedItemsDialog(&m_cache, m_window);
    } else if (dialog == u"search") {
        shown = new SearchDialog(m_cache.path(), m_window);
    } else if (dialog == u"invite") {
        shown = new InviteDialog(&m_cache, m_contact, m_window);
    } else if (dialog == u"e-mail notifications") {
        shown = new NotificationSettingsDialog(offline, QStringLiteral("token"), m_window);
    } else if (dialog == u"two-factor") {
        shown = new TwoFactorDialog(offline, QStringLiteral("token"), m_window);
    } else if (dialog == u"signed-in devices") {
        shown = new SessionsDialog(offline, QStringLiteral("token"), m_window);
    } else if (dialog == u"security log") {
        shown = new SecurityLogDialog(offline, QStringLiteral("token"), m_window);
    } else if (dialog == u"sign-in") {
        shown = new SignInDialog(m_window);
    } else if (dialog == u"organisation settings") {
        shown = new OrgSettingsDialog(
            &m_cache, offline, QStringLiteral("token"), QStringLiteral("ana@nordlicht.test"), m_window);
    } else if (dialog == u"portal view") {
        shown = new PortalViewDialog(
            offline, QStringLiteral("token"), m_contact, QStringLiteral("Johanna Müller"), m_window);
    }
    // Offline dialogs say so once the connection is refused: the answer they show.
    std::unique_ptr<QSignalSpy> answered;
    if (shown && shown->metaObject()->indexOfSignal("answered()") >= 0)
        answered = std::make_unique<QSignalSpy>(shown, SIGNAL(answered()));
    else if (shown && shown->metaObject()->indexOfSignal("finished()") >= 0)
        answered = std::make_unique<QSignalSpy>(shown, SIGNAL(finished()));
    if (shown) {
        shown->show();
    } else {
        for (QDialog *candidate : m_window->findChildren<QDialog *>()) {
            if (!before.contains(candidate) && candidate->isVisible())
                shown = candidate;
        }
    }
    QVERIFY2(shown, "no dialog opened");
    QVERIFY(QTest::qWaitForWindowExposed(shown));
    if (answered && answered->isEmpty())
        QVERIFY(answered->wait(10000));
    check(shown, QStringLiteral("dialog-%1").arg(dialog.replace(u' ', u'-')));
    shown->close();
    shown->deleteLater();
}

// View → Language lists the languages by their own names and says that a choice applies from the
// next start (AppController keeps it in the profile's settings).
void TestGermanWindow::languageMenuSaysWhenItApplies()
{
    auto *menu = m_window->findChild<QMenu *>(QStringLiteral("languageMenu"));
    QVERIFY(menu);
    QCOMPARE(menu->title(), QStringLiteral("&Sprache"));
    QStringList names;
    QAction *german = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->isSeparator())
            continue;
        names.append(action->text());
        if (action->data().toString() == u"de")
            german = action;
        if (action->isChecked())
            QCOMPARE(action->data().toString(), QString()); // nothing chosen yet: the system's
    }
    QCOMPARE(
        names, (QStringList{QStringLiteral("Wie das &System"), QStringLiteral("English"), QStringLiteral("Deutsch")}));
    QVERIFY(german);
    QVERIFY(german->statusTip().contains(QStringLiteral("nächsten Start")));
    QSignalSpy chosen(m_window, &MainWindow::languageChosen);
    german->trigger();
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.first().first().toString(), QStringLiteral("de"));
    QVERIFY(german->isChecked());
    auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("languageChosenBox"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral("nächste Mal")));
    check(box, QStringLiteral("language-chosen"));
    box->close();
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QLocale::setDefault(QLocale(QStringLiteral("de_DE")));
    Translations::install(&app, QStringLiteral("de"));
    TestGermanWindow test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_germanwindow.moc"
