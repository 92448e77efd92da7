#include "insights.h"

#include "fairnessreport.h"
#include "schedule/oncallschedule.h"
#include "text/csvvalues.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace wk {

namespace {

constexpr double nanosPerMinute = 60.0 * nanosPerSecond;

const char *const severityKeys[] = {"critical", "high", "medium"};

// A run of merged downtime for one pipeline or customer, and where it has been added up.
struct Run
{
    TimestampNs start = 0;
    TimestampNs end = 0;
    bool open = false;
};

QString number(double v)
{
    return QString::number(v, 'g', 10);
}

} // namespace

Insights Insights::compute(const AlertFacts &facts, const Workspace &workspace,
                           const InsightsQuery &query, TimestampNs now,
                           const OnCallSchedule *schedule)
{
    Insights out;
    out.query = query;
    const int dayCount = static_cast<int>(std::max<qint64>(0, query.from.daysTo(query.to)));
    std::vector<TimestampNs> dayStart(static_cast<size_t>(dayCount) + 1);
    for (int i = 0; i <= dayCount; ++i)
        dayStart[static_cast<size_t>(i)] =
            toTimestamp(QDateTime(query.from.addDays(i), QTime(0, 0), query.zone));
    const TimestampNs rangeStart = dayStart.front();
    const TimestampNs rangeEnd = dayStart.back();
    auto dayOf = [&](TimestampNs t) {
        return static_cast<int>(std::upper_bound(dayStart.begin(), dayStart.end(), t) -
                                dayStart.begin()) -
               1;
    };
    auto inRange = [&](TimestampNs t) { return t >= rangeStart && t < rangeEnd; };

    // Days and the weeks they fall in.
    std::vector<int> weekOfDay(static_cast<size_t>(dayCount));
    for (int i = 0; i < dayCount; ++i) {
        const QDate d = query.from.addDays(i);
        out.days.append({d, {}});
        if (i == 0 || d.dayOfWeek() == 1)
            out.weeks.append({d, 0, 0, std::nullopt, std::nullopt});
        weekOfDay[static_cast<size_t>(i)] = static_cast<int>(out.weeks.size()) - 1;
    }
    std::vector<double> ackSum(out.weeks.size(), 0), resolveSum(out.weeks.size(), 0);

    // Which pipelines are in scope.
    const qsizetype pipelineCount = facts.pipelines.size();
    std::vector<char> inScope(static_cast<size_t>(pipelineCount), 1);
    if (!query.pipelines.isEmpty() || !query.team.isEmpty()) {
        QSet<QString> members;
        for (const Team &t : workspace.teams) {
            if (t.id == query.team)
                members = QSet<QString>(t.members.cbegin(), t.members.cend());
        }
        for (qsizetype i = 0; i < pipelineCount; ++i) {
            const QString &id = facts.pipelines[i];
            bool keep = query.pipelines.isEmpty() || query.pipelines.contains(id);
            if (keep && !query.team.isEmpty()) {
                const Pipeline *p = workspace.pipeline(id);
                keep =
                    p && (members.contains(p->primaryOwner) || members.contains(p->secondaryOwner));
            }
            inScope[static_cast<size_t>(i)] = keep ? 1 : 0;
        }
    }

    std::vector<Sla> sla(static_cast<size_t>(pipelineCount));
    const size_t customerCount = static_cast<size_t>(facts.customers.size());
    std::vector<CustomerImpact> impact(customerCount);
    std::vector<Load> load(static_cast<size_t>(facts.people.size()));
    // Downtime per pipeline and per customer, per day, from merged runs.
    std::vector<Run> pipelineRun(static_cast<size_t>(pipelineCount)), customerRun(customerCount);
    std::vector<std::vector<double>> pipelineDown(static_cast<size_t>(pipelineCount)),
        customerDown(customerCount);
    auto flush = [&](const Run &run, std::vector<double> &perDay) {
        if (!run.open || run.end <= run.start)
            return;
        if (perDay.empty())
            perDay.assign(static_cast<size_t>(dayCount), 0.0);
        for (int d = std::max(0, dayOf(run.start)); d < dayCount; ++d) {
            const TimestampNs s = std::max(run.start, dayStart[static_cast<size_t>(d)]);
            const TimestampNs e = std::min(run.end, dayStart[static_cast<size_t>(d) + 1]);
            if (e <= s)
                break;
            perDay[static_cast<size_t>(d)] += static_cast<double>(e - s) / nanosPerMinute;
        }
    };
    auto addDown = [&](Run &run, std::vector<double> &perDay, TimestampNs s, TimestampNs e) {
        // Facts come sorted by when they rose, so starts never go backwards.
        if (run.open && s <= run.end) {
            run.end = std::max(run.end, e);
            return;
        }
        flush(run, perDay);
        run = {s, e, true};
    };
    const TimestampNs downEnd = std::min(rangeEnd, now);

    for (const AlertFact &f : facts.rows) {
        if (f.pipeline < 0 || !inScope[static_cast<size_t>(f.pipeline)])
            continue;
        if (inRange(f.triggered)) {
            ++out.alerts;
            ++out.days[dayOf(f.triggered)].opened[static_cast<size_t>(f.severity)];
            Sla &s = sla[static_cast<size_t>(f.pipeline)];
            ++s.alerts;
            if (f.acknowledged || f.ackBy <= now) {
                ++s.ackDue;
                s.ackInTime += f.acknowledged && f.acknowledged <= f.ackBy ? 1 : 0;
            }
            if (f.resolved || f.resolveBy <= now) {
                ++s.resolveDue;
                s.resolveInTime += f.resolved && f.resolved <= f.resolveBy ? 1 : 0;
            }
            if (f.customer >= 0) {
                CustomerImpact &c = impact[static_cast<size_t>(f.customer)];
                ++c.alerts;
                c.critical += f.severity == Severity::Critical ? 1 : 0;
                c.monthlyRevenue = std::max(c.monthlyRevenue, f.revenue);
            }
            if (f.paged >= 0) {
                Load &l = load[static_cast<size_t>(f.paged)];
                ++l.pages;
                l.nightPages += f.night ? 1 : 0;
            }
            if (f.handler >= 0)
                ++load[static_cast<size_t>(f.handler)].handled;
        }
        if (f.acknowledged && inRange(f.acknowledged)) {
            const int w = weekOfDay[static_cast<size_t>(dayOf(f.acknowledged))];
            ++out.weeks[w].acknowledged;
            ackSum[static_cast<size_t>(w)] +=
                static_cast<double>(f.acknowledged - f.triggered) / nanosPerMinute;
        }
        if (f.resolved && inRange(f.resolved)) {
            const int w = weekOfDay[static_cast<size_t>(dayOf(f.resolved))];
            ++out.weeks[w].resolved;
            resolveSum[static_cast<size_t>(w)] +=
                static_cast<double>(f.resolved - f.triggered) / nanosPerMinute;
        }
        if (f.severity != Severity::Medium) {
            const TimestampNs s = std::max(f.triggered, rangeStart);
            const TimestampNs e = std::min(f.resolved ? f.resolved : downEnd, downEnd);
            if (e > s) {
                addDown(pipelineRun[static_cast<size_t>(f.pipeline)],
                        pipelineDown[static_cast<size_t>(f.pipeline)], s, e);
                if (f.customer >= 0)
                    addDown(customerRun[static_cast<size_t>(f.customer)],
                            customerDown[static_cast<size_t>(f.customer)], s, e);
            }
        }
    }
    for (size_t w = 0; w < static_cast<size_t>(out.weeks.size()); ++w) {
        Week &week = out.weeks[static_cast<qsizetype>(w)];
        if (week.acknowledged)
            week.mttaMinutes = ackSum[w] / week.acknowledged;
        if (week.resolved)
            week.mttrMinutes = resolveSum[w] / week.resolved;
    }

    for (qsizetype i = 0; i < pipelineCount; ++i) {
        if (sla[static_cast<size_t>(i)].alerts) {
            sla[static_cast<size_t>(i)].pipeline = facts.pipelines[i];
            out.sla << sla[static_cast<size_t>(i)];
        }
    }
    std::stable_sort(out.sla.begin(), out.sla.end(),
                     [](const Sla &a, const Sla &b) { return a.ackShare() < b.ackShare(); });

    const double rangeMinutes = static_cast<double>(rangeEnd - rangeStart) / nanosPerMinute;
    auto budget = [&](const QString &key, const QString &label, bool customer, double target,
                      const Run &run, std::vector<double> &perDay) {
        flush(run, perDay);
        Budget b{key, label, customer, target, rangeMinutes * (100.0 - target) / 100.0, {}, 0};
        double used = 0;
        for (int d = 0; d < dayCount; ++d) {
            used += perDay.empty() ? 0.0 : perDay[static_cast<size_t>(d)];
            b.remainingMinutes << b.budgetMinutes - used;
        }
        b.consumedMinutes = used;
        out.budgets << b;
    };
    for (qsizetype i = 0; i < pipelineCount; ++i) {
        if (!inScope[static_cast<size_t>(i)])
            continue;
        const Pipeline *p = workspace.pipeline(facts.pipelines[i]);
        const SlaPolicy *policy = p ? workspace.slaPolicy(p->slaPolicy) : nullptr;
        const double target = policy && policy->availabilityPercent ? *policy->availabilityPercent
                                                                    : query.defaultAvailability;
        budget(facts.pipelines[i], p ? p->name : facts.pipelines[i], false, target,
               pipelineRun[static_cast<size_t>(i)], pipelineDown[static_cast<size_t>(i)]);
    }

    std::vector<size_t> ranked;
    for (size_t i = 0; i < customerCount; ++i) {
        CustomerImpact &c = impact[i];
        if (!c.alerts)
            continue;
        c.customer = facts.customers[static_cast<qsizetype>(i)];
        const Customer *known = nullptr;
        for (const Customer &k : workspace.customers)
            known = k.id == c.customer ? &k : known;
        c.name = known ? known->name : c.customer;
        if (known)
            c.monthlyRevenue = known->monthlyRevenue;
        c.impact = c.alerts * c.monthlyRevenue;
        ranked.push_back(i);
    }
    std::stable_sort(ranked.begin(), ranked.end(), [&](size_t a, size_t b) {
        return impact[a].impact != impact[b].impact ? impact[a].impact > impact[b].impact
                                                    : impact[a].alerts > impact[b].alerts;
    });
    ranked.resize(std::min(ranked.size(), static_cast<size_t>(std::max(0, query.topCustomers))));
    for (size_t i : ranked) {
        out.customers << impact[i];
        budget(impact[i].customer, impact[i].name, true, query.defaultAvailability, customerRun[i],
               customerDown[i]);
    }

    // Holidays on call come from the schedule, over the same days.
    QHash<QString, int> holidays;
    if (schedule) {
        for (const Rotation &r : workspace.rotations) {
            const FairnessReport f =
                FairnessReport::build(*schedule, {}, query.from, query.to, r.id);
            for (const FairnessReport::Load &l : f.people)
                holidays[l.person] += l.holidayDays;
        }
    }
    for (qsizetype i = 0; i < facts.people.size(); ++i) {
        Load l = load[static_cast<size_t>(i)];
        l.person = facts.people[i];
        const Person *p = workspace.person(l.person);
        l.name = p ? p->name : l.person;
        l.holidayDays = holidays.value(l.person);
        if (l.pages || l.handled || l.holidayDays)
            out.load << l;
    }
    return out;
}

QString Insights::toCsv(const QString &chart) const
{
    QString csv = QStringLiteral("chart,series,x,value\n");
    auto row = [&](const char *c, const QString &series, const QString &x, double v) {
        if (chart.isEmpty() || chart == QLatin1String(c))
            csv += QStringLiteral("%1,%2,%3,%4\n")
                       .arg(QLatin1String(c), csv::quoted(series), csv::quoted(x), number(v));
    };
    for (const Day &d : days)
        for (int s = 0; s < 3; ++s)
            row("volume", QLatin1String(severityKeys[s]), d.day.toString(Qt::ISODate),
                d.opened[static_cast<size_t>(s)]);
    for (const Week &w : weeks) {
        const QString x = w.weekStart.toString(Qt::ISODate);
        row("response", QStringLiteral("acknowledged"), x, w.acknowledged);
        row("response", QStringLiteral("resolved"), x, w.resolved);
        if (w.mttaMinutes)
            row("response", QStringLiteral("mtta_minutes"), x, *w.mttaMinutes);
        if (w.mttrMinutes)
            row("response", QStringLiteral("mttr_minutes"), x, *w.mttrMinutes);
    }
    for (const Sla &s : sla) {
        row("sla", QStringLiteral("alerts"), s.pipeline, s.alerts);
        row("sla", QStringLiteral("ack_share"), s.pipeline, s.ackShare());
        row("sla", QStringLiteral("resolve_share"), s.pipeline, s.resolveShare());
    }
    for (const Budget &b : budgets) {
        const QString series =
            (b.customer ? QStringLiteral("customer:") : QStringLiteral("pipeline:")) + b.key;
        for (qsizetype d = 0; d < b.remainingMinutes.size(); ++d)
            row("budget", series, days[d].day.toString(Qt::ISODate), b.remainingMinutes[d]);
    }
    for (const Load &l : load) {
        row("load", QStringLiteral("pages"), l.person, l.pages);
        row("load", QStringLiteral("night_pages"), l.person, l.nightPages);
        row("load", QStringLiteral("handled"), l.person, l.handled);
        row("load", QStringLiteral("holiday_days"), l.person, l.holidayDays);
    }
    for (const CustomerImpact &c : customers) {
        row("customers", QStringLiteral("alerts"), c.customer, c.alerts);
        row("customers", QStringLiteral("critical"), c.customer, c.critical);
        row("customers", QStringLiteral("impact"), c.customer, c.impact);
    }
    return csv;
}

QString Insights::toCsv() const
{
    return toCsv(QString());
}

QJsonObject Insights::toJson() const
{
    QJsonObject o;
    o[QStringLiteral("from")] = query.from.toString(Qt::ISODate);
    o[QStringLiteral("to")] = query.to.addDays(-1).toString(Qt::ISODate);
    o[QStringLiteral("timezone")] = QString::fromUtf8(query.zone.id());
    o[QStringLiteral("alerts")] = alerts;
    QJsonArray volume;
    for (const Day &d : days)
        volume.append(QJsonObject{{QStringLiteral("day"), d.day.toString(Qt::ISODate)},
                                  {QStringLiteral("critical"), d.opened[0]},
                                  {QStringLiteral("high"), d.opened[1]},
                                  {QStringLiteral("medium"), d.opened[2]}});
    o[QStringLiteral("volume")] = volume;
    QJsonArray response;
    for (const Week &w : weeks) {
        QJsonObject j{{QStringLiteral("week"), w.weekStart.toString(Qt::ISODate)},
                      {QStringLiteral("acknowledged"), w.acknowledged},
                      {QStringLiteral("resolved"), w.resolved}};
        j[QStringLiteral("mtta_minutes")] =
            w.mttaMinutes ? QJsonValue(*w.mttaMinutes) : QJsonValue();
        j[QStringLiteral("mttr_minutes")] =
            w.mttrMinutes ? QJsonValue(*w.mttrMinutes) : QJsonValue();
        response.append(j);
    }
    o[QStringLiteral("response")] = response;
    QJsonArray slaArray;
    for (const Sla &s : sla)
        slaArray.append(QJsonObject{{QStringLiteral("pipeline"), s.pipeline},
                                    {QStringLiteral("alerts"), s.alerts},
                                    {QStringLiteral("ack_due"), s.ackDue},
                                    {QStringLiteral("ack_in_time"), s.ackInTime},
                                    {QStringLiteral("resolve_due"), s.resolveDue},
                                    {QStringLiteral("resolve_in_time"), s.resolveInTime},
                                    {QStringLiteral("ack_share"), s.ackShare()},
                                    {QStringLiteral("resolve_share"), s.resolveShare()}});
    o[QStringLiteral("sla")] = slaArray;
    QJsonArray budgetArray;
    for (const Budget &b : budgets) {
        QJsonArray remaining;
        for (double m : b.remainingMinutes)
            remaining.append(m);
        budgetArray.append(
            QJsonObject{{QStringLiteral("kind"),
                         b.customer ? QStringLiteral("customer") : QStringLiteral("pipeline")},
                        {QStringLiteral("id"), b.key},
                        {QStringLiteral("name"), b.label},
                        {QStringLiteral("availability"), b.availability},
                        {QStringLiteral("budget_minutes"), b.budgetMinutes},
                        {QStringLiteral("consumed_minutes"), b.consumedMinutes},
                        {QStringLiteral("remaining_minutes_by_day"), remaining}});
    }
    o[QStringLiteral("budgets")] = budgetArray;
    QJsonArray loadArray;
    for (const Load &l : load)
        loadArray.append(QJsonObject{{QStringLiteral("person"), l.person},
                                     {QStringLiteral("name"), l.name},
                                     {QStringLiteral("pages"), l.pages},
                                     {QStringLiteral("night_pages"), l.nightPages},
                                     {QStringLiteral("handled"), l.handled},
                                     {QStringLiteral("holiday_days"), l.holidayDays}});
    o[QStringLiteral("load")] = loadArray;
    QJsonArray customerArray;
    for (const CustomerImpact &c : customers)
        customerArray.append(QJsonObject{{QStringLiteral("customer"), c.customer},
                                         {QStringLiteral("name"), c.name},
                                         {QStringLiteral("monthly_revenue"), c.monthlyRevenue},
                                         {QStringLiteral("alerts"), c.alerts},
                                         {QStringLiteral("critical"), c.critical},
                                         {QStringLiteral("impact"), c.impact}});
    o[QStringLiteral("customers")] = customerArray;
    return o;
}

} // namespace wk
