// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QIdentityProxyModel>
#include <QPointer>

class EntityTableModel;
class LocalCache;

// The activity log as people read it: over an EntityTableModel of "activity" that loads the
// fields named below, the Who column shows the person's name and the What column a sentence
// (ActivityText). Names are looked up in the cache once and forgotten when people are renamed.
class ActivityProxyModel : public QIdentityProxyModel
{
    Q_OBJECT
public:
    // The source's columns this proxy reads (the source must load them, e.g. as hidden columns).
    static QStringList neededFields();

    ActivityProxyModel(LocalCache *cache, int whoColumn, int whatColumn, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QString personName(const QString &kind, const QString &id) const;
    QString commentTarget(const QString &commentId) const;

    QPointer<LocalCache> m_cache;
    int m_whoColumn;
    int m_whatColumn;
    mutable QHash<QString, QString> m_names; // "kind/id" → name
};
