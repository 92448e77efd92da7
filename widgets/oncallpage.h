#pragma once

#include "calendarfeeddialog.h"
#include "domain/shiftrequest.h"
#include "domain/workspace.h"
#include "schedule/oncallschedule.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTimer;

namespace wk {

class AlertTableModel;
class ScheduleCalendar;
class ShiftRequestsPanel;

// The On-call page: who holds which seat, by month or week, per rotation; details of the
// selected day; overrides and swaps created from the view; exports for calendar apps; and
// how the load fell on each person (turns, holidays, weekends, pages) over a span.
class OnCallPage : public QWidget
{
    Q_OBJECT

public:
    explicit OnCallPage(QWidget *parent = nullptr);

    void setWorkspace(const Workspace &workspace);
    void setStoredOverrides(const QList<ScheduleOverride> &overrides);
    void setCurrentUser(std::function<QString()> user);
    void setToday(const QDateTime &now);
    // Where pages and handled alerts are counted from; read when the load table is redrawn.
    void setAlertModel(const AlertTableModel *model);
    const OnCallSchedule &schedule() const { return m_schedule; }
    ScheduleCalendar *calendar() const { return m_calendar; }
    // Opens the override dialog for the selected day; emits overrideCreated on accept.
    void createOverride();
    // The person at the console takes the current primary seat from now to the end of its
    // turn (or a time they choose), with a reason: the override dialog, filled in.
    void takeOver();
    // The rotation's shifts from the first day shown, at least twelve weeks of them, as
    // iCalendar or (by the suffix) CSV.
    bool exportTo(const QString &path, QString *error) const;
    static constexpr int exportDays = 12 * 7;
    // Asks others to take part of my seat, or to swap turns: the request dialog for my
    // turn on the selected day (or my next one); emits shiftRequestAsked on accept.
    void askForCover();
    void setShiftRequests(const QList<wk::ShiftRequest> &requests);
    void shiftRequestAnswered(const QString &message, bool ok);
    ShiftRequestsPanel *requestsPanel() const { return m_requests; }
    // Shows the person at this console their calendar feed addresses; asks for their key.
    void showCalendarFeeds();
    CalendarFeedDialog *calendarFeedDialog() const { return m_feeds; }

    // The key of a person's feeds, or why there is none.
    void setCalendarKey(const QString &person, const QString &key);
    void calendarKeyFailed(const QString &person, const QString &error);

signals:
    void overrideCreated(const QList<wk::ScheduleOverride> &overrides);
    // replace: a new key, so that the old addresses stop working.
    void calendarKeyWanted(const QString &person, bool replace);
    void shiftRequestAsked(const wk::ShiftRequest &request);
    // answer: a ShiftRequestDesk::Answer, by the person at this console.
    void shiftRequestAnswer(const QString &id, const QString &person, int answer,
                            const QString &note);

private:
    void accept(const QList<ScheduleOverride> &made);
    void refresh();
    void showDetails();
    void exportSchedule();
    void refreshLoad();
    QString rotationId() const;

    OnCallSchedule m_schedule;
    QList<ScheduleOverride> m_stored;
    std::function<QString()> m_user;
    QDateTime m_now = QDateTime::currentDateTimeUtc();
    QComboBox *m_rotation;
    QPushButton *m_month;
    QPushButton *m_week;
    ScheduleCalendar *m_calendar;
    QLabel *m_details;
    QLabel *m_now_label;
    const AlertTableModel *m_alertModel = nullptr;
    QComboBox *m_loadSpan;
    QTableWidget *m_load;
    QTimer *m_loadTimer;
    QDate m_loadDay; // the day the load table was computed for
    QPointer<CalendarFeedDialog> m_feeds;
    QTabWidget *m_bottom;
    ShiftRequestsPanel *m_requests;
};

} // namespace wk
