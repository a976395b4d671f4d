// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QMap>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

#include "tests/support/eventstream.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;

namespace {

// One scrape, parsed strictly: every line is a # HELP, a # TYPE or a sample of the family declared
// last; values are numbers; a histogram's buckets rise to le="+Inf", which equals its _count.
struct Exposition
{
    QString error; // empty when the text is well formed
    QHash<QString, QString> types; // family → type
    QHash<QString, double> samples; // "name{a="x",b="y"}" (labels sorted) → value
    QList<QMap<QString, QString>> labelSets; // every sample's labels

    static QString key(const QString &name, const QMap<QString, QString> &labels)
    {
        QStringList parts;
        for (auto it = labels.cbegin(); it != labels.cend(); ++it)
            parts.append(it.key() + QStringLiteral("=\"") + it.value() + u'"');
        return parts.isEmpty() ? name : name + u'{' + parts.join(u',') + u'}';
    }
    // The sample's value, or 0 when the series is not there (yet).
    double value(const QString &name, const QMap<QString, QString> &labels = {}) const
    {
        return samples.value(key(name, labels), 0);
    }
    bool has(const QString &name, const QMap<QString, QString> &labels = {}) const
    {
        return samples.contains(key(name, labels));
    }
};

std::optional<QMap<QString, QString>> parseLabels(const QString &text)
{
    QMap<QString, QString> labels;
    static const QRegularExpression labelName(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_]*$"));
    qsizetype i = 0;
    while (i < text.size()) {
        const qsizetype equals = text.indexOf(u'=', i);
        if (equals < 0 || equals + 1 >= text.size() || text.at(equals + 1) != u'"')
            return std::nullopt;
        const QString name = text.mid(i, equals - i);
        if (!labelName.match(name).hasMatch() || labels.contains(name))
            return std::nullopt;
        QString value;
        qsizetype j = equals + 2;
        for (; j < text.size() && text.at(j) != u'"'; ++j) {
            if (text.at(j) == u'\\') {
                if (++j >= text.size())
                    return std::nullopt;
                const QChar escaped = text.at(j);
                if (escaped == u'n')
                    value += u'\n';
                else if (escaped == u'\\' || escaped == u'"')
                    value += escaped;
                else
                    return std::nullopt;
            } else {
                value += text.at(j);
            }
        }
        if (j >= text.size())
            return std::nullopt;
        labels.insert(name, value);
        i = j + 1;
        if (i < text.size()) {
            if (text.at(i) != u',')
                return std::nullopt;
            ++i;
        }
    }
    return labels;
}

Exposition parse(const QByteArray &body)
{
    Exposition e;
    static const QRegularExpression help(QStringLiteral("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$"));
    static const QRegularExpression type(
        QStringLiteral("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$"));
    static const QRegularExpression sample(QStringLiteral(
        "^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? ([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))$"));
    if (!body.endsWith('\n'))
        return e.error = QStringLiteral("the text does not end with a line feed"), e;
    QSet<QString> helped;
    QString family; // the one declared last
    struct Histogram
    {
        QList<QPair<double, double>> buckets; // (le, count) in order
        double count = -1;
    };
    QHash<QString, Histogram> histograms; // by name + labels without le
    const QList<QByteArray> lines = body.chopped(1).split('\n');
    for (const QByteArray &raw : lines) {
        const QString line = QString::fromUtf8(raw);
        const auto fail = [&](const QString &why) {
            e.error = why + QStringLiteral(": ") + line;
            return e;
        };
        if (const auto m = help.match(line); m.hasMatch()) {
            if (helped.contains(m.captured(1)))
                return fail(QStringLiteral("a second HELP"));
            helped.insert(m.captured(1));
            continue;
        }
        if (const auto m = type.match(line); m.hasMatch()) {
            if (e.types.contains(m.captured(1)))
                return fail(QStringLiteral("a second TYPE"));
            if (!helped.contains(m.captured(1)))
                return fail(QStringLiteral("TYPE without HELP"));
            family = m.captured(1);
            e.types.insert(family, m.captured(2));
            continue;
        }
        const auto m = sample.match(line);
        if (!m.hasMatch())
            return fail(QStringLiteral("not a HELP, TYPE or sample line"));
        const QString name = m.captured(1);
        if (!name.startsWith(u"atrium_"))
            return fail(QStringLiteral("not prefixed atrium_"));
        const QString kind = e.types.value(family);
        const bool belongs = kind == u"histogram"
            ? (name == family + u"_bucket" || name == family + u"_sum" || name == family + u"_count")
            : name == family;
        if (!belongs)
            return fail(QStringLiteral("a sample outside the family declared last"));
        const auto labels = parseLabels(m.captured(2));
        if (!labels)
            return fail(QStringLiteral("malformed labels"));
        const QString text = m.captured(3);
        const double value = text == u"+Inf" ? qInf() : text.toDouble();
        const QString key = Exposition::key(name, *labels);
        if (e.samples.contains(key))
            return fail(QStringLiteral("a series twice"));
        e.samples.insert(key, value);
        e.labelSets.append(*labels);
        if (kind == u"histogram") {
            QMap<QString, QString> series = *labels;
            series.remove(QStringLiteral("le"));
            Histogram &h = histograms[Exposition::key(family, series)];
            if (name.endsWith(u"_bucket")) {
                if (!labels->contains(QStringLiteral("le")))
                    return fail(QStringLiteral("a bucket without le"));
                const QString le = labels->value(QStringLiteral("le"));
                const double bound = le == u"+Inf" ? qInf() : le.toDouble();
                if (!h.buckets.isEmpty() && (bound <= h.buckets.last().first || value < h.buckets.last().second))
                    return fail(QStringLiteral("buckets not in order or not cumulative"));
                h.buckets.append({bound, value});
            } else if (name.endsWith(u"_count")) {
                h.count = value;
            }
        }
    }
    for (auto it = histograms.cbegin(); it != histograms.cend(); ++it) {
        const auto &buckets = it.value().buckets;
        if (buckets.isEmpty() || !qIsInf(buckets.last().first))
            return e.error = it.key() + QStringLiteral(": the last bucket is not le=\"+Inf\""), e;
        if (buckets.last().second != it.value().count)
            return e.error = it.key() + QStringLiteral(": le=\"+Inf\" differs from _count"), e;
    }
    return e;
}

// The operator's scrape token (--metrics-token-file).
const QByteArray metricsToken = QByteArrayLiteral("6f1c0e2a9b7d4c3e8a5f2b1d0c9e8f7a6b5c4d3e2f1a0b9c");

bool writeFile(const QString &path, const QByteArray &content, QFile::Permissions permissions)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size() && file.setPermissions(permissions);
}

} // namespace

// GET /metrics (--metrics) through the real server: absent without the flag; from this host a
// well-formed Prometheus text whose numbers move by exactly what was done; behind a trusted proxy
// only with the operator's token (--metrics-token-file), never a staff token.
class TestMetrics : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void absentWithoutTheFlag();
    void wellFormedFromThisHost();
    void requestsCountByRoutePatternAndStatus();
    void labelsStayWithinKnownValues();
    void pushesAndPullsAreCounted();
    void eventStreamsAreCounted();
    void queuedMailIsCounted();
    void accessBehindATrustedProxy_data();
    void accessBehindATrustedProxy();
    void tokenFileMustBePrivateAndPlain_data();
    void tokenFileMustBePrivateAndPlain();

private:
    Exposition scrape();

    QTemporaryDir m_secrets;
    QString m_tokenFile;
    ServerProcess m_server;
    std::unique_ptr<TestClient> m_admin;
    QByteArray m_memberToken;
    QString m_orgId;
};

Exposition TestMetrics::scrape()
{
    TestClient anonymous(m_server.baseUrl());
    const TestClient::Reply reply = anonymous.get(QStringLiteral("/metrics"));
    if (reply.status != 200) {
        Exposition failed;
        failed.error =
            QStringLiteral("GET /metrics answered %1: %2").arg(reply.status).arg(QString::fromUtf8(reply.body));
        return failed;
    }
    return parse(reply.body);
}

void TestMetrics::initTestCase()
{
    // An SMTP address where nothing listens: queued mail stays queued (retried in 30 s).
    quint16 deadPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        deadPort = probe.serverPort();
    }
    QVERIFY(m_secrets.isValid());
    m_tokenFile = m_secrets.filePath(QStringLiteral("metrics-token"));
    QVERIFY(writeFile(m_tokenFile, metricsToken + "\n", QFile::ReadOwner | QFile::WriteOwner));
    if (!m_server.start({QStringLiteral("--metrics"), QStringLiteral("--metrics-token-file"), m_tokenFile,
            QStringLiteral("--trusted-proxies"), QStringLiteral("127.0.0.1"), QStringLiteral("--smtp-url"),
            QStringLiteral("smtp://127.0.0.1:%1").arg(deadPort)}))
        QFAIL(qPrintable(m_server.errorString()));
    QVERIFY(m_server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    QVERIFY(m_server.addStaff(QStringLiteral("acme"), QStringLiteral("member@acme.test"), QStringLiteral("Mia"),
        QStringLiteral("member"), QStringLiteral("member-pw")));
    m_admin = std::make_unique<TestClient>(m_server.baseUrl());
    QVERIFY(!m_admin->login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    TestClient member(m_server.baseUrl());
    m_memberToken = member.login(QStringLiteral("member@acme.test"), QStringLiteral("member-pw"));
    QVERIFY(!m_memberToken.isEmpty());
    m_orgId =
        m_admin->get(QStringLiteral("/api/v1/auth/me")).object().value(u"user").toObject().value(u"org_id").toString();
    QVERIFY(!m_orgId.isEmpty());
}

void TestMetrics::absentWithoutTheFlag()
{
    ServerProcess plain;
    if (!plain.start())
        QFAIL(qPrintable(plain.errorString()));
    TestClient client(plain.baseUrl());
    const TestClient::Reply reply = client.get(QStringLiteral("/metrics"));
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.errorCode(), QStringLiteral("not_found"));
    QCOMPARE(reply.body, client.get(QStringLiteral("/no-such-page")).body);
    QCOMPARE(client.send("POST", QStringLiteral("/metrics")).status, 404);
}

void TestMetrics::wellFormedFromThisHost()
{
    TestClient anonymous(m_server.baseUrl());
    const TestClient::Reply reply = anonymous.get(QStringLiteral("/metrics"));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Type"), QByteArray("text/plain; version=0.0.4; charset=utf-8"));
    // Scraped once more, so that the histogram of GET /metrics itself is in it.
    const Exposition e = scrape();
    QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
    const QHash<QString, QString> expected = {{"atrium_http_requests_total", "counter"},
        {"atrium_http_request_duration_seconds", "histogram"}, {"atrium_http_connections_active", "gauge"},
        {"atrium_http_connections_rejected_total", "counter"}, {"atrium_sse_streams_active", "gauge"},
        {"atrium_mail_queue_depth", "gauge"}, {"atrium_mail_failed", "gauge"},
        {"atrium_sync_push_mutations_total", "counter"}, {"atrium_sync_pull_changes_total", "counter"},
        {"atrium_build_info", "gauge"}, {"atrium_start_time_seconds", "gauge"}};
    for (auto it = expected.cbegin(); it != expected.cend(); ++it)
        QVERIFY2(e.types.value(it.key()) == it.value(), qPrintable(it.key()));
    QVERIFY(e.value(QStringLiteral("atrium_http_connections_active")) >= 1);
    QVERIFY(e.value(QStringLiteral("atrium_start_time_seconds")) > 1.7e9);
    const QMap<QString, QString> self{{"route", "/metrics"}, {"method", "GET"}};
    QVERIFY(e.value(QStringLiteral("atrium_http_request_duration_seconds_count"), self) >= 1);
    QMap<QString, QString> inf = self;
    inf.insert(QStringLiteral("le"), QStringLiteral("+Inf"));
    QCOMPARE(e.value(QStringLiteral("atrium_http_request_duration_seconds_bucket"), inf),
        e.value(QStringLiteral("atrium_http_request_duration_seconds_count"), self));
}

void TestMetrics::requestsCountByRoutePatternAndStatus()
{
    const Exposition before = scrape();
    QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
    TestClient anonymous(m_server.baseUrl());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(anonymous.get(QStringLiteral("/api/v1/health")).status, 200);
    // Two different ids, one route pattern; without a token, 401.
    QCOMPARE(anonymous.get(QStringLiteral("/api/v1/organisations/%1/storage").arg(newId())).status, 401);
    QCOMPARE(anonymous.get(QStringLiteral("/api/v1/organisations/%1/storage").arg(newId())).status, 401);
    QCOMPARE(m_admin->get(QStringLiteral("/api/v1/organisations/%1/storage").arg(m_orgId)).status, 200);
    QCOMPARE(anonymous.get(QStringLiteral("/wp-admin/secret-token-4711")).status, 404);
    QCOMPARE(anonymous.send("BREW", QStringLiteral("/coffee")).status, 404);
    QCOMPARE(anonymous.send("HEAD", QStringLiteral("/api/v1/health")).status, 200);
    const Exposition after = scrape();
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));

    const auto delta = [&](const QString &name, const QMap<QString, QString> &labels) {
        return after.value(name, labels) - before.value(name, labels);
    };
    const QString requests = QStringLiteral("atrium_http_requests_total");
    QCOMPARE(delta(requests, {{"route", "/api/v1/health"}, {"method", "GET"}, {"status", "200"}}), 3.0);
    QCOMPARE(delta(requests, {{"route", "/api/v1/health"}, {"method", "HEAD"}, {"status", "200"}}), 1.0);
    QCOMPARE(
        delta(requests, {{"route", "/api/v1/organisations/{id}/storage"}, {"method", "GET"}, {"status", "401"}}), 2.0);
    QCOMPARE(
        delta(requests, {{"route", "/api/v1/organisations/{id}/storage"}, {"method", "GET"}, {"status", "200"}}), 1.0);
    QCOMPARE(delta(requests, {{"route", "unmatched"}, {"method", "GET"}, {"status", "404"}}), 1.0);
    QCOMPARE(delta(requests, {{"route", "unmatched"}, {"method", "other"}, {"status", "404"}}), 1.0);
    QCOMPARE(delta(QStringLiteral("atrium_http_request_duration_seconds_count"),
                 {{"route", "/api/v1/health"}, {"method", "GET"}}),
        3.0);
    QCOMPARE(delta(QStringLiteral("atrium_http_request_duration_seconds_bucket"),
                 {{"route", "/api/v1/health"}, {"method", "GET"}, {"le", "+Inf"}}),
        3.0);
    QVERIFY(delta(QStringLiteral("atrium_http_request_duration_seconds_sum"),
                {{"route", "/api/v1/health"}, {"method", "GET"}})
        > 0);
}

void TestMetrics::labelsStayWithinKnownValues()
{
    TestClient anonymous(m_server.baseUrl());
    anonymous.get(QStringLiteral("/p/acme/invite/someone%40example.test"));
    anonymous.send("X-SCAN", QStringLiteral("/metrics"));
    anonymous.get(QStringLiteral("/api/v1/files/%1/content").arg(newId()));
    const Exposition e = scrape();
    QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
    const QStringList methods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"};
    static const QRegularExpression status(QStringLiteral("^([1-5][0-9][0-9]|other)$"));
    for (const QMap<QString, QString> &labels : e.labelSets) {
        if (labels.contains(QStringLiteral("route"))) {
            const QString route = labels.value(QStringLiteral("route"));
            QVERIFY2(route == u"unmatched" || route.startsWith(u'/'), qPrintable(route));
            QVERIFY2(!route.contains(u'@') && !route.contains(QStringLiteral("example")), qPrintable(route));
            // A pattern of ours: no id anyone sent.
            static const QRegularExpression uuid(QStringLiteral("[0-9a-f]{8}-[0-9a-f]{4}-"));
            QVERIFY2(!uuid.match(route).hasMatch(), qPrintable(route));
        }
        if (labels.contains(QStringLiteral("method")))
            QVERIFY2(methods.contains(labels.value(QStringLiteral("method"))), qPrintable(labels.value("method")));
        if (labels.contains(QStringLiteral("status")))
            QVERIFY2(
                status.match(labels.value(QStringLiteral("status"))).hasMatch(), qPrintable(labels.value("status")));
    }
    QVERIFY(e.has(QStringLiteral("atrium_http_requests_total"),
        {{"route", "/api/v1/files/{id}/content"}, {"method", "GET"}, {"status", "401"}}));
}

void TestMetrics::pushesAndPullsAreCounted()
{
    const Exposition before = scrape();
    QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
    const QString clientId = newId();
    const QJsonArray results = pushResults(*m_admin,
        {mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "Harbour Coffee"}}),
            mutation(QStringLiteral("project"), newId(), QStringLiteral("create"),
                {{"client_id", clientId}, {"name", "Brand refresh"}}),
            mutation(QStringLiteral("project"), newId(), QStringLiteral("create"),
                {{"client_id", clientId}, {"name", "Menu cards"}})});
    QCOMPARE(results.size(), 3);
    const Exposition pushed = scrape();
    QCOMPARE(pushed.value(QStringLiteral("atrium_sync_push_mutations_total"))
            - before.value(QStringLiteral("atrium_sync_push_mutations_total")),
        3.0);

    const TestClient::Reply page = m_admin->get(QStringLiteral("/api/v1/sync/pull?since=0&limit=2"));
    QCOMPARE(page.status, 200);
    const qsizetype changes = page.object().value(u"changes").toArray().size();
    QCOMPARE(changes, 2);
    const Exposition pulled = scrape();
    QCOMPARE(pulled.value(QStringLiteral("atrium_sync_pull_changes_total"))
            - pushed.value(QStringLiteral("atrium_sync_pull_changes_total")),
        double(changes));
}

void TestMetrics::eventStreamsAreCounted()
{
    const double before = scrape().value(QStringLiteral("atrium_sse_streams_active"));
    {
        EventStream stream(m_server.baseUrl(), m_admin->token());
        QTRY_VERIFY_WITH_TIMEOUT(stream.raw().contains("retry:"), 10000);
        QCOMPARE(scrape().value(QStringLiteral("atrium_sse_streams_active")), before + 1);
    }
    QTRY_COMPARE_WITH_TIMEOUT(scrape().value(QStringLiteral("atrium_sse_streams_active")), before, 10000);
}

void TestMetrics::queuedMailIsCounted()
{
    const double before = scrape().value(QStringLiteral("atrium_mail_queue_depth"));
    const QString clientId = newId();
    const QString contactId = newId();
    const QJsonArray results = pushResults(*m_admin,
        {mutation(QStringLiteral("client"), clientId, QStringLiteral("create"), {{"name", "Green Grocers"}}),
            mutation(QStringLiteral("contact"), contactId, QStringLiteral("create"),
                {{"client_id", clientId}, {"name", "Ivy"}, {"email", "ivy@green.test"}}),
            mutation(QStringLiteral("invite"), newId(), QStringLiteral("create"),
                {{"contact_id", contactId}, {"kind", "email"}})});
    QCOMPARE(results.size(), 3);
    QCOMPARE(results.at(2).toObject().value(u"status").toString(), QStringLiteral("applied"));
    // Nothing takes SMTP here: the invitation stays in the queue, tried again later.
    const Exposition after = scrape();
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    QCOMPARE(after.value(QStringLiteral("atrium_mail_queue_depth")), before + 1);
}

void TestMetrics::accessBehindATrustedProxy_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addRow("no credentials") << QStringLiteral("nobody") << 401 << QStringLiteral("unauthorized");
    QTest::addRow("an unknown token") << QStringLiteral("forged") << 401 << QStringLiteral("unauthorized");
    QTest::addRow("the metrics token's start") << QStringLiteral("prefix") << 401 << QStringLiteral("unauthorized");
    QTest::addRow("a member's token") << QStringLiteral("member") << 401 << QStringLiteral("unauthorized");
    QTest::addRow("a portal session") << QStringLiteral("contact") << 401 << QStringLiteral("unauthorized");
    // The numbers cover every organisation on the instance: not for one organisation's administrator.
    QTest::addRow("an admin's token") << QStringLiteral("admin") << 401 << QStringLiteral("unauthorized");
    QTest::addRow("the metrics token") << QStringLiteral("operator") << 200 << QString();
}

void TestMetrics::accessBehindATrustedProxy()
{
    QFETCH(QString, who);
    QFETCH(int, status);
    QFETCH(QString, code);
    // The proxy on 127.0.0.1 says the client is elsewhere: not this host.
    TestClient::Headers headers{{"X-Forwarded-For", "203.0.113.5"}};
    TestClient client(m_server.baseUrl());
    if (who == u"admin") {
        client.setToken(m_admin->token());
    } else if (who == u"member") {
        client.setToken(m_memberToken);
    } else if (who == u"operator") {
        client.setToken(metricsToken);
    } else if (who == u"prefix") {
        client.setToken(metricsToken.left(metricsToken.size() - 1));
    } else if (who == u"forged") {
        client.setToken(QByteArrayLiteral("not-a-real-token-000000000000000000000000"));
    } else if (who == u"contact") {
        const QString clientId = newId();
        QVERIFY(PortalFixture::openPortalProject(*m_admin, m_orgId, clientId, newId()));
        const PortalFixture::Contact contact =
            PortalFixture::signUp(m_server, *m_admin, clientId, QStringLiteral("%1@client.test").arg(newId()));
        QVERIFY(!contact.cookie.isEmpty());
        QCOMPARE(client.get(QStringLiteral("/api/v1/portal/me"), contact.headers()).status, 200);
        headers.append(contact.headers());
    }
    const TestClient::Reply reply = client.get(QStringLiteral("/metrics"), headers);
    QCOMPARE(reply.status, status);
    if (status == 200) {
        const Exposition e = parse(reply.body);
        QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
        QVERIFY(e.types.contains(QStringLiteral("atrium_http_requests_total")));
    } else {
        QCOMPARE(reply.errorCode(), code);
        QVERIFY(!reply.object().value(u"error").toObject().value(u"message").toString().isEmpty());
        QVERIFY(!reply.body.contains("atrium_"));
    }
}

void TestMetrics::tokenFileMustBePrivateAndPlain_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("withMetrics");
    QTest::addColumn<QByteArray>("mentions");
    const int ownerOnly = QFile::ReadOwner | QFile::WriteOwner;
    QTest::addRow("readable by others") << metricsToken << (ownerOnly | QFile::ReadOther) << true
                                        << QByteArray("other users");
    QTest::addRow("changeable by the group")
        << metricsToken << (ownerOnly | QFile::WriteGroup) << true << QByteArray("other users");
    QTest::addRow("too short") << QByteArray("0123456789abcdef0123456789abcde") << ownerOnly << true
                               << QByteArray("at least 32");
    QTest::addRow("not one plain token") << QByteArray("0123456789abcdef 0123456789abcdef") << ownerOnly << true
                                         << QByteArray("at least 32");
    QTest::addRow("empty") << QByteArray() << ownerOnly << true << QByteArray("at least 32");
    QTest::addRow("without --metrics") << metricsToken << ownerOnly << false << QByteArray("needs --metrics");
}

// A token file that others may read, or a token short or odd enough to be guessed or mangled on its
// way into a header, stops the server before it serves anything, saying why (never the token).
void TestMetrics::tokenFileMustBePrivateAndPlain()
{
    QFETCH(QByteArray, content);
    QFETCH(int, mode);
    QFETCH(bool, withMetrics);
    QFETCH(QByteArray, mentions);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("token"));
    QVERIFY(writeFile(file, content, QFile::Permissions(mode)));
    QStringList args{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--metrics-token-file"), file,
        QStringLiteral("migrate")};
    if (withMetrics)
        args.prepend(QStringLiteral("--metrics"));
    const ServerProcess::CliResult result = ServerProcess::runBinary(args);
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains(mentions), result.err.constData());
    if (!content.isEmpty())
        QVERIFY(!result.err.contains(content));
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
