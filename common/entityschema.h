// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <expected>

#include "common/error.h"

// The one definition of every synced entity: its name on the wire, its table, its fields, how
// each field is typed and validated, and who may write it. The server builds its tables and SQL
// from it, the desktop its cache, and both convert rows to and from JSON through it.

enum class FieldType {
    Text, // UTF-8 text, bounded by maxLength
    Integer, // 64-bit signed
    Boolean, // JSON true/false, stored as 0/1
    Enum, // one of values
    Uuid, // lower-case 8-4-4-4-12 hex
    Timestamp, // ISO 8601 UTC with milliseconds, see common/timeutil.h
    Date, // YYYY-MM-DD
    Color, // #rrggbb
    UuidList, // JSON array of Uuid, stored as compact JSON text
    Json, // any JSON value, stored as compact JSON text (server-made entities only)
};

enum FieldFlag {
    NoFieldFlags = 0,
    Required = 0x1, // must be present (and not empty) on create
    ServerManaged = 0x2, // set by the server only; a push that sends it is rejected
    Nullable = 0x4, // JSON null is a valid value
    CreateOnly = 0x8, // may be set on create, never changed afterwards
};

struct FieldSpec
{
    QString name;
    FieldType type = FieldType::Text;
    int flags = NoFieldFlags;
    QStringList values; // Enum: the allowed values
    int maxLength = 0; // Text: 0 means the default limit (20,000 characters)
    QVariant defaultValue; // storage value on create when absent; invalid = SQL NULL / empty
    QString references; // Uuid: the entity the id points to, in the same organisation

    bool has(FieldFlag flag) const { return (flags & flag) != 0; }
};

struct EntitySpec
{
    QString name; // wire name: "task"
    QString table; // SQL table: "tasks"
    QList<FieldSpec> fields;
    bool pushCreate = true;
    bool pushUpdate = true;
    bool pushDelete = true;
    bool adminOnly = false; // only admins may push changes to it

    const FieldSpec *field(QStringView name) const;
    // Columns of the table in order: the common ones, then the fields. One list per entity, made
    // once (EntitySchema::entities()), so every row of a kind shares it.
    QStringList columns() const;

    QStringList columnList; // set by EntitySchema::entities(); columns() makes one without it
};

namespace EntitySchema {

// Columns every entity table has, in this order.
inline const QStringList commonColumns = {QStringLiteral("id"), QStringLiteral("org_id"), QStringLiteral("version"),
    QStringLiteral("created_at"), QStringLiteral("updated_at"), QStringLiteral("deleted")};

const QList<EntitySpec> &entities();
const EntitySpec *find(QStringView name);

// Validates a JSON value for a field and converts it to the value stored in SQL.
std::expected<QVariant, Error> fromJson(const FieldSpec &field, const QJsonValue &value);
// Converts a stored SQL value back to JSON.
QJsonValue toJson(const FieldSpec &field, const QVariant &stored);
// A SQL NULL of the right type for the field (binding untyped NULLs upsets PostgreSQL).
QVariant nullValue(const FieldSpec &field);
// The storage value for a field absent on create.
QVariant defaultValue(const FieldSpec &field);

bool isUuid(const QString &text);
QString newUuid();

// What goes with a deleted row and comes back when it is restored: `entity` rows whose `column`
// names the parent (a client's contacts and projects, a project's tasks, files and sign-offs, an
// item's comments). The server's deletes and restores and the desktop's confirmation and Deleted
// Items list read this one table.
struct Dependent
{
    QString entity;
    QString column;
};
QList<Dependent> dependentsOf(QStringView entity);
// The entities whose rows `entity` rows go with, and the column naming them.
QList<QPair<QString, QString>> parentsOf(QStringView entity);

// private < read_only < editable; -1 for anything else.
int visibilityRank(const QString &visibility);
// A portal slug: 3–63 of a-z, 0-9 and inner hyphens (it becomes <server>/p/<slug>).
bool isValidSlug(const QString &slug);
// A plausible e-mail address (one @, a dot in the domain, no spaces); not a deliverability check.
bool isValidEmail(const QString &email);
// A lower-case DNS host name like portal.example.com (a portal's custom host).
bool isValidHostName(const QString &host);
QString morePrivate(const QString &a, const QString &b);

} // namespace EntitySchema
