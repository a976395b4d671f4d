// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVariantHash>

#include <expected>

#include "common/entityschema.h"
#include "common/error.h"
#include "server/domain/syncstore.h"

class WriteTransaction;

// What one mutation's rules work with: its transaction (under the organisation's lock) and actor.
struct RuleContext
{
    WriteTransaction &tx;
    const Actor &actor;
    // How clients reach the server: the start of the links in the mails a rule queues.
    QString publicUrl;
    // Made by an invite's check() when it is created, handed back once by its afterCreate().
    QByteArray inviteToken;

    // Whether a live (not deleted) `entity` with `id` exists in the actor's organisation.
    std::expected<bool, Error> exists(const QString &entity, const QString &id) const;
    // What exists() found live in this push ("entity:id"), so a batch of tasks in one project asks
    // once. Only a delete ends an item's life under the organisation's lock, so the push forgets
    // these after any mutation that is not a create and after any mutation rolled back.
    mutable QSet<QString> knownLive;
};

// A rule's refusal, shown to the desktop as the mutation's error.
inline Error rejection(const QString &code, const QString &message)
{
    return Error{code, message};
}

// The business rules of one synced entity. The sync mechanics (SyncStore: base comparison,
// conflicts, versions, idempotency) are the same for every entity; they call these hooks, found by
// EntityRules::of(entity), at fixed points of a create, an update and a delete. An entity without
// rules of its own gets this base class: nothing beyond its schema (common/entityschema.h).
//
// Checks return an Error with an empty code when the mutation may go on, a rejection otherwise; a
// storage failure comes back as unexpected and aborts the whole push.
class EntityRules
{
public:
    virtual ~EntityRules() = default;

    // The rules for `entity` (the base rules when it has none of its own).
    static const EntityRules &of(const QString &entity);

    // Checks and completes `values`, the row as it would be written (`current` is empty when
    // creating); may set what the server decides (a token, a time).
    virtual std::expected<Error, Error> check(RuleContext &context, const EntitySpec &spec, const QVariantHash &current,
        QVariantHash &values, const QStringList &changed, bool creating) const;
    // Refuses a change of `field` by an update before anything else, or an empty code.
    virtual Error refuseChange(const FieldSpec &field) const;
    // After the row was inserted: extra fields for the mutation's result.
    virtual std::expected<QJsonObject, Error> afterCreate(
        RuleContext &context, const QString &id, const QVariantHash &values) const;
    // After the row was updated with `changed` fields (`current` is the row before).
    virtual std::expected<void, Error> afterUpdate(RuleContext &context, const QString &id, const QVariantHash &current,
        const QVariantHash &values, const QStringList &changed) const;
    // Before a delete: a refusal, or an empty code (and whatever must end with the row).
    virtual std::expected<Error, Error> beforeRemove(RuleContext &context, const QString &id) const;
    // What goes with a deleted row and comes back when it is restored (EntitySchema::dependentsOf,
    // the one table the desktop reads too). Each such row is tombstoned too (its own rules'
    // beforeRemove asked first), marked as deleted with this row.
    using Dependent = EntitySchema::Dependent;
    // Before a restore: a refusal (the item it belongs to is deleted, say), or an empty code. The
    // base rules check every reference of the row (a task's project, a contact's client).
    virtual std::expected<Error, Error> beforeRestore(
        RuleContext &context, const EntitySpec &spec, const QVariantHash &row) const;

    // The column naming the staff user a row belongs to, for rows that are one person's own (their
    // conflicts, their Inbox read state): only they pull such a row, and to everyone else an
    // update or delete of it finds nothing, the same answer as for a missing id. Empty: the
    // organisation's.
    virtual QString ownerColumn() const { return {}; }
    // Whether creating and deleting it appear in the activity log.
    virtual bool recordsActivity() const { return true; }
    // The fields whose change an update records in the activity log.
    virtual QStringList loggedFields() const;
    // How the activity log names a row, and the project it belongs to.
    virtual QString label(const EntitySpec &spec, const QVariantHash &row) const;
    virtual QString projectOf(const QVariantHash &row) const;
};
