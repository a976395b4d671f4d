// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/compactjson.h"

#include <QLocale>

#include <cmath>

namespace {

void writeValue(QByteArray &out, const QJsonValue &value);

// `utf8` is valid UTF-8.
void writeUtf8(QByteArray &out, QByteArrayView utf8)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.append('"');
    const char *run = utf8.data();
    const char *const end = run + utf8.size();
    // Runs of characters that need no escape go in whole.
    for (const char *p = run; p < end; ++p) {
        const auto byte = static_cast<unsigned char>(*p);
        if (byte >= 0x20 && byte != '"' && byte != '\\')
            continue;
        out.append(run, p - run);
        run = p + 1;
        switch (byte) {
        case '"':
            out.append("\\\"", 2);
            break;
        case '\\':
            out.append("\\\\", 2);
            break;
        case '\b':
            out.append("\\b", 2);
            break;
        case '\f':
            out.append("\\f", 2);
            break;
        case '\n':
            out.append("\\n", 2);
            break;
        case '\r':
            out.append("\\r", 2);
            break;
        case '\t':
            out.append("\\t", 2);
            break;
        default: {
            const char escape[] = {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 0xf]};
            out.append(escape, sizeof escape);
        }
        }
    }
    out.append(run, end - run);
    out.append('"');
}

void writeString(QByteArray &out, QStringView text)
{
    writeUtf8(out, text.toUtf8());
}

void writeNumber(QByteArray &out, const QJsonValue &value)
{
    const double number = value.toDouble();
    if (!std::isfinite(number)) {
        out.append("null");
        return;
    }
    const qint64 integer = value.toInteger(0);
    if (static_cast<double>(integer) == number && (integer != 0 || !std::signbit(number)))
        out.append(QByteArray::number(integer));
    else
        out.append(QByteArray::number(number, 'g', QLocale::FloatingPointShortest));
}

void writeObject(QByteArray &out, const QJsonObject &object)
{
    out.append('{');
    bool first = true;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!first)
            out.append(',');
        first = false;
        writeString(out, it.key());
        out.append(':');
        writeValue(out, it.value());
    }
    out.append('}');
}

void writeArray(QByteArray &out, const QJsonArray &array)
{
    out.append('[');
    bool first = true;
    for (const QJsonValue &item : array) {
        if (!first)
            out.append(',');
        first = false;
        writeValue(out, item);
    }
    out.append(']');
}

void writeValue(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null");
        break;
    case QJsonValue::Bool:
        out.append(value.toBool() ? "true" : "false");
        break;
    case QJsonValue::Double:
        writeNumber(out, value);
        break;
    case QJsonValue::String:
        writeString(out, value.toString());
        break;
    case QJsonValue::Array:
        writeArray(out, value.toArray());
        break;
    case QJsonValue::Object:
        writeObject(out, value.toObject());
        break;
    }
}

} // namespace

QByteArray CompactJson::write(const QJsonObject &object)
{
    QByteArray out;
    out.reserve(128);
    writeObject(out, object);
    return out;
}

QByteArray CompactJson::write(const QJsonArray &array)
{
    QByteArray out;
    out.reserve(128);
    writeArray(out, array);
    return out;
}

QByteArray CompactJson::write(const QStringList &strings)
{
    QByteArray out;
    qsizetype size = 2;
    for (const QString &text : strings)
        size += text.size() + 3;
    out.reserve(size);
    out.append('[');
    for (qsizetype i = 0; i < strings.size(); ++i) {
        if (i > 0)
            out.append(',');
        writeString(out, strings.at(i));
    }
    out.append(']');
    return out;
}

void CompactJson::appendString(QByteArray &out, QStringView text)
{
    writeString(out, text);
}

void CompactJson::appendUtf8String(QByteArray &out, QByteArrayView utf8)
{
    Q_ASSERT(utf8.isValidUtf8());
    writeUtf8(out, utf8);
}

void CompactJson::appendValue(QByteArray &out, const QJsonValue &value)
{
    writeValue(out, value);
}
