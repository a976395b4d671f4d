// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCache>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QString>
#include <QVariant>

#include <expected>
#include <functional>
#include <optional>

#include "common/error.h"
#include "common/portalpermissions.h"
#include "server/domain/portalmarks.h"
#include "server/domain/syncstore.h"
#include "server/domain/uploads.h"

// A project page costs milliseconds per thousand items to build, and clients open the same page again
// and again. The cache comes after the permission decision, never instead of it: every request first
// decides afresh, on the actor's and the project's facts, whether the actor may see the project, and
// a cached page is served only when it was built from exactly the decisions this request would make.
// Those rest on the actor's and project's facts (part of the key) and on the rows of the project's
// tasks, files and sign-offs, and the content on the organisation's data: a page is filed under the
// organisation's marks (PortalMarks: its version and a trigger-kept count of writes to those rows,
// so even a write made in the database by hand moves it) and used only while neither moved.
// Keyed by contact and project; at most 32 MiB, least recently used first out. Each page is kept
// as built and, when the cache was given an encoding (the API layer's gzip), encoded once more, so
// that a page sent many times is compressed once.
struct CachedPage
{
    QByteArray body;
    QByteArray encoded; // `body` through the cache's encoding; empty without one
};

class ProjectPageCache
{
public:
    using Encode = std::function<QByteArray(const QByteArray &)>;
    explicit ProjectPageCache(Encode encode = {})
        : m_encode(std::move(encode))
    {
    }

    std::optional<CachedPage> find(const QString &key, qint64 version, const QByteArray &decisions)
    {
        QMutexLocker lock(&m_mutex);
        const Entry *entry = m_pages.object(key);
        if (!entry || entry->version != version || entry->decisions != decisions)
            return std::nullopt;
        return entry->page;
    }
    // Encodes `body` (outside the lock) and keeps both; returns what it kept.
    CachedPage insert(const QString &key, qint64 version, const QByteArray &decisions, const QByteArray &body)
    {
        CachedPage page{body, m_encode ? m_encode(body) : QByteArray()};
        QMutexLocker lock(&m_mutex);
        m_pages.insert(key, new Entry{version, decisions, page}, qMax<qsizetype>(1, body.size() + page.encoded.size()));
        return page;
    }

private:
    struct Entry
    {
        qint64 version;
        QByteArray decisions;
        CachedPage page;
    };
    const Encode m_encode;
    QMutex m_mutex;
    QCache<QString, Entry> m_pages{32 * 1024 * 1024};
};

// What a signed-in client sees and does, every item decided by PortalPermissions::allowed() — the
// portal's pages, its writes, its downloads, and the desktop's "view as client" all come from here.
// Hidden and missing things get the same answer ("not_found"); a write the client may see but not
// make is "forbidden"; an answered sign-off is "already_decided".
namespace PortalReadModel {

// The folder of a project that clients upload into.
extern const QString clientUploadsFolder;

// The client as the author of writes: activities and comments name the contact and its address.
Actor writerOf(const PortalActor &actor);

// What `actor` can see that contains every word of `query` (case and accents aside): projects,
// tasks, files, sign-offs and the comments of threads they may read, newest project first, at most
// `limit`. Built from the same pages the portal shows (permission first), so a private item never
// appears in a result, a count or a snippet.
std::expected<QJsonObject, Error> search(const PortalActor &actor, const QString &query, int limit = 50);
// The projects the actor may view: id, name, status, description, due date, what it may do ("can"),
// how many tasks, files and sign-offs are shared, how many sign-offs wait for it, when anything it
// may see last changed, its last visit and whether there is news since.
std::expected<QJsonArray, Error> projects(const PortalActor &actor);

// Records that the actor opened a project (which it must be allowed to view) and returns when the
// visit before this one began: the page marks what changed since as new. Empty on a first visit.
std::expected<QString, Error> recordVisit(const PortalActor &actor, const QString &projectId);

// One project as the actor sees it, as the JSON body of its page (and that body encoded, see
// ProjectPageCache): its visible tasks, files and sent sign-offs, each with what the actor may do.
// Decided afresh on every call; `cache` only saves building a page from exactly the same decisions
// at the same version of the organisation's data. `marksRead`: the organisation's marks if the
// request read them already (authenticating).
std::expected<CachedPage, Error> projectPage(const PortalActor &actor, const QString &projectId,
    ProjectPageCache &cache, const PortalMarks *marksRead = nullptr);

// "View portal as this contact", for staff: what the contact sees once signed in — every project it
// may view, each exactly as its project page. A revoked contact sees nothing. Looking is recorded
// in the activity log; nothing else changes.
std::expected<QJsonObject, Error> viewAsContact(const Actor &staff, const QString &contactId);

// One project, task, file or sign-off of `orgId` with the facts PortalPermissions decides on, for
// deciding outside a client's request (the notification mails, at the time they are sent). None
// when it does not exist in that organisation.
struct PortalItemFacts
{
    QVariantHash row;
    QString projectId;
    QString projectName;
    PortalItem item;
};
std::expected<std::optional<PortalItemFacts>, Error> itemFacts(
    const QSqlDatabase &db, const QString &orgId, const QString &kind, const QString &id);

// What "Download all" puts in a ZIP: each file the client may download, at its folder's path, read
// from the blob store as the archive is written (never held whole).
struct ArchiveEntry
{
    QString path; // inside the archive: "Folder/name.ext", unique
    QString blobName;
    qint64 size = 0;
    QDateTime modified;
};
struct Archive
{
    QString name; // the archive's file name, "Project name.zip"
    QList<ArchiveEntry> entries;
};
// A project's files the actor may download (each decided by the permission function).
std::expected<Archive, Error> projectArchive(const PortalActor &actor, const QString &projectId);
// A sent sign-off's files, as they were sent.
std::expected<Archive, Error> signoffArchive(const PortalActor &actor, const QString &signoffId);

// A visible file's content.
std::expected<FileContent, Error> fileContent(const PortalActor &actor, const QString &fileId);
// A file as a sign-off was sent with it: the frozen version, whatever the file holds today and
// whatever its own visibility (a sent sign-off shows its files).
std::expected<FileContent, Error> signoffFileContent(
    const PortalActor &actor, const QString &signoffId, const QString &fileId);

// One sent sign-off the actor may view, as {signoff, project: {id, name}, organisation: {name, slug}}:
// the page a personal link opens, and the sign-off's own route.
std::expected<QJsonObject, Error> signoff(const PortalActor &actor, const QString &signoffId);
// The facts of a visible, decided sign-off's certificate (Signoffs::certificateFacts); "not_decided"
// while it is not.
std::expected<QJsonObject, Error> signoffCertificate(const PortalActor &actor, const QString &signoffId);
// The same for staff, who see every sign-off of their organisation that is not deleted.
std::expected<QJsonObject, Error> staffSignoffCertificate(const Actor &staff, const QString &signoffId);

// A client's writes, each one transaction under the organisation's lock; each returns the item as
// the client now sees it.
std::expected<QJsonObject, Error> setTaskStatus(
    const PortalActor &actor, const QString &taskId, const QVariant &status);
std::expected<QJsonObject, Error> addComment(
    const PortalActor &actor, const QString &targetEntity, const QString &targetId, const QString &text);
// An approver's answer (Signoffs::applyAnswer), once per round: the sign-off is approved when every
// approver approved, and decided the moment one requests changes; later answers are
// "already_decided", a contact that is not an approver is "forbidden". Recorded as given through the
// portal, or "via link" for a link's holder.
std::expected<QJsonObject, Error> decideSignoff(
    const PortalActor &actor, const QString &signoffId, const QString &decision, const QString &comment);

} // namespace PortalReadModel

// Clients upload into their project's "Client Uploads" folder (read-only for them, so they see what
// they sent) or replace the content of an editable file; each step asks PortalPermissions.
class PortalUploadRules final : public UploadRules
{
public:
    explicit PortalUploadRules(int limitMiB)
        : m_limitMiB(limitMiB)
    {
    }
    QStringList settableFields() const override
    {
        return {QStringLiteral("project_id"), QStringLiteral("file_id"), QStringLiteral("name"), QStringLiteral("size"),
            QStringLiteral("mime_type"), QStringLiteral("sha256")};
    }
    bool requiresSha256() const override { return false; }
    bool namesNewFiles() const override { return false; }
    Error unknown(const Error &) const override { return Error{QStringLiteral("not_found"), QString()}; }
    std::expected<void, Error> admit(WriteTransaction &tx, const Actor &writer, UploadRequest &upload) const override;

private:
    int m_limitMiB = 2048;
};
