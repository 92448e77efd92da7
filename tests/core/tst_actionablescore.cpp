#include "demoworkspace.h"
#include "domain/clock.h"
#include "runningworker.h"
#include "score/actionablemodel.h"
#include "score/noiseevaluation.h"
#include "score/raisescorer.h"
#include "score/synthetichistory.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "storage/deliverystore.h"

#include <QtTest>

#include <cmath>

using namespace wk;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond; // Thursday 2026-01-01 00:00 UTC
constexpr qint64 minute = 60 * nanosPerSecond;
constexpr qint64 day = 86400 * nanosPerSecond;

// An ended alert of a rule about a subject, raised at `at` and ended `lasted` later.
Alert ended(qint64 id, TimestampNs at, qint64 lasted, AlertOutcome::Kind how,
            const QString &subject = QStringLiteral("42"),
            const QString &pipeline = QStringLiteral("engagement-aggregate"))
{
    Alert a;
    a.id = id;
    a.ruleId = QStringLiteral("burst-pnf");
    a.ruleKind = QStringLiteral("burst");
    a.pipelineId = pipeline;
    a.subject = subject;
    a.triggeredAt = at;
    a.eventCount = 5;
    a.state = AlertState::Resolved;
    a.resolvedAt = at + lasted;
    a.updatedAt = at + lasted;
    a.outcome.kind = how;
    a.outcome.by = QStringLiteral("chen");
    a.outcome.at = at + lasted;
    return a;
}

float cell(const std::vector<float> &rows, int row, int column)
{
    return rows[size_t(row) * AlertFeatures::ColumnCount + size_t(column)];
}

// Rows as bytes: equal when every number is, missing ones (NaN) included.
QByteArray bytes(const std::vector<float> &rows)
{
    return {reinterpret_cast<const char *>(rows.data()), qsizetype(rows.size() * sizeof(float))};
}

NoiseEvaluation evaluate(bool signal, quint64 seed)
{
    SyntheticHistory::Options o;
    o.alerts = 6000;
    o.seed = seed;
    o.signal = signal;
    const Workspace ws = test::demoWorkspace();
    QString why;
    const auto e = NoiseEvaluation::run(ws, SyntheticHistory::generate(ws, o), 0.7, {}, &why);
    if (!e)
        qFatal("no evaluation: %s", qPrintable(why));
    return *e;
}

} // namespace

class tst_ActionableScore : public QObject
{
    Q_OBJECT
private slots:
    void countsAndHourOfWeek()
    {
        Alert a;
        a.eventCount = 9;
        a.timeline = {{0, QStringLiteral("engine"), QStringLiteral("updated"),
                       QStringLiteral("count 5 → 12")},
                      {0, QStringLiteral("engine"), QStringLiteral("updated"),
                       QStringLiteral("count 12 → 9")}};
        QCOMPARE(AlertFeatures::counts(a), std::make_pair(5, 12));
        a.timeline.clear();
        QCOMPARE(AlertFeatures::counts(a), std::make_pair(9, 9));
        // Thursday 00:30 in UTC is Wednesday 19:30 in New York.
        QCOMPARE(AlertFeatures::hourOfWeek(t0 + 30 * minute, QString()), 3 * 24);
        QCOMPARE(AlertFeatures::hourOfWeek(t0 + 30 * minute, QStringLiteral("America/New_York")),
                 2 * 24 + 19);
    }

    // The history an alert is judged by is what was known when it rose: earlier alerts of
    // the same rule and subject count once they had ended, and a later outcome changes
    // nothing.
    void featuresSeeOnlyThePast()
    {
        const Workspace ws = test::demoWorkspace();
        const TimestampNs t = t0 + 40 * day;
        QList<Alert> history = {
            ended(1, t - 20 * day, 10 * minute, AlertOutcome::Kind::Noise),
            ended(2, t - 5 * day, 10 * minute, AlertOutcome::Kind::ResolvedByItself),
            ended(3, t - 3 * day, 10 * minute, AlertOutcome::Kind::Actionable),
            ended(4, t - 35 * day, 10 * minute, AlertOutcome::Kind::Noise), // too long ago
            ended(5, t - 2 * day, 3 * day, AlertOutcome::Kind::Noise),      // ended after t
            ended(6, t - minute, 10 * minute, AlertOutcome::Kind::Actionable,
                  QStringLiteral("other")),
        };
        Alert upstream = ended(7, t - minute, day, AlertOutcome::Kind::Actionable,
                               QStringLiteral("x"), QStringLiteral("profit-unit"));
        history << upstream;
        Alert now = ended(8, t, 10 * minute, AlertOutcome::Kind::Actionable, QStringLiteral("42"),
                          QStringLiteral("profit-aggregate"));
        history << now;
        AlertFeatures features(ws, {}, true);
        std::vector<float> rows = features.rows({now}, history);
        QCOMPARE(cell(rows, 0, AlertFeatures::SubjectFired7d), 3.0f);  // 2, 3, 5
        QCOMPARE(cell(rows, 0, AlertFeatures::SubjectFired30d), 4.0f); // and 1
        // Ended in the 30 days before with a known outcome: 1, 2, 3 (5 had not ended).
        QCOMPARE(cell(rows, 0, AlertFeatures::SubjectFalseShare30d), 2.0f / 3.0f);
        QCOMPARE(cell(rows, 0, AlertFeatures::RuleFired7d), 5.0f); // and 6, another subject
        const Pipeline *p = ws.pipeline(QStringLiteral("profit-aggregate"));
        QVERIFY(p && p->upstream.contains(QStringLiteral("profit-unit")));
        QCOMPARE(cell(rows, 0, AlertFeatures::UpstreamOpen), 1.0f);

        // Outcomes learned later, and alerts raised later, change nothing.
        history[4].outcome.kind = AlertOutcome::Kind::Actionable;
        history << ended(9, t + minute, minute, AlertOutcome::Kind::Noise);
        history[2].outcome.at = t + day; // marked later: the end still counts
        AlertFeatures again(ws, features.vocabulary(), false);
        QCOMPARE(bytes(again.rows({now}, history)), bytes(rows));
        // Without the upstream alert, nothing upstream was open.
        history.removeIf([](const Alert &a) { return a.id == 7; });
        QCOMPARE(cell(again.rows({now}, history), 0, AlertFeatures::UpstreamOpen), 0.0f);

        // A text value the model never saw is missing, not a number of its own.
        Alert unseen = now;
        unseen.ruleId = QStringLiteral("brand-new-rule");
        QVERIFY(std::isnan(cell(again.rows({unseen}, history), 0, AlertFeatures::Rule)));
    }

    void eventNamesAndTheLastChange()
    {
        const Workspace ws = test::demoWorkspace();
        const TimestampNs t = t0 + 40 * day;
        Alert pnf =
            ended(1, t, minute, AlertOutcome::Kind::Noise, QStringLiteral("u7/page not found"));
        Alert timeout =
            ended(2, t, minute, AlertOutcome::Kind::Noise, QStringLiteral("u7/time out"));
        Alert external = ended(3, t, minute, AlertOutcome::Kind::Actionable);
        external.ruleKind = QStringLiteral("external");
        external.title = QStringLiteral("HighErrorRate");
        Alert fresh = ended(4, t, minute, AlertOutcome::Kind::Actionable);
        fresh.ruleKind = QStringLiteral("freshness");
        QCOMPARE(AlertFeatures::eventName(pnf), QStringLiteral("page not found"));
        QCOMPARE(AlertFeatures::eventName(external), QStringLiteral("HighErrorRate"));
        QVERIFY(AlertFeatures::eventName(fresh).isEmpty());

        // A dbt run 90 minutes before, one 10 minutes after (not seen yet when they rose).
        const std::vector<TimestampNs> changes = {t - 5 * day, t + 10 * minute, t - 90 * minute};
        AlertFeatures features(ws, {}, true, changes);
        const QList<Alert> alerts = {pnf, timeout, external, fresh};
        const std::vector<float> rows = features.rows(alerts, alerts);
        QCOMPARE(cell(rows, 0, AlertFeatures::SinceChange), 1.5f);
        QCOMPARE(cell(rows, 3, AlertFeatures::SinceChange), 1.5f);
        QVERIFY(cell(rows, 0, AlertFeatures::EventName) != cell(rows, 1, AlertFeatures::EventName));
        QVERIFY(!std::isnan(cell(rows, 2, AlertFeatures::EventName)));
        QVERIFY(std::isnan(cell(rows, 3, AlertFeatures::EventName)));
        // With no change before it, the time since one is missing, not zero.
        AlertFeatures none(ws, features.vocabulary(), false, {t + minute});
        QVERIFY(std::isnan(cell(none.rows({pnf}, alerts), 0, AlertFeatures::SinceChange)));
        // Said in words for the details.
        QCOMPARE(ActionableModel::words(ws, pnf, AlertFeatures::SinceChange, 1.5f),
                 QStringLiteral("raised 1.5 h after the last dbt run or deploy"));
        QCOMPARE(ActionableModel::words(ws, pnf, AlertFeatures::EventName, 0.0f),
                 QStringLiteral("'page not found' events"));
        // The vocabulary of event names is kept with the model.
        QCOMPARE(AlertFeatures::Vocabulary::fromList(features.vocabulary().toList()),
                 features.vocabulary());
        QCOMPARE(features.vocabulary().event.size(), 3);
    }

    void plantedSignalIsFound()
    {
        const NoiseEvaluation e = evaluate(true, 11);
        qInfo().noquote() << "\n" << e.text();
        QVERIFY2(e.model.auc > 0.75, qPrintable(e.text()));
        QVERIFY2(e.model.auc > e.severity.auc + 0.1, qPrintable(e.text()));
        QVERIFY2(e.model.precisionTop10 > e.severity.precisionTop10, qPrintable(e.text()));
        QVERIFY2(e.model.falseAlarmsDemoted > e.severity.falseAlarmsDemoted, qPrintable(e.text()));
    }

    // Outcomes that depend on nothing: the model cannot beat chance, nor severity, by more
    // than noise.
    void noSignalIsNotInvented()
    {
        for (quint64 seed : {3u, 4u}) {
            const NoiseEvaluation e = evaluate(false, seed);
            qInfo().noquote() << "\n" << e.text();
            QVERIFY2(std::abs(e.model.auc - 0.5) < 0.05, qPrintable(e.text()));
            QVERIFY2(e.model.auc - e.severity.auc < 0.05, qPrintable(e.text()));
        }
    }

    void tooLittleHistoryHasNoScore()
    {
        const Workspace ws = test::demoWorkspace();
        SyntheticHistory::Options o;
        o.alerts = 150;
        QList<Alert> few = SyntheticHistory::generate(ws, o);
        QString why;
        QVERIFY(!ActionableModel::train(ActionableModel::trainingSet(ws, few), {}, &why));
        QVERIFY2(why.contains(QStringLiteral("the score needs 200")), qPrintable(why));

        o.alerts = 400;
        QList<Alert> one = SyntheticHistory::generate(ws, o);
        for (Alert &a : one) {
            a.outcome.kind = AlertOutcome::Kind::Actionable;
            a.outcome.by = QStringLiteral("chen");
        }
        QVERIFY(!ActionableModel::train(ActionableModel::trainingSet(ws, one), {}, &why));
        QVERIFY2(why.contains(QStringLiteral("0 false alarms")), qPrintable(why));
    }

    void storedModelScoresTheSameAndExplains()
    {
        const Workspace ws = test::demoWorkspace();
        SyntheticHistory::Options o;
        o.alerts = 3000;
        const QList<Alert> history = SyntheticHistory::generate(ws, o);
        QString why;
        const auto model =
            ActionableModel::train(ActionableModel::trainingSet(ws, history), {}, &why);
        QVERIFY2(model, qPrintable(why));
        const QList<Alert> some = history.mid(2500, 50);
        const std::vector<double> scores = model->score(ws, some, history);
        QCOMPARE(scores.size(), size_t(50));
        for (double s : scores)
            QVERIFY(s >= 0 && s <= 100);
        const auto back = ActionableModel::load(model->save(), &why);
        QVERIFY2(back, qPrintable(why));
        QCOMPARE(back->vocabulary(), model->vocabulary());
        QCOMPARE(back->trainedOn(), model->trainedOn());
        QCOMPARE(back->score(ws, some, history), scores);
        QVERIFY(!ActionableModel::load(QByteArray("not a model"), &why));
        QVERIFY2(why.contains(QStringLiteral("not one this build reads")), qPrintable(why));

        const QList<ActionableModel::Reason> reasons = model->explain(ws, some.first(), history, 3);
        QCOMPARE(reasons.size(), 3);
        QSet<int> columns;
        for (int i = 0; i < reasons.size(); ++i) {
            QVERIFY(!reasons[i].words.isEmpty());
            columns.insert(reasons[i].column);
            if (i > 0)
                QVERIFY(std::abs(reasons[i - 1].contribution) >= std::abs(reasons[i].contribution));
        }
        QCOMPARE(columns.size(), 3);
    }

    // The console trains on a pool thread after it starts, stores the model with its
    // figures, and a console started later begins from the stored one without training.
    // Too little history stores why there is no score.
    void consoleTrainsStoresAndStartsFromTheStored()
    {
        EngineWorker::registerTypes();
        const Workspace ws = test::demoWorkspace();
        for (const int alerts : {900, 40}) {
            QTemporaryDir dir;
            const QString store = dir.filePath(QStringLiteral("s.sqlite"));
            SyntheticHistory::Options o;
            o.alerts = alerts;
            {
                QString error;
                auto db = Database::open(store, &error);
                QVERIFY2(db, qPrintable(error));
                QVERIFY2(AlertStore(*db).save(SyntheticHistory::generate(ws, o), &error),
                         qPrintable(error));
            }
            ManualClock clock(o.end + day);
            ScoreModelInfo trained;
            {
                test::RunningWorker r(ws, store, &clock);
                r.worker->setScoreTrainingDelay(0);
                QSignalSpy told(r.worker, &EngineWorker::scoreModelChanged);
                QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
                QVERIFY(test::arrived(told, 1, 30000));
                trained = told.first().first().value<ScoreModelInfo>();
            }
            QCOMPARE(trained.trainedAt, clock.now());
            if (alerts == 40) {
                QVERIFY(!trained.hasModel());
                QVERIFY2(trained.whyNone.contains(QStringLiteral("needs 200")),
                         qPrintable(trained.whyNone));
                continue;
            }
            QVERIFY2(trained.hasModel(), qPrintable(trained.whyNone));
            QVERIFY(trained.history > 800);
            QVERIFY2(trained.evaluation.contains(QStringLiteral("actionable score")),
                     qPrintable(trained.evaluation));
            QString why;
            QVERIFY2(ActionableModel::load(trained.model, &why), qPrintable(why));

            test::RunningWorker again(ws, store, &clock);
            again.worker->setScoreTrainingDelay(-1);
            QSignalSpy told(again.worker, &EngineWorker::scoreModelChanged);
            QMetaObject::invokeMethod(again.worker, &EngineWorker::start);
            QVERIFY(test::arrived(told, 1));
            QCOMPARE(told.first().first().value<ScoreModelInfo>(), trained);
        }
    }

    // The engine scores an alert as it is raised from what it keeps of the alerts before
    // it; the row is the one the whole history gives, number for number, and so the score.
    void raiseScoresAreTheHistorysScores()
    {
        const Workspace ws = test::demoWorkspace();
        SyntheticHistory::Options o;
        o.alerts = 3000;
        const QList<Alert> history = SyntheticHistory::generate(ws, o);
        const std::vector<TimestampNs> changes = {o.end - 40 * day, o.end - 3 * day};
        QString why;
        const auto model =
            ActionableModel::train(ActionableModel::trainingSet(ws, history, changes), {}, &why);
        QVERIFY2(model, qPrintable(why));
        const auto shared = std::make_shared<const ActionableModel>(*model);
        AlertFeatures whole(ws, model->vocabulary(), false, changes);
        const std::vector<float> expected = whole.rows(history, history);
        const std::vector<double> scores = model->score(expected);

        RaiseScorer live(ws);
        QVERIFY(!live.score(history.first()));
        live.setModel(shared);
        live.setChanges(changes);
        int upstream = 0, falseShares = 0;
        for (qsizetype i = 0; i < history.size(); ++i) {
            const Alert &a = history.at(i);
            live.remember(a); // as it ended: what ended after it rose is not looked at
            const std::vector<float> row = live.row(a);
            const std::vector<float> want(expected.begin() + i * AlertFeatures::ColumnCount,
                                          expected.begin() + (i + 1) * AlertFeatures::ColumnCount);
            QVERIFY2(bytes(row) == bytes(want), qPrintable(QStringLiteral("alert %1").arg(a.id)));
            QCOMPARE(live.score(a), int(std::lround(scores[size_t(i)])));
            upstream += row[AlertFeatures::UpstreamOpen] > 0 ? 1 : 0;
            falseShares += std::isnan(row[AlertFeatures::RuleFalseShare30d]) ? 0 : 1;
        }
        // The comparison covered the history-dependent columns, not only missing values.
        QVERIFY(upstream > 0);
        QVERIFY(falseShares > history.size() / 2);
    }

    // "Ring my phone for alerts that are likely real; email me the rest": a console trained
    // on its history puts each raised alert's score on its timeline and pages by it.
    void pagesGoByTheScoreWhenRaised()
    {
        EngineWorker::registerTypes();
        Workspace ws = test::demoWorkspaceWithRules(
            QStringLiteral("  - {id: burst-session-start, kind: burst, pipeline: "
                           "engagement-aggregate, severity: high, source: app-errors, "
                           "events: [session start], threshold: 5, window: 5m}\n"
                           "  - {id: burst-page-not-found, kind: burst, pipeline: "
                           "engagement-aggregate, severity: high, source: app-errors, "
                           "events: [page not found], threshold: 5, window: 5m}\n"));
        for (Person &p : ws.people) {
            ContactMethod phone;
            phone.kind = ContactMethod::Kind::Ntfy;
            phone.address = QStringLiteral("https://ntfy.example.org/oncall-") + p.id;
            phone.actionableAtLeast = 40;
            ContactMethod email;
            email.address = p.email;
            email.actionableBelow = 40;
            p.contacts = {phone, email};
            for (ContactMethod &m : p.contacts)
                m.dryRun = true;
        }
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("s.sqlite"));
        SyntheticHistory::Options o;
        o.alerts = 3000;
        const QList<Alert> history = SyntheticHistory::generate(ws, o);
        QString error;
        auto db = Database::open(store, &error);
        QVERIFY2(db, qPrintable(error));
        QVERIFY2(AlertStore(*db).save(history, &error), qPrintable(error));

        ManualClock clock(o.end + day);
        test::RunningWorker r(ws, store, &clock);
        r.worker->setScoreTrainingDelay(0);
        QSignalSpy trained(r.worker, &EngineWorker::scoreModelChanged);
        QSignalSpy changed(r.worker, &EngineWorker::alertsChanged);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
        QVERIFY(test::arrived(trained, 1, 30000));
        const ScoreModelInfo info = trained.first().first().value<ScoreModelInfo>();
        QVERIFY2(info.hasModel(), qPrintable(info.whyNone));

        // Many session starts within a minute, and a lone "page not found" burst.
        QList<Event> events;
        for (int i = 0; i < 25; ++i)
            events.append({QStringLiteral("app-errors"), clock.now() + i * nanosPerSecond,
                           QStringLiteral("1500"), QStringLiteral("session start"),
                           QStringLiteral("s%1").arg(i)});
        for (int i = 0; i < 5; ++i)
            events.append({QStringLiteral("app-errors"), clock.now() + i * nanosPerSecond,
                           QStringLiteral("1001"), QStringLiteral("page not found"),
                           QStringLiteral("p%1").arg(i)});
        clock.advance(30 * nanosPerSecond);
        QMetaObject::invokeMethod(r.worker, [&] { r.worker->ingest(events); });
        QMetaObject::invokeMethod(r.worker, &EngineWorker::evaluateNow,
                                  Qt::BlockingQueuedConnection);
        QHash<QString, Alert> raised; // by rule
        for (const QList<QVariant> &args : std::as_const(changed))
            for (const Alert &a : args.first().value<QList<Alert>>())
                if (a.triggeredAt >= o.end)
                    raised.insert(a.ruleId, a);
        QCOMPARE(raised.size(), 2);
        const Alert sessions = raised.value(QStringLiteral("burst-session-start"));
        const Alert notFound = raised.value(QStringLiteral("burst-page-not-found"));
        const auto high = scoreWhenRaised(sessions), low = scoreWhenRaised(notFound);
        QVERIFY(high && low);
        QVERIFY2(*high >= 40 && *low < 40,
                 qPrintable(QStringLiteral("%1, %2").arg(*high).arg(*low)));
        const auto entry = std::find_if(
            sessions.timeline.cbegin(), sessions.timeline.cend(),
            [](const TimelineEntry &e) { return e.action == QLatin1String(scoredAction); });
        QCOMPARE(entry->detail, QStringLiteral("actionable %1 when raised").arg(*high));

        // The score is the model's for the alert and the stored history.
        const auto model = ActionableModel::load(info.model, &error);
        QVERIFY2(model, qPrintable(error));
        QList<Alert> all = history;
        all << sessions << notFound;
        const std::vector<double> scores = model->score(ws, {sessions, notFound}, all);
        QCOMPARE(*high, int(std::lround(scores.at(0))));
        QCOMPARE(*low, int(std::lround(scores.at(1))));

        // The phone rang for the real one; the other went by email only.
        for (const auto &[alert, kind] : {std::pair{sessions, QStringLiteral("ntfy")},
                                          std::pair{notFound, QStringLiteral("email")}}) {
            const auto pages = DeliveryStore(*db).list(0, alert.id, &error);
            QVERIFY2(pages, qPrintable(error));
            QVERIFY(!pages->isEmpty());
            for (const Delivery &d : *pages)
                QCOMPARE(d.kind, kind);
        }
    }

    void rankingFiguresCountTiesFairly()
    {
        // Two positives, two negatives, all tied: a coin toss.
        NoiseEvaluation::Figures f =
            NoiseEvaluation::figures({1, 1, 1, 1}, {1.0f, 0.0f, 1.0f, 0.0f});
        QCOMPARE(f.auc, 0.5);
        QCOMPARE(f.falseAlarmsDemoted, 0.5);
        f = NoiseEvaluation::figures({4, 3, 2, 1}, {1.0f, 1.0f, 0.0f, 0.0f});
        QCOMPARE(f.auc, 1.0);
        QCOMPARE(f.precisionTop10, 1.0);
        QCOMPARE(f.falseAlarmsDemoted, 1.0);
        f = NoiseEvaluation::figures({1, 2, 3, 4}, {1.0f, 1.0f, 0.0f, 0.0f});
        QCOMPARE(f.auc, 0.0);
        QCOMPARE(f.falseAlarmsDemoted, 0.0);
    }
};

QTEST_GUILESS_MAIN(tst_ActionableScore)
#include "tst_actionablescore.moc"
