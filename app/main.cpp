// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>

// The staff desktop app. Its windows arrive with the desktop issue; until then it only knows
// its command line, so the packaging and the profile flags are settled early.
int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Atrium"));
    QApplication::setApplicationVersion(QStringLiteral(ATRIUM_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Atrium for staff: clients, projects and the client portal."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("server"), QApplication::translate("main", "Server URL."), QStringLiteral("URL")});
    parser.addOption({QStringLiteral("data-dir"),
        QApplication::translate("main", "Profile directory (local cache and settings)."), QStringLiteral("DIR")});
    parser.process(app);
    QTextStream(stderr) << QApplication::translate(
        "main", "The Atrium desktop app is not built yet; run atrium-server.")
                        << Qt::endl;
    return 1;
}
