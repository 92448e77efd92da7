#include "report/fairnessreport.h"

#include <QtTest>

using namespace wk;

namespace {

const QString rot = QStringLiteral("r");

QDateTime berlin(const QDate &d, int h, int m = 0)
{
    return QDateTime(d, QTime(h, m), QTimeZone("Europe/Berlin")).toUTC();
}

Workspace team()
{
    Workspace ws;
    ws.name = QStringLiteral("fairness");
    Rotation r;
    r.id = QStringLiteral("r");
    r.name = QStringLiteral("Rotation");
    r.participants = {QStringLiteral("p0"), QStringLiteral("p1"), QStringLiteral("p2")};
    r.timeZone = QStringLiteral("Europe/Berlin");
    r.start = QDate(2024, 1, 1); // a Monday
    r.pipelines = {QStringLiteral("pipe")};
    ws.rotations.append(r);
    for (const QString &p : r.participants)
        ws.people.append({p, p.toUpper(), p + QStringLiteral("@example.com"), r.timeZone});
    ws.people.append({QStringLiteral("zed"), QStringLiteral("Zed"), QString(), r.timeZone});
    Pipeline pipe;
    pipe.id = QStringLiteral("pipe");
    pipe.primaryOwner = QStringLiteral("p0");
    Pipeline other;
    other.id = QStringLiteral("other"); // no rotation: its owner is paged
    other.primaryOwner = QStringLiteral("p2");
    ws.pipelines = {pipe, other};
    ws.holidays.append({QStringLiteral("Public"),
                        QString(),
                        {{QDate(2024, 1, 1), QStringLiteral("New Year")},
                         {QDate(2024, 1, 26), QStringLiteral("Made-up Friday")}}});
    return ws;
}

Alert alertAt(qint64 id, const QString &pipeline, const QDateTime &at)
{
    Alert a;
    a.id = id;
    a.pipelineId = pipeline;
    a.triggeredAt = toTimestamp(at);
    a.timeline.append({a.triggeredAt, QStringLiteral("engine"), QStringLiteral("triggered"), {}});
    return a;
}

} // namespace

class tst_FairnessReport : public QObject
{
    Q_OBJECT

private slots:
    void sixWeeksOfThree();
    void overridesAndAlerts();
    void csvAndMarkdown();
};

void tst_FairnessReport::sixWeeksOfThree()
{
    const OnCallSchedule schedule(team());
    const FairnessReport r =
        FairnessReport::build(schedule, {}, QDate(2024, 1, 1), QDate(2024, 2, 12), rot);
    QCOMPARE(r.people.size(), 3);
    int holidays = 0;
    for (const FairnessReport::Load &l : r.people) {
        QVERIFY(l.participant);
        QCOMPARE(l.primaryTurns, 2);
        QCOMPARE(l.secondaryTurns, 2);
        QCOMPARE(l.daysOnCall, 14);
        QCOMPARE(l.weekendDays, 4);
        holidays += l.holidayDays;
    }
    // Both holidays counted, each for whoever held the primary seat at its noon.
    QCOMPARE(holidays, 2);
    const QString newYear =
        schedule.onCallFor(QStringLiteral("r"), berlin(QDate(2024, 1, 1), 12)).primary;
    QVERIFY(r.load(newYear)->holidayDays >= 1);
    QCOMPARE(r.spread(&FairnessReport::Load::primaryTurns), 0);
    QCOMPARE(r.spread(&FairnessReport::Load::weekendDays), 0);
    // New Year's Day falls before the first 10:00 handoff in a one-day window: nobody holds it.
    const FairnessReport day =
        FairnessReport::build(schedule, {}, QDate(2023, 12, 31), QDate(2024, 1, 1), rot);
    for (const FairnessReport::Load &l : day.people)
        QCOMPARE(l.daysOnCall, 0);
}

void tst_FairnessReport::overridesAndAlerts()
{
    Workspace ws = team();
    const OnCallSchedule planned(ws);
    const QString second =
        planned.onCallFor(QStringLiteral("r"), berlin(QDate(2024, 1, 10), 12)).primary;
    const QString first =
        planned.onCallFor(QStringLiteral("r"), berlin(QDate(2024, 1, 3), 12)).primary;
    ScheduleOverride o;
    o.id = QStringLiteral("cover");
    o.rotation = QStringLiteral("r");
    o.person = QStringLiteral("zed");
    o.start = berlin(QDate(2024, 1, 10), 0);
    o.end = berlin(QDate(2024, 1, 12), 0);
    o.createdBy = QStringLiteral("p0");
    o.reason = QStringLiteral("dentist");
    ws.overrides.append(o);
    const OnCallSchedule schedule(ws);

    Alert night = alertAt(1, QStringLiteral("pipe"), berlin(QDate(2024, 1, 3), 23, 30));
    night.timeline.append({toTimestamp(berlin(QDate(2024, 1, 3), 23, 40)),
                           first,
                           QStringLiteral("acknowledged"),
                           {}});
    night.timeline.append({toTimestamp(berlin(QDate(2024, 1, 4), 9)),
                           QStringLiteral("p2"),
                           QStringLiteral("resolved"),
                           {}});
    const Alert day = alertAt(2, QStringLiteral("pipe"), berlin(QDate(2024, 1, 4), 14));
    const Alert covered = alertAt(3, QStringLiteral("pipe"), berlin(QDate(2024, 1, 11), 3));
    const Alert later = alertAt(4, QStringLiteral("pipe"), berlin(QDate(2024, 3, 1), 12));
    const Alert owned = alertAt(5, QStringLiteral("other"), berlin(QDate(2024, 1, 5), 12));
    const QList<Alert> alerts{night, day, covered, later, owned};

    const FairnessReport all =
        FairnessReport::build(schedule, alerts, QDate(2024, 1, 1), QDate(2024, 1, 22), rot);
    const FairnessReport::Load *zed = all.load(QStringLiteral("zed"));
    QVERIFY(zed);
    QVERIFY(!zed->participant);
    QCOMPARE(zed->daysOnCall, 2);
    QCOMPARE(zed->primaryTurns, 1);
    QCOMPARE(zed->pages, 1);
    QCOMPARE(zed->nightPages, 1);
    QCOMPARE(all.load(second)->daysOnCall, 5);
    // The one whose turn was cut still held it.
    QCOMPARE(all.load(second)->primaryTurns, 1);
    // The alert of the pipeline outside the rotation and the one after the span page nobody.
    QCOMPARE(all.load(first)->pages, 2);
    QCOMPARE(all.load(first)->nightPages, 1);
    QCOMPARE(all.load(first)->handled, 1);
    QCOMPARE(all.load(QStringLiteral("p2"))->handled, 1);
    int pages = 0;
    for (const FairnessReport::Load &l : all.people)
        pages += l.pages;
    QCOMPARE(pages, 3);
    // People outside the rotation are left out of the spread.
    QCOMPARE(all.spread(&FairnessReport::Load::primaryTurns), 0);
    QCOMPARE(all.spread(&FairnessReport::Load::daysOnCall), 2);
}

void tst_FairnessReport::csvAndMarkdown()
{
    Workspace ws = team();
    ws.people[1].name = QStringLiteral("Doe, Jane");
    const FairnessReport r =
        FairnessReport::build(OnCallSchedule(ws), {}, QDate(2024, 1, 1), QDate(2024, 1, 22), rot);
    const QStringList lines =
        (FairnessReport::csvHeader() + r.toCsvRows()).trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0], QStringLiteral("rotation,person,name,participant,primary_turns,"
                                      "secondary_turns,days_on_call,holiday_days,weekend_days,"
                                      "pages,night_pages,handled"));
    QVERIFY2(lines[2].startsWith(QStringLiteral("r,p1,\"Doe, Jane\",yes,1,1,7,")),
             qPrintable(lines[2]));
    const QString md = r.toMarkdown();
    QVERIFY(md.startsWith(QStringLiteral("## Rotation: on-call load 2024-01-01 to 2024-01-21")));
    QVERIFY(md.contains(QStringLiteral("| Doe, Jane | 1 | 1 | 7 |")));
    QVERIFY(md.contains(QStringLiteral("primary turns 0")));
    // An unknown rotation gives an empty report, not a crash.
    QVERIFY(FairnessReport::build(OnCallSchedule(ws), {}, QDate(2024, 1, 1), QDate(2024, 1, 22),
                                  QStringLiteral("nope"))
                .people.isEmpty());
}

QTEST_GUILESS_MAIN(tst_FairnessReport)
#include "tst_fairnessreport.moc"
