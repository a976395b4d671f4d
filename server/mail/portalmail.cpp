// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/mail/portalmail.h"

#include <QDateTime>
#include <QLocale>

#include "common/colorcontrast.h"
#include "common/timeutil.h"

namespace {

QString colour(const QVariantHash &org, const char *field, const char *fallback)
{
    const QString value = org.value(QString::fromLatin1(field)).toString();
    return ColorContrast::luminance(value) ? value : QString::fromLatin1(fallback);
}

// What one e-mail says; the frame around it is the same for all.
struct Content
{
    QString subject;
    QString contactName;
    QStringList paragraphs; // plain text; escaped for HTML
    QString welcome; // the organisation's welcome text, when this mail carries it
    QString buttonText;
    QString link;
    QStringList notes; // small print under the button
};

MailMessage branded(const QVariantHash &org, const QString &to, const Content &c)
{
    const QString orgName = org.value(QStringLiteral("name")).toString();
    const QString sender = org.value(QStringLiteral("email_sender_name")).toString().trimmed();
    const QString primary = colour(org, "brand_primary_color", "#1f4e79");
    const QString background = colour(org, "brand_background_color", "#ffffff");
    const QString text = colour(org, "brand_text_color", "#1a1a1a");
    const QString onPrimary = ColorContrast::readableOn(primary);

    MailMessage m;
    m.to = to;
    m.fromName = sender.isEmpty() ? orgName : sender;
    m.subject = c.subject;

    QString plain = QStringLiteral("Hello %1,\n\n").arg(c.contactName);
    for (const QString &p : c.paragraphs)
        plain += p + QStringLiteral("\n\n");
    if (!c.welcome.isEmpty())
        plain += c.welcome + QStringLiteral("\n\n");
    plain += c.buttonText + QStringLiteral(":\n") + c.link + QStringLiteral("\n\n");
    for (const QString &n : c.notes)
        plain += n + QStringLiteral("\n\n");
    plain += QStringLiteral("— %1\n").arg(m.fromName);
    m.text = plain;

    const QString safeLink = c.link.toHtmlEscaped();
    QString html = QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%1</title></head>"
                                  "<body style=\"margin:0;padding:24px;background:%2;color:%3;"
                                  "font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5\">"
                                  "<div style=\"max-width:560px;margin:0 auto\">"
                                  "<h1 style=\"font-size:22px;color:%4;margin:0 0 16px\">%5</h1>")
                       .arg(c.subject.toHtmlEscaped(), background, text, primary, orgName.toHtmlEscaped());
    html += QStringLiteral("<p>Hello %1,</p>").arg(c.contactName.toHtmlEscaped());
    for (const QString &p : c.paragraphs)
        html += QStringLiteral("<p>%1</p>").arg(p.toHtmlEscaped());
    if (!c.welcome.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(c.welcome.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")));
    html += QStringLiteral(
        "<p style=\"margin:28px 0\"><a href=\"%1\" style=\"background:%2;color:%3;"
        "padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block\">%4</a></p>"
        "<p style=\"font-size:14px\">Or open this address: <br><a href=\"%1\" style=\"color:%2\">%1</a></p>")
                .arg(safeLink, primary, onPrimary, c.buttonText.toHtmlEscaped());
    for (const QString &n : c.notes)
        html += QStringLiteral("<p style=\"font-size:14px\">%1</p>").arg(n.toHtmlEscaped());
    html += QStringLiteral("<p>— %1</p></div></body></html>").arg(m.fromName.toHtmlEscaped());
    m.html = html;
    return m;
}

} // namespace

MailMessage PortalMail::invite(const QVariantHash &org, const QString &contactName, const QString &to,
    const QString &link, const QString &expiresAt)
{
    const QString orgName = org.value(QStringLiteral("name")).toString();
    const auto expires = TimeUtil::fromWire(expiresAt);
    const QString until = expires ? QLocale::c().toString(expires->date(), QStringLiteral("d MMMM yyyy")) : QString();
    Content c;
    c.subject = QStringLiteral("%1 invites you to their client portal").arg(orgName);
    c.contactName = contactName;
    c.paragraphs = {QStringLiteral("%1 has invited you to their client portal, where you can follow your projects, "
                                   "download files and approve work.")
                        .arg(orgName)};
    c.welcome = org.value(QStringLiteral("brand_welcome_text")).toString().trimmed();
    c.buttonText = QStringLiteral("Set up your account");
    c.link = link;
    if (!until.isEmpty())
        c.notes.append(QStringLiteral("The link works once and until %1.").arg(until));
    c.notes.append(QStringLiteral("If you did not expect this, you can ignore this e-mail; ask %1 for a new link if it "
                                  "has expired.")
                       .arg(orgName));
    return branded(org, to, c);
}

MailMessage PortalMail::passwordReset(
    const QVariantHash &org, const QString &contactName, const QString &to, const QString &link, int minutes)
{
    const QString orgName = org.value(QStringLiteral("name")).toString();
    Content c;
    c.subject = QStringLiteral("Choose a new password for %1's client portal").arg(orgName);
    c.contactName = contactName;
    c.paragraphs = {QStringLiteral("Someone (hopefully you) asked to choose a new password for %1's client portal. "
                                   "Use this link within %2 minutes.")
                        .arg(orgName)
                        .arg(minutes)};
    c.buttonText = QStringLiteral("Choose a new password");
    c.link = link;
    c.notes = {QStringLiteral("If it was not you, ignore this e-mail; your password stays as it is.")};
    return branded(org, to, c);
}

MailMessage PortalMail::signoffSent(const QVariantHash &org, const QString &contactName, const QString &to,
    const QString &signoffTitle, const QString &projectName, const QString &link)
{
    const QString orgName = org.value(QStringLiteral("name")).toString();
    Content c;
    c.subject = QStringLiteral("Please review: %1").arg(signoffTitle);
    c.contactName = contactName;
    c.paragraphs = {QStringLiteral("%1 asks for your sign-off on \"%2\" in the project %3.")
                        .arg(orgName, signoffTitle, projectName),
        QStringLiteral("You can look at the attached files and approve or reject it, with a comment, in the client "
                       "portal.")};
    c.buttonText = QStringLiteral("Review the sign-off");
    c.link = link;
    return branded(org, to, c);
}
