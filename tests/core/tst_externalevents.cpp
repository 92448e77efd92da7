#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/engine.h"
#include "sources/alertmanagerwebhook.h"
#include "sources/pagerdutyevent.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
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

        // Without a fingerprint the labels identify the alert; an empty one is still wrong.
        QJsonObject noFingerprint = ok;
        noFingerprint.remove(QStringLiteral("fingerprint"));

        const auto keyed = AlertmanagerWebhook::parse(bytes(notification({noFingerprint})), &error);
        QVERIFY2(keyed, qPrintable(error));
        QVERIFY(keyed->first().key.startsWith(QStringLiteral("labels-")));
        QJsonObject emptyFingerprint = ok;
        emptyFingerprint[QStringLiteral("fingerprint")] = QString();
        QCOMPARE(amError(notification({ok, emptyFingerprint})),
                 QStringLiteral("'alerts[1].fingerprint' must be a non-empty string"));
        // Without a status of its own, an alert has the notification's.
        QJsonObject noStatus = ok;
        noStatus.remove(QStringLiteral("status"));
        QCOMPARE(amError(notification({noStatus})), QStringLiteral("(parsed)"));
        QJsonObject bare = notification({noStatus});
        bare.remove(QStringLiteral("status"));
        QCOMPARE(amError(bare), QStringLiteral("field 'alerts[0].status' is missing"));
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
        // Before any rotation has begun nobody is on call: the timeline says so in words.
        QVERIFY2(s->timeline.first().detail.contains(QStringLiteral("nobody (unassigned)")),
                 qPrintable(s->timeline.first().detail));
    }

    // The receiver's settings may name where such alerts go.
    void aDefaultPipelineTakesUnknownLabels()
    {
        ManualClock clock(t0);
        Workspace ws = test::demoWorkspace();
        ws.receiver.defaultPipeline = QStringLiteral("growth-daily");
        Engine engine(ws, QString(), clock);
        ExternalEvent fire;
        fire.origin = QStringLiteral("alertmanager");
        fire.key = QStringLiteral("f1");
        fire.pipelineHints = {QStringLiteral("node-exporter")};
        fire.title = QStringLiteral("Disk full");
        engine.apply({fire});
        QCOMPARE(engine.book().alerts().first().pipelineId, QStringLiteral("growth-daily"));
        // Before the rotations begin, the pipeline's owner answers.
        QCOMPARE(engine.book().alerts().first().assignee,
                 ws.pipeline(QStringLiteral("growth-daily"))->primaryOwner);
    }

    // A sender's later notification for the same alert is the alert as it is now.
    void aResentAlertFollowsTheLatestNotification()
    {
        ManualClock clock(t0);
        Engine engine(test::demoWorkspace(), QString(), clock);
        ExternalEvent fire;
        fire.origin = QStringLiteral("alertmanager");
        fire.key = QStringLiteral("f1");
        fire.severity = Severity::High;
        fire.title = QStringLiteral("Orders late by 1h");
        engine.apply({fire});
        clock.advance(60 * nanosPerSecond);
        fire.title = QStringLiteral("Orders late by 3h");
        fire.severity = Severity::Critical;
        engine.apply({fire});
        Alert a = engine.book().alerts().first();
        QCOMPARE(a.title, QStringLiteral("Orders late by 3h"));
        QCOMPARE(a.severity, Severity::Critical);
        fire.severity = Severity::Medium;
        engine.apply({fire});
        a = engine.book().alerts().first();
        QCOMPARE(a.severity, Severity::Medium);
        QStringList said;
        for (const TimelineEntry &e : a.timeline)
            said << e.action + QLatin1Char(':') + e.detail;
        QVERIFY2(said.contains(QStringLiteral("updated:title 'Orders late by 1h' → 'Orders late "
                                              "by 3h'")),
                 qPrintable(said.join(QLatin1Char('\n'))));
        QVERIFY(said.contains(QStringLiteral("severity lowered:critical → medium")));

        // Acknowledging a key nobody triggered is noted, for the receiver's health line.
        ExternalEvent stray;
        stray.origin = QStringLiteral("pagerduty");
        stray.key = QStringLiteral("nobody-knows");
        stray.action = ExternalEvent::Action::Acknowledge;
        engine.apply({stray});
        const QStringList unmatched = engine.takeUnmatched();
        QCOMPARE(unmatched.size(), 1);
        QVERIFY(unmatched.first().contains(QStringLiteral("'nobody-knows'")));
        QVERIFY(engine.takeUnmatched().isEmpty());
    }

    // Bodies other tools really send (tests/data/*-realworld, sources in their SOURCES.md).
    void realAlertmanagerNotifications_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("alerts");
        QTest::addColumn<bool>("firing");
        QTest::newRow("zulip two") << "zulip_firing_2_alerts.json" << 2 << true;
        QTest::newRow("zulip no generatorURL") << "zulip_firing_no_generatorURL.json" << 1 << true;
        QTest::newRow("prometheus-operator resolved")
            << "prom2teams_resolved_common_items_prometheus_operator.json" << 1 << false;
        QTest::newRow("mixed precision")
            << "prom2teams_resolved_2_alerts_mixed_ts_precision.json" << 2 << false;
        QTest::newRow("grafana-inspired")
            << "msteams_firing_3_alerts_grafana_inspired.json" << 3 << true;
        // No per-alert status or fingerprint: the notification's status and the labels.
        QTest::newRow("twelve without status")
            << "msteams_firing_12_alerts_regex_groupkey.json" << 12 << true;
        QTest::newRow("many labels") << "msteams_firing_too_large_many_labels.json" << 5 << true;
        QTest::newRow("grafana oncall")
            << "RECONSTRUCTED_grafana_oncall_example_payload.json" << 2 << true;
    }
    void realAlertmanagerNotifications()
    {
        QFETCH(QString, file);
        QFETCH(int, alerts);
        QFETCH(bool, firing);
        QFile f(QStringLiteral(WK_TEST_DATA_DIR "/alertmanager-realworld/") + file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QString error;
        const auto events = AlertmanagerWebhook::parse(f.readAll(), &error);
        QVERIFY2(events, qPrintable(error));
        QCOMPARE(events->size(), alerts);
        QSet<QString> keys;
        for (const ExternalEvent &e : *events) {
            QCOMPARE(e.action,
                     firing ? ExternalEvent::Action::Trigger : ExternalEvent::Action::Resolve);
            QVERIFY(!e.key.isEmpty() && !e.title.isEmpty());
            QVERIFY(e.evidence.contains(QStringLiteral("by Alertmanager's clock")));
            keys.insert(e.key);
        }
        // Alerts with different labels stay apart (prom2teams gives two the same fingerprint).
        if (file != QLatin1String("prom2teams_resolved_2_alerts_mixed_ts_precision.json"))
            QCOMPARE(keys.size(), alerts);
    }

    void olderAlertmanagerVersionsAreRefusedWithTheReason()
    {
        for (const char *name : {"prometheus_bot_v0_unicode_emoji_no_status.json",
                                 "prometheus_bot_v3_long_annotation_int_groupkey.json"}) {
            QFile f(QStringLiteral(WK_TEST_DATA_DIR "/alertmanager-realworld/non_v4/") +
                    QLatin1String(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QString error;
            QVERIFY(!AlertmanagerWebhook::parse(f.readAll(), &error));
            QVERIFY2(error.contains(QStringLiteral("only version 4")), qPrintable(error));
        }
    }

    void realPagerDutyBodies_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("action");
        QTest::newRow("openapi trigger")
            << "pd_openapi_enqueue_trigger_example.json" << int(ExternalEvent::Action::Trigger);
        QTest::newRow("docs trigger, links and images")
            << "pd_devdocs_trigger_images_links.json" << int(ExternalEvent::Action::Trigger);
        QTest::newRow("docs acknowledge")
            << "pd_devdocs_acknowledge.json" << int(ExternalEvent::Action::Acknowledge);
        QTest::newRow("docs resolve")
            << "pd_devdocs_resolve.json" << int(ExternalEvent::Action::Resolve);
        QTest::newRow("alertmanager trigger")
            << "pd_alertmanager_captured_trigger.json" << int(ExternalEvent::Action::Trigger);
        QTest::newRow("alertmanager resolve")
            << "pd_alertmanager_captured_resolve.json" << int(ExternalEvent::Action::Resolve);
        QTest::newRow("gatus empty key") << "pd_gatus_trigger_compact_empty_dedup_key.json"
                                         << int(ExternalEvent::Action::Trigger);
        QTest::newRow("gatus resolve")
            << "pd_gatus_resolve_compact_with_payload.json" << int(ExternalEvent::Action::Resolve);
    }
    void realPagerDutyBodies()
    {
        QFETCH(QString, file);
        QFETCH(int, action);
        QFile f(QStringLiteral(WK_TEST_DATA_DIR "/pagerduty-realworld/") + file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QString error;
        const auto e = PagerDutyEvent::parse(f.readAll(), &error);
        QVERIFY2(e, qPrintable(error));
        QCOMPARE(int(e->action), action);
        QVERIFY(!e->key.isEmpty()); // an empty dedup_key gets one of its own
        if (file == QLatin1String("pd_devdocs_trigger_images_links.json")) {
            // What the sender points at is kept, to be shown as links.
            QVERIFY(e->evidence.contains(QStringLiteral("link: https://monitoring.example.com")));
            QVERIFY(e->evidence.contains(QStringLiteral("link: https://example.com/ (Link text)")));
            QVERIFY(e->evidence.contains(
                QStringLiteral("image: https://www.pagerduty.com/wp-content/uploads/2016/05/"
                               "pagerduty-logo-green.png (Example text)")));
            QVERIFY(e->evidence.contains(QStringLiteral("by the sender's clock")));
        }
    }

    void notAlertEventsAreRefused()
    {
        for (const auto &[name, reason] :
             {std::pair{"pd_openapi_change_event_example.json", "field 'event_action' is missing"},
              std::pair{"pd_devdocs_events_v1_trigger_legacy.json",
                        "field 'event_action' is missing"}}) {
            QFile f(QStringLiteral(WK_TEST_DATA_DIR "/pagerduty-realworld/negative/") +
                    QLatin1String(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QString error;
            QVERIFY(!PagerDutyEvent::parse(f.readAll(), &error));
            QVERIFY2(error.contains(QLatin1String(reason)), qPrintable(error));
        }
    }
};

QTEST_GUILESS_MAIN(tst_ExternalEvents)
#include "tst_externalevents.moc"
