// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/rules/entityrules.h"

#include <utility>

#include "server/domain/rules/clientrules.h"
#include "server/domain/rules/commentrules.h"
#include "server/domain/rules/conflictrules.h"
#include "server/domain/rules/contactrules.h"
#include "server/domain/rules/filerules.h"
#include "server/domain/rules/inboxmarkrules.h"
#include "server/domain/rules/inviterules.h"
#include "server/domain/rules/organisationrules.h"
#include "server/domain/rules/projectrules.h"
#include "server/domain/rules/signoffrules.h"
#include "server/domain/rules/staffuserrules.h"
#include "server/storage/database.h"

std::expected<bool, Error> RuleContext::exists(const QString &entity, const QString &id) const
{
    const EntitySpec *spec = EntitySchema::find(entity);
    if (!spec)
        return false;
    const QString key = entity + u':' + id;
    if (knownLive.contains(key))
        return true;
    auto q = Database::exec(tx.db(),
        QStringLiteral("SELECT 1 FROM %1 WHERE id = ? AND org_id = ? AND deleted = 0").arg(spec->table),
        {id, actor.orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return false;
    knownLive.insert(key);
    return true;
}

const EntityRules &EntityRules::of(const QString &entity)
{
    static const EntityRules base;
    static const OrganisationRules organisation;
    static const ClientRules client;
    static const ContactRules contact;
    static const ProjectRules project;
    static const FileRules file;
    static const SignoffRules signoff;
    static const CommentRules comment;
    static const InviteRules invite;
    static const StaffUserRules staffUser;
    static const ConflictRules conflict;
    static const InboxMarkRules inboxMark;
    // Looked up several times per mutation of a push: a dozen names compared (by length first)
    // cost less than hashing the name.
    static const std::pair<QString, const EntityRules *> registry[]{
        {QStringLiteral("organisation"), &organisation},
        {QStringLiteral("client"), &client},
        {QStringLiteral("contact"), &contact},
        {QStringLiteral("project"), &project},
        {QStringLiteral("file"), &file},
        {QStringLiteral("signoff"), &signoff},
        {QStringLiteral("comment"), &comment},
        {QStringLiteral("invite"), &invite},
        {QStringLiteral("staff_user"), &staffUser},
        {QStringLiteral("conflict"), &conflict},
        {QStringLiteral("inbox_mark"), &inboxMark},
    };
    for (const auto &[name, rules] : registry) {
        if (name == entity)
            return *rules;
    }
    return base;
}

std::expected<Error, Error> EntityRules::check(
    RuleContext &, const EntitySpec &, const QVariantHash &, QVariantHash &, const QStringList &, bool) const
{
    return Error{};
}

Error EntityRules::refuseChange(const FieldSpec &) const
{
    return Error{};
}

std::expected<QJsonObject, Error> EntityRules::afterCreate(RuleContext &, const QString &, const QVariantHash &) const
{
    return QJsonObject{};
}

std::expected<void, Error> EntityRules::afterUpdate(
    RuleContext &, const QString &, const QVariantHash &, const QVariantHash &, const QStringList &) const
{
    return {};
}

std::expected<Error, Error> EntityRules::beforeRemove(RuleContext &, const QString &) const
{
    return Error{};
}

std::expected<Error, Error> EntityRules::beforeRestore(
    RuleContext &context, const EntitySpec &spec, const QVariantHash &row) const
{
    for (const FieldSpec &field : spec.fields) {
        if (field.references.isEmpty() || field.type != FieldType::Uuid || row.value(field.name).isNull()
            || row.value(field.name).toString().isEmpty())
            continue;
        auto alive = context.exists(field.references, row.value(field.name).toString());
        if (!alive)
            return std::unexpected(alive.error());
        if (!*alive)
            return rejection(QStringLiteral("parent_deleted"),
                QStringLiteral("The %1 it belongs to is deleted: restore that first.").arg(field.references));
    }
    return Error{};
}

QStringList EntityRules::loggedFields() const
{
    // Changes of what clients see or may do, and of who may do what.
    return {QStringLiteral("visibility"), QStringLiteral("status"), QStringLiteral("portal_enabled"),
        QStringLiteral("client_uploads_enabled"), QStringLiteral("role")};
}

QString EntityRules::label(const EntitySpec &spec, const QVariantHash &row) const
{
    static const QString keys[] = {QStringLiteral("name"), QStringLiteral("title")};
    for (const QString &key : keys) {
        if (spec.field(key))
            return row.value(key).toString();
    }
    return row.value(QStringLiteral("id")).toString();
}

QString EntityRules::projectOf(const QVariantHash &row) const
{
    return row.value(QStringLiteral("project_id")).toString();
}
