#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/alertbook.h"
#include "paging/deliveryplanner.h"

#include <QTimeZone>
#include <QtTest>

using namespace wk;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;

AlertCondition burst(const QString &subject)
{
    AlertCondition c;
    c.ruleId = QStringLiteral("errors");
    c.ruleKind = QStringLiteral("burst");
    c.pipelineId = QStringLiteral("engagement-aggregate");
    c.subject = subject;
    c.title = QStringLiteral("5 time outs for %1").arg(subject);
    c.severity = Severity::High;
    return c;
}

// The demo with a mail server; everyone has an email and a webhook, and Bo has neither
// contacts nor anything but an email.
Workspace paged()
{
    Workspace ws = test::demoWorkspace();
    ws.smtp.host = QStringLiteral("127.0.0.1");
    ws.smtp.from = QStringLiteral("oncall@example.org");
    for (Person &p : ws.people) {
        ContactMethod email;
        email.address = p.id + QStringLiteral("@pages.example.org");
        ContactMethod hook;
        hook.kind = ContactMethod::Kind::Webhook;
        hook.address = QStringLiteral("https://hooks.example.org/") + p.id;
        ContactMethod desktop;
        desktop.kind = ContactMethod::Kind::Desktop;
        p.contacts = {email, desktop, hook};
    }
    return ws;
}

QStringList keysOf(const QList<Delivery> &deliveries)
{
    QStringList keys;
    for (const Delivery &d : deliveries)
        keys << d.key;
    keys.sort();
    return keys;
}

} // namespace

class tst_DeliveryPlanner : public QObject
{
    Q_OBJECT

private slots:
    void raisedEscalatedAndEnded()
    {
        const Workspace ws = paged();
        ManualClock clock(t0);
        AlertBook book(ws, clock);
        DeliveryPlanner planner(ws);
        QVERIFY(planner.pages());

        const qint64 id = book.fire(burst(QStringLiteral("u1")));
        const Alert raised = *book.alert(id);
        DeliveryChanges c = planner.plan(book.takeChanges(), 42, clock.now(), book.schedule());
        // Every method that sends: email and webhook, not the desktop.
        const QString who = raised.assignee;
        QCOMPARE(keysOf(c.planned),
                 (QStringList{Delivery::makeKey(id, QStringLiteral("raised"), who, 0),
                              Delivery::makeKey(id, QStringLiteral("raised"), who, 2)}));
        for (const Delivery &d : c.planned) {
            QCOMPARE(d.createdAt, 42);
            QCOMPARE(d.nextAttemptAt, 42);
            QCOMPARE(d.status, Delivery::Status::Pending);
            QCOMPARE(d.alertKey, raised.dedupKey);
            QVERIFY(d.subject.startsWith(QStringLiteral("[HIGH]")));
            QCOMPARE(d.json.isEmpty(), d.kind == QLatin1String("email"));
        }
        QVERIFY(c.cancelled.isEmpty());

        // The same alert changing again (a higher count) pages nobody again.
        book.fire(burst(QStringLiteral("u1")));
        QVERIFY(planner.plan(book.takeChanges(), 43, clock.now(), book.schedule()).isEmpty());

        // Escalation pages the person it escalates to.
        QVERIFY(book.escalate(id, QStringLiteral("engine")));
        const QString secondary = book.alert(id)->assignee;
        QVERIFY(secondary != who);
        c = planner.plan(book.takeChanges(), 44, clock.now(), book.schedule());
        QCOMPARE(c.planned.size(), 2);
        for (const Delivery &d : c.planned) {
            QCOMPARE(d.person, secondary);
            QCOMPARE(d.step, QStringLiteral("escalated"));
        }

        // Acknowledged: what has not gone is cancelled, once.
        QVERIFY(book.acknowledge(id, QStringLiteral("chen")));
        c = planner.plan(book.takeChanges(), 45, clock.now(), book.schedule());
        QVERIFY(c.planned.isEmpty());
        QCOMPARE(c.cancelled, QList<qint64>{id});
        QVERIFY(book.resolve(id, QStringLiteral("chen")));
        QVERIFY(planner.plan(book.takeChanges(), 46, clock.now(), book.schedule()).isEmpty());
    }

    // "Ring the phone for high alerts only at actionable 40 and above; otherwise email":
    // the score the alert had when raised (on its timeline) picks the methods; an alert
    // raised with no score goes by the phone, never by neither.
    void methodsThatPageByTheScore()
    {
        Workspace ws = paged();
        for (Person &p : ws.people) {
            ContactMethod email;
            email.address = p.id + QStringLiteral("@pages.example.org");
            email.actionableBelow = 40;
            ContactMethod phone;
            phone.kind = ContactMethod::Kind::Ntfy;
            phone.address = QStringLiteral("https://ntfy.example.org/") + p.id;
            phone.actionableAtLeast = 40;
            ContactMethod always;
            always.kind = ContactMethod::Kind::Webhook;
            always.address = QStringLiteral("https://hooks.example.org/") + p.id;
            p.contacts = {email, phone, always};
        }
        ManualClock clock(t0);
        AlertBook book(ws, clock);
        DeliveryPlanner planner(ws);
        QVERIFY(planner.usesScore());
        QVERIFY(!DeliveryPlanner(paged()).usesScore());

        const struct
        {
            const char *subject;
            std::optional<int> score;
            QList<int> methods; // positions in the person's contacts
        } cases[] = {{"low", 39, {0, 2}}, {"high", 40, {1, 2}}, {"unscored", {}, {1, 2}}};
        for (const auto &c : cases) {
            const qint64 id = book.fire(burst(QString::fromLatin1(c.subject)));
            QVERIFY(planner.raiseToPlan(*book.alert(id)));
            if (c.score)
                QVERIFY(book.annotate(id, QStringLiteral("engine"), QLatin1String(scoredAction),
                                      scoredDetail(*c.score)));
            QCOMPARE(scoreWhenRaised(*book.alert(id)), c.score);
            const QList<Alert> changed = book.takeChanges();
            const DeliveryChanges planned = planner.plan(changed, 42, clock.now(), book.schedule());
            QVERIFY(!planner.raiseToPlan(*book.alert(id)));
            QList<int> methods;
            for (const Delivery &d : planned.planned)
                methods << d.contact;
            std::sort(methods.begin(), methods.end());
            QCOMPARE(methods, c.methods);
        }
    }

    // A paging service handed the alert hears when it is acknowledged and resolved here,
    // once each, even though the rest of what is pending is cancelled in the same change.
    void pagingServicesAreKeptInStep()
    {
        Workspace ws = paged();
        for (Person &p : ws.people) {
            ContactMethod pd;
            pd.kind = ContactMethod::Kind::PagerDuty;
            pd.credential = QStringLiteral("keychain");
            ContactMethod later = pd; // one whose page waits ten minutes
            later.kind = ContactMethod::Kind::Opsgenie;
            later.afterSeconds = 600;
            p.contacts = {p.contacts.at(0), pd, later};
        }
        ManualClock clock(t0);
        AlertBook book(ws, clock);
        DeliveryPlanner planner(ws);
        const qint64 id = book.fire(burst(QStringLiteral("u1")));
        const QString who = book.alert(id)->assignee;
        DeliveryChanges c = planner.plan(book.takeChanges(), 100, clock.now(), book.schedule());
        QCOMPARE(c.planned.size(), 3);
        for (const Delivery &d : std::as_const(c.planned)) {
            if (d.kind == QLatin1String("pagerduty")) {
                QCOMPARE(d.target, QStringLiteral("https://events.pagerduty.com/v2/enqueue"));
                QVERIFY(d.json.contains(QStringLiteral("\"event_action\":\"trigger\"")));
            }
            if (d.kind == QLatin1String("opsgenie")) {
                QCOMPARE(d.target, QStringLiteral("https://api.opsgenie.com/v2/alerts"));
                QCOMPARE(d.nextAttemptAt, 100 + 600 * nanosPerSecond);
            }
        }

        // Acknowledged a minute later: the Opsgenie page never went, so only PagerDuty hears.
        const TimestampNs minute = 100 + 60 * nanosPerSecond;
        QVERIFY(book.acknowledge(id, QStringLiteral("chen")));
        c = planner.plan(book.takeChanges(), minute, clock.now(), book.schedule());
        QCOMPARE(c.cancelled, QList<qint64>{id});
        QCOMPARE(keysOf(c.planned),
                 QStringList{Delivery::makeKey(id, QStringLiteral("acknowledged"), who, 1)});
        const Delivery &ack = c.planned.first();
        QCOMPARE(ack.nextAttemptAt, minute); // at once, past any wait or quiet hours
        QVERIFY(ack.json.contains(QStringLiteral("\"event_action\":\"acknowledge\"")));
        QCOMPARE(ack.alertKey, book.alert(id)->dedupKey);

        // Changing again while acknowledged tells nobody twice; resolving tells once.
        book.fire(burst(QStringLiteral("u1")));
        QVERIFY(planner.plan(book.takeChanges(), minute + 1, clock.now(), book.schedule())
                    .planned.isEmpty());
        QVERIFY(book.resolve(id, QStringLiteral("chen")));
        c = planner.plan(book.takeChanges(), minute + 2, clock.now(), book.schedule());
        QCOMPARE(keysOf(c.planned),
                 QStringList{Delivery::makeKey(id, QStringLiteral("resolved"), who, 1)});
        QVERIFY(c.planned.first().json.contains(QStringLiteral("\"event_action\":\"resolve\"")));

        // A store that failed to take the resolve gets it again next time.
        planner.forget(c);
        c = planner.plan({*book.alert(id)}, minute + 3, clock.now(), book.schedule());
        QCOMPARE(keysOf(c.planned),
                 QStringList{Delivery::makeKey(id, QStringLiteral("resolved"), who, 1)});
        QVERIFY(planner.plan({*book.alert(id)}, minute + 4, clock.now(), book.schedule())
                    .planned.isEmpty());
    }

    // A planner that leaves messages to the sender plans the same pages, without their
    // messages; written() then gives each the message the composing planner would have.
    void deferredMessagesAreWrittenAsPlanned()
    {
        Workspace ws = paged();
        for (Person &p : ws.people) {
            ContactMethod pd;
            pd.kind = ContactMethod::Kind::PagerDuty;
            pd.credential = QStringLiteral("keychain");
            p.contacts.append(pd);
        }
        ManualClock clock(t0);
        AlertBook book(ws, clock);
        DeliveryPlanner composing(ws);
        DeliveryPlanner deferring(ws);
        deferring.setComposing(false);
        const qint64 id = book.fire(burst(QStringLiteral("u1")));
        const auto both = [&](TimestampNs now) {
            const QList<Alert> changes = book.takeChanges();
            return std::pair{composing.plan(changes, now, clock.now(), book.schedule()).planned,
                             deferring.plan(changes, now, clock.now(), book.schedule()).planned};
        };
        const auto check = [&](const QList<Delivery> &full, const QList<Delivery> &bare) {
            QCOMPARE(keysOf(bare), keysOf(full));
            QVERIFY(!full.isEmpty());
            for (const Delivery &d : bare) {
                QVERIFY(DeliveryPlanner::needsWriting(d));
                const auto same = std::find_if(full.cbegin(), full.cend(),
                                               [&](const Delivery &f) { return f.key == d.key; });
                QVERIFY(!DeliveryPlanner::needsWriting(*same));
                QCOMPARE(d.target, same->target);
                QCOMPARE(d.nextAttemptAt, same->nextAttemptAt);
                QString problem;
                const std::optional<Delivery> written =
                    deferring.written(d, *book.alert(id), &problem);
                QVERIFY2(written, qPrintable(problem));
                QCOMPARE(*written, *same);
            }
        };
        auto [full, bare] = both(100);
        check(full, bare);
        QVERIFY(book.acknowledge(id, QStringLiteral("chen")));
        std::tie(full, bare) = both(200);
        check(full, bare); // PagerDuty hears of the acknowledgement
        QVERIFY(bare.first().step == QLatin1String("acknowledged"));
        QVERIFY(book.resolve(id, QStringLiteral("chen")));
        std::tie(full, bare) = both(300);
        check(full, bare);

        // With the receiver on, the written message carries its links.
        deferring.setActionLinks(QStringLiteral("https://console.example.org"), "key");
        const qint64 other = book.fire(burst(QStringLiteral("u2")));
        const QList<Delivery> planned =
            deferring.plan(book.takeChanges(), 400, clock.now(), book.schedule()).planned;
        const auto email = std::find_if(planned.cbegin(), planned.cend(), [](const Delivery &d) {
            return d.kind == QLatin1String("email");
        });
        QVERIFY(email != planned.cend());
        QString problem;
        const auto written = deferring.written(*email, *book.alert(other), &problem);
        QVERIFY2(written, qPrintable(problem));
        QVERIFY(written->text.contains(QStringLiteral("https://console.example.org")));

        // A person who left the workspace since: nothing to write, and why.
        Workspace without = ws;
        without.people.removeIf([&](const Person &p) { return p.id == email->person; });
        const DeliveryPlanner later(without);
        QVERIFY(!later.written(*email, *book.alert(other), &problem));
        QVERIFY(problem.contains(email->person));
    }

    void silencedAlertsPageNobody()
    {
        const Workspace ws = paged();
        ManualClock clock(t0);
        AlertBook book(ws, clock);
        book.addSilence({QStringLiteral("s"),
                         {{QStringLiteral("pipeline"), QStringLiteral("engagement-aggregate")}},
                         t0 - nanosPerSecond,
                         t0 + 3600 * nanosPerSecond,
                         QStringLiteral("chen"),
                         QStringLiteral("deploy")});
        book.fire(burst(QStringLiteral("u2")));
        DeliveryPlanner planner(ws);
        QVERIFY(planner.plan(book.takeChanges(), 1, clock.now(), book.schedule()).isEmpty());
    }

    // Without contacts a person is emailed at their address; without a mail server email
    // methods are not planned, and with nothing to send by the planner pages nobody.
    void defaultsAndWhatCannotBeSent()
    {
        Workspace ws = paged();
        for (Person &p : ws.people)
            p.contacts.clear();
        ManualClock clock(t0);
        AlertBook book(ws, clock);
        const qint64 id = book.fire(burst(QStringLiteral("u3")));
        DeliveryPlanner planner(ws);
        const DeliveryChanges c = planner.plan(book.takeChanges(), 1, clock.now(), book.schedule());
        QCOMPARE(c.planned.size(), 1);
        QCOMPARE(c.planned.first().contact, -1);
        QCOMPARE(c.planned.first().target, ws.person(book.alert(id)->assignee)->email);

        ws.smtp = SmtpSettings();
        QVERIFY(!DeliveryPlanner(ws).pages());
        // An email method that is a dry run needs no mail server (the demo has none).
        Workspace demo = test::demoWorkspace();
        for (Person &p : demo.people) {
            p.contacts.removeIf([](const ContactMethod &m) {
                return m.kind != ContactMethod::Kind::Email &&
                       m.kind != ContactMethod::Kind::Desktop;
            });
        }
        QVERIFY(!demo.smtp.configured());
        QVERIFY(DeliveryPlanner(demo).pages());
        for (Person &p : demo.people) {
            for (ContactMethod &m : p.contacts)
                m.dryRun = false;
        }
        QVERIFY(!DeliveryPlanner(demo).pages());

        // A failed save is planned again when asked.
        DeliveryPlanner again(paged());
        AlertBook other(paged(), clock);
        other.fire(burst(QStringLiteral("u4")));
        const QList<Alert> changes = other.takeChanges();
        const DeliveryChanges first = again.plan(changes, 1, clock.now(), other.schedule());
        QCOMPARE(first.planned.size(), 2);
        QVERIFY(again.plan(changes, 2, clock.now(), other.schedule()).isEmpty());
        again.forget(first);
        QCOMPARE(again.plan(changes, 3, clock.now(), other.schedule()).planned.size(), 2);
    }
    // Each step of a policy is planned when the alert is raised, due at its own minute:
    // at once, half the response time, an hour, and two hours pushed into working hours.
    void policyStepsAreDueAtTheirTime()
    {
        Workspace ws = paged();
        EscalationPolicy policy;
        policy.id = QStringLiteral("chain");
        EscalationStep first;
        EscalationStep second;
        second.target = EscalationStep::Target::Secondary;
        second.afterShare = 0.5;
        EscalationStep third;
        third.target = EscalationStep::Target::People;
        third.people = {QStringLiteral("dana")};
        third.afterSeconds = 3600;
        EscalationStep fourth;
        fourth.target = EscalationStep::Target::Team;
        fourth.team = QStringLiteral("data-eng");
        fourth.afterSeconds = 7200;
        fourth.workingHoursOnly = true;
        policy.steps = {first, second, third, fourth};
        ws.escalationPolicies = {policy};
        for (Pipeline &p : ws.pipelines)
            p.escalation = QStringLiteral("chain");

        // Wednesday 4 March 2026, 20:00 in London (GMT): the last step falls at 22:00, after
        // the rotation's working hours, and waits for Thursday 09:00.
        const TimestampNs raisedAt =
            toTimestamp(QDateTime(QDate(2026, 3, 4), QTime(20, 0), QTimeZone::utc()));
        ManualClock clock(raisedAt);
        AlertBook book(ws, clock);
        AlertCondition c = burst(QStringLiteral("u5"));
        c.severity = Severity::Critical;
        const qint64 id = book.fire(c);
        const Alert a = *book.alert(id);
        const qint64 response = a.ackBy - a.triggeredAt;
        QVERIFY(response > 0);
        DeliveryPlanner planner(ws);
        const TimestampNs now = 1'000'000;
        const DeliveryChanges changes =
            planner.plan(book.takeChanges(), now, clock.now(), book.schedule());

        QHash<QString, QSet<QString>> who; // step -> people
        QHash<QString, TimestampNs> due;   // step -> due
        for (const Delivery &d : changes.planned) {
            who[d.step].insert(d.person);
            QVERIFY2(!due.contains(d.step) || due.value(d.step) == d.nextAttemptAt,
                     qPrintable(d.key));
            due.insert(d.step, d.nextAttemptAt);
        }
        QCOMPARE(who.value(QStringLiteral("step1")), QSet<QString>{a.assignee});
        QCOMPARE(due.value(QStringLiteral("step1")), now);
        QCOMPARE(who.value(QStringLiteral("step2")).size(), 1);
        QVERIFY(!who.value(QStringLiteral("step2")).contains(a.assignee));
        QCOMPARE(due.value(QStringLiteral("step2")), now + response / 2);
        QCOMPARE(who.value(QStringLiteral("step3")), QSet<QString>{QStringLiteral("dana")});
        QCOMPARE(due.value(QStringLiteral("step3")), now + 3600 * nanosPerSecond);
        const Team *team = nullptr;
        for (const Team &t : ws.teams)
            team = t.id == QLatin1String("data-eng") ? &t : team;
        QVERIFY(team);
        QCOMPARE(who.value(QStringLiteral("step4")),
                 QSet<QString>(team->members.cbegin(), team->members.cend()));
        const TimestampNs thursdayNine =
            toTimestamp(QDateTime(QDate(2026, 3, 5), QTime(9, 0), QTimeZone("Europe/London")));
        QCOMPARE(due.value(QStringLiteral("step4")), now + (thursdayNine - raisedAt));
        // Two methods each: email and webhook.
        QCOMPARE(changes.planned.size(), 2 * (1 + 1 + 1 + int(team->members.size())));

        // The clock's escalation at the ack-by deadline pages nobody more: step 2 has it.
        clock.advance(response + nanosPerSecond);
        book.tick();
        QVERIFY(book.alert(id)->escalated);
        QVERIFY(planner.plan(book.takeChanges(), now, clock.now(), book.schedule()).isEmpty());
    }

    void repeatsRunTheChainAgain()
    {
        Workspace ws = paged();
        EscalationPolicy policy;
        policy.id = QStringLiteral("twice");
        policy.repeat = 2;
        EscalationStep first;
        EscalationStep second;
        second.target = EscalationStep::Target::People;
        second.people = {QStringLiteral("chen")};
        second.afterSeconds = 600;
        policy.steps = {first, second};
        ws.escalationPolicies = {policy};
        for (SlaPolicy &p : ws.slaPolicies)
            p.escalation = QStringLiteral("twice"); // through the SLA policy
        for (Pipeline &p : ws.pipelines)
            p.slaPolicy = ws.slaPolicies.first().id;
        ManualClock clock(t0);
        AlertBook book(ws, clock);
        const qint64 id = book.fire(burst(QStringLiteral("u6")));
        DeliveryPlanner planner(ws);
        const DeliveryChanges changes =
            planner.plan(book.takeChanges(), 0, clock.now(), book.schedule());
        QMap<QString, qint64> minutes;
        for (const Delivery &d : changes.planned)
            minutes.insert(d.step, d.nextAttemptAt / (60 * nanosPerSecond));
        // Runs start one gap (10 minutes) after the last step of the one before.
        QCOMPARE(minutes, (QMap<QString, qint64>{{QStringLiteral("step1"), 0},
                                                 {QStringLiteral("step2"), 10},
                                                 {QStringLiteral("step1.1"), 20},
                                                 {QStringLiteral("step2.1"), 30},
                                                 {QStringLiteral("step1.2"), 40},
                                                 {QStringLiteral("step2.2"), 50}}));
        // Acknowledging stops the chain: everything not sent is cancelled.
        QVERIFY(book.acknowledge(id, QStringLiteral("chen")));
        QCOMPARE(planner.plan(book.takeChanges(), 0, clock.now(), book.schedule()).cancelled,
                 QList<qint64>{id});

        // A person's escalation still pages the new assignee.
        const qint64 other = book.fire(burst(QStringLiteral("u7")));
        planner.plan(book.takeChanges(), 0, clock.now(), book.schedule());
        QVERIFY(book.escalate(other, QStringLiteral("dana")));
        const DeliveryChanges escalated =
            planner.plan(book.takeChanges(), 0, clock.now(), book.schedule());
        QVERIFY(!escalated.planned.isEmpty());
        for (const Delivery &d : escalated.planned) {
            QCOMPARE(d.step, QStringLiteral("escalated"));
            QCOMPARE(d.person, book.alert(other)->assignee);
        }
    }
    // A person's rules: which severities each method carries, how long it waits, and quiet
    // hours in their own zone that hold medium alerts until the morning.
    void personalRulesAndQuietHours()
    {
        Workspace ws = paged();
        for (Person &p : ws.people) {
            p.contacts[2].severities = {Severity::Critical}; // the webhook rings for critical only
            p.contacts[0].afterSeconds = 300;                // email five minutes on
            p.quietHours = QuietHours{QTime(22, 0), QTime(8, 0), {Severity::Medium}};
        }
        // 23:30 in London, in winter (GMT).
        const TimestampNs late =
            toTimestamp(QDateTime(QDate(2026, 1, 14), QTime(23, 30), QTimeZone::utc()));
        ManualClock clock(late);
        AlertBook book(ws, clock);
        DeliveryPlanner planner(ws);
        auto plan = [&](Severity s, const QString &subject) {
            AlertCondition c = burst(subject);
            c.severity = s;
            book.fire(c);
            return planner.plan(book.takeChanges(), 0, clock.now(), book.schedule()).planned;
        };
        const QList<Delivery> critical = plan(Severity::Critical, QStringLiteral("c1"));
        QCOMPARE(critical.size(), 2);
        for (const Delivery &d : critical)
            QCOMPARE(d.nextAttemptAt, d.kind == QLatin1String("email") ? 300 * nanosPerSecond : 0);

        const QList<Delivery> high = plan(Severity::High, QStringLiteral("h1"));
        QCOMPARE(high.size(), 1); // the webhook does not carry high alerts
        QCOMPARE(high.first().kind, QStringLiteral("email"));
        QCOMPARE(high.first().nextAttemptAt, 300 * nanosPerSecond); // not held: not medium

        const QList<Delivery> medium = plan(Severity::Medium, QStringLiteral("m1"));
        QCOMPARE(medium.size(), 1);
        const Person *who = ws.person(medium.first().person);
        const QTimeZone zone(who->timeZone.toUtf8());
        const QDateTime local = toDateTime(late + 300 * nanosPerSecond).toTimeZone(zone);
        // Held until 08:00 in the person's zone: the same morning or the next one.
        const QDate morning = local.time() < QTime(8, 0) ? local.date() : local.date().addDays(1);
        QVERIFY(local.time() >= QTime(22, 0) || local.time() < QTime(8, 0));
        QCOMPARE(medium.first().nextAttemptAt,
                 toTimestamp(QDateTime(morning, QTime(8, 0), zone)) - late);
    }
};

QTEST_GUILESS_MAIN(tst_DeliveryPlanner)
#include "tst_deliveryplanner.moc"
