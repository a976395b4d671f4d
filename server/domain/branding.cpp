// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/branding.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QList>
#include <QRegularExpression>
#include <QTemporaryFile>

#include "common/entityschema.h"
#include "common/logoimage.h"
#include "common/timeutil.h"
#include "server/domain/passwords.h"
#include "server/storage/database.h"
#include "server/storage/logging.h"
#include "server/storage/storagequota.h"

namespace {

// A null QString binds as SQL NULL; these columns hold "" for nothing.
QString orEmpty(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

// Previews live in the database (so any server instance answers for them) under the SHA-256 of
// their token. Expired ones are deleted whenever a new one is made, and an admin clicking again
// and again keeps at most BrandPreview::maxPerOrganisation.
std::expected<void, Error> storePreview(QSqlDatabase &db, const QString &tokenHash, const BrandPreview &preview)
{
    const QString now = TimeUtil::nowWire();
    if (auto r = Database::exec(db, QStringLiteral("DELETE FROM brand_previews WHERE expires_at <= ?"), {now}); !r)
        return std::unexpected(r.error());
    if (auto r = Database::exec(db,
            QStringLiteral("DELETE FROM brand_previews WHERE org_id = ? AND token_hash NOT IN (SELECT token_hash FROM "
                           "brand_previews WHERE org_id = ? ORDER BY created_at DESC LIMIT ?)"),
            {preview.orgId, preview.orgId, BrandPreview::maxPerOrganisation - 1});
        !r)
        return std::unexpected(r.error());
    if (auto r = Database::exec(db,
            QStringLiteral("INSERT INTO brand_previews (token_hash, org_id, name, slug, welcome_text, primary_color, "
                           "accent_color, background_color, text_color, logo_png_base64, created_at, expires_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {tokenHash, preview.orgId, preview.name, preview.slug, orEmpty(preview.welcome), preview.primary,
                preview.accent, preview.background, preview.text,
                orEmpty(QString::fromLatin1(preview.logoPng.toBase64())), now, preview.expiresAt});
        !r)
        return std::unexpected(r.error());
    return {};
}

} // namespace

Branding::Branding(BlobStorePtr store)
    : m_store(std::move(store))
{
}

std::expected<std::optional<PortalOrganisation>, Error> Branding::organisationBySlug(const QString &slug)
{
    static const QRegularExpression valid(QRegularExpression::anchoredPattern(QStringLiteral("[a-z0-9-]{1,63}")));
    if (!valid.match(slug).hasMatch())
        return std::optional<PortalOrganisation>();
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q = Database::exec(*db,
        QStringLiteral("SELECT id, name, portal_slug, brand_welcome_text, portal_enabled, brand_logo_file_id, "
                       "brand_primary_color, brand_accent_color, brand_background_color, brand_text_color "
                       "FROM organisations WHERE portal_slug = ? AND deleted = 0"),
        {slug});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<PortalOrganisation>();
    PortalOrganisation org;
    org.id = q->value(0).toString();
    org.name = q->value(1).toString();
    org.slug = q->value(2).toString();
    org.welcome = q->value(3).toString();
    org.portalEnabled = q->value(4).toLongLong() != 0;
    org.logoFileId = q->value(5).toString();
    org.primary = q->value(6).toString();
    org.accent = q->value(7).toString();
    org.background = q->value(8).toString();
    org.text = q->value(9).toString();
    return std::optional<PortalOrganisation>(org);
}

std::expected<std::optional<QString>, Error> Branding::slugForCustomHost(const QString &host)
{
    if (!EntitySchema::isValidHostName(host))
        return std::optional<QString>();
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q = Database::exec(*db,
        QStringLiteral("SELECT portal_slug FROM organisations WHERE portal_custom_host = ? AND deleted = 0"), {host});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<QString>();
    return std::optional<QString>(q->value(0).toString());
}

std::expected<std::optional<StoredFile>, Error> Branding::logoFile(const PortalOrganisation &organisation) const
{
    if (organisation.logoFileId.isEmpty())
        return std::optional<StoredFile>();
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    // Shown inline, so only logos the server decoded and re-encoded itself (storeLogo): always PNG.
    auto q = Database::exec(*db,
        QStringLiteral("SELECT sha256, blob_name, size FROM brand_logos WHERE id = ? AND org_id = ?"),
        {organisation.logoFileId, organisation.id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<StoredFile>();
    return std::optional<StoredFile>(
        StoredFile{q->value(1).toString(), q->value(2).toLongLong(), q->value(0).toString()});
}

std::expected<QByteArray, Error> Branding::normaliseLogo(const QByteArray &png)
{
    if (png.size() > LogoImage::maxBytes)
        return std::unexpected(Error{QStringLiteral("payload_too_large"),
            QStringLiteral("The request body exceeds the limit of %1 bytes.").arg(LogoImage::maxBytes)});
    return LogoImage::normalise(png, {QByteArrayLiteral("png")});
}

std::expected<StoredLogo, Error> Branding::storeLogo(const Actor &admin, const QString &id, const QByteArray &png)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto known = Database::exec(*db, QStringLiteral("SELECT org_id, size, sha256 FROM brand_logos WHERE id = ?"), {id});
    if (!known)
        return std::unexpected(known.error());
    if (known->next()) {
        if (known->value(0).toString() != admin.orgId)
            return std::unexpected(
                Error{QStringLiteral("already_exists"), QStringLiteral("This id is already in use.")});
        return StoredLogo{id, known->value(1).toLongLong(), known->value(2).toString(), false};
    }
    known->finish(); // release the read snapshot before writing
    auto logo = normaliseLogo(png);
    if (!logo)
        return std::unexpected(logo.error());
    // Through the blob store's own path (fsynced, renamed to a random name) before the row that names it.
    QTemporaryFile staging(QDir(m_store->tempDir()).filePath(QStringLiteral("logo-XXXXXX")));
    if (!staging.open() || staging.write(*logo) != logo->size() || !staging.flush()) {
        qCWarning(lcFiles).noquote() << "cannot write" << staging.fileName() << staging.errorString();
        return std::unexpected(
            Error{QStringLiteral("storage_error"), QStringLiteral("The server could not store the file.")});
    }
    auto blobName = m_store->storeFile(staging.fileName());
    if (!blobName)
        return std::unexpected(blobName.error());
    // (The local store renamed the scratch file into place; an S3 store copied it. Either way the
    // scratch name is gone or goes with `staging`.)
    const StoredLogo stored{id, logo->size(),
        QString::fromLatin1(QCryptographicHash::hash(*logo, QCryptographicHash::Sha256).toHex()), true};
    // A logo counts against the quota like a file's content: reserved if it fits, then used, all in
    // the one transaction that records it.
    auto record = [&]() -> std::expected<void, Error> {
        WriteTransaction tx(*db, admin.orgId);
        if (auto r = tx.begin(); !r)
            return std::unexpected(r.error());
        if (auto r = StorageQuota::reserve(*db, admin.orgId, stored.size,
                QStringLiteral("The logo does not fit in the organisation's storage quota; free some space or ask "
                               "the server's operator for a larger quota."));
            !r)
            return std::unexpected(r.error());
        if (auto r = Database::exec(*db,
                QStringLiteral("INSERT INTO brand_logos (id, org_id, blob_name, size, sha256, uploaded_by, created_at) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                {id, admin.orgId, *blobName, stored.size, stored.sha256, admin.userId, TimeUtil::nowWire()});
            !r)
            return std::unexpected(r.error());
        if (auto r = StorageQuota::changeUsage(tx, admin.orgId, stored.size, stored.size); !r)
            return std::unexpected(r.error());
        return tx.commit();
    };
    if (auto r = record(); !r) {
        m_store->removeBlob(*blobName);
        return std::unexpected(r.error());
    }
    return stored;
}

std::expected<std::pair<QByteArray, BrandPreview>, Error> Branding::createPreview(BrandPreview preview)
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q = Database::exec(*db,
        QStringLiteral("SELECT name, portal_slug FROM organisations WHERE id = ? AND deleted = 0"), {preview.orgId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::unexpected(Error{QStringLiteral("not_found"), QString()});
    preview.name = q->value(0).toString();
    preview.slug = q->value(1).toString();
    q->finish(); // release the read snapshot before writing
    preview.expiresAt = TimeUtil::toWire(QDateTime::currentDateTimeUtc().addSecs(BrandPreview::lifetimeMinutes * 60));
    const QByteArray token = Passwords::randomToken("bpv_");
    if (auto r = storePreview(*db, Passwords::tokenHash(token), preview); !r)
        return std::unexpected(r.error());
    return std::pair{token, preview};
}

std::expected<std::optional<BrandPreview>, Error> Branding::findPreview(const QString &token)
{
    if (token.isEmpty() || token.size() > 200)
        return std::optional<BrandPreview>();
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    auto q = Database::exec(*db,
        QStringLiteral("SELECT org_id, name, slug, welcome_text, primary_color, accent_color, background_color, "
                       "text_color, logo_png_base64, expires_at FROM brand_previews "
                       "WHERE token_hash = ? AND expires_at > ?"),
        {Passwords::tokenHash(token.toLatin1()), TimeUtil::nowWire()});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<BrandPreview>();
    BrandPreview p;
    p.orgId = q->value(0).toString();
    p.name = q->value(1).toString();
    p.slug = q->value(2).toString();
    p.welcome = q->value(3).toString();
    p.primary = q->value(4).toString();
    p.accent = q->value(5).toString();
    p.background = q->value(6).toString();
    p.text = q->value(7).toString();
    p.logoPng = QByteArray::fromBase64(q->value(8).toString().toLatin1());
    p.expiresAt = q->value(9).toString();
    return std::optional<BrandPreview>(p);
}

std::expected<int, Error> Branding::purgeUnusedLogos(int retentionDays) const
{
    auto db = Database::connection();
    if (!db)
        return std::unexpected(db.error());
    struct Logo
    {
        QString id;
        QString orgId;
        QString blobName;
        qint64 size = 0;
    };
    const QString cutoff = TimeUtil::toWire(QDateTime::currentDateTimeUtc().addDays(-retentionDays));
    // In use means chosen by the organisation, or the rejected side of an open conflict over the logo:
    // "Use Mine" may still choose it, and what a person picked is never silently dropped.
    const QString inUse = QStringLiteral(
        "(EXISTS (SELECT 1 FROM organisations o WHERE o.brand_logo_file_id = %1) OR EXISTS (SELECT 1 FROM conflicts c "
        "WHERE c.entity = 'organisation' AND c.field = 'brand_logo_file_id' AND c.resolved = 0 AND c.deleted = 0 "
        "AND c.rejected_value LIKE '%' || %1 || '%'))");
    // Only a candidate list: whether a logo is still unused is decided again under its organisation's
    // lock, the lock a push that sets brand_logo_file_id takes too.
    auto q = Database::exec(*db,
        QStringLiteral("SELECT l.id, l.org_id, l.blob_name, l.size FROM brand_logos l WHERE l.created_at <= ? "
                       "AND NOT ")
            + inUse.arg(QStringLiteral("l.id")),
        {cutoff});
    if (!q)
        return std::unexpected(q.error());
    QList<Logo> unused;
    while (q->next())
        unused.append(
            Logo{q->value(0).toString(), q->value(1).toString(), q->value(2).toString(), q->value(3).toLongLong()});
    q->finish(); // release the read snapshot before the writes below
    int removed = 0;
    for (const Logo &logo : std::as_const(unused)) {
        WriteTransaction tx(*db, logo.orgId);
        if (auto r = tx.begin(); !r)
            return std::unexpected(r.error());
        auto del = Database::exec(*db,
            QStringLiteral("DELETE FROM brand_logos WHERE id = ? AND NOT ")
                + inUse.arg(QStringLiteral("brand_logos.id")),
            {logo.id});
        if (!del)
            return std::unexpected(del.error());
        if (del->numRowsAffected() != 1)
            continue; // chosen meanwhile: it stays
        if (auto r = StorageQuota::changeUsage(tx, logo.orgId, -logo.size); !r)
            return std::unexpected(r.error());
        if (auto r = tx.commit(); !r)
            return std::unexpected(r.error());
        // After the commit: a crash in between leaves an unnamed file behind, never a row without its bytes.
        m_store->removeBlob(logo.blobName);
        ++removed;
    }
    if (removed > 0)
        qCInfo(lcFiles).noquote() << "removed" << removed << "unused logos older than" << retentionDays << "days";
    return removed;
}
