// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/portalreadmodel.h"

#include <QRegularExpression>

#include <QCryptographicHash>
#include <QHash>
#include <QJsonDocument>
#include <QSet>

#include <functional>
#include <set>

#include "common/entityschema.h"
#include "common/filenamerule.h"
#include "common/timeutil.h"
#include "server/domain/portalaccounts.h"
#include "server/domain/signoffs.h"
#include "server/storage/database.h"

const QString PortalReadModel::clientUploadsFolder = QStringLiteral("Client Uploads");

namespace {

using PortalReadModel::clientUploadsFolder;
using PortalReadModel::writerOf;

Error notFound(const QString &message = {})
{
    return Error{QStringLiteral("not_found"), message};
}

Error forbidden(const QString &message)
{
    return Error{QStringLiteral("forbidden"), message};
}

struct ProjectFacts
{
    QString id;
    QString name;
    QString description;
    QString status;
    QString dueDate;
    PortalItem item;
};

std::expected<QList<ProjectFacts>, Error> loadProjects(
    const QSqlDatabase &db, const PortalActor &actor, const QString &onlyId)
{
    QString sql = QStringLiteral(
        "SELECT p.id, p.name, p.description, p.status, p.client_id, p.portal_enabled, p.client_uploads_enabled, "
        "p.deleted, o.portal_enabled, p.due_date FROM projects p JOIN organisations o ON o.id = p.org_id WHERE "
        "p.org_id = ?");
    QVariantList binds{actor.orgId};
    if (!onlyId.isEmpty()) {
        sql += QStringLiteral(" AND p.id = ?");
        binds.append(onlyId);
    }
    auto q = Database::exec(db, sql + QStringLiteral(" ORDER BY p.name"), binds);
    if (!q)
        return std::unexpected(q.error());
    QList<ProjectFacts> out;
    while (q->next()) {
        ProjectFacts p;
        p.id = q->value(0).toString();
        p.name = q->value(1).toString();
        p.description = q->value(2).toString();
        p.status = q->value(3).toString();
        p.item.kind = QStringLiteral("project");
        p.item.orgId = actor.orgId;
        p.item.clientId = q->value(4).toString();
        p.item.projectPortalEnabled = q->value(5).toLongLong() != 0;
        p.item.projectUploadsEnabled = q->value(6).toLongLong() != 0;
        p.item.deleted = q->value(7).toLongLong() != 0;
        p.item.orgPortalEnabled = q->value(8).toLongLong() != 0;
        p.dueDate = q->value(9).toString();
        out.append(p);
    }
    return out;
}

// The project `projectId` when the actor may view it (the permission function decides); hidden and
// missing alike "not_found".
std::expected<ProjectFacts, Error> viewableProject(
    const QSqlDatabase &db, const PortalActor &actor, const QString &projectId)
{
    auto projects = loadProjects(db, actor, projectId);
    if (!projects)
        return std::unexpected(projects.error());
    if (projects->isEmpty() || !PortalPermissions::allowed(&actor, projects->first().item, PortalAction::View))
        return std::unexpected(Error{QStringLiteral("not_found"), QString()});
    return projects->first();
}

// An item of `project`: the project's facts plus its own.
PortalItem childItem(const PortalItem &project, const QString &kind, const QString &state, bool deleted)
{
    PortalItem item = project;
    item.kind = kind;
    (kind == u"signoff" ? item.signoffStatus : item.visibility) = state;
    item.deleted = project.deleted || deleted;
    return item;
}

QJsonObject can(const PortalActor &actor, const PortalItem &item,
    std::initializer_list<std::pair<const char *, PortalAction>> actions)
{
    QJsonObject out;
    for (const auto &[name, action] : actions)
        out.insert(QString::fromLatin1(name), PortalPermissions::allowed(&actor, item, action));
    return out;
}

} // namespace

Actor PortalReadModel::writerOf(const PortalActor &actor)
{
    Actor writer;
    writer.userId = actor.contactId;
    writer.orgId = actor.orgId;
    writer.kind = QStringLiteral("contact");
    writer.address = actor.address;
    return writer;
}

namespace {

// One task, file or sign-off of the actor's organisation, with the facts of its project, read under
// the write lock. Missing (or in another organisation) gives no value.
struct LoadedItem
{
    QVariantHash row;
    ProjectFacts project;
    PortalItem item;
};

std::expected<std::optional<LoadedItem>, Error> loadItem(
    WriteTransaction &tx, const PortalActor &actor, const QString &kind, const QString &id)
{
    if (!EntitySchema::isUuid(id))
        return std::optional<LoadedItem>();
    auto row = SyncStore::loadRow(tx, *EntitySchema::find(kind), actor.orgId, id);
    if (!row)
        return std::unexpected(row.error());
    if (row->isEmpty())
        return std::optional<LoadedItem>();
    auto projects = loadProjects(tx.db(), actor, row->value(QStringLiteral("project_id")).toString());
    if (!projects)
        return std::unexpected(projects.error());
    if (projects->isEmpty())
        return std::optional<LoadedItem>();
    LoadedItem loaded;
    loaded.row = *row;
    loaded.project = projects->first();
    loaded.item = kind == u"signoff"
        ? Signoffs::item(loaded.project.item, *row)
        : childItem(loaded.project.item, kind, row->value(QStringLiteral("visibility")).toString(),
            row->value(QStringLiteral("deleted")).toLongLong() != 0);
    return std::optional<LoadedItem>(loaded);
}

QJsonValue nullable(const QVariant &value)
{
    return value.isNull() || value.toString().isEmpty() ? QJsonValue() : QJsonValue(value.toString());
}

// --- JSON of what a client sees --------------------------------------------------------------------

using CommentsByTarget = QHash<QString, QJsonArray>;

QJsonObject taskJson(
    const PortalActor &actor, const QVariantHash &row, const PortalItem &item, const CommentsByTarget &comments)
{
    const QJsonObject allowed = can(actor, item, {{"edit", PortalAction::Edit}, {"comment", PortalAction::Comment}});
    const QString id = row.value(QStringLiteral("id")).toString();
    return QJsonObject{{QStringLiteral("id"), id},
        {QStringLiteral("title"), row.value(QStringLiteral("title")).toString()},
        {QStringLiteral("description"), row.value(QStringLiteral("description")).toString()},
        {QStringLiteral("status"), row.value(QStringLiteral("status")).toString()},
        {QStringLiteral("due_date"), nullable(row.value(QStringLiteral("due_date")))},
        {QStringLiteral("updated_at"), row.value(QStringLiteral("updated_at")).toString()},
        {QStringLiteral("can"), allowed},
        // The conversation belongs to items the client takes part in; staff notes on a read-only
        // item stay with staff.
        {QStringLiteral("comments"), allowed.value(u"comment").toBool() ? comments.value(id) : QJsonArray()}};
}

QJsonObject fileJson(
    const PortalActor &actor, const QVariantHash &row, const PortalItem &item, const CommentsByTarget &comments)
{
    const QJsonObject allowed = can(actor, item,
        {{"download", PortalAction::Download}, {"edit", PortalAction::Edit}, {"comment", PortalAction::Comment}});
    const QString id = row.value(QStringLiteral("id")).toString();
    return QJsonObject{{QStringLiteral("id"), id},
        {QStringLiteral("folder"), row.value(QStringLiteral("folder")).toString()},
        {QStringLiteral("name"), row.value(QStringLiteral("name")).toString()},
        {QStringLiteral("size"), row.value(QStringLiteral("size")).toLongLong()},
        {QStringLiteral("mime_type"), row.value(QStringLiteral("mime_type")).toString()},
        {QStringLiteral("updated_at"), row.value(QStringLiteral("updated_at")).toString()},
        {QStringLiteral("uploaded_by_you"), row.value(QStringLiteral("uploaded_by")).toString() == actor.contactId},
        {QStringLiteral("can"), allowed},
        {QStringLiteral("comments"), allowed.value(u"comment").toBool() ? comments.value(id) : QJsonArray()}};
}

QJsonArray frozenFiles(const QVariant &stored)
{
    // Only what the client was asked about: names and exact versions, never other file ids.
    const QJsonArray versions = QJsonDocument::fromJson(stored.toString().toUtf8()).array();
    QJsonArray out;
    for (const QJsonValue &v : versions) {
        const QJsonObject o = v.toObject();
        out.append(QJsonObject{{QStringLiteral("id"), o.value(u"file_id")}, {QStringLiteral("name"), o.value(u"name")},
            {QStringLiteral("size"), o.value(u"size")}, {QStringLiteral("sha256"), o.value(u"sha256")}});
    }
    return out;
}

// A sign-off's rounds as its client sees them: each round's files, approvers and answers (who, what,
// when, how), never addresses or e-mail addresses (those are in the certificate).
QJsonArray roundsJson(const QVariantHash &row)
{
    QJsonArray out;
    for (const QJsonValue &value : Signoffs::rounds(row)) {
        const QJsonObject round = value.toObject();
        QJsonObject decisions;
        QJsonArray answers;
        for (const QJsonValue &a : round.value(u"answers").toArray()) {
            decisions.insert(a[u"contact_id"].toString(), a[u"decision"]);
            answers.append(QJsonObject{{QStringLiteral("name"), a[u"name"]},
                {QStringLiteral("decision"), a[u"decision"]}, {QStringLiteral("comment"), a[u"comment"]},
                {QStringLiteral("at"), a[u"at"]}, {QStringLiteral("via"), a[u"via"]}});
        }
        QJsonArray approvers;
        for (const QJsonValue &a : round.value(u"approvers").toArray())
            approvers.append(QJsonObject{{QStringLiteral("name"), a[u"name"]},
                {QStringLiteral("decision"), decisions.value(a[u"contact_id"].toString())}});
        QJsonArray files;
        for (const QJsonValue &f : round.value(u"files").toArray())
            files.append(QJsonObject{{QStringLiteral("name"), f[u"name"]}, {QStringLiteral("size"), f[u"size"]},
                {QStringLiteral("sha256"), f[u"sha256"]}});
        out.append(QJsonObject{{QStringLiteral("round"), round.value(u"round")},
            {QStringLiteral("sent_at"), round.value(u"sent_at")}, {QStringLiteral("files"), files},
            {QStringLiteral("approvers"), approvers}, {QStringLiteral("answers"), answers},
            {QStringLiteral("outcome"), round.value(u"outcome")},
            {QStringLiteral("decided_at"), round.value(u"decided_at")}});
    }
    return out;
}

QJsonObject signoffJson(
    const PortalActor &actor, const QVariantHash &row, const PortalItem &item, const QString &respondedByName)
{
    const QString status = row.value(QStringLiteral("status")).toString();
    return QJsonObject{{QStringLiteral("id"), row.value(QStringLiteral("id")).toString()},
        {QStringLiteral("round"), row.value(QStringLiteral("round_number")).toLongLong()},
        {QStringLiteral("due_date"), nullable(row.value(QStringLiteral("due_date")))},
        {QStringLiteral("rounds"), roundsJson(row)},
        {QStringLiteral("you_answered"), item.signoffAnswered.contains(actor.contactId)},
        {QStringLiteral("certificate"), status == u"approved" || status == u"rejected"},
        {QStringLiteral("title"), row.value(QStringLiteral("title")).toString()},
        {QStringLiteral("description"), row.value(QStringLiteral("description")).toString()},
        {QStringLiteral("status"), row.value(QStringLiteral("status")).toString()},
        {QStringLiteral("sent_at"), nullable(row.value(QStringLiteral("sent_at")))},
        {QStringLiteral("responded_at"), nullable(row.value(QStringLiteral("responded_at")))},
        {QStringLiteral("response_comment"), row.value(QStringLiteral("response_comment")).toString()},
        {QStringLiteral("responded_by_name"), respondedByName.isEmpty() ? QJsonValue() : QJsonValue(respondedByName)},
        {QStringLiteral("files"), frozenFiles(row.value(QStringLiteral("sent_file_versions")))},
        {QStringLiteral("can"), can(actor, item, {{"approve", PortalAction::Approve}})}};
}

QJsonObject commentJson(const QString &id, const QString &body, const QString &authorKind, const QString &authorName,
    const QString &createdAt)
{
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("body"), body},
        {QStringLiteral("author_kind"), authorKind}, {QStringLiteral("author_name"), authorName},
        {QStringLiteral("created_at"), createdAt}};
}

// The columns of a sign-off that the permission function decides on (Signoffs::item), first in a query.
const QStringList signoffFacts{QStringLiteral("id"), QStringLiteral("status"), QStringLiteral("deleted"),
    QStringLiteral("approver_ids"), QStringLiteral("rounds"), QStringLiteral("round_number")};

std::expected<CommentsByTarget, Error> loadComments(
    const QSqlDatabase &db, const QString &orgId, const QString &projectId)
{
    auto q = Database::exec(db,
        QStringLiteral("SELECT c.id, c.target_id, c.body, c.author_kind, c.created_at, COALESCE(s.name, ct.name, '') "
                       "FROM comments c LEFT JOIN staff_users s ON c.author_kind = 'staff' AND s.id = c.author_id "
                       "LEFT JOIN contacts ct ON c.author_kind = 'contact' AND ct.id = c.author_id "
                       "WHERE c.org_id = ? AND c.deleted = 0 AND c.target_id IN "
                       "(SELECT id FROM tasks WHERE org_id = ? AND project_id = ? "
                       "UNION ALL SELECT id FROM files WHERE org_id = ? AND project_id = ?) ORDER BY c.created_at"),
        {orgId, orgId, projectId, orgId, projectId});
    if (!q)
        return std::unexpected(q.error());
    CommentsByTarget out;
    while (q->next())
        out[q->value(1).toString()].append(commentJson(q->value(0).toString(), q->value(2).toString(),
            q->value(3).toString(), q->value(5).toString(), q->value(4).toString()));
    return out;
}

// The facts of a request that the permission decisions behind `project`'s page rest on, apart
// from the rows of the project's tasks, files and sign-offs: the actor's and the project's facts
// (read afresh on every request) and the permission function's answers for the project. With the
// rows (PortalMarks::inputs), they determine every decision on the page.
QByteArray pageFacts(const PortalActor &actor, const ProjectFacts &project)
{
    QCryptographicHash digest(QCryptographicHash::Sha256);
    for (const QString &fact : {actor.contactId, actor.orgId, actor.clientId, actor.portalState, actor.linkSignoffId,
             project.id, project.item.clientId}) {
        digest.addData(fact.toUtf8());
        digest.addData(QByteArrayView("\n", 1));
    }
    QByteArray flags;
    for (const bool flag : {actor.contactDeleted, actor.clientDeleted, project.item.deleted,
             project.item.orgPortalEnabled, project.item.projectPortalEnabled, project.item.projectUploadsEnabled,
             PortalPermissions::allowed(&actor, project.item, PortalAction::View),
             PortalPermissions::allowed(&actor, project.item, PortalAction::Upload)})
        flags.append(flag ? '1' : '0');
    digest.addData(flags);
    return digest.result();
}

// What a server remembers of projects' facts (ProjectFacts, as loadProjects reads them) between
// portal requests, by organisation and project (FactsMemory): any write to a project or to the
// organisation's portal switch moves the facts count.
FactsMemory<ProjectFacts> &projectMemory()
{
    static FactsMemory<ProjectFacts> memory(20000);
    return memory;
}

// The project's tasks or files (`kind`) the actor may view, each as `toJson` makes it from its
// `columns` (visibility and deleted are read too). The decision comes first: a hidden row is never
// turned into anything.
std::expected<QJsonArray, Error> visibleItems(const QSqlDatabase &db, const PortalActor &actor,
    const ProjectFacts &project, const QString &kind, QStringList columns, const QString &orderBy,
    const std::function<QJsonObject(const QVariantHash &, const PortalItem &)> &toJson)
{
    const qsizetype visibility = columns.size();
    columns << QStringLiteral("visibility") << QStringLiteral("deleted");
    auto q = Database::exec(db,
        QStringLiteral("SELECT %1 FROM %2 WHERE org_id = ? AND project_id = ? ORDER BY %3")
            .arg(columns.join(u", "), EntitySchema::find(kind)->table, orderBy),
        {actor.orgId, project.id});
    if (!q)
        return std::unexpected(q.error());
    QJsonArray out;
    while (q->next()) {
        const PortalItem item = childItem(
            project.item, kind, q->value(int(visibility)).toString(), q->value(int(visibility) + 1).toLongLong() != 0);
        if (PortalPermissions::allowed(&actor, item, PortalAction::View))
            out.append(toJson(q->row(columns), item));
    }
    return out;
}

// What happened in `project` that the actor may see, newest first: only about the tasks, files and
// sign-offs on its page (already decided by the permission function), and comments only in threads
// it may read. Worded by the portal; this gives the facts.
std::expected<QJsonArray, Error> activityFeed(const QSqlDatabase &db, const PortalActor &actor,
    const ProjectFacts &project, const QJsonArray &tasks, const QJsonArray &files, const QJsonArray &signoffs)
{
    constexpr int kEntries = 30;
    struct Seen
    {
        QString kind;
        QString title;
    };
    QHash<QString, Seen> visible; // item id → what the client sees it as
    for (const QJsonValue &t : tasks)
        visible.insert(t[u"id"].toString(), {QStringLiteral("task"), t[u"title"].toString()});
    for (const QJsonValue &f : files)
        visible.insert(f[u"id"].toString(), {QStringLiteral("file"), f[u"name"].toString()});
    for (const QJsonValue &so : signoffs)
        visible.insert(so[u"id"].toString(), {QStringLiteral("signoff"), so[u"title"].toString()});
    QHash<QString, QString> threadOf; // comment id → its item, for threads the client reads
    for (const QJsonValue &item : tasks + files) {
        for (const QJsonValue &c : item[u"comments"].toArray())
            threadOf.insert(c[u"id"].toString(), item[u"id"].toString());
    }

    auto q = Database::exec(db,
        QStringLiteral("SELECT a.action, a.entity, a.entity_id, a.actor_kind, a.actor_id, a.created_at, a.details, "
                       "COALESCE(s.name, c.name, '') FROM activities a "
                       "LEFT JOIN staff_users s ON a.actor_kind = 'staff' AND s.id = a.actor_id "
                       "LEFT JOIN contacts c ON a.actor_kind = 'contact' AND c.id = a.actor_id "
                       "WHERE a.org_id = ? AND a.project_id = ? AND a.deleted = 0 ORDER BY a.version DESC LIMIT 500"),
        {actor.orgId, project.id});
    if (!q)
        return std::unexpected(q.error());
    QJsonArray feed;
    std::set<QString> once;
    while (q->next() && feed.size() < kEntries) {
        const QString action = q->value(0).toString();
        const QString entity = q->value(1).toString();
        QString itemId = q->value(2).toString();
        const QJsonObject details = QJsonDocument::fromJson(q->value(6).toString().toUtf8()).object();
        const QJsonObject changes = details.value(u"changes").toObject();
        const QString verb = action.section(u'.', 1);
        QString what;
        QString detail;
        if (entity == u"comment") {
            itemId = threadOf.value(itemId);
            what = QStringLiteral("commented");
            detail = details.value(u"excerpt").toString().left(200);
        } else if (entity == u"task" || entity == u"file") {
            if (verb == u"created" || verb == u"uploaded" || (verb == u"updated" && changes.contains(u"visibility")))
                what = QStringLiteral("shared");
            else if (verb == u"updated" && changes.contains(u"status")) {
                what = QStringLiteral("status");
                detail = changes.value(u"status").toString();
            } else if (verb == u"replaced")
                what = QStringLiteral("new_version");
        } else if (entity == u"signoff") {
            if (verb == u"approved" || verb == u"rejected")
                what = verb;
            else if (verb == u"created" || (verb == u"updated" && changes.value(u"status").toString() == u"sent"))
                what = QStringLiteral("sent");
        }
        const auto seen = visible.constFind(itemId);
        if (what.isEmpty() || itemId.isEmpty() || seen == visible.constEnd())
            continue;
        // Shared or sent is said once per item, the latest time (a sign-off created and then sent).
        if ((what == u"shared" || what == u"sent") && !once.insert(what + itemId).second)
            continue;
        const QString actorKind = q->value(3).toString();
        const bool you = actorKind == u"contact" && q->value(4).toString() == actor.contactId;
        feed.append(QJsonObject{{QStringLiteral("at"), q->value(5).toString()}, {QStringLiteral("what"), what},
            {QStringLiteral("actor_kind"), you ? QStringLiteral("you") : actorKind},
            {QStringLiteral("actor_name"), you ? QString() : q->value(7).toString()},
            {QStringLiteral("item_kind"), seen->kind}, {QStringLiteral("item_id"), itemId},
            {QStringLiteral("item_title"), seen->title}, {QStringLiteral("detail"), detail}});
    }
    return feed;
}

// A visit ends after this long without the client opening the project.
constexpr qint64 kVisitGapSeconds = 30 * 60;

// What the project list says of a project: how much is shared, what waits for the client, when
// anything they may see last changed, and whether that was after their last visit. Counted from the
// same permission decisions as the page.
std::expected<QJsonObject, Error> projectSummary(
    const QSqlDatabase &db, const PortalActor &actor, const ProjectFacts &p)
{
    QString latest;
    auto count = [&](const QString &kind) -> std::expected<qsizetype, Error> {
        auto items = visibleItems(db, actor, p, kind, {QStringLiteral("updated_at")}, QStringLiteral("id"),
            [](const QVariantHash &row, const PortalItem &) {
                return QJsonObject{{QStringLiteral("at"), row.value(QStringLiteral("updated_at")).toString()}};
            });
        if (!items)
            return std::unexpected(items.error());
        for (const QJsonValue &v : std::as_const(*items))
            latest = qMax(latest, v[u"at"].toString());
        return items->size();
    };
    const auto tasks = count(QStringLiteral("task"));
    if (!tasks)
        return std::unexpected(tasks.error());
    const auto files = count(QStringLiteral("file"));
    if (!files)
        return std::unexpected(files.error());
    auto q = Database::exec(db,
        QStringLiteral("SELECT id, status, deleted, approver_ids, rounds, round_number, "
                       "COALESCE(responded_at, sent_at, '') FROM signoffs WHERE org_id = ? AND project_id = ?"),
        {actor.orgId, p.id});
    if (!q)
        return std::unexpected(q.error());
    int waiting = 0;
    int signoffs = 0;
    while (q->next()) {
        const PortalItem item = Signoffs::item(p.item, q->row(signoffFacts));
        if (!PortalPermissions::allowed(&actor, item, PortalAction::View))
            continue;
        ++signoffs;
        waiting += PortalPermissions::allowed(&actor, item, PortalAction::Approve) ? 1 : 0;
        latest = qMax(latest, q->value(int(signoffFacts.size())).toString());
    }
    q->finish();
    auto visit =
        Database::exec(db, QStringLiteral("SELECT seen_at FROM portal_visits WHERE contact_id = ? AND project_id = ?"),
            {actor.contactId, p.id});
    if (!visit)
        return std::unexpected(visit.error());
    const QString seen = visit->next() ? visit->value(0).toString() : QString();
    // Times on the wire compare as text (ISO 8601, UTC, fixed width).
    return QJsonObject{{QStringLiteral("task_count"), *tasks}, {QStringLiteral("file_count"), *files},
        {QStringLiteral("signoff_count"), signoffs}, {QStringLiteral("signoffs_waiting"), waiting},
        {QStringLiteral("last_activity_at"), nullable(latest)}, {QStringLiteral("last_visit_at"), nullable(seen)},
        {QStringLiteral("new"), !latest.isEmpty() && latest > seen}};
}

// One project as `actor` sees it (PortalReadModel::projectPage).
std::expected<QJsonObject, Error> buildPage(
    const QSqlDatabase &db, const PortalActor &actor, const ProjectFacts &project)
{
    auto comments = loadComments(db, actor.orgId, project.id);
    if (!comments)
        return std::unexpected(comments.error());

    const auto tasks = visibleItems(db, actor, project, QStringLiteral("task"),
        {QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("description"), QStringLiteral("status"),
            QStringLiteral("due_date"), QStringLiteral("updated_at")},
        QStringLiteral("position, title"), [&](const QVariantHash &row, const PortalItem &item) {
            return taskJson(actor, row, item, *comments);
        });
    if (!tasks)
        return std::unexpected(tasks.error());
    const auto files = visibleItems(db, actor, project, QStringLiteral("file"),
        {QStringLiteral("id"), QStringLiteral("folder"), QStringLiteral("name"), QStringLiteral("size"),
            QStringLiteral("mime_type"), QStringLiteral("updated_at"), QStringLiteral("uploaded_by")},
        QStringLiteral("folder, name"), [&](const QVariantHash &row, const PortalItem &item) {
            return fileJson(actor, row, item, *comments);
        });
    if (!files)
        return std::unexpected(files.error());
    QJsonArray signoffs;
    {
        const QStringList columns{QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("description"),
            QStringLiteral("status"), QStringLiteral("sent_at"), QStringLiteral("responded_at"),
            QStringLiteral("response_comment"), QStringLiteral("sent_file_versions"), QStringLiteral("deleted"),
            QStringLiteral("approver_ids"), QStringLiteral("rounds"), QStringLiteral("round_number"),
            QStringLiteral("due_date")};
        QStringList select;
        for (const QString &c : columns)
            select.append(QStringLiteral("s.") + c);
        auto q = Database::exec(db,
            QStringLiteral("SELECT %1, COALESCE(c.name, '') FROM signoffs s LEFT JOIN contacts c ON c.id = "
                           "s.responded_by WHERE s.org_id = ? AND s.project_id = ? ORDER BY s.sent_at DESC")
                .arg(select.join(u", ")),
            {actor.orgId, project.id});
        if (!q)
            return std::unexpected(q.error());
        while (q->next()) {
            const QVariantHash row = q->row(columns);
            const PortalItem item = Signoffs::item(project.item, row);
            if (PortalPermissions::allowed(&actor, item, PortalAction::View))
                signoffs.append(signoffJson(actor, row, item, q->value(int(columns.size())).toString()));
        }
    }
    auto feed = activityFeed(db, actor, project, *tasks, *files, signoffs);
    if (!feed)
        return std::unexpected(feed.error());
    return QJsonObject{
        {QStringLiteral("project"),
            QJsonObject{{QStringLiteral("id"), project.id}, {QStringLiteral("name"), project.name},
                {QStringLiteral("description"), project.description}, {QStringLiteral("status"), project.status},
                {QStringLiteral("due_date"), nullable(project.dueDate)},
                {QStringLiteral("can"), can(actor, project.item, {{"upload", PortalAction::Upload}})}}},
        {QStringLiteral("tasks"), *tasks}, {QStringLiteral("files"), *files}, {QStringLiteral("signoffs"), signoffs},
        {QStringLiteral("activity"), *feed}};
}

// Runs `write` in one transaction under the organisation's lock; its result stands if it commits.
std::expected<QJsonObject, Error> inTransaction(
    const PortalActor &actor, const std::function<std::expected<QJsonObject, Error>(WriteTransaction &)> &write)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    WriteTransaction tx(*db, actor.orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    auto result = write(tx);
    if (!result)
        return std::unexpected(result.error());
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return result;
}

} // namespace

namespace {

// Lower case, accents off: "Café" and "cafe" match.
QString folded(const QString &text)
{
    QString out;
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() != QChar::Mark_NonSpacing)
            out.append(c.toLower());
    }
    return out;
}

// Around the first word's first match, at most ~120 characters.
QString snippetOf(const QString &text, const QString &foldedText, const QString &word)
{
    const qsizetype at = foldedText.indexOf(word);
    const qsizetype from = qMax<qsizetype>(0, at - 40);
    QString s = text.mid(from, 120).simplified();
    if (from > 0)
        s.prepend(QStringLiteral("\u2026"));
    if (from + 120 < text.size())
        s.append(QStringLiteral("\u2026"));
    return s;
}

} // namespace

std::expected<QJsonObject, Error> PortalReadModel::search(const PortalActor &actor, const QString &query, int limit)
{
    const QStringList words = folded(query).split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto projects = loadProjects(*db, actor, {});
    if (!projects)
        return std::unexpected(projects.error());
    QJsonArray results;
    int total = 0;
    auto consider = [&](const QString &kind, const QString &id, const ProjectFacts &project, const QString &title,
                        const QString &text) {
        const QString haystack = folded(title + u'\n' + text);
        for (const QString &word : words) {
            if (!haystack.contains(word))
                return;
        }
        ++total;
        if (results.size() >= limit)
            return;
        const QString body = folded(text).contains(words.first()) ? text : title;
        results.append(QJsonObject{{QStringLiteral("kind"), kind}, {QStringLiteral("id"), id},
            {QStringLiteral("project_id"), project.id}, {QStringLiteral("project_name"), project.name},
            {QStringLiteral("title"), title},
            {QStringLiteral("snippet"), snippetOf(body, folded(body), words.first())}});
    };
    for (const ProjectFacts &project : std::as_const(*projects)) {
        if (words.isEmpty())
            break;
        if (!PortalPermissions::allowed(&actor, project.item, PortalAction::View))
            continue;
        // The page the client would see: every decision is already made in it.
        const auto page = buildPage(*db, actor, project);
        if (!page)
            return std::unexpected(page.error());
        consider(QStringLiteral("project"), project.id, project, project.name, project.description);
        auto items = [&](const char *key, const char *kind, const char *titleKey, const char *textKey) {
            for (const QJsonValue &value : page->value(QLatin1String(key)).toArray()) {
                const QJsonObject item = value.toObject();
                const QString title = item.value(QLatin1String(titleKey)).toString();
                consider(QLatin1String(kind), item.value(u"id").toString(), project, title,
                    textKey ? item.value(QLatin1String(textKey)).toString() : QString());
                for (const QJsonValue &c : item.value(u"comments").toArray())
                    consider(QStringLiteral("comment"), c.toObject().value(u"id").toString(), project, title,
                        c.toObject().value(u"body").toString());
            }
        };
        items("tasks", "task", "title", "description");
        items("files", "file", "name", nullptr);
        items("signoffs", "signoff", "title", "description");
    }
    return QJsonObject{{QStringLiteral("results"), results}, {QStringLiteral("total"), total}};
}

std::expected<QJsonArray, Error> PortalReadModel::projects(const PortalActor &actor)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto projects = loadProjects(*db, actor, {});
    if (!projects)
        return std::unexpected(projects.error());
    QJsonArray list;
    for (const ProjectFacts &p : std::as_const(*projects)) {
        if (!PortalPermissions::allowed(&actor, p.item, PortalAction::View))
            continue;
        QJsonObject entry{{QStringLiteral("id"), p.id}, {QStringLiteral("name"), p.name},
            {QStringLiteral("status"), p.status}, {QStringLiteral("description"), p.description},
            {QStringLiteral("due_date"), nullable(p.dueDate)},
            {QStringLiteral("can"), can(actor, p.item, {{"upload", PortalAction::Upload}})}};
        auto summary = projectSummary(*db, actor, p);
        if (!summary)
            return std::unexpected(summary.error());
        for (auto it = summary->begin(); it != summary->end(); ++it)
            entry.insert(it.key(), it.value());
        list.append(entry);
    }
    return list;
}

std::expected<QString, Error> PortalReadModel::recordVisit(const PortalActor &actor, const QString &projectId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto project = viewableProject(*db, actor, projectId);
    if (!project)
        return std::unexpected(project.error());
    auto q = Database::exec(*db,
        QStringLiteral("SELECT seen_at, previous_seen_at FROM portal_visits WHERE contact_id = ? AND project_id = ?"),
        {actor.contactId, projectId});
    if (!q)
        return std::unexpected(q.error());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString previous;
    QString seen;
    if (q->next()) {
        seen = q->value(0).toString();
        previous = q->value(1).toString();
    }
    q->finish();
    // One visit lasts while the client keeps coming back within half an hour: reloading the page
    // keeps its "new" marks; coming back later starts a new visit, and what the last one showed is
    // no longer new.
    const auto lastSeen = TimeUtil::fromWire(seen);
    if (!lastSeen || lastSeen->secsTo(now) > kVisitGapSeconds)
        previous = seen;
    auto r = Database::exec(*db,
        QStringLiteral("INSERT INTO portal_visits (contact_id, project_id, org_id, seen_at, previous_seen_at) "
                       "VALUES (?, ?, ?, ?, ?) ON CONFLICT (contact_id, project_id) DO UPDATE SET "
                       "seen_at = excluded.seen_at, previous_seen_at = excluded.previous_seen_at"),
        {actor.contactId, projectId, actor.orgId, TimeUtil::toWire(now),
            previous.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(previous)});
    if (!r)
        return std::unexpected(r.error());
    return previous;
}

std::expected<CachedPage, Error> PortalReadModel::projectPage(
    const PortalActor &actor, const QString &projectId, ProjectPageCache &cache, const PortalMarks *marksRead)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    // The marks first: nothing read after them is older than they are.
    PortalMarks marks;
    if (marksRead) {
        marks = *marksRead;
    } else {
        auto read = PortalMarks::read(*db, actor.orgId);
        if (!read)
            return std::unexpected(read.error());
        marks = *read;
    }
    // The project's facts, remembered while the organisation's facts count stands...
    const QString projectKey = actor.orgId + u'/' + projectId;
    std::optional<ProjectFacts> project;
    if (const auto remembered = projectMemory().find(projectKey); remembered && remembered->facts == marks.facts)
        project = remembered->value;
    if (!project) {
        auto loaded = loadProjects(*db, actor, projectId);
        if (!loaded)
            return std::unexpected(loaded.error());
        if (loaded->isEmpty())
            return std::unexpected(Error{QStringLiteral("not_found"), QString()});
        project = loaded->first();
        projectMemory().insert(projectKey, marks.facts, *project);
    }
    // ...and the permission function decides on them, for this actor, before any cached page is
    // looked at.
    if (!PortalPermissions::allowed(&actor, project->item, PortalAction::View))
        return std::unexpected(Error{QStringLiteral("not_found"), QString()});
    // A page built from the same facts, while neither the version nor the decisions' rows moved,
    // holds exactly the decisions this request would make.
    const QByteArray decisions = pageFacts(actor, *project) + QByteArray::number(marks.inputs);
    const QString cacheKey = actor.contactId + u'/' + projectId;
    if (const auto page = cache.find(cacheKey, marks.version, decisions))
        return *page;
    auto page = buildPage(*db, actor, *project);
    if (!page)
        return std::unexpected(page.error());
    return cache.insert(cacheKey, marks.version, decisions, QJsonDocument(*page).toJson(QJsonDocument::Compact));
}

std::expected<QJsonObject, Error> PortalReadModel::viewAsContact(const Actor &staff, const QString &contactId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto loaded = PortalAccounts::loadActor(*db, staff.orgId, contactId, {});
    if (!loaded)
        return std::unexpected(loaded.error());
    if (!*loaded || (*loaded)->contactDeleted)
        return std::unexpected(notFound(QStringLiteral("No such contact.")));
    PortalActor actor = **loaded;
    const QString state = actor.portalState;
    // What the contact will see once signed in: one not (yet) signed up as if it were; a revoked one,
    // or one of a deleted client, sees nothing.
    if (state == u"none" || state == u"invited")
        actor.portalState = QStringLiteral("active");
    QJsonArray pages;
    if (PortalPermissions::actorActive(actor)) {
        auto projects = loadProjects(*db, actor, {});
        if (!projects)
            return std::unexpected(projects.error());
        for (const ProjectFacts &project : std::as_const(*projects)) {
            if (!PortalPermissions::allowed(&actor, project.item, PortalAction::View))
                continue;
            auto page = buildPage(*db, actor, project);
            if (!page)
                return std::unexpected(page.error());
            pages.append(*page);
        }
    }
    WriteTransaction tx(*db, staff.orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    if (auto r = SyncStore::appendActivity(tx, staff, QStringLiteral("contact.viewed_as"), QStringLiteral("contact"),
            contactId, {}, QStringLiteral("Viewed the portal as %1 <%2>").arg(actor.name, actor.email),
            QJsonObject{{QStringLiteral("label"), actor.name}});
        !r)
        return std::unexpected(r.error());
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return QJsonObject{{QStringLiteral("contact"),
                           QJsonObject{{QStringLiteral("id"), contactId}, {QStringLiteral("name"), actor.name},
                               {QStringLiteral("email"), actor.email}, {QStringLiteral("portal_state"), state}}},
        {QStringLiteral("projects"), pages}};
}

std::expected<std::optional<PortalReadModel::PortalItemFacts>, Error> PortalReadModel::itemFacts(
    const QSqlDatabase &db, const QString &orgId, const QString &kind, const QString &id)
{
    const EntitySpec *spec = EntitySchema::find(kind);
    if (!spec || !EntitySchema::isUuid(id))
        return std::optional<PortalItemFacts>();
    auto row = SyncStore::loadRow(db, *spec, orgId, id);
    if (!row)
        return std::unexpected(row.error());
    if (row->isEmpty())
        return std::optional<PortalItemFacts>();
    PortalActor orgOnly;
    orgOnly.orgId = orgId;
    const QString projectId = kind == u"project" ? id : row->value(QStringLiteral("project_id")).toString();
    auto projects = loadProjects(db, orgOnly, projectId);
    if (!projects)
        return std::unexpected(projects.error());
    if (projects->isEmpty())
        return std::optional<PortalItemFacts>();
    PortalItemFacts facts;
    facts.row = *row;
    facts.projectId = projectId;
    facts.projectName = projects->first().name;
    facts.item = kind == u"project" ? projects->first().item
        : kind == u"signoff"
        ? Signoffs::item(projects->first().item, *row)
        : childItem(projects->first().item, kind, row->value(QStringLiteral("visibility")).toString(),
            row->value(QStringLiteral("deleted")).toLongLong() != 0);
    return std::optional<PortalItemFacts>(facts);
}

std::expected<FileContent, Error> PortalReadModel::fileContent(const PortalActor &actor, const QString &fileId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q = Database::exec(*db,
        QStringLiteral("SELECT f.name, f.mime_type, f.sha256, f.blob_name, f.visibility, f.deleted, f.project_id, "
                       "f.size FROM files f WHERE f.id = ? AND f.org_id = ? AND f.blob_name IS NOT NULL"),
        {fileId, actor.orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::unexpected(notFound());
    const QString name = q->value(0).toString();
    const QString mime = q->value(1).toString();
    const QString sha = q->value(2).toString();
    const QString blob = q->value(3).toString();
    const QString visibility = q->value(4).toString();
    const bool deleted = q->value(5).toLongLong() != 0;
    const QString projectId = q->value(6).toString();
    const qint64 size = q->value(7).toLongLong();
    q->finish();
    auto projects = loadProjects(*db, actor, projectId);
    if (!projects)
        return std::unexpected(projects.error());
    if (projects->isEmpty())
        return std::unexpected(notFound());
    const PortalItem item = childItem(projects->first().item, QStringLiteral("file"), visibility, deleted);
    // Hidden and missing files get the same answer.
    if (!PortalPermissions::allowed(&actor, item, PortalAction::Download))
        return std::unexpected(notFound());
    return FileContent{blob, size, name, mime, sha};
}

namespace {

// A sign-off whose files the actor may download (sent, approved or rejected, and visible), with what
// was sent; hidden and missing alike "not_found".
struct SentSignoff
{
    QString title;
    QJsonArray versions; // sent_file_versions
    QDateTime sentAt;
};

std::expected<SentSignoff, Error> loadSentSignoff(
    const QSqlDatabase &db, const PortalActor &actor, const QString &signoffId)
{
    auto q = Database::exec(db,
        QStringLiteral("SELECT id, status, deleted, approver_ids, rounds, round_number, title, sent_file_versions, "
                       "sent_at, project_id FROM signoffs WHERE id = ? AND org_id = ?"),
        {signoffId, actor.orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::unexpected(notFound());
    const QVariantHash facts = q->row(signoffFacts);
    SentSignoff signoff{q->value(6).toString(), QJsonDocument::fromJson(q->value(7).toString().toUtf8()).array(),
        TimeUtil::fromWire(q->value(8).toString()).value_or(QDateTime::currentDateTimeUtc())};
    const QString projectId = q->value(9).toString();
    q->finish();
    auto projects = loadProjects(db, actor, projectId);
    if (!projects)
        return std::unexpected(projects.error());
    if (projects->isEmpty()
        || !PortalPermissions::allowed(&actor, Signoffs::item(projects->first().item, facts), PortalAction::Download))
        return std::unexpected(notFound());
    return signoff;
}

// A path inside an archive from a folder and a name: no empty, "." or ".." segments, no backslashes,
// never absolute; the same path twice gets " (2)", " (3)"… before its extension.
QString archivePath(const QString &folder, const QString &name, QSet<QString> &taken)
{
    QStringList parts;
    for (QString part : QString(folder).replace(u'\\', u'/').split(u'/', Qt::SkipEmptyParts)) {
        part = part.trimmed();
        if (!part.isEmpty() && part != u"." && part != u"..")
            parts.append(part);
    }
    QString file = QString(name).replace(u'/', u'_').replace(u'\\', u'_');
    if (file.isEmpty() || file == u"." || file == u"..")
        file = QStringLiteral("file");
    parts.append(file);
    QString path = parts.join(u'/');
    const qsizetype dot = file.lastIndexOf(u'.');
    const QString stem = dot > 0 ? path.left(path.size() - (file.size() - dot)) : path;
    const QString ext = dot > 0 ? file.mid(dot) : QString();
    for (int n = 2; taken.contains(path.toLower()); ++n)
        path = QStringLiteral("%1 (%2)%3").arg(stem).arg(n).arg(ext);
    taken.insert(path.toLower());
    return path;
}

QString archiveName(const QString &title)
{
    QString name = title.simplified();
    for (const QChar c : {u'/', u'\\', u':', u'*', u'?', u'"', u'<', u'>', u'|'})
        name.replace(c, u'_');
    return (name.isEmpty() ? QStringLiteral("files") : name.left(100)) + QStringLiteral(".zip");
}

} // namespace

std::expected<PortalReadModel::Archive, Error> PortalReadModel::projectArchive(
    const PortalActor &actor, const QString &projectId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto project = viewableProject(*db, actor, projectId);
    if (!project)
        return std::unexpected(project.error());
    auto q = Database::exec(*db,
        QStringLiteral("SELECT folder, name, size, blob_name, visibility, deleted, updated_at FROM files "
                       "WHERE org_id = ? AND project_id = ? AND blob_name IS NOT NULL ORDER BY folder, name"),
        {actor.orgId, projectId});
    if (!q)
        return std::unexpected(q.error());
    Archive archive{archiveName(project->name), {}};
    QSet<QString> taken;
    while (q->next()) {
        const PortalItem item =
            childItem(project->item, QStringLiteral("file"), q->value(4).toString(), q->value(5).toLongLong() != 0);
        if (!PortalPermissions::allowed(&actor, item, PortalAction::Download))
            continue;
        archive.entries.append(ArchiveEntry{archivePath(q->value(0).toString(), q->value(1).toString(), taken),
            q->value(3).toString(), q->value(2).toLongLong(),
            TimeUtil::fromWire(q->value(6).toString()).value_or(QDateTime::currentDateTimeUtc())});
    }
    return archive;
}

std::expected<PortalReadModel::Archive, Error> PortalReadModel::signoffArchive(
    const PortalActor &actor, const QString &signoffId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto signoff = loadSentSignoff(*db, actor, signoffId);
    if (!signoff)
        return std::unexpected(signoff.error());
    Archive archive{archiveName(signoff->title), {}};
    QSet<QString> taken;
    // Each file as its own download gives it: the version that was sent (signoffFileContent).
    for (const QJsonValue &v : std::as_const(signoff->versions)) {
        auto content = signoffFileContent(actor, signoffId, v[u"file_id"].toString());
        if (!content) {
            if (content.error().code == u"not_found")
                continue; // a content purged since: left out, as its own download would be
            return std::unexpected(content.error());
        }
        archive.entries.append(ArchiveEntry{
            archivePath(QString(), content->name, taken), content->blobName, content->size, signoff->sentAt});
    }
    return archive;
}

std::expected<FileContent, Error> PortalReadModel::signoffFileContent(
    const PortalActor &actor, const QString &signoffId, const QString &fileId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto signoff = loadSentSignoff(*db, actor, signoffId);
    if (!signoff)
        return std::unexpected(signoff.error());
    const QJsonArray &versions = signoff->versions;
    for (const QJsonValue &v : versions) {
        const QJsonObject version = v.toObject();
        if (version.value(u"file_id").toString() != fileId)
            continue;
        const QString sha = version.value(u"sha256").toString();
        auto content = Database::exec(*db,
            QStringLiteral("SELECT blob_name, size FROM file_contents WHERE file_id = ? AND org_id = ? AND sha256 = ? "
                           "ORDER BY created_at DESC"),
            {fileId, actor.orgId, sha});
        if (!content)
            return std::unexpected(content.error());
        if (!content->next())
            break;
        return FileContent{content->value(0).toString(), content->value(1).toLongLong(),
            version.value(u"name").toString(), version.value(u"mime_type").toString(), sha};
    }
    return std::unexpected(notFound());
}

std::expected<QJsonObject, Error> PortalReadModel::setTaskStatus(
    const PortalActor &actor, const QString &id, const QVariant &status)
{
    const EntitySpec *spec = EntitySchema::find(u"task");
    return inTransaction(actor, [&](WriteTransaction &tx) -> std::expected<QJsonObject, Error> {
        auto loaded = loadItem(tx, actor, QStringLiteral("task"), id);
        if (!loaded)
            return std::unexpected(loaded.error());
        if (!*loaded || !PortalPermissions::allowed(&actor, (*loaded)->item, PortalAction::View))
            return std::unexpected(notFound());
        if (!PortalPermissions::allowed(&actor, (*loaded)->item, PortalAction::Edit))
            return std::unexpected(forbidden(QStringLiteral("This task is read-only.")));
        QVariantHash row = (*loaded)->row;
        if (row.value(QStringLiteral("status")).toString() != status.toString()) {
            const auto version = tx.nextVersion();
            if (!version)
                return std::unexpected(version.error());
            if (auto r = SyncStore::updateRow(tx, *spec, id, *version, {{QStringLiteral("status"), status}}); !r)
                return std::unexpected(r.error());
            row.insert(QStringLiteral("status"), status);
            if (auto r = SyncStore::appendActivity(tx, writerOf(actor), QStringLiteral("task.updated"),
                    QStringLiteral("task"), id, (*loaded)->project.id,
                    QStringLiteral("%1: status → %2 (by %3)")
                        .arg(row.value(QStringLiteral("title")).toString(), status.toString(), actor.name),
                    QJsonObject{{QStringLiteral("label"), row.value(QStringLiteral("title")).toString().left(200)},
                        {QStringLiteral("changes"), QJsonObject{{QStringLiteral("status"), status.toString()}}}});
                !r)
                return std::unexpected(r.error());
        }
        auto comments = loadComments(tx.db(), actor.orgId, (*loaded)->project.id);
        if (!comments)
            return std::unexpected(comments.error());
        return taskJson(actor, row, (*loaded)->item, *comments);
    });
}

std::expected<QJsonObject, Error> PortalReadModel::addComment(
    const PortalActor &actor, const QString &target, const QString &targetId, const QString &text)
{
    return inTransaction(actor, [&](WriteTransaction &tx) -> std::expected<QJsonObject, Error> {
        auto loaded = loadItem(tx, actor, target, targetId);
        if (!loaded)
            return std::unexpected(loaded.error());
        if (!*loaded || !PortalPermissions::allowed(&actor, (*loaded)->item, PortalAction::View))
            return std::unexpected(notFound());
        if (!PortalPermissions::allowed(&actor, (*loaded)->item, PortalAction::Comment))
            return std::unexpected(forbidden(QStringLiteral("Comments are closed on this item.")));
        const auto version = tx.nextVersion();
        if (!version)
            return std::unexpected(version.error());
        const QString commentId = EntitySchema::newUuid();
        if (auto r = SyncStore::insertRow(tx, *EntitySchema::find(u"comment"), actor.orgId, commentId, *version,
                {{QStringLiteral("target_entity"), target}, {QStringLiteral("target_id"), targetId},
                    {QStringLiteral("author_id"), actor.contactId},
                    {QStringLiteral("author_kind"), QStringLiteral("contact")}, {QStringLiteral("body"), text}});
            !r)
            return std::unexpected(r.error());
        const QString label =
            (*loaded)->row.value(target == u"task" ? QStringLiteral("title") : QStringLiteral("name")).toString();
        if (auto r = SyncStore::appendActivity(tx, writerOf(actor), QStringLiteral("comment.created"),
                QStringLiteral("comment"), commentId, (*loaded)->project.id,
                QStringLiteral("%1 commented on %2: %3").arg(actor.name, label, text.left(200)),
                QJsonObject{{QStringLiteral("label"), label.left(200)}, {QStringLiteral("excerpt"), text.left(300)}});
            !r)
            return std::unexpected(r.error());
        return commentJson(commentId, text, QStringLiteral("contact"), actor.name, TimeUtil::nowWire());
    });
}

namespace {

struct VisibleSignoff
{
    QVariantHash row;
    PortalItem item;
    QString projectId;
    QString projectName;
};

// A sign-off the actor may view (the permission function), or not_found for hidden and missing alike.
std::expected<VisibleSignoff, Error> visibleSignoff(
    const QSqlDatabase &db, const PortalActor &actor, const QString &signoffId)
{
    if (!EntitySchema::isUuid(signoffId))
        return std::unexpected(notFound());
    auto row = SyncStore::loadRow(db, *EntitySchema::find(u"signoff"), actor.orgId, signoffId);
    if (!row)
        return std::unexpected(row.error());
    if (row->isEmpty())
        return std::unexpected(notFound());
    auto projects = loadProjects(db, actor, row->value(QStringLiteral("project_id")).toString());
    if (!projects)
        return std::unexpected(projects.error());
    if (projects->isEmpty())
        return std::unexpected(notFound());
    const PortalItem item = Signoffs::item(projects->first().item, *row);
    if (!PortalPermissions::allowed(&actor, item, PortalAction::View))
        return std::unexpected(notFound());
    return VisibleSignoff{*row, item, projects->first().id, projects->first().name};
}

} // namespace

std::expected<QJsonObject, Error> PortalReadModel::signoffCertificate(
    const PortalActor &actor, const QString &signoffId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto visible = visibleSignoff(*db, actor, signoffId);
    if (!visible)
        return std::unexpected(visible.error());
    const auto org = PortalAccounts::organisation(actor.orgId);
    auto facts = Signoffs::certificateFacts(visible->row, org ? org->name : QString(), visible->projectName);
    if (!facts)
        return std::unexpected(Error{
            QStringLiteral("not_decided"), QStringLiteral("A certificate is issued once the sign-off is decided.")});
    return *facts;
}

std::expected<QJsonObject, Error> PortalReadModel::staffSignoffCertificate(const Actor &staff, const QString &signoffId)
{
    if (!EntitySchema::isUuid(signoffId))
        return std::unexpected(notFound());
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto row = SyncStore::loadRow(*db, *EntitySchema::find(u"signoff"), staff.orgId, signoffId);
    if (!row)
        return std::unexpected(row.error());
    if (row->isEmpty() || row->value(QStringLiteral("deleted")).toLongLong() != 0)
        return std::unexpected(notFound());
    auto project = Database::exec(*db, QStringLiteral("SELECT name FROM projects WHERE id = ? AND org_id = ?"),
        {row->value(QStringLiteral("project_id")), staff.orgId});
    if (!project)
        return std::unexpected(project.error());
    const QString projectName = project->next() ? project->value(0).toString() : QString();
    project->finish();
    const auto org = PortalAccounts::organisation(staff.orgId);
    auto facts = Signoffs::certificateFacts(*row, org ? org->name : QString(), projectName);
    if (!facts)
        return std::unexpected(Error{
            QStringLiteral("not_decided"), QStringLiteral("A certificate is issued once the sign-off is decided.")});
    return *facts;
}

std::expected<QJsonObject, Error> PortalReadModel::signoff(const PortalActor &actor, const QString &signoffId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto visible = visibleSignoff(*db, actor, signoffId);
    if (!visible)
        return std::unexpected(visible.error());
    const QVariantHash *row = &visible->row;
    const PortalItem &item = visible->item;
    auto responder = Database::exec(*db, QStringLiteral("SELECT name FROM contacts WHERE id = ? AND org_id = ?"),
        {row->value(QStringLiteral("responded_by")), actor.orgId});
    if (!responder)
        return std::unexpected(responder.error());
    const QString respondedBy = responder->next() ? responder->value(0).toString() : QString();
    responder->finish();
    QJsonObject organisation;
    if (const auto org = PortalAccounts::organisation(actor.orgId))
        organisation = QJsonObject{{QStringLiteral("name"), org->name}, {QStringLiteral("slug"), org->slug}};
    return QJsonObject{{QStringLiteral("signoff"), signoffJson(actor, *row, item, respondedBy)},
        {QStringLiteral("project"),
            QJsonObject{{QStringLiteral("id"), visible->projectId}, {QStringLiteral("name"), visible->projectName}}},
        {QStringLiteral("organisation"), organisation}};
}

std::expected<QJsonObject, Error> PortalReadModel::decideSignoff(
    const PortalActor &actor, const QString &id, const QString &decision, const QString &comment)
{
    return inTransaction(actor, [&](WriteTransaction &tx) -> std::expected<QJsonObject, Error> {
        auto loaded = loadItem(tx, actor, QStringLiteral("signoff"), id);
        if (!loaded)
            return std::unexpected(loaded.error());
        if (!*loaded || !PortalPermissions::allowed(&actor, (*loaded)->item, PortalAction::View))
            return std::unexpected(notFound());
        const PortalItem &item = (*loaded)->item;
        if (!PortalPermissions::allowed(&actor, item, PortalAction::Approve)) {
            if (item.signoffStatus != u"sent")
                return std::unexpected(Error{QStringLiteral("already_decided"),
                    QStringLiteral("This sign-off was already answered (%1).").arg(item.signoffStatus)});
            if (item.signoffAnswered.contains(actor.contactId))
                return std::unexpected(Error{QStringLiteral("already_decided"),
                    QStringLiteral("You already answered this round of the sign-off.")});
            return std::unexpected(forbidden(QStringLiteral("You are not one of the approvers of this sign-off.")));
        }
        const EntitySpec *spec = EntitySchema::find(u"signoff");
        const auto version = tx.nextVersion();
        if (!version)
            return std::unexpected(version.error());
        Signoffs::Answer answer;
        answer.contactId = actor.contactId;
        answer.name = actor.name;
        answer.email = actor.email;
        answer.decision = decision;
        answer.comment = comment;
        answer.address = actor.address;
        answer.via = actor.linkSignoffId.isEmpty() ? QStringLiteral("portal") : QStringLiteral("link");
        answer.at = TimeUtil::nowWire();
        const QVariantHash changes = Signoffs::applyAnswer((*loaded)->row, answer);
        if (auto r = SyncStore::updateRow(tx, *spec, id, *version, changes); !r)
            return std::unexpected(r.error());
        QVariantHash row = (*loaded)->row;
        for (auto it = changes.begin(); it != changes.end(); ++it)
            row.insert(it.key(), it.value());
        const QString title = row.value(QStringLiteral("title")).toString();
        const QString outcome = changes.value(QStringLiteral("status")).toString();
        const qint64 round = row.value(QStringLiteral("round_number")).toLongLong();
        // The audit trail has every answer: who, what, which round and files, when, from where, how.
        QString summary =
            QStringLiteral("\"%1\" (round %2) %3 by %4 <%5> via %6 from %7")
                .arg(title)
                .arg(round)
                .arg(decision == u"approved" ? QStringLiteral("approved") : QStringLiteral("changes requested"),
                    actor.name, actor.email, answer.via, actor.address);
        if (!comment.isEmpty())
            summary += QStringLiteral(": ") + comment;
        QJsonArray files;
        for (const QJsonValue &f :
            QJsonDocument::fromJson(row.value(QStringLiteral("sent_file_versions")).toString().toUtf8()).array())
            files.append(QJsonObject{{QStringLiteral("name"), f[u"name"]}, {QStringLiteral("sha256"), f[u"sha256"]}});
        const QString action =
            outcome.isEmpty() ? QStringLiteral("signoff.answered") : QStringLiteral("signoff.") + outcome;
        if (auto r = SyncStore::appendActivity(tx, writerOf(actor), action, QStringLiteral("signoff"), id,
                (*loaded)->project.id, summary,
                QJsonObject{{QStringLiteral("label"), title.left(200)}, {QStringLiteral("comment"), comment.left(300)},
                    {QStringLiteral("decision"), decision}, {QStringLiteral("round"), round},
                    {QStringLiteral("via"), answer.via}, {QStringLiteral("address"), actor.address},
                    {QStringLiteral("files"), files}});
            !r)
            return std::unexpected(r.error());
        const PortalItem now = Signoffs::item((*loaded)->project.item, row);
        return signoffJson(actor, row, now, outcome.isEmpty() ? QString() : actor.name);
    });
}

std::expected<void, Error> PortalUploadRules::admit(
    WriteTransaction &tx, const Actor &writer, UploadRequest &upload) const
{
    const qint64 limit = qint64(m_limitMiB) * 1024 * 1024;
    if (upload.size > limit)
        return std::unexpected(Error{QStringLiteral("file_too_large"),
            QStringLiteral("\"%1\" is too large: files up to %2 MB can be uploaded here.")
                .arg(upload.name)
                .arg(m_limitMiB)});
    // The contact is read again: access may have ended since the session was checked.
    auto loaded = PortalAccounts::loadActor(tx.db(), writer.orgId, writer.userId, writer.address);
    if (!loaded)
        return std::unexpected(loaded.error());
    if (!*loaded || !PortalPermissions::actorActive(**loaded))
        return std::unexpected(Error{QStringLiteral("unauthorized"), QStringLiteral("Please sign in.")});
    const PortalActor actor = **loaded;

    if (upload.replacing) {
        auto loaded = loadItem(tx, actor, QStringLiteral("file"), upload.fileId);
        if (!loaded)
            return std::unexpected(loaded.error());
        if (!*loaded || !PortalPermissions::allowed(&actor, (*loaded)->item, PortalAction::View))
            return std::unexpected(notFound());
        if (!PortalPermissions::allowed(&actor, (*loaded)->item, PortalAction::Edit))
            return std::unexpected(forbidden(QStringLiteral("This file is read-only.")));
        // A new version of the same file: it keeps its place, name and sharing.
        upload.folder = (*loaded)->row.value(QStringLiteral("folder")).toString();
        upload.name = (*loaded)->row.value(QStringLiteral("name")).toString();
        upload.visibility = (*loaded)->row.value(QStringLiteral("visibility")).toString();
        return {};
    }
    // Programs and scripts, however the name dresses them up (common/filenamerule.h).
    if (FileNameRule::isBlockedType(upload.name))
        return std::unexpected(Error{QStringLiteral("file_type_not_allowed"),
            QStringLiteral("\"%1\" cannot be uploaded: programs and scripts (.%2) are not accepted. Put it in a "
                           "zip archive if you must send it.")
                .arg(upload.name, FileNameRule::blockedExtension(upload.name))});
    auto project = viewableProject(tx.db(), actor, upload.projectId);
    if (!project)
        return std::unexpected(project.error());
    if (!PortalPermissions::allowed(&actor, project->item, PortalAction::Upload))
        return std::unexpected(forbidden(QStringLiteral("This project does not accept uploads.")));
    upload.folder = clientUploadsFolder;
    upload.visibility = QStringLiteral("read_only");
    return {};
}
