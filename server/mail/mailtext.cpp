// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/mail/mailtext.h"

#include <QLocale>

namespace {

struct Entry
{
    const char16_t *key;
    const char16_t *text;
};

// English, the source: every other language has exactly these keys and, per key, these %N.
constexpr Entry english[] = {
    {u"frame.hello", u"Hello %1,"},
    {u"frame.orOpen", u"Or open this address:"},
    {u"frame.preferences", u"Choose how often you get these e-mails, or stop them"},
    {u"invite.subject", u"%1 invites you to their client portal"},
    {u"invite.body",
        u"%1 has invited you to their client portal, where you can follow your projects, download files and "
        u"approve work."},
    {u"invite.button", u"Set up your account"},
    {u"invite.until", u"The link works once and until %1."},
    {u"invite.ignore",
        u"If you did not expect this, you can ignore this e-mail; ask %1 for a new link if it has expired."},
    {u"reset.subject", u"Choose a new password for %1's client portal"},
    {u"reset.body",
        u"Someone (hopefully you) asked to choose a new password for %1's client portal. Use this link within %2 "
        u"minutes."},
    {u"reset.button", u"Choose a new password"},
    {u"reset.ignore", u"If it was not you, ignore this e-mail; your password stays as it is."},
    {u"signIn.subject", u"Your link to sign in to %1's client portal"},
    {u"signIn.body",
        u"Someone (hopefully you) asked for a link to sign in to %1's client portal. It works once, within %2 "
        u"minutes."},
    {u"signIn.button", u"Sign in"},
    {u"signIn.ignore", u"If it was not you, ignore this e-mail: nobody can use the link without it."},
    {u"security.note", u"If this was not you, tell %1 at once: someone may know your password."},
    {u"signoff.reminderSubject", u"Reminder: \"%1\" is waiting for your approval"},
    {u"signoff.reminderBody", u"%1 is still waiting for your answer to \"%2\" (%3)."},
    {u"signoff.roundSubject", u"\"%1\" is ready for your approval again (round %2)"},
    {u"signoff.roundBody",
        u"%1 has made the changes you asked for to \"%2\" (%3) and asks for your approval of round %4."},
    {u"signoff.subject", u"%1 asks for your approval: %2"},
    {u"signoff.body", u"%1 asks you to approve \"%2\" (%3)."},
    {u"signoff.due", u"Please answer by %1."},
    {u"signoff.button", u"Review and answer"},
    {u"signoff.personal",
        u"This link is personal: it opens this sign-off for you, without a password. Do not forward this e-mail."},
    {u"signoff.recorded", u"Your answer is recorded with the time and your network address."},
    {u"digest.replied", u"%1 replied on %2: %3"},
    {u"digest.waitingSignoff", u"Waiting for your sign-off: %1"},
    {u"digest.pleaseReview", u"Please review: %1"},
    {u"digest.projectShared", u"The project %1 is now in your portal"},
    {u"digest.newVersion", u"New version of %1"},
    {u"digest.shared", u"Shared with you: %1"},
    {u"digest.updates", u"%1 updates from %2"},
    {u"digest.intro", u"Here is what is new for you in %1's client portal."},
    {u"digest.more", u"%1 more are waiting there."},
    {u"digest.button", u"Open the client portal"},
    {u"digest.why", u"You get this e-mail because %1 shares work with you in their client portal."},
    {u"security.codesReplacedSubject", u"Your recovery codes were replaced"},
    {u"security.codesReplaced", u"New recovery codes were made for your account; the earlier ones no longer work."},
    {u"security.resetSubject", u"Your two-factor sign-in was reset"},
    {u"security.reset",
        u"An administrator turned off two-factor sign-in for your account. Sign in with your password and set it up "
        u"again."},
    {u"security.recoveryUsedSubject", u"A recovery code was used to sign in to %1's client portal"},
    {u"security.recoveryUsed",
        u"Someone signed in to your account from %1 with one of your recovery codes, which now no longer works."},
    {u"security.enrolledSubject", u"Two-factor sign-in was set up for your account at %1's client portal"},
    {u"security.enrolled",
        u"Two-factor sign-in was set up for your account from %1 as you signed in. If that was not you, someone knows "
        u"your password: ask us to reset your two-factor sign-in and change your password."},
};

// German: the Sie form, and the terms of the desktop and the portal (Kundenportal, Freigabe, Projekt).
constexpr Entry german[] = {
    {u"frame.hello", u"Guten Tag %1,"},
    {u"frame.orOpen", u"Oder öffnen Sie diese Adresse:"},
    {u"frame.preferences", u"Wählen Sie, wie oft Sie diese E-Mails erhalten, oder bestellen Sie sie ab"},
    {u"invite.subject", u"%1 lädt Sie in das Kundenportal ein"},
    {u"invite.body",
        u"%1 hat Sie in das Kundenportal eingeladen. Dort verfolgen Sie Ihre Projekte, laden Dateien herunter und "
        u"erteilen Freigaben."},
    {u"invite.button", u"Konto einrichten"},
    {u"invite.until", u"Der Link gilt einmal und bis zum %1."},
    {u"invite.ignore",
        u"Wenn Sie diese E-Mail nicht erwartet haben, können Sie sie ignorieren; ist der Link abgelaufen, bitten "
        u"Sie %1 um einen neuen."},
    {u"reset.subject", u"Neues Passwort für das Kundenportal von %1"},
    {u"reset.body",
        u"Jemand (hoffentlich Sie) möchte ein neues Passwort für das Kundenportal von %1 wählen. Verwenden Sie "
        u"diesen Link innerhalb von %2 Minuten."},
    {u"reset.button", u"Neues Passwort wählen"},
    {u"reset.ignore", u"Wenn Sie das nicht waren, ignorieren Sie diese E-Mail; Ihr Passwort bleibt, wie es ist."},
    {u"signIn.subject", u"Ihr Anmeldelink für das Kundenportal von %1"},
    {u"signIn.body",
        u"Jemand (hoffentlich Sie) hat einen Link zum Anmelden im Kundenportal von %1 angefordert. Er gilt einmal, "
        u"innerhalb von %2 Minuten."},
    {u"signIn.button", u"Anmelden"},
    {u"signIn.ignore",
        u"Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Ohne sie kann niemand den Link verwenden."},
    {u"security.note", u"Wenn Sie das nicht waren, sagen Sie es sofort %1: Jemand kennt vielleicht Ihr Passwort."},
    {u"signoff.reminderSubject", u"Erinnerung: „%1“ wartet auf Ihre Freigabe"},
    {u"signoff.reminderBody", u"%1 wartet noch auf Ihre Antwort zu „%2“ (%3)."},
    {u"signoff.roundSubject", u"„%1“ wartet erneut auf Ihre Freigabe (Runde %2)"},
    {u"signoff.roundBody",
        u"%1 hat die gewünschten Änderungen an „%2“ (%3) vorgenommen und bittet Sie um Freigabe von Runde %4."},
    {u"signoff.subject", u"%1 bittet um Ihre Freigabe: %2"},
    {u"signoff.body", u"%1 bittet Sie um Freigabe von „%2“ (%3)."},
    {u"signoff.due", u"Bitte antworten Sie bis zum %1."},
    {u"signoff.button", u"Ansehen und antworten"},
    {u"signoff.personal",
        u"Dieser Link ist persönlich: Er öffnet diese Freigabe für Sie, ohne Passwort. Leiten Sie diese E-Mail "
        u"nicht weiter."},
    {u"signoff.recorded", u"Ihre Antwort wird mit der Uhrzeit und Ihrer Netzwerkadresse gespeichert."},
    {u"digest.replied", u"%1 hat auf %2 geantwortet: %3"},
    {u"digest.waitingSignoff", u"Wartet auf Ihre Freigabe: %1"},
    {u"digest.pleaseReview", u"Bitte prüfen: %1"},
    {u"digest.projectShared", u"Das Projekt %1 ist jetzt in Ihrem Portal"},
    {u"digest.newVersion", u"Neue Version von %1"},
    {u"digest.shared", u"Mit Ihnen geteilt: %1"},
    {u"digest.updates", u"%1 Neuigkeiten von %2"},
    {u"digest.intro", u"Das ist neu für Sie im Kundenportal von %1."},
    {u"digest.more", u"Dort warten %1 weitere."},
    {u"digest.button", u"Kundenportal öffnen"},
    {u"digest.why", u"Sie erhalten diese E-Mail, weil %1 im Kundenportal Arbeit mit Ihnen teilt."},
    {u"security.codesReplacedSubject", u"Ihre Wiederherstellungscodes wurden ersetzt"},
    {u"security.codesReplaced",
        u"Für Ihr Konto wurden neue Wiederherstellungscodes erzeugt; die bisherigen gelten nicht mehr."},
    {u"security.resetSubject", u"Ihre Zwei-Faktor-Anmeldung wurde zurückgesetzt"},
    {u"security.reset",
        u"Ein Administrator hat die Zwei-Faktor-Anmeldung für Ihr Konto ausgeschaltet. Melden Sie sich mit Ihrem "
        u"Passwort an und richten Sie sie erneut ein."},
    {u"security.recoveryUsedSubject", u"Anmeldung im Kundenportal von %1 mit einem Wiederherstellungscode"},
    {u"security.recoveryUsed",
        u"Jemand hat sich von %1 aus mit einem Ihrer Wiederherstellungscodes in Ihrem Konto angemeldet; dieser Code "
        u"gilt jetzt nicht mehr."},
    {u"security.enrolledSubject", u"Zwei-Faktor-Anmeldung für Ihr Konto im Kundenportal von %1 eingerichtet"},
    {u"security.enrolled",
        u"Beim Anmelden von %1 aus wurde für Ihr Konto die Zwei-Faktor-Anmeldung eingerichtet. Wenn Sie das nicht "
        u"waren, kennt jemand Ihr Passwort: Bitten Sie uns, Ihre Zwei-Faktor-Anmeldung zurückzusetzen, und ändern "
        u"Sie Ihr Passwort."},
};

template <std::size_t N> QHash<QString, QString> toHash(const Entry (&entries)[N])
{
    QHash<QString, QString> out;
    for (const Entry &e : entries)
        out.insert(QString::fromUtf16(e.key), QString::fromUtf16(e.text));
    return out;
}

const QHash<QString, QString> &catalogueOf(const QString &language)
{
    static const QHash<QString, QString> en = toHash(english);
    static const QHash<QString, QString> de = toHash(german);
    return language == u"de" ? de : en;
}

} // namespace

QStringList MailText::languages()
{
    return {QStringLiteral("en"), QStringLiteral("de")};
}

bool MailText::isLanguage(const QString &language)
{
    return languages().contains(language);
}

QString MailText::bestMatch(QByteArrayView acceptLanguage)
{
    // "de-AT,de;q=0.9,en;q=0.8": each range with its quality (1 when none is given); the highest
    // quality of ours wins, the earlier one on a tie. "*" and q=0 name nothing.
    QString best;
    double bestQuality = 0;
    const QList<QByteArray> ranges = acceptLanguage.toByteArray().split(',');
    for (const QByteArray &range : ranges) {
        const QList<QByteArray> parts = range.split(';');
        const QString tag = QString::fromLatin1(parts.value(0).trimmed()).toLower();
        const QString language = tag.section(u'-', 0, 0);
        double quality = 1;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray parameter = parts.at(i).trimmed();
            if (parameter.startsWith("q=")) {
                bool ok = false;
                quality = parameter.mid(2).toDouble(&ok);
                if (!ok)
                    quality = 0;
            }
        }
        if (quality > bestQuality && isLanguage(language)) {
            best = language;
            bestQuality = quality;
        }
    }
    return best;
}

QString MailText::text(const QString &language, QStringView key)
{
    const QString k = key.toString();
    const auto &catalogue = catalogueOf(language);
    if (const auto it = catalogue.constFind(k); it != catalogue.constEnd())
        return *it;
    return catalogueOf(QStringLiteral("en")).value(k, k);
}

QHash<QString, QString> MailText::catalogue(const QString &language)
{
    return isLanguage(language) ? catalogueOf(language) : QHash<QString, QString>();
}

QString MailText::longDate(const QString &language, QDate date)
{
    if (language == u"de")
        return QLocale(QLocale::German, QLocale::Germany).toString(date, QStringLiteral("d. MMMM yyyy"));
    return QLocale::c().toString(date, QStringLiteral("d MMMM yyyy"));
}
