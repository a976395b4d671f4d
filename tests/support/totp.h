// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <liboath/oath.h>

#include <cstdlib>

// What an authenticator app does, for the tests: the secret from the base32 text the server shows,
// and its code at a time (RFC 6238: SHA-1, 6 digits, 30-second steps).
namespace Totp {

inline QByteArray secretFrom(const QString &base32)
{
    oath_init();
    char *raw = nullptr;
    size_t length = 0;
    if (oath_base32_decode(base32.toLatin1().constData(), size_t(base32.size()), &raw, &length) != OATH_OK)
        return {};
    const QByteArray secret(raw, qsizetype(length));
    std::free(raw);
    return secret;
}

inline QString codeAt(const QByteArray &secret, qint64 secondsSinceEpoch)
{
    char out[7] = {};
    if (oath_totp_generate(secret.constData(), size_t(secret.size()), time_t(secondsSinceEpoch), 30, 0, 6, out)
        != OATH_OK)
        return {};
    return QString::fromLatin1(out);
}

inline QString codeNow(const QByteArray &secret)
{
    return codeAt(secret, QDateTime::currentSecsSinceEpoch());
}

} // namespace Totp
