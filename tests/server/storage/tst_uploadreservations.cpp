// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>

#include "tests/support/dbinspector.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;
using PortalFixture::Contact;

namespace {

constexpr qint64 MiB = 1024 * 1024;
constexpr qint64 quota = 10 * MiB;

QString describe(const TestClient::Reply &reply)
{
    return QStringLiteral("HTTP %1: %2").arg(reply.status).arg(QString::fromUtf8(reply.body.left(400)));
}

} // namespace

// Upload reservations are a resource a caller holds, so they are bounded (README, "Uploads and
// quota"): a contact holds a few open uploads, clients together at most half of the free quota,
// staff are never blocked by what clients have not sent, and idle reservations are released.
class TestUploadReservations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void contactHoldsOnlyAFewOpenUploads();
    void clientsLeaveStaffTheirShare();
    void idleReservationIsReleasedAndTakenAgainOnResume();

private:
    TestClient::Reply startAsClient(const Contact &who, qint64 size, const QString &name = QStringLiteral("scan.pdf"));
    TestClient::Reply startAsStaff(qint64 size, const QString &sha256 = sha256Hex("x"));
    TestClient::Reply send(const Contact *who, const QByteArray &method, const QString &path, const QByteArray &body,
        const QByteArray &type = "application/json");
    // Moves an upload's last activity `seconds` into the past, as if nothing arrived since.
    void age(const QString &uploadId, qint64 seconds);
    qint64 reservedBytes(const QString &uploadId);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    std::unique_ptr<TestClient> m_anon;
    QString m_client;
    QString m_project;
    int m_orgs = 0;
};

void TestUploadReservations::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
}

// Every test gets an organisation of its own with a 10 MiB quota, so reservations do not add up.
void TestUploadReservations::init()
{
    const QString slug = QStringLiteral("org%1").arg(++m_orgs);
    const QString email = QStringLiteral("admin@%1.test").arg(slug);
    const ServerProcess::CliResult created = m_server.runCli(
        {QStringLiteral("create-org"), QStringLiteral("--name"), slug, QStringLiteral("--slug"), slug,
            QStringLiteral("--admin-email"), email, QStringLiteral("--quota-bytes"), QString::number(quota)},
        "admin-pw\n");
    QVERIFY2(created.exitCode == 0, created.err.constData());
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    m_anon = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(email, QStringLiteral("admin-pw")).isEmpty());
    const QString orgId = pullAll(*m_admin).first().toObject().value(u"id").toString();
    m_client = newId();
    m_project = newId();
    QVERIFY(PortalFixture::openPortalProject(*m_admin, orgId, m_client, m_project));
}

TestClient::Reply TestUploadReservations::send(
    const Contact *who, const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &type)
{
    if (!who)
        return m_admin->send(method, path, body, {{"Content-Type", type}});
    return m_anon->send(method, path, body, who->headers(true) << qMakePair(QByteArray("Content-Type"), type));
}

TestClient::Reply TestUploadReservations::startAsClient(const Contact &who, qint64 size, const QString &name)
{
    return send(&who, "POST", QStringLiteral("/api/v1/portal/uploads"),
        QJsonDocument(QJsonObject{{"project_id", m_project}, {"name", name}, {"size", size}}).toJson());
}

TestClient::Reply TestUploadReservations::startAsStaff(qint64 size, const QString &sha256)
{
    return m_admin->post(QStringLiteral("/api/v1/files/uploads"),
        QJsonObject{{"file_id", newId()}, {"project_id", m_project}, {"name", "master.mov"}, {"size", size},
            {"sha256", sha256}});
}

void TestUploadReservations::age(const QString &uploadId, qint64 seconds)
{
    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    const QString expires =
        db.column(QStringLiteral("SELECT expires_at FROM uploads WHERE id = ?"), {uploadId}).value(0).toString();
    const QDateTime moved = QDateTime::fromString(expires, Qt::ISODateWithMs).addSecs(-seconds);
    QVERIFY(db.exec(QStringLiteral("UPDATE uploads SET expires_at = ? WHERE id = ?"),
        {moved.toUTC().toString(Qt::ISODateWithMs), uploadId}));
}

qint64 TestUploadReservations::reservedBytes(const QString &uploadId)
{
    DbInspector db(m_server);
    return db.column(QStringLiteral("SELECT reserved FROM uploads WHERE id = ?"), {uploadId}).value(0).toLongLong();
}

void TestUploadReservations::contactHoldsOnlyAFewOpenUploads()
{
    const Contact ivy = PortalFixture::signUp(m_server, *m_admin, m_client, QStringLiteral("ivy@green.test"));
    QVERIFY(!ivy.cookie.isEmpty());
    QStringList open;
    for (int i = 0; i < 4; ++i) {
        const TestClient::Reply started = startAsClient(ivy, 1000, QStringLiteral("scan%1.pdf").arg(i));
        QVERIFY2(started.status == 201, qPrintable(describe(started)));
        open.append(started.object().value(u"upload_id").toString());
    }
    const TestClient::Reply fifth = startAsClient(ivy, 1000);
    QVERIFY2(fifth.status == 429, qPrintable(describe(fifth)));
    QCOMPARE(fifth.errorCode(), QStringLiteral("too_many_uploads"));
    QVERIFY(!fifth.object().value(u"error").toObject().value(u"message").toString().isEmpty());
    // Another contact is not held up by Ivy's, and a finished or cancelled upload frees a place.
    const Contact bo = PortalFixture::signUp(m_server, *m_admin, m_client, QStringLiteral("bo@green.test"));
    QCOMPARE(startAsClient(bo, 1000).status, 201);
    QCOMPARE(send(&ivy, "DELETE", QStringLiteral("/api/v1/portal/uploads/") + open.first(), {}).status, 200);
    QCOMPARE(startAsClient(ivy, 1000).status, 201);
}

void TestUploadReservations::clientsLeaveStaffTheirShare()
{
    const Contact ivy = PortalFixture::signUp(m_server, *m_admin, m_client, QStringLiteral("ivy@green.test"));
    const Contact bo = PortalFixture::signUp(m_server, *m_admin, m_client, QStringLiteral("bo@green.test"));
    // Clients together reserve at most half of the free quota (5 of 10 MiB).
    const TestClient::Reply first = startAsClient(ivy, 2 * MiB);
    QVERIFY2(first.status == 201, qPrintable(describe(first)));
    QCOMPARE(startAsClient(bo, 2 * MiB).status, 201);
    const TestClient::Reply beyond = startAsClient(ivy, 2 * MiB);
    QVERIFY2(beyond.status == 413, qPrintable(describe(beyond)));
    QCOMPARE(beyond.errorCode(), QStringLiteral("quota_exceeded"));
    QCOMPARE(startAsClient(bo, MiB).status, 201);

    // Staff are not held up by what clients have reserved but not sent: 9 of the 10 MiB are theirs.
    const TestClient::Reply staff = startAsStaff(9 * MiB);
    QVERIFY2(staff.status == 201, qPrintable(describe(staff)));
    // Staff reservations are firm among staff.
    QCOMPARE(startAsStaff(2 * MiB).status, 413);

    // What clients have actually sent counts; what they have not, staff may use: a client's upload
    // that no longer fits is refused as its bytes arrive (or at the latest when it completes).
    const QString uploadId = first.object().value(u"upload_id").toString();
    const QByteArray content(2 * MiB, 'p');
    TestClient::Reply refused;
    for (qint64 offset = 0; offset < content.size() && refused.status == 0; offset += MiB) {
        const TestClient::Reply put =
            send(&ivy, "PUT", QStringLiteral("/api/v1/portal/uploads/%1?offset=%2").arg(uploadId).arg(offset),
                content.mid(offset, MiB), "application/octet-stream");
        if (put.status != 200)
            refused = put;
    }
    if (refused.status == 0)
        refused = send(&ivy, "POST", QStringLiteral("/api/v1/portal/uploads/%1/complete").arg(uploadId), {});
    QVERIFY2(refused.status == 413, qPrintable(describe(refused)));
    QCOMPARE(refused.errorCode(), QStringLiteral("quota_exceeded"));
}

void TestUploadReservations::idleReservationIsReleasedAndTakenAgainOnResume()
{
    const QByteArray content(8 * MiB, 's');
    const TestClient::Reply idle = startAsStaff(content.size(), sha256Hex(content));
    QVERIFY2(idle.status == 201, qPrintable(describe(idle)));
    const QString idleId = idle.object().value(u"upload_id").toString();
    QCOMPARE(startAsStaff(8 * MiB).status, 413);
    // Nothing has arrived for two hours (the default idle limit is one).
    age(idleId, 2 * 3600);
    const TestClient::Reply next = startAsStaff(8 * MiB);
    QVERIFY2(next.status == 201, qPrintable(describe(next)));
    QCOMPARE(reservedBytes(idleId), 0);

    // The idle upload resumes: it needs its reservation again, which does not fit while the other holds it.
    const QString chunk = QStringLiteral("/api/v1/files/uploads/%1?offset=0").arg(idleId);
    const TestClient::Reply refused = send(nullptr, "PUT", chunk, content.left(MiB), "application/octet-stream");
    QVERIFY2(refused.status == 413, qPrintable(describe(refused)));
    QCOMPARE(refused.errorCode(), QStringLiteral("quota_exceeded"));
    QCOMPARE(m_admin->get(QStringLiteral("/api/v1/files/uploads/") + idleId).object().value(u"offset").toInteger(), 0);
    QCOMPARE(
        m_admin->del(QStringLiteral("/api/v1/files/uploads/") + next.object().value(u"upload_id").toString()).status,
        200);
    for (qint64 offset = 0; offset < content.size(); offset += 4 * MiB) {
        const TestClient::Reply put =
            send(nullptr, "PUT", QStringLiteral("/api/v1/files/uploads/%1?offset=%2").arg(idleId).arg(offset),
                content.mid(offset, 4 * MiB), "application/octet-stream");
        QVERIFY2(put.status == 200, qPrintable(describe(put)));
    }
    QCOMPARE(reservedBytes(idleId), content.size());
    const TestClient::Reply done = m_admin->post(QStringLiteral("/api/v1/files/uploads/%1/complete").arg(idleId), {});
    QVERIFY2(done.status == 201, qPrintable(describe(done)));

    // Housekeeping (at start-up, then hourly) releases idle reservations too.
    const TestClient::Reply forgotten = startAsStaff(MiB);
    QCOMPARE(forgotten.status, 201);
    const QString forgottenId = forgotten.object().value(u"upload_id").toString();
    age(forgottenId, 2 * 3600);
    m_server.stop();
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QCOMPARE(reservedBytes(forgottenId), 0);
    DbInspector db(m_server);
    QCOMPARE(db.column(QStringLiteral("SELECT storage_reserved_bytes FROM organisations WHERE portal_slug = ?"),
                   {QStringLiteral("org%1").arg(m_orgs)})
                 .value(0)
                 .toLongLong(),
        0);
}

QTEST_GUILESS_MAIN(TestUploadReservations)
#include "tst_uploadreservations.moc"
