// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "sync/syncengine.h"
#include "ui/appcontroller.h"

// The desktop for the widget tests: an AppController on its own profile against a test server,
// started (and signed in when the options carry an e-mail and password), with the sync engine's
// latest status copied into `status` for QTRY checks. Header-only: atrium_testsupport itself does
// not link the UI.
namespace DesktopFixture {

inline std::unique_ptr<AppController> start(const AppController::Options &options, CredentialStore *credentials,
    QObject *context, SyncStatus *status, QString *error)
{
    auto app = std::make_unique<AppController>(options, credentials);
    if (!app->start(error))
        return nullptr;
    QObject::connect(app->engine(), &SyncEngine::statusChanged, context, [status](const SyncStatus &s) {
        *status = s;
    });
    return app;
}

} // namespace DesktopFixture
