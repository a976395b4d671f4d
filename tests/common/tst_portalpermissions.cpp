// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCryptographicHash>
#include <QTest>

#include <memory>

#include "common/portalpermissions.h"
#include "server/api/portalauthcontroller.h"
#include "tests/support/portalfixture.h"
#include "tests/support/serverprocess.h"
#include "tests/support/syncfixture.h"
#include "tests/support/testclient.h"

using namespace SyncFixture;
using PortalFixture::signUp;

namespace {

const QList<PortalAction> allActions = {PortalAction::View, PortalAction::Download, PortalAction::Edit,
    PortalAction::Comment, PortalAction::Upload, PortalAction::Approve};

// The product's promise, written as a table rather than as code: which actions each kind of item
// allows once the gates (signed in, same organisation, both portals on, the project's client) pass.
QSet<PortalAction> expectedWhenOpen(const QString &kind, const QString &state, bool uploads)
{
    if (kind == u"project")
        return uploads ? QSet<PortalAction>{PortalAction::View, PortalAction::Upload}
                       : QSet<PortalAction>{PortalAction::View};
    if (kind == u"task") {
        if (state == u"read_only")
            return {PortalAction::View};
        if (state == u"editable")
            return {PortalAction::View, PortalAction::Edit, PortalAction::Comment};
        return {};
    }
    if (kind == u"file") {
        if (state == u"read_only")
            return {PortalAction::View, PortalAction::Download};
        if (state == u"editable")
            return {PortalAction::View, PortalAction::Download, PortalAction::Edit, PortalAction::Comment};
        return {};
    }
    // signoff
    if (state == u"sent")
        return {PortalAction::View, PortalAction::Download, PortalAction::Approve};
    if (state == u"approved" || state == u"rejected")
        return {PortalAction::View, PortalAction::Download};
    return {};
}

} // namespace

// The one permission function, walked over the whole matrix, and the portal API checked against
// it through the real server: organisation portal × project portal × who asks × item state ×
// action.
class TestPortalPermissions : public QObject
{
    Q_OBJECT

private slots:
    void everyCellOfTheMatrix();
    void approversAnswerOncePerRound();
    void aPersonalLinkOpensItsSignoffOnly();
    void apiAgreesWithTheFunction();
    void downloadsFollowTheFunction();
};

void TestPortalPermissions::everyCellOfTheMatrix()
{
    auto actor = [](const char *contact, const char *org, const char *client, const char *state = "active",
                     bool contactDeleted = false, bool clientDeleted = false) {
        PortalActor a;
        a.contactId = QString::fromLatin1(contact);
        a.orgId = QString::fromLatin1(org);
        a.clientId = QString::fromLatin1(client);
        a.portalState = QString::fromLatin1(state);
        a.contactDeleted = contactDeleted;
        a.clientDeleted = clientDeleted;
        return a;
    };
    const PortalActor own = actor("c1", "org", "clientA");
    const PortalActor otherClient = actor("c2", "org", "clientB");
    const PortalActor otherOrg = actor("c3", "org2", "clientA");
    const PortalActor revoked = actor("c4", "org", "clientA", "revoked");
    const PortalActor invited = actor("c5", "org", "clientA", "invited");
    const PortalActor deletedContact = actor("c6", "org", "clientA", "active", true);
    const PortalActor deletedClient = actor("c7", "org", "clientA", "active", false, true);
    struct Who
    {
        const char *name;
        const PortalActor *actor;
        bool sees;
    };
    // A contact that is not active, is deleted, or whose client is deleted allows nothing, like the
    // signed out (and authenticate() refuses its session).
    const Who whos[] = {{"own client's contact", &own, true}, {"another client's contact", &otherClient, false},
        {"another organisation's contact", &otherOrg, false}, {"a revoked contact", &revoked, false},
        {"an invited contact", &invited, false}, {"a deleted contact", &deletedContact, false},
        {"a contact of a deleted client", &deletedClient, false}, {"signed out", nullptr, false}};
    const QList<QPair<QString, QStringList>> kinds = {
        {QStringLiteral("project"), {QString()}},
        {QStringLiteral("task"), {QStringLiteral("private"), QStringLiteral("read_only"), QStringLiteral("editable")}},
        {QStringLiteral("file"), {QStringLiteral("private"), QStringLiteral("read_only"), QStringLiteral("editable")}},
        {QStringLiteral("signoff"),
            {QStringLiteral("draft"), QStringLiteral("sent"), QStringLiteral("approved"), QStringLiteral("rejected"),
                QStringLiteral("withdrawn")}},
    };
    int cells = 0;
    for (bool orgOn : {false, true}) {
        for (bool projectOn : {false, true}) {
            for (bool uploads : {false, true}) {
                for (bool deleted : {false, true}) {
                    for (const Who &who : whos) {
                        for (const auto &[kind, states] : kinds) {
                            for (const QString &state : states) {
                                PortalItem item;
                                item.kind = kind;
                                item.orgId = QStringLiteral("org");
                                item.orgPortalEnabled = orgOn;
                                item.clientId = QStringLiteral("clientA");
                                item.projectPortalEnabled = projectOn;
                                item.projectUploadsEnabled = uploads;
                                item.deleted = deleted;
                                item.visibility = state;
                                item.signoffStatus = state;
                                const bool open = orgOn && projectOn && who.sees && !deleted;
                                const QSet<PortalAction> expected =
                                    open ? expectedWhenOpen(kind, state, uploads) : QSet<PortalAction>{};
                                for (PortalAction action : allActions) {
                                    ++cells;
                                    const bool got = PortalPermissions::allowed(who.actor, item, action);
                                    if (got != expected.contains(action))
                                        QFAIL(qPrintable(QStringLiteral("org portal %1, project portal %2, uploads %3, "
                                                                        "deleted %4, %5, %6 %7, action %8: got %9")
                                                             .arg(orgOn)
                                                             .arg(projectOn)
                                                             .arg(uploads)
                                                             .arg(deleted)
                                                             .arg(QString::fromLatin1(who.name), kind, state)
                                                             .arg(int(action))
                                                             .arg(got)));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    QCOMPARE(cells, 2 * 2 * 2 * 2 * 8 * 12 * 6);
}

// A sent sign-off with required approvers: every contact of the client sees it, only the
// approvers answer, each once per round; without approvers (sent before there were any) anyone
// of the client may.
void TestPortalPermissions::approversAnswerOncePerRound()
{
    auto contact = [](const char *id) {
        PortalActor a;
        a.contactId = QString::fromLatin1(id);
        a.orgId = QStringLiteral("org");
        a.clientId = QStringLiteral("clientA");
        a.portalState = QStringLiteral("active");
        return a;
    };
    const PortalActor ivy = contact("ivy"), noah = contact("noah"), max = contact("max");
    PortalItem item;
    item.kind = QStringLiteral("signoff");
    item.id = QStringLiteral("s1");
    item.orgId = QStringLiteral("org");
    item.orgPortalEnabled = item.projectPortalEnabled = true;
    item.clientId = QStringLiteral("clientA");
    item.signoffStatus = QStringLiteral("sent");
    item.signoffApprovers = {QStringLiteral("ivy"), QStringLiteral("noah")};
    namespace P = PortalPermissions;
    for (const PortalActor *who : {&ivy, &noah, &max}) {
        QVERIFY(P::allowed(who, item, PortalAction::View));
        QVERIFY(P::allowed(who, item, PortalAction::Download));
    }
    QVERIFY(P::allowed(&ivy, item, PortalAction::Approve));
    QVERIFY(P::allowed(&noah, item, PortalAction::Approve));
    QVERIFY(!P::allowed(&max, item, PortalAction::Approve));
    item.signoffAnswered = {QStringLiteral("ivy")};
    QVERIFY(!P::allowed(&ivy, item, PortalAction::Approve));
    QVERIFY(P::allowed(&noah, item, PortalAction::Approve));
    // Decided: nobody answers any more, everybody still sees it.
    for (const char *status : {"approved", "rejected"}) {
        item.signoffStatus = QString::fromLatin1(status);
        QVERIFY(!P::allowed(&noah, item, PortalAction::Approve));
        QVERIFY(P::allowed(&max, item, PortalAction::View));
    }
    // A new round: answers start afresh.
    item.signoffStatus = QStringLiteral("sent");
    item.signoffAnswered.clear();
    QVERIFY(P::allowed(&ivy, item, PortalAction::Approve));
    item.signoffApprovers.clear();
    QVERIFY(P::allowed(&max, item, PortalAction::Approve));
}

// The classic link: its own sign-off only, whatever the portal switches and whether or not the
// contact has an account; never for a revoked or deleted contact, another client or organisation.
void TestPortalPermissions::aPersonalLinkOpensItsSignoffOnly()
{
    PortalActor link;
    link.contactId = QStringLiteral("noah");
    link.orgId = QStringLiteral("org");
    link.clientId = QStringLiteral("clientA");
    link.portalState = QStringLiteral("invited"); // no portal account
    link.linkSignoffId = QStringLiteral("s1");
    auto item = [](const char *kind, const char *id, const char *state) {
        PortalItem i;
        i.kind = QString::fromLatin1(kind);
        i.id = QString::fromLatin1(id);
        i.orgId = QStringLiteral("org");
        i.clientId = QStringLiteral("clientA");
        i.visibility = i.signoffStatus = QString::fromLatin1(state);
        i.signoffApprovers = {QStringLiteral("noah")};
        return i;
    };
    namespace P = PortalPermissions;
    const PortalItem own = item("signoff", "s1", "sent");
    for (PortalAction action : {PortalAction::View, PortalAction::Download, PortalAction::Approve})
        QVERIFY(P::allowed(&link, own, action));
    QVERIFY(!P::allowed(&link, own, PortalAction::Comment));
    QVERIFY(!P::allowed(&link, own, PortalAction::Edit));
    // Nothing else of the same client, shared or not.
    for (const PortalItem &other : {item("signoff", "s2", "sent"), item("task", "t1", "editable"),
             item("file", "f1", "read_only"), item("project", "p1", ""), item("signoff", "", "sent")}) {
        for (PortalAction action : allActions)
            QVERIFY2(!P::allowed(&link, other, action), qPrintable(other.kind + u' ' + other.id));
    }
    // Not before it is sent, nor after it is withdrawn, nor once deleted.
    for (const char *status : {"draft", "withdrawn"})
        QVERIFY(!P::allowed(&link, item("signoff", "s1", status), PortalAction::View));
    PortalItem deleted = own;
    deleted.deleted = true;
    QVERIFY(!P::allowed(&link, deleted, PortalAction::View));
    // Another client's or organisation's sign-off of the same id (ids are only ever compared
    // together with the organisation and client).
    PortalItem elsewhere = own;
    elsewhere.clientId = QStringLiteral("clientB");
    QVERIFY(!P::allowed(&link, elsewhere, PortalAction::View));
    elsewhere = own;
    elsewhere.orgId = QStringLiteral("org2");
    QVERIFY(!P::allowed(&link, elsewhere, PortalAction::View));
    // A contact whose access was taken away, or who was deleted (or their client).
    for (int i = 0; i < 3; ++i) {
        PortalActor gone = link;
        if (i == 0)
            gone.portalState = QStringLiteral("revoked");
        else if (i == 1)
            gone.contactDeleted = true;
        else
            gone.clientDeleted = true;
        QVERIFY2(!P::allowed(&gone, own, PortalAction::View), qPrintable(QString::number(i)));
    }
    // Someone the link was not for may look but not answer.
    PortalItem notAsked = own;
    notAsked.signoffApprovers = {QStringLiteral("ivy")};
    QVERIFY(P::allowed(&link, notAsked, PortalAction::View));
    QVERIFY(!P::allowed(&link, notAsked, PortalAction::Approve));
}

void TestPortalPermissions::apiAgreesWithTheFunction()
{
    ServerProcess server;
    if (!server.start())
        QFAIL(qPrintable(server.errorString()));
    QVERIFY(server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    TestClient admin(server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    const QString orgId = pullAll(admin).first().toObject().value(u"id").toString();

    const QString clientA = newId();
    const QString clientB = newId();
    const QString project = newId();
    QMap<QString, QString> taskIds; // visibility → id
    QJsonArray setup{mutation(QStringLiteral("client"), clientA, QStringLiteral("create"), {{"name", "A"}}),
        mutation(QStringLiteral("client"), clientB, QStringLiteral("create"), {{"name", "B"}}),
        mutation(
            QStringLiteral("project"), project, QStringLiteral("create"), {{"client_id", clientA}, {"name", "P"}})};
    for (const QString &visibility :
        {QStringLiteral("private"), QStringLiteral("read_only"), QStringLiteral("editable")}) {
        taskIds.insert(visibility, newId());
        setup.append(mutation(QStringLiteral("task"), taskIds.value(visibility), QStringLiteral("create"),
            {{"project_id", project}, {"title", visibility}, {"visibility", visibility}}));
    }
    const QString draft = newId();
    const QString sent = newId();
    setup.append(mutation(
        QStringLiteral("signoff"), draft, QStringLiteral("create"), {{"project_id", project}, {"title", "Draft"}}));
    setup.append(mutation(
        QStringLiteral("signoff"), sent, QStringLiteral("create"), {{"project_id", project}, {"title", "Sent"}}));
    for (const QJsonValue &r : pushResults(admin, setup))
        QCOMPARE(r.toObject().value(u"status").toString(), QStringLiteral("applied"));

    // Contacts: one of client A, one of client B, one of A whose access is then revoked. The
    // sign-off is sent once client A has a contact to approve it.
    const PortalFixture::Contact ownContact = signUp(server, admin, clientA, QStringLiteral("own@a.test"));
    for (const QJsonValue &r : pushResults(admin,
             {mutation(QStringLiteral("signoff"), sent, QStringLiteral("update"), {{"status", "sent"}},
                 {{"status", "draft"}})}))
        QCOMPARE(r.toObject().value(u"status").toString(), QStringLiteral("applied"));
    const PortalFixture::Contact otherContact = signUp(server, admin, clientB, QStringLiteral("other@b.test"));
    const QByteArray own = ownContact.cookie;
    const QByteArray other = otherContact.cookie;
    const PortalFixture::Contact gone = signUp(server, admin, clientA, QStringLiteral("gone@a.test"));
    QCOMPARE(pushResults(admin,
                 {mutation(QStringLiteral("contact"), gone.id, QStringLiteral("update"), {{"portal_state", "revoked"}},
                     {{"portal_state", "active"}})})
                 .first()
                 .toObject()
                 .value(u"status")
                 .toString(),
        QStringLiteral("applied"));
    const QByteArray revoked = gone.cookie;

    TestClient anon(server.baseUrl());
    bool orgPortal = false;
    bool projectPortal = false;
    for (int state = 0; state < 4; ++state) {
        const bool wantOrg = state & 1;
        const bool wantProject = state & 2;
        QJsonArray flips;
        if (wantOrg != orgPortal)
            flips.append(mutation(QStringLiteral("organisation"), orgId, QStringLiteral("update"),
                {{"portal_enabled", wantOrg}}, {{"portal_enabled", orgPortal}}));
        if (wantProject != projectPortal)
            flips.append(mutation(QStringLiteral("project"), project, QStringLiteral("update"),
                {{"portal_enabled", wantProject}}, {{"portal_enabled", projectPortal}}));
        for (const QJsonValue &r : pushResults(admin, flips))
            QCOMPARE(r.toObject().value(u"status").toString(), QStringLiteral("applied"));
        orgPortal = wantOrg;
        projectPortal = wantProject;
        const bool open = orgPortal && projectPortal;

        for (const auto &[who, cookie, contactId] :
            std::initializer_list<std::tuple<const char *, QByteArray, QString>>{{"own", own, ownContact.id},
                {"other", other, otherContact.id}, {"revoked", revoked, gone.id},
                {"signed out", QByteArray(), QString()}}) {
            const QString where = QStringLiteral("org portal %1, project portal %2, %3")
                                      .arg(orgPortal)
                                      .arg(projectPortal)
                                      .arg(QString::fromLatin1(who));
            TestClient::Headers headers;
            if (!cookie.isEmpty())
                headers.append({"Cookie", cookie});
            const auto list = anon.get(QStringLiteral("/api/v1/portal/projects"), headers);
            const auto detail = anon.get(QStringLiteral("/api/v1/portal/projects/") + project, headers);
            // "View portal as this contact" on the desktop shows exactly what the portal shows it.
            if (!contactId.isEmpty()) {
                const auto view = admin.get(QStringLiteral("/api/v1/contacts/%1/portal-view").arg(contactId));
                QVERIFY2(view.status == 200, qPrintable(where));
                const QJsonArray seen = view.object().value(u"projects").toArray();
                if (detail.status == 200) {
                    QVERIFY2(seen.size() == 1, qPrintable(where));
                    QVERIFY2(seen.first().toObject() == detail.object(), qPrintable(where));
                } else {
                    QVERIFY2(seen.isEmpty(), qPrintable(where));
                }
            }
            const bool signedIn = QByteArray(who) == "own" || QByteArray(who) == "other";
            if (!signedIn) {
                QVERIFY2(list.status == 401 && detail.status == 401, qPrintable(where));
                continue;
            }
            const bool sees = open && QByteArray(who) == "own";
            QVERIFY2(list.status == 200, qPrintable(where));
            QVERIFY2(list.object().value(u"projects").toArray().size() == (sees ? 1 : 0), qPrintable(where));
            if (!sees) {
                // Hidden and missing look the same.
                QVERIFY2(detail.status == 404, qPrintable(where));
                QCOMPARE(anon.get(QStringLiteral("/api/v1/portal/projects/") + newId(), headers).body, detail.body);
                continue;
            }
            QVERIFY2(detail.status == 200, qPrintable(where));
            const QJsonObject body = detail.object();
            QStringList titles;
            for (const QJsonValue &t : body.value(u"tasks").toArray()) {
                const QJsonObject task = t.toObject();
                titles.append(task.value(u"title").toString());
                const bool editable = task.value(u"title").toString() == u"editable";
                QCOMPARE(task.value(u"can").toObject().value(u"edit").toBool(), editable);
                QCOMPARE(task.value(u"can").toObject().value(u"comment").toBool(), editable);
            }
            titles.sort();
            QCOMPARE(titles, (QStringList{QStringLiteral("editable"), QStringLiteral("read_only")}));
            // Nothing private anywhere in the response.
            QVERIFY(!detail.body.contains(taskIds.value(QStringLiteral("private")).toLatin1()));
            QVERIFY(!detail.body.contains("\"private\""));
            const QJsonArray signoffs = body.value(u"signoffs").toArray();
            QCOMPARE(signoffs.size(), 1);
            QCOMPARE(signoffs.first().toObject().value(u"id").toString(), sent);
            QCOMPARE(signoffs.first().toObject().value(u"can").toObject().value(u"approve").toBool(), true);
            QCOMPARE(body.value(u"project").toObject().value(u"can").toObject().value(u"upload").toBool(), false);
        }
    }
    // Looking is recorded, as who looked and as whom.
    int looks = 0;
    for (const QJsonValue &c : pullAll(admin)) {
        const QJsonObject data = c.toObject().value(u"data").toObject();
        if (data.value(u"action").toString() == u"contact.viewed_as"
            && data.value(u"entity_id").toString() == ownContact.id)
            ++looks;
    }
    QCOMPARE(looks, 4);
}

void TestPortalPermissions::downloadsFollowTheFunction()
{
    ServerProcess server;
    if (!server.start())
        QFAIL(qPrintable(server.errorString()));
    QVERIFY(server.createOrg(
        QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")));
    TestClient admin(server.baseUrl());
    QVERIFY(!admin.login(QStringLiteral("admin@acme.test"), QStringLiteral("admin-pw")).isEmpty());
    const QString orgId = pullAll(admin).first().toObject().value(u"id").toString();
    const QString clientA = newId();
    const QString clientB = newId();
    const QString project = newId();
    for (const QJsonValue &r : pushResults(admin,
             {mutation(QStringLiteral("client"), clientA, QStringLiteral("create"), {{"name", "A"}}),
                 mutation(QStringLiteral("client"), clientB, QStringLiteral("create"), {{"name", "B"}}),
                 mutation(QStringLiteral("project"), project, QStringLiteral("create"),
                     {{"client_id", clientA}, {"name", "P"}, {"portal_enabled", true}}),
                 mutation(QStringLiteral("organisation"), orgId, QStringLiteral("update"), {{"portal_enabled", true}},
                     {{"portal_enabled", false}})}))
        QCOMPARE(r.toObject().value(u"status").toString(), QStringLiteral("applied"));

    auto upload = [&](const QString &name, const QByteArray &content, const QString &mime, const QString &visibility) {
        return PortalFixture::uploadAsStaff(admin, project, name, content, mime, visibility);
    };
    const QByteArray html = "<html><script>alert('x')</script></html>";
    const QString shared =
        upload(QStringLiteral("x.html"), html, QStringLiteral("text/html"), QStringLiteral("read_only"));
    const QString secret =
        upload(QStringLiteral("secret.txt"), "private notes", QStringLiteral("text/plain"), QStringLiteral("private"));
    QVERIFY(!shared.isEmpty() && !secret.isEmpty());

    const QByteArray own = signUp(server, admin, clientA, QStringLiteral("own@a.test")).cookie;
    const QByteArray other = signUp(server, admin, clientB, QStringLiteral("other@b.test")).cookie;
    TestClient anon(server.baseUrl());
    const auto got = anon.get(QStringLiteral("/api/v1/portal/files/%1/content").arg(shared), {{"Cookie", own}});
    QCOMPARE(got.status, 200);
    QCOMPARE(got.body, html);
    // Never rendered: an attachment with its recorded type, and no sniffing.
    QVERIFY(got.header("Content-Disposition").startsWith("attachment;"));
    QCOMPARE(got.header("Content-Type"), QByteArray("text/html"));
    QCOMPARE(got.header("X-Content-Type-Options"), QByteArray("nosniff"));
    const auto missing = anon.get(QStringLiteral("/api/v1/portal/files/%1/content").arg(newId()), {{"Cookie", own}});
    QCOMPARE(missing.status, 404);
    const auto hidden = anon.get(QStringLiteral("/api/v1/portal/files/%1/content").arg(secret), {{"Cookie", own}});
    QCOMPARE(hidden.status, 404);
    QCOMPARE(hidden.body, missing.body);
    QCOMPARE(anon.get(QStringLiteral("/api/v1/portal/files/%1/content").arg(shared), {{"Cookie", other}}).status, 404);
    QCOMPARE(anon.get(QStringLiteral("/api/v1/portal/files/%1/content").arg(shared)).status, 401);
    // The project lists the shared file only.
    const auto detail = anon.get(QStringLiteral("/api/v1/portal/projects/") + project, {{"Cookie", own}});
    QCOMPARE(detail.object().value(u"files").toArray().size(), 1);
    QVERIFY(!detail.body.contains("secret.txt"));
}

QTEST_GUILESS_MAIN(TestPortalPermissions)
#include "tst_portalpermissions.moc"
