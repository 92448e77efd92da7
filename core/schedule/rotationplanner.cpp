#include "rotationplanner.h"

#include <QHash>
#include <QLocale>

#include <algorithm>
#include <climits>
#include <tuple>

namespace wk {

namespace {

constexpr qint64 secsPerDay = 86400;

QString dayText(const QDateTime &t, const QTimeZone &zone)
{
    return QLocale::c().toString(t.toTimeZone(zone), QStringLiteral("ddd d MMM HH:mm"));
}

struct Tally
{
    int holidayDays = 0;
    int weekendDays = 0;
    int monthEnd = 0;
    int lastMonthEnd = -1;
};

} // namespace

RotationPlanner::RotationPlanner(Rotation rotation, const QList<Holiday> &holidays,
                                 QList<TimeOff> timeOff)
    : m_rotation(std::move(rotation)), m_zone(m_rotation.timeZone.toUtf8()),
      m_timeOff(std::move(timeOff))
{
    if (!m_zone.isValid())
        m_zone = QTimeZone::utc();
    for (const Holiday &h : holidays)
        m_holidays.insert(h.date);
    m_firstDay = m_rotation.start.isValid() ? m_rotation.start : QDate(2026, 1, 5);
    // Weekly (or multi-week) turns hand over on the agreed weekday.
    if (m_rotation.shiftSeconds % (7 * secsPerDay) == 0) {
        while (m_firstDay.dayOfWeek() != m_rotation.handoffWeekday)
            m_firstDay = m_firstDay.addDays(1);
    }
}

QDateTime RotationPlanner::slotStart(int slot) const
{
    const qint64 len = std::max<qint64>(m_rotation.shiftSeconds, 3600);
    if (len % secsPerDay == 0)
        return QDateTime(m_firstDay.addDays(slot * (len / secsPerDay)), m_rotation.handoffTime,
                         m_zone)
            .toUTC();
    return QDateTime(m_firstDay, m_rotation.handoffTime, m_zone).toUTC().addSecs(slot * len);
}

int RotationPlanner::slotAt(const QDateTime &t) const
{
    const QDateTime first = slotStart(0);
    if (t < first)
        return -1;
    const qint64 len = std::max<qint64>(m_rotation.shiftSeconds, 3600);
    int slot = static_cast<int>(first.secsTo(t) / len);
    // Daylight-saving shifts move local handoffs by an hour against the plain division.
    while (slot > 0 && slotStart(slot) > t)
        --slot;
    while (slotStart(slot + 1) <= t)
        ++slot;
    return slot;
}

bool RotationPlanner::awayForMostOf(const QString &person, const QDateTime &from,
                                    const QDateTime &to, const TimeOff **why) const
{
    qint64 away = 0;
    for (const TimeOff &off : m_timeOff) {
        if (off.person != person || off.end <= from || off.start >= to)
            continue;
        away += std::max(off.start, from).secsTo(std::min(off.end, to));
        if (why)
            *why = &off;
    }
    return away * 2 >= from.secsTo(to);
}

QList<Shift> RotationPlanner::plan(const QDateTime &until) const
{
    QList<Shift> out;
    const QStringList &people = m_rotation.participants;
    const int count = static_cast<int>(people.size());
    if (count == 0)
        return out;
    const int lastSlot = slotAt(until);
    const int seats = m_rotation.secondary && count > 1 ? 2 : 1;
    QHash<QString, Tally> tally;
    QString previousPrimary;

    // A turn's frame: its times and the holiday and weekend days it holds.
    auto frame = [&](int slot, QList<QDate> *days) {
        Shift base;
        base.rotation = m_rotation.id;
        base.slot = slot;
        base.start = slotStart(slot);
        base.end = slotStart(slot + 1);
        // A local day belongs to the turn that holds its noon.
        const QDate firstDay = base.start.toTimeZone(m_zone).date();
        const QDate lastDay = base.end.toTimeZone(m_zone).date();
        for (QDate d = firstDay; d <= lastDay; d = d.addDays(1)) {
            if (!base.covers(QDateTime(d, QTime(12, 0), m_zone).toUTC()))
                continue;
            base.holidayDays += m_holidays.contains(d) ? 1 : 0;
            base.weekendDays += d.dayOfWeek() >= 6 ? 1 : 0;
            if (days)
                *days << d;
        }
        return base;
    };
    // A public holiday weighs more than a weekend day.
    auto burden = [](const Shift &s) { return 3 * s.holidayDays + s.weekendDays; };

    // Turns are dealt in cycles of `count` turns in which everyone holds each seat once.
    // Position k of a cycle is primary in turn k and secondary in turn k - half (half =
    // count / 2 rounded up): that offset keeps both the primary counts and the seat totals
    // within one of each other at every turn, not just at the end of a cycle. Before each
    // cycle the positions are dealt so that whoever has carried the most holidays and
    // weekends so far gets the lightest.
    const int half = (count + 1) / 2;
    QList<QStringList> cycle; // seated people per turn of the current cycle
    QStringList cycleNotes;
    auto buildCycle = [&](int first) {
        QList<Shift> frames;
        for (int t = 0; t < count; ++t)
            frames << frame(first + t, nullptr);
        QList<int> positionBurden(count, 0);
        for (int k = 0; k < count; ++k) {
            positionBurden[k] += burden(frames[k]);
            if (seats == 2)
                positionBurden[k] += burden(frames[(k - half + count) % count]);
        }
        QList<int> positions(count), order(count);
        for (int k = 0; k < count; ++k)
            positions[k] = order[k] = k;
        std::stable_sort(positions.begin(), positions.end(),
                         [&](int a, int b) { return positionBurden[a] < positionBurden[b]; });
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            return 3 * tally[people[a]].holidayDays + tally[people[a]].weekendDays >
                   3 * tally[people[b]].holidayDays + tally[people[b]].weekendDays;
        });
        QStringList dealt(count);
        for (int k = 0; k < count; ++k)
            dealt[positions[k]] = people[order[k]];

        // The dealing is greedy, so it competes with the plain list order and its rotations:
        // the cycle that leaves holiday and weekend loads least spread wins, list order on a
        // tie. A primary-only rotation never starts a cycle with the last cycle's primary.
        QList<QStringList> candidates;
        for (int r = 0; r < count; ++r) {
            candidates << people.mid(r) + people.mid(0, r);
            if (r == 0)
                candidates << dealt;
        }
        auto seatsOf = [&](const QStringList &deal) {
            QList<QStringList> turns(count);
            for (int t = 0; t < count; ++t) {
                turns[t] << deal[t];
                if (seats == 2)
                    turns[t] << deal[(t + half) % count];
            }
            return turns;
        };
        // Holidays and weekends are each spread on their own, so one cannot pay for the other.
        auto spreadAfter = [&](const QList<QStringList> &turns) {
            QHash<QString, std::pair<int, int>> load;
            for (const QString &p : people)
                load[p] = {tally[p].holidayDays, tally[p].weekendDays};
            for (int t = 0; t < count; ++t) {
                for (const QString &p : turns[t]) {
                    load[p].first += frames[t].holidayDays;
                    load[p].second += frames[t].weekendDays;
                }
            }
            int hLo = INT_MAX, hHi = INT_MIN, wLo = INT_MAX, wHi = INT_MIN;
            for (const auto &[h, w] : std::as_const(load)) {
                hLo = std::min(hLo, h);
                hHi = std::max(hHi, h);
                wLo = std::min(wLo, w);
                wHi = std::max(wHi, w);
            }
            return (hHi - hLo) + (wHi - wLo);
        };
        int best = -1;
        int bestSpread = INT_MAX;
        for (int i = 0; i < candidates.size(); ++i) {
            const QList<QStringList> turns = seatsOf(candidates[i]);
            if (count > 1 && turns[0][0] == previousPrimary)
                continue;
            const int spread = spreadAfter(turns);
            if (spread < bestSpread) {
                best = i;
                bestSpread = spread;
            }
        }
        cycle = seatsOf(candidates[std::max(best, 0)]);
        cycleNotes = QStringList(count);

        // Someone away for most of a turn changes places for the whole cycle with someone
        // free then, who is not away in the turns they take over.
        auto awayIn = [&](const QString &p, int t) {
            return awayForMostOf(p, frames[t].start, frames[t].end, nullptr);
        };
        for (int t = 0; t < count; ++t) {
            for (int seat = 0; seat < cycle[t].size(); ++seat) {
                const QString away = cycle[t][seat];
                const TimeOff *why = nullptr;
                if (!awayForMostOf(away, frames[t].start, frames[t].end, &why))
                    continue;
                QString taker;
                for (const QString &c : people) {
                    if (c == away || cycle[t].contains(c) || awayIn(c, t))
                        continue;
                    bool fits = true;
                    for (int u = 0; u < count && fits; ++u)
                        fits = !(cycle[u].contains(c) && awayIn(away, u)) &&
                               !(cycle[u].contains(away) && u != t && awayIn(c, u));
                    if (fits) {
                        taker = c;
                        break;
                    }
                }
                const QString reason = why && !why->reason.isEmpty()
                                           ? QStringLiteral(" (%1)").arg(why->reason)
                                           : QString();
                const QString awayText =
                    QStringLiteral("%1 is away %2 – %3%4")
                        .arg(away, dayText(why->start, m_zone), dayText(why->end, m_zone), reason);
                if (!taker.isEmpty()) {
                    for (QStringList &turn : cycle) {
                        for (QString &p : turn)
                            p = p == away ? taker : p == taker ? away : p;
                    }
                    cycleNotes[t] = QStringLiteral("%1; %2 takes the turn and %3 takes %2's.")
                                        .arg(awayText, taker, away);
                    continue;
                }
                // Nobody can trade: seat whoever is free, and say counts drift by one.
                for (const QString &c : people) {
                    if (!cycle[t].contains(c) && !awayIn(c, t)) {
                        cycle[t][seat] = c;
                        cycleNotes[t] = QStringLiteral("%1; %2 takes the turn (nobody could "
                                                       "trade turns this cycle).")
                                            .arg(awayText, c);
                        break;
                    }
                }
                if (cycle[t][seat] == away)
                    cycleNotes[t] = QStringLiteral("%1, and nobody else is free.").arg(awayText);
            }
        }
    };

    for (int slot = 0; slot <= lastSlot; ++slot) {
        if (slot % count == 0)
            buildCycle(slot);
        QList<QDate> days;
        const Shift base = frame(slot, &days);
        QStringList chosen = cycle[slot % count];
        // Not primary twice in a row when the other seat can take it.
        if (chosen.size() == 2 && chosen[0] == previousPrimary)
            chosen.swapItemsAt(0, 1);

        for (int i = 0; i < chosen.size(); ++i) {
            Shift s = base;
            s.layer = i == 0 ? RotationLayer::Primary : RotationLayer::Secondary;
            s.person = s.plannedPerson = chosen[i];
            s.note = cycleNotes[slot % count];
            // A shorter absence keeps the turn: say when the others cover.
            for (const TimeOff &off : m_timeOff) {
                if (off.person == s.person && off.end > s.start && off.start < s.end) {
                    const QString cover = s.layer == RotationLayer::Primary
                                              ? QStringLiteral("the secondary covers")
                                              : QStringLiteral("another participant covers");
                    s.note += (s.note.isEmpty() ? QString() : QStringLiteral(" ")) +
                              QStringLiteral("%1 is away %2 – %3; %4 then.")
                                  .arg(s.person, dayText(std::max(off.start, s.start), m_zone),
                                       dayText(std::min(off.end, s.end), m_zone), cover);
                }
            }
            Tally &t = tally[s.person];
            t.holidayDays += s.holidayDays;
            t.weekendDays += s.weekendDays;
            out << s;
        }
        previousPrimary = chosen.value(0);

        // Month-end cover: the last days of a month, by someone not already seated.
        if (m_rotation.monthEndDays > 0) {
            for (const QDate &d : std::as_const(days)) {
                if (d.daysInMonth() - d.day() >= m_rotation.monthEndDays)
                    continue;
                const QDate firstOfEnd =
                    QDate(d.year(), d.month(), d.daysInMonth() - m_rotation.monthEndDays + 1);
                const QDate nextMonth = QDate(d.year(), d.month(), 1).addMonths(1);
                const QDateTime from =
                    std::max(base.start, QDateTime(firstOfEnd, QTime(0, 0), m_zone).toUTC());
                const QDateTime to =
                    std::min(base.end, QDateTime(nextMonth, QTime(0, 0), m_zone).toUTC());
                QStringList others;
                for (const QString &p : people) {
                    if (!chosen.contains(p) && !awayForMostOf(p, from, to, nullptr))
                        others << p;
                }
                std::stable_sort(others.begin(), others.end(),
                                 [&](const QString &a, const QString &b) {
                                     return std::tie(tally[a].monthEnd, tally[a].lastMonthEnd) <
                                            std::tie(tally[b].monthEnd, tally[b].lastMonthEnd);
                                 });
                if (!others.isEmpty() && from < to) {
                    Shift s = base;
                    s.layer = RotationLayer::MonthEnd;
                    s.person = s.plannedPerson = others.first();
                    s.start = from;
                    s.end = to;
                    ++tally[s.person].monthEnd;
                    tally[s.person].lastMonthEnd = slot;
                    out << s;
                }
                break;
            }
        }
    }
    return out;
}

} // namespace wk
