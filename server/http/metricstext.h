// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <initializer_list>
#include <utility>

#include <QByteArray>
#include <QByteArrayView>

// Writes the Prometheus text exposition format 0.0.4 (GET /metrics): a family's # HELP and # TYPE
// lines, then its samples. Label values are escaped here; what goes into them must still be of a
// small, fixed set (route patterns, known methods, status codes), never anything a caller sent.
class MetricsText
{
public:
    static constexpr QByteArrayView contentType = "text/plain; version=0.0.4; charset=utf-8";

    using Labels = std::initializer_list<std::pair<QByteArrayView, QByteArrayView>>;

    // type: "counter", "gauge" or "histogram".
    void family(QByteArrayView name, QByteArrayView type, QByteArrayView help);
    void sample(QByteArrayView name, Labels labels, quint64 value);
    void sample(QByteArrayView name, Labels labels, double value);
    // `value` already formatted (e.g. "+Inf" bounds are labels; this is for values).
    void sampleText(QByteArrayView name, Labels labels, QByteArrayView value);

    const QByteArray &text() const { return m_text; }

    // Backslash, double quote and line feed escaped, as the format wants inside "…".
    static QByteArray escapeLabelValue(QByteArrayView value);

private:
    QByteArray m_text;
};
