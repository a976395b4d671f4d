// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

#include "ui/pages/page.h"

class EntityTableModel;
class QListWidget;

// The chosen project's Sign-Offs (Projects tab → Sign-Offs): new ones with the files chosen on
// the Files tab, sending and withdrawing, and the audit trail of the chosen one.
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

public Q_SLOTS:
    void newSignOff();
    void sendSignOff();
    void withdrawSignOff();

private:
    void refreshTrail();

    std::function<QStringList()> m_chosenFiles;
    EntityTableModel *m_signoffs;
    QTableView *m_signoffsView = nullptr;
    QListWidget *m_trail = nullptr;
    QString m_projectId;
};
