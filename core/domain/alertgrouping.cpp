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

QList<int> AlertGrouping::group(const QList<const Alert *> &alerts, TimestampNs now) const
{
    const int n = static_cast<int>(alerts.size());
    Components parts(n);
    // What the passes read, gathered once: alerts lie scattered in memory, and sorting
    // through their pointers would wait on memory a million times.
    std::vector<TimestampNs> raised;
    raised.reserve(static_cast<size_t>(n));
    for (const Alert *a : alerts)
        raised.push_back(a->triggeredAt);
    std::vector<int> byTime(static_cast<size_t>(n));
    std::iota(byTime.begin(), byTime.end(), 0);
    std::stable_sort(byTime.begin(), byTime.end(), [&](int l, int r) {
        return raised[static_cast<size_t>(l)] < raised[static_cast<size_t>(r)];
    });

    // Lineage: in raising order, an alert joins the groups its chain's pipelines last
    // joined, when such a group began no more than the window before it. Anchoring on the
    // group's start, not on its latest member, keeps a pipeline that alerts all day from
    // becoming one day-long group: every lineage group spans at most the window. The
    // latest member is kept per pipeline: by number for the workspace's pipelines, by id for
    // any other (a pipeline since removed from the workspace still groups with itself).
    std::vector<int> latest(static_cast<size_t>(m_chain.size()), -1);
    QHash<QString, int> latestUnknown;
    std::vector<TimestampNs> start(static_cast<size_t>(n)); // per group root: its first raise
    for (int i : byTime) {
        const Alert *a = alerts.at(i);
        start[static_cast<size_t>(i)] = a->triggeredAt;
        if (a->pipelineId.isEmpty())
            continue;
        const auto joinGroupOf = [&](int member) {
            if (member < 0)
                return;
            const int other = parts.find(member);
            const int mine = parts.find(i);
            if (other == mine || a->triggeredAt - start[static_cast<size_t>(other)] > m_window)
                return;
            const TimestampNs begun =
                std::min(start[static_cast<size_t>(other)], start[static_cast<size_t>(mine)]);
            parts.join(mine, other);
            start[static_cast<size_t>(parts.find(i))] = begun;
        };
        const auto number = m_number.constFind(a->pipelineId);
        if (number == m_number.cend()) {
            joinGroupOf(latestUnknown.value(a->pipelineId, -1));
            latestUnknown.insert(a->pipelineId, i);
            continue;
        }
        for (int p : m_chain.at(*number))
            joinGroupOf(latest[static_cast<size_t>(p)]);
        latest[static_cast<size_t>(*number)] = i;
    }

    // Subject: alerts about one subject whose open spans overlap, merged like intervals.
    struct Span
    {
        int first = -1; // first member of the current overlapping run
        TimestampNs end = 0;
    };
    QHash<QString, Span> spans;
    spans.reserve(n);
    for (int i : byTime) {
        const Alert *a = alerts.at(i);
        if (a->subject.isEmpty())
            continue;
        const TimestampNs end = a->isOpen() ? now : a->resolvedAt.value_or(a->updatedAt);
        Span &span = spans[a->subject];
        if (span.first >= 0 && a->triggeredAt < span.end) {
            parts.join(i, span.first);
            span.end = std::max(span.end, end);
        } else {
            span = {i, end};
        }
    }

    QList<int> out;
    out.reserve(n);
    for (int i = 0; i < n; ++i)
        out.append(parts.find(i));
    return out;
}

} // namespace wk
