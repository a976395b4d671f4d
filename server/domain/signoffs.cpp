// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/signoffs.h"

#include <QJsonDocument>
#include <QLoggingCategory>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "server/domain/contactlanguages.h"
#include "server/domain/passwords.h"
#include "server/domain/portalaccounts.h"
#include "server/domain/syncstore.h"
#include "server/mail/mailer.h"
#include "server/mail/portalmail.h"
#include "server/storage/database.h"

namespace {

Q_LOGGING_CATEGORY(lcSignoffs, "atrium.signoffs")

QJsonArray jsonArray(const QVariant &stored)
{
    return QJsonDocument::fromJson(stored.toString().toUtf8()).array();
}

QString jsonText(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QStringList idsOf(const QVariant &stored)
{
    QStringList ids;
    for (const QJsonValue &v : jsonArray(stored))
        ids.append(v.toString());
    return ids;
}

// The round a sign-off is in, from its stored rounds: the last one, when it is the row's current.
QJsonObject openRoundOf(const QVariantHash &row)
{
    const QJsonArray all = Signoffs::rounds(row);
    if (all.isEmpty())
        return {};
    const QJsonObject last = all.last().toObject();
    return last.value(u"round").toInteger() == row.value(QStringLiteral("round_number")).toLongLong() ? last
                                                                                                      : QJsonObject();
}

struct Contact
{
    QString id;
    QString name;
    QString email;
};

// The contacts of `clientId` that can be asked: not deleted, not revoked, with an e-mail address.
std::expected<QList<Contact>, Error> askableContacts(
    const QSqlDatabase &db, const QString &orgId, const QString &clientId)
{
    auto q = Database::exec(db,
        QStringLiteral("SELECT id, name, email FROM contacts WHERE org_id = ? AND client_id = ? AND deleted = 0 "
                       "AND portal_state <> 'revoked' AND email <> '' ORDER BY name, id"),
        {orgId, clientId});
    if (!q)
        return std::unexpected(q.error());
    QList<Contact> out;
    while (q->next())
        out.append({q->value(0).toString(), q->value(1).toString(), q->value(2).toString()});
    return out;
}

std::expected<QString, Error> issueLink(WriteTransaction &tx, const QString &orgId, const QString &signoffId,
    const QString &contactId, qint64 round, const QString &purpose, const QString &senderLanguage, QByteArray &token)
{
    token = Passwords::randomToken("so_");
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (auto r = Database::exec(tx.db(),
            QStringLiteral("INSERT INTO signoff_links (token_hash, org_id, signoff_id, contact_id, round_number, "
                           "purpose, created_at, expires_at, sender_language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {Passwords::tokenHash(token), orgId, signoffId, contactId, round, purpose, TimeUtil::toWire(now),
                TimeUtil::toWire(now.addDays(Signoffs::linkLifetimeDays)),
                senderLanguage.isNull() ? QStringLiteral("") : senderLanguage});
        !r)
        return std::unexpected(r.error());
    return QString::fromLatin1(token);
}

// Mails `contact` a personal link to the sign-off `row` of the organisation `org`: in the contact's
// language, else in `senderLanguage`, that of the staff member who asked (ContactLanguages::forMail).
std::expected<void, Error> mailLink(WriteTransaction &tx, const QVariantHash &org, const QVariantHash &row,
    const QString &projectName, const Contact &contact, const QString &publicUrl, bool reminder,
    const QString &senderLanguage)
{
    const QString orgId = org.value(QStringLiteral("id")).toString();
    const QString signoffId = row.value(QStringLiteral("id")).toString();
    const qint64 round = row.value(QStringLiteral("round_number")).toLongLong();
    QByteArray token;
    auto issued = issueLink(tx, orgId, signoffId, contact.id, round,
        reminder ? QStringLiteral("reminder") : QStringLiteral("sent"), senderLanguage, token);
    if (!issued)
        return std::unexpected(issued.error());
    PortalMail::SignoffRequest request;
    request.contactName = contact.name;
    request.to = contact.email;
    request.title = row.value(QStringLiteral("title")).toString();
    request.projectName = projectName;
    request.link =
        publicUrl + QStringLiteral("/p/%1/s#%2").arg(org.value(QStringLiteral("portal_slug")).toString(), *issued);
    request.dueDate = row.value(QStringLiteral("due_date")).toString();
    request.round = int(round);
    request.reminder = reminder;
    request.language = ContactLanguages::forMail(orgId, contact.id, senderLanguage);
    return Mailer::enqueue(tx, orgId, PortalMail::signoffRequest(org, request));
}

std::expected<QString, Error> projectName(const QSqlDatabase &db, const QString &orgId, const QString &projectId)
{
    auto q =
        Database::exec(db, QStringLiteral("SELECT name FROM projects WHERE id = ? AND org_id = ?"), {projectId, orgId});
    if (!q)
        return std::unexpected(q.error());
    return q->next() ? q->value(0).toString() : QString();
}

} // namespace

QJsonArray Signoffs::rounds(const QVariantHash &row)
{
    return jsonArray(row.value(QStringLiteral("rounds")));
}

std::optional<QJsonObject> Signoffs::certificateFacts(
    const QVariantHash &row, const QString &organisation, const QString &project)
{
    const QString status = row.value(QStringLiteral("status")).toString();
    if (status != u"approved" && status != u"rejected" && status != u"withdrawn")
        return std::nullopt;
    QJsonArray all = rounds(row);
    QString decidedAt;
    if (!all.isEmpty())
        decidedAt = all.last()[u"decided_at"].toString();
    return QJsonObject{{QStringLiteral("organisation"), organisation}, {QStringLiteral("project"), project},
        {QStringLiteral("title"), row.value(QStringLiteral("title")).toString()},
        {QStringLiteral("signoff_id"), row.value(QStringLiteral("id")).toString()}, {QStringLiteral("status"), status},
        {QStringLiteral("decided_at"), decidedAt.isEmpty() ? QJsonValue() : QJsonValue(decidedAt)},
        {QStringLiteral("rounds"), all}};
}

PortalItem Signoffs::item(const PortalItem &project, const QVariantHash &row)
{
    PortalItem item = project;
    item.kind = QStringLiteral("signoff");
    item.id = row.value(QStringLiteral("id")).toString();
    item.signoffStatus = row.value(QStringLiteral("status")).toString();
    item.deleted = project.deleted || row.value(QStringLiteral("deleted")).toLongLong() != 0;
    const QJsonObject round = openRoundOf(row);
    if (!round.isEmpty()) {
        for (const QJsonValue &a : round.value(u"approvers").toArray())
            item.signoffApprovers.append(a[u"contact_id"].toString());
        for (const QJsonValue &a : round.value(u"answers").toArray())
            item.signoffAnswered.append(a[u"contact_id"].toString());
    }
    return item;
}

std::expected<Error, Error> Signoffs::openRound(WriteTransaction &tx, const QString &orgId, const QString &projectId,
    const QVariantHash &current, QVariantHash &values)
{
    auto client = Database::exec(
        tx.db(), QStringLiteral("SELECT client_id FROM projects WHERE id = ? AND org_id = ?"), {projectId, orgId});
    if (!client)
        return std::unexpected(client.error());
    const QString clientId = client->next() ? client->value(0).toString() : QString();
    client->finish();
    auto askable = askableContacts(tx.db(), orgId, clientId);
    if (!askable)
        return std::unexpected(askable.error());
    const QStringList chosen = idsOf(values.value(QStringLiteral("approver_ids")));
    QList<Contact> approvers;
    if (chosen.isEmpty()) {
        approvers = *askable;
    } else {
        for (const QString &id : chosen) {
            const auto found = std::find_if(askable->cbegin(), askable->cend(), [&id](const Contact &c) {
                return c.id == id;
            });
            if (found == askable->cend())
                return Error{QStringLiteral("invalid_approver"),
                    QStringLiteral("Every approver must be a contact of the project's client with an e-mail address "
                                   "and portal access that was not revoked.")};
            approvers.append(*found);
        }
    }
    if (approvers.isEmpty())
        return Error{QStringLiteral("no_approvers"),
            QStringLiteral("Nobody can approve this sign-off: add a contact with an e-mail address to the client "
                           "first.")};
    QJsonArray approverIds;
    QJsonArray approverList;
    for (const Contact &c : std::as_const(approvers)) {
        approverIds.append(c.id);
        approverList.append(QJsonObject{{QStringLiteral("contact_id"), c.id}, {QStringLiteral("name"), c.name},
            {QStringLiteral("email"), c.email}});
    }
    const qint64 round = current.value(QStringLiteral("round_number")).toLongLong() + 1;
    QJsonArray all = rounds(current);
    all.append(QJsonObject{{QStringLiteral("round"), round},
        {QStringLiteral("sent_at"), values.value(QStringLiteral("sent_at")).toString()},
        {QStringLiteral("files"), jsonArray(values.value(QStringLiteral("sent_file_versions")))},
        {QStringLiteral("approvers"), approverList}, {QStringLiteral("answers"), QJsonArray()},
        {QStringLiteral("outcome"), QJsonValue()}, {QStringLiteral("decided_at"), QJsonValue()}});
    values.insert(QStringLiteral("approver_ids"), jsonText(approverIds));
    values.insert(QStringLiteral("round_number"), round);
    values.insert(QStringLiteral("rounds"), jsonText(all));
    values.insert(QStringLiteral("responded_at"), QVariant());
    values.insert(QStringLiteral("responded_by"), QVariant());
    values.insert(QStringLiteral("response_comment"), QString());
    return Error{};
}

std::expected<void, Error> Signoffs::closeRound(WriteTransaction &tx, const QString &orgId, const QString &signoffId,
    const QVariantHash &current, QVariantHash &values)
{
    QJsonArray all = rounds(current);
    if (!all.isEmpty()) {
        QJsonObject last = all.last().toObject();
        if (last.value(u"outcome").isNull()) {
            last.insert(QStringLiteral("outcome"), QStringLiteral("withdrawn"));
            last.insert(QStringLiteral("decided_at"), TimeUtil::nowWire());
            all.replace(all.size() - 1, last);
            values.insert(QStringLiteral("rounds"), jsonText(all));
        }
    }
    auto r = Database::exec(tx.db(),
        QStringLiteral("UPDATE signoff_links SET revoked_at = ? WHERE signoff_id = ? AND org_id = ? AND revoked_at "
                       "IS NULL"),
        {TimeUtil::nowWire(), signoffId, orgId});
    if (!r)
        return std::unexpected(r.error());
    return {};
}

std::expected<void, Error> Signoffs::mailApprovers(WriteTransaction &tx, const QString &orgId, const QString &signoffId,
    const QString &publicUrl, const QString &senderLanguage)
{
    auto org = SyncStore::loadRow(tx, *EntitySchema::find(u"organisation"), orgId, orgId);
    if (!org)
        return std::unexpected(org.error());
    auto row = SyncStore::loadRow(tx, *EntitySchema::find(u"signoff"), orgId, signoffId);
    if (!row)
        return std::unexpected(row.error());
    const auto project = projectName(tx.db(), orgId, row->value(QStringLiteral("project_id")).toString());
    if (!project)
        return std::unexpected(project.error());
    // A new round's link replaces the earlier ones: one way in per approver, for the files as they are.
    if (auto r = Database::exec(tx.db(),
            QStringLiteral("UPDATE signoff_links SET revoked_at = ? WHERE signoff_id = ? AND org_id = ? AND "
                           "round_number < ? AND revoked_at IS NULL"),
            {TimeUtil::nowWire(), signoffId, orgId, row->value(QStringLiteral("round_number"))});
        !r)
        return std::unexpected(r.error());
    for (const QJsonValue &a : openRoundOf(*row).value(u"approvers").toArray()) {
        const Contact contact{a[u"contact_id"].toString(), a[u"name"].toString(), a[u"email"].toString()};
        if (auto r = mailLink(tx, *org, *row, *project, contact, publicUrl, false, senderLanguage); !r)
            return std::unexpected(r.error());
    }
    return {};
}

QVariantHash Signoffs::applyAnswer(const QVariantHash &row, const Answer &answer)
{
    QJsonArray all = rounds(row);
    QJsonObject round = openRoundOf(row);
    QJsonArray answers = round.value(u"answers").toArray();
    answers.append(QJsonObject{{QStringLiteral("contact_id"), answer.contactId}, {QStringLiteral("name"), answer.name},
        {QStringLiteral("email"), answer.email}, {QStringLiteral("decision"), answer.decision},
        {QStringLiteral("comment"), answer.comment}, {QStringLiteral("at"), answer.at},
        {QStringLiteral("address"), answer.address}, {QStringLiteral("via"), answer.via}});
    round.insert(QStringLiteral("answers"), answers);

    QString outcome;
    if (answer.decision == u"rejected") {
        outcome = QStringLiteral("rejected");
    } else {
        QStringList approved;
        for (const QJsonValue &a : std::as_const(answers))
            if (a[u"decision"].toString() == u"approved")
                approved.append(a[u"contact_id"].toString());
        const QJsonArray approvers = round.value(u"approvers").toArray();
        // Sign-offs sent before there were approvers are decided by the first answer, as they were.
        bool everyone = true;
        for (const QJsonValue &a : approvers)
            everyone = everyone && approved.contains(a[u"contact_id"].toString());
        outcome = everyone ? QStringLiteral("approved") : QString();
    }
    QVariantHash changes;
    if (!outcome.isEmpty()) {
        round.insert(QStringLiteral("outcome"), outcome);
        round.insert(QStringLiteral("decided_at"), answer.at);
        changes.insert(QStringLiteral("status"), outcome);
        changes.insert(QStringLiteral("responded_at"), answer.at);
        changes.insert(QStringLiteral("responded_by"), answer.contactId);
        changes.insert(QStringLiteral("response_comment"), answer.comment);
    }
    if (all.isEmpty() || openRoundOf(row).isEmpty()) {
        // A sign-off sent before rounds existed: its answer is its first round.
        round.insert(QStringLiteral("round"), qMax<qint64>(1, row.value(QStringLiteral("round_number")).toLongLong()));
        round.insert(QStringLiteral("sent_at"), row.value(QStringLiteral("sent_at")).toString());
        round.insert(QStringLiteral("files"), jsonArray(row.value(QStringLiteral("sent_file_versions"))));
        all.append(round);
        changes.insert(QStringLiteral("round_number"), round.value(u"round").toInteger());
    } else {
        all.replace(all.size() - 1, round);
    }
    changes.insert(QStringLiteral("rounds"), jsonText(all));
    return changes;
}

std::expected<std::optional<PortalActor>, Error> Signoffs::linkActor(
    const QByteArray &token, const QString &signoffId, const QString &address)
{
    if (token.isEmpty() || token.size() > 200)
        return std::optional<PortalActor>();
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q = Database::exec(*db,
        QStringLiteral("SELECT org_id, signoff_id, contact_id FROM signoff_links WHERE token_hash = ? AND "
                       "revoked_at IS NULL AND expires_at > ?"),
        {Passwords::tokenHash(token), TimeUtil::nowWire()});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<PortalActor>();
    const QString orgId = q->value(0).toString();
    const QString linked = q->value(1).toString();
    const QString contactId = q->value(2).toString();
    q->finish();
    if (!signoffId.isEmpty() && linked != signoffId)
        return std::optional<PortalActor>();
    auto actor = PortalAccounts::loadActor(*db, orgId, contactId, address);
    if (!actor)
        return std::unexpected(actor.error());
    if (!*actor)
        return std::optional<PortalActor>();
    (*actor)->linkSignoffId = linked;
    return *actor;
}

std::expected<int, Error> Signoffs::remind(const ReminderOptions &options, const QDateTime &now)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    const QDate today = now.date();
    // Candidates, read without the lock; each one is checked again under it.
    auto q = Database::exec(*db,
        QStringLiteral("SELECT id, org_id FROM signoffs WHERE status = 'sent' AND deleted = 0 AND due_date IS NOT "
                       "NULL AND due_date <= ? AND due_date >= ? ORDER BY org_id, id"),
        {today.addDays(reminderDaysBefore).toString(Qt::ISODate),
            today.addDays(-reminderDaysAfter).toString(Qt::ISODate)});
    if (!q)
        return std::unexpected(q.error());
    QList<QPair<QString, QString>> candidates;
    while (q->next())
        candidates.append({q->value(0).toString(), q->value(1).toString()});
    q->finish();

    int queued = 0;
    const QString since = TimeUtil::toWire(now.addSecs(-options.intervalSeconds));
    for (const auto &[signoffId, orgId] : std::as_const(candidates)) {
        WriteTransaction tx(*db, orgId);
        if (auto r = tx.begin(); !r)
            return std::unexpected(r.error());
        auto row = SyncStore::loadRow(tx, *EntitySchema::find(u"signoff"), orgId, signoffId);
        if (!row)
            return std::unexpected(row.error());
        if (row->isEmpty() || row->value(QStringLiteral("status")).toString() != u"sent"
            || row->value(QStringLiteral("deleted")).toLongLong() != 0)
            continue;
        const QJsonObject round = openRoundOf(*row);
        QStringList answered;
        for (const QJsonValue &a : round.value(u"answers").toArray())
            answered.append(a[u"contact_id"].toString());
        auto org = SyncStore::loadRow(tx, *EntitySchema::find(u"organisation"), orgId, orgId);
        if (!org)
            return std::unexpected(org.error());
        const auto project = projectName(tx.db(), orgId, row->value(QStringLiteral("project_id")).toString());
        if (!project)
            return std::unexpected(project.error());
        int here = 0;
        for (const QJsonValue &a : round.value(u"approvers").toArray()) {
            const Contact contact{a[u"contact_id"].toString(), a[u"name"].toString(), a[u"email"].toString()};
            if (answered.contains(contact.id))
                continue;
            // Only to someone who can still be asked, and at most once per interval.
            auto live = Database::exec(tx.db(),
                QStringLiteral("SELECT email FROM contacts WHERE id = ? AND org_id = ? AND deleted = 0 AND "
                               "portal_state <> 'revoked' AND email <> ''"),
                {contact.id, orgId});
            if (!live)
                return std::unexpected(live.error());
            if (!live->next())
                continue;
            const Contact current{contact.id, contact.name, live->value(0).toString()};
            live->finish();
            // The last mail of the round to this contact: when it went, and in whose language.
            auto last = Database::exec(tx.db(),
                QStringLiteral("SELECT created_at, sender_language FROM signoff_links WHERE signoff_id = ? AND "
                               "contact_id = ? AND round_number = ? ORDER BY created_at DESC LIMIT 1"),
                {signoffId, contact.id, row->value(QStringLiteral("round_number"))});
            if (!last)
                return std::unexpected(last.error());
            const bool mailed = last->next();
            const QString lastSent = mailed ? last->value(0).toString() : QString();
            const QString senderLanguage = mailed ? last->value(1).toString() : QString();
            last->finish();
            if (!lastSent.isEmpty() && lastSent > since)
                continue;
            if (auto r = mailLink(tx, *org, *row, *project, current, options.publicUrl, true, senderLanguage); !r)
                return std::unexpected(r.error());
            ++here;
        }
        if (here == 0)
            continue;
        if (auto r = tx.commit(); !r)
            return std::unexpected(r.error());
        qCInfo(lcSignoffs).noquote() << "queued" << here << "sign-off reminder(s) for" << signoffId;
        queued += here;
    }
    return queued;
}
