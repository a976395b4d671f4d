// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

// Edits a column with a fixed set of values (a task's or project's status) with a combo box that
// shows the column's labels and stores the raw value.
class ChoiceDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    // (raw value, label) in the order offered.
    ChoiceDelegate(const QList<QPair<QString, QString>> &choices, QObject *parent = nullptr);

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

private:
    QList<QPair<QString, QString>> m_choices;
};
