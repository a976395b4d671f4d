// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QPointer>
#include <QUndoCommand>

#include <functional>

#include "sync/localcache.h"

// One of the user's edits on the undo stack (QUndoStack, Ctrl+Z / Ctrl+Shift+Z): the edits as made
// and the edits that take them back, both ordinary local edits through the cache and its outbox. So
// undoing something that already reached the server sends the inverse edit, which the server checks
// for conflicts like any other (if a colleague changed the field since, the undo becomes a
// conflict rather than overwriting them). A created item is taken back by deleting it and comes
// back by restoring it; a deleted one by restoring it.
class UndoableEdit : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(UndoableEdit)
public:
    using ErrorHandler = std::function<void(const QString &)>;

    // `edits` were applied just now; `inverse` takes them back.
    UndoableEdit(LocalCache *cache, const QList<LocalEdit> &edits, const QList<LocalEdit> &inverse, ErrorHandler error);

    void undo() override;
    void redo() override;

    // The edits that take `edits` back, from the cache's rows before they are applied; empty when
    // there is nothing to take back (or it cannot be taken back).
    static QList<LocalEdit> inverseOf(const LocalCache &cache, const QList<LocalEdit> &edits);
    // "Change Task", "Delete 3 Files", … (for Edit → Undo …).
    static QString describe(const QList<LocalEdit> &edits);

private:
    void run(const QList<LocalEdit> &edits);

    QPointer<LocalCache> m_cache;
    QList<LocalEdit> m_edits;
    QList<LocalEdit> m_inverse;
    ErrorHandler m_error;
    bool m_applied = true; // the first redo() is the edit the user already made
};
