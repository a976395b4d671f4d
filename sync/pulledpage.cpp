// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/pulledpage.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QVarLengthArray>

#include <simdjson.h>

#include "sync/logging.h"

namespace {

using namespace simdjson;

QString text(std::string_view utf8)
{
    return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
}

// A value as Qt's parser would have made it, so that every field is read by the same rules
// (EntitySchema::fromJson) whichever way its page came.
QJsonValue qtValue(dom::element value)
{
    switch (value.type()) {
    case dom::element_type::STRING:
        return QJsonValue(text(value.get_string().value_unsafe()));
    case dom::element_type::INT64:
        return QJsonValue(qint64(value.get_int64().value_unsafe()));
    case dom::element_type::UINT64:
        return QJsonValue(double(value.get_uint64().value_unsafe()));
    case dom::element_type::DOUBLE:
        return QJsonValue(value.get_double().value_unsafe());
    case dom::element_type::BOOL:
        return QJsonValue(value.get_bool().value_unsafe());
    case dom::element_type::NULL_VALUE:
        return QJsonValue(QJsonValue::Null);
    case dom::element_type::ARRAY:
    case dom::element_type::OBJECT: {
        const std::string raw = minify(value);
        const QJsonDocument document = QJsonDocument::fromJson(QByteArray(raw.data(), qsizetype(raw.size())));
        return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    }
    }
    return QJsonValue(QJsonValue::Undefined);
}

// One change as either reader found it: {"entity", "id", "version", "deleted", "data": {…}},
// other keys ignored, each read as QJsonValue's toString(), toInteger() and toBool() read them.
struct Change
{
    QString entity;
    QString id;
    qint64 version = 0;
    bool deleted = false;
    QVarLengthArray<std::pair<QAnyStringView, QJsonValue>, 32> data; // the members of "data"
};

// The one place a change becomes a row (or is left out), whichever reader read it.
void appendRow(PulledPage &page, Change &change)
{
    const EntitySpec *spec = EntitySchema::find(change.entity);
    if (!spec || !EntitySchema::isUuid(change.id)) {
        qCWarning(lcSync) << "Skipping a change this version does not understand:" << change.entity;
        return;
    }
    PulledRow &row = page.rows.emplace_back();
    row.spec = spec;
    row.id = std::move(change.id);
    row.deleted = change.deleted;
    const qsizetype fields = spec->fields.size();
    QVarLengthArray<QJsonValue, 32> byField(fields);
    for (QJsonValue &value : byField)
        value = QJsonValue(QJsonValue::Undefined); // not sent
    QString createdAt;
    QString updatedAt;
    for (auto &[key, value] : change.data) {
        if (QAnyStringView::equal(key, u"created_at")) {
            createdAt = value.toString();
            continue;
        }
        if (QAnyStringView::equal(key, u"updated_at")) {
            updatedAt = value.toString();
            continue;
        }
        for (qsizetype i = 0; i < fields; ++i) {
            if (QAnyStringView::equal(key, spec->fields.at(i).name)) {
                byField[i] = std::move(value);
                break;
            }
        }
    }
    row.values.reserve(5 + fields);
    row.values.append(row.id);
    row.values.append(change.version);
    row.values.append(std::move(createdAt));
    row.values.append(std::move(updatedAt));
    row.values.append(row.deleted ? 1 : 0);
    for (qsizetype i = 0; i < fields; ++i)
        row.values.append(PulledPage::storedValue(spec->fields.at(i), byField.at(i)));
}

// Each key read where it is, so that a key sent twice counts the last time, as with Qt's parser.
void readChange(dom::element element, PulledPage &page)
{
    Change change;
    dom::object object;
    if (element.get(object) == SUCCESS) {
        for (const dom::key_value_pair member : object) {
            if (member.key == "data") {
                change.data.clear();
                dom::object data;
                if (member.value.get(data) != SUCCESS)
                    continue;
                for (const dom::key_value_pair field : data) {
                    change.data.append(
                        {QUtf8StringView(field.key.data(), qsizetype(field.key.size())), qtValue(field.value)});
                }
            } else if (member.key == "entity") {
                change.entity = qtValue(member.value).toString();
            } else if (member.key == "id") {
                change.id = qtValue(member.value).toString();
            } else if (member.key == "version") {
                change.version = qtValue(member.value).toInteger();
            } else if (member.key == "deleted") {
                change.deleted = qtValue(member.value).toBool();
            }
        }
    }
    appendRow(page, change);
}

void readChange(const QJsonValue &value, PulledPage &page)
{
    const QJsonObject object = value.toObject();
    const QJsonObject data = object.value(u"data").toObject();
    const QStringList keys = data.keys(); // the views in change.data point into it
    Change change;
    change.entity = object.value(u"entity").toString();
    change.id = object.value(u"id").toString();
    change.version = object.value(u"version").toInteger();
    change.deleted = object.value(u"deleted").toBool();
    for (const QString &key : keys)
        change.data.append({key, data.value(key)});
    appendRow(page, change);
}

// Qt's parser reads what the fast one refuses (see fromJson).
std::expected<PulledPage, QString> fromQtJson(const QByteArray &body, const QString &whyNotFast)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    const QJsonValue changes = document.object().value(u"changes");
    if (!changes.isArray()) {
        return std::unexpected(QStringLiteral("not a page of changes (%1; %2)")
                                   .arg(whyNotFast,
                                       error.error == QJsonParseError::NoError ? QStringLiteral("no array of changes")
                                                                               : error.errorString()));
    }
    PulledPage page = PulledPage::fromChanges(changes.toArray());
    page.cursor = document.object().value(u"cursor").toInteger();
    page.more = document.object().value(u"more").toBool();
    return page;
}

} // namespace

std::expected<PulledPage, QString> PulledPage::fromJson(const QByteArray &body)
{
    // One parser per thread, its buffers kept from page to page. (The document API: the library
    // picks the fastest kernel this processor has when it runs.)
    thread_local dom::parser parser;
    dom::object top;
    error_code error = parser.parse(body.constData(), size_t(body.size())).get(top);
    dom::array changes;
    bool haveChanges = false;
    QJsonValue cursor;
    QJsonValue more;
    if (!error) {
        // The last of a key sent twice counts, as with Qt's parser.
        for (const dom::key_value_pair member : top) {
            if (member.key == "changes")
                haveChanges = member.value.get(changes) == SUCCESS;
            else if (member.key == "cursor")
                cursor = qtValue(member.value);
            else if (member.key == "more")
                more = qtValue(member.value);
        }
        if (!haveChanges)
            error = INCORRECT_TYPE;
    }
    if (error) {
        // It refuses some JSON that Qt's parser takes, and Qt's writer (the server's) writes: an
        // integer beyond 64 bits, as a large double is written ("18446744073709552000"). A page
        // that is no JSON at all is refused by both.
        return fromQtJson(body, QLatin1StringView(error_message(error)));
    }
    PulledPage page;
    page.rows.reserve(qsizetype(changes.size()));
    for (const dom::element element : changes)
        readChange(element, page);
    page.cursor = cursor.toInteger();
    page.more = more.toBool();
    return page;
}

PulledPage PulledPage::fromChanges(const QJsonArray &changes)
{
    PulledPage page;
    page.rows.reserve(changes.size());
    for (const QJsonValue &change : changes)
        readChange(change, page);
    return page;
}

QStringList PulledPage::columnsOf(const EntitySpec &spec)
{
    QStringList columns = {QStringLiteral("id"), QStringLiteral("version"), QStringLiteral("created_at"),
        QStringLiteral("updated_at"), QStringLiteral("deleted")};
    for (const FieldSpec &field : spec.fields)
        columns.append(field.name);
    return columns;
}

QVariant PulledPage::storedValue(const FieldSpec &field, const QJsonValue &value)
{
    if (auto stored = EntitySchema::fromJson(field, value))
        return *stored;
    if (value.isNull() || value.isUndefined())
        return EntitySchema::nullValue(field);
    if (value.isBool())
        return QVariant(value.toBool() ? 1 : 0);
    if (value.isDouble())
        return QVariant(qint64(value.toDouble()));
    if (value.isString())
        return QVariant(value.toString());
    return QVariant(QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)));
}
