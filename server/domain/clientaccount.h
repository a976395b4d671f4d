// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <expected>

#include "common/error.h"
#include "common/portalpermissions.h"
#include "server/domain/loginthrottle.h"

// A signed-in client's own account, for the portal's account page: their name, their password
// (the current one required; the other sessions end), and the devices signed in as them (seen by
// PortalAccounts::authenticate) with a way to sign the others out. Everything acts on the actor's
// own contact only; a session id that is not one of theirs answers "not_found", as a missing one.
namespace ClientAccount {

struct SessionInfo
{
    QString id;
    QString device; // the browser's User-Agent, as it said
    QString address;
    QString createdAt;
    QString lastSeenAt;
    bool current = false;
};

// The actor's sessions that are still open, the current one first, then the most recently seen.
std::expected<QList<SessionInfo>, Error> sessions(const PortalActor &actor, const QByteArray &currentToken);
// Ends one of the actor's own sessions (not the current one: that is signing out).
std::expected<void, Error> endSession(const PortalActor &actor, const QByteArray &currentToken, const QString &id);
// Ends every session of the actor but the current one; how many.
std::expected<int, Error> endOtherSessions(const PortalActor &actor, const QByteArray &currentToken);

// Changes the password when `current` is right (throttled like signing in: a wrong one counts as a
// failed sign-in of this account from this address); the other sessions end, this one stays.
std::expected<void, LoginThrottle::Refusal> changePassword(const PortalActor &actor, const QByteArray &currentToken,
    const QString &current, const QString &next, const LoginThrottle::Policy &throttle);

// The name as rename() would store it (simplified), or "invalid_field".
std::expected<QString, Error> validName(const QString &name);
// Renames the contact (1 to 200 characters, trimmed); the desktops see it like any change, with an
// entry in the activity log. The name as stored.
std::expected<QString, Error> rename(const PortalActor &actor, const QString &name);

} // namespace ClientAccount
