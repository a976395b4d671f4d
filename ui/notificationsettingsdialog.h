// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class ApiClient;
class QButtonGroup;
class QDialogButtonBox;
class QLabel;
class QUrl;
struct ApiResult;

// Account → E-mail Notifications…: how often the signed-in staff member is e-mailed about client
// activity on their projects — as it happens (gathered over a few minutes), once a day, or never
// (GET/PUT /api/v1/account/notifications). The setting lives on the server, which sends the mail,
// so the dialog asks it asynchronously; offline it says so and changes nothing. Deletes itself
// when closed.
class NotificationSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    enum class State { Loading, Ready, Saving, Offline, Failed };
    Q_ENUM(State)

    NotificationSettingsDialog(const QUrl &server, const QString &token, QWidget *parent = nullptr);

    State state() const { return m_state; }
    // "immediate", "daily" or "off": the choice shown.
    QString mode() const;
    void setMode(const QString &mode);

public Q_SLOTS:
    void load();
    void accept() override;

Q_SIGNALS:
    // The server answered (or could not be reached); see state().
    void answered();

private:
    void setState(State state, const QString &message = {});
    void failed(const ApiResult &result);

    ApiClient *m_api;
    QButtonGroup *m_modes;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    State m_state = State::Loading;
};
