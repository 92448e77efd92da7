#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/engineworker.h"
#include "runningworker.h"
#include "schedule/calendarfeed.h"
#include "schedule/scheduleexport.h"
#include "storage/calendarkeystore.h"
#include "storage/database.h"
#include "waitfor.h"

#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <libical/ical.h>

using namespace wk;
using wk::test::waitFor;

namespace {

struct Fetched
{
    int status = 0;
    QByteArray contentType;
    QByteArray body;
};

Fetched fetch(QNetworkAccessManager &net, const QUrl &url, const QByteArray &verb = "GET")
{
    QNetworkReply *reply = net.sendCustomRequest(QNetworkRequest(url), verb);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(10000);
    Fetched out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    out.body = reply->readAll();
    reply->deleteLater();
    return out;
}

// What a calendar app keeps of each event, by UID, as libical reads the text; and the
// calendar's own properties by name.
struct Parsed
{
    QMap<QString, QString> events;
    QMap<QString, QString> calendar;
    QMap<QString, QString> personOf; // uid -> X-WATCHKEEPER-PERSON
    QMap<QString, QString> overrideOf;
};

QString xValue(icalcomponent *c, const char *name)
{
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_X_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_X_PROPERTY)) {
        if (qstrcmp(icalproperty_get_x_name(p), name) == 0)
            return QString::fromUtf8(icalproperty_get_x(p));
    }
    return {};
}

Parsed parse(const QByteArray &ics)
{
    Parsed out;
    icalcomponent *cal = icalparser_parse_string(ics.constData());
    if (!cal)
        return out;
    for (const char *name : {"X-WR-CALNAME", "X-PUBLISHED-TTL"})
        out.calendar.insert(QString::fromLatin1(name), xValue(cal, name));
    if (icalproperty *p = icalcomponent_get_first_property(cal, ICAL_ANY_PROPERTY)) {
        for (; p; p = icalcomponent_get_next_property(cal, ICAL_ANY_PROPERTY)) {
            const QString text = QString::fromUtf8(icalproperty_as_ical_string(p)).trimmed();
            if (text.startsWith(QLatin1String("REFRESH-INTERVAL")))
                out.calendar.insert(QStringLiteral("REFRESH-INTERVAL"), text);
        }
    }
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        const QString uid = QString::fromUtf8(icalcomponent_get_uid(ev));
        out.events.insert(
            uid,
            QStringLiteral("%1|%2|%3|%4")
                .arg(QString::fromLatin1(icaltime_as_ical_string(icalcomponent_get_dtstart(ev))),
                     QString::fromLatin1(icaltime_as_ical_string(icalcomponent_get_dtend(ev))),
                     QString::fromUtf8(icalcomponent_get_summary(ev)),
                     QString::fromUtf8(icalcomponent_get_description(ev))));
        out.personOf.insert(uid, xValue(ev, "X-WATCHKEEPER-PERSON"));
        out.overrideOf.insert(uid, xValue(ev, "X-WATCHKEEPER-OVERRIDE"));
    }
    icalcomponent_free(cal);
    return out;
}

QByteArray cliSchedule(const QStringList &arguments)
{
    QProcess p;
    p.start(QStringLiteral(WK_BINARY),
            QStringList{QStringLiteral("schedule"), QStringLiteral("--workspace"), test::demoPath(),
                        QStringLiteral("--format"), QStringLiteral("ics")} +
                arguments);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return {};
    return p.readAllStandardOutput();
}

} // namespace

class tst_CalendarFeed : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { EngineWorker::registerTypes(); }

    // A subscribed calendar gets what `schedule --format ics` writes for the same weeks,
    // with how often to fetch it again; only with a key, and not with one replaced.
    void feedsMatchTheExportAndNeedALiveKey()
    {
        QTemporaryDir dir;
        qputenv("WK_TEST_FEED_TOKEN", "feed-token");
        Workspace ws = test::demoWorkspace();
        ws.receiver.enabled = true;
        ws.receiver.port = 0;
        ws.receiver.tokenEnv = QStringLiteral("WK_TEST_FEED_TOKEN");
        const QDateTime now(QDate(2026, 12, 3), QTime(12, 0), QTimeZone::utc());
        ManualClock clock(toTimestamp(now));
        const QString store = dir.filePath(QStringLiteral("s.sqlite"));
        test::RunningWorker running(ws, store, &clock);
        EngineWorker *worker = running.worker;
        QSignalSpy started(worker, &EngineWorker::started);
        QMetaObject::invokeMethod(worker, &EngineWorker::start);
        QVERIFY(waitFor([&] { return !started.isEmpty(); }, 5000));
        quint16 port = 0;
        QMetaObject::invokeMethod(
            worker, [&] { port = worker->receiverPort(); }, Qt::BlockingQueuedConnection);
        QVERIFY(port != 0);

        QString error;
        const auto db = Database::open(store, &error);
        QVERIFY2(db, qPrintable(error));
        const Rotation &rotation = ws.rotations.first();
        const QString person = rotation.participants.first();
        QString other;
        for (const Person &p : ws.people)
            if (p.id != person)
                other = p.id;
        const auto key = CalendarKeyStore(*db).keyOf(person, &error);
        QVERIFY2(key, qPrintable(error));
        QCOMPARE(CalendarKeyStore(*db).keyOf(person, &error), key); // asked again: the same
        QVERIFY(key->size() >= 40);

        QNetworkAccessManager net;
        const QString base = QStringLiteral("http://127.0.0.1:%1/calendar/").arg(port);
        auto url = [&](const QString &path, const QString &k) {
            return QUrl(base + path + QStringLiteral("?key=") + k);
        };
        const QString weeks = QString::number(CalendarFeed::weeks);
        const QString from = CalendarFeed::firstDay(now).toString(Qt::ISODate);
        QCOMPARE(from, QStringLiteral("2026-11-05"));

        // A rotation's feed: every event of the export, and nothing else.
        Fetched f = fetch(net, url(rotation.id + QStringLiteral(".ics"), *key));
        QCOMPARE(f.status, 200);
        QVERIFY2(f.contentType.startsWith("text/calendar"), f.contentType.constData());
        // As RFC 5545/5546 want a published calendar, by libical's checks.
        QVERIFY2(ScheduleExport::validateIcs(f.body, &error), qPrintable(error));
        const Parsed feed = parse(f.body);
        const Parsed exported =
            parse(cliSchedule({QStringLiteral("--rotation"), rotation.id, QStringLiteral("--from"),
                               from, QStringLiteral("--weeks"), weeks}));
        QVERIFY(exported.events.size() > 30);
        QCOMPARE(feed.events, exported.events);
        QCOMPARE(feed.calendar.value(QStringLiteral("X-PUBLISHED-TTL")), QStringLiteral("PT15M"));
        QVERIFY2(feed.calendar.value(QStringLiteral("REFRESH-INTERVAL")).endsWith(":PT15M"),
                 qPrintable(feed.calendar.value(QStringLiteral("REFRESH-INTERVAL"))));
        QVERIFY(feed.calendar.value(QStringLiteral("X-WR-CALNAME")).contains(rotation.name));

        // A person's feed: their shifts in every rotation, as the export has them.
        f = fetch(net, url(QStringLiteral("person/%1.ics").arg(person), *key));
        QCOMPARE(f.status, 200);
        const Parsed mine = parse(f.body);
        const Parsed all =
            parse(cliSchedule({QStringLiteral("--from"), from, QStringLiteral("--weeks"), weeks}));
        QMap<QString, QString> expected;
        for (auto it = all.events.cbegin(); it != all.events.cend(); ++it)
            if (all.personOf.value(it.key()) == person)
                expected.insert(it.key(), it.value());
        QVERIFY(!expected.isEmpty());
        QCOMPARE(mine.events, expected);

        // Refused alike, with nothing said: no key, a made-up key, someone else's own feed,
        // a rotation that does not exist; and anything but GET.
        QCOMPARE(fetch(net, QUrl(base + rotation.id + QStringLiteral(".ics"))).status, 404);
        QCOMPARE(fetch(net, url(rotation.id + QStringLiteral(".ics"), QStringLiteral("x"))).status,
                 404);
        QCOMPARE(fetch(net, url(QStringLiteral("person/%1.ics").arg(other), *key)).status, 404);
        QCOMPARE(fetch(net, url(QStringLiteral("nowhere.ics"), *key)).status, 404);
        QCOMPARE(fetch(net, url(rotation.id + QStringLiteral(".ics"), *key), "POST").status, 405);

        // A swap made in the console is in the feed at the next fetch.
        ScheduleOverride o;
        o.id = QStringLiteral("cover-1");
        o.rotation = rotation.id;
        o.person = other;
        o.start = now.addDays(2);
        o.end = now.addDays(3);
        o.reason = QStringLiteral("dentist");
        o.createdBy = person;
        o.createdAt = now;
        QSignalSpy overrides(worker, &EngineWorker::overridesChanged);
        QMetaObject::invokeMethod(worker, [&] { worker->addOverrides({o}); });
        QVERIFY(test::arrived(overrides, 1));
        const Parsed covered =
            parse(fetch(net, url(rotation.id + QStringLiteral(".ics"), *key)).body);
        QVERIFY(covered.overrideOf.values().contains(QStringLiteral("cover-1")));
        QVERIFY(!feed.overrideOf.values().contains(QStringLiteral("cover-1")));

        // A replaced key stops working at once; the new one works.
        const auto replaced = CalendarKeyStore(*db).replace(person, &error);
        QVERIFY2(replaced && *replaced != *key, qPrintable(error));
        QCOMPARE(fetch(net, url(rotation.id + QStringLiteral(".ics"), *key)).status, 404);
        QCOMPARE(fetch(net, url(rotation.id + QStringLiteral(".ics"), *replaced)).status, 200);
    }
};

QTEST_GUILESS_MAIN(tst_CalendarFeed)
#include "tst_calendarfeed.moc"
