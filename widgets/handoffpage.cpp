#include "handoffpage.h"
#include "markdownhtml.h"

#include "filedialog.h"

#include "alerttablemodel.h"
#include "handoffpdf.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace wk {

namespace {
QDate mondayOf(const QDate &d)
{
    return d.addDays(1 - d.dayOfWeek());
}
} // namespace

HandoffPage::HandoffPage(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    auto *prev = new QPushButton(tr("◀"), this);
    prev->setToolTip(tr("Previous week (Page Up)"));
    auto *thisWeek = new QPushButton(tr("This &week"), this);
    auto *next = new QPushButton(tr("▶"), this);
    next->setToolTip(tr("Next week (Page Down)"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("handoffWeek"));
    auto *presentButton = new QPushButton(tr("&Present"), this);
    presentButton->setToolTip(tr("Show the report full-screen for the meeting (F11)"));
    auto *exportButton = new QPushButton(tr("E&xport…"), this);
    exportButton->setObjectName(QStringLiteral("exportHandoff"));
    exportButton->setToolTip(tr("Save the report as Markdown, HTML or PDF"));
    bar->addWidget(prev);
    bar->addWidget(thisWeek);
    bar->addWidget(next);
    bar->addWidget(m_title, 1);
    bar->addWidget(presentButton);
    bar->addWidget(exportButton);
    layout->addLayout(bar);

    auto *split = new QSplitter(Qt::Horizontal, this);
    m_view = new QTextBrowser(split);
    m_view->setObjectName(QStringLiteral("handoffReport"));
    m_view->setOpenLinks(false);
    auto *notesPane = new QWidget(split);
    auto *notesLayout = new QVBoxLayout(notesPane);
    notesLayout->setContentsMargins(0, 0, 0, 0);
    auto *notesLabel = new QLabel(tr("<b>&Notes from the outgoing engineer</b>"), notesPane);
    m_notes = new QPlainTextEdit(notesPane);
    m_notes->setObjectName(QStringLiteral("handoffNotes"));
    m_notes->setPlaceholderText(tr("What the next person should know: flaky checks, open "
                                   "threads, promises made to customers… (Markdown)"));
    notesLabel->setBuddy(m_notes);
    m_save = new QPushButton(tr("&Save notes"), notesPane);
    m_save->setObjectName(QStringLiteral("saveNotes"));
    m_save->setToolTip(tr("Store the notes for this week (Ctrl+S)"));
    m_noteStatus = new QLabel(notesPane);
    m_noteStatus->setObjectName(QStringLiteral("noteStatus"));
    m_noteStatus->setWordWrap(true);
    notesLayout->addWidget(notesLabel);
    notesLayout->addWidget(m_notes, 1);
    auto *saveRow = new QHBoxLayout;
    saveRow->addWidget(m_noteStatus, 1);
    saveRow->addWidget(m_save);
    notesLayout->addLayout(saveRow);
    split->addWidget(m_view);
    split->addWidget(notesPane);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    // Alerts change many times a second; the report follows at most once a second.
    m_rebuildTimer = new QTimer(this);
    m_rebuildTimer->setSingleShot(true);
    m_rebuildTimer->setInterval(1000);
    connect(m_rebuildTimer, &QTimer::timeout, this, &HandoffPage::rebuild);

    connect(prev, &QPushButton::clicked, this, [this] { showWeek(m_week.addDays(-7)); });
    connect(next, &QPushButton::clicked, this, [this] { showWeek(m_week.addDays(7)); });
    connect(thisWeek, &QPushButton::clicked, this, [this] { showWeek(m_today); });
    (new QShortcut(QKeySequence::MoveToPreviousPage, this, [this] {
        showWeek(m_week.addDays(-7));
    }))->setWhatsThis(tr("Previous week"));
    (new QShortcut(QKeySequence::MoveToNextPage, this, [this] {
        showWeek(m_week.addDays(7));
    }))->setWhatsThis(tr("Next week"));
    connect(presentButton, &QPushButton::clicked, this, &HandoffPage::present);
    (new QShortcut(QKeySequence(Qt::Key_F11), this, [this] {
        present();
    }))->setWhatsThis(tr("Present the report full-screen"));
    connect(exportButton, &QPushButton::clicked, this, &HandoffPage::exportDialog);
    connect(m_save, &QPushButton::clicked, this, &HandoffPage::saveNotes);
    (new QShortcut(QKeySequence::Save, this, [this] {
        saveNotes();
    }))->setWhatsThis(tr("Store the notes"));
    connect(m_notes, &QPlainTextEdit::textChanged, this, [this] {
        m_dirty = m_notes->toPlainText() != m_note.body;
        updateNoteStatus();
        if (!m_rebuildTimer->isActive())
            m_rebuildTimer->start();
    });
    updateNoteStatus();
}

void HandoffPage::setWorkspace(const Workspace &workspace)
{
    m_workspace = workspace;
    m_schedule = OnCallSchedule(workspace);
    m_schedule.setStoredOverrides(m_stored);
    rebuild();
}

void HandoffPage::setAlertModel(const AlertTableModel *model)
{
    m_alertModel = model;
    auto later = [this] {
        if (isVisible() && !m_rebuildTimer->isActive())
            m_rebuildTimer->start();
    };
    connect(model, &QAbstractItemModel::modelReset, this, later);
    connect(model, &QAbstractItemModel::rowsInserted, this, later);
    connect(model, &QAbstractItemModel::dataChanged, this, later);
}

void HandoffPage::setStoredOverrides(const QList<ScheduleOverride> &overrides)
{
    m_stored = overrides;
    m_schedule.setStoredOverrides(overrides);
    rebuild();
}

void HandoffPage::setToday(const QDate &today)
{
    const bool first = !m_today.isValid();
    m_today = today;
    if (first)
        showWeek(today);
}

void HandoffPage::setNow(const QDateTime &now)
{
    m_now = now;
    if (isVisible() && !m_rebuildTimer->isActive())
        m_rebuildTimer->start();
}

QTimeZone HandoffPage::zone() const
{
    // The week is counted where the first rotation hands over, as the CLI counts it.
    if (!m_workspace.rotations.isEmpty()) {
        const QByteArray id = m_workspace.rotations.first().timeZone.toUtf8();
        if (QTimeZone::isTimeZoneIdAvailable(id))
            return QTimeZone(id);
    }
    return QTimeZone::utc();
}

void HandoffPage::showWeek(const QDate &anyDayOfIt)
{
    const QDate week = mondayOf(anyDayOfIt);
    if (week == m_week && m_loaded)
        return;
    // Nothing lost: notes typed for one week are stored before another is shown.
    saveNotes();
    m_week = week;
    m_loaded = false;
    m_note = {week, {}, {}, {}};
    m_changes.clear();
    {
        const QSignalBlocker block(m_notes);
        m_notes->clear();
    }
    m_dirty = false;
    m_notes->setEnabled(false);
    const QLocale locale;
    m_title->setText(tr("<b>Week of %1</b> – %2")
                         .arg(locale.toString(week, QLocale::LongFormat),
                              locale.toString(week.addDays(6), QLocale::LongFormat)));
    updateNoteStatus();
    rebuild();
    reload();
}

void HandoffPage::reload()
{
    if (!m_week.isValid() || m_loaded)
        return;
    const QTimeZone z = zone();
    emit dataRequested(m_week, QDateTime(m_week, QTime(0, 0), z).toUTC(),
                       QDateTime(m_week.addDays(7), QTime(0, 0), z).toUTC());
}

void HandoffPage::setStoredData(const HandoffNote &note, const QList<RunbookRevision> &changes)
{
    if (note.weekStart != m_week)
        return; // an answer for a week no longer shown
    m_note = note;
    m_changes = changes;
    m_loaded = true;
    {
        const QSignalBlocker block(m_notes);
        m_notes->setPlainText(note.body);
    }
    m_dirty = false;
    m_notes->setEnabled(true);
    updateNoteStatus();
    rebuild();
}

void HandoffPage::saveNotes()
{
    if (!m_dirty || !m_loaded)
        return;
    HandoffNote note;
    note.weekStart = m_week;
    note.author = m_user ? m_user() : QString();
    note.body = m_notes->toPlainText();
    note.updatedAt = QDateTime::currentDateTimeUtc();
    m_noteStatus->setText(tr("Saving…"));
    emit noteSaveRequested(note);
}

void HandoffPage::noteSaved(const HandoffNote &note)
{
    if (note.weekStart != m_week)
        return;
    m_note = note;
    m_dirty = m_notes->toPlainText() != note.body;
    updateNoteStatus();
}

void HandoffPage::storeFailed(const QDate &week, const QString &error)
{
    if (week != m_week)
        return;
    // Saving failed: the text stays in the editor to try again once the store is back.
    // Loading failed: the editor stays closed, so an unseen stored note is not overwritten.
    m_noteStatus->setText(
        (m_loaded ? tr("<span style='color:#b01e1e'>Not saved: %1</span>")
                  : tr("<span style='color:#b01e1e'>Cannot read this week's notes: %1. Open the "
                       "week again to retry.</span>"))
            .arg(error.toHtmlEscaped()));
}

void HandoffPage::updateNoteStatus()
{
    m_save->setEnabled(m_dirty && m_loaded);
    if (!m_loaded) {
        m_noteStatus->setText(tr("Loading the notes…"));
        return;
    }
    if (m_dirty) {
        m_noteStatus->setText(tr("Unsaved changes"));
        return;
    }
    if (m_note.author.isEmpty() && m_note.body.isEmpty()) {
        m_noteStatus->setText(tr("No notes for this week yet."));
        return;
    }
    const Person *p = m_workspace.person(m_note.author);
    m_noteStatus->setText(
        tr("Saved %1 by %2")
            .arg(QLocale().toString(m_note.updatedAt.toLocalTime(), QLocale::ShortFormat),
                 p ? p->name : m_note.author));
}

void HandoffPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    rebuild();
}

void HandoffPage::rebuild()
{
    if (!m_week.isValid())
        return;
    HandoffNote note = m_note;
    if (m_dirty) {
        note.body = m_notes->toPlainText();
        note.author = m_user ? m_user() : note.author;
    }
    static const QList<Alert> none;
    m_report = HandoffReport::build(m_workspace, m_alertModel ? m_alertModel->alerts() : none,
                                    m_schedule, m_week, zone(), note, m_now);
    m_report.runbookChanges = m_changes;
    const QString html = m_report.toHtml(MarkdownHtml::fragment);
    const int scroll = m_view->verticalScrollBar() ? m_view->verticalScrollBar()->value() : 0;
    m_view->setHtml(html);
    m_view->verticalScrollBar()->setValue(scroll);
    if (m_presentation)
        m_presentation->setHtml(html);
}

bool HandoffPage::exportTo(const QString &path, QString *error) const
{
    if (path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        return HandoffPdf::write(m_report, path, error);
    const QByteArray data = path.endsWith(QLatin1String(".md"), Qt::CaseInsensitive)
                                ? m_report.toMarkdown().toUtf8()
                                : m_report.toHtml(MarkdownHtml::fragment).toUtf8();
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

void HandoffPage::exportDialog()
{
    QString filter;
    const QString path =
        FileDialog::saveFileName(this, tr("Export handoff report"),
                                 QStringLiteral("handoff-%1.pdf").arg(m_week.toString(Qt::ISODate)),
                                 tr("PDF (*.pdf);;Markdown (*.md);;HTML (*.html)"), &filter);
    if (path.isEmpty())
        return;
    QString error;
    if (!exportTo(path, &error))
        QMessageBox::warning(this, tr("Export handoff report"), error);
}

void HandoffPage::present()
{
    if (!m_presentation) {
        m_presentation = new QTextBrowser;
        m_presentation->setObjectName(QStringLiteral("handoffPresentation"));
        m_presentation->setAttribute(Qt::WA_DeleteOnClose);
        m_presentation->setWindowTitle(
            tr("Handoff, week of %1").arg(QLocale().toString(m_week, QLocale::LongFormat)));
        QFont f = m_presentation->font();
        f.setPointSizeF(f.pointSizeF() * 1.8);
        m_presentation->setFont(f);
        m_presentation->document()->setDefaultFont(f);
        for (const QKeySequence &k : {QKeySequence(Qt::Key_Escape), QKeySequence(Qt::Key_F11)})
            new QShortcut(k, m_presentation, [w = m_presentation.data()] { w->close(); });
    }
    m_presentation->setHtml(m_report.toHtml(MarkdownHtml::fragment));
    m_presentation->showFullScreen();
    m_presentation->activateWindow();
}

} // namespace wk
