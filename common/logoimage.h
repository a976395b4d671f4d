// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayList>

#include <expected>

#include "common/error.h"

// The organisation's logo as it may reach clients: decoded, at most maxSide pixels on its longer
// side, and encoded again as PNG from the pixels alone (no text chunks, colour profile or trailing
// bytes of the original survive). The desktop makes it when an admin chooses a PNG or JPEG; the
// server makes it again from the PNG it receives, so no image is ever served as uploaded.
namespace LogoImage {
constexpr int maxSide = 512;
constexpr int maxSourceSide = 8192; // refused before decoding (decompression bombs)
constexpr qint64 maxBytes = 2 * 1024 * 1024; // what the server accepts
// "png" or "jpeg" by the file's magic bytes, or empty.
QByteArray formatOf(const QByteArray &data);
// `formats` are the accepted inputs ("png", "jpeg"); anything else, or a damaged image, is
// "invalid_image".
std::expected<QByteArray, Error> normalise(const QByteArray &data, const QByteArrayList &formats);
} // namespace LogoImage
