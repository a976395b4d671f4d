// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/passwords.h"

#include <QCryptographicHash>
#include <QSemaphore>

#include <sodium.h>

#include "server/domain/logging.h"

namespace {

// INTERACTIVE is the floor the design asks for; a change here makes logins rehash.
const unsigned long long opsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
const size_t memLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

// Each Argon2id run takes 64 MiB: at most two at once bounds the memory a burst of sign-ins can
// take, and a flood of them queues instead of exhausting the machine.
QSemaphore g_hashSlots(2);

class HashSlot
{
public:
    HashSlot() { g_hashSlots.acquire(); }
    ~HashSlot() { g_hashSlots.release(); }
    HashSlot(const HashSlot &) = delete;
    HashSlot &operator=(const HashSlot &) = delete;
};

} // namespace

bool Passwords::initialise()
{
    return sodium_init() >= 0;
}

std::optional<QString> Passwords::hash(const QString &password)
{
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    const HashSlot slot;
    if (crypto_pwhash_str(out, utf8.constData(), quint64(utf8.size()), opsLimit, memLimit) != 0) {
        qCWarning(lcAuth).noquote() << "password hashing ran out of memory";
        return std::nullopt;
    }
    return QString::fromLatin1(out);
}

bool Passwords::verify(const QString &storedHash, const QString &password)
{
    const QByteArray stored = storedHash.toLatin1();
    const QByteArray utf8 = password.toUtf8();
    const HashSlot slot;
    return crypto_pwhash_str_verify(stored.constData(), utf8.constData(), quint64(utf8.size())) == 0;
}

bool Passwords::needsRehash(const QString &storedHash)
{
    const QByteArray stored = storedHash.toLatin1();
    return crypto_pwhash_str_needs_rehash(stored.constData(), opsLimit, memLimit) != 0;
}

void Passwords::verifyDummy(const QString &password)
{
    static const QString dummy = hash(QStringLiteral("atrium-dummy-password")).value_or(QString());
    (void)verify(dummy, password);
}

QByteArray Passwords::randomToken(const QByteArray &prefix, int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    const QByteArray token = prefix + raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    sodium_memzero(raw.data(), size_t(raw.size()));
    return token;
}

QString Passwords::tokenHash(const QByteArray &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex());
}

QString Passwords::randomHex(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    return QString::fromLatin1(raw.toHex());
}
