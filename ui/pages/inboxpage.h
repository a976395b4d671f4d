// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pages/page.h"

class InboxModel;
class QLabel;

// The Inbox tab: what clients did in the user's projects (comments, uploads, status changes,
// sign-off answers, accepted invitations), newest first, unread in bold. Opening an item (Enter or
// a double click) marks it read and shows the item it is about; Mark Read and Mark All Read work
// offline like every edit.
class InboxPage : public Page
{
    Q_OBJECT
public:
    explicit InboxPage(LocalCache *cache, QWidget *parent = nullptr);

    InboxModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

public Q_SLOTS:
    void markSelectedRead();
    void markAllRead();

Q_SIGNALS:
    // Show the item an inbox entry is about (entity and id as the activity log names them).
    void openRequested(const QString &entity, const QString &id, const QString &projectId);

private:
    InboxModel *m_model;
    QTableView *m_view = nullptr;
    QLabel *m_empty = nullptr;
};
