// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

#include "common/portalpermissions.h"

class LocalCache;

// "Shared with client" for one project, from the local cache: how many of its tasks and files are
// private, read-only or editable, how many sign-offs the client can see, which contacts can see the
// project, and whether the organisation's and the project's Client Portal switches let anyone see
// it at all. Every "is it shared" is asked of the portal's own permission function
// (common/portalpermissions.h), as for an active contact of the project's client. A plain value;
// the projects page shows it in the project's detail area and asks it who a widening reaches.
class SharedSummary
{
    Q_DECLARE_TR_FUNCTIONS(SharedSummary)
public:
    struct Contact
    {
        QString id;
        QString name;
    };
    struct Counts
    {
        int privateItems = 0;
        int readOnly = 0;
        int editable = 0;
    };

    enum class Part { Everything, AudienceOnly }; // AudienceOnly: switches and contacts, no counts

    // nullopt when the project is not in the cache.
    static std::optional<SharedSummary> compute(
        const LocalCache &cache, const QString &projectId, Part part = Part::Everything);

    // Both switches on: the active contacts see what is shared.
    bool visible() const;
    // Whether a signed-up contact of the project's client may do `action` with an item of `kind`
    // ("task", "file") at `visibility`, now (both switches included): the portal's own answer.
    bool clientsMay(const QString &kind, const QString &visibility, PortalAction action) const;
    // People's text (HTML, names escaped).
    QString toHtml() const;

    QString projectName;
    QString clientName;
    bool orgPortal = false;
    bool projectPortal = false;
    Counts tasks;
    Counts files;
    int signoffs = 0; // sent or answered: the client sees them without any visibility toggle
    QList<Contact> activeContacts; // signed up, access not revoked: they see the project (by name)
    QList<Contact> invitedContacts; // will see it once they sign up

private:
    QString m_clientId;
};
