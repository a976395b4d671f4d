// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/invitemail.h"

#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>

#include "common/timeutil.h"

namespace {

QString colour(const QVariantHash &org, const char *field, const char *fallback)
{
    static const QRegularExpression hex(QStringLiteral("^#[0-9a-fA-F]{6}$"));
    const QString value = org.value(QString::fromLatin1(field)).toString();
    return hex.match(value).hasMatch() ? value : QString::fromLatin1(fallback);
}

} // namespace

MailMessage InviteMail::compose(const QVariantHash &org, const QString &contactName, const QString &to,
    const QString &link, const QString &expiresAt)
{
    const QString orgName = org.value(QStringLiteral("name")).toString();
    const QString sender = org.value(QStringLiteral("email_sender_name")).toString().trimmed();
    const QString welcome = org.value(QStringLiteral("brand_welcome_text")).toString().trimmed();
    const auto expires = TimeUtil::fromWire(expiresAt);
    const QString until = expires ? QLocale::c().toString(expires->date(), QStringLiteral("d MMMM yyyy")) : QString();
    const QString primary = colour(org, "brand_primary_color", "#1f4e79");
    const QString background = colour(org, "brand_background_color", "#ffffff");
    const QString text = colour(org, "brand_text_color", "#1a1a1a");

    MailMessage m;
    m.to = to;
    m.fromName = sender.isEmpty() ? orgName : sender;
    m.subject = QStringLiteral("%1 invites you to their client portal").arg(orgName);

    QString plain = QStringLiteral("Hello %1,\n\n%2 has invited you to their client portal, where you can follow "
                                   "your projects, download files and approve work.\n\n")
                        .arg(contactName, orgName);
    if (!welcome.isEmpty())
        plain += welcome + QStringLiteral("\n\n");
    plain += QStringLiteral("Set up your account here:\n%1\n\n").arg(link);
    if (!until.isEmpty())
        plain += QStringLiteral("The link works once and until %1. ").arg(until);
    plain += QStringLiteral("If you did not expect this, you can ignore this e-mail; ask %1 for a new link if it has "
                            "expired.\n\n— %2\n")
                 .arg(orgName, m.fromName);
    m.text = plain;

    const QString safeName = contactName.toHtmlEscaped();
    const QString safeOrg = orgName.toHtmlEscaped();
    const QString safeLink = link.toHtmlEscaped();
    QString html = QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%1</title></head>"
                                  "<body style=\"margin:0;padding:24px;background:%2;color:%3;"
                                  "font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5\">"
                                  "<div style=\"max-width:560px;margin:0 auto\">"
                                  "<h1 style=\"font-size:22px;color:%4;margin:0 0 16px\">%5</h1>")
                       .arg(m.subject.toHtmlEscaped(), background, text, primary, safeOrg);
    html += QStringLiteral("<p>Hello %1,</p><p>%2 has invited you to their client portal, where you can follow your "
                           "projects, download files and approve work.</p>")
                .arg(safeName, safeOrg);
    if (!welcome.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(welcome.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")));
    html += QStringLiteral(
        "<p style=\"margin:28px 0\"><a href=\"%1\" style=\"background:%2;color:#ffffff;"
        "padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block\">"
        "Set up your account</a></p>"
        "<p style=\"font-size:14px\">Or open this address: <br><a href=\"%1\" style=\"color:%2\">%1</a></p>")
                .arg(safeLink, primary);
    if (!until.isEmpty())
        html += QStringLiteral("<p style=\"font-size:14px\">The link works once and until %1.</p>")
                    .arg(until.toHtmlEscaped());
    html += QStringLiteral("<p style=\"font-size:14px\">If you did not expect this, you can ignore this e-mail; ask "
                           "%1 for a new link if it has expired.</p><p>— %2</p></div></body></html>")
                .arg(safeOrg, m.fromName.toHtmlEscaped());
    m.html = html;
    return m;
}
