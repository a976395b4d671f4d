// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include "tests/support/outbox.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

// Clients of the portal for the server tests: a contact signed up through a link invite, its
// session cookie and CSRF token; staff uploads; the plain text of mail in the outbox.
namespace PortalFixture {

struct Contact
{
    QString id;
    QByteArray cookie; // "atrium_portal=…", empty if sign-up failed
    QByteArray csrf;

    // Headers of a read (cookie) or of a write (cookie and CSRF token).
    TestClient::Headers headers(bool write = false) const
    {
        TestClient::Headers h{{"Cookie", cookie}};
        if (write)
            h.append({"X-CSRF-Token", csrf});
        return h;
    }
};

// A contact of `clientId`, invited by link and signed up.
inline Contact signUp(ServerProcess &server, TestClient &admin, const QString &clientId, const QString &email)
{
    using namespace SyncFixture;
    Contact contact{newId(), {}, {}};
    const QJsonArray r = pushResults(admin,
        {mutation(QStringLiteral("contact"), contact.id, QStringLiteral("create"),
             {{"client_id", clientId}, {"name", email}, {"email", email}}),
            mutation(QStringLiteral("invite"), newId(), QStringLiteral("create"),
                {{"contact_id", contact.id}, {"kind", "link"}})});
    if (r.size() != 2)
        return contact;
    TestClient anon(server.baseUrl());
    const TestClient::Reply accepted = anon.post(QStringLiteral("/api/v1/portal/invites/accept"),
        QJsonObject{{"token", r.at(1).toObject().value(u"invite_token")}, {"name", email},
            {"password", "long enough password"}});
    const QByteArray cookie = accepted.header("Set-Cookie");
    contact.cookie = cookie.left(cookie.indexOf(';'));
    contact.csrf = accepted.object().value(u"csrf").toString().toLatin1();
    return contact;
}

// A client with a project whose portal and client uploads are on, in an organisation whose portal
// is open, created by `admin` with the ids given; true when the server applied all of it.
inline bool openPortalProject(
    TestClient &admin, const QString &orgId, const QString &clientId, const QString &projectId)
{
    using namespace SyncFixture;
    const QJsonArray results = pushResults(admin,
        {mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "Green"}}),
            mutation(QStringLiteral("project"), projectId, QStringLiteral("create"),
                {{"client_id", clientId}, {"name", "Website"}, {"portal_enabled", true},
                    {"client_uploads_enabled", true}}),
            mutation(QStringLiteral("organisation"), orgId, QStringLiteral("update"), {{"portal_enabled", true}},
                {{"portal_enabled", false}})});
    return results.size() == 3 && std::all_of(results.cbegin(), results.cend(), [](const QJsonValue &r) {
        return r.toObject().value(u"status").toString() == u"applied";
    });
}

// Revokes an active contact's portal access as staff; true when the server applied it.
inline bool revokeAccess(TestClient &admin, const QString &contactId)
{
    using namespace SyncFixture;
    const QJsonArray r = pushResults(admin,
        {mutation(QStringLiteral("contact"), contactId, QStringLiteral("update"), {{"portal_state", "revoked"}},
            {{"portal_state", "active"}})});
    return r.size() == 1 && r.first().toObject().value(u"status").toString() == u"applied";
}

// Uploads `content` as staff into `projectId` (a new file, or a new version of `fileId`); the
// file's id, empty on failure.
inline QString uploadAsStaff(TestClient &admin, const QString &projectId, const QString &name,
    const QByteArray &content, const QString &mime, const QString &visibility, QString fileId = {})
{
    if (fileId.isEmpty())
        fileId = SyncFixture::newId();
    const TestClient::Reply started = admin.post(QStringLiteral("/api/v1/files/uploads"),
        QJsonObject{{"file_id", fileId}, {"project_id", projectId}, {"folder", ""}, {"name", name},
            {"size", content.size()}, {"mime_type", mime}, {"visibility", visibility},
            {"sha256", QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex())}});
    const QString uploadId = started.object().value(u"upload_id").toString();
    if (uploadId.isEmpty())
        return {};
    admin.put(QStringLiteral("/api/v1/files/uploads/%1?offset=0").arg(uploadId), content, "application/octet-stream");
    const TestClient::Reply done = admin.post(QStringLiteral("/api/v1/files/uploads/%1/complete").arg(uploadId), {});
    return done.status == 201 ? fileId : QString();
}

// The plain-text parts of the mails to `to` in the server's outbox.
inline QStringList outboxTexts(const QString &dataDir, const QString &to)
{
    QStringList texts;
    for (const Outbox::Mail &mail : Outbox::mailsTo(dataDir, to))
        texts.append(mail.text());
    return texts;
}

// The plain texts of the mails to `to` that match `pattern`, oldest first (the outbox's names sort
// by time), once there are `count` of them; fewer when the wait of 10 s runs out.
inline QStringList waitForOutboxTexts(
    const QString &dataDir, const QString &to, const QRegularExpression &pattern, int count)
{
    QStringList texts;
    (void)QTest::qWaitFor(
        [&] {
            texts.clear();
            for (const QString &text : outboxTexts(dataDir, to))
                if (pattern.match(text).hasMatch())
                    texts.append(text);
            return texts.size() >= count;
        },
        10000);
    return texts;
}

} // namespace PortalFixture
