// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

#include <QObject>
#include <QString>

#include <expected>

#include "common/error.h"

// Where the desktop keeps its sign-in token. Calls are asynchronous (the system keychain may ask
// the user); `done` runs on the caller's thread, and not at all once `context` is gone.
// Reading a key that is not there gives an empty string, not an error.
class CredentialStore
{
public:
    using ReadDone = std::function<void(std::expected<QString, Error>)>;
    using WriteDone = std::function<void(std::expected<void, Error>)>;

    virtual ~CredentialStore() = default;
    virtual void read(const QString &key, QObject *context, ReadDone done) = 0;
    virtual void write(const QString &key, const QString &secret, QObject *context, WriteDone done) = 0;
    virtual void remove(const QString &key, QObject *context, WriteDone done) = 0;
};

// The system keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows)
// through QtKeychain. Never falls back to a file: without a keychain it fails with a message that
// says what to install or start.
class KeychainCredentialStore : public CredentialStore
{
public:
    explicit KeychainCredentialStore(const QString &service = QStringLiteral("Atrium"));
    void read(const QString &key, QObject *context, ReadDone done) override;
    void write(const QString &key, const QString &secret, QObject *context, WriteDone done) override;
    void remove(const QString &key, QObject *context, WriteDone done) override;

    // The sentence shown when no keychain can be reached.
    static QString noKeychainMessage();
    // One readable sentence for a failed keychain call, from QtKeychain's error code
    // (QKeychain::Error) and its technical text. The text only picks the sentence: a raw D-Bus
    // error never reaches the user (the caller logs it).
    static Error errorFor(int keychainError, const QString &detail);

private:
    QString m_service;
};
