#pragma once

#include "domain/workspace.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QString>

namespace wk {

class OnCallSchedule;

// The iCalendar feeds the receiver serves for phone and desktop calendars to subscribe to:
//   <rotation>.ics     every seat of one rotation
//   person/<id>.ics    every shift one person holds, in any rotation
// Each is opened with a person's secret feed key. Any person's key opens a rotation's feed;
// only their own opens a person's. A feed covers four weeks back and 26 ahead, overrides
// applied, in the same events `watchkeeper schedule --format ics` writes.
class CalendarFeed
{
public:
    static constexpr int pastDays = 28;
    static constexpr int weeks = 30;
    static constexpr int refreshMinutes = 15;

    // The first day a feed served at `now` covers (UTC).
    static QDate firstDay(const QDateTime &now);

    struct Answer
    {
        int status = 404;
        QByteArray ics;
    };
    // keyOwner: the person whose key came with the request; empty when the key is unknown
    // or was replaced. Everything refused is a 404 that says nothing of what exists.
    static Answer answer(const Workspace &workspace, const OnCallSchedule &schedule,
                         const QString &path, const QString &keyOwner, const QDateTime &now);
};

} // namespace wk
