// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/signoffspanel.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTextBrowser>
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
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_signoffsView);
    m_detail = new QTextBrowser(this);
    m_detail->setObjectName(QStringLiteral("signoffDetail"));
    m_detail->setAccessibleName(tr("The chosen sign-off's rounds and answers"));
    m_detail->setOpenLinks(false);
    split->addWidget(m_detail);
    auto *trailBox = new QWidget(this);
    auto *trailLayout = new QVBoxLayout(trailBox);
    trailLayout->setContentsMargins(0, 0, 0, 0);
    m_trail = new QListWidget(this);
    m_trail->setObjectName(QStringLiteral("signoffTrail"));
    auto *trailLabel = new QLabel(tr("Audit &trail of the chosen sign-off:"), this);
    trailLabel->setBuddy(m_trail);
    trailLayout->addWidget(trailLabel);
    trailLayout->addWidget(m_trail);
    split->addWidget(trailBox);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 1);
    layout->addWidget(split, 1);
    connect(m_signoffsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        refreshDetail();
        refreshTrail();
    });
    connect(cache, &LocalCache::rowsChanged, this, [this](const QString &entity) {
        if (entity == u"activity" || entity == u"signoff")
            refreshTrail();
        if (entity == u"signoff")
            refreshDetail();
    });
    auto *buttons = new QHBoxLayout;
    auto *newSignOffButton = button(tr("New Sign-Off…"), QStringLiteral("newSignOffButton"), this);
    m_sendButton = button(tr("Send to Client"), QStringLiteral("sendSignOffButton"), this);
    m_newRoundButton = button(tr("Send New Round…"), QStringLiteral("newRoundButton"), this);
    m_withdrawButton = button(tr("Withdraw"), QStringLiteral("withdrawSignOffButton"), this);
    m_certificateButton = button(tr("Save Certificate…"), QStringLiteral("saveCertificateButton"), this);
    m_newRoundButton->setToolTip(tr("After the client asked for changes: send the files again, as they are now"));
    m_certificateButton->setToolTip(tr("A PDF of every round's files, approvers and answers, and the outcome"));
    connect(newSignOffButton, &QPushButton::clicked, this, &SignoffsPanel::newSignOff);
    connect(m_sendButton, &QPushButton::clicked, this, &SignoffsPanel::sendSignOff);
    connect(m_newRoundButton, &QPushButton::clicked, this, &SignoffsPanel::sendNewRound);
    connect(m_withdrawButton, &QPushButton::clicked, this, &SignoffsPanel::withdrawSignOff);
    connect(m_certificateButton, &QPushButton::clicked, this, &SignoffsPanel::saveCertificate);
    buttons->addWidget(newSignOffButton);
    buttons->addWidget(m_sendButton);
    buttons->addWidget(m_newRoundButton);
    buttons->addWidget(m_withdrawButton);
    buttons->addStretch();
    buttons->addWidget(m_certificateButton);
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
    refreshDetail();
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
    // The files chosen on the Files tab come ticked.
    addRoundFields(dialog, m_chosenFiles(), {}, {}, [this, dialog, projectId](QJsonObject fields) {
        fields.insert(QStringLiteral("project_id"), projectId);
        fields.insert(QStringLiteral("title"), dialog->value(QStringLiteral("title")));
        fields.insert(QStringLiteral("description"), dialog->value(QStringLiteral("description")));
        apply({{LocalEdit::Op::Create, QStringLiteral("signoff"), EntitySchema::newUuid(), fields}});
    });
    dialog->open();
}

void SignoffsPanel::addRoundFields(FieldsDialog *dialog, const QStringList &fileIds, const QStringList &approverIds,
    const QString &dueDate, std::function<void(const QJsonObject &fields)> accepted)
{
    auto *files = new QListWidget(dialog);
    files->setObjectName(QStringLiteral("signoffFiles"));
    files->setAccessibleName(tr("Files to approve"));
    if (auto all = cache()->records(QStringLiteral("file"), {QStringLiteral("name"), QStringLiteral("folder")},
            QStringLiteral("project_id"), m_projectId)) {
        std::sort(all->rows.begin(), all->rows.end(), [](const Record &a, const Record &b) {
            return QString::localeAwareCompare(a.values.at(0).toString(), b.values.at(0).toString()) < 0;
        });
        for (const Record &r : std::as_const(all->rows)) {
            const QString folder = r.values.at(1).toString();
            auto *item =
                new QListWidgetItem(folder.isEmpty() ? r.values.at(0).toString()
                                                     : QStringLiteral("%1 — %2").arg(r.values.at(0).toString(),
                                                         folder == u"Client Uploads" ? tr("Client Uploads") : folder),
                    files);
            item->setData(Qt::UserRole, r.id);
            item->setCheckState(fileIds.contains(r.id) ? Qt::Checked : Qt::Unchecked);
        }
    }
    if (files->count() == 0)
        files->addItem(tr("The project has no files yet."));
    files->setMaximumHeight(140);
    dialog->addRow(tr("&Files:"), files);

    // Who must approve: the client's contacts that can be asked (an e-mail address, access not
    // revoked); all of them unless the sign-off names some.
    auto *approvers = new QListWidget(dialog);
    approvers->setObjectName(QStringLiteral("signoffApprovers"));
    approvers->setAccessibleName(tr("Required approvers"));
    const auto project = cache()->row(QStringLiteral("project"), m_projectId);
    const QString clientId = project ? project->value(u"client_id").toString() : QString();
    if (auto contacts = cache()->records(QStringLiteral("contact"),
            {QStringLiteral("name"), QStringLiteral("email"), QStringLiteral("portal_state")},
            QStringLiteral("client_id"), clientId)) {
        for (const Record &r : std::as_const(contacts->rows)) {
            if (r.values.at(1).toString().isEmpty() || r.values.at(2).toString() == u"revoked")
                continue;
            auto *item = new QListWidgetItem(
                QStringLiteral("%1 <%2>").arg(r.values.at(0).toString(), r.values.at(1).toString()), approvers);
            item->setData(Qt::UserRole, r.id);
            item->setCheckState(approverIds.isEmpty() || approverIds.contains(r.id) ? Qt::Checked : Qt::Unchecked);
        }
    }
    if (approvers->count() == 0)
        approvers->addItem(tr("The client has no contact with an e-mail address yet."));
    approvers->setMaximumHeight(110);
    dialog->addRow(tr("&Approvers:"), approvers);
    auto *note = new QLabel(tr("Each approver gets a personal link by e-mail; it is approved when all of them have "
                               "approved, and any request for changes decides it."),
        dialog);
    note->setWordWrap(true);
    dialog->addWidget(note);
    dialog->addDate(QStringLiteral("due_date"), tr("Answer &by:"), dueDate);

    connect(dialog, &QDialog::accepted, this, [dialog, files, approvers, accepted] {
        auto ticked = [](const QListWidget *list) {
            QJsonArray ids;
            for (int i = 0; i < list->count(); ++i)
                if (const QListWidgetItem *item = list->item(i);
                    item->checkState() == Qt::Checked && !item->data(Qt::UserRole).toString().isEmpty())
                    ids.append(item->data(Qt::UserRole).toString());
            return ids;
        };
        const QString due = dialog->value(QStringLiteral("due_date"));
        accepted({{QStringLiteral("file_ids"), ticked(files)}, {QStringLiteral("approver_ids"), ticked(approvers)},
            {QStringLiteral("due_date"), due.isEmpty() ? QJsonValue() : QJsonValue(due)}});
    });
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

void SignoffsPanel::sendNewRound()
{
    const QString id = currentId(m_signoffsView);
    const auto row = id.isEmpty() ? std::nullopt : cache()->row(QStringLiteral("signoff"), id);
    if (!row || row->value(u"status").toString() != u"rejected") {
        showError(tr("Choose a sign-off the client asked changes for."));
        return;
    }
    auto *dialog =
        fieldsDialog(tr("New Round — %1").arg(row->value(u"title").toString()), QStringLiteral("newRoundDialog"));
    auto *intro = new QLabel(tr("Round %1 asks again, with the files as they are now. The answers to the earlier "
                                "rounds stay on record.")
                                 .arg(row->value(u"round_number").toInt() + 1),
        dialog);
    intro->setWordWrap(true);
    dialog->addWidget(intro);
    QStringList fileIds;
    for (const QJsonValue &f : row->value(u"file_ids").toArray())
        fileIds.append(f.toString());
    QStringList approverIds;
    for (const QJsonValue &a : row->value(u"approver_ids").toArray())
        approverIds.append(a.toString());
    addRoundFields(dialog, fileIds, approverIds, row->value(u"due_date").toString(), [this, id](QJsonObject fields) {
        fields.insert(QStringLiteral("status"), QStringLiteral("sent"));
        apply({{LocalEdit::Op::Update, QStringLiteral("signoff"), id, fields}});
    });
    dialog->open();
}

void SignoffsPanel::saveCertificate()
{
    const QString id = currentId(m_signoffsView);
    const auto row = id.isEmpty() ? std::nullopt : cache()->row(QStringLiteral("signoff"), id);
    const QString status = row ? row->value(u"status").toString() : QString();
    if (status != u"approved" && status != u"rejected" && status != u"withdrawn") {
        showError(tr("A certificate exists once the sign-off is decided."));
        return;
    }
    // A name a file system takes: the title without path separators and the like.
    QString title = row->value(u"title").toString();
    title.replace(QRegularExpression(QStringLiteral(R"([\\/:*?"<>|\x00-\x1f])")), QStringLiteral("_"));
    auto *dialog = new QFileDialog(this, tr("Save Certificate"),
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
            .filePath(tr("Sign-off certificate - %1.pdf").arg(title)),
        tr("PDF documents (*.pdf)"));
    dialog->setObjectName(QStringLiteral("saveCertificateDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("pdf"));
    connect(dialog, &QFileDialog::fileSelected, this, [this, id](const QString &path) {
        Q_EMIT certificateRequested(id, path);
    });
    dialog->open();
}

QString SignoffsPanel::detailHtml(const QJsonObject &signoff)
{
    const QLocale locale;
    auto when = [&locale](const QString &wire) {
        const auto t = TimeUtil::fromWire(wire);
        return t ? locale.toString(t->toLocalTime(), QLocale::ShortFormat) : QString();
    };
    auto esc = [](const QString &text) {
        return text.toHtmlEscaped();
    };
    const QHash<QString, QString> outcomes = {{QStringLiteral("approved"), tr("Approved")},
        {QStringLiteral("rejected"), tr("Changes requested")}, {QStringLiteral("withdrawn"), tr("Withdrawn")},
        {QStringLiteral("sent"), tr("Waiting for answers")}, {QStringLiteral("draft"), tr("Draft, not sent yet")}};
    const QString status = signoff.value(u"status").toString();
    QString html = QStringLiteral("<h3>%1</h3><p><b>%2</b>")
                       .arg(esc(signoff.value(u"title").toString()), esc(outcomes.value(status, status)));
    const QDate due = QDate::fromString(signoff.value(u"due_date").toString(), Qt::ISODate);
    if (due.isValid() && (status == u"sent" || status == u"draft"))
        html += QStringLiteral(" · ") + esc(tr("answer by %1").arg(locale.toString(due, QLocale::ShortFormat)));
    html += QStringLiteral("</p>");
    const QJsonArray rounds = signoff.value(u"rounds").toArray();
    if (rounds.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(esc(tr("Not sent yet: the approvers are asked when it is sent.")));
    // The newest round first: it is what staff look at.
    for (qsizetype i = rounds.size() - 1; i >= 0; --i) {
        const QJsonObject round = rounds.at(i).toObject();
        html += QStringLiteral("<h4>%1</h4>")
                    .arg(esc(tr("Round %1 — sent %2")
                                 .arg(round.value(u"round").toInt())
                                 .arg(when(round.value(u"sent_at").toString()))));
        const QJsonArray files = round.value(u"files").toArray();
        html += QStringLiteral("<p>%1</p><ul>")
                    .arg(esc(files.isEmpty() ? tr("No files: the description says what to approve.")
                                             : tr("Files, exactly as sent:")));
        for (const QJsonValue &f : files)
            html += QStringLiteral("<li>%1 (%2)<br><small>SHA-256 <tt>%3</tt></small></li>")
                        .arg(esc(f[u"name"].toString()), esc(locale.formattedDataSize(f[u"size"].toInteger())),
                            esc(f[u"sha256"].toString()));
        html += QStringLiteral("</ul><p>%1</p><ul>").arg(esc(tr("Approvers and their answers:")));
        QHash<QString, QJsonObject> answers;
        for (const QJsonValue &a : round.value(u"answers").toArray())
            answers.insert(a[u"contact_id"].toString(), a.toObject());
        for (const QJsonValue &a : round.value(u"approvers").toArray()) {
            const QString name =
                QStringLiteral("%1 &lt;%2&gt;").arg(esc(a[u"name"].toString()), esc(a[u"email"].toString()));
            const auto answer = answers.constFind(a[u"contact_id"].toString());
            if (answer == answers.cend()) {
                html += QStringLiteral("<li>%1 — <i>%2</i></li>").arg(name, esc(tr("no answer yet")));
                continue;
            }
            const QString decision =
                answer->value(u"decision").toString() == u"approved" ? tr("approved") : tr("asked for changes");
            const QString via = answer->value(u"via").toString() == u"link" ? tr("through the personal link")
                                                                            : tr("in the client portal");
            html += QStringLiteral("<li>%1 — <b>%2</b>, %3<br><small>%4</small>")
                        .arg(name, esc(decision), esc(when(answer->value(u"at").toString())),
                            esc(tr("%1, from %2").arg(via, answer->value(u"address").toString())));
            if (!answer->value(u"comment").toString().isEmpty())
                html += QStringLiteral("<br>“%1”").arg(esc(answer->value(u"comment").toString()));
            html += QStringLiteral("</li>");
        }
        html += QStringLiteral("</ul>");
    }
    return html;
}

void SignoffsPanel::refreshDetail()
{
    const QString id = currentId(m_signoffsView);
    const auto row = id.isEmpty() ? std::nullopt : cache()->row(QStringLiteral("signoff"), id);
    const QString status = row ? row->value(u"status").toString() : QString();
    m_sendButton->setEnabled(status == u"draft");
    m_withdrawButton->setEnabled(status == u"draft" || status == u"sent" || status == u"rejected");
    m_newRoundButton->setEnabled(status == u"rejected");
    m_certificateButton->setEnabled(status == u"approved" || status == u"rejected" || status == u"withdrawn");
    if (!row) {
        m_detail->setPlainText(tr("Choose a sign-off to see its rounds and who answered what."));
        return;
    }
    m_detail->setHtml(detailHtml(*row));
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
