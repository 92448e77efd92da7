#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/engineworker.h"
#include "httprecorder.h"
#include "listenport.h"
#include "pgtestdatabase.h"
#include "runningworker.h"
#include "schedule/oncallschedule.h"
#include "schedule/shiftrequestrules.h"
#include "waitfor.h"
#include "webdriver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QtTest>

#include <memory>

using namespace wk;

namespace {

const char *tokenVariable = "WK_TEST_SWAPS_TOKEN";
const QString investors = QStringLiteral("investor-reporting");

bool eventually(const std::function<bool()> &condition)
{
    return test::waitFor(condition, 15000);
}

// What one console announced, recorded on the test's thread.
struct Seen
{
    QObject context;
    bool started = false;
    QList<ScheduleOverride> overrides;
    QList<ShiftRequest> requests;
    QList<std::pair<QString, bool>> answers;
};

struct Console
{
    std::unique_ptr<test::RunningWorker> running;
    std::unique_ptr<Seen> seen = std::make_unique<Seen>();
    EngineWorker *worker() const { return running->worker; }
};

Console startConsole(const Workspace &ws, const QString &store, const Clock *clock)
{
    Console c;
    c.running = std::make_unique<test::RunningWorker>(ws, store, clock);
    Seen *s = c.seen.get();
    QObject::connect(
        c.worker(), &EngineWorker::started, &s->context, [s] { s->started = true; },
        Qt::QueuedConnection);
    QObject::connect(
        c.worker(), &EngineWorker::overridesChanged, &s->context,
        [s](const QList<ScheduleOverride> &o) { s->overrides = o; }, Qt::QueuedConnection);
    QObject::connect(
        c.worker(), &EngineWorker::shiftRequestsChanged, &s->context,
        [s](const QList<ShiftRequest> &r) { s->requests = r; }, Qt::QueuedConnection);
    QObject::connect(
        c.worker(), &EngineWorker::shiftRequestAnswered, &s->context,
        [s](const QString &m, bool ok) {
            s->answers.append({m, ok});
        },
        Qt::QueuedConnection);
    QMetaObject::invokeMethod(c.worker(), &EngineWorker::start);
    if (!test::waitFor([&] { return s->started; }, 5000))
        c.running.reset();
    return c;
}

struct Reply
{
    int status = 0;
    QByteArray body;
};

Reply send(const QString &url, bool post)
{
    QNetworkAccessManager net;
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QStringLiteral("application/x-www-form-urlencoded"));
    QNetworkReply *reply = post ? net.post(request, QByteArray()) : net.get(request);
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(10000);
    Reply r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return r;
}

// The take link in the ask the person's webhook received, if it came.
QString takeLinkOf(const test::HttpRecorder &hook, const QString &person)
{
    for (const auto &r : hook.requests()) {
        if (r.path != QStringLiteral("/hook/%1").arg(person).toUtf8())
            continue;
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        QString take = body[QStringLiteral("links")][QStringLiteral("take it")].toString();
        if (!take.isEmpty())
            return take;
    }
    return {};
}

} // namespace

class tst_ShiftRequests : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { EngineWorker::registerTypes(); }

    // Two consoles of a team on PostgreSQL: a cover asked on the one that follows reaches
    // the free people through the leader; one takes it in a browser through the link; the
    // override shows on both consoles; the other's take link is then refused with why.
    void aCoverAskedOnOneConsoleIsTakenThroughALink()
    {
        test::PgTestDatabase db;
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        qputenv(tokenVariable, "swaps-test-token");
        test::HttpRecorder hook;
        Workspace ws = test::demoWorkspace();
        ws.receiver.enabled = true;
        ws.receiver.port = test::unusedListenPort();
        ws.receiver.tokenEnv = QString::fromLatin1(tokenVariable);
        for (Person &p : ws.people) {
            ContactMethod m;
            m.kind = ContactMethod::Kind::Webhook;
            m.address = hook.url(QStringLiteral("/hook/%1").arg(p.id));
            p.contacts = {m};
            // The consoles run on the wall clock: a notice held for someone's quiet hours
            // (the demo's Bruno, 22:00-07:00 in Berlin) would make the test depend on the
            // hour it runs at.
            p.quietHours.reset();
        }
        // Links expire by the wall clock, so the consoles run on it too (held still).
        const QDateTime now = QDateTime::currentDateTimeUtc();
        ManualClock clock(toTimestamp(now));

        // A six-hour cover of the primary seat a few days ahead, on a day two people are
        // free to take it.
        const OnCallSchedule schedule(ws);
        ShiftRequest r;
        r.id = QStringLiteral("cover-1");
        r.rotation = investors;
        r.reason = QStringLiteral("school play");
        r.createdAt = now;
        QStringList free;
        for (int day = 2; day < 60 && free.size() < 2; ++day) {
            r.start = QDateTime(now.date().addDays(day), QTime(12, 0), QTimeZone::utc());
            r.end = r.start.addSecs(6 * 3600);
            r.expiresAt = r.start;
            r.requester = schedule.onCallFor(investors, r.start).primary;
            free = ShiftRequestRules::eligible(schedule, r);
        }
        QCOMPARE(free.size(), 2);

        Console leader = startConsole(ws, db.url(), &clock);
        QVERIFY(leader.running);
        Console follower = startConsole(ws, db.url(), &clock);
        QVERIFY(follower.running);
        QMetaObject::invokeMethod(follower.worker(),
                                  [w = follower.worker(), r] { w->askForShift(r); });
        QVERIFY(eventually([&] { return !follower.seen->answers.isEmpty(); }));
        QVERIFY2(follower.seen->answers.first().second,
                 qPrintable(follower.seen->answers.first().first));

        // The leader offers it to both free people, each with links of their own.
        QVERIFY(eventually([&] {
            return !takeLinkOf(hook, free[0]).isEmpty() && !takeLinkOf(hook, free[1]).isEmpty();
        }));
        const QString first = takeLinkOf(hook, free[0]);
        const QString second = takeLinkOf(hook, free[1]);
        QVERIFY2(first.startsWith(QStringLiteral("http://127.0.0.1:%1/a/").arg(ws.receiver.port)),
                 qPrintable(first));
        QVERIFY(first != second);

        // A chat app's preview shows the question and takes nothing.
        const Reply preview = send(second, false);
        QCOMPARE(preview.status, 200);
        QVERIFY2(preview.body.contains("Take it"), preview.body.constData());
        QTest::qWait(300);
        QVERIFY(leader.seen->overrides.isEmpty());

        test::WebDriver browser;
        QVERIFY2(browser.isValid(), qPrintable(browser.error()));
        QVERIFY2(browser.open(first), qPrintable(browser.error()));
        const QString requesterName = ws.person(r.requester)->name;
        QCOMPARE(
            browser.text(QStringLiteral("#question")),
            QStringLiteral("Take %1's shift, %2?").arg(requesterName, ws.person(free[0])->name));
        QVERIFY2(browser.text(QStringLiteral("#request")).contains(QStringLiteral("school play")),
                 qPrintable(browser.error()));
        QVERIFY2(browser.click(QStringLiteral("#confirm")), qPrintable(browser.error()));
        QCOMPARE(browser.text(QStringLiteral("#outcome")),
                 QStringLiteral("%1 has the shift.").arg(ws.person(free[0])->name));

        // Both consoles show the cover, and who holds the seat follows it.
        for (const Console *c : {&leader, &follower}) {
            QVERIFY(eventually([&] { return c->seen->overrides.size() == 1; }));
            const ScheduleOverride &o = c->seen->overrides.first();
            QCOMPARE(o.person, free[0]);
            QCOMPARE(o.start, r.start);
            QCOMPARE(o.end, r.end);
            QCOMPARE(o.request, r.id);
            QVERIFY(eventually([&] {
                return !c->seen->requests.isEmpty() &&
                       c->seen->requests.first().state == ShiftRequest::State::Taken;
            }));
        }

        // The second acceptance comes too late and says so.
        const Reply late = send(second, true);
        QCOMPARE(late.status, 410);
        QVERIFY2(late.body.contains(
                     QStringLiteral("%1 took it.").arg(ws.person(free[0])->name).toUtf8()),
                 late.body.constData());
        // The requester hears who took it; the one too late hears it is gone.
        QVERIFY(eventually([&] {
            int told = 0;
            for (const auto &req : hook.requests()) {
                const QString text = QString::fromUtf8(req.body);
                if (req.path.endsWith(r.requester.toUtf8()) &&
                    text.contains(QStringLiteral("took your shift")))
                    ++told;
                if (req.path.endsWith(free[1].toUtf8()) &&
                    text.contains(QStringLiteral("took %1's shift").arg(requesterName)))
                    ++told;
            }
            return told == 2;
        }));
        QCOMPARE(leader.seen->overrides.size(), 1);
        qunsetenv(tokenVariable);
    }
};

QTEST_MAIN(tst_ShiftRequests)
#include "tst_shiftrequests.moc"
