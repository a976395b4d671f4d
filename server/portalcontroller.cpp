// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/portalcontroller.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

#include "server/apierror.h"
#include "server/blobstore.h"
#include "server/database.h"
#include "server/filecontroller.h"
#include "server/httprequest.h"
#include "server/httpresponse.h"
#include "server/portalauth.h"
#include "server/portalpermissions.h"
#include "server/router.h"

namespace {

struct ProjectFacts
{
    QString id;
    QString name;
    QString description;
    QString status;
    PortalItem item;
};

std::expected<QList<ProjectFacts>, Error> loadProjects(
    const QSqlDatabase &db, const PortalActor &actor, const QString &onlyId)
{
    QString sql = QStringLiteral(
        "SELECT p.id, p.name, p.description, p.status, p.client_id, p.portal_enabled, p.client_uploads_enabled, "
        "p.deleted, o.portal_enabled FROM projects p JOIN organisations o ON o.id = p.org_id WHERE p.org_id = ?");
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
        out.append(p);
    }
    return out;
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

HttpResponse listProjects(HttpRequest &request)
{
    auto actor = PortalAuth::authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    auto projects = loadProjects(*db, *actor, {});
    if (!projects)
        return apiErrorResponse(ApiError::fromError(projects.error()));
    QJsonArray list;
    for (const ProjectFacts &p : std::as_const(*projects)) {
        if (!PortalPermissions::allowed(&*actor, p.item, PortalAction::View))
            continue;
        list.append(QJsonObject{{QStringLiteral("id"), p.id}, {QStringLiteral("name"), p.name},
            {QStringLiteral("status"), p.status},
            {QStringLiteral("can"), can(*actor, p.item, {{"upload", PortalAction::Upload}})}});
    }
    HttpResponse response = HttpResponse::json(200, QJsonObject{{QStringLiteral("projects"), list}});
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse projectDetail(HttpRequest &request)
{
    auto actor = PortalAuth::authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    const QString id = request.pathParams.value(QStringLiteral("id"));
    auto projects = loadProjects(*db, *actor, id);
    if (!projects)
        return apiErrorResponse(ApiError::fromError(projects.error()));
    if (projects->isEmpty() || !PortalPermissions::allowed(&*actor, projects->first().item, PortalAction::View))
        return apiErrorResponse(ApiError::notFound());
    const ProjectFacts &project = projects->first();

    QJsonArray tasks;
    {
        auto q = Database::exec(*db,
            QStringLiteral("SELECT id, title, description, status, due_date, visibility, deleted FROM tasks "
                           "WHERE org_id = ? AND project_id = ? ORDER BY position, title"),
            {actor->orgId, project.id});
        if (!q)
            return apiErrorResponse(ApiError::fromError(q.error()));
        while (q->next()) {
            const PortalItem item =
                childItem(project.item, QStringLiteral("task"), q->value(5).toString(), q->value(6).toLongLong() != 0);
            if (!PortalPermissions::allowed(&*actor, item, PortalAction::View))
                continue;
            tasks.append(QJsonObject{{QStringLiteral("id"), q->value(0).toString()},
                {QStringLiteral("title"), q->value(1).toString()},
                {QStringLiteral("description"), q->value(2).toString()},
                {QStringLiteral("status"), q->value(3).toString()},
                {QStringLiteral("due_date"), q->value(4).isNull() ? QJsonValue() : QJsonValue(q->value(4).toString())},
                {QStringLiteral("can"),
                    can(*actor, item, {{"edit", PortalAction::Edit}, {"comment", PortalAction::Comment}})}});
        }
    }
    QJsonArray files;
    {
        auto q = Database::exec(*db,
            QStringLiteral("SELECT id, folder, name, size, mime_type, visibility, deleted FROM files "
                           "WHERE org_id = ? AND project_id = ? ORDER BY folder, name"),
            {actor->orgId, project.id});
        if (!q)
            return apiErrorResponse(ApiError::fromError(q.error()));
        while (q->next()) {
            const PortalItem item =
                childItem(project.item, QStringLiteral("file"), q->value(5).toString(), q->value(6).toLongLong() != 0);
            if (!PortalPermissions::allowed(&*actor, item, PortalAction::View))
                continue;
            files.append(QJsonObject{{QStringLiteral("id"), q->value(0).toString()},
                {QStringLiteral("folder"), q->value(1).toString()}, {QStringLiteral("name"), q->value(2).toString()},
                {QStringLiteral("size"), q->value(3).toLongLong()},
                {QStringLiteral("mime_type"), q->value(4).toString()},
                {QStringLiteral("can"),
                    can(*actor, item,
                        {{"download", PortalAction::Download}, {"edit", PortalAction::Edit},
                            {"comment", PortalAction::Comment}})}});
        }
    }
    QJsonArray signoffs;
    {
        auto q = Database::exec(*db,
            QStringLiteral("SELECT id, title, description, status, file_ids, sent_at, responded_at, response_comment, "
                           "deleted FROM signoffs WHERE org_id = ? AND project_id = ? ORDER BY sent_at"),
            {actor->orgId, project.id});
        if (!q)
            return apiErrorResponse(ApiError::fromError(q.error()));
        while (q->next()) {
            const PortalItem item = childItem(
                project.item, QStringLiteral("signoff"), q->value(3).toString(), q->value(8).toLongLong() != 0);
            if (!PortalPermissions::allowed(&*actor, item, PortalAction::View))
                continue;
            signoffs.append(QJsonObject{{QStringLiteral("id"), q->value(0).toString()},
                {QStringLiteral("title"), q->value(1).toString()},
                {QStringLiteral("description"), q->value(2).toString()},
                {QStringLiteral("status"), q->value(3).toString()},
                {QStringLiteral("file_ids"), QJsonDocument::fromJson(q->value(4).toString().toUtf8()).array()},
                {QStringLiteral("sent_at"), q->value(5).toString()},
                {QStringLiteral("responded_at"), q->value(6).toString()},
                {QStringLiteral("response_comment"), q->value(7).toString()},
                {QStringLiteral("can"), can(*actor, item, {{"approve", PortalAction::Approve}})}});
        }
    }
    HttpResponse response = HttpResponse::json(200,
        QJsonObject{
            {QStringLiteral("project"),
                QJsonObject{{QStringLiteral("id"), project.id}, {QStringLiteral("name"), project.name},
                    {QStringLiteral("description"), project.description}, {QStringLiteral("status"), project.status},
                    {QStringLiteral("can"), can(*actor, project.item, {{"upload", PortalAction::Upload}})}}},
            {QStringLiteral("tasks"), tasks}, {QStringLiteral("files"), files},
            {QStringLiteral("signoffs"), signoffs}});
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse downloadFile(HttpRequest &request, const BlobStore &store)
{
    auto actor = PortalAuth::authenticate(request, false);
    if (!actor)
        return apiErrorResponse(actor.error());
    auto db = Database::connection();
    if (!db)
        return apiErrorResponse(ApiError::fromError(db.error()));
    const QString id = request.pathParams.value(QStringLiteral("id"));
    auto q = Database::exec(*db,
        QStringLiteral("SELECT f.name, f.mime_type, f.sha256, f.blob_name, f.visibility, f.deleted, f.project_id "
                       "FROM files f WHERE f.id = ? AND f.org_id = ? AND f.blob_name IS NOT NULL"),
        {id, actor->orgId});
    if (!q)
        return apiErrorResponse(ApiError::fromError(q.error()));
    if (!q->next())
        return apiErrorResponse(ApiError::notFound());
    const QString name = q->value(0).toString();
    const QString mime = q->value(1).toString();
    const QString sha = q->value(2).toString();
    const QString blob = q->value(3).toString();
    const QString visibility = q->value(4).toString();
    const bool deleted = q->value(5).toLongLong() != 0;
    const QString projectId = q->value(6).toString();
    q->finish();
    auto projects = loadProjects(*db, *actor, projectId);
    if (!projects)
        return apiErrorResponse(ApiError::fromError(projects.error()));
    if (projects->isEmpty())
        return apiErrorResponse(ApiError::notFound());
    const PortalItem item = childItem(projects->first().item, QStringLiteral("file"), visibility, deleted);
    // Hidden and missing files get the same answer.
    if (!PortalPermissions::allowed(&*actor, item, PortalAction::Download))
        return apiErrorResponse(ApiError::notFound());
    return FileController::attachment(request, store.blobPath(blob), name, mime, sha);
}

} // namespace

void PortalController::registerRoutes(Router &router, const QString &dataDir)
{
    auto store = std::make_shared<BlobStore>(dataDir);
    router.add("GET", QStringLiteral("/api/v1/portal/files/{id}/content"), 0, [store](HttpRequest &r) {
        return downloadFile(r, *store);
    });
    router.add("GET", QStringLiteral("/api/v1/portal/projects"), 0, listProjects);
    router.add("GET", QStringLiteral("/api/v1/portal/projects/{id}"), 0, projectDetail);
}
