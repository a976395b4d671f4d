// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/choicedelegate.h"

#include <QComboBox>

ChoiceDelegate::ChoiceDelegate(const QList<QPair<QString, QString>> &choices, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_choices(choices)
{
}

QWidget *ChoiceDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const
{
    auto *combo = new QComboBox(parent);
    for (const auto &[value, label] : m_choices)
        combo->addItem(label, value);
    return combo;
}

void ChoiceDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *combo = static_cast<QComboBox *>(editor);
    combo->setCurrentIndex(qMax(0, combo->findData(index.data(Qt::EditRole).toString())));
}

void ChoiceDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    model->setData(index, static_cast<QComboBox *>(editor)->currentData(), Qt::EditRole);
}
