#include "demoworkspace.h"
#include "engine/clock.h"
#include "engine/engine.h"
#include "sources/alertmanagerwebhook.h"
#include "sources/pagerdutyevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace wk;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;

// A notification as Alertmanager 0.25 sends it: one group, its alerts, in version 4.
QJsonObject notification(const QJsonArray &alerts)
{
    return {{QStringLiteral("version"), QStringLiteral("4")},
            {QStringLiteral("groupKey"), QStringLiteral("{}:{alertname=\"OrdersLate\"}")},
            {QStringLiteral("truncatedAlerts"), 0},
            {QStringLiteral("status"), QStringLiteral("firing")},
            {QStringLiteral("receiver"), QStringLiteral("watchkeeper")},
            {QStringLiteral("groupLabels"), QJsonObject{}},
            {QStringLiteral("commonLabels"), QJsonObject{}},
            {QStringLiteral("commonAnnotations"), QJsonObject{}},
            {QStringLiteral("externalURL"), QStringLiteral("http://am.example:9093")},
            {QStringLiteral("alerts"), alerts}};
}

QJsonObject amAlert(const QString &status, const QString &fingerprint, const QJsonObject &labels)
{
    return {{QStringLiteral("status"), status},
            {QStringLiteral("labels"), labels},
            {QStringLiteral("annotations"),
             QJsonObject{{QStringLiteral("summary"), QStringLiteral("Orders table is late")},
                         {QStringLiteral("description"), QStringLiteral("No rows for 2h")}}},
            {QStringLiteral("startsAt"), QStringLiteral("2026-01-01T00:00:05.123456789Z")},
            {QStringLiteral("endsAt"), status == QLatin1String("resolved")
                                           ? QStringLiteral("2026-01-01T00:10:00Z")
                                           : QStringLiteral("0001-01-01T00:00:00Z")},
            {QStringLiteral("generatorURL"), QStringLiteral("http://prom.example/graph")},
            {QStringLiteral("fingerprint"), fingerprint}};
}

QByteArray bytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString amError(const QJsonObject &o)
{
    QString error;
    const auto parsed = AlertmanagerWebhook::parse(bytes(o), &error);
    return parsed ? QStringLiteral("(parsed)") : error;
}

QString pdError(const QByteArray &body)
{
    QString error;
    const auto parsed = PagerDutyEvent::parse(body, &error);
    return parsed ? QStringLiteral("(parsed)") : error;
}

} // namespace

class tst_ExternalEvents : public QObject
{
    Q_OBJECT
private slots:
    void alertmanagerNotification()
    {
        const QJsonObject labels{{QStringLiteral("alertname"), QStringLiteral("OrdersLate")},
                                 {QStringLiteral("pipeline"), QStringLiteral("profit-unit")},
                                 {QStringLiteral("severity"), QStringLiteral("critical")},
                                 {QStringLiteral("customer"), QStringLiteral("c-globex")}};
        QString error;
        const auto events = AlertmanagerWebhook::parse(
            bytes(notification({amAlert(QStringLiteral("firing"), QStringLiteral("a1"), labels),
                                amAlert(QStringLiteral("resolved"), QStringLiteral("b2"),
                                        {{QStringLiteral("alertname"), QStringLiteral("Disk")},
                                         {QStringLiteral("job"), QStringLiteral("node")}})})),
            &error);
        QVERIFY2(events, qPrintable(error));
        QCOMPARE(events->size(), 2);
        const ExternalEvent &fire = events->at(0);
        QCOMPARE(fire.origin, QStringLiteral("alertmanager"));
        QCOMPARE(fire.key, QStringLiteral("a1"));
        QCOMPARE(fire.action, ExternalEvent::Action::Trigger);
        QCOMPARE(fire.severity, Severity::Critical);
        QCOMPARE(fire.pipelineHints, QStringList{QStringLiteral("profit-unit")});
        QCOMPARE(fire.customer, QStringLiteral("c-globex"));
        QCOMPARE(fire.title, QStringLiteral("Orders table is late"));
        QVERIFY(fire.evidence.contains(QStringLiteral("No rows for 2h")));
        QVERIFY(fire.evidence.contains(QStringLiteral("alertname=OrdersLate")));
        QCOMPARE(fire.at, t0 + 5'123'456'789LL);
        const ExternalEvent &resolved = events->at(1);
        QCOMPARE(resolved.action, ExternalEvent::Action::Resolve);
        QCOMPARE(resolved.severity, Severity::Medium); // no severity label
        QCOMPARE(resolved.pipelineHints, QStringList{QStringLiteral("node")});
        QCOMPARE(resolved.at, t0 + 600 * nanosPerSecond); // endsAt
    }

    void alertmanagerRefusals()
    {
        const QJsonObject ok = amAlert(QStringLiteral("firing"), QStringLiteral("a1"), {});
        QString error;
        QVERIFY(!AlertmanagerWebhook::parse("{\"version\": \"4\", ", &error));
        QVERIFY2(error.startsWith(QStringLiteral("malformed JSON at byte")), qPrintable(error));
        QVERIFY(!AlertmanagerWebhook::parse("[1, 2]", &error));
        QCOMPARE(error, QStringLiteral("the body must be a JSON object"));

        QJsonObject old = notification({ok});
        old[QStringLiteral("version")] = QStringLiteral("3");
        QCOMPARE(amError(old),
                 QStringLiteral("'version' is '3'; only version 4 notifications are accepted"));
        QJsonObject noVersion = notification({ok});
        noVersion.remove(QStringLiteral("version"));
        QCOMPARE(amError(noVersion), QStringLiteral("field 'version' is missing"));
        QJsonObject noAlerts = notification({});
        noAlerts.remove(QStringLiteral("alerts"));
        QCOMPARE(amError(noAlerts), QStringLiteral("field 'alerts' is missing"));

        QJsonObject noFingerprint = ok;
        noFingerprint.remove(QStringLiteral("fingerprint"));
        QCOMPARE(amError(notification({ok, noFingerprint})),
                 QStringLiteral("field 'alerts[1].fingerprint' is missing"));
        QJsonObject badStatus = ok;
        badStatus[QStringLiteral("status")] = QStringLiteral("pending");
        QCOMPARE(amError(notification({badStatus})),
                 QStringLiteral("'alerts[0].status' is 'pending'; it must be firing or resolved"));
        QJsonObject badTime = ok;
        badTime[QStringLiteral("startsAt")] = QStringLiteral("yesterday");
        QCOMPARE(amError(notification({badTime})),
                 QStringLiteral("'alerts[0].startsAt' is 'yesterday', not an RFC 3339 time"));
        QJsonObject badLabel = ok;
        badLabel[QStringLiteral("labels")] = QJsonObject{{QStringLiteral("n"), 3}};
        QCOMPARE(amError(notification({badLabel})),
                 QStringLiteral("'alerts[0].labels.n' must be a string"));
    }

    void pagerDutyEvents()
    {
        QString error;
        auto trigger = PagerDutyEvent::parse(
            R"({"routing_key": "r", "event_action": "trigger", "dedup_key": "db-1",
                "payload": {"summary": "Replica lag 15 min", "source": "db-7", "severity": "error",
                            "group": "investor-reporting", "timestamp": "2026-01-01T00:00:00Z",
                            "custom_details": {"lag_s": 900}}})",
            &error);
        QVERIFY2(trigger, qPrintable(error));
        QCOMPARE(trigger->key, QStringLiteral("db-1"));
        QCOMPARE(trigger->severity, Severity::High);
        QCOMPARE(trigger->pipelineHints, QStringList{QStringLiteral("investor-reporting")});
        QCOMPARE(trigger->title, QStringLiteral("Replica lag 15 min"));
        QCOMPARE(trigger->at, t0);
        QVERIFY(trigger->evidence.contains(QStringLiteral("\"lag_s\":900")));

        // Without a dedup key a trigger gets a fresh one; two never share it.
        const QByteArray anonymous = R"({"event_action": "trigger", "payload": {"summary": "s",
                                         "source": "h", "severity": "info"}})";
        const auto first = PagerDutyEvent::parse(anonymous, &error);
        const auto second = PagerDutyEvent::parse(anonymous, &error);
        QVERIFY(first && second);
        QVERIFY(!first->key.isEmpty());
        QVERIFY(first->key != second->key);

        const auto ack = PagerDutyEvent::parse(
            R"({"event_action": "acknowledge", "dedup_key": "db-1"})", &error);
        QVERIFY(ack);
        QCOMPARE(ack->action, ExternalEvent::Action::Acknowledge);

        QCOMPARE(pdError(R"({"event_action": "resolve"})"),
                 QStringLiteral("field 'dedup_key' is missing"));
        QCOMPARE(pdError(R"({"dedup_key": "x"})"),
                 QStringLiteral("field 'event_action' is missing"));
        QCOMPARE(pdError(R"({"event_action": "snooze", "dedup_key": "x"})"),
                 QStringLiteral("'event_action' is 'snooze'; it must be trigger, acknowledge or "
                                "resolve"));
        QCOMPARE(pdError(R"({"event_action": "trigger"})"),
                 QStringLiteral("field 'payload' is missing"));
        QCOMPARE(pdError(R"({"event_action": "trigger", "payload": {"summary": "s",
                             "severity": "info"}})"),
                 QStringLiteral("field 'payload.source' is missing"));
        QCOMPARE(pdError(R"({"event_action": "trigger", "payload": {"summary": "s", "source": "h",
                             "severity": "fatal"}})"),
                 QStringLiteral("'payload.severity' is 'fatal'; it must be critical, error, "
                                "warning or info"));
        QCOMPARE(pdError(R"({"event_action": "trigger", "payload": {"summary": 5}})"),
                 QStringLiteral("'payload.summary' must be a string"));
        QCOMPARE(pdError(QByteArray(R"({"event_action": "resolve", "dedup_key": ")") +
                         QByteArray(256, 'k') + "\"}"),
                 QStringLiteral("'dedup_key' is 256 characters long; at most 255 are accepted"));
    }

    void theEngineRunsTheirLifecycle()
    {
        ManualClock clock(t0);
        Engine engine(test::demoWorkspace(), QString(), clock);
        ExternalEvent fire;
        fire.origin = QStringLiteral("pagerduty");
        fire.key = QStringLiteral("db-1");
        fire.severity = Severity::Critical;
        fire.pipelineHints = {QStringLiteral("db-7"), QStringLiteral("profit-aggregate")};
        fire.customer = QStringLiteral("c-globex");
        fire.title = QStringLiteral("Replica lag");
        fire.actor = QStringLiteral("pagerduty");
        engine.apply({fire});
        QCOMPARE(engine.book().size(), 1);
        Alert a = engine.book().alerts().first();
        QCOMPARE(a.ruleKind, QStringLiteral("external"));
        QCOMPARE(a.dedupKey, QStringLiteral("pagerduty/db-1"));
        QCOMPARE(a.pipelineId, QStringLiteral("profit-aggregate")); // the hint that exists
        QCOMPARE(a.customerId, QStringLiteral("c-globex"));
        QCOMPARE(a.revenue, 500.0);
        QCOMPARE(a.ackBy, t0 + 30 * 60 * nanosPerSecond); // critical: 30 minutes
        QVERIFY(!a.assignee.isEmpty());

        // A sender retrying the same trigger does not open a second alert.
        clock.advance(60 * nanosPerSecond);
        engine.apply({fire});
        QCOMPARE(engine.book().size(), 1);

        ExternalEvent ack = fire;
        ack.action = ExternalEvent::Action::Acknowledge;
        ack.actor = QStringLiteral("ops-bot");
        engine.apply({ack});
        a = engine.book().alerts().first();
        QCOMPARE(a.state, AlertState::Acknowledged);
        QCOMPARE(a.acknowledgedAt, t0 + 60 * nanosPerSecond);
        QCOMPARE(a.timeline.last().actor, QStringLiteral("ops-bot"));

        ExternalEvent resolve = fire;
        resolve.action = ExternalEvent::Action::Resolve;
        engine.apply({resolve});
        a = engine.book().alerts().first();
        QCOMPARE(a.state, AlertState::Resolved);
        QCOMPARE(a.timeline.last().detail, QStringLiteral("resolved in pagerduty"));

        // Acknowledging or resolving what is not open changes nothing; firing again opens anew.
        engine.book().takeChanges();
        engine.apply({ack, resolve});
        QVERIFY(engine.book().takeChanges().isEmpty());
        engine.apply({fire});
        QCOMPARE(engine.book().size(), 2);

        // A pipeline the workspace does not know leaves the alert unowned, and says why.
        ExternalEvent stray = fire;
        stray.key = QStringLiteral("x");
        stray.pipelineHints = {QStringLiteral("node")};
        engine.apply({stray});
        const Alert *s = engine.book().openAlert(QStringLiteral("pagerduty/x"));
        QVERIFY(s);
        QVERIFY(s->pipelineId.isEmpty());
        QVERIFY(s->evidence.contains(QStringLiteral("no workspace pipeline is named node")));
    }
};

QTEST_GUILESS_MAIN(tst_ExternalEvents)
#include "tst_externalevents.moc"
