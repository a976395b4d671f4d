// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QVariantHash>

#include "server/mail/mailer.h"

// The e-mails the portal sends to clients, in HTML (inline styles, as mail clients want) and plain
// text, all branded alike: the organisation's name, sender name, primary, background and text
// colours, and (on the invitation) its welcome text. `organisation` is the organisation's stored row.
// Each is written in `language` (MailText: "en" or "de"; the recipient's, chosen by ContactLanguages),
// its dates too.
// A notification e-mail that gathers what happened since the last one (MailDigests): sections (one
// per project) of lines, each naming one thing and linking to it, and the links that let the
// recipient choose how often such mail comes, or stop it, without signing in.
struct MailDigest
{
    struct Line
    {
        QString text;
        QString link; // empty: no link (staff mail names things the desktop opens)
    };
    struct Section
    {
        QString heading;
        QList<Line> lines;
    };
    QString to;
    QString recipientName;
    QString subject;
    QString intro;
    QList<Section> sections;
    QString buttonText;
    QString buttonLink;
    QString why; // why the recipient gets this mail
    QString preferencesLink; // a page to choose immediate / daily / off
    QString unsubscribeUrl; // RFC 8058 one-click: List-Unsubscribe with List-Unsubscribe-Post
    QString language = QStringLiteral("en"); // of the frame around the lines
};

namespace PortalMail {
// The invitation, with the sign-up link (which carries the token).
MailMessage invite(const QVariantHash &organisation, const QString &contactName, const QString &to, const QString &link,
    const QString &expiresAt, const QString &language);
// A link to choose a new password, valid for `minutes`.
MailMessage passwordReset(const QVariantHash &organisation, const QString &contactName, const QString &to,
    const QString &link, int minutes, const QString &language);
// A sign-off waiting for `contactName`'s answer, with its personal link: when it is sent (a new
// round says so) and, as a reminder, while it waits (`reminder`); `dueDate` is YYYY-MM-DD or empty.
struct SignoffRequest
{
    QString contactName;
    QString to;
    QString title;
    QString projectName;
    QString link;
    QString dueDate;
    int round = 1;
    bool reminder = false;
    QString language = QStringLiteral("en");
};
MailMessage signoffRequest(const QVariantHash &organisation, const SignoffRequest &request);
// A link that signs the contact in once, valid for `minutes`.
MailMessage signInLink(const QVariantHash &organisation, const QString &contactName, const QString &to,
    const QString &link, int minutes, const QString &language);
// A change to how someone signs in (two-factor sign-in reset, recovery codes replaced or used),
// told to them at once so that a change they did not make does not go unnoticed.
MailMessage securityNotice(const QVariantHash &organisation, const QString &name, const QString &to,
    const QString &subject, const QString &what, const QString &language = QStringLiteral("en"));
// A digest (see MailDigest), branded like the rest.
MailMessage digest(const QVariantHash &organisation, const MailDigest &digest);
} // namespace PortalMail
