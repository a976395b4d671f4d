// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// One source for the portal's look: portal/theme.json. The header CMake generates from it
// ("portal/theme.h"), the entity schema's default colours (what brand.css falls back to) and the
// desktop's branding preview must all agree with it; portal/test/theme.test.mjs checks app.css.

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "common/entityschema.h"
#include "portal/theme.h"
#include "ui/branding/brandpreviewwidget.h"

class TestTheme : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void headerHasTheJsonsValues();
    void schemaDefaultsAreTheThemesColours_data();
    void schemaDefaultsAreTheThemesColours();
    void previewDrawsWithTheThemesMeasures();

private:
    QJsonObject m_theme;
};

void TestTheme::initTestCase()
{
    QFile file(QStringLiteral(ATRIUM_SOURCE_DIR "/portal/theme.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    m_theme = QJsonDocument::fromJson(file.readAll()).object();
    QVERIFY(!m_theme.isEmpty());
}

void TestTheme::headerHasTheJsonsValues()
{
    const QJsonObject colours = m_theme.value(u"colours").toObject();
    QCOMPARE(QString::fromLatin1(AtriumTheme::primary), colours.value(u"primary").toString());
    QCOMPARE(QString::fromLatin1(AtriumTheme::accent), colours.value(u"accent").toString());
    QCOMPARE(QString::fromLatin1(AtriumTheme::background), colours.value(u"background").toString());
    QCOMPARE(QString::fromLatin1(AtriumTheme::text), colours.value(u"text").toString());
    QCOMPARE(AtriumTheme::radiusPx, m_theme.value(u"radiusPx").toInt());
    QCOMPARE(AtriumTheme::gapPx, m_theme.value(u"gapPx").toInt());
    QCOMPARE(AtriumTheme::contentMaxWidthPx, m_theme.value(u"contentMaxWidthPx").toInt());
    const QJsonObject mix = m_theme.value(u"mixPercent").toObject();
    QCOMPARE(AtriumTheme::borderMixPercent, mix.value(u"border").toInt());
    QCOMPARE(AtriumTheme::surfaceMixPercent, mix.value(u"surface").toInt());
}

void TestTheme::schemaDefaultsAreTheThemesColours_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("colour");
    QTest::addRow("primary") << QStringLiteral("brand_primary_color") << QStringLiteral("primary");
    QTest::addRow("accent") << QStringLiteral("brand_accent_color") << QStringLiteral("accent");
    QTest::addRow("background") << QStringLiteral("brand_background_color") << QStringLiteral("background");
    QTest::addRow("text") << QStringLiteral("brand_text_color") << QStringLiteral("text");
}

void TestTheme::schemaDefaultsAreTheThemesColours()
{
    QFETCH(QString, field);
    QFETCH(QString, colour);
    const FieldSpec *spec = EntitySchema::find(u"organisation")->field(field);
    QVERIFY(spec);
    QCOMPARE(spec->defaultValue.toString(), m_theme.value(u"colours").toObject().value(colour).toString());
}

void TestTheme::previewDrawsWithTheThemesMeasures()
{
    const BrandPreviewWidget::Metrics metrics = BrandPreviewWidget::metrics();
    QCOMPARE(metrics.gapPx, m_theme.value(u"gapPx").toInt());
    QCOMPARE(metrics.radiusPx, m_theme.value(u"radiusPx").toInt());
    QCOMPARE(metrics.contentMaxWidthPx, m_theme.value(u"contentMaxWidthPx").toInt());
    const QJsonObject mix = m_theme.value(u"mixPercent").toObject();
    QCOMPARE(metrics.borderMixPercent, mix.value(u"border").toInt());
    QCOMPARE(metrics.surfaceMixPercent, mix.value(u"surface").toInt());
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
