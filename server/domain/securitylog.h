// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <expected>

#include "common/error.h"
#include "server/domain/syncstore.h"

// The organisation's security log, for its administrators: who signed in (staff and clients) and
// from where, failed sign-ins, lockouts, changes to second factors, invitations accepted, access
// revoked and sessions ended. It sits beside the synced activity log rather than in it: a flood of
// failed sign-ins must neither reach every desktop nor show members where colleagues sign in
// from. Sign-ins to an address nobody has are not logged here (the server log has them); entries
// are kept for a year.
namespace SecurityLog {

// What an entry records ("action"):
//   sign_in, sign_in_failed, locked_out, second_factor_enrolled, second_factor_reset,
//   recovery_codes_renewed, recovery_code_used, invite_accepted, access_revoked, sessions_ended
QStringList actions();

struct Event
{
    QString orgId;
    QString action;
    QString subjectKind; // "staff" | "contact"
    QString subjectId;
    QString name;
    QString email;
    QString actorId; // who did it, when not the subject (an administrator's reset)
    QString address;
    QString details;
};

// Records the event in the caller's connection (and transaction, if one is open). Sign-ins must
// not fail because the log could not be written: note() only warns then. Inside a write, note()
// takes the transaction: on PostgreSQL a failed statement aborts the transaction around it, so the
// entry goes in under a savepoint that a failure rolls back to, and the sign-in still commits.
std::expected<void, Error> record(QSqlDatabase &db, const Event &event);
void note(QSqlDatabase &db, const Event &event);
void note(WriteTransaction &tx, const Event &event);
// A lockout, noted once per subject and address in 15 minutes however often the locked door is tried.
void noteLockout(QSqlDatabase &db, const Event &event);
// The subject's name and e-mail address filled in from their record, then note()d.
void noteFor(QSqlDatabase &db, Event event);

struct Entry
{
    QString id;
    QString at;
    QString action;
    QString subjectKind;
    QString subjectId;
    QString name;
    QString email;
    QString actorId;
    QString address;
    QString details;
};
struct Filter
{
    QString action; // one of actions(), or empty for all
    QString search; // in the name, e-mail address or address
    QString before; // entries older than this wire time (paging), or empty
    int limit = 100;
};
// Newest first. "forbidden" for anyone but an administrator.
std::expected<QList<Entry>, Error> list(const Actor &admin, const Filter &filter);
// Forgets entries older than `days` days; how many.
std::expected<int, Error> purge(int days);

} // namespace SecurityLog
