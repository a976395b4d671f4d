// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QStyledItemDelegate>

// Shows a task's or file's client visibility with an unmistakable marker (a coloured label:
// Private grey, Read-only blue, Editable orange) and edits it with a combo box. The edit itself
// is handed to `visibilityRequested`, so the window can confirm a widening first.
class VisibilityDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit VisibilityDelegate(QObject *parent = nullptr);

    static QString label(const QString &visibility);
    // Every stored value with its label ("read_only" → "Read-only"), for models and screen readers.
    static QHash<QString, QString> labels();
    static QString marker(const QString &visibility); // a short symbol before the label

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

Q_SIGNALS:
    void visibilityRequested(const QModelIndex &index, const QString &visibility) const;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
