// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCoreApplication>

#include "server/app/servercli.h"

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("atrium-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ATRIUM_VERSION));
    return ServerCli::run(QCoreApplication::arguments());
}
