// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QHash>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

// A small form for creating or editing an item: named fields (text, dates, choices), some
// required. Accept stays disabled until every required field has text. Opened window-modal with
// open(), never exec(); the focus starts in the first field.
class FieldsDialog : public QDialog
{
    Q_OBJECT
public:
    FieldsDialog(const QString &title, QWidget *parent = nullptr);

    // `name` is the field name (and the editor's objectName); `label` is translated by the caller.
    void addLine(const QString &name, const QString &label, bool required = false, const QString &value = {});
    void addText(const QString &name, const QString &label, const QString &value = {});
    // A date with a calendar to pick from, shown in the user's locale; "None" clears it.
    // value(): "YYYY-MM-DD", or "" for none.
    void addDate(const QString &name, const QString &label, const QString &isoDate = {});
    // One of `choices` (stored value → text shown); value(): the stored value.
    void addChoice(const QString &name, const QString &label, const QList<QPair<QString, QString>> &choices,
        const QString &value = {});
    // Any other widget, as a full-width row of the form (above the buttons).
    void addWidget(QWidget *widget);
    // Any other editor with a label (a date, a choice); the caller reads it.
    void addRow(const QString &label, QWidget *widget);
    QString value(const QString &name) const;
    void setError(const QString &message);

protected:
    // Opens with the focus in the first field.
    void showEvent(QShowEvent *event) override;

private:
    void updateOk();
    void noteField(QWidget *field);

    QFormLayout *m_form;
    QLabel *m_error;
    QHash<QString, QLineEdit *> m_lines;
    QHash<QString, QPlainTextEdit *> m_texts;
    QHash<QString, class QDateEdit *> m_dates;
    QHash<QString, class QComboBox *> m_choices;
    QStringList m_required;
    class QPushButton *m_ok;
    QWidget *m_firstField = nullptr;
};
