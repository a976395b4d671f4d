// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/filenamerule.h"

#include <QStringList>

namespace {

bool isControl(char32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) // C0, DEL, C1
        || c == 0x061c || c == 0x200e || c == 0x200f // bidirectional marks
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) // overrides, isolates
        || c == 0x2028 || c == 0x2029; // line and paragraph separators
}

// Characters drawn like a full stop (those NFKC does not already turn into "."): for the type
// check only, where taking one for a dot too many refuses a harmless name at worst.
bool looksLikeDot(char32_t c)
{
    switch (c) {
    case 0x00b7: // middle dot
    case 0x0701: // Syriac supralinear full stop
    case 0x0702: // Syriac sublinear full stop
    case 0x06d4: // Arabic full stop
    case 0x2027: // hyphenation point
    case 0x2219: // bullet operator
    case 0x22c5: // dot operator
    case 0x2e3c: // stenographic full stop
    case 0x3002: // ideographic full stop (and U+FF61, which NFKC maps to it)
    case 0x30fb: // katakana middle dot
    case 0xa4f8: // Lisu letter tone mya ti
    case 0xa60e: // Vai full stop
        return true;
    default:
        return false;
    }
}

// What Windows stores of a name: trailing dots and spaces go.
QString withoutTrailingDotsAndSpaces(QString name)
{
    qsizetype end = name.size();
    while (end > 0 && (name.at(end - 1) == u'.' || name.at(end - 1).isSpace()))
        --end;
    name.truncate(end);
    return name;
}

const QStringList &blockedExtensions()
{
    static const QStringList list{QStringLiteral("exe"), QStringLiteral("msi"), QStringLiteral("bat"),
        QStringLiteral("cmd"), QStringLiteral("com"), QStringLiteral("scr"), QStringLiteral("pif"),
        QStringLiteral("cpl"), QStringLiteral("msc"), QStringLiteral("hta"), QStringLiteral("vbs"),
        QStringLiteral("vbe"), QStringLiteral("js"), QStringLiteral("jse"), QStringLiteral("wsf"),
        QStringLiteral("wsh"), QStringLiteral("ps1"), QStringLiteral("psm1"), QStringLiteral("sh"),
        QStringLiteral("jar"), QStringLiteral("dll"), QStringLiteral("lnk"), QStringLiteral("reg"),
        QStringLiteral("apk"), QStringLiteral("app"), QStringLiteral("dmg")};
    return list;
}

} // namespace

std::expected<QString, FileNameRule::NameError> FileNameRule::validateFileName(const QString &name)
{
    if (!name.isValidUtf16())
        return std::unexpected(NameError::ControlCharacter);
    const QString normalised = withoutTrailingDotsAndSpaces(name.normalized(QString::NormalizationForm_KC));
    if (normalised.isEmpty()) {
        // "." and ".." are names of their own; anything else that was only dots and spaces is empty.
        const QString whole = name.trimmed();
        return std::unexpected(whole == u"." || whole == u".." ? NameError::DotName : NameError::Empty);
    }
    for (const char32_t c : normalised.toUcs4()) {
        if (c == u'/' || c == u'\\')
            return std::unexpected(NameError::Separator);
        if (isControl(c))
            return std::unexpected(NameError::ControlCharacter);
    }
    if (normalised.toUtf8().size() > maxNameBytes)
        return std::unexpected(NameError::TooLong);
    return normalised;
}

std::expected<QString, FileNameRule::NameError> FileNameRule::validateFolderPath(const QString &folder)
{
    if (folder.isEmpty())
        return QStringLiteral(""); // not a null string: the top level is stored as ""
    if (folder.size() > maxPathCharacters)
        return std::unexpected(NameError::PathTooLong);
    QStringList parts;
    for (const QString &part : folder.split(u'/')) {
        auto valid = validateFileName(part);
        if (!valid)
            return std::unexpected(valid.error());
        parts.append(*valid);
    }
    QString normalised = parts.join(u'/');
    if (normalised.size() > maxPathCharacters)
        return std::unexpected(NameError::PathTooLong);
    return normalised;
}

QString FileNameRule::blockedExtension(const QString &name)
{
    QString folded;
    for (const char32_t c : name.normalized(QString::NormalizationForm_KC).toCaseFolded().toUcs4())
        folded.append(looksLikeDot(c) ? QString(u'.') : QString::fromUcs4(&c, 1));
    // "a.exe:stream" is a stream of a.exe on NTFS, "a.txt:b.exe" one named b.exe: every part counts.
    for (const QString &part : folded.split(u':')) {
        const QString stored = withoutTrailingDotsAndSpaces(part);
        const qsizetype dot = stored.lastIndexOf(u'.');
        if (dot < 0)
            continue;
        const QString extension = stored.mid(dot + 1).trimmed();
        if (blockedExtensions().contains(extension))
            return extension;
    }
    return QString();
}

bool FileNameRule::isBlockedType(const QString &name)
{
    return !blockedExtension(name).isEmpty();
}

QString FileNameRule::errorMessage(NameError error, const QString &what)
{
    switch (error) {
    case NameError::Empty:
        return QStringLiteral("The %1 is empty (or only dots and spaces).").arg(what);
    case NameError::DotName:
        return QStringLiteral("The %1 cannot be \".\" or \"..\".").arg(what);
    case NameError::Separator:
        return QStringLiteral("A %1 cannot hold \"/\" or \"\\\"; each name stays in its folder.").arg(what);
    case NameError::ControlCharacter:
        return QStringLiteral("The %1 holds control or direction-changing characters.").arg(what);
    case NameError::TooLong:
        return QStringLiteral("Each name in the %1 can be at most %2 bytes long.").arg(what).arg(maxNameBytes);
    case NameError::PathTooLong:
        return QStringLiteral("The %1 can be at most %2 characters long.").arg(what).arg(maxPathCharacters);
    }
    return QStringLiteral("The %1 is not a valid name.").arg(what);
}
