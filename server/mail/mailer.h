// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <expected>

#include "common/error.h"

class WriteTransaction;

// One e-mail, with a plain-text and an HTML body.
struct MailMessage
{
    QString to;
    QString fromName; // shown before the sender address, e.g. the organisation's sender name
    QString subject;
    QString text;
    QString html;
    // More header fields (List-Unsubscribe, List-Unsubscribe-Post): a name of letters, digits and
    // hyphens, and a value on one line; anything else is dropped when the message is composed.
    QList<QPair<QByteArray, QString>> headers;
};

// Outgoing mail. Messages are queued in the database in the transaction of whatever caused them
// (an invite is never committed without its e-mail, nor an e-mail sent for a rolled-back invite)
// and delivered by a worker: through SMTP with libcurl when the server has --smtp-url, otherwise
// written as DATA_DIR/outbox/*.eml and logged, so a fresh install works with no mail server.
// Failed deliveries are retried with back-off (--mail-retry-seconds, 30 s by default, doubling up
// to an hour; at most 20 attempts).
// How mail leaves this server, from the command line (ServerCli passes it in).
struct MailerOptions
{
    QString outboxDir; // DATA_DIR/outbox, where .eml files go without SMTP
    QString smtpUrl; // smtp://host:587 (STARTTLS) or smtps://host:465; empty: the outbox
    QString smtpUser;
    QString smtpPassword;
    QString mailFrom = QStringLiteral("atrium@localhost");
    int retrySeconds = 30; // first retry of a failed delivery; doubles up to an hour
};

namespace Mailer {

// Queues a message in the caller's transaction.
std::expected<void, Error> enqueue(WriteTransaction &tx, const QString &orgId, const MailMessage &message);
// Delivers what is due, at most `limit` messages; the number delivered. Runs on a worker thread.
int deliverDue(const MailerOptions &options, int limit = 20);
// Messages in the queue not delivered yet: `pending` will still be tried, `failed` have had every
// attempt and are given up (for GET /metrics).
struct QueueDepth
{
    qint64 pending = 0;
    qint64 failed = 0;
};
std::expected<QueueDepth, Error> queueDepth();
// Delivers one message now (SMTP or outbox); no queue.
std::expected<void, Error> deliver(const MailerOptions &options, const MailMessage &message);
// The message as RFC 5322 text: multipart/alternative, UTF-8, base64 bodies, encoded headers.
QByteArray compose(const MailMessage &message, const QString &fromAddress);

} // namespace Mailer
