// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/logoimage.h"

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>

#include <cstring>

namespace {

Error invalid(const QString &message)
{
    return Error{QStringLiteral("invalid_image"), message};
}

} // namespace

QByteArray LogoImage::formatOf(const QByteArray &data)
{
    if (data.startsWith(QByteArrayView("\x89PNG\r\n\x1a\n", 8)))
        return QByteArrayLiteral("png");
    if (data.startsWith(QByteArrayView("\xff\xd8\xff", 3)))
        return QByteArrayLiteral("jpeg");
    return {};
}

std::expected<QByteArray, Error> LogoImage::normalise(const QByteArray &data, const QByteArrayList &formats)
{
    const QByteArray format = formatOf(data);
    if (format.isEmpty() || !formats.contains(format))
        return std::unexpected(invalid(
            QStringLiteral("The logo must be a %1 image.").arg(QString::fromLatin1(formats.join(" or ").toUpper()))));
    QBuffer buffer;
    buffer.setData(data);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, format);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (!size.isValid() || size.isEmpty())
        return std::unexpected(invalid(QStringLiteral("The logo cannot be read as an image.")));
    if (size.width() > maxSourceSide || size.height() > maxSourceSide)
        return std::unexpected(invalid(QStringLiteral("The logo is larger than %1 × %1 pixels.").arg(maxSourceSide)));
    QImage image = reader.read();
    if (image.isNull())
        return std::unexpected(invalid(QStringLiteral("The logo cannot be read: %1").arg(reader.errorString())));
    if (image.width() > maxSide || image.height() > maxSide)
        image = image.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    image = image.convertToFormat(QImage::Format_ARGB32);
    // Copied pixel by pixel into a fresh image, so no metadata of the original reaches the output.
    QImage clean(image.size(), QImage::Format_ARGB32);
    for (int y = 0; y < image.height(); ++y)
        std::memcpy(clean.scanLine(y), image.constScanLine(y), size_t(image.width()) * 4);
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    QImageWriter writer(&out, "png");
    if (!writer.write(clean))
        return std::unexpected(invalid(QStringLiteral("The logo cannot be encoded: %1").arg(writer.errorString())));
    return out.data();
}
