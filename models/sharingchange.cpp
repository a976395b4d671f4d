// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sharingchange.h"

#include <QLocale>

#include "common/entityschema.h"
#include "models/sharedsummary.h"

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
        if (EntitySchema::visibilityRank(visibility) > EntitySchema::visibilityRank(before)) {
            ++plan.widened;
            plan.widenedNames.append(row->value(entity == u"task" ? u"title" : u"name").toString());
        }
        plan.projectId = row->value(u"project_id").toString();
        plan.edits.append({LocalEdit::Op::Update, entity, id, {{"visibility", visibility}}});
    }
    if (plan.widened > 0) {
        const QString how =
            visibility == u"editable" ? tr("editable (clients may change and comment on them)") : tr("read-only");
        plan.confirmation = (entity == u"task" ? tr("Share %n task(s) as %1: %2.", nullptr, plan.widened)
                                               : tr("Share %n file(s) as %1: %2.", nullptr, plan.widened))
                                .arg(how, nameList(plan.widenedNames))
            + QStringLiteral("\n\n") + audience(cache, plan.projectId);
    }
    return plan;
}

QString SharingChange::nameList(const QStringList &names, int shown)
{
    QStringList quoted;
    for (int i = 0; i < names.size() && i < shown; ++i)
        //: A name quoted in a list, with the language's own quotation marks.
        quoted.append(tr("\u201C%1\u201D").arg(names.at(i)));
    if (names.size() > shown)
        quoted.append(tr("%n more", nullptr, int(names.size() - shown)));
    return QLocale().createSeparatedList(quoted);
}

QString SharingChange::audience(const LocalCache &cache, const QString &projectId, bool assumeProjectPortalOn)
{
    const auto summary = SharedSummary::compute(cache, projectId, SharedSummary::Part::AudienceOnly);
    if (!summary)
        return {};
    auto names = [](const QList<SharedSummary::Contact> &contacts) {
        QStringList list;
        for (const SharedSummary::Contact &c : contacts)
            list.append(c.name);
        return QLocale().createSeparatedList(list);
    };
    QStringList lines;
    if (summary->activeContacts.isEmpty())
        lines.append(
            tr("No contact of %1 has signed up to the portal yet, so nobody sees it now.").arg(summary->clientName));
    else
        lines.append(tr("Who sees it: %1 (%2).").arg(names(summary->activeContacts), summary->clientName));
    if (!summary->invitedContacts.isEmpty())
        lines.append(tr("Once they accept their invitation: %1.").arg(names(summary->invitedContacts)));
    const bool projectOn = summary->projectPortal || assumeProjectPortalOn;
    if (!summary->orgPortal && !projectOn)
        lines.append(tr("For now nobody sees it: the organisation's and the project's Client Portal are off."));
    else if (!summary->orgPortal)
        lines.append(tr("For now nobody sees it: the organisation's Client Portal is off (Organisation Settings)."));
    else if (!projectOn)
        lines.append(tr("For now nobody sees it: the project's Client Portal is off (Project Settings)."));
    return lines.join(u'\n');
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
    QStringList tasks;
    QStringList files;
    if (auto set = cache.records(QStringLiteral("task"), {QStringLiteral("title"), QStringLiteral("visibility")},
            QStringLiteral("project_id"), projectId))
        for (const Record &r : set->rows)
            if (r.values.at(1).toString() != u"private")
                tasks.append(r.values.at(0).toString());
    if (auto set = cache.records(QStringLiteral("file"), {QStringLiteral("name"), QStringLiteral("visibility")},
            QStringLiteral("project_id"), projectId))
        for (const Record &r : set->rows)
            if (r.values.at(1).toString() != u"private")
                files.append(r.values.at(0).toString());
    QString text;
    if (opening) {
        text = tr("Switching the Client Portal on shares what is shared in \u201C%1\u201D (and every sent sign-off):")
                   .arg(project->value(u"name").toString());
        text += u'\n'
            + (tasks.isEmpty() ? tr("no tasks")
                               : tr("%n task(s): %1", nullptr, int(tasks.size())).arg(nameList(tasks)));
        text += u'\n'
            + (files.isEmpty() ? tr("no files")
                               : tr("%n file(s): %1", nullptr, int(files.size())).arg(nameList(files)));
    } else {
        text = tr("Clients will be able to upload files into \"Client Uploads\".");
    }
    text += QStringLiteral("\n\n") + audience(cache, projectId, portalEnabled);
    plan.confirmation = text;
    return plan;
}
