// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

// An entry of the activity log in words, in the reader's language: "Ana Alves changed the status
// of “Homepage” to Done", never field names. Worded from the entry's action and its details (the
// item's name and the new values, sent by the server for this); an entry from before the server
// sent details falls back to the server's own summary.
class ActivityText
{
    Q_DECLARE_TR_FUNCTIONS(ActivityText)
public:
    struct Entry
    {
        QString actorName; // empty: "Someone" (or the system)
        QString actorKind; // staff, contact, system
        QString action; // "task.updated", "comment.created", …
        QString entity;
        QJsonObject details;
        QString summary;
        QString commentTarget; // for a comment: the title of the task or file it is on (if known)
    };

    static QString sentence(const Entry &entry);
    // "task" → "task", "signoff" → "sign-off": the entity as a noun, translated.
    static QString noun(const QString &entity);
    // A stored value as people read it ("in_progress" → "In progress").
    static QString valueText(const QString &entity, const QString &field, const QJsonValue &value);
};
