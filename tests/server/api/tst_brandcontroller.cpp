// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QRandomGenerator>
#include <QTest>

#include <memory>

#include "tests/support/dbinspector.h"
#include "tests/support/rawhttp.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

// The organisation's logo and the branding preview links, through the real server binary.
class TestBrandController : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void logoIsReencodedBeforeItIsServed();
    void whatIsNotAPngIsRefused_data();
    void whatIsNotAPngIsRefused();
    void onlyAdminsOfTheOrganisationMayBrandIt_data();
    void onlyAdminsOfTheOrganisationMayBrandIt();
    void aLogoIdTheServerDidNotMakeIsRefused();
    void previewLinkShowsUnsavedBranding();
    void previewRefusesBadInput_data();
    void previewRefusesBadInput();
    void unknownPreviewsAreGone();
    void previewsAreKeptHashedExpireAndAreCapped();
    void customHostLeadsToThePortal_data();
    void customHostLeadsToThePortal();
    void aLogoCountsAgainstTheQuota();
    void unusedLogosGoAfterTheGracePeriod();

private:
    static QByteArray png(const QSize &size, const QColor &colour, const QString &comment = {});
    TestClient::Reply createPreview(TestClient &client, const QJsonObject &body);
    // Stores a logo in `client`'s organisation; its id, or empty after a failure the test reports.
    QString storeLogo(TestClient &client, const QString &orgId, const QByteArray &body);
    void useLogo(const QString &logoId);
    static qint64 usedBytes(DbInspector &db, const QString &orgId);
    QString logoBlobPath(DbInspector &db, const QString &logoId) const;

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    QString m_orgId;
};

QByteArray TestBrandController::png(const QSize &size, const QColor &colour, const QString &comment)
{
    QImage image(size, QImage::Format_ARGB32);
    image.fill(colour);
    if (!comment.isEmpty())
        image.setText(QStringLiteral("Comment"), comment);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return buffer.data();
}

TestClient::Reply TestBrandController::createPreview(TestClient &client, const QJsonObject &body)
{
    return client.post(QStringLiteral("/api/v1/organisations/%1/brand-preview").arg(m_orgId), body);
}

QString TestBrandController::storeLogo(TestClient &client, const QString &orgId, const QByteArray &body)
{
    const QString logoId = newId();
    const auto stored =
        client.put(QStringLiteral("/api/v1/organisations/%1/logos/%2").arg(orgId, logoId), body, "image/png");
    if (stored.status != 201) {
        qWarning() << "storing a logo answered" << stored.status << stored.body;
        return {};
    }
    return logoId;
}

void TestBrandController::useLogo(const QString &logoId)
{
    const QJsonArray results = pushResults(*m_admin,
        {mutation(
            QStringLiteral("organisation"), m_orgId, QStringLiteral("update"), {{"brand_logo_file_id", logoId}})});
    QCOMPARE(results.first().toObject().value(u"status").toString(), QStringLiteral("applied"));
}

qint64 TestBrandController::usedBytes(DbInspector &db, const QString &orgId)
{
    return db.column(QStringLiteral("SELECT storage_used_bytes FROM organisations WHERE id = ?"), {orgId})
        .value(0)
        .toLongLong();
}

QString TestBrandController::logoBlobPath(DbInspector &db, const QString &logoId) const
{
    const QString blobName =
        db.column(QStringLiteral("SELECT blob_name FROM brand_logos WHERE id = ?"), {logoId}).value(0).toString();
    return m_server.blobFile(blobName);
}

void TestBrandController::initTestCase()
{
    if (!m_server.start())
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(QStringLiteral("Acme Studio"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"),
        QStringLiteral("admin-pw")));
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("member@acme.test"), QStringLiteral("Mo"),
        QStringLiteral("member"), QStringLiteral("member-pw")));
    QVERIFY(m_server.createOrg(QStringLiteral("Other Studio"), QStringLiteral("other"),
        QStringLiteral("admin@other.test"), QStringLiteral("other-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    m_orgId =
        m_admin->get(QStringLiteral("/api/v1/auth/me")).object().value(u"user").toObject().value(u"org_id").toString();
    QVERIFY(!m_orgId.isEmpty());
}

void TestBrandController::logoIsReencodedBeforeItIsServed()
{
    // Metadata and bytes after the image end must not survive; a large logo is scaled down.
    const QByteArray uploaded = png(QSize(1200, 600), Qt::red, QStringLiteral("secret-note")) + "<script>trailing";
    const QString logoId = newId();
    const QString path = QStringLiteral("/api/v1/organisations/%1/logos/%2").arg(m_orgId, logoId);
    const auto stored = m_admin->put(path, uploaded, "image/png");
    QCOMPARE(stored.status, 201);
    QCOMPARE(stored.object().value(u"logo_file_id").toString(), logoId);
    // Sent again after a lost answer: the same logo, nothing stored twice.
    const auto again = m_admin->put(path, uploaded, "image/png");
    QCOMPARE(again.status, 200);
    QCOMPARE(again.object().value(u"sha256").toString(), stored.object().value(u"sha256").toString());

    TestClient anon(m_server.baseUrl());
    QCOMPARE(anon.get(QStringLiteral("/p/acme/logo")).status, 404); // not in use yet
    const QJsonArray results = pushResults(*m_admin,
        {mutation(
            QStringLiteral("organisation"), m_orgId, QStringLiteral("update"), {{"brand_logo_file_id", logoId}})});
    QCOMPARE(results.first().toObject().value(u"status").toString(), QStringLiteral("applied"));

    const auto served = anon.get(QStringLiteral("/p/acme/logo"));
    QCOMPARE(served.status, 200);
    QCOMPARE(served.header("Content-Type"), QByteArray("image/png"));
    QVERIFY(served.body != uploaded);
    QVERIFY(!served.body.contains("secret-note"));
    QVERIFY(!served.body.contains("<script>"));
    const QImage image = QImage::fromData(served.body, "PNG");
    QCOMPARE(image.size(), QSize(512, 256));
    QCOMPARE(image.pixelColor(10, 10), QColor(Qt::red));
    const auto info = anon.get(QStringLiteral("/api/v1/portal/organisations/acme"));
    QCOMPARE(
        info.object().value(u"organisation").toObject().value(u"logo_url").toString(), QStringLiteral("/p/acme/logo"));
}

void TestBrandController::whatIsNotAPngIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addRow("html") << QByteArray("<html><script>alert(1)</script></html>") << 400;
    QImage jpeg(QSize(20, 20), QImage::Format_RGB32);
    jpeg.fill(Qt::blue);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    jpeg.save(&buffer, "JPEG");
    QTest::addRow("a jpeg (the desktop sends png)") << buffer.data() << 400;
    QTest::addRow("a truncated png") << png(QSize(300, 300), Qt::green).left(80) << 400;
    // A valid header claiming 20000 × 20000 pixels: refused before anything is decoded.
    QByteArray bomb = png(QSize(2, 2), Qt::green);
    bomb.replace(16, 8, QByteArray::fromHex("00004e2000004e20"));
    QTest::addRow("a decompression bomb") << bomb << 400;
    QTest::addRow("over the size limit") << QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(3 * 1024 * 1024, 'x')
                                         << 413;
}

void TestBrandController::whatIsNotAPngIsRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    const auto reply =
        m_admin->put(QStringLiteral("/api/v1/organisations/%1/logos/%2").arg(m_orgId, newId()), body, "image/png");
    QCOMPARE(reply.status, status);
    if (status == 400)
        QCOMPARE(reply.errorCode(), QStringLiteral("invalid_image"));
}

void TestBrandController::onlyAdminsOfTheOrganisationMayBrandIt_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("status");
    QTest::addRow("a member") << QStringLiteral("member@acme.test") << QStringLiteral("member-pw") << 403;
    QTest::addRow("another organisation's admin")
        << QStringLiteral("admin@other.test") << QStringLiteral("other-pw") << 403;
    QTest::addRow("nobody signed in") << QString() << QString() << 401;
}

void TestBrandController::onlyAdminsOfTheOrganisationMayBrandIt()
{
    QFETCH(QString, email);
    QFETCH(QString, password);
    QFETCH(int, status);
    TestClient client(m_server.baseUrl());
    if (!email.isEmpty())
        QVERIFY(!client.login(email, password).isEmpty());
    QCOMPARE(client
                 .put(QStringLiteral("/api/v1/organisations/%1/logos/%2").arg(m_orgId, newId()),
                     png(QSize(8, 8), Qt::red), "image/png")
                 .status,
        status);
    QCOMPARE(createPreview(client,
                 {{"brand_primary_color", "#112233"}, {"brand_accent_color", "#445566"},
                     {"brand_background_color", "#ffffff"}, {"brand_text_color", "#000000"}})
                 .status,
        status);
}

void TestBrandController::aLogoIdTheServerDidNotMakeIsRefused()
{
    const QJsonArray results = pushResults(*m_admin,
        {mutation(
            QStringLiteral("organisation"), m_orgId, QStringLiteral("update"), {{"brand_logo_file_id", newId()}})});
    QCOMPARE(results.first().toObject().value(u"status").toString(), QStringLiteral("rejected"));
    QCOMPARE(results.first().toObject().value(u"error").toObject().value(u"code").toString(),
        QStringLiteral("invalid_reference"));
}

void TestBrandController::previewLinkShowsUnsavedBranding()
{
    const QByteArray logo = png(QSize(64, 32), Qt::darkGreen);
    const auto created = createPreview(*m_admin,
        {{"brand_primary_color", "#7A1F5C"}, {"brand_accent_color", "#0b6e4f"}, {"brand_background_color", "#fafaf5"},
            {"brand_text_color", "#202020"}, {"brand_welcome_text", "Hello from the preview"},
            {"logo_png_base64", QString::fromLatin1(logo.toBase64())}});
    QCOMPARE(created.status, 201);
    const QString token = created.object().value(u"token").toString();
    QVERIFY(token.size() >= 43);
    QCOMPARE(created.object().value(u"url").toString(),
        m_server.baseUrl().toString(QUrl::StripTrailingSlash) + QStringLiteral("/p/acme/preview#") + token);
    QVERIFY(!created.object().value(u"expires_at").toString().isEmpty());

    TestClient anon(m_server.baseUrl());
    const auto page = anon.get(QStringLiteral("/p/acme/preview"));
    QCOMPARE(page.status, 200);
    QVERIFY(page.header("Content-Type").startsWith("text/html"));
    const auto shown = anon.post(QStringLiteral("/api/v1/portal/brand-preview"), {{"token", token}});
    QCOMPARE(shown.status, 200);
    const QJsonObject organisation = shown.object().value(u"organisation").toObject();
    QCOMPARE(organisation.value(u"name").toString(), QStringLiteral("Acme Studio"));
    QCOMPARE(organisation.value(u"slug").toString(), QStringLiteral("acme"));
    QCOMPARE(organisation.value(u"welcome_text").toString(), QStringLiteral("Hello from the preview"));
    const QString base = QStringLiteral("/p/acme/preview/") + token;
    QCOMPARE(organisation.value(u"logo_url").toString(), base + QStringLiteral("/logo"));
    QCOMPARE(shown.object().value(u"stylesheet_url").toString(), base + QStringLiteral("/brand.css"));
    QCOMPARE(shown.object().value(u"expires_at").toString(), created.object().value(u"expires_at").toString());

    const auto css = anon.get(base + QStringLiteral("/brand.css"));
    QCOMPARE(css.status, 200);
    QVERIFY(css.header("Content-Type").startsWith("text/css"));
    QVERIFY2(
        css.body.contains("--brand-primary:#7a1f5c;--brand-accent:#0b6e4f;--brand-bg:#fafaf5;--brand-text:#202020"),
        css.body.constData());
    QVERIFY(css.body.contains("--brand-on-primary:#ffffff"));
    const auto previewLogo = anon.get(base + QStringLiteral("/logo"));
    QCOMPARE(previewLogo.status, 200);
    QCOMPARE(previewLogo.header("Content-Type"), QByteArray("image/png"));
    QCOMPARE(QImage::fromData(previewLogo.body, "PNG").size(), QSize(64, 32));
    // Nothing was saved: the real style sheet keeps the organisation's colours.
    QVERIFY(!anon.get(QStringLiteral("/p/acme/brand.css")).body.contains("#7a1f5c"));
    // The token works only under its own organisation's address.
    QCOMPARE(anon.get(QStringLiteral("/p/other/preview/%1/brand.css").arg(token)).status, 404);

    const auto noLogo = createPreview(*m_admin,
        {{"brand_primary_color", "#7a1f5c"}, {"brand_accent_color", "#0b6e4f"}, {"brand_background_color", "#ffffff"},
            {"brand_text_color", "#000000"}});
    QCOMPARE(noLogo.status, 201);
    const auto shownNoLogo = anon.post(
        QStringLiteral("/api/v1/portal/brand-preview"), {{"token", noLogo.object().value(u"token").toString()}});
    QVERIFY(shownNoLogo.object().value(u"organisation").toObject().value(u"logo_url").isNull());
    QCOMPARE(anon.get(QStringLiteral("/p/acme/preview/%1/logo").arg(noLogo.object().value(u"token").toString())).status,
        404);
}

void TestBrandController::previewRefusesBadInput_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("code");
    const QJsonObject good{{"brand_primary_color", "#112233"}, {"brand_accent_color", "#445566"},
        {"brand_background_color", "#ffffff"}, {"brand_text_color", "#000000"}};
    QJsonObject b = good;
    b.insert(QStringLiteral("brand_primary_color"), QStringLiteral("red;}body{display:none"));
    QTest::addRow("a colour that would break out of the style sheet") << b << QStringLiteral("invalid_field");
    b = good;
    b.remove(QStringLiteral("brand_text_color"));
    QTest::addRow("a missing colour") << b << QStringLiteral("invalid_field");
    b = good;
    b.insert(QStringLiteral("brand_welcome_text"), QString(2001, u'x'));
    QTest::addRow("a welcome text that is too long") << b << QStringLiteral("invalid_field");
    b = good;
    b.insert(QStringLiteral("logo_png_base64"), QString::fromLatin1(QByteArray("<svg onload=alert(1)>").toBase64()));
    QTest::addRow("a logo that is not a png") << b << QStringLiteral("invalid_image");
    b = good;
    b.insert(QStringLiteral("logo_png_base64"), QStringLiteral("***"));
    QTest::addRow("a logo that is not base64") << b << QStringLiteral("invalid_field");
}

void TestBrandController::previewRefusesBadInput()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, code);
    const auto reply = createPreview(*m_admin, body);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.errorCode(), code);
}

void TestBrandController::unknownPreviewsAreGone()
{
    TestClient anon(m_server.baseUrl());
    const auto shown = anon.post(QStringLiteral("/api/v1/portal/brand-preview"), {{"token", "bpv_unknown"}});
    QCOMPARE(shown.status, 410);
    QCOMPARE(shown.errorCode(), QStringLiteral("preview_expired"));
    QCOMPARE(anon.post(QStringLiteral("/api/v1/portal/brand-preview"), {}).status, 410);
    QCOMPARE(anon.get(QStringLiteral("/p/acme/preview/bpv_unknown/brand.css")).status, 404);
    QCOMPARE(anon.get(QStringLiteral("/p/acme/preview/bpv_unknown/logo")).status, 404);
}

void TestBrandController::previewsAreKeptHashedExpireAndAreCapped()
{
    const QJsonObject body{{"brand_primary_color", "#112233"}, {"brand_accent_color", "#445566"},
        {"brand_background_color", "#ffffff"}, {"brand_text_color", "#000000"}};
    const QString token = createPreview(*m_admin, body).object().value(u"token").toString();
    QVERIFY(!token.isEmpty());
    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    const QString hash =
        QString::fromLatin1(QCryptographicHash::hash(token.toLatin1(), QCryptographicHash::Sha256).toHex());
    QCOMPARE(
        db.column(QStringLiteral("SELECT COUNT(*) FROM brand_previews WHERE token_hash = ?"), {hash}).value(0).toInt(),
        1);
    QCOMPARE(
        db.column(QStringLiteral("SELECT COUNT(*) FROM brand_previews WHERE token_hash = ?"), {token}).value(0).toInt(),
        0);

    // Ten minutes later (moved back rather than waited for): gone everywhere.
    TestClient anon(m_server.baseUrl());
    QCOMPARE(anon.post(QStringLiteral("/api/v1/portal/brand-preview"), {{"token", token}}).status, 200);
    QVERIFY(db.exec(QStringLiteral("UPDATE brand_previews SET expires_at = ? WHERE token_hash = ?"),
        {QStringLiteral("2020-01-01T00:00:00.000Z"), hash}));
    QCOMPARE(anon.post(QStringLiteral("/api/v1/portal/brand-preview"), {{"token", token}}).status, 410);
    QCOMPARE(anon.get(QStringLiteral("/p/acme/preview/%1/brand.css").arg(token)).status, 404);

    // An admin clicking again and again keeps at most twenty; expired ones are cleared on the way.
    for (int i = 0; i < 25; ++i)
        QCOMPARE(createPreview(*m_admin, body).status, 201);
    QCOMPARE(
        db.column(QStringLiteral("SELECT COUNT(*) FROM brand_previews WHERE org_id = ?"), {m_orgId}).value(0).toInt(),
        20);
}

void TestBrandController::customHostLeadsToThePortal_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<int>("status");
    QTest::addRow("the custom host") << QByteArray("portal.acme.example") << 302;
    QTest::addRow("the custom host with a port, in capitals") << QByteArray("Portal.Acme.Example:8443") << 302;
    QTest::addRow("another host") << QByteArray("portal.other.example") << 404;
    QTest::addRow("the server's own address") << QByteArray("127.0.0.1") << 404;
}

void TestBrandController::customHostLeadsToThePortal()
{
    QFETCH(QByteArray, host);
    QFETCH(int, status);
    const QJsonArray results = pushResults(*m_admin,
        {mutation(QStringLiteral("organisation"), m_orgId, QStringLiteral("update"),
            {{"portal_custom_host", "portal.acme.example"}})});
    QCOMPARE(results.first().toObject().value(u"status").toString(), QStringLiteral("applied"));
    RawHttp raw(m_server.port());
    raw.write("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    QVERIFY(raw.waitForResponses(1));
    QCOMPARE(raw.responses().at(0).status, status);
    if (status == 302)
        QCOMPARE(raw.responses().at(0).header("Location"), QByteArray("/p/acme"));
}

void TestBrandController::aLogoCountsAgainstTheQuota()
{
    const auto created = m_server.runCli(
        {QStringLiteral("create-org"), QStringLiteral("--name"), QStringLiteral("Small Studio"),
            QStringLiteral("--slug"), QStringLiteral("small"), QStringLiteral("--admin-email"),
            QStringLiteral("admin@small.test"), QStringLiteral("--quota-bytes"), QStringLiteral("4096")},
        "small-pw\n");
    QVERIFY2(created.exitCode == 0, created.err.constData());
    TestClient admin(m_server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@small.test"), QStringLiteral("small-pw")).isEmpty());
    const QString orgId =
        admin.get(QStringLiteral("/api/v1/auth/me")).object().value(u"user").toObject().value(u"org_id").toString();
    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));

    const QString small = storeLogo(admin, orgId, png(QSize(16, 16), Qt::red));
    QVERIFY(!small.isEmpty());
    const qint64 smallSize =
        db.column(QStringLiteral("SELECT size FROM brand_logos WHERE id = ?"), {small}).value(0).toLongLong();
    QVERIFY(smallSize > 0);
    QCOMPARE(usedBytes(db, orgId), smallSize);

    // Noise does not compress: far more than the 4 KiB quota, though well within the size limit.
    QImage noise(QSize(200, 200), QImage::Format_RGB32);
    QRandomGenerator random(42);
    for (int y = 0; y < noise.height(); ++y) {
        for (int x = 0; x < noise.width(); ++x)
            noise.setPixel(x, y, random.generate() | 0xff000000);
    }
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    noise.save(&buffer, "PNG");
    const QString bigId = newId();
    const auto refused =
        admin.put(QStringLiteral("/api/v1/organisations/%1/logos/%2").arg(orgId, bigId), buffer.data(), "image/png");
    QCOMPARE(refused.status, 413);
    QCOMPARE(refused.errorCode(), QStringLiteral("quota_exceeded"));
    QVERIFY(refused.object().value(u"error").toObject().value(u"message").toString().contains(u"quota"));
    // Nothing of it stays: no row, no bytes counted, nothing reserved.
    QCOMPARE(
        db.column(QStringLiteral("SELECT COUNT(*) FROM brand_logos WHERE org_id = ?"), {orgId}).value(0).toInt(), 1);
    QCOMPARE(usedBytes(db, orgId), smallSize);
    QCOMPARE(db.column(QStringLiteral("SELECT storage_reserved_bytes FROM organisations WHERE id = ?"), {orgId})
                 .value(0)
                 .toLongLong(),
        0);
    const auto check = m_server.runCli({QStringLiteral("check")});
    QVERIFY2(check.exitCode == 0, check.out.constData());
}

void TestBrandController::unusedLogosGoAfterTheGracePeriod()
{
    DbInspector db(m_server);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError()));
    const QString replaced = storeLogo(*m_admin, m_orgId, png(QSize(40, 20), Qt::blue));
    QVERIFY(!replaced.isEmpty());
    useLogo(replaced);
    const QString current = storeLogo(*m_admin, m_orgId, png(QSize(40, 20), Qt::darkBlue));
    QVERIFY(!current.isEmpty());
    useLogo(current);
    // Stored but not used yet: a desktop pushes brand_logo_file_id some time after the upload.
    const QString waiting = storeLogo(*m_admin, m_orgId, png(QSize(40, 20), Qt::cyan));
    QVERIFY(!waiting.isEmpty());
    const QString replacedBlob = logoBlobPath(db, replaced);
    const QString currentBlob = logoBlobPath(db, current);
    const QString waitingBlob = logoBlobPath(db, waiting);
    QVERIFY(QFile::exists(replacedBlob) && QFile::exists(currentBlob) && QFile::exists(waitingBlob));
    const qint64 replacedSize =
        db.column(QStringLiteral("SELECT size FROM brand_logos WHERE id = ?"), {replaced}).value(0).toLongLong();

    // Two days pass (moved back rather than waited for) for the replaced and the current logo.
    QVERIFY(db.exec(QStringLiteral("UPDATE brand_logos SET created_at = ? WHERE id IN (?, ?)"),
        {QStringLiteral("2020-01-01T00:00:00.000Z"), replaced, current}));
    const qint64 before = usedBytes(db, m_orgId);
    const auto purged = m_server.runCli({QStringLiteral("purge-unused-logos")});
    QVERIFY2(purged.exitCode == 0, purged.err.constData());
    QVERIFY2(purged.out.contains("removed 1 unused logos"), purged.out.constData());
    QVERIFY(!QFile::exists(replacedBlob));
    QVERIFY(QFile::exists(currentBlob));
    QVERIFY(QFile::exists(waitingBlob));
    QCOMPARE(usedBytes(db, m_orgId), before - replacedSize);
    TestClient anon(m_server.baseUrl());
    QCOMPARE(anon.get(QStringLiteral("/p/acme/logo")).status, 200);
    // The removed logo cannot be chosen any more.
    const QJsonArray results = pushResults(*m_admin,
        {mutation(
            QStringLiteral("organisation"), m_orgId, QStringLiteral("update"), {{"brand_logo_file_id", replaced}})});
    QCOMPARE(results.first().toObject().value(u"error").toObject().value(u"code").toString(),
        QStringLiteral("invalid_reference"));

    // A logo on the losing side of an open conflict stays ("Use Mine" may still choose it) until the
    // conflict is resolved.
    const QString contested = storeLogo(*m_admin, m_orgId, png(QSize(40, 20), Qt::magenta));
    QVERIFY(!contested.isEmpty());
    const QString contestedBlob = logoBlobPath(db, contested);
    QCOMPARE(pushResults(*m_admin,
                 {mutation(QStringLiteral("organisation"), m_orgId, QStringLiteral("update"),
                     {{"brand_logo_file_id", contested}}, {{"brand_logo_file_id", waiting}})})
                 .first()
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("conflict"));
    const QVariantList conflicts =
        db.column(QStringLiteral("SELECT id FROM conflicts WHERE field = 'brand_logo_file_id' AND resolved = 0"), {});
    QCOMPARE(conflicts.size(), 1);
    QVERIFY(
        m_server
            .runCli({QStringLiteral("purge-unused-logos"), QStringLiteral("--older-than-days"), QStringLiteral("0")})
            .exitCode
        == 0);
    QVERIFY(QFile::exists(contestedBlob));
    QCOMPARE(pushResults(*m_admin,
                 {mutation(QStringLiteral("conflict"), conflicts.first().toString(), QStringLiteral("update"),
                     {{"resolved", true}})})
                 .first()
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("applied"));

    // With no grace period every unused logo goes (the earlier tests' too), never the one in use.
    const auto all = m_server.runCli(
        {QStringLiteral("purge-unused-logos"), QStringLiteral("--older-than-days"), QStringLiteral("0")});
    QVERIFY2(all.exitCode == 0, all.err.constData());
    QVERIFY(!QFile::exists(waitingBlob));
    QVERIFY(!QFile::exists(contestedBlob));
    QVERIFY(QFile::exists(currentBlob));
    QCOMPARE(
        db.column(QStringLiteral("SELECT id FROM brand_logos WHERE org_id = ?"), {m_orgId}), QVariantList{current});
    QCOMPARE(usedBytes(db, m_orgId),
        db.column(QStringLiteral("SELECT size FROM brand_logos WHERE id = ?"), {current}).value(0).toLongLong());
    QCOMPARE(anon.get(QStringLiteral("/p/acme/logo")).status, 200);

    const auto check = m_server.runCli({QStringLiteral("check")});
    QVERIFY2(check.exitCode == 0, check.out.constData());
    QVERIFY(check.out.contains("ok"));
}

QTEST_GUILESS_MAIN(TestBrandController)
#include "tst_brandcontroller.moc"
