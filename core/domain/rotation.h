#pragma once

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTime>

#include <optional>

namespace wk {

// The seats of a rotation: who is paged first, who takes escalations, and who adds
// cover at month end.
enum class RotationLayer { Primary, Secondary, MonthEnd };

QString rotationLayerName(RotationLayer layer);
std::optional<RotationLayer> rotationLayerFromName(const QString &name);

// Hours a rotation answers for, in its own time zone, when it does not cover the clock
// round (a pipeline that is only debugged in office hours).
struct WorkingHours
{
    QList<int> weekdays; // 1 = Monday ... 7 = Sunday
    QTime from;
    QTime to;

    bool operator==(const WorkingHours &) const = default;
};

// One on-call rotation: ordered participants taking turns on a group of pipelines.
struct Rotation
{
    QString id;
    QString name;
    QStringList pipelines;    // pipeline ids this rotation answers for
    QStringList participants; // person ids, in the order the team agreed
    qint64 shiftSeconds = 7 * 86400;
    int handoffWeekday = 1; // 1 = Monday
    QTime handoffTime = QTime(10, 0);
    QString timeZone = QStringLiteral("UTC");
    QDate start;           // the schedule runs from the first handoff on or after this
    bool secondary = true; // a secondary layer takes escalations
    int monthEndDays = 0;  // > 0: one more person covers the last days of each month
    std::optional<WorkingHours> workingHours;
    // Who must approve a swap or cover asked for in this rotation before it takes effect;
    // empty when the first person to accept simply takes it.
    QString swapApprover;
    // A chat channel or list (an entry of people: with its contact methods) that also gets
    // the week's handoff report at each handoff; empty: the participants only.
    QString handoffChannel;

    bool hasLayer(RotationLayer layer) const
    {
        return layer == RotationLayer::Primary ||
               (layer == RotationLayer::Secondary && secondary) ||
               (layer == RotationLayer::MonthEnd && monthEndDays > 0);
    }
    bool operator==(const Rotation &) const = default;
};

} // namespace wk
