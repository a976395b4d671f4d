// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

#include "server/domain/loginthrottle.h"

class ApiMetrics;
class BlobStore;

// What the routes need from the command line, handed to ApiRoutes::registerAll() once (ServerCli
// builds it from ServerOptions); each controller keeps what it uses.
struct ApiOptions
{
    QString dataDir;
    std::shared_ptr<BlobStore> blobStore; // where file contents live (ServerCli opens it from --blob-store)
    LoginThrottle::Policy throttle;
    int staffTokenTtlSeconds = 30 * 24 * 3600;
    int portalUploadLimitMiB = 2048; // the largest file a client may upload
    int uploadReservationIdleMinutes = 60; // an upload with no chunk for this long gives back its quota
    QString previewWorker; // atrium-preview; empty: next to the server's binary
    // The key that seals two-factor secrets (SecondFactor::loadOrCreateKey), read at start.
    QByteArray secretKey;
    // How clients reach the server (links in e-mails, the portal's own origin): --public-url, else
    // the address it listens on, known once it listens. ServerCli sets it before any request is
    // served; the routes only read it.
    std::shared_ptr<const QString> publicUrl = std::make_shared<const QString>();
    // --metrics: what GET /metrics reports, counted by the routes; null (and no such route) without it.
    std::shared_ptr<ApiMetrics> metrics;
    // --metrics-token-file: the SHA-256 of the token that reads GET /metrics from another host; empty:
    // only this host reads it.
    QByteArray metricsTokenHash;
};
