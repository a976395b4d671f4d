// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// Password hashing (Argon2id through libsodium's crypto_pwhash_str, INTERACTIVE limits or more)
// and random tokens. Tokens are handed out once and only their SHA-256 is ever stored.
namespace Passwords {
// Must run once before any other call (sodium_init); false if libsodium cannot start.
bool initialise();

std::optional<QString> hash(const QString &password);
bool verify(const QString &storedHash, const QString &password);
// True when the stored hash was made with other limits than the current ones.
bool needsRehash(const QString &storedHash);
// Spends the same time as verify() on a made-up hash, so an unknown email answers as slowly as
// a wrong password.
void verifyDummy(const QString &password);

// A URL-safe token of `bytes` random bytes (≥ 32 for credentials), with a readable prefix.
QByteArray randomToken(const QByteArray &prefix, int bytes = 32);
// Hex SHA-256, the form in which tokens are stored and looked up.
QString tokenHash(const QByteArray &token);
QString randomHex(int bytes);
} // namespace Passwords
