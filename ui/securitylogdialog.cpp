// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/securitylogdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QTimer>
#include <QTreeWidget>
#include <QUrlQuery>
#include <QVBoxLayout>

#include "common/timeutil.h"
#include "sync/apiclient.h"

namespace {

constexpr int pageSize = 200;

enum Role {
    IdRole = Qt::UserRole,
    KindRole,
    SubjectRole,
    NameRole,
};

} // namespace

SecurityLogDialog::SecurityLogDialog(const QUrl &server, const QString &token, QWidget *parent)
    : QDialog(parent)
    , m_api(new ApiClient(this))
    , m_action(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_typing(new QTimer(this))
    , m_list(new QTreeWidget(this))
    , m_message(new QLabel(this))
    , m_more(new QPushButton(tr("Load &Older"), this))
    , m_reset(new QPushButton(tr("&Reset Two-Factor Sign-In…"), this))
{
    m_api->setServerUrl(server);
    m_api->setToken(token);
    setObjectName(QStringLiteral("securityLogDialog"));
    setWindowTitle(tr("Security Log"));
    m_action->setObjectName(QStringLiteral("securityLogAction"));
    m_action->addItem(tr("All events"), QString());
    for (const QString &action :
        {QStringLiteral("sign_in"), QStringLiteral("sign_in_failed"), QStringLiteral("locked_out"),
            QStringLiteral("second_factor_enrolled"), QStringLiteral("second_factor_reset"),
            QStringLiteral("recovery_codes_renewed"), QStringLiteral("recovery_code_used"),
            QStringLiteral("invite_accepted"), QStringLiteral("access_revoked"), QStringLiteral("sessions_ended")})
        m_action->addItem(actionText(action), action);
    m_search->setObjectName(QStringLiteral("securityLogSearch"));
    m_search->setPlaceholderText(tr("Name, e-mail or network address"));
    m_search->setClearButtonEnabled(true);
    m_typing->setSingleShot(true);
    m_typing->setInterval(300);
    m_list->setObjectName(QStringLiteral("securityLogList"));
    m_list->setAccessibleName(tr("Security log"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels({tr("When"), tr("Event"), tr("Who"), tr("Address"), tr("Details")});
    m_list->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_message->setObjectName(QStringLiteral("securityLogMessage"));
    m_message->setWordWrap(true);
    m_more->setObjectName(QStringLiteral("securityLogMore"));
    m_reset->setObjectName(QStringLiteral("securityLogReset"));

    auto *filters = new QHBoxLayout;
    auto *showLabel = new QLabel(tr("&Show:"), this);
    showLabel->setBuddy(m_action);
    filters->addWidget(showLabel);
    filters->addWidget(m_action);
    auto *searchLabel = new QLabel(tr("&Find:"), this);
    searchLabel->setBuddy(m_search);
    filters->addWidget(searchLabel);
    filters->addWidget(m_search, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_reset, QDialogButtonBox::ActionRole);
    buttons->addButton(m_more, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_action, &QComboBox::currentIndexChanged, this, &SecurityLogDialog::reload);
    connect(m_search, &QLineEdit::textChanged, m_typing, qOverload<>(&QTimer::start));
    connect(m_typing, &QTimer::timeout, this, &SecurityLogDialog::reload);
    connect(m_more, &QPushButton::clicked, this, &SecurityLogDialog::loadMore);
    connect(m_reset, &QPushButton::clicked, this, &SecurityLogDialog::resetChosen);
    connect(m_list, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        m_reset->setEnabled(item && !item->data(0, SubjectRole).toString().isEmpty());
    });
    connect(m_list, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (!m_list->itemAt(pos))
            return;
        QMenu menu(this);
        menu.addAction(m_reset->text(), this, &SecurityLogDialog::resetChosen)->setEnabled(m_reset->isEnabled());
        menu.exec(m_list->viewport()->mapToGlobal(pos));
    });
    m_reset->setEnabled(false);
    resize(900, 520);
    reload();
}

QString SecurityLogDialog::actionText(const QString &action)
{
    if (action == u"sign_in")
        return tr("Signed in");
    if (action == u"sign_in_failed")
        return tr("Sign-in failed");
    if (action == u"locked_out")
        return tr("Locked out");
    if (action == u"second_factor_enrolled")
        return tr("Two-factor sign-in turned on");
    if (action == u"second_factor_reset")
        return tr("Two-factor sign-in reset");
    if (action == u"recovery_codes_renewed")
        return tr("New recovery codes");
    if (action == u"recovery_code_used")
        return tr("Signed in with a recovery code");
    if (action == u"invite_accepted")
        return tr("Invitation accepted");
    if (action == u"access_revoked")
        return tr("Portal access revoked");
    if (action == u"sessions_ended")
        return tr("Signed out everywhere");
    return action;
}

QString SecurityLogDialog::detailText(const QString &details)
{
    // The server's notes, in the user's language; anything else (a device's name) as it is.
    static const QRegularExpression sessions(QStringLiteral("^(\\d+) sessions$"));
    if (const auto m = sessions.match(details); m.hasMatch())
        return tr("%n session(s)", nullptr, m.captured(1).toInt());
    if (details == u"wrong password")
        return tr("wrong password");
    if (details == u"wrong code")
        return tr("wrong code");
    if (details == u"wrong recovery code")
        return tr("wrong recovery code");
    if (details == u"too many failed sign-ins")
        return tr("too many failed sign-ins");
    if (details == u"at sign-in, as the organisation requires")
        return tr("at sign-in, as the organisation requires");
    if (details == u"by an administrator")
        return tr("by an administrator");
    if (details == u"portal access revoked")
        return tr("portal access revoked");
    if (details == u"password")
        return tr("with the password");
    if (details == u"two-factor")
        return tr("with two-factor sign-in");
    if (details == u"e-mailed sign-in link")
        return tr("with an e-mailed sign-in link");
    return details;
}

void SecurityLogDialog::reload()
{
    load(false);
}

void SecurityLogDialog::loadMore()
{
    load(true);
}

void SecurityLogDialog::load(bool more)
{
    QUrlQuery query;
    if (const QString action = m_action->currentData().toString(); !action.isEmpty())
        query.addQueryItem(QStringLiteral("action"), action);
    if (const QString text = m_search->text().trimmed(); !text.isEmpty())
        query.addQueryItem(QStringLiteral("q"), QString::fromLatin1(QUrl::toPercentEncoding(text)));
    if (more && !m_oldest.isEmpty())
        query.addQueryItem(QStringLiteral("before"), QString::fromLatin1(QUrl::toPercentEncoding(m_oldest)));
    query.addQueryItem(QStringLiteral("limit"), QString::number(pageSize));
    const int generation = more ? m_generation : ++m_generation;
    m_more->setEnabled(false);
    m_message->setText(tr("Asking the server…"));
    m_api->get(QStringLiteral("/api/v1/security-log?") + query.toString(QUrl::FullyEncoded), this,
        [this, more, generation](const ApiResult &result) {
            if (generation != m_generation)
                return; // the filter changed meanwhile
            showResult(result, more);
        });
}

void SecurityLogDialog::showResult(const ApiResult &result, bool more)
{
    if (!result.ok()) {
        m_message->setText(!result.reachedServer()
                ? tr("The server cannot be reached. The security log is kept on the server; try again when you are "
                     "online.")
                : result.status == 403 ? tr("Only the organisation's administrators can read the security log.")
                                       : result.errorMessage);
        Q_EMIT answered();
        return;
    }
    if (!more)
        m_list->clear();
    const QJsonArray events = result.body.value(u"events").toArray();
    const QLocale locale;
    for (const QJsonValue &value : events) {
        const QJsonObject e = value.toObject();
        const auto at = TimeUtil::fromWire(e.value(u"at").toString());
        const bool client = e.value(u"subject_kind").toString() == u"contact";
        QString who = e.value(u"name").toString();
        const QString email = e.value(u"email").toString();
        if (!email.isEmpty())
            who = who.isEmpty() ? email : tr("%1 <%2>").arg(who, email);
        if (client)
            who = tr("%1 (client)").arg(who);
        auto *item = new QTreeWidgetItem(m_list,
            {at ? locale.toString(at->toLocalTime(), QLocale::ShortFormat) : QString(),
                actionText(e.value(u"action").toString()), who, e.value(u"address").toString(),
                detailText(e.value(u"details").toString())});
        item->setData(0, IdRole, e.value(u"id").toString());
        item->setData(0, KindRole, e.value(u"subject_kind").toString());
        item->setData(0, SubjectRole, e.value(u"subject_id").toString());
        item->setData(0, NameRole, e.value(u"name").toString().isEmpty() ? email : e.value(u"name").toString());
        m_oldest = e.value(u"at").toString();
    }
    if (!more && events.isEmpty())
        m_oldest.clear();
    for (int column = 0; column < m_list->columnCount(); ++column) {
        if (column != 2)
            m_list->resizeColumnToContents(column);
    }
    m_more->setEnabled(events.size() == pageSize);
    m_message->setText(m_list->topLevelItemCount() == 0
            ? tr("Nothing recorded that matches.")
            : tr("%n event(s) shown.", nullptr, m_list->topLevelItemCount()));
    Q_EMIT answered();
}

void SecurityLogDialog::resetChosen()
{
    const QTreeWidgetItem *item = m_list->currentItem();
    if (!item || item->data(0, SubjectRole).toString().isEmpty())
        return;
    const bool staff = item->data(0, KindRole).toString() == u"staff";
    const QString id = item->data(0, SubjectRole).toString();
    const QString name = item->data(0, NameRole).toString();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Reset Two-Factor Sign-In?"),
        tr("Turn off two-factor sign-in for %1? Do this only when you are sure it is them asking (they lost their "
           "phone and their recovery codes). They are told by e-mail, and it is recorded in this log.")
            .arg(name),
        QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmSecurityReset"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *confirm = box->addButton(tr("Reset"), QMessageBox::DestructiveRole);
    connect(box, &QMessageBox::buttonClicked, this, [this, confirm, staff, id, name](QAbstractButton *clicked) {
        if (clicked != confirm)
            return;
        m_message->setText(tr("Asking the server…"));
        m_api->post(staff ? QStringLiteral("/api/v1/staff-users/%1/second-factor/reset").arg(id)
                          : QStringLiteral("/api/v1/contacts/%1/second-factor/reset").arg(id),
            QJsonObject{}, this, [this, name](const ApiResult &result) {
                if (!result.ok()) {
                    m_message->setText(!result.reachedServer()
                            ? tr("The server cannot be reached. Try again when you are online.")
                            : result.status == 404 ? tr("%1 is no longer in the organisation.").arg(name)
                                                   : result.errorMessage);
                    Q_EMIT answered();
                    return;
                }
                const QString done = result.body.value(u"reset").toBool()
                    ? tr("Two-factor sign-in is off for %1. They were told by e-mail and can set it up again.")
                          .arg(name)
                    : tr("%1 had no two-factor sign-in to reset.").arg(name);
                reload();
                // After the reload's own message.
                connect(
                    this, &SecurityLogDialog::answered, this,
                    [this, done] {
                        m_message->setText(done);
                    },
                    Qt::SingleShotConnection);
            });
    });
    box->open();
}
