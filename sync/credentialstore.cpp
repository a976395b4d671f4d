// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/credentialstore.h"

#include <QCoreApplication>

#include <qt6keychain/keychain.h>

#include "sync/logging.h"

namespace {

Error keychainError(const QKeychain::Job *job)
{
    switch (job->error()) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return Error{QStringLiteral("no_keychain"), KeychainCredentialStore::noKeychainMessage()};
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return Error{QStringLiteral("keychain_denied"),
            QCoreApplication::translate(
                "CredentialStore", "Access to the system keychain was denied, so Atrium cannot keep you signed in.")};
    default:
        // A Secret Service that is installed but not running or locked ends up here too.
        return Error{QStringLiteral("keychain_error"),
            QCoreApplication::translate("CredentialStore", "The system keychain failed: %1\n\n%2")
                .arg(job->errorString(), KeychainCredentialStore::noKeychainMessage())};
    }
}

} // namespace

KeychainCredentialStore::KeychainCredentialStore(const QString &service)
    : m_service(service)
{
}

QString KeychainCredentialStore::noKeychainMessage()
{
    return QCoreApplication::translate("CredentialStore",
        "Atrium keeps your sign-in in the system keychain and could not reach one. On Linux, install and "
        "start a Secret Service such as GNOME Keyring (package gnome-keyring) or KWallet, make sure it is "
        "unlocked, and sign in again. Atrium never stores your sign-in in a plain file.");
}

namespace {

// Every job deletes itself and never falls back to storing the secret in a plain file.
template <typename Job> Job *makeJob(const QString &service, const QString &key)
{
    auto *job = new Job(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

// Answers a write or a delete; with `context` as the connection's receiver, nothing runs once it
// is gone.
void finishWrite(QKeychain::Job *job, QObject *context, CredentialStore::WriteDone done, bool missingIsFine)
{
    QObject::connect(job, &QKeychain::Job::finished, context, [job, missingIsFine, done = std::move(done)] {
        if (job->error() == QKeychain::NoError || (missingIsFine && job->error() == QKeychain::EntryNotFound)) {
            done({});
            return;
        }
        qCWarning(lcSync) << "Keychain write failed:" << job->errorString();
        done(std::unexpected(keychainError(job)));
    });
    job->start();
}

} // namespace

void KeychainCredentialStore::read(const QString &key, QObject *context, ReadDone done)
{
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_service, key);
    QObject::connect(job, &QKeychain::Job::finished, context, [job, done = std::move(done)] {
        if (job->error() == QKeychain::NoError)
            done(job->textData());
        else if (job->error() == QKeychain::EntryNotFound)
            done(QString());
        else {
            qCWarning(lcSync) << "Keychain read failed:" << job->errorString();
            done(std::unexpected(keychainError(job)));
        }
    });
    job->start();
}

void KeychainCredentialStore::write(const QString &key, const QString &secret, QObject *context, WriteDone done)
{
    auto *job = makeJob<QKeychain::WritePasswordJob>(m_service, key);
    job->setTextData(secret);
    finishWrite(job, context, std::move(done), false);
}

void KeychainCredentialStore::remove(const QString &key, QObject *context, WriteDone done)
{
    finishWrite(makeJob<QKeychain::DeletePasswordJob>(m_service, key), context, std::move(done), true);
}
