// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/searchdialog.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QThreadPool>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "models/activitytext.h"

SearchDialog::SearchDialog(const QString &cachePath, QWidget *parent)
    : QDialog(parent)
    , m_cachePath(cachePath)
    , m_box(new QLineEdit(this))
    , m_results(new QTreeWidget(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("searchDialog"));
    setWindowTitle(tr("Find"));
    m_box->setObjectName(QStringLiteral("searchBox"));
    m_box->setAccessibleName(tr("Search"));
    m_box->setPlaceholderText(tr("Search clients, contacts, projects, tasks, files and comments"));
    m_box->setClearButtonEnabled(true);
    m_results->setObjectName(QStringLiteral("searchResults"));
    m_results->setAccessibleName(tr("Search results"));
    m_results->setHeaderLabels({tr("Found"), tr("Where it matched")});
    m_results->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_results->setUniformRowHeights(true);
    m_status->setObjectName(QStringLiteral("searchStatus"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_box);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_status);
    resize(720, 480);

    // As typed, but not for every key of a fast typist.
    m_typing.setSingleShot(true);
    m_typing.setInterval(60);
    connect(&m_typing, &QTimer::timeout, this, &SearchDialog::search);
    connect(m_box, &QLineEdit::textChanged, &m_typing, qOverload<>(&QTimer::start));
    connect(m_box, &QLineEdit::returnPressed, this, &SearchDialog::openCurrent);
    connect(m_results, &QTreeWidget::itemActivated, this, &SearchDialog::openCurrent);
    // Up and Down in the box move through the results.
    m_box->installEventFilter(this);
}

bool SearchDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_box && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_Up) {
            QTreeWidgetItem *current = m_results->currentItem();
            QTreeWidgetItem *next = current
                ? (key == Qt::Key_Down ? m_results->itemBelow(current) : m_results->itemAbove(current))
                : m_results->topLevelItem(0);
            while (next && next->data(0, Qt::UserRole).toString().isEmpty())
                next = key == Qt::Key_Down ? m_results->itemBelow(next) : m_results->itemAbove(next);
            if (next)
                m_results->setCurrentItem(next);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void SearchDialog::search()
{
    const QString text = m_box->text().trimmed();
    const quint64 generation = ++m_generation;
    const QString path = m_cachePath;
    QPointer<SearchDialog> self(this);
    QThreadPool::globalInstance()->start([=] {
        std::expected<QList<LocalCache::SearchHit>, Error> hits = QList<LocalCache::SearchHit>();
        if (!text.isEmpty()) {
            LocalCache reader;
            if (auto r = reader.open(path, LocalCache::OpenMode::ReadOnly); !r)
                hits = std::unexpected(r.error());
            else
                hits = reader.search(text);
        }
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, generation, text, hits = std::move(hits)] {
                if (!self || generation != self->m_generation)
                    return;
                self->showHits(text, hits.value_or(QList<LocalCache::SearchHit>()));
                if (!hits)
                    self->m_status->setText(tr("Search failed: %1").arg(hits.error().message));
            },
            Qt::QueuedConnection);
    });
}

QString SearchDialog::heading(const QString &kind)
{
    if (kind == u"client")
        return tr("Clients");
    if (kind == u"contact")
        return tr("Contacts");
    if (kind == u"project")
        return tr("Projects");
    if (kind == u"task")
        return tr("Tasks");
    if (kind == u"file")
        return tr("Files");
    if (kind == u"signoff")
        return tr("Sign-offs");
    return tr("Comments");
}

void SearchDialog::showHits(const QString &text, const QList<LocalCache::SearchHit> &hits)
{
    m_hits = hits;
    m_results->clear();
    // Grouped by kind, in a fixed order people scan.
    const QStringList order = {QStringLiteral("client"), QStringLiteral("contact"), QStringLiteral("project"),
        QStringLiteral("task"), QStringLiteral("file"), QStringLiteral("signoff"), QStringLiteral("comment")};
    QTreeWidgetItem *first = nullptr;
    for (const QString &kind : order) {
        QTreeWidgetItem *group = nullptr;
        for (const LocalCache::SearchHit &hit : hits) {
            if (hit.entity != kind)
                continue;
            if (!group) {
                group = new QTreeWidgetItem(m_results, {heading(kind)});
                QFont bold = group->font(0);
                bold.setBold(true);
                group->setFont(0, bold);
                group->setFlags(Qt::ItemIsEnabled);
                group->setExpanded(true);
            }
            const QString title = hit.title.isEmpty() ? ActivityText::noun(kind) : hit.title;
            auto *item = new QTreeWidgetItem(group, {title, hit.snippet.simplified()});
            item->setData(0, Qt::UserRole, hit.entity);
            item->setData(0, Qt::UserRole + 1, hit.id);
            item->setData(0, Qt::UserRole + 2, hit.projectId);
            if (!first)
                first = item;
        }
    }
    m_results->expandAll();
    if (first)
        m_results->setCurrentItem(first);
    m_status->setText(text.isEmpty() ? QString()
            : hits.isEmpty()         ? tr("Nothing found for \u201C%1\u201D.").arg(text)
                                     : tr("%n result(s)", nullptr, int(hits.size())));
    Q_EMIT answered(text);
}

void SearchDialog::openCurrent()
{
    QTreeWidgetItem *item = m_results->currentItem();
    if (!item || item->data(0, Qt::UserRole).toString().isEmpty())
        return;
    Q_EMIT openRequested(item->data(0, Qt::UserRole).toString(), item->data(0, Qt::UserRole + 1).toString(),
        item->data(0, Qt::UserRole + 2).toString());
}
