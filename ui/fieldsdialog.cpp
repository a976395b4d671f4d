// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/fieldsdialog.h"

#include <QCalendarWidget>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/statuscolors.h"

FieldsDialog::FieldsDialog(const QString &title, QWidget *parent)
    : QDialog(parent)
    , m_form(new QFormLayout)
    , m_error(new QLabel(this))
{
    setWindowTitle(title);
    setWindowModality(Qt::WindowModal);
    // Room for a list row ("file — folder") or a long label without scrolling, in languages that
    // run longer than English too.
    setMinimumWidth(fontMetrics().averageCharWidth() * 80);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(StatusColors::textStyle(StatusColors::Tone::Error, palette()));
    m_error->hide();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void FieldsDialog::addLine(const QString &name, const QString &label, bool required, const QString &value)
{
    auto *edit = new QLineEdit(value, this);
    edit->setObjectName(name);
    m_form->addRow(label, edit);
    m_lines.insert(name, edit);
    noteField(edit);
    if (required)
        m_required.append(name);
    connect(edit, &QLineEdit::textChanged, this, &FieldsDialog::updateOk);
    updateOk();
}

void FieldsDialog::addText(const QString &name, const QString &label, const QString &value)
{
    auto *edit = new QPlainTextEdit(value, this);
    edit->setObjectName(name);
    edit->setTabChangesFocus(true);
    edit->setMaximumHeight(90);
    m_form->addRow(label, edit);
    m_texts.insert(name, edit);
    noteField(edit);
}

namespace {

// A date field without a date opens its calendar on today's month, not on the year 2000 that
// stands for "none".
class OpenOnToday : public QObject
{
public:
    OpenOnToday(QDateEdit *edit)
        : QObject(edit)
        , m_edit(edit)
    {
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Show && m_edit->date() == m_edit->minimumDate()) {
            const QDate today = QDate::currentDate();
            static_cast<QCalendarWidget *>(watched)->setCurrentPage(today.year(), today.month());
        }
        return false;
    }

private:
    QDateEdit *m_edit;
};

} // namespace

void FieldsDialog::addDate(const QString &name, const QString &label, const QString &isoDate)
{
    auto *edit = new QDateEdit(this);
    edit->setObjectName(name);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    // The lowest date stands for "no date" and reads as such.
    const QDate none(2000, 1, 1);
    edit->setMinimumDate(none);
    edit->setSpecialValueText(tr("None"));
    const QDate date = QDate::fromString(isoDate, Qt::ISODate);
    edit->setDate(date.isValid() ? date : none);
    edit->calendarWidget()->installEventFilter(new OpenOnToday(edit));
    m_form->addRow(label, edit);
    m_dates.insert(name, edit);
    noteField(edit);
}

void FieldsDialog::addChoice(
    const QString &name, const QString &label, const QList<QPair<QString, QString>> &choices, const QString &value)
{
    auto *combo = new QComboBox(this);
    combo->setObjectName(name);
    for (const auto &[stored, shown] : choices)
        combo->addItem(shown, stored);
    combo->setCurrentIndex(qMax(0, combo->findData(value)));
    m_form->addRow(label, combo);
    m_choices.insert(name, combo);
    noteField(combo);
}

void FieldsDialog::addWidget(QWidget *widget)
{
    m_form->addRow(widget);
    noteField(widget);
}

void FieldsDialog::addRow(const QString &label, QWidget *widget)
{
    m_form->addRow(label, widget);
    noteField(widget);
}

void FieldsDialog::noteField(QWidget *field)
{
    if (!m_firstField && field->focusPolicy() != Qt::NoFocus)
        m_firstField = field;
}

void FieldsDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (m_firstField)
        m_firstField->setFocus(Qt::OtherFocusReason);
}

QString FieldsDialog::value(const QString &name) const
{
    if (auto *line = m_lines.value(name))
        return line->text().trimmed();
    if (auto *text = m_texts.value(name))
        return text->toPlainText().trimmed();
    if (auto *date = m_dates.value(name))
        return date->date() == date->minimumDate() ? QString() : date->date().toString(Qt::ISODate);
    if (auto *choice = m_choices.value(name))
        return choice->currentData().toString();
    return {};
}

void FieldsDialog::setError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void FieldsDialog::updateOk()
{
    bool ok = true;
    for (const QString &name : m_required)
        ok = ok && !value(name).isEmpty();
    m_ok->setEnabled(ok);
}
