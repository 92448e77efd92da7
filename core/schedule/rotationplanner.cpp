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

namespace {

// One plan in the making: each person's load so far, the cycle being dealt, and the shifts
// planned. run() walks the turns; each step of a turn is one of the functions below.
class Planning
{
public:
    explicit Planning(const RotationPlanner &planner)
        : m_planner(planner), m_rotation(planner.rotation()), m_zone(planner.zone()),
          m_people(m_rotation.participants), m_count(static_cast<int>(m_people.size())),
          m_seats(m_rotation.secondary && m_count > 1 ? 2 : 1), m_half((m_count + 1) / 2)
    {}

    QList<Shift> run(int lastSlot)
    {
        if (m_count == 0)
            return {};
        for (int slot = 0; slot <= lastSlot; ++slot) {
            if (slot % m_count == 0)
                dealCycle(slot);
            QList<QDate> days;
            const Shift base = frame(slot, &days);
            QStringList chosen = m_cycle[slot % m_count];
            // Not primary twice in a row when the other seat can take it.
            if (chosen.size() == 2 && chosen[0] == m_previousPrimary)
                chosen.swapItemsAt(0, 1);
            seatTurn(slot, base, chosen);
            m_previousPrimary = chosen.value(0);
            if (m_rotation.monthEndDays > 0)
                coverMonthEnd(slot, base, days, chosen);
        }
        return m_out;
    }

private:
    // A public holiday weighs more than a weekend day.
    static int burden(int holidayDays, int weekendDays) { return 3 * holidayDays + weekendDays; }

    bool awayIn(const QString &person, const Shift &turn) const
    {
        return m_planner.awayForMostOf(person, turn.start, turn.end, nullptr);
    }

    // A turn's frame: its times and the holiday and weekend days it holds.
    Shift frame(int slot, QList<QDate> *days) const
    {
        Shift base;
        base.rotation = m_rotation.id;
        base.slot = slot;
        base.start = m_planner.slotStart(slot);
        base.end = m_planner.slotStart(slot + 1);
        // A local day belongs to the turn that holds its noon.
        const QDate firstDay = base.start.toTimeZone(m_zone).date();
        const QDate lastDay = base.end.toTimeZone(m_zone).date();
        for (QDate d = firstDay; d <= lastDay; d = d.addDays(1)) {
            if (!base.covers(QDateTime(d, QTime(12, 0), m_zone).toUTC()))
                continue;
            base.holidayDays += m_planner.isHoliday(d) ? 1 : 0;
            base.weekendDays += d.dayOfWeek() >= 6 ? 1 : 0;
            if (days)
                *days << d;
        }
        return base;
    }

    // Turns are dealt in cycles of `count` turns in which everyone holds each seat once.
    // Position k of a cycle is primary in turn k and secondary in turn k - half (half =
    // count / 2 rounded up): that offset keeps both the primary counts and the seat totals
    // within one of each other at every turn, not just at the end of a cycle.
    void dealCycle(int first)
    {
        QList<Shift> frames;
        for (int t = 0; t < m_count; ++t)
            frames << frame(first + t, nullptr);
        // The dealing is greedy, so it competes with the plain list order and its rotations:
        // the cycle that leaves holiday and weekend loads least spread wins, list order on a
        // tie. A primary-only rotation never starts a cycle with the last cycle's primary.
        QList<QStringList> candidates;
        for (int r = 0; r < m_count; ++r) {
            candidates << m_people.mid(r) + m_people.mid(0, r);
            if (r == 0)
                candidates << dealtByBurden(frames);
        }
        int best = -1;
        int bestSpread = INT_MAX;
        for (int i = 0; i < candidates.size(); ++i) {
            const QList<QStringList> turns = seatsOf(candidates[i]);
            if (m_count > 1 && turns[0][0] == m_previousPrimary)
                continue;
            const int spread = spreadAfter(turns, frames);
            if (spread < bestSpread) {
                best = i;
                bestSpread = spread;
            }
        }
        m_cycle = seatsOf(candidates[std::max(best, 0)]);
        m_cycleNotes = QStringList(m_count);
        for (int t = 0; t < m_count; ++t) {
            for (int seat = 0; seat < m_cycle[t].size(); ++seat)
                tradeIfAway(frames, t, seat);
        }
    }

    // The positions dealt so that whoever has carried the most holidays and weekends so far
    // gets the lightest.
    QStringList dealtByBurden(const QList<Shift> &frames)
    {
        QList<int> positionBurden(m_count, 0);
        for (int k = 0; k < m_count; ++k) {
            positionBurden[k] += burden(frames[k].holidayDays, frames[k].weekendDays);
            if (m_seats == 2) {
                const Shift &other = frames[(k - m_half + m_count) % m_count];
                positionBurden[k] += burden(other.holidayDays, other.weekendDays);
            }
        }
        QList<int> positions(m_count), order(m_count);
        for (int k = 0; k < m_count; ++k)
            positions[k] = order[k] = k;
        std::stable_sort(positions.begin(), positions.end(),
                         [&](int a, int b) { return positionBurden[a] < positionBurden[b]; });
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            const Tally &ta = m_tally[m_people[a]];
            const Tally &tb = m_tally[m_people[b]];
            return burden(ta.holidayDays, ta.weekendDays) > burden(tb.holidayDays, tb.weekendDays);
        });
        QStringList dealt(m_count);
        for (int k = 0; k < m_count; ++k)
            dealt[positions[k]] = m_people[order[k]];
        return dealt;
    }

    // The people seated in each turn of a cycle dealt in this order.
    QList<QStringList> seatsOf(const QStringList &deal) const
    {
        QList<QStringList> turns(m_count);
        for (int t = 0; t < m_count; ++t) {
            turns[t] << deal[t];
            if (m_seats == 2)
                turns[t] << deal[(t + m_half) % m_count];
        }
        return turns;
    }

    // How far apart loads would be after the cycle. Holidays and weekends are each spread
    // on their own, so one cannot pay for the other.
    int spreadAfter(const QList<QStringList> &turns, const QList<Shift> &frames) const
    {
        QHash<QString, std::pair<int, int>> load;
        for (const QString &p : m_people) {
            const Tally t = m_tally.value(p);
            load[p] = {t.holidayDays, t.weekendDays};
        }
        for (int t = 0; t < m_count; ++t) {
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
    }

    // Someone away for most of a turn changes places for the whole cycle with someone free
    // then, who is not away in the turns they take over.
    void tradeIfAway(const QList<Shift> &frames, int t, int seat)
    {
        const QString away = m_cycle[t][seat];
        const TimeOff *why = nullptr;
        if (!m_planner.awayForMostOf(away, frames[t].start, frames[t].end, &why))
            return;
        const QString reason =
            why && !why->reason.isEmpty() ? QStringLiteral(" (%1)").arg(why->reason) : QString();
        const QString awayText =
            QStringLiteral("%1 is away %2 – %3%4")
                .arg(away, dayText(why->start, m_zone), dayText(why->end, m_zone), reason);
        const QString taker = tradePartner(frames, t, away);
        if (!taker.isEmpty()) {
            for (QStringList &turn : m_cycle) {
                for (QString &p : turn)
                    p = p == away ? taker : p == taker ? away : p;
            }
            m_cycleNotes[t] = QStringLiteral("%1; %2 takes the turn and %3 takes %2's.")
                                  .arg(awayText, taker, away);
            return;
        }
        // Nobody can trade: seat whoever is free, and say counts drift by one.
        for (const QString &c : m_people) {
            if (!m_cycle[t].contains(c) && !awayIn(c, frames[t])) {
                m_cycle[t][seat] = c;
                m_cycleNotes[t] = QStringLiteral("%1; %2 takes the turn (nobody could "
                                                 "trade turns this cycle).")
                                      .arg(awayText, c);
                return;
            }
        }
        m_cycleNotes[t] = QStringLiteral("%1, and nobody else is free.").arg(awayText);
    }

    // Who can take `away`'s turns of the cycle in exchange for their own; empty for nobody.
    QString tradePartner(const QList<Shift> &frames, int t, const QString &away) const
    {
        for (const QString &c : m_people) {
            if (c == away || m_cycle[t].contains(c) || awayIn(c, frames[t]))
                continue;
            bool fits = true;
            for (int u = 0; u < m_count && fits; ++u)
                fits = !(m_cycle[u].contains(c) && awayIn(away, frames[u])) &&
                       !(m_cycle[u].contains(away) && u != t && awayIn(c, frames[u]));
            if (fits)
                return c;
        }
        return {};
    }

    void seatTurn(int slot, const Shift &base, const QStringList &chosen)
    {
        for (int i = 0; i < chosen.size(); ++i) {
            Shift s = base;
            s.layer = i == 0 ? RotationLayer::Primary : RotationLayer::Secondary;
            s.person = s.plannedPerson = chosen[i];
            s.note = m_cycleNotes[slot % m_count];
            // A shorter absence keeps the turn: say when the others cover.
            for (const TimeOff &off : m_planner.timeOff()) {
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
            Tally &t = m_tally[s.person];
            t.holidayDays += s.holidayDays;
            t.weekendDays += s.weekendDays;
            m_out << s;
        }
    }

    // Month-end cover: the last days of a month, by someone not already seated.
    void coverMonthEnd(int slot, const Shift &base, const QList<QDate> &days,
                       const QStringList &chosen)
    {
        for (const QDate &d : days) {
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
            for (const QString &p : m_people) {
                if (!chosen.contains(p) && !m_planner.awayForMostOf(p, from, to, nullptr))
                    others << p;
            }
            std::stable_sort(others.begin(), others.end(), [&](const QString &a, const QString &b) {
                return std::tie(m_tally[a].monthEnd, m_tally[a].lastMonthEnd) <
                       std::tie(m_tally[b].monthEnd, m_tally[b].lastMonthEnd);
            });
            if (!others.isEmpty() && from < to) {
                Shift s = base;
                s.layer = RotationLayer::MonthEnd;
                s.person = s.plannedPerson = others.first();
                s.start = from;
                s.end = to;
                ++m_tally[s.person].monthEnd;
                m_tally[s.person].lastMonthEnd = slot;
                m_out << s;
            }
            return;
        }
    }

    const RotationPlanner &m_planner;
    const Rotation &m_rotation;
    const QTimeZone m_zone;
    const QStringList &m_people;
    const int m_count;
    const int m_seats;
    const int m_half;
    QHash<QString, Tally> m_tally;
    QString m_previousPrimary;
    QList<QStringList> m_cycle; // seated people per turn of the current cycle
    QStringList m_cycleNotes;
    QList<Shift> m_out;
};

} // namespace

QList<Shift> RotationPlanner::plan(const QDateTime &until) const
{
    return Planning(*this).run(slotAt(until));
}

} // namespace wk
