// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLockFile>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTextStream>

#include "sync/credentialstore.h"
#include "ui/appcontroller.h"
#include "ui/applicationicon.h"
#include "ui/translations.h"

namespace {
void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        QApplication::translate("main", "Atrium for staff: clients, projects and the client portal."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("server"), QApplication::translate("main", "Server URL."), QStringLiteral("URL")});
    parser.addOption({QStringLiteral("data-dir"),
        QApplication::translate("main", "Profile directory (local cache and settings)."), QStringLiteral("DIR")});
    parser.addOption(
        {QStringLiteral("email"), QApplication::translate("main", "Sign in as this user."), QStringLiteral("EMAIL")});
    parser.addOption({QStringLiteral("password-stdin"),
        QApplication::translate("main", "Read the password for --email from standard input (for scripts).")});
}
} // namespace

// The staff desktop app: parses the command line, takes the profile's lock and hands over to
// AppController.
int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Atrium"));
    QApplication::setWindowIcon(ApplicationIcon::icon());
    QApplication::setOrganizationName(QStringLiteral("Atrium"));
    QApplication::setApplicationVersion(QStringLiteral(ATRIUM_VERSION));
    // The profile's settings choose the language, and --help speaks it: so the command line is
    // read once for --data-dir, and again in full once the translators are in place.
    QCommandLineParser early;
    addOptions(early);
    early.parse(QApplication::arguments());
    const QString dataDir = early.isSet(QStringLiteral("data-dir"))
        ? QDir(early.value(QStringLiteral("data-dir"))).absolutePath()
        : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    {
        const QSettings settings(AppController::settingsFile(dataDir), QSettings::IniFormat);
        Translations::install(&app, settings.value(Translations::settingKey).toString());
    }
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(app);

    AppController::Options options;
    options.dataDir = dataDir;
    if (parser.isSet(QStringLiteral("server"))) {
        options.server = QUrl(parser.value(QStringLiteral("server")), QUrl::StrictMode);
        if (!options.server.isValid() || options.server.host().isEmpty()
            || (options.server.scheme() != u"http" && options.server.scheme() != u"https")) {
            QTextStream(stderr)
                << QApplication::translate("main", "Not a server URL: %1").arg(parser.value(QStringLiteral("server")))
                << Qt::endl;
            return 2;
        }
    }
    options.email = parser.value(QStringLiteral("email"));
    if (parser.isSet(QStringLiteral("password-stdin")))
        options.password = QTextStream(stdin).readLine();

    if (!QDir().mkpath(options.dataDir)) {
        QTextStream(stderr)
            << QApplication::translate("main", "Cannot create the profile directory %1").arg(options.dataDir)
            << Qt::endl;
        return 1;
    }
    // One running instance per profile: two would fight over the cache and the outbox.
    QLockFile lock(QDir(options.dataDir).filePath(QStringLiteral("atrium.lock")));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(200)) {
        const QString message =
            QApplication::translate("main", "Atrium is already running with the profile %1.").arg(options.dataDir);
        QTextStream(stderr) << message << Qt::endl;
        QMessageBox::warning(nullptr, QStringLiteral("Atrium"), message);
        return 1;
    }

    KeychainCredentialStore credentials;
    AppController controller(options, &credentials);
    QString error;
    if (!controller.start(&error)) {
        QTextStream(stderr) << error << Qt::endl;
        QMessageBox::critical(nullptr, QStringLiteral("Atrium"), error);
        return 1;
    }
    return app.exec();
}
