// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QString>

// QR codes (libqrencode, error correction M) as images: the desktop shows one for two-factor
// enrolment, the server serves one to the portal as a PNG. No painter and no display needed.
namespace QrCode {
// `text` as black modules on white with the standard quiet zone of four modules, `scale` pixels
// a module; a null image when the text does not fit a QR code.
QImage image(const QString &text, int scale);
} // namespace QrCode
