// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/domain/rules/filerules.h"

#include "common/filenamerule.h"

std::expected<Error, Error> FileRules::check(RuleContext &context, const EntitySpec &spec, const QVariantHash &current,
    QVariantHash &values, const QStringList &changed, bool creating) const
{
    Q_UNUSED(context)
    Q_UNUSED(spec)
    Q_UNUSED(current)
    Q_UNUSED(creating)
    // The one name rule of uploads holds for renames and moves too (common/filenamerule.h).
    for (const char *key : {"name", "folder"}) {
        const QString field = QString::fromLatin1(key);
        if (!changed.contains(field))
            continue;
        const QString value = values.value(field).toString();
        const auto valid =
            field == u"name" ? FileNameRule::validateFileName(value) : FileNameRule::validateFolderPath(value);
        if (!valid)
            return rejection(QStringLiteral("invalid_field"), FileNameRule::errorMessage(valid.error(), field));
        values.insert(field, *valid);
    }
    return Error{};
}
