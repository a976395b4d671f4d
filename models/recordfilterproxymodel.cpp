// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/recordfilterproxymodel.h"

#include "models/entitytablemodel.h"

RecordFilterProxyModel::RecordFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortRole(EntityTableModel::SortValueRole);
}

void RecordFilterProxyModel::setSourceModel(QAbstractItemModel *model)
{
    m_source = qobject_cast<EntityTableModel *>(model);
    QSortFilterProxyModel::setSourceModel(model);
}

void RecordFilterProxyModel::setSearchFields(const QStringList &fields)
{
    m_searchFields = fields;
}

void RecordFilterProxyModel::setSearchText(const QString &text)
{
    if (m_search == text.trimmed())
        return;
    m_search = text.trimmed();
    invalidateRowsFilter();
}

void RecordFilterProxyModel::setFieldFilter(const QString &field, const QVariant &value)
{
    if (value.isNull() || (value.typeId() == QMetaType::QString && value.toString().isEmpty()))
        m_fieldFilters.remove(field);
    else
        m_fieldFilters.insert(field, value);
    invalidateRowsFilter();
}

void RecordFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    if (m_source) {
        m_source->sort(column, order);
        return;
    }
    QSortFilterProxyModel::sort(column, order);
}

bool RecordFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_source)
        return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
    for (auto it = m_fieldFilters.cbegin(); it != m_fieldFilters.cend(); ++it) {
        if (m_source->value(sourceRow, it.key()).toString() != it.value().toString())
            return false;
    }
    if (m_search.isEmpty())
        return true;
    for (const QString &field : m_searchFields) {
        if (m_source->value(sourceRow, field).toString().contains(m_search, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool RecordFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_source)
        return QSortFilterProxyModel::lessThan(left, right);
    const QVariant &a = m_source->record(left.row()).values.at(left.column());
    const QVariant &b = m_source->record(right.row()).values.at(right.column());
    if (a.typeId() == QMetaType::LongLong || a.typeId() == QMetaType::Int)
        return a.toLongLong() < b.toLongLong();
    return QString::compare(a.toString(), b.toString(), Qt::CaseInsensitive) < 0;
}
