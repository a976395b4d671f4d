// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The one name rule for files and folders (common/filenamerule), which every way a name gets in
// passes: uploads, portal uploads, pushes and moves.
//
// Input: the first byte chooses how the rest becomes a string (UTF-8, or raw UTF-16 so that lone
// surrogates get in too) and whether it is taken as a name or a folder path.
//
// Properties: an accepted name is its own normal form (validating it again gives it back), holds
// no separator, control character or trailing dot or space, is not "." or "..", and fits in 255
// UTF-8 bytes; an accepted folder is made of accepted names. A blocked type stays blocked with a
// trailing dot or space added (Windows drops them) and once normalised, and names its extension.
#include <cstdint>

#include <QString>

#include "common/filenamerule.h"
#include "fuzz/fuzzsupport.h"

namespace {

QString decode(const uint8_t *data, size_t size, bool utf16)
{
    if (utf16)
        return QString(reinterpret_cast<const QChar *>(data), qsizetype(size / 2));
    return QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
}

void checkName(const QString &name)
{
    if (name.isEmpty() || name == u"." || name == u"..")
        FuzzSupport::fail("accepted an empty or dot name", name);
    if (name.contains(u'/') || name.contains(u'\\'))
        FuzzSupport::fail("accepted a separator", name);
    if (name.endsWith(u'.') || name.endsWith(u' '))
        FuzzSupport::fail("kept a trailing dot or space", name);
    if (name.toUtf8().size() > FileNameRule::maxNameBytes)
        FuzzSupport::fail("accepted a name over 255 bytes", name);
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        if (u < 0x20 || (u >= 0x7f && u < 0xa0))
            FuzzSupport::fail("accepted a control character", name);
    }
    const auto again = FileNameRule::validateFileName(name);
    if (!again || *again != name)
        FuzzSupport::fail("a normalised name is not its own normal form", name);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t mode = data[0];
    const QString input = decode(data + 1, size - 1, mode & 1);

    if (mode & 2) {
        const auto folder = FileNameRule::validateFolderPath(input);
        if (folder) {
            if (!folder->isEmpty()) {
                for (const QString &part : folder->split(u'/'))
                    checkName(part);
            }
            const auto again = FileNameRule::validateFolderPath(*folder);
            if (!again || *again != *folder)
                FuzzSupport::fail("a normalised folder is not its own normal form", *folder);
        }
        return 0;
    }

    const auto name = FileNameRule::validateFileName(input);
    if (name)
        checkName(*name);
    else
        (void)FileNameRule::errorMessage(name.error(), QStringLiteral("name"));

    const bool blocked = FileNameRule::isBlockedType(input);
    if (blocked && FileNameRule::blockedExtension(input).isEmpty())
        FuzzSupport::fail("blocked without naming the extension", input);
    if (blocked && name && !FileNameRule::isBlockedType(*name))
        FuzzSupport::fail("normalising unblocked a type", input);
    if (blocked && (!FileNameRule::isBlockedType(input + u'.') || !FileNameRule::isBlockedType(input + u' ')))
        FuzzSupport::fail("a trailing dot or space unblocked a type", input);
    return 0;
}
