// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/logooutbox.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>

#include "common/entityschema.h"
#include "sync/apiclient.h"
#include "sync/localcache.h"
#include "sync/logging.h"

namespace {

const QString metaKey = QStringLiteral("pending_logo");

QSet<QString> &underWay()
{
    static QSet<QString> ids; // GUI thread only
    return ids;
}

QJsonObject waiting(const LocalCache *cache)
{
    return QJsonDocument::fromJson(cache->meta(metaKey).toUtf8()).object();
}

void forget(LocalCache *cache, const QJsonObject &entry)
{
    QFile::remove(entry.value(u"path").toString());
    if (auto r = cache->setMeta(metaKey, QStringLiteral("")); !r) // "" (NULL is not allowed): nothing waits
        qCWarning(lcSync) << "cannot forget the sent logo:" << r.error().message;
}

} // namespace

std::expected<void, Error> LogoOutbox::queue(LocalCache *cache, const QString &orgId, const QByteArray &png)
{
    const QJsonObject previous = waiting(cache);
    const QString logoId = EntitySchema::newUuid();
    const QString path = QFileInfo(cache->path()).dir().filePath(QStringLiteral("pending-logo-%1.png").arg(logoId));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(png) != png.size() || !file.commit())
        return std::unexpected(Error{QStringLiteral("io_error"),
            QCoreApplication::translate("LogoOutbox", "Cannot keep the logo in %1.")
                .arg(QDir::toNativeSeparators(path))});
    const QJsonObject entry{
        {QStringLiteral("org_id"), orgId}, {QStringLiteral("logo_id"), logoId}, {QStringLiteral("path"), path}};
    if (auto r = cache->setMeta(metaKey, QString::fromUtf8(QJsonDocument(entry).toJson(QJsonDocument::Compact))); !r) {
        QFile::remove(path);
        return std::unexpected(r.error());
    }
    if (!previous.isEmpty())
        QFile::remove(previous.value(u"path").toString());
    return {};
}

bool LogoOutbox::isWaiting(const LocalCache *cache)
{
    return !waiting(cache).isEmpty();
}

bool LogoOutbox::send(LocalCache *cache, ApiClient *api, QObject *context, Callback done)
{
    const QJsonObject entry = waiting(cache);
    const QString logoId = entry.value(u"logo_id").toString();
    if (logoId.isEmpty() || underWay().contains(logoId))
        return false;
    QFile file(entry.value(u"path").toString());
    if (!file.open(QIODevice::ReadOnly)) {
        forget(cache, entry);
        done(Outcome::Refused,
            QCoreApplication::translate("LogoOutbox", "The logo waiting to be sent is gone; choose it again."));
        return true;
    }
    underWay().insert(logoId);
    const QString orgId = entry.value(u"org_id").toString();
    api->put(QStringLiteral("/api/v1/organisations/%1/logos/%2").arg(orgId, logoId), file.readAll(), "image/png",
        context, [cache, entry, orgId, logoId, done](const ApiResult &result) {
            underWay().remove(logoId);
            // A newer logo replaced this one meanwhile: that one goes next.
            if (waiting(cache).value(u"logo_id").toString() != logoId)
                return;
            if (!result.reachedServer()) {
                done(Outcome::Waiting, result.errorMessage);
                return;
            }
            if (!result.ok()) {
                forget(cache, entry);
                done(Outcome::Refused, result.errorMessage);
                return;
            }
            auto r = cache->applyEdit(
                {LocalEdit::Op::Update, QStringLiteral("organisation"), orgId, {{"brand_logo_file_id", logoId}}});
            forget(cache, entry);
            if (!r) {
                done(Outcome::Refused, r.error().message);
                return;
            }
            done(Outcome::Applied, {});
        });
    return true;
}
