// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class LocalCache;
class QLabel;
class QTreeWidget;

// View → Deleted Items: what was deleted (by anyone), newest first, each restorable with what went
// with it (a project's tasks and files), for as long as the server keeps deletions (90 days unless
// its operator chose otherwise). Restoring is an edit like any other: offline too, and the server
// refuses it while the item it belongs to is still deleted (restore the project before its task).
class DeletedItemsDialog : public QDialog
{
    Q_OBJECT
public:
    DeletedItemsDialog(LocalCache *cache, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }

public Q_SLOTS:
    void refresh();
    void restoreSelected();

private:
    LocalCache *m_cache;
    QTreeWidget *m_list;
    QLabel *m_message;
};
