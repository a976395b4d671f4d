// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QSettings>
#include <QThread>
#include <QUrl>

#include <memory>

#include "sync/credentialstore.h"
#include "sync/localcache.h"
#include "ui/signindialog.h"

class MainWindow;

class SyncEngine;

// Wires one profile together: the GUI's cache connection, the sync engine on its own thread, the
// credentials in the keychain, the sign-in dialog and the main window. Owned by main().
class AppController : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString dataDir;
        QUrl server; // --server, overrides the profile's
        QString email; // --email: sign in as (with password)
        QString password; // from --password-stdin, never a command-line argument
    };

    AppController(const Options &options, CredentialStore *credentials, QObject *parent = nullptr);
    ~AppController() override;

    // Opens the cache and shows the window (and the sign-in dialog when needed). False with a
    // message when the profile cannot be used.
    bool start(QString *error);
    // The profile's settings (window state, server, e-mail, language): DATA_DIR/settings.ini.
    static QString settingsFile(const QString &dataDir);

    MainWindow *window() const { return m_window.get(); }
    LocalCache *cache() { return &m_cache; }
    SyncEngine *engine() const { return m_engine; }
    SignInDialog *signInDialog() const { return m_signIn; }

public Q_SLOTS:
    void showSignIn(const QString &message = {});
    void signOut();
    void addFiles(const QString &projectId, const QString &folder, const QStringList &paths);
    // What a contact sees in the client portal, as the server decides it (needs a connection).
    void showPortalView(const QString &contactId);
    // Fetches a decided sign-off's certificate (a PDF) and saves it at `path`, all or nothing;
    // says how it went in the status bar, or why not in a message.
    void saveCertificate(const QString &signoffId, const QString &path);
    // Organisation Settings → Client Portal, for the signed-in user (read-only for members).
    void showNotificationSettings();
    void showTwoFactor();
    void showSessions();
    void showSecurityLog();
    // After a sign-in in the grace period of a required two-factor sign-in.
    void askToSetUpTwoFactor(const QDateTime &deadline);
    void showContactSessions(const QString &contactId);
    // "sign_out" or "reset_second_factor" for a contact, then says how it went.
    void contactSecurity(const QString &contactId, const QString &action);
    void showOrganisationSettings();

Q_SIGNALS:
    void signedIn();

private:
    QString tokenKey(const QUrl &server, const QString &email) const;
    void useToken(const QUrl &server, const QString &email, const QString &token);
    void storeToken(const QUrl &server, const QString &email, const QString &token);
    void showKeychainProblem(const QString &message);

    Options m_options;
    CredentialStore *m_credentials;
    QSettings m_settings;
    LocalCache m_cache;
    std::unique_ptr<MainWindow> m_window;
    QThread m_syncThread;
    SyncEngine *m_engine = nullptr;
    QPointer<SignInDialog> m_signIn;
    QString m_token;
};
