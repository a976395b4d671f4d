// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/conflictspage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "models/entitytablemodel.h"

ConflictsPage::ConflictsPage(LocalCache *cache, QWidget *parent)
    : Page(cache, parent)
{
    using C = EntityTableModel::Column;
    const QHash<QString, QString> reasons = {{QStringLiteral("concurrent_edit"), tr("Changed by someone else")},
        {QStringLiteral("deleted"), tr("Deleted by someone else")},
        {QStringLiteral("visibility"), tr("Visibility changed by someone else")}};
    m_conflicts = new EntityTableModel(cache, QStringLiteral("conflict"),
        {C{QStringLiteral("entity"), tr("Item")}, C{QStringLiteral("field"), tr("Field")},
            C{QStringLiteral("rejected_value"), tr("Your value"), {}, true},
            C{QStringLiteral("server_value"), tr("Their value"), {}, true},
            C{QStringLiteral("reason"), tr("Why"), reasons}, C{QStringLiteral("entity_id"), tr("Id")}},
        this);
    Q_ASSERT(m_conflicts->columnCount() == ConflictColumnCount);

    m_conflictsView = makeView(QStringLiteral("conflictsView"), tr("Conflicts"), m_conflicts);
    auto *explain = new QLabel(tr("Someone changed these items while you did. Their value is on the server now; "
                                  "choose whether to keep it or to use yours."),
        this);
    explain->setWordWrap(true);
    m_conflictsView->hideColumn(ConflictItemId);
    auto *detail = new QLabel(this);
    detail->setObjectName(QStringLiteral("conflictDetail"));
    detail->setWordWrap(true);
    connect(m_conflictsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this, detail] {
        const auto conflict = this->cache()->row(QStringLiteral("conflict"), currentId(m_conflictsView));
        if (!conflict) {
            detail->clear();
            return;
        }
        const auto item =
            this->cache()->row(conflict->value(u"entity").toString(), conflict->value(u"entity_id").toString());
        const QString name = item ? item->value(u"title").toString() + item->value(u"name").toString() : QString();
        detail->setText(tr("%1 \u201c%2\u201d, field \u201c%3\u201d")
                            .arg(conflict->value(u"entity").toString(), name, conflict->value(u"field").toString()));
    });
    auto *theirs = button(tr("Keep Theirs"), QStringLiteral("keepTheirsButton"), this);
    auto *mine = button(tr("Use Mine"), QStringLiteral("useMineButton"), this);
    connect(theirs, &QPushButton::clicked, this, &ConflictsPage::keepTheirs);
    connect(mine, &QPushButton::clicked, this, &ConflictsPage::useMine);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(theirs);
    buttons->addWidget(mine);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explain);
    layout->addWidget(m_conflictsView);
    layout->addWidget(detail);
    layout->addLayout(buttons);

    m_conflicts->setFilter(QStringLiteral("resolved"), 0);
}

void ConflictsPage::reload()
{
    m_conflicts->reload();
}

void ConflictsPage::resolve(bool useMine)
{
    const QString id = currentId(m_conflictsView);
    const auto conflict = cache()->row(QStringLiteral("conflict"), id);
    if (!conflict)
        return;
    QList<LocalEdit> edits;
    const QString entity = conflict->value(u"entity").toString();
    const QString field = conflict->value(u"field").toString();
    const QString entityId = conflict->value(u"entity_id").toString();
    if (useMine) {
        const auto current = cache()->row(entity, entityId);
        if (!current || current->value(u"deleted").toBool()) {
            showError(tr("The item was deleted, so your value cannot be applied to it."));
            return;
        }
        edits.append(
            {LocalEdit::Op::Update, entity, entityId, QJsonObject{{field, conflict->value(u"rejected_value")}}});
    }
    edits.append({LocalEdit::Op::Update, QStringLiteral("conflict"), id, {{"resolved", true}}});
    if (apply(edits))
        m_conflicts->reload();
}

void ConflictsPage::keepTheirs()
{
    resolve(false);
}

void ConflictsPage::useMine()
{
    resolve(true);
}
