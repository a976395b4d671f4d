// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pages/page.h"

class CommentThreadView;
class EntityTableModel;
class QComboBox;
class RecordFilterProxyModel;
class VisibilityDelegate;

// The chosen project's files (Projects tab → Files): a folder filter ("Client Uploads" always
// there), client visibility per file, adding files, moving them to a folder, opening one.
class FilesPanel : public Page
{
    Q_OBJECT
public:
    // The files model's columns, in order.
    enum FileColumn { FileName, FileFolder, FileSize, FileVisibility, FileColumnCount };

    FilesPanel(LocalCache *cache, VisibilityDelegate *visibility, QWidget *parent = nullptr);

    EntityTableModel *model() const { return m_files; }
    QStringList selectedFileIds() const;
    // The comment thread of the chosen file (the detail pane).
    CommentThreadView *thread() const { return m_thread; }
    // Shows the files of this project ("" for none).
    void setProject(const QString &projectId);
    // Selects the file (once loaded) and shows its thread.
    void selectFile(const QString &id);

public Q_SLOTS:
    void addFiles();
    // The chosen file's name and folder.
    void editFile();
    // Asks for a folder and moves the files there.
    void moveFiles(const QStringList &ids);

Q_SIGNALS:
    // Files the user added, to be hashed, copied into the cache and queued (by the app).
    void filesAdded(const QString &projectId, const QString &folder, const QStringList &paths);
    // The user opened a file: fetch its content (on demand) and hand it to the system.
    void fileOpenRequested(const QString &fileId);
    void visibilityMenuRequested(QTableView *view, const QString &entity, const QPoint &pos);

private:
    void refreshFolders();

    EntityTableModel *m_files;
    RecordFilterProxyModel *m_filesProxy;
    QTableView *m_filesView = nullptr;
    QComboBox *m_folderFilter = nullptr;
    CommentThreadView *m_thread = nullptr;
    QString m_projectId;
};
