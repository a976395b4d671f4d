// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <expected>
#include <optional>

#include "server/api/apioptions.h"
#include "server/app/serverlog.h"
#include "server/mail/mailer.h"
#include "server/storage/s3client.h"

// Everything the command line decides, parsed once in main() and read by the parts of the server.
struct ServerOptions
{
    QString command; // "" (serve), "create-org", "add-staff", "create-demo", "reset-password", "migrate", "check",
                     // "purge-tombstones", "purge-unused-logos", "backup", "restore"
    QString configFile; // the settings file read (--config, or the installed one); empty for none
    QString dataDir;
    QString databaseUrl;
    // --blob-store s3://bucket/prefix (with --s3-endpoint, --s3-region, --s3-credentials-file): file
    // contents in an S3-compatible store; without it, in DATA_DIR/blobs.
    std::optional<S3Config> s3;
    QHostAddress listenAddress = QHostAddress::LocalHost;
    // Load balancers whose X-Forwarded-For names the client (--trusted-proxies).
    QList<QHostAddress> trustedProxies;
    quint16 listenPort = 8080;
    QString tlsCert;
    QString tlsKey;
    QString publicUrl; // how clients reach the server (links in e-mails); default: the listen address

    // Mail: SMTP through libcurl when smtpUrl is set, else .eml files in DATA_DIR/outbox.
    QString smtpUrl; // smtp://host:587 (STARTTLS) or smtps://host:465
    QString smtpUser;
    QString smtpPassword; // read from --smtp-password-file, never from the command line
    QString mailFrom = QStringLiteral("atrium@localhost");
    int mailRetrySeconds = 30; // first retry of a failed delivery; doubles up to an hour
    int mailBatchSeconds = 300; // notification mail: gathered this long, at most one per recipient per this
    int mailDailySeconds = 24 * 3600; // a daily digest's spacing
    int signoffReminderSeconds = 24 * 3600; // at most one sign-off reminder per approver per this

    int portalUploadLimitMiB = 2048; // the largest file a client may upload
    QString previewWorker; // --preview-worker: the atrium-preview binary (default: next to this one)
    QString secretKeyFile; // --secret-key-file (default DATA_DIR/secret.key)
    ServerLog::Format logFormat = ServerLog::Format::Plain; // --log-format plain|json
    bool metrics = false; // --metrics: serve GET /metrics
    QByteArray metricsTokenHash; // SHA-256 of the token in --metrics-token-file; empty without one

    // create-org / add-staff / create-demo / reset-password
    QString name;
    QString slug;
    QString email;
    QString org;
    QString role;
    qint64 quotaBytes = qint64(10) * 1024 * 1024 * 1024;
    QString backupDir; // backup --to, restore --from

    // Tunables (documented in --help); tests shorten the timeouts.
    int staffTokenTtlSeconds = 30 * 24 * 3600;
    int loginLockoutSeconds = 60;
    int loginMaxFailures = 5;
    int tombstoneRetentionDays = 90;
    int housekeepingSeconds = 3600; // how often expired things are purged (by the leading instance)
    int unusedLogoRetentionDays = 1; // a stored logo no organisation uses, before it goes
    int headerTimeoutMs = 10000;
    int idleTimeoutMs = 30000;
    int bodyTimeoutMs = 30000;
    int threads = 0; // 0 = max(8, 2 × cores)
    int bulkThreads = 0; // 0 = max(1, cores - 1)
    int maxConnections = 0; // 0 = derived from the descriptor limit (see ServerCli)
    int minBytesPerSecond = 1024; // slowest average a request body or a response may move at
    int olderThanDays = -1; // purge-tombstones, purge-unused-logos
    int uploadReservationIdleMinutes = 60; // an upload with no chunk for this long gives back its quota

    // The parts each layer is given (nothing reads the command line through a global).
    MailerOptions mailerOptions() const;
    ApiOptions apiOptions() const;

    static std::expected<ServerOptions, QString> parse(const QStringList &arguments, QString *helpText = nullptr,
        bool *wantsHelp = nullptr, bool *wantsVersion = nullptr);
};
