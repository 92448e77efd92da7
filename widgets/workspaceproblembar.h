#pragma once

#include "text/diagnostic.h"

#include <QFrame>

class QDateTime;
class QLabel;
class QListWidget;

namespace wk {

// Says, above the pages, that the saved workspace file was refused and why: one line per
// problem with its file:line, a double-click (or Enter) opens the file. The console runs on
// the version it last read until the file is fixed.
class WorkspaceProblemBar : public QFrame
{
    Q_OBJECT
public:
    explicit WorkspaceProblemBar(QWidget *parent = nullptr);

    // readAt: when the version still in use was read.
    void showProblems(const QString &file, const QList<Diagnostic> &problems,
                      const QDateTime &readAt);
    QListWidget *list() const { return m_list; }

signals:
    void reloadRequested();

private:
    QLabel *m_label;
    QListWidget *m_list;
    QList<Diagnostic> m_problems;
};

} // namespace wk
