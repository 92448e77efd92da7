#include "recentworkspaces.h"

#include <QFileInfo>
#include <QSettings>

namespace wk {

namespace {

const QString key = QStringLiteral("recent/workspaces");

} // namespace

QStringList RecentWorkspaces::list()
{
    return QSettings().value(key).toStringList();
}

void RecentWorkspaces::remember(const QString &file)
{
    const QString path = QFileInfo(file).absoluteFilePath();
    QStringList files = list();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > maxCount)
        files.removeLast();
    QSettings().setValue(key, files);
}

void RecentWorkspaces::forget(const QString &file)
{
    QStringList files = list();
    files.removeAll(QFileInfo(file).absoluteFilePath());
    QSettings().setValue(key, files);
}

void RecentWorkspaces::clear()
{
    QSettings().remove(key);
}

} // namespace wk
