// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include "sync/localcache.h"

class EntityTableModel;
class QUndoStack;
class FieldsDialog;
class QAbstractItemModel;
class QPushButton;
class QTableView;

// What every page of the main window (and every panel of a page) has in common: the local cache
// it shows and edits, and the few ways it talks to the user. Every edit goes through the cache (and
// its outbox) and shows at once.
class Page : public QWidget
{
    Q_OBJECT
public:
    explicit Page(LocalCache *cache, QWidget *parent = nullptr);

    // Where the user's edits go to be undone (Ctrl+Z) and redone (Ctrl+Shift+Z); the main window
    // gives every page the same one. Without one, edits are not undoable.
    void setUndoStack(QUndoStack *stack) { m_undo = stack; }

protected:
    LocalCache *cache() const { return m_cache; }
    // Applies the edits to the cache; a refusal is shown to the user and gives false.
    bool apply(const QList<LocalEdit> &edits);
    // The dialog's `fields` whose values differ from the row's, as one update ("" clears a date or
    // a reference); true when nothing changed or the change was applied.
    bool applyChanges(const QString &entity, const QString &id, const FieldsDialog *dialog, const QStringList &fields);
    void showError(const QString &message);
    // Deletes the items after a confirmation that names them and what goes with them (a project's
    // tasks and files…), and says where to restore them. Offline too, like every edit.
    void requestDelete(const QString &entity, const QStringList &ids);
    // The Delete key on `view` asks to delete its selected rows of `entity`.
    void deleteOnKey(QTableView *view, const QString &entity);
    // A table view of one model, with the house settings (rows selected whole, fixed row heights).
    // `accessibleName` is what a screen reader calls it ("Tasks").
    QTableView *makeView(const QString &name, const QString &accessibleName, QAbstractItemModel *model);
    // A form that deletes itself when closed; opened with open().
    FieldsDialog *fieldsDialog(const QString &title, const QString &name);
    static QPushButton *button(const QString &text, const QString &name, QWidget *parent);
    // The id of the view's current row, and of its selected rows ("" / empty when none).
    static QString currentId(const QTableView *view);
    static QStringList selectedIds(const QTableView *view);
    // Makes the row of `id` current and selected in `view` (a view of `model`, directly or through
    // a proxy), now or as soon as a load brings it: models load in the background.
    void selectWhenLoaded(QTableView *view, EntityTableModel *model, const QString &id);

private:
    LocalCache *m_cache;
    QUndoStack *m_undo = nullptr;
    QHash<QTableView *, QString> m_pendingSelection; // view → id to select once loaded
};
