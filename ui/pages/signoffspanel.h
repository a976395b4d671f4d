// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>

#include <functional>

#include "ui/pages/page.h"

class EntityTableModel;
class QListWidget;
class QTextBrowser;

// The chosen project's Sign-Offs (Projects tab → Sign-Offs): new ones with their files, required
// approvers and due date; sending, withdrawing and sending a new round after changes were
// requested; the chosen one's rounds with each approver's answer, its certificate and audit trail.
class SignoffsPanel : public Page
{
    Q_OBJECT
public:
    // The sign-offs model's columns, in order.
    enum SignoffColumn {
        SignoffTitle,
        SignoffStatus,
        SignoffSent,
        SignoffAnswered,
        SignoffComment,
        SignoffColumnCount
    };

    // `chosenFiles` tells which files to attach to a new sign-off.
    SignoffsPanel(LocalCache *cache, std::function<QStringList()> chosenFiles, QWidget *parent = nullptr);

    EntityTableModel *model() const { return m_signoffs; }
    // Shows the sign-offs of this project ("" for none).
    void setProject(const QString &projectId);
    // Selects the sign-off once loaded.
    void selectSignoff(const QString &id);

    // The detail of a sign-off (a row as the cache gives it), as rich text: status and due date,
    // then every round with its files (SHA-256), its approvers and their answers.
    static QString detailHtml(const QJsonObject &signoff);

public Q_SLOTS:
    void newSignOff();
    void sendSignOff();
    void withdrawSignOff();
    // After changes were requested: the files (their current versions), approvers and due date of
    // the next round, sent at once.
    void sendNewRound();
    // Asks where to save the chosen decided sign-off's certificate, then asks the app for it.
    void saveCertificate();

Q_SIGNALS:
    // The certificate (a PDF from the server) of a decided sign-off, to be saved at `path`.
    void certificateRequested(const QString &signoffId, const QString &path);

private:
    void refreshDetail();
    void refreshTrail();
    // Adds the files, approvers and due date fields to a sign-off form; `accepted` gets them.
    void addRoundFields(FieldsDialog *dialog, const QStringList &fileIds, const QStringList &approverIds,
        const QString &dueDate, std::function<void(const QJsonObject &fields)> accepted);

    std::function<QStringList()> m_chosenFiles;
    EntityTableModel *m_signoffs;
    QTableView *m_signoffsView = nullptr;
    QTextBrowser *m_detail = nullptr;
    QListWidget *m_trail = nullptr;
    QPushButton *m_sendButton = nullptr;
    QPushButton *m_withdrawButton = nullptr;
    QPushButton *m_newRoundButton = nullptr;
    QPushButton *m_certificateButton = nullptr;
    QString m_projectId;
};
