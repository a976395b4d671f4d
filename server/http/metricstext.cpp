// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/http/metricstext.h"

#include <cmath>

void MetricsText::family(QByteArrayView name, QByteArrayView type, QByteArrayView help)
{
    m_text += "# HELP ";
    m_text += name;
    m_text += ' ';
    // In HELP only backslash and line feed are escaped.
    for (const char c : help) {
        if (c == '\\')
            m_text += "\\\\";
        else if (c == '\n')
            m_text += "\\n";
        else
            m_text += c;
    }
    m_text += "\n# TYPE ";
    m_text += name;
    m_text += ' ';
    m_text += type;
    m_text += '\n';
}

void MetricsText::sample(QByteArrayView name, Labels labels, quint64 value)
{
    sampleText(name, labels, QByteArray::number(value));
}

void MetricsText::sample(QByteArrayView name, Labels labels, double value)
{
    if (std::isnan(value))
        sampleText(name, labels, "NaN");
    else if (std::isinf(value))
        sampleText(name, labels, value > 0 ? "+Inf" : "-Inf");
    else
        sampleText(name, labels, QByteArray::number(value, 'f', 6));
}

void MetricsText::sampleText(QByteArrayView name, Labels labels, QByteArrayView value)
{
    m_text += name;
    if (labels.size() > 0) {
        m_text += '{';
        bool first = true;
        for (const auto &[label, labelValue] : labels) {
            if (!first)
                m_text += ',';
            first = false;
            m_text += label;
            m_text += "=\"";
            m_text += escapeLabelValue(labelValue);
            m_text += '"';
        }
        m_text += '}';
    }
    m_text += ' ';
    m_text += value;
    m_text += '\n';
}

QByteArray MetricsText::escapeLabelValue(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}
