// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QVariantHash>

#include "server/mail/mailtext.h"
#include "server/mail/portalmail.h"

// The e-mails' catalogues stay complete: every language has English's keys, each with English's
// placeholders; the recipient's language is picked from Accept-Language; and a mail written in
// German is German in both its parts, its dates too.
class TestMailText : public QObject
{
    Q_OBJECT

private slots:
    void everyLanguageHasEveryKey_data();
    void everyLanguageHasEveryKey();
    void bestMatch_data();
    void bestMatch();
    void aGermanSignInLinkIsGermanThroughout();
    void aGermanInvitationWritesItsDateInGerman();
    void aGermanDigestHasAGermanFrame();
    void englishStaysAsItWas();
};

namespace {

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(\\d+)"));
    QSet<QString> out;
    for (auto it = re.globalMatch(text); it.hasNext();)
        out.insert(it.next().captured(1));
    return out;
}

QVariantHash organisation()
{
    return {{QStringLiteral("name"), QStringLiteral("Acme Studio")},
        {QStringLiteral("portal_slug"), QStringLiteral("acme")}};
}

} // namespace

void TestMailText::everyLanguageHasEveryKey_data()
{
    QTest::addColumn<QString>("language");
    for (const QString &language : MailText::languages())
        QTest::addRow("%s", qPrintable(language)) << language;
}

void TestMailText::everyLanguageHasEveryKey()
{
    QFETCH(QString, language);
    const auto english = MailText::catalogue(QStringLiteral("en"));
    const auto catalogue = MailText::catalogue(language);
    QVERIFY(english.size() > 20);
    for (auto it = english.cbegin(); it != english.cend(); ++it) {
        if (!catalogue.contains(it.key()))
            QFAIL(qPrintable(QStringLiteral("%1 lacks \"%2\"").arg(language, it.key())));
        if (catalogue.value(it.key()).trimmed().isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1: \"%2\" is empty").arg(language, it.key())));
        if (placeholders(catalogue.value(it.key())) != placeholders(it.value()))
            QFAIL(qPrintable(QStringLiteral("%1: \"%2\" has other placeholders than English").arg(language, it.key())));
    }
    for (auto it = catalogue.cbegin(); it != catalogue.cend(); ++it)
        if (!english.contains(it.key()))
            QFAIL(qPrintable(QStringLiteral("%1 has \"%2\", English has not").arg(language, it.key())));
}

void TestMailText::bestMatch_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("expected");
    QTest::addRow("German first") << QByteArray("de-DE,de;q=0.9,en;q=0.8") << QStringLiteral("de");
    QTest::addRow("a regional variant counts") << QByteArray("de-AT") << QStringLiteral("de");
    QTest::addRow("English first") << QByteArray("en-GB,en;q=0.9,de;q=0.5") << QStringLiteral("en");
    QTest::addRow("quality over order") << QByteArray("en;q=0.3, de;q=0.7") << QStringLiteral("de");
    QTest::addRow("ours after one we lack") << QByteArray("fr-FR,fr;q=0.9,de;q=0.5") << QStringLiteral("de");
    QTest::addRow("none of ours") << QByteArray("fr, it") << QString();
    QTest::addRow("refused with q=0") << QByteArray("de;q=0") << QString();
    QTest::addRow("no header") << QByteArray() << QString();
}

void TestMailText::bestMatch()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, expected);
    QCOMPARE(MailText::bestMatch(header), expected);
}

void TestMailText::aGermanSignInLinkIsGermanThroughout()
{
    const MailMessage m =
        PortalMail::signInLink(organisation(), QStringLiteral("Ivy Green"), QStringLiteral("ivy@green.test"),
            QStringLiteral("https://portal.test/p/acme/link#sil_x"), 15, QStringLiteral("de"));
    QCOMPARE(m.subject, QStringLiteral("Ihr Anmeldelink für das Kundenportal von Acme Studio"));
    QVERIFY(m.text.startsWith(QStringLiteral("Guten Tag Ivy Green,")));
    QVERIFY(m.text.contains(QStringLiteral("innerhalb von 15 Minuten")));
    QVERIFY(m.text.contains(QStringLiteral("Anmelden:\nhttps://portal.test/p/acme/link#sil_x")));
    QVERIFY(m.html.contains(QStringLiteral("Guten Tag Ivy Green,")));
    QVERIFY(m.html.contains(QStringLiteral("Oder öffnen Sie diese Adresse:")));
    QVERIFY(!m.text.contains(QStringLiteral("Hello")));
    QVERIFY(!m.html.contains(QStringLiteral("Or open")));
}

void TestMailText::aGermanInvitationWritesItsDateInGerman()
{
    const MailMessage m = PortalMail::invite(organisation(), QStringLiteral("Ivy"), QStringLiteral("ivy@green.test"),
        QStringLiteral("https://portal.test/p/acme/invite#x"), QStringLiteral("2026-12-24T10:00:00.000Z"),
        QStringLiteral("de"));
    QCOMPARE(m.subject, QStringLiteral("Acme Studio lädt Sie in das Kundenportal ein"));
    QVERIFY(m.text.contains(QStringLiteral("Der Link gilt einmal und bis zum 24. Dezember 2026.")));
    QVERIFY(m.html.contains(QStringLiteral("Konto einrichten")));
}

void TestMailText::aGermanDigestHasAGermanFrame()
{
    MailDigest d;
    d.to = QStringLiteral("ivy@green.test");
    d.recipientName = QStringLiteral("Ivy");
    d.subject = MailText::text(QStringLiteral("de"), u"digest.updates").arg(2).arg(QStringLiteral("Acme Studio"));
    d.intro = MailText::text(QStringLiteral("de"), u"digest.intro").arg(QStringLiteral("Acme Studio"));
    d.sections = {{QStringLiteral("Markenauftritt"),
        {{MailText::text(QStringLiteral("de"), u"digest.shared").arg(QStringLiteral("Logo.png")),
            QStringLiteral("https://portal.test/p/acme/projects/x")}}}};
    d.why = MailText::text(QStringLiteral("de"), u"digest.why").arg(QStringLiteral("Acme Studio"));
    d.preferencesLink = QStringLiteral("https://portal.test/p/acme/email#ml_x");
    d.language = QStringLiteral("de");
    const MailMessage m = PortalMail::digest(organisation(), d);
    QCOMPARE(m.subject, QStringLiteral("2 Neuigkeiten von Acme Studio"));
    QVERIFY(
        m.text.startsWith(QStringLiteral("Guten Tag Ivy,\n\nDas ist neu für Sie im Kundenportal von Acme Studio.")));
    QVERIFY(m.text.contains(QStringLiteral("- Mit Ihnen geteilt: Logo.png")));
    QVERIFY(
        m.text.contains(QStringLiteral("Wählen Sie, wie oft Sie diese E-Mails erhalten, oder bestellen Sie sie ab:")));
    QVERIFY(m.html.contains(QStringLiteral("Wählen Sie, wie oft Sie diese E-Mails erhalten")));
}

void TestMailText::englishStaysAsItWas()
{
    const MailMessage m = PortalMail::invite(organisation(), QStringLiteral("Ivy"), QStringLiteral("ivy@green.test"),
        QStringLiteral("https://portal.test/p/acme/invite#x"), QStringLiteral("2026-12-24T10:00:00.000Z"),
        QStringLiteral("en"));
    QCOMPARE(m.subject, QStringLiteral("Acme Studio invites you to their client portal"));
    QVERIFY(m.text.startsWith(QStringLiteral("Hello Ivy,")));
    QVERIFY(m.text.contains(QStringLiteral("The link works once and until 24 December 2026.")));
    QCOMPARE(MailText::text(QStringLiteral("fr"), u"signIn.button"), QStringLiteral("Sign in"));
}

QTEST_GUILESS_MAIN(TestMailText)
#include "tst_mailtext.moc"
