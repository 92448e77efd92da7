#include "burstevaluator.h"

#include "domain/duration.h"
#include "domain/workspace.h"
#include "sources/csvreader.h"
#include "text/csvvalues.h"
#include "text/diagnostic.h"

#include <QDir>

#include <algorithm>

namespace wk {

namespace {

// Events are kept this long past the window, so that late arrivals still find their peers.
constexpr qint64 lateHorizonSeconds = 3600;

QString text(std::string_view s)
{
    return csv::text(csv::trimmed(s));
}

QString resolve(const QString &path, const QString &baseDir)
{
    return QDir::isAbsolutePath(path) ? path : QDir(baseDir).filePath(path);
}

} // namespace

BurstEvaluator::BurstEvaluator(Rule rule) : RuleEvaluator(std::move(rule))
{
    for (const QString &e : m_rule.events)
        m_events.insert(e);
}

bool BurstEvaluator::loadOwners(const Workspace &workspace, const QString &baseDir,
                                QList<Diagnostic> &errors)
{
    if (m_rule.users.isEmpty())
        return true;
    QHash<QString, QString> customerOfTeam;
    if (!m_rule.teams.isEmpty()) {
        CsvReader teams(resolve(m_rule.teams, baseDir));
        std::vector<int> idx;
        if (!teams.open() || !teams.mapHeader({"team_id", "customer_id"}, idx)) {
            errors.append(
                {teams.path(), static_cast<int>(teams.errorLine()), 0, teams.errorMessage()});
            return false;
        }
        while (teams.next()) {
            if (teams.fieldCount() > std::max(idx[0], idx[1]))
                customerOfTeam.insert(text(teams.field(idx[0])), text(teams.field(idx[1])));
        }
    }
    CsvReader users(resolve(m_rule.users, baseDir));
    std::vector<int> idx;
    if (!users.open() || !users.mapHeader({"user_id", "team_id", "is_team_owner"}, idx)) {
        errors.append({users.path(), static_cast<int>(users.errorLine()), 0, users.errorMessage()});
        return false;
    }
    QHash<QString, Owner> owners;
    while (users.next()) {
        if (users.fieldCount() <= *std::max_element(idx.begin(), idx.end())) {
            errors.append({users.path(), static_cast<int>(users.line()), 0,
                           QStringLiteral("too few fields")});
            continue;
        }
        const auto owner = csv::flag(csv::trimmed(users.field(idx[2])));
        if (!owner) {
            errors.append({users.path(), static_cast<int>(users.line()), 0,
                           QStringLiteral("is_team_owner '%1' is not 1/0 or true/false")
                               .arg(text(users.field(idx[2])))});
            continue;
        }
        if (!*owner)
            continue;
        Owner o;
        o.team = text(users.field(idx[1]));
        o.customer = customerOfTeam.value(o.team);
        for (const Customer &c : workspace.customers) {
            if (c.id == o.customer)
                o.revenue = c.monthlyRevenue;
        }
        owners.insert(text(users.field(idx[0])), o);
    }
    m_owners = std::move(owners);
    return errors.isEmpty();
}

void BurstEvaluator::customersChanged(const QList<Customer> &customers)
{
    if (!m_owners)
        return;
    QHash<QString, double> revenue;
    for (const Customer &c : customers)
        revenue.insert(c.id, c.monthlyRevenue);
    for (Owner &o : *m_owners)
        o.revenue = revenue.value(o.customer);
}

void BurstEvaluator::add(const Event &e)
{
    if (!m_events.contains(e.name) || (m_owners && !m_owners->contains(e.subject)))
        return;
    const QString key = e.subject + QChar(0x1f) + e.name;
    Series &s = m_series[key];
    if (s.subject.isEmpty()) {
        s.subject = e.subject;
        s.name = e.name;
    }
    // Appending is the common case; a late event is inserted where its time belongs.
    s.times.insert(std::upper_bound(s.times.begin(), s.times.end(), e.time), e.time);
    if (m_lastEvaluation && e.time < *m_lastEvaluation)
        s.earliestLate = std::min(s.earliestLate.value_or(e.time), e.time);
    m_dirty.insert(key);
}

void BurstEvaluator::resume(TimestampNs at)
{
    if (!m_lastEvaluation)
        m_lastEvaluation = at;
    m_unevaluatedUntil = std::max(m_unevaluatedUntil, at);
}

AlertCondition BurstEvaluator::burst(const Series &s, int count) const
{
    AlertCondition c = condition(s.subject + QLatin1Char('/') + s.name,
                                 burstTitle(m_rule, s.subject, s.name), count);
    if (m_owners) {
        const Owner o = m_owners->value(s.subject);
        c.customerId = o.customer;
        c.revenue = o.revenue;
        c.evidence = QStringLiteral("team %1").arg(o.team);
    }
    return c;
}

void BurstEvaluator::evaluate(TimestampNs now, RuleOutcome &out)
{
    const qint64 w = m_rule.windowSeconds * nanosPerSecond;
    // Only series with new events, or with an open alert (whose count falls as time
    // passes), can change; the rest are skipped.
    QSet<QString> check = m_dirty;
    check.unite(m_active);
    QSet<QString> active;
    for (const QString &key : std::as_const(check)) {
        auto it = m_series.find(key);
        if (it == m_series.end())
            continue;
        Series &s = *it;
        const auto from = std::lower_bound(s.times.begin(), s.times.end(), now - w);
        const auto to = std::upper_bound(from, s.times.end(), now);
        const int count = static_cast<int>(to - from);
        if (count >= m_rule.threshold) {
            AlertCondition c = burst(s, count);
            // The evidence: the events that make up the count, newest last.
            QStringList times;
            for (auto t = from; t != to && times.size() < 25; ++t)
                times << QString::fromStdString(formatTimestamp(*t));
            c.evidence += (c.evidence.isEmpty() ? QString() : QStringLiteral("\n")) +
                          QStringLiteral("events in the window:\n") + times.join(QLatin1Char('\n'));
            out.fire.append(c);
            active.insert(key);
        } else if (s.earliestLate) {
            // The windows a late event belongs to end within W after it; while the console
            // was down, no window was evaluated at all.
            const TimestampNs until =
                std::min(now, std::max(*s.earliestLate + w, m_unevaluatedUntil));
            int peak = 0;
            auto first = std::lower_bound(s.times.begin(), s.times.end(), *s.earliestLate - w);
            for (auto j = std::lower_bound(s.times.begin(), s.times.end(), *s.earliestLate);
                 j != s.times.end() && *j <= until; ++j) {
                while (*first < *j - w)
                    ++first;
                peak = std::max(peak,
                                static_cast<int>(std::upper_bound(j, s.times.end(), *j) - first));
            }
            if (peak >= m_rule.threshold) {
                AlertCondition c = burst(s, peak);
                c.evidence += QStringLiteral("%1found in late events; already over")
                                  .arg(c.evidence.isEmpty() ? QString() : QStringLiteral("; "));
                out.fire.append(c);
                out.clear.append(c.dedupKey());
            }
        }
        s.earliestLate.reset();
        // Forget what no window, not even a late one, can reach any more.
        const auto keep = std::lower_bound(s.times.begin(), s.times.end(),
                                           now - w - lateHorizonSeconds * nanosPerSecond);
        s.times.erase(s.times.begin(), keep);
        if (s.times.empty() && count < m_rule.threshold)
            m_series.erase(it);
    }
    for (const QString &key : std::as_const(m_active)) {
        if (!active.contains(key)) {
            const auto parts = key.split(QChar(0x1f));
            out.clear.append(m_rule.id + QLatin1Char('/') + parts.value(0) + QLatin1Char('/') +
                             parts.value(1));
        }
    }
    m_active = active;
    m_dirty.clear();
    m_lastEvaluation = now;
}

qsizetype BurstEvaluator::trackedEvents() const
{
    qsizetype n = 0;
    for (const Series &s : m_series)
        n += static_cast<qsizetype>(s.times.size());
    return n;
}

} // namespace wk
