// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/portalpermissions.h"

bool PortalPermissions::actorActive(const PortalActor &actor)
{
    return actor.portalState == u"active" && !actor.contactDeleted && !actor.clientDeleted && !actor.contactId.isEmpty()
        && !actor.orgId.isEmpty();
}

namespace {

bool signoffAllows(const PortalActor &actor, const PortalItem &item, PortalAction action)
{
    const bool sent =
        item.signoffStatus == u"sent" || item.signoffStatus == u"approved" || item.signoffStatus == u"rejected";
    switch (action) {
    case PortalAction::View:
    case PortalAction::Download:
        return sent;
    case PortalAction::Approve:
        return item.signoffStatus == u"sent"
            && (item.signoffApprovers.isEmpty() || item.signoffApprovers.contains(actor.contactId))
            && !item.signoffAnswered.contains(actor.contactId);
    default:
        return false;
    }
}

} // namespace

bool PortalPermissions::allowed(const PortalActor *actor, const PortalItem &item, PortalAction action)
{
    if (!actor || actor->orgId.isEmpty() || actor->orgId != item.orgId || item.deleted)
        return false;
    if (actor->clientId.isEmpty() || actor->clientId != item.clientId)
        return false;
    if (!actor->linkSignoffId.isEmpty()) {
        // A personal link: its own sign-off only; no portal account needed, but not for a contact
        // whose access was taken away.
        if (actor->contactId.isEmpty() || actor->contactDeleted || actor->clientDeleted
            || actor->portalState == u"revoked")
            return false;
        return item.kind == u"signoff" && !item.id.isEmpty() && item.id == actor->linkSignoffId
            && signoffAllows(*actor, item, action);
    }
    if (!actorActive(*actor))
        return false;
    if (!item.orgPortalEnabled || !item.projectPortalEnabled)
        return false;
    const bool shared = item.visibility == u"read_only" || item.visibility == u"editable";
    const bool editable = item.visibility == u"editable";
    if (item.kind == u"project")
        return action == PortalAction::View || (action == PortalAction::Upload && item.projectUploadsEnabled);
    if (item.kind == u"task") {
        switch (action) {
        case PortalAction::View:
            return shared;
        case PortalAction::Edit:
        case PortalAction::Comment:
            return editable;
        default:
            return false;
        }
    }
    if (item.kind == u"file") {
        switch (action) {
        case PortalAction::View:
        case PortalAction::Download:
            return shared;
        case PortalAction::Edit:
        case PortalAction::Comment:
            return editable;
        default:
            return false;
        }
    }
    if (item.kind == u"signoff")
        return signoffAllows(*actor, item, action);
    return false;
}
