// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QVariantHash>

#include <expected>

#include "common/entityschema.h"
#include "common/error.h"

class WriteTransaction;

// Who is asking: a signed-in staff user (and later a portal contact), with the organisation every
// query is confined to and the address the request came from (for the audit trail).
struct Actor
{
    QString userId;
    QString orgId;
    QString role; // "admin" | "member"
    // A staff member's e-mail address and name, as of the request (StaffSessions::authenticate
    // reads them with the token, so that no route asks again).
    QString email;
    QString name;
    QString kind = QStringLiteral("staff");
    QString address;
    // The best of the mail languages (MailText::languages()) for the request's Accept-Language,
    // or "": what mail this request causes is written in, to a contact who has no language yet.
    QString language;

    bool isAdmin() const { return role == u"admin"; }
};

struct PullPage
{
    // The changes as a JSON array's text (changeJson()'s form, in version order), and how many.
    QByteArray changes;
    int count = 0;
    qint64 cursor = 0;
    bool more = false;
};

// The sync protocol over the entity tables (ARCHITECTURE.md, "Sync protocol"): versioned writes
// under the organisation's lock, pull pages in version order, idempotent pushes with conflict
// detection. Stateless; every call uses the calling thread's database connection.
namespace SyncStore {

constexpr int defaultPullLimit = 500;
constexpr int maxPullLimit = 5000;
constexpr int maxPushBatch = 1000;

// Error "cursor_expired" when `since` is older than the tombstone retention (or newer than anything
// the server knows, i.e. the server was reset): the client resyncs from zero.
std::expected<PullPage, Error> pull(const Actor &actor, qint64 since, int limit);

// Applies the mutations in order, each on its own (a bad one does not stop the others), in one
// transaction, and returns one result object per mutation in the same order.
// `publicUrl` starts the links in the e-mails a push sends (invitations, sign-offs).
std::expected<QJsonArray, Error> push(
    const Actor &actor, const QString &clientId, const QJsonArray &mutations, const QString &publicUrl);

// Row helpers shared with other writers (file uploads, operator commands). `values` holds storage
// values by column name; missing fields get their defaults. Extra (non-synced) columns may be added.
std::expected<void, Error> insertRow(WriteTransaction &tx, const EntitySpec &spec, const QString &orgId,
    const QString &id, qint64 version, const QVariantHash &values);
// The same row, written with others at the transaction's next statement or commit
// (WriteTransaction::insertLater): for a row whose id was checked and that no other unique index
// can refuse.
std::expected<void, Error> insertRowLater(WriteTransaction &tx, const EntitySpec &spec, const QString &orgId,
    const QString &id, qint64 version, const QVariantHash &values);
std::expected<void, Error> updateRow(
    WriteTransaction &tx, const EntitySpec &spec, const QString &id, qint64 version, const QVariantHash &values);
// The row with all its spec columns, or std::nullopt-like empty hash when it does not exist in the org.
std::expected<QVariantHash, Error> loadRow(
    WriteTransaction &tx, const EntitySpec &spec, const QString &orgId, const QString &id);
// The same, outside a write (a reader's connection).
std::expected<QVariantHash, Error> loadRow(
    const QSqlDatabase &db, const EntitySpec &spec, const QString &orgId, const QString &id);
// One entry of the activity log. `summary` is the server's own words (for logs and the audit trail);
// `details` is what the desktop words it from, in the reader's language: {"label": the item's
// name, "changes": {field: new value}, "excerpt": a comment's text, "comment": an answer's}.
std::expected<void, Error> appendActivity(WriteTransaction &tx, const Actor &actor, const QString &action,
    const QString &entity, const QString &entityId, const QString &projectId, const QString &summary,
    const QJsonObject &details = {});
// The wire form of a row: {"entity","id","version","deleted","data":{…}}.
QJsonObject changeJson(const EntitySpec &spec, const QVariantHash &row);

// Removes tombstones older than the retention and remembers the newest version removed per
// organisation, so older cursors get "cursor_expired". Returns the number of rows removed.
std::expected<int, Error> purgeTombstones(int retentionDays);

} // namespace SyncStore
