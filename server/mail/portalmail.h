// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QVariantHash>

#include "server/mail/mailer.h"

// The e-mails the portal sends to clients, in HTML (inline styles, as mail clients want) and plain
// text, all branded alike: the organisation's name, sender name, primary, background and text
// colours, and (on the invitation) its welcome text. `organisation` is the organisation's stored row.
namespace PortalMail {
// The invitation, with the sign-up link (which carries the token).
MailMessage invite(const QVariantHash &organisation, const QString &contactName, const QString &to, const QString &link,
    const QString &expiresAt);
// A link to choose a new password, valid for `minutes`.
MailMessage passwordReset(
    const QVariantHash &organisation, const QString &contactName, const QString &to, const QString &link, int minutes);
// A sign-off waiting for the client's answer, with a link to its project in the portal.
MailMessage signoffSent(const QVariantHash &organisation, const QString &contactName, const QString &to,
    const QString &signoffTitle, const QString &projectName, const QString &link);
} // namespace PortalMail
