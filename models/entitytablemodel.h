// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QVariant>

#include "sync/localcache.h"

// A table of the live rows of one entity in the local cache (optionally those whose `filterColumn`
// equals a value, e.g. the tasks of one project). Owned by the window that shows it.
//
// Loading runs on a worker thread with its own cache connection, so 100,000 rows never block the
// GUI; small changes (an edit, a pull page of a few rows) are patched in place, larger ones reload
// in the background and swap in as one layout change (open editors and the selection stay).
class EntityTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    struct Column
    {
        QString field; // a column of the entity
        QString title; // header, already translated
        QHash<QString, QString> labels = {}; // stored value → text shown (translated), e.g. "todo" → "To do"
        bool json = false; // the stored value is JSON text: show a string or number as itself
        bool editable = false; // edited in place; the edit is handed on by editRequested()
    };
    enum Role {
        SortValueRole = Qt::UserRole + 1, // the raw stored value, for proxies
        ItemIdRole,
        PendingRole,
        FieldRole, // the field name of the column (for delegates)
    };

    EntityTableModel(LocalCache *cache, const QString &entity, const QList<Column> &columns, QObject *parent = nullptr);

    QString entity() const { return m_entity; }
    void setFilter(const QString &column, const QVariant &value);
    // Loads (again) in the background; `loaded` fires when the rows are in.
    void reload();
    bool isLoading() const { return m_loading; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Does not change the row: asks (editRequested) for the edit to be made in the cache, which
    // then reports the changed row back like any other change.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    const Column &column(int section) const { return m_columns.at(section); }
    // New labels for a column's stored values (e.g. names for ids as people are renamed).
    void setColumnLabels(int section, const QHash<QString, QString> &labels);

    // Sorts on a worker thread and applies the new order in one layout change, so sorting 100,000
    // rows never blocks the GUI; later loads and inserted rows keep the order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }

    QString idAt(int row) const;
    int rowOf(const QString &id) const;
    QVariant value(int row, const QString &field) const;
    int columnOf(const QString &field) const;
    const Record &record(int row) const { return m_rows.at(row); }

public Q_SLOTS:
    // Rows of `entity` changed in the cache (an edit here or a pull).
    void refreshRows(const QString &entity, const QStringList &ids);

Q_SIGNALS:
    void loaded();
    void editRequested(const QString &id, const QString &field, const QVariant &value);
    void sorted();

private:
    // A reload's rows replace the ones shown (see the .cpp for why not as a reset).
    void swapInRows(QList<Record> rows);
    const QStringList &loadedColumns() const { return m_loadedColumns; }
    void updateLoadedColumns();
    void patch(const QStringList &ids);
    void startSort();
    struct SortResult
    {
        QList<Record> rows; // in the new order
        QHash<QString, int> index;
        QList<int> newRowOf; // old row → new row
    };
    void applyOrder(SortResult result);
    bool rowLess(const Record &a, const Record &b) const;
    int sortedPosition(const Record &record) const;
    void rebuildIndex();

    QPointer<LocalCache> m_cache;
    QString m_entity;
    QList<Column> m_columns;
    QSet<int> m_dateColumns; // columns of date fields (shown in the user's locale)
    QStringList m_loadedColumns; // what each Record carries: the columns, then the filter field
    QString m_filterColumn;
    QVariant m_filterValue;
    QList<Record> m_rows;
    QHash<QString, int> m_index; // id → row
    bool m_loading = false;
    quint64 m_generation = 0; // drops the results of superseded loads
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    quint64 m_rowsVersion = 0; // changes whenever m_rows does: a sort of older rows is redone
};
