// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/filespanel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

#include "models/entitytablemodel.h"
#include "models/recordfilterproxymodel.h"
#include "ui/fieldsdialog.h"
#include "ui/pages/commentthreadview.h"
#include "ui/visibilitydelegate.h"

FilesPanel::FilesPanel(LocalCache *cache, VisibilityDelegate *visibility, QWidget *parent)
    : Page(cache, parent)
{
    using C = EntityTableModel::Column;
    m_files = new EntityTableModel(cache, QStringLiteral("file"),
        {C{QStringLiteral("name"), tr("File")}, C{QStringLiteral("folder"), tr("Folder")},
            C{QStringLiteral("size"), tr("Size")},
            C{QStringLiteral("visibility"), tr("Client visibility"), VisibilityDelegate::labels()}},
        this);
    Q_ASSERT(m_files->columnCount() == FileColumnCount);
    m_filesProxy = new RecordFilterProxyModel(this);
    m_filesProxy->setSourceModel(m_files);

    m_filesView = makeView(QStringLiteral("filesView"), tr("Files"), m_filesProxy);
    m_filesView->setItemDelegateForColumn(FileVisibility, visibility);
    m_filesView->horizontalHeader()->setStretchLastSection(false);
    m_filesView->horizontalHeader()->setSectionResizeMode(FileName, QHeaderView::Stretch);
    m_filesView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_filesView->sortByColumn(FileFolder, Qt::AscendingOrder);
    connect(m_filesView, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        if (index.column() != FileVisibility) // the visibility column edits instead
            Q_EMIT fileOpenRequested(index.data(EntityTableModel::ItemIdRole).toString());
    });
    deleteOnKey(m_filesView, QStringLiteral("file"));
    m_filesView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_filesView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        Q_EMIT visibilityMenuRequested(m_filesView, QStringLiteral("file"), pos);
    });

    m_folderFilter = new QComboBox(this);
    m_folderFilter->setAccessibleName(tr("Folder"));
    m_folderFilter->setObjectName(QStringLiteral("folderFilter"));
    connect(m_folderFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_filesProxy->setFieldFilter(QStringLiteral("folder"), m_folderFilter->currentData());
    });
    connect(m_files, &EntityTableModel::loaded, this, &FilesPanel::refreshFolders);
    connect(m_files, &QAbstractItemModel::rowsInserted, this, &FilesPanel::refreshFolders);
    connect(m_files, &QAbstractItemModel::dataChanged, this, &FilesPanel::refreshFolders);

    m_thread = new CommentThreadView(cache, this);
    connect(m_filesView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QStringList ids = selectedFileIds();
        m_thread->setTarget(QStringLiteral("file"), ids.size() == 1 ? ids.first() : QString());
    });
    // The table, and the detail pane of the chosen file beside it.
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("filesSplitter"));
    splitter->addWidget(m_filesView);
    splitter->addWidget(m_thread);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(new QLabel(tr("Folder:"), this));
    folderRow->addWidget(m_folderFilter, 1);
    layout->addLayout(folderRow);
    layout->addWidget(splitter);
    auto *addFilesButton = button(tr("Add Files…"), QStringLiteral("addFilesButton"), this);
    connect(addFilesButton, &QPushButton::clicked, this, &FilesPanel::addFiles);
    auto *editFileButton = button(tr("Rename or Move…"), QStringLiteral("editFileButton"), this);
    connect(editFileButton, &QPushButton::clicked, this, &FilesPanel::editFile);
    auto *fileButtons = new QHBoxLayout;
    fileButtons->addWidget(addFilesButton);
    fileButtons->addWidget(editFileButton);
    fileButtons->addStretch();
    layout->addLayout(fileButtons);

    setProject(QString());
}

QStringList FilesPanel::selectedFileIds() const
{
    return selectedIds(m_filesView);
}

void FilesPanel::selectFile(const QString &id)
{
    // A folder filter could hide it.
    m_folderFilter->setCurrentIndex(0);
    selectWhenLoaded(m_filesView, m_files, id);
}

void FilesPanel::setProject(const QString &projectId)
{
    m_projectId = projectId;
    m_files->setFilter(QStringLiteral("project_id"), projectId);
}

void FilesPanel::addFiles()
{
    const QString projectId = m_projectId;
    if (projectId.isEmpty()) {
        showError(tr("Choose a project first."));
        return;
    }
    auto *dialog = new QFileDialog(this, tr("Add Files to the Project"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    // Into the folder being looked at, if any.
    const QString folder = m_folderFilter->currentData().toString();
    connect(dialog, &QFileDialog::filesSelected, this, [this, projectId, folder](const QStringList &paths) {
        Q_EMIT filesAdded(projectId, folder, paths);
    });
    dialog->open();
}

void FilesPanel::refreshFolders()
{
    // Every folder in use, and "Client Uploads" always (where clients' files land).
    QStringList folders = {QStringLiteral("Client Uploads")}; // the stored name; shown translated
    for (int row = 0; row < m_files->rowCount(); ++row) {
        const QString folder = m_files->value(row, QStringLiteral("folder")).toString();
        if (!folder.isEmpty() && !folders.contains(folder))
            folders.append(folder);
    }
    std::sort(folders.begin(), folders.end(), [](const QString &a, const QString &b) {
        return QString::localeAwareCompare(a, b) < 0;
    });
    const QVariant chosen = m_folderFilter->currentData();
    m_folderFilter->blockSignals(true);
    m_folderFilter->clear();
    m_folderFilter->addItem(tr("All folders"), QVariant());
    for (const QString &folder : std::as_const(folders))
        m_folderFilter->addItem(folder == u"Client Uploads" ? tr("Client Uploads") : folder, folder);
    m_folderFilter->setCurrentIndex(qMax(0, m_folderFilter->findData(chosen)));
    m_folderFilter->blockSignals(false);
}

void FilesPanel::editFile()
{
    const QStringList ids = selectedFileIds();
    const auto file = ids.size() == 1 ? cache()->row(QStringLiteral("file"), ids.first()) : std::nullopt;
    if (!file) {
        showError(tr("Choose one file first."));
        return;
    }
    const QString id = ids.first();
    auto *dialog = fieldsDialog(tr("Rename or Move File"), QStringLiteral("editFileDialog"));
    dialog->addLine(QStringLiteral("name"), tr("&Name:"), true, file->value(u"name").toString());
    dialog->addLine(QStringLiteral("folder"), tr("&Folder:"), false, file->value(u"folder").toString());
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        applyChanges(QStringLiteral("file"), id, dialog, {QStringLiteral("name"), QStringLiteral("folder")});
    });
    dialog->open();
}

void FilesPanel::moveFiles(const QStringList &ids)
{
    auto *dialog = fieldsDialog(tr("Move to Folder"), QStringLiteral("moveFilesDialog"));
    dialog->addLine(QStringLiteral("folder"), tr("&Folder:"), false, m_folderFilter->currentData().toString());
    connect(dialog, &QDialog::accepted, this, [this, dialog, ids] {
        const QString folder = dialog->value(QStringLiteral("folder"));
        QList<LocalEdit> edits;
        for (const QString &id : ids)
            edits.append({LocalEdit::Op::Update, QStringLiteral("file"), id, {{"folder", folder}}});
        apply(edits);
    });
    dialog->open();
}
