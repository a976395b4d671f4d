// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/mail/mailer.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSaveFile>
#include <QUuid>

#include <curl/curl.h>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "server/storage/database.h"
#include "server/storage/logging.h"

namespace {

constexpr int maxAttempts = 20;

// Nothing a user typed may start a new header line.
QString oneLine(const QString &text)
{
    QString line = text;
    line.replace(u'\r', u' ').replace(u'\n', u' ');
    return line.trimmed();
}

QByteArray encodedWord(const QString &text)
{
    const QByteArray utf8 = oneLine(text).toUtf8();
    bool ascii = true;
    for (char c : utf8)
        ascii = ascii && uchar(c) >= 32 && uchar(c) < 127;
    if (ascii)
        return utf8;
    return "=?UTF-8?B?" + utf8.toBase64() + "?=";
}

QByteArray base64Lines(const QByteArray &data)
{
    const QByteArray encoded = data.toBase64();
    QByteArray out;
    for (qsizetype i = 0; i < encoded.size(); i += 76)
        out += encoded.mid(i, 76) + "\r\n";
    return out;
}

bool isHeaderName(const QByteArray &name)
{
    if (name.isEmpty() || name.size() > 64)
        return false;
    for (char c : name)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

// The extra header fields of a message as stored in mail_queue.headers: [[name, value], ...].
QString headersJson(const QList<QPair<QByteArray, QString>> &headers)
{
    QJsonArray array;
    for (const auto &[name, value] : headers)
        array.append(QJsonArray{QString::fromLatin1(name), value});
    // Never a null QString: that would bind as NULL.
    return array.isEmpty() ? QStringLiteral("")
                           : QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<QPair<QByteArray, QString>> headersFromJson(const QString &text)
{
    QList<QPair<QByteArray, QString>> headers;
    for (const QJsonValue &v : QJsonDocument::fromJson(text.toUtf8()).array()) {
        const QJsonArray pair = v.toArray();
        headers.append({pair.at(0).toString().toLatin1(), pair.at(1).toString()});
    }
    return headers;
}

struct ReadState
{
    QByteArray data;
    qsizetype offset = 0;
};

size_t readCallback(char *buffer, size_t size, size_t count, void *user)
{
    auto *state = static_cast<ReadState *>(user);
    const qsizetype room = qsizetype(size * count);
    const qsizetype n = qMin(room, state->data.size() - state->offset);
    if (n <= 0)
        return 0;
    memcpy(buffer, state->data.constData() + state->offset, size_t(n));
    state->offset += n;
    return size_t(n);
}

std::expected<void, Error> sendSmtp(const MailerOptions &options, const MailMessage &message, const QByteArray &data)
{
    CURL *curl = curl_easy_init();
    if (!curl)
        return std::unexpected(Error{QStringLiteral("mail_failed"), QStringLiteral("libcurl did not start")});
    char errors[CURL_ERROR_SIZE] = {};
    ReadState state{data, 0};
    const QByteArray url = options.smtpUrl.toUtf8();
    const QByteArray from = '<' + options.mailFrom.toUtf8() + '>';
    const QByteArray to = '<' + oneLine(message.to).toUtf8() + '>';
    const QByteArray user = options.smtpUser.toUtf8();
    const QByteArray password = options.smtpPassword.toUtf8();
    curl_slist *recipients = curl_slist_append(nullptr, to.constData());
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errors);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    if (!user.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
        // Credentials never travel in the clear: STARTTLS is required for smtp:// with a login.
        curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
    } else {
        curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_TRY));
    }
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readCallback);
    curl_easy_setopt(curl, CURLOPT_READDATA, &state);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    const CURLcode result = curl_easy_perform(curl);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (result != CURLE_OK) {
        const QString why = errors[0] ? QString::fromUtf8(errors) : QString::fromUtf8(curl_easy_strerror(result));
        return std::unexpected(Error{QStringLiteral("mail_failed"), why});
    }
    return {};
}

std::expected<void, Error> writeOutbox(const QString &dir, const MailMessage &message, const QByteArray &data)
{
    if (!QDir().mkpath(dir))
        return std::unexpected(Error{QStringLiteral("mail_failed"), QStringLiteral("cannot create %1").arg(dir)});
    const QString path =
        QDir(dir).filePath(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-hhmmss-zzz")) + u'-'
            + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8) + QStringLiteral(".eml"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return std::unexpected(Error{QStringLiteral("mail_failed"), file.errorString()});
    qCInfo(lcServer).noquote() << "mail to" << message.to << "written to" << path;
    return {};
}

} // namespace

QByteArray Mailer::compose(const MailMessage &message, const QString &fromAddress)
{
    const QByteArray boundary = "atrium-" + QUuid::createUuid().toString(QUuid::Id128).toLatin1();
    const QString date =
        QLocale::c().toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss"))
        + QStringLiteral(" +0000");
    const QByteArray domain = fromAddress.contains(u'@') ? fromAddress.section(u'@', 1).toUtf8() : QByteArray("atrium");
    QByteArray out;
    const QString fromName = oneLine(message.fromName);
    out += "From: " + (fromName.isEmpty() ? QByteArray() : encodedWord(fromName) + ' ') + '<'
        + oneLine(fromAddress).toUtf8() + ">\r\n";
    out += "To: <" + oneLine(message.to).toUtf8() + ">\r\n";
    out += "Subject: " + encodedWord(message.subject) + "\r\n";
    out += "Date: " + date.toLatin1() + "\r\n";
    out += "Message-ID: <" + QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1() + '@' + domain + ">\r\n";
    for (const auto &[name, value] : message.headers) {
        if (!isHeaderName(name) || name.compare("Content-Type", Qt::CaseInsensitive) == 0)
            continue;
        out += name + ": " + encodedWord(value) + "\r\n";
    }
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    out += "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    out += base64Lines(message.text.toUtf8());
    out += "--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    out += base64Lines(message.html.toUtf8());
    out += "--" + boundary + "--\r\n";
    return out;
}

std::expected<void, Error> Mailer::deliver(const MailerOptions &options, const MailMessage &message)
{
    if (!EntitySchema::isValidEmail(oneLine(message.to)))
        return std::unexpected(Error{QStringLiteral("invalid_recipient"), QStringLiteral("Not an e-mail address.")});
    const QByteArray data = compose(message, options.mailFrom);
    if (options.smtpUrl.isEmpty())
        return writeOutbox(options.outboxDir, message, data);
    return sendSmtp(options, message, data);
}

std::expected<void, Error> Mailer::enqueue(WriteTransaction &tx, const QString &orgId, const MailMessage &message)
{
    const QString now = TimeUtil::nowWire();
    auto r = Database::exec(tx.db(),
        QStringLiteral("INSERT INTO mail_queue (id, org_id, to_addr, from_name, subject, body_text, body_html, "
                       "headers, created_at, next_attempt_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"),
        {QUuid::createUuid().toString(QUuid::WithoutBraces), orgId, message.to, message.fromName, message.subject,
            message.text, message.html, headersJson(message.headers), now, now});
    if (!r)
        return std::unexpected(r.error());
    return {};
}

std::expected<Mailer::QueueDepth, Error> Mailer::queueDepth()
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q = Database::exec(*db,
        QStringLiteral("SELECT COALESCE(SUM(CASE WHEN attempts < ? THEN 1 ELSE 0 END), 0), "
                       "COALESCE(SUM(CASE WHEN attempts < ? THEN 0 ELSE 1 END), 0) FROM mail_queue "
                       "WHERE sent_at IS NULL"),
        {maxAttempts, maxAttempts});
    if (!q)
        return std::unexpected(q.error());
    QueueDepth depth;
    if (q->next()) {
        depth.pending = q->value(0).toLongLong();
        depth.failed = q->value(1).toLongLong();
    }
    return depth;
}

int Mailer::deliverDue(const MailerOptions &options, int limit)
{
    auto db = Database::connection();
    if (!db)
        return 0;
    struct Due
    {
        QString id;
        MailMessage message;
        int attempts;
    };
    QList<Due> due;
    {
        auto q = Database::exec(*db,
            QStringLiteral(
                "SELECT id, to_addr, from_name, subject, body_text, body_html, attempts, headers FROM mail_queue "
                "WHERE sent_at IS NULL AND attempts < ? AND next_attempt_at <= ? ORDER BY created_at LIMIT ?"),
            {maxAttempts, TimeUtil::nowWire(), limit});
        if (!q)
            return 0;
        while (q->next()) {
            due.append(Due{q->value(0).toString(),
                MailMessage{q->value(1).toString(), q->value(2).toString(), q->value(3).toString(),
                    q->value(4).toString(), q->value(5).toString(), headersFromJson(q->value(7).toString())},
                q->value(6).toInt()});
        }
    }
    int delivered = 0;
    for (const Due &item : std::as_const(due)) {
        // Claimed first: a lease of ten minutes on the message, taken by one conditional UPDATE,
        // so of several server instances on one database only one sends it (and another retries
        // once the lease runs out, should this one die while sending). A crash between sending
        // and recording can still repeat one (at-least-once, as mail goes).
        const QString now = TimeUtil::nowWire();
        auto claimed = Database::exec(*db,
            QStringLiteral("UPDATE mail_queue SET next_attempt_at = ? WHERE id = ? AND sent_at IS NULL "
                           "AND next_attempt_at <= ?"),
            {TimeUtil::toWire(QDateTime::currentDateTimeUtc().addSecs(600)), item.id, now});
        if (!claimed || claimed->numRowsAffected() != 1)
            continue; // another instance has it
        auto sent = deliver(options, item.message);
        if (sent) {
            ++delivered;
            (void)Database::exec(*db, QStringLiteral("UPDATE mail_queue SET sent_at = ?, attempts = ? WHERE id = ?"),
                {TimeUtil::nowWire(), item.attempts + 1, item.id});
            continue;
        }
        const int attempts = item.attempts + 1;
        const qint64 wait = qMin<qint64>(3600, qint64(options.retrySeconds) << qMin(attempts - 1, 7));
        qCWarning(lcServer).noquote() << "mail to" << item.message.to << "failed (attempt" << attempts
                                      << "):" << sent.error().message;
        (void)Database::exec(*db,
            QStringLiteral("UPDATE mail_queue SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?"),
            {attempts, sent.error().message, TimeUtil::toWire(QDateTime::currentDateTimeUtc().addSecs(wait)), item.id});
    }
    return delivered;
}
