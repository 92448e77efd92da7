#include "alertgrouping.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace wk {

namespace {

// Union-find with path halving; the smaller index wins so a group's root is its first member.
class Components
{
public:
    explicit Components(int n) : m_parent(static_cast<size_t>(n))
    {
        std::iota(m_parent.begin(), m_parent.end(), 0);
    }
    int find(int i)
    {
        while (m_parent[static_cast<size_t>(i)] != i) {
            int &p = m_parent[static_cast<size_t>(i)];
            p = m_parent[static_cast<size_t>(p)];
            i = p;
        }
        return i;
    }
    void join(int a, int b)
    {
        a = find(a);
        b = find(b);
        if (a == b)
            return;
        if (b < a)
            std::swap(a, b);
        m_parent[static_cast<size_t>(b)] = a;
    }

private:
    std::vector<int> m_parent;
};

void reach(const QHash<QString, QStringList> &edges, const QString &from, QSet<QString> &seen)
{
    QStringList todo{from};
    while (!todo.isEmpty()) {
        const QString at = todo.takeLast();
        for (const QString &next : edges.value(at)) {
            if (!seen.contains(next)) {
                seen.insert(next);
                todo.append(next);
            }
        }
    }
}

// The alerts' indexes in raising order, those raised at one instant in the list's order:
// a radix sort of the times since the earliest, which are a day or a week of nanoseconds, so
// three or four passes of 16 bits. A comparison sort of the same pairs took most of a
// regrouping of 75,000 alerts.
std::vector<std::pair<TimestampNs, int>>
raisingOrder(const std::vector<AlertGrouping::Facts> &alerts)
{
    const size_t n = alerts.size();
    std::vector<std::pair<TimestampNs, int>> out(n);
    if (n == 0)
        return out;
    TimestampNs first = alerts.front().raised;
    TimestampNs last = first;
    for (const AlertGrouping::Facts &a : alerts) {
        first = std::min(first, a.raised);
        last = std::max(last, a.raised);
    }
    std::vector<std::pair<quint64, int>> keys(n);
    for (size_t i = 0; i < n; ++i)
        keys[i] = {static_cast<quint64>(alerts[i].raised) - static_cast<quint64>(first),
                   static_cast<int>(i)};
    const quint64 span = static_cast<quint64>(last) - static_cast<quint64>(first);
    std::vector<std::pair<quint64, int>> spare(n);
    constexpr int digitBits = 12;
    std::vector<size_t> counts(size_t(1) << digitBits);
    for (int shift = 0; shift < 64 && (span >> shift) != 0; shift += digitBits) {
        std::fill(counts.begin(), counts.end(), 0);
        for (const auto &k : keys)
            ++counts[(k.first >> shift) & ((1u << digitBits) - 1)];
        size_t at = 0;
        for (size_t &c : counts)
            at += std::exchange(c, at);
        for (const auto &k : keys)
            spare[counts[(k.first >> shift) & ((1u << digitBits) - 1)]++] = k;
        keys.swap(spare);
    }
    for (size_t i = 0; i < n; ++i)
        out[i] = {static_cast<TimestampNs>(keys[i].first + static_cast<quint64>(first)),
                  keys[i].second};
    return out;
}

} // namespace

AlertGrouping::AlertGrouping(const QList<Pipeline> &pipelines, TimestampNs window)
    : m_window(window)
{
    QHash<QString, QStringList> up;
    QHash<QString, QStringList> down;
    for (const Pipeline &p : pipelines) {
        for (const QString &u : p.upstream) {
            up[p.id].append(u);
            down[u].append(p.id);
        }
    }
    for (const Pipeline &p : pipelines)
        m_number.insert(p.id, static_cast<int>(m_number.size()));
    for (const Pipeline &p : pipelines) {
        QSet<QString> chain{p.id};
        reach(up, p.id, chain);
        reach(down, p.id, chain);
        QList<int> numbers;
        for (const QString &id : std::as_const(chain)) {
            // An upstream id the workspace does not define has no alerts of its own to join.
            if (m_number.contains(id))
                numbers.append(m_number.value(id));
        }
        m_chain.append(numbers);
    }
}

bool AlertGrouping::inOneChain(const QString &a, const QString &b) const
{
    if (a == b)
        return true;
    const auto na = m_number.constFind(a);
    const auto nb = m_number.constFind(b);
    return na != m_number.cend() && nb != m_number.cend() && m_chain.at(*na).contains(*nb);
}

AlertGrouping::Facts AlertGrouping::factsOf(const Alert &alert, IdNumbering &pipelines,
                                            IdNumbering &subjects)
{
    return factsOf(alert, alert.pipelineId.isEmpty() ? -1 : pipelines.number(alert.pipelineId),
                   alert.subject.isEmpty() ? -1 : subjects.number(alert.subject));
}

AlertGrouping::Facts AlertGrouping::factsOf(const Alert &alert, int pipeline, int subject)
{
    Facts f;
    f.raised = alert.triggeredAt;
    f.ended = alert.resolvedAt.value_or(alert.updatedAt);
    f.open = alert.isOpen();
    f.pipeline = pipeline;
    f.subject = subject;
    return f;
}

QList<int> AlertGrouping::group(const QList<const Alert *> &alerts, TimestampNs now) const
{
    IdNumbering pipelines;
    IdNumbering subjects;
    std::vector<Facts> facts;
    facts.reserve(static_cast<size_t>(alerts.size()));
    for (const Alert *a : alerts)
        facts.push_back(factsOf(*a, pipelines, subjects));
    return group(facts, pipelines.ids(), now);
}

QList<int> AlertGrouping::group(const std::vector<Facts> &alerts, const QStringList &pipelineIds,
                                TimestampNs now) const
{
    const int n = static_cast<int>(alerts.size());
    int subjectCount = 0;
    for (const Facts &a : alerts)
        subjectCount = std::max(subjectCount, a.subject + 1);
    const std::vector<std::pair<TimestampNs, int>> byTime = raisingOrder(alerts);
    // The passes below work on alerts by their place in raising order, with what they read
    // gathered in that order: read through the list's indexes, every step waited on memory.
    // A group's root is then its earliest member, and its start that member's raise.
    struct Step
    {
        TimestampNs raised;
        TimestampNs end; // of its open span, for the subject pass
        int pipeline;
        int subject;
    };
    std::vector<Step> steps;
    steps.reserve(static_cast<size_t>(n));
    for (const auto &[raised, i] : byTime) {
        const Facts &a = alerts[static_cast<size_t>(i)];
        steps.push_back({raised, a.open ? now : a.ended, a.pipeline, a.subject});
    }
    Components parts(n);

    // Lineage: in raising order, an alert joins the groups its chain's pipelines last
    // joined, when such a group began no more than the window before it. Anchoring on the
    // group's start, not on its latest member, keeps a pipeline that alerts all day from
    // becoming one day-long group: every lineage group spans at most the window. The
    // latest member is kept per pipeline: by the workspace's number for its pipelines, by
    // the list's number for any other (a pipeline since removed from the workspace still
    // groups with itself).
    std::vector<int> chainOf;
    chainOf.reserve(static_cast<size_t>(pipelineIds.size()));
    for (const QString &id : pipelineIds)
        chainOf.push_back(m_number.value(id, -1));
    std::vector<int> latest(static_cast<size_t>(m_chain.size()), -1);
    std::vector<int> latestOther(chainOf.size(), -1);
    for (int k = 0; k < n; ++k) {
        const Step &a = steps[static_cast<size_t>(k)];
        if (a.pipeline < 0)
            continue;
        int mine = k; // this alert's root, followed as it joins groups
        const auto joinGroupOf = [&](int member) {
            if (member < 0)
                return;
            const int other = parts.find(member);
            if (other == mine || a.raised - steps[static_cast<size_t>(other)].raised > m_window)
                return;
            parts.join(mine, other);
            mine = std::min(mine, other);
        };
        const int chain = chainOf[static_cast<size_t>(a.pipeline)];
        if (chain < 0) {
            int &last = latestOther[static_cast<size_t>(a.pipeline)];
            joinGroupOf(last);
            last = k;
            continue;
        }
        for (int p : m_chain.at(chain))
            joinGroupOf(latest[static_cast<size_t>(p)]);
        latest[static_cast<size_t>(chain)] = k;
    }

    // Subject: alerts about one subject whose open spans overlap, merged like intervals.
    struct Span
    {
        int first = -1; // first member of the current overlapping run
        TimestampNs end = 0;
    };
    std::vector<Span> spans(static_cast<size_t>(subjectCount));
    for (int k = 0; k < n; ++k) {
        const Step &a = steps[static_cast<size_t>(k)];
        if (a.subject < 0)
            continue;
        Span &span = spans[static_cast<size_t>(a.subject)];
        if (span.first >= 0 && a.raised < span.end) {
            parts.join(k, span.first);
            span.end = std::max(span.end, a.end);
        } else {
            span = {k, a.end};
        }
    }

    // Each group is named by its first member in the list.
    std::vector<int> firstListed(static_cast<size_t>(n), n);
    for (int k = 0; k < n; ++k) {
        int &first = firstListed[static_cast<size_t>(parts.find(k))];
        first = std::min(first, byTime[static_cast<size_t>(k)].second);
    }
    QList<int> out(n);
    for (int k = 0; k < n; ++k)
        out[byTime[static_cast<size_t>(k)].second] =
            firstListed[static_cast<size_t>(parts.find(k))];
    return out;
}

} // namespace wk
