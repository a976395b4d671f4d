// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

#include <expected>
#include <optional>

#include "common/error.h"

// Notification e-mails, gathered: staff hear of client activity on their projects; clients hear of
// work newly shared with them, staff replies on their items and sign-offs waiting for them.
//
// Nothing is queued when something happens. The activity log already says what happened, in order
// (each organisation's change sequence), so each recipient keeps a cursor into it
// (mail_subscriptions) and the mail thread asks, every few seconds, who has something new:
// - an "immediate" recipient gets one mail once the oldest new thing has waited `batchSeconds` for
//   more to join it, and never two within `batchSeconds` (so 40 files shared in a minute are one
//   mail); a "daily" one at most one per `dailySeconds`, gathering everything since the last;
//   "off" gets none;
// - what a mail names is decided when it is sent, not when the thing happened: for a client by
//   PortalPermissions::allowed() on the item as it is then (something shared and made private again
//   in between is never named); for staff, what they already read in the desktop's Inbox is left
//   out, and what is left is sent only when something remains.
// Every mail carries a link to a page that sets the recipient's choice, and a one-click unsubscribe
// (RFC 8058), both without signing in: a random token per mail, stored hashed (mail_links).
// Several server instances may run this at once: the cursor moves by compare-and-set in the
// transaction that queues the mail, so one of them sends it.
struct DigestOptions
{
    QString publicUrl; // for the links
    int batchSeconds = 300;
    int dailySeconds = 24 * 3600;
};

namespace MailDigests {

// "immediate", "daily" or "off".
bool isMode(const QString &mode);

// Queues the mails due at `now`; how many. Runs on the mail thread.
std::expected<int, Error> run(const DigestOptions &options, const QDateTime &now);

// Whose mail a link is for, and how it comes now.
struct Subscription
{
    QString recipientId;
    QString recipientKind; // "staff" or "contact"
    QString orgId;
    QString email;
    QString organisation; // its name
    QString slug; // its portal's
    QString mode;
};
// The subscription a mail's link names; none for an unknown or expired link, or a recipient gone.
std::expected<std::optional<Subscription>, Error> byLink(const QString &token);
// Sets how mail comes to whoever `token` names; the subscription as it is now (none as in byLink).
std::expected<std::optional<Subscription>, Error> setModeByLink(const QString &token, const QString &mode);

// A recipient's setting (a staff member's own, from the desktop); "immediate" until one is chosen.
std::expected<QString, Error> mode(const QString &orgId, const QString &recipientId);
std::expected<void, Error> setMode(
    const QString &orgId, const QString &recipientId, const QString &recipientKind, const QString &mode);

// Links in mails work this long.
constexpr int linkLifetimeDays = 365;
// Forgets links older than linkLifetimeDays; how many.
std::expected<int, Error> purgeLinks();

} // namespace MailDigests
