#pragma once

#include "domain/workspace.h"
#include "shift.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace wk {

// Writes shifts for other tools: iCalendar for calendar apps (one event per shift, stable
// UIDs so that a re-import updates rather than duplicates) and CSV for spreadsheets.
class ScheduleExport
{
public:
    // What a calendar served as a feed says about itself: its name, and how often a
    // subscribed app should fetch it again (RFC 7986 REFRESH-INTERVAL, X-PUBLISHED-TTL).
    struct Published
    {
        QString name; // empty: named after the workspace
        int refreshMinutes = 0;
    };
    static QByteArray toIcs(const QList<Shift> &shifts, const Workspace &workspace,
                            const QDateTime &stamp);
    static QByteArray toIcs(const QList<Shift> &shifts, const Workspace &workspace,
                            const QDateTime &stamp, const Published &published);
    static QByteArray toCsv(const QList<Shift> &shifts, const Workspace &workspace);
    // True when libical reads the text back as a calendar that meets RFC 5545/5546's
    // restrictions for a published calendar; otherwise false with *error saying why.
    static bool validateIcs(const QByteArray &ics, QString *error);
    // "Primary on call: Amara Okafor (Investor reporting)"
    static QString title(const Shift &shift, const Workspace &workspace);
};

} // namespace wk
