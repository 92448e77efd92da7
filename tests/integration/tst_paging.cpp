#include "cli.h"
#include "commands/commands.h"
#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/alertbook.h"
#include "httprecorder.h"
#include "keychain/credentialstore.h"
#include "keychainsession.h"
#include "listenport.h"
#include "paging/deliverysender.h"
#include "paging/httpposter.h"
#include "paging/pagerequest.h"
#include "pgtestdatabase.h"
#include "runningworker.h"
#include "smtptestserver.h"
#include "sources/webhookreceiver.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "storage/deliverystore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>
#include <QtTest>

#include <functional>

using namespace wk;
using test::arrived;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;
const QByteArray signingKey = "whsec-for-the-tests";

// The demo's people, each with an email and a signed webhook, and a burst rule.
Workspace pagedWorkspace(quint16 smtpPort, const test::HttpRecorder &hooks)
{
    Workspace ws = test::demoWorkspaceWithRules(
        "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: critical, "
        "source: app-errors, threshold: 5}\n");
    ws.smtp.host = QStringLiteral("127.0.0.1");
    ws.smtp.port = smtpPort;
    ws.smtp.security = SmtpSettings::Security::None;
    ws.smtp.from = QStringLiteral("Watchkeeper <oncall@example.org>");
    for (Person &p : ws.people) {
        ContactMethod email;
        email.address = QStringLiteral("%1@pages.example.org").arg(p.id);
        ContactMethod hook;
        hook.kind = ContactMethod::Kind::Webhook;
        hook.address = hooks.url(QStringLiteral("/hook/%1").arg(p.id));
        hook.credential = QStringLiteral("keychain");
        ContactMethod desktop;
        desktop.kind = ContactMethod::Kind::Desktop;
        p.contacts = {email, hook, desktop};
    }
    return ws;
}

// Waits, serving the recorder, until the condition holds.
template <typename Condition> bool eventually(Condition condition, int timeoutMs = 15000)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition() && timer.elapsed() < timeoutMs)
        QTest::qWait(20);
    return condition();
}

QList<TimelineEntry> pagesOf(const Alert &a)
{
    QList<TimelineEntry> out;
    for (const TimelineEntry &e : a.timeline) {
        if (e.action.startsWith(QLatin1String("page")))
            out << e;
    }
    return out;
}

// The newest announced state of the alert `which` picks, if any was announced.
std::optional<Alert> newest(const QSignalSpy &changed,
                            const std::function<bool(const Alert &)> &which)
{
    std::optional<Alert> out;
    for (const QVariantList &args : changed) {
        for (const Alert &a : args.first().value<QList<Alert>>()) {
            if (which(a))
                out = a;
        }
    }
    return out;
}

std::function<bool(const Alert &)> withId(qint64 id)
{
    return [id](const Alert &a) { return a.id == id; };
}

// Starts the worker and hands it a burst of one user's errors.
bool startWithBurst(test::RunningWorker &r, QSignalSpy &started, const QString &user)
{
    QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
    if (!arrived(started, 1))
        return false;
    const QList<Event> burst = test::errorBurst(user, t0);
    QMetaObject::invokeMethod(r.worker, [w = r.worker, burst] { w->ingest(burst); });
    return true;
}

} // namespace

class tst_Paging : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        EngineWorker::registerTypes();
        m_keychain = std::make_unique<test::KeychainSession>();
        QVERIFY2(m_keychain->isValid(), qPrintable(m_keychain->error()));
        const Workspace ws = test::demoWorkspace();
        for (const Person &p : ws.people) {
            QString error;
            // The webhook is each person's second method.
            QVERIFY2(CredentialStore::writeNow(ContactMethod::credentialKey(p.id, 1),
                                               QString::fromUtf8(signingKey), &error),
                     qPrintable(error));
        }
    }

    // A burst pages the person on call by email and by a signed webhook, each message
    // stored before it is sent, and the alert's timeline says how each went.
    void alertReachesThePersonOnCall()
    {
        test::SmtpTestServer mail({});
        QVERIFY2(mail.ready(), qPrintable(mail.error()));
        test::HttpRecorder hooks;
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("store.sqlite"));
        ManualClock clock(t0 + 10 * nanosPerSecond);
        test::RunningWorker r(pagedWorkspace(mail.port(), hooks), store, &clock);
        QSignalSpy started(r.worker, &EngineWorker::started);
        QSignalSpy changed(r.worker, &EngineWorker::alertsChanged);
        QVERIFY(startWithBurst(r, started, QStringLiteral("u7")));
        QVERIFY(arrived(changed, 1));
        const Alert raised = changed.first().first().value<QList<Alert>>().first();
        QVERIFY(!raised.assignee.isEmpty());

        QVERIFY(eventually(
            [&] { return mail.messages().size() == 1 && hooks.requests().size() == 1; }));
        const QJsonObject email = mail.messages().first();
        QCOMPARE(email.value(QStringLiteral("rcpt_tos")).toArray().first().toString(),
                 QStringLiteral("%1@pages.example.org").arg(raised.assignee));
        QVERIFY(email.value(QStringLiteral("subject"))
                    .toString()
                    .startsWith(QStringLiteral("[CRITICAL]")));
        QCOMPARE(email.value(QStringLiteral("alert")).toString(), raised.dedupKey);

        const test::HttpRecorder::Request hook = hooks.requests().first();
        QCOMPARE(hook.method, QByteArray("POST"));
        QCOMPARE(hook.path, QStringLiteral("/hook/%1").arg(raised.assignee).toUtf8());
        const QJsonObject body = QJsonDocument::fromJson(hook.body).object();
        QCOMPARE(body.value(QStringLiteral("key")).toString(), raised.dedupKey);
        QCOMPARE(body.value(QStringLiteral("id")).toInteger(), raised.id);
        QCOMPARE(body.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
        // The signature checks out over the timestamp and the body as received.
        const QList<QByteArray> sig = hook.headers.value("x-watchkeeper-signature").split(',');
        QCOMPARE(sig.size(), 2);
        QVERIFY(sig.at(0).startsWith("t=") && sig.at(1).startsWith("v1="));
        QCOMPARE(sig.at(1).mid(3),
                 PageRequest::signature(signingKey, sig.at(0).mid(2).toLongLong(), hook.body));
        QVERIFY(qAbs(sig.at(0).mid(2).toLongLong() - QDateTime::currentSecsSinceEpoch()) < 60);

        // Both attempts reach the timeline, and the store has both deliveries as sent.
        QList<TimelineEntry> pages;
        QVERIFY(eventually([&] {
            const auto a = newest(changed, withId(raised.id));
            pages = a ? pagesOf(*a) : QList<TimelineEntry>();
            return pages.size() == 2;
        }));
        QStringList details;
        for (const TimelineEntry &e : pages) {
            QCOMPARE(e.action, QStringLiteral("paged"));
            details << e.detail;
        }
        details.sort();
        QVERIFY2(details.at(0).startsWith(QStringLiteral("email to ")) &&
                     details.at(0).contains(
                         QStringLiteral("accepted by 127.0.0.1:%1: 250").arg(mail.port())),
                 qPrintable(details.at(0)));
        QVERIFY2(details.at(1).startsWith(QStringLiteral("webhook to ")) &&
                     details.at(1).contains(QStringLiteral("HTTP 200 from 127.0.0.1")),
                 qPrintable(details.at(1)));

        QString error;
        auto db = Database::open(store, &error);
        QVERIFY2(db, qPrintable(error));
        const auto stored = DeliveryStore(*db).list(0, raised.id, &error);
        QVERIFY2(stored, qPrintable(error));
        QCOMPARE(stored->size(), 2); // the desktop method is the console's own
        for (const Delivery &d : *stored) {
            QCOMPARE(d.status, Delivery::Status::Sent);
            QCOMPARE(d.attempts, 1);
            QVERIFY(d.sentAt.has_value());
        }
        // The command line lists them, called in-process as any command can be.
        const QString listed = dir.filePath(QStringLiteral("deliveries.json"));
        QCOMPARE(cli::deliveries({QStringLiteral("watchkeeper deliveries"),
                                  QStringLiteral("--database"), store, QStringLiteral("--alert"),
                                  QString::number(raised.id), QStringLiteral("--format"),
                                  QStringLiteral("json"), QStringLiteral("-o"), listed}),
                 int(cli::Ok));
        QFile file(listed);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray rows = QJsonDocument::fromJson(file.readAll()).array();
        QCOMPARE(rows.size(), 2);
        for (const QJsonValue v : rows) {
            QCOMPARE(v[QStringLiteral("status")].toString(), QStringLiteral("sent"));
            QCOMPARE(v[QStringLiteral("person")].toString(), raised.assignee);
            QCOMPARE(v[QStringLiteral("alert")].toInteger(), raised.id);
        }
        QCOMPARE(
            cli::deliveries({QStringLiteral("watchkeeper deliveries"), QStringLiteral("--database"),
                             store, QStringLiteral("--since"), QStringLiteral("yesterday")}),
            int(cli::BadInput));

        // Acknowledging sends nothing more.
        QMetaObject::invokeMethod(r.worker, [w = r.worker, id = raised.id] {
            w->acknowledge(id, QStringLiteral("chen"));
        });
        QTest::qWait(1500);
        QCOMPARE(mail.messages().size(), 1);
        QCOMPARE(hooks.requests().size(), 1);
    }

    // A webhook that fails is tried again after a pause, and the timeline says so.
    // Slack and ntfy get their own formats; a PagerDuty contact hands the alert to another
    // console's receiver (/v2/enqueue, the token as routing key) and keeps that incident in
    // step: acknowledged and resolved there when it is here.
    void chatPushAndPagerDutyKeepInStep()
    {
        QList<ExternalEvent> forwarded;
        WebhookReceiver other(QStringLiteral("pd-routing-key"), 1 << 20,
                              [&](const QList<ExternalEvent> &events, QString *) {
                                  forwarded += events;
                                  return true;
                              });
        QString error;
        QVERIFY2(other.start(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        test::HttpRecorder chat;
        Workspace ws = test::demoWorkspaceWithRules(
            "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: critical, "
            "source: app-errors, threshold: 5}\n");
        for (Person &p : ws.people) {
            ContactMethod slack;
            slack.kind = ContactMethod::Kind::Slack;
            slack.address = chat.url(QStringLiteral("/slack/%1").arg(p.id));
            ContactMethod ntfy;
            ntfy.kind = ContactMethod::Kind::Ntfy;
            ntfy.address = chat.url(QStringLiteral("/oncall-%1").arg(p.id));
            ContactMethod pagerDuty;
            pagerDuty.kind = ContactMethod::Kind::PagerDuty;
            pagerDuty.address = QStringLiteral("http://127.0.0.1:%1/v2/enqueue").arg(other.port());
            pagerDuty.credential = QStringLiteral("keychain");
            p.contacts = {slack, ntfy, pagerDuty};
            QVERIFY2(CredentialStore::writeNow(ContactMethod::credentialKey(p.id, 2),
                                               QStringLiteral("pd-routing-key"), &error),
                     qPrintable(error));
        }
        QTemporaryDir dir;
        ManualClock clock(t0 + 10 * nanosPerSecond);
        test::RunningWorker r(ws, dir.filePath(QStringLiteral("store.sqlite")), &clock);
        QSignalSpy started(r.worker, &EngineWorker::started);
        QSignalSpy changed(r.worker, &EngineWorker::alertsChanged);
        QVERIFY(startWithBurst(r, started, QStringLiteral("u8")));
        QVERIFY(arrived(changed, 1));
        const Alert raised = changed.first().first().value<QList<Alert>>().first();

        QVERIFY(eventually([&] { return chat.requests().size() == 2 && forwarded.size() == 1; }));
        QHash<QByteArray, test::HttpRecorder::Request> byPath;
        for (const auto &request : chat.requests())
            byPath.insert(request.path, request);
        const QByteArray slackPath = "/slack/" + raised.assignee.toUtf8();
        QVERIFY2(byPath.contains(slackPath), byPath.keys().join(' ').constData());
        const QJsonObject slack = QJsonDocument::fromJson(byPath.value(slackPath).body).object();
        QCOMPARE(slack.value(QStringLiteral("attachments"))
                     .toArray()
                     .first()[QStringLiteral("color")]
                     .toString(),
                 QStringLiteral("#C62828"));
        // ntfy takes JSON at the server's root and reads the topic from the body.
        QVERIFY(byPath.contains("/"));
        const QJsonObject push = QJsonDocument::fromJson(byPath.value("/").body).object();
        QCOMPARE(push.value(QStringLiteral("topic")).toString(),
                 QStringLiteral("oncall-%1").arg(raised.assignee));
        QCOMPARE(push.value(QStringLiteral("priority")).toInt(), 5);

        QCOMPARE(forwarded.first().action, ExternalEvent::Action::Trigger);
        QCOMPARE(forwarded.first().key, raised.dedupKey);
        QCOMPARE(forwarded.first().severity, Severity::Critical);
        QVERIFY(forwarded.first().pipelineHints.contains(QStringLiteral("engagement-aggregate")));

        QMetaObject::invokeMethod(r.worker, [w = r.worker, id = raised.id] {
            w->acknowledge(id, QStringLiteral("chen"));
        });
        QVERIFY(eventually([&] { return forwarded.size() == 2; }));
        QCOMPARE(forwarded.at(1).action, ExternalEvent::Action::Acknowledge);
        QCOMPARE(forwarded.at(1).key, raised.dedupKey);
        QMetaObject::invokeMethod(
            r.worker, [w = r.worker, id = raised.id] { w->resolve(id, QStringLiteral("chen")); });
        QVERIFY(eventually([&] { return forwarded.size() == 3; }));
        QCOMPARE(forwarded.at(2).action, ExternalEvent::Action::Resolve);
        QCOMPARE(forwarded.at(2).key, raised.dedupKey);
        // Chat and push heard of the raise only.
        QTest::qWait(1200);
        QCOMPARE(chat.requests().size(), 2);
        QCOMPARE(forwarded.size(), 3);
    }

    // Secrets are asked for without a nested wait: the console can quit while the keychain
    // has not answered (the window's thread, which answers keychain requests, is the one
    // stopping the sender), and a sender started again sends once they arrive.
    void stopWhileSecretsAreReadReturns()
    {
        test::HttpRecorder hooks;
        const Workspace ws = pagedWorkspace(test::unusedListenPort(), hooks);
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("store.sqlite"));
        QString error;
        {
            auto db = Database::open(store, &error);
            QVERIFY2(db, qPrintable(error));
            Delivery d;
            d.key = Delivery::makeKey(7, QStringLiteral("raised"), QStringLiteral("amara"), 1);
            d.alertId = 7;
            d.alertKey = QStringLiteral("k7");
            d.step = QStringLiteral("raised");
            d.person = QStringLiteral("amara");
            d.contact = 1; // the signed webhook: its key is in the keychain
            d.kind = QStringLiteral("webhook");
            d.target = hooks.url(QStringLiteral("/hook/amara"));
            d.json = QStringLiteral("{}");
            QVERIFY2(AlertStore(*db).save({}, &error, {}, {}, {{d}, {}}), qPrintable(error));
        }
        for (int round = 0; round < 5; ++round) {
            DeliverySender sender(store, ws, dir.path());
            QElapsedTimer timer;
            timer.start();
            sender.start();
            sender.stop(); // no event loop turned between: the keychain has not answered
            QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        }
        QVERIFY(hooks.requests().isEmpty());
        DeliverySender sender(store, ws, dir.path());
        QSignalSpy attempted(&sender, &DeliverySender::attempted);
        sender.start();
        QVERIFY(eventually([&] { return attempted.size() == 1; }));
        const auto batch = attempted.first().first().value<QList<Delivery>>();
        QCOMPARE(batch.size(), 1);
        const Delivery &sent = batch.first();
        QCOMPARE(sent.status, Delivery::Status::Sent);
        QCOMPARE(hooks.requests().size(), 1);
        QVERIFY(hooks.requests().first().headers.contains("x-watchkeeper-signature"));
        sender.stop();
    }

    void failedPageIsRetried()
    {
        test::SmtpTestServer mail({});
        QVERIFY2(mail.ready(), qPrintable(mail.error()));
        test::HttpRecorder hooks({503, 503});
        QTemporaryDir dir;
        ManualClock clock(t0 + 10 * nanosPerSecond);
        test::RunningWorker r(pagedWorkspace(mail.port(), hooks),
                              dir.filePath(QStringLiteral("store.sqlite")), &clock);
        DeliverySender::Options options;
        options.backoffSeconds = {1};
        options.pollMs = 100;
        r.worker->setDeliveryOptions(options);
        QSignalSpy started(r.worker, &EngineWorker::started);
        QSignalSpy changed(r.worker, &EngineWorker::alertsChanged);
        QVERIFY(startWithBurst(r, started, QStringLiteral("u8")));

        QVERIFY(eventually([&] { return hooks.requests().size() == 3; }));
        for (const test::HttpRecorder::Request &req : hooks.requests())
            QCOMPARE(req.body, hooks.requests().first().body); // the same page each time
        QList<TimelineEntry> pages;
        QVERIFY(eventually([&] {
            const auto a = newest(changed, [](const Alert &a) { return !pagesOf(a).isEmpty(); });
            pages = a ? pagesOf(*a) : QList<TimelineEntry>();
            return pages.size() == 4; // email sent; webhook: retry, retry, sent
        }));
        QStringList retries;
        for (const TimelineEntry &e : pages) {
            if (e.action == QLatin1String("page retry"))
                retries << e.detail;
        }
        QCOMPARE(retries.size(), 2);
        // The pause is a second; how much of it is left when the engine records it varies.
        static const QRegularExpression said(
            QStringLiteral("^webhook to .* failed, retry in [01] s: HTTP 503 from 127.0.0.1"));
        QVERIFY2(said.match(retries.first()).hasMatch(), qPrintable(retries.first()));
        QCOMPARE(pages.last().action, QStringLiteral("paged"));
        QCOMPARE(mail.messages().size(), 1);
    }

    // Team mode: two consoles on one PostgreSQL store, one page per method and step, and a
    // console that takes the lead carries on without paging again what was sent.
    void oneMessagePerStepInATeam()
    {
        test::PgTestDatabase pg;
        QVERIFY2(pg.isValid(), qPrintable(pg.error()));
        test::SmtpTestServer mail({});
        QVERIFY2(mail.ready(), qPrintable(mail.error()));
        test::HttpRecorder hooks;
        ManualClock clock(t0 + 10 * nanosPerSecond);
        const Workspace ws = pagedWorkspace(mail.port(), hooks);

        struct Seen
        {
            QObject context;
            bool following = true;
            bool started = false;
            QList<Alert> changes;
        };
        auto startConsole = [&](Seen &seen) {
            auto r = std::make_unique<test::RunningWorker>(ws, pg.url(), &clock);
            QObject::connect(
                r->worker, &EngineWorker::started, &seen.context, [&seen] { seen.started = true; },
                Qt::QueuedConnection);
            QObject::connect(
                r->worker, &EngineWorker::statusChanged, &seen.context,
                [&seen](const EngineStatus &s) { seen.following = s.following; },
                Qt::QueuedConnection);
            QObject::connect(
                r->worker, &EngineWorker::alertsChanged, &seen.context,
                [&seen](const QList<Alert> &a) { seen.changes += a; }, Qt::QueuedConnection);
            QMetaObject::invokeMethod(r->worker, &EngineWorker::start);
            return r;
        };
        Seen firstSeen, secondSeen;
        auto first = startConsole(firstSeen);
        QVERIFY(eventually([&] { return firstSeen.started && !firstSeen.following; }));
        auto second = startConsole(secondSeen);
        QVERIFY(eventually([&] { return secondSeen.started; }));
        QTest::qWait(300);
        QVERIFY(secondSeen.following);

        const QList<Event> burst = test::errorBurst(QStringLiteral("u9"), t0);
        QMetaObject::invokeMethod(first->worker, [w = first->worker, burst] { w->ingest(burst); });
        QVERIFY(eventually(
            [&] { return mail.messages().size() == 1 && hooks.requests().size() == 1; }));
        const qint64 id = firstSeen.changes.first().id;
        // Both attempts are on the timeline before the leader goes.
        QVERIFY(eventually([&] {
            for (const Alert &a : std::as_const(secondSeen.changes)) {
                if (a.id == id && pagesOf(a).size() == 2)
                    return true;
            }
            return false;
        }));

        first.reset();
        QVERIFY(eventually([&] { return !secondSeen.following; }));
        QTest::qWait(1500); // a round of the new leader's sender
        QCOMPARE(mail.messages().size(), 1);
        QCOMPARE(hooks.requests().size(), 1);

        // The new leader pages the next step, once.
        QMetaObject::invokeMethod(
            second->worker, [w = second->worker, id] { w->escalate(id, QStringLiteral("dana")); });
        QVERIFY(eventually(
            [&] { return mail.messages().size() == 2 && hooks.requests().size() == 2; }));
        QTest::qWait(1500);
        QCOMPARE(mail.messages().size(), 2);
        QCOMPARE(hooks.requests().size(), 2);
        QVERIFY(
            mail.messages().at(1).value(QStringLiteral("rcpt_tos")).toArray().first().toString() !=
            mail.messages().at(0).value(QStringLiteral("rcpt_tos")).toArray().first().toString());
    }

    // A method that keeps failing becomes an alert of its own.
    void failingMethodRaisesAnAlert()
    {
        test::SmtpTestServer mail({});
        QVERIFY2(mail.ready(), qPrintable(mail.error()));
        test::HttpRecorder hooks({500, 500, 500, 500});
        QTemporaryDir dir;
        ManualClock clock(t0 + 10 * nanosPerSecond);
        test::RunningWorker r(pagedWorkspace(mail.port(), hooks),
                              dir.filePath(QStringLiteral("store.sqlite")), &clock);
        DeliverySender::Options options;
        options.maxAttempts = 2;
        options.backoffSeconds = {0};
        options.pollMs = 100;
        r.worker->setDeliveryOptions(options);
        QSignalSpy started(r.worker, &EngineWorker::started);
        QSignalSpy changed(r.worker, &EngineWorker::alertsChanged);
        QVERIFY(startWithBurst(r, started, QStringLiteral("u5")));

        std::optional<Alert> channel;
        QVERIFY(eventually([&] {
            channel = newest(changed,
                             [](const Alert &a) { return a.ruleId == QLatin1String("channel"); });
            return channel.has_value();
        }));
        QVERIFY2(channel->title.endsWith(QStringLiteral("by webhook are failing")),
                 qPrintable(channel->title));
        QVERIFY2(channel->evidence.contains(QStringLiteral("gave up after 2 attempts: HTTP 500")),
                 qPrintable(channel->evidence));
        QCOMPARE(channel->severity, Severity::High);
        QVERIFY(channel->isOpen());
        QCOMPARE(hooks.requests().size() >= 2, true);

        // The Channels pane says the same: that person's webhook is failing, with the
        // server's answer; their email works.
        QSignalSpy status(r.worker, &EngineWorker::statusChanged);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::evaluateNow);
        const QString person = channel->subject.section(QLatin1Char('/'), 0, 0);
        auto methodOf = [&](const QString &kind) -> std::optional<ChannelHealth> {
            if (status.isEmpty())
                return std::nullopt;
            for (const ChannelHealth &h : status.last().first().value<EngineStatus>().channels) {
                if (h.person == person && h.kind == kind)
                    return h;
            }
            return std::nullopt;
        };
        QVERIFY(eventually([&] {
            const auto hook = methodOf(QStringLiteral("webhook"));
            return hook && hook->status == ChannelHealth::Status::Failing;
        }));
        const ChannelHealth hook = *methodOf(QStringLiteral("webhook"));
        // The channel's own alert pages too, by the same failing webhook.
        QVERIFY(hook.failed >= 1);
        QCOMPARE(hook.sent, 0);
        QVERIFY2(hook.lastResult.contains(QStringLiteral("HTTP 500")), qPrintable(hook.lastResult));
        const auto email = methodOf(QStringLiteral("email"));
        QVERIFY(email.has_value());
        QCOMPARE(email->status, ChannelHealth::Status::Working);
        QVERIFY(email->sent >= 1);
    }

    // The demo's methods are dry runs: the alert's timeline and its Pages say what would
    // have been sent, and nothing leaves the machine.
    void dryRunRecordsWithoutSending()
    {
        QTemporaryDir dir;
        ManualClock clock(t0 + 10 * nanosPerSecond);
        Workspace ws = test::demoWorkspaceWithRules(
            "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: critical, "
            "source: app-errors, threshold: 5}\n");
        test::HttpRecorder hooks;
        for (Person &p : ws.people) {
            ContactMethod slack;
            slack.kind = ContactMethod::Kind::Slack;
            slack.address = hooks.url(QStringLiteral("/slack"));
            slack.dryRun = true;
            p.contacts = {slack};
        }
        test::RunningWorker r(ws, dir.filePath(QStringLiteral("store.sqlite")), &clock);
        QSignalSpy started(r.worker, &EngineWorker::started);
        QSignalSpy changed(r.worker, &EngineWorker::alertsChanged);
        QVERIFY(startWithBurst(r, started, QStringLiteral("u3")));
        QVERIFY(arrived(changed, 1));
        const qint64 id = changed.first().first().value<QList<Alert>>().first().id;
        std::optional<Alert> paged;
        QVERIFY(eventually([&] {
            paged = newest(changed, withId(id));
            return paged && !pagesOf(*paged).isEmpty();
        }));
        const TimelineEntry entry = pagesOf(*paged).first();
        QCOMPARE(entry.action, QStringLiteral("paged"));
        QVERIFY2(entry.detail.contains(QStringLiteral("dry run, nothing sent")),
                 qPrintable(entry.detail));

        QSignalSpy ready(r.worker, &EngineWorker::deliveriesReady);
        QMetaObject::invokeMethod(r.worker, [w = r.worker, id] { w->requestDeliveries(id); });
        QVERIFY(arrived(ready, 1));
        QCOMPARE(ready.first().at(0).toLongLong(), id);
        QVERIFY(ready.first().at(2).toString().isEmpty());
        const auto deliveries = ready.first().at(1).value<QList<Delivery>>();
        QCOMPARE(deliveries.size(), 1);
        QCOMPARE(deliveries.first().kind, QStringLiteral("slack"));
        QCOMPARE(deliveries.first().status, Delivery::Status::Sent);
        QCOMPARE(deliveries.first().alertId, id);
        QTest::qWait(200);
        QVERIFY(hooks.requests().isEmpty());
    }

    // A thread sending page after page to one service keeps its connection to it: no new
    // TCP (and, for https, TLS) handshake per message.
    void postsFromOneThreadReuseTheConnection()
    {
        test::HttpRecorder hooks;
        const QString url = hooks.url(QStringLiteral("/hook"));
        QList<HttpPoster::Result> results;
        QFuture<void> sent = QtConcurrent::run([&] {
            const HttpPoster poster(5);
            for (int i = 0; i < 3; ++i)
                results << poster.post(url, QByteArrayLiteral("{}"), {});
        });
        QVERIFY(eventually([&] { return sent.isFinished(); }));
        QCOMPARE(results.size(), 3);
        for (const HttpPoster::Result &r : std::as_const(results))
            QVERIFY2(r.accepted, qPrintable(r.answer));
        QCOMPARE(hooks.requests().size(), 3);
        QCOMPARE(hooks.connections(), 1);
    }

    // An attempt stored by a console that died before putting it on the timeline is put
    // there by the next console to lead.
    void attemptsRecordedBeforeACrashReachTheTimeline()
    {
        test::SmtpTestServer mail({});
        QVERIFY2(mail.ready(), qPrintable(mail.error()));
        test::HttpRecorder hooks;
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("store.sqlite"));
        const Workspace ws = pagedWorkspace(mail.port(), hooks);
        ManualClock clock(t0 + 10 * nanosPerSecond);
        qint64 id = 0;
        {
            QString error;
            auto db = Database::open(store, &error);
            QVERIFY2(db, qPrintable(error));
            AlertBook book(ws, clock);
            AlertCondition c;
            c.ruleId = QStringLiteral("errs");
            c.ruleKind = QStringLiteral("burst");
            c.pipelineId = QStringLiteral("engagement-aggregate");
            c.subject = QStringLiteral("u3");
            c.title = QStringLiteral("5 time outs for u3");
            c.severity = Severity::Critical;
            id = book.fire(c);
            Delivery d;
            d.key = Delivery::makeKey(id, QStringLiteral("raised"), book.alert(id)->assignee, 0);
            d.alertId = id;
            d.step = QStringLiteral("raised");
            d.person = book.alert(id)->assignee;
            d.contact = 0;
            d.kind = QStringLiteral("email");
            d.target = QStringLiteral("someone@pages.example.org");
            AlertStore alerts(*db);
            QVERIFY2(alerts.save(book.takeChanges(), &error, {}, {}, {{d}, {}, {}}),
                     qPrintable(error));
            d.status = Delivery::Status::Sent;
            d.attempts = 1;
            d.sentAt = 1;
            d.result = QStringLiteral("accepted by mail.example.org:25: 250 Ok");
            QVERIFY2(DeliveryStore(*db).record(d, &error), qPrintable(error));
        }
        test::RunningWorker r(ws, store, &clock);
        QSignalSpy changed(r.worker, &EngineWorker::alertsChanged);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
        QList<TimelineEntry> pages;
        QVERIFY(eventually([&] {
            const auto a = newest(changed, withId(id));
            pages = a ? pagesOf(*a) : QList<TimelineEntry>();
            return !pages.isEmpty();
        }));
        QCOMPARE(pages.size(), 1);
        QCOMPARE(pages.first().action, QStringLiteral("paged"));
        QVERIFY(pages.first().detail.contains(QStringLiteral("250 Ok")));
        QCOMPARE(mail.messages().size(), 0); // noted, not sent again
    }

private:
    std::unique_ptr<test::KeychainSession> m_keychain;
};

QTEST_GUILESS_MAIN(tst_Paging)
#include "tst_paging.moc"
