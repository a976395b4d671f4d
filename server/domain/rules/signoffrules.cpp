// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/rules/signoffrules.h"

#include <QJsonArray>

#include "common/timeutil.h"
#include "server/domain/signoffs.h"
#include "server/storage/database.h"

namespace {

// What a sign-off asks about, frozen when it is sent: each attached file's name and exact content
// (SHA-256), so an answer always refers to the versions the client saw, even after a file changes.
std::expected<QVariant, Error> frozenFileVersions(
    const RuleContext &context, const EntitySpec &spec, const QVariantHash &signoff)
{
    const QJsonArray ids =
        EntitySchema::toJson(*spec.field(u"file_ids"), signoff.value(QStringLiteral("file_ids"))).toArray();
    QJsonArray versions;
    for (const QJsonValue &fileId : ids) {
        auto q = Database::exec(context.tx.db(),
            QStringLiteral(
                "SELECT name, sha256, size, mime_type FROM files WHERE id = ? AND org_id = ? AND deleted = 0"),
            {fileId.toString(), context.actor.orgId});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            continue;
        versions.append(QJsonObject{{QStringLiteral("file_id"), fileId.toString()},
            {QStringLiteral("name"), q->value(0).toString()}, {QStringLiteral("sha256"), q->value(1).toString()},
            {QStringLiteral("size"), q->value(2).toLongLong()}, {QStringLiteral("mime_type"), q->value(3).toString()}});
    }
    return EntitySchema::fromJson(*spec.field(u"sent_file_versions"), versions).value_or(QVariant());
}

} // namespace

std::expected<Error, Error> SignoffRules::check(RuleContext &context, const EntitySpec &spec,
    const QVariantHash &current, QVariantHash &values, const QStringList &changed, bool creating) const
{
    if (changed.contains(u"status")) {
        const QString to = values.value(QStringLiteral("status")).toString();
        const QString from = creating ? QStringLiteral("draft") : current.value(QStringLiteral("status")).toString();
        // Staff send and withdraw, and send a new round after changes were requested; only the
        // client's approvers approve or request changes, in the portal or through their links.
        static const QList<QPair<QString, QString>> allowed = {
            {QStringLiteral("draft"), QStringLiteral("sent")},
            {QStringLiteral("sent"), QStringLiteral("withdrawn")},
            {QStringLiteral("draft"), QStringLiteral("withdrawn")},
            {QStringLiteral("withdrawn"), QStringLiteral("draft")},
            {QStringLiteral("rejected"), QStringLiteral("sent")},
            {QStringLiteral("rejected"), QStringLiteral("withdrawn")},
        };
        if (to != from && !allowed.contains(qMakePair(from, to)))
            return rejection(QStringLiteral("invalid_transition"),
                QStringLiteral("A sign-off cannot go from %1 to %2.").arg(from, to));
        if (to == u"sent" && from != u"sent") {
            values.insert(QStringLiteral("sent_at"), TimeUtil::nowWire());
            auto frozen = frozenFileVersions(context, spec, values);
            if (!frozen)
                return std::unexpected(frozen.error());
            values.insert(QStringLiteral("sent_file_versions"), *frozen);
            const QString projectId = creating ? values.value(QStringLiteral("project_id")).toString()
                                               : current.value(QStringLiteral("project_id")).toString();
            auto opened = Signoffs::openRound(context.tx, context.actor.orgId, projectId, current, values);
            if (!opened)
                return std::unexpected(opened.error());
            if (!opened->code.isEmpty())
                return *opened;
        }
        if (to == u"withdrawn" && from != u"withdrawn" && !creating) {
            if (auto r = Signoffs::closeRound(
                    context.tx, context.actor.orgId, current.value(QStringLiteral("id")).toString(), current, values);
                !r)
                return std::unexpected(r.error());
        }
    }
    // What was asked stays as it was asked while it waits for answers, and once it is approved; after
    // changes were requested, staff change it for the next round.
    const QString state = creating ? QString() : current.value(QStringLiteral("status")).toString();
    if ((state == u"sent" || state == u"approved")
        && (changed.contains(u"title") || changed.contains(u"description") || changed.contains(u"file_ids")
            || changed.contains(u"approver_ids")))
        return rejection(QStringLiteral("frozen"), QStringLiteral("A sign-off that was sent can no longer be edited."));
    if (changed.contains(u"file_ids")) {
        // Attached files must belong to the sign-off's project.
        const FieldSpec *fileIds = spec.field(u"file_ids");
        const QJsonArray ids = EntitySchema::toJson(*fileIds, values.value(QStringLiteral("file_ids"))).toArray();
        const QString projectId = creating ? values.value(QStringLiteral("project_id")).toString()
                                           : current.value(QStringLiteral("project_id")).toString();
        for (const QJsonValue &fileId : ids) {
            auto q = Database::exec(context.tx.db(),
                QStringLiteral("SELECT 1 FROM files WHERE id = ? AND org_id = ? AND project_id = ? AND deleted = 0"),
                {fileId.toString(), context.actor.orgId, projectId});
            if (!q)
                return std::unexpected(q.error());
            if (!q->next())
                return rejection(QStringLiteral("invalid_reference"),
                    QStringLiteral("A sign-off can only attach files of its own project."));
        }
    }
    return Error{};
}

std::expected<QJsonObject, Error> SignoffRules::afterCreate(
    RuleContext &context, const QString &id, const QVariantHash &values) const
{
    if (values.value(QStringLiteral("status")).toString() == u"sent") {
        if (auto r =
                Signoffs::mailApprovers(context.tx, context.actor.orgId, id, context.publicUrl, context.actor.language);
            !r)
            return std::unexpected(r.error());
    }
    return QJsonObject();
}

std::expected<void, Error> SignoffRules::afterUpdate(RuleContext &context, const QString &id,
    const QVariantHash &current, const QVariantHash &values, const QStringList &changed) const
{
    if (changed.contains(u"status") && values.value(QStringLiteral("status")).toString() == u"sent"
        && current.value(QStringLiteral("status")).toString() != u"sent")
        return Signoffs::mailApprovers(context.tx, context.actor.orgId, id, context.publicUrl, context.actor.language);
    return {};
}
