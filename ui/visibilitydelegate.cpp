// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/visibilitydelegate.h"

#include <QComboBox>

#include "ui/statuscolors.h"

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

QHash<QString, QString> VisibilityDelegate::labels()
{
    QHash<QString, QString> all;
    for (const QString &value : {QStringLiteral("private"), QStringLiteral("read_only"), QStringLiteral("editable")})
        all.insert(value, label(value));
    return all;
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
    using StatusColors::Tone;
    const Tone tone = visibility == u"read_only" ? Tone::Shared
        : visibility == u"editable"              ? Tone::Editable
                                                 : Tone::Muted;
    if (const QColor background = StatusColors::background(tone, option->palette); background.isValid())
        option->backgroundBrush = background;
    option->palette.setColor(QPalette::Text, StatusColors::foreground(tone, option->palette));
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
