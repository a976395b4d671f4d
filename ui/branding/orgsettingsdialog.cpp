// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/branding/orgsettingsdialog.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QClipboard>
#include <QColorDialog>
#include <QComboBox>
#include <QDesktopServices>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "common/colorcontrast.h"
#include "common/entityschema.h"
#include "common/logoimage.h"
#include "sync/apiclient.h"
#include "sync/localcache.h"
#include "sync/logooutbox.h"
#include "ui/branding/storagepanel.h"
#include "ui/statuscolors.h"

namespace {

const QStringList colourFields = {QStringLiteral("brand_primary_color"), QStringLiteral("brand_accent_color"),
    QStringLiteral("brand_background_color"), QStringLiteral("brand_text_color")};

QString defaultOf(const QString &field)
{
    return EntitySchema::find(u"organisation")->field(field)->defaultValue.toString();
}

QIcon swatch(const QString &hex)
{
    QPixmap pixmap(20, 20);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setPen(QColor(0x55, 0x55, 0x55));
    painter.setBrush(ColorContrast::luminance(hex) ? QColor(hex) : QColor(Qt::transparent));
    painter.drawRect(0, 0, 19, 19);
    return QIcon(pixmap);
}

} // namespace

OrgSettingsDialog::OrgSettingsDialog(
    LocalCache *cache, const QUrl &server, const QString &token, const QString &signedInEmail, QWidget *parent)
    : QDialog(parent)
    , m_cache(cache)
    , m_api(new ApiClient(this))
    , m_portalEnabled(new QCheckBox(tr("&Enable the Client Portal for this organisation"), this))
    , m_twoFactorStaff(new QCheckBox(tr("Require two-factor sign-in of all &staff"), this))
    , m_twoFactorClients(new QComboBox(this))
    , m_graceDays(new QSpinBox(this))
    , m_slug(new QLineEdit(this))
    , m_slugProblem(new QLabel(this))
    , m_url(new QLineEdit(this))
    , m_copyUrl(new QPushButton(tr("&Copy"), this))
    , m_customHost(new QLineEdit(this))
    , m_hostProblem(new QLabel(this))
    , m_logoThumb(new QLabel(this))
    , m_chooseLogo(new QPushButton(tr("Choose &Logo…"), this))
    , m_removeLogo(new QPushButton(tr("Re&move Logo"), this))
    , m_welcome(new QPlainTextEdit(this))
    , m_senderName(new QLineEdit(this))
    , m_contrast(new QLabel(this))
    , m_status(new QLabel(this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_reset(new QPushButton(tr("Reset to &Defaults"), this))
    , m_openPreview(new QPushButton(tr("Open Preview in &Browser"), this))
    , m_preview(new BrandPreviewWidget(this))
{
    setObjectName(QStringLiteral("orgSettingsDialog"));
    setWindowTitle(tr("Organisation Settings"));
    m_api->setServerUrl(server);
    m_api->setToken(token);

    // The signed-in user's role decides, as the server does (only admins change the organisation).
    m_editable = cache->staffRole(signedInEmail) == u"admin";
    if (auto orgs = cache->records(QStringLiteral("organisation"), {}); orgs && !orgs->rows.isEmpty())
        m_orgId = orgs->rows.first().id;
    buildForm();
    load();
    fetchCurrentLogo();
    connect(cache, &LocalCache::rowsChanged, this, [this](const QString &entity) {
        if (entity == u"organisation")
            checkServerAnswer();
    });
    resize(1100, 720);
}

void OrgSettingsDialog::buildForm()
{
    m_portalEnabled->setObjectName(QStringLiteral("portalEnabled"));
    m_slug->setObjectName(QStringLiteral("portalSlug"));
    m_slug->setMaxLength(63);
    m_slug->setPlaceholderText(tr("e.g. northwind"));
    m_slugProblem->setObjectName(QStringLiteral("slugProblem"));
    m_slugProblem->setWordWrap(true);
    m_slugProblem->setStyleSheet(StatusColors::textStyle(StatusColors::Tone::Error, palette()));
    m_hostProblem->setObjectName(QStringLiteral("hostProblem"));
    m_hostProblem->setWordWrap(true);
    m_hostProblem->setStyleSheet(m_slugProblem->styleSheet());
    m_hostProblem->hide();
    m_url->setObjectName(QStringLiteral("portalUrl"));
    m_url->setReadOnly(true);
    m_copyUrl->setObjectName(QStringLiteral("copyUrlButton"));
    m_customHost->setObjectName(QStringLiteral("portalCustomHost"));
    m_customHost->setMaxLength(253);
    m_customHost->setPlaceholderText(tr("Optional, e.g. portal.example.com"));
    m_logoThumb->setObjectName(QStringLiteral("logoThumbnail"));
    m_logoThumb->setFixedSize(168, 56);
    m_logoThumb->setAlignment(Qt::AlignCenter);
    m_logoThumb->setFrameShape(QFrame::StyledPanel);
    m_logoThumb->setWordWrap(true);
    m_chooseLogo->setObjectName(QStringLiteral("chooseLogoButton"));
    m_removeLogo->setObjectName(QStringLiteral("removeLogoButton"));
    m_welcome->setObjectName(QStringLiteral("welcomeText"));
    m_welcome->setPlaceholderText(tr("A sentence or two your clients see when they sign in."));
    m_welcome->setTabChangesFocus(true);
    m_welcome->setMaximumHeight(90);
    m_senderName->setObjectName(QStringLiteral("emailSenderName"));
    m_senderName->setMaxLength(200);
    m_senderName->setPlaceholderText(tr("Defaults to the organisation's name"));
    m_contrast->setObjectName(QStringLiteral("contrastCheck"));
    m_contrast->setWordWrap(true);
    m_contrast->setTextFormat(Qt::PlainText);
    m_status->setObjectName(QStringLiteral("saveStatus"));
    m_status->setWordWrap(true);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setDefault(true);
    m_reset->setObjectName(QStringLiteral("resetButton"));
    m_openPreview->setObjectName(QStringLiteral("openPreviewButton"));

    auto *portalBox = new QGroupBox(tr("Client Portal"), this);
    auto *portalForm = new QFormLayout(portalBox);
    // A field with the line under it that says what is wrong with it.
    const auto addCheckedRow = [this, portalForm](const QString &text, QLineEdit *edit, QLabel *problem) {
        auto *column = new QVBoxLayout;
        column->addWidget(edit);
        column->addWidget(problem);
        auto *label = new QLabel(text, this);
        label->setBuddy(edit);
        portalForm->addRow(label, column);
    };
    portalForm->addRow(m_portalEnabled);
    addCheckedRow(tr("Add&ress:"), m_slug, m_slugProblem);
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_copyUrl);
    portalForm->addRow(tr("Portal URL:"), urlRow);
    addCheckedRow(tr("Custom &host:"), m_customHost, m_hostProblem);
    auto *hostNote =
        new QLabel(tr("Point the host's DNS at this server: its address then opens the portal too."), this);
    hostNote->setWordWrap(true);
    portalForm->addRow(QString(), hostNote);

    auto *brandBox = new QGroupBox(tr("Branding"), this);
    auto *brandForm = new QFormLayout(brandBox);
    auto *logoButtons = new QVBoxLayout;
    logoButtons->addWidget(m_chooseLogo);
    logoButtons->addWidget(m_removeLogo);
    auto *logoRow = new QHBoxLayout;
    logoRow->addWidget(m_logoThumb);
    logoRow->addLayout(logoButtons);
    logoRow->addStretch();
    brandForm->addRow(tr("Logo:"), logoRow);
    auto *logoNote =
        new QLabel(tr("PNG or JPEG. Scaled to at most %1 pixels and saved as PNG; the browser tab icon comes from it.")
                       .arg(LogoImage::maxSide),
            this);
    logoNote->setWordWrap(true);
    brandForm->addRow(QString(), logoNote);
    const QStringList labels = {
        tr("&Primary colour:"), tr("&Accent colour:"), tr("Bac&kground colour:"), tr("&Text colour:")};
    for (int i = 0; i < colourFields.size(); ++i) {
        const QString field = colourFields.at(i);
        auto *edit = new QLineEdit(this);
        edit->setObjectName(field);
        edit->setMaxLength(7);
        edit->setPlaceholderText(defaultOf(field));
        edit->setMaximumWidth(110);
        auto *picker = new QToolButton(this);
        picker->setObjectName(field + QStringLiteral("Picker"));
        picker->setToolTip(tr("Choose a colour"));
        picker->setAccessibleName(tr("Choose the %1").arg(labels.at(i).toLower().remove(u'&').remove(u':')));
        connect(picker, &QToolButton::clicked, this, [this, field, edit] {
            auto *dialog = new QColorDialog(QColor(colourField(field)), this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->setObjectName(QStringLiteral("colourDialog"));
            connect(dialog, &QColorDialog::colorSelected, edit, [edit](const QColor &colour) {
                edit->setText(colour.name());
            });
            dialog->open();
        });
        connect(edit, &QLineEdit::textChanged, this, &OrgSettingsDialog::updatePreview);
        auto *row = new QHBoxLayout;
        row->addWidget(edit);
        row->addWidget(picker);
        row->addStretch();
        auto *label = new QLabel(labels.at(i), this);
        label->setBuddy(edit);
        brandForm->addRow(label, row);
        m_colours.insert(field, edit);
        m_pickers.insert(field, picker);
    }
    brandForm->addRow(QString(), m_contrast);
    brandForm->addRow(tr("&Welcome text:"), m_welcome);
    brandForm->addRow(tr("E-mail se&nder name:"), m_senderName);

    auto *form = new QWidget(this);
    auto *formLayout = new QVBoxLayout(form);
    formLayout->addWidget(portalBox);
    formLayout->addWidget(brandBox);
    formLayout->addStretch();
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(form->sizeHint().width() + 24);

    // The preview at a desktop browser's width or a phone's.
    auto *desktop = new QToolButton(this);
    desktop->setText(tr("Desktop"));
    desktop->setObjectName(QStringLiteral("desktopLayoutButton"));
    auto *phone = new QToolButton(this);
    phone->setText(tr("Phone"));
    phone->setObjectName(QStringLiteral("phoneLayoutButton"));
    auto *widths = new QButtonGroup(this);
    for (QToolButton *b : {desktop, phone}) {
        b->setCheckable(true);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        widths->addButton(b);
    }
    desktop->setChecked(true);
    connect(desktop, &QToolButton::toggled, this, [this](bool on) {
        m_preview->setLayoutMode(on ? BrandPreviewWidget::Layout::Desktop : BrandPreviewWidget::Layout::Phone);
    });
    auto *previewHeader = new QHBoxLayout;
    previewHeader->addWidget(new QLabel(tr("<b>Preview</b>"), this));
    previewHeader->addStretch();
    previewHeader->addWidget(desktop);
    previewHeader->addWidget(phone);
    auto *previewColumn = new QVBoxLayout;
    previewColumn->addLayout(previewHeader);
    previewColumn->addWidget(m_preview, 1);

    auto *page = new QWidget(this);
    auto *columns = new QHBoxLayout(page);
    columns->addWidget(scroll, 0);
    columns->addLayout(previewColumn, 1);
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("orgSettingsTabs"));
    tabs->addTab(page, tr("Client Portal"));
    // What the quota holds, for those who manage it.
    if (m_editable && !m_orgId.isEmpty())
        tabs->addTab(new StoragePanel(m_api, m_orgId, tabs), tr("Storage"));
    tabs->addTab(buildSecurityPage(), tr("Security"));

    auto *close = new QPushButton(tr("Close"), this);
    close->setObjectName(QStringLiteral("closeButton"));
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_reset);
    buttons->addWidget(m_openPreview);
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_save);
    buttons->addWidget(close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs, 1);
    layout->addLayout(buttons);

    connect(m_portalEnabled, &QCheckBox::toggled, this, &OrgSettingsDialog::updateSaveState);
    connect(m_twoFactorStaff, &QCheckBox::toggled, this, &OrgSettingsDialog::updateSaveState);
    connect(m_twoFactorClients, &QComboBox::currentIndexChanged, this, &OrgSettingsDialog::updateSaveState);
    connect(m_graceDays, &QSpinBox::valueChanged, this, &OrgSettingsDialog::updateSaveState);
    connect(m_slug, &QLineEdit::textChanged, this, &OrgSettingsDialog::updateValidity);
    connect(m_customHost, &QLineEdit::textChanged, this, &OrgSettingsDialog::updateValidity);
    connect(m_welcome, &QPlainTextEdit::textChanged, this, &OrgSettingsDialog::updatePreview);
    connect(m_senderName, &QLineEdit::textChanged, this, &OrgSettingsDialog::updateSaveState);
    connect(m_copyUrl, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_url->text());
        m_copyUrl->setText(tr("Copied"));
    });
    connect(m_chooseLogo, &QPushButton::clicked, this, &OrgSettingsDialog::chooseLogo);
    connect(m_removeLogo, &QPushButton::clicked, this, &OrgSettingsDialog::removeLogo);
    connect(m_save, &QPushButton::clicked, this, &OrgSettingsDialog::save);
    connect(m_reset, &QPushButton::clicked, this, &OrgSettingsDialog::resetToDefaults);
    connect(m_openPreview, &QPushButton::clicked, this, &OrgSettingsDialog::openPreviewInBrowser);

    if (!m_editable) {
        // Members see everything an admin sees, but cannot change it.
        for (QWidget *w :
            std::initializer_list<QWidget *>{m_portalEnabled, m_twoFactorStaff, m_twoFactorClients, m_graceDays})
            w->setEnabled(false);
        for (QLineEdit *edit : {m_slug, m_customHost, m_senderName})
            edit->setReadOnly(true);
        for (QLineEdit *edit : std::as_const(m_colours))
            edit->setReadOnly(true);
        m_welcome->setReadOnly(true);
        for (QWidget *w : std::initializer_list<QWidget *>{m_save, m_reset, m_openPreview, m_chooseLogo, m_removeLogo})
            w->hide();
        for (QToolButton *picker : std::as_const(m_pickers))
            picker->hide();
        logoNote->hide();
        setStatus(tr("Only administrators can change these settings."));
    }
}

QWidget *OrgSettingsDialog::buildSecurityPage()
{
    m_twoFactorStaff->setObjectName(QStringLiteral("twoFactorStaff"));
    m_twoFactorClients->setObjectName(QStringLiteral("twoFactorClients"));
    m_twoFactorClients->addItem(tr("Not required"), QStringLiteral("off"));
    m_twoFactorClients->addItem(tr("Required of all clients"), QStringLiteral("all"));
    m_twoFactorClients->addItem(tr("Required of the clients chosen in Clients"), QStringLiteral("chosen"));
    m_graceDays->setObjectName(QStringLiteral("twoFactorGraceDays"));
    m_graceDays->setRange(0, 90);
    m_graceDays->setSuffix(tr(" days"));
    m_graceDays->setSpecialValueText(tr("None: enrol at the next sign-in"));

    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *intro = new QLabel(tr("With two-factor sign-in, signing in takes a password and a code from an "
                                "authenticator app. Whoever has not set it up when it becomes required is asked to "
                                "at every sign-in during the grace period; after it, they can sign in only by "
                                "setting it up. The period starts when the requirement is switched on, or when "
                                "someone joins later."),
        page);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    form->addRow(tr("Staff:"), m_twoFactorStaff);
    form->addRow(tr("&Clients:"), m_twoFactorClients);
    form->addRow(tr("&Grace period:"), m_graceDays);
    layout->addLayout(form);
    auto *chosen = new QLabel(tr("To choose clients, right-click a client in Clients and choose "
                                 "\"Require Two-Factor Sign-In\"."),
        page);
    chosen->setWordWrap(true);
    layout->addWidget(chosen);
    layout->addStretch();
    return page;
}

void OrgSettingsDialog::load()
{
    const auto row = m_cache->row(QStringLiteral("organisation"), m_orgId);
    if (!row) {
        // Before the first sync there is nothing to show yet.
        setStatus(tr("The organisation's settings have not been downloaded yet. Try again after syncing."), true);
        m_save->setEnabled(false);
        return;
    }
    m_saved = *row;
    m_portalEnabled->setChecked(row->value(u"portal_enabled").toBool());
    m_twoFactorStaff->setChecked(row->value(u"two_factor_staff").toBool());
    m_twoFactorClients->setCurrentIndex(
        qMax(0, m_twoFactorClients->findData(row->value(u"two_factor_clients").toString())));
    m_graceDays->setValue(row->value(u"two_factor_grace_days").toInt(14));
    m_slug->setText(row->value(u"portal_slug").toString());
    m_customHost->setText(row->value(u"portal_custom_host").toString());
    for (const QString &field : colourFields)
        m_colours.value(field)->setText(row->value(field).toString());
    m_welcome->setPlainText(row->value(u"brand_welcome_text").toString());
    m_senderName->setText(row->value(u"email_sender_name").toString());
    updateValidity();
}

void OrgSettingsDialog::fetchCurrentLogo()
{
    const QString logoId = m_saved.value(u"brand_logo_file_id").toString();
    const QString slug = m_saved.value(u"portal_slug").toString();
    if (logoId.isEmpty() || slug.isEmpty())
        return;
    QNetworkReply *reply = m_api->network()->get(QNetworkRequest(m_api->url(QStringLiteral("/p/%1/logo").arg(slug))));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        // Chosen meanwhile: the new one stays.
        if (m_logoChanged)
            return;
        const QByteArray data = reply->readAll();
        const QImage image = QImage::fromData(data, "PNG");
        if (reply->error() != QNetworkReply::NoError || image.isNull()) {
            m_logoUnavailable = true;
            updatePreview();
            return;
        }
        m_logo = image;
        m_logoPng = data;
        updatePreview();
    });
}

QString OrgSettingsDialog::colourField(const QString &field) const
{
    QString value = m_colours.value(field)->text().trimmed().toLower();
    if (!value.startsWith(u'#'))
        value.prepend(u'#');
    return value;
}

Brand OrgSettingsDialog::brand() const
{
    Brand b;
    b.name = m_saved.value(u"name").toString();
    b.primary = colourField(QStringLiteral("brand_primary_color"));
    b.accent = colourField(QStringLiteral("brand_accent_color"));
    b.background = colourField(QStringLiteral("brand_background_color"));
    b.text = colourField(QStringLiteral("brand_text_color"));
    b.welcome = m_welcome->toPlainText();
    b.logo = m_logo;
    return b;
}

QUrl OrgSettingsDialog::portalUrl() const
{
    QUrl url = m_api->serverUrl();
    url.setPath(QStringLiteral("/p/") + m_slug->text().trimmed());
    return url;
}

void OrgSettingsDialog::updatePreview()
{
    const Brand b = brand();
    m_preview->setBrand(b);
    for (const QString &field : colourFields)
        m_pickers.value(field)->setIcon(swatch(colourField(field)));
    if (m_logo.isNull()) {
        m_logoThumb->setText(
            m_logoUnavailable && !m_logoChanged ? tr("Saved logo not loaded (offline)") : tr("No logo"));
    } else {
        m_logoThumb->setPixmap(QPixmap::fromImage(
            m_logo.scaled(m_logoThumb->size() - QSize(8, 8), Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    }
    m_removeLogo->setEnabled(m_editable && !m_logo.isNull());

    const auto nameOf = [](ColorContrast::PairCheck::Pair pair) {
        switch (pair) {
        case ColorContrast::PairCheck::TextOnBackground:
            return tr("Text on the background");
        case ColorContrast::PairCheck::PrimaryOnBackground:
            return tr("Links and project names (primary on background)");
        case ColorContrast::PairCheck::OnPrimary:
            return tr("Header and buttons (text on primary)");
        case ColorContrast::PairCheck::OnAccent:
            return tr("Highlights (text on accent)");
        case ColorContrast::PairCheck::AccentOnBackground:
            return tr("Focus outline (accent on background)");
        }
        return QString();
    };
    QStringList problems;
    const auto checks = ColorContrast::brandChecks(b.primary, b.accent, b.background, b.text);
    for (const ColorContrast::PairCheck &check : checks) {
        if (!check.passes())
            problems.append(tr("⚠ %1: contrast %2:1, WCAG 2.1 AA needs %3:1")
                                .arg(nameOf(check.pair), QLocale().toString(check.ratio, 'f', 1),
                                    QLocale().toString(check.required, 'f', 1)));
    }
    m_contrast->setText(
        problems.isEmpty() ? tr("✓ Every colour pair meets WCAG 2.1 AA.") : problems.join(QStringLiteral("\n")));
    m_contrast->setStyleSheet(StatusColors::textStyle(
        problems.isEmpty() ? StatusColors::Tone::Success : StatusColors::Tone::Error, palette()));
    m_contrast->setProperty("failingPairs", int(problems.size()));
    updateSaveState();
}

void OrgSettingsDialog::updateValidity()
{
    const QString slug = m_slug->text().trimmed();
    if (slug.isEmpty())
        m_slugProblem->setText(tr("Choose the address of the portal."));
    else if (!EntitySchema::isValidSlug(slug))
        m_slugProblem->setText(tr(
            "Use 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit."));
    else
        m_slugProblem->clear();
    m_slugProblem->setVisible(!m_slugProblem->text().isEmpty());
    const QString host = m_customHost->text().trimmed().toLower();
    m_hostProblem->setText(host.isEmpty() || EntitySchema::isValidHostName(host)
            ? QString()
            : tr("Enter a host name like portal.example.com, or leave it empty."));
    m_hostProblem->setVisible(!m_hostProblem->text().isEmpty());
    m_url->setText(EntitySchema::isValidSlug(slug) ? portalUrl().toString() : QString());
    m_copyUrl->setEnabled(!m_url->text().isEmpty());
    m_copyUrl->setText(tr("&Copy"));
    updatePreview();
}

void OrgSettingsDialog::updateSaveState()
{
    if (!m_editable)
        return;
    const QString host = m_customHost->text().trimmed().toLower();
    bool valid = !m_orgId.isEmpty() && EntitySchema::isValidSlug(m_slug->text().trimmed())
        && (host.isEmpty() || EntitySchema::isValidHostName(host));
    for (const QString &field : colourFields) {
        const bool ok = ColorContrast::luminance(colourField(field)).has_value();
        m_colours.value(field)->setStyleSheet(ok
                ? QString()
                : QStringLiteral("border: 2px solid %1")
                      .arg(StatusColors::foreground(StatusColors::Tone::Error, palette()).name()));
        m_colours.value(field)->setToolTip(ok ? QString() : tr("A colour as #rrggbb, e.g. #1f4e79."));
        valid = valid && ok;
    }
    m_save->setEnabled(valid);
    m_openPreview->setEnabled(valid);
}

void OrgSettingsDialog::setStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? StatusColors::textStyle(StatusColors::Tone::Error, palette()) : QString());
}

bool OrgSettingsDialog::setLogoFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > 4 * LogoImage::maxBytes) {
        setStatus(tr("Cannot read %1.").arg(path), true);
        return false;
    }
    auto png = LogoImage::normalise(file.readAll(), {QByteArrayLiteral("png"), QByteArrayLiteral("jpeg")});
    if (!png) {
        setStatus(tr("This file cannot be used as a logo: choose a PNG or JPEG image."), true);
        return false;
    }
    m_logoPng = *png;
    m_logo = QImage::fromData(m_logoPng, "PNG");
    m_logoChanged = true;
    setStatus(tr("New logo chosen; Save to use it."));
    updatePreview();
    return true;
}

void OrgSettingsDialog::chooseLogo()
{
    auto *dialog = new QFileDialog(this, tr("Choose a Logo"), QString(), tr("Images (*.png *.jpg *.jpeg)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, &OrgSettingsDialog::setLogoFile);
    dialog->open();
}

void OrgSettingsDialog::removeLogo()
{
    m_logo = QImage();
    m_logoPng.clear();
    m_logoChanged = true;
    updatePreview();
}

void OrgSettingsDialog::resetToDefaults()
{
    for (const QString &field : colourFields)
        m_colours.value(field)->setText(defaultOf(field));
    m_welcome->clear();
    m_senderName->clear();
    removeLogo();
    setStatus(tr("The default branding is shown; Save to use it."));
}

QJsonObject OrgSettingsDialog::changedFields(const QJsonValue &logo) const
{
    QJsonObject now{{QStringLiteral("portal_enabled"), m_portalEnabled->isChecked()},
        {QStringLiteral("portal_slug"), m_slug->text().trimmed()},
        {QStringLiteral("portal_custom_host"),
            m_customHost->text().trimmed().isEmpty() ? QJsonValue()
                                                     : QJsonValue(m_customHost->text().trimmed().toLower())},
        {QStringLiteral("brand_welcome_text"), m_welcome->toPlainText()},
        {QStringLiteral("email_sender_name"), m_senderName->text().trimmed()},
        {QStringLiteral("two_factor_staff"), m_twoFactorStaff->isChecked()},
        {QStringLiteral("two_factor_clients"), m_twoFactorClients->currentData().toString()},
        {QStringLiteral("two_factor_grace_days"), m_graceDays->value()}};
    for (const QString &field : colourFields)
        now.insert(field, colourField(field));
    if (!logo.isUndefined())
        now.insert(QStringLiteral("brand_logo_file_id"), logo);
    QJsonObject changed;
    for (auto it = now.begin(); it != now.end(); ++it) {
        const QJsonValue was = m_saved.value(it.key());
        // An empty text and a missing one are the same to people (numbers and booleans are not texts).
        const auto textLike = [](const QJsonValue &v) {
            return v.isString() || v.isNull() || v.isUndefined();
        };
        const bool same = was == it.value()
            || (was.isDouble() && it.value().isDouble() && was.toDouble() == it.value().toDouble())
            || (textLike(was) && textLike(it.value()) && was.toString().isEmpty() && it.value().toString().isEmpty());
        if (!same)
            changed.insert(it.key(), it.value());
    }
    return changed;
}

void OrgSettingsDialog::save()
{
    if (!m_editable || !m_save->isEnabled())
        return;
    m_knownRefusals.clear();
    for (const QJsonObject &failed : m_cache->failedEdits())
        m_knownRefusals.insert(failed.value(u"mutation").toObject().value(u"mutation_id").toString());
    // A new logo goes its own way (the server must hold it first), so it also waits out being offline.
    const bool newLogo = m_logoChanged && !m_logo.isNull();
    if (newLogo) {
        if (auto r = LogoOutbox::queue(m_cache, m_orgId, m_logoPng); !r) {
            setStatus(r.error().message, true);
            return;
        }
        m_logoChanged = false;
        m_logoInFlight = true;
    }
    const Saved saved = applyEdits(m_logoChanged ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonValue::Undefined));
    if (!newLogo) {
        if (saved == Saved::Nothing)
            setStatus(tr("Nothing to save: these are the current settings."));
        return;
    }
    setStatus(tr("Sending the logo…"));
    const bool sending =
        LogoOutbox::send(m_cache, m_api, this, [this](LogoOutbox::Outcome outcome, const QString &message) {
            m_logoInFlight = false;
            switch (outcome) {
            case LogoOutbox::Outcome::Applied:
                m_awaitingServer = true;
                setStatus(tr("Saved. Sending it to the server…"));
                checkServerAnswer();
                break;
            case LogoOutbox::Outcome::Waiting:
                setStatus(tr("Saved. The server cannot be reached now: the changes, the new logo included, go out as "
                             "soon as it can."));
                break;
            case LogoOutbox::Outcome::Refused:
                setStatus(tr("The server did not take the logo: %1").arg(message), true);
                break;
            }
        });
    if (!sending) {
        // Another send of the waiting logo is under way (the app's own retry): it finishes the job.
        m_logoInFlight = false;
        checkServerAnswer();
    }
}

OrgSettingsDialog::Saved OrgSettingsDialog::applyEdits(const QJsonValue &logo)
{
    const QJsonObject fields = changedFields(logo);
    if (fields.isEmpty()) {
        if (!logo.isUndefined())
            m_logoChanged = false;
        return Saved::Nothing;
    }
    auto r = m_cache->applyEdit({LocalEdit::Op::Update, QStringLiteral("organisation"), m_orgId, fields});
    if (!r) {
        setStatus(r.error().message, true);
        return Saved::Failed;
    }
    if (!logo.isUndefined())
        m_logoChanged = false;
    if (const auto row = m_cache->row(QStringLiteral("organisation"), m_orgId))
        m_saved = *row;
    m_awaitingServer = true;
    setStatus(tr("Saved. Sending it to the server…"));
    checkServerAnswer();
    return Saved::Queued;
}

void OrgSettingsDialog::checkServerAnswer()
{
    // The colours may reach the server before the logo does: the save is done when both are.
    if (!m_awaitingServer || m_logoInFlight)
        return;
    for (const QJsonObject &failed : m_cache->failedEdits()) {
        const QJsonObject mutation = failed.value(u"mutation").toObject();
        if (mutation.value(u"entity").toString() != u"organisation" || mutation.value(u"id").toString() != m_orgId
            || m_knownRefusals.contains(mutation.value(u"mutation_id").toString()))
            continue;
        m_awaitingServer = false;
        const QJsonObject error = failed.value(u"error").toObject();
        QString message = error.value(u"message").toString();
        const QJsonObject fields = mutation.value(u"fields").toObject();
        if (error.value(u"code").toString() == u"slug_taken") {
            // The server says the same for the address and the custom host; the edit tells which changed.
            const bool slug = fields.contains(u"portal_slug");
            message = slug ? tr("The address “%1” is already used by another organisation. Choose another one.")
                                 .arg(fields.value(u"portal_slug").toString())
                           : tr("The custom host “%1” is already used by another organisation.")
                                 .arg(fields.value(u"portal_custom_host").toString());
            QLabel *problem = slug ? m_slugProblem : m_hostProblem;
            problem->setText(message);
            problem->show();
            (slug ? m_slug : m_customHost)->setFocus();
        }
        // The cache has undone the refused edit; the form keeps what was typed, to fix and save again.
        if (const auto row = m_cache->row(QStringLiteral("organisation"), m_orgId))
            m_saved = *row;
        setStatus(tr("The server refused the change: %1").arg(message), true);
        Q_EMIT saveRefused(message);
        return;
    }
    const auto row = m_cache->row(QStringLiteral("organisation"), m_orgId);
    if (row && !row->value(u"pending").toBool()) {
        m_awaitingServer = false;
        m_saved = *row;
        setStatus(tr("Saved. The portal and its e-mails use the new settings now."));
        Q_EMIT saveApplied();
    }
}

void OrgSettingsDialog::openPreviewInBrowser()
{
    const Brand b = brand();
    QJsonObject body{{QStringLiteral("brand_primary_color"), b.primary},
        {QStringLiteral("brand_accent_color"), b.accent}, {QStringLiteral("brand_background_color"), b.background},
        {QStringLiteral("brand_text_color"), b.text}, {QStringLiteral("brand_welcome_text"), b.welcome}};
    if (!m_logoPng.isEmpty())
        body.insert(QStringLiteral("logo_png_base64"), QString::fromLatin1(m_logoPng.toBase64()));
    setStatus(tr("Asking the server for a preview link…"));
    m_api->post(QStringLiteral("/api/v1/organisations/%1/brand-preview").arg(m_orgId), body, this,
        [this](const ApiResult &result) {
            if (!result.reachedServer()) {
                setStatus(tr("The preview in the browser needs the server, which cannot be reached now."), true);
                return;
            }
            if (!result.ok()) {
                setStatus(tr("The server made no preview: %1").arg(result.errorMessage), true);
                return;
            }
            const QUrl url(result.body.value(u"url").toString());
            setStatus(tr("The preview opened in your browser. Its link works for ten minutes and shows nothing to "
                         "clients."));
            Q_EMIT previewLinkReady(url);
            QDesktopServices::openUrl(url);
        });
}
