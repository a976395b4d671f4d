// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sharingchange.h"

#include <QLocale>

#include "common/entityschema.h"

SharingChange::VisibilityPlan SharingChange::visibility(
    const LocalCache &cache, const QString &entity, const QStringList &ids, const QString &visibility)
{
    VisibilityPlan plan;
    for (const QString &id : ids) {
        const auto row = cache.row(entity, id);
        if (!row)
            continue;
        const QString before = row->value(u"visibility").toString();
        if (before == visibility)
            continue;
        if (EntitySchema::visibilityRank(visibility) > EntitySchema::visibilityRank(before))
            ++plan.widened;
        plan.projectId = row->value(u"project_id").toString();
        plan.edits.append({LocalEdit::Op::Update, entity, id, {{"visibility", visibility}}});
    }
    return plan;
}

std::optional<SharingChange::PortalPlan> SharingChange::projectPortal(
    const LocalCache &cache, const QString &projectId, bool portalEnabled, bool uploadsEnabled)
{
    const auto project = cache.row(QStringLiteral("project"), projectId);
    if (!project)
        return std::nullopt;
    PortalPlan plan;
    plan.edit = LocalEdit{LocalEdit::Op::Update, QStringLiteral("project"), projectId,
        {{"portal_enabled", portalEnabled}, {"client_uploads_enabled", uploadsEnabled}}};
    const bool opening = portalEnabled && !project->value(u"portal_enabled").toBool();
    plan.widening = opening || (uploadsEnabled && !project->value(u"client_uploads_enabled").toBool());
    if (!plan.widening)
        return plan;
    int tasks = 0;
    int files = 0;
    if (auto set = cache.records(
            QStringLiteral("task"), {QStringLiteral("visibility")}, QStringLiteral("project_id"), projectId))
        for (const Record &r : set->rows)
            tasks += r.values.at(0).toString() != u"private";
    if (auto set = cache.records(
            QStringLiteral("file"), {QStringLiteral("visibility")}, QStringLiteral("project_id"), projectId))
        for (const Record &r : set->rows)
            files += r.values.at(0).toString() != u"private";
    QString text = opening ? tr("Switching the Client Portal on shares %1 and %2 of \"%3\" (and every sent sign-off).")
                                 .arg(tr("%n task(s)", nullptr, tasks), tr("%n file(s)", nullptr, files),
                                     project->value(u"name").toString())
                           : tr("Clients will be able to upload files into \"Client Uploads\".");
    QStringList who;
    if (auto contacts =
            cache.records(QStringLiteral("contact"), {QStringLiteral("name"), QStringLiteral("portal_state")},
                QStringLiteral("client_id"), project->value(u"client_id").toString()))
        for (const Record &r : contacts->rows)
            if (r.values.at(1).toString() == u"active" || r.values.at(1).toString() == u"invited")
                who.append(r.values.at(0).toString());
    text += QStringLiteral("\n\n")
        + (who.isEmpty() ? tr("No contact of this client has portal access yet.")
                         : tr("Who sees it: %1.").arg(QLocale().createSeparatedList(who)));
    plan.confirmation = text;
    return plan;
}
