// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QUrl>

#include "ui/branding/brandpreviewwidget.h"

class ApiClient;
class LocalCache;
class QCheckBox;
class QComboBox;
class QSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

// Organisation Settings → Client Portal: whether the organisation's portal is on, its address
// (slug, checked as typed, and an optional custom host) and its branding (logo, four colours,
// welcome text, e-mail sender name), with a live preview of the portal beside the form and a
// WCAG 2.1 AA check of every colour pair it draws. Admins edit; members see it read-only.
//
// Saving is an edit like any other: the changed fields go into the local cache and its outbox
// (so it works offline and syncs later), and the dialog stays open to show whether the server
// accepted it or refused it (an address already in use, say). A new logo is decoded, scaled and
// re-encoded as PNG here and handed to LogoOutbox, which sends it (the server does the same again)
// before the edit that points the organisation at it, waiting for the server if it must.
// "Open Preview in Browser" asks the server for a ten-minute link to the real portal with the
// unsaved branding. Owned by the main window; deletes itself when closed.
class OrgSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    OrgSettingsDialog(LocalCache *cache, const QUrl &server, const QString &token, const QString &signedInEmail,
        QWidget *parent = nullptr);

    bool isEditable() const { return m_editable; }
    BrandPreviewWidget *preview() const { return m_preview; }
    // The branding as the form holds it now (what the preview shows).
    Brand brand() const;
    // Loads a PNG or JPEG as the new logo (validated, scaled, re-encoded); false with a message if unusable.
    bool setLogoFile(const QString &path);
    // The full portal address for the slug as typed.
    QUrl portalUrl() const;

public Q_SLOTS:
    void save();
    void resetToDefaults();
    void openPreviewInBrowser();
    void chooseLogo();
    void removeLogo();
    // Looks whether the server has taken or refused the last save (after each sync step).
    void checkServerAnswer();

Q_SIGNALS:
    // A save reached the server and was applied, or was refused (with the server's reason).
    void saveApplied();
    void saveRefused(const QString &message);
    // The preview link the server made (also handed to the system's browser).
    void previewLinkReady(const QUrl &url);

private:
    void load();
    void buildForm();
    QWidget *buildSecurityPage();
    void updatePreview();
    void updateValidity();
    void updateSaveState();
    void setStatus(const QString &text, bool problem = false);
    enum class Saved { Nothing, Queued, Failed };
    // Queues the changed fields; `logo` undefined leaves the logo alone, null removes it.
    Saved applyEdits(const QJsonValue &logo);
    void fetchCurrentLogo();
    QJsonObject changedFields(const QJsonValue &logo) const;
    QString colourField(const QString &field) const;

    LocalCache *m_cache;
    ApiClient *m_api;
    QString m_orgId;
    QJsonObject m_saved; // the organisation's row when loaded (or last saved)
    bool m_editable = false;

    QCheckBox *m_portalEnabled;
    // Security: two-factor sign-in the organisation requires.
    QCheckBox *m_twoFactorStaff;
    QComboBox *m_twoFactorClients;
    QSpinBox *m_graceDays;
    QLineEdit *m_slug;
    QLabel *m_slugProblem;
    QLineEdit *m_url;
    QPushButton *m_copyUrl;
    QLineEdit *m_customHost;
    QLabel *m_hostProblem;
    QLabel *m_logoThumb;
    QPushButton *m_chooseLogo;
    QPushButton *m_removeLogo;
    QHash<QString, QLineEdit *> m_colours; // by field name
    QHash<QString, QToolButton *> m_pickers;
    QPlainTextEdit *m_welcome;
    QLineEdit *m_senderName;
    QLabel *m_contrast;
    QLabel *m_status;
    QPushButton *m_save;
    QPushButton *m_reset;
    QPushButton *m_openPreview;
    BrandPreviewWidget *m_preview;

    QImage m_logo; // as shown and saved
    QByteArray m_logoPng; // m_logo re-encoded; what the server gets
    bool m_logoChanged = false;
    bool m_logoUnavailable = false; // the saved logo could not be fetched (offline)
    QSet<QString> m_knownRefusals; // mutation ids refused before this dialog's save
    bool m_awaitingServer = false;
    // A new logo is still on its way: the save is not done before the edit that uses it is applied.
    bool m_logoInFlight = false;
};
