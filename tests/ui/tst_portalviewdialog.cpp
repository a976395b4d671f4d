// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "models/entitytablemodel.h"
#include "models/portalviewmodel.h"
#include "sync/credentialstore.h"
#include "sync/syncengine.h"
#include "tests/support/desktopfixture.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"
#include "ui/appcontroller.h"
#include "ui/invitedialog.h"
#include "ui/mainwindow.h"
#include "ui/pages/clientspage.h"
#include "ui/portalviewdialog.h"
#include "ui/translations.h"

using namespace SyncFixture;

namespace {

// What a person reads in a portal view: per project its name and mark, and per task, file and
// sign-off its name and mark, keyed by id. Built from the desktop's model and from the portal's
// own answers, so the two can be compared as a whole.
QString mark(const QString &kind, const QJsonObject &can)
{
    if (kind == u"project")
        return can.value(u"upload").toBool() ? QStringLiteral("Can view and upload files") : QStringLiteral("Can view");
    if (kind == u"signoff")
        return can.value(u"approve").toBool() ? QStringLiteral("Can approve or reject") : QStringLiteral("Read-only");
    return can.value(u"edit").toBool() ? QStringLiteral("Editable") : QStringLiteral("Read-only");
}

QJsonObject fromPortalPage(const QJsonObject &page)
{
    const QJsonObject project = page.value(u"project").toObject();
    QJsonObject out{
        {"name", project.value(u"name")}, {"mark", mark(QStringLiteral("project"), project.value(u"can").toObject())}};
    for (const auto &[kind, key, nameField] : {std::tuple{"task", "tasks", "title"},
             std::tuple{"file", "files", "name"}, std::tuple{"signoff", "signoffs", "title"}}) {
        QJsonObject items;
        for (const QJsonValue &v : page.value(QLatin1String(key)).toArray()) {
            const QJsonObject item = v.toObject();
            items.insert(item.value(u"id").toString(),
                QJsonArray{item.value(QLatin1String(nameField)),
                    mark(QString::fromLatin1(kind), item.value(u"can").toObject())});
        }
        out.insert(QLatin1String(kind), items);
    }
    return out;
}

QJsonObject fromModel(const QAbstractItemModel *model)
{
    QJsonObject projects;
    for (int p = 0; p < model->rowCount(); ++p) {
        const QModelIndex project = model->index(p, 0);
        QJsonObject out{{"name", project.data().toString()},
            {"mark", project.siblingAtColumn(PortalViewModel::AccessColumn).data().toString()}};
        for (const char *kind : {"task", "file", "signoff"})
            out.insert(QLatin1String(kind), QJsonObject());
        for (int g = 0; g < model->rowCount(project); ++g) {
            const QModelIndex group = model->index(g, 0, project);
            for (int i = 0; i < model->rowCount(group); ++i) {
                const QModelIndex item = model->index(i, 0, group);
                const QString kind = item.data(PortalViewModel::KindRole).toString();
                QJsonObject items = out.value(kind).toObject();
                items.insert(item.data(PortalViewModel::ItemIdRole).toString(),
                    QJsonArray{
                        item.data().toString(), item.siblingAtColumn(PortalViewModel::AccessColumn).data().toString()});
                out.insert(kind, items);
            }
        }
        projects.insert(project.data(PortalViewModel::ItemIdRole).toString(), out);
    }
    return projects;
}

} // namespace

// "View Portal as This Contact" and the project's "Shared with client" summary, driven through the
// main window against the real server (and a real keychain, tests/support/with-keyring). The
// dialog's model is compared with what the portal API returns to the contact, signed in with its
// own session, over the whole matrix: organisation portal on/off × project portal on/off × contact
// of this client / of another client / revoked, with a task and a file of every visibility
// (private, read-only, editable) and a draft and a sent sign-off in the project. Screenshots go to
// BUILD/test-artifacts/portalview/.
class TestPortalViewDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void matchesThePortal_data();
    void matchesThePortal();
    void lookingIsRecordedAndChangesNothingElse();
    void sharedSummaryCountsAndNamesWhoSees();
    void projectMenuViewsAsItsContacts();
    void refusedSaysWhy();
    void activeContactGetsNoInvite();
    void anAdminSignsAContactOutAndResetsTwoFactor();
    void offlineSaysItNeedsAConnection();

private:
    void setPortals(bool org, bool project);
    PortalViewDialog *openFor(const QString &clientId, const QString &contactId);
    bool showProjectA();
    QJsonObject portalAs(const PortalFixture::Contact &contact);
    void screenshot(QWidget *widget, const QString &name);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    QTemporaryDir m_profile;
    KeychainCredentialStore m_credentials{QStringLiteral("AtriumTest")};
    std::unique_ptr<AppController> m_app;
    SyncStatus m_status;
    QString m_orgId;
    QString m_clientA;
    QString m_clientB;
    QString m_projectA;
    QString m_projectB;
    QHash<QString, QString> m_visibility; // task or file id → visibility, for the sanity checks
    QString m_sentSignoff;
    PortalFixture::Contact m_own;
    PortalFixture::Contact m_other;
    PortalFixture::Contact m_revoked;
    bool m_orgPortal = false;
    bool m_projectPortal = false;
};

void TestPortalViewDialog::screenshot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(ATRIUM_ARTIFACTS_DIR "/portalview");
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + u'/' + name + QStringLiteral(".png")));
}

void TestPortalViewDialog::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(QStringLiteral("Acme Studio"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"),
        QStringLiteral("admin-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    m_orgId = pullAll(*m_admin).first().toObject().value(u"id").toString();

    m_clientA = newId();
    m_clientB = newId();
    m_projectA = newId();
    m_projectB = newId();
    m_sentSignoff = newId();
    QJsonArray setup{
        mutation(QStringLiteral("client"), m_clientA, QStringLiteral("create"), {{"name", "Harbour Coffee"}}),
        mutation(QStringLiteral("client"), m_clientB, QStringLiteral("create"), {{"name", "Northwind Bakery"}}),
        mutation(QStringLiteral("project"), m_projectA, QStringLiteral("create"),
            {{"client_id", m_clientA}, {"name", "Brand refresh"}}),
        // Another client's project, always open: only that client's contact may see it.
        mutation(QStringLiteral("project"), m_projectB, QStringLiteral("create"),
            {{"client_id", m_clientB}, {"name", "Menu boards"}, {"portal_enabled", true}}),
        mutation(QStringLiteral("task"), newId(), QStringLiteral("create"),
            {{"project_id", m_projectB}, {"title", "Print proofs"}, {"visibility", "read_only"}}),
        // Someone to approve the sent sign-off (a contact without a portal account).
        mutation(QStringLiteral("contact"), newId(), QStringLiteral("create"),
            {{"client_id", m_clientA}, {"name", "Rosa"}, {"email", "rosa@harbour.test"}}),
        mutation(QStringLiteral("signoff"), newId(), QStringLiteral("create"),
            {{"project_id", m_projectA}, {"title", "Logo (draft)"}}),
        mutation(QStringLiteral("signoff"), m_sentSignoff, QStringLiteral("create"),
            {{"project_id", m_projectA}, {"title", "Final logo"}}),
        mutation(QStringLiteral("signoff"), m_sentSignoff, QStringLiteral("update"), {{"status", "sent"}},
            {{"status", "draft"}}),
    };
    const QList<std::pair<QString, QString>> tasks = {{QStringLiteral("private"), QStringLiteral("Budget")},
        {QStringLiteral("read_only"), QStringLiteral("Moodboard")},
        {QStringLiteral("editable"), QStringLiteral("Choose a typeface")}};
    for (const auto &[visibility, title] : tasks) {
        const QString id = newId();
        m_visibility.insert(id, visibility);
        setup.append(mutation(QStringLiteral("task"), id, QStringLiteral("create"),
            {{"project_id", m_projectA}, {"title", title}, {"visibility", visibility}}));
    }
    for (const QJsonValue &r : pushResults(*m_admin, setup))
        QVERIFY2(
            r.toObject().value(u"status").toString() == u"applied", QJsonDocument(r.toObject()).toJson().constData());
    const QList<std::pair<QString, QString>> files = {{QStringLiteral("private"), QStringLiteral("quote.txt")},
        {QStringLiteral("read_only"), QStringLiteral("palette.txt")},
        {QStringLiteral("editable"), QStringLiteral("copy.txt")}};
    for (const auto &[visibility, name] : files) {
        const QString id = PortalFixture::uploadAsStaff(
            *m_admin, m_projectA, name, name.toUtf8(), QStringLiteral("text/plain"), visibility);
        QVERIFY(!id.isEmpty());
        m_visibility.insert(id, visibility);
    }

    m_own = PortalFixture::signUp(m_server, *m_admin, m_clientA, QStringLiteral("ann@harbour.test"));
    m_other = PortalFixture::signUp(m_server, *m_admin, m_clientB, QStringLiteral("ben@northwind.test"));
    m_revoked = PortalFixture::signUp(m_server, *m_admin, m_clientA, QStringLiteral("cara@harbour.test"));
    QVERIFY(!m_own.cookie.isEmpty() && !m_other.cookie.isEmpty() && !m_revoked.cookie.isEmpty());
    QVERIFY(PortalFixture::revokeAccess(*m_admin, m_revoked.id));

    // The desktop, signed in as the admin, with everything above pulled into its cache.
    QString error;
    m_app = DesktopFixture::start({.dataDir = m_profile.path(),
                                      .server = m_server.baseUrl(),
                                      .email = QStringLiteral("admin@acme.test"),
                                      .password = QStringLiteral("admin-pw")},
        &m_credentials, this, &m_status, &error);
    QVERIFY2(m_app, qPrintable(error));
    QVERIFY(QTest::qWaitForWindowExposed(m_app->window()));
    QTRY_VERIFY_WITH_TIMEOUT(m_app->cache()->row(QStringLiteral("contact"), m_revoked.id).has_value()
            && m_app->cache()->row(QStringLiteral("contact"), m_revoked.id)->value(u"portal_state")
                == QStringLiteral("revoked"),
        20000);
}

void TestPortalViewDialog::cleanupTestCase()
{
    m_app.reset();
}

void TestPortalViewDialog::setPortals(bool org, bool project)
{
    QJsonArray flips;
    if (org != m_orgPortal)
        flips.append(mutation(QStringLiteral("organisation"), m_orgId, QStringLiteral("update"),
            {{"portal_enabled", org}}, {{"portal_enabled", m_orgPortal}}));
    if (project != m_projectPortal)
        flips.append(mutation(QStringLiteral("project"), m_projectA, QStringLiteral("update"),
            {{"portal_enabled", project}}, {{"portal_enabled", m_projectPortal}}));
    for (const QJsonValue &r : pushResults(*m_admin, flips))
        QCOMPARE(r.toObject().value(u"status").toString(), QStringLiteral("applied"));
    m_orgPortal = org;
    m_projectPortal = project;
}

PortalViewDialog *TestPortalViewDialog::openFor(const QString &clientId, const QString &contactId)
{
    MainWindow *window = m_app->window();
    window->selectClient(clientId);
    if (!QTest::qWaitFor(
            [&] {
                return window->contactsModel()->rowOf(contactId) >= 0;
            },
            10000))
        return nullptr;
    auto *contacts = window->findChild<QTableView *>(QStringLiteral("contactsView"));
    contacts->setCurrentIndex(contacts->model()->index(window->contactsModel()->rowOf(contactId), 0));
    if (window->currentContactId() != contactId)
        return nullptr;
    const QList<PortalViewDialog *> before = window->findChildren<PortalViewDialog *>();
    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("viewAsContactButton")), Qt::LeftButton);
    PortalViewDialog *found = nullptr;
    (void)QTest::qWaitFor(
        [&] {
            for (QWidget *w : QApplication::topLevelWidgets()) {
                auto *dialog = qobject_cast<PortalViewDialog *>(w);
                if (dialog && dialog->isVisible() && dialog->contactId() == contactId && !before.contains(dialog))
                    found = dialog;
            }
            return found != nullptr;
        },
        10000);
    return found;
}

// The Projects page with project A chosen.
bool TestPortalViewDialog::showProjectA()
{
    MainWindow *window = m_app->window();
    window->findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(1);
    window->selectProject(m_projectA);
    return QTest::qWaitFor(
        [&] {
            return window->currentProjectId() == m_projectA;
        },
        10000);
}

// What the portal API itself returns to the contact, signed in with its own session.
QJsonObject TestPortalViewDialog::portalAs(const PortalFixture::Contact &contact)
{
    TestClient browser(m_server.baseUrl());
    QJsonObject projects;
    const TestClient::Reply list = browser.get(QStringLiteral("/api/v1/portal/projects"), contact.headers());
    if (list.status == 401) // revoked: the session ended, nothing is shown
        return projects;
    for (const QJsonValue &p : list.object().value(u"projects").toArray()) {
        const QString id = p.toObject().value(u"id").toString();
        const TestClient::Reply page = browser.get(QStringLiteral("/api/v1/portal/projects/") + id, contact.headers());
        if (page.status != 200)
            return {{"error", QStringLiteral("project %1: %2").arg(id).arg(page.status)}};
        projects.insert(id, fromPortalPage(page.object()));
    }
    return projects;
}

void TestPortalViewDialog::matchesThePortal_data()
{
    QTest::addColumn<bool>("orgPortal");
    QTest::addColumn<bool>("projectPortal");
    QTest::addColumn<QString>("who");
    for (bool org : {false, true}) {
        for (bool project : {false, true}) {
            for (const char *who : {"own", "other", "revoked"}) {
                static const QHash<QByteArray, const char *> names = {{"own", "a contact of this client"},
                    {"other", "a contact of another client"}, {"revoked", "a revoked contact"}};
                QTest::addRow("organisation portal %s, project portal %s, %s", org ? "on" : "off",
                    project ? "on" : "off", names.value(who))
                    << org << project << QString::fromLatin1(who);
            }
        }
    }
}

void TestPortalViewDialog::matchesThePortal()
{
    QFETCH(bool, orgPortal);
    QFETCH(bool, projectPortal);
    QFETCH(QString, who);
    setPortals(orgPortal, projectPortal);
    const PortalFixture::Contact &contact = who == u"own" ? m_own : who == u"other" ? m_other : m_revoked;
    const QString clientId = who == u"other" ? m_clientB : m_clientA;

    const QJsonObject expected = portalAs(contact);
    QPointer<PortalViewDialog> dialog = openFor(clientId, contact.id);
    QVERIFY(dialog);
    QAbstractItemModelTester tester(dialog->model());
    QTRY_VERIFY_WITH_TIMEOUT(dialog->state() != PortalViewDialog::State::Loading, 10000);
    QCOMPARE(dialog->state(), PortalViewDialog::State::Loaded);
    const QJsonObject shown = fromModel(dialog->model());
    QVERIFY2(shown == expected,
        qPrintable(QStringLiteral("shown %1\nportal %2")
                       .arg(QString::fromUtf8(QJsonDocument(shown).toJson(QJsonDocument::Compact)),
                           QString::fromUtf8(QJsonDocument(expected).toJson(QJsonDocument::Compact)))));

    // And the portal's answer is the product's promise, not an empty agreement.
    const bool open = orgPortal && projectPortal;
    if (who == u"own") {
        QCOMPARE(shown.size(), open ? 1 : 0);
        if (open) {
            const QJsonObject project = shown.value(m_projectA).toObject();
            QCOMPARE(project.value(u"task").toObject().size(), 2);
            QCOMPARE(project.value(u"file").toObject().size(), 2);
            for (const char *kind : {"task", "file"}) {
                const QJsonObject items = project.value(QLatin1String(kind)).toObject();
                for (auto it = items.begin(); it != items.end(); ++it)
                    QCOMPARE(it.value().toArray().at(1).toString(),
                        m_visibility.value(it.key()) == u"editable" ? QStringLiteral("Editable")
                                                                    : QStringLiteral("Read-only"));
            }
            QCOMPARE(project.value(u"signoff").toObject().keys(), QStringList{m_sentSignoff});
        }
    } else if (who == u"other") {
        QCOMPARE(shown.keys(), orgPortal ? QStringList{m_projectB} : QStringList());
    } else {
        QVERIFY(shown.isEmpty());
    }
    auto *message = dialog->findChild<QLabel *>(QStringLiteral("portalViewMessage"));
    QCOMPARE(message->isVisible(), shown.isEmpty());
    if (who == u"revoked")
        QVERIFY2(message->text().contains(QStringLiteral("revoked")), qPrintable(message->text()));
    if (orgPortal && (projectPortal || who == u"own"))
        screenshot(dialog,
            QStringLiteral("view-as-%1-%2")
                .arg(who, projectPortal ? QStringLiteral("open") : QStringLiteral("project-off")));
    dialog->close();
}

void TestPortalViewDialog::lookingIsRecordedAndChangesNothingElse()
{
    // Every look of the matrix reached the desktop's activity log, naming the contact.
    auto looks = [this] {
        int n = 0;
        auto set = m_app->cache()->records(QStringLiteral("activity"),
            {QStringLiteral("action"), QStringLiteral("entity_id"), QStringLiteral("summary")});
        if (set) {
            for (const Record &r : std::as_const(set->rows))
                n += r.values.at(0).toString() == u"contact.viewed_as" && r.values.at(1).toString() == m_own.id
                    && r.values.at(2).toString().contains(QStringLiteral("ann@harbour.test"));
        }
        return n;
    };
    QTRY_COMPARE_WITH_TIMEOUT(looks(), 4, 20000);

    qint64 cursor = 0;
    pullAll(*m_admin, 0, &cursor);
    QPointer<PortalViewDialog> dialog = openFor(m_clientA, m_own.id);
    QVERIFY(dialog);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), PortalViewDialog::State::Loaded, 10000);
    dialog->close();
    const QJsonArray changes = pullAll(*m_admin, cursor);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first().toObject().value(u"entity").toString(), QStringLiteral("activity"));
    QTRY_COMPARE_WITH_TIMEOUT(looks(), 5, 20000);
    QCOMPARE(m_app->cache()->pendingCount(), 0);
}

void TestPortalViewDialog::sharedSummaryCountsAndNamesWhoSees()
{
    MainWindow *window = m_app->window();
    QVERIFY(showProjectA());
    auto *summary = window->findChild<QLabel *>(QStringLiteral("sharedSummary"));
    QVERIFY(summary);
    const QString counts = QStringLiteral("Tasks: 1 read-only, 1 editable, 1 private · Files: 1 read-only, 1 "
                                          "editable, 1 private · Sign-offs sent: 1");

    setPortals(true, true);
    QTRY_VERIFY_WITH_TIMEOUT(summary->text().contains(QStringLiteral("Visible to</b> ann@harbour.test")), 20000);
    QVERIFY2(QString(summary->text()).replace(QChar(QChar::Nbsp), u' ').replace(QChar(0x2011), u'-').contains(counts),
        qPrintable(summary->text()));
    QVERIFY(summary->text().contains(QStringLiteral("Harbour Coffee")));
    QVERIFY(!summary->text().contains(QStringLiteral("cara@harbour.test"))); // revoked
    QVERIFY(!summary->text().contains(QStringLiteral("ben@northwind.test"))); // another client
    screenshot(window, QStringLiteral("shared-summary-open"));

    setPortals(true, false);
    QTRY_VERIFY_WITH_TIMEOUT(
        summary->text().contains(QStringLiteral("Not visible to anyone:</b> the project's Client Portal is off")),
        20000);
    QVERIFY(QString(summary->text()).replace(QChar(QChar::Nbsp), u' ').replace(QChar(0x2011), u'-').contains(counts));
    setPortals(false, true);
    QTRY_VERIFY_WITH_TIMEOUT(
        summary->text().contains(QStringLiteral("Not visible to anyone:</b> the organisation's Client Portal is off")),
        20000);
    screenshot(window, QStringLiteral("shared-summary-org-off"));
}

void TestPortalViewDialog::projectMenuViewsAsItsContacts()
{
    MainWindow *window = m_app->window();
    QVERIFY(showProjectA());
    auto *projects = window->findChild<QTableView *>(QStringLiteral("projectsView"));
    // The menu runs its own event loop: pick from it once it is up.
    QStringList offered;
    QTimer::singleShot(0, this, [&offered] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        for (QAction *action : menu->actions()) {
            if (!action->menu() || action->text() != u"View Portal as")
                continue;
            for (QAction *contact : action->menu()->actions())
                offered.append(contact->text());
            action->menu()->actions().first()->trigger();
        }
        menu->close();
    });
    const QPoint at = projects->visualRect(projects->currentIndex()).center();
    Q_EMIT projects->customContextMenuRequested(at);
    // Only the active contacts of the project's client: not the revoked one, not another client's.
    QCOMPARE(offered, QStringList{QStringLiteral("ann@harbour.test")});
    QPointer<PortalViewDialog> dialog;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (PortalViewDialog *d : window->findChildren<PortalViewDialog *>())
                if (d->isVisible())
                    dialog = d;
            return !dialog.isNull();
        }(),
        10000);
    QCOMPARE(dialog->contactId(), m_own.id);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), PortalViewDialog::State::Loaded, 10000);
    dialog->close();
}

void TestPortalViewDialog::refusedSaysWhy()
{
    // A contact the server does not know (made here, not synced yet): refused, and said so.
    PortalViewDialog unknown(
        m_server.baseUrl(), QString::fromLatin1(m_admin->token()), newId(), QStringLiteral("Dora"));
    unknown.show();
    QTRY_COMPARE_WITH_TIMEOUT(unknown.state(), PortalViewDialog::State::Refused, 10000);
    auto *message = unknown.findChild<QLabel *>(QStringLiteral("portalViewMessage"));
    QVERIFY2(message->text().contains(QStringLiteral("does not know this contact")), qPrintable(message->text()));
    QVERIFY(unknown.findChild<QPushButton *>(QStringLiteral("retryButton"))->isVisible());
    QVERIFY(!unknown.findChild<QWidget *>(QStringLiteral("portalViewTree"))->isVisible());
    screenshot(&unknown, QStringLiteral("view-as-unknown-contact"));

    // A token the server no longer accepts.
    PortalViewDialog signedOut(m_server.baseUrl(), QStringLiteral("atr_revoked"), m_own.id, QStringLiteral("Ann"));
    signedOut.show();
    QTRY_COMPARE_WITH_TIMEOUT(signedOut.state(), PortalViewDialog::State::Refused, 10000);
    QVERIFY(signedOut.findChild<QLabel *>(QStringLiteral("portalViewMessage"))->text().contains(u"Sign in again"));
}

// Clients → a contact's menu: "Sign Out of the Portal Everywhere…" and "Reset Two-Factor
// Sign-In…", each confirmed first and answered with what the server did. (Ann's portal session is
// not needed by the tests after this one.)
void TestPortalViewDialog::anAdminSignsAContactOutAndResetsTwoFactor()
{
    MainWindow *window = m_app->window();
    window->findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(0);
    window->selectClient(m_clientA);
    QTRY_VERIFY_WITH_TIMEOUT(window->contactsModel()->rowOf(m_own.id) >= 0, 10000);
    auto *contacts = window->findChild<QTableView *>(QStringLiteral("contactsView"));
    contacts->setCurrentIndex(contacts->model()->index(window->contactsModel()->rowOf(m_own.id), 0));
    QCOMPARE(window->currentContactId(), m_own.id);
    TestClient portal(m_server.baseUrl());
    QCOMPARE(portal.get(QStringLiteral("/api/v1/portal/me"), m_own.headers()).status, 200);
    auto answer = [&](const std::function<void()> &trigger) -> QString {
        trigger();
        QMessageBox *confirm = nullptr;
        if (!QTest::qWaitFor(
                [&] {
                    return (confirm = window->findChild<QMessageBox *>(QStringLiteral("confirmContactSecurity")));
                },
                5000))
            return QStringLiteral("no confirmation");
        screenshot(confirm, QStringLiteral("confirm-contact-security"));
        QTest::mouseClick(confirm->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
        QMessageBox *result = nullptr;
        if (!QTest::qWaitFor(
                [&] {
                    return (result = window->findChild<QMessageBox *>(QStringLiteral("contactSecurityResult")));
                },
                20000))
            return QStringLiteral("no answer");
        const QString text = result->text();
        delete result;
        return text;
    };
    const QString signedOut = answer([&] {
        window->clientsPage()->signContactOutEverywhere();
    });
    // Ann's session worked until now, and no longer does.
    QVERIFY2(
        signedOut.contains(QStringLiteral("was signed out of the client portal on 1 device.")), qPrintable(signedOut));
    QCOMPARE(portal.get(QStringLiteral("/api/v1/portal/me"), m_own.headers()).status, 401);
    const QString reset = answer([&] {
        window->clientsPage()->resetContactSecondFactor();
    });
    QVERIFY2(reset.contains(QStringLiteral("had no two-factor sign-in")), qPrintable(reset));
}

void TestPortalViewDialog::offlineSaysItNeedsAConnection()
{
    m_server.stop();
    QPointer<PortalViewDialog> dialog = openFor(m_clientA, m_own.id);
    QVERIFY(dialog);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), PortalViewDialog::State::Offline, 20000);
    auto *message = dialog->findChild<QLabel *>(QStringLiteral("portalViewMessage"));
    QVERIFY2(message->text().contains(QStringLiteral("needs a connection")), qPrintable(message->text()));
    QVERIFY(!dialog->findChild<QWidget *>(QStringLiteral("portalViewTree"))->isVisible());
    QCOMPARE(dialog->model()->rowCount(), 0); // nothing guessed from the cache
    screenshot(dialog, QStringLiteral("view-as-offline"));

    // Try Again asks again, busy meanwhile, and still says so.
    QSignalSpy finished(dialog.data(), &PortalViewDialog::finished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("retryButton")), Qt::LeftButton);
    QCOMPARE(dialog->state(), PortalViewDialog::State::Loading);
    QVERIFY(dialog->findChild<QWidget *>(QStringLiteral("portalViewBusy"))->isVisible());
    QVERIFY(!dialog->findChild<QWidget *>(QStringLiteral("retryButton"))->isVisible());
    QVERIFY(finished.wait(20000));
    QCOMPARE(dialog->state(), PortalViewDialog::State::Offline);
    dialog->close();
}

// An invitation never reaches an existing account (the server refuses one with contact_active):
// the dialog says so and offers nothing to send.
void TestPortalViewDialog::activeContactGetsNoInvite()
{
    MainWindow *window = m_app->window();
    window->findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(0);
    window->selectClient(m_clientA);
    QTRY_VERIFY_WITH_TIMEOUT(window->contactsModel()->rowOf(m_own.id) >= 0, 10000);
    auto *contacts = window->findChild<QTableView *>(QStringLiteral("contactsView"));
    contacts->setCurrentIndex(contacts->model()->index(window->contactsModel()->rowOf(m_own.id), 0));
    QCOMPARE(window->currentContactId(), m_own.id);
    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("inviteButton")), Qt::LeftButton);
    InviteDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = window->findChild<InviteDialog *>()) && dialog->isVisible(), 10000);
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("sendInviteButton"))->isEnabled());
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("resendInviteButton"))->isEnabled());
    QVERIFY(!dialog->findChild<QRadioButton *>(QStringLiteral("byLink"))->isEnabled());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("portalState"))->text().contains(u"Forgot password"));
    screenshot(dialog, QStringLiteral("invite-active-contact"));
    delete dialog;
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    Translations::install(&app);
    TestPortalViewDialog test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_portalviewdialog.moc"
