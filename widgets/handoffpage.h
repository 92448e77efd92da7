#pragma once

#include "domain/handoffnote.h"
#include "domain/runbookrevision.h"
#include "domain/workspace.h"
#include "report/handoffreport.h"

#include <QDate>
#include <QPointer>
#include <QTextBrowser>
#include <QWidget>

#include <functional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace wk {

class AlertTableModel;

// The Handoff page for the weekly rotation meeting: the week's report (alerts, SLA
// breaches, MTTA/MTTR, escalations, seats, runbook changes), the outgoing engineer's notes
// with an editor, a full-screen presentation and exports as Markdown, HTML and PDF.
// Notes and runbook changes live in the store, which the engine's thread owns: the page
// asks for them with dataRequested and saves with noteSaveRequested, and hears back
// through setStoredData, noteSaved and storeFailed.
class HandoffPage : public QWidget
{
    Q_OBJECT

public:
    explicit HandoffPage(QWidget *parent = nullptr);

    void setWorkspace(const Workspace &workspace);
    void setAlertModel(const AlertTableModel *model);
    void setStoredOverrides(const QList<ScheduleOverride> &overrides);
    void setCurrentUser(std::function<QString()> user) { m_user = std::move(user); }
    // Today decides which week "this week" is; the first call shows it.
    void setToday(const QDate &today);
    // Deadlines after now are not breached yet.
    void setNow(const QDateTime &now);

    QDate week() const { return m_week; }
    void showWeek(const QDate &anyDayOfIt);
    const HandoffReport &report() const { return m_report; }
    bool hasUnsavedNotes() const { return m_dirty; }
    // Writes the report as .md, .html or .pdf, by the file's suffix.
    bool exportTo(const QString &path, QString *error) const;
    // Opens the report in a full-screen window, large type; Esc closes it.
    void present();
    QTextBrowser *presentation() const { return m_presentation.data(); }

public slots:
    void setStoredData(const wk::HandoffNote &note,
                       const QList<wk::RunbookRevision> &runbookChanges);
    void noteSaved(const wk::HandoffNote &note);
    void storeFailed(const QDate &week, const QString &error);
    // Sends the edited notes for storing; does nothing when they are unchanged.
    void saveNotes();
    // Asks the store again for the shown week's note and runbook changes, unless they came.
    void reload();

signals:
    void dataRequested(const QDate &week, const QDateTime &from, const QDateTime &to);
    void noteSaveRequested(const wk::HandoffNote &note);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QTimeZone zone() const;
    void rebuild();
    void exportDialog();
    void updateNoteStatus();

    Workspace m_workspace;
    OnCallSchedule m_schedule;
    QList<ScheduleOverride> m_stored;
    const AlertTableModel *m_alertModel = nullptr;
    std::function<QString()> m_user;
    QDate m_today;
    QDateTime m_now;
    QDate m_week;
    HandoffNote m_note; // as stored
    QList<RunbookRevision> m_changes;
    HandoffReport m_report;
    bool m_dirty = false;
    bool m_loaded = false; // the stored note of m_week has arrived
    QLabel *m_title;
    QTextBrowser *m_view;
    QPlainTextEdit *m_notes;
    QPushButton *m_save;
    QLabel *m_noteStatus;
    QTimer *m_rebuildTimer;
    QPointer<QTextBrowser> m_presentation;
};

} // namespace wk
