// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QList>
#include <QString>

// The mail a server without SMTP wrote to its outbox (<data dir>/outbox/*.eml), read back for
// tests: one reader of the files, so that every test sees the messages the same way.
namespace Outbox {

struct Mail
{
    QString file; // its name in the outbox; names sort by time
    QByteArray raw;

    QByteArray headers() const { return raw.left(raw.indexOf("\r\n\r\n")); }

    // One header's value as written (a Subject that is not ASCII is still RFC 2047 encoded).
    QByteArray header(const QByteArray &name) const
    {
        const QByteArray prefix = "\r\n" + name + ": ";
        const QByteArray head = "\r\n" + headers() + "\r\n";
        const qsizetype at = head.indexOf(prefix);
        if (at < 0)
            return {};
        const qsizetype from = at + prefix.size();
        return head.mid(from, head.indexOf("\r\n", from) - from);
    }

    // The Subject, decoded as the mailer encodes one that is not ASCII (RFC 2047, UTF-8, base64).
    QString subject() const
    {
        QByteArray subject = header("Subject");
        if (subject.startsWith("=?UTF-8?B?") && subject.endsWith("?="))
            subject = QByteArray::fromBase64(subject.mid(10, subject.size() - 12));
        return QString::fromUtf8(subject);
    }

    // The plain-text part: base64 lines up to the next boundary.
    QString text() const
    {
        const qsizetype start = raw.indexOf("text/plain");
        if (start < 0)
            return {};
        const qsizetype body = raw.indexOf("\r\n\r\n", start) + 4;
        const qsizetype end = raw.indexOf("\r\n--", body);
        return QString::fromUtf8(QByteArray::fromBase64(raw.mid(body, end - body).replace("\r\n", "")));
    }
};

// The mails to `to` (every mail when empty), oldest first.
inline QList<Mail> mailsTo(const QString &dataDir, const QString &to = {})
{
    QList<Mail> mails;
    const QDir outbox(QDir(dataDir).filePath(QStringLiteral("outbox")));
    const QByteArray recipient = "\r\nTo: <" + to.toUtf8() + ">\r\n";
    for (const QString &name : outbox.entryList({QStringLiteral("*.eml")}, QDir::Files, QDir::Name)) {
        QFile f(outbox.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            continue; // taken by the mailer meanwhile
        Mail mail{name, f.readAll()};
        if (to.isEmpty() || mail.raw.contains(recipient))
            mails.append(std::move(mail));
    }
    return mails;
}

} // namespace Outbox
