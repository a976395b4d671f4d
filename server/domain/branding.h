// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <expected>
#include <optional>

#include "common/error.h"
#include "server/domain/syncstore.h"
#include "server/storage/blobstore.h"

// An organisation as its portal pages show it (public: the data behind the portal is not).
struct PortalOrganisation
{
    QString id;
    QString name;
    QString slug;
    QString welcome;
    bool portalEnabled = false;
    QString logoFileId;
    QString primary, accent, background, text;
};

// Unsaved branding an admin wants to see in a browser: kept for BrandPreview::lifetimeMinutes.
struct BrandPreview
{
    static constexpr int lifetimeMinutes = 10;
    static constexpr int maxPerOrganisation = 20;

    QString orgId;
    QString name;
    QString slug;
    QString welcome;
    QString primary, accent, background, text;
    QByteArray logoPng; // re-encoded by the server; empty without a logo
    QString expiresAt;
};

// A logo the organisation stored (PUT …/logos/{id}).
struct StoredLogo
{
    QString id;
    qint64 size = 0;
    QString sha256;
    bool created = false; // false: the same id was stored before, nothing changed
};

// A stored blob to send, with the hash that is its entity tag.
struct StoredFile
{
    QString blobName;
    qint64 size = 0;
    QString sha256;
};

// The portal's branding: organisations by slug or custom host, their logos (stored like file
// contents, counted against the quota) and short-lived previews of unsaved branding.
class Branding
{
public:
    explicit Branding(BlobStorePtr store);

    static std::expected<std::optional<PortalOrganisation>, Error> organisationBySlug(const QString &slug);
    // The slug of the organisation whose portal answers on `host`, if any.
    static std::expected<std::optional<QString>, Error> slugForCustomHost(const QString &host);

    // The organisation's logo file; nullopt without one.
    std::expected<std::optional<StoredFile>, Error> logoFile(const PortalOrganisation &organisation) const;

    // Decodes and re-encodes a PNG logo (LogoImage): "payload_too_large" over LogoImage::maxBytes,
    // "invalid_image" when it is not a PNG the server can read.
    static std::expected<QByteArray, Error> normaliseLogo(const QByteArray &png);

    // Stores `png` (normalised first) as the admin's organisation's logo `id`: idempotent for the
    // same id, "already_exists" when another organisation has it, "quota_exceeded" when it does
    // not fit.
    std::expected<StoredLogo, Error> storeLogo(const Actor &admin, const QString &id, const QByteArray &png);

    // Stores a preview of `preview` (its orgId set; name and slug are filled in) and returns the
    // token that shows it, with the preview as stored.
    static std::expected<std::pair<QByteArray, BrandPreview>, Error> createPreview(BrandPreview preview);
    // The preview of an unexpired token; nullopt when there is none.
    static std::expected<std::optional<BrandPreview>, Error> findPreview(const QString &token);

    // Removes logos no organisation uses (nor an open conflict over its logo) older than the
    // retention, giving their bytes back to the quota. Returns how many went.
    std::expected<int, Error> purgeUnusedLogos(int retentionDays) const;

private:
    BlobStorePtr m_store;
};
