// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The logo decoder (LogoImage::normalise): any bytes as an uploaded PNG or JPEG, decoded with
// Qt's image readers (libpng, libjpeg) and encoded again. QImage needs no QGuiApplication; the
// QCoreApplication lets the JPEG plugin load.
//
// Properties: what comes out is a PNG within maxSide pixels that normalise accepts again and
// turns into the same bytes (the output is already clean).
#include <cstdint>

#include <QBuffer>
#include <QImageReader>

#include "common/logoimage.h"
#include "fuzz/fuzzsupport.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FuzzSupport::init();
    // Without Qt's JPEG plugin every JPEG would be refused early, and fuzzed for nothing.
    const QList<QByteArray> formats = QImageReader::supportedImageFormats();
    if (!formats.contains("png") || !formats.contains("jpeg"))
        FuzzSupport::fail("Qt cannot read PNG and JPEG here");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (qint64(size) > LogoImage::maxBytes)
        return 0; // the server refuses it before decoding
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto logo = LogoImage::normalise(input, {"png", "jpeg"});
    if (!logo) {
        if (logo.error().code != u"invalid_image")
            FuzzSupport::fail("a refused logo without invalid_image", logo.error().code);
        return 0;
    }
    if (LogoImage::formatOf(*logo) != "png")
        FuzzSupport::fail("a normalised logo that is not a PNG");
    QBuffer buffer;
    buffer.setData(*logo);
    buffer.open(QIODevice::ReadOnly);
    const QSize outSize = QImageReader(&buffer, "png").size();
    if (!outSize.isValid() || outSize.isEmpty() || outSize.width() > LogoImage::maxSide
        || outSize.height() > LogoImage::maxSide)
        FuzzSupport::fail("a normalised logo of a bad size");
    const auto again = LogoImage::normalise(*logo, {"png"});
    if (!again)
        FuzzSupport::fail("a normalised logo is refused when uploaded again", again.error().message);
    if (*again != *logo)
        FuzzSupport::fail("normalising a normalised logo changes it");
    return 0;
}
