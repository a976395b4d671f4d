// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <expected>

// The one rule for file and folder names, whichever way a name gets in: a staff upload, a client
// upload through the portal, a rename or move pushed by a desktop. Pure functions of their input
// (no database, no server), shared by the server and fuzzed on their own.
//
// A name is NFKC-normalised and loses trailing dots and spaces (as Windows drops them, so
// "invoice.exe." is "invoice.exe"); then it must not be empty, "." or "..", hold "/", "\", control
// or bidirectional-override characters, or take more than 255 bytes in UTF-8.
namespace FileNameRule {

enum class NameError {
    Empty, // nothing, or only dots and spaces
    DotName, // "." or ".."
    Separator, // "/" or "\" inside one name
    ControlCharacter, // C0/C1 controls, DEL, bidirectional overrides, invalid UTF-16
    TooLong, // more than maxNameBytes in UTF-8
    PathTooLong, // a folder path of more than maxPathCharacters
};

constexpr int maxNameBytes = 255;
constexpr int maxPathCharacters = 1000;

// The normalised name, or why it is refused.
std::expected<QString, NameError> validateFileName(const QString &name);
// A folder path: "" (the project's top level) or names passing validateFileName joined by "/"
// (no leading, trailing or doubled "/"). The normalised path, or why it is refused.
std::expected<QString, NameError> validateFolderPath(const QString &folder);

// Whether a client may not upload a file of this name: programs and scripts that run when opened.
// Decided on the name as Windows would store it, so case, trailing dots and spaces, NTFS alternate
// streams ("a.exe:x", "a.txt:b.exe") and look-alikes of "." ("invoice．exe") do not hide the type.
bool isBlockedType(const QString &name);
// The extension that made isBlockedType() true (lower case, without the dot), else "".
QString blockedExtension(const QString &name);

// A sentence for people, naming `what` ("name", "folder").
QString errorMessage(NameError error, const QString &what);

} // namespace FileNameRule
