// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/backups.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSaveFile>
#include <QScopeGuard>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QUuid>

#include <unistd.h>

#include "common/timeutil.h"
#include "common/version.h"
#include "server/domain/uploads.h"
#include "server/storage/database.h"
#include "server/storage/logging.h"
#include "server/storage/migrations.h"
#include "server/storage/sqlitebackup.h"

namespace {

const QString kFormat = QStringLiteral("atrium-backup");
constexpr int kFormatVersion = 1;
const QString kManifest = QStringLiteral("manifest.json");
const QString kSqliteFile = QStringLiteral("atrium.sqlite");
const QString kPgDumpFile = QStringLiteral("database.pgdump");
const QString kSecretKeyFile = QStringLiteral("secret.key");
constexpr qint64 kIoChunk = 1 << 20;

struct Blob
{
    QString name;
    qint64 size = 0;
    QString sha256; // lower-case hex
};

Error failed(const QString &message, const QString &code = QStringLiteral("backup_failed"))
{
    return Error{code, message};
}

QString blobPath(const QString &dir, const QString &name)
{
    return QDir(dir).filePath(QStringLiteral("blobs/%1/%2").arg(name.left(2), name));
}

// Only the owner may read a backup: it holds password hashes and the key of two-factor secrets.
constexpr QFile::Permissions kOwnerOnly = QFile::ReadOwner | QFile::WriteOwner;
constexpr QFile::Permissions kOwnerOnlyDir = kOwnerOnly | QFile::ExeOwner;

bool isEmptyDir(const QString &path)
{
    const QDir dir(path);
    return !dir.exists() || dir.isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

std::expected<void, Error> makePrivateDir(const QString &path)
{
    if (!QDir().mkpath(path) || !QFile::setPermissions(path, kOwnerOnlyDir))
        return std::unexpected(failed(QStringLiteral("cannot create %1").arg(path)));
    return {};
}

std::expected<void, Error> syncFile(QFile &file)
{
    if (!file.flush() || ::fsync(file.handle()) != 0)
        return std::unexpected(failed(QStringLiteral("cannot write %1").arg(file.fileName())));
    return {};
}

// Copies a local file, fsynced, owner-only; returns its SHA-256.
std::expected<QString, Error> copyFile(const QString &from, const QString &to)
{
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly))
        return std::unexpected(failed(QStringLiteral("cannot read %1").arg(from)));
    QFile out(to);
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly) || !out.setPermissions(kOwnerOnly))
        return std::unexpected(failed(QStringLiteral("cannot create %1").arg(to)));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    while (!in.atEnd()) {
        const QByteArray piece = in.read(kIoChunk);
        if (piece.isEmpty() && !in.atEnd())
            return std::unexpected(failed(QStringLiteral("cannot read %1").arg(from)));
        hash.addData(piece);
        if (out.write(piece) != piece.size())
            return std::unexpected(failed(QStringLiteral("cannot write %1").arg(to)));
    }
    if (auto r = syncFile(out); !r)
        return std::unexpected(r.error());
    return QString::fromLatin1(hash.result().toHex());
}

std::expected<QString, Error> fileSha256(const QString &path)
{
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        return std::unexpected(failed(QStringLiteral("cannot read %1").arg(path)));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&in))
        return std::unexpected(failed(QStringLiteral("cannot read %1").arg(path)));
    return QString::fromLatin1(hash.result().toHex());
}

// Every blob the database refers to: file contents (each version), files' current content and
// logos. One name may be listed by several rows; it is kept once.
std::expected<QList<Blob>, Error> referencedBlobs(const QSqlDatabase &db)
{
    auto q = Database::exec(db,
        QStringLiteral(
            "SELECT blob_name, size, sha256 FROM file_contents "
            "UNION SELECT blob_name, size, sha256 FROM brand_logos "
            "UNION SELECT blob_name, size, sha256 FROM files WHERE blob_name IS NOT NULL AND blob_name <> '' "
            "ORDER BY 1"));
    if (!q)
        return std::unexpected(q.error());
    QList<Blob> blobs;
    QSet<QString> seen;
    while (q->next()) {
        Blob b{q->value(0).toString(), q->value(1).toLongLong(), q->value(2).toString().toLower()};
        if (!seen.contains(b.name)) {
            seen.insert(b.name);
            blobs.append(b);
        }
    }
    return blobs;
}

// Whether the live database still refers to the blob (a missing one it does not need was purged
// after the snapshot).
bool stillReferenced(const QString &name)
{
    auto db = Database::connection();
    if (!db)
        return true;
    auto q = Database::exec(*db,
        QStringLiteral("SELECT 1 FROM file_contents WHERE blob_name = ? UNION ALL SELECT 1 FROM brand_logos WHERE "
                       "blob_name = ? UNION ALL SELECT 1 FROM files WHERE blob_name = ?"),
        {name, name, name});
    return !q || q->next();
}

// Copies the blobs into DIR/blobs, hashing them on the way; fills the report.
QJsonArray copyBlobs(const BlobStore &store, const QList<Blob> &blobs, const QString &targetDir, QStringList *missing,
    Backups::Report &report, const Backups::Progress &say)
{
    QJsonArray list;
    QElapsedTimer sinceSaid;
    sinceSaid.start();
    int done = 0;
    for (const Blob &blob : blobs) {
        ++done;
        if (!BlobStore::isBlobName(blob.name)) {
            report.problems.append(
                QStringLiteral("the database names a blob \"%1\", which is no blob name").arg(blob.name));
            continue;
        }
        const QString path = blobPath(targetDir, blob.name);
        if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
            report.problems.append(QStringLiteral("cannot create %1").arg(QFileInfo(path).absolutePath()));
            continue;
        }
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly) || !out.setPermissions(kOwnerOnly)) {
            report.problems.append(QStringLiteral("cannot create %1").arg(path));
            continue;
        }
        QCryptographicHash hash(QCryptographicHash::Sha256);
        qint64 written = 0;
        bool writeFailed = false;
        const auto read = store.read(blob.name, 0, blob.size, [&](const char *data, qint64 size) {
            hash.addData(QByteArrayView(data, size));
            written += size;
            writeFailed = out.write(data, size) != size;
            return !writeFailed;
        });
        const bool synced = bool(syncFile(out));
        out.close();
        if (!read) {
            out.remove();
            if (read.error().code == u"not_found")
                missing->append(blob.name);
            else
                report.problems.append(
                    QStringLiteral("blob %1 could not be read: %2").arg(blob.name, read.error().message));
            continue;
        }
        if (writeFailed || !synced) {
            out.remove();
            return {}; // the backup's disk is full or failing: nothing more will fit
        }
        const QString sha256 = QString::fromLatin1(hash.result().toHex());
        if (!blob.sha256.isEmpty() && sha256 != blob.sha256)
            report.problems.append(
                QStringLiteral("blob %1 does not match its recorded SHA-256 (the store holds a damaged copy)")
                    .arg(blob.name));
        list.append(QJsonObject{{QStringLiteral("name"), blob.name}, {QStringLiteral("size"), written},
            {QStringLiteral("sha256"), sha256}});
        ++report.blobs;
        report.blobBytes += written;
        if (sinceSaid.elapsed() >= 2000 || done == blobs.size()) {
            say(QStringLiteral("files: %1 of %2 copied").arg(done).arg(blobs.size()));
            sinceSaid.restart();
        }
    }
    return list;
}

QProcessEnvironment pgEnvironment(const DatabaseConfig &config)
{
    // Connection details in the environment, never on a command line others can read.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGHOST"), config.host);
    env.insert(QStringLiteral("PGPORT"), QString::number(config.port));
    env.insert(QStringLiteral("PGUSER"), config.user);
    env.insert(QStringLiteral("PGDATABASE"), config.name);
    if (!config.password.isEmpty())
        env.insert(QStringLiteral("PGPASSWORD"), config.password);
    return env;
}

// Runs a PostgreSQL client program (pg_dump, pg_restore) to its end.
std::expected<void, Error> runPgTool(const QString &program, const QStringList &arguments)
{
    const QString path = QStandardPaths::findExecutable(program);
    if (path.isEmpty())
        return std::unexpected(failed(QStringLiteral(
            "%1 was not found: install the PostgreSQL client programs (Debian: postgresql-client, of the server's "
            "major version or newer)")
                                          .arg(program)));
    QProcess process;
    process.setProcessEnvironment(pgEnvironment(Database::config()));
    process.setProgram(path);
    process.setArguments(arguments);
    process.setProcessChannelMode(QProcess::ForwardedOutputChannel);
    process.start();
    if (!process.waitForStarted(-1) || !process.waitForFinished(-1))
        return std::unexpected(failed(QStringLiteral("%1 could not run: %2").arg(program, process.errorString())));
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return std::unexpected(failed(QStringLiteral("%1 failed (exit code %2): %3")
                                          .arg(program)
                                          .arg(process.exitCode())
                                          .arg(QString::fromLocal8Bit(process.readAllStandardError()).trimmed())));
    return {};
}

// The schema version a database was at.
int schemaVersion(const QSqlDatabase &db)
{
    auto q = Database::exec(db, QStringLiteral("SELECT MAX(version) FROM schema_migrations"));
    return q && q->next() ? q->value(0).toInt() : 0;
}

std::expected<void, Error> writeManifest(const QString &dir, const QJsonObject &manifest)
{
    QSaveFile file(QDir(dir).filePath(kManifest));
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(kOwnerOnly)
        || file.write(QJsonDocument(manifest).toJson(QJsonDocument::Indented)) < 0 || !file.commit())
        return std::unexpected(failed(QStringLiteral("cannot write %1").arg(file.fileName())));
    return {};
}

// A blob in the backup, checked against the manifest.
std::expected<Blob, Error> manifestBlob(const QJsonValue &value, const QString &backupDir)
{
    const QJsonObject o = value.toObject();
    Blob b{o.value(u"name").toString(), o.value(u"size").toInteger(-1), o.value(u"sha256").toString()};
    if (!BlobStore::isBlobName(b.name) || b.size < 0 || b.sha256.size() != 64)
        return std::unexpected(failed(
            QStringLiteral("the manifest lists a blob that is not well formed"), QStringLiteral("invalid_backup")));
    const QString path = blobPath(backupDir, b.name);
    if (QFileInfo(path).size() != b.size)
        return std::unexpected(failed(
            QStringLiteral("blob %1 is missing or has the wrong size").arg(b.name), QStringLiteral("invalid_backup")));
    auto sha = fileSha256(path);
    if (!sha)
        return std::unexpected(sha.error());
    if (*sha != b.sha256)
        return std::unexpected(failed(QStringLiteral("blob %1 does not match its SHA-256 in the manifest").arg(b.name),
            QStringLiteral("invalid_backup")));
    return b;
}

// Uploads in progress at the time of the backup: their partial content is not in it.
std::expected<int, Error> dropUnfinishedUploads(BlobStore &store)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto count = Database::exec(*db, QStringLiteral("SELECT COUNT(*) FROM uploads"));
    if (!count)
        return std::unexpected(count.error());
    const int n = count->next() ? count->value(0).toInt() : 0;
    count->finish();
    if (n == 0)
        return 0;
    if (auto r = Database::exec(
            *db, QStringLiteral("UPDATE uploads SET expires_at = ?"), {QStringLiteral("1970-01-01T00:00:00.000Z")});
        !r)
        return std::unexpected(r.error());
    Uploads::purgeExpired(store, 24 * 60);
    return n;
}

} // namespace

std::expected<Backups::Report, Error> Backups::backup(
    const Source &source, const QString &targetDir, const Progress &say)
{
    if (!isEmptyDir(targetDir))
        return std::unexpected(
            failed(QStringLiteral("%1 is not empty: a backup goes into a new or empty directory").arg(targetDir),
                QStringLiteral("conflict")));
    if (auto r = makePrivateDir(targetDir); !r)
        return std::unexpected(r.error());
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());

    Report report;
    const DatabaseConfig &config = Database::config();
    const bool postgres = config.engine == DatabaseConfig::Engine::PostgreSQL;
    QList<Blob> blobs;
    QJsonArray blobList;
    QStringList missing;
    int schema = 0;
    if (!postgres) {
        report.database = kSqliteFile;
        const QString copy = QDir(targetDir).filePath(kSqliteFile);
        if (auto r = SqliteBackup::copy(config.sqlitePath, copy); !r)
            return std::unexpected(r.error());
        if (!QFile::setPermissions(copy, kOwnerOnly))
            return std::unexpected(failed(QStringLiteral("cannot protect %1").arg(copy)));
        say(QStringLiteral("database: a snapshot of %1 in %2").arg(config.sqlitePath, copy));
        const QString name = QStringLiteral("atrium-backup-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        {
            QSqlDatabase snapshot = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            snapshot.setDatabaseName(copy);
            if (!snapshot.open())
                return std::unexpected(failed(QStringLiteral("cannot open %1").arg(copy)));
            auto listed = referencedBlobs(snapshot);
            schema = schemaVersion(snapshot);
            snapshot.close();
            if (!listed)
                return std::unexpected(listed.error());
            blobs = *listed;
        }
        QSqlDatabase::removeDatabase(name);
        blobList = copyBlobs(*source.store, blobs, targetDir, &missing, report, say);
    } else {
        // One snapshot for pg_dump and the list of blobs: a read-only repeatable-read transaction
        // exports it, and stays open until both are done.
        report.database = kPgDumpFile;
        if (!db->transaction())
            return std::unexpected(failed(QStringLiteral("cannot start a transaction")));
        auto end = qScopeGuard([&db] {
            db->rollback();
        });
        if (auto r = Database::exec(*db, QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
            !r)
            return std::unexpected(r.error());
        auto snapshot = Database::exec(*db, QStringLiteral("SELECT pg_export_snapshot()"));
        if (!snapshot || !snapshot->next())
            return std::unexpected(snapshot ? failed(QStringLiteral("cannot export a snapshot")) : snapshot.error());
        const QString snapshotId = snapshot->value(0).toString();
        snapshot->finish();
        const QString dump = QDir(targetDir).filePath(kPgDumpFile);
        if (auto r = runPgTool(QStringLiteral("pg_dump"),
                {QStringLiteral("--format=custom"), QStringLiteral("--no-owner"), QStringLiteral("--no-privileges"),
                    QStringLiteral("--snapshot=") + snapshotId, QStringLiteral("--file=") + dump});
            !r)
            return std::unexpected(r.error());
        if (!QFile::setPermissions(dump, kOwnerOnly))
            return std::unexpected(failed(QStringLiteral("cannot protect %1").arg(dump)));
        say(QStringLiteral("database: pg_dump of %1 in %2").arg(config.describe(), dump));
        auto listed = referencedBlobs(*db);
        if (!listed)
            return std::unexpected(listed.error());
        blobs = *listed;
        schema = schemaVersion(*db);
        blobList = copyBlobs(*source.store, blobs, targetDir, &missing, report, say);
    }
    if (blobList.size() + missing.size() + report.problems.size() < blobs.size())
        return std::unexpected(
            failed(QStringLiteral("cannot write the files into %1 (is the disk full?)").arg(targetDir)));
    for (const QString &name : std::as_const(missing)) {
        if (stillReferenced(name))
            report.problems.append(QStringLiteral("blob %1 is missing from the file store").arg(name));
        else
            report.notes.append(QStringLiteral("blob %1 was purged while the backup ran; the restored database "
                                               "lists it until the next housekeeping")
                                    .arg(name));
    }

    QJsonValue secretKey;
    if (QFileInfo::exists(source.secretKeyFile)) {
        if (auto r = copyFile(source.secretKeyFile, QDir(targetDir).filePath(kSecretKeyFile)); !r)
            return std::unexpected(r.error());
        secretKey = kSecretKeyFile;
    }
    auto databaseSha = fileSha256(QDir(targetDir).filePath(report.database));
    if (!databaseSha)
        return std::unexpected(databaseSha.error());
    const QJsonObject manifest{{QStringLiteral("format"), kFormat}, {QStringLiteral("format_version"), kFormatVersion},
        {QStringLiteral("atrium_version"), Atrium::versionString()}, {QStringLiteral("schema_version"), schema},
        {QStringLiteral("created_at"), TimeUtil::nowWire()},
        {QStringLiteral("engine"), postgres ? QStringLiteral("postgres") : QStringLiteral("sqlite")},
        {QStringLiteral("database"), report.database}, {QStringLiteral("database_sha256"), *databaseSha},
        {QStringLiteral("secret_key"), secretKey}, {QStringLiteral("blob_bytes"), report.blobBytes},
        {QStringLiteral("blobs"), blobList}};
    if (auto r = writeManifest(targetDir, manifest); !r)
        return std::unexpected(r.error());
    qCInfo(lcFiles).noquote() << "backup in" << targetDir << "with" << report.blobs << "files";
    return report;
}

namespace {

// A restore marks its data directory while it writes; see Backups::unfinishedRestore.
const QString kUnfinishedMark = QStringLiteral("restore-unfinished");

// The mark names the backup and, on PostgreSQL, the database being written.
std::expected<void, Error> writeMark(const QString &path, const QString &backupDir, const QString &database)
{
    QFile mark(path);
    if (!mark.open(QIODevice::WriteOnly | QIODevice::NewOnly) || !mark.setPermissions(kOwnerOnly))
        return std::unexpected(failed(QStringLiteral("cannot create %1").arg(path)));
    const QJsonObject content{{QStringLiteral("from"), QDir(backupDir).absolutePath()},
        {QStringLiteral("database"), database}, {QStringLiteral("began_at"), TimeUtil::nowWire()}};
    const QByteArray bytes = QJsonDocument(content).toJson(QJsonDocument::Compact) + '\n';
    if (mark.write(bytes) != bytes.size())
        return std::unexpected(failed(QStringLiteral("cannot write %1").arg(path)));
    return syncFile(mark);
}

// Writes what restore() checked: the database, the blobs, the key; migrates and drops uploads in
// progress.
std::expected<Backups::Report, Error> writeRestore(const QJsonObject &manifest, const QString &backupDir,
    const QString &databaseFile, const QList<Blob> &blobs, const Backups::Source &target, const Backups::Progress &say)
{
    const DatabaseConfig &config = Database::config();
    const bool postgres = config.engine == DatabaseConfig::Engine::PostgreSQL;
    Backups::Report report;
    report.database = databaseFile;
    if (!postgres) {
        // Copied beside, then renamed into place, so a database file is whole or absent.
        const QString partial = config.sqlitePath + QStringLiteral(".restoring");
        if (auto r = copyFile(databaseFile, partial); !r)
            return std::unexpected(r.error());
        if (!QFile::rename(partial, config.sqlitePath))
            return std::unexpected(failed(QStringLiteral("cannot rename %1").arg(partial)));
    } else {
        Database::closeThreadConnection();
        if (auto r = runPgTool(QStringLiteral("pg_restore"),
                {QStringLiteral("--no-owner"), QStringLiteral("--no-privileges"), QStringLiteral("--exit-on-error"),
                    QStringLiteral("--single-transaction"), QStringLiteral("--dbname=") + config.name, databaseFile});
            !r)
            return std::unexpected(r.error());
    }
    say(QStringLiteral("database: restored"));
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    if (auto r = Migrations::migrate(*db); !r)
        return std::unexpected(r.error());

    if (!target.store->ensureDirectories())
        return std::unexpected(failed(QStringLiteral("cannot create the folders in %1").arg(target.dataDir)));
    QElapsedTimer sinceSaid;
    sinceSaid.start();
    for (const Blob &blob : std::as_const(blobs)) {
        QTemporaryFile scratch(QDir(target.store->tempDir()).filePath(QStringLiteral("restore-XXXXXX")));
        if (!scratch.open())
            return std::unexpected(failed(QStringLiteral("cannot create a file in %1").arg(target.store->tempDir())));
        const QString scratchPath = scratch.fileName();
        scratch.close();
        QFile::remove(scratchPath);
        if (auto r = copyFile(blobPath(backupDir, blob.name), scratchPath); !r)
            return std::unexpected(r.error());
        if (auto r = target.store->storeFileAs(scratchPath, blob.name); !r) {
            QFile::remove(scratchPath);
            return std::unexpected(r.error());
        }
        ++report.blobs;
        report.blobBytes += blob.size;
        if (sinceSaid.elapsed() >= 2000 || report.blobs == blobs.size()) {
            say(QStringLiteral("files: %1 of %2 restored").arg(report.blobs).arg(blobs.size()));
            sinceSaid.restart();
        }
    }
    if (manifest.value(u"secret_key").isString()) {
        if (!QDir().mkpath(QFileInfo(target.secretKeyFile).absolutePath()))
            return std::unexpected(
                failed(QStringLiteral("cannot create %1").arg(QFileInfo(target.secretKeyFile).absolutePath())));
        if (auto r = copyFile(QDir(backupDir).filePath(kSecretKeyFile), target.secretKeyFile); !r)
            return std::unexpected(r.error());
    }
    auto dropped = dropUnfinishedUploads(*target.store);
    if (!dropped)
        return std::unexpected(dropped.error());
    if (*dropped > 0)
        report.notes.append(QStringLiteral("%1 uploads in progress at the time of the backup were dropped; their "
                                           "senders start them again")
                                .arg(*dropped));
    return report;
}

} // namespace

QString Backups::unfinishedRestore(const QString &dataDir)
{
    QFile mark(QDir(dataDir).filePath(kUnfinishedMark));
    if (!mark.exists())
        return {};
    const QJsonObject content =
        mark.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(mark.read(64 * 1024)).object() : QJsonObject();
    const QString from = content.value(u"from").toString();
    const QString database = content.value(u"database").toString();
    return QStringLiteral("%1 holds a restore%2 that did not finish: empty this directory%3, then restore again")
        .arg(dataDir, from.isEmpty() ? QString() : QStringLiteral(" from ") + from,
            database.isEmpty() ? QString() : QStringLiteral(" and the database %1").arg(database));
}

std::expected<Backups::Report, Error> Backups::restore(
    const QString &backupDir, const Source &target, const Progress &say)
{
    QFile manifestFile(QDir(backupDir).filePath(kManifest));
    if (!manifestFile.open(QIODevice::ReadOnly))
        return std::unexpected(failed(
            QStringLiteral("%1 has no manifest.json: it is no backup, or one that did not finish").arg(backupDir),
            QStringLiteral("invalid_backup")));
    const QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
    if (manifest.value(u"format").toString() != kFormat || manifest.value(u"format_version").toInt() != kFormatVersion)
        return std::unexpected(
            failed(QStringLiteral("%1 is not a backup this version can read").arg(manifestFile.fileName()),
                QStringLiteral("invalid_backup")));
    if (manifest.value(u"schema_version").toInt() > Migrations::latestVersion())
        return std::unexpected(
            failed(QStringLiteral("the backup is of a newer Atrium (%1): restore it with that version")
                       .arg(manifest.value(u"atrium_version").toString()),
                QStringLiteral("invalid_backup")));
    const DatabaseConfig &config = Database::config();
    const bool postgres = config.engine == DatabaseConfig::Engine::PostgreSQL;
    const QString engine = manifest.value(u"engine").toString();
    if (engine != (postgres ? u"postgres" : u"sqlite"))
        return std::unexpected(
            failed(QStringLiteral("the backup is of a %1 server: restore it with --database %2")
                       .arg(engine == u"postgres" ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite"),
                           engine == u"postgres" ? QStringLiteral("postgres://…") : QStringLiteral("left out")),
                QStringLiteral("invalid_backup")));
    const QString databaseFile = QDir(backupDir).filePath(postgres ? kPgDumpFile : kSqliteFile);
    auto databaseSha = fileSha256(databaseFile);
    if (!databaseSha)
        return std::unexpected(databaseSha.error());
    if (*databaseSha != manifest.value(u"database_sha256").toString())
        return std::unexpected(failed(QStringLiteral("%1 does not match its SHA-256 in the manifest").arg(databaseFile),
            QStringLiteral("invalid_backup")));

    // The target: an empty data directory (and database).
    if (const QString unfinished = unfinishedRestore(target.dataDir); !unfinished.isEmpty())
        return std::unexpected(failed(unfinished, QStringLiteral("conflict")));
    if (!isEmptyDir(target.dataDir))
        return std::unexpected(
            failed(QStringLiteral("%1 is not empty: restore into a new or empty data directory").arg(target.dataDir),
                QStringLiteral("conflict")));
    if (QFileInfo::exists(target.secretKeyFile))
        return std::unexpected(
            failed(QStringLiteral("%1 exists already").arg(target.secretKeyFile), QStringLiteral("conflict")));
    if (postgres) {
        auto db = Database::connection();
        if (!db)
            return std::unexpected(db.error());
        auto tables = Database::exec(*db,
            QStringLiteral("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"));
        if (!tables || !tables->next())
            return std::unexpected(tables ? failed(QStringLiteral("cannot read the database")) : tables.error());
        if (tables->value(0).toInt() > 0)
            return std::unexpected(failed(
                QStringLiteral("the database %1 has tables: restore into a new, empty database").arg(config.describe()),
                QStringLiteral("conflict")));
    }

    // Everything is checked before anything is written.
    QList<Blob> blobs;
    for (const QJsonValue &value : manifest.value(u"blobs").toArray()) {
        auto blob = manifestBlob(value, backupDir);
        if (!blob)
            return std::unexpected(blob.error());
        blobs.append(*blob);
    }
    say(QStringLiteral("backup checked: the database and %1 files match the manifest").arg(blobs.size()));

    if (auto r = makePrivateDir(target.dataDir); !r)
        return std::unexpected(r.error());
    const QString mark = QDir(target.dataDir).filePath(kUnfinishedMark);
    if (auto r = writeMark(mark, backupDir, postgres ? config.describe() : QString()); !r)
        return std::unexpected(r.error());
    auto written = writeRestore(manifest, backupDir, databaseFile, blobs, target, say);
    if (!written) {
        Error error = written.error();
        error.message +=
            QStringLiteral("\nthe restore stopped before it finished: ") + unfinishedRestore(target.dataDir);
        return std::unexpected(error);
    }
    if (!QFile::remove(mark))
        return std::unexpected(failed(QStringLiteral("cannot remove %1").arg(mark)));
    return written;
}
