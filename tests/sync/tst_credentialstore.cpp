// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QRegularExpression>
#include <QTest>

#include <qt6keychain/keychain.h>

#include "common/entityschema.h"
#include "sync/credentialstore.h"

// The token store against a real Secret Service (gnome-keyring in a private D-Bus session, see
// tests/support/with-keyring), without one (ATRIUM_TEST_NO_KEYRING=1: no session bus at all), and
// with one that has no login keyring (ATRIUM_TEST_NO_LOGIN_KEYRING=1, as outside a desktop session).
class TestCredentialStore : public QObject
{
    Q_OBJECT

private slots:
    void writeReadRemove();
    void missingKeyReadsEmpty();
    void withoutKeychainTheMessageSaysWhatToDo();
    void withoutLoginKeyringTheMessageIsReadable();
    void errorIsOneReadableSentence_data();
    void errorIsOneReadableSentence();

private:
    std::expected<QString, Error> read(const QString &key);
    std::expected<void, Error> write(const QString &key, const QString &secret);
    std::expected<void, Error> remove(const QString &key);

    KeychainCredentialStore m_store{QStringLiteral("AtriumTest")};
};

namespace {

// Waits (in a test, a nested loop is fine) for an asynchronous keychain call to answer.
template <typename T, typename Call> std::expected<T, Error> await(Call call)
{
    std::optional<std::expected<T, Error>> result;
    call([&](std::expected<T, Error> r) {
        result = std::move(r);
    });
    if (!QTest::qWaitFor(
            [&] {
                return result.has_value();
            },
            20000))
        return std::unexpected(Error{QStringLiteral("timeout"), QStringLiteral("no answer")});
    return *result;
}

// What a person can read: one sentence, no D-Bus names, object paths or error names.
QString unreadable(const QString &message)
{
    static const QRegularExpression technical(
        QStringLiteral("org\\.freedesktop|/org/|D-Bus|DBus|dbus|\\bError\\.|“|\\n"));
    if (const auto match = technical.match(message); match.hasMatch())
        return QStringLiteral("technical detail \"%1\" in: %2").arg(match.captured(), message);
    // One sentence: a single full stop, at the end.
    if (!message.endsWith(u'.') || message.count(QStringLiteral(". ")) > 0 || message.count(u'\n') > 0)
        return QStringLiteral("not one sentence: ") + message;
    return {};
}

} // namespace

std::expected<QString, Error> TestCredentialStore::read(const QString &key)
{
    return await<QString>([&](auto done) {
        m_store.read(key, this, done);
    });
}

std::expected<void, Error> TestCredentialStore::write(const QString &key, const QString &secret)
{
    return await<void>([&](auto done) {
        m_store.write(key, secret, this, done);
    });
}

std::expected<void, Error> TestCredentialStore::remove(const QString &key)
{
    return await<void>([&](auto done) {
        m_store.remove(key, this, done);
    });
}

void TestCredentialStore::writeReadRemove()
{
    if (qEnvironmentVariableIsSet("ATRIUM_TEST_NO_KEYRING")
        || qEnvironmentVariableIsSet("ATRIUM_TEST_NO_LOGIN_KEYRING"))
        QSKIP("runs with a keyring only (the no-keyring variants check the failure)");
    const QString key = QStringLiteral("token https://atrium.test ") + EntitySchema::newUuid();
    if (auto r = write(key, QStringLiteral("atr_secret")); !r)
        QFAIL(qPrintable(r.error().message));
    auto got = read(key);
    if (!got)
        QFAIL(qPrintable(got.error().message));
    QCOMPARE(*got, QStringLiteral("atr_secret"));
    if (auto r = remove(key); !r)
        QFAIL(qPrintable(r.error().message));
    got = read(key);
    QVERIFY(got);
    QCOMPARE(*got, QString());
}

void TestCredentialStore::missingKeyReadsEmpty()
{
    if (qEnvironmentVariableIsSet("ATRIUM_TEST_NO_KEYRING")
        || qEnvironmentVariableIsSet("ATRIUM_TEST_NO_LOGIN_KEYRING"))
        QSKIP("runs with a keyring only");
    auto got = read(QStringLiteral("never written ") + EntitySchema::newUuid());
    if (!got)
        QFAIL(qPrintable(got.error().message));
    QCOMPARE(*got, QString());
}

void TestCredentialStore::withoutKeychainTheMessageSaysWhatToDo()
{
    if (!qEnvironmentVariableIsSet("ATRIUM_TEST_NO_KEYRING"))
        QSKIP("runs without a keyring only");
    auto r = write(QStringLiteral("token x"), QStringLiteral("atr_secret"));
    QVERIFY(!r);
    QVERIFY2(r.error().message.contains(QStringLiteral("gnome-keyring")), qPrintable(r.error().message));
    QVERIFY(r.error().message.contains(QStringLiteral("never stores")));
    QCOMPARE(r.error().code, QStringLiteral("no_keychain"));
    const QString problem = unreadable(r.error().message);
    if (!problem.isEmpty())
        QFAIL(qPrintable(problem));
    auto got = read(QStringLiteral("token x"));
    QVERIFY(!got);
}

void TestCredentialStore::withoutLoginKeyringTheMessageIsReadable()
{
    if (!qEnvironmentVariableIsSet("ATRIUM_TEST_NO_LOGIN_KEYRING"))
        QSKIP("runs with a Secret Service without a login keyring only");
    // libsecret answers "Object does not exist at path /org/freedesktop/secrets/collection/login".
    auto r = write(QStringLiteral("token x"), QStringLiteral("atr_secret"));
    QVERIFY(!r);
    QCOMPARE(r.error().code, QStringLiteral("keychain_locked"));
    const QString problem = unreadable(r.error().message);
    if (!problem.isEmpty())
        QFAIL(qPrintable(problem));
}

void TestCredentialStore::errorIsOneReadableSentence_data()
{
    QTest::addColumn<int>("keychainError");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<QString>("code");
    // Texts as QtKeychain and libsecret report them.
    QTest::addRow("no login keyring outside a desktop session")
        << int(QKeychain::OtherError)
        << QStringLiteral("Object does not exist at path “/org/freedesktop/secrets/collection/login”")
        << QStringLiteral("keychain_locked");
    QTest::addRow("locked collection") << int(QKeychain::OtherError)
                                       << QStringLiteral("Cannot create an item in a locked collection")
                                       << QStringLiteral("keychain_locked");
    QTest::addRow("unknown object") << int(QKeychain::OtherError)
                                    << QStringLiteral("org.freedesktop.DBus.Error.UnknownObject: No such object path "
                                                      "'/org/freedesktop/secrets/aliases/default'")
                                    << QStringLiteral("keychain_locked");
    QTest::addRow("no secret service on the bus")
        << int(QKeychain::OtherError)
        << QStringLiteral("org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not "
                          "provided by any .service files")
        << QStringLiteral("no_keychain");
    QTest::addRow("no session bus") << int(QKeychain::OtherError)
                                    << QStringLiteral("Cannot autolaunch D-Bus without X11 $DISPLAY")
                                    << QStringLiteral("no_keychain");
    QTest::addRow("no backend") << int(QKeychain::NoBackendAvailable) << QString() << QStringLiteral("no_keychain");
    QTest::addRow("prompt dismissed") << int(QKeychain::OtherError)
                                      << QStringLiteral("The operation was cancelled by the user")
                                      << QStringLiteral("keychain_denied");
    QTest::addRow("access denied") << int(QKeychain::AccessDeniedByUser)
                                   << QStringLiteral("org.freedesktop.DBus.Error.AccessDenied: Rejected")
                                   << QStringLiteral("keychain_denied");
    QTest::addRow("anything else") << int(QKeychain::OtherError)
                                   << QStringLiteral("org.freedesktop.DBus.Error.Failed: Couldn't create item: odd")
                                   << QStringLiteral("keychain_error");
}

void TestCredentialStore::errorIsOneReadableSentence()
{
    QFETCH(int, keychainError);
    QFETCH(QString, detail);
    QFETCH(QString, code);
    const Error error = KeychainCredentialStore::errorFor(keychainError, detail);
    QCOMPARE(error.code, code);
    const QString problem = unreadable(error.message);
    if (!problem.isEmpty())
        QFAIL(qPrintable(problem));
    if (!detail.isEmpty())
        QVERIFY2(!error.message.contains(detail), qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
