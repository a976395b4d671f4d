// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench_files: what clients do with files, against the real server binary. Run by hand (see
// bench/README.md); never in ctest.
//
//   QT_QPA_PLATFORM=offscreen build/bench/bench_files [--megabytes 1024] [--images 100] [--pdfs 100]
//       [--page-items 1000]
//
// 1. Download all: a project of `megabytes` of files (8 MiB each) streamed as one ZIP (curl to
//    /dev/null), with
//    the server's peak resident memory, next to a plain `cp` of the same stored files in the same run.
// 2. Thumbnails: `images` photos (1600×1200 PNG) and `pdfs` one-page PDFs rendered for the first
//    time, one request at a time (each by the worker process), and the worker's peak memory
//    (atrium-preview run directly on the largest of each, its maximum RSS from getrusage).
// 3. A project page of `page-items` tasks and files (the files images with thumbnails already
//    cached), loaded as a browser would: the page, then every thumbnail on six connections.

#include <QBuffer>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QImage>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPainter>
#include <QPdfWriter>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

namespace {

QByteArray pngOf(int w, int h, int seed)
{
    QImage image(w, h, QImage::Format_RGB32);
    // Gradients with noise, so the PNG is as large as a photo's would be, not a few KiB.
    quint32 state = 2463534242u + quint32(seed);
    for (int y = 0; y < h; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < w; ++x) {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            const int n = int(state & 31);
            line[x] = qRgb(((x >> 3) + n + seed * 13) & 255, ((y >> 3) + n) & 255, (((x ^ y) >> 4) + n) & 255);
        }
    }
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return out;
}

QByteArray pdfOf(int seed)
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setPageSize(QPageSize(QPageSize::A4));
    QPainter painter(&writer);
    painter.setFont(QFont(QStringLiteral("Sans"), 24));
    for (int i = 0; i < 40; ++i)
        painter.drawText(QPointF(400, 400 + i * 320), QStringLiteral("Line %1 of document %2").arg(i).arg(seed));
    painter.fillRect(QRectF(400, 14000, 6000, 2000), QColor::fromHsv((seed * 37) % 360, 200, 200));
    painter.end();
    return out;
}

double seconds(const QElapsedTimer &t)
{
    return t.nsecsElapsed() / 1e9;
}

QString workerPath()
{
    return QFileInfo(QStringLiteral(ATRIUM_SERVER_BINARY)).dir().filePath(QStringLiteral("atrium-preview"));
}

} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("megabytes"), QStringLiteral("Size of the download-all project."),
        QStringLiteral("MB"), QStringLiteral("1024")});
    parser.addOption(
        {QStringLiteral("images"), QStringLiteral("Images to preview."), QStringLiteral("N"), QStringLiteral("100")});
    parser.addOption(
        {QStringLiteral("pdfs"), QStringLiteral("PDFs to preview."), QStringLiteral("N"), QStringLiteral("100")});
    parser.addOption({QStringLiteral("page-items"), QStringLiteral("Tasks and files on the page."), QStringLiteral("N"),
        QStringLiteral("1000")});
    parser.process(app);
    const int megabytes = parser.value(QStringLiteral("megabytes")).toInt();
    const int images = parser.value(QStringLiteral("images")).toInt();
    const int pdfs = parser.value(QStringLiteral("pdfs")).toInt();
    const int pageItems = parser.value(QStringLiteral("page-items")).toInt();

    ServerProcess server;
    if (!server.start()
        || !server.createOrg(QStringLiteral("Bench"), QStringLiteral("bench"), QStringLiteral("admin@bench.test"),
            QStringLiteral("admin-pw"))) {
        std::fprintf(stderr, "server: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    TestClient admin(server.baseUrl());
    admin.login(QStringLiteral("admin@bench.test"), QStringLiteral("admin-pw"));
    const QString orgId = pullAll(admin).first().toObject().value(u"id").toString();
    const QString clientId = newId();
    auto newProject = [&](const QString &name) {
        const QString id = newId();
        pushResults(admin,
            {mutation(QStringLiteral("project"), id, QStringLiteral("create"),
                {{"client_id", clientId}, {"name", name}, {"portal_enabled", true}})});
        return id;
    };
    pushResults(admin,
        {mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "Client"}}),
            mutation(QStringLiteral("organisation"), orgId, QStringLiteral("update"), {{"portal_enabled", true}},
                {{"portal_enabled", false}})});
    const PortalFixture::Contact contact =
        PortalFixture::signUp(server, admin, clientId, QStringLiteral("client@bench.test"));
    TestClient client(server.baseUrl());
    int failures = 0;

    // --- 1. Download all --------------------------------------------------------------------------
    const QString big = newProject(QStringLiteral("Big delivery"));
    const int fileMiB = 8; // one chunk each (the upload chunk limit)
    const int files = qMax(1, megabytes / fileMiB);
    std::printf("seeding %d files of %d MiB (%d MiB) for download all…\n", files, fileMiB, files * fileMiB);
    std::fflush(stdout);
    for (int i = 0; i < files; ++i) {
        QByteArray content(fileMiB * 1024 * 1024, char('a' + i % 26));
        content.replace(0, 16, QByteArray::number(i).leftJustified(16, ' '));
        if (PortalFixture::uploadAsStaff(admin, big, QStringLiteral("take-%1.mov").arg(i), content,
                QStringLiteral("video/quicktime"), QStringLiteral("read_only"))
                .isEmpty()) {
            std::fprintf(stderr, "upload %d failed\n", i);
            return 1;
        }
    }
    const qint64 rssBefore = server.residentMemoryKiB();
    QProcess curl;
    curl.start(QStringLiteral("curl"),
        {QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
            QStringLiteral("%{http_code} %{size_download} %{time_total}"), QStringLiteral("-H"),
            QStringLiteral("Cookie: ") + QString::fromLatin1(contact.cookie),
            server.baseUrl()
                .resolved(QUrl(QStringLiteral("/api/v1/portal/projects/%1/download").arg(big)))
                .toString()});
    qint64 rssPeak = rssBefore;
    while (!curl.waitForFinished(50))
        rssPeak = qMax(rssPeak, server.residentMemoryKiB());
    const QStringList curlOut = QString::fromLatin1(curl.readAllStandardOutput()).split(u' ');
    const double zipSeconds = curlOut.value(2).toDouble();
    const qint64 zipBytes = curlOut.value(1).toLongLong();
    if (curlOut.value(0) != u"200" || zipBytes < qint64(files) * fileMiB * 1024 * 1024) {
        std::fprintf(stderr, "download all: %s\n", qPrintable(curlOut.join(u' ')));
        ++failures;
    }
    QTemporaryDir copyTarget;
    QElapsedTimer copyTimer;
    copyTimer.start();
    QProcess cp;
    cp.start(QStringLiteral("sh"),
        {QStringLiteral("-c"),
            QStringLiteral("cp -r '%1' '%2/' && sync -f '%2'")
                .arg(QDir(server.dataDir()).filePath(QStringLiteral("blobs")), copyTarget.path())});
    cp.waitForFinished(600000);
    const double cpSeconds = seconds(copyTimer);
    // And reading them alone, to /dev/null as the ZIP went: the floor of the same work.
    QElapsedTimer catTimer;
    catTimer.start();
    QProcess cat;
    cat.start(QStringLiteral("sh"),
        {QStringLiteral("-c"),
            QStringLiteral("find '%1' -type f -exec cat {} + > /dev/null")
                .arg(QDir(server.dataDir()).filePath(QStringLiteral("blobs")))});
    cat.waitForFinished(600000);
    const double catSeconds = seconds(catTimer);
    std::printf("download all, %lld MiB as one ZIP:   %.2f s (%.0f MiB/s); cp of the same files: %.2f s "
                "(%.0f MiB/s); ratio %.2f\n",
        static_cast<long long>(zipBytes >> 20), zipSeconds, (zipBytes >> 20) / zipSeconds, cpSeconds,
        (zipBytes >> 20) / cpSeconds, zipSeconds / cpSeconds);
    std::printf("reading the same files to /dev/null (cat): %.2f s (%.0f MiB/s); ZIP / cat %.2f\n", catSeconds,
        (zipBytes >> 20) / catSeconds, zipSeconds / catSeconds);
    std::printf("server resident memory: %lld MiB before, %lld MiB at most during the download (goal ≤ 200)\n",
        static_cast<long long>(rssBefore >> 10), static_cast<long long>(rssPeak >> 10));
    std::fflush(stdout);

    // --- 2. Thumbnails ----------------------------------------------------------------------------
    const QString gallery = newProject(QStringLiteral("Gallery"));
    std::printf("\nseeding %d images and %d PDFs…\n", images, pdfs);
    std::fflush(stdout);
    QStringList imageIds, pdfIds;
    QByteArray largestImage, largestPdf;
    for (int i = 0; i < images; ++i) {
        const QByteArray png = pngOf(1600, 1200, i);
        if (png.size() > largestImage.size())
            largestImage = png;
        imageIds.append(PortalFixture::uploadAsStaff(admin, gallery, QStringLiteral("photo-%1.png").arg(i), png,
            QStringLiteral("image/png"), QStringLiteral("read_only")));
    }
    for (int i = 0; i < pdfs; ++i) {
        const QByteArray pdf = pdfOf(i);
        if (pdf.size() > largestPdf.size())
            largestPdf = pdf;
        pdfIds.append(PortalFixture::uploadAsStaff(admin, gallery, QStringLiteral("doc-%1.pdf").arg(i), pdf,
            QStringLiteral("application/pdf"), QStringLiteral("read_only")));
    }
    auto thumbnails = [&](const QStringList &ids) {
        QElapsedTimer t;
        t.start();
        for (const QString &id : ids) {
            if (client.get(QStringLiteral("/api/v1/portal/files/%1/preview").arg(id), contact.headers()).status != 200)
                ++failures;
        }
        return seconds(t);
    };
    const double imageSeconds = thumbnails(imageIds);
    const double pdfSeconds = thumbnails(pdfIds);
    const double cachedSeconds = thumbnails(imageIds);
    std::printf("first thumbnails, one at a time: %d images in %.2f s (%.1f/s), %d PDFs in %.2f s (%.1f/s); "
                "the same images again from the cache: %.3f s (%.0f/s)\n",
        images, imageSeconds, images / imageSeconds, pdfs, pdfSeconds, pdfs / pdfSeconds, cachedSeconds,
        images / cachedSeconds);
    // The worker's peak memory, run directly on the largest of each kind.
    QTemporaryDir work;
    for (const auto &[name, bytes, type] :
        {std::tuple{"image", largestImage, "image"}, std::tuple{"pdf", largestPdf, "pdf"}}) {
        const QString in = work.filePath(QString::fromLatin1(name));
        QFile f(in);
        f.open(QIODevice::WriteOnly);
        f.write(bytes);
        f.close();
        QProcess worker;
        worker.start(workerPath(),
            {QStringLiteral("--type"), QString::fromLatin1(type), QStringLiteral("--max"), QStringLiteral("1600"),
                QStringLiteral("--report-memory"), in, work.filePath(QStringLiteral("out.png"))});
        worker.waitForFinished(30000);
        const QByteArray report = worker.readAllStandardError();
        const qint64 peak = report.mid(report.indexOf("peak_kib ") + 9).trimmed().toLongLong();
        std::printf("preview worker, large size, the largest %s (%lld KiB): exit %d, peak resident memory %lld MiB\n",
            name, static_cast<long long>(bytes.size() >> 10), worker.exitCode(), static_cast<long long>(peak >> 10));
    }
    std::fflush(stdout);

    // --- 3. A page of many items with thumbnails --------------------------------------------------
    const QString pageProject = newProject(QStringLiteral("Many items"));
    std::printf("\nseeding a project of %d tasks and %d image files…\n", pageItems, pageItems);
    std::fflush(stdout);
    QJsonArray batch;
    for (int i = 0; i < pageItems; ++i) {
        batch.append(mutation(QStringLiteral("task"), newId(), QStringLiteral("create"),
            {{"project_id", pageProject}, {"title", QStringLiteral("Task %1").arg(i)}, {"visibility", "read_only"}}));
        if (batch.size() == 500) {
            pushResults(admin, batch);
            batch = {};
        }
    }
    pushResults(admin, batch);
    const QByteArray small = pngOf(640, 480, 7);
    QStringList pageFiles;
    for (int i = 0; i < pageItems; ++i)
        pageFiles.append(PortalFixture::uploadAsStaff(admin, pageProject, QStringLiteral("shot-%1.png").arg(i), small,
            QStringLiteral("image/png"), QStringLiteral("read_only")));
    // Every file has the same content here: one rendering, then the cache (by content hash).
    thumbnails({pageFiles.first()});
    QNetworkAccessManager network;
    QElapsedTimer pageTimer;
    pageTimer.start();
    const auto pageReply = client.get(QStringLiteral("/api/v1/portal/projects/") + pageProject, contact.headers());
    const double pageSeconds = seconds(pageTimer);
    int done = 0;
    int next = 0;
    std::function<void()> fetchNext = [&] {
        if (next >= pageFiles.size())
            return;
        QNetworkRequest request(server.baseUrl().resolved(
            QUrl(QStringLiteral("/api/v1/portal/files/%1/preview").arg(pageFiles.at(next++)))));
        request.setRawHeader("Cookie", contact.cookie);
        QNetworkReply *reply = network.get(request);
        QObject::connect(reply, &QNetworkReply::finished, [&, reply] {
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
                ++failures;
            reply->deleteLater();
            ++done;
            fetchNext();
        });
    };
    for (int i = 0; i < 6; ++i)
        fetchNext();
    while (done < pageFiles.size())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    const double allSeconds = seconds(pageTimer);
    std::printf("project page of %d tasks and %d files: %.1f ms (HTTP %d, %lld KiB); with all %d thumbnails "
                "(cached, 6 connections): %.2f s\n",
        pageItems, pageItems, pageSeconds * 1000, pageReply.status, static_cast<long long>(pageReply.body.size() >> 10),
        pageItems, allSeconds);
    std::printf("\nserver peak memory over the whole run: %lld MiB; failures: %d\n",
        static_cast<long long>(server.peakResidentMemoryKiB() >> 10), failures);
    return failures == 0 ? 0 : 1;
}
