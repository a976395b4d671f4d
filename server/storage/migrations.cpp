// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/migrations.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <utility>

#include "common/timeutil.h"
#include "server/storage/database.h"
#include "server/storage/logging.h"

namespace {

// Columns every synced entity has (see common/entityschema.h).
#define ENTITY_COLUMNS                                                                                                 \
    "id TEXT PRIMARY KEY, org_id TEXT NOT NULL, version BIGINT NOT NULL, created_at TEXT NOT NULL, "                   \
    "updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, "

const QList<QStringList> &migrations()
{
    static const QList<QStringList> list = {
        // 1: the whole first schema.
        {
            QStringLiteral(
                "CREATE TABLE org_sequences (org_id TEXT PRIMARY KEY, last_version BIGINT NOT NULL DEFAULT 0, "
                "purged_version BIGINT NOT NULL DEFAULT 0)"),
            QStringLiteral(
                "CREATE TABLE organisations (" ENTITY_COLUMNS
                "name TEXT NOT NULL, portal_enabled INTEGER NOT NULL DEFAULT 0, portal_slug TEXT NOT NULL, "
                "portal_custom_host TEXT, brand_logo_file_id TEXT, brand_primary_color TEXT NOT NULL, "
                "brand_accent_color TEXT NOT NULL, brand_background_color TEXT NOT NULL, "
                "brand_text_color TEXT NOT NULL, brand_welcome_text TEXT NOT NULL DEFAULT '', "
                "email_sender_name TEXT NOT NULL DEFAULT '', storage_quota_bytes BIGINT NOT NULL, "
                "storage_used_bytes BIGINT NOT NULL DEFAULT 0, storage_reserved_bytes BIGINT NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE UNIQUE INDEX organisations_slug ON organisations (portal_slug)"),
            QStringLiteral("CREATE UNIQUE INDEX organisations_host ON organisations (portal_custom_host)"),
            QStringLiteral("CREATE TABLE staff_users (" ENTITY_COLUMNS
                           "email TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, password_hash TEXT NOT NULL)"),
            QStringLiteral("CREATE UNIQUE INDEX staff_users_email ON staff_users (email)"),
            QStringLiteral("CREATE TABLE clients (" ENTITY_COLUMNS
                           "name TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '', archived INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE TABLE contacts (" ENTITY_COLUMNS
                           "client_id TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL DEFAULT '', "
                           "phone TEXT NOT NULL DEFAULT '', portal_state TEXT NOT NULL DEFAULT 'none')"),
            QStringLiteral("CREATE INDEX contacts_client ON contacts (client_id)"),
            QStringLiteral("CREATE TABLE projects (" ENTITY_COLUMNS
                           "client_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', "
                           "status TEXT NOT NULL DEFAULT 'active', portal_enabled INTEGER NOT NULL DEFAULT 0, "
                           "client_uploads_enabled INTEGER NOT NULL DEFAULT 0, archived INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX projects_client ON projects (client_id)"),
            QStringLiteral("CREATE TABLE tasks (" ENTITY_COLUMNS
                           "project_id TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', "
                           "status TEXT NOT NULL DEFAULT 'todo', due_date TEXT, assignee_id TEXT, "
                           "visibility TEXT NOT NULL DEFAULT 'private', position BIGINT NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX tasks_project ON tasks (project_id)"),
            QStringLiteral(
                "CREATE TABLE files (" ENTITY_COLUMNS
                "project_id TEXT NOT NULL, folder TEXT NOT NULL DEFAULT '', name TEXT NOT NULL, "
                "size BIGINT NOT NULL DEFAULT 0, mime_type TEXT NOT NULL DEFAULT '', sha256 TEXT NOT NULL DEFAULT '', "
                "visibility TEXT NOT NULL DEFAULT 'private', uploaded_by TEXT, blob_name TEXT)"),
            QStringLiteral("CREATE INDEX files_project ON files (project_id)"),
            // Every stored content of a file, so a sign-off can keep pointing at what it was sent with.
            QStringLiteral(
                "CREATE TABLE file_contents (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, file_id TEXT NOT NULL, "
                "blob_name TEXT NOT NULL, size BIGINT NOT NULL, sha256 TEXT NOT NULL, mime_type TEXT NOT NULL, "
                "uploaded_by TEXT, created_at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX file_contents_file ON file_contents (file_id)"),
            QStringLiteral("CREATE TABLE signoffs (" ENTITY_COLUMNS
                           "project_id TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', "
                           "file_ids TEXT NOT NULL DEFAULT '[]', status TEXT NOT NULL DEFAULT 'draft', sent_at TEXT, "
                           "responded_at TEXT, response_comment TEXT NOT NULL DEFAULT '', sent_file_versions TEXT)"),
            QStringLiteral("CREATE INDEX signoffs_project ON signoffs (project_id)"),
            QStringLiteral("CREATE TABLE comments (" ENTITY_COLUMNS
                           "target_entity TEXT NOT NULL, target_id TEXT NOT NULL, author_id TEXT, "
                           "author_kind TEXT NOT NULL DEFAULT 'staff', body TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX comments_target ON comments (target_id)"),
            QStringLiteral("CREATE TABLE invites (" ENTITY_COLUMNS
                           "contact_id TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'email', expires_at TEXT, "
                           "accepted_at TEXT, revoked_at TEXT, token_hash TEXT, sent_to TEXT)"),
            QStringLiteral("CREATE UNIQUE INDEX invites_token ON invites (token_hash)"),
            QStringLiteral("CREATE TABLE conflicts (" ENTITY_COLUMNS
                           "entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL, rejected_value TEXT, "
                           "server_value TEXT, reason TEXT NOT NULL, author_id TEXT NOT NULL, "
                           "mutation_id TEXT NOT NULL DEFAULT '', resolved INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral(
                "CREATE TABLE activities (" ENTITY_COLUMNS
                "actor_id TEXT, actor_kind TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL DEFAULT '', "
                "entity_id TEXT, project_id TEXT, summary TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE TABLE staff_tokens (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL "
                           "REFERENCES staff_users (id), org_id TEXT NOT NULL, created_at TEXT NOT NULL, "
                           "expires_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT, client_name TEXT)"),
            QStringLiteral("CREATE INDEX staff_tokens_user ON staff_tokens (user_id)"),
            QStringLiteral(
                "CREATE TABLE mutations (org_id TEXT NOT NULL, mutation_id TEXT NOT NULL, user_id TEXT NOT NULL, "
                "result TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (org_id, mutation_id))"),
            QStringLiteral("CREATE TABLE login_throttle (throttle_key TEXT PRIMARY KEY, failures INTEGER NOT NULL, "
                           "first_failure_at TEXT NOT NULL, locked_until TEXT)"),
            QStringLiteral(
                "CREATE TABLE uploads (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, user_id TEXT NOT NULL, "
                "file_id TEXT NOT NULL, project_id TEXT NOT NULL, folder TEXT NOT NULL, name TEXT NOT NULL, "
                "mime_type TEXT NOT NULL, size BIGINT NOT NULL, sha256 TEXT NOT NULL, visibility TEXT NOT NULL, "
                "received BIGINT NOT NULL DEFAULT 0, reserved BIGINT NOT NULL, created_at TEXT NOT NULL, "
                "expires_at TEXT NOT NULL)"),
        },
        // 2: outgoing mail, queued in the transaction that causes it.
        {
            QStringLiteral("CREATE TABLE mail_queue (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, to_addr TEXT NOT NULL, "
                           "from_name TEXT NOT NULL, subject TEXT NOT NULL, body_text TEXT NOT NULL, "
                           "body_html TEXT NOT NULL, created_at TEXT NOT NULL, next_attempt_at TEXT NOT NULL, "
                           "attempts INTEGER NOT NULL DEFAULT 0, sent_at TEXT, last_error TEXT)"),
            QStringLiteral("CREATE INDEX mail_queue_due ON mail_queue (sent_at, next_attempt_at)"),
        },
        // 3: portal accounts (a contact's password) and their sessions.
        {
            QStringLiteral("ALTER TABLE contacts ADD COLUMN password_hash TEXT"),
            QStringLiteral("CREATE TABLE portal_sessions (token_hash TEXT PRIMARY KEY, org_id TEXT NOT NULL, "
                           "contact_id TEXT NOT NULL, csrf TEXT NOT NULL, created_at TEXT NOT NULL, "
                           "expires_at TEXT NOT NULL, revoked_at TEXT)"),
            QStringLiteral("CREATE INDEX portal_sessions_contact ON portal_sessions (contact_id)"),
        },
        // 4: portal password resets (only the token's hash is kept).
        {
            QStringLiteral(
                "CREATE TABLE portal_password_resets (token_hash TEXT PRIMARY KEY, org_id TEXT NOT NULL, "
                "contact_id TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT)"),
        },
        // 5: who answered a sign-off; who (staff or client) runs an upload.
        {
            QStringLiteral("ALTER TABLE signoffs ADD COLUMN responded_by TEXT"),
            QStringLiteral("ALTER TABLE uploads ADD COLUMN uploader_kind TEXT NOT NULL DEFAULT 'staff'"),
        },
        // 6: organisation logos, as the server re-encoded them (organisations.brand_logo_file_id names one),
        // and previews of branding not saved yet.
        {
            QStringLiteral("CREATE TABLE brand_logos (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, "
                           "blob_name TEXT NOT NULL, size BIGINT NOT NULL, sha256 TEXT NOT NULL, "
                           "uploaded_by TEXT NOT NULL, created_at TEXT NOT NULL)"),
            // Short-lived previews of unsaved branding (the token only as its SHA-256).
            QStringLiteral("CREATE TABLE brand_previews (token_hash TEXT PRIMARY KEY, org_id TEXT NOT NULL, "
                           "name TEXT NOT NULL, slug TEXT NOT NULL, welcome_text TEXT NOT NULL, "
                           "primary_color TEXT NOT NULL, accent_color TEXT NOT NULL, background_color TEXT NOT NULL, "
                           "text_color TEXT NOT NULL, logo_png_base64 TEXT NOT NULL, created_at TEXT NOT NULL, "
                           "expires_at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX brand_previews_org ON brand_previews (org_id, created_at)"),
        },
        // 7: logos count against the storage quota; those stored before start counting now.
        {
            QStringLiteral("UPDATE organisations SET storage_used_bytes = storage_used_bytes + "
                           "(SELECT COALESCE(SUM(l.size), 0) FROM brand_logos l WHERE l.org_id = organisations.id)"),
        },
        // 8: each staff member's Inbox read state.
        {
            QStringLiteral(
                "CREATE TABLE inbox_marks (" ENTITY_COLUMNS
                "activity_id TEXT, through_version BIGINT NOT NULL DEFAULT 0, user_id TEXT, deleted_with TEXT)"),
            QStringLiteral("CREATE INDEX inbox_marks_org_version ON inbox_marks (org_id, version)"),
            QStringLiteral("CREATE INDEX inbox_marks_user ON inbox_marks (user_id)"),
            // Every field a user expects to edit: a contact's role, a project's due date.
            QStringLiteral("ALTER TABLE contacts ADD COLUMN role TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE projects ADD COLUMN due_date TEXT"),
            // What was deleted along with something else (a project's tasks), to come back with it.
            QStringLiteral("ALTER TABLE clients ADD COLUMN deleted_with TEXT"),
            QStringLiteral("ALTER TABLE contacts ADD COLUMN deleted_with TEXT"),
            QStringLiteral("ALTER TABLE projects ADD COLUMN deleted_with TEXT"),
            QStringLiteral("ALTER TABLE tasks ADD COLUMN deleted_with TEXT"),
            QStringLiteral("ALTER TABLE files ADD COLUMN deleted_with TEXT"),
            QStringLiteral("ALTER TABLE signoffs ADD COLUMN deleted_with TEXT"),
            QStringLiteral("ALTER TABLE comments ADD COLUMN deleted_with TEXT"),
            QStringLiteral("ALTER TABLE organisations ADD COLUMN deleted_with TEXT"),
            QStringLiteral("ALTER TABLE staff_users ADD COLUMN deleted_with TEXT"),
            QStringLiteral("ALTER TABLE invites ADD COLUMN deleted_with TEXT"),
            QStringLiteral("ALTER TABLE conflicts ADD COLUMN deleted_with TEXT"),
            QStringLiteral("ALTER TABLE activities ADD COLUMN deleted_with TEXT"),
            // The activity log's entries in a form the desktop words in the reader's language.
            QStringLiteral("ALTER TABLE activities ADD COLUMN details TEXT"),
            // The Inbox and the staff mails read client activity per project.
            QStringLiteral("CREATE INDEX activities_project ON activities (project_id, actor_kind)"),
        },
        // 9: notification e-mails. Who gets them and how often (immediate batch, daily digest, off),
        // and how far through the organisation's activity each recipient has been mailed; the
        // links in mails that change that without signing in; extra header fields of queued mail.
        {
            QStringLiteral("CREATE TABLE mail_subscriptions (recipient_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, "
                           "recipient_kind TEXT NOT NULL, mode TEXT NOT NULL DEFAULT 'immediate', "
                           "cursor_version BIGINT NOT NULL DEFAULT 0, last_sent_at TEXT, updated_at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX mail_subscriptions_org ON mail_subscriptions (org_id, mode)"),
            QStringLiteral("CREATE TABLE mail_links (token_hash TEXT PRIMARY KEY, org_id TEXT NOT NULL, "
                           "recipient_id TEXT NOT NULL, created_at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX mail_links_created ON mail_links (created_at)"),
            QStringLiteral("ALTER TABLE mail_queue ADD COLUMN headers TEXT NOT NULL DEFAULT ''"),
            // Everyone there is now starts from here, not from the organisation's whole history.
            QStringLiteral("INSERT INTO mail_subscriptions (recipient_id, org_id, recipient_kind, cursor_version, "
                           "updated_at) SELECT s.id, s.org_id, 'staff', COALESCE((SELECT q.last_version FROM "
                           "org_sequences q WHERE q.org_id = s.org_id), 0), s.updated_at FROM staff_users s "
                           "WHERE s.deleted = 0"),
            QStringLiteral("INSERT INTO mail_subscriptions (recipient_id, org_id, recipient_kind, cursor_version, "
                           "updated_at) SELECT c.id, c.org_id, 'contact', COALESCE((SELECT q.last_version FROM "
                           "org_sequences q WHERE q.org_id = c.org_id), 0), c.updated_at FROM contacts c "
                           "WHERE c.deleted = 0 AND c.portal_state = 'active'"),
        },
        // 10: when each client last opened each project, for the portal's "new since your last visit".
        {
            QStringLiteral("CREATE TABLE portal_visits (contact_id TEXT NOT NULL, project_id TEXT NOT NULL, "
                           "org_id TEXT NOT NULL, seen_at TEXT NOT NULL, previous_seen_at TEXT, "
                           "PRIMARY KEY (contact_id, project_id))"),
            // The portal's account page lists a client's sessions: by an id that is not the token,
            // with the browser, address and time it was last seen.
            QStringLiteral("ALTER TABLE portal_sessions ADD COLUMN id TEXT"),
            QStringLiteral("ALTER TABLE portal_sessions ADD COLUMN device TEXT"),
            QStringLiteral("ALTER TABLE portal_sessions ADD COLUMN address TEXT"),
            QStringLiteral("ALTER TABLE portal_sessions ADD COLUMN last_seen_at TEXT"),
            QStringLiteral("UPDATE portal_sessions SET id = substr(token_hash, 1, 32) WHERE id IS NULL"),
            QStringLiteral("CREATE UNIQUE INDEX portal_sessions_id ON portal_sessions (id)"),
        },
        // 11: sign-offs as evidence. Who must approve, by when, in which round; every round's files
        // and answers. The personal links mailed to each approver ("classic link"), stored hashed:
        // one per mail (the first of a round, then each reminder), so the reminders go by them too.
        {
            QStringLiteral("ALTER TABLE signoffs ADD COLUMN approver_ids TEXT NOT NULL DEFAULT '[]'"),
            QStringLiteral("ALTER TABLE signoffs ADD COLUMN due_date TEXT"),
            QStringLiteral("ALTER TABLE signoffs ADD COLUMN round_number BIGINT NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE signoffs ADD COLUMN rounds TEXT"),
            QStringLiteral("CREATE TABLE signoff_links (token_hash TEXT PRIMARY KEY, org_id TEXT NOT NULL, "
                           "signoff_id TEXT NOT NULL, contact_id TEXT NOT NULL, round_number BIGINT NOT NULL, "
                           "purpose TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, "
                           "revoked_at TEXT)"),
            QStringLiteral(
                "CREATE INDEX signoff_links_signoff ON signoff_links (signoff_id, contact_id, round_number)"),
        },
        // 12: two-factor sign-in (secrets sealed with the key file's key; recovery codes as
        // Argon2id hashes found by a 4-character prefix) and sign-ins waiting for their code.
        {
            QStringLiteral("CREATE TABLE second_factors (subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, "
                           "org_id TEXT NOT NULL, secret_enc TEXT NOT NULL, confirmed_at TEXT, "
                           "last_step BIGINT NOT NULL DEFAULT 0, created_at TEXT NOT NULL, "
                           "PRIMARY KEY (subject_kind, subject_id))"),
            QStringLiteral("CREATE TABLE recovery_codes (subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, "
                           "lookup TEXT NOT NULL, code_hash TEXT NOT NULL, created_at TEXT NOT NULL, used_at TEXT, "
                           "PRIMARY KEY (subject_kind, subject_id, lookup))"),
            QStringLiteral("CREATE TABLE sign_in_challenges (token_hash TEXT PRIMARY KEY, subject_kind TEXT NOT NULL, "
                           "subject_id TEXT NOT NULL, org_id TEXT NOT NULL, email TEXT NOT NULL, "
                           "client_name TEXT NOT NULL, peer TEXT NOT NULL, created_at TEXT NOT NULL, "
                           "expires_at TEXT NOT NULL, used_at TEXT, attempts INTEGER NOT NULL DEFAULT 0)"),
        },
        // 13: the portal's e-mailed links are password resets or sign-in links; each opens only
        // what it was made for.
        {
            QStringLiteral("ALTER TABLE portal_password_resets ADD COLUMN purpose TEXT NOT NULL DEFAULT 'reset'"),
        },
        // 14: staff sessions that people can see and end: an id to name one by, and where it was
        // last used from.
        {
            QStringLiteral("ALTER TABLE staff_tokens ADD COLUMN id TEXT"),
            QStringLiteral("ALTER TABLE staff_tokens ADD COLUMN address TEXT"),
        },
        // 15: two-factor sign-in an organisation requires (and since when, for the grace period), a
        // sign-in that may only enrol, and the security log: sign-ins, failures, lockouts, changes
        // to second factors, invitations accepted and access revoked. The log is not synced (a
        // flood of failed sign-ins must not reach every desktop); administrators read it by route.
        {
            QStringLiteral("ALTER TABLE organisations ADD COLUMN two_factor_staff INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE organisations ADD COLUMN two_factor_clients TEXT NOT NULL DEFAULT 'off'"),
            QStringLiteral("ALTER TABLE organisations ADD COLUMN two_factor_grace_days BIGINT NOT NULL DEFAULT 14"),
            QStringLiteral("ALTER TABLE organisations ADD COLUMN two_factor_staff_since TEXT"),
            QStringLiteral("ALTER TABLE organisations ADD COLUMN two_factor_clients_since TEXT"),
            QStringLiteral("ALTER TABLE clients ADD COLUMN two_factor_required INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE clients ADD COLUMN two_factor_since TEXT"),
            QStringLiteral("ALTER TABLE sign_in_challenges ADD COLUMN purpose TEXT NOT NULL DEFAULT 'code'"),
            QStringLiteral("CREATE TABLE security_events (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, "
                           "created_at TEXT NOT NULL, action TEXT NOT NULL, subject_kind TEXT NOT NULL, "
                           "subject_id TEXT, subject_name TEXT NOT NULL DEFAULT '', "
                           "subject_email TEXT NOT NULL DEFAULT '', actor_id TEXT, address TEXT NOT NULL DEFAULT '', "
                           "details TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX security_events_org ON security_events (org_id, created_at)"),
        },
        // 16: uploads that any instance may continue: the blob store's own state of each, the
        // pieces it keeps between chunks (an S3 store's staged objects and multipart parts), and
        // the SHA-256 of what arrived so far, kept as the hash's state between chunks, and the lease
        // of the one request working on it.
        {
            QStringLiteral("ALTER TABLE uploads ADD COLUMN store_state TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE uploads ADD COLUMN hash_state TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE uploads ADD COLUMN lease_token TEXT"),
            QStringLiteral("ALTER TABLE uploads ADD COLUMN lease_until TEXT"),
            QStringLiteral("CREATE TABLE upload_parts (upload_id TEXT NOT NULL, kind TEXT NOT NULL, "
                           "start_offset BIGINT NOT NULL, size BIGINT NOT NULL, part_number INTEGER NOT NULL, "
                           "ref TEXT NOT NULL, PRIMARY KEY (upload_id, kind, start_offset))"),
        },
        // 17: the language a contact reads the portal and its e-mails in: the one chosen on the
        // portal's account page (NULL: automatic) and the one their browser last asked for.
        {
            QStringLiteral("CREATE TABLE contact_languages (contact_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, "
                           "preferred TEXT, seen TEXT, updated_at TEXT NOT NULL)"),
        },
        // 18: two counts per organisation, kept by triggers (portalMarkTriggers) so that they move
        // with every write, even one made in the database by hand, with or without a new version:
        // `inputs`, of writes to the rows the portal's permission decisions on items rest on
        // (tasks, files, sign-offs), and `facts`, of writes to what a portal request's actor and
        // project are read from (contacts, clients, projects, organisations, and whether a portal
        // session is valid). What a server keeps in memory of those is used only while they have
        // not moved.
        // A table of their own: the triggers lock its row only as each statement ends, where the
        // version's row is held from a write's start to its commit.
        {
            QStringLiteral("CREATE TABLE portal_marks (org_id TEXT PRIMARY KEY, inputs BIGINT NOT NULL DEFAULT 0, "
                           "facts BIGINT NOT NULL DEFAULT 0)"),
        },
        // 19: on PostgreSQL, each count moves once per transaction (portalMarksOncePerTransaction);
        // SQLite's triggers stay as they are.
        {},
        // 20: the language of the staff member who asked for a sign-off, kept with each personal
        // link, so that its reminders speak it too to a contact who chose none (Signoffs::remind).
        {
            QStringLiteral("ALTER TABLE signoff_links ADD COLUMN sender_language TEXT NOT NULL DEFAULT ''"),
        },
    };
    return list;
}

// The triggers of migration 18.
QStringList portalMarkTriggers()
{
    const QStringList inputTables = {QStringLiteral("tasks"), QStringLiteral("files"), QStringLiteral("signoffs")};
    const QStringList factTables = {QStringLiteral("contacts"), QStringLiteral("clients"), QStringLiteral("projects")};
    // Of the organisation, only its portal switch is a fact (and deleting it): the storage counters
    // it also holds change with every upload.
    const QString organisationFacts = QStringLiteral("portal_enabled, deleted");
    // A session's last-seen time, address and browser are written once a minute while it is used:
    // not facts anyone decides on.
    const QString sessionFacts = QStringLiteral("revoked_at, expires_at, csrf, contact_id, org_id");
    // Each event with the name of the rows it leaves: the new ones, or the old ones of a delete.
    static constexpr std::pair<const char *, const char *> events[] = {
        {"INSERT", "NEW"}, {"UPDATE", "NEW"}, {"DELETE", "OLD"}};
    QStringList statements;
    if (Database::isPostgres()) {
        // Inputs: one statement-level trigger per table and event, with the statement's rows as a
        // transition table, so a set-based write of thousands of tasks bumps the count once.
        statements.append(
            QStringLiteral("CREATE FUNCTION portal_inputs_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                           "INSERT INTO portal_marks (org_id, inputs) SELECT DISTINCT org_id, 1 FROM changed_rows "
                           "ON CONFLICT (org_id) DO UPDATE SET inputs = portal_marks.inputs + 1; "
                           "RETURN NULL; END $$"));
        for (const QString &table : inputTables) {
            for (const auto &[event, rows] : events) {
                statements.append(
                    QStringLiteral("CREATE TRIGGER %1_portal_inputs_%2 AFTER %3 ON %1 REFERENCING %4 TABLE AS "
                                   "changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_inputs_changed()")
                        .arg(table, QString::fromLatin1(event).toLower(), QLatin1StringView(event),
                            QLatin1StringView(rows)));
            }
        }
        // Facts: rows written one at a time, and a column list for sessions: row-level.
        statements.append(
            QStringLiteral("CREATE FUNCTION portal_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
                           "DECLARE org TEXT; BEGIN "
                           "IF TG_OP = 'DELETE' THEN org := OLD.org_id; ELSE org := NEW.org_id; END IF; "
                           "INSERT INTO portal_marks (org_id, facts) VALUES (org, 1) "
                           "ON CONFLICT (org_id) DO UPDATE SET facts = portal_marks.facts + 1; "
                           "RETURN NULL; END $$"));
        for (const QString &table : factTables) {
            statements.append(QStringLiteral("CREATE TRIGGER %1_portal_facts AFTER INSERT OR UPDATE OR DELETE ON %1 "
                                             "FOR EACH ROW EXECUTE FUNCTION portal_facts_changed()")
                                  .arg(table));
        }
        statements.append(QStringLiteral("CREATE TRIGGER portal_sessions_portal_facts AFTER UPDATE OF %1 OR DELETE "
                                         "ON portal_sessions FOR EACH ROW EXECUTE FUNCTION portal_facts_changed()")
                              .arg(sessionFacts));
        statements.append(QStringLiteral("CREATE TRIGGER organisations_portal_facts AFTER UPDATE OF %1 OR DELETE "
                                         "ON organisations FOR EACH ROW EXECUTE FUNCTION portal_facts_changed()")
                              .arg(organisationFacts));
        return statements;
    }
    // SQLite has row-level triggers only; each costs one update of a row already in the page cache.
    auto bump = [&](const QString &name, const QString &when, const char *row, const char *column) {
        statements.append(QStringLiteral("CREATE TRIGGER %1 AFTER %2 BEGIN "
                                         "INSERT INTO portal_marks (org_id, %4) VALUES (%3.org_id, 1) "
                                         "ON CONFLICT (org_id) DO UPDATE SET %4 = %4 + 1; END")
                              .arg(name, when, QLatin1StringView(row), QLatin1StringView(column)));
    };
    for (const auto &[event, row] : events) {
        const QString suffix = QString::fromLatin1(event).toLower();
        for (const QString &table : inputTables)
            bump(table + QStringLiteral("_portal_inputs_") + suffix,
                QLatin1StringView(event) + QStringLiteral(" ON ") + table, row, "inputs");
        for (const QString &table : factTables)
            bump(table + QStringLiteral("_portal_facts_") + suffix,
                QLatin1StringView(event) + QStringLiteral(" ON ") + table, row, "facts");
    }
    bump(QStringLiteral("portal_sessions_portal_facts_update"),
        QStringLiteral("UPDATE OF %1 ON portal_sessions").arg(sessionFacts), "NEW", "facts");
    bump(QStringLiteral("portal_sessions_portal_facts_delete"), QStringLiteral("DELETE ON portal_sessions"), "OLD",
        "facts");
    bump(QStringLiteral("organisations_portal_facts_update"),
        QStringLiteral("UPDATE OF %1 ON organisations").arg(organisationFacts), "NEW", "facts");
    bump(
        QStringLiteral("organisations_portal_facts_delete"), QStringLiteral("DELETE ON organisations"), "OLD", "facts");
    return statements;
}

// Migration 19, on PostgreSQL. Every bump of a count updates the one row of its organisation, and
// within one transaction each update leaves a version of that row that no one can clean up before
// the commit, which the next update walks past: a transaction of n one-row statements cost n². A
// reader only needs a count to have moved once a transaction that wrote has committed, so each
// count now keeps the id of the last transaction that moved it and moves again only in another.
// A bump rolled back to a savepoint takes that id with it, so the next statement bumps again.
QStringList portalMarksOncePerTransaction()
{
    if (!Database::isPostgres())
        return {};
    // `column` is the count; `rows` what to read the organisations from.
    auto bump = [](const char *column, const char *rows) {
        return QStringLiteral("INSERT INTO portal_marks (org_id, %1, %1_xid) %2 "
                              "ON CONFLICT (org_id) DO UPDATE SET %1 = portal_marks.%1 + 1, %1_xid = EXCLUDED.%1_xid "
                              "WHERE portal_marks.%1_xid IS DISTINCT FROM EXCLUDED.%1_xid; ")
            .arg(QLatin1StringView(column), QLatin1StringView(rows));
    };
    return {
        QStringLiteral("ALTER TABLE portal_marks ADD COLUMN inputs_xid BIGINT"),
        QStringLiteral("ALTER TABLE portal_marks ADD COLUMN facts_xid BIGINT"),
        QStringLiteral("CREATE OR REPLACE FUNCTION portal_inputs_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
                       "BEGIN %1RETURN NULL; END $$")
            .arg(bump("inputs", "SELECT DISTINCT org_id, 1, txid_current() FROM changed_rows")),
        QStringLiteral("CREATE OR REPLACE FUNCTION portal_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
                       "DECLARE org TEXT; BEGIN "
                       "IF TG_OP = 'DELETE' THEN org := OLD.org_id; ELSE org := NEW.org_id; END IF; "
                       "%1RETURN NULL; END $$")
            .arg(bump("facts", "VALUES (org, 1, txid_current())")),
    };
}

QStringList entityVersionIndexes()
{
    // Pull reads each table by (org_id, version).
    QStringList statements;
    const QStringList tables = {QStringLiteral("organisations"), QStringLiteral("staff_users"),
        QStringLiteral("clients"), QStringLiteral("contacts"), QStringLiteral("projects"), QStringLiteral("tasks"),
        QStringLiteral("files"), QStringLiteral("signoffs"), QStringLiteral("comments"), QStringLiteral("invites"),
        QStringLiteral("conflicts"), QStringLiteral("activities")};
    for (const QString &table : tables)
        statements.append(QStringLiteral("CREATE INDEX %1_org_version ON %1 (org_id, version)").arg(table));
    return statements;
}

} // namespace

int Migrations::latestVersion()
{
    return int(migrations().size());
}

std::expected<int, Error> Migrations::migrate(QSqlDatabase &db)
{
    if (auto r = Database::exec(db,
            QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations "
                           "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"));
        !r)
        return std::unexpected(r.error());

    for (int version = 1; version <= latestVersion(); ++version) {
        // Serialises concurrent starts: SQLite's write lock, PostgreSQL's advisory lock.
        WriteTransaction tx(db, QString());
        if (auto r = tx.begin(); !r)
            return std::unexpected(r.error());
        if (Database::isPostgres()) {
            if (auto r = Database::exec(db, QStringLiteral("SELECT pg_advisory_xact_lock(7000)")); !r)
                return std::unexpected(r.error());
        }
        auto done =
            Database::exec(db, QStringLiteral("SELECT version FROM schema_migrations WHERE version = ?"), {version});
        if (!done)
            return std::unexpected(done.error());
        if (done->next())
            continue;

        QStringList statements = migrations().at(version - 1);
        if (version == 1)
            statements += entityVersionIndexes();
        if (version == 18)
            statements += portalMarkTriggers();
        if (version == 19)
            statements += portalMarksOncePerTransaction();
        for (const QString &sql : std::as_const(statements)) {
            if (auto r = Database::exec(db, sql); !r) {
                qCCritical(lcDatabase).noquote() << "migration" << version << "failed";
                return std::unexpected(r.error());
            }
        }
        if (auto r =
                Database::exec(db, QStringLiteral("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"),
                    {version, TimeUtil::nowWire()});
            !r)
            return std::unexpected(r.error());
        if (auto r = tx.commit(); !r)
            return std::unexpected(r.error());
        qCInfo(lcDatabase).noquote() << "applied schema migration" << version;
    }
    return latestVersion();
}
