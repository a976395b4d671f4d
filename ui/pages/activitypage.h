// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pages/page.h"

class ActivityProxyModel;
class EntityTableModel;
class RecordFilterProxyModel;

// The Activity tab: the organisation's activity log, newest first.
class ActivityPage : public Page
{
    Q_OBJECT
public:
    // The activity model's columns, in order.
    enum ActivityColumn { ActivityWhen, ActivityWho, ActivityWhat, ActivityFrom, ActivityColumnCount };

    explicit ActivityPage(LocalCache *cache, QWidget *parent = nullptr);

private:
    EntityTableModel *m_activity;
    RecordFilterProxyModel *m_activityProxy;
    ActivityProxyModel *m_words;
};
