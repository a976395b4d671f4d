// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QHash>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

// A small form for creating an item: named text fields, some required. Accept stays disabled
// until every required field has text. Opened window-modal with open(), never exec().
class FieldsDialog : public QDialog
{
    Q_OBJECT
public:
    FieldsDialog(const QString &title, QWidget *parent = nullptr);

    // `name` is the field name (and the editor's objectName); `label` is translated by the caller.
    void addLine(const QString &name, const QString &label, bool required = false, const QString &value = {});
    void addText(const QString &name, const QString &label);
    // Any other widget, as a full-width row of the form (above the buttons).
    void addWidget(QWidget *widget);
    QString value(const QString &name) const;
    void setError(const QString &message);

private:
    void updateOk();

    QFormLayout *m_form;
    QLabel *m_error;
    QHash<QString, QLineEdit *> m_lines;
    QHash<QString, QPlainTextEdit *> m_texts;
    QStringList m_required;
    class QPushButton *m_ok;
};
