// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

// A signed-in client: a contact with portal access, seen through its session cookie.
struct PortalActor
{
    QString contactId;
    QString orgId;
    QString clientId;
    QString email;
    QString name;
    QString address;
    // Read with the rest on every request, for PortalPermissions: a contact that is not "active",
    // is deleted, or whose client is deleted allows nothing.
    QString portalState;
    bool contactDeleted = false;
    bool clientDeleted = false;
    // Set when the actor came through a sign-off's personal link (the "classic link") instead of a
    // portal session: it may see that one sign-off, and nothing else, whether or not it has a portal
    // account and whether or not the portal is on.
    QString linkSignoffId;
};

// What a client may do with one item of the portal. Every portal response is decided by
// PortalPermissions::allowed() — the portal routes, the desktop's "view as client" and its
// "Shared with client" summary all ask it; nothing decides on its own. It is pure (no database, no
// I/O): callers load the facts into PortalActor and PortalItem.
enum class PortalAction { View, Download, Edit, Comment, Upload, Approve };

// The facts about an item that the decision needs, loaded by the caller from the database.
struct PortalItem
{
    QString kind; // "project", "task", "file", "signoff"
    QString orgId;
    bool orgPortalEnabled = false;
    QString clientId; // the project's client
    bool projectPortalEnabled = false;
    bool projectUploadsEnabled = false;
    bool deleted = false; // the item or its project
    QString visibility; // task, file: private | read_only | editable
    QString signoffStatus; // signoff: draft | sent | approved | rejected | withdrawn
    QString id; // the item's own id (a link actor's sign-off is matched by it)
    // signoff: the contacts who must approve this round (empty: any contact of the client, as
    // sign-offs sent before there were approvers), and those who already answered it.
    QStringList signoffApprovers;
    QStringList signoffAnswered;
};

namespace PortalPermissions {
// Whether the actor stands for anyone at all: an active contact (not revoked, never merely invited),
// neither it nor its client deleted. Sessions of any other contact are refused
// (PortalAccounts::authenticate), and allowed() refuses it everything.
bool actorActive(const PortalActor &actor);
// `actor` null means signed out. The rules:
// - nothing for the signed out, an actor that is not active (see actorActive: revoked, deleted, or of
//   a deleted client), another organisation, a deleted item, or unless both the
//   organisation's and the project's portal are on, and the actor is a contact of the project's client;
// - a project: view; upload when it allows client uploads;
// - a task: view when read-only or editable; edit (status) and comment when editable;
// - a file: view and download when read-only or editable; edit (replace) and comment when editable;
// - a sign-off: view and download once sent (sent, approved, rejected); approve (or request changes)
//   while sent, once per round, when the actor is one of its approvers;
// - through a sign-off's personal link (PortalActor::linkSignoffId): only that sign-off, as above,
//   for a contact that is neither deleted nor revoked, whatever the portal switches say.
// Private items allow nothing, so they appear in no response, count or search.
bool allowed(const PortalActor *actor, const PortalItem &item, PortalAction action);
} // namespace PortalPermissions
