// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QVariantHash>

#include <expected>
#include <optional>

#include "common/error.h"
#include "common/portalpermissions.h"

class WriteTransaction;

// Sign-offs as evidence: who must approve, in rounds, by personal link or in the portal.
//
// - Sending a sign-off opens a round: the approvers (the contacts staff chose, or every contact of
//   the project's client that can be asked: not deleted, not revoked, with an e-mail address), the
//   exact file versions (SHA-256), and no answers yet. Each approver gets an e-mail with a personal
//   link, `/p/<slug>/s#<token>`: random, stored hashed (signoff_links), working for linkLifetimeDays
//   or until the sign-off is withdrawn or deleted, and showing that sign-off and nothing else.
// - Each approver answers once per round. The sign-off is approved when every approver of the round
//   has approved; the first "request changes" (which needs a comment) decides it as changes
//   requested. Staff may then send a new round (new file versions, the same or other approvers).
// - With a due date, approvers who have not answered get a reminder, at most one per
//   reminder interval (a day), from reminderDaysBefore days before the due date until
//   reminderDaysAfter days after it; each reminder carries a new personal link.
// Every answer is in the sign-off's `rounds` (synced to the desktops) and in the activity log, with
// who, when (UTC), from which address and whether through the portal or a link.
namespace Signoffs {

constexpr int linkLifetimeDays = 180;
constexpr int reminderDaysBefore = 2;
constexpr int reminderDaysAfter = 14;

// The rounds stored in a sign-off's row, oldest first.
QJsonArray rounds(const QVariantHash &row);
// The facts PortalPermissions decides a sign-off on, from its row (id, status, deleted,
// approver_ids, rounds, round_number), over those of its project.
PortalItem item(const PortalItem &project, const QVariantHash &row);

// Sending (SignoffRules): checks the approvers (filling in the default), and adds the new round to
// `values` (round_number, rounds, and approver_ids as they were chosen). A rejection when there is
// nobody to ask or a chosen approver is not a contact of the project's client that can be asked.
std::expected<Error, Error> openRound(WriteTransaction &tx, const QString &orgId, const QString &projectId,
    const QVariantHash &current, QVariantHash &values);
// Withdrawing: the open round ends as "withdrawn", and every personal link stops working.
std::expected<void, Error> closeRound(WriteTransaction &tx, const QString &orgId, const QString &signoffId,
    const QVariantHash &current, QVariantHash &values);
// Once the sent sign-off is stored: a personal link for each approver of its round, and its mail,
// in `senderLanguage` (Actor::language of who sent it) to an approver who chose no language.
std::expected<void, Error> mailApprovers(WriteTransaction &tx, const QString &orgId, const QString &signoffId,
    const QString &publicUrl, const QString &senderLanguage);

// One approver's answer.
struct Answer
{
    QString contactId;
    QString name;
    QString email;
    QString decision; // "approved" or "rejected"
    QString comment;
    QString address;
    QString via; // "portal" or "link"
    QString at;
};
// What `answer` changes in the sign-off `row` (whose round is open): the round's answers and, when it
// decides the sign-off, the status, outcome and responded_* fields.
QVariantHash applyAnswer(const QVariantHash &row, const Answer &answer);

// The actor a personal link stands for, when `token` is a live link (of `signoffId`, when given):
// its contact, scoped to its sign-off (PortalActor::linkSignoffId). None for anything else.
std::expected<std::optional<PortalActor>, Error> linkActor(
    const QByteArray &token, const QString &signoffId, const QString &address);

// Queues the reminders due at `now`; how many. Runs on the mail thread.
struct ReminderOptions
{
    QString publicUrl;
    int intervalSeconds = 24 * 3600;
};
std::expected<int, Error> remind(const ReminderOptions &options, const QDateTime &now);

// The facts a decided sign-off's certificate states (atrium-preview --certificate renders them):
// organisation, project, title, reference, final outcome and every round with its files (SHA-256),
// approvers and answers (who, when in UTC, from which address, via portal or link). Nothing for a
// sign-off that is not decided (approved, changes requested or withdrawn).
std::optional<QJsonObject> certificateFacts(
    const QVariantHash &row, const QString &organisation, const QString &project);

} // namespace Signoffs
