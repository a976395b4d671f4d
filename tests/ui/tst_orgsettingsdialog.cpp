// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QColorDialog>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include "common/timeutil.h"
#include "sync/credentialstore.h"
#include "sync/syncengine.h"
#include "tests/support/desktopfixture.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testclient.h"
#include "ui/appcontroller.h"
#include "ui/branding/brandpreviewwidget.h"
#include "ui/branding/orgsettingsdialog.h"
#include "ui/mainwindow.h"
#include "ui/translations.h"

// Organisation Settings → Client Portal driven like an admin would, against the real server and a
// real keychain: the live preview follows every edit, the contrast check warns, the slug is checked
// as typed and refused readably when taken, saving reaches the portal's brand.css and logo, the
// browser preview link shows unsaved branding, and members only look. Screenshots go to
// BUILD/test-artifacts/orgsettings/.
class TestOrgSettingsDialog : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    // Stands in for the system's browser.
    void openUrl(const QUrl &url) { m_opened.append(url); }

private slots:
    void initTestCase();
    void cleanupTestCase();
    void opensFromTheMenuWithTheSavedSettings();
    void previewFollowsEveryKeystroke();
    void contrastCheckWarnsPerPair();
    void colourPickerFillsInTheHexValue();
    void slugIsCheckedAsTyped();
    void logoIsReencodedAndShown();
    void screenshotsAtBothWidths();
    void saveReachesThePortal();
    void securityRequiresTwoFactorSignIn();
    void takenSlugIsRefusedReadably();
    void browserPreviewShowsUnsavedBranding();
    void resetToDefaults();
    void membersOnlyLook();
    void offlineSaveQueuesAndSyncsLater();

private:
    void screenshot(QWidget *widget, const QString &name);
    void setText(QLineEdit *edit, const QString &text);
    QColor headerColour() const;

    ServerProcess m_server;
    QTemporaryDir m_profile;
    QTemporaryDir m_files;
    KeychainCredentialStore m_credentials{QStringLiteral("AtriumTest")};
    std::unique_ptr<AppController> m_app;
    SyncStatus m_status;
    QPointer<OrgSettingsDialog> m_dialog;
    QList<QUrl> m_opened;
};

void TestOrgSettingsDialog::screenshot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(ATRIUM_ARTIFACTS_DIR "/orgsettings");
    QDir().mkpath(dir);
    // Lay out what the last keystrokes changed, as the event loop would before the next paint.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QVERIFY(widget->grab().save(dir + u'/' + name + QStringLiteral(".png")));
}

void TestOrgSettingsDialog::setText(QLineEdit *edit, const QString &text)
{
    QVERIFY(edit);
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

QColor TestOrgSettingsDialog::headerColour() const
{
    // The left edge of the header band under the browser's tab strip, clear of logo and name.
    return m_dialog->preview()->page().pixelColor(2, BrandPreviewWidget::chromeHeight + 10);
}

void TestOrgSettingsDialog::initTestCase()
{
    QDesktopServices::setUrlHandler(QStringLiteral("http"), this, "openUrl");
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(QStringLiteral("Acme Studio"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"),
        QStringLiteral("admin-pw")));
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("member@acme.test"), QStringLiteral("Mo"),
        QStringLiteral("member"), QStringLiteral("member-pw")));
    QVERIFY(m_server.createOrg(QStringLiteral("Taken Ltd"), QStringLiteral("taken"), QStringLiteral("admin@taken.test"),
        QStringLiteral("taken-pw")));
    QString error;
    m_app = DesktopFixture::start({.dataDir = m_profile.path(),
                                      .server = m_server.baseUrl(),
                                      .email = QStringLiteral("admin@acme.test"),
                                      .password = QStringLiteral("admin-pw")},
        &m_credentials, this, &m_status, &error);
    QVERIFY2(m_app, qPrintable(error));
    QVERIFY(QTest::qWaitForWindowExposed(m_app->window()));
    QTRY_VERIFY_WITH_TIMEOUT(m_status.online && !m_status.syncing && m_status.pending == 0
            && m_app->cache()->liveCount(QStringLiteral("organisation")) == 1,
        20000);
}

void TestOrgSettingsDialog::cleanupTestCase()
{
    QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
    m_app.reset();
}

void TestOrgSettingsDialog::opensFromTheMenuWithTheSavedSettings()
{
    auto *action = m_app->window()->findChild<QAction *>(QStringLiteral("organisationSettingsAction"));
    QVERIFY(action);
    action->trigger();
    m_dialog = m_app->window()->findChild<OrgSettingsDialog *>();
    QVERIFY(m_dialog);
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog));
    QVERIFY(m_dialog->isEditable());
    QCOMPARE(m_dialog->findChild<QLineEdit *>(QStringLiteral("portalSlug"))->text(), QStringLiteral("acme"));
    QCOMPARE(m_dialog->findChild<QLineEdit *>(QStringLiteral("portalUrl"))->text(),
        m_server.baseUrl().toString(QUrl::StripTrailingSlash) + QStringLiteral("/p/acme"));
    QCOMPARE(
        m_dialog->findChild<QLineEdit *>(QStringLiteral("brand_primary_color"))->text(), QStringLiteral("#1f4e79"));
    screenshot(m_dialog, QStringLiteral("opened"));
    QCOMPARE(headerColour(), QColor(QStringLiteral("#1f4e79")));
    // Opening it again brings the same dialog forward.
    action->trigger();
    QCOMPARE(m_app->window()->findChildren<OrgSettingsDialog *>().size(), 1);
}

void TestOrgSettingsDialog::previewFollowsEveryKeystroke()
{
    QSignalSpy changed(m_dialog->preview(), &BrandPreviewWidget::pageChanged);
    auto *primary = m_dialog->findChild<QLineEdit *>(QStringLiteral("brand_primary_color"));
    setText(primary, QStringLiteral("#7a1f5c"));
    QCOMPARE(headerColour(), QColor(QStringLiteral("#7a1f5c")));
    QVERIFY(changed.count() >= 1);
    // Half-typed colours keep the portal's fallback, as brand.css does, and block saving.
    setText(primary, QStringLiteral("#7a1"));
    QCOMPARE(headerColour(), QColor(QStringLiteral("#1f4e79")));
    QVERIFY(!m_dialog->findChild<QPushButton *>(QStringLiteral("saveButton"))->isEnabled());
    QTest::keyClicks(primary, QStringLiteral("f5c"));
    QCOMPARE(headerColour(), QColor(QStringLiteral("#7a1f5c")));
    QVERIFY(m_dialog->findChild<QPushButton *>(QStringLiteral("saveButton"))->isEnabled());

    const QImage before = m_dialog->preview()->page();
    QTest::keyClicks(m_dialog->findChild<QPlainTextEdit *>(QStringLiteral("welcomeText")), QStringLiteral("W"));
    QVERIFY(m_dialog->preview()->page() != before);
    QCOMPARE(m_dialog->preview()->brand().welcome, QStringLiteral("W"));
    QTest::keyClicks(m_dialog->findChild<QPlainTextEdit *>(QStringLiteral("welcomeText")),
        QStringLiteral("elcome to the Acme client portal."));
}

void TestOrgSettingsDialog::contrastCheckWarnsPerPair()
{
    auto *contrast = m_dialog->findChild<QLabel *>(QStringLiteral("contrastCheck"));
    QCOMPARE(contrast->property("failingPairs").toInt(), 0);
    QVERIFY(contrast->text().contains(QStringLiteral("AA")));
    // Light grey text on white fails for body text only.
    auto *text = m_dialog->findChild<QLineEdit *>(QStringLiteral("brand_text_color"));
    setText(text, QStringLiteral("#bbbbbb"));
    QCOMPARE(contrast->property("failingPairs").toInt(), 1);
    QVERIFY2(contrast->text().contains(QStringLiteral("Text on the background")), qPrintable(contrast->text()));
    // A pale accent fails as a focus outline on white.
    auto *accent = m_dialog->findChild<QLineEdit *>(QStringLiteral("brand_accent_color"));
    setText(accent, QStringLiteral("#ffe066"));
    QCOMPARE(contrast->property("failingPairs").toInt(), 2);
    QVERIFY(contrast->text().contains(QStringLiteral("Focus outline")));
    screenshot(m_dialog, QStringLiteral("contrast-warnings"));
    setText(text, QStringLiteral("#202020"));
    setText(accent, QStringLiteral("#0b6e4f"));
    QCOMPARE(contrast->property("failingPairs").toInt(), 0);
}

void TestOrgSettingsDialog::colourPickerFillsInTheHexValue()
{
    auto *accent = m_dialog->findChild<QLineEdit *>(QStringLiteral("brand_accent_color"));
    QTest::mouseClick(m_dialog->findChild<QToolButton *>(QStringLiteral("brand_accent_colorPicker")), Qt::LeftButton);
    QColorDialog *picker = nullptr;
    QTRY_VERIFY((picker = m_dialog->findChild<QColorDialog *>(QStringLiteral("colourDialog"))) && picker->isVisible());
    QCOMPARE(picker->currentColor(), QColor(QStringLiteral("#0b6e4f")));
    picker->setCurrentColor(QColor(QStringLiteral("#8a3ffc")));
    screenshot(picker, QStringLiteral("colour-picker"));
    picker->accept();
    QCOMPARE(accent->text(), QStringLiteral("#8a3ffc"));
    QCOMPARE(m_dialog->preview()->brand().accent, QStringLiteral("#8a3ffc"));
    setText(accent, QStringLiteral("#0b6e4f"));
}

void TestOrgSettingsDialog::slugIsCheckedAsTyped()
{
    auto *slug = m_dialog->findChild<QLineEdit *>(QStringLiteral("portalSlug"));
    auto *problem = m_dialog->findChild<QLabel *>(QStringLiteral("slugProblem"));
    auto *save = m_dialog->findChild<QPushButton *>(QStringLiteral("saveButton"));
    setText(slug, QStringLiteral("Acme Studio"));
    QVERIFY(problem->isVisible());
    QVERIFY(!problem->text().isEmpty());
    QVERIFY(!save->isEnabled());
    QVERIFY(m_dialog->findChild<QLineEdit *>(QStringLiteral("portalUrl"))->text().isEmpty());
    screenshot(m_dialog, QStringLiteral("invalid-slug"));
    setText(slug, QStringLiteral("acme-studio"));
    QVERIFY(!problem->isVisible());
    QVERIFY(save->isEnabled());
    QCOMPARE(m_dialog->findChild<QLineEdit *>(QStringLiteral("portalUrl"))->text(),
        m_server.baseUrl().toString(QUrl::StripTrailingSlash) + QStringLiteral("/p/acme-studio"));
    QTest::mouseClick(m_dialog->findChild<QPushButton *>(QStringLiteral("copyUrlButton")), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), m_dialog->portalUrl().toString());

    auto *host = m_dialog->findChild<QLineEdit *>(QStringLiteral("portalCustomHost"));
    setText(host, QStringLiteral("not a host"));
    QVERIFY(m_dialog->findChild<QLabel *>(QStringLiteral("hostProblem"))->isVisible());
    QVERIFY(!save->isEnabled());
    setText(host, QStringLiteral("portal.acme.example"));
    QVERIFY(!m_dialog->findChild<QLabel *>(QStringLiteral("hostProblem"))->isVisible());
    QVERIFY(save->isEnabled());
    auto *enabled = m_dialog->findChild<QCheckBox *>(QStringLiteral("portalEnabled"));
    enabled->setChecked(true);
}

void TestOrgSettingsDialog::logoIsReencodedAndShown()
{
    // A JPEG with metadata becomes a PNG of at most 512 pixels.
    QImage logo(QSize(900, 300), QImage::Format_RGB32);
    logo.fill(QColor(QStringLiteral("#0b6e4f")));
    for (int x = 0; x < 300; ++x)
        for (int y = 0; y < 300; ++y)
            logo.setPixelColor(x, y, QColor(QStringLiteral("#f2c94c")));
    logo.setText(QStringLiteral("Description"), QStringLiteral("do-not-publish"));
    const QString path = m_files.filePath(QStringLiteral("logo.jpg"));
    QVERIFY(logo.save(path, "JPEG", 95));
    const QImage before = m_dialog->preview()->page();
    QVERIFY(m_dialog->setLogoFile(path));
    QVERIFY(m_dialog->preview()->page() != before);
    QCOMPARE(m_dialog->brand().logo.size(), QSize(512, 170));
    QVERIFY(!m_dialog->findChild<QLabel *>(QStringLiteral("logoThumbnail"))->pixmap().isNull());

    const QString notAnImage = m_files.filePath(QStringLiteral("logo.png"));
    QFile file(notAnImage);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("<svg onload=alert(1)>");
    file.close();
    QVERIFY(!m_dialog->setLogoFile(notAnImage));
    QCOMPARE(m_dialog->brand().logo.size(), QSize(512, 170)); // the good one stays
}

void TestOrgSettingsDialog::screenshotsAtBothWidths()
{
    auto *phone = m_dialog->findChild<QToolButton *>(QStringLiteral("phoneLayoutButton"));
    auto *desktop = m_dialog->findChild<QToolButton *>(QStringLiteral("desktopLayoutButton"));
    screenshot(m_dialog, QStringLiteral("dialog-desktop"));
    m_dialog->preview()->page().save(QStringLiteral(ATRIUM_ARTIFACTS_DIR "/orgsettings/preview-desktop.png"));
    QCOMPARE(m_dialog->preview()->page().width(), BrandPreviewWidget::desktopWidth);
    QTest::mouseClick(phone, Qt::LeftButton);
    QCOMPARE(m_dialog->preview()->layoutMode(), BrandPreviewWidget::Layout::Phone);
    QCOMPARE(m_dialog->preview()->page().width(), BrandPreviewWidget::phoneWidth);
    screenshot(m_dialog, QStringLiteral("dialog-phone"));
    m_dialog->preview()->page().save(QStringLiteral(ATRIUM_ARTIFACTS_DIR "/orgsettings/preview-phone.png"));
    QTest::mouseClick(desktop, Qt::LeftButton);
    QCOMPARE(m_dialog->preview()->layoutMode(), BrandPreviewWidget::Layout::Desktop);
}

void TestOrgSettingsDialog::saveReachesThePortal()
{
    QSignalSpy applied(m_dialog.data(), &OrgSettingsDialog::saveApplied);
    setText(m_dialog->findChild<QLineEdit *>(QStringLiteral("emailSenderName")), QStringLiteral("Acme Client Team"));
    QTest::mouseClick(m_dialog->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 1, 20000);
    screenshot(m_dialog, QStringLiteral("saved"));

    TestClient anon(m_server.baseUrl());
    const auto css = anon.get(QStringLiteral("/p/acme-studio/brand.css"));
    QCOMPARE(css.status, 200);
    QVERIFY2(
        css.body.contains("--brand-primary:#7a1f5c;--brand-accent:#0b6e4f;--brand-bg:#ffffff;--brand-text:#202020"),
        css.body.constData());
    const auto logo = anon.get(QStringLiteral("/p/acme-studio/logo"));
    QCOMPARE(logo.status, 200);
    QCOMPARE(logo.header("Content-Type"), QByteArray("image/png"));
    QVERIFY(!logo.body.contains("do-not-publish"));
    QCOMPARE(QImage::fromData(logo.body, "PNG").size(), QSize(512, 170));
    const QJsonObject org =
        anon.get(QStringLiteral("/api/v1/portal/organisations/acme-studio")).object().value(u"organisation").toObject();
    QCOMPARE(org.value(u"welcome_text").toString(), QStringLiteral("Welcome to the Acme client portal."));
    QVERIFY(org.value(u"portal_enabled").toBool());
    QCOMPARE(anon.get(QStringLiteral("/p/acme/brand.css")).status, 404); // the old address is gone

    // E-mails take the new sender name at once: an invitation sent now is signed with it.
    using namespace SyncFixture;
    TestClient admin(m_server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    const QString clientId = newId();
    const QString contactId = newId();
    QCOMPARE(pushResults(admin,
                 {mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "Harbour Coffee"}}),
                     mutation(QStringLiteral("contact"), contactId, QStringLiteral("create"),
                         {{"client_id", clientId}, {"name", "Ivy Green"}, {"email", "ivy@harbour.test"}}),
                     mutation(QStringLiteral("invite"), newId(), QStringLiteral("create"),
                         {{"contact_id", contactId}, {"kind", "email"}})})
                 .size(),
        3);
    QTRY_VERIFY_WITH_TIMEOUT(PortalFixture::outboxTexts(m_server.dataDir(), QStringLiteral("ivy@harbour.test"))
                                 .join(u'\n')
                                 .contains(QStringLiteral("— Acme Client Team")),
        20000);
}

void TestOrgSettingsDialog::securityRequiresTwoFactorSignIn()
{
    auto *tabs = m_dialog->findChild<QTabWidget *>(QStringLiteral("orgSettingsTabs"));
    for (int i = 0; i < tabs->count(); ++i)
        if (tabs->tabText(i) == u"Security")
            tabs->setCurrentIndex(i);
    QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("Security"));
    auto *staff = m_dialog->findChild<QCheckBox *>(QStringLiteral("twoFactorStaff"));
    auto *clients = m_dialog->findChild<QComboBox *>(QStringLiteral("twoFactorClients"));
    auto *grace = m_dialog->findChild<QSpinBox *>(QStringLiteral("twoFactorGraceDays"));
    QVERIFY(!staff->isChecked());
    QCOMPARE(clients->currentData().toString(), QStringLiteral("off"));
    QCOMPARE(grace->value(), 14);
    QSignalSpy applied(m_dialog.data(), &OrgSettingsDialog::saveApplied);
    staff->click();
    clients->setCurrentIndex(clients->findData(QStringLiteral("chosen")));
    grace->setValue(7);
    screenshot(m_dialog, QStringLiteral("security"));
    QTest::mouseClick(m_dialog->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 1, 20000);

    // On the server: staff are told at sign-in until when they may go without it.
    TestClient admin(m_server.baseUrl());
    const TestClient::Reply signedIn = admin.post(
        QStringLiteral("/api/v1/auth/login"), QJsonObject{{"email", "admin@acme.test"}, {"password", "admin-pw"}});
    admin.setToken(signedIn.object().value(u"token").toString().toLatin1());
    QJsonObject org;
    for (const QJsonValue &c : SyncFixture::pullAll(admin))
        if (c.toObject().value(u"entity").toString() == u"organisation")
            org = c.toObject().value(u"data").toObject();
    QCOMPARE(org.value(u"two_factor_clients").toString(), QStringLiteral("chosen"));
    QVERIFY2(org.value(u"two_factor_grace_days").toInt() == 7, QJsonDocument(org).toJson().constData());
    const auto by = TimeUtil::fromWire(signedIn.object().value(u"second_factor_required_by").toString());
    QVERIFY2(by, signedIn.body.constData());
    QVERIFY2(qAbs(QDateTime::currentDateTimeUtc().addDays(7).secsTo(*by)) < 120, signedIn.body.constData());
    tabs->setCurrentIndex(0);
}

void TestOrgSettingsDialog::takenSlugIsRefusedReadably()
{
    QSignalSpy refused(m_dialog.data(), &OrgSettingsDialog::saveRefused);
    auto *slug = m_dialog->findChild<QLineEdit *>(QStringLiteral("portalSlug"));
    setText(slug, QStringLiteral("taken"));
    QTest::mouseClick(m_dialog->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, 20000);
    auto *problem = m_dialog->findChild<QLabel *>(QStringLiteral("slugProblem"));
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(QStringLiteral("already used")), qPrintable(problem->text()));
    screenshot(m_dialog, QStringLiteral("slug-taken"));
    // The portal keeps its address; the form keeps what was typed, to fix.
    TestClient anon(m_server.baseUrl());
    QCOMPARE(anon.get(QStringLiteral("/p/acme-studio/brand.css")).status, 200);
    QCOMPARE(slug->text(), QStringLiteral("taken"));
    setText(slug, QStringLiteral("acme-studio"));
}

void TestOrgSettingsDialog::browserPreviewShowsUnsavedBranding()
{
    setText(m_dialog->findChild<QLineEdit *>(QStringLiteral("brand_background_color")), QStringLiteral("#fdf6e3"));
    QSignalSpy ready(m_dialog.data(), &OrgSettingsDialog::previewLinkReady);
    m_opened.clear();
    QTest::mouseClick(m_dialog->findChild<QPushButton *>(QStringLiteral("openPreviewButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
    QTRY_COMPARE(m_opened.size(), 1);
    const QUrl url = m_opened.first();
    QCOMPARE(url.path(), QStringLiteral("/p/acme-studio/preview"));
    QVERIFY(url.fragment().startsWith(QStringLiteral("bpv_")));

    TestClient anon(m_server.baseUrl());
    const auto shown = anon.post(QStringLiteral("/api/v1/portal/brand-preview"), {{"token", url.fragment()}});
    QCOMPARE(shown.status, 200);
    const auto css = anon.get(shown.object().value(u"stylesheet_url").toString());
    QVERIFY2(css.body.contains("--brand-bg:#fdf6e3"), css.body.constData());
    const auto logo = anon.get(shown.object().value(u"organisation").toObject().value(u"logo_url").toString());
    QCOMPARE(logo.status, 200);
    // Unsaved: the portal itself is unchanged.
    QVERIFY(anon.get(QStringLiteral("/p/acme-studio/brand.css")).body.contains("--brand-bg:#ffffff"));
}

void TestOrgSettingsDialog::resetToDefaults()
{
    QTest::mouseClick(m_dialog->findChild<QPushButton *>(QStringLiteral("resetButton")), Qt::LeftButton);
    QCOMPARE(
        m_dialog->findChild<QLineEdit *>(QStringLiteral("brand_primary_color"))->text(), QStringLiteral("#1f4e79"));
    QCOMPARE(
        m_dialog->findChild<QLineEdit *>(QStringLiteral("brand_background_color"))->text(), QStringLiteral("#ffffff"));
    QVERIFY(m_dialog->brand().logo.isNull());
    QVERIFY(m_dialog->brand().welcome.isEmpty());
    QCOMPARE(headerColour(), QColor(QStringLiteral("#1f4e79")));
    screenshot(m_dialog, QStringLiteral("defaults"));
    QSignalSpy applied(m_dialog.data(), &OrgSettingsDialog::saveApplied);
    QTest::mouseClick(m_dialog->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 1, 20000);
    TestClient anon(m_server.baseUrl());
    QCOMPARE(anon.get(QStringLiteral("/p/acme-studio/logo")).status, 404);
    QVERIFY(anon.get(QStringLiteral("/p/acme-studio/brand.css")).body.contains("--brand-primary:#1f4e79"));
}

void TestOrgSettingsDialog::membersOnlyLook()
{
    OrgSettingsDialog dialog(m_app->cache(), m_server.baseUrl(), QString(), QStringLiteral("member@acme.test"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.isEditable());
    QVERIFY(dialog.findChild<QLineEdit *>(QStringLiteral("portalSlug"))->isReadOnly());
    QVERIFY(dialog.findChild<QLineEdit *>(QStringLiteral("brand_primary_color"))->isReadOnly());
    QVERIFY(!dialog.findChild<QCheckBox *>(QStringLiteral("portalEnabled"))->isEnabled());
    QVERIFY(!dialog.findChild<QCheckBox *>(QStringLiteral("twoFactorStaff"))->isEnabled());
    QVERIFY(!dialog.findChild<QComboBox *>(QStringLiteral("twoFactorClients"))->isEnabled());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("saveButton"))->isVisible());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("openPreviewButton"))->isVisible());
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("portalSlug"))->text(), QStringLiteral("acme-studio"));
    screenshot(&dialog, QStringLiteral("member-read-only"));
}

void TestOrgSettingsDialog::offlineSaveQueuesAndSyncsLater()
{
    const quint16 port = m_server.port();
    m_server.stop();
    // A colour and a new logo while the server is away: both wait, the logo in the profile.
    QSignalSpy applied(m_dialog.data(), &OrgSettingsDialog::saveApplied);
    setText(m_dialog->findChild<QLineEdit *>(QStringLiteral("brand_primary_color")), QStringLiteral("#123456"));
    QImage logo(QSize(120, 60), QImage::Format_RGB32);
    logo.fill(QColor(QStringLiteral("#123456")));
    const QString path = m_files.filePath(QStringLiteral("offline-logo.png"));
    QVERIFY(logo.save(path, "PNG"));
    QVERIFY(m_dialog->setLogoFile(path));
    QTest::mouseClick(m_dialog->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    auto *status = m_dialog->findChild<QLabel *>(QStringLiteral("saveStatus"));
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("cannot be reached")), 20000);
    screenshot(m_dialog, QStringLiteral("saved-offline"));
    QVERIFY(m_app->cache()->pendingCount() >= 1);
    QVERIFY(!QDir(m_profile.path()).entryList({QStringLiteral("pending-logo-*.png")}).isEmpty());

    // Back on the same address (the last --listen wins): the colour and then the logo arrive.
    QVERIFY2(m_server.start({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)}),
        qPrintable(m_server.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 1, 90000);
    TestClient anon(m_server.baseUrl());
    QVERIFY(anon.get(QStringLiteral("/p/acme-studio/brand.css")).body.contains("--brand-primary:#123456"));
    QTRY_COMPARE_WITH_TIMEOUT(
        QImage::fromData(anon.get(QStringLiteral("/p/acme-studio/logo")).body, "PNG").size(), QSize(120, 60), 30000);
    QTRY_VERIFY(QDir(m_profile.path()).entryList({QStringLiteral("pending-logo-*.png")}).isEmpty());
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    Translations::install(&app);
    TestOrgSettingsDialog test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_orgsettingsdialog.moc"
