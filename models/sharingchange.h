// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "sync/localcache.h"

// What sharing more or less with clients means, decided before any widget asks: the edits of a
// change of client visibility or of a project's Client Portal switches, and whether it widens what
// clients see (then the user confirms first; narrowing applies at once). From the local cache.
class SharingChange
{
    Q_DECLARE_TR_FUNCTIONS(SharingChange)
public:
    // Tasks' or files' visibility set to `visibility`: the edits (items already there are left out),
    // how many of them widen, and the project they belong to.
    struct VisibilityPlan
    {
        QList<LocalEdit> edits;
        int widened = 0;
        QStringList widenedNames; // titles or names of the items that widen
        QString projectId;
        QString confirmation; // the question's text when widening: the items and who sees them
        bool needsConfirmation() const { return widened > 0; }
    };
    static VisibilityPlan visibility(
        const LocalCache &cache, const QString &entity, const QStringList &ids, const QString &visibility);

    // A project's Client Portal and client uploads switched: the edit, whether it widens, and for
    // the confirmation what it opens and to whom.
    struct PortalPlan
    {
        LocalEdit edit;
        bool widening = false;
        QString confirmation; // the question's text when widening
        bool needsConfirmation() const { return widening; }
    };
    static std::optional<PortalPlan> projectPortal(
        const LocalCache &cache, const QString &projectId, bool portalEnabled, bool uploadsEnabled);

    // "“Logo”, “Brief” and 3 more" (names quoted, at most `shown` of them).
    static QString nameList(const QStringList &names, int shown = 4);
    // Who would see a project's shared items, as a paragraph: the signed-up contacts (by name),
    // those invited ("once they accept"), and what still keeps everyone out (a Client Portal switch
    // that is off) — the real audience, not the wished-for one.
    static QString audience(const LocalCache &cache, const QString &projectId, bool assumeProjectPortalOn = false);
};
