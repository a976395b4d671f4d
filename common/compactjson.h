// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QStringView>

// Compact JSON text (RFC 8259, UTF-8), as QJsonDocument::toJson(Compact) gives it but written
// straight from the values: Qt's writer goes through its CBOR containers and costs about ten
// thousand instructions for an object of three keys, and a push writes three such texts per
// mutation (its result, kept for replays; its activity's details; the ids it looks up). Numbers
// are written as Qt writes them (integers exactly, other doubles shortest, non-finite as null);
// keys in the object's own (sorted) order; characters outside ASCII as UTF-8.
namespace CompactJson {

QByteArray write(const QJsonObject &object);
QByteArray write(const QJsonArray &array);
// An array of strings, without building a QJsonArray first.
QByteArray write(const QStringList &strings);

// Pieces of a text written by the caller as it goes (a pull page built straight from the rows it
// reads): one string, or one value, appended to `out`.
void appendString(QByteArray &out, QStringView text);
// A string given as valid UTF-8 (the caller checks), written as appendString writes its text.
void appendUtf8String(QByteArray &out, QByteArrayView utf8);
void appendValue(QByteArray &out, const QJsonValue &value);

} // namespace CompactJson
