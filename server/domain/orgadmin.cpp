// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/orgadmin.h"

#include <QDate>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "server/domain/passwords.h"
#include "server/domain/syncstore.h"
#include "server/storage/database.h"

namespace {

Error fail(const QString &code, const QString &message)
{
    return Error{code, message};
}

std::expected<void, Error> checkPassword(const QString &password)
{
    if (password.isEmpty())
        return std::unexpected(fail(QStringLiteral("invalid_password"), QStringLiteral("The password is empty.")));
    if (password.size() > 1024)
        return std::unexpected(
            fail(QStringLiteral("invalid_password"), QStringLiteral("The password is longer than 1024 characters.")));
    return {};
}

// The Argon2id hash of a new password that passes checkPassword().
std::expected<QString, Error> hashNewPassword(const QString &password)
{
    if (auto ok = checkPassword(password); !ok)
        return std::unexpected(ok.error());
    const auto hash = Passwords::hash(password);
    if (!hash)
        return std::unexpected(fail(QStringLiteral("internal"), QStringLiteral("The password could not be hashed.")));
    return *hash;
}

std::expected<bool, Error> emailTaken(QSqlDatabase &db, const QString &email)
{
    auto q = Database::exec(db, QStringLiteral("SELECT 1 FROM staff_users WHERE email = ?"), {email});
    if (!q)
        return std::unexpected(q.error());
    return q->next();
}

std::expected<QString, Error> insertStaff(WriteTransaction &tx, const QString &orgId, const QString &email,
    const QString &name, const QString &role, const QString &passwordHash)
{
    const auto version = tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    const QString id = EntitySchema::newUuid();
    if (auto r = SyncStore::insertRow(tx, *EntitySchema::find(u"staff_user"), orgId, id, *version,
            {{QStringLiteral("email"), email}, {QStringLiteral("name"), name}, {QStringLiteral("role"), role},
                {QStringLiteral("password_hash"), passwordHash}});
        !r)
        return std::unexpected(r.error());
    return id;
}

// Inserts one entity with the next version; values by field name as JSON.
std::expected<QString, Error> insertEntity(
    WriteTransaction &tx, const QString &orgId, const QString &entity, const QJsonObject &fields)
{
    const EntitySpec *spec = EntitySchema::find(entity);
    QVariantHash values;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const FieldSpec *field = spec->field(it.key());
        Q_ASSERT(field);
        auto value = EntitySchema::fromJson(*field, it.value());
        if (!value)
            return std::unexpected(value.error());
        values.insert(it.key(), *value);
    }
    const auto version = tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    const QString id = EntitySchema::newUuid();
    if (auto r = SyncStore::insertRow(tx, *spec, orgId, id, *version, values); !r)
        return std::unexpected(r.error());
    return id;
}

} // namespace

std::expected<OrgAdmin::Created, Error> OrgAdmin::createOrganisation(
    const QString &name, const QString &slug, const QString &adminEmail, const QString &password, qint64 quotaBytes)
{
    const QString email = adminEmail.trimmed().toLower();
    if (name.trimmed().isEmpty() || name.size() > 200)
        return std::unexpected(
            fail(QStringLiteral("invalid_name"), QStringLiteral("The organisation name must be 1 to 200 characters.")));
    if (!EntitySchema::isValidSlug(slug))
        return std::unexpected(fail(QStringLiteral("invalid_slug"),
            QStringLiteral("The slug \"%1\" is not valid: use 3 to 63 of a-z, 0-9 and inner hyphens.").arg(slug)));
    if (!EntitySchema::isValidEmail(email))
        return std::unexpected(fail(
            QStringLiteral("invalid_email"), QStringLiteral("\"%1\" is not a valid e-mail address.").arg(adminEmail)));
    const auto passwordHash = hashNewPassword(password);
    if (!passwordHash)
        return std::unexpected(passwordHash.error());

    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    const QString orgId = EntitySchema::newUuid();
    WriteTransaction tx(*db, orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    auto taken = Database::exec(*db, QStringLiteral("SELECT 1 FROM organisations WHERE portal_slug = ?"), {slug});
    if (!taken)
        return std::unexpected(taken.error());
    if (taken->next())
        return std::unexpected(
            fail(QStringLiteral("slug_taken"), QStringLiteral("The slug \"%1\" is already taken.").arg(slug)));
    auto emailUsed = emailTaken(*db, email);
    if (!emailUsed)
        return std::unexpected(emailUsed.error());
    if (*emailUsed)
        return std::unexpected(
            fail(QStringLiteral("email_taken"), QStringLiteral("A staff user with \"%1\" exists already.").arg(email)));

    if (auto r = Database::exec(*db,
            QStringLiteral("INSERT INTO org_sequences (org_id, last_version, purged_version) VALUES (?, 0, 0)"),
            {orgId});
        !r)
        return std::unexpected(r.error());
    const auto version = tx.nextVersion();
    if (!version)
        return std::unexpected(version.error());
    if (auto r = SyncStore::insertRow(tx, *EntitySchema::find(u"organisation"), orgId, orgId, *version,
            {{QStringLiteral("name"), name.trimmed()}, {QStringLiteral("portal_slug"), slug},
                {QStringLiteral("email_sender_name"), name.trimmed()},
                {QStringLiteral("storage_quota_bytes"), quotaBytes}});
        !r)
        return std::unexpected(r.error());
    auto userId = insertStaff(tx, orgId, email, email.section(u'@', 0, 0), QStringLiteral("admin"), *passwordHash);
    if (!userId)
        return std::unexpected(userId.error());
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return Created{orgId, *userId};
}

std::expected<QString, Error> OrgAdmin::addStaff(
    const QString &orgSlug, const QString &emailIn, const QString &name, const QString &role, const QString &password)
{
    const QString email = emailIn.trimmed().toLower();
    if (!EntitySchema::isValidEmail(email))
        return std::unexpected(fail(
            QStringLiteral("invalid_email"), QStringLiteral("\"%1\" is not a valid e-mail address.").arg(emailIn)));
    if (role != u"admin" && role != u"member")
        return std::unexpected(fail(QStringLiteral("invalid_role"), QStringLiteral("--role must be admin or member.")));
    if (name.trimmed().isEmpty() || name.size() > 200)
        return std::unexpected(
            fail(QStringLiteral("invalid_name"), QStringLiteral("The name must be 1 to 200 characters.")));
    if (auto ok = checkPassword(password); !ok)
        return std::unexpected(ok.error());

    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto org = Database::exec(
        *db, QStringLiteral("SELECT id FROM organisations WHERE portal_slug = ? AND deleted = 0"), {orgSlug});
    if (!org)
        return std::unexpected(org.error());
    if (!org->next())
        return std::unexpected(
            fail(QStringLiteral("not_found"), QStringLiteral("No organisation with the slug \"%1\".").arg(orgSlug)));
    const QString orgId = org->value(0).toString();
    org->finish(); // release the read snapshot before the write transaction
    const auto passwordHash = hashNewPassword(password);
    if (!passwordHash)
        return std::unexpected(passwordHash.error());

    WriteTransaction tx(*db, orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    auto emailUsed = emailTaken(*db, email);
    if (!emailUsed)
        return std::unexpected(emailUsed.error());
    if (*emailUsed)
        return std::unexpected(
            fail(QStringLiteral("email_taken"), QStringLiteral("A staff user with \"%1\" exists already.").arg(email)));
    auto userId = insertStaff(tx, orgId, email, name.trimmed(), role, *passwordHash);
    if (!userId)
        return std::unexpected(userId.error());
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return *userId;
}

std::expected<void, Error> OrgAdmin::resetPassword(const QString &emailIn, const QString &password)
{
    const QString email = emailIn.trimmed().toLower();
    const auto passwordHash = hashNewPassword(password);
    if (!passwordHash)
        return std::unexpected(passwordHash.error());
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    WriteTransaction tx(*db, QString());
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    auto user =
        Database::exec(*db, QStringLiteral("SELECT id FROM staff_users WHERE email = ? AND deleted = 0"), {email});
    if (!user)
        return std::unexpected(user.error());
    if (!user->next())
        return std::unexpected(
            fail(QStringLiteral("not_found"), QStringLiteral("No staff user with \"%1\".").arg(email)));
    const QString userId = user->value(0).toString();
    if (auto r = Database::exec(
            *db, QStringLiteral("UPDATE staff_users SET password_hash = ? WHERE id = ?"), {*passwordHash, userId});
        !r)
        return std::unexpected(r.error());
    if (auto r = Database::exec(*db,
            QStringLiteral("UPDATE staff_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"),
            {TimeUtil::nowWire(), userId});
        !r)
        return std::unexpected(r.error());
    return tx.commit();
}

std::expected<OrgAdmin::Created, Error> OrgAdmin::createDemo(const QString &adminEmail, const QString &password)
{
    auto created = createOrganisation(QStringLiteral("Northwind Studio"), QStringLiteral("northwind"), adminEmail,
        password, qint64(5) * 1024 * 1024 * 1024);
    if (!created)
        return std::unexpected(created.error());
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    WriteTransaction tx(*db, created->orgId);
    if (auto r = tx.begin(); !r)
        return std::unexpected(r.error());
    const QString orgId = created->orgId;
    auto run = [&]() -> std::expected<void, Error> {
        auto orgSpec = EntitySchema::find(u"organisation");
        const auto version = tx.nextVersion();
        if (!version)
            return std::unexpected(version.error());
        if (auto r = SyncStore::updateRow(tx, *orgSpec, orgId, *version,
                {{QStringLiteral("portal_enabled"), 1},
                    {QStringLiteral("brand_welcome_text"),
                        QStringLiteral("Welcome to Northwind Studio's client portal. Here you can follow "
                                       "your projects, review files and approve deliverables.")}});
            !r)
            return std::unexpected(r.error());

        struct Demo
        {
            QString client;
            QList<QPair<QString, QString>> contacts;
            QString project;
            QString description;
            QStringList tasks;
        };
        const QList<Demo> demo = {
            {QStringLiteral("Harbour Coffee Roasters"),
                {{QStringLiteral("Mia Jensen"), QStringLiteral("mia@harbourcoffee.example")},
                    {QStringLiteral("Tom Okafor"), QStringLiteral("tom@harbourcoffee.example")}},
                QStringLiteral("Brand refresh 2027"),
                QStringLiteral("New logo, packaging system and brand guidelines."),
                {QStringLiteral("Kick-off workshop"), QStringLiteral("Mood boards"),
                    QStringLiteral("Logo concepts (3 directions)"), QStringLiteral("Packaging mock-ups"),
                    QStringLiteral("Brand guidelines PDF")}},
            {QStringLiteral("Fjord Outdoor Gear"),
                {{QStringLiteral("Lena Berg"), QStringLiteral("lena@fjordoutdoor.example")}},
                QStringLiteral("Spring campaign website"),
                QStringLiteral("Landing pages and product stories for the spring collection."),
                {QStringLiteral("Sitemap and wireframes"), QStringLiteral("Photography shot list"),
                    QStringLiteral("Copy review"), QStringLiteral("Launch checklist")}},
            {QStringLiteral("Greenleaf Dental"),
                {{QStringLiteral("Dr. Priya Raman"), QStringLiteral("priya@greenleafdental.example")}},
                QStringLiteral("Patient brochure"), QStringLiteral("A four-page brochure for new patients."),
                {QStringLiteral("Gather content"), QStringLiteral("First layout"),
                    QStringLiteral("Print-ready files")}},
        };
        const QStringList visibilities = {
            QStringLiteral("read_only"), QStringLiteral("private"), QStringLiteral("editable")};
        const QStringList statuses = {QStringLiteral("done"), QStringLiteral("in_progress"), QStringLiteral("todo")};
        int n = 0;
        for (const Demo &d : demo) {
            auto clientId = insertEntity(tx, orgId, QStringLiteral("client"), {{QStringLiteral("name"), d.client}});
            if (!clientId)
                return std::unexpected(clientId.error());
            for (const auto &[contactName, email] : d.contacts) {
                auto contact = insertEntity(tx, orgId, QStringLiteral("contact"),
                    {{QStringLiteral("client_id"), *clientId}, {QStringLiteral("name"), contactName},
                        {QStringLiteral("email"), email}});
                if (!contact)
                    return std::unexpected(contact.error());
            }
            auto projectId = insertEntity(tx, orgId, QStringLiteral("project"),
                {{QStringLiteral("client_id"), *clientId}, {QStringLiteral("name"), d.project},
                    {QStringLiteral("description"), d.description}, {QStringLiteral("portal_enabled"), n == 0}});
            if (!projectId)
                return std::unexpected(projectId.error());
            int position = 0;
            for (const QString &title : d.tasks) {
                const QDate due = QDate::currentDate().addDays(7 * (position + 1));
                auto task = insertEntity(tx, orgId, QStringLiteral("task"),
                    {{QStringLiteral("project_id"), *projectId}, {QStringLiteral("title"), title},
                        {QStringLiteral("status"), statuses.at(std::min(position, 2))},
                        {QStringLiteral("visibility"), visibilities.at(position % 3)},
                        {QStringLiteral("due_date"), due.toString(Qt::ISODate)},
                        {QStringLiteral("assignee_id"), created->userId}, {QStringLiteral("position"), position}});
                if (!task)
                    return std::unexpected(task.error());
                ++position;
            }
            if (n == 0) {
                auto signoff = insertEntity(tx, orgId, QStringLiteral("signoff"),
                    {{QStringLiteral("project_id"), *projectId},
                        {QStringLiteral("title"), QStringLiteral("Approve logo direction")},
                        {QStringLiteral("description"),
                            QStringLiteral("Please choose the logo direction we should develop further.")}});
                if (!signoff)
                    return std::unexpected(signoff.error());
            }
            ++n;
        }
        return {};
    };
    if (auto r = run(); !r)
        return std::unexpected(r.error());
    if (auto r = tx.commit(); !r)
        return std::unexpected(r.error());
    return created;
}

std::expected<QStringList, Error> OrgAdmin::check()
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    QStringList problems;
    if (!Database::isPostgres()) {
        auto q = Database::exec(*db, QStringLiteral("PRAGMA integrity_check"));
        if (!q)
            return std::unexpected(q.error());
        while (q->next()) {
            const QString line = q->value(0).toString();
            if (line != u"ok")
                problems.append(QStringLiteral("integrity_check: ") + line);
        }
        auto fk = Database::exec(*db, QStringLiteral("PRAGMA foreign_key_check"));
        if (!fk)
            return std::unexpected(fk.error());
        while (fk->next())
            problems.append(QStringLiteral("foreign key violation in ") + fk->value(0).toString());
    }
    for (const EntitySpec &spec : EntitySchema::entities()) {
        auto dup = Database::exec(*db,
            QStringLiteral("SELECT t.org_id, t.version, COUNT(*) FROM %1 t GROUP BY t.org_id, t.version "
                           "HAVING COUNT(*) > 1")
                .arg(spec.table));
        if (!dup)
            return std::unexpected(dup.error());
        while (dup->next())
            problems.append(QStringLiteral("%1: version %2 used twice").arg(spec.table, dup->value(1).toString()));
        auto high = Database::exec(*db,
            QStringLiteral("SELECT t.id FROM %1 t JOIN org_sequences s ON s.org_id = t.org_id "
                           "WHERE t.version > s.last_version")
                .arg(spec.table));
        if (!high)
            return std::unexpected(high.error());
        while (high->next())
            problems.append(
                QStringLiteral("%1 %2: version above the sequence").arg(spec.table, high->value(0).toString()));
    }
    auto usage = Database::exec(*db,
        QStringLiteral("SELECT o.id, o.storage_used_bytes, (SELECT COALESCE(SUM(c.size), 0) FROM file_contents c "
                       "WHERE c.org_id = o.id) + (SELECT COALESCE(SUM(l.size), 0) FROM brand_logos l "
                       "WHERE l.org_id = o.id) FROM organisations o"));
    if (!usage)
        return std::unexpected(usage.error());
    while (usage->next()) {
        if (usage->value(1).toLongLong() != usage->value(2).toLongLong())
            problems.append(
                QStringLiteral("organisation %1: storage_used_bytes %2 but files and logos hold %3")
                    .arg(usage->value(0).toString(), usage->value(1).toString(), usage->value(2).toString()));
    }
    return problems;
}

std::expected<StorageQuota::Report, Error> OrgAdmin::storage(const QString &orgId)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    return StorageQuota::report(*db, orgId);
}

std::expected<QStringList, Error> OrgAdmin::storageLines()
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto orgs = Database::exec(*db, QStringLiteral("SELECT id, portal_slug FROM organisations ORDER BY portal_slug"));
    if (!orgs)
        return std::unexpected(orgs.error());
    QList<QPair<QString, QString>> list;
    while (orgs->next())
        list.append({orgs->value(0).toString(), orgs->value(1).toString()});
    orgs->finish();
    QStringList lines;
    for (const auto &[id, slug] : std::as_const(list)) {
        const auto r = StorageQuota::report(*db, id);
        if (!r)
            return std::unexpected(r.error());
        lines.append(QStringLiteral("storage %1: used %2 of %3 bytes (staff %4, clients %5, logos %6), reserved %7")
                         .arg(slug)
                         .arg(r->usedBytes)
                         .arg(r->quotaBytes)
                         .arg(r->staffBytes)
                         .arg(r->clientBytes)
                         .arg(r->logoBytes)
                         .arg(r->reservedBytes));
        for (const StorageQuota::ProjectUsage &p : r->projects)
            lines.append(QStringLiteral("storage %1 project %2 \"%3\": staff %4, clients %5")
                             .arg(slug, p.projectId, p.name)
                             .arg(p.staffBytes)
                             .arg(p.clientBytes));
    }
    return lines;
}
