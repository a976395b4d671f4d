// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// atrium-preview: renders one preview of one file, in a process of its own, so that a malformed or
// hostile file can only take this process down (the server sets its memory and CPU limits before it
// starts, and kills it when it takes too long). Reads INPUT (an image Qt can read, or a PDF through
// Poppler), writes OUTPUT as PNG no larger than MAX pixels either way, and prints "pages N".
//
//   atrium-preview --type image|pdf --max 256 --page 1 [--report-memory] INPUT OUTPUT
//   atrium-preview --certificate FACTS.json OUTPUT.pdf
//
// The second form writes a sign-off's certificate (certificate.h); it needs fonts, so only it starts
// a QGuiApplication (offscreen), and the previews stay as light as a QCoreApplication.
//
// Exit 0 on success; 2 for a usage error; 3 when the file cannot be read as that type; 4 when the
// page does not exist; 5 when the PNG cannot be written.

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>
#include <QSaveFile>
#include <QTextStream>

#include <poppler-qt6.h>

#include "server/preview/certificate.h"

#include <sys/resource.h>

#include <cmath>
#include <memory>

namespace {

int render(const QImage &image, const QString &output)
{
    if (image.isNull())
        return 3;
    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit())
        return 5;
    return 0;
}

int previewImage(const QString &input, int max, const QString &output)
{
    QImageReader reader(input);
    reader.setAutoTransform(true);
    // A decompression bomb stops at the reader, before the memory limit does.
    QImageReader::setAllocationLimit(256);
    const QSize size = reader.size();
    if (size.isValid() && (size.width() > max || size.height() > max))
        reader.setScaledSize(size.scaled(max, max, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (image.isNull())
        return 3;
    if (image.width() > max || image.height() > max)
        image = image.scaled(max, max, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    QTextStream(stdout) << "pages 1" << Qt::endl;
    return render(image, output);
}

int previewPdf(const QString &input, int max, int page, const QString &output)
{
    std::unique_ptr<Poppler::Document> document = Poppler::Document::load(input);
    if (!document || document->isLocked())
        return 3;
    const int pages = document->numPages();
    QTextStream(stdout) << "pages " << pages << Qt::endl;
    if (page < 1 || page > pages)
        return 4;
    std::unique_ptr<Poppler::Page> p = document->page(page - 1);
    if (!p)
        return 3;
    document->setRenderHint(Poppler::Document::Antialiasing);
    document->setRenderHint(Poppler::Document::TextAntialiasing);
    const QSizeF points = p->pageSizeF(); // 1/72 inch
    if (points.width() <= 0 || points.height() <= 0)
        return 3;
    const double dpi = qBound(1.0, 72.0 * max / std::max(points.width(), points.height()), 600.0);
    QImage image = p->renderToImage(dpi, dpi);
    if (image.isNull())
        return 3;
    if (image.width() > max || image.height() > max)
        image = image.scaled(max, max, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    // Transparent PDF pages render on white, as paper.
    QImage paper(image.size(), QImage::Format_RGB32);
    paper.fill(Qt::white);
    {
        QImage argb = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
        for (int y = 0; y < paper.height(); ++y) {
            auto *dst = reinterpret_cast<QRgb *>(paper.scanLine(y));
            const auto *src = reinterpret_cast<const QRgb *>(argb.constScanLine(y));
            for (int x = 0; x < paper.width(); ++x) {
                const int a = qAlpha(src[x]);
                dst[x] = qRgb(qRed(src[x]) + (255 - a), qGreen(src[x]) + (255 - a), qBlue(src[x]) + (255 - a));
            }
        }
    }
    return render(paper, output);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc == 4 && qstrcmp(argv[1], "--certificate") == 0) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        return renderCertificate(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
    }
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("type"), QStringLiteral("image or pdf"), QStringLiteral("TYPE")});
    parser.addOption({QStringLiteral("max"), QStringLiteral("Largest width or height"), QStringLiteral("PIXELS")});
    parser.addOption({QStringLiteral("page"), QStringLiteral("Page (PDF), from 1"), QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("report-memory"), QStringLiteral("Print the peak resident memory (for benchmarks)")});
    parser.addPositionalArgument(QStringLiteral("input"), QStringLiteral("The file"));
    parser.addPositionalArgument(QStringLiteral("output"), QStringLiteral("The PNG to write"));
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    bool maxOk = false;
    const int max = parser.value(QStringLiteral("max")).toInt(&maxOk);
    const int page = parser.isSet(QStringLiteral("page")) ? parser.value(QStringLiteral("page")).toInt() : 1;
    const QString type = parser.value(QStringLiteral("type"));
    if (args.size() != 2 || !maxOk || max < 16 || max > 4096 || (type != u"image" && type != u"pdf"))
        return 2;
    const int code =
        type == u"pdf" ? previewPdf(args.at(0), max, page, args.at(1)) : previewImage(args.at(0), max, args.at(1));
    if (parser.isSet(QStringLiteral("report-memory"))) {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        QTextStream(stderr) << "peak_kib " << usage.ru_maxrss << Qt::endl;
    }
    return code;
}
