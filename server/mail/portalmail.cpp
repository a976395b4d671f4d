// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/mail/portalmail.h"

#include <QDateTime>

#include "common/colorcontrast.h"
#include "common/timeutil.h"
#include "server/mail/mailtext.h"

namespace {

QString colour(const QVariantHash &org, const char *field, const char *fallback)
{
    const QString value = org.value(QString::fromLatin1(field)).toString();
    return ColorContrast::luminance(value) ? value : QString::fromLatin1(fallback);
}

// What one e-mail says; the frame around it is the same for all.
struct Content
{
    QString language;
    QString subject;
    QString contactName;
    QStringList paragraphs; // plain text; escaped for HTML
    QString welcome; // the organisation's welcome text, when this mail carries it
    QString buttonText;
    QString link;
    QStringList notes; // small print under the button
    QList<MailDigest::Section> sections; // a digest's lines, between the paragraphs and the button
    QString why; // small print at the end: why this mail came
    QString preferencesLink; // and where to change that
    QString unsubscribeUrl;
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

    const auto tr = [&c](QStringView key) {
        return MailText::text(c.language, key);
    };
    QString plain = tr(u"frame.hello").arg(c.contactName) + QStringLiteral("\n\n");
    for (const QString &p : c.paragraphs)
        plain += p + QStringLiteral("\n\n");
    if (!c.welcome.isEmpty())
        plain += c.welcome + QStringLiteral("\n\n");
    for (const MailDigest::Section &section : c.sections) {
        plain += section.heading + QStringLiteral("\n");
        for (const MailDigest::Line &line : section.lines) {
            plain += QStringLiteral("- ") + line.text + QStringLiteral("\n");
            if (!line.link.isEmpty())
                plain += QStringLiteral("  ") + line.link + QStringLiteral("\n");
        }
        plain += QStringLiteral("\n");
    }
    if (!c.link.isEmpty())
        plain += c.buttonText + QStringLiteral(":\n") + c.link + QStringLiteral("\n\n");
    for (const QString &n : c.notes)
        plain += n + QStringLiteral("\n\n");
    plain += QStringLiteral("— %1\n").arg(m.fromName);
    if (!c.preferencesLink.isEmpty())
        plain += QStringLiteral("\n%1\n%2:\n%3\n").arg(c.why, tr(u"frame.preferences"), c.preferencesLink);
    m.text = plain;
    if (!c.unsubscribeUrl.isEmpty()) {
        m.headers.append({"List-Unsubscribe", u'<' + c.unsubscribeUrl + u'>'});
        m.headers.append({"List-Unsubscribe-Post", QStringLiteral("List-Unsubscribe=One-Click")});
    }

    const QString safeLink = c.link.toHtmlEscaped();
    QString html = QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%1</title></head>"
                                  "<body style=\"margin:0;padding:24px;background:%2;color:%3;"
                                  "font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5\">"
                                  "<div style=\"max-width:560px;margin:0 auto\">"
                                  "<h1 style=\"font-size:22px;color:%4;margin:0 0 16px\">%5</h1>")
                       .arg(c.subject.toHtmlEscaped(), background, text, primary, orgName.toHtmlEscaped());
    html += QStringLiteral("<p>%1</p>").arg(tr(u"frame.hello").arg(c.contactName).toHtmlEscaped());
    for (const QString &p : c.paragraphs)
        html += QStringLiteral("<p>%1</p>").arg(p.toHtmlEscaped());
    if (!c.welcome.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(c.welcome.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")));
    for (const MailDigest::Section &section : c.sections) {
        html += QStringLiteral("<h2 style=\"font-size:17px;margin:24px 0 8px\">%1</h2><ul style=\"padding-left:20px\">")
                    .arg(section.heading.toHtmlEscaped());
        for (const MailDigest::Line &line : section.lines) {
            html += line.link.isEmpty() ? QStringLiteral("<li>%1</li>").arg(line.text.toHtmlEscaped())
                                        : QStringLiteral("<li><a href=\"%1\" style=\"color:%2\">%3</a></li>")
                                              .arg(line.link.toHtmlEscaped(), primary, line.text.toHtmlEscaped());
        }
        html += QStringLiteral("</ul>");
    }
    if (!c.link.isEmpty()) {
        html +=
            QStringLiteral("<p style=\"margin:28px 0\"><a href=\"%1\" style=\"background:%2;color:%3;"
                           "padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block\">%4</a></p>"
                           "<p style=\"font-size:14px\">%5 <br><a href=\"%1\" style=\"color:%2\">%1</a></p>")
                .arg(safeLink, primary, onPrimary, c.buttonText.toHtmlEscaped(), tr(u"frame.orOpen").toHtmlEscaped());
    }
    for (const QString &n : c.notes)
        html += QStringLiteral("<p style=\"font-size:14px\">%1</p>").arg(n.toHtmlEscaped());
    html += QStringLiteral("<p>— %1</p>").arg(m.fromName.toHtmlEscaped());
    if (!c.preferencesLink.isEmpty())
        html += QStringLiteral("<p style=\"font-size:13px;margin-top:32px\">%1 <a href=\"%2\" style=\"color:%3\">"
                               "%4</a>.</p>")
                    .arg(c.why.toHtmlEscaped(), c.preferencesLink.toHtmlEscaped(), primary,
                        tr(u"frame.preferences").toHtmlEscaped());
    html += QStringLiteral("</div></body></html>");
    m.html = html;
    return m;
}

} // namespace

MailMessage PortalMail::invite(const QVariantHash &org, const QString &contactName, const QString &to,
    const QString &link, const QString &expiresAt, const QString &language)
{
    const QString orgName = org.value(QStringLiteral("name")).toString();
    const auto expires = TimeUtil::fromWire(expiresAt);
    const QString until = expires ? MailText::longDate(language, expires->date()) : QString();
    const auto tr = [&language](QStringView key) {
        return MailText::text(language, key);
    };
    Content c;
    c.language = language;
    c.subject = tr(u"invite.subject").arg(orgName);
    c.contactName = contactName;
    c.paragraphs = {tr(u"invite.body").arg(orgName)};
    c.welcome = org.value(QStringLiteral("brand_welcome_text")).toString().trimmed();
    c.buttonText = tr(u"invite.button");
    c.link = link;
    if (!until.isEmpty())
        c.notes.append(tr(u"invite.until").arg(until));
    c.notes.append(tr(u"invite.ignore").arg(orgName));
    return branded(org, to, c);
}

MailMessage PortalMail::passwordReset(const QVariantHash &org, const QString &contactName, const QString &to,
    const QString &link, int minutes, const QString &language)
{
    const QString orgName = org.value(QStringLiteral("name")).toString();
    const auto tr = [&language](QStringView key) {
        return MailText::text(language, key);
    };
    Content c;
    c.language = language;
    c.subject = tr(u"reset.subject").arg(orgName);
    c.contactName = contactName;
    c.paragraphs = {tr(u"reset.body").arg(orgName).arg(minutes)};
    c.buttonText = tr(u"reset.button");
    c.link = link;
    c.notes = {tr(u"reset.ignore")};
    return branded(org, to, c);
}

MailMessage PortalMail::signInLink(const QVariantHash &org, const QString &contactName, const QString &to,
    const QString &link, int minutes, const QString &language)
{
    const QString orgName = org.value(QStringLiteral("name")).toString();
    const auto tr = [&language](QStringView key) {
        return MailText::text(language, key);
    };
    Content c;
    c.language = language;
    c.subject = tr(u"signIn.subject").arg(orgName);
    c.contactName = contactName;
    c.paragraphs = {tr(u"signIn.body").arg(orgName).arg(minutes)};
    c.buttonText = tr(u"signIn.button");
    c.link = link;
    c.notes = {tr(u"signIn.ignore")};
    return branded(org, to, c);
}

MailMessage PortalMail::securityNotice(const QVariantHash &org, const QString &name, const QString &to,
    const QString &subject, const QString &what, const QString &language)
{
    Content c;
    c.language = language;
    c.subject = subject;
    c.contactName = name;
    c.paragraphs = {what};
    c.notes = {MailText::text(language, u"security.note").arg(org.value(QStringLiteral("name")).toString())};
    return branded(org, to, c);
}

MailMessage PortalMail::signoffRequest(const QVariantHash &org, const SignoffRequest &r)
{
    const QString orgName = org.value(QStringLiteral("name")).toString();
    const QDate due = QDate::fromString(r.dueDate, Qt::ISODate);
    const QString dueText = due.isValid() ? MailText::longDate(r.language, due) : QString();
    const auto tr = [&r](QStringView key) {
        return MailText::text(r.language, key);
    };
    Content c;
    c.language = r.language;
    c.contactName = r.contactName;
    if (r.reminder) {
        c.subject = tr(u"signoff.reminderSubject").arg(r.title);
        c.paragraphs = {tr(u"signoff.reminderBody").arg(orgName, r.title, r.projectName)};
    } else if (r.round > 1) {
        c.subject = tr(u"signoff.roundSubject").arg(r.title).arg(r.round);
        c.paragraphs = {tr(u"signoff.roundBody").arg(orgName, r.title, r.projectName).arg(r.round)};
    } else {
        c.subject = tr(u"signoff.subject").arg(orgName, r.title);
        c.paragraphs = {tr(u"signoff.body").arg(orgName, r.title, r.projectName)};
    }
    if (!dueText.isEmpty())
        c.paragraphs.append(tr(u"signoff.due").arg(dueText));
    c.buttonText = tr(u"signoff.button");
    c.link = r.link;
    c.notes = {tr(u"signoff.personal"), tr(u"signoff.recorded")};
    return branded(org, r.to, c);
}

MailMessage PortalMail::digest(const QVariantHash &org, const MailDigest &d)
{
    Content c;
    c.language = d.language;
    c.subject = d.subject;
    c.contactName = d.recipientName;
    if (!d.intro.isEmpty())
        c.paragraphs = {d.intro};
    c.sections = d.sections;
    c.buttonText = d.buttonText;
    c.link = d.buttonLink;
    c.why = d.why;
    c.preferencesLink = d.preferencesLink;
    c.unsubscribeUrl = d.unsubscribeUrl;
    return branded(org, d.to, c);
}
