// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <expected>
#include <functional>

#include "common/error.h"

class ApiClient;
class LocalCache;
class QObject;

// A new organisation logo on its way to the server. The server must hold a logo (it decodes and
// stores it) before the organisation may point at it, so a logo chosen while offline waits in the
// profile, beside the cache, and goes out as soon as the server answers, even after a restart;
// only then is the organisation's brand_logo_file_id set, through the cache and its outbox like any
// other edit. One logo waits at a time: a newer one replaces it. Used by the settings dialog (at
// once) and by the app (whenever the sync engine is online again).
namespace LogoOutbox {
enum class Outcome {
    Applied, // the server holds it and the edit pointing the organisation at it is queued
    Waiting, // the server could not be reached; it stays queued
    Refused, // the server refused it (the message says why); it is dropped
};
using Callback = std::function<void(Outcome outcome, const QString &message)>;

std::expected<void, Error> queue(LocalCache *cache, const QString &orgId, const QByteArray &png);
bool isWaiting(const LocalCache *cache);
// Sends the waiting logo through `api`; `done` runs unless `context` is gone. False (and `done`
// never runs) when no logo waits or it is under way already.
bool send(LocalCache *cache, ApiClient *api, QObject *context, Callback done);
} // namespace LogoOutbox
