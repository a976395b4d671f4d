// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QString>
#include <QWidget>

// What the portal's branding consists of, as the settings dialog edits it.
struct Brand
{
    QString name; // the organisation's
    QString primary;
    QString accent;
    QString background;
    QString text;
    QString welcome;
    QImage logo; // null: the name alone, as the portal shows it

    bool operator==(const Brand &other) const = default;
};

// A picture of the client portal with a given branding, redrawn on every change: the browser tab
// with its favicon (the logo, as the portal sets it) and the page's header with
// logo and name, the welcome text, the project list, a project's tasks and a sign-off card, laid
// out like portal/app.css does at a desktop browser's width (60rem of content) or a phone's
// (375 px). Colours that are not #rrggbb fall back to the portal's defaults, as brand.css does.
// Owned by the dialog that shows it.
class BrandPreviewWidget : public QWidget
{
    Q_OBJECT
public:
    enum class Layout { Desktop, Phone };
    static constexpr int desktopWidth = 1024;
    static constexpr int phoneWidth = 375;
    static constexpr int chromeHeight = 36; // the browser's tab strip above the page

    // The page's measures the preview draws with, in CSS pixels and percent, as app.css has them.
    struct Metrics
    {
        int gapPx;
        int radiusPx;
        int contentMaxWidthPx;
        int borderMixPercent;
        int surfaceMixPercent;
    };
    static Metrics metrics();

    explicit BrandPreviewWidget(QWidget *parent = nullptr);

    void setBrand(const Brand &brand);
    Brand brand() const { return m_brand; }
    void setLayoutMode(Layout layout);
    Layout layoutMode() const { return m_layout; }
    // The page at its real width in CSS pixels, as last drawn.
    QImage page() const { return m_page; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void pageChanged();

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void render();

    Brand m_brand;
    Layout m_layout = Layout::Desktop;
    QImage m_page;
};
