// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/syncstore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlRecord>

#include <algorithm>

#include "common/filenamerule.h"
#include "common/timeutil.h"
#include "server/domain/logging.h"
#include "server/domain/passwords.h"
#include "server/mail/mailer.h"
#include "server/mail/portalmail.h"
#include "server/storage/database.h"

namespace {

Error rejection(const QString &code, const QString &message)
{
    return Error{code, message};
}

QVariantHash rowFromQuery(const QSqlQuery &q, const QStringList &columns)
{
    QVariantHash row;
    for (int i = 0; i < columns.size(); ++i)
        row.insert(columns.at(i), q.value(i));
    return row;
}

QString selectList(const EntitySpec &spec)
{
    return spec.columns().join(u", ");
}

// Storage values compare through their JSON form, so 1 and true, or "" and "" from two drivers, agree.
bool sameValue(const FieldSpec &field, const QVariant &a, const QVariant &b)
{
    return EntitySchema::toJson(field, a) == EntitySchema::toJson(field, b);
}

QString entityLabel(const EntitySpec &spec, const QVariantHash &row)
{
    if (spec.name == u"invite") {
        const QString to = row.value(QStringLiteral("sent_to")).toString();
        return (row.value(QStringLiteral("kind")).toString() == u"link" ? QStringLiteral("Link invite")
                                                                        : QStringLiteral("E-mail invite"))
            + (to.isEmpty() ? QString() : QStringLiteral(" for ") + to);
    }
    for (const char *name : {"name", "title"}) {
        const QString key = QString::fromLatin1(name);
        if (spec.field(key))
            return row.value(key).toString();
    }
    return row.value(QStringLiteral("id")).toString();
}

QString projectOf(const EntitySpec &spec, const QVariantHash &row)
{
    if (spec.name == u"project")
        return row.value(QStringLiteral("id")).toString();
    return row.value(QStringLiteral("project_id")).toString();
}

// Decides what a mutation does; owns the rules of each entity.
class MutationApplier
{
public:
    MutationApplier(WriteTransaction &tx, const Actor &actor)
        : m_tx(tx)
        , m_actor(actor)
    {
    }

    // A storage failure aborts the whole batch (returned as unexpected); every other outcome is a
    // result object.
    std::expected<QJsonObject, Error> apply(const QJsonObject &mutation);

private:
    std::expected<QJsonObject, Error> create(const EntitySpec &spec, const QString &id, const QJsonObject &fields);
    std::expected<QJsonObject, Error> update(
        const EntitySpec &spec, const QString &id, const QJsonObject &base, const QJsonObject &fields);
    std::expected<QJsonObject, Error> remove(const EntitySpec &spec, const QString &id);

    // Validation that needs the database: references within the organisation and entity rules.
    // Returns an empty Error code when fine; a storage failure comes back as unexpected.
    std::expected<Error, Error> checkReferences(
        const EntitySpec &spec, const QVariantHash &values, const QStringList &changed);
    std::expected<Error, Error> checkRules(const EntitySpec &spec, const QVariantHash &current, QVariantHash &values,
        const QStringList &changed, bool creating);
    std::expected<bool, Error> exists(const QString &entity, const QString &id);
    std::expected<void, Error> refreshPortalState(const QString &contactId);
    std::expected<void, Error> endPortalAccount(const QString &contactId);
    std::expected<void, Error> withdrawOpenInvites(const QString &contactId);
    std::expected<void, Error> queueInviteMail(const QVariantHash &invite);
    std::expected<QVariant, Error> frozenFileVersions(const EntitySpec &spec, const QVariantHash &signoff);
    std::expected<void, Error> queueSignoffMail(const QVariantHash &signoff);
    std::expected<QString, Error> recordConflict(const EntitySpec &spec, const QString &id, const QString &field,
        const QJsonValue &rejected, const QJsonValue &serverValue, const QString &reason);

    QJsonObject rejected(const Error &error) const
    {
        return QJsonObject{{QStringLiteral("mutation_id"), m_mutationId},
            {QStringLiteral("status"), QStringLiteral("rejected")},
            {QStringLiteral("error"),
                QJsonObject{{QStringLiteral("code"), error.code}, {QStringLiteral("message"), error.message}}}};
    }

    WriteTransaction &m_tx;
    const Actor &m_actor;
    QString m_mutationId;
    QByteArray m_inviteToken; // of an invite created by this mutation, handed back once
};

std::expected<QJsonObject, Error> MutationApplier::apply(const QJsonObject &mutation)
{
    m_mutationId = mutation.value(u"mutation_id").toString();
    const QString entity = mutation.value(u"entity").toString();
    const QString id = mutation.value(u"id").toString();
    const QString op = mutation.value(u"op").toString();

    const EntitySpec *spec = EntitySchema::find(entity);
    if (!spec)
        return rejected(
            rejection(QStringLiteral("unknown_entity"), QStringLiteral("Unknown entity \"%1\".").arg(entity)));
    if (!EntitySchema::isUuid(id))
        return rejected(rejection(QStringLiteral("invalid_id"), QStringLiteral("\"id\" must be a lower-case UUID.")));
    if (spec->adminOnly && !m_actor.isAdmin())
        return rejected(rejection(
            QStringLiteral("forbidden"), QStringLiteral("Only administrators may change the %1.").arg(spec->name)));
    const QJsonValue base = mutation.value(u"base");
    const QJsonValue fields = mutation.value(u"fields");
    if (!(base.isUndefined() || base.isNull() || base.isObject())
        || !(fields.isUndefined() || fields.isNull() || fields.isObject()))
        return rejected(
            rejection(QStringLiteral("invalid_mutation"), QStringLiteral("\"base\" and \"fields\" must be objects.")));

    if (op == u"create") {
        if (!spec->pushCreate)
            return rejected(rejection(
                QStringLiteral("not_allowed"), QStringLiteral("A %1 cannot be created by sync.").arg(spec->name)));
        return create(*spec, id, fields.toObject());
    }
    if (op == u"update") {
        if (!spec->pushUpdate)
            return rejected(rejection(
                QStringLiteral("not_allowed"), QStringLiteral("A %1 cannot be changed by sync.").arg(spec->name)));
        return update(*spec, id, base.toObject(), fields.toObject());
    }
    if (op == u"delete") {
        if (!spec->pushDelete)
            return rejected(rejection(
                QStringLiteral("not_allowed"), QStringLiteral("A %1 cannot be deleted by sync.").arg(spec->name)));
        return remove(*spec, id);
    }
    return rejected(
        rejection(QStringLiteral("invalid_op"), QStringLiteral("\"op\" must be create, update or delete.")));
}

std::expected<bool, Error> MutationApplier::exists(const QString &entity, const QString &id)
{
    const EntitySpec *spec = EntitySchema::find(entity);
    if (!spec)
        return false;
    auto q = Database::exec(m_tx.db(),
        QStringLiteral("SELECT 1 FROM %1 WHERE id = ? AND org_id = ? AND deleted = 0").arg(spec->table),
        {id, m_actor.orgId});
    if (!q)
        return std::unexpected(q.error());
    return q->next();
}

std::expected<Error, Error> MutationApplier::checkReferences(
    const EntitySpec &spec, const QVariantHash &values, const QStringList &changed)
{
    for (const FieldSpec &field : spec.fields) {
        if (!changed.contains(field.name) || field.references.isEmpty())
            continue;
        const QVariant value = values.value(field.name);
        QStringList ids;
        if (field.type == FieldType::UuidList) {
            const QJsonArray array = EntitySchema::toJson(field, value).toArray();
            for (const QJsonValue &v : array)
                ids.append(v.toString());
        } else if (!value.isNull()) {
            ids.append(value.toString());
        }
        for (const QString &refId : std::as_const(ids)) {
            auto found = exists(field.references, refId);
            if (!found)
                return std::unexpected(found.error());
            if (!*found)
                return rejection(QStringLiteral("invalid_reference"),
                    QStringLiteral("\"%1\" points to a %2 that does not exist.").arg(field.name, field.references));
        }
    }
    return Error{};
}

std::expected<Error, Error> MutationApplier::checkRules(const EntitySpec &spec, const QVariantHash &current,
    QVariantHash &values, const QStringList &changed, bool creating)
{
    const QString &name = spec.name;
    if (name == u"organisation") {
        if (changed.contains(u"portal_slug")
            && !EntitySchema::isValidSlug(values.value(QStringLiteral("portal_slug")).toString()))
            return rejection(QStringLiteral("invalid_field"),
                QStringLiteral("The portal address may use a-z, 0-9 and hyphens, 3 to 63 characters."));
        if (changed.contains(u"portal_custom_host") && !values.value(QStringLiteral("portal_custom_host")).isNull()) {
            // Host names compare without regard to case: lower-cased before the uniqueness check,
            // as they are stored, so "Portal.Example.com" finds "portal.example.com".
            const QString host = values.value(QStringLiteral("portal_custom_host")).toString().trimmed().toLower();
            if (!EntitySchema::isValidHostName(host))
                return rejection(QStringLiteral("invalid_field"),
                    QStringLiteral("The custom host must be a host name like portal.example.com."));
            values.insert(QStringLiteral("portal_custom_host"), host);
        }
        if (changed.contains(u"portal_slug") || changed.contains(u"portal_custom_host")) {
            auto q = Database::exec(m_tx.db(),
                QStringLiteral("SELECT portal_slug, portal_custom_host FROM organisations WHERE id <> ? "
                               "AND (portal_slug = ? OR lower(portal_custom_host) = ?)"),
                {m_actor.orgId, values.value(QStringLiteral("portal_slug")),
                    values.value(QStringLiteral("portal_custom_host"))});
            if (!q)
                return std::unexpected(q.error());
            if (q->next())
                return rejection(
                    QStringLiteral("slug_taken"), QStringLiteral("That portal address is already in use."));
        }
        if (changed.contains(u"brand_logo_file_id") && !values.value(QStringLiteral("brand_logo_file_id")).isNull()) {
            // A logo the server re-encoded (POST /api/v1/organisations/{id}/logo), never a project file.
            auto q = Database::exec(m_tx.db(), QStringLiteral("SELECT 1 FROM brand_logos WHERE id = ? AND org_id = ?"),
                {values.value(QStringLiteral("brand_logo_file_id")), m_actor.orgId});
            if (!q)
                return std::unexpected(q.error());
            if (!q->next())
                return rejection(QStringLiteral("invalid_reference"), QStringLiteral("The logo does not exist."));
        }
    } else if (name == u"file") {
        // The one name rule of uploads holds for renames and moves too (common/filenamerule.h).
        for (const char *key : {"name", "folder"}) {
            const QString field = QString::fromLatin1(key);
            if (!changed.contains(field))
                continue;
            const QString value = values.value(field).toString();
            const auto valid =
                field == u"name" ? FileNameRule::validateFileName(value) : FileNameRule::validateFolderPath(value);
            if (!valid)
                return rejection(QStringLiteral("invalid_field"), FileNameRule::errorMessage(valid.error(), field));
            values.insert(field, *valid);
        }
    } else if (name == u"staff_user") {
        // Never leave the organisation without an administrator.
        const bool demoting = changed.contains(u"role") && values.value(QStringLiteral("role")).toString() != u"admin"
            && current.value(QStringLiteral("role")).toString() == u"admin";
        if (demoting) {
            auto q = Database::exec(m_tx.db(),
                QStringLiteral("SELECT COUNT(*) FROM staff_users WHERE org_id = ? AND role = 'admin' AND deleted = 0"),
                {m_actor.orgId});
            if (!q)
                return std::unexpected(q.error());
            if (q->next() && q->value(0).toLongLong() <= 1)
                return rejection(
                    QStringLiteral("last_admin"), QStringLiteral("The organisation needs at least one administrator."));
        }
    } else if (name == u"contact") {
        // The portal state follows invites and accounts; staff may only revoke access.
        if (changed.contains(u"portal_state")) {
            const QString state = values.value(QStringLiteral("portal_state")).toString();
            const QString was =
                creating ? QStringLiteral("none") : current.value(QStringLiteral("portal_state")).toString();
            if (state != was && state != u"revoked")
                return rejection(QStringLiteral("invalid_field"),
                    QStringLiteral("The portal state changes through invitations; staff can only revoke access."));
            if (state == u"revoked" && state != was && !m_actor.isAdmin())
                return rejection(
                    QStringLiteral("forbidden"), QStringLiteral("Only administrators may revoke portal access."));
        }
        // What a client signs in with, and whose projects it sees, is its account: only an
        // administrator changes that of a contact with portal access (with "forgot password", a new
        // address would hand the account to whoever reads that mailbox).
        if (!creating && current.value(QStringLiteral("portal_state")).toString() == u"active" && !m_actor.isAdmin()
            && ((changed.contains(u"email")
                    && values.value(QStringLiteral("email")).toString().trimmed().toLower()
                        != current.value(QStringLiteral("email")).toString().trimmed().toLower())
                || changed.contains(u"client_id")))
            return rejection(QStringLiteral("forbidden"),
                QStringLiteral("Only administrators may change the e-mail address or client of a contact with portal "
                               "access."));
        if (changed.contains(u"email")) {
            const QString email = values.value(QStringLiteral("email")).toString().trimmed();
            if (!email.isEmpty() && !EntitySchema::isValidEmail(email))
                return rejection(
                    QStringLiteral("invalid_field"), QStringLiteral("\"email\" is not a valid e-mail address."));
            values.insert(QStringLiteral("email"), email);
        }
    } else if (name == u"signoff") {
        if (changed.contains(u"status")) {
            const QString to = values.value(QStringLiteral("status")).toString();
            const QString from =
                creating ? QStringLiteral("draft") : current.value(QStringLiteral("status")).toString();
            // Staff send and withdraw; only the client approves or rejects, in the portal.
            static const QList<QPair<QString, QString>> allowed = {
                {QStringLiteral("draft"), QStringLiteral("sent")},
                {QStringLiteral("sent"), QStringLiteral("withdrawn")},
                {QStringLiteral("draft"), QStringLiteral("withdrawn")},
                {QStringLiteral("withdrawn"), QStringLiteral("draft")},
            };
            if (to != from && !allowed.contains(qMakePair(from, to)))
                return rejection(QStringLiteral("invalid_transition"),
                    QStringLiteral("A sign-off cannot go from %1 to %2.").arg(from, to));
            if (to == u"sent" && from != u"sent") {
                values.insert(QStringLiteral("sent_at"), TimeUtil::nowWire());
                auto frozen = frozenFileVersions(spec, values);
                if (!frozen)
                    return std::unexpected(frozen.error());
                values.insert(QStringLiteral("sent_file_versions"), *frozen);
            }
        }
        if (!creating && current.value(QStringLiteral("status")).toString() != u"draft"
            && current.value(QStringLiteral("status")).toString() != u"withdrawn"
            && (changed.contains(u"title") || changed.contains(u"description") || changed.contains(u"file_ids")))
            return rejection(
                QStringLiteral("frozen"), QStringLiteral("A sign-off that was sent can no longer be edited."));
        if (changed.contains(u"file_ids")) {
            // Attached files must belong to the sign-off's project.
            const FieldSpec *fileIds = spec.field(u"file_ids");
            const QJsonArray ids = EntitySchema::toJson(*fileIds, values.value(QStringLiteral("file_ids"))).toArray();
            const QString projectId = creating ? values.value(QStringLiteral("project_id")).toString()
                                               : current.value(QStringLiteral("project_id")).toString();
            for (const QJsonValue &fileId : ids) {
                auto q = Database::exec(m_tx.db(),
                    QStringLiteral(
                        "SELECT 1 FROM files WHERE id = ? AND org_id = ? AND project_id = ? AND deleted = 0"),
                    {fileId.toString(), m_actor.orgId, projectId});
                if (!q)
                    return std::unexpected(q.error());
                if (!q->next())
                    return rejection(QStringLiteral("invalid_reference"),
                        QStringLiteral("A sign-off can only attach files of its own project."));
            }
        }
    } else if (name == u"comment" && creating) {
        auto found = exists(values.value(QStringLiteral("target_entity")).toString(),
            values.value(QStringLiteral("target_id")).toString());
        if (!found)
            return std::unexpected(found.error());
        if (!*found)
            return rejection(
                QStringLiteral("invalid_reference"), QStringLiteral("The comment's target does not exist."));
        values.insert(QStringLiteral("author_id"), m_actor.userId);
        values.insert(QStringLiteral("author_kind"), QStringLiteral("staff"));
    } else if (name == u"invite") {
        if (creating) {
            if (values.value(QStringLiteral("expires_at")).isNull())
                values.insert(
                    QStringLiteral("expires_at"), TimeUtil::toWire(QDateTime::currentDateTimeUtc().addDays(14)));
            auto q = Database::exec(m_tx.db(),
                QStringLiteral("SELECT c.email, c.portal_state, cl.deleted FROM contacts c LEFT JOIN clients cl "
                               "ON cl.id = c.client_id AND cl.org_id = c.org_id WHERE c.id = ? AND c.org_id = ?"),
                {values.value(QStringLiteral("contact_id")), m_actor.orgId});
            if (!q)
                return std::unexpected(q.error());
            const bool found = q->next();
            const QString email = found ? q->value(0).toString() : QString();
            const QString state = found ? q->value(1).toString() : QString();
            const bool clientGone = !found || q->value(2).isNull() || q->value(2).toLongLong() != 0;
            q->finish();
            // An invite makes an account; it never reaches one that exists. A client who cannot sign
            // in chooses a new password on the sign-in page.
            if (state == u"active")
                return rejection(QStringLiteral("contact_active"),
                    QStringLiteral("This contact already has portal access. If they cannot sign in, they can choose "
                                   "a new password with \"Forgot password\" on the sign-in page."));
            // Access an administrator ended comes back only through an administrator.
            if (state == u"revoked" && !m_actor.isAdmin())
                return rejection(QStringLiteral("forbidden"),
                    QStringLiteral("Only administrators may invite a contact whose portal access was revoked."));
            if (clientGone)
                return rejection(
                    QStringLiteral("invalid_reference"), QStringLiteral("The contact's client was deleted."));
            if (values.value(QStringLiteral("kind")).toString() == u"email" && email.isEmpty())
                return rejection(
                    QStringLiteral("invalid_field"), QStringLiteral("The contact has no e-mail address to invite."));
            values.insert(QStringLiteral("sent_to"), email);
            // 32 random bytes; only the hash is kept. A link invite's token goes back to its creator
            // in the push result (the e-mail carries an e-mail invite's).
            m_inviteToken = Passwords::randomToken("inv_");
            values.insert(QStringLiteral("token_hash"), Passwords::tokenHash(m_inviteToken));
        }
        if (changed.contains(u"revoked_at") && !values.value(QStringLiteral("revoked_at")).isNull()) {
            // The server's clock decides when access ended.
            values.insert(QStringLiteral("revoked_at"), TimeUtil::nowWire());
        }
        if (!creating && changed.contains(u"revoked_at") && values.value(QStringLiteral("revoked_at")).isNull()
            && !current.value(QStringLiteral("revoked_at")).isNull())
            return rejection(
                QStringLiteral("invalid_field"), QStringLiteral("A revoked invite stays revoked; send a new one."));
    } else if (name == u"conflict") {
        if (current.value(QStringLiteral("author_id")).toString() != m_actor.userId)
            return rejection(QStringLiteral("not_found"), QStringLiteral("No such conflict."));
    }
    return Error{};
}

std::expected<QString, Error> MutationApplier::recordConflict(const EntitySpec &spec, const QString &id,
    const QString &field, const QJsonValue &rejectedValue, const QJsonValue &serverValue, const QString &reason)
{
    const EntitySpec *conflictSpec = EntitySchema::find(u"conflict");
    const auto version = m_tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    const QString conflictId = EntitySchema::newUuid();
    const FieldSpec *jsonField = conflictSpec->field(u"rejected_value");
    QVariantHash values{{QStringLiteral("entity"), spec.name}, {QStringLiteral("entity_id"), id},
        {QStringLiteral("field"), field},
        {QStringLiteral("rejected_value"), *EntitySchema::fromJson(*jsonField, rejectedValue)},
        {QStringLiteral("server_value"), *EntitySchema::fromJson(*jsonField, serverValue)},
        {QStringLiteral("reason"), reason}, {QStringLiteral("author_id"), m_actor.userId},
        {QStringLiteral("mutation_id"), m_mutationId}};
    if (auto r = SyncStore::insertRow(m_tx, *conflictSpec, m_actor.orgId, conflictId, *version, values); !r)
        return std::unexpected(r.error());
    return conflictId;
}

std::expected<QJsonObject, Error> MutationApplier::create(
    const EntitySpec &spec, const QString &id, const QJsonObject &fields)
{
    // Ids are UUIDs made by the client; one already in use (in any organisation) is refused alike.
    auto taken = Database::exec(m_tx.db(), QStringLiteral("SELECT 1 FROM %1 WHERE id = ?").arg(spec.table), {id});
    if (!taken)
        return std::unexpected(taken.error());
    if (taken->next())
        return rejected(rejection(QStringLiteral("already_exists"), QStringLiteral("That id is already in use.")));

    QVariantHash values;
    QStringList changed;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const FieldSpec *field = spec.field(it.key());
        if (!field)
            return rejected(
                rejection(QStringLiteral("unknown_field"), QStringLiteral("Unknown field \"%1\".").arg(it.key())));
        if (field->has(ServerManaged))
            return rejected(rejection(
                QStringLiteral("read_only_field"), QStringLiteral("\"%1\" is set by the server.").arg(it.key())));
        auto value = EntitySchema::fromJson(*field, it.value());
        if (!value)
            return rejected(value.error());
        values.insert(field->name, *value);
        changed.append(field->name);
    }
    for (const FieldSpec &field : spec.fields) {
        if (values.contains(field.name))
            continue;
        if (field.has(Required) && !field.has(ServerManaged))
            return rejected(
                rejection(QStringLiteral("missing_field"), QStringLiteral("\"%1\" is required.").arg(field.name)));
        values.insert(field.name, EntitySchema::defaultValue(field));
    }

    auto refs = checkReferences(spec, values, changed);
    if (!refs)
        return std::unexpected(refs.error());
    if (!refs->code.isEmpty())
        return rejected(*refs);
    auto rules = checkRules(spec, {}, values, changed, true);
    if (!rules)
        return std::unexpected(rules.error());
    if (!rules->code.isEmpty())
        return rejected(*rules);

    const auto version = m_tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    if (auto r = SyncStore::insertRow(m_tx, spec, m_actor.orgId, id, *version, values); !r)
        return std::unexpected(r.error());
    QJsonObject extra;
    if (spec.name == u"invite") {
        // Re-inviting a revoked contact starts a new account: nothing of the old one (a password from
        // before revocation, a session) comes back with it.
        if (auto r = endPortalAccount(values.value(QStringLiteral("contact_id")).toString()); !r)
            return std::unexpected(r.error());
        if (auto r = refreshPortalState(values.value(QStringLiteral("contact_id")).toString()); !r)
            return std::unexpected(r.error());
        if (values.value(QStringLiteral("kind")).toString() == u"link") {
            extra.insert(QStringLiteral("invite_token"), QString::fromLatin1(m_inviteToken));
        } else if (auto r = queueInviteMail(values); !r) {
            return std::unexpected(r.error());
        }
    }
    if (spec.name == u"signoff" && values.value(QStringLiteral("status")).toString() == u"sent") {
        if (auto r = queueSignoffMail(values); !r)
            return std::unexpected(r.error());
    }
    if (spec.name != u"comment") {
        if (auto r = SyncStore::appendActivity(m_tx, m_actor, spec.name + QStringLiteral(".created"), spec.name, id,
                projectOf(spec, values), entityLabel(spec, values));
            !r)
            return std::unexpected(r.error());
    }
    QJsonObject result{{QStringLiteral("mutation_id"), m_mutationId},
        {QStringLiteral("status"), QStringLiteral("applied")}, {QStringLiteral("version"), *version}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        result.insert(it.key(), it.value());
    return result;
}

std::expected<QJsonObject, Error> MutationApplier::update(
    const EntitySpec &spec, const QString &id, const QJsonObject &base, const QJsonObject &fields)
{
    auto current = SyncStore::loadRow(m_tx, spec, m_actor.orgId, id);
    if (!current)
        return std::unexpected(current.error());
    if (current->isEmpty())
        return rejected(rejection(QStringLiteral("not_found"), QStringLiteral("No %1 with that id.").arg(spec.name)));
    if (fields.isEmpty())
        return rejected(rejection(QStringLiteral("invalid_mutation"), QStringLiteral("An update needs \"fields\".")));

    QVariantHash wanted;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const FieldSpec *field = spec.field(it.key());
        if (!field)
            return rejected(
                rejection(QStringLiteral("unknown_field"), QStringLiteral("Unknown field \"%1\".").arg(it.key())));
        if (field->has(ServerManaged))
            return rejected(rejection(
                QStringLiteral("read_only_field"), QStringLiteral("\"%1\" is set by the server.").arg(it.key())));
        auto value = EntitySchema::fromJson(*field, it.value());
        if (!value)
            return rejected(value.error());
        if (field->has(CreateOnly) && !sameValue(*field, *value, current->value(field->name)))
            return rejected(rejection(
                QStringLiteral("read_only_field"), QStringLiteral("\"%1\" cannot be changed.").arg(it.key())));
        if (spec.name == u"conflict" && field->name != u"resolved")
            return rejected(rejection(
                QStringLiteral("read_only_field"), QStringLiteral("Only \"resolved\" can be changed on a conflict.")));
        wanted.insert(field->name, *value);
    }
    for (auto it = base.begin(); it != base.end(); ++it) {
        const FieldSpec *field = spec.field(it.key());
        if (!field)
            return rejected(
                rejection(QStringLiteral("unknown_field"), QStringLiteral("Unknown base field \"%1\".").arg(it.key())));
        if (!EntitySchema::fromJson(*field, it.value()))
            return rejected(rejection(
                QStringLiteral("invalid_field"), QStringLiteral("Base value of \"%1\" is not valid.").arg(it.key())));
    }

    QJsonArray conflicts;
    auto conflictEntry = [&](const QString &field, const QString &conflictId) {
        conflicts.append(QJsonObject{{QStringLiteral("field"), field}, {QStringLiteral("conflict_id"), conflictId}});
    };

    // A delete beats a concurrent edit: the edit is kept as a conflict, the tombstone keeps the data.
    if (current->value(QStringLiteral("deleted")).toLongLong() != 0) {
        for (auto it = wanted.begin(); it != wanted.end(); ++it) {
            const FieldSpec *field = spec.field(it.key());
            auto conflictId = recordConflict(spec, id, it.key(), EntitySchema::toJson(*field, it.value()),
                EntitySchema::toJson(*field, current->value(it.key())), QStringLiteral("deleted"));
            if (!conflictId)
                return std::unexpected(conflictId.error());
            conflictEntry(it.key(), *conflictId);
        }
        return QJsonObject{{QStringLiteral("mutation_id"), m_mutationId},
            {QStringLiteral("status"), QStringLiteral("conflict")},
            {QStringLiteral("version"), current->value(QStringLiteral("version")).toLongLong()},
            {QStringLiteral("deleted"), true}, {QStringLiteral("conflicts"), conflicts}};
    }

    QVariantHash values = *current;
    QStringList changed;
    struct PendingConflict
    {
        QString field;
        QJsonValue mine;
        QJsonValue theirs;
        QString reason;
    };
    QList<PendingConflict> pending;
    for (auto it = wanted.begin(); it != wanted.end(); ++it) {
        const FieldSpec *field = spec.field(it.key());
        const QVariant serverValue = current->value(it.key());
        const bool concurrent = base.contains(it.key())
            && !sameValue(*field, *EntitySchema::fromJson(*field, base.value(it.key())), serverValue);
        if (concurrent && !sameValue(*field, it.value(), serverValue)) {
            const QJsonValue mine = EntitySchema::toJson(*field, it.value());
            const QJsonValue theirs = EntitySchema::toJson(*field, serverValue);
            if (field->name == u"visibility") {
                // Until a person decides, the more private of the two wins.
                const QString kept = EntitySchema::morePrivate(it.value().toString(), serverValue.toString());
                if (kept != serverValue.toString()) {
                    values.insert(it.key(), kept);
                    changed.append(it.key());
                }
                pending.append({it.key(), mine, theirs, QStringLiteral("visibility")});
            } else {
                pending.append({it.key(), mine, theirs, QStringLiteral("concurrent_edit")});
            }
            continue;
        }
        if (!sameValue(*field, it.value(), serverValue)) {
            values.insert(it.key(), it.value());
            changed.append(it.key());
        }
    }

    auto refs = checkReferences(spec, values, changed);
    if (!refs)
        return std::unexpected(refs.error());
    if (!refs->code.isEmpty())
        return rejected(*refs);
    auto rules = checkRules(spec, *current, values, changed, false);
    if (!rules)
        return std::unexpected(rules.error());
    if (!rules->code.isEmpty())
        return rejected(*rules);

    qint64 version = current->value(QStringLiteral("version")).toLongLong();
    if (!changed.isEmpty() || values != *current) {
        const auto next = m_tx.nextVersion();
        if (!next)
            return std::unexpected(next.error());
        version = *next;
        QVariantHash update;
        for (auto it = values.begin(); it != values.end(); ++it) {
            if (it.value() != current->value(it.key()))
                update.insert(it.key(), it.value());
        }
        if (auto r = SyncStore::updateRow(m_tx, spec, id, version, update); !r)
            return std::unexpected(r.error());
        if (spec.name == u"invite") {
            if (auto r = refreshPortalState(current->value(QStringLiteral("contact_id")).toString()); !r)
                return std::unexpected(r.error());
        }
        if (spec.name == u"contact" && changed.contains(u"portal_state")
            && values.value(QStringLiteral("portal_state")).toString() == u"revoked") {
            if (auto r = endPortalAccount(id); !r)
                return std::unexpected(r.error());
            if (auto r = withdrawOpenInvites(id); !r)
                return std::unexpected(r.error());
        }
        if (spec.name == u"signoff" && changed.contains(u"status")
            && values.value(QStringLiteral("status")).toString() == u"sent") {
            if (auto r = queueSignoffMail(values); !r)
                return std::unexpected(r.error());
        }
        if (changed.contains(u"visibility") || changed.contains(u"status") || changed.contains(u"portal_enabled")
            || changed.contains(u"client_uploads_enabled") || changed.contains(u"role")
            || (spec.name == u"contact"
                && (changed.contains(u"portal_state") || changed.contains(u"email")
                    || changed.contains(u"client_id")))) {
            QStringList what;
            for (const QString &f : std::as_const(changed))
                what.append(QStringLiteral("%1 → %2").arg(
                    f, EntitySchema::toJson(*spec.field(f), values.value(f)).toVariant().toString()));
            if (auto r = SyncStore::appendActivity(m_tx, m_actor, spec.name + QStringLiteral(".updated"), spec.name, id,
                    projectOf(spec, values), entityLabel(spec, values) + QStringLiteral(": ") + what.join(u", "));
                !r)
                return std::unexpected(r.error());
        }
    }
    for (const PendingConflict &c : std::as_const(pending)) {
        auto conflictId = recordConflict(spec, id, c.field, c.mine, c.theirs, c.reason);
        if (!conflictId)
            return std::unexpected(conflictId.error());
        conflictEntry(c.field, *conflictId);
    }

    QJsonObject result{{QStringLiteral("mutation_id"), m_mutationId},
        {QStringLiteral("status"), pending.isEmpty() ? QStringLiteral("applied") : QStringLiteral("conflict")},
        {QStringLiteral("version"), version}};
    if (!conflicts.isEmpty())
        result.insert(QStringLiteral("conflicts"), conflicts);
    return result;
}

// The e-mail of an e-mail invite, queued in this transaction: no invite without its mail, no mail
// for an invite that was rolled back.
std::expected<void, Error> MutationApplier::queueInviteMail(const QVariantHash &invite)
{
    const EntitySpec *orgSpec = EntitySchema::find(u"organisation");
    auto org = SyncStore::loadRow(m_tx, *orgSpec, m_actor.orgId, m_actor.orgId);
    if (!org)
        return std::unexpected(org.error());
    auto contact = Database::exec(m_tx.db(), QStringLiteral("SELECT name FROM contacts WHERE id = ? AND org_id = ?"),
        {invite.value(QStringLiteral("contact_id")), m_actor.orgId});
    if (!contact)
        return std::unexpected(contact.error());
    const QString name = contact->next() ? contact->value(0).toString() : QString();
    contact->finish();
    const QString link = Mailer::publicUrl()
        + QStringLiteral("/p/%1/invite#%2")
              .arg(org->value(QStringLiteral("portal_slug")).toString(), QString::fromLatin1(m_inviteToken));
    return Mailer::enqueue(m_tx, m_actor.orgId,
        PortalMail::invite(*org, name, invite.value(QStringLiteral("sent_to")).toString(), link,
            invite.value(QStringLiteral("expires_at")).toString()));
}

// What a sign-off asks about, frozen when it is sent: each attached file's name and exact content
// (SHA-256), so an answer always refers to the versions the client saw, even after a file changes.
std::expected<QVariant, Error> MutationApplier::frozenFileVersions(const EntitySpec &spec, const QVariantHash &signoff)
{
    const QJsonArray ids =
        EntitySchema::toJson(*spec.field(u"file_ids"), signoff.value(QStringLiteral("file_ids"))).toArray();
    QJsonArray versions;
    for (const QJsonValue &fileId : ids) {
        auto q = Database::exec(m_tx.db(),
            QStringLiteral(
                "SELECT name, sha256, size, mime_type FROM files WHERE id = ? AND org_id = ? AND deleted = 0"),
            {fileId.toString(), m_actor.orgId});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            continue;
        versions.append(QJsonObject{{QStringLiteral("file_id"), fileId.toString()},
            {QStringLiteral("name"), q->value(0).toString()}, {QStringLiteral("sha256"), q->value(1).toString()},
            {QStringLiteral("size"), q->value(2).toLongLong()}, {QStringLiteral("mime_type"), q->value(3).toString()}});
    }
    return EntitySchema::fromJson(*spec.field(u"sent_file_versions"), versions).value_or(QVariant());
}

// Tells the client's contacts who can see the sign-off (active, and both portals on) that it waits
// for them; queued in this transaction like every mail.
std::expected<void, Error> MutationApplier::queueSignoffMail(const QVariantHash &signoff)
{
    auto q = Database::exec(m_tx.db(),
        QStringLiteral("SELECT c.name, c.email, p.name, p.id FROM projects p JOIN organisations o ON o.id = p.org_id "
                       "JOIN contacts c ON c.client_id = p.client_id AND c.org_id = p.org_id "
                       "JOIN clients cl ON cl.id = c.client_id AND cl.org_id = c.org_id "
                       "WHERE p.id = ? AND p.org_id = ? AND p.deleted = 0 AND p.portal_enabled = 1 "
                       "AND o.portal_enabled = 1 AND c.deleted = 0 AND cl.deleted = 0 AND c.portal_state = 'active' "
                       "ORDER BY c.email"),
        {signoff.value(QStringLiteral("project_id")), m_actor.orgId});
    if (!q)
        return std::unexpected(q.error());
    struct Recipient
    {
        QString name, email, projectName, projectId;
    };
    QList<Recipient> recipients;
    while (q->next())
        recipients.append(
            {q->value(0).toString(), q->value(1).toString(), q->value(2).toString(), q->value(3).toString()});
    q->finish();
    if (recipients.isEmpty())
        return {};
    auto org = SyncStore::loadRow(m_tx, *EntitySchema::find(u"organisation"), m_actor.orgId, m_actor.orgId);
    if (!org)
        return std::unexpected(org.error());
    for (const Recipient &r : std::as_const(recipients)) {
        if (!EntitySchema::isValidEmail(r.email))
            continue;
        const QString link = Mailer::publicUrl()
            + QStringLiteral("/p/%1/projects/%2")
                  .arg(org->value(QStringLiteral("portal_slug")).toString(), r.projectId);
        if (auto sent = Mailer::enqueue(m_tx, m_actor.orgId,
                PortalMail::signoffSent(
                    *org, r.name, r.email, signoff.value(QStringLiteral("title")).toString(), r.projectName, link));
            !sent)
            return sent;
    }
    return {};
}

// A contact's portal state follows its invites: an open invite (not accepted, revoked or expired)
// makes a contact without access "invited"; when the last open invite goes, "invited" falls back
// to "none". "active" (an account) and "revoked" (ended by staff) change only through those paths,
// except that a new invite re-invites a revoked contact.
std::expected<void, Error> MutationApplier::refreshPortalState(const QString &contactId)
{
    const EntitySpec *contactSpec = EntitySchema::find(u"contact");
    auto contact = SyncStore::loadRow(m_tx, *contactSpec, m_actor.orgId, contactId);
    if (!contact)
        return std::unexpected(contact.error());
    if (contact->isEmpty())
        return {};
    const QString state = contact->value(QStringLiteral("portal_state")).toString();
    if (state == u"active")
        return {};
    auto q = Database::exec(m_tx.db(),
        QStringLiteral("SELECT COUNT(*) FROM invites WHERE org_id = ? AND contact_id = ? AND deleted = 0 "
                       "AND revoked_at IS NULL AND accepted_at IS NULL AND expires_at > ?"),
        {m_actor.orgId, contactId, TimeUtil::nowWire()});
    if (!q)
        return std::unexpected(q.error());
    const bool open = q->next() && q->value(0).toLongLong() > 0;
    q->finish();
    const QString next = open ? QStringLiteral("invited") : (state == u"invited" ? QStringLiteral("none") : state);
    if (next == state)
        return {};
    const auto version = m_tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    return SyncStore::updateRow(m_tx, *contactSpec, contactId, *version, {{QStringLiteral("portal_state"), next}});
}

// Ends a contact's portal account, if it has one, when an administrator revokes its access or
// invites it afresh after that: the password goes, and every session ends.
std::expected<void, Error> MutationApplier::endPortalAccount(const QString &contactId)
{
    auto q = Database::exec(m_tx.db(), QStringLiteral("SELECT portal_state FROM contacts WHERE id = ? AND org_id = ?"),
        {contactId, m_actor.orgId});
    if (!q)
        return std::unexpected(q.error());
    const bool revoked = q->next() && q->value(0).toString() == u"revoked";
    q->finish();
    if (!revoked)
        return {};
    if (auto r = Database::exec(m_tx.db(),
            QStringLiteral("UPDATE contacts SET password_hash = NULL WHERE id = ? AND org_id = ?"),
            {contactId, m_actor.orgId});
        !r)
        return std::unexpected(r.error());
    if (auto r = Database::exec(m_tx.db(),
            QStringLiteral("UPDATE portal_sessions SET revoked_at = ? WHERE contact_id = ? AND org_id = ? "
                           "AND revoked_at IS NULL"),
            {TimeUtil::nowWire(), contactId, m_actor.orgId});
        !r)
        return std::unexpected(r.error());
    return {};
}

// Revoking a contact's access withdraws its open invites too: one made before (perhaps copied by
// anyone) must not become usable again when an administrator later invites the contact afresh.
std::expected<void, Error> MutationApplier::withdrawOpenInvites(const QString &contactId)
{
    auto q = Database::exec(m_tx.db(),
        QStringLiteral("SELECT id FROM invites WHERE org_id = ? AND contact_id = ? AND deleted = 0 "
                       "AND revoked_at IS NULL AND accepted_at IS NULL"),
        {m_actor.orgId, contactId});
    if (!q)
        return std::unexpected(q.error());
    QStringList open;
    while (q->next())
        open.append(q->value(0).toString());
    q->finish();
    const EntitySpec *inviteSpec = EntitySchema::find(u"invite");
    const QString now = TimeUtil::nowWire();
    for (const QString &inviteId : std::as_const(open)) {
        const auto version = m_tx.nextVersion();
        if (!version)
            return std::unexpected(version.error());
        if (auto r = SyncStore::updateRow(m_tx, *inviteSpec, inviteId, *version, {{QStringLiteral("revoked_at"), now}});
            !r)
            return r;
    }
    return {};
}

std::expected<QJsonObject, Error> MutationApplier::remove(const EntitySpec &spec, const QString &id)
{
    auto current = SyncStore::loadRow(m_tx, spec, m_actor.orgId, id);
    if (!current)
        return std::unexpected(current.error());
    if (current->isEmpty())
        return rejected(rejection(QStringLiteral("not_found"), QStringLiteral("No %1 with that id.").arg(spec.name)));
    if (current->value(QStringLiteral("deleted")).toLongLong() != 0) {
        return QJsonObject{{QStringLiteral("mutation_id"), m_mutationId},
            {QStringLiteral("status"), QStringLiteral("applied")},
            {QStringLiteral("version"), current->value(QStringLiteral("version")).toLongLong()}};
    }
    // Deleting ends portal access like revoking it does, so for a contact with an account (or a client
    // with such contacts) it is for administrators too.
    if ((spec.name == u"contact" || spec.name == u"client") && !m_actor.isAdmin()) {
        auto q = Database::exec(m_tx.db(),
            QStringLiteral("SELECT COUNT(*) FROM contacts WHERE org_id = ? AND %1 = ? AND deleted = 0 "
                           "AND portal_state = 'active'")
                .arg(spec.name == u"contact" ? QStringLiteral("id") : QStringLiteral("client_id")),
            {m_actor.orgId, id});
        if (!q)
            return std::unexpected(q.error());
        const bool hasAccess = q->next() && q->value(0).toLongLong() > 0;
        q->finish();
        if (hasAccess)
            return rejected(rejection(QStringLiteral("forbidden"),
                spec.name == u"contact"
                    ? QStringLiteral("Only administrators may delete a contact with portal access.")
                    : QStringLiteral("Only administrators may delete a client whose contacts have portal access.")));
    }
    if (spec.name == u"staff_user") {
        if (id == m_actor.userId)
            return rejected(
                rejection(QStringLiteral("forbidden"), QStringLiteral("You cannot remove your own account.")));
        if (auto r = Database::exec(m_tx.db(),
                QStringLiteral("UPDATE staff_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"),
                {TimeUtil::nowWire(), id});
            !r)
            return std::unexpected(r.error());
    }

    const auto version = m_tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    if (auto r = SyncStore::updateRow(m_tx, spec, id, *version, {{QStringLiteral("deleted"), 1}}); !r)
        return std::unexpected(r.error());
    if (spec.name != u"comment") {
        if (auto r = SyncStore::appendActivity(m_tx, m_actor, spec.name + QStringLiteral(".deleted"), spec.name, id,
                projectOf(spec, *current), entityLabel(spec, *current));
            !r)
            return std::unexpected(r.error());
    }
    return QJsonObject{{QStringLiteral("mutation_id"), m_mutationId},
        {QStringLiteral("status"), QStringLiteral("applied")}, {QStringLiteral("version"), *version}};
}

// A null QString binds as SQL NULL; a text field that is not nullable stores "" instead.
QVariant storable(const FieldSpec &field, const QVariant &value)
{
    if (field.has(Nullable) || value.metaType() != QMetaType::fromType<QString>() || !value.toString().isNull())
        return value;
    return QVariant(QStringLiteral(""));
}

struct PulledRow
{
    qint64 version;
    QJsonObject change;
};

} // namespace

QJsonObject SyncStore::changeJson(const EntitySpec &spec, const QVariantHash &row)
{
    QJsonObject data;
    for (const FieldSpec &field : spec.fields)
        data.insert(field.name, EntitySchema::toJson(field, row.value(field.name)));
    data.insert(QStringLiteral("created_at"), row.value(QStringLiteral("created_at")).toString());
    data.insert(QStringLiteral("updated_at"), row.value(QStringLiteral("updated_at")).toString());
    return QJsonObject{{QStringLiteral("entity"), spec.name},
        {QStringLiteral("id"), row.value(QStringLiteral("id")).toString()},
        {QStringLiteral("version"), row.value(QStringLiteral("version")).toLongLong()},
        {QStringLiteral("deleted"), row.value(QStringLiteral("deleted")).toLongLong() != 0},
        {QStringLiteral("data"), data}};
}

std::expected<PullPage, Error> SyncStore::pull(const Actor &actor, qint64 since, int limit)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    limit = std::clamp(limit, 1, maxPullLimit);

    // Versions commit in order under the organisation's lock, so once `high` is visible every
    // version up to it is committed: reading each table up to `high` cannot skip a change, even
    // though the tables are read one after another.
    auto seq = Database::exec(
        *db, QStringLiteral("SELECT last_version, purged_version FROM org_sequences WHERE org_id = ?"), {actor.orgId});
    if (!seq)
        return std::unexpected(seq.error());
    if (!seq->next())
        return std::unexpected(Error{QStringLiteral("not_found"), QStringLiteral("Unknown organisation.")});
    const qint64 high = seq->value(0).toLongLong();
    const qint64 purged = seq->value(1).toLongLong();
    if (since < 0)
        return std::unexpected(Error{QStringLiteral("invalid_cursor"), QStringLiteral("\"since\" must be 0 or more.")});
    if ((since > 0 && since < purged) || since > high)
        return std::unexpected(Error{QStringLiteral("cursor_expired"),
            QStringLiteral("The cursor is older than the server keeps deletions; resync from 0.")});

    QList<PulledRow> rows;
    qint64 candidates = 0;
    for (const EntitySpec &spec : EntitySchema::entities()) {
        const QStringList columns = spec.columns();
        QString sql = QStringLiteral("SELECT %1 FROM %2 WHERE org_id = ? AND version > ? AND version <= ?")
                          .arg(selectList(spec), spec.table);
        QVariantList binds{actor.orgId, since, high};
        // A conflict belongs to the person whose edit lost.
        if (spec.name == u"conflict") {
            sql += QStringLiteral(" AND author_id = ?");
            binds.append(actor.userId);
        }
        sql += QStringLiteral(" ORDER BY version LIMIT ?");
        binds.append(limit + 1);
        auto q = Database::exec(*db, sql, binds);
        if (!q)
            return std::unexpected(q.error());
        while (q->next()) {
            const QVariantHash row = rowFromQuery(*q, columns);
            rows.append({row.value(QStringLiteral("version")).toLongLong(), changeJson(spec, row)});
            ++candidates;
        }
    }
    std::sort(rows.begin(), rows.end(), [](const PulledRow &a, const PulledRow &b) {
        return a.version < b.version;
    });

    PullPage page;
    page.more = rows.size() > limit;
    if (page.more)
        rows.resize(limit);
    for (const PulledRow &row : std::as_const(rows))
        page.changes.append(row.change);
    page.cursor = page.more ? rows.last().version : high;
    return page;
}

std::expected<QJsonArray, Error> SyncStore::push(
    const Actor &actor, const QString &clientId, const QJsonArray &mutations)
{
    Q_UNUSED(clientId)
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());

    WriteTransaction tx(*db, actor.orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());

    QJsonArray results;
    MutationApplier applier(tx, actor);
    const QString savepoint = QStringLiteral("mutation");
    for (const QJsonValue &value : mutations) {
        const QJsonObject mutation = value.toObject();
        const QString mutationId = mutation.value(u"mutation_id").toString();
        if (!value.isObject() || mutationId.isEmpty() || mutationId.size() > 100) {
            results.append(QJsonObject{{QStringLiteral("mutation_id"), mutation.value(u"mutation_id")},
                {QStringLiteral("status"), QStringLiteral("rejected")},
                {QStringLiteral("error"),
                    QJsonObject{{QStringLiteral("code"), QStringLiteral("invalid_mutation")},
                        {QStringLiteral("message"),
                            QStringLiteral(
                                "Each mutation needs a \"mutation_id\" string (at most 100 characters).")}}}});
            continue;
        }

        // A replayed mutation gets the answer it got the first time and changes nothing.
        auto stored =
            Database::exec(tx.db(), QStringLiteral("SELECT result FROM mutations WHERE org_id = ? AND mutation_id = ?"),
                {actor.orgId, mutationId});
        if (!stored)
            return std::unexpected(stored.error());
        if (stored->next()) {
            QJsonObject result = QJsonDocument::fromJson(stored->value(0).toString().toUtf8()).object();
            result.insert(QStringLiteral("replayed"), true);
            results.append(result);
            continue;
        }

        if (auto r = tx.savepoint(savepoint); !r)
            return std::unexpected(r.error());
        auto result = applier.apply(mutation);
        if (!result) {
            // Contention fails the push as a whole (503; the desktop sends it again). Any other
            // storage failure belongs to this one mutation: its savepoint goes, it is rejected, and
            // the others of the push stand — one bad value never holds up an outbox.
            if (result.error().code == u"busy")
                return std::unexpected(result.error());
            if (auto r = tx.rollbackToSavepoint(savepoint); !r)
                return std::unexpected(r.error());
            qCWarning(lcSyncStore) << "mutation" << mutationId
                                   << "rejected after a storage failure:" << result.error().code;
            const bool constraint = result.error().code == u"constraint_violation";
            result = QJsonObject{{QStringLiteral("mutation_id"), mutationId},
                {QStringLiteral("status"), QStringLiteral("rejected")},
                {QStringLiteral("error"),
                    QJsonObject{{QStringLiteral("code"),
                                    constraint ? QStringLiteral("already_exists") : QStringLiteral("storage_error")},
                        {QStringLiteral("message"),
                            constraint ? QStringLiteral("The change conflicts with data stored already (a value "
                                                        "that must be unique is in use).")
                                       : QStringLiteral("The server could not store this change.")}}}};
        } else if (result->value(u"status").toString() == u"rejected") {
            // Nothing of a rejected mutation stays.
            if (auto r = tx.rollbackToSavepoint(savepoint); !r)
                return std::unexpected(r.error());
        } else if (auto r = tx.releaseSavepoint(savepoint); !r) {
            return std::unexpected(r.error());
        }
        // A new invite's token goes back to its creator once and is never stored: the stored result
        // (for replays) leaves it out.
        QJsonObject kept = *result;
        kept.remove(QStringLiteral("invite_token"));
        if (auto r = Database::exec(tx.db(),
                QStringLiteral("INSERT INTO mutations (org_id, mutation_id, user_id, result, created_at) "
                               "VALUES (?, ?, ?, ?, ?)"),
                {actor.orgId, mutationId, actor.userId,
                    QString::fromUtf8(QJsonDocument(kept).toJson(QJsonDocument::Compact)), TimeUtil::nowWire()});
            !r)
            return std::unexpected(r.error());
        results.append(*result);
    }
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return results;
}

std::expected<void, Error> SyncStore::insertRow(WriteTransaction &tx, const EntitySpec &spec, const QString &orgId,
    const QString &id, qint64 version, const QVariantHash &values)
{
    const QString now = TimeUtil::nowWire();
    QStringList columns = EntitySchema::commonColumns;
    QVariantList binds{id, orgId, version, now, now, 0};
    for (const FieldSpec &field : spec.fields) {
        columns.append(field.name);
        binds.append(storable(
            field, values.contains(field.name) ? values.value(field.name) : EntitySchema::defaultValue(field)));
    }
    // Non-synced columns (e.g. an invite's token hash) ride along.
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (!spec.field(it.key()) && !EntitySchema::commonColumns.contains(it.key())) {
            columns.append(it.key());
            binds.append(it.value());
        }
    }
    QStringList marks;
    marks.fill(QStringLiteral("?"), columns.size());
    auto r = Database::exec(tx.db(),
        QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)").arg(spec.table, columns.join(u", "), marks.join(u", ")),
        binds);
    if (!r)
        return std::unexpected(r.error());
    return {};
}

std::expected<void, Error> SyncStore::updateRow(
    WriteTransaction &tx, const EntitySpec &spec, const QString &id, qint64 version, const QVariantHash &values)
{
    QStringList sets{QStringLiteral("version = ?"), QStringLiteral("updated_at = ?")};
    QVariantList binds{version, TimeUtil::nowWire()};
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (it.key() == u"id" || it.key() == u"org_id" || it.key() == u"version" || it.key() == u"created_at"
            || it.key() == u"updated_at")
            continue;
        sets.append(it.key() + QStringLiteral(" = ?"));
        const FieldSpec *field = spec.field(it.key());
        binds.append(field ? storable(*field, it.value()) : it.value());
    }
    binds.append(id);
    auto r = Database::exec(
        tx.db(), QStringLiteral("UPDATE %1 SET %2 WHERE id = ?").arg(spec.table, sets.join(u", ")), binds);
    if (!r)
        return std::unexpected(r.error());
    return {};
}

std::expected<QVariantHash, Error> SyncStore::loadRow(
    WriteTransaction &tx, const EntitySpec &spec, const QString &orgId, const QString &id)
{
    const QStringList columns = spec.columns();
    auto q = Database::exec(tx.db(),
        QStringLiteral("SELECT %1 FROM %2 WHERE id = ? AND org_id = ?").arg(selectList(spec), spec.table), {id, orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return QVariantHash();
    return rowFromQuery(*q, columns);
}

std::expected<void, Error> SyncStore::appendActivity(WriteTransaction &tx, const Actor &actor, const QString &action,
    const QString &entity, const QString &entityId, const QString &projectId, const QString &summary)
{
    const EntitySpec *spec = EntitySchema::find(u"activity");
    const auto version = tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    const QVariant nullText(QMetaType::fromType<QString>());
    return insertRow(tx, *spec, actor.orgId, EntitySchema::newUuid(), *version,
        {{QStringLiteral("actor_id"), actor.userId.isEmpty() ? nullText : QVariant(actor.userId)},
            {QStringLiteral("actor_kind"), actor.userId.isEmpty() ? QStringLiteral("system") : actor.kind},
            {QStringLiteral("action"), action}, {QStringLiteral("entity"), entity},
            {QStringLiteral("entity_id"), entityId.isEmpty() ? nullText : QVariant(entityId)},
            {QStringLiteral("project_id"), projectId.isEmpty() ? nullText : QVariant(projectId)},
            {QStringLiteral("summary"), summary.left(1000)},
            {QStringLiteral("address"), actor.address.isNull() ? QStringLiteral("") : actor.address}});
}

std::expected<int, Error> SyncStore::purgeTombstones(int retentionDays)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    const QString cutoff = TimeUtil::toWire(QDateTime::currentDateTimeUtc().addDays(-retentionDays));
    WriteTransaction tx(*db, QString());
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    int removed = 0;
    for (const EntitySpec &spec : EntitySchema::entities()) {
        if (spec.name == u"organisation")
            continue;
        auto newest = Database::exec(tx.db(),
            QStringLiteral("SELECT org_id, MAX(version) FROM %1 WHERE deleted = 1 AND updated_at <= ? "
                           "GROUP BY org_id")
                .arg(spec.table),
            {cutoff});
        if (!newest)
            return std::unexpected(newest.error());
        QList<QPair<QString, qint64>> marks;
        while (newest->next())
            marks.append({newest->value(0).toString(), newest->value(1).toLongLong()});
        for (const auto &[orgId, version] : std::as_const(marks)) {
            if (auto r = Database::exec(tx.db(),
                    QStringLiteral(
                        "UPDATE org_sequences SET purged_version = ? WHERE org_id = ? AND purged_version < ?"),
                    {version, orgId, version});
                !r)
                return std::unexpected(r.error());
        }
        auto del = Database::exec(
            tx.db(), QStringLiteral("DELETE FROM %1 WHERE deleted = 1 AND updated_at <= ?").arg(spec.table), {cutoff});
        if (!del)
            return std::unexpected(del.error());
        removed += del->numRowsAffected();
    }
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    qCInfo(lcSyncStore) << "purged" << removed << "tombstones older than" << retentionDays << "days";
    return removed;
}
