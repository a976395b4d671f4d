// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/securitylog.h"

#include <QDateTime>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "server/domain/logging.h"
#include "server/storage/database.h"

QStringList SecurityLog::actions()
{
    return {QStringLiteral("sign_in"), QStringLiteral("sign_in_failed"), QStringLiteral("locked_out"),
        QStringLiteral("second_factor_enrolled"), QStringLiteral("second_factor_reset"),
        QStringLiteral("recovery_codes_renewed"), QStringLiteral("recovery_code_used"),
        QStringLiteral("invite_accepted"), QStringLiteral("access_revoked"), QStringLiteral("sessions_ended")};
}

namespace {

// A null QString binds as NULL; the text columns hold '' for "none".
QString text(const QString &value, qsizetype limit)
{
    return value.isNull() ? QStringLiteral("") : value.left(limit);
}

} // namespace

std::expected<void, Error> SecurityLog::record(QSqlDatabase &db, const Event &event)
{
    const QVariant none(QMetaType::fromType<QString>());
    if (auto r = Database::exec(db,
            QStringLiteral("INSERT INTO security_events (id, org_id, created_at, action, subject_kind, subject_id, "
                           "subject_name, subject_email, actor_id, address, details) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {EntitySchema::newUuid(), event.orgId, TimeUtil::nowWire(), event.action, event.subjectKind,
                event.subjectId.isEmpty() ? none : QVariant(event.subjectId), text(event.name, 200),
                text(event.email, 254), event.actorId.isEmpty() ? none : QVariant(event.actorId),
                text(event.address, 64), text(event.details, 500)});
        !r)
        return std::unexpected(r.error());
    return {};
}

void SecurityLog::note(QSqlDatabase &db, const Event &event)
{
    if (auto r = record(db, event); !r)
        qCWarning(lcAuth).noquote() << "could not write the security log:" << r.error().message;
}

void SecurityLog::note(WriteTransaction &tx, const Event &event)
{
    const QString savepoint = QStringLiteral("security_log");
    auto written = tx.savepoint(savepoint);
    if (written)
        written = record(tx.db(), event);
    if (written) {
        (void)tx.releaseSavepoint(savepoint);
        return;
    }
    qCWarning(lcAuth).noquote() << "could not write the security log:" << written.error().message;
    if (auto r = tx.rollbackToSavepoint(savepoint); !r)
        qCWarning(lcAuth).noquote() << "could not roll back the security log's entry:" << r.error().message;
}

void SecurityLog::noteLockout(QSqlDatabase &db, const Event &event)
{
    {
        auto q = Database::exec(db,
            QStringLiteral(
                "SELECT 1 FROM security_events WHERE org_id = ? AND subject_id = ? AND action = 'locked_out' "
                "AND address = ? AND created_at > ?"),
            {event.orgId, event.subjectId, event.address,
                TimeUtil::toWire(QDateTime::currentDateTimeUtc().addSecs(-15 * 60))});
        if (!q || q->next())
            return;
    }
    note(db, event);
}

void SecurityLog::noteFor(QSqlDatabase &db, Event event)
{
    {
        auto q = Database::exec(db,
            event.subjectKind == u"staff"
                ? QStringLiteral("SELECT name, email FROM staff_users WHERE id = ? AND org_id = ?")
                : QStringLiteral("SELECT name, email FROM contacts WHERE id = ? AND org_id = ?"),
            {event.subjectId, event.orgId});
        if (q && q->next()) {
            event.name = q->value(0).toString();
            event.email = q->value(1).toString();
        }
    }
    note(db, event);
}

std::expected<QList<SecurityLog::Entry>, Error> SecurityLog::list(const Actor &admin, const Filter &filter)
{
    if (!admin.isAdmin())
        return std::unexpected(Error{QStringLiteral("forbidden"),
            QStringLiteral("Only the organisation's administrators read the security log.")});
    if (!filter.action.isEmpty() && !actions().contains(filter.action))
        return std::unexpected(Error{QStringLiteral("invalid_field"),
            QStringLiteral("\"action\" must be one of: %1.").arg(actions().join(QStringLiteral(", ")))});
    if (!filter.before.isEmpty() && !TimeUtil::fromWire(filter.before))
        return std::unexpected(Error{QStringLiteral("invalid_field"),
            QStringLiteral("\"before\" must be a time like 2026-12-01T10:00:00.000Z.")});
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    // LIKE's wildcards in what was typed are taken literally.
    QString pattern = filter.search.trimmed().toLower().left(200);
    pattern.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'%', QStringLiteral("\\%"))
        .replace(u'_', QStringLiteral("\\_"));
    pattern = u'%' + pattern + u'%';
    auto q = Database::exec(*db,
        QStringLiteral("SELECT id, created_at, action, subject_kind, COALESCE(subject_id, ''), subject_name, "
                       "subject_email, COALESCE(actor_id, ''), address, details FROM security_events "
                       "WHERE org_id = ? AND (? = '' OR action = ?) AND (? = '' OR created_at < ?) "
                       "AND (lower(subject_name) LIKE ? ESCAPE '\\' OR lower(subject_email) LIKE ? ESCAPE '\\' "
                       "OR address LIKE ? ESCAPE '\\') "
                       "ORDER BY created_at DESC, id DESC LIMIT ?"),
        {admin.orgId, text(filter.action, 64), text(filter.action, 64), text(filter.before, 64),
            text(filter.before, 64), pattern, pattern, pattern, qBound(1, filter.limit, 500)});
    if (!q)
        return std::unexpected(q.error());
    QList<Entry> entries;
    while (q->next())
        entries.append({q->value(0).toString(), q->value(1).toString(), q->value(2).toString(), q->value(3).toString(),
            q->value(4).toString(), q->value(5).toString(), q->value(6).toString(), q->value(7).toString(),
            q->value(8).toString(), q->value(9).toString()});
    return entries;
}

std::expected<int, Error> SecurityLog::purge(int days)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q = Database::exec(*db, QStringLiteral("DELETE FROM security_events WHERE created_at < ?"),
        {TimeUtil::toWire(QDateTime::currentDateTimeUtc().addDays(-days))});
    if (!q)
        return std::unexpected(q.error());
    return q->numRowsAffected();
}
