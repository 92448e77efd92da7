#include "workspacesections.h"

#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

#include <QFileInfo>
#include <algorithm>

namespace wk {

void readHolidays(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    r.section(
        root, "holidays", QStringLiteral("holiday calendar"),
        [&](const YAML::Node &n, const QString &what) {
            r.checkKeys(n, {"name", "calendar", "days"}, what);
            HolidayCalendar cal;
            cal.name = r.text(n, "name", what);
            cal.path = r.text(n, "calendar", what);
            const YAML::Node days = n["days"];
            const bool hasDays = days && !days.IsNull();
            if (cal.path.isEmpty() == !hasDays) {
                r.error(n, QStringLiteral("%1 needs either 'calendar' (an iCalendar file) or "
                                          "'days', not both")
                               .arg(what));
                return QString();
            }
            if (!cal.path.isEmpty()) {
                const CalendarReadResult read = readCalendar(r, n, cal.path, QTimeZone::utc());
                if (cal.name.isEmpty())
                    cal.name =
                        read.name.isEmpty() ? QFileInfo(cal.path).completeBaseName() : read.name;
                // The days in the event's own zone, as its calendar program shows them.
                for (const CalendarEvent &e : read.events) {
                    for (QDate d = e.firstDay; d.isValid() && d <= e.lastDay; d = d.addDays(1))
                        cal.days.append({d, e.summary});
                }
            } else if (!days.IsSequence()) {
                r.error(days, QStringLiteral("'days' of %1 must be a list").arg(what));
            } else {
                for (const YAML::Node &d : days) {
                    const QString dl = QStringLiteral("a day of %1").arg(what);
                    if (!r.expectMap(d, dl))
                        continue;
                    r.checkKeys(d, {"date", "name"}, dl);
                    cal.days.append(
                        {calendarDate(r, d, "date", dl, true), r.text(d, "name", dl, true)});
                }
            }
            if (cal.name.isEmpty())
                cal.name = QStringLiteral("holidays");
            std::sort(cal.days.begin(), cal.days.end(), [](const Holiday &a, const Holiday &b) {
                return std::pair(a.date, a.name) < std::pair(b.date, b.name);
            });
            // The same holiday twice (a moved birthday and its RDATE) is one day.
            cal.days.erase(std::unique(cal.days.begin(), cal.days.end()), cal.days.end());
            ws.holidays.append(cal);
            // Calendar names need not be unique; the index keeps section() from merging them.
            return QString::number(ws.holidays.size());
        });
}

void writeHolidays(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.holidays.isEmpty())
        return;
    out << YAML::Key << "holidays" << YAML::Value << YAML::BeginSeq;
    for (const HolidayCalendar &c : ws.holidays) {
        out << YAML::BeginMap;
        writeKey(out, "name", c.name);
        // Days are written out rather than the file they came from: a workspace written
        // elsewhere (an export, a copy) must not depend on files left behind.
        out << YAML::Key << "days" << YAML::Value << YAML::BeginSeq;
        for (const Holiday &h : c.days) {
            out << YAML::Flow << YAML::BeginMap;
            writeKey(out, "date", h.date.toString(Qt::ISODate), true);
            writeKey(out, "name", h.name, true);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
