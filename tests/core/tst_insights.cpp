#include "report/insights.h"
#include "schedule/oncallschedule.h"
#include "workspace/workspacereader.h"

#include <QJsonArray>
#include <QRandomGenerator>
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
    void onCallLookedUpPerSpanAsPerAlert();
    void noisiestRulesFirst();
};

void tst_Insights::noisiestRulesFirst()
{
    const Workspace ws = workspace();
    const OnCallSchedule schedule(ws);
    QList<Alert> alerts = history();
    AlertOutcome noise;
    noise.kind = AlertOutcome::Kind::Noise;
    noise.by = QStringLiteral("a");
    for (Alert &a : alerts) {
        switch (a.id) {
        case 1: // acknowledged and resolved: actionable
            a.ruleId = QStringLiteral("loud");
            break;
        case 2: // the 23:30 night page, marked noise
            a.ruleId = QStringLiteral("loud");
            a.outcome = noise;
            break;
        case 3: // still open
            a.ruleId = QStringLiteral("quiet");
            break;
        case 4: // the 00:00 night page, marked noise
            a.ruleId = QStringLiteral("flaky");
            a.outcome = noise;
            break;
        default: // raised outside the range
            a.ruleId = QStringLiteral("elsewhere");
        }
    }
    const AlertFacts facts = AlertFacts::build(alerts, ws, &schedule);
    const Insights in = Insights::compute(facts, ws, twoWeeks(),
                                          at(QStringLiteral("2026-11-16T00:00:00Z")), &schedule);
    QCOMPARE(in.rules.size(), 3);
    // One false alarm each for flaky and loud, each with its page: the id decides.
    QCOMPARE(in.rules[0].rule, QStringLiteral("flaky"));
    QCOMPARE(in.rules[1].rule, QStringLiteral("loud"));
    QCOMPARE(in.rules[2].rule, QStringLiteral("quiet"));
    const Insights::NoisyRule &loud = in.rules[1];
    QCOMPARE(loud.alerts, 2);
    QCOMPARE(loud.actionable, 1);
    QCOMPARE(loud.falseAlarms, 1);
    QCOMPARE(loud.noise, 1);
    QCOMPARE(loud.falseAlarmShare(), 0.5);
    QCOMPARE(loud.pages, 2);
    QCOMPARE(loud.nightPages, 1);
    QCOMPARE(loud.falseAlarmPages, 1);
    QCOMPARE(in.rules[0].falseAlarmShare(), 1.0);
    QCOMPARE(in.rules[2].unknown, 1);
    QCOMPARE(in.rules[2].falseAlarmShare(), 0.0);
    QVERIFY(in.toCsv(QStringLiteral("rules")).contains(QStringLiteral("loud")));
    QCOMPARE(in.toJson()[QStringLiteral("rules")].toArray().size(), 3);
}

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

// Facts ask the schedule once per span in which its answer holds; they must say what asking
// for every alert says. The demo's rotations (working hours in London, holidays, time off)
// with covers, people in zones with half-hour offsets and odd transitions, and alerts at
// random instants and exactly on every edge the spans are cut at.
void tst_Insights::onCallLookedUpPerSpanAsPerAlert()
{
    auto loaded =
        WorkspaceReader::readFile(QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"));
    QVERIFY(loaded.ok());
    Workspace ws = *loaded.workspace;
    const QStringList zones{QStringLiteral("Australia/Lord_Howe"), QStringLiteral("Asia/Kolkata"),
                            QStringLiteral("America/St_Johns"), QStringLiteral("Europe/London"),
                            QStringLiteral("Pacific/Chatham")};
    for (int i = 0; i < ws.people.size(); ++i)
        ws.people[i].timeZone = zones.at(i % zones.size());
    QVERIFY(ws.rotations.size() >= 2);
    // Hours that start inside the hour London skips in March and ends in the one it repeats
    // in October.
    ws.rotations[1].timeZone = QStringLiteral("Europe/London");
    ws.rotations[1].workingHours = WorkingHours{{1, 2, 3, 4, 5, 6, 7}, QTime(1, 30), QTime(1, 45)};
    const Rotation &r = ws.rotations.first();
    auto cover = [&](const QString &id, RotationLayer layer, const QString &person,
                     const QString &from, const QString &to) {
        ScheduleOverride o;
        o.id = id;
        o.rotation = r.id;
        o.layer = layer;
        o.person = person;
        o.start = QDateTime::fromString(from, Qt::ISODate);
        o.end = QDateTime::fromString(to, Qt::ISODate);
        o.createdAt = o.start.addDays(-1);
        ws.overrides << o;
    };
    cover(QStringLiteral("o1"), RotationLayer::Primary, r.participants.at(1),
          QStringLiteral("2026-03-10T13:17:00Z"), QStringLiteral("2026-03-12T02:00:00Z"));
    cover(QStringLiteral("o2"), RotationLayer::Secondary, r.participants.at(2),
          QStringLiteral("2026-06-01T00:00:00Z"), QStringLiteral("2026-06-20T00:00:00Z"));
    cover(QStringLiteral("o3"), RotationLayer::Primary, r.participants.at(3),
          QStringLiteral("2026-10-25T00:30:00Z"), QStringLiteral("2026-10-25T01:30:00Z"));
    const OnCallSchedule schedule(ws);

    QList<TimestampNs> instants;
    const QDateTime first(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc());
    const QDateTime last(QDate(2027, 3, 1), QTime(0, 0), QTimeZone::utc());
    QRandomGenerator rng(7);
    for (int i = 0; i < 20000; ++i)
        instants << toTimestamp(
            first.addSecs(static_cast<qint64>(rng.bounded(double(first.secsTo(last))))));
    // Every edge a span ends at, and the instants either side of it.
    QStringList pipelines{QString(), QStringLiteral("no-such-pipeline")};
    for (const Pipeline &p : ws.pipelines)
        pipelines << p.id;
    for (const QString &p : pipelines) {
        for (QDateTime t = first; t.isValid() && t < last;) {
            const QDateTime until = schedule.answerHoldsUntil(p, t);
            if (!until.isValid())
                break;
            QVERIFY2(until > t, qPrintable(p));
            for (qint64 d : {-1LL, 0LL, 1LL})
                instants << toTimestamp(until) + d;
            t = until;
        }
    }
    for (const Person &p : ws.people) {
        const QTimeZone zone(p.timeZone.toUtf8());
        for (const QTimeZone::OffsetData &d : zone.transitions(first, last)) {
            for (qint64 s : {-1LL, 0LL, 1LL})
                instants << toTimestamp(d.atUtc) + s * nanosPerSecond;
        }
    }

    QList<Alert> alerts;
    for (qsizetype i = 0; i < instants.size(); ++i) {
        Alert a;
        a.id = i + 1;
        a.pipelineId = pipelines.at(static_cast<qsizetype>(rng.bounded(int(pipelines.size()))));
        a.triggeredAt = instants.at(i);
        alerts << a;
    }
    const AlertFacts facts = AlertFacts::build(alerts, ws, &schedule);
    QCOMPARE(facts.rows.size(), size_t(alerts.size()));
    int nights = 0;
    for (const AlertFact &f : facts.rows) {
        const Alert &a = alerts.at(f.id - 1);
        const QDateTime at = toDateTime(a.triggeredAt);
        const QString paged = schedule.answering(a.pipelineId, RotationLayer::Primary, at);
        const QString got = f.paged >= 0 ? facts.people.at(f.paged) : QString();
        QVERIFY2(got == paged,
                 qPrintable(QStringLiteral("%1 at %2: %3, asked per alert %4")
                                .arg(a.pipelineId, at.toString(Qt::ISODate), got, paged)));
        const Person *who = ws.person(paged);
        const bool night = !paged.isEmpty() && isNightIn(at, who ? QTimeZone(who->timeZone.toUtf8())
                                                                 : QTimeZone::utc());
        QVERIFY2(f.night == night,
                 qPrintable(QStringLiteral("night of %1 at %2").arg(paged, at.toString())));
        nights += night ? 1 : 0;
    }
    // Both answers occur, so the comparison above could fail either way.
    QVERIFY(nights > 1000);
    QVERIFY(nights < static_cast<int>(facts.rows.size()) - 1000);
}

QTEST_GUILESS_MAIN(tst_Insights)
#include "tst_insights.moc"
