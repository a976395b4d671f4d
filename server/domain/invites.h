// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QVariantHash>

#include <expected>

#include "common/error.h"
#include "server/domain/syncstore.h"

class WriteTransaction;

// Invitations and the portal access they lead to, as staff's pushes change them (accepting one is
// PortalAccounts'). Everything runs inside the pushing transaction, under the organisation's lock.
namespace Invites {

// A new invitation token: 32 random bytes. Only its hash is stored; a link invite's token goes back
// to its creator once, an e-mail invite's in its mail.
QByteArray newToken();
QString tokenHash(const QByteArray &token);

// The e-mail of an e-mail invite, queued in this transaction: no invite without its mail, no mail
// for an invite that was rolled back.
std::expected<void, Error> queueMail(WriteTransaction &tx, const Actor &actor, const QVariantHash &invite,
    const QByteArray &token, const QString &publicUrl);

// A contact's portal state follows its invites: an open invite (not accepted, revoked or expired)
// makes a contact without access "invited"; when the last open invite goes, "invited" falls back
// to "none". "active" (an account) and "revoked" (ended by staff) change only through those paths,
// except that a new invite re-invites a revoked contact.
std::expected<void, Error> refreshPortalState(WriteTransaction &tx, const Actor &actor, const QString &contactId);

// Ends a contact's portal account, if it has one, when an administrator revokes its access or
// invites it afresh after that: the password goes, and every session ends.
std::expected<void, Error> endPortalAccount(WriteTransaction &tx, const Actor &actor, const QString &contactId);

// Revoking a contact's access withdraws its open invites too: one made before (perhaps copied by
// anyone) must not become usable again when an administrator later invites the contact afresh.
std::expected<void, Error> withdrawOpenInvites(WriteTransaction &tx, const Actor &actor, const QString &contactId);

// Whether any live contact with `column` = `id` ("id" for one contact, "client_id" for a client's)
// has portal access.
std::expected<bool, Error> hasPortalAccess(
    WriteTransaction &tx, const Actor &actor, const QString &column, const QString &id);

} // namespace Invites
