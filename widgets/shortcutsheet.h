#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QList>
#include <QString>

class QMainWindow;
class QStackedWidget;

namespace wk {

// One key the console answers to: what it does and on which page it works.
struct ShortcutEntry
{
    QKeySequence key;
    QString text;
    QString scope; // a page's name, or everywhere()
};

// The keyboard sheet (Help → Keyboard Shortcuts). It is read off the window itself — its
// actions, shortcuts and button mnemonics — so it cannot drift from what the keys do, and a
// test can walk it to prove no key means two things on one page.
class ShortcutSheet : public QDialog
{
    Q_OBJECT

public:
    ShortcutSheet(const QList<ShortcutEntry> &entries, QWidget *parent = nullptr);

    static QString everywhere();
    // Every key of the window; pages are the stack's widgets, named in order by pageNames.
    static QList<ShortcutEntry> collect(const QMainWindow *window, const QStackedWidget *pages,
                                        const QStringList &pageNames);
};

} // namespace wk
