<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ActivityPage</name>
    <message>
        <source>Staff</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
</context>
<context>
    <name>ActivityProxyModel</name>
    <message>
        <source>client</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>staff</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>system</source>
        <translation>System</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>ActivityText</name>
    <message>
        <source>task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>client</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>sign-off</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <source>comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>invitation</source>
        <translation>Einladung</translation>
    </message>
    <message>
        <source>staff member</source>
        <translation>Teammitglied</translation>
    </message>
    <message>
        <source>organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Zurückgezogen</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Nur lesbar</translation>
    </message>
    <message>
        <source>Editable</source>
        <translation>Bearbeitbar</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>Privat</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <source>Atrium</source>
        <translation>Atrium</translation>
    </message>
    <message>
        <source>Someone</source>
        <translation>Jemand</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 commented: %2</source>
        <translation>%1 hat kommentiert: %2</translation>
    </message>
    <message>
        <source>%1 commented on %2: %3</source>
        <translation>%1 hat %2 kommentiert: %3</translation>
    </message>
    <message>
        <source>%1 uploaded %2</source>
        <translation>%1 hat %2 hochgeladen</translation>
    </message>
    <message>
        <source>%1 uploaded a new version of %2</source>
        <translation>%1 hat eine neue Version von %2 hochgeladen</translation>
    </message>
    <message>
        <source>%1 approved %2</source>
        <translation>%1 hat %2 freigegeben</translation>
    </message>
    <message>
        <source>%1 rejected %2: %3</source>
        <translation>%1 hat %2 abgelehnt: %3</translation>
    </message>
    <message>
        <source>%1 accepted the invitation to the portal</source>
        <translation>%1 hat die Einladung zum Kundenportal angenommen</translation>
    </message>
    <message>
        <source>%1 viewed the portal as %2</source>
        <translation>%1 hat das Kundenportal aus Sicht von %2 angesehen</translation>
    </message>
    <message>
        <source>%1 created the %2 %3</source>
        <translation>%2 %3 von %1 erstellt</translation>
    </message>
    <message>
        <source>%1 deleted the %2 %3</source>
        <translation>%2 %3 von %1 gelöscht</translation>
    </message>
    <message>
        <source>%1 restored the %2 %3</source>
        <translation>%2 %3 von %1 wiederhergestellt</translation>
    </message>
    <message>
        <source>%1 sent the sign-off %2 to the client</source>
        <translation>%1 hat die Freigabe %2 an den Kunden gesendet</translation>
    </message>
    <message>
        <source>%1 withdrew the sign-off %2</source>
        <translation>%1 hat die Freigabe %2 zurückgezogen</translation>
    </message>
    <message>
        <source>%1 changed the status of %2 to %3</source>
        <translation>%1 hat den Status von %2 auf „%3“ gesetzt</translation>
    </message>
    <message>
        <source>%1 made %2 private</source>
        <translation>%1 hat %2 auf privat gesetzt</translation>
    </message>
    <message>
        <source>%1 shared %2 with the client (%3)</source>
        <translation>%1 hat %2 mit dem Kunden geteilt (%3)</translation>
    </message>
    <message>
        <source>%1 switched the Client Portal of %2 on</source>
        <translation>%1 hat das Kundenportal für %2 eingeschaltet</translation>
    </message>
    <message>
        <source>%1 switched the Client Portal of %2 off</source>
        <translation>%1 hat das Kundenportal für %2 ausgeschaltet</translation>
    </message>
    <message>
        <source>%1 let clients upload into %2</source>
        <translation>%1 hat Kunden erlaubt, in %2 hochzuladen</translation>
    </message>
    <message>
        <source>%1 stopped client uploads into %2</source>
        <translation>%1 hat Uploads von Kunden in %2 beendet</translation>
    </message>
    <message>
        <source>%1 made %2 %3</source>
        <translation>%1 hat %2 zu %3 gemacht</translation>
    </message>
    <message>
        <source>an administrator</source>
        <translation>einem Administrator</translation>
    </message>
    <message>
        <source>a member</source>
        <translation>einem Mitglied</translation>
    </message>
    <message>
        <source>%1 revoked the portal access of %2</source>
        <translation>%1 hat den Portalzugang von %2 widerrufen</translation>
    </message>
    <message>
        <source>%1 changed the e-mail address of %2</source>
        <translation>%1 hat die E-Mail-Adresse von %2 geändert</translation>
    </message>
    <message>
        <source>%1 moved %2 to another client</source>
        <translation>%1 hat %2 zu einem anderen Kunden verschoben</translation>
    </message>
    <message>
        <source>%1 changed %2</source>
        <translation>%1 hat %2 geändert</translation>
    </message>
    <message>
        <source>%1 changed the %2 %3</source>
        <translation>%2 %3 von %1 geändert</translation>
    </message>
    <message>
        <source>“%1”</source>
        <extracomment>A name quoted in a sentence, with the language&apos;s own quotation marks.</extracomment>
        <translation>„%1“</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>Cannot open the local cache %1: %2</source>
        <translation>Der lokale Zwischenspeicher %1 lässt sich nicht öffnen: %2</translation>
    </message>
    <message>
        <source>Local Data Rebuilt</source>
        <translation>Lokale Daten neu aufgebaut</translation>
    </message>
    <message>
        <source>The local copy of your data was damaged. Atrium set it aside, kept the changes that had not reached the server yet, and is fetching everything again.</source>
        <translation>Die lokale Kopie Ihrer Daten war beschädigt. Atrium hat sie beiseitegelegt, die noch nicht zum Server übertragenen Änderungen behalten und lädt jetzt alles neu.</translation>
    </message>
    <message>
        <source>Invite Link Ready</source>
        <translation>Einladungslink bereit</translation>
    </message>
    <message>
        <source>The invite link for %1 is ready. Copy it now; it cannot be shown again.</source>
        <translation>Der Einladungslink für %1 ist bereit. Kopieren Sie ihn jetzt; er kann nicht noch einmal angezeigt werden.</translation>
    </message>
    <message>
        <source>the contact</source>
        <translation>den Kontakt</translation>
    </message>
    <message>
        <source>Copy Link</source>
        <translation>Link kopieren</translation>
    </message>
    <message>
        <source>Organisation Logo</source>
        <translation>Logo der Organisation</translation>
    </message>
    <message>
        <source>The server did not take the new logo: %1</source>
        <translation>Der Server hat das neue Logo nicht angenommen: %1</translation>
    </message>
    <message>
        <source>Open File</source>
        <translation>Datei öffnen</translation>
    </message>
    <message>
        <source>Your session has ended. Sign in again; your changes are kept.</source>
        <translation>Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an; Ihre Änderungen bleiben erhalten.</translation>
    </message>
    <message>
        <source>You are signed in for now, but will have to sign in again next time.</source>
        <translation>Sie sind jetzt angemeldet, müssen sich beim nächsten Start aber erneut anmelden.</translation>
    </message>
    <message>
        <source>No Keychain</source>
        <translation>Kein Schlüsselbund</translation>
    </message>
    <message>
        <source>You are signed out. Edits you make now are kept and sent after you sign in.</source>
        <translation>Sie sind abgemeldet. Was Sie jetzt bearbeiten, bleibt erhalten und wird nach der Anmeldung gesendet.</translation>
    </message>
    <message>
        <source>Add Files</source>
        <translation>Dateien hinzufügen</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 lässt sich nicht lesen: %2</translation>
    </message>
    <message>
        <source>Two-Factor Sign-In Required</source>
        <translation>Zwei-Faktor-Anmeldung erforderlich</translation>
    </message>
    <message>
        <source>Your organisation requires two-factor sign-in. Set it up before %1; after that you can sign in only by setting it up.</source>
        <translation>Ihre Organisation verlangt die Zwei-Faktor-Anmeldung. Richten Sie sie bis %1 ein; danach können Sie sich nur noch anmelden, indem Sie sie einrichten.</translation>
    </message>
    <message>
        <source>Set Up &amp;Now…</source>
        <translation>&amp;Jetzt einrichten…</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>&amp;Später</translation>
    </message>
    <message>
        <source>Certificate Not Saved</source>
        <translation>Nachweis nicht gespeichert</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation>%1 lässt sich nicht schreiben: %2</translation>
    </message>
    <message>
        <source>Fetching the certificate…</source>
        <translation>Nachweis wird abgerufen…</translation>
    </message>
    <message>
        <source>The server could not make the certificate: %1</source>
        <translation>Der Server konnte den Nachweis nicht erstellen: %1</translation>
    </message>
    <message>
        <source>The server cannot be reached. Try again when you are online.</source>
        <translation>Der Server ist nicht erreichbar. Versuchen Sie es erneut, sobald Sie online sind.</translation>
    </message>
    <message>
        <source>Certificate saved to %1</source>
        <translation>Nachweis gespeichert unter %1</translation>
    </message>
    <message>
        <source>Only the organisation&apos;s administrators can do this.</source>
        <translation>Das können nur die Administratoren der Organisation.</translation>
    </message>
    <message numerus="yes">
        <source>%1 was signed out of the client portal on %n device(s).</source>
        <translation>
            <numerusform>%1 wurde auf %n Gerät vom Kundenportal abgemeldet.</numerusform>
            <numerusform>%1 wurde auf %n Geräten vom Kundenportal abgemeldet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Two-factor sign-in is off for %1. They were told by e-mail and can set it up again.</source>
        <translation>Die Zwei-Faktor-Anmeldung ist für %1 ausgeschaltet. Die Person wurde per E-Mail informiert und kann sie erneut einrichten.</translation>
    </message>
    <message>
        <source>%1 had no two-factor sign-in to reset.</source>
        <translation>%1 hatte keine Zwei-Faktor-Anmeldung, die sich zurücksetzen ließe.</translation>
    </message>
    <message>
        <source>Sign Out Everywhere</source>
        <translation>Überall abmelden</translation>
    </message>
    <message>
        <source>Reset Two-Factor Sign-In</source>
        <translation>Zwei-Faktor-Anmeldung zurücksetzen</translation>
    </message>
</context>
<context>
    <name>BrandPreviewWidget</name>
    <message>
        <source>Portal preview</source>
        <translation>Portalvorschau</translation>
    </message>
    <message>
        <source>Your organisation</source>
        <translation>Ihre Organisation</translation>
    </message>
    <message>
        <source>Ivy Green</source>
        <translation>Ida Grün</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <source>Your projects</source>
        <translation>Ihre Projekte</translation>
    </message>
    <message>
        <source>Brand refresh</source>
        <translation>Markenauffrischung</translation>
    </message>
    <message>
        <source>Spring campaign</source>
        <translation>Frühjahrskampagne</translation>
    </message>
    <message>
        <source>4 shared tasks · 1 sign-off waiting</source>
        <translation>4 geteilte Aufgaben · 1 Freigabe wartet</translation>
    </message>
    <message>
        <source>2 shared files</source>
        <translation>2 geteilte Dateien</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Review the moodboard</source>
        <translation>Moodboard prüfen</translation>
    </message>
    <message>
        <source>Send the final copy</source>
        <translation>Endgültige Texte senden</translation>
    </message>
    <message>
        <source>Choose a typeface</source>
        <translation>Schrift auswählen</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Sign-off: homepage design</source>
        <translation>Freigabe: Design der Startseite</translation>
    </message>
    <message>
        <source>Please approve the homepage design, or tell us what to change.</source>
        <translation>Bitte geben Sie das Design der Startseite frei oder sagen Sie uns, was wir ändern sollen.</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Request changes</source>
        <translation>Änderungen anfordern</translation>
    </message>
</context>
<context>
    <name>ClientsPage</name>
    <message>
        <source>No access</source>
        <translation>Kein Zugang</translation>
    </message>
    <message>
        <source>Invited</source>
        <translation>Eingeladen</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Portal access</source>
        <translation>Portalzugang</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Funktion</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Find clients</source>
        <translation>Kunden finden</translation>
    </message>
    <message>
        <source>Search clients</source>
        <translation>Kunden durchsuchen</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>New Client…</source>
        <translation>Neuer Kunde…</translation>
    </message>
    <message>
        <source>New Contact…</source>
        <translation>Neuer Kontakt…</translation>
    </message>
    <message>
        <source>Edit Client…</source>
        <translation>Kunde bearbeiten…</translation>
    </message>
    <message>
        <source>Edit Contact…</source>
        <translation>Kontakt bearbeiten…</translation>
    </message>
    <message>
        <source>Invite to Client Portal…</source>
        <translation>Zum Kundenportal einladen…</translation>
    </message>
    <message>
        <source>View Portal as Contact…</source>
        <translation>Kundenportal als Kontakt ansehen…</translation>
    </message>
    <message>
        <source>Require Two-Factor Sign-In</source>
        <translation>Zwei-Faktor-Anmeldung verlangen</translation>
    </message>
    <message>
        <source>Delete Client…</source>
        <translation>Kunde löschen…</translation>
    </message>
    <message>
        <source>View Portal as This Contact…</source>
        <translation>Kundenportal als dieser Kontakt ansehen…</translation>
    </message>
    <message>
        <source>Portal Sessions…</source>
        <translation>Portalsitzungen…</translation>
    </message>
    <message>
        <source>Sign Out of the Portal Everywhere…</source>
        <translation>Überall vom Kundenportal abmelden…</translation>
    </message>
    <message>
        <source>Reset Two-Factor Sign-In…</source>
        <translation>Zwei-Faktor-Anmeldung zurücksetzen…</translation>
    </message>
    <message>
        <source>Delete Contact…</source>
        <translation>Kontakt löschen…</translation>
    </message>
    <message>
        <source>Choose a client first.</source>
        <translation>Wählen Sie zuerst einen Kunden.</translation>
    </message>
    <message>
        <source>Edit Client</source>
        <translation>Kunde bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>N&amp;otizen:</translation>
    </message>
    <message>
        <source>Choose a contact first.</source>
        <translation>Wählen Sie zuerst einen Kontakt.</translation>
    </message>
    <message>
        <source>Edit Contact</source>
        <translation>Kontakt bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Telefon:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Funktion:</translation>
    </message>
    <message>
        <source>An invitation was sent to this address. Changing it withdraws that invitation.</source>
        <translation>An diese Adresse wurde eine Einladung gesendet. Wenn Sie sie ändern, wird diese Einladung zurückgezogen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an email address.</source>
        <translation>„%1“ ist keine E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>Send a New Invitation?</source>
        <translation>Neue Einladung senden?</translation>
    </message>
    <message>
        <source>The invitation sent to %1 is withdrawn once this change reaches the server, so it cannot be used. Send a new invitation to %2?</source>
        <translation>Die an %1 gesendete Einladung wird zurückgezogen, sobald diese Änderung beim Server ankommt, und lässt sich dann nicht mehr verwenden. Eine neue Einladung an %2 senden?</translation>
    </message>
    <message>
        <source>Invite…</source>
        <translation>Einladen…</translation>
    </message>
    <message>
        <source>Not Now</source>
        <translation>Jetzt nicht</translation>
    </message>
    <message>
        <source>New Client</source>
        <translation>Neuer Kunde</translation>
    </message>
    <message>
        <source>New Contact</source>
        <translation>Neuer Kontakt</translation>
    </message>
    <message>
        <source>Sign Out Everywhere?</source>
        <translation>Überall abmelden?</translation>
    </message>
    <message>
        <source>Sign %1 out of the client portal on every device? They can sign in again with their password.</source>
        <translation>%1 auf allen Geräten vom Kundenportal abmelden? Die Person kann sich mit ihrem Passwort wieder anmelden.</translation>
    </message>
    <message>
        <source>Sign Out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <source>Reset Two-Factor Sign-In?</source>
        <translation>Zwei-Faktor-Anmeldung zurücksetzen?</translation>
    </message>
    <message>
        <source>Turn off two-factor sign-in for %1? Do this only when you are sure it is them asking (they lost their phone and their recovery codes). They are told by e-mail, and it is recorded in the activity log.</source>
        <translation>Zwei-Faktor-Anmeldung für %1 ausschalten? Tun Sie das nur, wenn Sie sicher sind, dass die Bitte wirklich von dieser Person kommt (Telefon und Wiederherstellungscodes verloren). Sie wird per E-Mail informiert, und der Vorgang wird im Aktivitätsprotokoll vermerkt.</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
</context>
<context>
    <name>CommentThreadModel</name>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>A client</source>
        <translation>Ein Kunde</translation>
    </message>
    <message>
        <source>A colleague</source>
        <translation>Jemand aus dem Team</translation>
    </message>
</context>
<context>
    <name>CommentThreadView</name>
    <message>
        <source>Comments</source>
        <translation>Kommentare</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <source>Write a reply… (Ctrl+Return sends)</source>
        <translation>Antwort schreiben… (Strg+Eingabe sendet)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Comments on “%1”</source>
        <translation>Kommentare zu „%1“</translation>
    </message>
    <message>
        <source>&lt;b&gt;Shared:&lt;/b&gt; the client sees this thread and your reply.</source>
        <translation>&lt;b&gt;Geteilt:&lt;/b&gt; Der Kunde sieht diesen Verlauf und Ihre Antwort.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Internal — clients don&apos;t see this.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Intern – Kunden sehen das nicht.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Choose one item to see its comments.</source>
        <translation>Wählen Sie ein einzelnes Element, um seine Kommentare zu sehen.</translation>
    </message>
    <message>
        <source>No comments yet.</source>
        <translation>Noch keine Kommentare.</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>waiting to sync</source>
        <translation>wartet auf Synchronisierung</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>Changed by someone else</source>
        <translation>Von jemand anderem geändert</translation>
    </message>
    <message>
        <source>Deleted by someone else</source>
        <translation>Von jemand anderem gelöscht</translation>
    </message>
    <message>
        <source>Visibility changed by someone else</source>
        <translation>Sichtbarkeit von jemand anderem geändert</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Element</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Your value</source>
        <translation>Ihr Wert</translation>
    </message>
    <message>
        <source>Their value</source>
        <translation>Server-Wert</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Konflikte</translation>
    </message>
    <message>
        <source>Someone changed these items while you did. Their value is on the server now; choose whether to keep it or to use yours.</source>
        <translation>Jemand hat diese Elemente gleichzeitig mit Ihnen geändert. Auf dem Server steht jetzt der andere Wert; entscheiden Sie, ob Sie ihn behalten oder Ihren verwenden.</translation>
    </message>
    <message>
        <source>%1 “%2”, field “%3”</source>
        <translation>%1 „%2“, Feld „%3“</translation>
    </message>
    <message>
        <source>Keep Theirs</source>
        <translation>Server-Wert behalten</translation>
    </message>
    <message>
        <source>Use Mine</source>
        <translation>Meinen Wert verwenden</translation>
    </message>
    <message>
        <source>The item was deleted, so your value cannot be applied to it.</source>
        <translation>Das Element wurde gelöscht, daher lässt sich Ihr Wert nicht mehr übernehmen.</translation>
    </message>
</context>
<context>
    <name>CredentialStore</name>
    <message>
        <source>Access to the system keychain was denied, so Atrium cannot keep you signed in.</source>
        <translation>Der Zugriff auf den Schlüsselbund des Systems wurde verweigert, daher kann Atrium Sie nicht angemeldet halten.</translation>
    </message>
    <message>
        <source>Atrium could not reach a system keychain to keep you signed in: install and start a Secret Service such as GNOME Keyring (package gnome-keyring) or KWallet, then sign in again; Atrium never stores your sign-in in a plain file.</source>
        <translation>Atrium konnte keinen Schlüsselbund des Systems erreichen, um Sie angemeldet zu halten: Installieren und starten Sie einen Secret Service wie GNOME Keyring (Paket gnome-keyring) oder KWallet und melden Sie sich dann erneut an; Atrium speichert Ihre Anmeldung nie in einer einfachen Datei.</translation>
    </message>
    <message>
        <source>The system keychain is locked or has no default keyring, so Atrium cannot keep you signed in: unlock or create the default keyring (for example in GNOME&apos;s Passwords and Keys) and sign in again.</source>
        <translation>Der Schlüsselbund des Systems ist gesperrt oder hat keinen Standardschlüsselbund, daher kann Atrium Sie nicht angemeldet halten: Entsperren oder erstellen Sie den Standardschlüsselbund (zum Beispiel in der GNOME-Anwendung Passwörter und Verschlüsselung) und melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The system keychain did not answer as expected, so Atrium cannot keep you signed in: check that your Secret Service (such as GNOME Keyring) is running and unlocked, then sign in again.</source>
        <translation>Der Schlüsselbund des Systems hat nicht wie erwartet geantwortet, daher kann Atrium Sie nicht angemeldet halten: Prüfen Sie, ob Ihr Secret Service (etwa GNOME Keyring) läuft und entsperrt ist, und melden Sie sich dann erneut an.</translation>
    </message>
</context>
<context>
    <name>DeletedItemsDialog</name>
    <message>
        <source>Deleted Items</source>
        <translation>Gelöschte Elemente</translation>
    </message>
    <message>
        <source>Deleted items</source>
        <translation>Gelöschte Elemente</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Element</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <source>Restoring an item brings back what was deleted with it. The server keeps deleted items for 90 days unless your administrator chose another period.</source>
        <translation>Beim Wiederherstellen kommt auch alles zurück, was mit dem Element gelöscht wurde. Der Server bewahrt gelöschte Elemente 90 Tage lang auf, sofern Ihr Administrator keinen anderen Zeitraum gewählt hat.</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
</context>
<context>
    <name>DesktopNotifier</name>
    <message numerus="yes">
        <source>%n new item(s) from clients</source>
        <translation>
            <numerusform>%n neues Element von Kunden</numerusform>
            <numerusform>%n neue Elemente von Kunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>…and %n more</source>
        <translation>
            <numerusform>…und %n weiteres</numerusform>
            <numerusform>…und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Inbox</source>
        <translation>Posteingang öffnen</translation>
    </message>
</context>
<context>
    <name>EntityTableModel</name>
    <message>
        <source>Waiting to sync</source>
        <translation>Wartet auf Synchronisierung</translation>
    </message>
</context>
<context>
    <name>FieldsDialog</name>
    <message>
        <source>None</source>
        <translation>Kein Datum</translation>
    </message>
</context>
<context>
    <name>FilesPanel</name>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Client visibility</source>
        <translation>Für Kunden</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>Add Files…</source>
        <translation>Dateien hinzufügen…</translation>
    </message>
    <message>
        <source>Rename or Move…</source>
        <translation>Umbenennen oder verschieben…</translation>
    </message>
    <message>
        <source>Choose a project first.</source>
        <translation>Wählen Sie zuerst ein Projekt.</translation>
    </message>
    <message>
        <source>Add Files to the Project</source>
        <translation>Dateien zum Projekt hinzufügen</translation>
    </message>
    <message>
        <source>All folders</source>
        <translation>Alle Ordner</translation>
    </message>
    <message>
        <source>Client Uploads</source>
        <translation>Uploads von Kunden</translation>
    </message>
    <message>
        <source>Choose one file first.</source>
        <translation>Wählen Sie zuerst eine einzelne Datei.</translation>
    </message>
    <message>
        <source>Rename or Move File</source>
        <translation>Datei umbenennen oder verschieben</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <source>Move to Folder</source>
        <translation>In Ordner verschieben</translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message>
        <source>A client</source>
        <translation>Ein Kunde</translation>
    </message>
    <message>
        <source>%1 commented</source>
        <translation>%1 hat kommentiert</translation>
    </message>
    <message>
        <source>%1 uploaded a file</source>
        <translation>%1 hat eine Datei hochgeladen</translation>
    </message>
    <message>
        <source>%1 uploaded a new version</source>
        <translation>%1 hat eine neue Version hochgeladen</translation>
    </message>
    <message>
        <source>%1 changed a task&apos;s status</source>
        <translation>%1 hat den Status einer Aufgabe geändert</translation>
    </message>
    <message>
        <source>%1 approved a sign-off</source>
        <translation>%1 hat eine Freigabe erteilt</translation>
    </message>
    <message>
        <source>%1 rejected a sign-off</source>
        <translation>%1 hat eine Freigabe abgelehnt</translation>
    </message>
    <message>
        <source>%1 accepted the invitation</source>
        <translation>%1 hat die Einladung angenommen</translation>
    </message>
    <message>
        <source>%1 did something in the portal</source>
        <translation>%1 hat etwas im Kundenportal getan</translation>
    </message>
    <message>
        <source>%1 commented: %2</source>
        <translation>%1 hat kommentiert: %2</translation>
    </message>
    <message>
        <source>%1 commented on “%2”: %3</source>
        <translation>%1 hat „%2“ kommentiert: %3</translation>
    </message>
    <message>
        <source>%1 uploaded “%2”</source>
        <translation>%1 hat „%2“ hochgeladen</translation>
    </message>
    <message>
        <source>%1 uploaded a new version of “%2”</source>
        <translation>%1 hat eine neue Version von „%2“ hochgeladen</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>%1 changed the status of “%2” (now %3)</source>
        <translation>%1 hat den Status von „%2“ geändert (jetzt %3)</translation>
    </message>
    <message>
        <source>%1 approved “%2”</source>
        <translation>%1 hat „%2“ freigegeben</translation>
    </message>
    <message>
        <source>%1 rejected “%2”: %3</source>
        <translation>%1 hat „%2“ abgelehnt: %3</translation>
    </message>
    <message>
        <source>%1 accepted the invitation to the portal</source>
        <translation>%1 hat die Einladung zum Kundenportal angenommen</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Gelesen</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>Ungelesen</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Was geschah</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message>
        <source>Inbox</source>
        <translation>Posteingang</translation>
    </message>
    <message>
        <source>Nothing from clients yet. Their comments, uploads and answers appear here.</source>
        <translation>Noch nichts von Kunden. Ihre Kommentare, Uploads und Antworten erscheinen hier.</translation>
    </message>
    <message>
        <source>&amp;Mark Read</source>
        <translation>Als gelesen &amp;markieren</translation>
    </message>
    <message>
        <source>Mark &amp;All Read</source>
        <translation>&amp;Alle als gelesen markieren</translation>
    </message>
</context>
<context>
    <name>InviteDialog</name>
    <message>
        <source>Send an &amp;email invitation</source>
        <translation>Einladung per &amp;E-Mail senden</translation>
    </message>
    <message>
        <source>Create a &amp;link to copy and share yourself</source>
        <translation>&amp;Link erstellen, den Sie selbst kopieren und weitergeben</translation>
    </message>
    <message>
        <source>&amp;Copy Link</source>
        <translation>Link &amp;kopieren</translation>
    </message>
    <message>
        <source>A link invite&apos;s link appears here once it has reached the server. Copy it then: Atrium keeps only a fingerprint of it, so it cannot be shown again (Resend makes a new one).</source>
        <translation>Der Link einer Link-Einladung erscheint hier, sobald sie beim Server angekommen ist. Kopieren Sie ihn dann: Atrium speichert nur einen Fingerabdruck davon, daher lässt er sich nicht noch einmal anzeigen („Erneut senden“ erzeugt einen neuen).</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Invite %1 to the Client Portal</source>
        <translation>%1 zum Kundenportal einladen</translation>
    </message>
    <message>
        <source>Send an &amp;email invitation (the contact has no email address)</source>
        <translation>Einladung per &amp;E-Mail senden (der Kontakt hat keine E-Mail-Adresse)</translation>
    </message>
    <message>
        <source>Send an &amp;email invitation to %1</source>
        <translation>Einladung per &amp;E-Mail an %1 senden</translation>
    </message>
    <message>
        <source>&amp;Invite</source>
        <translation>&amp;Einladen</translation>
    </message>
    <message>
        <source>&amp;Resend</source>
        <translation>Erneut &amp;senden</translation>
    </message>
    <message>
        <source>Re&amp;voke</source>
        <translation>&amp;Widerrufen</translation>
    </message>
    <message>
        <source>Invitations:</source>
        <translation>Einladungen:</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>widerrufen</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>waiting to sync</source>
        <translation>wartet auf Synchronisierung</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <source>No portal access</source>
        <translation>Kein Portalzugang</translation>
    </message>
    <message>
        <source>Invited</source>
        <translation>Eingeladen</translation>
    </message>
    <message>
        <source>Active: can sign in</source>
        <translation>Aktiv: kann sich anmelden</translation>
    </message>
    <message>
        <source>Access revoked</source>
        <translation>Zugang widerrufen</translation>
    </message>
    <message>
        <source>Portal access: &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 already has a portal account, so there is nothing to invite them to. If they have forgotten their password, they can choose a new one with “Forgot password” on the portal&apos;s sign-in page.</source>
        <translation>Portalzugang: &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 hat bereits ein Konto im Kundenportal, eine Einladung ist also nicht nötig. Wer sein Passwort vergessen hat, kann auf der Anmeldeseite des Kundenportals über „Passwort vergessen“ ein neues festlegen.</translation>
    </message>
    <message>
        <source>Portal access: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Portalzugang: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>%1 invite of %2 — %3</source>
        <translation>%1-Einladung vom %2 – %3</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
</context>
<context>
    <name>LocalCache</name>
    <message>
        <source>The damaged cache %1 cannot be moved aside.</source>
        <translation>Der beschädigte Zwischenspeicher %1 lässt sich nicht beiseitelegen.</translation>
    </message>
    <message>
        <source>The local cache is busy; try again.</source>
        <translation>Der lokale Zwischenspeicher ist belegt; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Unknown kind of item &quot;%1&quot;.</source>
        <translation>Unbekannte Art von Element „%1“.</translation>
    </message>
    <message>
        <source>The item has no valid id.</source>
        <translation>Das Element hat keine gültige ID.</translation>
    </message>
    <message>
        <source>Unknown field &quot;%1&quot;.</source>
        <translation>Unbekanntes Feld „%1“.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is set by the server.</source>
        <translation>„%1“ wird vom Server festgelegt.</translation>
    </message>
    <message>
        <source>This kind of item cannot be created here.</source>
        <translation>Diese Art von Element lässt sich hier nicht anlegen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is required.</source>
        <translation>„%1“ ist erforderlich.</translation>
    </message>
    <message>
        <source>An item with this id exists already.</source>
        <translation>Ein Element mit dieser ID gibt es bereits.</translation>
    </message>
    <message>
        <source>The item no longer exists.</source>
        <translation>Das Element gibt es nicht mehr.</translation>
    </message>
    <message>
        <source>This kind of item cannot be restored.</source>
        <translation>Diese Art von Element lässt sich nicht wiederherstellen.</translation>
    </message>
    <message>
        <source>This kind of item cannot be deleted.</source>
        <translation>Diese Art von Element lässt sich nicht löschen.</translation>
    </message>
    <message>
        <source>This kind of item cannot be changed.</source>
        <translation>Diese Art von Element lässt sich nicht ändern.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot be changed.</source>
        <translation>„%1“ lässt sich nicht ändern.</translation>
    </message>
</context>
<context>
    <name>LogoOutbox</name>
    <message>
        <source>Cannot keep the logo in %1.</source>
        <translation>Das Logo lässt sich nicht in %1 ablegen.</translation>
    </message>
    <message>
        <source>The logo waiting to be sent is gone; choose it again.</source>
        <translation>Das Logo, das gesendet werden sollte, ist nicht mehr da; wählen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Atrium</source>
        <translation>Atrium</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>&amp;Clients</source>
        <translation>&amp;Kunden</translation>
    </message>
    <message>
        <source>&amp;Projects</source>
        <translation>&amp;Projekte</translation>
    </message>
    <message>
        <source>&amp;Activity</source>
        <translation>Akti&amp;vität</translation>
    </message>
    <message>
        <source>C&amp;onflicts</source>
        <translation>K&amp;onflikte</translation>
    </message>
    <message>
        <source>&amp;Inbox</source>
        <translation>Post&amp;eingang</translation>
    </message>
    <message>
        <source>⚠ Storage almost full: %1% used</source>
        <translation>⚠ Speicher fast voll: %1 % belegt</translation>
    </message>
    <message>
        <source>Storage %1% used</source>
        <translation>Speicher zu %1 % belegt</translation>
    </message>
    <message>
        <source>%1 of %2 used; administrators see where in Organisation Settings → Storage.</source>
        <translation>%1 von %2 belegt; Administratoren sehen die Aufteilung unter Organisationseinstellungen → Speicher.</translation>
    </message>
    <message>
        <source>&amp;Inbox (%1)</source>
        <translation>Post&amp;eingang (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n unread from clients</source>
        <translation>
            <numerusform>%n ungelesene Nachricht von Kunden</numerusform>
            <numerusform>%n ungelesene Nachrichten von Kunden</numerusform>
        </translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Atrium uses the chosen language the next time you start it.</source>
        <translation>Atrium verwendet die gewählte Sprache, wenn Sie es das nächste Mal starten.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>New &amp;Client…</source>
        <translation>Neuer &amp;Kunde…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>New Co&amp;ntact…</source>
        <translation>Neuer Ko&amp;ntakt…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation>Ctrl+Shift+N</translation>
    </message>
    <message>
        <source>New &amp;Project…</source>
        <translation>Neues &amp;Projekt…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>New &amp;Task…</source>
        <translation>Neue &amp;Aufgabe…</translation>
    </message>
    <message>
        <source>&amp;Add Files…</source>
        <translation>Dateien &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>&amp;Invite to the Portal…</source>
        <translation>Zum Kundenportal &amp;einladen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+I</source>
        <translation>Ctrl+Shift+I</translation>
    </message>
    <message>
        <source>Project S&amp;ettings…</source>
        <translation>Projekteins&amp;tellungen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Or&amp;ganisation Settings…</source>
        <translation>Or&amp;ganisationseinstellungen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Security &amp;Log…</source>
        <translation>Sicherheitsprotoko&amp;ll…</translation>
    </message>
    <message>
        <source>&amp;Sync Now</source>
        <translation>Jetzt &amp;synchronisieren</translation>
    </message>
    <message>
        <source>Sign &amp;In…</source>
        <translation>An&amp;melden…</translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation>Ab&amp;melden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Z</source>
        <translation>Ctrl+Shift+Z</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>Projekte</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Konflikte</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Posteingang</translation>
    </message>
    <message>
        <source>&amp;Deleted Items…</source>
        <translation>&amp;Gelöschte Elemente…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>Same as the &amp;System</source>
        <translation>Wie das &amp;System</translation>
    </message>
    <message>
        <source>Atrium uses the chosen language from its next start.</source>
        <translation>Atrium verwendet die gewählte Sprache ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>Kon&amp;to</translation>
    </message>
    <message>
        <source>E-mail &amp;Notifications…</source>
        <translation>E-Mail-&amp;Benachrichtigungen…</translation>
    </message>
    <message>
        <source>&amp;Two-Factor Sign-In…</source>
        <translation>&amp;Zwei-Faktor-Anmeldung…</translation>
    </message>
    <message>
        <source>Signed-In &amp;Devices…</source>
        <translation>Angemeldete &amp;Geräte…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Atrium</source>
        <translation>&amp;Über Atrium</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt-Werkzeugleiste</translation>
    </message>
    <message>
        <source>About Atrium</source>
        <translation>Über Atrium</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Atrium %1&lt;/h3&gt;&lt;p&gt;The client portal for studios and agencies: share work with clients, hear from them, and get sign-offs that stand as evidence.&lt;/p&gt;&lt;p&gt;Free software under the GNU General Public License, version 3 or later.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Atrium %1&lt;/h3&gt;&lt;p&gt;Das Kundenportal für Studios und Agenturen: Arbeit mit Kunden teilen, von ihnen hören und Freigaben erhalten, die als Nachweis Bestand haben.&lt;/p&gt;&lt;p&gt;Freie Software unter der GNU General Public License, Version 3 oder später.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>○ Not signed in</source>
        <translation>○ Nicht angemeldet</translation>
    </message>
    <message>
        <source>● Paused</source>
        <translation>● Pausiert</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● Online</translation>
    </message>
    <message>
        <source>○ Offline</source>
        <translation>○ Offline</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting to sync</source>
        <translation>
            <numerusform>%n Änderung wartet auf Synchronisierung</numerusform>
            <numerusform>%n Änderungen warten auf Synchronisierung</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n zurückgewiesen</numerusform>
            <numerusform>%n zurückgewiesen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n Konflikt</numerusform>
            <numerusform>%n Konflikte</numerusform>
        </translation>
    </message>
    <message>
        <source>Last synced %1</source>
        <translation>Zuletzt synchronisiert: %1</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Noch nicht synchronisiert</translation>
    </message>
    <message>
        <source>Delete Many Items?</source>
        <translation>Viele Elemente löschen?</translation>
    </message>
    <message>
        <source>The server says %1 of the %2 items on this computer were deleted. Delete them here too?

If this is unexpected, keep them and ask your administrator; syncing pauses until you decide.</source>
        <translation>Laut Server wurden %1 der %2 Elemente auf diesem Computer gelöscht. Sollen sie auch hier gelöscht werden?

Wenn das unerwartet ist, behalten Sie sie und fragen Sie Ihren Administrator; die Synchronisierung pausiert, bis Sie entscheiden.</translation>
    </message>
    <message>
        <source>Delete Them</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Keep Them</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>&amp;Rückgängig: %1</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>&amp;Wiederholen: %1</translation>
    </message>
    <message>
        <source>Sync Now</source>
        <comment>toolbar</comment>
        <translation>Synchronisieren</translation>
    </message>
    <message>
        <source>Invite to the Portal</source>
        <comment>toolbar</comment>
        <translation>Einladen</translation>
    </message>
</context>
<context>
    <name>NotificationSettingsDialog</name>
    <message>
        <source>E-mail Notifications</source>
        <translation>E-Mail-Benachrichtigungen</translation>
    </message>
    <message>
        <source>E-mail me when clients comment, upload, change a task or answer a sign-off in projects I work on:</source>
        <translation>Mir eine E-Mail senden, wenn Kunden in meinen Projekten kommentieren, hochladen, eine Aufgabe ändern oder eine Freigabe beantworten:</translation>
    </message>
    <message>
        <source>As it happens (one e-mail every few minutes at most)</source>
        <translation>Sofort (höchstens eine E-Mail alle paar Minuten)</translation>
    </message>
    <message>
        <source>Once a day</source>
        <translation>Einmal am Tag</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>What you have already read in the Inbox is left out.</source>
        <translation>Was Sie im Posteingang schon gelesen haben, wird weggelassen.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>E-mail settings need a connection to the server. Try again when you are online.</source>
        <translation>Für die E-Mail-Einstellungen ist eine Verbindung zum Server nötig. Versuchen Sie es erneut, sobald Sie online sind.</translation>
    </message>
    <message>
        <source>Sign in to change your e-mail settings.</source>
        <translation>Melden Sie sich an, um Ihre E-Mail-Einstellungen zu ändern.</translation>
    </message>
    <message>
        <source>The server refused: %1</source>
        <translation>Der Server hat abgelehnt: %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
</context>
<context>
    <name>OrgSettingsDialog</name>
    <message>
        <source>&amp;Enable the Client Portal for this organisation</source>
        <translation>Kundenportal für diese Organisation &amp;einschalten</translation>
    </message>
    <message>
        <source>Require two-factor sign-in of all &amp;staff</source>
        <translation>Zwei-Faktor-Anmeldung für das gesamte &amp;Team verlangen</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Choose &amp;Logo…</source>
        <translation>&amp;Logo wählen…</translation>
    </message>
    <message>
        <source>Re&amp;move Logo</source>
        <translation>Logo &amp;entfernen</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Reset to &amp;Defaults</source>
        <translation>Stan&amp;dard wiederherstellen</translation>
    </message>
    <message>
        <source>Open Preview in &amp;Browser</source>
        <translation>Vorschau im Bro&amp;wser öffnen</translation>
    </message>
    <message>
        <source>Organisation Settings</source>
        <translation>Organisationseinstellungen</translation>
    </message>
    <message>
        <source>e.g. northwind</source>
        <translation>z. B. nordwind</translation>
    </message>
    <message>
        <source>Optional, e.g. portal.example.com</source>
        <translation>Optional, z. B. portal.example.com</translation>
    </message>
    <message>
        <source>A sentence or two your clients see when they sign in.</source>
        <translation>Ein, zwei Sätze, die Ihre Kunden bei der Anmeldung sehen.</translation>
    </message>
    <message>
        <source>Defaults to the organisation&apos;s name</source>
        <translation>Standardmäßig der Name der Organisation</translation>
    </message>
    <message>
        <source>Client Portal</source>
        <translation>Kundenportal</translation>
    </message>
    <message>
        <source>Add&amp;ress:</source>
        <translation>Ad&amp;resse:</translation>
    </message>
    <message>
        <source>Portal URL:</source>
        <translation>Portal-URL:</translation>
    </message>
    <message>
        <source>Custom &amp;host:</source>
        <translation>Eigener &amp;Hostname:</translation>
    </message>
    <message>
        <source>Point the host&apos;s DNS at this server: its address then opens the portal too.</source>
        <translation>Richten Sie den DNS-Eintrag des Hostnamens auf diesen Server: Dann öffnet auch diese Adresse das Kundenportal.</translation>
    </message>
    <message>
        <source>Branding</source>
        <translation>Erscheinungsbild</translation>
    </message>
    <message>
        <source>Logo:</source>
        <translation>Logo:</translation>
    </message>
    <message>
        <source>PNG or JPEG. Scaled to at most %1 pixels and saved as PNG; the browser tab icon comes from it.</source>
        <translation>PNG oder JPEG. Wird auf höchstens %1 Pixel verkleinert und als PNG gespeichert; das Symbol im Browser-Tab wird daraus erzeugt.</translation>
    </message>
    <message>
        <source>&amp;Primary colour:</source>
        <translation>&amp;Primärfarbe:</translation>
    </message>
    <message>
        <source>&amp;Accent colour:</source>
        <translation>&amp;Akzentfarbe:</translation>
    </message>
    <message>
        <source>Bac&amp;kground colour:</source>
        <translation>&amp;Hintergrundfarbe:</translation>
    </message>
    <message>
        <source>&amp;Text colour:</source>
        <translation>&amp;Textfarbe:</translation>
    </message>
    <message>
        <source>Choose a colour</source>
        <translation>Farbe wählen</translation>
    </message>
    <message>
        <source>Choose the %1</source>
        <translation>%1 wählen</translation>
    </message>
    <message>
        <source>&amp;Welcome text:</source>
        <translation>&amp;Begrüßungstext:</translation>
    </message>
    <message>
        <source>E-mail se&amp;nder name:</source>
        <translation>Absender&amp;name für E-Mails:</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>Desktop</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>&lt;b&gt;Preview&lt;/b&gt;</source>
        <translation>&lt;b&gt;Vorschau&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Only administrators can change these settings.</source>
        <translation>Nur Administratoren können diese Einstellungen ändern.</translation>
    </message>
    <message>
        <source>Not required</source>
        <translation>Nicht verlangt</translation>
    </message>
    <message>
        <source>Required of all clients</source>
        <translation>Für alle Kunden verlangt</translation>
    </message>
    <message>
        <source>Required of the clients chosen in Clients</source>
        <translation>Für die unter „Kunden“ gewählten Kunden verlangt</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>None: enrol at the next sign-in</source>
        <translation>Keine: Einrichtung bei der nächsten Anmeldung</translation>
    </message>
    <message>
        <source>With two-factor sign-in, signing in takes a password and a code from an authenticator app. Whoever has not set it up when it becomes required is asked to at every sign-in during the grace period; after it, they can sign in only by setting it up. The period starts when the requirement is switched on, or when someone joins later.</source>
        <translation>Mit Zwei-Faktor-Anmeldung braucht man zum Anmelden ein Passwort und einen Code aus einer Authenticator-App. Wer sie noch nicht eingerichtet hat, wenn sie verlangt wird, wird während der Übergangsfrist bei jeder Anmeldung dazu aufgefordert; danach ist die Anmeldung nur noch möglich, indem man sie einrichtet. Die Frist beginnt, wenn die Anforderung eingeschaltet wird oder jemand später hinzukommt.</translation>
    </message>
    <message>
        <source>Staff:</source>
        <translation>Team:</translation>
    </message>
    <message>
        <source>&amp;Clients:</source>
        <translation>&amp;Kunden:</translation>
    </message>
    <message>
        <source>&amp;Grace period:</source>
        <translation>&amp;Übergangsfrist:</translation>
    </message>
    <message>
        <source>To choose clients, right-click a client in Clients and choose &quot;Require Two-Factor Sign-In&quot;.</source>
        <translation>Um Kunden auszuwählen, klicken Sie unter „Kunden“ mit der rechten Maustaste auf einen Kunden und wählen „Zwei-Faktor-Anmeldung verlangen“.</translation>
    </message>
    <message>
        <source>The organisation&apos;s settings have not been downloaded yet. Try again after syncing.</source>
        <translation>Die Einstellungen der Organisation wurden noch nicht heruntergeladen. Versuchen Sie es nach der Synchronisierung erneut.</translation>
    </message>
    <message>
        <source>Saved logo not loaded (offline)</source>
        <translation>Gespeichertes Logo nicht geladen (offline)</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>Kein Logo</translation>
    </message>
    <message>
        <source>Text on the background</source>
        <translation>Text auf dem Hintergrund</translation>
    </message>
    <message>
        <source>Links and project names (primary on background)</source>
        <translation>Links und Projektnamen (Primärfarbe auf Hintergrund)</translation>
    </message>
    <message>
        <source>Header and buttons (text on primary)</source>
        <translation>Kopfzeile und Schaltflächen (Text auf Primärfarbe)</translation>
    </message>
    <message>
        <source>Highlights (text on accent)</source>
        <translation>Hervorhebungen (Text auf Akzentfarbe)</translation>
    </message>
    <message>
        <source>Focus outline (accent on background)</source>
        <translation>Fokusrahmen (Akzentfarbe auf Hintergrund)</translation>
    </message>
    <message>
        <source>⚠ %1: contrast %2:1, WCAG 2.1 AA needs %3:1</source>
        <translation>⚠ %1: Kontrast %2:1, WCAG 2.1 AA verlangt %3:1</translation>
    </message>
    <message>
        <source>✓ Every colour pair meets WCAG 2.1 AA.</source>
        <translation>✓ Alle Farbpaare erfüllen WCAG 2.1 AA.</translation>
    </message>
    <message>
        <source>Choose the address of the portal.</source>
        <translation>Wählen Sie die Adresse des Kundenportals.</translation>
    </message>
    <message>
        <source>Use 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.</source>
        <translation>Verwenden Sie 3 bis 63 Kleinbuchstaben, Ziffern und einzelne Bindestriche; Anfang und Ende müssen ein Buchstabe oder eine Ziffer sein.</translation>
    </message>
    <message>
        <source>Enter a host name like portal.example.com, or leave it empty.</source>
        <translation>Geben Sie einen Hostnamen wie portal.example.com ein oder lassen Sie das Feld leer.</translation>
    </message>
    <message>
        <source>A colour as #rrggbb, e.g. #1f4e79.</source>
        <translation>Eine Farbe als #rrggbb, z. B. #1f4e79.</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>%1 lässt sich nicht lesen.</translation>
    </message>
    <message>
        <source>This file cannot be used as a logo: choose a PNG or JPEG image.</source>
        <translation>Diese Datei eignet sich nicht als Logo: Wählen Sie ein PNG- oder JPEG-Bild.</translation>
    </message>
    <message>
        <source>New logo chosen; Save to use it.</source>
        <translation>Neues Logo gewählt; speichern Sie, um es zu verwenden.</translation>
    </message>
    <message>
        <source>Choose a Logo</source>
        <translation>Logo wählen</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>Bilder (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>The default branding is shown; Save to use it.</source>
        <translation>Das Standard-Erscheinungsbild wird angezeigt; speichern Sie, um es zu verwenden.</translation>
    </message>
    <message>
        <source>Nothing to save: these are the current settings.</source>
        <translation>Nichts zu speichern: Das sind die aktuellen Einstellungen.</translation>
    </message>
    <message>
        <source>Sending the logo…</source>
        <translation>Logo wird gesendet…</translation>
    </message>
    <message>
        <source>Saved. Sending it to the server…</source>
        <translation>Gespeichert. Wird an den Server gesendet…</translation>
    </message>
    <message>
        <source>Saved. The server cannot be reached now: the changes, the new logo included, go out as soon as it can.</source>
        <translation>Gespeichert. Der Server ist gerade nicht erreichbar: Die Änderungen samt neuem Logo werden gesendet, sobald er es wieder ist.</translation>
    </message>
    <message>
        <source>The server did not take the logo: %1</source>
        <translation>Der Server hat das Logo nicht angenommen: %1</translation>
    </message>
    <message>
        <source>The address “%1” is already used by another organisation. Choose another one.</source>
        <translation>Die Adresse „%1“ wird bereits von einer anderen Organisation verwendet. Wählen Sie eine andere.</translation>
    </message>
    <message>
        <source>The custom host “%1” is already used by another organisation.</source>
        <translation>Der eigene Hostname „%1“ wird bereits von einer anderen Organisation verwendet.</translation>
    </message>
    <message>
        <source>The server refused the change: %1</source>
        <translation>Der Server hat die Änderung abgelehnt: %1</translation>
    </message>
    <message>
        <source>Saved. The portal and its e-mails use the new settings now.</source>
        <translation>Gespeichert. Das Kundenportal und seine E-Mails verwenden jetzt die neuen Einstellungen.</translation>
    </message>
    <message>
        <source>Asking the server for a preview link…</source>
        <translation>Vorschaulink wird beim Server angefordert…</translation>
    </message>
    <message>
        <source>The preview in the browser needs the server, which cannot be reached now.</source>
        <translation>Die Vorschau im Browser braucht den Server, der gerade nicht erreichbar ist.</translation>
    </message>
    <message>
        <source>The server made no preview: %1</source>
        <translation>Der Server hat keine Vorschau erstellt: %1</translation>
    </message>
    <message>
        <source>The preview opened in your browser. Its link works for ten minutes and shows nothing to clients.</source>
        <translation>Die Vorschau wurde in Ihrem Browser geöffnet. Ihr Link gilt zehn Minuten und zeigt Kunden nichts.</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>Delete the %1 “%2”?</source>
        <translation>%1 „%2“ löschen?</translation>
    </message>
    <message>
        <source>Delete these %1 items: %2?</source>
        <translation>Diese %1 Elemente löschen: %2?</translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s)</source>
        <translation>
            <numerusform>%n Kontakt</numerusform>
            <numerusform>%n Kontakte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n project(s)</source>
        <translation>
            <numerusform>%n Projekt</numerusform>
            <numerusform>%n Projekte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n Aufgabe</numerusform>
            <numerusform>%n Aufgaben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sign-off(s)</source>
        <translation>
            <numerusform>%n Freigabe</numerusform>
            <numerusform>%n Freigaben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n Kommentar</numerusform>
            <numerusform>%n Kommentare</numerusform>
        </translation>
    </message>
    <message>
        <source>With it go %1.</source>
        <translation>Mitgelöscht werden %1.</translation>
    </message>
    <message>
        <source>Their portal access and open invitations end at once.</source>
        <translation>Ihr Portalzugang und offene Einladungen enden sofort.</translation>
    </message>
    <message>
        <source>You can restore deleted items from View → Deleted Items.</source>
        <translation>Gelöschte Elemente können Sie über Ansicht → Gelöschte Elemente wiederherstellen.</translation>
    </message>
    <message>
        <source>Delete?</source>
        <translation>Löschen?</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Atrium</source>
        <translation>Atrium</translation>
    </message>
</context>
<context>
    <name>PortalViewDialog</name>
    <message>
        <source>&amp;Try Again</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Client Portal as %1</source>
        <translation>Kundenportal aus Sicht von %1</translation>
    </message>
    <message>
        <source>What &lt;b&gt;%1&lt;/b&gt; sees in the client portal, as the server decides it with the portal&apos;s own rules. Looking changes nothing; it is recorded in the activity log.</source>
        <translation>Was &lt;b&gt;%1&lt;/b&gt; im Kundenportal sieht, so wie der Server es nach den Regeln des Portals ermittelt. Das Ansehen ändert nichts; es wird im Aktivitätsprotokoll vermerkt.</translation>
    </message>
    <message>
        <source>Sign in to Atrium first: the preview comes from the server.</source>
        <translation>Melden Sie sich zuerst bei Atrium an: Die Vorschau kommt vom Server.</translation>
    </message>
    <message>
        <source>Asking the server what %1 sees…</source>
        <translation>Der Server wird gefragt, was %1 sieht…</translation>
    </message>
    <message>
        <source>Atrium cannot reach the server, and this preview needs a connection: it is worked out by the server with the same rules as the portal, never guessed from the copy on this computer. Try again when you are online.</source>
        <translation>Atrium erreicht den Server nicht, und diese Vorschau braucht eine Verbindung: Der Server ermittelt sie nach denselben Regeln wie das Kundenportal, sie wird nie aus der Kopie auf diesem Computer erraten. Versuchen Sie es erneut, sobald Sie online sind.</translation>
    </message>
    <message>
        <source>The server no longer accepts your sign-in. Sign in again, then try once more.</source>
        <translation>Der Server akzeptiert Ihre Anmeldung nicht mehr. Melden Sie sich erneut an und versuchen Sie es dann noch einmal.</translation>
    </message>
    <message>
        <source>The server does not know this contact yet. If it was just added, try again once it has synced.</source>
        <translation>Der Server kennt diesen Kontakt noch nicht. Wenn er gerade erst hinzugefügt wurde, versuchen Sie es nach der Synchronisierung erneut.</translation>
    </message>
    <message>
        <source>The server refused the preview: %1</source>
        <translation>Der Server hat die Vorschau abgelehnt: %1</translation>
    </message>
    <message>
        <source>%1&apos;s portal access is revoked: they cannot sign in and see nothing.</source>
        <translation>Der Portalzugang von %1 ist widerrufen: Die Person kann sich nicht anmelden und sieht nichts.</translation>
    </message>
    <message>
        <source>%1 sees no projects. A project appears here when it belongs to the contact&apos;s client and both the organisation&apos;s and the project&apos;s Client Portal are on.</source>
        <translation>%1 sieht keine Projekte. Ein Projekt erscheint hier, wenn es zum Kunden des Kontakts gehört und sowohl das Kundenportal der Organisation als auch das des Projekts eingeschaltet ist.</translation>
    </message>
    <message>
        <source>%1 has not signed up yet: this is what they will see once they do.</source>
        <translation>%1 hat sich noch nicht registriert: Das hier wird die Person sehen, sobald sie es tut.</translation>
    </message>
</context>
<context>
    <name>PortalViewModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Waiting for an answer</source>
        <translation>Wartet auf Antwort</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>%1, due %2</source>
        <translation>%1, fällig am %2</translation>
    </message>
    <message>
        <source>%1, in %2</source>
        <translation>%1, in %2</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Sign-Offs</source>
        <translation>Freigaben</translation>
    </message>
    <message>
        <source>Editable</source>
        <translation>Bearbeitbar</translation>
    </message>
    <message>
        <source>Can approve or reject</source>
        <translation>Kann freigeben oder ablehnen</translation>
    </message>
    <message>
        <source>Can view and upload files</source>
        <translation>Kann Dateien ansehen und hochladen</translation>
    </message>
    <message>
        <source>Can view</source>
        <translation>Kann ansehen</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Nur lesbar</translation>
    </message>
    <message>
        <source>What the contact sees</source>
        <translation>Was der Kontakt sieht</translation>
    </message>
    <message>
        <source>They can</source>
        <translation>Rechte</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>ProjectsPage</name>
    <message>
        <source>On</source>
        <translation>Ein</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Client Portal</source>
        <translation>Kundenportal</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Show projects of client</source>
        <translation>Projekte dieses Kunden anzeigen</translation>
    </message>
    <message>
        <source>All clients</source>
        <translation>Alle Kunden</translation>
    </message>
    <message>
        <source>Show projects with status</source>
        <translation>Projekte mit diesem Status anzeigen</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Jeder Status</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>Projekte</translation>
    </message>
    <message>
        <source>Project contents</source>
        <translation>Projektinhalt</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Sign-Offs</source>
        <translation>Freigaben</translation>
    </message>
    <message>
        <source>Project Settings…</source>
        <translation>Projekteinstellungen…</translation>
    </message>
    <message>
        <source>Delete Project…</source>
        <translation>Projekt löschen…</translation>
    </message>
    <message>
        <source>View Portal as</source>
        <translation>Kundenportal ansehen als</translation>
    </message>
    <message>
        <source>New Project…</source>
        <translation>Neues Projekt…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — the project&apos;s Client Portal is on.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; – Das Kundenportal des Projekts ist eingeschaltet.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — Client Portal off: clients see nothing of this project.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; – Kundenportal aus: Kunden sehen nichts von diesem Projekt.</translation>
    </message>
    <message>
        <source>Choose the client of the project first (in the client filter or on the Clients page).</source>
        <translation>Wählen Sie zuerst den Kunden des Projekts (im Kundenfilter oder auf der Seite „Kunden“).</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>Move to Folder…</source>
        <translation>In Ordner verschieben…</translation>
    </message>
    <message>
        <source>Client Visibility</source>
        <translation>Sichtbarkeit für Kunden</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>Share with the Client?</source>
        <translation>Mit dem Kunden teilen?</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Teilen</translation>
    </message>
    <message>
        <source>Choose a project first.</source>
        <translation>Wählen Sie zuerst ein Projekt.</translation>
    </message>
    <message>
        <source>Project Settings — %1</source>
        <translation>Projekteinstellungen – %1</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>D&amp;ue date:</source>
        <translation>&amp;Fällig am:</translation>
    </message>
    <message>
        <source>&amp;Client Portal: clients of this project can see what is shared with them</source>
        <translation>&amp;Kundenportal: Kunden dieses Projekts sehen, was mit ihnen geteilt ist</translation>
    </message>
    <message>
        <source>Allow clients to &amp;upload files (into &quot;Client Uploads&quot;)</source>
        <translation>Kunden dürfen Dateien &amp;hochladen (in „Uploads von Kunden“)</translation>
    </message>
    <message>
        <source>Open the Project to the Client?</source>
        <translation>Projekt für den Kunden öffnen?</translation>
    </message>
    <message>
        <source>Switch On</source>
        <translation>Einschalten</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>Search clients, contacts, projects, tasks, files and comments</source>
        <translation>Kunden, Kontakte, Projekte, Aufgaben, Dateien und Kommentare durchsuchen</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>Gefunden</translation>
    </message>
    <message>
        <source>Where it matched</source>
        <translation>Fundstelle</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Suche fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>Projekte</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Sign-offs</source>
        <translation>Freigaben</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Kommentare</translation>
    </message>
    <message>
        <source>Nothing found for “%1”.</source>
        <translation>Nichts gefunden für „%1“.</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n Ergebnis</numerusform>
            <numerusform>%n Ergebnisse</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SecurityLogDialog</name>
    <message>
        <source>Load &amp;Older</source>
        <translation>Ä&amp;ltere laden</translation>
    </message>
    <message>
        <source>&amp;Reset Two-Factor Sign-In…</source>
        <translation>Zwei-Faktor-Anmeldung &amp;zurücksetzen…</translation>
    </message>
    <message>
        <source>Security Log</source>
        <translation>Sicherheitsprotokoll</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Alle Ereignisse</translation>
    </message>
    <message>
        <source>Name, e-mail or network address</source>
        <translation>Name, E-Mail oder Netzwerkadresse</translation>
    </message>
    <message>
        <source>Security log</source>
        <translation>Sicherheitsprotokoll</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Anzeigen:</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Angemeldet</translation>
    </message>
    <message>
        <source>Sign-in failed</source>
        <translation>Anmeldung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Locked out</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>Two-factor sign-in turned on</source>
        <translation>Zwei-Faktor-Anmeldung eingeschaltet</translation>
    </message>
    <message>
        <source>Two-factor sign-in reset</source>
        <translation>Zwei-Faktor-Anmeldung zurückgesetzt</translation>
    </message>
    <message>
        <source>New recovery codes</source>
        <translation>Neue Wiederherstellungscodes</translation>
    </message>
    <message>
        <source>Signed in with a recovery code</source>
        <translation>Mit Wiederherstellungscode angemeldet</translation>
    </message>
    <message>
        <source>Invitation accepted</source>
        <translation>Einladung angenommen</translation>
    </message>
    <message>
        <source>Portal access revoked</source>
        <translation>Portalzugang widerrufen</translation>
    </message>
    <message>
        <source>Signed out everywhere</source>
        <translation>Überall abgemeldet</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n Sitzung</numerusform>
            <numerusform>%n Sitzungen</numerusform>
        </translation>
    </message>
    <message>
        <source>wrong password</source>
        <translation>falsches Passwort</translation>
    </message>
    <message>
        <source>wrong code</source>
        <translation>falscher Code</translation>
    </message>
    <message>
        <source>wrong recovery code</source>
        <translation>falscher Wiederherstellungscode</translation>
    </message>
    <message>
        <source>too many failed sign-ins</source>
        <translation>zu viele fehlgeschlagene Anmeldungen</translation>
    </message>
    <message>
        <source>at sign-in, as the organisation requires</source>
        <translation>bei der Anmeldung, wie von der Organisation verlangt</translation>
    </message>
    <message>
        <source>by an administrator</source>
        <translation>von einem Administrator</translation>
    </message>
    <message>
        <source>portal access revoked</source>
        <translation>Portalzugang widerrufen</translation>
    </message>
    <message>
        <source>with the password</source>
        <translation>mit dem Passwort</translation>
    </message>
    <message>
        <source>with two-factor sign-in</source>
        <translation>mit Zwei-Faktor-Anmeldung</translation>
    </message>
    <message>
        <source>with an e-mailed sign-in link</source>
        <translation>mit einem per E-Mail gesendeten Anmeldelink</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Der Server wird gefragt…</translation>
    </message>
    <message>
        <source>The server cannot be reached. The security log is kept on the server; try again when you are online.</source>
        <translation>Der Server ist nicht erreichbar. Das Sicherheitsprotokoll liegt auf dem Server; versuchen Sie es erneut, sobald Sie online sind.</translation>
    </message>
    <message>
        <source>Only the organisation&apos;s administrators can read the security log.</source>
        <translation>Nur die Administratoren der Organisation können das Sicherheitsprotokoll lesen.</translation>
    </message>
    <message>
        <source>%1 &lt;%2&gt;</source>
        <translation>%1 &lt;%2&gt;</translation>
    </message>
    <message>
        <source>%1 (client)</source>
        <translation>%1 (Kunde)</translation>
    </message>
    <message>
        <source>Nothing recorded that matches.</source>
        <translation>Keine passenden Einträge.</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) shown.</source>
        <translation>
            <numerusform>%n Ereignis angezeigt.</numerusform>
            <numerusform>%n Ereignisse angezeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reset Two-Factor Sign-In?</source>
        <translation>Zwei-Faktor-Anmeldung zurücksetzen?</translation>
    </message>
    <message>
        <source>Turn off two-factor sign-in for %1? Do this only when you are sure it is them asking (they lost their phone and their recovery codes). They are told by e-mail, and it is recorded in this log.</source>
        <translation>Zwei-Faktor-Anmeldung für %1 ausschalten? Tun Sie das nur, wenn Sie sicher sind, dass die Bitte wirklich von dieser Person kommt (Telefon und Wiederherstellungscodes verloren). Sie wird per E-Mail informiert, und der Vorgang wird in diesem Protokoll vermerkt.</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>The server cannot be reached. Try again when you are online.</source>
        <translation>Der Server ist nicht erreichbar. Versuchen Sie es erneut, sobald Sie online sind.</translation>
    </message>
    <message>
        <source>%1 is no longer in the organisation.</source>
        <translation>%1 gehört nicht mehr zur Organisation.</translation>
    </message>
    <message>
        <source>Two-factor sign-in is off for %1. They were told by e-mail and can set it up again.</source>
        <translation>Die Zwei-Faktor-Anmeldung ist für %1 ausgeschaltet. Die Person wurde per E-Mail informiert und kann sie erneut einrichten.</translation>
    </message>
    <message>
        <source>%1 had no two-factor sign-in to reset.</source>
        <translation>%1 hatte keine Zwei-Faktor-Anmeldung, die sich zurücksetzen ließe.</translation>
    </message>
</context>
<context>
    <name>SessionsDialog</name>
    <message>
        <source>&amp;Sign Out</source>
        <translation>Ab&amp;melden</translation>
    </message>
    <message>
        <source>Sign Out All &amp;Others</source>
        <translation>Alle &amp;anderen abmelden</translation>
    </message>
    <message>
        <source>Signed-In Devices</source>
        <translation>Angemeldete Geräte</translation>
    </message>
    <message>
        <source>Signed-in devices</source>
        <translation>Angemeldete Geräte</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <source>Where you are signed in to Atrium. Sign out a device you no longer use or do not recognise; it is signed out at its next contact with the server.</source>
        <translation>Hier sind Sie bei Atrium angemeldet. Melden Sie Geräte ab, die Sie nicht mehr nutzen oder nicht kennen; die Abmeldung greift beim nächsten Kontakt des Geräts mit dem Server.</translation>
    </message>
    <message>
        <source>Portal Sessions of %1</source>
        <translation>Portalsitzungen von %1</translation>
    </message>
    <message>
        <source>Client portal sessions</source>
        <translation>Sitzungen im Kundenportal</translation>
    </message>
    <message>
        <source>Where %1 is signed in to the client portal. Signing them out everywhere ends every session at its next request; they can sign in again with their password.</source>
        <translation>Hier ist %1 im Kundenportal angemeldet. „Überall abmelden“ beendet jede Sitzung bei ihrer nächsten Anfrage; die Person kann sich mit ihrem Passwort wieder anmelden.</translation>
    </message>
    <message>
        <source>Sign Out &amp;Everywhere</source>
        <translation>&amp;Überall abmelden</translation>
    </message>
    <message>
        <source>The server cannot be reached. Try again when you are online.</source>
        <translation>Der Server ist nicht erreichbar. Versuchen Sie es erneut, sobald Sie online sind.</translation>
    </message>
    <message>
        <source>Only the organisation&apos;s administrators can see and end a contact&apos;s sessions.</source>
        <translation>Nur die Administratoren der Organisation können die Sitzungen eines Kontakts sehen und beenden.</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Der Server wird gefragt…</translation>
    </message>
    <message>
        <source>Unknown device</source>
        <translation>Unbekanntes Gerät</translation>
    </message>
    <message>
        <source>%1 (this one)</source>
        <translation>%1 (dieses Gerät)</translation>
    </message>
    <message numerus="yes">
        <source>Signed in on %n device(s).</source>
        <translation>
            <numerusform>Auf %n Gerät angemeldet.</numerusform>
            <numerusform>Auf %n Geräten angemeldet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not signed in to the client portal anywhere.</source>
        <translation>Nirgends im Kundenportal angemeldet.</translation>
    </message>
</context>
<context>
    <name>SharedSummary</name>
    <message>
        <source>&lt;b&gt;Not visible to anyone:&lt;/b&gt; the organisation&apos;s and the project&apos;s Client Portal are off.</source>
        <translation>&lt;b&gt;Für niemanden sichtbar:&lt;/b&gt; Das Kundenportal der Organisation und das des Projekts sind ausgeschaltet.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not visible to anyone:&lt;/b&gt; the organisation&apos;s Client Portal is off.</source>
        <translation>&lt;b&gt;Für niemanden sichtbar:&lt;/b&gt; Das Kundenportal der Organisation ist ausgeschaltet.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not visible to anyone:&lt;/b&gt; the project&apos;s Client Portal is off.</source>
        <translation>&lt;b&gt;Für niemanden sichtbar:&lt;/b&gt; Das Kundenportal des Projekts ist ausgeschaltet.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not visible to anyone yet:&lt;/b&gt; no contact of %1 has signed up to the portal.</source>
        <translation>&lt;b&gt;Noch für niemanden sichtbar:&lt;/b&gt; Kein Kontakt von %1 hat sich im Kundenportal registriert.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Visible to&lt;/b&gt; %1 (%2).</source>
        <translation>&lt;b&gt;Sichtbar für&lt;/b&gt; %1 (%2).</translation>
    </message>
    <message>
        <source>Invited, not signed up yet: %1.</source>
        <translation>Eingeladen, noch nicht registriert: %1.</translation>
    </message>
    <message>
        <source>Tasks: %1 read-only, %2 editable, %3 private</source>
        <translation>Aufgaben: %1 nur lesbar, %2 bearbeitbar, %3 privat</translation>
    </message>
    <message>
        <source>Files: %1 read-only, %2 editable, %3 private</source>
        <translation>Dateien: %1 nur lesbar, %2 bearbeitbar, %3 privat</translation>
    </message>
    <message>
        <source>Sign-offs sent: %1</source>
        <translation>Gesendete Freigaben: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Shared with the client&lt;/b&gt; — %1&lt;br&gt;%2</source>
        <translation>&lt;b&gt;Mit dem Kunden geteilt&lt;/b&gt; – %1&lt;br&gt;%2</translation>
    </message>
</context>
<context>
    <name>SharingChange</name>
    <message>
        <source>editable (clients may change and comment on them)</source>
        <translation>bearbeitbar (Kunden dürfen sie ändern und kommentieren)</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>nur lesbar</translation>
    </message>
    <message numerus="yes">
        <source>Share %n task(s) as %1: %2.</source>
        <translation>
            <numerusform>%n Aufgabe teilen (%1): %2.</numerusform>
            <numerusform>%n Aufgaben teilen (%1): %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Share %n file(s) as %1: %2.</source>
        <translation>
            <numerusform>%n Datei teilen (%1): %2.</numerusform>
            <numerusform>%n Dateien teilen (%1): %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n weitere</numerusform>
            <numerusform>%n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>No contact of %1 has signed up to the portal yet, so nobody sees it now.</source>
        <translation>Noch hat sich kein Kontakt von %1 im Kundenportal registriert, daher sieht es jetzt niemand.</translation>
    </message>
    <message>
        <source>Who sees it: %1 (%2).</source>
        <translation>Wer es sieht: %1 (%2).</translation>
    </message>
    <message>
        <source>Once they accept their invitation: %1.</source>
        <translation>Sobald die Einladung angenommen ist: %1.</translation>
    </message>
    <message>
        <source>For now nobody sees it: the organisation&apos;s and the project&apos;s Client Portal are off.</source>
        <translation>Vorerst sieht es niemand: Das Kundenportal der Organisation und das des Projekts sind ausgeschaltet.</translation>
    </message>
    <message>
        <source>For now nobody sees it: the organisation&apos;s Client Portal is off (Organisation Settings).</source>
        <translation>Vorerst sieht es niemand: Das Kundenportal der Organisation ist ausgeschaltet (Organisationseinstellungen).</translation>
    </message>
    <message>
        <source>For now nobody sees it: the project&apos;s Client Portal is off (Project Settings).</source>
        <translation>Vorerst sieht es niemand: Das Kundenportal des Projekts ist ausgeschaltet (Projekteinstellungen).</translation>
    </message>
    <message>
        <source>Switching the Client Portal on shares what is shared in “%1” (and every sent sign-off):</source>
        <translation>Wenn Sie das Kundenportal einschalten, wird sichtbar, was in „%1“ geteilt ist (und jede gesendete Freigabe):</translation>
    </message>
    <message>
        <source>no tasks</source>
        <translation>keine Aufgaben</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s): %1</source>
        <translation>
            <numerusform>%n Aufgabe: %1</numerusform>
            <numerusform>%n Aufgaben: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>no files</source>
        <translation>keine Dateien</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s): %1</source>
        <translation>
            <numerusform>%n Datei: %1</numerusform>
            <numerusform>%n Dateien: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Clients will be able to upload files into &quot;Client Uploads&quot;.</source>
        <translation>Kunden können dann Dateien in „Uploads von Kunden“ hochladen.</translation>
    </message>
    <message>
        <source>“%1”</source>
        <extracomment>A name quoted in a list, with the language&apos;s own quotation marks.</extracomment>
        <translation>„%1“</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>&amp;Code:</source>
        <translation>&amp;Code:</translation>
    </message>
    <message>
        <source>Sign in to Atrium</source>
        <translation>Bei Atrium anmelden</translation>
    </message>
    <message>
        <source>you@studio.com</source>
        <translation>name@studio.de</translation>
    </message>
    <message>
        <source>123456</source>
        <translation>123456</translation>
    </message>
    <message>
        <source>Sign In</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Enter the address of your Atrium server, for example https://atrium.example.com.</source>
        <translation>Geben Sie die Adresse Ihres Atrium-Servers ein, zum Beispiel https://atrium.example.com.</translation>
    </message>
    <message>
        <source>Enter your email address and password.</source>
        <translation>Geben Sie Ihre E-Mail-Adresse und Ihr Passwort ein.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
    <message>
        <source>Cannot reach the server: %1</source>
        <translation>Der Server ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>The email address or password is not right.</source>
        <translation>E-Mail-Adresse oder Passwort stimmen nicht.</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a minute, then try again.</source>
        <translation>Zu viele Versuche. Warten Sie eine Minute und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>Enter the six-digit code from your authenticator app, or one of your recovery codes.</source>
        <translation>Geben Sie den sechsstelligen Code aus Ihrer Authenticator-App oder einen Ihrer Wiederherstellungscodes ein.</translation>
    </message>
    <message>
        <source>Checking the code…</source>
        <translation>Code wird geprüft…</translation>
    </message>
    <message>
        <source>That took too long, or too many codes were tried. Enter your password again.</source>
        <translation>Das hat zu lange gedauert, oder es wurden zu viele Codes probiert. Geben Sie Ihr Passwort erneut ein.</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a minute, then sign in again.</source>
        <translation>Zu viele Versuche. Warten Sie eine Minute und melden Sie sich dann erneut an.</translation>
    </message>
    <message>
        <source>The code is not right. Try the newest one.</source>
        <translation>Der Code stimmt nicht. Verwenden Sie den neuesten.</translation>
    </message>
    <message>
        <source>Your organisation requires two-factor sign-in. Set it up to finish signing in.</source>
        <translation>Ihre Organisation verlangt die Zwei-Faktor-Anmeldung. Richten Sie sie ein, um die Anmeldung abzuschließen.</translation>
    </message>
    <message>
        <source>You are not signed in: your organisation requires two-factor sign-in. Sign in again to set it up.</source>
        <translation>Sie sind nicht angemeldet: Ihre Organisation verlangt die Zwei-Faktor-Anmeldung. Melden Sie sich erneut an, um sie einzurichten.</translation>
    </message>
</context>
<context>
    <name>SignoffsPanel</name>
    <message>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>Sent — waiting for the client</source>
        <translation>Gesendet – wartet auf den Kunden</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Zurückgezogen</translation>
    </message>
    <message>
        <source>Sign-Off</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Beantwortet</translation>
    </message>
    <message>
        <source>Client&apos;s comment</source>
        <translation>Kommentar des Kunden</translation>
    </message>
    <message>
        <source>Sign-offs</source>
        <translation>Freigaben</translation>
    </message>
    <message>
        <source>The chosen sign-off&apos;s rounds and answers</source>
        <translation>Runden und Antworten der gewählten Freigabe</translation>
    </message>
    <message>
        <source>Audit &amp;trail of the chosen sign-off:</source>
        <translation>&amp;Prüfprotokoll der gewählten Freigabe:</translation>
    </message>
    <message>
        <source>New Sign-Off…</source>
        <translation>Neue Freigabe…</translation>
    </message>
    <message>
        <source>Send to Client</source>
        <translation>An Kunden senden</translation>
    </message>
    <message>
        <source>Send New Round…</source>
        <translation>Neue Runde senden…</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Zurückziehen</translation>
    </message>
    <message>
        <source>Save Certificate…</source>
        <translation>Nachweis speichern…</translation>
    </message>
    <message>
        <source>After the client asked for changes: send the files again, as they are now</source>
        <translation>Nachdem der Kunde Änderungen angefordert hat: die Dateien in ihrem jetzigen Stand erneut senden</translation>
    </message>
    <message>
        <source>A PDF of every round&apos;s files, approvers and answers, and the outcome</source>
        <translation>Ein PDF mit den Dateien, Freigebenden und Antworten jeder Runde und dem Ergebnis</translation>
    </message>
    <message>
        <source>Choose a project first.</source>
        <translation>Wählen Sie zuerst ein Projekt.</translation>
    </message>
    <message>
        <source>New Sign-Off</source>
        <translation>Neue Freigabe</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;What to approve:</source>
        <translation>&amp;Was freizugeben ist:</translation>
    </message>
    <message>
        <source>Files to approve</source>
        <translation>Freizugebende Dateien</translation>
    </message>
    <message>
        <source>Client Uploads</source>
        <translation>Uploads von Kunden</translation>
    </message>
    <message>
        <source>The project has no files yet.</source>
        <translation>Das Projekt hat noch keine Dateien.</translation>
    </message>
    <message>
        <source>&amp;Files:</source>
        <translation>&amp;Dateien:</translation>
    </message>
    <message>
        <source>Required approvers</source>
        <translation>Erforderliche Freigebende</translation>
    </message>
    <message>
        <source>The client has no contact with an e-mail address yet.</source>
        <translation>Der Kunde hat noch keinen Kontakt mit E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>&amp;Approvers:</source>
        <translation>&amp;Freigebende:</translation>
    </message>
    <message>
        <source>Each approver gets a personal link by e-mail; it is approved when all of them have approved, and any request for changes decides it.</source>
        <translation>Alle Freigebenden erhalten per E-Mail einen persönlichen Link; die Freigabe ist erteilt, wenn alle zugestimmt haben, und jede Bitte um Änderungen entscheidet sie.</translation>
    </message>
    <message>
        <source>Answer &amp;by:</source>
        <translation>Antwort &amp;bis:</translation>
    </message>
    <message>
        <source>Choose a sign-off the client asked changes for.</source>
        <translation>Wählen Sie eine Freigabe, zu der der Kunde Änderungen angefordert hat.</translation>
    </message>
    <message>
        <source>New Round — %1</source>
        <translation>Neue Runde – %1</translation>
    </message>
    <message>
        <source>Round %1 asks again, with the files as they are now. The answers to the earlier rounds stay on record.</source>
        <translation>Runde %1 fragt erneut, mit den Dateien in ihrem jetzigen Stand. Die Antworten der früheren Runden bleiben dokumentiert.</translation>
    </message>
    <message>
        <source>A certificate exists once the sign-off is decided.</source>
        <translation>Einen Nachweis gibt es, sobald über die Freigabe entschieden ist.</translation>
    </message>
    <message>
        <source>Save Certificate</source>
        <translation>Nachweis speichern</translation>
    </message>
    <message>
        <source>Sign-off certificate - %1.pdf</source>
        <translation>Freigabenachweis - %1.pdf</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message>
        <source>Changes requested</source>
        <translation>Änderungen angefordert</translation>
    </message>
    <message>
        <source>Waiting for answers</source>
        <translation>Wartet auf Antworten</translation>
    </message>
    <message>
        <source>Draft, not sent yet</source>
        <translation>Entwurf, noch nicht gesendet</translation>
    </message>
    <message>
        <source>answer by %1</source>
        <translation>Antwort bis %1</translation>
    </message>
    <message>
        <source>Not sent yet: the approvers are asked when it is sent.</source>
        <translation>Noch nicht gesendet: Die Freigebenden werden gefragt, sobald sie gesendet ist.</translation>
    </message>
    <message>
        <source>Round %1 — sent %2</source>
        <translation>Runde %1 – gesendet am %2</translation>
    </message>
    <message>
        <source>No files: the description says what to approve.</source>
        <translation>Keine Dateien: Die Beschreibung sagt, was freizugeben ist.</translation>
    </message>
    <message>
        <source>Files, exactly as sent:</source>
        <translation>Dateien, genau wie gesendet:</translation>
    </message>
    <message>
        <source>Approvers and their answers:</source>
        <translation>Freigebende und ihre Antworten:</translation>
    </message>
    <message>
        <source>no answer yet</source>
        <translation>noch keine Antwort</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>asked for changes</source>
        <translation>Änderungen angefordert</translation>
    </message>
    <message>
        <source>through the personal link</source>
        <translation>über den persönlichen Link</translation>
    </message>
    <message>
        <source>in the client portal</source>
        <translation>im Kundenportal</translation>
    </message>
    <message>
        <source>%1, from %2</source>
        <translation>%1, von %2</translation>
    </message>
    <message>
        <source>Choose a sign-off to see its rounds and who answered what.</source>
        <translation>Wählen Sie eine Freigabe, um ihre Runden zu sehen und wer was geantwortet hat.</translation>
    </message>
    <message>
        <source>client</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>staff</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>(from %1)</source>
        <translation>(von %1)</translation>
    </message>
</context>
<context>
    <name>StoragePanel</name>
    <message>
        <source>Storage used</source>
        <translation>Belegter Speicher</translation>
    </message>
    <message>
        <source>Storage by project</source>
        <translation>Speicher nach Projekt</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Staff files</source>
        <translation>Dateien des Teams</translation>
    </message>
    <message>
        <source>Client uploads</source>
        <translation>Uploads von Kunden</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>The server did not answer: %1</source>
        <translation>Der Server hat nicht geantwortet: %1</translation>
    </message>
    <message>
        <source>Storage use needs a connection to the server.</source>
        <translation>Für die Speicherbelegung ist eine Verbindung zum Server nötig.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 of %2 used&lt;/b&gt; (%3%)</source>
        <translation>&lt;b&gt;%1 von %2 belegt&lt;/b&gt; (%3 %)</translation>
    </message>
    <message>
        <source>Staff files: %1 · Client uploads: %2 · Logos: %3 · Uploads under way: %4</source>
        <translation>Dateien des Teams: %1 · Uploads von Kunden: %2 · Logos: %3 · Laufende Uploads: %4</translation>
    </message>
    <message>
        <source>%1 (deleted)</source>
        <translation>%1 (gelöscht)</translation>
    </message>
</context>
<context>
    <name>SyncEngine</name>
    <message>
        <source>The file is not known here (yet).</source>
        <translation>Die Datei ist hier (noch) nicht bekannt.</translation>
    </message>
    <message>
        <source>Sign in to download files.</source>
        <translation>Melden Sie sich an, um Dateien herunterzuladen.</translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation>Der Server ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>The downloaded file is damaged; try again.</source>
        <translation>Die heruntergeladene Datei ist beschädigt; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The file to upload is gone from the local cache.</source>
        <translation>Die hochzuladende Datei ist nicht mehr im lokalen Zwischenspeicher.</translation>
    </message>
    <message>
        <source>Cannot read the file to upload.</source>
        <translation>Die hochzuladende Datei lässt sich nicht lesen.</translation>
    </message>
    <message>
        <source>Sync is paused: the server deleted many items and you chose to keep them here.</source>
        <translation>Die Synchronisierung pausiert: Der Server hat viele Elemente gelöscht, und Sie haben entschieden, sie hier zu behalten.</translation>
    </message>
    <message>
        <source>Your session has ended. Sign in again; your changes are kept.</source>
        <translation>Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an; Ihre Änderungen bleiben erhalten.</translation>
    </message>
    <message>
        <source>The server answered %1 during %2: %3</source>
        <translation>Der Server antwortete mit %1 bei %2: %3</translation>
    </message>
</context>
<context>
    <name>TasksPanel</name>
    <message>
        <source>To do</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Client visibility</source>
        <translation>Für Kunden</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Client visibility of the chosen tasks</source>
        <translation>Sichtbarkeit der gewählten Aufgaben für Kunden</translation>
    </message>
    <message>
        <source>New Task…</source>
        <translation>Neue Aufgabe…</translation>
    </message>
    <message>
        <source>Edit Task…</source>
        <translation>Aufgabe bearbeiten…</translation>
    </message>
    <message>
        <source>Client visibility:</source>
        <translation>Sichtbarkeit für Kunden:</translation>
    </message>
    <message>
        <source>Choose one task first.</source>
        <translation>Wählen Sie zuerst eine einzelne Aufgabe.</translation>
    </message>
    <message>
        <source>Edit Task</source>
        <translation>Aufgabe bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>D&amp;ue date:</source>
        <translation>&amp;Fällig am:</translation>
    </message>
    <message>
        <source>&amp;Assignee:</source>
        <translation>&amp;Zuständig:</translation>
    </message>
    <message>
        <source>Nobody</source>
        <translation>Niemand</translation>
    </message>
    <message>
        <source>Choose a project first.</source>
        <translation>Wählen Sie zuerst ein Projekt.</translation>
    </message>
    <message>
        <source>New Task</source>
        <translation>Neue Aufgabe</translation>
    </message>
</context>
<context>
    <name>TwoFactorDialog</name>
    <message>
        <source>&amp;Turn On…</source>
        <translation>&amp;Einschalten…</translation>
    </message>
    <message>
        <source>&amp;Confirm</source>
        <translation>&amp;Bestätigen</translation>
    </message>
    <message>
        <source>&amp;New Recovery Codes</source>
        <translation>&amp;Neue Wiederherstellungscodes</translation>
    </message>
    <message>
        <source>C&amp;opy Codes</source>
        <translation>Codes k&amp;opieren</translation>
    </message>
    <message>
        <source>Two-Factor Sign-In</source>
        <translation>Zwei-Faktor-Anmeldung</translation>
    </message>
    <message>
        <source>QR code for your authenticator app</source>
        <translation>QR-Code für Ihre Authenticator-App</translation>
    </message>
    <message>
        <source>123456</source>
        <translation>123456</translation>
    </message>
    <message>
        <source>With two-factor sign-in, signing in takes your password and a code from an authenticator app on your phone (for example FreeOTP, Aegis or Google Authenticator), so a stolen password alone is not enough.</source>
        <translation>Mit Zwei-Faktor-Anmeldung brauchen Sie zum Anmelden Ihr Passwort und einen Code aus einer Authenticator-App auf Ihrem Telefon (zum Beispiel FreeOTP, Aegis oder Google Authenticator), sodass ein gestohlenes Passwort allein nicht genügt.</translation>
    </message>
    <message>
        <source>1. Scan this code with your authenticator app, or type the key below into it.</source>
        <translation>1. Scannen Sie diesen Code mit Ihrer Authenticator-App oder geben Sie den Schlüssel unten dort ein.</translation>
    </message>
    <message>
        <source>2. Enter the &amp;code the app shows:</source>
        <translation>2. Geben Sie den &amp;Code ein, den die App anzeigt:</translation>
    </message>
    <message>
        <source>Two-factor sign-in is on. Keep these recovery codes somewhere safe, away from your phone: each signs you in once if the phone is lost. They are shown only now.</source>
        <translation>Die Zwei-Faktor-Anmeldung ist eingeschaltet. Bewahren Sie diese Wiederherstellungscodes an einem sicheren Ort auf, getrennt von Ihrem Telefon: Mit jedem können Sie sich einmal anmelden, falls das Telefon verloren geht. Sie werden nur jetzt angezeigt.</translation>
    </message>
    <message>
        <source>New recovery codes replace all the earlier ones. Enter a current code of your app to make them:</source>
        <translation>Neue Wiederherstellungscodes ersetzen alle bisherigen. Geben Sie einen aktuellen Code Ihrer App ein, um sie zu erzeugen:</translation>
    </message>
    <message>
        <source>Lost your phone and your recovery codes? An administrator can turn two-factor sign-in off for you.</source>
        <translation>Telefon und Wiederherstellungscodes verloren? Ein Administrator kann die Zwei-Faktor-Anmeldung für Sie ausschalten.</translation>
    </message>
    <message>
        <source>Copied. Paste them into your password manager, or print them.</source>
        <translation>Kopiert. Fügen Sie sie in Ihren Passwortmanager ein oder drucken Sie sie aus.</translation>
    </message>
    <message>
        <source>Set Up Two-Factor Sign-In</source>
        <translation>Zwei-Faktor-Anmeldung einrichten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Weiter</translation>
    </message>
    <message>
        <source>The server cannot be reached. Two-factor sign-in is set up online; try again when connected.</source>
        <translation>Der Server ist nicht erreichbar. Die Zwei-Faktor-Anmeldung wird online eingerichtet; versuchen Sie es erneut, sobald Sie verbunden sind.</translation>
    </message>
    <message>
        <source>The code is not right. Check that the phone&apos;s clock is right, and enter the newest code.</source>
        <translation>Der Code stimmt nicht. Prüfen Sie, ob die Uhr des Telefons richtig geht, und geben Sie den neuesten Code ein.</translation>
    </message>
    <message>
        <source>That took too long, or too many codes were tried. Close this and sign in again.</source>
        <translation>Das hat zu lange gedauert, oder es wurden zu viele Codes probiert. Schließen Sie dieses Fenster und melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a minute, then sign in again.</source>
        <translation>Zu viele Versuche. Warten Sie eine Minute und melden Sie sich dann erneut an.</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Der Server wird gefragt…</translation>
    </message>
    <message numerus="yes">
        <source>Two-factor sign-in is on. %n recovery code(s) left.</source>
        <translation>
            <numerusform>Die Zwei-Faktor-Anmeldung ist eingeschaltet. Noch %n Wiederherstellungscode übrig.</numerusform>
            <numerusform>Die Zwei-Faktor-Anmeldung ist eingeschaltet. Noch %n Wiederherstellungscodes übrig.</numerusform>
        </translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Schlüssel: %1</translation>
    </message>
    <message>
        <source>Your organisation requires two-factor sign-in. Set it up now to finish signing in.</source>
        <translation>Ihre Organisation verlangt die Zwei-Faktor-Anmeldung. Richten Sie sie jetzt ein, um die Anmeldung abzuschließen.</translation>
    </message>
    <message>
        <source>Enter the six-digit code your app shows.</source>
        <translation>Geben Sie den sechsstelligen Code ein, den Ihre App anzeigt.</translation>
    </message>
    <message>
        <source>Checking the code…</source>
        <translation>Code wird geprüft…</translation>
    </message>
</context>
<context>
    <name>UndoableEdit</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n Element</numerusform>
            <numerusform>%n Elemente</numerusform>
        </translation>
    </message>
    <message>
        <source>New %1</source>
        <translation>%1 anlegen</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>%1 löschen</translation>
    </message>
    <message>
        <source>Restore %1</source>
        <translation>%1 wiederherstellen</translation>
    </message>
    <message>
        <source>Client Visibility</source>
        <translation>Sichtbarkeit für Kunden</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>%1 ändern</translation>
    </message>
</context>
<context>
    <name>VisibilityDelegate</name>
    <message>
        <source>Read-only</source>
        <translation>Nur lesbar</translation>
    </message>
    <message>
        <source>Editable</source>
        <translation>Bearbeitbar</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>Privat</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Atrium for staff: clients, projects and the client portal.</source>
        <translation>Atrium für das Team: Kunden, Projekte und das Kundenportal.</translation>
    </message>
    <message>
        <source>Server URL.</source>
        <translation>Server-URL.</translation>
    </message>
    <message>
        <source>Profile directory (local cache and settings).</source>
        <translation>Profilverzeichnis (lokaler Zwischenspeicher und Einstellungen).</translation>
    </message>
    <message>
        <source>Sign in as this user.</source>
        <translation>Als dieser Benutzer anmelden.</translation>
    </message>
    <message>
        <source>Read the password for --email from standard input (for scripts).</source>
        <translation>Passwort für --email von der Standardeingabe lesen (für Skripte).</translation>
    </message>
    <message>
        <source>Not a server URL: %1</source>
        <translation>Keine Server-URL: %1</translation>
    </message>
    <message>
        <source>Cannot create the profile directory %1</source>
        <translation>Das Profilverzeichnis %1 lässt sich nicht anlegen</translation>
    </message>
    <message>
        <source>Atrium is already running with the profile %1.</source>
        <translation>Atrium läuft bereits mit dem Profil %1.</translation>
    </message>
</context>
</TS>
