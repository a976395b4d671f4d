// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "common/entityschema.h"
#include "sync/credentialstore.h"

// The token store against a real Secret Service (gnome-keyring in a private D-Bus session, see
// tests/support/with-keyring), and without one (ATRIUM_TEST_NO_KEYRING=1: no session bus at all).
class TestCredentialStore : public QObject
{
    Q_OBJECT

private slots:
    void writeReadRemove();
    void missingKeyReadsEmpty();
    void withoutKeychainTheMessageSaysWhatToDo();

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
    if (qEnvironmentVariableIsSet("ATRIUM_TEST_NO_KEYRING"))
        QSKIP("runs with a keyring only (the no-keyring variant checks the failure)");
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
    if (qEnvironmentVariableIsSet("ATRIUM_TEST_NO_KEYRING"))
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
    auto got = read(QStringLiteral("token x"));
    QVERIFY(!got);
}

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
