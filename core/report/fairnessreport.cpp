#include "fairnessreport.h"

#include "alertfacts.h"
#include "domain/timestamp.h"
#include "text/csvvalues.h"

#include <QHash>
#include <QSet>
#include <QTimeZone>

#include <algorithm>
#include <limits>

namespace wk {

namespace {

QTimeZone zoneOf(const QString &id, const QTimeZone &fallback)
{
    if (!id.isEmpty() && QTimeZone::isTimeZoneIdAvailable(id.toUtf8()))
        return QTimeZone(id.toUtf8());
    return fallback;
}

} // namespace

FairnessReport FairnessReport::build(const OnCallSchedule &schedule, const QList<Alert> &alerts,
                                     const QDate &from, const QDate &to, const QString &rotationId)
{
    const Workspace &ws = schedule.workspace();
    FairnessReport r;
    r.from = from;
    r.to = to;
    r.rotation = rotationId;
    const Rotation *rot = ws.rotation(rotationId);
    const RotationPlanner *planner = schedule.planner(rotationId);
    if (!rot || !planner)
        return r;
    r.rotationName = rot->name;
    QHash<QString, qsizetype> index;
    auto entry = [&](const QString &person, bool participant) -> Load & {
        if (const auto it = index.constFind(person); it != index.cend()) {
            Load &l = r.people[*it];
            l.participant = l.participant || participant;
            return l;
        }
        Load l;
        l.person = person;
        const Person *p = ws.person(person);
        l.name = p ? p->name : person;
        l.participant = participant;
        index.insert(person, r.people.size());
        r.people.append(l);
        return r.people.last();
    };
    for (const QString &p : rot->participants)
        entry(p, true);

    const QTimeZone zone = planner->zone();
    const QDateTime start = QDateTime(from, QTime(0, 0), zone).toUTC();
    const QDateTime end = QDateTime(to, QTime(0, 0), zone).toUTC();
    const QList<Shift> shifts = schedule.shifts(rotationId, start, end);
    QSet<QPair<QString, int>> primaryTurns, secondaryTurns;
    for (QDate d = from; d < to; d = d.addDays(1)) {
        const QDateTime noon = QDateTime(d, QTime(12, 0), zone).toUTC();
        for (const Shift &s : shifts) {
            if (!s.covers(noon))
                continue;
            if (s.layer == RotationLayer::Primary) {
                Load &l = entry(s.person, false);
                ++l.daysOnCall;
                l.holidayDays += planner->isHoliday(d) ? 1 : 0;
                l.weekendDays += d.dayOfWeek() >= 6 ? 1 : 0;
                primaryTurns.insert({s.person, s.slot});
            } else if (s.layer == RotationLayer::Secondary) {
                secondaryTurns.insert({s.person, s.slot});
            }
        }
    }
    for (const auto &t : std::as_const(primaryTurns))
        ++entry(t.first, false).primaryTurns;
    for (const auto &t : std::as_const(secondaryTurns))
        ++entry(t.first, false).secondaryTurns;

    const TimestampNs startNs = toTimestamp(start);
    const TimestampNs endNs = toTimestamp(end);
    for (const Alert &a : alerts) {
        if (!rot->pipelines.contains(a.pipelineId))
            continue;
        if (startNs <= a.triggeredAt && a.triggeredAt < endNs) {
            const QDateTime at = toDateTime(a.triggeredAt);
            const QString paged = schedule.answering(a.pipelineId, RotationLayer::Primary, at);
            if (!paged.isEmpty()) {
                Load &l = entry(paged, false);
                ++l.pages;
                const Person *p = ws.person(paged);
                l.nightPages += isNightIn(at, zoneOf(p ? p->timeZone : QString(), zone)) ? 1 : 0;
            }
        }
        QSet<QString> handlers;
        for (const TimelineEntry &e : a.timeline) {
            if (e.at < startNs || e.at >= endNs || e.actor == QLatin1String("engine"))
                continue;
            if (e.action == QLatin1String("acknowledged") || e.action == QLatin1String("resolved"))
                handlers.insert(e.actor);
        }
        for (const QString &h : std::as_const(handlers))
            ++entry(h, false).handled;
    }
    return r;
}

const FairnessReport::Load *FairnessReport::load(const QString &person) const
{
    for (const Load &l : people) {
        if (l.person == person)
            return &l;
    }
    return nullptr;
}

int FairnessReport::spread(int Load::*field) const
{
    int lo = std::numeric_limits<int>::max(), hi = std::numeric_limits<int>::min();
    for (const Load &l : people) {
        if (!l.participant)
            continue;
        lo = std::min(lo, l.*field);
        hi = std::max(hi, l.*field);
    }
    return hi >= lo ? hi - lo : 0;
}

QStringList FairnessReport::figureNames()
{
    return {QStringLiteral("Primary turns"), QStringLiteral("Secondary turns"),
            QStringLiteral("Days on call"),  QStringLiteral("Holiday days"),
            QStringLiteral("Weekend days"),  QStringLiteral("Pages"),
            QStringLiteral("Night pages"),   QStringLiteral("Handled")};
}

namespace {
QString joined(const QList<int> &figures, const QString &separator)
{
    QStringList text;
    for (int f : figures)
        text << QString::number(f);
    return text.join(separator);
}
} // namespace

QString FairnessReport::csvHeader()
{
    QStringList columns{QStringLiteral("rotation"), QStringLiteral("person"),
                        QStringLiteral("name"), QStringLiteral("participant")};
    for (const QString &n : figureNames())
        columns << n.toLower().replace(QLatin1Char(' '), QLatin1Char('_'));
    return columns.join(QLatin1Char(',')) + QLatin1Char('\n');
}

QString FairnessReport::toCsvRows() const
{
    QString out;
    for (const Load &l : people)
        out += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(csv::quoted(rotation), csv::quoted(l.person), csv::quoted(l.name),
                        l.participant ? QStringLiteral("yes") : QStringLiteral("no"),
                        joined(l.figures(), QStringLiteral(",")));
    return out;
}

QString FairnessReport::toMarkdown() const
{
    QString md = QStringLiteral("## %1: on-call load %2 to %3\n\n")
                     .arg(rotationName.isEmpty() ? rotation : rotationName,
                          from.toString(Qt::ISODate), to.addDays(-1).toString(Qt::ISODate));
    md += QStringLiteral("| Person | %1 |\n|---%2|\n")
              .arg(figureNames().join(QStringLiteral(" | ")),
                   QStringLiteral("|--:").repeated(figureNames().size()));
    for (const Load &l : people)
        md += QStringLiteral("| %1%2 | %3 |\n")
                  .arg(l.name, l.participant ? QString() : QStringLiteral(" (not in rotation)"),
                       joined(l.figures(), QStringLiteral(" | ")));
    md += QStringLiteral("\nSpread (max − min over the rotation): primary turns %1, holiday days "
                         "%2, weekend days %3.\n")
              .arg(spread(&Load::primaryTurns))
              .arg(spread(&Load::holidayDays))
              .arg(spread(&Load::weekendDays));
    return md;
}

} // namespace wk
