// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/activitytext.h"

#include <QStringList>

namespace {
QString quoted(const QString &text)
{
    //: A name quoted in a sentence, with the language's own quotation marks.
    return ActivityText::tr("\u201C%1\u201D").arg(text);
}
} // namespace

QString ActivityText::noun(const QString &entity)
{
    if (entity == u"task")
        return tr("task");
    if (entity == u"file")
        return tr("file");
    if (entity == u"project")
        return tr("project");
    if (entity == u"client")
        return tr("client");
    if (entity == u"contact")
        return tr("contact");
    if (entity == u"signoff")
        return tr("sign-off");
    if (entity == u"comment")
        return tr("comment");
    if (entity == u"invite")
        return tr("invitation");
    if (entity == u"staff_user")
        return tr("staff member");
    if (entity == u"organisation")
        return tr("organisation");
    return entity;
}

QString ActivityText::valueText(const QString &entity, const QString &field, const QJsonValue &value)
{
    const QString v = value.isString() ? value.toString() : value.toVariant().toString();
    if (field == u"status") {
        static const QHash<QString, const char *> labels = {{QStringLiteral("todo"), QT_TR_NOOP("To do")},
            {QStringLiteral("in_progress"), QT_TR_NOOP("In progress")}, {QStringLiteral("done"), QT_TR_NOOP("Done")},
            {QStringLiteral("active"), QT_TR_NOOP("Active")}, {QStringLiteral("on_hold"), QT_TR_NOOP("On hold")},
            {QStringLiteral("completed"), QT_TR_NOOP("Completed")}, {QStringLiteral("draft"), QT_TR_NOOP("Draft")},
            {QStringLiteral("sent"), QT_TR_NOOP("Sent")}, {QStringLiteral("approved"), QT_TR_NOOP("Approved")},
            {QStringLiteral("rejected"), QT_TR_NOOP("Rejected")},
            {QStringLiteral("withdrawn"), QT_TR_NOOP("Withdrawn")}};
        Q_UNUSED(entity)
        if (const char *label = labels.value(v))
            return tr(label);
    }
    if (field == u"visibility") {
        if (v == u"read_only")
            return tr("Read-only");
        if (v == u"editable")
            return tr("Editable");
        return tr("Private");
    }
    if (field == u"role")
        return v == u"admin" ? tr("Administrator") : tr("Member");
    return v;
}

QString ActivityText::sentence(const Entry &e)
{
    const QString who = !e.actorName.isEmpty() ? e.actorName : e.actorKind == u"system" ? tr("Atrium") : tr("Someone");
    const QString label = e.details.value(u"label").toString();
    const QString verb = e.action.section(u'.', 1);
    if (e.details.isEmpty() && e.action != u"contact.signed_up")
        return e.summary.isEmpty() ? tr("%1: %2").arg(who, e.action) : e.summary;

    if (e.action == u"comment.created") {
        const QString on = !e.commentTarget.isEmpty() ? e.commentTarget : label;
        const QString excerpt = e.details.value(u"excerpt").toString().simplified().left(160);
        return on.isEmpty() ? tr("%1 commented: %2").arg(who, excerpt)
                            : tr("%1 commented on %2: %3").arg(who, quoted(on), excerpt);
    }
    if (e.action == u"file.uploaded")
        return tr("%1 uploaded %2").arg(who, quoted(label));
    if (e.action == u"file.replaced")
        return tr("%1 uploaded a new version of %2").arg(who, quoted(label));
    if (e.action == u"signoff.approved")
        return tr("%1 approved %2").arg(who, quoted(label));
    if (e.action == u"signoff.rejected")
        return tr("%1 rejected %2: %3").arg(who, quoted(label), e.details.value(u"comment").toString().left(160));
    if (e.action == u"contact.signed_up")
        return tr("%1 accepted the invitation to the portal").arg(who);
    if (e.action == u"contact.viewed_as")
        return tr("%1 viewed the portal as %2").arg(who, label);
    if (verb == u"created")
        return tr("%1 created the %2 %3").arg(who, noun(e.entity), quoted(label));
    if (verb == u"deleted")
        return tr("%1 deleted the %2 %3").arg(who, noun(e.entity), quoted(label));
    if (verb == u"restored")
        return tr("%1 restored the %2 %3").arg(who, noun(e.entity), quoted(label));
    if (verb == u"updated") {
        const QJsonObject changes = e.details.value(u"changes").toObject();
        QStringList parts;
        for (auto it = changes.begin(); it != changes.end(); ++it) {
            const QString field = it.key();
            const QString value = valueText(e.entity, field, it.value());
            if (field == u"status" && e.entity == u"signoff" && it.value().toString() == u"sent")
                parts.append(tr("%1 sent the sign-off %2 to the client").arg(who, quoted(label)));
            else if (field == u"status" && e.entity == u"signoff" && it.value().toString() == u"withdrawn")
                parts.append(tr("%1 withdrew the sign-off %2").arg(who, quoted(label)));
            else if (field == u"status")
                parts.append(tr("%1 changed the status of %2 to %3").arg(who, quoted(label), value));
            else if (field == u"visibility" && it.value().toString() == u"private")
                parts.append(tr("%1 made %2 private").arg(who, quoted(label)));
            else if (field == u"visibility")
                parts.append(tr("%1 shared %2 with the client (%3)").arg(who, quoted(label), value.toLower()));
            else if (field == u"portal_enabled")
                parts.append(it.value().toBool()
                        ? tr("%1 switched the Client Portal of %2 on").arg(who, quoted(label))
                        : tr("%1 switched the Client Portal of %2 off").arg(who, quoted(label)));
            else if (field == u"client_uploads_enabled")
                parts.append(it.value().toBool() ? tr("%1 let clients upload into %2").arg(who, quoted(label))
                                                 : tr("%1 stopped client uploads into %2").arg(who, quoted(label)));
            else if (field == u"role")
                parts.append(
                    tr("%1 made %2 %3")
                        .arg(who, label, it.value().toString() == u"admin" ? tr("an administrator") : tr("a member")));
            else if (field == u"portal_state" && it.value().toString() == u"revoked")
                parts.append(tr("%1 revoked the portal access of %2").arg(who, label));
            else if (field == u"email")
                parts.append(tr("%1 changed the e-mail address of %2").arg(who, label));
            else if (field == u"client_id")
                parts.append(tr("%1 moved %2 to another client").arg(who, label));
            else
                parts.append(tr("%1 changed %2").arg(who, quoted(label)));
        }
        if (!parts.isEmpty())
            return parts.join(QStringLiteral("; "));
        return tr("%1 changed the %2 %3").arg(who, noun(e.entity), quoted(label));
    }
    return e.summary;
}
