// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/app/servercli.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSocketNotifier>
#include <QSslCertificate>
#include <QSslKey>
#include <QTextStream>
#include <QThreadPool>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <grp.h>
#include <malloc.h>
#include <pwd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <limits>
#include <memory>

#include <curl/curl.h>

#include "common/version.h"
#include "server/api/apimetrics.h"
#include "server/api/apiroutes.h"
#include "server/api/brandcontroller.h"
#include "server/api/filecontroller.h"
#include "server/app/serverlog.h"
#include "server/app/serveroptions.h"
#include "server/domain/backups.h"
#include "server/domain/branding.h"
#include "server/domain/maildigests.h"
#include "server/domain/orgadmin.h"
#include "server/domain/passwords.h"
#include "server/domain/secondfactor.h"
#include "server/domain/securitylog.h"
#include "server/domain/signoffs.h"
#include "server/domain/syncstore.h"
#include "server/domain/uploads.h"
#include "server/http/httpmetrics.h"
#include "server/http/httpserver.h"
#include "server/http/router.h"
#include "server/mail/mailer.h"
#include "server/storage/blobstore.h"
#include "server/storage/changenotifier.h"
#include "server/storage/database.h"
#include "server/storage/localblobstore.h"
#include "server/storage/logging.h"
#include "server/storage/migrations.h"
#include "server/storage/s3blobstore.h"
#include "server/storage/walcheckpointer.h"

namespace {

int g_signalFds[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    // Only async-signal-safe work here; the event loop picks it up.
    [[maybe_unused]] const auto written = ::write(g_signalFds[0], &byte, 1);
}

// With --log-format json every line on standard error is a JSON record, errors included.
void printError(const QString &message)
{
    if (ServerLog::format() == ServerLog::Format::Json)
        qCCritical(lcServer).noquote() << message;
    else
        QTextStream(stderr) << "atrium-server: " << message << Qt::endl;
}

// A flood of idle connections must never leave the server without a descriptor for what it needs
// itself (measured: with the cap at the usual soft limit of 1024, GLib aborted the process when a
// handler thread could not create its wakeup pipe). So the soft limit goes up to the hard one, and
// the connection cap is what is left after a reserve for the process: the listener, logs, the mail
// and notification threads and their sockets (kFixedReserve), and per handler thread its event
// dispatcher, database connection (SQLite: the file, its WAL and shared memory), a blob being read
// or written and a temporary file (kPerThreadReserve). A connection may hold a second descriptor,
// for a spilled request body or a file being sent.
constexpr qint64 kFixedReserve = 64;
constexpr qint64 kPerThreadReserve = 8;
constexpr qint64 kDescriptorsPerConnection = 2;
constexpr int kDefaultConnectionCeiling = 4096; // each may buffer ~130 KiB

qint64 raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1024;
    if (limit.rlim_cur != limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
        else
            qCWarning(lcServer).noquote() << "Cannot raise the open file limit to" << qulonglong(limit.rlim_max);
    }
    if (limit.rlim_cur == RLIM_INFINITY)
        return std::numeric_limits<int>::max();
    return qint64(limit.rlim_cur);
}

int connectionCap(qint64 descriptors, int threads, int configured)
{
    const qint64 room = (descriptors - kFixedReserve - kPerThreadReserve * threads) / kDescriptorsPerConnection;
    const qint64 cap = configured > 0 ? qMin<qint64>(configured, room) : qMin<qint64>(kDefaultConnectionCeiling, room);
    return int(qMax<qint64>(cap, 1));
}

// QThreadPool starts a thread only when work arrives; under a flood that may be when no descriptor
// is left for its event dispatcher. So every handler thread starts now and opens its database
// connection, and the pool keeps them (expiry -1).
void startHandlerThreads(QThreadPool &pool)
{
    const int count = pool.maxThreadCount();
    QSemaphore running;
    QSemaphore release;
    for (int i = 0; i < count; ++i) {
        pool.start([&running, &release] {
            (void)Database::connection();
            running.release();
            release.acquire(); // holds this thread until all have started
        });
    }
    running.acquire(count);
    release.release(count);
    pool.waitForDone(); // the tasks end; their threads stay
}

// Started as root (an operator's `atrium-server create-org …`, or a unit without User=), the server
// becomes the owner of its data directory before it touches anything in it, so that what it creates
// there stays readable and writable by the service's user. A data directory that root owns, or that
// does not exist yet, leaves it as it is.
bool becomeDataDirOwner(const QString &dataDir)
{
    if (::geteuid() != 0)
        return true;
    struct stat info = {};
    if (::stat(QFile::encodeName(dataDir).constData(), &info) != 0 || info.st_uid == 0)
        return true;
    const passwd *user = ::getpwuid(info.st_uid);
    if (!user) {
        printError(QStringLiteral("%1 belongs to user %2, who does not exist").arg(dataDir).arg(info.st_uid));
        return false;
    }
    if (::initgroups(user->pw_name, user->pw_gid) != 0 || ::setgid(user->pw_gid) != 0 || ::setuid(user->pw_uid) != 0) {
        printError(
            QStringLiteral("cannot become %1, the owner of %2").arg(QString::fromLocal8Bit(user->pw_name), dataDir));
        return false;
    }
    qCInfo(lcServer).noquote() << "running as" << QString::fromLocal8Bit(user->pw_name) << "the owner of" << dataDir;
    return true;
}

QString readPassword()
{
    QTextStream in(stdin);
    QString line = in.readLine();
    if (line.endsWith(u'\r'))
        line.chop(1);
    return line;
}

bool prepareStorage(const ServerOptions &options, bool serving = false)
{
    if (!QDir().mkpath(options.dataDir)) {
        printError(QStringLiteral("cannot create the data directory %1").arg(options.dataDir));
        return false;
    }
    if (const QString unfinished = Backups::unfinishedRestore(options.dataDir); !unfinished.isEmpty()) {
        printError(unfinished);
        return false;
    }
    auto config = DatabaseConfig::fromUrl(options.databaseUrl, options.dataDir);
    if (!config) {
        printError(config.error());
        return false;
    }
    config->walCheckpointedApart = serving && config->engine == DatabaseConfig::Engine::SQLite;
    Database::configure(*config);
    auto db = Database::connection();
    if (!db) {
        printError(QStringLiteral("cannot open the database (%1); see the log above").arg(config->describe()));
        return false;
    }
    if (auto r = Migrations::migrate(*db); !r) {
        printError(QStringLiteral("schema migration failed: %1").arg(r.error().message));
        return false;
    }
    return true;
}

std::expected<QSslConfiguration, QString> tlsConfiguration(const ServerOptions &options)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(options.tlsCert, QSsl::Pem);
    if (chain.isEmpty())
        return std::unexpected(QStringLiteral("cannot read a PEM certificate from %1").arg(options.tlsCert));
    QFile keyFile(options.tlsKey);
    if (!keyFile.open(QIODevice::ReadOnly))
        return std::unexpected(QStringLiteral("cannot read %1").arg(options.tlsKey));
    const QByteArray pem = keyFile.readAll();
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Opaque}) {
        key = QSslKey(pem, algorithm, QSsl::Pem);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return std::unexpected(QStringLiteral("cannot read a private key from %1").arg(options.tlsKey));
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    return config;
}

// The file store the options name: an S3-compatible store, or the data directory.
BlobStorePtr openBlobStore(const ServerOptions &options)
{
    if (options.s3)
        return std::make_shared<S3BlobStore>(options.dataDir, *options.s3);
    return std::make_shared<LocalBlobStore>(options.dataDir);
}

int serve(const ServerOptions &options)
{
    // A push or a pull page allocates tens of megabytes on its handler thread and frees them at the
    // end. glibc's default gives the top of each thread's heap back to the system at once, so the
    // next request on that thread faults the same pages in again: about a fifth of a push on
    // SQLite. Freed memory is kept instead, and given back once a minute (below).
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    const qint64 descriptors = raiseDescriptorLimit();
    if (!prepareStorage(options, true))
        return 1;
    std::unique_ptr<WalCheckpointer> checkpointer;
    if (Database::config().walCheckpointedApart) {
        checkpointer = std::make_unique<WalCheckpointer>(std::chrono::milliseconds(250));
        checkpointer->start();
    }
    const BlobStorePtr store = openBlobStore(options);
    if (!store->ensureDirectories()) {
        printError(QStringLiteral("cannot create the folders in %1").arg(options.dataDir));
        return 1;
    }
    if (auto reachable = store->checkReachable(); !reachable)
        qCWarning(lcServer).noquote() << "the file store" << store->describe()
                                      << "cannot be reached now:" << reachable.error().message;
    else
        qCInfo(lcServer).noquote() << "file contents in" << store->describe();
    // The main thread serves the network only; handlers open their own connections.
    Database::closeThreadConnection();

    // Housekeeping (purging what has expired) at start and then every --housekeeping-seconds, off
    // the network thread, by one instance at a time: the one holding the database's leader lock
    // (Database::tryLead(); on SQLite there is only one). Its own thread keeps one connection, and
    // with it the lock, for the life of the process; if the leader dies, its lock goes with its
    // connection and the next instance to try takes over.
    QThreadPool housekeepingThread;
    housekeepingThread.setMaxThreadCount(1);
    housekeepingThread.setExpiryTimeout(-1);
    auto leading = std::make_shared<bool>(false);
    const auto houseKeep = [&housekeepingThread, options, leading, store](std::shared_ptr<QSemaphore> done = {}) {
        housekeepingThread.start([options, leading, done, store] {
            const auto finished = qScopeGuard([done] {
                if (done)
                    done->release();
            });
            const bool leads = Database::tryLead();
            if (leads != *leading) {
                *leading = leads;
                if (leads)
                    qCInfo(lcServer).noquote() << "this instance leads housekeeping";
            }
            if (!leads)
                return;
            Uploads::purgeExpired(*store, options.uploadReservationIdleMinutes);
            (void)SyncStore::purgeTombstones(options.tombstoneRetentionDays);
            (void)Branding(store).purgeUnusedLogos(options.unusedLogoRetentionDays);
            (void)MailDigests::purgeLinks();
            (void)SecurityLog::purge(365);
        });
    };
    // The first round is done before the server listens, so nothing expired is served. (Waited
    // for by a semaphore: waiting for the pool would end its thread, and the connection with the
    // lock.)
    {
        auto done = std::make_shared<QSemaphore>();
        houseKeep(done);
        done->acquire();
    }

    // Before the pool, so that it outlives every handler that commits (they announce to it).
    ChangeNotifier notifier;
    notifier.start();

    Router router;
    ApiOptions apiOptions = options.apiOptions();
    apiOptions.blobStore = store;
    const auto secretKey = SecondFactor::loadOrCreateKey(options.secretKeyFile);
    if (!secretKey) {
        printError(secretKey.error().message);
        return 1;
    }
    apiOptions.secretKey = *secretKey;
    auto publicUrl = std::make_shared<QString>();
    apiOptions.publicUrl = publicUrl;
    if (options.metrics)
        apiOptions.metrics = std::make_shared<ApiMetrics>();
    apiOptions.metricsTokenHash = options.metricsTokenHash;
    ApiRoutes::registerAll(router, apiOptions);
    // From the finished route table, so that its series are the routes; set before any request.
    std::shared_ptr<HttpMetrics> httpMetrics;
    if (options.metrics) {
        httpMetrics = std::make_shared<HttpMetrics>(router);
        apiOptions.metrics->setHttp(httpMetrics);
    }
    QThreadPool pool;
    // Enough threads that a few long pulls do not make quick requests wait for a free one.
    pool.setMaxThreadCount(options.threads > 0 ? options.threads : std::max(8, 2 * QThread::idealThreadCount()));
    pool.setExpiryTimeout(-1); // keep threads, and with them their database connections
    startHandlerThreads(pool);
    // Long reads (sync pulls) on threads of their own at a lower priority, so that quick requests
    // are not kept waiting behind them. One core fewer than the machine has: the lower priority
    // covers only the server's own threads, not the PostgreSQL backend each pull keeps busy, nor
    // the locks and memory bandwidth it shares. Measured on two cores (bench_sync, four clients
    // pulling): with two bulk threads a trivial request's p99 rose to 2-4x its idle figure on
    // SQLite and 1-13x on PostgreSQL; with one it stayed at 0.5-0.7x on both, while the four
    // pulls together moved about a third fewer pages. A single pull is as fast as before.
    QThreadPool bulkPool;
    bulkPool.setMaxThreadCount(
        options.bulkThreads > 0 ? options.bulkThreads : std::max(1, QThread::idealThreadCount() - 1));
    bulkPool.setExpiryTimeout(-1);
    startHandlerThreads(bulkPool);

    HttpServer server(&router, &pool);
    server.setBulkPool(&bulkPool);
    server.setMetrics(httpMetrics);
    HttpLimits limits;
    limits.headerTimeoutMs = options.headerTimeoutMs;
    limits.idleTimeoutMs = options.idleTimeoutMs;
    limits.bodyTimeoutMs = options.bodyTimeoutMs;
    limits.minBytesPerSecond = options.minBytesPerSecond;
    limits.trustedProxies = options.trustedProxies;
    limits.maxConnections =
        connectionCap(descriptors, pool.maxThreadCount() + bulkPool.maxThreadCount(), options.maxConnections);
    qCInfo(lcServer).noquote() << "open file limit" << descriptors << "- up to" << limits.maxConnections
                               << "connections";
    server.setLimits(limits);
    server.setTempDir(store->tempDir());
    const bool tls = !options.tlsCert.isEmpty();
    if (tls) {
        auto config = tlsConfiguration(options);
        if (!config) {
            printError(config.error());
            return 1;
        }
        server.setTlsConfiguration(*config);
    }
    if (!server.listen(options.listenAddress, options.listenPort)) {
        printError(QStringLiteral("cannot listen on %1:%2: %3")
                       .arg(options.listenAddress.toString())
                       .arg(options.listenPort)
                       .arg(server.errorString()));
        return 1;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) == 0) {
        auto *notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, qApp);
        QObject::connect(notifier, &QSocketNotifier::activated, qApp, [] {
            char byte;
            [[maybe_unused]] const auto r = ::read(g_signalFds[1], &byte, 1);
            qCInfo(lcServer).noquote() << "stopping";
            QCoreApplication::quit();
        });
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGTERM, &action, nullptr);
        sigaction(SIGINT, &action, nullptr);
    }

    QTimer housekeeping;
    housekeeping.setInterval(options.housekeepingSeconds * 1000);
    QObject::connect(&housekeeping, &QTimer::timeout, &server, [houseKeep] {
        houseKeep();
    });
    housekeeping.start();
    QTimer memoryTrim;
    memoryTrim.setInterval(60 * 1000);
    QObject::connect(&memoryTrim, &QTimer::timeout, &server, [&housekeepingThread] {
        housekeepingThread.start([] {
            malloc_trim(0);
        });
    });
    memoryTrim.start();

    const QString host = options.listenAddress.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]").arg(options.listenAddress.toString())
        : options.listenAddress.toString();
    // Before the event loop runs, so no request can see it unset.
    *publicUrl = (!options.publicUrl.isEmpty() ? options.publicUrl
                                               : QStringLiteral("%1://%2:%3")
                                                     .arg(tls ? QStringLiteral("https") : QStringLiteral("http"), host)
                                                     .arg(server.serverPort()));

    // Mail goes out from a thread of its own, so a slow SMTP server never holds a request thread.
    curl_global_init(CURL_GLOBAL_DEFAULT);
    QThreadPool mailPool;
    mailPool.setMaxThreadCount(1);
    mailPool.setExpiryTimeout(-1);
    std::atomic<bool> mailBusy{false};
    QTimer mailTimer;
    mailTimer.setInterval(1000);
    const MailerOptions mailOptions = options.mailerOptions();
    // Notification mail (MailDigests) is looked for a few times per batch, at most every 30 s.
    const DigestOptions digestOptions{*publicUrl, options.mailBatchSeconds, options.mailDailySeconds};
    const Signoffs::ReminderOptions reminderOptions{*publicUrl, options.signoffReminderSeconds};
    const qint64 digestEveryMs =
        1000 * qBound(1, qMin(options.mailBatchSeconds, options.signoffReminderSeconds) / 10, 30);
    QElapsedTimer sinceDigest;
    QObject::connect(&mailTimer, &QTimer::timeout, &server,
        [&mailPool, &mailBusy, &mailOptions, &digestOptions, &reminderOptions, &sinceDigest, digestEveryMs] {
            if (mailBusy.exchange(true))
                return;
            const bool digest = !sinceDigest.isValid() || sinceDigest.elapsed() >= digestEveryMs;
            if (digest)
                sinceDigest.start();
            mailPool.start([&mailBusy, &mailOptions, &digestOptions, &reminderOptions, digest] {
                if (digest) {
                    if (auto r = MailDigests::run(digestOptions, QDateTime::currentDateTimeUtc()); !r)
                        qCWarning(lcServer).noquote() << "notification mail waits:" << r.error().message;
                    if (auto r = Signoffs::remind(reminderOptions, QDateTime::currentDateTimeUtc()); !r)
                        qCWarning(lcServer).noquote() << "sign-off reminders wait:" << r.error().message;
                }
                while (Mailer::deliverDue(mailOptions) > 0) { }
                mailBusy = false;
            });
        });
    mailTimer.start();
    qCInfo(lcServer).noquote() << "serving" << Database::config().describe();
    std::fprintf(stdout, "atrium-server listening on %s://%s:%u\n", tls ? "https" : "http", qPrintable(host),
        unsigned(server.serverPort()));
    std::fflush(stdout);

    const int code = QCoreApplication::exec();
    mailTimer.stop();
    pool.waitForDone();
    bulkPool.waitForDone();
    mailPool.waitForDone();
    curl_global_cleanup();
    return code;
}

// Prints what a backup or restore noted; fails when it found problems.
int reportBackup(const Backups::Report &report, const QString &done)
{
    for (const QString &note : report.notes)
        QTextStream(stdout) << "note: " << note << Qt::endl;
    for (const QString &problem : report.problems)
        printError(problem);
    QTextStream(stdout) << done << Qt::endl;
    return report.problems.isEmpty() ? 0 : 1;
}

int restore(const ServerOptions &options)
{
    // No prepareStorage(): that would make an empty database where the backup's goes.
    auto config = DatabaseConfig::fromUrl(options.databaseUrl, options.dataDir);
    if (!config) {
        printError(config.error());
        return 1;
    }
    Database::configure(*config);
    const Backups::Source target{options.dataDir, options.secretKeyFile, openBlobStore(options)};
    auto restored = Backups::restore(options.backupDir, target, [](const QString &line) {
        QTextStream(stdout) << line << Qt::endl;
    });
    if (!restored) {
        printError(restored.error().message);
        return 1;
    }
    auto problems = OrgAdmin::check();
    if (!problems) {
        printError(problems.error().message);
        return 1;
    }
    restored->problems += *problems;
    return reportBackup(*restored,
        QStringLiteral("restored %1 files (%2 bytes) from %3%4")
            .arg(restored->blobs)
            .arg(restored->blobBytes)
            .arg(options.backupDir, problems->isEmpty() ? QStringLiteral("; check: ok") : QString()));
}

int runCommand(const ServerOptions &options)
{
    if (options.command == u"restore")
        return restore(options);
    if (!prepareStorage(options))
        return 1;
    if (options.command == u"backup") {
        const Backups::Source source{options.dataDir, options.secretKeyFile, openBlobStore(options)};
        auto made = Backups::backup(source, options.backupDir, [](const QString &line) {
            QTextStream(stdout) << line << Qt::endl;
        });
        if (!made) {
            printError(made.error().message);
            return 1;
        }
        QString done = QStringLiteral("backed up %1 files (%2 bytes) into %3")
                           .arg(made->blobs)
                           .arg(made->blobBytes)
                           .arg(options.backupDir);
        if (Database::isPostgres())
            done += QStringLiteral("\nrestore with: atrium-server restore --from %1 --data-dir NEW_DIR --database "
                                   "postgres://…/NEW_EMPTY_DATABASE")
                        .arg(options.backupDir);
        return reportBackup(*made, done);
    }
    auto report = [](const auto &result) {
        if (!result) {
            printError(result.error().message);
            return 1;
        }
        return 0;
    };
    if (options.command == u"migrate") {
        QTextStream(stdout) << "schema version " << Migrations::latestVersion() << Qt::endl;
        return 0;
    }
    if (options.command == u"check") {
        auto problems = OrgAdmin::check();
        if (!problems)
            return report(problems);
        for (const QString &problem : std::as_const(*problems))
            QTextStream(stdout) << problem << Qt::endl;
        if (!problems->isEmpty())
            return 1;
        auto storage = OrgAdmin::storageLines();
        if (!storage)
            return report(storage);
        for (const QString &line : std::as_const(*storage))
            QTextStream(stdout) << line << Qt::endl;
        QTextStream(stdout) << "ok" << Qt::endl;
        return 0;
    }
    if (options.command == u"purge-tombstones") {
        auto removed = SyncStore::purgeTombstones(
            options.olderThanDays >= 0 ? options.olderThanDays : options.tombstoneRetentionDays);
        if (removed)
            QTextStream(stdout) << "removed " << *removed << " tombstones" << Qt::endl;
        return report(removed);
    }
    if (options.command == u"purge-unused-logos") {
        auto removed =
            Branding(openBlobStore(options))
                .purgeUnusedLogos(options.olderThanDays >= 0 ? options.olderThanDays : options.unusedLogoRetentionDays);
        if (removed)
            QTextStream(stdout) << "removed " << *removed << " unused logos" << Qt::endl;
        return report(removed);
    }
    const QString password = readPassword();
    if (options.command == u"create-org") {
        auto created =
            OrgAdmin::createOrganisation(options.name, options.slug, options.email, password, options.quotaBytes);
        if (created)
            QTextStream(stdout) << "created organisation " << options.slug << " (" << created->orgId << ") with admin "
                                << options.email.trimmed().toLower() << Qt::endl;
        return report(created);
    }
    if (options.command == u"add-staff") {
        auto userId = OrgAdmin::addStaff(options.org, options.email, options.name, options.role, password);
        if (userId)
            QTextStream(stdout) << "added " << options.role << ' ' << options.email.trimmed().toLower() << " ("
                                << *userId << ")" << Qt::endl;
        return report(userId);
    }
    if (options.command == u"reset-password") {
        auto done = OrgAdmin::resetPassword(options.email, password);
        if (done)
            QTextStream(stdout) << "password changed; existing sign-ins revoked" << Qt::endl;
        return report(done);
    }
    if (options.command == u"create-demo") {
        auto created = OrgAdmin::createDemo(options.email, password);
        if (created)
            QTextStream(stdout) << "created the demo organisation northwind with admin "
                                << options.email.trimmed().toLower() << Qt::endl;
        return report(created);
    }
    printError(QStringLiteral("unknown command %1").arg(options.command));
    return 2;
}

} // namespace

int ServerCli::run(const QStringList &arguments)
{
    QString help;
    bool wantsHelp = false;
    bool wantsVersion = false;
    auto options = ServerOptions::parse(arguments, &help, &wantsHelp, &wantsVersion);
    if (!options) {
        printError(options.error());
        QTextStream(stderr) << "Try 'atrium-server --help'." << Qt::endl;
        return 2;
    }
    if (wantsHelp) {
        QTextStream(stdout) << help;
        return 0;
    }
    if (wantsVersion) {
        QTextStream(stdout) << "atrium-server " << Atrium::versionString() << Qt::endl;
        return 0;
    }
    ServerLog::install(options->logFormat);
    if (!options->configFile.isEmpty())
        qCInfo(lcServer).noquote() << "settings from" << options->configFile;
    if (!becomeDataDirOwner(options->dataDir))
        return 1;
    if (!Passwords::initialise()) {
        printError(QStringLiteral("libsodium could not start"));
        return 1;
    }
    const int code = options->command.isEmpty() ? serve(*options) : runCommand(*options);
    Database::closeThreadConnection();
    return code;
}
