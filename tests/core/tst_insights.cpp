#include "report/insights.h"
#include "schedule/oncallschedule.h"

#include <QJsonArray>
#include <QtTest>

using namespace wk;

namespace {

TimestampNs at(const QString &iso)
{
    return toTimestamp(QDateTime::fromString(iso, Qt::ISODate));
}

constexpr TimestampNs minute = 60 * nanosPerSecond;

Workspace workspace()
{
    Workspace ws;
    ws.name = QStringLiteral("insights");
    ws.people = {{QStringLiteral("a"), QStringLiteral("Ann"), {}, QStringLiteral("UTC")},
                 {QStringLiteral("b"), QStringLiteral("Ben"), {}, QStringLiteral("UTC")}};
    ws.teams = {{QStringLiteral("t"), QStringLiteral("Team"), {QStringLiteral("a")}}};
    SlaPolicy tight;
    tight.id = QStringLiteral("tight");
    tight.availabilityPercent = 99.9;
    ws.slaPolicies = {tight};
    Pipeline p1;
    p1.id = QStringLiteral("p1");
    p1.name = QStringLiteral("Pipeline one");
    p1.primaryOwner = QStringLiteral("a");
    p1.slaPolicy = QStringLiteral("tight");
    Pipeline p2;
    p2.id = QStringLiteral("p2");
    p2.name = QStringLiteral("Pipeline two");
    p2.primaryOwner = QStringLiteral("b");
    ws.pipelines = {p1, p2};
    ws.customers = {{QStringLiteral("c1"), QStringLiteral("Big"), {}, 1000, false},
                    {QStringLiteral("c2"), QStringLiteral("Small"), {}, 50, false}};
    Rotation r;
    r.id = QStringLiteral("r");
    r.name = QStringLiteral("R");
    r.participants = {QStringLiteral("a"), QStringLiteral("b")};
    r.pipelines = {QStringLiteral("p1")};
    r.timeZone = QStringLiteral("UTC");
    r.start = QDate(2026, 10, 26);
    ws.rotations = {r};
    return ws;
}

Alert alert(qint64 id, const QString &pipeline, Severity s, const QString &customer,
            const QString &raised, qint64 ackMinutes, qint64 resolveMinutes)
{
    Alert a;
    a.id = id;
    a.pipelineId = pipeline;
    a.severity = s;
    a.customerId = customer;
    a.triggeredAt = at(raised);
    a.ackBy = a.triggeredAt + ackMinutes * minute;
    a.resolveBy = a.triggeredAt + resolveMinutes * minute;
    a.timeline.append({a.triggeredAt, QStringLiteral("engine"), QStringLiteral("triggered"), {}});
    return a;
}

void ack(Alert &a, const QString &iso, const QString &who)
{
    a.acknowledgedAt = at(iso);
    a.state = AlertState::Acknowledged;
    a.timeline.append({*a.acknowledgedAt, who, QStringLiteral("acknowledged"), {}});
}

void resolve(Alert &a, const QString &iso, const QString &who)
{
    a.resolvedAt = at(iso);
    a.state = AlertState::Resolved;
    a.timeline.append({*a.resolvedAt, who, QStringLiteral("resolved"), {}});
}

QList<Alert> history()
{
    Alert a1 = alert(1, QStringLiteral("p1"), Severity::Critical, QStringLiteral("c1"),
                     QStringLiteral("2026-11-02T10:00:00Z"), 30, 240);
    ack(a1, QStringLiteral("2026-11-02T10:10:00Z"), QStringLiteral("a"));
    resolve(a1, QStringLiteral("2026-11-02T11:00:00Z"), QStringLiteral("a"));
    Alert a2 = alert(2, QStringLiteral("p1"), Severity::High, QStringLiteral("c1"),
                     QStringLiteral("2026-11-03T23:30:00Z"), 120, 720);
    ack(a2, QStringLiteral("2026-11-04T02:00:00Z"), QStringLiteral("a"));
    resolve(a2, QStringLiteral("2026-11-04T03:30:00Z"), QStringLiteral("a"));
    Alert a3 = alert(3, QStringLiteral("p2"), Severity::Medium, QStringLiteral("c2"),
                     QStringLiteral("2026-11-09T12:00:00Z"), 360, 1440);
    Alert a4 = alert(4, QStringLiteral("p2"), Severity::Critical, QStringLiteral("c2"),
                     QStringLiteral("2026-11-10T00:00:00Z"), 30, 240);
    resolve(a4, QStringLiteral("2026-11-10T01:00:00Z"), QStringLiteral("b"));
    // Raised before the range, resolved in it: its resolution and downtime count.
    Alert a5 = alert(5, QStringLiteral("p1"), Severity::High, {},
                     QStringLiteral("2026-10-30T00:00:00Z"), 120, 720);
    resolve(a5, QStringLiteral("2026-11-02T02:00:00Z"), QStringLiteral("b"));
    // After the range.
    const Alert a6 = alert(6, QStringLiteral("p1"), Severity::Critical, QStringLiteral("c1"),
                           QStringLiteral("2026-11-20T00:00:00Z"), 30, 240);
    return {a6, a3, a1, a5, a4, a2}; // any order: facts sort by time
}

InsightsQuery twoWeeks()
{
    InsightsQuery q;
    q.from = QDate(2026, 11, 2);
    q.to = QDate(2026, 11, 16);
    return q;
}

} // namespace

class tst_Insights : public QObject
{
    Q_OBJECT

private slots:
    void figuresOfAScriptedHistory();
    void filtersAndZones();
    void csvAndJson();
    void factsUpdateLikeARebuild();
};

void tst_Insights::figuresOfAScriptedHistory()
{
    const Workspace ws = workspace();
    const OnCallSchedule schedule(ws);
    const AlertFacts facts = AlertFacts::build(history(), ws, &schedule);
    QCOMPARE(facts.rows.size(), size_t(6));
    QVERIFY(std::is_sorted(
        facts.rows.begin(), facts.rows.end(),
        [](const AlertFact &x, const AlertFact &y) { return x.triggered < y.triggered; }));
    const TimestampNs now = at(QStringLiteral("2026-11-25T00:00:00Z"));
    const Insights in = Insights::compute(facts, ws, twoWeeks(), now, &schedule);

    QCOMPARE(in.alerts, 4);
    QCOMPARE(in.days.size(), 14);
    QCOMPARE(in.days[0].opened, (std::array<int, 3>{1, 0, 0}));
    QCOMPARE(in.days[1].opened, (std::array<int, 3>{0, 1, 0}));
    QCOMPARE(in.days[7].opened, (std::array<int, 3>{0, 0, 1}));
    QCOMPARE(in.days[8].opened, (std::array<int, 3>{1, 0, 0}));

    QCOMPARE(in.weeks.size(), 2);
    QCOMPARE(in.weeks[0].acknowledged, 2);
    QCOMPARE(in.weeks[0].mttaMinutes.value_or(-1), (10.0 + 150.0) / 2);
    QCOMPARE(in.weeks[0].resolved, 3);
    QCOMPARE(in.weeks[0].mttrMinutes.value_or(-1), (4440.0 + 60.0 + 240.0) / 3);
    QCOMPARE(in.weeks[1].acknowledged, 0);
    QVERIFY(!in.weeks[1].mttaMinutes);
    QCOMPARE(in.weeks[1].mttrMinutes.value_or(-1), 60.0);

    QCOMPARE(in.sla.size(), 2);
    QCOMPARE(in.sla[0].pipeline, QStringLiteral("p2")); // the worst first
    QCOMPARE(in.sla[0].ackDue, 2);
    QCOMPARE(in.sla[0].ackInTime, 0);
    QCOMPARE(in.sla[0].resolveDue, 2);
    QCOMPARE(in.sla[0].resolveInTime, 1);
    QCOMPARE(in.sla[1].ackShare(), 0.5);
    QCOMPARE(in.sla[1].resolveShare(), 1.0);

    // p1 at 99.9 %: 14 days allow 20.16 minutes; 120 + 60 minutes the first day, 30 the
    // second, 210 the third.
    QCOMPARE(in.budgets.size(), 2 + 2);
    const Insights::Budget &p1 = in.budgets[0];
    QCOMPARE(p1.key, QStringLiteral("p1"));
    QCOMPARE(p1.availability, 99.9);
    QVERIFY(qAbs(p1.budgetMinutes - 20.16) < 1e-9);
    QVERIFY(qAbs(p1.remainingMinutes[0] - (20.16 - 180)) < 1e-9);
    QVERIFY(qAbs(p1.remainingMinutes[1] - (20.16 - 210)) < 1e-9);
    QVERIFY(qAbs(p1.remainingMinutes[2] - (20.16 - 420)) < 1e-9);
    QVERIFY(qAbs(p1.remainingMinutes.last() - (20.16 - 420)) < 1e-9);
    QCOMPARE(p1.consumedMinutes, 420.0);
    // p2 at the default 99.5 %: the medium alert costs nothing, the critical one an hour.
    const Insights::Budget &p2 = in.budgets[1];
    QVERIFY(qAbs(p2.budgetMinutes - 100.8) < 1e-9);
    QVERIFY(qAbs(p2.remainingMinutes[7] - 100.8) < 1e-9);
    QVERIFY(qAbs(p2.remainingMinutes[8] - 40.8) < 1e-9);

    QCOMPARE(in.customers.size(), 2);
    QCOMPARE(in.customers[0].customer, QStringLiteral("c1"));
    QCOMPARE(in.customers[0].alerts, 2);
    QCOMPARE(in.customers[0].impact, 2000.0);
    QCOMPARE(in.customers[1].impact, 100.0);
    QVERIFY(in.budgets[2].customer);
    QCOMPARE(in.budgets[2].key, QStringLiteral("c1"));
    QCOMPARE(in.budgets[2].consumedMinutes, 300.0);

    // Pages: the two p1 alerts go to whoever is on call, the p2 ones to its owner b; the
    // 23:30 and 00:00 ones are night pages. a handled both p1 alerts, b the p2 one.
    int pages = 0, night = 0;
    QHash<QString, Insights::Load> byPerson;
    for (const Insights::Load &l : in.load) {
        pages += l.pages;
        night += l.nightPages;
        byPerson.insert(l.person, l);
    }
    QCOMPARE(pages, 4);
    QCOMPARE(night, 2);
    QCOMPARE(byPerson.value(QStringLiteral("a")).handled, 2);
    QCOMPARE(byPerson.value(QStringLiteral("b")).handled, 1);
    QVERIFY(byPerson.value(QStringLiteral("b")).pages >= 2);
}

void tst_Insights::filtersAndZones()
{
    const Workspace ws = workspace();
    const AlertFacts facts = AlertFacts::build(history(), ws, nullptr);
    const TimestampNs now = at(QStringLiteral("2026-11-25T00:00:00Z"));
    InsightsQuery q = twoWeeks();
    q.team = QStringLiteral("t"); // a owns p1 only
    Insights in = Insights::compute(facts, ws, q, now, nullptr);
    QCOMPARE(in.alerts, 2);
    QCOMPARE(in.sla.size(), 1);
    QCOMPARE(in.budgets.first().key, QStringLiteral("p1"));
    QCOMPARE(in.customers.size(), 1);
    // Without a schedule nobody is known to have been paged.
    for (const Insights::Load &l : in.load)
        QCOMPARE(l.pages, 0);

    q = twoWeeks();
    q.pipelines = {QStringLiteral("p2")};
    in = Insights::compute(facts, ws, q, now, nullptr);
    QCOMPARE(in.alerts, 2);
    QCOMPARE(in.budgets.first().key, QStringLiteral("p2"));

    // Days are local: 23:30 UTC on the 3rd is 00:30 on the 4th in Berlin.
    q = twoWeeks();
    q.zone = QTimeZone("Europe/Berlin");
    in = Insights::compute(facts, ws, q, now, nullptr);
    QCOMPARE(in.days[1].opened[1], 0);
    QCOMPARE(in.days[2].opened[1], 1);

    // An open alert costs downtime until now, not past it.
    const Insights early = Insights::compute(facts, ws, twoWeeks(),
                                             at(QStringLiteral("2026-11-10T00:30:00Z")), nullptr);
    QCOMPARE(early.budgets[1].consumedMinutes, 30.0);
}

void tst_Insights::csvAndJson()
{
    const Workspace ws = workspace();
    const AlertFacts facts = AlertFacts::build(history(), ws, nullptr);
    const Insights in = Insights::compute(facts, ws, twoWeeks(),
                                          at(QStringLiteral("2026-11-25T00:00:00Z")), nullptr);
    const QStringList volume = in.toCsv(QStringLiteral("volume")).trimmed().split(u'\n');
    QCOMPARE(volume.size(), 1 + 14 * 3);
    QCOMPARE(volume[0], QStringLiteral("chart,series,x,value"));
    QCOMPARE(volume[1], QStringLiteral("volume,critical,2026-11-02,1"));
    const QString all = in.toCsv();
    QVERIFY(all.contains(QStringLiteral("response,mtta_minutes,2026-11-02,80\n")));
    QVERIFY(all.contains(QStringLiteral("sla,ack_share,p1,0.5\n")));
    QVERIFY(all.contains(QStringLiteral("budget,pipeline:p2,2026-11-15,40.8\n")));
    QVERIFY(all.contains(QStringLiteral("customers,impact,c1,2000\n")));
    const QJsonObject j = in.toJson();
    QCOMPARE(j[QStringLiteral("alerts")].toInt(), 4);
    QCOMPARE(j[QStringLiteral("to")].toString(), QStringLiteral("2026-11-15"));
    QCOMPARE(j[QStringLiteral("volume")].toArray().size(), 14);
    QCOMPARE(j[QStringLiteral("response")].toArray()[1].toObject()[QStringLiteral("mtta_minutes")],
             QJsonValue());
    QCOMPARE(j[QStringLiteral("budgets")]
                 .toArray()[0]
                 .toObject()[QStringLiteral("consumed_minutes")]
                 .toDouble(),
             420.0);
}

void tst_Insights::factsUpdateLikeARebuild()
{
    const Workspace ws = workspace();
    const OnCallSchedule schedule(ws);
    QList<Alert> all = history();
    // Start without two alerts, one of them older than the newest: it must be sorted in.
    QList<Alert> first = all;
    const Alert late = first.takeAt(0);  // a6, the newest
    const Alert older = first.takeAt(0); // a3
    AlertFacts facts = AlertFacts::build(first, ws, &schedule);
    // a1 changes meanwhile: escalated.
    Alert &a1 = all[2];
    QCOMPARE(a1.id, 1);
    a1.escalated = true;
    facts.update({late, older, a1}, ws, &schedule);
    const AlertFacts rebuilt = AlertFacts::build(all, ws, &schedule);
    QCOMPARE(facts.rows.size(), rebuilt.rows.size());
    for (size_t i = 0; i < facts.rows.size(); ++i) {
        QCOMPARE(facts.rows[i].id, rebuilt.rows[i].id);
        QCOMPARE(facts.rows[i].escalated, rebuilt.rows[i].escalated);
        QCOMPARE(facts.rows[i].paged, rebuilt.rows[i].paged);
    }
    const TimestampNs now = at(QStringLiteral("2026-11-25T00:00:00Z"));
    QCOMPARE(Insights::compute(facts, ws, twoWeeks(), now, &schedule).toCsv(),
             Insights::compute(rebuilt, ws, twoWeeks(), now, &schedule).toCsv());
}

QTEST_GUILESS_MAIN(tst_Insights)
#include "tst_insights.moc"
