// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/rules/organisationrules.h"

#include "common/timeutil.h"
#include "server/storage/database.h"

std::expected<Error, Error> OrganisationRules::check(RuleContext &context, const EntitySpec &spec,
    const QVariantHash &current, QVariantHash &values, const QStringList &changed, bool creating) const
{
    Q_UNUSED(spec)
    Q_UNUSED(creating)
    if (changed.contains(u"two_factor_grace_days")) {
        const qint64 days = values.value(QStringLiteral("two_factor_grace_days")).toLongLong();
        if (days < 0 || days > 90)
            return rejection(QStringLiteral("invalid_field"),
                QStringLiteral("The grace period for two-factor sign-in is 0 to 90 days."));
    }
    // The grace period runs from when a requirement begins: switching it off and on again starts
    // it anew; widening "chosen clients" to "all clients" starts it for those not chosen before
    // (the chosen ones keep their own start, clients.two_factor_since).
    if (changed.contains(u"two_factor_staff")) {
        const bool on = values.value(QStringLiteral("two_factor_staff")).toBool();
        values.insert(QStringLiteral("two_factor_staff_since"),
            on ? QVariant(TimeUtil::nowWire()) : QVariant(QMetaType::fromType<QString>()));
    }
    if (changed.contains(u"two_factor_clients")) {
        const QString mode = values.value(QStringLiteral("two_factor_clients")).toString();
        const QString was = current.value(QStringLiteral("two_factor_clients")).toString();
        if (mode == u"off")
            values.insert(QStringLiteral("two_factor_clients_since"), QVariant(QMetaType::fromType<QString>()));
        else if (mode == u"all" || was == u"off" || was.isEmpty())
            values.insert(QStringLiteral("two_factor_clients_since"), TimeUtil::nowWire());
    }
    if (changed.contains(u"portal_slug")
        && !EntitySchema::isValidSlug(values.value(QStringLiteral("portal_slug")).toString()))
        return rejection(QStringLiteral("invalid_field"),
            QStringLiteral("The portal address may use a-z, 0-9 and hyphens, 3 to 63 characters."));
    if (changed.contains(u"portal_custom_host") && !values.value(QStringLiteral("portal_custom_host")).isNull()) {
        // Host names compare without regard to case: lower-cased before the uniqueness check,
        // as they are stored, so "Portal.Example.com" finds "portal.example.com".
        const QString host = values.value(QStringLiteral("portal_custom_host")).toString().trimmed().toLower();
        if (!EntitySchema::isValidHostName(host))
            return rejection(QStringLiteral("invalid_field"),
                QStringLiteral("The custom host must be a host name like portal.example.com."));
        values.insert(QStringLiteral("portal_custom_host"), host);
    }
    if (changed.contains(u"portal_slug") || changed.contains(u"portal_custom_host")) {
        auto q = Database::exec(context.tx.db(),
            QStringLiteral("SELECT portal_slug, portal_custom_host FROM organisations WHERE id <> ? "
                           "AND (portal_slug = ? OR lower(portal_custom_host) = ?)"),
            {context.actor.orgId, values.value(QStringLiteral("portal_slug")),
                values.value(QStringLiteral("portal_custom_host"))});
        if (!q)
            return std::unexpected(q.error());
        if (q->next())
            return rejection(QStringLiteral("slug_taken"), QStringLiteral("That portal address is already in use."));
    }
    if (changed.contains(u"brand_logo_file_id") && !values.value(QStringLiteral("brand_logo_file_id")).isNull()) {
        // A logo the server re-encoded (POST /api/v1/organisations/{id}/logo), never a project file.
        auto q =
            Database::exec(context.tx.db(), QStringLiteral("SELECT 1 FROM brand_logos WHERE id = ? AND org_id = ?"),
                {values.value(QStringLiteral("brand_logo_file_id")), context.actor.orgId});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            return rejection(QStringLiteral("invalid_reference"), QStringLiteral("The logo does not exist."));
    }
    return Error{};
}
