// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/app/serveroptions.h"

#include <algorithm>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QUrl>

#include "common/entityschema.h"
#include "server/storage/privatefile.h"

#include <QCommandLineParser>
#include <QDir>

namespace {

const char *const helpFooter = R"(
Commands (default: serve until stopped):
  create-org --name NAME --slug SLUG --admin-email EMAIL [--quota-bytes N]
                         Create an organisation and its first admin; the admin's
                         password is read from standard input (one line).
  add-staff --org SLUG --email EMAIL --name NAME --role admin|member
                         Add a staff user; password from standard input.
  reset-password --email EMAIL
                         Set a staff user's password (from standard input) and
                         sign them out everywhere.
  create-demo --admin-email EMAIL
                         Create the demo organisation "Northwind Studio" with a
                         few clients, projects and tasks; password from stdin.
  backup --to DIR        Back up the database, every stored file and the secret
                         key into DIR (new or empty) while the server runs;
                         PostgreSQL needs pg_dump (postgresql-client).
  restore --from DIR     Restore a backup into an empty --data-dir (and, with
                         --database, an empty PostgreSQL database); pg_restore
                         for PostgreSQL. Run check afterwards.
  migrate                Apply schema migrations and exit.
  check                  Check the database's integrity and exit.
  purge-tombstones [--older-than-days N]
                         Remove deletions older than the retention now.
  purge-unused-logos [--older-than-days N]
                         Remove logos no organisation uses, stored longer ago
                         than the retention, now.

With no --database, data lives in DIR/atrium.sqlite (SQLite, WAL). A
postgres://USER[:PASSWORD]@HOST:PORT/DB URL uses PostgreSQL instead.
)";

std::expected<int, QString> intOption(const QCommandLineParser &parser, const QString &name, int min, int max)
{
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < min || value > max)
        return std::unexpected(QStringLiteral("--%1 must be a number from %2 to %3").arg(name).arg(min).arg(max));
    return value;
}

// Options that belong to one run of a command, never to the server's settings.
const QStringList commandOnlyOptions = {QStringLiteral("config"), QStringLiteral("help"), QStringLiteral("version"),
    QStringLiteral("name"), QStringLiteral("slug"), QStringLiteral("admin-email"), QStringLiteral("email"),
    QStringLiteral("org"), QStringLiteral("role"), QStringLiteral("quota-bytes"), QStringLiteral("older-than-days"),
    QStringLiteral("to"), QStringLiteral("from")};

// The file --config names (explicit), else the installed one: a binary in /usr/bin reads
// /etc/atrium/server.conf and one in /usr/local/bin /usr/local/etc/atrium/server.conf, when it
// exists. A binary anywhere else (a build tree) reads none unless told.
std::expected<QString, QString> configFilePath(const QStringList &arguments, bool *isExplicit)
{
    *isExplicit = false;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == u"--")
            break;
        if (arg == u"--config" || arg == u"-config") {
            if (i + 1 >= arguments.size())
                return std::unexpected(QStringLiteral("Missing value after '%1'.").arg(arg));
            *isExplicit = true;
            return arguments.at(i + 1);
        }
        if (arg.startsWith(u"--config=") || arg.startsWith(u"-config=")) {
            *isExplicit = true;
            return arg.mid(arg.indexOf(u'=') + 1);
        }
    }
    if (!QCoreApplication::instance())
        return QString();
    const QString binDir = QCoreApplication::applicationDirPath();
    QString installed;
    if (binDir == u"/usr/bin")
        installed = QStringLiteral("/etc/atrium/server.conf");
    else if (binDir == u"/usr/local/bin")
        installed = QStringLiteral("/usr/local/etc/atrium/server.conf");
    return QFileInfo::exists(installed) ? installed : QString();
}

// The settings of a configuration file as command-line arguments. Each line is `name = value`
// (a long option without its dashes; a value may be in double quotes), `name = true|false` for an
// option without a value, a comment from `#`, or empty.
std::expected<QStringList, QString> settingsFromFile(const QString &path, const QList<QCommandLineOption> &options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return std::unexpected(
            QStringLiteral("cannot read the configuration file %1: %2").arg(path, file.errorString()));
    QHash<QString, bool> takesValue;
    for (const QCommandLineOption &option : options) {
        for (const QString &name : option.names())
            takesValue.insert(name, !option.valueName().isEmpty());
    }
    QStringList args;
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const auto where = [&] {
            return QStringLiteral("%1:%2: ").arg(path).arg(lineNumber);
        };
        const qsizetype equals = line.indexOf(u'=');
        if (equals <= 0)
            return std::unexpected(where() + QStringLiteral("expected name = value"));
        const QString name = line.left(equals).trimmed();
        QString value = line.mid(equals + 1).trimmed();
        if (value.size() >= 2 && value.startsWith(u'"') && value.endsWith(u'"'))
            value = value.mid(1, value.size() - 2);
        if (commandOnlyOptions.contains(name))
            return std::unexpected(
                where() + QStringLiteral("\"%1\" is given on the command line, not in a file").arg(name));
        if (!takesValue.contains(name) || name.size() < 2)
            return std::unexpected(
                where() + QStringLiteral("unknown setting \"%1\" (see atrium-server --help)").arg(name));
        if (takesValue.value(name)) {
            args << QStringLiteral("--") + name << value;
        } else if (value == u"true" || value == u"yes" || value == u"on") {
            args << QStringLiteral("--") + name;
        } else if (value != u"false" && value != u"no" && value != u"off") {
            return std::unexpected(where() + QStringLiteral("%1 is true or false").arg(name));
        }
    }
    return args;
}

// The token that reads GET /metrics from elsewhere, kept only as its SHA-256. It is the one line of
// a private file (Prometheus' `credentials_file` can read the same file), and long and plain enough
// to be sent as it is in an "Authorization: Bearer" header.
std::expected<QByteArray, QString> readMetricsToken(const QString &path)
{
    constexpr qsizetype minLength = 32;
    const auto content = readPrivateFile(path, QStringLiteral("the metrics token file"), 4096);
    if (!content)
        return std::unexpected(content.error());
    const QByteArray token = content->trimmed();
    const bool plain = std::all_of(token.cbegin(), token.cend(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || QByteArrayView("-._~+/=").contains(c);
    });
    if (token.size() < minLength || !plain)
        return std::unexpected(QStringLiteral("the metrics token file %1 must hold one token of at least %2 "
                                              "characters, letters, digits and -._~+/= only (e.g. the output "
                                              "of: openssl rand -hex 32)")
                                   .arg(path)
                                   .arg(minLength));
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256);
}

} // namespace

MailerOptions ServerOptions::mailerOptions() const
{
    MailerOptions mail;
    mail.outboxDir = QDir(dataDir).filePath(QStringLiteral("outbox"));
    mail.smtpUrl = smtpUrl;
    mail.smtpUser = smtpUser;
    mail.smtpPassword = smtpPassword;
    mail.mailFrom = mailFrom;
    mail.retrySeconds = mailRetrySeconds;
    return mail;
}

ApiOptions ServerOptions::apiOptions() const
{
    ApiOptions api;
    api.dataDir = dataDir;
    api.throttle = {loginMaxFailures, loginLockoutSeconds};
    api.staffTokenTtlSeconds = staffTokenTtlSeconds;
    api.portalUploadLimitMiB = portalUploadLimitMiB;
    api.uploadReservationIdleMinutes = uploadReservationIdleMinutes;
    api.previewWorker = previewWorker;
    return api;
}

std::expected<ServerOptions, QString> ServerOptions::parse(
    const QStringList &arguments, QString *helpText, bool *wantsHelp, bool *wantsVersion)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Atrium server: sync for the staff desktop app and the client portal."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(
        {QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help and exit."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version and exit."));
    parser.addOption(help);
    parser.addOption(version);
    const QList<QCommandLineOption> options = {
        {QStringLiteral("data-dir"), QStringLiteral("Data directory (database, files, mail outbox). Default: ./data."),
            QStringLiteral("DIR")},
        {QStringLiteral("database"), QStringLiteral("postgres:// URL; default SQLite in the data dir."),
            QStringLiteral("URL")},
        {QStringLiteral("blob-store"),
            QStringLiteral("Where file contents live: s3://BUCKET/PREFIX for an S3-compatible store shared by "
                           "several instances; default: DATA_DIR/blobs (also right on a shared network mount)."),
            QStringLiteral("URL")},
        {QStringLiteral("s3-endpoint"),
            QStringLiteral("The S3 store's address, e.g. https://s3.eu-west-1.amazonaws.com or "
                           "http://127.0.0.1:9000 (path-style requests)."),
            QStringLiteral("URL")},
        {QStringLiteral("s3-region"), QStringLiteral("The S3 region requests are signed for (default us-east-1)."),
            QStringLiteral("REGION")},
        {QStringLiteral("s3-credentials-file"),
            QStringLiteral("File of access_key_id=… and secret_access_key=… lines (mode 600 or 640 root-owned); "
                           "default: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment."),
            QStringLiteral("FILE")},
        {QStringLiteral("listen"),
            QStringLiteral("Address to listen on (default 127.0.0.1:8080; port 0 picks a free one)."),
            QStringLiteral("HOST:PORT")},
        {QStringLiteral("trusted-proxies"),
            QStringLiteral("Addresses of load balancers in front of this server (comma-separated): for requests "
                           "from them, the client's address is the last one in X-Forwarded-For."),
            QStringLiteral("ADDRESSES")},
        {QStringLiteral("tls-cert"), QStringLiteral("PEM certificate: serve HTTPS."), QStringLiteral("FILE")},
        {QStringLiteral("tls-key"), QStringLiteral("PEM private key for --tls-cert."), QStringLiteral("FILE")},
        {QStringLiteral("public-url"),
            QStringLiteral("The server's address as clients reach it, for links in e-mails (default: the listen "
                           "address)."),
            QStringLiteral("URL")},
        {QStringLiteral("smtp-url"),
            QStringLiteral("Send mail through this SMTP server (smtp://host:587 with STARTTLS, smtps://host:465). "
                           "Without it, mail is written to DATA_DIR/outbox as .eml files."),
            QStringLiteral("URL")},
        {QStringLiteral("smtp-user"), QStringLiteral("SMTP login."), QStringLiteral("USER")},
        {QStringLiteral("smtp-password-file"), QStringLiteral("File holding the SMTP password."),
            QStringLiteral("FILE")},
        {QStringLiteral("mail-from"), QStringLiteral("Sender address of the server's mail (default atrium@localhost)."),
            QStringLiteral("EMAIL")},
        {QStringLiteral("mail-retry-seconds"),
            QStringLiteral("First retry of a failed mail delivery; doubles up to an hour (default 30)."),
            QStringLiteral("SECONDS")},
        {QStringLiteral("preview-worker"),
            QStringLiteral("The atrium-preview program that renders previews (default: next to this program, else "
                           "PREFIX/libexec/atrium/atrium-preview)."),
            QStringLiteral("PATH")},
        {QStringLiteral("secret-key-file"),
            QStringLiteral("The key that encrypts two-factor secrets, created (mode 600) on first start; every "
                           "instance on one database needs the same file (default DATA_DIR/secret.key)."),
            QStringLiteral("FILE")},
        {QStringLiteral("metrics"),
            QStringLiteral("Serve GET /metrics (Prometheus text format): this instance's requests by route, "
                           "latency, connections, event streams, sync volume and the mail queue. Readable from this "
                           "host, or with the token of --metrics-token-file. Off by default.")},
        {QStringLiteral("metrics-token-file"),
            QStringLiteral("File holding the token (at least 32 characters: letters, digits and -._~+/=) that reads "
                           "GET /metrics from another host as \"Authorization: Bearer TOKEN\"; mode 600, or 640 "
                           "root-owned. Without it only this host reads the metrics."),
            QStringLiteral("FILE")},
        {QStringLiteral("log-format"),
            QStringLiteral("How log records are written to standard error, one per line: plain (time, level, "
                           "category, message; the default) or json (one object per line with the fields time, "
                           "level, category and message, for log collectors)."),
            QStringLiteral("FORMAT")},
        {QStringLiteral("mail-batch-seconds"),
            QStringLiteral("Notification mail gathers what happens for this long and goes to each recipient at most "
                           "once in this time (default 300)."),
            QStringLiteral("SECONDS")},
        {QStringLiteral("mail-daily-seconds"),
            QStringLiteral("How far apart a daily digest's mails are (default 86400)."), QStringLiteral("SECONDS")},
        {QStringLiteral("signoff-reminder-seconds"),
            QStringLiteral("How far apart the reminders of a sign-off with a due date are, per approver (default "
                           "86400: one a day)."),
            QStringLiteral("SECONDS")},
        {QStringLiteral("portal-upload-limit-mb"),
            QStringLiteral("Largest file a client may upload through the portal, in MiB (default 2048)."),
            QStringLiteral("MIB")},
        {QStringLiteral("upload-reservation-idle-minutes"),
            QStringLiteral("An upload that receives nothing for this long gives back its reserved quota until it "
                           "resumes (default 60)."),
            QStringLiteral("MINUTES")},
        {QStringLiteral("name"), QStringLiteral("Organisation or staff name."), QStringLiteral("NAME")},
        {QStringLiteral("slug"), QStringLiteral("Portal slug: the portal lives at /p/SLUG."), QStringLiteral("SLUG")},
        {QStringLiteral("admin-email"), QStringLiteral("E-mail of the first admin."), QStringLiteral("EMAIL")},
        {QStringLiteral("email"), QStringLiteral("Staff e-mail."), QStringLiteral("EMAIL")},
        {QStringLiteral("org"), QStringLiteral("Organisation slug."), QStringLiteral("SLUG")},
        {QStringLiteral("role"), QStringLiteral("admin or member."), QStringLiteral("ROLE")},
        {QStringLiteral("quota-bytes"), QStringLiteral("Storage quota of a new organisation (default 10 GiB)."),
            QStringLiteral("N")},
        {QStringLiteral("to"), QStringLiteral("backup: the directory to write the backup into (new or empty)."),
            QStringLiteral("DIR")},
        {QStringLiteral("from"), QStringLiteral("restore: the backup directory to restore from."),
            QStringLiteral("DIR")},
        {QStringLiteral("older-than-days"),
            QStringLiteral("purge-tombstones, purge-unused-logos: age in days (default: the retention)."),
            QStringLiteral("N")},
        {QStringLiteral("staff-token-ttl"),
            QStringLiteral("Lifetime of staff sign-in tokens in seconds (default 30 days)."),
            QStringLiteral("SECONDS")},
        {QStringLiteral("login-lockout-seconds"),
            QStringLiteral(
                "First lockout after repeated failed sign-ins; doubles per failure, at most 15 minutes (default 60)."),
            QStringLiteral("SECONDS")},
        {QStringLiteral("login-max-failures"), QStringLiteral("Failed sign-ins before the lockout starts (default 5)."),
            QStringLiteral("N")},
        {QStringLiteral("tombstone-retention-days"),
            QStringLiteral("How long deletions are kept for desktops to learn of them (default 90)."),
            QStringLiteral("DAYS")},
        {QStringLiteral("unused-logo-retention-days"),
            QStringLiteral("How long a stored logo no organisation uses is kept, for a desktop to start using it "
                           "(default 1)."),
            QStringLiteral("DAYS")},
        {QStringLiteral("housekeeping-seconds"),
            QStringLiteral("How often expired data is purged, by one instance of those sharing a database at a time "
                           "(default 3600)."),
            QStringLiteral("SECONDS")},
        {QStringLiteral("header-timeout-ms"),
            QStringLiteral("Time a client has to send a request head (default 10000)."), QStringLiteral("MS")},
        {QStringLiteral("idle-timeout-ms"), QStringLiteral("Keep-alive idle timeout (default 30000)."),
            QStringLiteral("MS")},
        {QStringLiteral("body-timeout-ms"), QStringLiteral("Longest pause while a body arrives (default 30000)."),
            QStringLiteral("MS")},
        {QStringLiteral("threads"), QStringLiteral("Request handler threads (default: max(8, 2 × cores))."),
            QStringLiteral("N")},
        {QStringLiteral("bulk-threads"),
            QStringLiteral("Threads that serve sync pulls, at a lower priority; a pull beyond them waits its turn "
                           "(default: cores - 1, at least 1)."),
            QStringLiteral("N")},
        {QStringLiteral("max-connections"),
            QStringLiteral("Open connections at most (default: what the descriptor limit leaves room for, at most "
                           "4096); beyond it idle connections are closed first, then new ones get 503."),
            QStringLiteral("N")},
        {QStringLiteral("min-transfer-rate"),
            QStringLiteral("Slowest average, in bytes per second, at which a request body or a response may move "
                           "once it has taken longer than the body timeout (default 1024)."),
            QStringLiteral("BYTES")},
    };
    parser.addOptions(options);
    const QCommandLineOption config(QStringLiteral("config"),
        QStringLiteral("Settings file: one `option = value` a line, any option above that is not a command's "
                       "(default for an installed server: /etc/atrium/server.conf). The command line wins."),
        QStringLiteral("FILE"));
    parser.addOption(config);
    parser.addPositionalArgument(
        QStringLiteral("command"), QStringLiteral("See the commands below."), QStringLiteral("[command]"));

    // The file's settings go first, so that the same option on the command line wins (the last
    // value of an option is the one read).
    bool explicitConfig = false;
    const auto configPath = configFilePath(arguments, &explicitConfig);
    if (!configPath)
        return std::unexpected(configPath.error());
    QStringList effective = arguments;
    if (!configPath->isEmpty()) {
        auto settings = settingsFromFile(*configPath, options);
        if (!settings)
            return std::unexpected(settings.error());
        effective = arguments.mid(0, 1) + *settings + arguments.mid(1);
    }

    if (helpText)
        *helpText = parser.helpText() + QString::fromLatin1(helpFooter);
    if (!parser.parse(effective))
        return std::unexpected(parser.errorText());
    if (wantsHelp)
        *wantsHelp = parser.isSet(help);
    if (wantsVersion)
        *wantsVersion = parser.isSet(version);
    if (parser.isSet(help) || parser.isSet(version))
        return ServerOptions{};

    ServerOptions o;
    o.configFile = *configPath;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return std::unexpected(QStringLiteral("Unexpected argument \"%1\".").arg(positional.at(1)));
    o.command = positional.value(0);
    static const QStringList commands = {QString(), QStringLiteral("serve"), QStringLiteral("create-org"),
        QStringLiteral("add-staff"), QStringLiteral("reset-password"), QStringLiteral("create-demo"),
        QStringLiteral("migrate"), QStringLiteral("check"), QStringLiteral("purge-tombstones"),
        QStringLiteral("purge-unused-logos"), QStringLiteral("backup"), QStringLiteral("restore")};
    if (!commands.contains(o.command))
        return std::unexpected(QStringLiteral("Unknown command \"%1\" (see --help).").arg(o.command));
    if (o.command == u"serve")
        o.command.clear();

    if (parser.isSet(QStringLiteral("log-format"))) {
        const auto format = ServerLog::parseFormat(parser.value(QStringLiteral("log-format")));
        if (!format)
            return std::unexpected(QStringLiteral("--log-format must be plain or json, not \"%1\".")
                                       .arg(parser.value(QStringLiteral("log-format"))));
        o.logFormat = *format;
    }

    o.dataDir =
        parser.isSet(QStringLiteral("data-dir")) ? parser.value(QStringLiteral("data-dir")) : QStringLiteral("data");
    o.dataDir = QDir(o.dataDir).absolutePath();
    o.databaseUrl = parser.value(QStringLiteral("database"));
    const QString blobStore = parser.value(QStringLiteral("blob-store"));
    if (!blobStore.isEmpty() && blobStore != u"local") {
        auto s3 = S3Config::fromOptions(blobStore, parser.value(QStringLiteral("s3-endpoint")),
            parser.value(QStringLiteral("s3-region")), parser.value(QStringLiteral("s3-credentials-file")));
        if (!s3)
            return std::unexpected(s3.error());
        o.s3 = *s3;
    } else if (parser.isSet(QStringLiteral("s3-endpoint")) || parser.isSet(QStringLiteral("s3-region"))
        || parser.isSet(QStringLiteral("s3-credentials-file"))) {
        return std::unexpected(QStringLiteral("--s3-… options need --blob-store s3://BUCKET/PREFIX"));
    }
    if (parser.isSet(QStringLiteral("listen"))) {
        const QString listen = parser.value(QStringLiteral("listen"));
        const qsizetype colon = listen.lastIndexOf(u':');
        bool ok = false;
        const uint port = colon > 0 ? listen.mid(colon + 1).toUInt(&ok) : 0;
        QString host = colon > 0 ? listen.left(colon) : QString();
        if (host.startsWith(u'[') && host.endsWith(u']'))
            host = host.mid(1, host.size() - 2);
        const QHostAddress address = host == u"localhost" ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
        if (!ok || port > 65535 || address.isNull())
            return std::unexpected(
                QStringLiteral("--listen must be HOST:PORT with an IP address, e.g. 127.0.0.1:8080"));
        o.listenAddress = address;
        o.listenPort = quint16(port);
    }
    for (const QString &text : parser.value(QStringLiteral("trusted-proxies")).split(u',', Qt::SkipEmptyParts)) {
        const QHostAddress proxy(text.trimmed());
        if (proxy.isNull())
            return std::unexpected(
                QStringLiteral("--trusted-proxies must be IP addresses separated by commas, e.g. 10.0.0.2,10.0.0.3"));
        o.trustedProxies.append(proxy);
    }
    o.tlsCert = parser.value(QStringLiteral("tls-cert"));
    o.tlsKey = parser.value(QStringLiteral("tls-key"));
    if (o.tlsCert.isEmpty() != o.tlsKey.isEmpty())
        return std::unexpected(QStringLiteral("--tls-cert and --tls-key go together."));

    o.metrics = parser.isSet(QStringLiteral("metrics"));
    if (parser.isSet(QStringLiteral("metrics-token-file"))) {
        if (!o.metrics)
            return std::unexpected(QStringLiteral("--metrics-token-file needs --metrics"));
        auto hash = readMetricsToken(parser.value(QStringLiteral("metrics-token-file")));
        if (!hash)
            return std::unexpected(hash.error());
        o.metricsTokenHash = *hash;
    }
    o.publicUrl = parser.value(QStringLiteral("public-url"));
    o.previewWorker = parser.value(QStringLiteral("preview-worker"));
    o.secretKeyFile = parser.value(QStringLiteral("secret-key-file"));
    if (o.secretKeyFile.isEmpty())
        o.secretKeyFile = QDir(o.dataDir).filePath(QStringLiteral("secret.key"));
    if (!o.publicUrl.isEmpty()) {
        const QUrl url(o.publicUrl, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"http" && url.scheme() != u"https"))
            return std::unexpected(
                QStringLiteral("--public-url must be an http(s) URL, e.g. https://portal.example.com"));
    }
    o.smtpUrl = parser.value(QStringLiteral("smtp-url"));
    if (!o.smtpUrl.isEmpty()) {
        const QUrl url(o.smtpUrl, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"smtp" && url.scheme() != u"smtps"))
            return std::unexpected(QStringLiteral("--smtp-url must be smtp://HOST[:PORT] or smtps://HOST[:PORT]"));
    }
    o.smtpUser = parser.value(QStringLiteral("smtp-user"));
    if (parser.isSet(QStringLiteral("smtp-password-file"))) {
        QFile file(parser.value(QStringLiteral("smtp-password-file")));
        if (!file.open(QIODevice::ReadOnly))
            return std::unexpected(QStringLiteral("cannot read --smtp-password-file: %1").arg(file.errorString()));
        o.smtpPassword = QString::fromUtf8(file.readAll()).trimmed();
    }
    if (parser.isSet(QStringLiteral("mail-from"))) {
        o.mailFrom = parser.value(QStringLiteral("mail-from")).trimmed();
        if (!EntitySchema::isValidEmail(o.mailFrom))
            return std::unexpected(QStringLiteral("--mail-from must be an e-mail address."));
    }

    o.name = parser.value(QStringLiteral("name"));
    o.slug = parser.value(QStringLiteral("slug"));
    o.email = parser.isSet(QStringLiteral("admin-email")) ? parser.value(QStringLiteral("admin-email"))
                                                          : parser.value(QStringLiteral("email"));
    o.org = parser.value(QStringLiteral("org"));
    o.role = parser.value(QStringLiteral("role"));
    o.backupDir = parser.value(o.command == u"restore" ? QStringLiteral("from") : QStringLiteral("to"));
    if (parser.isSet(QStringLiteral("quota-bytes"))) {
        bool ok = false;
        o.quotaBytes = parser.value(QStringLiteral("quota-bytes")).toLongLong(&ok);
        if (!ok || o.quotaBytes < 0)
            return std::unexpected(QStringLiteral("--quota-bytes must be a number of bytes."));
    }

    struct IntOption
    {
        const char *name;
        int *target;
        int min;
        int max;
    };
    const IntOption ints[] = {
        {"staff-token-ttl", &o.staffTokenTtlSeconds, 1, 365 * 24 * 3600},
        {"login-lockout-seconds", &o.loginLockoutSeconds, 1, 900},
        {"login-max-failures", &o.loginMaxFailures, 1, 100},
        {"tombstone-retention-days", &o.tombstoneRetentionDays, 1, 3650},
        {"unused-logo-retention-days", &o.unusedLogoRetentionDays, 1, 3650},
        {"housekeeping-seconds", &o.housekeepingSeconds, 1, 24 * 3600},
        {"header-timeout-ms", &o.headerTimeoutMs, 100, 600000},
        {"idle-timeout-ms", &o.idleTimeoutMs, 100, 3600000},
        {"body-timeout-ms", &o.bodyTimeoutMs, 100, 3600000},
        {"threads", &o.threads, 1, 256},
        {"bulk-threads", &o.bulkThreads, 1, 256},
        {"max-connections", &o.maxConnections, 1, 1000000},
        {"min-transfer-rate", &o.minBytesPerSecond, 1, 1 << 30},
        {"mail-retry-seconds", &o.mailRetrySeconds, 1, 3600},
        {"mail-batch-seconds", &o.mailBatchSeconds, 1, 24 * 3600},
        {"mail-daily-seconds", &o.mailDailySeconds, 1, 7 * 24 * 3600},
        {"signoff-reminder-seconds", &o.signoffReminderSeconds, 1, 7 * 24 * 3600},
        {"portal-upload-limit-mb", &o.portalUploadLimitMiB, 1, 64 * 1024},
        {"older-than-days", &o.olderThanDays, 0, 3650},
        {"upload-reservation-idle-minutes", &o.uploadReservationIdleMinutes, 1, 24 * 60},
    };
    for (const IntOption &option : ints) {
        const QString name = QString::fromLatin1(option.name);
        if (!parser.isSet(name))
            continue;
        auto value = intOption(parser, name, option.min, option.max);
        if (!value)
            return std::unexpected(value.error());
        *option.target = *value;
    }

    // Each command names what it needs.
    auto require = [&](const QStringList &names) -> std::expected<void, QString> {
        for (const QString &name : names) {
            if (parser.value(name).trimmed().isEmpty())
                return std::unexpected(QStringLiteral("%1 needs --%2.").arg(o.command, name));
        }
        return {};
    };
    std::expected<void, QString> needs;
    if (o.command == u"create-org")
        needs = require({QStringLiteral("name"), QStringLiteral("slug"), QStringLiteral("admin-email")});
    else if (o.command == u"add-staff")
        needs =
            require({QStringLiteral("org"), QStringLiteral("email"), QStringLiteral("name"), QStringLiteral("role")});
    else if (o.command == u"reset-password")
        needs = require({QStringLiteral("email")});
    else if (o.command == u"create-demo")
        needs = require({QStringLiteral("admin-email")});
    else if (o.command == u"backup")
        needs = require({QStringLiteral("to")});
    else if (o.command == u"restore")
        needs = require({QStringLiteral("from")});
    if (!needs)
        return std::unexpected(needs.error());
    return o;
}
