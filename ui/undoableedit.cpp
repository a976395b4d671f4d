// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/undoableedit.h"

#include <algorithm>

#include "models/activitytext.h"

UndoableEdit::UndoableEdit(
    LocalCache *cache, const QList<LocalEdit> &edits, const QList<LocalEdit> &inverse, ErrorHandler error)
    : m_cache(cache)
    , m_edits(edits)
    , m_inverse(inverse)
    , m_error(std::move(error))
{
    setText(describe(edits));
}

void UndoableEdit::undo()
{
    run(m_inverse);
}

void UndoableEdit::redo()
{
    if (m_applied) {
        m_applied = false; // pushing the command must not apply the edit twice
        return;
    }
    // Again: a created item comes back by restoring it (it is a deleted row by now).
    QList<LocalEdit> again = m_edits;
    for (LocalEdit &edit : again) {
        if (edit.op == LocalEdit::Op::Create)
            edit = {LocalEdit::Op::Restore, edit.entity, edit.id, {}};
    }
    run(again);
}

void UndoableEdit::run(const QList<LocalEdit> &edits)
{
    if (!m_cache)
        return;
    if (auto r = m_cache->applyEdits(edits); !r && m_error)
        m_error(r.error().message);
}

QList<LocalEdit> UndoableEdit::inverseOf(const LocalCache &cache, const QList<LocalEdit> &edits)
{
    QList<LocalEdit> inverse;
    for (const LocalEdit &edit : edits) {
        switch (edit.op) {
        case LocalEdit::Op::Create:
            inverse.append({LocalEdit::Op::Delete, edit.entity, edit.id, {}});
            break;
        case LocalEdit::Op::Delete:
            inverse.append({LocalEdit::Op::Restore, edit.entity, edit.id, {}});
            break;
        case LocalEdit::Op::Restore:
            inverse.append({LocalEdit::Op::Delete, edit.entity, edit.id, {}});
            break;
        case LocalEdit::Op::Update: {
            const auto row = cache.row(edit.entity, edit.id);
            if (!row)
                return {};
            QJsonObject before;
            for (auto it = edit.fields.begin(); it != edit.fields.end(); ++it) {
                if (row->value(it.key()) != it.value())
                    before.insert(it.key(), row->value(it.key()));
            }
            if (!before.isEmpty())
                inverse.append({LocalEdit::Op::Update, edit.entity, edit.id, before});
            break;
        }
        }
    }
    // Taken back in the opposite order (a task restored before its comments would be…).
    std::reverse(inverse.begin(), inverse.end());
    return inverse;
}

QString UndoableEdit::describe(const QList<LocalEdit> &edits)
{
    if (edits.isEmpty())
        return {};
    const LocalEdit &first = edits.first();
    const QString what =
        edits.size() == 1 ? ActivityText::noun(first.entity) : tr("%n item(s)", nullptr, int(edits.size()));
    switch (first.op) {
    case LocalEdit::Op::Create:
        return tr("New %1").arg(what);
    case LocalEdit::Op::Delete:
        return tr("Delete %1").arg(what);
    case LocalEdit::Op::Restore:
        return tr("Restore %1").arg(what);
    case LocalEdit::Op::Update:
        if (first.fields.contains(u"visibility"))
            return tr("Client Visibility");
        return tr("Change %1").arg(what);
    }
    return {};
}
