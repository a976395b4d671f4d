// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/fieldsdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

FieldsDialog::FieldsDialog(const QString &title, QWidget *parent)
    : QDialog(parent)
    , m_form(new QFormLayout)
    , m_error(new QLabel(this))
{
    setWindowTitle(title);
    setWindowModality(Qt::WindowModal);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b91c1c"));
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
    if (required)
        m_required.append(name);
    connect(edit, &QLineEdit::textChanged, this, &FieldsDialog::updateOk);
    updateOk();
}

void FieldsDialog::addText(const QString &name, const QString &label)
{
    auto *edit = new QPlainTextEdit(this);
    edit->setObjectName(name);
    edit->setTabChangesFocus(true);
    edit->setMaximumHeight(90);
    m_form->addRow(label, edit);
    m_texts.insert(name, edit);
}

void FieldsDialog::addWidget(QWidget *widget)
{
    m_form->addRow(widget);
}

QString FieldsDialog::value(const QString &name) const
{
    if (auto *line = m_lines.value(name))
        return line->text().trimmed();
    if (auto *text = m_texts.value(name))
        return text->toPlainText().trimmed();
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
