// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/credentialstore.h"

#include <QCoreApplication>

#include <qt6keychain/keychain.h>

#include "sync/logging.h"

namespace {

Error keychainError(const QKeychain::Job *job)
{
    return KeychainCredentialStore::errorFor(job->error(), job->errorString());
}

bool mentionsAny(const QString &text, std::initializer_list<QLatin1String> words)
{
    for (const QLatin1String word : words) {
        if (text.contains(word, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

KeychainCredentialStore::KeychainCredentialStore(const QString &service)
    : m_service(service)
{
}

QString KeychainCredentialStore::noKeychainMessage()
{
    return QCoreApplication::translate("CredentialStore",
        "Atrium could not reach a system keychain to keep you signed in: install and start a Secret Service such "
        "as GNOME Keyring (package gnome-keyring) or KWallet, then sign in again; Atrium never stores your sign-in "
        "in a plain file.");
}

Error KeychainCredentialStore::errorFor(int keychainError, const QString &detail)
{
    const Error unavailable{QStringLiteral("no_keychain"), noKeychainMessage()};
    const Error denied{QStringLiteral("keychain_denied"),
        QCoreApplication::translate(
            "CredentialStore", "Access to the system keychain was denied, so Atrium cannot keep you signed in.")};
    const Error locked{QStringLiteral("keychain_locked"),
        QCoreApplication::translate("CredentialStore",
            "The system keychain is locked or has no default keyring, so Atrium cannot keep you signed in: unlock "
            "or create the default keyring (for example in GNOME's Passwords and Keys) and sign in again.")};
    switch (keychainError) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return unavailable;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return denied;
    default:
        break;
    }
    // Anything else comes as a D-Bus or Secret Service error text, which is for the log only. A
    // session without a login keyring answers "Object does not exist at path
    // /org/freedesktop/secrets/collection/login" (a desktop started outside a desktop session).
    if (mentionsAny(detail, {QLatin1String("dismissed"), QLatin1String("cancel")}))
        return denied;
    if (mentionsAny(detail,
            {QLatin1String("locked"), QLatin1String("unlock"), QLatin1String("/collection/"),
                QLatin1String("does not exist at path"), QLatin1String("UnknownObject"),
                QLatin1String("no such object"), QLatin1String("prompt")}))
        return locked;
    if (mentionsAny(detail,
            {QLatin1String("ServiceUnknown"), QLatin1String(".service files"), QLatin1String("autolaunch"),
                QLatin1String("DBUS_SESSION_BUS_ADDRESS"), QLatin1String("not activatable"), QLatin1String("NoReply"),
                QLatin1String("no reply"), QLatin1String("connect"), QLatin1String("Disconnected"),
                QLatin1String("timed out"), QLatin1String("timeout"), QLatin1String("no session bus")}))
        return unavailable;
    return Error{QStringLiteral("keychain_error"),
        QCoreApplication::translate("CredentialStore",
            "The system keychain did not answer as expected, so Atrium cannot keep you signed in: check that your "
            "Secret Service (such as GNOME Keyring) is running and unlocked, then sign in again.")};
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
        qCWarning(lcSync).noquote() << "Keychain write failed:" << job->errorString();
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
            qCWarning(lcSync).noquote() << "Keychain read failed:" << job->errorString();
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
