// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/preview/certificate.h"

#include <QCoreApplication>
#include <QFile>
#include <QFont>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Certificate", text);
}

QString esc(const QJsonValue &value)
{
    return value.toVariant().toString().toHtmlEscaped();
}

// Wire times are UTC; the certificate says so rather than guessing the reader's zone.
QString utc(const QJsonValue &value)
{
    const QDateTime at = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!at.isValid())
        return esc(value);
    return at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}

QString outcomeText(const QString &outcome)
{
    if (outcome == u"approved")
        return tr("Approved");
    if (outcome == u"rejected")
        return tr("Changes requested");
    if (outcome == u"withdrawn")
        return tr("Withdrawn");
    return tr("Not decided");
}

QString decisionText(const QString &decision)
{
    return decision == u"approved" ? tr("Approved") : tr("Changes requested");
}

QString viaText(const QString &via)
{
    return via == u"link" ? tr("personal link") : tr("client portal");
}

QString row(const QString &label, const QString &value)
{
    return QStringLiteral("<tr><td class='label'>%1</td><td>%2</td></tr>").arg(label.toHtmlEscaped(), value);
}

QString roundHtml(const QJsonObject &round)
{
    QString html = QStringLiteral("<h2>%1</h2>").arg(tr("Round %1").arg(round.value(u"round").toInt()).toHtmlEscaped());
    html += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    html += row(tr("Sent"), utc(round.value(u"sent_at")));
    html += row(tr("Outcome"),
        outcomeText(round.value(u"outcome").toString()).toHtmlEscaped()
            + (round.value(u"decided_at").isString() ? QStringLiteral(", ") + utc(round.value(u"decided_at"))
                                                     : QString()));
    QStringList approvers;
    for (const QJsonValue &a : round.value(u"approvers").toArray())
        approvers << QStringLiteral("%1 &lt;%2&gt;").arg(esc(a[u"name"]), esc(a[u"email"]));
    html += row(tr("Required approvers"),
        approvers.isEmpty() ? tr("Anyone with access").toHtmlEscaped() : approvers.join(QStringLiteral("<br>")));
    html += QStringLiteral("</table>");

    html += QStringLiteral("<h3>%1</h3>").arg(tr("Files").toHtmlEscaped());
    const QJsonArray files = round.value(u"files").toArray();
    if (files.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(tr("No files were attached.").toHtmlEscaped());
    for (const QJsonValue &f : files) {
        html += QStringLiteral("<p class='file'>%1 (%2)<br><span class='hash'>SHA-256 %3</span></p>")
                    .arg(esc(f[u"name"]),
                        QLocale(QLocale::English).formattedDataSize(f[u"size"].toInteger()).toHtmlEscaped(),
                        esc(f[u"sha256"]));
    }

    html += QStringLiteral("<h3>%1</h3>").arg(tr("Answers").toHtmlEscaped());
    const QJsonArray answers = round.value(u"answers").toArray();
    if (answers.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(tr("No answers.").toHtmlEscaped());
    for (const QJsonValue &a : answers) {
        html += QStringLiteral("<p class='answer'><b>%1</b> — %2 &lt;%3&gt;<br>%4<br>%5")
                    .arg(decisionText(a[u"decision"].toString()).toHtmlEscaped(), esc(a[u"name"]), esc(a[u"email"]),
                        tr("%1, from %2, via %3")
                            .arg(utc(a[u"at"]), esc(a[u"address"]), viaText(a[u"via"].toString()).toHtmlEscaped()),
                        a[u"comment"].toString().isEmpty() ? QString()
                                                           : tr("Comment: %1").toHtmlEscaped().arg(esc(a[u"comment"])));
        html += QStringLiteral("</p>");
    }
    return html;
}

} // namespace

int renderCertificate(const QString &input, const QString &output)
{
    QFile in(input);
    if (!in.open(QIODevice::ReadOnly))
        return 3;
    QJsonParseError error{};
    const QJsonObject facts = QJsonDocument::fromJson(in.read(4 * 1024 * 1024), &error).object();
    if (error.error != QJsonParseError::NoError || facts.isEmpty())
        return 3;

    QString html =
        QStringLiteral("<html><head><style>"
                       "body { font-size: 10pt; }"
                       "h1 { font-size: 18pt; } h2 { font-size: 13pt; margin-top: 18px; } h3 { font-size: 11pt; }"
                       "td.label { font-weight: bold; padding-right: 12px; }"
                       ".hash { font-family: 'DejaVu Sans Mono'; font-size: 8pt; }"
                       ".note { font-size: 8pt; color: #444444; }"
                       "</style></head><body>");
    html += QStringLiteral("<h1>%1</h1>").arg(tr("Sign-off certificate").toHtmlEscaped());
    html += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    html += row(tr("Organisation"), esc(facts.value(u"organisation")));
    html += row(tr("Project"), esc(facts.value(u"project")));
    html += row(tr("Sign-off"), esc(facts.value(u"title")));
    html += row(tr("Reference"), QStringLiteral("<span class='hash'>%1</span>").arg(esc(facts.value(u"signoff_id"))));
    html += row(tr("Final outcome"),
        QStringLiteral("<b>%1</b>%2")
            .arg(outcomeText(facts.value(u"status").toString()).toHtmlEscaped(),
                facts.value(u"decided_at").isString() ? QStringLiteral(", ") + utc(facts.value(u"decided_at"))
                                                      : QString()));
    html += row(tr("Issued"), utc(facts.value(u"generated_at")));
    html += QStringLiteral("</table>");
    for (const QJsonValue &round : facts.value(u"rounds").toArray())
        html += roundHtml(round.toObject());
    html += QStringLiteral("<p class='note'>%1</p>")
                .arg(tr("A file's SHA-256 identifies the exact version that was answered: any other version of the "
                        "file has another SHA-256. The same facts are in the organisation's activity log.")
                         .toHtmlEscaped());
    html += QStringLiteral("</body></html>");

    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly))
        return 5;
    {
        QPdfWriter writer(&file);
        writer.setPdfVersion(QPagedPaintDevice::PdfVersion_A1b);
        writer.setTitle(tr("Sign-off certificate: %1").arg(facts.value(u"title").toString()));
        writer.setCreator(QStringLiteral("Atrium"));
        writer.setPageLayout(QPageLayout(
            QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(18, 18, 18, 18), QPageLayout::Millimeter));
        QTextDocument document;
        // No ligatures ("ﬁ" for "fi"): the certificate's words must read back, and search, as written.
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setStyleStrategy(QFont::PreferNoShaping);
        document.setDefaultFont(font);
        document.setHtml(html);
        document.print(&writer);
    }
    return file.commit() ? 0 : 5;
}
