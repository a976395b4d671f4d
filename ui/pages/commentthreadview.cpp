// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/commentthreadview.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "common/entityschema.h"
#include "models/commentthreadmodel.h"
#include "models/sharedsummary.h"

CommentThreadView::CommentThreadView(LocalCache *cache, QWidget *parent)
    : Page(cache, parent)
    , m_model(new CommentThreadModel(cache, this))
{
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("commentThreadTitle"));
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);

    m_thread = new QTextBrowser(this);
    m_thread->setObjectName(QStringLiteral("commentThread"));
    m_thread->setAccessibleName(tr("Comments"));
    m_thread->setOpenLinks(false);
    connect(m_thread, &QTextBrowser::anchorClicked, this, [this](const QUrl &link) {
        if (link.scheme() == u"delete")
            requestDelete(QStringLiteral("comment"), {link.path()});
    });

    m_audience = new QLabel(this);
    m_audience->setObjectName(QStringLiteral("commentAudience"));
    m_audience->setWordWrap(true);
    m_audience->setTextFormat(Qt::RichText);

    m_reply = new QPlainTextEdit(this);
    m_reply->setObjectName(QStringLiteral("commentReply"));
    m_reply->setAccessibleName(tr("Reply"));
    m_reply->setPlaceholderText(tr("Write a reply… (Ctrl+Return sends)"));
    m_reply->setTabChangesFocus(true);
    m_reply->setMaximumHeight(m_reply->fontMetrics().lineSpacing() * 5 + 12);
    auto *sendButton = button(tr("&Send"), QStringLiteral("sendCommentButton"), this);
    connect(sendButton, &QPushButton::clicked, this, &CommentThreadView::send);
    // Ctrl+Return sends (the text box would otherwise take it as a line break).
    m_reply->installEventFilter(this);

    m_composer = new QWidget(this);
    auto *composer = new QVBoxLayout(m_composer);
    composer->setContentsMargins(0, 0, 0, 0);
    composer->addWidget(m_audience);
    auto *replyRow = new QHBoxLayout;
    replyRow->addWidget(m_reply, 1);
    replyRow->addWidget(sendButton, 0, Qt::AlignBottom);
    composer->addLayout(replyRow);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_thread, 1);
    layout->addWidget(m_composer);

    connect(m_model, &QAbstractItemModel::modelReset, this, &CommentThreadView::render);
    // The item's visibility or a Client Portal switch may change who reads the thread.
    connect(cache, &LocalCache::rowsChanged, this, [this](const QString &entity) {
        if (entity == m_model->targetEntity() || entity == u"project" || entity == u"organisation")
            refreshAudience();
    });
    setTarget(QString(), QString());
}

void CommentThreadView::setTarget(const QString &entity, const QString &id)
{
    m_model->setTarget(entity, id);
    m_composer->setEnabled(!id.isEmpty());
    refreshAudience();
    render();
}

void CommentThreadView::refreshAudience()
{
    const QString entity = m_model->targetEntity();
    const QString id = m_model->targetId();
    m_clientsSee = false;
    if (id.isEmpty()) {
        m_title->setText(tr("Comments"));
        m_audience->clear();
        return;
    }
    const auto item = cache()->row(entity, id);
    const QString name = item ? item->value(entity == u"task" ? u"title" : u"name").toString() : QString();
    m_title->setText(tr("Comments on \u201C%1\u201D").arg(name));
    if (item) {
        if (const auto summary = SharedSummary::compute(
                *cache(), item->value(u"project_id").toString(), SharedSummary::Part::AudienceOnly))
            m_clientsSee = summary->clientsMay(entity, item->value(u"visibility").toString(), PortalAction::Comment);
    }
    // Marked in words and with a sign, never by colour alone.
    m_audience->setText(m_clientsSee ? tr("<b>Shared:</b> the client sees this thread and your reply.")
                                     : tr("<b>Internal \u2014 clients don't see this.</b>"));
}

void CommentThreadView::render()
{
    if (m_model->targetId().isEmpty()) {
        m_thread->setPlainText(tr("Choose one item to see its comments."));
        return;
    }
    if (m_model->rowCount() == 0) {
        m_thread->setPlainText(tr("No comments yet."));
        return;
    }
    // Colours come from the palette (the text browser's own), so a dark theme works.
    QString html;
    const QLocale locale;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row);
        const bool client = index.data(CommentThreadModel::AuthorKindRole).toString() == u"contact";
        const QDateTime time = index.data(CommentThreadModel::TimeRole).toDateTime().toLocalTime();
        QString meta = (client ? tr("Client") : tr("Staff")) + QStringLiteral(" \u00B7 ")
            + locale.toString(time, QLocale::ShortFormat);
        if (index.data(CommentThreadModel::PendingRole).toBool())
            meta += QStringLiteral(" \u00B7 ") + tr("waiting to sync");
        // Staff may delete a staff comment (a client's is the client's to keep).
        const QString remove = client ? QString()
                                      : QStringLiteral(" <small><a href=\"delete:%1\">%2</a></small>")
                                            .arg(index.data(CommentThreadModel::IdRole).toString(), tr("Delete"));
        html += QStringLiteral("<p style=\"margin-top:10px;margin-bottom:2px\"><b>%1</b> <small>%2</small>%4</p>"
                               "<p style=\"margin-top:0;white-space:pre-wrap\">%3</p>")
                    .arg(index.data(CommentThreadModel::AuthorRole).toString().toHtmlEscaped(), meta.toHtmlEscaped(),
                        index.data(Qt::DisplayRole).toString().toHtmlEscaped(), remove);
    }
    m_thread->setHtml(html);
    m_thread->verticalScrollBar()->setValue(m_thread->verticalScrollBar()->maximum());
}

bool CommentThreadView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_reply && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && key->modifiers().testFlag(Qt::ControlModifier)) {
            send();
            return true;
        }
    }
    return Page::eventFilter(watched, event);
}

void CommentThreadView::send()
{
    const QString body = m_reply->toPlainText().trimmed();
    const QString id = m_model->targetId();
    if (body.isEmpty() || id.isEmpty())
        return;
    if (apply({{LocalEdit::Op::Create, QStringLiteral("comment"), EntitySchema::newUuid(),
            {{"target_entity", m_model->targetEntity()}, {"target_id", id}, {"body", body}}}}))
        m_reply->clear();
}
