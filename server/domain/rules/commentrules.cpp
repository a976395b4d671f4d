// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/rules/commentrules.h"

#include "server/storage/database.h"

std::expected<Error, Error> CommentRules::beforeRestore(
    RuleContext &context, const EntitySpec &spec, const QVariantHash &row) const
{
    Q_UNUSED(spec)
    auto alive = context.exists(
        row.value(QStringLiteral("target_entity")).toString(), row.value(QStringLiteral("target_id")).toString());
    if (!alive)
        return std::unexpected(alive.error());
    if (!*alive)
        return rejection(
            QStringLiteral("parent_deleted"), QStringLiteral("The item it is on is deleted: restore that first."));
    return Error{};
}

std::expected<Error, Error> CommentRules::check(RuleContext &context, const EntitySpec &spec,
    const QVariantHash &current, QVariantHash &values, const QStringList &changed, bool creating) const
{
    Q_UNUSED(spec)
    Q_UNUSED(current)
    Q_UNUSED(changed)
    if (!creating)
        return Error{};
    auto found = context.exists(
        values.value(QStringLiteral("target_entity")).toString(), values.value(QStringLiteral("target_id")).toString());
    if (!found)
        return std::unexpected(found.error());
    if (!*found)
        return rejection(QStringLiteral("invalid_reference"), QStringLiteral("The comment's target does not exist."));
    values.insert(QStringLiteral("author_id"), context.actor.userId);
    values.insert(QStringLiteral("author_kind"), QStringLiteral("staff"));
    return Error{};
}

std::expected<QJsonObject, Error> CommentRules::afterCreate(
    RuleContext &context, const QString &id, const QVariantHash &values) const
{
    const QString target = values.value(QStringLiteral("target_entity")).toString();
    const EntitySpec *targetSpec = EntitySchema::find(target);
    if (!targetSpec)
        return QJsonObject{};
    auto row = SyncStore::loadRow(
        context.tx, *targetSpec, context.actor.orgId, values.value(QStringLiteral("target_id")).toString());
    if (!row)
        return std::unexpected(row.error());
    const QString label = EntityRules::of(target).label(*targetSpec, *row);
    const QString body = values.value(QStringLiteral("body")).toString();
    if (auto r = SyncStore::appendActivity(context.tx, context.actor, QStringLiteral("comment.created"),
            QStringLiteral("comment"), id, row->value(QStringLiteral("project_id")).toString(),
            QStringLiteral("Comment on %1: %2").arg(label, body.left(200)),
            QJsonObject{{QStringLiteral("label"), label.left(200)}, {QStringLiteral("excerpt"), body.left(300)}});
        !r)
        return std::unexpected(r.error());
    return QJsonObject{};
}
