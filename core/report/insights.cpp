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

// One computation of the figures: the range's days and weeks, the pipelines in scope, and
// the sums each alert adds to. Insights::compute() hands it every fact, then the finish
// steps turn the sums into figures.
class Aggregation
{
public:
    Aggregation(const AlertFacts &facts, const Workspace &workspace, const InsightsQuery &query,
                TimestampNs now)
        : m_facts(facts), m_workspace(workspace), m_query(query), m_now(now),
          m_dayCount(static_cast<int>(std::max<qint64>(0, query.from.daysTo(query.to)))),
          m_pipelineCount(facts.pipelines.size()),
          m_customerCount(static_cast<size_t>(facts.customers.size())),
          m_sla(static_cast<size_t>(m_pipelineCount)), m_impact(m_customerCount),
          m_load(static_cast<size_t>(facts.people.size())),
          m_pipelineRun(static_cast<size_t>(m_pipelineCount)), m_customerRun(m_customerCount),
          m_pipelineDown(static_cast<size_t>(m_pipelineCount)), m_customerDown(m_customerCount)
    {
        m_out.query = query;
        frameDays();
        scope();
        m_downEnd = std::min(m_rangeEnd, now);
    }

    void add(const AlertFact &f)
    {
        if (f.pipeline < 0 || !m_inScope[static_cast<size_t>(f.pipeline)])
            return;
        if (inRange(f.triggered))
            countRaised(f);
        if (f.acknowledged && inRange(f.acknowledged)) {
            const int w = m_weekOfDay[static_cast<size_t>(dayOf(f.acknowledged))];
            ++m_out.weeks[w].acknowledged;
            m_ackSum[static_cast<size_t>(w)] +=
                static_cast<double>(f.acknowledged - f.triggered) / nanosPerMinute;
        }
        if (f.resolved && inRange(f.resolved)) {
            const int w = m_weekOfDay[static_cast<size_t>(dayOf(f.resolved))];
            ++m_out.weeks[w].resolved;
            m_resolveSum[static_cast<size_t>(w)] +=
                static_cast<double>(f.resolved - f.triggered) / nanosPerMinute;
        }
        if (f.severity != Severity::Medium)
            countDowntime(f);
    }

    Insights finish(const OnCallSchedule *schedule)
    {
        finishWeeks();
        finishSla();
        finishPipelineBudgets();
        finishCustomers();
        finishLoad(schedule);
        finishRules();
        return std::move(m_out);
    }

private:
    int dayOf(TimestampNs t) const
    {
        return static_cast<int>(std::upper_bound(m_dayStart.begin(), m_dayStart.end(), t) -
                                m_dayStart.begin()) -
               1;
    }
    bool inRange(TimestampNs t) const { return t >= m_rangeStart && t < m_rangeEnd; }

    // Days and the weeks they fall in.
    void frameDays()
    {
        m_dayStart.resize(static_cast<size_t>(m_dayCount) + 1);
        for (int i = 0; i <= m_dayCount; ++i)
            m_dayStart[static_cast<size_t>(i)] =
                toTimestamp(QDateTime(m_query.from.addDays(i), QTime(0, 0), m_query.zone));
        m_rangeStart = m_dayStart.front();
        m_rangeEnd = m_dayStart.back();
        m_weekOfDay.resize(static_cast<size_t>(m_dayCount));
        for (int i = 0; i < m_dayCount; ++i) {
            const QDate d = m_query.from.addDays(i);
            m_out.days.append({d, {}});
            if (i == 0 || d.dayOfWeek() == 1)
                m_out.weeks.append({d, 0, 0, std::nullopt, std::nullopt});
            m_weekOfDay[static_cast<size_t>(i)] = static_cast<int>(m_out.weeks.size()) - 1;
        }
        m_ackSum.assign(static_cast<size_t>(m_out.weeks.size()), 0);
        m_resolveSum.assign(static_cast<size_t>(m_out.weeks.size()), 0);
    }

    // Which pipelines are in scope.
    void scope()
    {
        m_inScope.assign(static_cast<size_t>(m_pipelineCount), 1);
        if (m_query.pipelines.isEmpty() && m_query.team.isEmpty())
            return;
        QSet<QString> members;
        for (const Team &t : m_workspace.teams) {
            if (t.id == m_query.team)
                members = QSet<QString>(t.members.cbegin(), t.members.cend());
        }
        for (qsizetype i = 0; i < m_pipelineCount; ++i) {
            const QString &id = m_facts.pipelines[i];
            bool keep = m_query.pipelines.isEmpty() || m_query.pipelines.contains(id);
            if (keep && !m_query.team.isEmpty()) {
                const Pipeline *p = m_workspace.pipeline(id);
                keep =
                    p && (members.contains(p->primaryOwner) || members.contains(p->secondaryOwner));
            }
            m_inScope[static_cast<size_t>(i)] = keep ? 1 : 0;
        }
    }

    // An alert raised in the range: its day, its pipeline's clocks, its customer, its pages.
    void countRaised(const AlertFact &f)
    {
        ++m_out.alerts;
        ++m_out.days[dayOf(f.triggered)].opened[static_cast<size_t>(f.severity)];
        Insights::Sla &s = m_sla[static_cast<size_t>(f.pipeline)];
        ++s.alerts;
        if (f.acknowledged || f.ackBy <= m_now) {
            ++s.ackDue;
            s.ackInTime += f.acknowledged && f.acknowledged <= f.ackBy ? 1 : 0;
        }
        if (f.resolved || f.resolveBy <= m_now) {
            ++s.resolveDue;
            s.resolveInTime += f.resolved && f.resolved <= f.resolveBy ? 1 : 0;
        }
        if (f.customer >= 0) {
            Insights::CustomerImpact &c = m_impact[static_cast<size_t>(f.customer)];
            ++c.alerts;
            c.critical += f.severity == Severity::Critical ? 1 : 0;
            c.monthlyRevenue = std::max(c.monthlyRevenue, f.revenue);
        }
        if (f.paged >= 0) {
            Insights::Load &l = m_load[static_cast<size_t>(f.paged)];
            ++l.pages;
            l.nightPages += f.night ? 1 : 0;
        }
        if (f.handler >= 0)
            ++m_load[static_cast<size_t>(f.handler)].handled;
        if (f.rule >= 0) {
            Insights::NoisyRule &r = m_rules[static_cast<size_t>(f.rule)];
            ++r.alerts;
            const bool falseAlarm = f.outcome == AlertOutcome::Kind::Noise ||
                                    f.outcome == AlertOutcome::Kind::WontFix ||
                                    f.outcome == AlertOutcome::Kind::ResolvedByItself;
            r.falseAlarms += falseAlarm ? 1 : 0;
            r.noise += f.outcome == AlertOutcome::Kind::Noise ? 1 : 0;
            r.actionable += f.outcome == AlertOutcome::Kind::Actionable ? 1 : 0;
            r.unknown += f.outcome == AlertOutcome::Kind::Unknown ? 1 : 0;
            if (f.paged >= 0) {
                ++r.pages;
                r.nightPages += f.night ? 1 : 0;
                r.falseAlarmPages += falseAlarm ? 1 : 0;
            }
        }
    }

    // Critical and high alerts are downtime of their pipeline and customer while open.
    void countDowntime(const AlertFact &f)
    {
        const TimestampNs s = std::max(f.triggered, m_rangeStart);
        const TimestampNs e = std::min(f.resolved ? f.resolved : m_downEnd, m_downEnd);
        if (e <= s)
            return;
        addDown(m_pipelineRun[static_cast<size_t>(f.pipeline)],
                m_pipelineDown[static_cast<size_t>(f.pipeline)], s, e);
        if (f.customer >= 0)
            addDown(m_customerRun[static_cast<size_t>(f.customer)],
                    m_customerDown[static_cast<size_t>(f.customer)], s, e);
    }

    void addDown(Run &run, std::vector<double> &perDay, TimestampNs s, TimestampNs e) const
    {
        // Facts come sorted by when they rose, so starts never go backwards.
        if (run.open && s <= run.end) {
            run.end = std::max(run.end, e);
            return;
        }
        flush(run, perDay);
        run = {s, e, true};
    }

    // A finished run of downtime, spread over the days it covers.
    void flush(const Run &run, std::vector<double> &perDay) const
    {
        if (!run.open || run.end <= run.start)
            return;
        if (perDay.empty())
            perDay.assign(static_cast<size_t>(m_dayCount), 0.0);
        for (int d = std::max(0, dayOf(run.start)); d < m_dayCount; ++d) {
            const TimestampNs s = std::max(run.start, m_dayStart[static_cast<size_t>(d)]);
            const TimestampNs e = std::min(run.end, m_dayStart[static_cast<size_t>(d) + 1]);
            if (e <= s)
                break;
            perDay[static_cast<size_t>(d)] += static_cast<double>(e - s) / nanosPerMinute;
        }
    }

    void finishWeeks()
    {
        for (size_t w = 0; w < static_cast<size_t>(m_out.weeks.size()); ++w) {
            Insights::Week &week = m_out.weeks[static_cast<qsizetype>(w)];
            if (week.acknowledged)
                week.mttaMinutes = m_ackSum[w] / week.acknowledged;
            if (week.resolved)
                week.mttrMinutes = m_resolveSum[w] / week.resolved;
        }
    }

    void finishSla()
    {
        for (qsizetype i = 0; i < m_pipelineCount; ++i) {
            if (m_sla[static_cast<size_t>(i)].alerts) {
                m_sla[static_cast<size_t>(i)].pipeline = m_facts.pipelines[i];
                m_out.sla << m_sla[static_cast<size_t>(i)];
            }
        }
        std::stable_sort(m_out.sla.begin(), m_out.sla.end(),
                         [](const Insights::Sla &a, const Insights::Sla &b) {
                             return a.ackShare() < b.ackShare();
                         });
    }

    void addBudget(const QString &key, const QString &label, bool customer, double target,
                   const Run &run, std::vector<double> &perDay)
    {
        flush(run, perDay);
        const double rangeMinutes = static_cast<double>(m_rangeEnd - m_rangeStart) / nanosPerMinute;
        Insights::Budget b{key, label, customer, target, rangeMinutes * (100.0 - target) / 100.0,
                           {},  0};
        double used = 0;
        for (int d = 0; d < m_dayCount; ++d) {
            used += perDay.empty() ? 0.0 : perDay[static_cast<size_t>(d)];
            b.remainingMinutes << b.budgetMinutes - used;
        }
        b.consumedMinutes = used;
        m_out.budgets << b;
    }

    void finishPipelineBudgets()
    {
        for (qsizetype i = 0; i < m_pipelineCount; ++i) {
            if (!m_inScope[static_cast<size_t>(i)])
                continue;
            const Pipeline *p = m_workspace.pipeline(m_facts.pipelines[i]);
            const SlaPolicy *policy = p ? m_workspace.slaPolicy(p->slaPolicy) : nullptr;
            const double target = policy && policy->availabilityPercent
                                      ? *policy->availabilityPercent
                                      : m_query.defaultAvailability;
            addBudget(m_facts.pipelines[i], p ? p->name : m_facts.pipelines[i], false, target,
                      m_pipelineRun[static_cast<size_t>(i)],
                      m_pipelineDown[static_cast<size_t>(i)]);
        }
    }

    // The customers ranked by alerts times revenue, each with its budget.
    void finishCustomers()
    {
        std::vector<size_t> ranked;
        for (size_t i = 0; i < m_customerCount; ++i) {
            Insights::CustomerImpact &c = m_impact[i];
            if (!c.alerts)
                continue;
            c.customer = m_facts.customers[static_cast<qsizetype>(i)];
            const Customer *known = nullptr;
            for (const Customer &k : m_workspace.customers)
                known = k.id == c.customer ? &k : known;
            c.name = known ? known->name : c.customer;
            if (known)
                c.monthlyRevenue = known->monthlyRevenue;
            c.impact = c.alerts * c.monthlyRevenue;
            ranked.push_back(i);
        }
        std::stable_sort(ranked.begin(), ranked.end(), [&](size_t a, size_t b) {
            return m_impact[a].impact != m_impact[b].impact
                       ? m_impact[a].impact > m_impact[b].impact
                       : m_impact[a].alerts > m_impact[b].alerts;
        });
        ranked.resize(
            std::min(ranked.size(), static_cast<size_t>(std::max(0, m_query.topCustomers))));
        for (size_t i : ranked) {
            m_out.customers << m_impact[i];
            addBudget(m_impact[i].customer, m_impact[i].name, true, m_query.defaultAvailability,
                      m_customerRun[i], m_customerDown[i]);
        }
    }

    void finishLoad(const OnCallSchedule *schedule)
    {
        // Holidays on call come from the schedule, over the same days.
        QHash<QString, int> holidays;
        if (schedule) {
            for (const Rotation &r : m_workspace.rotations) {
                const FairnessReport f =
                    FairnessReport::build(*schedule, {}, m_query.from, m_query.to, r.id);
                for (const FairnessReport::Load &l : f.people)
                    holidays[l.person] += l.holidayDays;
            }
        }
        for (qsizetype i = 0; i < m_facts.people.size(); ++i) {
            Insights::Load l = m_load[static_cast<size_t>(i)];
            l.person = m_facts.people[i];
            const Person *p = m_workspace.person(l.person);
            l.name = p ? p->name : l.person;
            l.holidayDays = holidays.value(l.person);
            if (l.pages || l.handled || l.holidayDays)
                m_out.load << l;
        }
    }

    void finishRules()
    {
        std::vector<Insights::NoisyRule> ranked;
        for (size_t i = 0; i < m_rules.size(); ++i) {
            if (!m_rules[i].alerts)
                continue;
            m_rules[i].rule = m_facts.rules[static_cast<qsizetype>(i)];
            ranked.push_back(m_rules[i]);
        }
        std::stable_sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) {
            if (a.falseAlarms != b.falseAlarms)
                return a.falseAlarms > b.falseAlarms;
            if (a.falseAlarmPages != b.falseAlarmPages)
                return a.falseAlarmPages > b.falseAlarmPages;
            return a.rule < b.rule;
        });
        ranked.resize(std::min<size_t>(ranked.size(), 8));
        for (const Insights::NoisyRule &r : ranked)
            m_out.rules << r;
    }

    const AlertFacts &m_facts;
    const Workspace &m_workspace;
    const InsightsQuery &m_query;
    const TimestampNs m_now;
    const int m_dayCount;
    const qsizetype m_pipelineCount;
    const size_t m_customerCount;
    Insights m_out;
    std::vector<TimestampNs> m_dayStart; // the first instant of each day, and the range's end
    TimestampNs m_rangeStart = 0;
    TimestampNs m_rangeEnd = 0;
    TimestampNs m_downEnd = 0; // open alerts are down until now, or the range's end
    std::vector<int> m_weekOfDay;
    std::vector<double> m_ackSum, m_resolveSum; // per week
    std::vector<char> m_inScope;                // per pipeline
    std::vector<Insights::Sla> m_sla;
    std::vector<Insights::CustomerImpact> m_impact;
    std::vector<Insights::Load> m_load;
    std::vector<Insights::NoisyRule> m_rules =
        std::vector<Insights::NoisyRule>(static_cast<size_t>(m_facts.rules.size()));
    // Downtime per pipeline and per customer, per day, from merged runs.
    std::vector<Run> m_pipelineRun, m_customerRun;
    std::vector<std::vector<double>> m_pipelineDown, m_customerDown;
};

} // namespace

Insights Insights::compute(const AlertFacts &facts, const Workspace &workspace,
                           const InsightsQuery &query, TimestampNs now,
                           const OnCallSchedule *schedule)
{
    Aggregation aggregation(facts, workspace, query, now);
    for (const AlertFact &f : facts.rows)
        aggregation.add(f);
    return aggregation.finish(schedule);
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
    for (const NoisyRule &r : rules) {
        row("rules", QStringLiteral("alerts"), r.rule, r.alerts);
        row("rules", QStringLiteral("false_alarms"), r.rule, r.falseAlarms);
        row("rules", QStringLiteral("noise"), r.rule, r.noise);
        row("rules", QStringLiteral("actionable"), r.rule, r.actionable);
        row("rules", QStringLiteral("false_alarm_share"), r.rule, r.falseAlarmShare());
        row("rules", QStringLiteral("pages"), r.rule, r.pages);
        row("rules", QStringLiteral("night_pages"), r.rule, r.nightPages);
        row("rules", QStringLiteral("false_alarm_pages"), r.rule, r.falseAlarmPages);
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
    QJsonArray ruleArray;
    for (const NoisyRule &r : rules)
        ruleArray.append(QJsonObject{{QStringLiteral("rule"), r.rule},
                                     {QStringLiteral("alerts"), r.alerts},
                                     {QStringLiteral("actionable"), r.actionable},
                                     {QStringLiteral("false_alarms"), r.falseAlarms},
                                     {QStringLiteral("noise"), r.noise},
                                     {QStringLiteral("unknown"), r.unknown},
                                     {QStringLiteral("false_alarm_share"), r.falseAlarmShare()},
                                     {QStringLiteral("pages"), r.pages},
                                     {QStringLiteral("night_pages"), r.nightPages},
                                     {QStringLiteral("false_alarm_pages"), r.falseAlarmPages}});
    o[QStringLiteral("rules")] = ruleArray;
    return o;
}

} // namespace wk
