#include "synthetichistory.h"

#include <QHash>

#include <algorithm>
#include <random>

namespace wk {

namespace {

constexpr qint64 minuteNs = 60 * nanosPerSecond;
constexpr qint64 dayNs = 86400 * nanosPerSecond;

enum class Trouble { Sessions, PageNotFound, Freshness, Volume, Duplicates };

struct Pick
{
    Trouble trouble;
    double weight;
};

constexpr Pick troubles[] = {{Trouble::Sessions, 0.25},
                             {Trouble::PageNotFound, 0.35},
                             {Trouble::Freshness, 0.2},
                             {Trouble::Volume, 0.1},
                             {Trouble::Duplicates, 0.1}};

} // namespace

QList<Alert> SyntheticHistory::generate(const Workspace &ws, const Options &options)
{
    std::mt19937_64 rng(options.seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    auto below = [&](qint64 n) { return qint64(uniform(rng) * double(n)); };
    const TimestampNs start = options.end - qint64(options.days) * dayNs;
    std::vector<TimestampNs> times(size_t(std::max(0, options.alerts)));
    for (TimestampNs &t : times)
        t = start + below(qint64(options.days) * dayNs);
    std::sort(times.begin(), times.end());

    QStringList people;
    for (const Person &p : ws.people)
        people << p.id;
    if (people.isEmpty())
        people << QStringLiteral("someone");
    QList<const Pipeline *> pipelines;
    for (const Pipeline &p : ws.pipelines)
        pipelines << &p;
    // Which users pages about: a few noisy "page not found" users, many session starters.
    const int noisyUsers = 300, users = 20000;
    QHash<QString, QList<TimestampNs>> recentBySubject;

    QList<Alert> out;
    out.reserve(qsizetype(times.size()));
    qint64 id = 0;
    for (const TimestampNs t : times) {
        double pick = uniform(rng);
        Trouble trouble = Trouble::Sessions;
        for (const Pick &p : troubles) {
            trouble = p.trouble;
            if ((pick -= p.weight) <= 0)
                break;
        }
        Alert a;
        a.id = ++id;
        a.triggeredAt = t;
        const Pipeline *pipeline =
            pipelines.isEmpty() ? nullptr : pipelines.at(qsizetype(below(pipelines.size())));
        a.pipelineId = pipeline ? pipeline->id : QStringLiteral("pipeline");
        const bool burst = trouble == Trouble::Sessions || trouble == Trouble::PageNotFound;
        int raised = 5, peak = 5;
        double chance = 0.4;
        switch (trouble) {
        case Trouble::Sessions:
            a.ruleId = QStringLiteral("burst-session-start");
            // As the burst rule names it: the user, then the event.
            a.subject = QStringLiteral("%1/session start").arg(1000 + below(users));
            raised = 5 + int(below(20));
            peak = raised + int(std::geometric_distribution<int>(0.08)(rng));
            chance = peak >= 20 ? 0.92 : 0.45;
            break;
        case Trouble::PageNotFound:
            a.ruleId = QStringLiteral("burst-page-not-found");
            a.subject = QStringLiteral("%1/page not found").arg(1000 + below(noisyUsers));
            raised = 5 + int(below(5));
            peak = raised + int(std::geometric_distribution<int>(0.5)(rng));
            chance = peak >= 12 ? 0.5 : 0.12;
            break;
        case Trouble::Freshness:
            a.ruleId = QStringLiteral("freshness-") + a.pipelineId;
            a.subject = a.pipelineId;
            chance = !pipeline                                     ? 0.5
                     : pipeline->criticality == Severity::Critical ? 0.85
                     : pipeline->criticality == Severity::High     ? 0.6
                                                                   : 0.35;
            break;
        case Trouble::Volume:
            a.ruleId = QStringLiteral("volume-") + a.pipelineId;
            a.subject = a.pipelineId;
            chance = 0.5;
            break;
        case Trouble::Duplicates:
            a.ruleId = QStringLiteral("duplicates-") + a.pipelineId;
            a.subject = a.pipelineId;
            chance = 0.3;
            break;
        }
        a.ruleKind = burst                           ? QStringLiteral("burst")
                     : trouble == Trouble::Freshness ? QStringLiteral("freshness")
                     : trouble == Trouble::Volume    ? QStringLiteral("volume")
                                                     : QStringLiteral("duplicates");
        a.severity = pipeline ? pipeline->criticality : Severity::Medium;
        if (burst && !ws.customers.isEmpty()) {
            const Customer &c = ws.customers.at(qsizetype(below(ws.customers.size())));
            a.customerId = c.id;
            a.revenue = c.monthlyRevenue;
            if (c.plan == QLatin1String("enterprise"))
                chance = std::min(1.0, chance + 0.1);
        }
        // The same subject again and again within a week is flapping more often than not.
        QList<TimestampNs> &recent = recentBySubject[a.ruleId + QLatin1Char('/') + a.subject];
        recent.removeIf([&](TimestampNs r) { return r < t - 7 * dayNs; });
        if (recent.size() >= 2)
            chance *= 0.5;
        recent << t;
        if (!options.signal)
            chance = 0.4;

        a.title = QStringLiteral("%1 for %2").arg(a.ruleId, a.subject);
        a.eventCount = peak;
        a.assignee = pipeline && !pipeline->primaryOwner.isEmpty()
                         ? pipeline->primaryOwner
                         : people.at(qsizetype(below(people.size())));
        a.ackBy = t + 30 * minuteNs;
        a.resolveBy = t + 240 * minuteNs;
        a.timeline.append({t, QStringLiteral("engine"), QStringLiteral("triggered"), a.title});
        if (peak > raised)
            a.timeline.append({t + minuteNs, QStringLiteral("engine"), QStringLiteral("updated"),
                               QStringLiteral("count %1 → %2").arg(raised).arg(peak)});
        const bool actionable = uniform(rng) < chance;
        const double how = uniform(rng);
        if (actionable || how >= 0.5) {
            // Someone looked: actionable ones are fixed; the others marked noise or left.
            const TimestampNs acked = t + (2 + below(25)) * minuteNs;
            a.acknowledgedAt = acked;
            a.timeline.append({acked, a.assignee, QStringLiteral("acknowledged"), {}});
            const TimestampNs closed = acked + (5 + below(120)) * minuteNs;
            a.updatedAt = closed;
            if (actionable) {
                a.state = AlertState::Resolved;
                a.resolvedAt = closed;
                a.timeline.append({closed, a.assignee, QStringLiteral("resolved"), {}});
            } else if (how < 0.85) {
                a.state = AlertState::Resolved;
                a.resolvedAt = closed;
                a.outcome.kind = AlertOutcome::Kind::Noise;
                a.outcome.reason = how < 0.65 ? AlertOutcome::Reason::Flapping
                                              : AlertOutcome::Reason::ThresholdTooLow;
                a.outcome.by = a.assignee;
                a.outcome.at = closed;
                a.timeline.append({closed, a.assignee, QStringLiteral("resolved"), {}});
                a.timeline.append(
                    {closed, a.assignee, QStringLiteral("outcome"), a.outcome.describe()});
            } else {
                a.state = AlertState::WontFix;
                a.timeline.append({closed, a.assignee, QStringLiteral("won't fix"), {}});
            }
        } else {
            // Cleared before anyone looked.
            const TimestampNs cleared = t + (2 + below(40)) * minuteNs;
            a.state = AlertState::Resolved;
            a.resolvedAt = cleared;
            a.updatedAt = cleared;
            a.conditionActive = false;
            a.timeline.append({cleared, QStringLiteral("engine"), QStringLiteral("resolved"),
                               QStringLiteral("the condition cleared")});
        }
        if (a.updatedAt == 0)
            a.updatedAt = t;
        out.append(std::move(a));
    }
    return out;
}

} // namespace wk
