// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <expected>
#include <optional>

#include "common/entityschema.h"
#include "common/error.h"

struct PulledPage;

// One cached row as the models see it: the requested columns in the requested order.
struct Record
{
    QString id;
    QVariantList values;
    bool pending = false; // a local edit of this row has not reached the server yet
};

// A batch of rows of one entity, loaded off the GUI thread for the models.
struct RecordSet
{
    QString entity;
    QStringList columns;
    QList<Record> rows;
};

// One item of a staff member's Inbox: something a client did (an entry of the activity log).
struct InboxItem
{
    QString activityId;
    qint64 version = 0;
    QString action; // "comment.created", "file.uploaded", "task.updated", "signoff.approved", …
    QString entity; // what it is about, and its id
    QString entityId;
    QString projectId;
    QString projectName;
    QString actorName; // the contact
    QString itemTitle; // the task, file or sign-off it is about (for a comment: what it is on)
    QString itemState; // a task's status now, a sign-off's answer comment
    QString excerpt; // a comment's text
    QString summary; // the activity log's own words (the server's)
    QString createdAt; // wire time (UTC)
    bool read = false;
};

// One local edit: what the user did, before it is turned into an outbox mutation.
struct LocalEdit
{
    enum class Op { Create, Update, Delete, Restore }; // Restore: bring back a deleted row (and what went with it)
    Op op = Op::Update;
    QString entity;
    QString id;
    QJsonObject fields; // Create: the new row's fields; Update: the changed fields
};

// An outbox entry ready to be pushed (the wire form of a mutation).
struct OutboxEntry
{
    qint64 seq = 0;
    QJsonObject mutation;
};

// The desktop's offline copy of everything the server syncs, plus the outbox of local edits, the
// pull cursor and the upload queue, in one SQLite file (DATA_DIR/cache.sqlite).
//
// Each thread that touches the cache makes its own LocalCache on the same file (a QSqlDatabase
// must not cross threads): the GUI's for edits and small reads, the sync engine's for pulls and
// pushes. SQLite's WAL mode lets them read side by side; writes take turns.
//
// Every edit writes the row and its outbox mutation in one transaction, and every pull page writes
// its rows and the new cursor in one transaction, so a crash at any moment loses nothing that was
// typed and never skips or repeats a change. Rows are deleted only on an explicit tombstone from
// the server (kept as deleted rows), never because a response was empty or short.
class LocalCache : public QObject
{
    Q_OBJECT
public:
    explicit LocalCache(QObject *parent = nullptr);
    ~LocalCache() override;

    enum class OpenMode {
        ReadWrite, // checks, creates or migrates the file
        ReadOnly, // for background loads: no checks, no schema work (and no write lock)
    };
    // Opens (creating or migrating) the cache file. A damaged file, or one that is not a cache,
    // is moved aside (PATH.damaged-TIME) and a fresh cache made that keeps what could be read of
    // the outbox and the upload queue; the next pull refills it from the server.
    std::expected<void, Error> open(const QString &path, OpenMode mode = OpenMode::ReadWrite);
    // The last open() had to rebuild the cache (the app tells the user).
    bool wasRebuilt() const { return m_rebuilt; }
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }

    // --- local edits (GUI thread) ---------------------------------------------------------------
    // Applies the edits to the cached rows and queues their mutations, all in one transaction.
    // Fails as a whole (nothing applied) on the first invalid edit, with a message for people.
    std::expected<void, Error> applyEdits(const QList<LocalEdit> &edits);
    std::expected<void, Error> applyEdit(const LocalEdit &edit) { return applyEdits({edit}); }

    // --- reads ----------------------------------------------------------------------------------
    // One row with every field, as JSON (plus id, version, deleted, pending); nullopt if unknown.
    std::optional<QJsonObject> row(const QString &entity, const QString &id) const;
    // The role ("admin", "member") of the staff user with this e-mail, compared without case; empty
    // when the cache does not know them (yet). What the server enforces; the UI offers accordingly.
    QString staffRole(const QString &email) const;
    // Rows of an entity that are not deleted, optionally where `filterColumn` equals `value`;
    // `columns` chooses what each Record carries (empty: id only).
    std::expected<RecordSet, Error> records(const QString &entity, const QStringList &columns,
        const QString &filterColumn = {}, const QVariant &value = {}) const;
    std::expected<RecordSet, Error> recordsById(
        const QString &entity, const QStringList &columns, const QStringList &ids) const;
    int liveCount(const QString &entity) const;
    // How many live rows (where `filterColumn` equals `value`) hold each value of `groupColumn`,
    // counted by the database: cheap for a project of 100,000 tasks.
    std::expected<QHash<QString, int>, Error> countBy(
        const QString &entity, const QString &groupColumn, const QString &filterColumn, const QVariant &value) const;

    // The Inbox of the staff member with this e-mail, newest first: what clients did in the projects
    // they work on (where a task is assigned to them or they changed something), and in projects
    // nobody works on yet (so nothing a client does goes unheard); what a client did outside any
    // project (accepting an invitation) reaches everyone. `read` follows their inbox_mark rows.
    std::expected<QList<InboxItem>, Error> inboxItems(const QString &userEmail) const;

    // Search across clients, contacts, projects, tasks, files, sign-offs and comments, from the
    // cache (SQLite FTS5, kept current by triggers on every write, so it works offline): every word
    // of `text` as a prefix, diacritics ignored, newest first, at most `perKind` per kind.
    struct SearchHit
    {
        QString entity;
        QString id;
        QString title; // the item's name (for a comment: the task or file it is on)
        QString snippet; // where it matched, with the match in [brackets]
        QString projectId; // for tasks, files, sign-offs and comments on them
    };
    std::expected<QList<SearchHit>, Error> search(const QString &text, int perKind = 20) const;
    // "logo bri" → "\"logo\"* \"bri\"*": every word of two letters or more a quoted prefix (FTS5
    // syntax cannot leak in).
    static QString searchQuery(const QString &text);

    // --- outbox ---------------------------------------------------------------------------------
    int pendingCount() const;
    QList<OutboxEntry> nextOutboxBatch(int max) const;
    // The server's answer for each pushed mutation (by mutation_id), in one transaction:
    // applied and conflict remove the entry (a conflict arrives as a conflict row on the next
    // pull); rejected keeps it as a failed edit (shown to the user) and undoes it in the cache.
    std::expected<void, Error> recordPushResults(const QJsonArray &results);
    // Failed edits: outbox rows the server rejected, newest first ({mutation, error}).
    QList<QJsonObject> failedEdits() const;
    std::expected<void, Error> dismissFailedEdit(const QString &mutationId);

    // --- pull -----------------------------------------------------------------------------------
    qint64 cursor() const;
    // Applies one page and stores the new cursor in the same transaction. Rows with pending
    // edits keep their pending field values on top of what the server sent.
    // Returns the ids changed per entity.
    std::expected<QHash<QString, QStringList>, Error> applyPullPage(const PulledPage &page, qint64 newCursor);
    // The same for a page's "changes" as the server sent them.
    std::expected<QHash<QString, QStringList>, Error> applyPullPage(const QJsonArray &changes, qint64 newCursor);
    // How many live rows this page would delete (tombstones of rows the cache has alive).
    int deletionsIn(const PulledPage &page) const;
    int deletionsIn(const QJsonArray &changes) const;
    // Live rows of every entity people make (not activity or conflicts), for the mass-deletion check.
    int liveRowCount() const;
    // After the server said the cursor expired: pull again from 0, keeping the outbox.
    std::expected<void, Error> resetCursor();
    // The first sync into an empty cache (cursor 0, no rows): the secondary indexes and the
    // search index's triggers are dropped so that pages only fill the tables; finishBootstrap()
    // builds them once over all the rows. A cache left mid-bootstrap (a crash, a failed page)
    // gets them back when it is next opened. Returns whether the cache is (now) bootstrapping.
    std::expected<bool, Error> beginBootstrap();
    bool isBootstrapping() const;
    std::expected<void, Error> finishBootstrap();

    // --- small settings kept with the data they describe ------------------------------------------
    QString meta(const QString &key) const;

    // Deleted rows people can restore (clients, contacts, projects, tasks, files, sign-offs,
    // comments), newest first, at most `limit`: entity, id, a label, when. What was deleted along
    // with another row (a project's tasks) is listed under that row only.
    struct DeletedItem
    {
        QString entity;
        QString id;
        QString label;
        QString deletedAt; // wire time (UTC)
    };
    std::expected<QList<DeletedItem>, Error> deletedItems(int limit = 1000) const;
    // How many live rows would go with a delete: per entity, what EntitySchema lists as its
    // dependents (a client's contacts and projects, their tasks, files and sign-offs).
    QHash<QString, int> dependentsOf(const QString &entity, const QString &id) const;
    std::expected<void, Error> setMeta(const QString &key, const QString &value);

    // --- uploads (the queue of files to send; survives restarts) --------------------------------
    struct Upload
    {
        QString fileId;
        QString projectId;
        QString folder;
        QString name;
        QString localPath;
        qint64 size = 0;
        QString sha256;
        QString serverUploadId;
        QString state; // queued, uploading, failed
        QString error;
    };
    std::expected<void, Error> queueUpload(const Upload &upload);
    QList<Upload> uploads() const;
    std::expected<void, Error> updateUpload(const Upload &upload);
    std::expected<void, Error> removeUpload(const QString &fileId);

    // Column names of the cache table of an entity (the same as the server's).
    static QString tableOf(const EntitySpec &spec);

Q_SIGNALS:
    // Rows changed in this cache by a local edit.
    void rowsChanged(const QString &entity, const QStringList &ids);
    void outboxChanged();

private:
    std::expected<void, Error> openConnection(const QString &path);
    std::expected<void, Error> createSchema();
    std::expected<void, Error> createSearchIndex(QSqlDatabase &db, bool refill);
    std::expected<void, Error> rebuild();
    std::expected<void, Error> applyOne(const LocalEdit &edit, QHash<QString, QStringList> &changed);
    std::expected<void, Error> overlayPending(const EntitySpec &spec, const QString &id);
    QSqlDatabase db() const;

    QString m_connection;
    QString m_path;
    bool m_rebuilt = false;
};
