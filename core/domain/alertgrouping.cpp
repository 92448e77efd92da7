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
    for (const Pipeline &p : pipelines) {
        QSet<QString> chain{p.id};
        reach(up, p.id, chain);
        reach(down, p.id, chain);
        m_chain.insert(p.id, chain);
    }
}

bool AlertGrouping::inOneChain(const QString &a, const QString &b) const
{
    if (a == b)
        return true;
    const auto it = m_chain.constFind(a);
    return it != m_chain.cend() && it->contains(b);
}

QList<int> AlertGrouping::group(const QList<const Alert *> &alerts, TimestampNs now) const
{
    const int n = static_cast<int>(alerts.size());
    Components parts(n);
    std::vector<int> byTime(static_cast<size_t>(n));
    std::iota(byTime.begin(), byTime.end(), 0);
    std::stable_sort(byTime.begin(), byTime.end(), [&](int l, int r) {
        return alerts.at(l)->triggeredAt < alerts.at(r)->triggeredAt;
    });

    // Lineage: in raising order, each alert joins the latest alert of every pipeline in its
    // chain if that one is within the window. An earlier alert of that pipeline within the
    // window is also within it of the latest one, so it is joined through it.
    QHash<QString, int> latest;
    for (int i : byTime) {
        const Alert *a = alerts.at(i);
        if (a->pipelineId.isEmpty())
            continue;
        const auto chain = m_chain.constFind(a->pipelineId);
        const auto joinLatest = [&](const QString &pipeline) {
            const auto it = latest.constFind(pipeline);
            if (it != latest.cend() && a->triggeredAt - alerts.at(*it)->triggeredAt <= m_window)
                parts.join(i, *it);
        };
        if (chain == m_chain.cend())
            joinLatest(a->pipelineId);
        else
            for (const QString &p : *chain)
                joinLatest(p);
        latest.insert(a->pipelineId, i);
    }

    // Subject: alerts about one subject whose open spans overlap, merged like intervals.
    QHash<QString, int> spanFirst; // subject -> first member of the current overlapping run
    QHash<QString, TimestampNs> spanEnd;
    for (int i : byTime) {
        const Alert *a = alerts.at(i);
        if (a->subject.isEmpty())
            continue;
        const TimestampNs end = a->isOpen() ? now : a->resolvedAt.value_or(a->updatedAt);
        const auto first = spanFirst.constFind(a->subject);
        if (first != spanFirst.cend() && a->triggeredAt < spanEnd.value(a->subject)) {
            parts.join(i, *first);
            TimestampNs &until = spanEnd[a->subject];
            until = std::max(until, end);
        } else {
            spanFirst.insert(a->subject, i);
            spanEnd.insert(a->subject, end);
        }
    }

    QList<int> out;
    out.reserve(n);
    for (int i = 0; i < n; ++i)
        out.append(parts.find(i));
    return out;
}

} // namespace wk
