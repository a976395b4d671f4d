// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <malloc.h>

#include <QCoreApplication>

#include "server/app/servercli.h"

namespace {

// A sync pull writes its page (megabytes for thousands of changes) into buffers that grow as
// the rows are read, and hands it on in another: glibc serves blocks that large from fresh memory
// maps, and gives memory back at the top of a heap soon after, so every pull paid for faulting in
// new pages, a large share of its time on a virtual machine. Blocks up to 32 MiB come from the
// heap instead, and up to 64 MiB freed at its top stays, to serve the next pull (the limits
// glibc's own adaptive thresholds stop at). bench_sync, 50,000 tasks, three runs each: pulling
// them all took 994-1,039 ms before and 738-824 ms after; peak memory went from 173 to 177 MiB.
void tuneAllocator()
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
}

} // namespace

int main(int argc, char *argv[])
{
    tuneAllocator();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("atrium-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ATRIUM_VERSION));
    return ServerCli::run(QCoreApplication::arguments());
}
