// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/branding/brandpreviewwidget.h"

#include <algorithm>

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

#include "common/colorcontrast.h"
#include "common/entityschema.h"
#include "portal/theme.h"

namespace {

// portal/theme.json's values, as app.css uses them (tests/ui/tst_theme holds the three together).
constexpr int gap = AtriumTheme::gapPx; // --gap
constexpr int radius = AtriumTheme::radiusPx; // --radius
constexpr int maxContent = AtriumTheme::contentMaxWidthPx; // .main max-width

QColor brandColour(const QString &value, const char *field)
{
    if (ColorContrast::luminance(value))
        return QColor(value);
    // The entity's default, as brand.css falls back to it.
    const FieldSpec *spec = EntitySchema::find(u"organisation")->field(QString::fromLatin1(field));
    return QColor(spec->defaultValue.toString());
}

// color-mix(in srgb, a p%, b)
QColor mix(const QColor &a, double share, const QColor &b)
{
    return QColor::fromRgbF(float(a.redF() * share + b.redF() * (1 - share)),
        float(a.greenF() * share + b.greenF() * (1 - share)), float(a.blueF() * share + b.blueF() * (1 - share)));
}

} // namespace

BrandPreviewWidget::Metrics BrandPreviewWidget::metrics()
{
    return Metrics{gap, radius, maxContent, AtriumTheme::borderMixPercent, AtriumTheme::surfaceMixPercent};
}

namespace {

struct Palette
{
    QColor primary, accent, background, text, onPrimary, onAccent, border, surface;
};

// Draws one page top to bottom; `y` is where the next block goes.
class PagePainter
{
public:
    PagePainter(QPainter &painter, const Palette &palette, int width)
        : p(painter)
        , c(palette)
        , m_width(width)
        , m_base(painter.font())
    {
    }

    int width() const { return m_width; }
    int y = 0;

    QFont font(int pixelSize, bool bold = false) const
    {
        QFont f = m_base;
        f.setPixelSize(pixelSize);
        f.setBold(bold);
        return f;
    }

    // Wrapped text in a column; returns its height.
    int paragraph(int x, int top, int w, const QString &text, const QFont &f, const QColor &colour)
    {
        p.setFont(f);
        p.setPen(colour);
        const QRect bounds = p.boundingRect(QRect(x, top, w, 10000), Qt::TextWordWrap, text);
        p.drawText(QRect(x, top, w, bounds.height()), Qt::TextWordWrap, text);
        return bounds.height();
    }

    void box(const QRect &r, const QColor &fill, const QColor &border)
    {
        QPainterPath path;
        path.addRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
        p.fillPath(path, fill);
        p.setPen(QPen(border, 1));
        p.drawPath(path);
    }

    // A .button; returns its width.
    int button(int x, int top, const QString &label, const QColor &fill, const QColor &border, const QColor &ink)
    {
        const QFont f = font(15, true);
        const int w = QFontMetrics(f).horizontalAdvance(label) + 2 * 14;
        QPainterPath path;
        path.addRoundedRect(QRectF(x + 1, top + 1, w - 2, 36 - 2), radius, radius);
        p.fillPath(path, fill);
        p.setPen(QPen(border, 2));
        p.drawPath(path);
        p.setFont(f);
        p.setPen(ink);
        p.drawText(QRect(x, top, w, 36), Qt::AlignCenter, label);
        return w;
    }

    void header(const QString &name, const QImage &logo, bool narrow, const QString &who, const QString &signOut)
    {
        const int top = y;
        const int inner = std::min(m_width, maxContent + 2 * gap);
        const int left = (m_width - inner) / 2 + gap;
        const int right = left + inner - 2 * gap;
        // .brand__logo: at most 2.5rem high and 10rem wide, on white with 2px padding.
        const QSize logoSize = logo.isNull() ? QSize() : logo.size().scaled(160 - 4, 40 - 4, Qt::KeepAspectRatio);
        const QRect logoFrame(left, top + 12, logoSize.width() + 4, logoSize.height() + 4);
        const int nameLeft = logo.isNull() ? left : logoFrame.right() + 1 + 12;
        const int accountWidth = narrow ? 0 : 180;
        const QFont nameFont = font(18, true);
        p.setFont(nameFont);
        const QRect nameRect =
            p.boundingRect(QRect(nameLeft, top + 12, right - nameLeft - accountWidth, 10000), Qt::TextWordWrap, name);
        const int rowHeight = std::max({40, logo.isNull() ? 0 : logoFrame.height(), nameRect.height()});
        // .account wraps below the brand on a narrow screen.
        const int accountTop = narrow ? top + 12 + rowHeight + 8 : top + 12 + (rowHeight - 36) / 2;
        const int accountLeft = narrow ? left : right - accountWidth;
        const int bottom = narrow ? accountTop + 36 + 12 : top + 12 + rowHeight + 12;

        p.fillRect(QRect(0, top, m_width, bottom - top), c.primary);
        if (!logo.isNull()) {
            QPainterPath path;
            path.addRoundedRect(QRectF(logoFrame), 4, 4);
            p.fillPath(path, Qt::white);
            p.drawImage(QRect(logoFrame.topLeft() + QPoint(2, 2), logoSize), logo);
        }
        paragraph(nameLeft, top + 12 + (rowHeight - nameRect.height()) / 2, right - nameLeft - accountWidth, name,
            nameFont, c.onPrimary);
        p.setFont(font(15));
        p.setPen(c.onPrimary);
        p.drawText(QRect(accountLeft, accountTop, 80, 36), Qt::AlignVCenter, who);
        button(accountLeft + 84, accountTop, signOut, c.primary, c.onPrimary, c.onPrimary);
        y = bottom;
    }

    int left() const { return (m_width - contentWidth()) / 2; }
    int contentWidth() const { return std::min(m_width - 2 * gap, maxContent - 2 * gap); }

    QPainter &p;
    const Palette &c;

    // A browser's tab strip: the favicon (the portal derives it from the logo) and the page title.
    void browserTab(const QImage &logo, const QString &title)
    {
        const int h = BrandPreviewWidget::chromeHeight;
        p.fillRect(QRect(0, 0, m_width, h), QColor(0xde, 0xe1, 0xe6));
        const QRect tab(8, 6, std::min(240, m_width - 16), h - 6);
        QPainterPath path;
        path.addRoundedRect(QRectF(tab.adjusted(0, 0, 0, 8)), 8, 8);
        p.save();
        p.setClipRect(tab);
        p.fillPath(path, Qt::white);
        p.restore();
        const QRect icon(tab.left() + 10, tab.center().y() - 8, 16, 16);
        if (logo.isNull()) {
            p.setPen(QColor(0x80, 0x86, 0x8b));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(icon.adjusted(1, 1, -1, -1));
        } else {
            const QSize size = logo.size().scaled(icon.size(), Qt::KeepAspectRatio);
            p.drawImage(QRect(icon.center() - QPoint(size.width() / 2, size.height() / 2), size), logo);
        }
        p.setFont(font(13));
        p.setPen(QColor(0x20, 0x21, 0x24));
        const QRect text(icon.right() + 8, tab.top(), tab.right() - icon.right() - 16, tab.height());
        p.drawText(text, Qt::AlignVCenter | Qt::AlignLeft,
            QFontMetrics(p.font()).elidedText(title, Qt::ElideRight, text.width()));
        y = h;
    }

private:
    int m_width;
    QFont m_base;
};

} // namespace

BrandPreviewWidget::BrandPreviewWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("brandPreview"));
    setAccessibleName(tr("Portal preview"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    render();
}

void BrandPreviewWidget::setBrand(const Brand &brand)
{
    if (brand == m_brand)
        return;
    m_brand = brand;
    render();
}

void BrandPreviewWidget::setLayoutMode(Layout layout)
{
    if (layout == m_layout)
        return;
    m_layout = layout;
    render();
}

QSize BrandPreviewWidget::sizeHint() const
{
    return {480, 520};
}

QSize BrandPreviewWidget::minimumSizeHint() const
{
    return {240, 240};
}

void BrandPreviewWidget::render()
{
    Palette c;
    c.primary = brandColour(m_brand.primary, "brand_primary_color");
    c.accent = brandColour(m_brand.accent, "brand_accent_color");
    c.background = brandColour(m_brand.background, "brand_background_color");
    c.text = brandColour(m_brand.text, "brand_text_color");
    c.onPrimary = QColor(ColorContrast::readableOn(c.primary.name()));
    c.onAccent = QColor(ColorContrast::readableOn(c.accent.name()));
    c.border = mix(c.text, AtriumTheme::borderMixPercent / 100.0, c.background);
    c.surface = mix(c.text, AtriumTheme::surfaceMixPercent / 100.0, c.background);

    const bool narrow = m_layout == Layout::Phone;
    const int width = narrow ? phoneWidth : desktopWidth;
    QImage page(width, 2400, QImage::Format_ARGB32_Premultiplied);
    page.fill(c.background);
    int used = 0;
    {
        QPainter painter(&page);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        PagePainter d(painter, c, width);
        const QString name = m_brand.name.isEmpty() ? tr("Your organisation") : m_brand.name;
        d.browserTab(m_brand.logo, name);
        d.header(name, m_brand.logo, narrow, tr("Ivy Green"), tr("Sign out"));

        const int x = d.left();
        const int w = d.contentWidth();
        d.y += gap + 8;
        if (!m_brand.welcome.trimmed().isEmpty()) {
            d.y += d.paragraph(x, d.y, w, m_brand.welcome, d.font(16), c.text) + gap;
        }
        d.y += d.paragraph(x, d.y, w, tr("Your projects"), d.font(26, true), c.text) + 12;

        // .project-link cards: the name in the primary colour, underlined.
        const QStringList projects = {tr("Brand refresh"), tr("Spring campaign")};
        const QStringList details = {tr("4 shared tasks · 1 sign-off waiting"), tr("2 shared files")};
        const int columns = narrow ? 1 : 2;
        const int cardWidth = (w - (columns - 1) * 12) / columns;
        int rowTop = d.y;
        for (int i = 0; i < projects.size(); ++i) {
            const int cx = x + (i % columns) * (cardWidth + 12);
            if (i > 0 && i % columns == 0)
                rowTop += 84 + 12;
            d.box(QRect(cx, rowTop, cardWidth, 84), c.surface, c.border);
            QFont nameFont = d.font(18, true);
            nameFont.setUnderline(true);
            d.paragraph(cx + 16, rowTop + 14, cardWidth - 32, projects.at(i), nameFont, c.primary);
            d.paragraph(cx + 16, rowTop + 46, cardWidth - 32, details.at(i), d.font(14), c.text);
        }
        d.y = rowTop + 84 + gap + 8;

        // A project's tasks.
        d.y += d.paragraph(x, d.y, w, tr("Tasks"), d.font(20, true), c.text) + 8;
        const QStringList tasks = {tr("Review the moodboard"), tr("Send the final copy"), tr("Choose a typeface")};
        const QStringList states = {tr("Done"), tr("In progress"), tr("To do")};
        const int taskTop = d.y;
        d.box(QRect(x, taskTop, w, int(tasks.size()) * 44), c.background, c.border);
        for (int i = 0; i < tasks.size(); ++i) {
            const int ty = taskTop + i * 44;
            if (i > 0) {
                painter.setPen(c.border);
                painter.drawLine(x + 1, ty, x + w - 2, ty);
            }
            const QFont chipFont = d.font(13, true);
            const int chipWidth = QFontMetrics(chipFont).horizontalAdvance(states.at(i)) + 16;
            d.paragraph(x + 14, ty + 12, w - chipWidth - 40, tasks.at(i), d.font(15), c.text);
            const QRect chip(x + w - chipWidth - 14, ty + 10, chipWidth, 24);
            d.box(chip, i == 0 ? c.accent : c.surface, i == 0 ? c.accent : c.border);
            painter.setFont(chipFont);
            painter.setPen(i == 0 ? c.onAccent : c.text);
            painter.drawText(chip, Qt::AlignCenter, states.at(i));
        }
        d.y = taskTop + int(tasks.size()) * 44 + gap + 8;

        // A sign-off card with its two answers.
        const int cardTop = d.y;
        const QString title = tr("Sign-off: homepage design");
        const QString body = tr("Please approve the homepage design, or tell us what to change.");
        int inner = cardTop + 16;
        inner += d.paragraph(x + 16, inner, w - 32, title, d.font(18, true), c.text) + 6;
        inner += d.paragraph(x + 16, inner, w - 32, body, d.font(15), c.text) + 12;
        const int cardHeight = inner + 36 + 16 - cardTop;
        // Drawn under the text: paint the box first, then the text again.
        d.box(QRect(x, cardTop, w, cardHeight), c.surface, c.border);
        inner = cardTop + 16;
        inner += d.paragraph(x + 16, inner, w - 32, title, d.font(18, true), c.text) + 6;
        inner += d.paragraph(x + 16, inner, w - 32, body, d.font(15), c.text) + 12;
        const int approve = d.button(x + 16, inner, tr("Approve"), c.primary, c.primary, c.onPrimary);
        d.button(x + 16 + approve + 8, inner, tr("Request changes"), c.background, c.primary, c.primary);
        used = cardTop + cardHeight + 2 * gap;
    }
    m_page = page.copy(0, 0, width, std::min(page.height(), used));
    update();
    Q_EMIT pageChanged();
}

void BrandPreviewWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.fillRect(rect(), palette().window());
    if (m_page.isNull())
        return;
    // The whole page, scaled down to fit.
    const double scale = std::min({1.0, double(width()) / m_page.width(), double(height()) / m_page.height()});
    const QSize shown(int(m_page.width() * scale), int(m_page.height() * scale));
    const QRect target(QPoint((width() - shown.width()) / 2, 0), shown);
    painter.drawImage(target, m_page);
    painter.setPen(palette().mid().color());
    painter.drawRect(target.adjusted(0, 0, -1, -1));
}
