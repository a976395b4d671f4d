// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The desktop's translations: every translations/*.ts is finished (no unfinished, empty or vanished
// message, every plural form, the same placeholders and accelerators as the English) and up to date
// with the sources (lupdate into a copy finds nothing new); and Translations::install loads the
// language of the system or of the setting, with Qt's own translations beside it.

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "ui/translations.h"

namespace {

struct Message
{
    QString context;
    QString source;
    QString comment; // the disambiguation: part of the message's identity
    bool numerus = false;
    QString type; // of <translation>: "", "unfinished", "vanished" or "obsolete"
    QStringList translations; // one, or one per plural form
    QString key() const { return context + u'|' + source + u'|' + comment; }
    QString name() const
    {
        return QStringLiteral("%1: \"%2\"%3")
            .arg(context, source, comment.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(comment));
    }
};

struct TsFile
{
    QString language;
    QString sourceLanguage;
    QList<Message> messages;
    QString error;
};

TsFile readTs(const QString &path)
{
    TsFile ts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ts.error = file.errorString();
        return ts;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == u"TS") {
            ts.language = xml.attributes().value(QLatin1StringView("language")).toString();
            ts.sourceLanguage = xml.attributes().value(QLatin1StringView("sourcelanguage")).toString();
        } else if (name == u"name") {
            context = xml.readElementText();
        } else if (name == u"message") {
            message = Message{context, {}, {}, xml.attributes().value(QLatin1StringView("numerus")) == u"yes", {}, {}};
        } else if (name == u"source") {
            message.source = xml.readElementText();
        } else if (name == u"comment") {
            message.comment = xml.readElementText();
        } else if (name == u"translation") {
            message.type = xml.attributes().value(QLatin1StringView("type")).toString();
            if (message.numerus) {
                while (xml.readNextStartElement()) {
                    if (xml.name() == u"numerusform")
                        message.translations.append(xml.readElementText());
                    else
                        xml.skipCurrentElement();
                }
            } else {
                message.translations.append(xml.readElementText());
            }
            ts.messages.append(message);
        }
    }
    if (xml.hasError())
        ts.error = QStringLiteral("%1 at line %2").arg(xml.errorString()).arg(xml.lineNumber());
    return ts;
}

// How many plural forms Qt's rules give a language (Qt Linguist's numerus table).
int pluralForms(const QString &language)
{
    static const QHash<QString, int> forms{{QStringLiteral("en"), 2}, {QStringLiteral("de"), 2}};
    return forms.value(language.section(u'_', 0, 0), 0);
}

// An English source file in its own language needs only its plural forms (lupdate -pluralonly).
bool pluralOnly(const TsFile &ts)
{
    const QString source = ts.sourceLanguage.isEmpty() ? QStringLiteral("en") : ts.sourceLanguage;
    return ts.language.section(u'_', 0, 0) == source.section(u'_', 0, 0);
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression placeholder(QStringLiteral("%(?:n|L?\\d{1,2})"));
    QStringList found;
    for (auto it = placeholder.globalMatch(text); it.hasNext();)
        found.append(it.next().captured());
    found.sort();
    found.removeDuplicates();
    return found;
}

// A mnemonic: "&File", not "&&" (a literal ampersand) nor an HTML entity ("&amp;").
bool hasAccelerator(const QString &text)
{
    static const QRegularExpression accelerator(QStringLiteral("(?<!&)&(?!&|#?\\w+;)\\S"));
    return accelerator.match(text).hasMatch();
}

QStringList tsFiles()
{
    const QDir dir(QStringLiteral(ATRIUM_SOURCE_DIR "/translations"));
    QStringList paths;
    for (const QString &name : dir.entryList({QStringLiteral("*.ts")}, QDir::Files, QDir::Name))
        paths.append(dir.filePath(name));
    return paths;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void complete_data();
    void complete();
    void upToDate_data();
    void upToDate();
    void installsLanguage_data();
    void installsLanguage();
};

void TestTranslations::complete_data()
{
    QTest::addColumn<QString>("path");
    const QStringList paths = tsFiles();
    QVERIFY2(paths.size() >= 2, "translations/ has no atrium_en.ts and atrium_de.ts");
    for (const QString &path : paths)
        QTest::addRow("%s", qPrintable(QFileInfo(path).fileName())) << path;
}

void TestTranslations::complete()
{
    QFETCH(QString, path);
    const TsFile ts = readTs(path);
    if (!ts.error.isEmpty())
        QFAIL(qPrintable(ts.error));
    const int forms = pluralForms(ts.language);
    if (forms == 0)
        QFAIL(qPrintable(QStringLiteral("Add the plural forms of \"%1\" to pluralForms()").arg(ts.language)));
    QStringList problems;
    for (const Message &message : ts.messages) {
        if (message.type == u"vanished" || message.type == u"obsolete") {
            problems.append(QStringLiteral("no longer in the sources: %1").arg(message.name()));
            continue;
        }
        if (message.type == u"unfinished") {
            problems.append(QStringLiteral("unfinished: %1").arg(message.name()));
            continue;
        }
        if (message.numerus && message.translations.size() != forms) {
            problems.append(QStringLiteral("%1 plural forms instead of %2: %3")
                                .arg(message.translations.size())
                                .arg(forms)
                                .arg(message.name()));
            continue;
        }
        for (const QString &translation : message.translations) {
            if (translation.trimmed().isEmpty()) {
                problems.append(QStringLiteral("empty: %1").arg(message.name()));
                break;
            }
            if (placeholders(translation) != placeholders(message.source)) {
                problems.append(QStringLiteral("placeholders %1 instead of %2 in \"%3\": %4")
                                    .arg(placeholders(translation).join(u' '), placeholders(message.source).join(u' '),
                                        translation, message.name()));
                break;
            }
            if (hasAccelerator(translation) != hasAccelerator(message.source)) {
                problems.append(
                    QStringLiteral("accelerator (&) differs in \"%1\": %2").arg(translation, message.name()));
                break;
            }
        }
    }
    if (!problems.isEmpty())
        QFAIL(qPrintable(QStringLiteral("%1 message(s) to fix in %2:\n  %3")
                             .arg(problems.size())
                             .arg(QFileInfo(path).fileName(), problems.join(QStringLiteral("\n  ")))));
}

void TestTranslations::upToDate_data()
{
    complete_data();
}

// lupdate (as `update_translations` runs it) into a copy: anything it adds or retires means the
// .ts file in the tree lags behind the sources.
void TestTranslations::upToDate()
{
    QFETCH(QString, path);
    const TsFile before = readTs(path);
    if (!before.error.isEmpty())
        QFAIL(qPrintable(before.error));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(QFileInfo(path).fileName());
    QVERIFY(QFile::copy(path, copy));
    QStringList arguments{QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-I"),
        QStringLiteral(ATRIUM_SOURCE_DIR), QStringLiteral("@" ATRIUM_TRANSLATABLE_LIST), QStringLiteral("-ts"), copy};
    if (pluralOnly(before))
        arguments.prepend(QStringLiteral("-pluralonly"));
    QProcess lupdate;
    lupdate.start(QStringLiteral(ATRIUM_LUPDATE), arguments);
    QVERIFY2(lupdate.waitForFinished(120000), qPrintable(lupdate.errorString()));
    QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0,
        lupdate.readAllStandardError().constData());
    const TsFile after = readTs(copy);
    if (!after.error.isEmpty())
        QFAIL(qPrintable(after.error));

    QSet<QString> known;
    for (const Message &message : before.messages)
        known.insert(message.key());
    QSet<QString> current;
    QStringList problems;
    for (const Message &message : after.messages) {
        if (message.type == u"vanished" || message.type == u"obsolete")
            continue;
        current.insert(message.key());
        if (!known.contains(message.key()))
            problems.append(QStringLiteral("in the sources, missing here: %1").arg(message.name()));
    }
    for (const Message &message : before.messages) {
        if (!current.contains(message.key()) && message.type != u"vanished" && message.type != u"obsolete")
            problems.append(QStringLiteral("gone from the sources: %1").arg(message.name()));
    }
    if (!problems.isEmpty())
        QFAIL(qPrintable(QStringLiteral("%1 is out of date (cmake --build build --target update_translations, "
                                        "then translate):\n  %2")
                             .arg(QFileInfo(path).fileName(), problems.join(QStringLiteral("\n  ")))));
}

void TestTranslations::installsLanguage_data()
{
    QTest::addColumn<QString>("system");
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("tab");
    QTest::addColumn<QString>("conflicts");
    QTest::addColumn<QString>("cancel");
    QTest::addRow("German system") << "de_DE"
                                   << ""
                                   << "&Kunden"
                                   << "2 Konflikte"
                                   << "Abbrechen";
    QTest::addRow("Austrian system") << "de_AT"
                                     << ""
                                     << "&Kunden"
                                     << "2 Konflikte"
                                     << "Abbrechen";
    QTest::addRow("English system") << "en_GB"
                                    << ""
                                    << "&Clients"
                                    << "2 conflicts"
                                    << "Cancel";
    QTest::addRow("untranslated system language") << "fi_FI"
                                                  << ""
                                                  << "&Clients"
                                                  << "2 conflicts"
                                                  << "Cancel";
    QTest::addRow("German chosen on an English system") << "en_US"
                                                        << "de"
                                                        << "&Kunden"
                                                        << "2 Konflikte"
                                                        << "Abbrechen";
    QTest::addRow("English chosen on a German system") << "de_DE"
                                                       << "en"
                                                       << "&Clients"
                                                       << "2 conflicts"
                                                       << "Cancel";
}

void TestTranslations::installsLanguage()
{
    QFETCH(QString, system);
    QFETCH(QString, setting);
    QFETCH(QString, tab);
    QFETCH(QString, conflicts);
    QFETCH(QString, cancel);
    const QLocale systemLocale = QLocale();
    QLocale::setDefault(QLocale(system));
    {
        QObject owner;
        Translations::install(&owner, setting);
        QCOMPARE(QCoreApplication::translate("MainWindow", "&Clients"), tab);
        QCOMPARE(QCoreApplication::translate("MainWindow", "%n conflict(s)", nullptr, 2), conflicts);
        // Qt's own: the buttons of QDialogButtonBox and QMessageBox.
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), cancel);
    }
    QLocale::setDefault(systemLocale);
    QCOMPARE(QCoreApplication::translate("MainWindow", "&Clients"), QStringLiteral("&Clients"));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
