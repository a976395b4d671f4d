// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QVariantHash>

#include "server/mailer.h"

// The invitation e-mail: branded with the organisation's name, sender name, colours and welcome
// text, in HTML (inline styles, as mail clients want) and plain text.
namespace InviteMail {
// `organisation` is its stored row; `link` the sign-up link with the token.
MailMessage compose(const QVariantHash &organisation, const QString &contactName, const QString &to,
    const QString &link, const QString &expiresAt);
} // namespace InviteMail
