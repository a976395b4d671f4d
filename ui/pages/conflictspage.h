// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pages/page.h"

class EntityTableModel;

// The Conflicts tab: the user's edits that lost to someone else's, each kept until the user keeps
// theirs or uses their own value.
class ConflictsPage : public Page
{
    Q_OBJECT
public:
    // The conflicts model's columns, in order.
    enum ConflictColumn {
        ConflictItem,
        ConflictField,
        ConflictYourValue,
        ConflictTheirValue,
        ConflictReason,
        ConflictItemId,
        ConflictColumnCount
    };

    explicit ConflictsPage(LocalCache *cache, QWidget *parent = nullptr);

    EntityTableModel *model() const { return m_conflicts; }
    void reload();

public Q_SLOTS:
    void keepTheirs();
    void useMine();

private:
    void resolve(bool useMine);

    EntityTableModel *m_conflicts;
    QTableView *m_conflictsView = nullptr;
};
