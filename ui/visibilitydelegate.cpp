// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/visibilitydelegate.h"

#include <QComboBox>

VisibilityDelegate::VisibilityDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString VisibilityDelegate::label(const QString &visibility)
{
    if (visibility == u"read_only")
        return tr("Read-only");
    if (visibility == u"editable")
        return tr("Editable");
    return tr("Private");
}

QString VisibilityDelegate::marker(const QString &visibility)
{
    if (visibility == u"read_only")
        return QStringLiteral("\u25C9"); // fisheye: clients see it
    if (visibility == u"editable")
        return QStringLiteral("\u270E"); // pencil: clients can change it
    return QStringLiteral("\u25CB"); // empty circle: staff only
}

void VisibilityDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QString visibility = index.data(Qt::EditRole).toString();
    option->text = marker(visibility) + u' ' + label(visibility);
    option->features |= QStyleOptionViewItem::HasDisplay;
    if (visibility == u"read_only") {
        option->backgroundBrush = QColor(0xdb, 0xea, 0xfe);
        option->palette.setColor(QPalette::Text, QColor(0x1e, 0x3a, 0x8a));
    } else if (visibility == u"editable") {
        option->backgroundBrush = QColor(0xff, 0xed, 0xd5);
        option->palette.setColor(QPalette::Text, QColor(0x7c, 0x2d, 0x12));
    } else {
        option->palette.setColor(QPalette::Text, QColor(0x4b, 0x55, 0x63));
    }
}

QWidget *VisibilityDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const
{
    auto *combo = new QComboBox(parent);
    for (const QString &value : {QStringLiteral("private"), QStringLiteral("read_only"), QStringLiteral("editable")})
        combo->addItem(marker(value) + u' ' + label(value), value);
    return combo;
}

void VisibilityDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *combo = static_cast<QComboBox *>(editor);
    combo->setCurrentIndex(qMax(0, combo->findData(index.data(Qt::EditRole).toString())));
}

void VisibilityDelegate::setModelData(QWidget *editor, QAbstractItemModel *, const QModelIndex &index) const
{
    auto *combo = static_cast<QComboBox *>(editor);
    const QString value = combo->currentData().toString();
    if (value != index.data(Qt::EditRole).toString())
        Q_EMIT visibilityRequested(index, value);
}
