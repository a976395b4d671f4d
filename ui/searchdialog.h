// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QTimer>

#include "sync/localcache.h"

class QLabel;
class QLineEdit;
class QTreeWidget;

// Edit → Find (Ctrl+K or Ctrl+F): one box across clients, contacts, projects, tasks, files,
// sign-offs and comments, answered from the local cache's full-text index as the user types
// (offline too), results grouped by kind. Each query runs on a worker thread with its own cache
// connection, so typing never waits for the disk; an answer to an older query is dropped. Enter
// (or a double click) opens the item.
class SearchDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SearchDialog(const QString &cachePath, QWidget *parent = nullptr);

    QLineEdit *box() const { return m_box; }
    QTreeWidget *results() const { return m_results; }
    // Hits of the last answered query (for tests): entity, id.
    QList<LocalCache::SearchHit> hits() const { return m_hits; }

public Q_SLOTS:
    void search();

Q_SIGNALS:
    void openRequested(const QString &entity, const QString &id, const QString &projectId);
    // The answer to a query arrived (after the results were shown).
    void answered(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showHits(const QString &text, const QList<LocalCache::SearchHit> &hits);
    void openCurrent();
    static QString heading(const QString &kind);

    QString m_cachePath;
    QLineEdit *m_box;
    QTreeWidget *m_results;
    QLabel *m_status;
    QTimer m_typing;
    quint64 m_generation = 0;
    QList<LocalCache::SearchHit> m_hits;
};
