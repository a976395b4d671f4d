// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "common/filenamerule.h"

using FileNameRule::NameError;

Q_DECLARE_METATYPE(NameError)

// The one rule for file and folder names (uploads, portal uploads, pushed renames and moves), and
// the check of the types a client may not upload.
class TestFileNameRule : public QObject
{
    Q_OBJECT

private slots:
    void acceptedNamesAreNormalised_data();
    void acceptedNamesAreNormalised();
    void refusedNames_data();
    void refusedNames();
    void folderPaths_data();
    void folderPaths();
    void blockedTypes_data();
    void blockedTypes();
};

void TestFileNameRule::acceptedNamesAreNormalised_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::addRow("plain") << QStringLiteral("brief.txt") << QStringLiteral("brief.txt");
    QTest::addRow("spaces inside") << QStringLiteral("Final brief v2.pdf") << QStringLiteral("Final brief v2.pdf");
    QTest::addRow("a time with a colon") << QStringLiteral("Call 10:30.txt") << QStringLiteral("Call 10:30.txt");
    QTest::addRow("trailing dot goes") << QStringLiteral("invoice.exe.") << QStringLiteral("invoice.exe");
    QTest::addRow("trailing space goes") << QStringLiteral("invoice.exe ") << QStringLiteral("invoice.exe");
    QTest::addRow("trailing dots and spaces go") << QStringLiteral("notes . .") << QStringLiteral("notes");
    QTest::addRow("fullwidth full stop becomes a dot")
        << QStringLiteral("invoice\uff0eexe") << QStringLiteral("invoice.exe");
    QTest::addRow("one dot leader becomes a dot") << QStringLiteral("a\u2024pdf") << QStringLiteral("a.pdf");
    QTest::addRow("ligature is NFKC-normalised") << QStringLiteral("\ufb01le.txt") << QStringLiteral("file.txt");
    QTest::addRow("composed and decomposed agree")
        << QStringLiteral("Caf\u0065\u0301.txt") << QStringLiteral("Caf\u00e9.txt");
    QTest::addRow("non-latin") << QStringLiteral("資料.pdf") << QStringLiteral("資料.pdf");
    QTest::addRow("dot file") << QStringLiteral(".gitignore") << QStringLiteral(".gitignore");
    QTest::addRow("255 bytes") << QString(255, u'a') << QString(255, u'a');
}

void TestFileNameRule::acceptedNamesAreNormalised()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    const auto result = FileNameRule::validateFileName(name);
    if (!result)
        QFAIL(qPrintable(FileNameRule::errorMessage(result.error(), QStringLiteral("name"))));
    QCOMPARE(*result, expected);
}

void TestFileNameRule::refusedNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<NameError>("error");
    QTest::addRow("empty") << QString() << NameError::Empty;
    QTest::addRow("only spaces") << QStringLiteral("   ") << NameError::Empty;
    QTest::addRow("only dots and spaces") << QStringLiteral(". . ...") << NameError::Empty;
    QTest::addRow("dot") << QStringLiteral(".") << NameError::DotName;
    QTest::addRow("dot dot") << QStringLiteral("..") << NameError::DotName;
    QTest::addRow("dot dot with a space") << QStringLiteral(".. ") << NameError::DotName;
    QTest::addRow("a path up") << QStringLiteral("../../etc/passwd") << NameError::Separator;
    QTest::addRow("a slash") << QStringLiteral("a/b.txt") << NameError::Separator;
    QTest::addRow("a backslash") << QStringLiteral("a\\b.txt") << NameError::Separator;
    QTest::addRow("fullwidth solidus is a slash") << QStringLiteral("a\uff0fb.txt") << NameError::Separator;
    QTest::addRow("newline") << QStringLiteral("a\nb.txt") << NameError::ControlCharacter;
    QTest::addRow("nul") << QString::fromUtf16(u"a\0b", 3) << NameError::ControlCharacter;
    QTest::addRow("escape") << QStringLiteral("a\x1b[31m.txt") << NameError::ControlCharacter;
    QTest::addRow("delete") << QStringLiteral("a\x7f.txt") << NameError::ControlCharacter;
    QTest::addRow("C1 control") << QStringLiteral("a\u0085.txt") << NameError::ControlCharacter;
    QTest::addRow("right-to-left override") << QStringLiteral("invoice\u202etxt.exe") << NameError::ControlCharacter;
    QTest::addRow("lone surrogate") << QString(QChar(0xd800)) + QStringLiteral(".txt") << NameError::ControlCharacter;
    QTest::addRow("256 bytes") << QString(256, u'a') << NameError::TooLong;
    QTest::addRow("too long in UTF-8") << QString(128, QChar(0x00e9)) << NameError::TooLong;
}

void TestFileNameRule::refusedNames()
{
    QFETCH(QString, name);
    QFETCH(NameError, error);
    const auto result = FileNameRule::validateFileName(name);
    QVERIFY2(!result, qPrintable(result.value_or(QString())));
    QCOMPARE(result.error(), error);
    QVERIFY(!FileNameRule::errorMessage(result.error(), QStringLiteral("name")).isEmpty());
}

void TestFileNameRule::folderPaths_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("expected");
    QTest::addRow("top level") << QString() << true << QString();
    QTest::addRow("one folder") << QStringLiteral("Deliverables") << true << QStringLiteral("Deliverables");
    QTest::addRow("nested") << QStringLiteral("Deliverables/Print") << true << QStringLiteral("Deliverables/Print");
    QTest::addRow("trailing dot of a folder goes") << QStringLiteral("Docs./v1") << true << QStringLiteral("Docs/v1");
    QTest::addRow("up and out") << QStringLiteral("../../outside") << false << QString();
    QTest::addRow("up in the middle") << QStringLiteral("a/../../b") << false << QString();
    QTest::addRow("dot in the middle") << QStringLiteral("a/./b") << false << QString();
    QTest::addRow("absolute") << QStringLiteral("/etc") << false << QString();
    QTest::addRow("trailing slash") << QStringLiteral("a/") << false << QString();
    QTest::addRow("doubled slash") << QStringLiteral("a//b") << false << QString();
    QTest::addRow("backslash") << QStringLiteral("a\\..\\b") << false << QString();
    QTest::addRow("control character") << QStringLiteral("a\tb") << false << QString();
    QTest::addRow("too long") << QStringLiteral("abcd/").repeated(201) << false << QString();
}

void TestFileNameRule::folderPaths()
{
    QFETCH(QString, folder);
    QFETCH(bool, valid);
    QFETCH(QString, expected);
    const auto result = FileNameRule::validateFolderPath(folder);
    QCOMPARE(result.has_value(), valid);
    if (valid)
        QCOMPARE(*result, expected);
}

void TestFileNameRule::blockedTypes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("blocked");
    QTest::addRow("exe") << QStringLiteral("invoice.exe") << true;
    QTest::addRow("upper case") << QStringLiteral("invoice.EXE") << true;
    QTest::addRow("trailing dot") << QStringLiteral("invoice.exe.") << true;
    QTest::addRow("trailing space") << QStringLiteral("invoice.exe ") << true;
    QTest::addRow("trailing dots and spaces") << QStringLiteral("invoice.exe . .") << true;
    QTest::addRow("alternate stream of an exe") << QStringLiteral("a.exe:x") << true;
    QTest::addRow("stream named like an exe") << QStringLiteral("a.txt:b.exe") << true;
    QTest::addRow("default data stream") << QStringLiteral("a.exe::$DATA") << true;
    QTest::addRow("fullwidth full stop") << QStringLiteral("invoice\uff0eexe") << true;
    QTest::addRow("one dot leader") << QStringLiteral("invoice\u2024exe") << true;
    QTest::addRow("ideographic full stop") << QStringLiteral("invoice\u3002exe") << true;
    QTest::addRow("small full stop") << QStringLiteral("invoice\ufe52exe") << true;
    QTest::addRow("fullwidth letters") << QStringLiteral("invoice.\uff45\uff58\uff45") << true;
    QTest::addRow("script") << QStringLiteral("Run.PS1") << true;
    QTest::addRow("pdf") << QStringLiteral("invoice.pdf") << false;
    QTest::addRow("exe inside the name") << QStringLiteral("exe.notes.txt") << false;
    QTest::addRow("no extension") << QStringLiteral("README") << false;
    QTest::addRow("a time with a colon") << QStringLiteral("Call 10:30.txt") << false;
}

void TestFileNameRule::blockedTypes()
{
    QFETCH(QString, name);
    QFETCH(bool, blocked);
    QCOMPARE(FileNameRule::isBlockedType(name), blocked);
    QCOMPARE(FileNameRule::blockedExtension(name).isEmpty(), !blocked);
}

QTEST_GUILESS_MAIN(TestFileNameRule)
#include "tst_filenamerule.moc"
