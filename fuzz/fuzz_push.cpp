// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The body of POST /api/v1/sync/push up to where the database comes in: the JSON body as the
// route reads it (jsonObjectBody), the envelope (mutations, client_id) and every mutation's
// "fields" and "base" through the entity schema (EntitySchema::fromJson), the way SyncStore reads
// them. Applying a mutation needs the database and is covered by the server tests.
//
// Property: a value the schema accepts is stored in a form that comes back unchanged:
// fromJson(toJson(stored)) succeeds and equals stored. Otherwise a value would change when it is
// read back, and the conflict check (which compares stored forms) would see edits nobody made.
#include <cstdint>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "common/entityschema.h"
#include "fuzz/fuzzsupport.h"
#include "server/api/apierror.h"
#include "server/domain/syncstore.h"
#include "server/http/httprequest.h"

namespace {

QString describe(const FieldSpec &field, const QJsonValue &value)
{
    return field.name + QStringLiteral(": ")
        + QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
}

void checkValue(const FieldSpec &field, const QJsonValue &value)
{
    const auto stored = EntitySchema::fromJson(field, value);
    if (!stored) {
        if (stored.error().code.isEmpty())
            FuzzSupport::fail("a rejection without an error code", describe(field, value));
        return;
    }
    const QJsonValue wire = EntitySchema::toJson(field, *stored);
    const auto again = EntitySchema::fromJson(field, wire);
    if (!again)
        FuzzSupport::fail("an accepted value is refused when it comes back", describe(field, value));
    if (*again != *stored)
        FuzzSupport::fail("an accepted value changes when it comes back", describe(field, value));
}

// One field of every type, so that any value in a push meets every kind of decoding.
const QList<const FieldSpec *> &fieldOfEachType()
{
    static const QList<const FieldSpec *> fields = [] {
        QList<const FieldSpec *> list;
        QList<FieldType> seen;
        for (const EntitySpec &entity : EntitySchema::entities()) {
            for (const FieldSpec &field : entity.fields) {
                if (!seen.contains(field.type)) {
                    seen.append(field.type);
                    list.append(&field);
                }
            }
        }
        return list;
    }();
    return fields;
}

void checkObject(const EntitySpec *spec, const QJsonValue &object)
{
    if (!object.isObject())
        return;
    const QJsonObject fields = object.toObject();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (spec) {
            if (const FieldSpec *field = spec->field(it.key()))
                checkValue(*field, it.value());
        }
        for (const FieldSpec *field : fieldOfEachType())
            checkValue(*field, it.value());
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FuzzSupport::init();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    HttpRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/api/v1/sync/push");
    request.body = QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
    request.bodySize = qint64(size);
    const auto body = jsonObjectBody(request);
    if (!body) {
        if (body.error().status != 400)
            FuzzSupport::fail("a bad push body is not a 400");
        return 0;
    }

    // The envelope, as SyncController's push and SyncStore::push read it.
    const QJsonValue mutations = body->value(u"mutations");
    if (!mutations.isArray() || mutations.toArray().size() > SyncStore::maxPushBatch)
        return 0;
    const QJsonValue clientId = body->value(u"client_id");
    if (!clientId.isUndefined() && !clientId.isString())
        return 0;
    for (const QJsonValue &value : mutations.toArray()) {
        const QJsonObject mutation = value.toObject();
        const QString mutationId = mutation.value(u"mutation_id").toString();
        if (!value.isObject() || mutationId.isEmpty() || mutationId.size() > 100)
            continue;
        const EntitySpec *spec = EntitySchema::find(mutation.value(u"entity").toString());
        (void)EntitySchema::isUuid(mutation.value(u"id").toString());
        checkObject(spec, mutation.value(u"fields"));
        checkObject(spec, mutation.value(u"base"));
    }
    return 0;
}
