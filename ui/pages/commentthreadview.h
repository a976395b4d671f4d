// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pages/page.h"

class CommentThreadModel;
class QLabel;
class QPlainTextEdit;
class QTextBrowser;

// The comment thread of one task or file in a panel's detail pane: client and staff comments,
// newest last, each with its author, "Client" or "Staff" and the time in the user's locale, and a
// box for a reply. A reply is a local edit like any other (the cache and its outbox), so it can be
// written offline. Above the box the pane says who will read it, from the portal's permission
// function: clients see the thread of an item they may comment on, so a reply on a private or
// read-only item (or while a Client Portal switch is off) is marked internal before it is sent.
class CommentThreadView : public Page
{
    Q_OBJECT
public:
    explicit CommentThreadView(LocalCache *cache, QWidget *parent = nullptr);

    // Shows the thread of `entity` ("task" or "file") `id`; an empty id asks to choose one item.
    void setTarget(const QString &entity, const QString &id);
    CommentThreadModel *model() const { return m_model; }
    // Whether clients read this thread (false: a reply is internal).
    bool clientsSeeThread() const { return m_clientsSee; }

public Q_SLOTS:
    // Sends the reply in the box (from the Send button and Ctrl+Return).
    void send();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void render();
    void refreshAudience();

    CommentThreadModel *m_model;
    QLabel *m_title = nullptr;
    QTextBrowser *m_thread = nullptr;
    QLabel *m_audience = nullptr;
    QPlainTextEdit *m_reply = nullptr;
    QWidget *m_composer = nullptr;
    bool m_clientsSee = false;
};
