// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/signoffspanel.h"

#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

#include "common/entityschema.h"
#include "common/timeutil.h"
#include "models/entitytablemodel.h"
#include "ui/fieldsdialog.h"

SignoffsPanel::SignoffsPanel(LocalCache *cache, std::function<QStringList()> chosenFiles, QWidget *parent)
    : Page(cache, parent)
    , m_chosenFiles(std::move(chosenFiles))
{
    using C = EntityTableModel::Column;
    const QHash<QString, QString> signoffStatus = {{QStringLiteral("draft"), tr("Draft")},
        {QStringLiteral("sent"), tr("Sent — waiting for the client")}, {QStringLiteral("approved"), tr("Approved")},
        {QStringLiteral("rejected"), tr("Rejected")}, {QStringLiteral("withdrawn"), tr("Withdrawn")}};
    m_signoffs = new EntityTableModel(cache, QStringLiteral("signoff"),
        {C{QStringLiteral("title"), tr("Sign-Off")}, C{QStringLiteral("status"), tr("Status"), signoffStatus},
            C{QStringLiteral("sent_at"), tr("Sent")}, C{QStringLiteral("responded_at"), tr("Answered")},
            C{QStringLiteral("response_comment"), tr("Client's comment")}},
        this);
    Q_ASSERT(m_signoffs->columnCount() == SignoffColumnCount);
    m_signoffsView = makeView(QStringLiteral("signoffsView"), tr("Sign-offs"), m_signoffs);
    deleteOnKey(m_signoffsView, QStringLiteral("signoff"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_signoffsView, 2);
    m_trail = new QListWidget(this);
    m_trail->setObjectName(QStringLiteral("signoffTrail"));
    layout->addWidget(new QLabel(tr("Audit trail of the chosen sign-off:"), this));
    layout->addWidget(m_trail, 1);
    connect(
        m_signoffsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SignoffsPanel::refreshTrail);
    connect(cache, &LocalCache::rowsChanged, this, [this](const QString &entity) {
        if (entity == u"activity" || entity == u"signoff")
            refreshTrail();
    });
    auto *buttons = new QHBoxLayout;
    auto *newSignOffButton = button(tr("New Sign-Off…"), QStringLiteral("newSignOffButton"), this);
    auto *sendButton = button(tr("Send to Client"), QStringLiteral("sendSignOffButton"), this);
    auto *withdrawButton = button(tr("Withdraw"), QStringLiteral("withdrawSignOffButton"), this);
    connect(newSignOffButton, &QPushButton::clicked, this, &SignoffsPanel::newSignOff);
    connect(sendButton, &QPushButton::clicked, this, &SignoffsPanel::sendSignOff);
    connect(withdrawButton, &QPushButton::clicked, this, &SignoffsPanel::withdrawSignOff);
    buttons->addWidget(newSignOffButton);
    buttons->addWidget(sendButton);
    buttons->addWidget(withdrawButton);
    buttons->addStretch();
    layout->addLayout(buttons);

    setProject(QString());
}

void SignoffsPanel::selectSignoff(const QString &id)
{
    selectWhenLoaded(m_signoffsView, m_signoffs, id);
}

void SignoffsPanel::setProject(const QString &projectId)
{
    m_projectId = projectId;
    m_signoffs->setFilter(QStringLiteral("project_id"), projectId);
}

void SignoffsPanel::newSignOff()
{
    const QString projectId = m_projectId;
    if (projectId.isEmpty()) {
        showError(tr("Choose a project first."));
        return;
    }
    auto *dialog = fieldsDialog(tr("New Sign-Off"), QStringLiteral("newSignOffDialog"));
    dialog->addLine(QStringLiteral("title"), tr("&Title:"), true);
    dialog->addText(QStringLiteral("description"), tr("&What to approve:"));
    // Attach the files chosen on the Files tab.
    const QStringList fileIds = m_chosenFiles();
    auto *files = new QLabel(fileIds.isEmpty() ? tr("No files attached (select them on the Files tab first).")
                                               : tr("%n file(s) attached.", nullptr, int(fileIds.size())),
        dialog);
    files->setWordWrap(true);
    dialog->addWidget(files);
    connect(dialog, &QDialog::accepted, this, [this, dialog, projectId, fileIds] {
        apply({{LocalEdit::Op::Create, QStringLiteral("signoff"), EntitySchema::newUuid(),
            {{"project_id", projectId}, {"title", dialog->value(QStringLiteral("title"))},
                {"description", dialog->value(QStringLiteral("description"))},
                {"file_ids", QJsonArray::fromStringList(fileIds)}}}});
    });
    dialog->open();
}

void SignoffsPanel::sendSignOff()
{
    const QString id = currentId(m_signoffsView);
    if (!id.isEmpty())
        apply({{LocalEdit::Op::Update, QStringLiteral("signoff"), id, {{"status", "sent"}}}});
}

void SignoffsPanel::withdrawSignOff()
{
    const QString id = currentId(m_signoffsView);
    if (!id.isEmpty())
        apply({{LocalEdit::Op::Update, QStringLiteral("signoff"), id, {{"status", "withdrawn"}}}});
}

void SignoffsPanel::refreshTrail()
{
    m_trail->clear();
    const QString id = currentId(m_signoffsView);
    if (id.isEmpty())
        return;
    auto trail = cache()->records(QStringLiteral("activity"),
        {QStringLiteral("created_at"), QStringLiteral("actor_kind"), QStringLiteral("summary"),
            QStringLiteral("address")},
        QStringLiteral("entity_id"), id);
    if (!trail)
        return;
    std::sort(trail->rows.begin(), trail->rows.end(), [](const Record &a, const Record &b) {
        return a.values.at(0).toString() < b.values.at(0).toString();
    });
    for (const Record &r : std::as_const(trail->rows)) {
        const auto when = TimeUtil::fromWire(r.values.at(0).toString());
        QString line =
            QStringLiteral("%1 — %2 — %3")
                .arg(when ? QLocale().toString(when->toLocalTime(), QLocale::ShortFormat) : QString(),
                    r.values.at(1).toString() == u"contact" ? tr("client") : tr("staff"), r.values.at(2).toString());
        if (!r.values.at(3).toString().isEmpty())
            line += u' ' + tr("(from %1)").arg(r.values.at(3).toString());
        m_trail->addItem(line);
    }
}
