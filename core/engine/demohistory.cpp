#include "demohistory.h"

#include "domain/alertcondition.h"
#include "domain/clock.h"
#include "domain/duration.h"
#include "engine/alertbook.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "storage/runbookhistory.h"
#include "storage/schedulestore.h"

#include <QHash>
#include <QSet>
#include <QTimeZone>

#include <algorithm>
#include <functional>
#include <random>

namespace wk {

namespace {

constexpr qint64 hour = 3600 * nanosPerSecond;
constexpr qint64 day = 24 * hour;

using Rng = std::mt19937_64;

double uniform(Rng &rng)
{
    return std::uniform_real_distribution<double>(0, 1)(rng);
}

int below(Rng &rng, int n)
{
    return n <= 0 ? 0 : static_cast<int>(rng() % static_cast<quint64>(n));
}

// A kind of trouble the demo's rules and dbt tests raise, and how often.
struct Trouble
{
    double weight = 1;
    std::function<AlertCondition(Rng &, TimestampNs)> make;
};

// A burst of user-facing errors, mostly hitting the biggest paying customer.
Trouble burstTrouble(const AlertCondition &base, const Rule &r,
                     const QList<const Customer *> &paying)
{
    return {r.severity == Severity::Critical ? 1.0 : 3.0, [base, r, paying](Rng &rng, TimestampNs) {
                AlertCondition c = base;
                const QString event = r.events.isEmpty()
                                          ? QStringLiteral("time out")
                                          : r.events.at(below(rng, int(r.events.size())));
                const QString user = QStringLiteral("u%1").arg(below(rng, 240));
                c.subject = user + QLatin1Char('/') + event;
                c.title = QStringLiteral("\"%1\" burst for %2 (%3+ within %4)")
                              .arg(event, user)
                              .arg(r.threshold)
                              .arg(formatDuration(r.windowSeconds));
                c.count = r.threshold + below(rng, 8);
                if (!paying.isEmpty()) {
                    // The big customers use the product most, so they hit most.
                    const Customer *who = paying.at(below(rng, int(paying.size())));
                    if (uniform(rng) < 0.5)
                        who = paying.first();
                    c.customerId = who->id;
                    c.revenue = who->monthlyRevenue;
                    c.evidence = QStringLiteral("team t%1").arg(below(rng, 30));
                }
                return c;
            }};
}

// Data gone stale: a warning most of the time, past the error limit now and then.
Trouble freshnessTrouble(const AlertCondition &base, const Rule &r)
{
    return {0.8, [base, r](Rng &rng, TimestampNs at) {
                AlertCondition c = base;
                c.subject = r.source;
                const bool error = uniform(rng) < 0.3;
                const qint64 limit = error ? r.errorAfterSeconds.value_or(172800)
                                           : r.warnAfterSeconds.value_or(86400);
                if (!error)
                    c.severity =
                        c.severity == Severity::Critical ? Severity::High : Severity::Medium;
                c.title = QStringLiteral("%1: newest data is %2 old (%3 after %4)")
                              .arg(r.source, formatDuration(limit + 3600),
                                   error ? QStringLiteral("error") : QStringLiteral("warn"),
                                   formatDuration(limit));
                c.evidence = QStringLiteral("newest event at %1")
                                 .arg(QString::fromStdString(
                                     formatTimestamp(at - (limit + 3600) * nanosPerSecond)));
                return c;
            }};
}

// A period with a fraction of its usual events.
Trouble volumeTrouble(const AlertCondition &base, const Rule &r)
{
    return {1.2, [base, r](Rng &rng, TimestampNs at) {
                AlertCondition c = base;
                c.subject = r.source;
                const int usual = 400 + below(rng, 200);
                c.count = below(rng, usual / 3);
                c.title = QStringLiteral("%1: %2 events in the %3 to %4, usually %5")
                              .arg(r.source)
                              .arg(c.count)
                              .arg(formatDuration(r.periodSeconds),
                                   QString::fromStdString(formatTimestamp(at - at % hour)))
                              .arg(usual);
                return c;
            }};
}

// Duplicate events in the window.
Trouble duplicatesTrouble(const AlertCondition &base, const Rule &r)
{
    return {1.8, [base, r](Rng &rng, TimestampNs) {
                AlertCondition c = base;
                c.subject = r.source;
                c.count = 1 + below(rng, 40);
                c.title = QStringLiteral("%1: %2 duplicate event(s) in the last %3")
                              .arg(r.source)
                              .arg(c.count)
                              .arg(formatDuration(r.windowSeconds));
                return c;
            }};
}

// A sequence or SQL check that failed.
Trouble failedCheckTrouble(const AlertCondition &base, const Rule &r)
{
    return {0.6, [base, r](Rng &, TimestampNs) {
                AlertCondition c = base;
                c.subject = r.source.isEmpty() ? QStringLiteral("query") : r.source;
                c.title = QStringLiteral("%1: the check failed").arg(r.id);
                return c;
            }};
}

// A dbt test failing on a pipeline no rule watches.
Trouble dbtTrouble(const QString &dbt, const Pipeline &p, const QString &model)
{
    return {
        1.0, [dbt, p, model](Rng &rng, TimestampNs) {
            static const char *const columns[] = {"amount", "customer_id", "order_date", "region"};
            AlertCondition c;
            c.ruleId = QStringLiteral("dbt:") + dbt;
            c.ruleKind = QStringLiteral("dbt");
            c.pipelineId = p.id;
            const QString test =
                QStringLiteral("not_null_%1_%2").arg(model, QLatin1String(columns[below(rng, 4)]));
            c.subject = QStringLiteral("test.lumen.") + test;
            const bool warn = uniform(rng) < 0.25;
            c.severity = warn ? Severity::Medium : Severity::High;
            c.count = 1 + below(rng, 300);
            c.title = QStringLiteral("dbt test %1 %2: %3 failing row(s)")
                          .arg(test, warn ? QStringLiteral("warns") : QStringLiteral("fails"))
                          .arg(c.count);
            c.evidence = QStringLiteral("relation: analytics.%1").arg(model);
            return c;
        }};
}

QList<Trouble> troublesOf(const Workspace &ws)
{
    QList<Trouble> out;
    QList<const Customer *> paying;
    for (const Customer &c : ws.customers) {
        if (!c.churned)
            paying << &c;
    }
    QSet<QString> ruled;
    for (const Rule &r : ws.rules) {
        ruled.insert(r.pipeline);
        AlertCondition base;
        base.ruleId = r.id;
        base.pipelineId = r.pipeline;
        base.severity = r.severity;
        switch (r.kind) {
        case Rule::Kind::Burst:
            base.ruleKind = QStringLiteral("burst");
            out.append(burstTrouble(base, r, paying));
            break;
        case Rule::Kind::Freshness:
            base.ruleKind = QStringLiteral("freshness");
            out.append(freshnessTrouble(base, r));
            break;
        case Rule::Kind::Volume:
            base.ruleKind = QStringLiteral("volume");
            out.append(volumeTrouble(base, r));
            break;
        case Rule::Kind::Duplicates:
            base.ruleKind = QStringLiteral("duplicates");
            out.append(duplicatesTrouble(base, r));
            break;
        case Rule::Kind::Sequence:
        case Rule::Kind::Sql:
            base.ruleKind =
                r.kind == Rule::Kind::Sql ? QStringLiteral("sql") : QStringLiteral("sequence");
            out.append(failedCheckTrouble(base, r));
            break;
        }
    }
    // Pipelines no rule watches are checked by the warehouse's dbt tests.
    QString dbt;
    for (const DataSource &s : ws.sources) {
        if (s.kind == DataSource::Kind::Dbt && dbt.isEmpty())
            dbt = s.id;
    }
    if (!dbt.isEmpty()) {
        for (const Pipeline &p : ws.pipelines) {
            if (ruled.contains(p.id))
                continue;
            const QString model = QString(p.id).replace(QLatin1Char('-'), QLatin1Char('_'));
            out.append(dbtTrouble(dbt, p, model));
        }
    }
    return out;
}

// What happens to an alert after it rises, at which time.
struct Step
{
    enum Kind { Raise, Tick, Acknowledge, Resolve, WontFix, Noise, Clear } kind = Raise;
    TimestampNs at = 0;
    int incident = 0;
};

// Overrides a team makes: two covers and one swap, in the first rotation.
QList<ScheduleOverride> demoOverrides(const Workspace &ws, const OnCallSchedule &schedule,
                                      TimestampNs start, int days)
{
    if (ws.rotations.isEmpty() || ws.rotations.first().participants.size() < 2)
        return {};
    const Rotation &r = ws.rotations.first();
    auto other = [&](const QString &person) {
        for (const QString &p : r.participants) {
            if (p != person)
                return p;
        }
        return person;
    };
    auto cover = [&](const QString &id, int dayIndex, int hours, const QString &reason) {
        const QDateTime from = toDateTime(start + dayIndex * day + 9 * hour);
        const QString away = schedule.onCallFor(r.id, from).primary;
        ScheduleOverride o;
        o.id = id;
        o.rotation = r.id;
        o.person = other(away);
        o.start = from;
        o.end = from.addSecs(hours * 3600);
        o.createdBy = away;
        o.reason = reason;
        o.createdAt = from.addDays(-3);
        return o;
    };
    QList<ScheduleOverride> out;
    out << cover(QStringLiteral("demo-cover-1"), days / 3, 24,
                 QStringLiteral("dentist appointment"))
        << cover(QStringLiteral("demo-cover-2"), days * 3 / 4, 48,
                 QStringLiteral("family wedding"));
    // A swap: two people trade a day each, both halves stored together.
    ScheduleOverride a =
        cover(QStringLiteral("demo-swap-a"), days / 2, 24, QStringLiteral("swap: conference talk"));
    ScheduleOverride b = cover(QStringLiteral("demo-swap-b"), days / 2 + 7, 24,
                               QStringLiteral("swap: conference talk"));
    b.person = a.createdBy;
    b.createdBy = a.createdBy;
    a.swapWith = b.id;
    b.swapWith = a.id;
    return out << a << b;
}

// A maintenance window on one pipeline, silenced in advance.
std::optional<Silence> demoSilence(const Workspace &ws, TimestampNs start, int days)
{
    if (ws.pipelines.isEmpty())
        return std::nullopt;
    Silence s;
    s.id = QStringLiteral("demo-migration");
    s.matchers = {{QStringLiteral("pipeline"), ws.pipelines.at(ws.pipelines.size() / 2).id}};
    s.startsAt = start + (days * 2 / 5) * day + 20 * hour;
    s.endsAt = s.startsAt + 6 * hour;
    s.createdBy = ws.people.isEmpty() ? QStringLiteral("console") : ws.people.first().id;
    s.comment = QStringLiteral("warehouse migration; checks are expected to fail");
    return s;
}

// What happened, day by day: troubles raised at their times, each then answered and
// resolved, left to clear by itself, or closed as won't fix; the steps in time order.
void planIncidents(const Workspace &ws, const AlertBook &book, Rng &rng, TimestampNs start,
                   TimestampNs now, int days, QList<Step> *steps, QList<AlertCondition> *raised)
{
    const QList<Trouble> troubles = troublesOf(ws);
    double total = 0;
    for (const Trouble &t : troubles)
        total += t.weight;
    for (int d = 0; d < days && total > 0; ++d) {
        const TimestampNs midnight = start + d * day;
        const int weekday = toDateTime(midnight).date().dayOfWeek();
        std::poisson_distribution<int> count(weekday >= 6 ? 1.5 : 4.0);
        for (int n = count(rng); n > 0; --n) {
            // Mostly in working hours, when deploys and loads happen; a quarter at night.
            const qint64 minute =
                uniform(rng) < 0.75 ? 8 * 60 + below(rng, 11 * 60) : below(rng, 24 * 60);
            const TimestampNs at =
                midnight + minute * 60 * nanosPerSecond + below(rng, 60) * nanosPerSecond;
            if (at >= now)
                continue;
            double pick = uniform(rng) * total;
            const Trouble *t = &troubles.first();
            for (const Trouble &candidate : troubles) {
                t = &candidate;
                if ((pick -= candidate.weight) <= 0)
                    break;
            }
            const int incident = static_cast<int>(raised->size());
            *raised << t->make(rng, at);
            *steps << Step{Step::Raise, at, incident};
            const SeverityTarget target =
                book.targetFor(raised->last().pipelineId, raised->last().severity);
            const qint64 response = target.responseSeconds * nanosPerSecond;
            const qint64 resolution = target.resolutionSeconds * nanosPerSecond;
            *steps << Step{Step::Tick, at + response + nanosPerSecond, incident};
            // Most are answered well within the response time; about one in ten is late.
            std::lognormal_distribution<double> ackShare(std::log(0.3), 0.75);
            // A burst of errors is over within the hour once someone looks; a stale or
            // broken table takes a fix and a rerun.
            const bool burst = raised->last().ruleKind == QLatin1String("burst");
            std::lognormal_distribution<double> fixShare(std::log(burst ? 0.03 : 0.2), 0.9);
            const TimestampNs acked = at + static_cast<qint64>(ackShare(rng) * response);
            const double fate = uniform(rng);
            const bool clearsItself = raised->last().ruleKind != QLatin1String("burst") &&
                                      raised->last().ruleKind != QLatin1String("dbt");
            if (clearsItself && fate < 0.15) {
                *steps << Step{Step::Clear, at + (10 + below(rng, 50)) * 60 * nanosPerSecond,
                               incident};
                continue;
            }
            *steps << Step{Step::Acknowledge, acked, incident};
            // About one in ten turns out to be nothing once someone looks, and is marked so
            // within minutes: what the actionable score learns to rank down.
            if (fate >= 0.15 && fate < 0.25) {
                *steps << Step{Step::Noise, acked + (2 + below(rng, 10)) * 60 * nanosPerSecond,
                               incident};
                continue;
            }
            const TimestampNs fixed = acked + static_cast<qint64>(fixShare(rng) * resolution);
            // Won't fix is for the small stuff: a critical or high alert left open that way
            // would count as downtime for ever.
            const bool small = raised->last().severity == Severity::Medium;
            *steps << Step{small && fate > 0.85 ? Step::WontFix : Step::Resolve, fixed, incident};
        }
    }
    std::stable_sort(steps->begin(), steps->end(),
                     [](const Step &a, const Step &b) { return a.at < b.at; });
}

// The steps played through the alert book at their times, up to now.
void play(const Workspace &ws, AlertBook &book, ManualClock &clock, Rng &rng,
          const QList<Step> &steps, const QList<AlertCondition> &raised, TimestampNs now)
{
    QHash<int, qint64> ids;
    QSet<qint64> taken;
    for (const Step &s : std::as_const(steps)) {
        if (s.at >= now)
            continue; // still ahead: the live console carries on from here
        clock.set(s.at);
        book.tick();
        if (s.kind == Step::Raise) {
            const qint64 id = book.fire(raised.at(s.incident));
            // The same trouble while its alert is still open only updates it.
            if (!taken.contains(id)) {
                ids.insert(s.incident, id);
                taken.insert(id);
            }
            continue;
        }
        if (!ids.contains(s.incident))
            continue;
        const qint64 id = ids.value(s.incident);
        const Alert *a = book.alert(id);
        if (!a || !a->isOpen())
            continue;
        const QString who =
            a->assignee.isEmpty() && !ws.people.isEmpty() ? ws.people.first().id : a->assignee;
        switch (s.kind) {
        case Step::Acknowledge:
            if (a->state == AlertState::Triggered)
                book.acknowledge(id, who, nullptr,
                                 below(rng, 5) == 0 ? QStringLiteral("via email link") : QString());
            break;
        case Step::Resolve:
        case Step::WontFix: {
            const QString key = a->dedupKey;
            if (s.kind == Step::Resolve)
                book.resolve(id, who);
            else
                book.wontFix(id, who);
            book.clear(key); // the rule stops seeing it: a recurrence is a new alert
            break;
        }
        case Step::Noise: {
            const QString key = a->dedupKey;
            static constexpr AlertOutcome::Reason reasons[] = {
                AlertOutcome::Reason::Flapping, AlertOutcome::Reason::ThresholdTooLow,
                AlertOutcome::Reason::KnownIssue, AlertOutcome::Reason::NotActionable};
            AlertOutcome noise;
            noise.kind = AlertOutcome::Kind::Noise;
            noise.reason = reasons[below(rng, 4)];
            book.markOutcome(id, noise, who);
            book.clear(key);
            break;
        }
        case Step::Clear:
            book.clear(a->dedupKey);
            break;
        case Step::Raise:
        case Step::Tick:
            break;
        }
    }
}

// A note for each past week, by whoever was on call, from what the week held.
QList<HandoffNote> weeklyNotes(const Workspace &ws, const AlertBook &book,
                               const QList<Alert> &alerts, Rng &rng, TimestampNs start,
                               TimestampNs now)
{
    static const char *const remarks[] = {
        "Duplicates in %1 came back after Tuesday's deploy; the dedup job now runs hourly.",
        "%1 went stale overnight: the upstream export was late, nothing was lost.",
        "A wave of time-outs for our biggest customer on %1; the CDN fix is in the runbook.",
        "The dbt not_null test on %1 is still flaky; a ticket is filed with the data team.",
        "Quiet otherwise. Please double-check the backfill of %1 on Monday.",
        "%1 paged at night twice for the same cause; the threshold change is under review.",
    };
    if (ws.rotations.isEmpty())
        return {};
    QList<HandoffNote> notes;
    const Rotation &r = ws.rotations.first();
    QDate monday = toDateTime(start).date();
    monday = monday.addDays(8 - monday.dayOfWeek());
    const QDate thisWeek = toDateTime(now).date().addDays(1 - toDateTime(now).date().dayOfWeek());
    for (; monday < thisWeek; monday = monday.addDays(7)) {
        const TimestampNs from = toTimestamp(monday.startOfDay(QTimeZone::utc()));
        const TimestampNs to = from + 7 * day;
        int count = 0, critical = 0, escalated = 0, night = 0;
        QHash<QString, int> byPipeline;
        for (const Alert &a : std::as_const(alerts)) {
            if (a.triggeredAt < from || a.triggeredAt >= to)
                continue;
            ++count;
            critical += a.severity == Severity::Critical ? 1 : 0;
            escalated += a.escalated ? 1 : 0;
            const int hourOfDay = toDateTime(a.triggeredAt).time().hour();
            night += hourOfDay >= 22 || hourOfDay < 7 ? 1 : 0;
            ++byPipeline[a.pipelineId];
        }
        QString busiest;
        for (auto it = byPipeline.cbegin(); it != byPipeline.cend(); ++it) {
            if (busiest.isEmpty() || it.value() > byPipeline.value(busiest) ||
                (it.value() == byPipeline.value(busiest) && it.key() < busiest))
                busiest = it.key();
        }
        const Pipeline *p = ws.pipeline(busiest);
        const QString pipelineName = p ? p->name : busiest;
        const QDateTime midweek = monday.startOfDay(QTimeZone::utc()).addSecs(36 * 3600);
        const QString author =
            r.participants.isEmpty() ? QString() : book.schedule().onCallFor(r.id, midweek).primary;
        const QString next = book.schedule().onCallFor(r.id, midweek.addDays(7)).primary;
        HandoffNote note;
        note.weekStart = monday;
        note.author = author;
        note.body = QStringLiteral("**%1 alert(s)** this week, %2 critical; %3 escalated to the "
                                   "secondary; %4 raised at night.\n\n- %5\n- %6\n\nHanding over "
                                   "to %7.")
                        .arg(count)
                        .arg(critical)
                        .arg(escalated)
                        .arg(night)
                        .arg(QString::fromLatin1(remarks[below(rng, 6)]).arg(pipelineName),
                             QString::fromLatin1(remarks[below(rng, 6)]).arg(pipelineName),
                             ws.personName(next));
        note.updatedAt = monday.addDays(7).startOfDay(QTimeZone::utc()).addSecs(9 * 3600 + 1800);
        notes << note;
    }
    return notes;
}

// Runbooks grew over the quarter: shorter at first, one rewritten a month ago.
QList<QPair<QDateTime, QList<Runbook>>> grownRunbooks(const Workspace &ws, TimestampNs start,
                                                      TimestampNs now)
{
    if (ws.runbooks.isEmpty())
        return {};
    QList<Runbook> first = ws.runbooks;
    for (Runbook &b : first) {
        const qsizetype cut = b.markdown.lastIndexOf(QStringLiteral("\n\n"));
        if (cut > 0)
            b.markdown.truncate(cut);
    }
    QList<Runbook> second = ws.runbooks;
    second.first().markdown =
        first.first().markdown + QStringLiteral("\n\nCheck the upstream export's status page "
                                                "before restarting anything.");
    return {qMakePair(toDateTime(start + 5 * day), first),
            qMakePair(toDateTime(now - 30 * day), second)};
}

} // namespace

DemoHistory DemoHistory::generate(const Workspace &ws, TimestampNs now, int days, quint64 seed)
{
    DemoHistory h;
    Rng rng(seed);
    const TimestampNs start = (now - days * day) - (now - days * day) % day; // a UTC midnight
    ManualClock clock(start);
    AlertBook book(ws, clock);
    h.overrides = demoOverrides(ws, book.schedule(), start, days);
    if (!h.overrides.isEmpty())
        book.setStoredOverrides(h.overrides);
    if (const std::optional<Silence> s = demoSilence(ws, start, days)) {
        h.silences << *s;
        book.addSilence(*s);
    }
    QList<Step> steps;
    QList<AlertCondition> raised;
    planIncidents(ws, book, rng, start, now, days, &steps, &raised);
    play(ws, book, clock, rng, steps, raised, now);
    clock.set(now);
    book.tick();
    h.alerts = book.alerts();
    h.notes = weeklyNotes(ws, book, h.alerts, rng, start, now);
    h.runbookRevisions = grownRunbooks(ws, start, now);
    return h;
}

bool DemoHistory::write(Database &db, QString *error) const
{
    // Oldest revision first, so that each one is a change against the one before.
    for (const auto &[at, runbooks] : runbookRevisions) {
        if (!RunbookHistory(db).record(runbooks, at, error))
            return false;
    }
    AlertStore alerts(db);
    if (!alerts.save(this->alerts, error))
        return false;
    for (const Silence &s : silences) {
        if (!alerts.saveSilence(s, error))
            return false;
    }
    ScheduleStore schedule(db);
    if (!overrides.isEmpty() && !schedule.addOverrides(overrides, error))
        return false;
    for (const HandoffNote &n : notes) {
        if (!schedule.saveNote(n, error))
            return false;
    }
    return true;
}

} // namespace wk
