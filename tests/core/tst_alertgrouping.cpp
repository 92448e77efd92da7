#include "domain/alertgrouping.h"

#include <QtTest>

#include <random>

using namespace wk;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;
constexpr TimestampNs minute = 60 * nanosPerSecond;

Pipeline pipeline(const QString &id, const QStringList &upstream = {})
{
    Pipeline p;
    p.id = id;
    p.name = id;
    p.upstream = upstream;
    return p;
}

Alert alert(const QString &pipelineId, TimestampNs at, const QString &subject = {},
            AlertState state = AlertState::Triggered)
{
    static qint64 next = 1;
    Alert a;
    a.id = next++;
    a.pipelineId = pipelineId;
    a.subject = subject;
    a.triggeredAt = at;
    a.updatedAt = at;
    a.state = state;
    if (!a.isOpen())
        a.resolvedAt = at + 10 * minute;
    return a;
}

QList<int> groupsOf(const AlertGrouping &g, const QList<Alert> &alerts, TimestampNs now)
{
    QList<const Alert *> ptrs;
    for (const Alert &a : alerts)
        ptrs.append(&a);
    return g.group(ptrs, now);
}

// A source, a model reading it, a report reading the model, and a second reader of the source;
// "billing" stands apart.
QList<Pipeline> lineage()
{
    return {pipeline(QStringLiteral("source")),
            pipeline(QStringLiteral("model"), {QStringLiteral("source")}),
            pipeline(QStringLiteral("report"), {QStringLiteral("model")}),
            pipeline(QStringLiteral("export"), {QStringLiteral("source")}),
            pipeline(QStringLiteral("billing"))};
}

} // namespace

class tst_AlertGrouping : public QObject
{
    Q_OBJECT
private slots:
    void onePipelineWithinTheWindow()
    {
        const AlertGrouping g(lineage());
        const QList<Alert> alerts = {
            alert(QStringLiteral("billing"), t0, QStringLiteral("u1")),
            alert(QStringLiteral("billing"), t0 + 14 * minute, QStringLiteral("u2")),
            alert(QStringLiteral("billing"), t0 + 40 * minute, QStringLiteral("u3")),
        };
        QCOMPARE(groupsOf(g, alerts, t0 + 60 * minute), (QList<int>{0, 0, 2}));
    }

    void upstreamChainsGroupButUnrelatedPipelinesDoNot()
    {
        const AlertGrouping g(lineage());
        QVERIFY(g.inOneChain(QStringLiteral("report"), QStringLiteral("source")));
        QVERIFY(g.inOneChain(QStringLiteral("source"), QStringLiteral("report")));
        QVERIFY(!g.inOneChain(QStringLiteral("report"), QStringLiteral("export")));
        QVERIFY(!g.inOneChain(QStringLiteral("billing"), QStringLiteral("source")));

        // The report two steps down from the source: one incident.
        QList<Alert> alerts = {
            alert(QStringLiteral("report"), t0 + 5 * minute),
            alert(QStringLiteral("billing"), t0 + 5 * minute),
            alert(QStringLiteral("source"), t0),
        };
        QCOMPARE(groupsOf(g, alerts, t0 + 60 * minute), (QList<int>{0, 1, 0}));

        // Two readers of one source are not related to each other...
        alerts = {
            alert(QStringLiteral("report"), t0),
            alert(QStringLiteral("export"), t0 + minute),
        };
        QCOMPARE(groupsOf(g, alerts, t0 + 60 * minute), (QList<int>{0, 1}));
        // ...until the source itself alerts: then all three are one.
        alerts.append(alert(QStringLiteral("source"), t0 + 2 * minute));
        QCOMPARE(groupsOf(g, alerts, t0 + 60 * minute), (QList<int>{0, 0, 0}));
    }

    void theSameSubjectWhileBothAreOpen()
    {
        const AlertGrouping g(lineage());
        // Two rules see user u7 on unrelated pipelines an hour apart, both still open.
        QList<Alert> alerts = {
            alert(QStringLiteral("billing"), t0, QStringLiteral("u7")),
            alert(QStringLiteral("export"), t0 + 60 * minute, QStringLiteral("u7")),
            alert(QStringLiteral("model"), t0 + 90 * minute, QStringLiteral("u8")),
        };
        QCOMPARE(groupsOf(g, alerts, t0 + 120 * minute), (QList<int>{0, 0, 2}));
        // Once the first was resolved (10 minutes after it was raised) before the second came,
        // they are two incidents.
        alerts[0] =
            alert(QStringLiteral("billing"), t0, QStringLiteral("u7"), AlertState::Resolved);
        QCOMPARE(groupsOf(g, alerts, t0 + 120 * minute), (QList<int>{0, 1, 2}));
    }

    void theFirstListedMemberNamesTheGroup()
    {
        const AlertGrouping g(lineage(), 5 * minute);
        const QList<Alert> alerts = {
            alert(QStringLiteral("model"), t0 + 9 * minute),
            alert(QStringLiteral("billing"), t0),
            alert(QStringLiteral("source"), t0 + 4 * minute),
            alert(QStringLiteral("model"), t0 + 30 * minute),
        };
        // The window is five minutes here: the source at +4 and the model at +9 are related.
        QCOMPARE(groupsOf(g, alerts, t0 + 60 * minute), (QList<int>{0, 1, 0, 3}));
    }

    // A pipeline that alerts every few minutes all day is many incidents, not one: no group
    // made by lineage spans more than the window, and every group is connected by it.
    void lineageGroupsSpanNoMoreThanTheWindow()
    {
        const QList<Pipeline> pipes = lineage();
        const TimestampNs window = 10 * minute;
        const AlertGrouping g(pipes, window);
        std::mt19937 rng(11);
        QList<Alert> alerts;
        for (int i = 0; i < 600; ++i) {
            alerts.append(alert(pipes.at(static_cast<qsizetype>(rng() % pipes.size())).id,
                                t0 + static_cast<TimestampNs>(rng() % (24 * 60)) * minute,
                                QStringLiteral("only-%1").arg(i)));
        }
        const QList<int> first = groupsOf(g, alerts, t0 + 25 * 60 * minute);
        QHash<int, QList<int>> groups;
        for (int i = 0; i < alerts.size(); ++i)
            groups[first.at(i)].append(i);
        int grouped = 0;
        for (const QList<int> &members : std::as_const(groups)) {
            TimestampNs from = alerts.at(members.first()).triggeredAt;
            TimestampNs to = from;
            for (int i : members) {
                from = std::min(from, alerts.at(i).triggeredAt);
                to = std::max(to, alerts.at(i).triggeredAt);
            }
            QVERIFY2(to - from <= window, qPrintable(QString::number((to - from) / minute)));
            // Connected: from any member every other is reached through related pairs.
            QSet<int> reached{members.first()};
            QList<int> todo{members.first()};
            while (!todo.isEmpty()) {
                const Alert &a = alerts.at(todo.takeLast());
                for (int j : members) {
                    if (!reached.contains(j) &&
                        g.inOneChain(a.pipelineId, alerts.at(j).pipelineId)) {
                        reached.insert(j);
                        todo.append(j);
                    }
                }
            }
            QCOMPARE(reached.size(), members.size());
            grouped += members.size() > 1;
        }
        // Busy enough that many groups form, spread enough that not all alerts are in one.
        QVERIFY2(grouped > 50 && groups.size() > 100, qPrintable(QString::number(grouped)));
    }

    // Which alerts form a group depends on when they were raised, not on where the list has
    // them: a week of alerts at nanosecond times (sorted by radix, four 16-bit passes), some
    // on a pipeline the workspace no longer defines, many about the same subjects, groups
    // the same in two orders of the list.
    void theListOrderDoesNotChangeTheGroups()
    {
        QList<Pipeline> pipes = lineage();
        const AlertGrouping g(pipes);
        pipes.append(pipeline(QStringLiteral("retired")));
        std::mt19937_64 rng(5);
        const TimestampNs week = 7 * 24 * 60 * minute;
        QList<Alert> alerts;
        for (int i = 0; i < 3000; ++i) {
            alerts.append(alert(pipes.at(static_cast<qsizetype>(rng() % pipes.size())).id,
                                t0 + static_cast<TimestampNs>(rng() % static_cast<quint64>(week)),
                                QStringLiteral("u%1").arg(rng() % 1500),
                                rng() % 8 ? AlertState::Resolved : AlertState::Triggered));
        }
        const auto partition = [&](const QList<Alert> &list) {
            const QList<int> first = groupsOf(g, list, t0 + week);
            QHash<qint64, QSet<qint64>> byFirst;
            for (int i = 0; i < list.size(); ++i)
                byFirst[list.at(first.at(i)).id].insert(list.at(i).id);
            QSet<QList<qint64>> groups;
            for (const QSet<qint64> &members : std::as_const(byFirst)) {
                QList<qint64> sorted(members.cbegin(), members.cend());
                std::sort(sorted.begin(), sorted.end());
                groups.insert(sorted);
            }
            return groups;
        };
        const auto groups = partition(alerts);
        QList<Alert> shuffled = alerts;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        QCOMPARE(partition(shuffled), groups);
        // Lineage and subjects both join: far fewer groups than alerts, and more than one.
        QVERIFY2(groups.size() > 100 && groups.size() < 2500,
                 qPrintable(QString::number(groups.size())));
    }
};

QTEST_GUILESS_MAIN(tst_AlertGrouping)
#include "tst_alertgrouping.moc"
