#include "shortcutsheet.h"

#include <QAbstractButton>
#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QShortcut>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace wk {

namespace {

QString plain(QString text)
{
    text.remove(QLatin1Char('&'));
    if (text.endsWith(QChar(0x2026)))
        text.chop(1);
    return text;
}

QString scopeOf(const QWidget *w, const QStackedWidget *pages, const QStringList &pageNames)
{
    for (; w; w = w->parentWidget()) {
        if (w->parentWidget() == pages) {
            const int index = pages->indexOf(w);
            return pageNames.value(index, ShortcutSheet::everywhere());
        }
    }
    return ShortcutSheet::everywhere();
}

} // namespace

QString ShortcutSheet::everywhere()
{
    return tr("Everywhere");
}

QList<ShortcutEntry> ShortcutSheet::collect(const QMainWindow *window, const QStackedWidget *pages,
                                            const QStringList &pageNames)
{
    QList<ShortcutEntry> out;
    for (const QAction *a : window->findChildren<QAction *>()) {
        if (a->shortcut().isEmpty() || a->menu())
            continue;
        const QWidget *where = nullptr;
        for (const QObject *o : a->associatedObjects()) {
            if (const auto *w = qobject_cast<const QWidget *>(o)) {
                where = w;
                break;
            }
        }
        // Menu commands work from every page; others where their widget is.
        const bool inMenu = qobject_cast<const QMenu *>(where) != nullptr;
        out.append({a->shortcut(), plain(a->text()),
                    inMenu ? everywhere() : scopeOf(where, pages, pageNames)});
    }
    for (const QShortcut *s : window->findChildren<QShortcut *>()) {
        if (!s->key().isEmpty())
            out.append({s->key(), s->whatsThis(),
                        scopeOf(qobject_cast<QWidget *>(s->parent()), pages, pageNames)});
    }
    for (const QAbstractButton *b : window->findChildren<QAbstractButton *>()) {
        if (!b->shortcut().isEmpty() && !b->text().isEmpty())
            out.append({b->shortcut(), plain(b->text()), scopeOf(b, pages, pageNames)});
    }
    if (const QMenuBar *bar = window->menuBar()) {
        for (const QAction *m : bar->actions()) {
            const QKeySequence key = QKeySequence::mnemonic(m->text());
            if (!key.isEmpty())
                out.append({key, tr("The %1 menu").arg(plain(m->text())), everywhere()});
        }
    }
    // Everywhere first, then the pages in the order the window lists them.
    auto rank = [&](const ShortcutEntry &e) {
        return e.scope == everywhere() ? -1 : int(pageNames.indexOf(e.scope));
    };
    std::stable_sort(out.begin(), out.end(), [&](const ShortcutEntry &x, const ShortcutEntry &y) {
        return rank(x) < rank(y);
    });
    return out;
}

ShortcutSheet::ShortcutSheet(const QList<ShortcutEntry> &entries, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    auto *layout = new QVBoxLayout(this);
    auto *table = new QTableWidget(int(entries.size()), 3, this);
    table->setObjectName(QStringLiteral("shortcuts"));
    table->setHorizontalHeaderLabels({tr("Where"), tr("Key"), tr("Does")});
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    for (int row = 0; row < entries.size(); ++row) {
        const ShortcutEntry &e = entries.at(row);
        table->setItem(row, 0, new QTableWidgetItem(e.scope));
        table->setItem(row, 1, new QTableWidgetItem(e.key.toString(QKeySequence::NativeText)));
        table->setItem(row, 2, new QTableWidgetItem(e.text));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(560, 520);
}

} // namespace wk
