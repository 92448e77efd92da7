#pragma once

#include <QString>

class QWidget;

namespace wk {

// Every file dialog of the console goes through here. Qt's and GTK's dialogs open each file
// of the folder they show to guess its type, and closing such a descriptor drops every
// POSIX lock the process holds on that file — SQLite's too. A console whose store sits in
// the folder then looked like it had gone away: another process's sqlite3 or `watchkeeper`
// command deleted its journal on close, and its later writes went into an unlinked file.
// These dialogs tell files apart by name only.
class FileDialog
{
public:
    static QString openFileName(QWidget *parent, const QString &caption, const QString &filter);
    static QString saveFileName(QWidget *parent, const QString &caption, const QString &suggested,
                                const QString &filter, QString *selectedFilter = nullptr);
};

} // namespace wk
