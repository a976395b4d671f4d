// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdio>
#include <cstdlib>

#include <QCoreApplication>
#include <QString>

// Shared by the fuzz targets: one QCoreApplication per process (event loop, plugins), Qt's log
// kept quiet (the server warns about much of what a fuzzer sends, millions of times), and a way
// to fail an input on a broken property, which libFuzzer records like a crash.
namespace FuzzSupport {

inline void init()
{
    static int argc = 1;
    static char name[] = "atrium-fuzz";
    static char *argv[] = {name, nullptr};
    if (QCoreApplication::instance())
        return;
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        if (type == QtFatalMsg) {
            std::fprintf(stderr, "qFatal: %s\n", qPrintable(message));
            std::abort();
        }
    });
    new QCoreApplication(argc, argv); // lives as long as the process
}

[[noreturn]] inline void fail(const char *what, const QString &detail = {})
{
    std::fprintf(stderr, "property broken: %s %s\n", what, qPrintable(detail));
    std::abort();
}

} // namespace FuzzSupport
