// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/entitytablemodel.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QFont>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QThreadPool>

#include <algorithm>
#include <numeric>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "models/logging.h"

namespace {
// Beyond this many changed rows a background reload is cheaper than patching row by row.
constexpr int patchLimit = 200;
} // namespace

EntityTableModel::EntityTableModel(
    LocalCache *cache, const QString &entity, const QList<Column> &columns, QObject *parent)
    : QAbstractTableModel(parent)
    , m_cache(cache)
    , m_entity(entity)
    , m_columns(columns)
{
    updateLoadedColumns();
    if (const EntitySpec *spec = EntitySchema::find(entity)) {
        for (int i = 0; i < m_columns.size(); ++i) {
            const FieldSpec *f = spec->field(m_columns.at(i).field);
            if (f && f->type == FieldType::Date)
                m_dateColumns.insert(i);
        }
    }
    if (cache)
        connect(cache, &LocalCache::rowsChanged, this, &EntityTableModel::refreshRows);
}

void EntityTableModel::setColumnLabels(int section, const QHash<QString, QString> &labels)
{
    m_columns[section].labels = labels;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, section), index(int(m_rows.size()) - 1, section), {Qt::DisplayRole});
}

void EntityTableModel::setFilter(const QString &column, const QVariant &value)
{
    m_filterColumn = column;
    m_filterValue = value;
    // Rows loaded for the old filter may lack the new filter's field.
    if (!m_loadedColumns.contains(column)) {
        beginResetModel();
        m_rows.clear();
        m_index.clear();
        updateLoadedColumns();
        endResetModel();
    }
    reload();
}

void EntityTableModel::updateLoadedColumns()
{
    m_loadedColumns.clear();
    for (const Column &column : std::as_const(m_columns))
        m_loadedColumns.append(column.field);
    if (!m_filterColumn.isEmpty() && !m_loadedColumns.contains(m_filterColumn))
        m_loadedColumns.append(m_filterColumn);
}

void EntityTableModel::reload()
{
    if (!m_cache)
        return;
    m_loading = true;
    const quint64 generation = ++m_generation;
    const QString path = m_cache->path();
    const QString entity = m_entity;
    const QStringList columns = loadedColumns();
    const QString filterColumn = m_filterColumn;
    const QVariant filterValue = m_filterValue;
    QPointer<EntityTableModel> self(this);
    QThreadPool::globalInstance()->start([=] {
        std::expected<RecordSet, Error> set;
        {
            LocalCache reader;
            if (auto r = reader.open(path, LocalCache::OpenMode::ReadOnly); !r)
                set = std::unexpected(r.error());
            else
                set = reader.records(entity, columns, filterColumn, filterValue);
        }
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, generation, set = std::move(set)]() mutable {
                if (!self || generation != self->m_generation)
                    return;
                self->m_loading = false;
                if (!set) {
                    qCWarning(lcModels) << "Cannot load" << self->m_entity << set.error().message;
                    return;
                }
                self->swapInRows(std::move(set->rows));
                Q_EMIT self->loaded();
                if (self->m_sortColumn >= 0)
                    self->startSort();
            },
            Qt::QueuedConnection);
    });
}

void EntityTableModel::swapInRows(QList<Record> rows)
{
    if (m_rows.isEmpty()) {
        beginResetModel();
        m_rows = std::move(rows);
        ++m_rowsVersion;
        rebuildIndex();
        endResetModel();
        return;
    }
    // Rows already shown are replaced as a layout change, not a reset: a reset closes every open
    // editor and drops the selection, so a reload that lands while someone edits in place (tasks
    // arriving just after a project opened) lost the edit. Each persistent index (an editor, the
    // current item, the selection) follows its row's id; those whose row is gone become invalid.
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::NoLayoutChangeHint);
    const QModelIndexList before = persistentIndexList();
    QStringList ids;
    ids.reserve(before.size());
    for (const QModelIndex &index : before)
        ids.append(index.row() < m_rows.size() ? m_rows.at(index.row()).id : QString());
    m_rows = std::move(rows);
    ++m_rowsVersion;
    rebuildIndex();
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i) {
        const int row = m_index.value(ids.at(i), -1);
        after.append(row >= 0 ? index(row, before.at(i).column()) : QModelIndex());
    }
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::NoLayoutChangeHint);
}

void EntityTableModel::refreshRows(const QString &entity, const QStringList &ids)
{
    if (entity != m_entity || !m_cache)
        return;
    if (m_loading || ids.size() > patchLimit) {
        reload();
        return;
    }
    patch(ids);
}

void EntityTableModel::patch(const QStringList &ids)
{
    auto set = m_cache->recordsById(m_entity, loadedColumns(), ids);
    if (!set) {
        reload();
        return;
    }
    QHash<QString, Record> fresh;
    for (Record &record : set->rows) {
        const int filterAt = loadedColumns().indexOf(m_filterColumn);
        if (!m_filterColumn.isEmpty() && record.values.at(filterAt) != m_filterValue)
            continue;
        fresh.insert(record.id, record);
    }
    for (const QString &id : ids) {
        const int row = m_index.value(id, -1);
        const auto found = fresh.constFind(id);
        if (row >= 0 && found != fresh.cend()) {
            const bool resort =
                m_sortColumn >= 0 && m_rows.at(row).values.value(m_sortColumn) != found->values.value(m_sortColumn);
            m_rows[row] = *found;
            ++m_rowsVersion;
            Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
            if (resort)
                startSort();
        } else if (row >= 0) {
            // Deleted (by a tombstone or here) or moved out of the filter.
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            ++m_rowsVersion;
            rebuildIndex();
            endRemoveRows();
        } else if (found != fresh.cend()) {
            // Where it belongs in the current order (at the end when unsorted).
            const int at = sortedPosition(*found);
            beginInsertRows({}, at, at);
            m_rows.insert(at, *found);
            ++m_rowsVersion;
            if (at == m_rows.size() - 1)
                m_index.insert(id, at);
            else
                rebuildIndex();
            endInsertRows();
        }
    }
}

void EntityTableModel::rebuildIndex()
{
    m_index.clear();
    m_index.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_index.insert(m_rows.at(i).id, i);
}

namespace {

// Text sorts case-insensitively, numbers as numbers, empty values last.
struct SortKey
{
    QString text;
    qint64 number = 0;
    bool isNumber = false;
    bool empty = true;
};

SortKey sortKey(const QVariant &value)
{
    SortKey key;
    key.empty = value.isNull() || (value.typeId() == QMetaType::QString && value.toString().isEmpty());
    key.isNumber = value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Int;
    if (key.isNumber)
        key.number = value.toLongLong();
    else
        key.text = value.toString();
    return key;
}

bool keyLess(const SortKey &a, const SortKey &b)
{
    if (a.empty != b.empty)
        return b.empty;
    if (a.isNumber && b.isNumber)
        return a.number < b.number;
    return QString::compare(a.text, b.text, Qt::CaseInsensitive) < 0;
}

} // namespace

bool EntityTableModel::rowLess(const Record &a, const Record &b) const
{
    const SortKey ka = sortKey(a.values.value(m_sortColumn));
    const SortKey kb = sortKey(b.values.value(m_sortColumn));
    return m_sortOrder == Qt::AscendingOrder ? keyLess(ka, kb) : keyLess(kb, ka);
}

int EntityTableModel::sortedPosition(const Record &record) const
{
    if (m_sortColumn < 0)
        return int(m_rows.size());
    const auto it = std::upper_bound(m_rows.cbegin(), m_rows.cend(), record, [this](const Record &a, const Record &b) {
        return rowLess(a, b);
    });
    return int(it - m_rows.cbegin());
}

void EntityTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= m_columns.size())
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    startSort();
}

void EntityTableModel::startSort()
{
    // Everything is done on a worker thread over a copy of the rows (implicitly shared, so the
    // copy is free and later edits here detach from it): the keys, the order, the reordered rows
    // and their index. The GUI thread only swaps the result in.
    const QList<Record> rows = m_rows;
    const quint64 version = m_rowsVersion;
    const Qt::SortOrder order = m_sortOrder;
    const int column = m_sortColumn;
    QPointer<EntityTableModel> self(this);
    QThreadPool::globalInstance()->start([self, rows, version, order, column] {
        SortResult result;
        QList<SortKey> keys;
        keys.reserve(rows.size());
        for (const Record &record : rows)
            keys.append(sortKey(record.values.value(column)));
        QList<int> permutation(rows.size());
        std::iota(permutation.begin(), permutation.end(), 0);
        std::stable_sort(permutation.begin(), permutation.end(), [&keys, order](int a, int b) {
            return order == Qt::AscendingOrder ? keyLess(keys.at(a), keys.at(b)) : keyLess(keys.at(b), keys.at(a));
        });
        result.rows.reserve(rows.size());
        result.newRowOf.resize(rows.size());
        result.index.reserve(rows.size());
        for (int i = 0; i < permutation.size(); ++i) {
            result.newRowOf[permutation.at(i)] = i;
            result.rows.append(rows.at(permutation.at(i)));
            result.index.insert(result.rows.last().id, i);
        }
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, version, result = std::move(result)]() mutable {
                if (!self)
                    return;
                if (version != self->m_rowsVersion) {
                    self->startSort(); // the rows changed meanwhile
                    return;
                }
                self->applyOrder(std::move(result));
            },
            Qt::QueuedConnection);
    });
}

void EntityTableModel::applyOrder(SortResult result)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    m_rows = std::move(result.rows);
    m_index = std::move(result.index);
    ++m_rowsVersion;
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex &index : before)
        after.append(this->index(result.newRowOf.value(index.row()), index.column()));
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    Q_EMIT sorted();
}

int EntityTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EntityTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant EntityTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Record &record = m_rows.at(index.row());
    const QVariant raw = record.values.value(index.column());
    const QString field = m_columns.at(index.column()).field;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole: {
        if (m_columns.at(index.column()).json) {
            const QJsonArray wrapped = QJsonDocument::fromJson('[' + raw.toString().toUtf8() + ']').array();
            const QJsonValue v = wrapped.isEmpty() ? QJsonValue() : wrapped.first();
            if (v.isString())
                return v.toString();
            if (v.isNull() || v.isUndefined())
                return QString();
            return v.toVariant();
        }
        const auto &labels = m_columns.at(index.column()).labels;
        if (!labels.isEmpty())
            return labels.value(raw.toString(), raw.toString());
        // Times, dates and sizes as people read them in their locale, never as stored.
        if (field.endsWith(u"_at") && !raw.toString().isEmpty()) {
            const auto time = TimeUtil::fromWire(raw.toString());
            return time ? QLocale().toString(time->toLocalTime(), QLocale::ShortFormat) : raw;
        }
        if (m_dateColumns.contains(index.column()) && !raw.toString().isEmpty()) {
            const QDate date = QDate::fromString(raw.toString(), Qt::ISODate);
            return date.isValid() ? QLocale().toString(date, QLocale::ShortFormat) : raw;
        }
        if (field == u"size" && m_entity == u"file")
            return QLocale().formattedDataSize(raw.toLongLong());
        return raw;
    }
    case Qt::EditRole:
    case SortValueRole:
        return raw;
    case ItemIdRole:
        return record.id;
    case PendingRole:
        return record.pending;
    case FieldRole:
        return field;
    case Qt::ToolTipRole:
        return record.pending ? tr("Waiting to sync") : QVariant();
    case Qt::FontRole:
        if (record.pending && index.column() == 0) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

QVariant EntityTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_columns.size())
        return m_columns.at(section).title;
    return QAbstractTableModel::headerData(section, orientation, role);
}

Qt::ItemFlags EntityTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && m_columns.at(index.column()).editable)
        f |= Qt::ItemIsEditable;
    return f;
}

bool EntityTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || role != Qt::EditRole
        || !m_columns.at(index.column()).editable)
        return false;
    if (value == m_rows.at(index.row()).values.value(index.column()))
        return false;
    Q_EMIT editRequested(m_rows.at(index.row()).id, m_columns.at(index.column()).field, value);
    return true;
}

QString EntityTableModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString();
}

int EntityTableModel::rowOf(const QString &id) const
{
    return m_index.value(id, -1);
}

int EntityTableModel::columnOf(const QString &field) const
{
    for (int i = 0; i < m_columns.size(); ++i) {
        if (m_columns.at(i).field == field)
            return i;
    }
    return -1;
}

QVariant EntityTableModel::value(int row, const QString &field) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    const int at = loadedColumns().indexOf(field);
    return at >= 0 ? m_rows.at(row).values.value(at) : QVariant();
}
