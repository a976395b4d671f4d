// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <future>

#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

// `atrium-server backup --to DIR` and `restore --from DIR` on the real binary, on SQLite and on
// PostgreSQL (pg_dump, pg_restore): a backup made while a desktop keeps writing restores into an
// empty data directory with every write acknowledged before it started, files included, and
// passes `check`; damaged backups and non-empty targets are refused without writing anything; a
// restore that stops midway leaves a directory no command opens until it is emptied.
class TestBackup : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void backupDuringWritesRestoresEveryAcknowledgedWrite();
    void refusesATargetThatIsNotEmpty();
    void refusesADamagedBackupWithoutWritingAnything();
    void aRestoreThatStopsMidwayIsNeverServed();

private:
    QString makeBackup();

    ServerProcess m_server;
    QTemporaryDir m_dir;
    QByteArray m_token;
    QString m_projectId;
};

namespace {

const QString adminEmail = QStringLiteral("admin@studio.test");
const QString adminPassword = QStringLiteral("admin password");

QByteArray randomContent(int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), size / 4);
    return bytes;
}

// Every file below `dir`, relative, for "nothing was written" checks.
QStringList filesBelow(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(QDir(dir).relativeFilePath(it.next()));
    return files;
}

} // namespace

void TestBackup::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(QStringLiteral("Studio"), QStringLiteral("studio"), adminEmail, adminPassword));
    TestClient admin(m_server.baseUrl());
    m_token = admin.login(adminEmail, adminPassword);
    QVERIFY(!m_token.isEmpty());
    m_projectId = createProject(admin);
    QVERIFY(!m_projectId.isEmpty());
}

// A backup in m_dir (the server keeps running); its directory.
QString TestBackup::makeBackup()
{
    const QString dir = m_dir.filePath(QStringLiteral("backup-") + newId());
    const ServerProcess::CliResult made = m_server.runCli({QStringLiteral("backup"), QStringLiteral("--to"), dir});
    if (made.exitCode != 0) {
        qWarning() << made.out << made.err;
        return {};
    }
    return dir;
}

void TestBackup::backupDuringWritesRestoresEveryAcknowledgedWrite()
{
    // What the server holds before the load starts: files big enough that copying them takes a
    // while, and tasks.
    QHash<QString, QByteArray> files; // id → content
    QSet<QString> tasks;
    {
        TestClient desktop(m_server.baseUrl());
        desktop.setToken(m_token);
        for (int i = 0; i < 24; ++i) {
            const QByteArray content = randomContent(256 * 1024);
            const QString id = upload(desktop, m_projectId, QStringLiteral("seed-%1.bin").arg(i), content);
            QVERIFY(!id.isEmpty());
            files.insert(id, content);
        }
    }

    // A desktop that keeps writing (a task and a small file a round) from a thread of its own, and
    // notes what was acknowledged before the backup started and how much while it ran.
    std::atomic<int> phase{0}; // 0 before the backup, 1 while it runs, 2 after it
    std::atomic<bool> stop{false};
    std::atomic<int> roundsBefore{0};
    std::atomic<int> acknowledgedDuring{0};
    QMutex mutex;
    auto writer = std::async(std::launch::async, [&] {
        TestClient desktop(m_server.baseUrl());
        desktop.setToken(m_token);
        int round = 0;
        QString failure;
        while (!stop) {
            const int phaseAtStart = phase;
            const QString taskId = newId();
            const QJsonArray results = pushResults(desktop,
                {mutation(QStringLiteral("task"), taskId, QStringLiteral("create"),
                    {{"project_id", m_projectId}, {"title", QStringLiteral("Load %1").arg(round)}})});
            if (results.size() != 1 || results.first().toObject().value(u"status").toString() != u"applied")
                return QStringLiteral("push %1 was not applied").arg(round);
            const QByteArray content = randomContent(4096);
            const QString fileId = upload(desktop, m_projectId, QStringLiteral("load-%1.bin").arg(round), content);
            if (fileId.isEmpty())
                return QStringLiteral("upload %1 failed").arg(round);
            // Acknowledged before the backup started only if the backup had not started when the
            // last answer came: a write sent before it but answered after it may or may not be in
            // the snapshot.
            const int phaseAtEnd = phase;
            if (phaseAtEnd == 0) {
                QMutexLocker lock(&mutex);
                tasks.insert(taskId);
                files.insert(fileId, content);
                ++roundsBefore;
            } else if (phaseAtStart == 1 && phaseAtEnd == 1) {
                ++acknowledgedDuring;
            }
            ++round;
        }
        return failure;
    });
    QTRY_VERIFY_WITH_TIMEOUT(roundsBefore >= 3, 30000);

    phase = 1;
    const QString backupDir = m_dir.filePath(QStringLiteral("under-load"));
    const ServerProcess::CliResult made =
        m_server.runCli({QStringLiteral("backup"), QStringLiteral("--to"), backupDir});
    phase = 2;
    stop = true;
    const QString writerFailure = writer.get();
    QVERIFY2(writerFailure.isEmpty(), qPrintable(writerFailure));
    QVERIFY2(made.exitCode == 0, QByteArray(made.out + made.err).constData());
    QVERIFY2(made.out.contains("backed up "), made.out.constData());
    qInfo("%d writes were acknowledged while the backup ran", acknowledgedDuring.load());
    QVERIFY2(acknowledgedDuring > 0, "the backup ran without writes going on");

    // The backup is the owner's only: it holds password hashes.
    QCOMPARE(QFileInfo(backupDir).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    const QJsonObject manifest = [&] {
        QFile f(QDir(backupDir).filePath(QStringLiteral("manifest.json")));
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    }();
    QCOMPARE(manifest.value(u"format").toString(), QStringLiteral("atrium-backup"));
    QVERIFY(manifest.value(u"blobs").toArray().size() >= files.size());
    QVERIFY(manifest.value(u"secret_key").isString());

    // Restored into an empty data directory (and database), it passes check.
    ServerProcess restored;
    const ServerProcess::CliResult back =
        restored.runCli({QStringLiteral("restore"), QStringLiteral("--from"), backupDir});
    QVERIFY2(back.exitCode == 0, QByteArray(back.out + back.err).constData());
    QVERIFY2(back.out.contains("check: ok"), back.out.constData());
    const ServerProcess::CliResult check = restored.runCli({QStringLiteral("check")});
    QVERIFY2(check.exitCode == 0, QByteArray(check.out + check.err).constData());
    QVERIFY(QFile::exists(QDir(restored.dataDir()).filePath(QStringLiteral("secret.key"))));

    // Every write acknowledged before the backup started is there, files whole; the same staff
    // password signs in.
    if (!restored.start())
        QFAIL(qPrintable(restored.errorString()));
    TestClient reader(restored.baseUrl());
    const QByteArray token = reader.login(adminEmail, adminPassword);
    QVERIFY(!token.isEmpty());
    reader.setToken(token);
    const QJsonArray changes = pullAll(reader);
    QVERIFY(!changes.isEmpty());
    for (const QString &id : std::as_const(tasks))
        QVERIFY2(!find(changes, id).isEmpty(), qPrintable(id));
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        QVERIFY2(!find(changes, it.key()).isEmpty(), qPrintable(it.key()));
        const TestClient::Reply content = reader.get(QStringLiteral("/api/v1/files/%1/content").arg(it.key()));
        QCOMPARE(content.status, 200);
        QVERIFY2(content.body == it.value(), qPrintable(it.key()));
    }
}

void TestBackup::refusesATargetThatIsNotEmpty()
{
    const QString dir = m_dir.filePath(QStringLiteral("occupied"));
    QVERIFY(QDir().mkpath(dir));
    QFile keep(QDir(dir).filePath(QStringLiteral("keep.txt")));
    QVERIFY(keep.open(QIODevice::WriteOnly));
    keep.write("mine");
    keep.close();

    const ServerProcess::CliResult made = m_server.runCli({QStringLiteral("backup"), QStringLiteral("--to"), dir});
    QCOMPARE(made.exitCode, 1);
    QVERIFY2(made.err.contains("is not empty"), made.err.constData());
    QCOMPARE(filesBelow(dir), QStringList{QStringLiteral("keep.txt")});

    // A restore into a data directory in use is refused too: the server's own.
    const QString backupDir = makeBackup();
    QVERIFY(!backupDir.isEmpty());
    const ServerProcess::CliResult back =
        m_server.runCli({QStringLiteral("restore"), QStringLiteral("--from"), backupDir});
    QCOMPARE(back.exitCode, 1);
    QVERIFY2(back.err.contains("is not empty"), back.err.constData());

    // And both commands say what they need.
    const ServerProcess::CliResult bare = m_server.runCli({QStringLiteral("backup")});
    QCOMPARE(bare.exitCode, 2);
    QVERIFY2(bare.err.contains("backup needs --to"), bare.err.constData());
}

void TestBackup::refusesADamagedBackupWithoutWritingAnything()
{
    const QString backupDir = makeBackup();
    QVERIFY(!backupDir.isEmpty());
    const QJsonArray blobs = [&] {
        QFile f(QDir(backupDir).filePath(QStringLiteral("manifest.json")));
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object().value(u"blobs").toArray()
                                           : QJsonArray();
    }();
    QVERIFY(!blobs.isEmpty());
    const QString name = blobs.last().toObject().value(u"name").toString();

    // One flipped byte in one file.
    QFile blob(QDir(backupDir).filePath(QStringLiteral("blobs/%1/%2").arg(name.left(2), name)));
    QVERIFY(blob.open(QIODevice::ReadWrite));
    QByteArray first = blob.read(1);
    first[0] = char(first[0] ^ 0x01);
    QVERIFY(blob.seek(0));
    QCOMPARE(blob.write(first), qint64(1));
    blob.close();

    ServerProcess target;
    const ServerProcess::CliResult back =
        target.runCli({QStringLiteral("restore"), QStringLiteral("--from"), backupDir});
    QCOMPARE(back.exitCode, 1);
    QVERIFY2(back.err.contains("does not match its SHA-256"), back.err.constData());
    QVERIFY2(back.err.contains(name.toLatin1()), back.err.constData());
    QCOMPARE(filesBelow(target.dataDir()), QStringList());

    // Without its manifest a directory is no backup.
    QVERIFY(QFile::remove(QDir(backupDir).filePath(QStringLiteral("manifest.json"))));
    const ServerProcess::CliResult none =
        target.runCli({QStringLiteral("restore"), QStringLiteral("--from"), backupDir});
    QCOMPARE(none.exitCode, 1);
    QVERIFY2(none.err.contains("no manifest.json"), none.err.constData());
    QCOMPARE(filesBelow(target.dataDir()), QStringList());
}

// The restore stops after the database and the files are in: the key's folder cannot be made (its
// parent is a file). No command opens the half-restored directory, a second restore says what
// happened there, and once the directory is emptied the restore goes through.
void TestBackup::aRestoreThatStopsMidwayIsNeverServed()
{
    const QString backupDir = makeBackup();
    QVERIFY(!backupDir.isEmpty());
    const QString aFile = m_dir.filePath(QStringLiteral("a-file-") + newId());
    QFile blocker(aFile);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();

    ServerProcess target;
    const ServerProcess::CliResult stopped = target.runCli({QStringLiteral("restore"), QStringLiteral("--from"),
        backupDir, QStringLiteral("--secret-key-file"), QDir(aFile).filePath(QStringLiteral("secret.key"))});
    QCOMPARE(stopped.exitCode, 1);
    QVERIFY2(stopped.err.contains("the restore stopped before it finished"), stopped.err.constData());
    QVERIFY2(stopped.err.contains(QByteArray("holds a restore from " + QDir(backupDir).absolutePath().toUtf8())),
        stopped.err.constData());
    QVERIFY2(stopped.out.contains("database: restored"), stopped.out.constData()); // it had begun writing

    // No command opens the directory, the server least of all.
    const ServerProcess::CliResult check = target.runCli({QStringLiteral("check")});
    QCOMPARE(check.exitCode, 1);
    QVERIFY2(check.err.contains("that did not finish"), check.err.constData());
    QVERIFY(!target.start());
    QVERIFY2(target.errorString().contains(QStringLiteral("that did not finish")), qPrintable(target.errorString()));

    // A second restore says what happened there, not merely that the directory is not empty.
    const ServerProcess::CliResult again =
        target.runCli({QStringLiteral("restore"), QStringLiteral("--from"), backupDir});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains("that did not finish: empty this directory"), again.err.constData());
    QVERIFY2(!again.err.contains("is not empty"), again.err.constData());
    if (!target.databaseUrl().isEmpty())
        QVERIFY2(again.err.contains("and the database"), again.err.constData());

    // Emptied, it restores and serves. (On SQLite the database is in the directory; emptying a
    // PostgreSQL database is the operator's step, not this test's.)
    if (target.databaseUrl().isEmpty()) {
        QVERIFY(QDir(target.dataDir()).removeRecursively());
        const ServerProcess::CliResult done =
            target.runCli({QStringLiteral("restore"), QStringLiteral("--from"), backupDir});
        QVERIFY2(done.exitCode == 0, QByteArray(done.out + done.err).constData());
        QVERIFY2(done.out.contains("check: ok"), done.out.constData());
        QVERIFY2(!QFile::exists(QDir(target.dataDir()).filePath(QStringLiteral("restore-unfinished"))),
            qPrintable(target.dataDir()));
        if (!target.start())
            QFAIL(qPrintable(target.errorString()));
    }
}

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
