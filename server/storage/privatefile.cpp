// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/storage/privatefile.h"

#include <QFile>
#include <QFileInfo>

std::expected<QByteArray, QString> readPrivateFile(const QString &path, const QString &what, qint64 maxBytes)
{
    const QFileInfo info(path);
    if (!info.isFile())
        return std::unexpected(QStringLiteral("%1 %2 does not exist").arg(what, path));
    const QFileDevice::Permissions permissions = info.permissions();
    const bool othersMay =
        permissions.testAnyFlags(QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther);
    const bool groupWrites = permissions.testFlag(QFileDevice::WriteGroup);
    const bool groupReads = permissions.testFlag(QFileDevice::ReadGroup);
    if (othersMay || groupWrites || (groupReads && info.ownerId() != 0)) {
        return std::unexpected(
            QStringLiteral("%1 %2 may be read or changed by other users: make it readable by its owner only "
                           "(chmod 600), or by a group only when root owns it (chmod 640)")
                .arg(what, path));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(QStringLiteral("cannot read %1 %2: %3").arg(what, path, file.errorString()));
    const QByteArray content = file.read(maxBytes + 1);
    if (content.size() > maxBytes)
        return std::unexpected(QStringLiteral("%1 %2 is too large").arg(what, path));
    return content;
}
