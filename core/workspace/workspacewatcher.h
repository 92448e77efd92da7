#pragma once

#include "domain/workspace.h"
#include "text/diagnostic.h"
#include "workspacereader.h"

#include <QFileSystemWatcher>
#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

namespace wk {

// Notices that the workspace file, or a holiday calendar it names, was saved, and reads
// the workspace again off the caller's thread: a valid one is announced to be applied, an
// invalid one is refused with its problems, and the last good version stays in use.
class WorkspaceWatcher : public QObject
{
    Q_OBJECT
public:
    explicit WorkspaceWatcher(const QString &path, QObject *parent = nullptr);
    ~WorkspaceWatcher() override;

    QString path() const { return m_path; }
    // The files to watch for `workspace`, as read from path(): the file and its calendars.
    void watch(const Workspace &workspace);
    QStringList files() const;
    // Reads the file again now, as if it had been saved.
    void reload();

signals:
    void reloaded(const wk::Workspace &workspace, const QList<wk::Diagnostic> &warnings);
    void refused(const QList<wk::Diagnostic> &problems);

private:
    void changed(const QString &file);
    void read();
    void finished();

    QString m_path;
    QFileSystemWatcher m_files;
    QStringList m_wanted; // also those that are missing now: an editor may be replacing them
    QTimer m_settle;      // a save is often several writes, or a rename over the file
    QFutureWatcher<WorkspaceLoadResult> m_reading;
    bool m_again = false; // saved again while it was being read
};

} // namespace wk
