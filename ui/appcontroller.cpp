// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/appcontroller.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QStatusBar>
#include <QThreadPool>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "sync/apiclient.h"
#include "sync/logooutbox.h"
#include "sync/syncengine.h"
#include "ui/branding/orgsettingsdialog.h"
#include "ui/invitedialog.h"
#include "ui/logging.h"
#include "ui/mainwindow.h"
#include "ui/notificationsettingsdialog.h"
#include "ui/portalviewdialog.h"
#include "ui/securitylogdialog.h"
#include "ui/sessionsdialog.h"
#include "ui/signindialog.h"
#include "ui/translations.h"
#include "ui/twofactordialog.h"

AppController::AppController(const Options &options, CredentialStore *credentials, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_credentials(credentials)
    , m_settings(settingsFile(options.dataDir), QSettings::IniFormat)
{
}

QString AppController::settingsFile(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("settings.ini"));
}

AppController::~AppController()
{
    if (m_window) {
        m_window->saveSettings(m_settings);
        m_settings.sync();
    }
    if (m_engine) {
        QMetaObject::invokeMethod(m_engine, &SyncEngine::stop, Qt::BlockingQueuedConnection);
        QMetaObject::invokeMethod(m_engine, &QObject::deleteLater);
    }
    m_syncThread.quit();
    m_syncThread.wait();
}

QString AppController::tokenKey(const QUrl &server, const QString &email) const
{
    return QStringLiteral("token %1 %2").arg(server.toString(QUrl::StripTrailingSlash), email.toLower());
}

bool AppController::start(QString *error)
{
    const QString cachePath = QDir(m_options.dataDir).filePath(QStringLiteral("cache.sqlite"));
    if (auto r = m_cache.open(cachePath); !r) {
        *error = tr("Cannot open the local cache %1: %2").arg(cachePath, r.error().message);
        return false;
    }
    if (m_cache.wasRebuilt()) {
        // Told once the window is up; the pull that follows sign-in refills the cache.
        QMetaObject::invokeMethod(
            this,
            [this] {
                auto *box = new QMessageBox(QMessageBox::Information, tr("Local Data Rebuilt"),
                    tr("The local copy of your data was damaged. Atrium set it aside, kept the changes that "
                       "had not reached the server yet, and is fetching everything again."),
                    QMessageBox::Ok, m_window.get());
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open();
            },
            Qt::QueuedConnection);
    }
    // The engine works on its own thread with its own connection to the same cache file.
    m_engine = new SyncEngine(cachePath);
    m_engine->moveToThread(&m_syncThread);
    m_syncThread.setObjectName(QStringLiteral("sync"));
    m_syncThread.start();
    QMetaObject::invokeMethod(m_engine, &SyncEngine::start, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_engine, [engine = m_engine, language = Translations::inEffect()] {
        engine->setLanguage(language);
    });

    m_window = std::make_unique<MainWindow>(&m_cache);
    connect(&m_cache, &LocalCache::outboxChanged, m_engine, &SyncEngine::outboxChanged);
    connect(m_engine, &SyncEngine::rowsChanged, &m_cache, &LocalCache::rowsChanged);
    connect(m_engine, &SyncEngine::statusChanged, m_window.get(), &MainWindow::setSyncStatus);
    connect(m_engine, &SyncEngine::massDeletionPending, m_window.get(), &MainWindow::askMassDeletion);
    connect(m_window.get(), &MainWindow::massDeletionAnswered, m_engine, &SyncEngine::confirmMassDeletion);
    connect(m_window.get(), &MainWindow::syncRequested, m_engine, &SyncEngine::syncNow);
    connect(m_window.get(), &MainWindow::signOutRequested, this, &AppController::signOut);
    connect(m_window.get(), &MainWindow::signInRequested, this, [this] {
        showSignIn();
    });
    connect(m_window.get(), &MainWindow::filesAdded, this, &AppController::addFiles);
    connect(m_window.get(), &MainWindow::portalViewRequested, this, &AppController::showPortalView);
    connect(m_window.get(), &MainWindow::certificateRequested, this, &AppController::saveCertificate);
    connect(m_window.get(), &MainWindow::organisationSettingsRequested, this, &AppController::showOrganisationSettings);
    connect(m_window.get(), &MainWindow::notificationSettingsRequested, this, &AppController::showNotificationSettings);
    connect(m_window.get(), &MainWindow::twoFactorRequested, this, &AppController::showTwoFactor);
    connect(m_window.get(), &MainWindow::sessionsRequested, this, &AppController::showSessions);
    connect(m_window.get(), &MainWindow::securityLogRequested, this, &AppController::showSecurityLog);
    connect(m_window.get(), &MainWindow::contactSessionsRequested, this, &AppController::showContactSessions);
    connect(m_window.get(), &MainWindow::contactSecurityRequested, this, &AppController::contactSecurity);
    connect(m_window.get(), &MainWindow::fileOpenRequested, m_engine, &SyncEngine::fetchFile);
    connect(m_window.get(), &MainWindow::languageChosen, this, [this](const QString &language) {
        m_settings.setValue(Translations::settingKey, language);
        m_settings.sync();
    });
    connect(m_engine, &SyncEngine::fileReady, this, [this](const QString &fileId, const QString &path) {
        // The store names contents by hash; the system picks a handler by the name, so open a
        // link with the file's real name (DATA_DIR/open/<file id>/<name>) instead.
        const auto row = m_cache.row(QStringLiteral("file"), fileId);
        QString name = row ? QFileInfo(row->value(u"name").toString()).fileName() : QString();
        if (name.isEmpty() || name.startsWith(u'.'))
            name = QStringLiteral("file");
        const QString dir = QDir(m_options.dataDir).filePath(QStringLiteral("open/") + fileId);
        QDir().mkpath(dir);
        const QString named = QDir(dir).filePath(name);
        QFile::remove(named);
        const QString opened = QFile::link(path, named) ? named : path;
        QDesktopServices::openUrl(QUrl::fromLocalFile(opened));
    });
    connect(m_engine, &SyncEngine::inviteLinkReady, this, [this](const QString &inviteId, const QUrl &link) {
        // Into the contact's open invite dialog, or else a box of its own: the link exists only now.
        const auto invite = m_cache.row(QStringLiteral("invite"), inviteId);
        const QString contactId = invite ? invite->value(u"contact_id").toString() : QString();
        for (InviteDialog *dialog : m_window->findChildren<InviteDialog *>()) {
            if (dialog->isVisible() && dialog->contactId() == contactId) {
                dialog->showLink(link);
                return;
            }
        }
        const auto contact = m_cache.row(QStringLiteral("contact"), contactId);
        auto *box = new QMessageBox(QMessageBox::Information, tr("Invite Link Ready"),
            tr("The invite link for %1 is ready. Copy it now; it cannot be shown again.")
                .arg(contact ? contact->value(u"name").toString() : tr("the contact")),
            QMessageBox::Close, m_window.get());
        box->setObjectName(QStringLiteral("inviteLinkReady"));
        box->setDetailedText(link.toString());
        QPushButton *copy = box->addButton(tr("Copy Link"), QMessageBox::ActionRole);
        copy->disconnect(); // copying does not close the box
        connect(copy, &QPushButton::clicked, box, [link] {
            QGuiApplication::clipboard()->setText(link.toString());
        });
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    // A logo chosen while offline goes out once the server answers again (see LogoOutbox).
    connect(m_engine, &SyncEngine::statusChanged, this, [this](const SyncStatus &status) {
        if (!status.online || m_token.isEmpty() || !LogoOutbox::isWaiting(&m_cache))
            return;
        auto *api = new ApiClient(this);
        api->setServerUrl(m_settings.value("server").toUrl());
        api->setToken(m_token);
        const bool sending =
            LogoOutbox::send(&m_cache, api, this, [this, api](LogoOutbox::Outcome outcome, const QString &message) {
                api->deleteLater();
                if (outcome == LogoOutbox::Outcome::Refused)
                    QMessageBox::warning(m_window.get(), tr("Organisation Logo"),
                        tr("The server did not take the new logo: %1").arg(message));
            });
        if (!sending)
            api->deleteLater();
    });
    connect(m_engine, &SyncEngine::fileFailed, this, [this](const QString &, const QString &message) {
        QMessageBox::warning(m_window.get(), tr("Open File"), message);
    });
    connect(m_engine, &SyncEngine::authenticationRequired, this, [this] {
        showSignIn(tr("Your session has ended. Sign in again; your changes are kept."));
    });
    m_window->restoreSettings(m_settings);
    m_window->show();

    const QUrl server = m_options.server.isValid() ? m_options.server : m_settings.value("server").toUrl();
    const QString email = !m_options.email.isEmpty() ? m_options.email : m_settings.value("email").toString();
    if (server.isValid() && !email.isEmpty() && !m_options.password.isEmpty()) {
        showSignIn();
        m_signIn->setServerUrl(server);
        m_signIn->setEmail(email);
        m_signIn->findChild<QLineEdit *>(QStringLiteral("password"))->setText(m_options.password);
        m_options.password.clear();
        m_signIn->signIn();
        return true;
    }
    if (!server.isValid() || email.isEmpty()) {
        showSignIn();
        return true;
    }
    m_credentials->read(tokenKey(server, email), this, [this, server, email](std::expected<QString, Error> token) {
        if (!token) {
            showKeychainProblem(token.error().message);
            showSignIn();
            return;
        }
        if (token->isEmpty()) {
            showSignIn();
            return;
        }
        useToken(server, email, *token);
    });
    return true;
}

void AppController::useToken(const QUrl &server, const QString &email, const QString &token)
{
    m_token = token;
    m_window->setUserEmail(email);
    QMetaObject::invokeMethod(m_engine, [engine = m_engine, server, token] {
        engine->setCredentials(server, token);
    });
    Q_EMIT signedIn();
}

void AppController::showSignIn(const QString &message)
{
    // A dialog that was cancelled is on its way out (deleted on close): make a new one.
    if (m_signIn && !m_signIn->isVisible()) {
        m_signIn->disconnect(this);
        m_signIn = nullptr;
    }
    if (m_signIn) {
        m_signIn->setMessage(message);
        m_signIn->raise();
        return;
    }
    m_signIn = new SignInDialog(m_window.get());
    m_signIn->setAttribute(Qt::WA_DeleteOnClose);
    m_signIn->setWindowModality(Qt::WindowModal);
    const QUrl server = m_options.server.isValid() ? m_options.server : m_settings.value("server").toUrl();
    if (server.isValid())
        m_signIn->setServerUrl(server);
    m_signIn->setEmail(m_settings.value("email").toString());
    m_signIn->setMessage(message);
    connect(m_signIn, &QDialog::accepted, this, [this, dialog = m_signIn] {
        const QUrl url = dialog->serverUrl();
        const QString email = dialog->email();
        m_settings.setValue("server", url.toString());
        m_settings.setValue("email", email);
        m_settings.sync();
        storeToken(url, email, dialog->token());
        useToken(url, email, dialog->token());
        if (const auto by = TimeUtil::fromWire(dialog->secondFactorRequiredBy()))
            askToSetUpTwoFactor(*by);
    });
    m_signIn->open();
}

void AppController::storeToken(const QUrl &server, const QString &email, const QString &token)
{
    m_credentials->write(tokenKey(server, email), token, this, [this](std::expected<void, Error> r) {
        if (!r)
            showKeychainProblem(r.error().message + u'\n' + u'\n'
                + tr("You are signed in for now, but will have to sign in again next time."));
    });
}

void AppController::showKeychainProblem(const QString &message)
{
    qCWarning(lcUi) << "Keychain problem:" << message;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("No Keychain"), message, QMessageBox::Ok, m_window.get());
    box->setObjectName(QStringLiteral("keychainProblem"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void AppController::signOut()
{
    const QUrl server = m_settings.value("server").toUrl();
    const QString email = m_settings.value("email").toString();
    // Revoke on the server (best effort: offline, the token still expires), then forget it here.
    auto *api = new ApiClient(this);
    api->setServerUrl(server);
    api->setToken(m_token);
    api->post(QStringLiteral("/api/v1/auth/logout"), {}, this, [api](const ApiResult &) {
        api->deleteLater();
    });
    m_token.clear();
    QMetaObject::invokeMethod(m_engine, &SyncEngine::clearCredentials);
    m_credentials->remove(tokenKey(server, email), this, [this](std::expected<void, Error> r) {
        if (!r)
            showKeychainProblem(r.error().message);
    });
    showSignIn(tr("You are signed out. Edits you make now are kept and sent after you sign in."));
}

void AppController::addFiles(const QString &projectId, const QString &folder, const QStringList &paths)
{
    // Hashing and copying a large file takes a while: off the GUI thread, into the
    // content-addressed store (DATA_DIR/files/<sha256>), from where the upload reads after a restart.
    const QString store = QDir(m_options.dataDir).filePath(QStringLiteral("files"));
    QPointer<AppController> self(this);
    for (const QString &path : paths) {
        QThreadPool::globalInstance()->start([self, store, path, projectId, folder] {
            QDir().mkpath(store);
            QFile in(path);
            LocalCache::Upload upload;
            QString error;
            if (!in.open(QIODevice::ReadOnly)) {
                error = in.errorString();
            } else {
                const QString partial = QDir(store).filePath(QStringLiteral(".incoming-") + EntitySchema::newUuid());
                QFile out(partial);
                QCryptographicHash hash(QCryptographicHash::Sha256);
                if (!out.open(QIODevice::WriteOnly)) {
                    error = out.errorString();
                } else {
                    QByteArray buffer;
                    while (!(buffer = in.read(1 << 20)).isEmpty()) {
                        hash.addData(buffer);
                        out.write(buffer);
                    }
                    out.close();
                    const QString sha = QString::fromLatin1(hash.result().toHex());
                    const QString target = QDir(store).filePath(sha);
                    if (QFile::exists(target))
                        QFile::remove(partial);
                    else
                        QFile::rename(partial, target);
                    upload.fileId = EntitySchema::newUuid();
                    upload.projectId = projectId;
                    upload.folder = folder;
                    upload.name = QFileInfo(path).fileName();
                    upload.localPath = target;
                    upload.size = QFileInfo(target).size();
                    upload.sha256 = sha;
                }
            }
            QMetaObject::invokeMethod(QCoreApplication::instance(), [self, upload, error, path] {
                if (!self)
                    return;
                if (!error.isEmpty() || upload.fileId.isEmpty()) {
                    QMessageBox::warning(self->m_window.get(), tr("Add Files"),
                        tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), error));
                    return;
                }
                if (auto r = self->m_cache.queueUpload(upload); !r)
                    QMessageBox::warning(self->m_window.get(), tr("Add Files"), r.error().message);
            });
        });
    }
}

void AppController::showOrganisationSettings()
{
    if (auto *open = m_window->findChild<OrgSettingsDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new OrgSettingsDialog(
        &m_cache, m_settings.value("server").toUrl(), m_token, m_settings.value("email").toString(), m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Each push and pull may carry the server's answer to a save.
    connect(m_engine, &SyncEngine::statusChanged, dialog, &OrgSettingsDialog::checkServerAnswer);
    dialog->open();
}

void AppController::showNotificationSettings()
{
    if (auto *open = m_window->findChild<NotificationSettingsDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new NotificationSettingsDialog(m_settings.value("server").toUrl(), m_token, m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void AppController::showTwoFactor()
{
    if (auto *open = m_window->findChild<TwoFactorDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new TwoFactorDialog(m_settings.value("server").toUrl(), m_token, m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void AppController::showSessions()
{
    if (auto *open = m_window->findChild<SessionsDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new SessionsDialog(m_settings.value("server").toUrl(), m_token, m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void AppController::askToSetUpTwoFactor(const QDateTime &deadline)
{
    auto *box = new QMessageBox(QMessageBox::Information, tr("Two-Factor Sign-In Required"),
        tr("Your organisation requires two-factor sign-in. Set it up before %1; after that you can sign in only by "
           "setting it up.")
            .arg(QLocale().toString(deadline.toLocalTime(), QLocale::LongFormat)),
        QMessageBox::NoButton, m_window.get());
    box->setObjectName(QStringLiteral("twoFactorRequiredBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *now = box->addButton(tr("Set Up &Now…"), QMessageBox::AcceptRole);
    now->setObjectName(QStringLiteral("setUpTwoFactorNow"));
    box->addButton(tr("&Later"), QMessageBox::RejectRole);
    connect(box, &QMessageBox::buttonClicked, this, [this, now](QAbstractButton *clicked) {
        if (clicked == now)
            showTwoFactor();
    });
    box->open();
}

void AppController::showSecurityLog()
{
    if (auto *open = m_window->findChild<SecurityLogDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new SecurityLogDialog(m_settings.value("server").toUrl(), m_token, m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void AppController::showContactSessions(const QString &contactId)
{
    const auto contact = m_cache.row(QStringLiteral("contact"), contactId);
    auto *dialog = new SessionsDialog(m_settings.value("server").toUrl(), m_token, contactId,
        contact ? contact->value(u"name").toString() : QString(), m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void AppController::showPortalView(const QString &contactId)
{
    const auto contact = m_cache.row(QStringLiteral("contact"), contactId);
    auto *dialog = new PortalViewDialog(m_settings.value("server").toUrl(), m_token, contactId,
        contact ? contact->value(u"name").toString() : QString(), m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void AppController::saveCertificate(const QString &signoffId, const QString &path)
{
    auto *api = new ApiClient(this);
    api->setServerUrl(m_settings.value("server").toUrl());
    api->setToken(m_token);
    auto file = std::make_shared<QSaveFile>(path);
    auto fail = [this](const QString &why) {
        auto *box =
            new QMessageBox(QMessageBox::Warning, tr("Certificate Not Saved"), why, QMessageBox::Ok, m_window.get());
        box->setObjectName(QStringLiteral("certificateError"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    };
    if (!file->open(QIODevice::WriteOnly)) {
        api->deleteLater();
        fail(tr("%1 cannot be written: %2").arg(QDir::toNativeSeparators(path), file->errorString()));
        return;
    }
    m_window->statusBar()->showMessage(tr("Fetching the certificate…"));
    api->download(QStringLiteral("/api/v1/signoffs/%1/certificate").arg(signoffId), file.get(), this,
        [this, api, file, path, fail](const ApiResult &result) {
            api->deleteLater();
            m_window->statusBar()->clearMessage();
            if (!result.ok()) {
                file->cancelWriting();
                fail(result.reachedServer()
                        ? tr("The server could not make the certificate: %1").arg(result.errorMessage)
                        : tr("The server cannot be reached. Try again when you are online."));
                return;
            }
            if (!file->commit()) {
                fail(tr("%1 cannot be written: %2").arg(QDir::toNativeSeparators(path), file->errorString()));
                return;
            }
            m_window->statusBar()->showMessage(
                tr("Certificate saved to %1").arg(QDir::toNativeSeparators(path)), 10000);
        });
}

void AppController::contactSecurity(const QString &contactId, const QString &action)
{
    const auto contact = m_cache.row(QStringLiteral("contact"), contactId);
    const QString name = contact ? contact->value(u"name").toString() : QString();
    const bool signOut = action == u"sign_out";
    auto *api = new ApiClient(this);
    api->setServerUrl(m_settings.value("server").toUrl());
    api->setToken(m_token);
    const QString path = signOut ? QStringLiteral("/api/v1/contacts/%1/sessions/end").arg(contactId)
                                 : QStringLiteral("/api/v1/contacts/%1/second-factor/reset").arg(contactId);
    api->post(path, QJsonObject{}, this, [this, api, name, signOut](const ApiResult &result) {
        api->deleteLater();
        QString text;
        if (!result.reachedServer())
            text = tr("The server cannot be reached. Try again when you are online.");
        else if (result.status == 403)
            text = tr("Only the organisation's administrators can do this.");
        else if (!result.ok())
            text = result.errorMessage;
        else if (signOut)
            text = tr(
                "%1 was signed out of the client portal on %n device(s).", nullptr, result.body.value(u"ended").toInt())
                       .arg(name);
        else if (result.body.value(u"reset").toBool())
            text = tr("Two-factor sign-in is off for %1. They were told by e-mail and can set it up again.").arg(name);
        else
            text = tr("%1 had no two-factor sign-in to reset.").arg(name);
        auto *box = new QMessageBox(result.ok() ? QMessageBox::Information : QMessageBox::Warning,
            signOut ? tr("Sign Out Everywhere") : tr("Reset Two-Factor Sign-In"), text, QMessageBox::Ok,
            m_window.get());
        box->setObjectName(QStringLiteral("contactSecurityResult"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}
