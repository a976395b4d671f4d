// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/syncstore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlRecord>

#include <algorithm>
#include <type_traits>

#include "common/compactjson.h"
#include "common/filenamerule.h"
#include "common/timeutil.h"
#include "server/domain/logging.h"
#include "server/domain/rules/entityrules.h"
#include "server/storage/database.h"
#include "server/storage/sqlitereader.h"

namespace {

// What the desktop words an activity from (SyncStore::appendActivity): the item's name, the new
// values of the changed fields, and for a comment its text. Never a secret: the activity log is read
// by every staff member, like the rows themselves.
// `label` is the rules' label of the row (EntityRules::label), found once by the caller.
QJsonObject activityDetails(
    const EntitySpec &spec, const QString &label, const QVariantHash &row, const QStringList &changed)
{
    QJsonObject details;
    // A comment has no name of its own: the desktop names the item it is on.
    if (spec.name == u"comment")
        details.insert(QStringLiteral("excerpt"), row.value(QStringLiteral("body")).toString().left(300));
    else
        details.insert(QStringLiteral("label"), label.left(200));
    QJsonObject changes;
    for (const QString &f : changed) {
        const FieldSpec *field = spec.field(f);
        if (field && field->type != FieldType::Text)
            changes.insert(f, EntitySchema::toJson(*field, row.value(f)));
        else if (field)
            changes.insert(f, row.value(f).toString().left(200));
    }
    if (!changes.isEmpty())
        details.insert(QStringLiteral("changes"), changes);
    return details;
}

QString selectList(const EntitySpec &spec)
{
    return spec.columns().join(u", ");
}

// Storage values compare through their JSON form, so 1 and true, or "" and "" from two drivers, agree.
bool sameValue(const FieldSpec &field, const QVariant &a, const QVariant &b)
{
    return EntitySchema::toJson(field, a) == EntitySchema::toJson(field, b);
}

// A field a desktop pushed: known, not set by the server, and valid; its storage value.
std::expected<std::pair<const FieldSpec *, QVariant>, Error> pushedField(
    const EntitySpec &spec, const QString &name, const QJsonValue &json)
{
    const FieldSpec *field = spec.field(name);
    if (!field)
        return std::unexpected(
            rejection(QStringLiteral("unknown_field"), QStringLiteral("Unknown field \"%1\".").arg(name)));
    if (field->has(ServerManaged))
        return std::unexpected(
            rejection(QStringLiteral("read_only_field"), QStringLiteral("\"%1\" is set by the server.").arg(name)));
    auto value = EntitySchema::fromJson(*field, json);
    if (!value)
        return std::unexpected(value.error());
    return std::pair{field, *value};
}

// The answer to an applied mutation. Copied from one made once, with two values replaced: a
// third of the cost of building the object key by key, once per mutation of every push.
QJsonObject appliedResult(const QString &mutationId, qint64 version)
{
    static const QJsonObject applied{{QStringLiteral("mutation_id"), QString()},
        {QStringLiteral("status"), QStringLiteral("applied")}, {QStringLiteral("version"), 0}};
    QJsonObject result = applied;
    result[u"mutation_id"] = mutationId;
    result[u"version"] = version;
    return result;
}

// The strings `list` holds more than once, found by sorting a copy: a push's ids are nearly always
// distinct, and this hashes none of them then (a set of every id seen would hash them all).
QSet<QString> repeatedIn(QStringList list)
{
    std::sort(list.begin(), list.end());
    QSet<QString> repeated;
    for (qsizetype i = 1; i < list.size(); ++i) {
        if (list.at(i) == list.at(i - 1))
            repeated.insert(list.at(i));
    }
    return repeated;
}

// Applies mutations: the mechanics common to every entity (schema checks, references, base
// comparison and conflicts, versions, activity), with each entity's own rules asked at fixed points
// (EntityRules, server/domain/rules/).
class MutationApplier
{
public:
    MutationApplier(WriteTransaction &tx, const Actor &actor, const QString &publicUrl)
        : m_tx(tx)
        , m_actor(actor)
        , m_context{tx, actor, publicUrl, {}}
    {
    }

    // A storage failure aborts the whole batch (returned as unexpected); every other outcome is a
    // result object.
    std::expected<QJsonObject, Error> apply(const QJsonObject &mutation);
    // Reads at once which ids the batch's creates would take are in use already, in place of one
    // query per create. An id taken after this (by another organisation's push) still meets the
    // table's primary key, and the push answers "already_exists" all the same.
    std::expected<void, Error> prefetchTakenIds(const QJsonArray &mutations);
    // After each mutation: what it did stands (kept) or was rolled back.
    void settle(bool kept);

private:
    std::expected<QJsonObject, Error> create(const EntitySpec &spec, const QString &id, const QJsonObject &fields);
    std::expected<QJsonObject, Error> update(
        const EntitySpec &spec, const QString &id, const QJsonObject &base, const QJsonObject &fields);
    std::expected<QJsonObject, Error> remove(const EntitySpec &spec, const QString &id);
    std::expected<QJsonObject, Error> restore(const EntitySpec &spec, const QString &id);
    // Tombstones what goes with a deleted row (EntityRules::dependents), depth first, each marked
    // as deleted with its parent; a refusal of any of them refuses the whole delete.
    std::expected<Error, Error> removeDependents(const QString &entity, const QString &id, int *count);
    // Brings back what was deleted with a row.
    std::expected<void, Error> restoreDependents(const QString &entity, const QString &id, int *count);
    // The row as loadRow() gives it, or empty when it is someone else's own (EntityRules::ownerColumn).
    std::expected<QVariantHash, Error> loadOwnRow(const EntitySpec &spec, const QString &id);

    // References within the organisation: an empty Error code when fine; a storage failure comes
    // back as unexpected.
    std::expected<Error, Error> checkReferences(
        const EntitySpec &spec, const QVariantHash &values, const QStringList &changed);
    std::expected<QString, Error> recordConflict(const EntitySpec &spec, const QString &id, const QString &field,
        const QJsonValue &rejected, const QJsonValue &serverValue, const QString &reason);

    QJsonObject rejected(const Error &error) const
    {
        return QJsonObject{{QStringLiteral("mutation_id"), m_mutationId},
            {QStringLiteral("status"), QStringLiteral("rejected")},
            {QStringLiteral("error"),
                QJsonObject{{QStringLiteral("code"), error.code}, {QStringLiteral("message"), error.message}}}};
    }

    WriteTransaction &m_tx;
    const Actor &m_actor;
    QString m_mutationId;
    QString m_op;
    RuleContext m_context;
    // Per entity (by its place in EntitySchema::entities()), every id in use that the batch's
    // creates name, and the ids of the rows it created.
    QList<QSet<QString>> m_takenIds = QList<QSet<QString>>(EntitySchema::entities().size());
    // Per entity, the ids more than one create of the batch names: only these need to join
    // m_takenIds when created (found by sorting, so a batch of distinct ids hashes none of them).
    QList<QSet<QString>> m_repeatedIds = QList<QSet<QString>>(EntitySchema::entities().size());
    // The row the mutation under way created: its entity's place and its id.
    qsizetype m_createdIn = -1;
    QString m_createdNow;
    // The row a create writes, kept from one create to the next: while the entity is the same and
    // the rules added no column, the next create assigns its values in place, with no hashing.
    QVariantHash m_values;
    const EntitySpec *m_valuesOf = nullptr;
};

std::expected<QJsonObject, Error> MutationApplier::apply(const QJsonObject &mutation)
{
    m_mutationId = mutation.value(u"mutation_id").toString();
    m_context.inviteToken.clear();
    const QString entity = mutation.value(u"entity").toString();
    const QString id = mutation.value(u"id").toString();
    const QString op = mutation.value(u"op").toString();
    m_op = op;
    m_createdIn = -1;
    m_createdNow.clear();

    const EntitySpec *spec = EntitySchema::find(entity);
    if (!spec)
        return rejected(
            rejection(QStringLiteral("unknown_entity"), QStringLiteral("Unknown entity \"%1\".").arg(entity)));
    if (!EntitySchema::isUuid(id))
        return rejected(rejection(QStringLiteral("invalid_id"), QStringLiteral("\"id\" must be a lower-case UUID.")));
    if (spec->adminOnly && !m_actor.isAdmin())
        return rejected(rejection(
            QStringLiteral("forbidden"), QStringLiteral("Only administrators may change the %1.").arg(spec->name)));
    const QJsonValue base = mutation.value(u"base");
    const QJsonValue fields = mutation.value(u"fields");
    if (!(base.isUndefined() || base.isNull() || base.isObject())
        || !(fields.isUndefined() || fields.isNull() || fields.isObject()))
        return rejected(
            rejection(QStringLiteral("invalid_mutation"), QStringLiteral("\"base\" and \"fields\" must be objects.")));

    if (op == u"create") {
        if (!spec->pushCreate)
            return rejected(rejection(
                QStringLiteral("not_allowed"), QStringLiteral("A %1 cannot be created by sync.").arg(spec->name)));
        return create(*spec, id, fields.toObject());
    }
    if (op == u"update") {
        if (!spec->pushUpdate)
            return rejected(rejection(
                QStringLiteral("not_allowed"), QStringLiteral("A %1 cannot be changed by sync.").arg(spec->name)));
        return update(*spec, id, base.toObject(), fields.toObject());
    }
    if (op == u"delete") {
        if (!spec->pushDelete)
            return rejected(rejection(
                QStringLiteral("not_allowed"), QStringLiteral("A %1 cannot be deleted by sync.").arg(spec->name)));
        return remove(*spec, id);
    }
    if (op == u"restore") {
        if (!spec->pushDelete)
            return rejected(rejection(
                QStringLiteral("not_allowed"), QStringLiteral("A %1 cannot be restored by sync.").arg(spec->name)));
        return restore(*spec, id);
    }
    return rejected(
        rejection(QStringLiteral("invalid_op"), QStringLiteral("\"op\" must be create, update, delete or restore.")));
}

std::expected<void, Error> MutationApplier::prefetchTakenIds(const QJsonArray &mutations)
{
    QList<QStringList> idsByEntity(EntitySchema::entities().size());
    for (const QJsonValue &value : mutations) {
        const QJsonObject mutation = value.toObject();
        if (mutation.value(u"op").toString() != u"create")
            continue;
        const EntitySpec *spec = EntitySchema::find(mutation.value(u"entity").toString());
        const QString id = mutation.value(u"id").toString();
        if (spec && EntitySchema::isUuid(id))
            idsByEntity[spec - EntitySchema::entities().constData()].append(id);
    }
    for (qsizetype i = 0; i < idsByEntity.size(); ++i) {
        if (idsByEntity.at(i).isEmpty())
            continue;
        m_repeatedIds[i] = repeatedIn(idsByEntity.at(i));
        QSet<QString> &taken = m_takenIds[i];
        auto found = Database::selectIn(m_tx.db(),
            QStringLiteral("SELECT id FROM %1 WHERE id IN (%2)").arg(EntitySchema::entities().at(i).table), {},
            idsByEntity.at(i), [&](const Statement &row) {
                taken.insert(row.value(0).toString());
            });
        if (!found)
            return std::unexpected(found.error());
    }
    return {};
}

void MutationApplier::settle(bool kept)
{
    if (!kept) {
        if (m_createdIn >= 0)
            m_takenIds[m_createdIn].remove(m_createdNow);
        m_context.knownLive.clear();
    } else if (m_op != u"create") {
        m_context.knownLive.clear();
    }
    m_createdIn = -1;
    m_createdNow.clear();
}

std::expected<Error, Error> MutationApplier::checkReferences(
    const EntitySpec &spec, const QVariantHash &values, const QStringList &changed)
{
    for (const FieldSpec &field : spec.fields) {
        if (!changed.contains(field.name) || field.references.isEmpty())
            continue;
        const QVariant value = values.value(field.name);
        QStringList ids;
        if (field.type == FieldType::UuidList) {
            const QJsonArray array = EntitySchema::toJson(field, value).toArray();
            for (const QJsonValue &v : array)
                ids.append(v.toString());
        } else if (!value.isNull()) {
            ids.append(value.toString());
        }
        for (const QString &refId : std::as_const(ids)) {
            auto found = m_context.exists(field.references, refId);
            if (!found)
                return std::unexpected(found.error());
            if (!*found)
                return rejection(QStringLiteral("invalid_reference"),
                    QStringLiteral("\"%1\" points to a %2 that does not exist.").arg(field.name, field.references));
        }
    }
    return Error{};
}

std::expected<QString, Error> MutationApplier::recordConflict(const EntitySpec &spec, const QString &id,
    const QString &field, const QJsonValue &rejectedValue, const QJsonValue &serverValue, const QString &reason)
{
    const EntitySpec *conflictSpec = EntitySchema::find(u"conflict");
    const auto version = m_tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    const QString conflictId = EntitySchema::newUuid();
    const FieldSpec *jsonField = conflictSpec->field(u"rejected_value");
    QVariantHash values{{QStringLiteral("entity"), spec.name}, {QStringLiteral("entity_id"), id},
        {QStringLiteral("field"), field},
        {QStringLiteral("rejected_value"), *EntitySchema::fromJson(*jsonField, rejectedValue)},
        {QStringLiteral("server_value"), *EntitySchema::fromJson(*jsonField, serverValue)},
        {QStringLiteral("reason"), reason}, {QStringLiteral("author_id"), m_actor.userId},
        {QStringLiteral("mutation_id"), m_mutationId}};
    if (auto r = SyncStore::insertRow(m_tx, *conflictSpec, m_actor.orgId, conflictId, *version, values); !r)
        return std::unexpected(r.error());
    return conflictId;
}

std::expected<QVariantHash, Error> MutationApplier::loadOwnRow(const EntitySpec &spec, const QString &id)
{
    auto row = SyncStore::loadRow(m_tx, spec, m_actor.orgId, id);
    if (!row)
        return row;
    // Someone else's own row (their conflict, their read state) is missing to this actor.
    const QString owner = EntityRules::of(spec.name).ownerColumn();
    if (!owner.isEmpty() && !row->isEmpty() && row->value(owner).toString() != m_actor.userId)
        return QVariantHash();
    return row;
}

std::expected<QJsonObject, Error> MutationApplier::create(
    const EntitySpec &spec, const QString &id, const QJsonObject &fields)
{
    // Ids are UUIDs made by the client; one already in use (in any organisation) is refused alike.
    const qsizetype entityAt = &spec - EntitySchema::entities().constData();
    if (!m_takenIds.at(entityAt).isEmpty() && m_takenIds.at(entityAt).contains(id))
        return rejected(rejection(QStringLiteral("already_exists"), QStringLiteral("That id is already in use.")));

    // The row is gathered by field position first, then hashed once per field: a lookup of each
    // field by name before inserting it cost as much again (the hash of a QString key dominates).
    QVariantList byField(spec.fields.size());
    QList<bool> given(spec.fields.size(), false);
    QStringList changed;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const auto field = pushedField(spec, it.key(), it.value());
        if (!field)
            return rejected(field.error());
        const qsizetype at = field->first - spec.fields.constData();
        byField[at] = field->second;
        if (!given.at(at))
            changed.append(field->first->name);
        given[at] = true;
    }
    for (qsizetype i = 0; i < spec.fields.size(); ++i) {
        const FieldSpec &field = spec.fields.at(i);
        if (!given.at(i)) {
            if (field.has(Required) && !field.has(ServerManaged))
                return rejected(
                    rejection(QStringLiteral("missing_field"), QStringLiteral("\"%1\" is required.").arg(field.name)));
            byField[i] = EntitySchema::defaultValue(field);
        }
    }
    QVariantHash &values = m_values;
    bool inPlace = m_valuesOf == &spec && values.size() == spec.fields.size();
    for (auto it = values.begin(); inPlace && it != values.end(); ++it) {
        const FieldSpec *field = spec.field(it.key());
        inPlace = field != nullptr;
        if (field)
            it.value() = byField.at(field - spec.fields.constData());
    }
    if (!inPlace) {
        values = QVariantHash();
        values.reserve(spec.fields.size());
        for (qsizetype i = 0; i < spec.fields.size(); ++i)
            values.insert(spec.fields.at(i).name, byField.at(i));
        m_valuesOf = &spec;
    }

    auto refs = checkReferences(spec, values, changed);
    if (!refs)
        return std::unexpected(refs.error());
    if (!refs->code.isEmpty())
        return rejected(*refs);
    const EntityRules &rules = EntityRules::of(spec.name);
    auto ruled = rules.check(m_context, spec, {}, values, changed, true);
    if (!ruled)
        return std::unexpected(ruled.error());
    if (!ruled->code.isEmpty())
        return rejected(*ruled);

    const auto version = m_tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    // The id was checked (prefetchTakenIds): the row waits to go in with the others of the push,
    // unless its table has a unique index of its own that may refuse it (an e-mail, a slug, a
    // token), where only an insert in place can reject this one mutation alone.
    static const QStringList ownUniqueIndexes{
        QStringLiteral("organisations"), QStringLiteral("staff_users"), QStringLiteral("invites")};
    if (ownUniqueIndexes.contains(spec.table)) {
        if (auto r = SyncStore::insertRow(m_tx, spec, m_actor.orgId, id, *version, values); !r)
            return std::unexpected(r.error());
    } else if (auto r = SyncStore::insertRowLater(m_tx, spec, m_actor.orgId, id, *version, values); !r) {
        return std::unexpected(r.error());
    }
    if (!m_repeatedIds.at(entityAt).isEmpty() && m_repeatedIds.at(entityAt).contains(id)) {
        m_createdIn = entityAt;
        m_createdNow = id;
        m_takenIds[entityAt].insert(id);
    }
    const auto extra = rules.afterCreate(m_context, id, values);
    if (!extra)
        return std::unexpected(extra.error());
    if (rules.recordsActivity()) {
        const QString label = rules.label(spec, values);
        if (auto r = SyncStore::appendActivity(m_tx, m_actor, spec.name + QStringLiteral(".created"), spec.name, id,
                rules.projectOf(values), label, activityDetails(spec, label, values, {}));
            !r)
            return std::unexpected(r.error());
    }
    QJsonObject result = appliedResult(m_mutationId, *version);
    for (auto it = extra->begin(); it != extra->end(); ++it)
        result.insert(it.key(), it.value());
    return result;
}

std::expected<QJsonObject, Error> MutationApplier::update(
    const EntitySpec &spec, const QString &id, const QJsonObject &base, const QJsonObject &fields)
{
    auto current = loadOwnRow(spec, id);
    if (!current)
        return std::unexpected(current.error());
    if (current->isEmpty())
        return rejected(rejection(QStringLiteral("not_found"), QStringLiteral("No %1 with that id.").arg(spec.name)));
    if (fields.isEmpty())
        return rejected(rejection(QStringLiteral("invalid_mutation"), QStringLiteral("An update needs \"fields\".")));

    const EntityRules &rules = EntityRules::of(spec.name);
    QVariantHash wanted;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const auto pushed = pushedField(spec, it.key(), it.value());
        if (!pushed)
            return rejected(pushed.error());
        const FieldSpec *field = pushed->first;
        const QVariant &value = pushed->second;
        if (field->has(CreateOnly) && !sameValue(*field, value, current->value(field->name)))
            return rejected(rejection(
                QStringLiteral("read_only_field"), QStringLiteral("\"%1\" cannot be changed.").arg(it.key())));
        if (const Error refused = rules.refuseChange(*field); !refused.code.isEmpty())
            return rejected(refused);
        wanted.insert(field->name, value);
    }
    for (auto it = base.begin(); it != base.end(); ++it) {
        const FieldSpec *field = spec.field(it.key());
        if (!field)
            return rejected(
                rejection(QStringLiteral("unknown_field"), QStringLiteral("Unknown base field \"%1\".").arg(it.key())));
        if (!EntitySchema::fromJson(*field, it.value()))
            return rejected(rejection(
                QStringLiteral("invalid_field"), QStringLiteral("Base value of \"%1\" is not valid.").arg(it.key())));
    }

    QJsonArray conflicts;
    auto conflictEntry = [&](const QString &field, const QString &conflictId) {
        conflicts.append(QJsonObject{{QStringLiteral("field"), field}, {QStringLiteral("conflict_id"), conflictId}});
    };

    // A delete beats a concurrent edit: the edit is kept as a conflict, the tombstone keeps the data.
    if (current->value(QStringLiteral("deleted")).toLongLong() != 0) {
        for (auto it = wanted.begin(); it != wanted.end(); ++it) {
            const FieldSpec *field = spec.field(it.key());
            auto conflictId = recordConflict(spec, id, it.key(), EntitySchema::toJson(*field, it.value()),
                EntitySchema::toJson(*field, current->value(it.key())), QStringLiteral("deleted"));
            if (!conflictId)
                return std::unexpected(conflictId.error());
            conflictEntry(it.key(), *conflictId);
        }
        return QJsonObject{{QStringLiteral("mutation_id"), m_mutationId},
            {QStringLiteral("status"), QStringLiteral("conflict")},
            {QStringLiteral("version"), current->value(QStringLiteral("version")).toLongLong()},
            {QStringLiteral("deleted"), true}, {QStringLiteral("conflicts"), conflicts}};
    }

    QVariantHash values = *current;
    QStringList changed;
    struct PendingConflict
    {
        QString field;
        QJsonValue mine;
        QJsonValue theirs;
        QString reason;
    };
    QList<PendingConflict> pending;
    for (auto it = wanted.begin(); it != wanted.end(); ++it) {
        const FieldSpec *field = spec.field(it.key());
        const QVariant serverValue = current->value(it.key());
        const bool concurrent = base.contains(it.key())
            && !sameValue(*field, *EntitySchema::fromJson(*field, base.value(it.key())), serverValue);
        if (concurrent && !sameValue(*field, it.value(), serverValue)) {
            const QJsonValue mine = EntitySchema::toJson(*field, it.value());
            const QJsonValue theirs = EntitySchema::toJson(*field, serverValue);
            if (field->name == u"visibility") {
                // Until a person decides, the more private of the two wins.
                const QString kept = EntitySchema::morePrivate(it.value().toString(), serverValue.toString());
                if (kept != serverValue.toString()) {
                    values.insert(it.key(), kept);
                    changed.append(it.key());
                }
                pending.append({it.key(), mine, theirs, QStringLiteral("visibility")});
            } else {
                pending.append({it.key(), mine, theirs, QStringLiteral("concurrent_edit")});
            }
            continue;
        }
        if (!sameValue(*field, it.value(), serverValue)) {
            values.insert(it.key(), it.value());
            changed.append(it.key());
        }
    }

    auto refs = checkReferences(spec, values, changed);
    if (!refs)
        return std::unexpected(refs.error());
    if (!refs->code.isEmpty())
        return rejected(*refs);
    auto ruled = rules.check(m_context, spec, *current, values, changed, false);
    if (!ruled)
        return std::unexpected(ruled.error());
    if (!ruled->code.isEmpty())
        return rejected(*ruled);

    qint64 version = current->value(QStringLiteral("version")).toLongLong();
    if (!changed.isEmpty() || values != *current) {
        const auto next = m_tx.nextVersion();
        if (!next)
            return std::unexpected(next.error());
        version = *next;
        QVariantHash update;
        for (auto it = values.begin(); it != values.end(); ++it) {
            if (it.value() != current->value(it.key()))
                update.insert(it.key(), it.value());
        }
        if (auto r = SyncStore::updateRow(m_tx, spec, id, version, update); !r)
            return std::unexpected(r.error());
        if (auto r = rules.afterUpdate(m_context, id, *current, values, changed); !r)
            return std::unexpected(r.error());
        const QStringList logged = rules.loggedFields();
        if (std::any_of(changed.cbegin(), changed.cend(), [&logged](const QString &f) {
                return logged.contains(f);
            })) {
            QStringList what;
            for (const QString &f : std::as_const(changed))
                what.append(QStringLiteral("%1 → %2").arg(
                    f, EntitySchema::toJson(*spec.field(f), values.value(f)).toVariant().toString()));
            const QString label = rules.label(spec, values);
            if (auto r = SyncStore::appendActivity(m_tx, m_actor, spec.name + QStringLiteral(".updated"), spec.name, id,
                    rules.projectOf(values), label + QStringLiteral(": ") + what.join(u", "),
                    activityDetails(spec, label, values, changed));
                !r)
                return std::unexpected(r.error());
        }
    }
    for (const PendingConflict &c : std::as_const(pending)) {
        auto conflictId = recordConflict(spec, id, c.field, c.mine, c.theirs, c.reason);
        if (!conflictId)
            return std::unexpected(conflictId.error());
        conflictEntry(c.field, *conflictId);
    }

    QJsonObject result{{QStringLiteral("mutation_id"), m_mutationId},
        {QStringLiteral("status"), pending.isEmpty() ? QStringLiteral("applied") : QStringLiteral("conflict")},
        {QStringLiteral("version"), version}};
    if (!conflicts.isEmpty())
        result.insert(QStringLiteral("conflicts"), conflicts);
    return result;
}

std::expected<QJsonObject, Error> MutationApplier::remove(const EntitySpec &spec, const QString &id)
{
    auto current = loadOwnRow(spec, id);
    if (!current)
        return std::unexpected(current.error());
    if (current->isEmpty())
        return rejected(rejection(QStringLiteral("not_found"), QStringLiteral("No %1 with that id.").arg(spec.name)));
    if (current->value(QStringLiteral("deleted")).toLongLong() != 0) {
        return QJsonObject{{QStringLiteral("mutation_id"), m_mutationId},
            {QStringLiteral("status"), QStringLiteral("applied")},
            {QStringLiteral("version"), current->value(QStringLiteral("version")).toLongLong()}};
    }
    const EntityRules &rules = EntityRules::of(spec.name);
    auto allowed = rules.beforeRemove(m_context, id);
    if (!allowed)
        return std::unexpected(allowed.error());
    if (!allowed->code.isEmpty())
        return rejected(*allowed);

    int withIt = 0;
    auto dependents = removeDependents(spec.name, id, &withIt);
    if (!dependents)
        return std::unexpected(dependents.error());
    if (!dependents->code.isEmpty())
        return rejected(*dependents);
    const auto version = m_tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    if (auto r = SyncStore::updateRow(m_tx, spec, id, *version, {{QStringLiteral("deleted"), 1}}); !r)
        return std::unexpected(r.error());
    if (rules.recordsActivity()) {
        const QString label = rules.label(spec, *current);
        QJsonObject details = activityDetails(spec, label, *current, {});
        if (withIt > 0)
            details.insert(QStringLiteral("with"), withIt);
        if (auto r = SyncStore::appendActivity(m_tx, m_actor, spec.name + QStringLiteral(".deleted"), spec.name, id,
                rules.projectOf(*current), label, details);
            !r)
            return std::unexpected(r.error());
    }
    return appliedResult(m_mutationId, *version);
}

std::expected<Error, Error> MutationApplier::removeDependents(const QString &entity, const QString &id, int *count)
{
    for (const EntityRules::Dependent &dependent : EntitySchema::dependentsOf(entity)) {
        const EntitySpec *spec = EntitySchema::find(dependent.entity);
        auto q = Database::exec(m_tx.db(),
            QStringLiteral("SELECT id FROM %1 WHERE org_id = ? AND %2 = ? AND deleted = 0")
                .arg(spec->table, dependent.column),
            {m_actor.orgId, id});
        if (!q)
            return std::unexpected(q.error());
        QStringList ids;
        while (q->next())
            ids.append(q->value(0).toString());
        q->finish();
        const EntityRules &childRules = EntityRules::of(dependent.entity);
        for (const QString &childId : std::as_const(ids)) {
            auto allowed = childRules.beforeRemove(m_context, childId);
            if (!allowed || !allowed->code.isEmpty())
                return allowed;
            auto deeper = removeDependents(dependent.entity, childId, count);
            if (!deeper || !deeper->code.isEmpty())
                return deeper;
            const auto version = m_tx.nextVersion();
            if (!version)
                return std::unexpected(version.error());
            if (auto r = SyncStore::updateRow(m_tx, *spec, childId, *version,
                    {{QStringLiteral("deleted"), 1}, {QStringLiteral("deleted_with"), id}});
                !r)
                return std::unexpected(r.error());
            ++*count;
        }
    }
    return Error{};
}

std::expected<void, Error> MutationApplier::restoreDependents(const QString &entity, const QString &id, int *count)
{
    for (const EntityRules::Dependent &dependent : EntitySchema::dependentsOf(entity)) {
        const EntitySpec *spec = EntitySchema::find(dependent.entity);
        auto q = Database::exec(m_tx.db(),
            QStringLiteral("SELECT id FROM %1 WHERE org_id = ? AND %2 = ? AND deleted = 1 AND deleted_with = ?")
                .arg(spec->table, dependent.column),
            {m_actor.orgId, id, id});
        if (!q)
            return std::unexpected(q.error());
        QStringList ids;
        while (q->next())
            ids.append(q->value(0).toString());
        q->finish();
        const QVariant none(QMetaType::fromType<QString>());
        for (const QString &childId : std::as_const(ids)) {
            const auto version = m_tx.nextVersion();
            if (!version)
                return std::unexpected(version.error());
            if (auto r = SyncStore::updateRow(m_tx, *spec, childId, *version,
                    {{QStringLiteral("deleted"), 0}, {QStringLiteral("deleted_with"), none}});
                !r)
                return std::unexpected(r.error());
            ++*count;
            if (auto r = restoreDependents(dependent.entity, childId, count); !r)
                return r;
        }
    }
    return {};
}

std::expected<QJsonObject, Error> MutationApplier::restore(const EntitySpec &spec, const QString &id)
{
    auto current = loadOwnRow(spec, id);
    if (!current)
        return std::unexpected(current.error());
    if (current->isEmpty())
        return rejected(rejection(QStringLiteral("not_found"), QStringLiteral("No %1 with that id.").arg(spec.name)));
    if (current->value(QStringLiteral("deleted")).toLongLong() == 0) {
        return QJsonObject{{QStringLiteral("mutation_id"), m_mutationId},
            {QStringLiteral("status"), QStringLiteral("applied")},
            {QStringLiteral("version"), current->value(QStringLiteral("version")).toLongLong()}};
    }
    const EntityRules &rules = EntityRules::of(spec.name);
    auto allowed = rules.beforeRestore(m_context, spec, *current);
    if (!allowed)
        return std::unexpected(allowed.error());
    if (!allowed->code.isEmpty())
        return rejected(*allowed);
    const auto version = m_tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    const QVariant none(QMetaType::fromType<QString>());
    if (auto r = SyncStore::updateRow(
            m_tx, spec, id, *version, {{QStringLiteral("deleted"), 0}, {QStringLiteral("deleted_with"), none}});
        !r)
        return std::unexpected(r.error());
    int withIt = 0;
    if (auto r = restoreDependents(spec.name, id, &withIt); !r)
        return std::unexpected(r.error());
    if (rules.recordsActivity()) {
        const QString label = rules.label(spec, *current);
        QJsonObject details = activityDetails(spec, label, *current, {});
        if (withIt > 0)
            details.insert(QStringLiteral("with"), withIt);
        if (auto r = SyncStore::appendActivity(m_tx, m_actor, spec.name + QStringLiteral(".restored"), spec.name, id,
                rules.projectOf(*current), label, details);
            !r)
            return std::unexpected(r.error());
    }
    return appliedResult(m_mutationId, *version);
}

// A null QString binds as SQL NULL; a text field that is not nullable stores "" instead.
QVariant storable(const FieldSpec &field, const QVariant &value)
{
    if (field.has(Nullable) || value.metaType() != QMetaType::fromType<QString>() || !value.toString().isNull())
        return value;
    return QVariant(QStringLiteral(""));
}

// The wire form of a change, keys in sorted order, written as text straight from a row: the row a
// statement stands on (a pull page) or a row loaded as a hash (SyncStore::changeJson). The one
// writer of a change's wire form. A pull page of 5,000 changes spent most of its time building them
// through QVariantHash, QJsonObject and QJsonDocument.
class ChangeText
{
public:
    explicit ChangeText(const EntitySpec &spec)
    {
        const QStringList columns = spec.columns();
        for (int i = 0; i < spec.fields.size(); ++i)
            m_data.append({spec.fields.at(i).name, &spec.fields.at(i), int(columns.indexOf(spec.fields.at(i).name))});
        m_data.append({QStringLiteral("created_at"), nullptr, int(columns.indexOf(u"created_at"))});
        m_data.append({QStringLiteral("updated_at"), nullptr, int(columns.indexOf(u"updated_at"))});
        std::sort(m_data.begin(), m_data.end(), [](const Column &a, const Column &b) {
            return a.name < b.name;
        });
        for (Column &column : m_data) {
            column.key = '"' + column.name.toUtf8() + "\":";
            column.name.clear();
            // What appendField writes as a string.
            column.text = !column.field
                || !(column.field->type == FieldType::Integer || column.field->type == FieldType::Boolean
                    || column.field->type == FieldType::UuidList || column.field->type == FieldType::Json);
        }
        m_id = int(columns.indexOf(u"id"));
        m_version = int(columns.indexOf(u"version"));
        m_deleted = int(columns.indexOf(u"deleted"));
        m_entity = "\"entity\":\"" + spec.name.toUtf8() + "\",\"id\":";
    }

    // The text's writer for an entity.
    static const ChangeText &of(const EntitySpec &spec)
    {
        static const QHash<QString, ChangeText> writers = [] {
            QHash<QString, ChangeText> hash;
            for (const EntitySpec &entity : EntitySchema::entities())
                hash.insert(entity.name, ChangeText(entity));
            return hash;
        }();
        return *writers.find(spec.name);
    }

    // Appends the change and returns its version. `Row` gives a column's value by its index in
    // EntitySpec::columns(): a Statement, or HashRow.
    template <typename Row> qint64 append(QByteArray &out, const Row &row) const
    {
        out.append("{\"data\":{", 9);
        for (qsizetype i = 0; i < m_data.size(); ++i) {
            const Column &column = m_data.at(i);
            if (i > 0)
                out.append(',');
            out.append(column.key);
            if (column.text && appendStored(out, row, column.index))
                continue;
            const QVariant value = row.value(column.index);
            if (!column.field)
                CompactJson::appendString(out, value.toString());
            else
                appendField(out, *column.field, value);
        }
        out.append("},\"deleted\":", 12);
        out.append(row.value(m_deleted).toLongLong() != 0 ? "true" : "false");
        out.append(',');
        out.append(m_entity);
        if (!appendStored(out, row, m_id))
            CompactJson::appendString(out, row.value(m_id).toString());
        const qint64 version = row.value(m_version).toLongLong();
        out.append(",\"version\":", 11);
        out.append(QByteArray::number(version));
        out.append('}');
        return version;
    }

private:
    struct Column
    {
        QString name;
        const FieldSpec *field; // null for created_at and updated_at (always strings)
        int index;
        QByteArray key; // "name":
        bool text = false; // written as a JSON string (when not NULL)
    };

    // A text column as the row holds it, when the row gives its stored UTF-8 (SqliteRow): written
    // without a QVariant or a round trip through UTF-16. False when the value is anything else
    // (NULL, a number) or the row gives no such text: then it goes through value().
    template <typename Row> static bool appendStored(QByteArray &out, const Row &row, int index)
    {
        if constexpr (std::is_same_v<Row, SqliteRow>) {
            if (const auto utf8 = row.utf8(index)) {
                CompactJson::appendUtf8String(out, *utf8);
                return true;
            }
        }
        Q_UNUSED(out)
        Q_UNUSED(row)
        Q_UNUSED(index)
        return false;
    }

    // EntitySchema::toJson() as text.
    static void appendField(QByteArray &out, const FieldSpec &field, const QVariant &stored)
    {
        if (stored.isNull()) {
            out.append("null", 4);
            return;
        }
        switch (field.type) {
        case FieldType::Integer:
            out.append(QByteArray::number(stored.toLongLong()));
            return;
        case FieldType::Boolean:
            out.append(stored.toLongLong() != 0 ? "true" : "false");
            return;
        case FieldType::UuidList:
        case FieldType::Json:
            CompactJson::appendValue(out, EntitySchema::toJson(field, stored));
            return;
        default:
            CompactJson::appendString(out, stored.toString());
            return;
        }
    }

    QList<Column> m_data;
    QByteArray m_entity;
    int m_id = 0;
    int m_version = 0;
    int m_deleted = 0;
};

// A row loaded as a hash (SyncStore::loadRow), read by column index as ChangeText reads a statement.
class HashRow
{
public:
    HashRow(const EntitySpec &spec, const QVariantHash &row)
        : m_columns(spec.columns())
        , m_row(row)
    {
    }
    QVariant value(int index) const { return m_row.value(m_columns.at(index)); }

private:
    QStringList m_columns;
    const QVariantHash &m_row;
};

// One change of a page being gathered: its place in the text of all the candidates read.
struct PulledRow
{
    qint64 version;
    qsizetype offset;
    qsizetype length;
};

} // namespace

QJsonObject SyncStore::changeJson(const EntitySpec &spec, const QVariantHash &row)
{
    QByteArray text;
    ChangeText::of(spec).append(text, HashRow(spec, row));
    return QJsonDocument::fromJson(text).object();
}

std::expected<PullPage, Error> SyncStore::pull(const Actor &actor, qint64 since, int limit)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    limit = std::clamp(limit, 1, maxPullLimit);

    // Versions commit in order under the organisation's lock, so once `high` is visible every
    // version up to it is committed: reading each table up to `high` cannot skip a change, even
    // though the tables are read one after another.
    auto seq = Database::exec(
        *db, QStringLiteral("SELECT last_version, purged_version FROM org_sequences WHERE org_id = ?"), {actor.orgId});
    if (!seq)
        return std::unexpected(seq.error());
    if (!seq->next())
        return std::unexpected(Error{QStringLiteral("not_found"), QStringLiteral("Unknown organisation.")});
    const qint64 high = seq->value(0).toLongLong();
    const qint64 purged = seq->value(1).toLongLong();
    if (since < 0)
        return std::unexpected(Error{QStringLiteral("invalid_cursor"), QStringLiteral("\"since\" must be 0 or more.")});
    if ((since > 0 && since < purged) || since > high)
        return std::unexpected(Error{QStringLiteral("cursor_expired"),
            QStringLiteral("The cursor is older than the server keeps deletions; resync from 0.")});

    // Every table's candidates (up to limit + 1 each) are written into one text; the page is the
    // `limit` lowest versions among them, copied out in version order.
    QByteArray candidates;
    QList<PulledRow> rows;
    for (const EntitySpec &spec : EntitySchema::entities()) {
        QString sql = QStringLiteral("SELECT %1 FROM %2 WHERE org_id = ? AND version > ? AND version <= ?")
                          .arg(selectList(spec), spec.table);
        QVariantList binds{actor.orgId, since, high};
        // A row that is one person's own (a conflict, Inbox read state) goes to them alone.
        if (const QString owner = EntityRules::of(spec.name).ownerColumn(); !owner.isEmpty()) {
            sql += QStringLiteral(" AND %1 = ?").arg(owner);
            binds.append(actor.userId);
        }
        sql += QStringLiteral(" ORDER BY version LIMIT ?");
        binds.append(limit + 1);
        const ChangeText &writer = ChangeText::of(spec);
        const auto add = [&](const auto &row) {
            const qsizetype offset = candidates.size();
            const qint64 version = writer.append(candidates, row);
            rows.append({version, offset, candidates.size() - offset});
        };
        if (!Database::isPostgres()) {
            // Past Qt's driver: its conversions of each value were half of a page's time.
            if (auto r = Database::selectSqlite(*db, sql, binds, add); !r)
                return std::unexpected(r.error());
            continue;
        }
        auto q = Database::exec(*db, sql, binds);
        if (!q)
            return std::unexpected(q.error());
        while (q->next())
            add(*q);
    }
    std::sort(rows.begin(), rows.end(), [](const PulledRow &a, const PulledRow &b) {
        return a.version < b.version;
    });

    PullPage page;
    page.more = rows.size() > limit;
    if (page.more)
        rows.resize(limit);
    page.count = int(rows.size());
    qsizetype size = 2;
    for (const PulledRow &row : std::as_const(rows))
        size += row.length + 1;
    page.changes.reserve(size);
    page.changes.append('[');
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (i > 0)
            page.changes.append(',');
        page.changes.append(candidates.constData() + rows.at(i).offset, rows.at(i).length);
    }
    page.changes.append(']');
    page.cursor = page.more ? rows.last().version : high;
    return page;
}

namespace {

std::expected<QJsonArray, Error> applyPush(
    const Actor &actor, const QJsonArray &mutations, const QString &publicUrl, bool deferInserts)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());

    WriteTransaction tx(*db, actor.orgId);
    tx.setDeferInserts(deferInserts);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());

    QJsonArray results;
    MutationApplier applier(tx, actor, publicUrl);
    const QString savepoint = QStringLiteral("mutation");

    // What the batch needs to know first is read in a few statements, not one per mutation: the
    // answers already given to its mutation ids (replays), and the ids its creates would take.
    QStringList mutationIds;
    for (const QJsonValue &value : mutations) {
        const QString mutationId = value.toObject().value(u"mutation_id").toString();
        if (!mutationId.isEmpty() && mutationId.size() <= 100)
            mutationIds.append(mutationId);
    }
    QHash<QString, QJsonObject> answered;
    if (auto r = Database::selectIn(tx.db(),
            QStringLiteral("SELECT mutation_id, result FROM mutations WHERE org_id = ? AND mutation_id IN (%1)"),
            {actor.orgId}, mutationIds,
            [&](const Statement &row) {
                answered.insert(
                    row.value(0).toString(), QJsonDocument::fromJson(row.value(1).toString().toUtf8()).object());
            });
        !r)
        return std::unexpected(r.error());
    if (auto r = applier.prefetchTakenIds(mutations); !r)
        return std::unexpected(r.error());
    // Ids sent more than once in this push: only their answers are kept for the repeats.
    const QSet<QString> repeated = repeatedIn(mutationIds);

    for (const QJsonValue &value : mutations) {
        const QJsonObject mutation = value.toObject();
        const QString mutationId = mutation.value(u"mutation_id").toString();
        if (!value.isObject() || mutationId.isEmpty() || mutationId.size() > 100) {
            results.append(QJsonObject{{QStringLiteral("mutation_id"), mutation.value(u"mutation_id")},
                {QStringLiteral("status"), QStringLiteral("rejected")},
                {QStringLiteral("error"),
                    QJsonObject{{QStringLiteral("code"), QStringLiteral("invalid_mutation")},
                        {QStringLiteral("message"),
                            QStringLiteral(
                                "Each mutation needs a \"mutation_id\" string (at most 100 characters).")}}}});
            continue;
        }

        // A replayed mutation (in an earlier push or earlier in this one) gets the answer it got
        // the first time and changes nothing.
        if (const auto found = answered.constFind(mutationId); found != answered.cend()) {
            QJsonObject result = *found;
            result.insert(QStringLiteral("replayed"), true);
            results.append(result);
            continue;
        }

        if (auto r = tx.savepoint(savepoint); !r)
            return std::unexpected(r.error());
        auto result = applier.apply(mutation);
        if (!result) {
            // Contention fails the push as a whole (503; the desktop sends it again). Any other
            // storage failure belongs to this one mutation: its savepoint goes, it is rejected, and
            // the others of the push stand — one bad value never holds up an outbox.
            if (result.error().code == u"busy")
                return std::unexpected(result.error());
            if (auto r = tx.rollbackToSavepoint(savepoint); !r)
                return std::unexpected(r.error());
            applier.settle(false);
            qCWarning(lcSyncStore).noquote()
                << "mutation" << mutationId << "rejected after a storage failure:" << result.error().code;
            const bool constraint = result.error().code == u"constraint_violation";
            result = QJsonObject{{QStringLiteral("mutation_id"), mutationId},
                {QStringLiteral("status"), QStringLiteral("rejected")},
                {QStringLiteral("error"),
                    QJsonObject{{QStringLiteral("code"),
                                    constraint ? QStringLiteral("already_exists") : QStringLiteral("storage_error")},
                        {QStringLiteral("message"),
                            constraint ? QStringLiteral("The change conflicts with data stored already (a value "
                                                        "that must be unique is in use).")
                                       : QStringLiteral("The server could not store this change.")}}}};
        } else if (result->value(u"status").toString() == u"rejected") {
            // Nothing of a rejected mutation stays.
            if (auto r = tx.rollbackToSavepoint(savepoint); !r)
                return std::unexpected(r.error());
            applier.settle(false);
        } else if (auto r = tx.releaseSavepoint(savepoint); !r) {
            return std::unexpected(r.error());
        } else {
            applier.settle(true);
        }
        // A new invite's token goes back to its creator once and is never stored: the stored result
        // (for replays) leaves it out.
        QJsonObject kept = *result;
        kept.remove(QStringLiteral("invite_token"));
        static const QStringList mutationColumns{QStringLiteral("org_id"), QStringLiteral("mutation_id"),
            QStringLiteral("user_id"), QStringLiteral("result"), QStringLiteral("created_at")};
        if (auto r = tx.insertLater(QStringLiteral("mutations"), mutationColumns,
                {actor.orgId, mutationId, actor.userId, QString::fromUtf8(CompactJson::write(kept)),
                    TimeUtil::nowWire()});
            !r)
            return std::unexpected(r.error());
        if (!repeated.isEmpty() && repeated.contains(mutationId))
            answered.insert(mutationId, kept);
        results.append(*result);
    }
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return results;
}

} // namespace

std::expected<QJsonArray, Error> SyncStore::push(
    const Actor &actor, const QString &clientId, const QJsonArray &mutations, const QString &publicUrl)
{
    Q_UNUSED(clientId)
    // Rows the batch creates go in together at the end (WriteTransaction::insertLater). Should
    // one of them fail (a constraint the server's checks know nothing of, an id taken by another
    // organisation in the meantime), the push is applied again from the start with every row
    // written in place, so that only the mutation at fault is rejected and the others stand.
    auto applied = applyPush(actor, mutations, publicUrl, true);
    if (!applied && applied.error().code != u"busy") {
        qCWarning(lcSyncStore).noquote() << "a batched write of a push failed (" + applied.error().code
                + u"); applying the push again one row at a time";
        applied = applyPush(actor, mutations, publicUrl, false);
    }
    return applied;
}

namespace {

// The columns and values of a new row as insertRow() writes them.
std::pair<QStringList, QVariantList> newRow(
    const EntitySpec &spec, const QString &orgId, const QString &id, qint64 version, const QVariantHash &values)
{
    const QString now = TimeUtil::nowWire();
    QStringList columns = spec.columns(); // the entity's own list, shared by all its rows
    QVariantList binds;
    binds.reserve(columns.size());
    binds << id << orgId << version << now << now << 0;
    const qsizetype first = binds.size();
    binds.resize(first + spec.fields.size());
    QList<bool> given(spec.fields.size(), false);
    // The hash is walked once and each key found among the few fields by comparing names: a
    // lookup by name per field would hash every one of them again.
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (const FieldSpec *field = spec.field(it.key())) {
            const qsizetype at = field - spec.fields.constData();
            binds[first + at] = storable(*field, it.value());
            given[at] = true;
        } else if (!EntitySchema::commonColumns.contains(it.key())) {
            // Non-synced columns (e.g. an invite's token hash) ride along.
            columns.append(it.key());
            binds.append(it.value());
        }
    }
    for (qsizetype i = 0; i < spec.fields.size(); ++i) {
        if (!given.at(i))
            binds[first + i] = storable(spec.fields.at(i), EntitySchema::defaultValue(spec.fields.at(i)));
    }
    return {columns, binds};
}

} // namespace

std::expected<void, Error> SyncStore::insertRow(WriteTransaction &tx, const EntitySpec &spec, const QString &orgId,
    const QString &id, qint64 version, const QVariantHash &values)
{
    const auto [columns, binds] = newRow(spec, orgId, id, version, values);
    QStringList marks;
    marks.fill(QStringLiteral("?"), columns.size());
    auto r = Database::exec(tx.db(),
        QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)").arg(spec.table, columns.join(u", "), marks.join(u", ")),
        binds);
    if (!r)
        return std::unexpected(r.error());
    return {};
}

std::expected<void, Error> SyncStore::insertRowLater(WriteTransaction &tx, const EntitySpec &spec, const QString &orgId,
    const QString &id, qint64 version, const QVariantHash &values)
{
    const auto [columns, binds] = newRow(spec, orgId, id, version, values);
    return tx.insertLater(spec.table, columns, binds);
}

std::expected<void, Error> SyncStore::updateRow(
    WriteTransaction &tx, const EntitySpec &spec, const QString &id, qint64 version, const QVariantHash &values)
{
    QStringList sets{QStringLiteral("version = ?"), QStringLiteral("updated_at = ?")};
    QVariantList binds{version, TimeUtil::nowWire()};
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (it.key() == u"id" || it.key() == u"org_id" || it.key() == u"version" || it.key() == u"created_at"
            || it.key() == u"updated_at")
            continue;
        sets.append(it.key() + QStringLiteral(" = ?"));
        const FieldSpec *field = spec.field(it.key());
        binds.append(field ? storable(*field, it.value()) : it.value());
    }
    binds.append(id);
    auto r = Database::exec(
        tx.db(), QStringLiteral("UPDATE %1 SET %2 WHERE id = ?").arg(spec.table, sets.join(u", ")), binds);
    if (!r)
        return std::unexpected(r.error());
    return {};
}

std::expected<QVariantHash, Error> SyncStore::loadRow(
    WriteTransaction &tx, const EntitySpec &spec, const QString &orgId, const QString &id)
{
    return loadRow(tx.db(), spec, orgId, id);
}

std::expected<QVariantHash, Error> SyncStore::loadRow(
    const QSqlDatabase &db, const EntitySpec &spec, const QString &orgId, const QString &id)
{
    const QStringList columns = spec.columns();
    auto q = Database::exec(db,
        QStringLiteral("SELECT %1 FROM %2 WHERE id = ? AND org_id = ?").arg(selectList(spec), spec.table), {id, orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return QVariantHash();
    return q->row(columns);
}

std::expected<void, Error> SyncStore::appendActivity(WriteTransaction &tx, const Actor &actor, const QString &action,
    const QString &entity, const QString &entityId, const QString &projectId, const QString &summary,
    const QJsonObject &details)
{
    const EntitySpec *spec = EntitySchema::find(u"activity");
    const auto version = tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    const QVariant nullText(QMetaType::fromType<QString>());
    // One row per change: written straight in the table's column order (the position of each of
    // these fields among the entity's is found once), without a hash per row.
    static const QStringList given{QStringLiteral("actor_id"), QStringLiteral("actor_kind"), QStringLiteral("action"),
        QStringLiteral("entity"), QStringLiteral("entity_id"), QStringLiteral("project_id"), QStringLiteral("summary"),
        QStringLiteral("address"), QStringLiteral("details")};
    static const QList<qsizetype> givenAt = [spec] {
        QList<qsizetype> at;
        for (const FieldSpec &field : spec->fields)
            at.append(given.indexOf(field.name));
        return at;
    }();
    const QVariant values[] = {actor.userId.isEmpty() ? nullText : QVariant(actor.userId),
        actor.userId.isEmpty() ? QStringLiteral("system") : actor.kind, action, entity,
        entityId.isEmpty() ? nullText : QVariant(entityId), projectId.isEmpty() ? nullText : QVariant(projectId),
        summary.left(1000), actor.address.isNull() ? QStringLiteral("") : actor.address,
        details.isEmpty() ? nullText : QVariant(QString::fromUtf8(CompactJson::write(details)))};
    static_assert(std::size(values) == 9);
    const QString now = TimeUtil::nowWire();
    QVariantList binds;
    binds.reserve(EntitySchema::commonColumns.size() + spec->fields.size());
    binds << EntitySchema::newUuid() << actor.orgId << *version << now << now << 0;
    for (qsizetype i = 0; i < spec->fields.size(); ++i) {
        const FieldSpec &field = spec->fields.at(i);
        binds.append(storable(field, givenAt.at(i) >= 0 ? values[givenAt.at(i)] : EntitySchema::defaultValue(field)));
    }
    // Nothing reads the log inside the write that adds to it: its rows go in together at commit.
    return tx.insertLater(spec->table, spec->columns(), binds);
}

std::expected<int, Error> SyncStore::purgeTombstones(int retentionDays)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    const QString cutoff = TimeUtil::toWire(QDateTime::currentDateTimeUtc().addDays(-retentionDays));
    WriteTransaction tx(*db, QString());
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    int removed = 0;
    for (const EntitySpec &spec : EntitySchema::entities()) {
        if (spec.name == u"organisation")
            continue;
        auto newest = Database::exec(tx.db(),
            QStringLiteral("SELECT org_id, MAX(version) FROM %1 WHERE deleted = 1 AND updated_at <= ? "
                           "GROUP BY org_id")
                .arg(spec.table),
            {cutoff});
        if (!newest)
            return std::unexpected(newest.error());
        QList<QPair<QString, qint64>> marks;
        while (newest->next())
            marks.append({newest->value(0).toString(), newest->value(1).toLongLong()});
        for (const auto &[orgId, version] : std::as_const(marks)) {
            if (auto r = Database::exec(tx.db(),
                    QStringLiteral(
                        "UPDATE org_sequences SET purged_version = ? WHERE org_id = ? AND purged_version < ?"),
                    {version, orgId, version});
                !r)
                return std::unexpected(r.error());
        }
        auto del = Database::exec(
            tx.db(), QStringLiteral("DELETE FROM %1 WHERE deleted = 1 AND updated_at <= ?").arg(spec.table), {cutoff});
        if (!del)
            return std::unexpected(del.error());
        removed += del->numRowsAffected();
    }
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    qCInfo(lcSyncStore).noquote() << "purged" << removed << "tombstones older than" << retentionDays << "days";
    return removed;
}
