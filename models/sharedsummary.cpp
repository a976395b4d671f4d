// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sharedsummary.h"

#include <QLocale>

#include <algorithm>

#include "common/portalpermissions.h"
#include "sync/localcache.h"

namespace {

// Who the summary speaks for: an active contact of the project's client. Every question below goes
// to the one permission function (common/portalpermissions.h), as the portal's would.
PortalActor clientContact(const QString &clientId)
{
    PortalActor actor;
    actor.contactId = QStringLiteral("summary");
    actor.orgId = QStringLiteral("organisation");
    actor.clientId = clientId;
    actor.portalState = QStringLiteral("active");
    return actor;
}

// An item of the project as the permission function sees it. The counts say what is shared if both
// Client Portal switches were on (visible() says whether they are).
PortalItem itemOf(const QString &kind, const QString &clientId, const QString &state)
{
    PortalItem item;
    item.kind = kind;
    item.orgId = QStringLiteral("organisation");
    item.orgPortalEnabled = true;
    item.projectPortalEnabled = true;
    item.clientId = clientId;
    (kind == u"signoff" ? item.signoffStatus : item.visibility) = state;
    return item;
}

SharedSummary::Counts countVisibility(
    const LocalCache &cache, const QString &entity, const QString &projectId, const QString &clientId)
{
    SharedSummary::Counts counts;
    const auto byVisibility =
        cache.countBy(entity, QStringLiteral("visibility"), QStringLiteral("project_id"), projectId);
    if (!byVisibility)
        return counts;
    const PortalActor actor = clientContact(clientId);
    for (auto it = byVisibility->cbegin(); it != byVisibility->cend(); ++it) {
        const PortalItem item = itemOf(entity, clientId, it.key());
        if (PortalPermissions::allowed(&actor, item, PortalAction::Edit))
            counts.editable += it.value();
        else if (PortalPermissions::allowed(&actor, item, PortalAction::View))
            counts.readOnly += it.value();
        else
            counts.privateItems += it.value();
    }
    return counts;
}

QString escapedList(const QList<SharedSummary::Contact> &contacts)
{
    QStringList escaped;
    for (const SharedSummary::Contact &contact : contacts)
        escaped.append(contact.name.toHtmlEscaped());
    return QLocale().createSeparatedList(escaped);
}

} // namespace

bool SharedSummary::clientsMay(const QString &kind, const QString &visibility, PortalAction action) const
{
    const PortalActor actor = clientContact(m_clientId);
    PortalItem item = itemOf(kind, m_clientId, visibility);
    item.orgPortalEnabled = orgPortal;
    item.projectPortalEnabled = projectPortal;
    return PortalPermissions::allowed(&actor, item, action);
}

std::optional<SharedSummary> SharedSummary::compute(const LocalCache &cache, const QString &projectId, Part part)
{
    const auto project = cache.row(QStringLiteral("project"), projectId);
    if (!project || project->value(u"deleted").toBool())
        return std::nullopt;
    SharedSummary s;
    s.projectName = project->value(u"name").toString();
    s.projectPortal = project->value(u"portal_enabled").toBool();
    const QString clientId = project->value(u"client_id").toString();
    if (const auto client = cache.row(QStringLiteral("client"), clientId))
        s.clientName = client->value(u"name").toString();
    // The desktop's cache holds the signed-in user's organisation only.
    if (auto orgs = cache.records(QStringLiteral("organisation"), {QStringLiteral("portal_enabled")});
        orgs && !orgs->rows.isEmpty())
        s.orgPortal = orgs->rows.first().values.at(0).toBool();
    s.m_clientId = clientId;
    if (part == Part::Everything) {
        s.tasks = countVisibility(cache, QStringLiteral("task"), projectId, clientId);
        s.files = countVisibility(cache, QStringLiteral("file"), projectId, clientId);
        if (const auto byStatus = cache.countBy(
                QStringLiteral("signoff"), QStringLiteral("status"), QStringLiteral("project_id"), projectId)) {
            const PortalActor actor = clientContact(clientId);
            for (auto it = byStatus->cbegin(); it != byStatus->cend(); ++it) {
                if (PortalPermissions::allowed(
                        &actor, itemOf(QStringLiteral("signoff"), clientId, it.key()), PortalAction::View))
                    s.signoffs += it.value();
            }
        }
    }
    if (auto set = cache.records(QStringLiteral("contact"), {QStringLiteral("name"), QStringLiteral("portal_state")},
            QStringLiteral("client_id"), clientId)) {
        for (const Record &r : std::as_const(set->rows)) {
            const QString state = r.values.at(1).toString();
            if (state == u"active")
                s.activeContacts.append({r.id, r.values.at(0).toString()});
            else if (state == u"invited")
                s.invitedContacts.append({r.id, r.values.at(0).toString()});
        }
    }
    const auto byName = [](const Contact &a, const Contact &b) {
        return QString::localeAwareCompare(a.name, b.name) < 0;
    };
    std::sort(s.activeContacts.begin(), s.activeContacts.end(), byName);
    std::sort(s.invitedContacts.begin(), s.invitedContacts.end(), byName);
    return s;
}

bool SharedSummary::visible() const
{
    // Whether an active contact of the client may view the project at all.
    PortalItem project = itemOf(QStringLiteral("project"), m_clientId, QString());
    project.orgPortalEnabled = orgPortal;
    project.projectPortalEnabled = projectPortal;
    const PortalActor actor = clientContact(m_clientId);
    return PortalPermissions::allowed(&actor, project, PortalAction::View);
}

QString SharedSummary::toHtml() const
{
    QString who;
    if (!orgPortal && !projectPortal)
        who = tr("<b>Not visible to anyone:</b> the organisation's and the project's Client Portal are off.");
    else if (!orgPortal)
        who = tr("<b>Not visible to anyone:</b> the organisation's Client Portal is off.");
    else if (!projectPortal)
        who = tr("<b>Not visible to anyone:</b> the project's Client Portal is off.");
    else if (activeContacts.isEmpty())
        who = tr("<b>Not visible to anyone yet:</b> no contact of %1 has signed up to the portal.")
                  .arg(clientName.toHtmlEscaped());
    else
        who = tr("<b>Visible to</b> %1 (%2).").arg(escapedList(activeContacts), clientName.toHtmlEscaped());
    if (!invitedContacts.isEmpty())
        who += u' ' + tr("Invited, not signed up yet: %1.").arg(escapedList(invitedContacts));
    // Each group stays on one line (no-break spaces and hyphens); a narrow window wraps between
    // groups only.
    const auto group = [](QString text) {
        return text.replace(u' ', QChar(QChar::Nbsp)).replace(u'-', QChar(0x2011));
    };
    const QString counts = QStringList{group(tr("Tasks: %1 read-only, %2 editable, %3 private")
                                                 .arg(tasks.readOnly)
                                                 .arg(tasks.editable)
                                                 .arg(tasks.privateItems)),
        group(tr("Files: %1 read-only, %2 editable, %3 private")
                  .arg(files.readOnly)
                  .arg(files.editable)
                  .arg(files.privateItems)),
        group(tr("Sign-offs sent: %1").arg(signoffs))}
                               .join(QStringLiteral(" · "));
    return tr("<b>Shared with the client</b> — %1<br>%2").arg(counts, who);
}
