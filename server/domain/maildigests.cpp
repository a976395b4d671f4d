// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/maildigests.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QUrl>

#include <algorithm>

#include "common/entityschema.h"
#include "common/portalpermissions.h"
#include "common/timeutil.h"
#include "server/domain/contactlanguages.h"
#include "server/domain/logging.h"
#include "server/domain/passwords.h"
#include "server/domain/portalreadmodel.h"
#include "server/domain/syncstore.h"
#include "server/mail/mailer.h"
#include "server/mail/mailtext.h"
#include "server/mail/portalmail.h"
#include "server/storage/database.h"

namespace {

// Activities read per organisation and pass; a longer backlog goes out over several passes.
constexpr int kActivitiesPerPass = 2000;
// Lines named in one mail; the rest are counted.
constexpr int kLinesPerMail = 30;

struct Activity
{
    QString id;
    qint64 version = 0;
    QDateTime createdAt;
    QString actorId;
    QString actorKind;
    QString action;
    QString entity;
    QString entityId;
    QString projectId;
    QJsonObject details;
};

// One thing a mail names.
struct Entry
{
    QString projectId;
    QString projectName;
    int rank = 0; // order within a project: what waits for the reader first
    QString text;
    QString subject; // when the mail names only this
    QString link;
    QDateTime at;
};

struct Candidate
{
    QString recipientId;
    QString kind;
    QString mode;
    qint64 cursor = 0;
    QDateTime lastSentAt;
};

QString quoted(const QString &text, int max = 140)
{
    QString t = text.simplified();
    if (t.size() > max)
        t = t.left(max - 1) + u'…';
    return u'“' + t + u'”';
}

QString statusWords(const QString &status)
{
    if (status == u"todo")
        return QStringLiteral("To do");
    if (status == u"in_progress")
        return QStringLiteral("In progress");
    if (status == u"done")
        return QStringLiteral("Done");
    return status;
}

std::expected<void, Error> ensureSubscriptions(const QSqlDatabase &db, const QString &now)
{
    // Someone new starts from their own row's version: a contact from accepting the invitation, a
    // staff member from being added; never from the organisation's whole history.
    for (const QString &sql :
        {QStringLiteral("INSERT INTO mail_subscriptions (recipient_id, org_id, recipient_kind, cursor_version, "
                        "updated_at) SELECT s.id, s.org_id, 'staff', s.version, ? FROM staff_users s "
                        "WHERE s.deleted = 0 AND NOT EXISTS (SELECT 1 FROM mail_subscriptions m "
                        "WHERE m.recipient_id = s.id) ON CONFLICT (recipient_id) DO NOTHING"),
            QStringLiteral(
                "INSERT INTO mail_subscriptions (recipient_id, org_id, recipient_kind, cursor_version, "
                "updated_at) SELECT c.id, c.org_id, 'contact', c.version, ? FROM contacts c "
                "WHERE c.deleted = 0 AND c.portal_state = 'active' AND NOT EXISTS (SELECT 1 FROM "
                "mail_subscriptions m WHERE m.recipient_id = c.id) ON CONFLICT (recipient_id) DO NOTHING")}) {
        if (auto r = Database::exec(db, sql, {now}); !r)
            return std::unexpected(r.error());
    }
    return {};
}

// One organisation's pass: the activities after the lowest cursor, and what deciding about them
// needs, each loaded once for all the organisation's recipients.
class OrgPass
{
public:
    OrgPass(const QSqlDatabase &db, const DigestOptions &options, const QDateTime &now, const QString &orgId,
        qint64 through)
        : m_db(db)
        , m_options(options)
        , m_now(now)
        , m_orgId(orgId)
        , m_through(through)
    {
    }

    std::expected<void, Error> load(qint64 fromVersion);
    // Queues this recipient's mail when one is due, or moves its cursor past what concerns it not;
    // true when a mail was queued.
    std::expected<bool, Error> handle(const Candidate &candidate);

private:
    std::expected<QList<Entry>, Error> contactEntries(const Candidate &candidate, PortalActor *actor);
    std::expected<QList<Entry>, Error> staffEntries(const Candidate &candidate, QString *email, QString *name);
    std::expected<std::optional<Entry>, Error> forContact(const PortalActor &actor, const Activity &a);
    std::expected<std::optional<PortalReadModel::PortalItemFacts>, Error> facts(const QString &kind, const QString &id);
    std::expected<void, Error> loadStaffProjects();
    std::expected<QString, Error> personName(const QString &table, const QString &id);
    // Moves the cursor past what this pass read; with a mail, queues it and its link in the same
    // transaction (false when another instance got there first).
    std::expected<bool, Error> moveCursor(
        const Candidate &candidate, const MailMessage *mail = nullptr, const QString &linkHash = {});
    QString portalLink(const QString &path) const;

    QSqlDatabase m_db;
    const DigestOptions &m_options;
    QDateTime m_now;
    QString m_orgId;
    qint64 m_through;
    QList<Activity> m_activities;
    QVariantHash m_org;
    QHash<QString, std::optional<PortalReadModel::PortalItemFacts>> m_facts;
    QHash<QString, QString> m_names;
    bool m_staffProjectsLoaded = false;
    // The language of the mail being written: the contact's (ContactLanguages::forMail); staff get
    // English, like the desktop's mails.
    QString m_language = QStringLiteral("en");
    QHash<QString, QSet<QString>> m_projectsOf; // staff id → the projects they work on
    QSet<QString> m_workedOn; // projects anyone works on
};

std::expected<void, Error> OrgPass::load(qint64 fromVersion)
{
    auto org = SyncStore::loadRow(m_db, *EntitySchema::find(u"organisation"), m_orgId, m_orgId);
    if (!org)
        return std::unexpected(org.error());
    m_org = *org;
    auto q = Database::exec(m_db,
        QStringLiteral("SELECT id, version, created_at, actor_id, actor_kind, action, entity, entity_id, project_id, "
                       "details FROM activities WHERE org_id = ? AND version > ? AND version <= ? AND deleted = 0 "
                       "ORDER BY version LIMIT ?"),
        {m_orgId, fromVersion, m_through, kActivitiesPerPass});
    if (!q)
        return std::unexpected(q.error());
    while (q->next()) {
        Activity a;
        a.id = q->value(0).toString();
        a.version = q->value(1).toLongLong();
        a.createdAt = TimeUtil::fromWire(q->value(2).toString()).value_or(m_now);
        a.actorId = q->value(3).toString();
        a.actorKind = q->value(4).toString();
        a.action = q->value(5).toString();
        a.entity = q->value(6).toString();
        a.entityId = q->value(7).toString();
        a.projectId = q->value(8).toString();
        a.details = QJsonDocument::fromJson(q->value(9).toString().toUtf8()).object();
        m_activities.append(a);
    }
    // A longer backlog: this pass goes as far as it read.
    if (m_activities.size() == kActivitiesPerPass)
        m_through = m_activities.last().version;
    return {};
}

QString OrgPass::portalLink(const QString &path) const
{
    return m_options.publicUrl + QStringLiteral("/p/")
        + QString::fromUtf8(QUrl::toPercentEncoding(m_org.value(QStringLiteral("portal_slug")).toString())) + path;
}

std::expected<std::optional<PortalReadModel::PortalItemFacts>, Error> OrgPass::facts(
    const QString &kind, const QString &id)
{
    const QString key = kind + u'/' + id;
    if (auto found = m_facts.constFind(key); found != m_facts.constEnd())
        return *found;
    auto loaded = PortalReadModel::itemFacts(m_db, m_orgId, kind, id);
    if (!loaded)
        return std::unexpected(loaded.error());
    m_facts.insert(key, *loaded);
    return *loaded;
}

std::expected<QString, Error> OrgPass::personName(const QString &table, const QString &id)
{
    const QString key = table + u'/' + id;
    if (auto found = m_names.constFind(key); found != m_names.constEnd())
        return *found;
    auto q = Database::exec(
        m_db, QStringLiteral("SELECT name FROM %1 WHERE id = ? AND org_id = ?").arg(table), {id, m_orgId});
    if (!q)
        return std::unexpected(q.error());
    const QString name = q->next() ? q->value(0).toString() : QString();
    m_names.insert(key, name);
    return name;
}

// What `a` means to a client, decided now: work shared with them, a staff reply on an item they take
// part in, a sign-off waiting for them; none for anything else or anything they may not see.
std::expected<std::optional<Entry>, Error> OrgPass::forContact(const PortalActor &actor, const Activity &a)
{
    if (a.actorKind != u"staff")
        return std::optional<Entry>();
    const QString verb = a.action.section(u'.', 1);
    const QJsonObject changes = a.details.value(u"changes").toObject();
    QString kind = a.entity;
    QString id = a.entityId;
    PortalAction needed = PortalAction::View;
    QString staffName;
    QString excerpt;
    if (kind == u"task" || kind == u"file") {
        const bool shared =
            verb == u"created" || verb == u"uploaded" || (verb == u"updated" && changes.contains(u"visibility"));
        if (!shared && verb != u"replaced")
            return std::optional<Entry>();
    } else if (kind == u"project") {
        if (verb != u"created" && !(verb == u"updated" && changes.value(u"portal_enabled").toBool()))
            return std::optional<Entry>();
    } else if (kind == u"signoff") {
        if (!(verb == u"created" || (verb == u"updated" && changes.value(u"status").toString() == u"sent")))
            return std::optional<Entry>();
        needed = PortalAction::Approve; // still waiting for an answer
    } else if (kind == u"comment" && verb == u"created") {
        auto comment = SyncStore::loadRow(m_db, *EntitySchema::find(u"comment"), m_orgId, id);
        if (!comment)
            return std::unexpected(comment.error());
        if (comment->isEmpty() || comment->value(QStringLiteral("deleted")).toLongLong() != 0
            || comment->value(QStringLiteral("author_kind")).toString() != u"staff")
            return std::optional<Entry>();
        kind = comment->value(QStringLiteral("target_entity")).toString();
        id = comment->value(QStringLiteral("target_id")).toString();
        if (kind != u"task" && kind != u"file")
            return std::optional<Entry>();
        needed = PortalAction::Comment; // the thread of an item the client takes part in
        auto name = personName(QStringLiteral("staff_users"), comment->value(QStringLiteral("author_id")).toString());
        if (!name)
            return std::unexpected(name.error());
        staffName = *name;
        excerpt = comment->value(QStringLiteral("body")).toString();
    } else {
        return std::optional<Entry>();
    }

    auto item = facts(kind, id);
    if (!item)
        return std::unexpected(item.error());
    if (!*item || !PortalPermissions::allowed(&actor, (*item)->item, needed))
        return std::optional<Entry>();
    // Approvers hear of a sign-off at once, by its own mail with their personal link (Signoffs).
    if (kind == u"signoff" && !(*item)->item.signoffApprovers.isEmpty())
        return std::optional<Entry>();
    const QVariantHash &row = (*item)->row;
    const QString title = row.value(kind == u"file"       ? QStringLiteral("name")
                                     : kind == u"project" ? QStringLiteral("name")
                                                          : QStringLiteral("title"))
                              .toString();
    Entry e;
    e.projectId = (*item)->projectId;
    e.projectName = (*item)->projectName;
    e.at = a.createdAt;
    const QString page = QStringLiteral("/projects/") + e.projectId;
    if (a.entity == u"comment") {
        e.rank = 3;
        e.text = MailText::text(m_language, u"digest.replied").arg(staffName, title, quoted(excerpt));
        e.link = portalLink(page + QStringLiteral("#%1-%2").arg(kind, id));
    } else if (kind == u"signoff") {
        e.rank = 0;
        e.text = MailText::text(m_language, u"digest.waitingSignoff").arg(title);
        e.subject = MailText::text(m_language, u"digest.pleaseReview").arg(title);
        e.link = portalLink(page + QStringLiteral("#signoff-") + id);
    } else if (kind == u"project") {
        e.rank = 1;
        e.text = MailText::text(m_language, u"digest.projectShared").arg(title);
        e.link = portalLink(page);
    } else {
        e.rank = 2;
        e.text = MailText::text(m_language, verb == u"replaced" ? u"digest.newVersion" : u"digest.shared").arg(title);
        e.link = portalLink(page + QStringLiteral("#%1-%2").arg(kind, id));
    }
    if (e.subject.isEmpty())
        e.subject = e.text;
    return std::optional<Entry>(e);
}

std::expected<QList<Entry>, Error> OrgPass::contactEntries(const Candidate &candidate, PortalActor *actor)
{
    auto q = Database::exec(m_db,
        QStringLiteral(
            "SELECT c.client_id, c.email, c.name, c.portal_state, c.deleted, cl.deleted FROM contacts c "
            "JOIN clients cl ON cl.id = c.client_id AND cl.org_id = c.org_id WHERE c.id = ? AND c.org_id = ?"),
        {candidate.recipientId, m_orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return QList<Entry>();
    actor->contactId = candidate.recipientId;
    actor->orgId = m_orgId;
    actor->clientId = q->value(0).toString();
    actor->email = q->value(1).toString();
    actor->name = q->value(2).toString();
    actor->portalState = q->value(3).toString();
    actor->contactDeleted = q->value(4).toLongLong() != 0;
    actor->clientDeleted = q->value(5).toLongLong() != 0;
    q->finish();
    m_language = ContactLanguages::forMail(m_orgId, candidate.recipientId);
    QList<Entry> entries;
    if (!PortalPermissions::actorActive(*actor))
        return entries;
    QSet<QString> named; // one line per item, however often it changed
    for (const Activity &a : std::as_const(m_activities)) {
        if (a.version <= candidate.cursor)
            continue;
        auto entry = forContact(*actor, a);
        if (!entry)
            return std::unexpected(entry.error());
        if (!*entry)
            continue;
        const QString key = a.entity == u"comment" ? a.entityId : (*entry)->link;
        if (named.contains(key))
            continue;
        named.insert(key);
        entries.append(**entry);
    }
    return entries;
}

// Whose projects a staff member hears about: the desktop's Inbox rule (LocalCache::inboxItems), so
// mail and Inbox agree. A staff member works on a project when a task of it is assigned to them or
// they did something in it; a project nobody works on concerns everyone.
std::expected<void, Error> OrgPass::loadStaffProjects()
{
    if (m_staffProjectsLoaded)
        return {};
    auto q = Database::exec(m_db,
        QStringLiteral(
            "SELECT assignee_id, project_id FROM tasks WHERE org_id = ? AND deleted = 0 AND assignee_id IS NOT "
            "NULL UNION SELECT actor_id, project_id FROM activities WHERE org_id = ? AND actor_kind = 'staff' "
            "AND project_id IS NOT NULL AND actor_id IS NOT NULL"),
        {m_orgId, m_orgId});
    if (!q)
        return std::unexpected(q.error());
    while (q->next()) {
        m_projectsOf[q->value(0).toString()].insert(q->value(1).toString());
        m_workedOn.insert(q->value(1).toString());
    }
    m_staffProjectsLoaded = true;
    return {};
}

std::expected<QList<Entry>, Error> OrgPass::staffEntries(const Candidate &candidate, QString *email, QString *name)
{
    auto user = Database::exec(m_db,
        QStringLiteral("SELECT email, name FROM staff_users WHERE id = ? AND org_id = ? AND deleted = 0"),
        {candidate.recipientId, m_orgId});
    if (!user)
        return std::unexpected(user.error());
    if (!user->next())
        return QList<Entry>();
    *email = user->value(0).toString();
    *name = user->value(1).toString();
    user->finish();

    bool anyFromClients = false;
    for (const Activity &a : std::as_const(m_activities))
        anyFromClients = anyFromClients || (a.version > candidate.cursor && a.actorKind == u"contact");
    if (!anyFromClients)
        return QList<Entry>();
    if (auto r = loadStaffProjects(); !r)
        return std::unexpected(r.error());
    // What the desktop's Inbox shows as read is not mailed.
    auto marks = Database::exec(m_db,
        QStringLiteral("SELECT activity_id, through_version FROM inbox_marks WHERE org_id = ? AND user_id = ? AND "
                       "deleted = 0"),
        {m_orgId, candidate.recipientId});
    if (!marks)
        return std::unexpected(marks.error());
    QSet<QString> read;
    qint64 readThrough = 0;
    while (marks->next()) {
        if (!marks->value(0).toString().isEmpty())
            read.insert(marks->value(0).toString());
        readThrough = qMax(readThrough, marks->value(1).toLongLong());
    }
    const QSet<QString> mine = m_projectsOf.value(candidate.recipientId);

    QList<Entry> entries;
    for (const Activity &a : std::as_const(m_activities)) {
        if (a.version <= candidate.cursor || a.actorKind != u"contact")
            continue;
        if (!a.projectId.isEmpty() && !mine.contains(a.projectId) && m_workedOn.contains(a.projectId))
            continue;
        if (a.version <= readThrough || read.contains(a.id))
            continue;
        auto who = personName(QStringLiteral("contacts"), a.actorId);
        if (!who)
            return std::unexpected(who.error());
        const QString label = a.details.value(u"label").toString();
        Entry e;
        e.projectId = a.projectId;
        e.at = a.createdAt;
        e.rank = 0;
        if (a.action == u"comment.created")
            e.text = QStringLiteral("%1 commented on %2: %3")
                         .arg(*who, label, quoted(a.details.value(u"excerpt").toString()));
        else if (a.action == u"task.updated")
            e.text =
                QStringLiteral("%1 changed %2 to %3")
                    .arg(*who, label, statusWords(a.details.value(u"changes").toObject().value(u"status").toString()));
        else if (a.action == u"file.uploaded")
            e.text = QStringLiteral("%1 uploaded %2").arg(*who, label);
        else if (a.action == u"file.replaced")
            e.text = QStringLiteral("%1 uploaded a new version of %2").arg(*who, label);
        else if (a.action == u"signoff.approved" || a.action == u"signoff.rejected") {
            e.text = QStringLiteral("%1 %2 %3")
                         .arg(*who,
                             a.action == u"signoff.approved" ? QStringLiteral("approved") : QStringLiteral("rejected"),
                             label);
            if (const QString comment = a.details.value(u"comment").toString(); !comment.isEmpty())
                e.text += QStringLiteral(": ") + quoted(comment);
        } else if (a.action == u"contact.signed_up")
            e.text = QStringLiteral("%1 accepted the invitation to the client portal").arg(*who);
        else
            continue;
        e.subject = e.text;
        if (!a.projectId.isEmpty()) {
            auto project = facts(QStringLiteral("project"), a.projectId);
            if (!project)
                return std::unexpected(project.error());
            e.projectName = *project ? (*project)->projectName : QString();
        }
        entries.append(e);
    }
    return entries;
}

std::expected<bool, Error> OrgPass::moveCursor(
    const Candidate &candidate, const MailMessage *mail, const QString &linkHash)
{
    const QString now = TimeUtil::toWire(m_now);
    if (!mail) {
        auto r = Database::exec(m_db,
            QStringLiteral("UPDATE mail_subscriptions SET cursor_version = ? WHERE recipient_id = ? AND "
                           "cursor_version = ?"),
            {m_through, candidate.recipientId, candidate.cursor});
        if (!r)
            return std::unexpected(r.error());
        return false;
    }
    WriteTransaction tx(m_db, QString());
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    // Compare and set: another instance that got here first, or a recipient who just turned mail off,
    // leaves this one nothing to do.
    auto moved = Database::exec(tx.db(),
        QStringLiteral("UPDATE mail_subscriptions SET cursor_version = ?, last_sent_at = ? WHERE recipient_id = ? "
                       "AND cursor_version = ? AND mode = ?"),
        {m_through, now, candidate.recipientId, candidate.cursor, candidate.mode});
    if (!moved)
        return std::unexpected(moved.error());
    if (moved->numRowsAffected() != 1)
        return false;
    if (auto r = Database::exec(tx.db(),
            QStringLiteral("INSERT INTO mail_links (token_hash, org_id, recipient_id, created_at) VALUES (?, ?, ?, ?)"),
            {linkHash, m_orgId, candidate.recipientId, now});
        !r)
        return std::unexpected(r.error());
    if (auto r = Mailer::enqueue(tx, m_orgId, *mail); !r)
        return std::unexpected(r.error());
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return true;
}

std::expected<bool, Error> OrgPass::handle(const Candidate &candidate)
{
    m_language = QStringLiteral("en");
    PortalActor actor;
    QString email;
    QString name;
    auto entries =
        candidate.kind == u"contact" ? contactEntries(candidate, &actor) : staffEntries(candidate, &email, &name);
    if (!entries)
        return std::unexpected(entries.error());
    if (entries->isEmpty())
        return moveCursor(candidate);

    // Due? The oldest thing has waited a batch for company, and the last mail is far enough back.
    QDateTime oldest = entries->first().at;
    for (const Entry &e : std::as_const(*entries))
        oldest = qMin(oldest, e.at);
    const int spacing = candidate.mode == u"daily" ? m_options.dailySeconds : m_options.batchSeconds;
    if (oldest.secsTo(m_now) < m_options.batchSeconds
        || (candidate.lastSentAt.isValid() && candidate.lastSentAt.secsTo(m_now) < spacing))
        return false;

    if (candidate.kind == u"contact") {
        email = actor.email;
        name = actor.name;
    }
    if (!EntitySchema::isValidEmail(email))
        return moveCursor(candidate);

    // The links that change this recipient's mail without signing in.
    const QByteArray token = Passwords::randomToken("ml_");

    std::stable_sort(entries->begin(), entries->end(), [](const Entry &a, const Entry &b) {
        if (a.projectName != b.projectName)
            return a.projectName.localeAwareCompare(b.projectName) < 0;
        return a.rank < b.rank;
    });
    const QString orgName = m_org.value(QStringLiteral("name")).toString();
    MailDigest d;
    d.to = email;
    d.recipientName = name;
    int named = 0;
    for (const Entry &e : std::as_const(*entries)) {
        if (named == kLinesPerMail)
            break;
        const QString heading = e.projectName.isEmpty() ? QStringLiteral("Your clients") : e.projectName;
        if (d.sections.isEmpty() || d.sections.last().heading != heading)
            d.sections.append(MailDigest::Section{heading, {}});
        d.sections.last().lines.append(MailDigest::Line{e.text, e.link});
        ++named;
    }
    const qsizetype more = entries->size() - named;
    d.preferencesLink = portalLink(QStringLiteral("/email#") + QString::fromLatin1(token));
    d.unsubscribeUrl =
        m_options.publicUrl + QStringLiteral("/api/v1/mail/unsubscribe?token=") + QString::fromLatin1(token);
    if (candidate.kind == u"contact") {
        const auto tr = [this](QStringView key) {
            return MailText::text(m_language, key);
        };
        d.language = m_language;
        const Entry &first = entries->first();
        d.subject = entries->size() == 1 ? first.subject : tr(u"digest.updates").arg(entries->size()).arg(orgName);
        d.intro = tr(u"digest.intro").arg(orgName);
        if (more > 0)
            d.intro += u' ' + tr(u"digest.more").arg(more);
        d.buttonText = tr(u"digest.button");
        d.buttonLink = portalLink(
            d.sections.size() == 1 ? QStringLiteral("/projects/") + first.projectId : QStringLiteral("/projects"));
        d.why = tr(u"digest.why").arg(orgName);
    } else {
        d.subject = entries->size() == 1 ? entries->first().subject
                                         : QStringLiteral("%1 updates from your clients").arg(entries->size());
        d.intro = QStringLiteral("Your clients were busy in %1's client portal. Answer them from Atrium's Inbox.")
                      .arg(orgName);
        if (more > 0)
            d.intro += QStringLiteral(" %1 more are in the Inbox.").arg(more);
        d.why = QStringLiteral("You get this e-mail because you work on these projects in Atrium.");
    }
    if (d.subject.size() > 120)
        d.subject = d.subject.left(119) + u'…';
    const MailMessage mail = PortalMail::digest(m_org, d);
    return moveCursor(candidate, &mail, Passwords::tokenHash(token));
}

std::expected<std::optional<MailDigests::Subscription>, Error> subscriptionByLink(
    const QSqlDatabase &db, const QString &token)
{
    if (!token.startsWith(u"ml_") || token.size() > 200)
        return std::optional<MailDigests::Subscription>();
    const QString oldest = TimeUtil::toWire(QDateTime::currentDateTimeUtc().addDays(-MailDigests::linkLifetimeDays));
    auto q = Database::exec(db,
        QStringLiteral("SELECT m.recipient_id, m.recipient_kind, m.org_id, m.mode, o.name, o.portal_slug, "
                       "COALESCE(s.email, c.email), COALESCE(s.deleted, c.deleted) FROM mail_links l "
                       "JOIN mail_subscriptions m ON m.recipient_id = l.recipient_id AND m.org_id = l.org_id "
                       "JOIN organisations o ON o.id = m.org_id "
                       "LEFT JOIN staff_users s ON m.recipient_kind = 'staff' AND s.id = m.recipient_id "
                       "LEFT JOIN contacts c ON m.recipient_kind = 'contact' AND c.id = m.recipient_id "
                       "WHERE l.token_hash = ? AND l.created_at >= ?"),
        {Passwords::tokenHash(token.toLatin1()), oldest});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next() || q->value(7).toLongLong() != 0 || q->value(6).isNull())
        return std::optional<MailDigests::Subscription>();
    MailDigests::Subscription s;
    s.recipientId = q->value(0).toString();
    s.recipientKind = q->value(1).toString();
    s.orgId = q->value(2).toString();
    s.mode = q->value(3).toString();
    s.organisation = q->value(4).toString();
    s.slug = q->value(5).toString();
    s.email = q->value(6).toString();
    return std::optional<MailDigests::Subscription>(s);
}

} // namespace

bool MailDigests::isMode(const QString &mode)
{
    return mode == u"immediate" || mode == u"daily" || mode == u"off";
}

std::expected<int, Error> MailDigests::run(const DigestOptions &options, const QDateTime &now)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    if (auto r = ensureSubscriptions(*db, TimeUtil::toWire(now)); !r)
        return std::unexpected(r.error());
    // Who may have something new: anyone behind their organisation's latest change.
    auto q = Database::exec(*db,
        QStringLiteral("SELECT m.recipient_id, m.recipient_kind, m.mode, m.cursor_version, m.last_sent_at, m.org_id, "
                       "q.last_version FROM mail_subscriptions m JOIN org_sequences q ON q.org_id = m.org_id "
                       "WHERE m.mode <> 'off' AND m.cursor_version < q.last_version ORDER BY m.org_id"));
    if (!q)
        return std::unexpected(q.error());
    struct OrgCandidates
    {
        qint64 through = 0;
        QList<Candidate> candidates;
    };
    QList<QPair<QString, OrgCandidates>> orgs;
    while (q->next()) {
        const QString orgId = q->value(5).toString();
        if (orgs.isEmpty() || orgs.last().first != orgId)
            orgs.append({orgId, OrgCandidates{q->value(6).toLongLong(), {}}});
        Candidate c;
        c.recipientId = q->value(0).toString();
        c.kind = q->value(1).toString();
        c.mode = q->value(2).toString();
        c.cursor = q->value(3).toLongLong();
        if (!q->value(4).isNull())
            c.lastSentAt = TimeUtil::fromWire(q->value(4).toString()).value_or(QDateTime());
        orgs.last().second.candidates.append(c);
    }
    q->finish();

    int queued = 0;
    for (const auto &[orgId, group] : std::as_const(orgs)) {
        qint64 from = group.through;
        for (const Candidate &c : group.candidates)
            from = qMin(from, c.cursor);
        OrgPass pass(*db, options, now, orgId, group.through);
        if (auto r = pass.load(from); !r)
            return std::unexpected(r.error());
        for (const Candidate &c : group.candidates) {
            auto sent = pass.handle(c);
            if (!sent) {
                // One recipient's trouble (a busy database) waits for the next pass; the others go on.
                qCWarning(lcNotifications).noquote()
                    << "notification mail for" << c.recipientId << "waits:" << sent.error().message;
                continue;
            }
            queued += *sent ? 1 : 0;
        }
    }
    return queued;
}

std::expected<std::optional<MailDigests::Subscription>, Error> MailDigests::byLink(const QString &token)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    return subscriptionByLink(*db, token);
}

std::expected<std::optional<MailDigests::Subscription>, Error> MailDigests::setModeByLink(
    const QString &token, const QString &mode)
{
    auto found = byLink(token);
    if (!found || !*found)
        return found;
    if (auto r = setMode((*found)->orgId, (*found)->recipientId, (*found)->recipientKind, mode); !r)
        return std::unexpected(r.error());
    (*found)->mode = mode;
    return found;
}

std::expected<QString, Error> MailDigests::mode(const QString &orgId, const QString &recipientId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q =
        Database::exec(*db, QStringLiteral("SELECT mode FROM mail_subscriptions WHERE recipient_id = ? AND org_id = ?"),
            {recipientId, orgId});
    if (!q)
        return std::unexpected(q.error());
    return q->next() ? q->value(0).toString() : QStringLiteral("immediate");
}

std::expected<void, Error> MailDigests::setMode(
    const QString &orgId, const QString &recipientId, const QString &recipientKind, const QString &mode)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    // Turning mail back on starts from now, not from everything that happened while it was off.
    auto r = Database::exec(*db,
        QStringLiteral(
            "INSERT INTO mail_subscriptions (recipient_id, org_id, recipient_kind, mode, cursor_version, updated_at) "
            "VALUES (?, ?, ?, ?, COALESCE((SELECT last_version FROM org_sequences WHERE org_id = ?), 0), ?) "
            "ON CONFLICT (recipient_id) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at, "
            "cursor_version = CASE WHEN mail_subscriptions.mode = 'off' AND excluded.mode <> 'off' "
            "THEN excluded.cursor_version ELSE mail_subscriptions.cursor_version END"),
        {recipientId, orgId, recipientKind, mode, orgId, TimeUtil::nowWire()});
    if (!r)
        return std::unexpected(r.error());
    return {};
}

std::expected<int, Error> MailDigests::purgeLinks()
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto r = Database::exec(*db, QStringLiteral("DELETE FROM mail_links WHERE created_at < ?"),
        {TimeUtil::toWire(QDateTime::currentDateTimeUtc().addDays(-linkLifetimeDays))});
    if (!r)
        return std::unexpected(r.error());
    return r->numRowsAffected();
}
