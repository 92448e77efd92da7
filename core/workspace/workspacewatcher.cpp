#include "workspacewatcher.h"

#include "workspacereader.h"

#include <QDir>
#include <QFileInfo>
#include <QtConcurrent>

namespace wk {

namespace {

constexpr int settleMs = 300;

} // namespace

WorkspaceWatcher::WorkspaceWatcher(const QString &path, QObject *parent)
    : QObject(parent), m_path(QFileInfo(path).absoluteFilePath())
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(settleMs);
    connect(&m_settle, &QTimer::timeout, this, &WorkspaceWatcher::read);
    connect(&m_files, &QFileSystemWatcher::fileChanged, this, &WorkspaceWatcher::changed);
    // A file saved by rename is a new file in its folder: the folder's change brings it back.
    connect(&m_files, &QFileSystemWatcher::directoryChanged, this, &WorkspaceWatcher::changed);
    connect(&m_reading, &QFutureWatcher<WorkspaceLoadResult>::finished, this,
            &WorkspaceWatcher::finished);
    m_wanted = {m_path};
    m_files.addPath(m_path);
    m_files.addPath(QFileInfo(m_path).absolutePath());
}

WorkspaceWatcher::~WorkspaceWatcher()
{
    m_reading.waitForFinished();
}

void WorkspaceWatcher::watch(const Workspace &workspace)
{
    const QDir base = QFileInfo(m_path).absoluteDir();
    QStringList wanted = {m_path};
    for (const HolidayCalendar &c : workspace.holidays) {
        if (!c.path.isEmpty())
            wanted << QDir::cleanPath(base.absoluteFilePath(c.path));
    }
    wanted.removeDuplicates();
    QStringList folders;
    for (const QString &f : std::as_const(wanted))
        folders << QFileInfo(f).absolutePath();
    folders.removeDuplicates();
    if (!m_files.files().isEmpty())
        m_files.removePaths(m_files.files());
    if (!m_files.directories().isEmpty())
        m_files.removePaths(m_files.directories());
    m_wanted = wanted;
    for (const QString &f : std::as_const(wanted)) {
        if (QFileInfo::exists(f))
            m_files.addPath(f);
    }
    m_files.addPaths(folders);
}

QStringList WorkspaceWatcher::files() const
{
    return m_wanted;
}

void WorkspaceWatcher::reload()
{
    m_settle.stop();
    read();
}

void WorkspaceWatcher::changed(const QString &file)
{
    // A folder changes for every file in it; only ours matter. A file replaced by rename
    // drops out of the watch and must be added again.
    bool ours = m_wanted.contains(file);
    for (const QString &f : std::as_const(m_wanted)) {
        if (!m_files.files().contains(f) && QFileInfo::exists(f)) {
            m_files.addPath(f);
            ours = true;
        }
    }
    if (ours)
        m_settle.start();
}

void WorkspaceWatcher::read()
{
    if (m_reading.isRunning()) {
        m_again = true;
        return;
    }
    // Many runbooks and calendars take longer than a frame to read and check.
    m_reading.setFuture(QtConcurrent::run(&WorkspaceReader::readFile, m_path));
}

void WorkspaceWatcher::finished()
{
    const WorkspaceLoadResult result = m_reading.result();
    if (std::exchange(m_again, false)) {
        read(); // what was read is already old
        return;
    }
    if (!result.ok()) {
        emit refused(result.diagnostics);
        return;
    }
    watch(*result.workspace); // it may name other calendars now
    emit reloaded(*result.workspace, result.warnings);
}

} // namespace wk
