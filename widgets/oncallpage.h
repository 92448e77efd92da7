#pragma once

#include "domain/workspace.h"
#include "schedule/oncallschedule.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QPushButton;

namespace wk {

class ScheduleCalendar;

// The On-call page: who holds which seat, by month or week, per rotation; details of the
// selected day; overrides created from the view; exports for calendar apps.
class OnCallPage : public QWidget
{
    Q_OBJECT

public:
    explicit OnCallPage(QWidget *parent = nullptr);

    void setWorkspace(const Workspace &workspace);
    void setStoredOverrides(const QList<ScheduleOverride> &overrides);
    void setCurrentUser(std::function<QString()> user) { m_user = std::move(user); }
    void setToday(const QDateTime &now);
    const OnCallSchedule &schedule() const { return m_schedule; }
    ScheduleCalendar *calendar() const { return m_calendar; }
    // Opens the override dialog for the selected day; emits overrideCreated on accept.
    void createOverride();

signals:
    void overrideCreated(const QList<wk::ScheduleOverride> &overrides);

private:
    void refresh();
    void showDetails();
    void exportSchedule();
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
};

} // namespace wk
