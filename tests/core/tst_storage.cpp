#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/alertbook.h"
#include "pgtestdatabase.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "storage/deliverystore.h"
#include "storage/runbookhistory.h"
#include "storage/schedulestore.h"
#include "storage/scoremodelstore.h"
#include "storage/shiftrequeststore.h"
#include "storage/teamstatusstore.h"
#include "storage/workspacestore.h"
#include "workspace/workspacereader.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

#include <memory>
#include <tuple>

using namespace wk;

namespace {
Workspace demo()
{
    return test::demoWorkspace();
}

// The high-severity burst of u1's errors on engagement-aggregate that the alert tests store.
AlertCondition errorBurst()
{
    AlertCondition c;
    c.ruleId = QStringLiteral("errors");
    c.ruleKind = QStringLiteral("burst");
    c.pipelineId = QStringLiteral("engagement-aggregate");
    c.subject = QStringLiteral("u1");
    c.title = QStringLiteral("5 time outs for u1");
    c.severity = Severity::High;
    return c;
}
} // namespace

// Every case runs on both backends: the same schema and behaviour on SQLite and PostgreSQL.
class tst_Storage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::PgTestDatabase> m_pg;

    QString location()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == QLatin1String("sqlite"))
            return m_dir.filePath(QStringLiteral("%1.sqlite").arg(QTest::currentTestFunction()));
        m_pg = std::make_unique<test::PgTestDatabase>();
        return m_pg->url();
    }

private slots:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgres") << QStringLiteral("postgres");
    }

    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == QLatin1String("postgres")) {
            test::PgTestDatabase probe;
            QVERIFY2(probe.isValid(), qPrintable(probe.error()));
        }
    }

    void cleanup() { m_pg.reset(); }

    void migratesAtOpen()
    {
        const QString where = location();
        QString error;
        {
            auto db = Database::open(where, &error);
            QVERIFY2(db, qPrintable(error));
            QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
        }
        // Opening again finds the schema current and changes nothing.
        auto db = Database::open(where, &error);
        QVERIFY2(db, qPrintable(error));
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), Database::latestSchemaVersion());
    }

    // While a console pages, its engine's saves leave folding the log back into the database
    // to the sender's connection: without that the log grows with every save; with it, the
    // log is written over from its start again.
    void checkpointsCanBeLeftToAnotherConnection()
    {
        const QString where = location();
        QString error;
        auto engine = Database::open(where, &error);
        QVERIFY2(engine, qPrintable(error));
        auto sender = Database::open(where, &error);
        QVERIFY2(sender, qPrintable(error));
        QVERIFY2(engine->setAutoCheckpoint(false, &error), qPrintable(error));
        QVERIFY2(sender->checkpoint(&error), qPrintable(error));
        if (engine->backend() == Database::Backend::Postgres)
            return; // no log of SQLite's kind: both ask nothing of the server
        QSqlQuery q(engine->connection());
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE scratch (x TEXT)")));
        const QString wal = Database::sqlitePath(where) + QStringLiteral("-wal");
        auto write = [&](int saves) {
            for (int i = 0; i < saves; ++i) {
                QVERIFY(engine->connection().transaction());
                QSqlQuery insert(engine->connection());
                insert.prepare(QStringLiteral("INSERT INTO scratch VALUES (?)"));
                for (int row = 0; row < 100; ++row) {
                    insert.addBindValue(QString(1000, QLatin1Char('a' + row % 26)));
                    QVERIFY(insert.exec());
                }
                QVERIFY(engine->connection().commit());
            }
        };
        write(80); // some 8 MB: twice what SQLite lets the log reach before folding it back
        const qint64 grown = QFileInfo(wal).size();
        QVERIFY2(grown > 6'000'000, qPrintable(QString::number(grown)));
        QVERIFY2(sender->checkpoint(&error), qPrintable(error));
        write(80);
        // Written over, not added to: as long as before (the table's inner pages grew a little),
        // far from twice as long.
        QVERIFY2(QFileInfo(wal).size() < grown * 5 / 4,
                 qPrintable(QStringLiteral("%1 after %2").arg(QFileInfo(wal).size()).arg(grown)));
        // And on again: the engine's own saves keep the log near SQLite's 4 MB.
        QVERIFY(engine->setAutoCheckpoint(true, &error));
        QVERIFY(sender->checkpoint(&error));
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        q.finish();
        write(80);
        QVERIFY2(QFileInfo(wal).size() < 5'000'000,
                 qPrintable(QString::number(QFileInfo(wal).size())));
    }

    void refusesNewerSchema()
    {
        const QString where = location();
        QString error;
        {
            auto db = Database::open(where, &error);
            QVERIFY2(db, qPrintable(error));
            QSqlQuery q(db->connection());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO schema_migrations VALUES (999, 'x')")));
        }
        QVERIFY(!Database::open(where, &error));
        QVERIFY2(error.contains(QStringLiteral("schema version 999")), qPrintable(error));
    }

    void importExportRoundTrip()
    {
        QString error;
        auto db = Database::open(location(), &error);
        QVERIFY2(db, qPrintable(error));
        WorkspaceStore store(*db);
        QVERIFY(!store.exportWorkspace(&error));
        QVERIFY2(error.isEmpty(), qPrintable(error));

        Workspace original = demo();
        // Heartbeats are stored with the workspace too, every field of them.
        Heartbeat nightly;
        nightly.id = QStringLiteral("nightly-export");
        nightly.pipeline = original.pipelines.first().id;
        nightly.intervalSeconds = 86400;
        nightly.graceSeconds = 1800;
        nightly.severity = Severity::Critical;
        Heartbeat sync = nightly;
        sync.id = QStringLiteral("sync");
        sync.intervalSeconds = 900;
        sync.graceSeconds = 0;
        sync.severity = Severity::Medium;
        original.heartbeats = {nightly, sync};
        // So are shift reminders that are not the default hour.
        original.people[0].shiftReminderSeconds = 0;
        original.people[1].shiftReminderSeconds = 2 * 3600;
        // And an sql source's lookback, for the rules run in its warehouse.
        DataSource warehouse;
        warehouse.id = QStringLiteral("warehouse");
        warehouse.kind = DataSource::Kind::Sql;
        warehouse.connection = QStringLiteral("postgresql://dwh/analytics");
        warehouse.table = QStringLiteral("app.events");
        warehouse.timeColumn = QStringLiteral("event_timestamp");
        warehouse.lookbackSeconds = 7200;
        original.sources.append(warehouse);
        // And contact methods that page within a band of the actionable score.
        ContactMethod byScore;
        byScore.kind = ContactMethod::Kind::Ntfy;
        byScore.address = QStringLiteral("https://ntfy.example.org/oncall");
        byScore.actionableAtLeast = 40;
        byScore.actionableBelow = 90;
        original.people[0].contacts.append(byScore);
        byScore.actionableAtLeast.reset();
        original.people[1].contacts.append(byScore);
        // And the swap approver, the digest's channel, who turned the digest off, and whom
        // an override covers.
        original.people[2].handoffDigest = false;
        original.people[3].shiftChanges = false;
        original.rotations[0].swapApprover = original.people[0].id;
        original.rotations[0].handoffChannel = original.people[1].id;
        ScheduleOverride cover;
        cover.id = QStringLiteral("cover-1");
        cover.rotation = original.rotations[0].id;
        cover.person = original.people[2].id;
        cover.start = QDateTime(QDate(2026, 11, 18), QTime(12, 0), QTimeZone::utc());
        cover.end = cover.start.addSecs(3600);
        cover.createdBy = original.people[0].id;
        cover.reason = QStringLiteral("dentist");
        cover.covering = original.people[3].id;
        original.overrides = {cover};
        QVERIFY2(store.importWorkspace(original, &error), qPrintable(error));
        const auto exported = store.exportWorkspace(&error);
        QVERIFY2(exported, qPrintable(error));
        QCOMPARE(*exported, original);

        // A second import replaces the first completely.
        Workspace smaller = original;
        smaller.name = QStringLiteral("Renamed");
        smaller.runbooks.removeLast();
        smaller.customers.removeFirst();
        smaller.pipelines[1].upstream.clear();
        // The receiver's settings, TLS files included, are part of what is stored.
        smaller.receiver.enabled = true;
        smaller.receiver.address = QStringLiteral("0.0.0.0");
        smaller.receiver.tlsCertificate = QStringLiteral("tls/cert.pem");
        smaller.receiver.tlsKey = QStringLiteral("tls/key.pem");
        QVERIFY2(store.importWorkspace(smaller, &error), qPrintable(error));
        QCOMPARE(*store.exportWorkspace(&error), smaller);
    }

    void failedImportChangesNothing()
    {
        QString error;
        auto db = Database::open(location(), &error);
        QVERIFY2(db, qPrintable(error));
        WorkspaceStore store(*db);
        const Workspace original = demo();
        QVERIFY2(store.importWorkspace(original, &error), qPrintable(error));

        // The reader would reject this; the store must not rely on that and still refuses it
        // (a dangling owner breaks a foreign key half-way through the import).
        Workspace broken = original;
        broken.name = QStringLiteral("Half imported");
        broken.pipelines.last().primaryOwner = QStringLiteral("nobody");
        QVERIFY(!store.importWorkspace(broken, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(*store.exportWorkspace(&error), original);
    }

    void twoConnectionsShareState()
    {
        const QString where = location();
        QString error;
        auto first = Database::open(where, &error);
        auto second = Database::open(where, &error);
        QVERIFY2(first && second, qPrintable(error));
        QVERIFY2(WorkspaceStore(*first).importWorkspace(demo(), &error), qPrintable(error));
        QCOMPARE(*WorkspaceStore(*second).exportWorkspace(&error), demo());
    }

    // Team mode's shared state, written on one connection and read on another: the
    // leader's status, alerts by revision, and a follower's request and its answer.
    void teamStateRoundTrip()
    {
        const QString where = location();
        QString error;
        auto leaderDb = Database::open(where, &error);
        QVERIFY2(leaderDb, qPrintable(error));
        auto followerDb = Database::open(where, &error);
        QVERIFY2(followerDb, qPrintable(error));
        const TimestampNs t = 1767225600123456789LL;

        EngineStatus status;
        status.leader = QStringLiteral("watchkeeper on ops-7");
        status.lastEvaluation = t;
        status.eventsPerSecond = 12.5;
        status.newestBySource = {{QStringLiteral("app-errors"), t - 987654321}};
        SourceHealth h;
        h.id = QStringLiteral("app-errors");
        h.kind = QStringLiteral("csv");
        h.where = QStringLiteral("/data/events.csv");
        h.lastSuccess = t - 1;
        h.newestData = t - 2;
        h.delivered = 42;
        h.error = QStringLiteral("cannot open");
        h.failingSince = t - 3;
        h.note = QStringLiteral("rotated");
        SourceHealth heartbeat;
        heartbeat.id = QStringLiteral("nightly");
        heartbeat.kind = QStringLiteral("heartbeat");
        heartbeat.lastSuccess = t - 5;
        heartbeat.status = QStringLiteral("Missing");
        heartbeat.alarming = true;
        status.sources = {h, heartbeat};
        dbt::Node orders;
        orders.uniqueId = QStringLiteral("model.shop.orders");
        orders.name = QStringLiteral("orders");
        orders.resourceType = QStringLiteral("model");
        orders.description = QStringLiteral("One row per order");
        orders.owner = QStringLiteral("dana@example.com");
        status.dbtModels = {{QStringLiteral("orders"), orders}};
        QVERIFY2(TeamStatusStore(*leaderDb).publish(status, t, &error), qPrintable(error));
        EngineStatus seen;
        QVERIFY2(TeamStatusStore(*followerDb).readInto(&seen, &error), qPrintable(error));
        QCOMPARE(seen.leader, status.leader);
        QCOMPARE(seen.lastEvaluation, t);
        QCOMPARE(seen.eventsPerSecond, 12.5);
        QCOMPARE(seen.newestBySource, status.newestBySource);
        QCOMPARE(seen.sources, status.sources);
        QCOMPARE(seen.dbtModels, status.dbtModels);

        ManualClock clock(1767225600LL * nanosPerSecond);
        AlertBook book(demo(), clock);
        const qint64 id = book.fire(errorBurst());
        AlertStore leader(*leaderDb);
        AlertStore follower(*followerDb);
        QVERIFY(follower.load(&error)->isEmpty());
        QVERIFY2(leader.save(book.takeChanges(), &error), qPrintable(error));
        auto changed = follower.loadChanged(&error);
        QVERIFY2(changed, qPrintable(error));
        QCOMPARE(changed->size(), 1);
        QCOMPARE(changed->first().timeline.size(), book.alert(id)->timeline.size());
        QVERIFY(follower.loadChanged(&error)->isEmpty()); // nothing new since

        AlertRequest snooze;
        snooze.id = QStringLiteral("r1");
        snooze.alertId = id;
        snooze.action = QStringLiteral("snooze");
        snooze.actor = QStringLiteral("chen");
        snooze.until = t + 3600LL * nanosPerSecond;
        snooze.requestedAt = t;
        snooze.console = QStringLiteral("console-b");
        QVERIFY2(follower.addRequest(snooze, &error), qPrintable(error));
        auto pending = leader.pendingRequests(&error);
        QVERIFY2(pending, qPrintable(error));
        QCOMPARE(pending->size(), 1);
        QCOMPARE(pending->first().until, snooze.until);
        QVERIFY(pending->first().outcome.isEmpty());
        QVERIFY(book.acknowledge(id, QStringLiteral("chen")));
        AlertRequest answer = pending->first();
        answer.outcome = QStringLiteral("done");
        QVERIFY2(leader.save(book.takeChanges(), &error, {answer}), qPrintable(error));
        QVERIFY(leader.pendingRequests(&error)->isEmpty());
        QVERIFY(follower.answeredRequests(QStringLiteral("console-a"), &error)->isEmpty());
        const auto answered = follower.answeredRequests(QStringLiteral("console-b"), &error);
        QCOMPARE(answered->size(), 1);
        QCOMPARE(answered->first().outcome, QStringLiteral("done"));
        changed = follower.loadChanged(&error);
        QCOMPARE(changed->size(), 1);
        QCOMPARE(changed->first().state, AlertState::Acknowledged);
        // Answers nobody collects go once they are old; a pending request stays however old.
        AlertRequest waiting = snooze;
        waiting.id = QStringLiteral("r2");
        QVERIFY2(follower.addRequest(waiting, &error), qPrintable(error));
        // A mark carries the outcome asked for.
        AlertRequest mark = snooze;
        mark.id = QStringLiteral("r3");
        mark.action = QStringLiteral("mark");
        mark.until.reset();
        mark.detail =
            QStringLiteral(R"({"kind":"noise","reason":"other","note":"é","by":"chen","at":"0"})");
        QVERIFY2(follower.addRequest(mark, &error), qPrintable(error));
        pending = leader.pendingRequests(&error);
        QCOMPARE(pending->size(), 2);
        QCOMPARE(pending->last().detail, mark.detail);
        QCOMPARE(pending->first().detail, QString());
        QVERIFY(follower.forgetRequests({QStringLiteral("r3")}, &error));
        QVERIFY2(leader.purgeAnsweredRequests(t, &error), qPrintable(error));
        QCOMPARE(follower.answeredRequests(QStringLiteral("console-b"), &error)->size(), 1);
        QVERIFY2(leader.purgeAnsweredRequests(t + 1, &error), qPrintable(error));
        QVERIFY(follower.answeredRequests(QStringLiteral("console-b"), &error)->isEmpty());
        QCOMPARE(leader.pendingRequests(&error)->size(), 1);
        QVERIFY(follower.forgetRequests({QStringLiteral("r2")}, &error));
    }

    // The newest training wins; a training without a model says why; only a few are kept.
    void scoreModelsNewestWins()
    {
        QString error;
        auto db = Database::open(location(), &error);
        QVERIFY2(db, qPrintable(error));
        ScoreModelStore store(*db);
        QCOMPARE(store.newest(&error)->trainedAt, 0);
        QCOMPARE(*store.newestTrainedAt(&error), 0);
        for (int i = 1; i <= 7; ++i) {
            ScoreModelInfo info;
            info.trainedAt = i * 1000;
            info.history = 300 + i;
            info.model = QByteArray("\x00\xff model ", 9) + QByteArray::number(i);
            info.evaluation = QStringLiteral("AUC 0.8%1 “fine”").arg(i);
            QVERIFY2(store.save(info, &error), qPrintable(error));
        }
        ScoreModelInfo none;
        none.trainedAt = 500; // older than the rest: not the newest
        none.whyNone = QStringLiteral("only 12 ended alerts");
        QVERIFY2(store.save(none, &error), qPrintable(error));
        const auto newest = store.newest(&error);
        QVERIFY2(newest, qPrintable(error));
        QCOMPARE(newest->trainedAt, 7000);
        QCOMPARE(newest->history, 307);
        QCOMPARE(newest->model, QByteArray("\x00\xff model 7", 10));
        QCOMPARE(newest->evaluation, QStringLiteral("AUC 0.87 “fine”"));
        QCOMPARE(*store.newestTrainedAt(&error), 7000);
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM score_models")) && q.next());
        QCOMPARE(q.value(0).toInt(), 5);
    }

    // The sender reads the few alerts whose pages it writes: those, with their timelines,
    // and without moving what the engine's own store has read.
    void someAlertsByTheirIds()
    {
        const QString where = location();
        QString error;
        auto db = Database::open(where, &error);
        QVERIFY2(db, qPrintable(error));
        ManualClock clock(1767225600LL * nanosPerSecond);
        AlertBook book(demo(), clock);
        QList<qint64> ids;
        for (const QString &user :
             {QStringLiteral("u1"), QStringLiteral("u2"), QStringLiteral("u3")}) {
            AlertCondition c = errorBurst();
            c.subject = user;
            ids << book.fire(c);
        }
        QVERIFY(book.acknowledge(ids.at(2), QStringLiteral("chen")));
        AlertStore engine(*db);
        QVERIFY2(engine.save(book.takeChanges(), &error), qPrintable(error));

        const auto some = AlertStore(*db).loadSome({ids.at(2), ids.at(0), 999}, &error);
        QVERIFY2(some, qPrintable(error));
        QCOMPARE(some->size(), 2); // 999 was never stored
        QCOMPARE(some->at(0), *book.alert(ids.at(0)));
        QCOMPARE(some->at(1), *book.alert(ids.at(2)));
        QCOMPARE(some->at(1).timeline.last().action, QStringLiteral("acknowledged"));
        QVERIFY(AlertStore(*db).loadSome({}, &error)->isEmpty());

        // A store that looked at some alerts still hears of every later change.
        AlertStore reader(*db);
        QVERIFY(reader.loadSome({ids.at(1)}, &error));
        QVERIFY(reader.loadChanged(&error)->size() == 3);
    }

    // A store from before recordings were numbered: the attempts its marks (in the row, or
    // in their own table) left off the timelines become the first recording, and nothing
    // they had noted comes back.
    // Two consoles decide on the same request: the one that read the older version stores
    // nothing, not its decision and not the overrides that came with it.
    void shiftRequestsFirstWriterWins()
    {
        const QString where = location();
        QString error;
        auto first = Database::open(where, &error);
        QVERIFY2(first, qPrintable(error));
        auto second = Database::open(where, &error);
        QVERIFY2(second, qPrintable(error));
        ShiftRequest r;
        r.id = QStringLiteral("req-1");
        r.rotation = QStringLiteral("investor-reporting");
        r.requester = QStringLiteral("amara");
        r.start = QDateTime(QDate(2026, 11, 18), QTime(12, 0), QTimeZone::utc());
        r.end = r.start.addSecs(3600);
        r.askedOf = {QStringLiteral("bruno"), QStringLiteral("chen")};
        r.reason = QStringLiteral("dentist");
        r.createdAt = r.start.addDays(-1);
        r.expiresAt = r.start;
        QVERIFY2(ShiftRequestStore(*first).add(r, &error), qPrintable(error));
        const auto read = ShiftRequestStore(*second).find(r.id, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(*read, r);

        auto takenBy = [&](ShiftRequest copy, const QString &who) {
            copy.state = ShiftRequest::State::Taken;
            copy.takenBy = who;
            ScheduleOverride o;
            o.id = QStringLiteral("o-%1").arg(who);
            o.rotation = copy.rotation;
            o.person = who;
            o.start = copy.start;
            o.end = copy.end;
            o.createdAt = copy.createdAt;
            o.request = copy.id;
            return std::pair{copy, o};
        };
        auto [byBruno, brunos] = takenBy(r, QStringLiteral("bruno"));
        auto [byChen, chens] = takenBy(*read, QStringLiteral("chen"));
        QCOMPARE(ShiftRequestStore(*first).update(byBruno, {brunos}, &error), std::optional(true));
        QCOMPARE(byBruno.version, 1);
        QCOMPARE(ShiftRequestStore(*second).update(byChen, {chens}, &error), std::optional(false));
        QCOMPARE(byChen.version, 0);
        const auto stored = ShiftRequestStore(*second).find(r.id, &error);
        QCOMPARE(stored->takenBy, QStringLiteral("bruno"));
        QCOMPARE(stored->version, 1);
        const auto overrides = ScheduleStore(*second).loadOverrides(&error);
        QVERIFY2(overrides, qPrintable(error));
        QCOMPARE(*overrides, QList<ScheduleOverride>{brunos});
        const auto listed = ShiftRequestStore(*first).load({}, &error);
        QCOMPARE(listed->size(), 1);
    }

    void olderMarksCarryOver()
    {
        const QString where = location();
        QString error;
        ManualClock clock(1767225600LL * nanosPerSecond);
        AlertBook book(demo(), clock);
        const qint64 id = book.fire(errorBurst());
        {
            auto db = Database::open(where, &error);
            QVERIFY2(db, qPrintable(error));
            QVERIFY2(AlertStore(*db).save(book.takeChanges(), &error), qPrintable(error));
            // Back to the schema the version before the delivery marks left (the five
            // after them only add calendar_keys, shift_requests, the outcome columns, the
            // event archive and the sources' lookback).
            QSqlQuery q(db->connection());
            for (const QString &sql :
                 {QStringLiteral("ALTER TABLE data_sources DROP COLUMN lookback"),
                  QStringLiteral("DROP TABLE event_archive"),
                  QStringLiteral("DROP TABLE score_models"),
                  QStringLiteral("ALTER TABLE alerts DROP COLUMN outcome"),
                  QStringLiteral("ALTER TABLE alert_requests DROP COLUMN detail"),
                  QStringLiteral("DROP TABLE shift_requests"),
                  QStringLiteral("DROP TABLE calendar_keys"),
                  QStringLiteral("DROP TABLE delivery_marks"),
                  QStringLiteral("ALTER TABLE deliveries DROP COLUMN recorded_batch"),
                  QStringLiteral("CREATE TABLE delivery_notes (key TEXT PRIMARY KEY NOT NULL, "
                                 "noted_attempts INTEGER NOT NULL)"),
                  QStringLiteral("DELETE FROM schema_migrations WHERE version >= %1")
                      .arg(Database::latestSchemaVersion() - 5)})
                QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
            // key, attempts, mark in the row, mark in delivery_notes (-1: none)
            const QList<std::tuple<QString, int, int, int>> rows = {
                {QStringLiteral("in-row"), 1, 1, -1},
                {QStringLiteral("in-notes"), 2, 0, 2},
                {QStringLiteral("unnoted"), 2, 1, 1},
                {QStringLiteral("untried"), 0, 0, -1},
            };
            for (const auto &[key, attempts, inRow, inNotes] : rows) {
                q.prepare(QStringLiteral(
                    "INSERT INTO deliveries (key, alert_id, alert_key, step, person, contact, "
                    "kind, target, subject, body_text, body_html, body_json, status, attempts, "
                    "created_at, next_attempt_at, result, noted_attempts) VALUES (?, ?, 'k', "
                    "'raised', 'amara', 0, 'email', 'amara@example.org', '', '', '', '', "
                    "'pending', ?, 1, 1, '', ?)"));
                q.addBindValue(key);
                q.addBindValue(id);
                q.addBindValue(attempts);
                q.addBindValue(inRow);
                QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
                if (inNotes < 0)
                    continue;
                q.prepare(QStringLiteral("INSERT INTO delivery_notes VALUES (?, ?)"));
                q.addBindValue(key);
                q.addBindValue(inNotes);
                QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
            }
        }
        auto db = Database::open(where, &error);
        QVERIFY2(db, qPrintable(error));
        QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
        // Alerts stored before outcomes existed read back with none marked.
        const auto older = AlertStore(*db).load(&error);
        QVERIFY2(older, qPrintable(error));
        QCOMPARE(older->size(), 1);
        QVERIFY(!older->first().outcome.isMarked());
        DeliveryStore deliveries(*db);
        auto unnoted = deliveries.unnoted(&error);
        QVERIFY2(unnoted, qPrintable(error));
        QCOMPARE(unnoted->size(), 1);
        QCOMPARE(unnoted->first().key, QStringLiteral("unnoted"));
        // Noted by the next console to lead, it stays noted; later recordings come after it.
        QVERIFY2(AlertStore(*db).save({}, &error, {}, {}, {{}, {}, unnoted->first().recorded}),
                 qPrintable(error));
        QVERIFY(deliveries.unnoted(&error)->isEmpty());
        Delivery again = unnoted->first();
        again.attempts = 3;
        QVERIFY2(deliveries.record(again, &error), qPrintable(error));
        QVERIFY(again.recorded > unnoted->first().recorded);
        QCOMPARE(deliveries.unnoted(&error)->size(), 1);
    }

    // Deliveries are stored with the alert save that plans them: planning one again keeps
    // the first, an attempt's outcome is kept, and cancelling leaves sent ones alone.
    void deliveriesTravelWithAlerts()
    {
        const QString where = location();
        QString error;
        auto db = Database::open(where, &error);
        QVERIFY2(db, qPrintable(error));
        ManualClock clock(1767225600LL * nanosPerSecond);
        AlertBook book(demo(), clock);
        const qint64 id = book.fire(errorBurst());
        const QList<Alert> raised = book.takeChanges();
        auto delivery = [&](int contact) {
            Delivery d;
            d.key =
                Delivery::makeKey(id, QStringLiteral("raised"), QStringLiteral("amara"), contact);
            d.alertId = id;
            d.alertKey = raised.first().dedupKey;
            d.step = QStringLiteral("raised");
            d.person = QStringLiteral("amara");
            d.contact = contact;
            d.kind = QStringLiteral("email");
            d.target = QStringLiteral("amara@example.org");
            d.subject = QStringLiteral("[HIGH] Überfällig");
            d.text = QStringLiteral("text");
            d.html = QStringLiteral("<p>html</p>");
            d.createdAt = 100;
            d.nextAttemptAt = 100 + contact;
            return d;
        };
        AlertStore store(*db);
        DeliveryStore deliveries(*db);
        QVERIFY2(store.save(raised, &error, {}, {}, {{delivery(0), delivery(1)}, {}}),
                 qPrintable(error));
        // Planned again (a restart): nothing new, nothing changed.
        Delivery again = delivery(0);
        again.subject = QStringLiteral("changed");
        QVERIFY2(store.save({}, &error, {}, {}, {{again}, {}}), qPrintable(error));
        auto due = deliveries.due(100, 10, &error);
        QVERIFY2(due, qPrintable(error));
        QCOMPARE(due->size(), 1); // the second is due a nanosecond later
        QCOMPARE(due->first(), delivery(0));
        QCOMPARE(deliveries.due(101, 10, &error)->size(), 2);

        Delivery sent = delivery(0);
        sent.status = Delivery::Status::Sent;
        sent.attempts = 1;
        sent.sentAt = 150;
        sent.result = QStringLiteral("accepted by mail: 250 Ok");
        QVERIFY2(deliveries.record(sent, &error), qPrintable(error));
        QVERIFY(sent.recorded > 0);
        // Recorded but not yet on the timeline: listed as unnoted until marked.
        auto unnoted = deliveries.unnoted(&error);
        QVERIFY2(unnoted, qPrintable(error));
        QCOMPARE(unnoted->size(), 1);
        QCOMPARE(unnoted->first(), sent);
        QVERIFY2(store.save({}, &error, {}, {}, {{}, {}, sent.recorded}), qPrintable(error));
        QVERIFY(deliveries.unnoted(&error)->isEmpty());
        // A later attempt is a later recording, unnoted until its mark; an older mark
        // never lowers the one stored.
        const qint64 first = sent.recorded;
        sent.attempts = 2;
        QVERIFY2(deliveries.record(sent, &error), qPrintable(error));
        QVERIFY(sent.recorded > first);
        QCOMPARE(deliveries.unnoted(&error)->size(), 1);
        QVERIFY2(store.save({}, &error, {}, {}, {{}, {}, first}), qPrintable(error));
        QCOMPARE(deliveries.unnoted(&error)->size(), 1);
        QVERIFY2(store.save({}, &error, {}, {}, {{}, {}, sent.recorded}), qPrintable(error));
        QVERIFY(deliveries.unnoted(&error)->isEmpty());
        QVERIFY2(store.save({}, &error, {}, {}, {{}, {}, first}), qPrintable(error));
        QVERIFY(deliveries.unnoted(&error)->isEmpty());
        // Outcomes recorded together share a recording, and come back in recording order.
        Delivery other = delivery(1);
        other.attempts = 1;
        other.result = QStringLiteral("503, retry"); // still pending: tried again later
        QList<Delivery> together{other, sent};
        QVERIFY2(deliveries.recordAll(together, &error), qPrintable(error));
        QCOMPARE(together.at(0).recorded, together.at(1).recorded);
        QVERIFY(together.at(0).recorded > sent.recorded);
        other.attempts = 2;
        QVERIFY2(deliveries.record(other, &error), qPrintable(error));
        unnoted = deliveries.unnoted(&error);
        QCOMPARE(unnoted->size(), 2);
        QCOMPARE(unnoted->at(0).key, sent.key);
        QCOMPARE(unnoted->at(1), other);
        sent = together.at(1);
        QVERIFY2(store.save({}, &error, {}, {}, {{}, {}, other.recorded}), qPrintable(error));
        QVERIFY(deliveries.unnoted(&error)->isEmpty());

        // Acknowledged: what is pending is cancelled, what was sent stays sent.
        QVERIFY2(store.save({}, &error, {}, {}, {{}, {id}}), qPrintable(error));
        QVERIFY(deliveries.due(1000, 10, &error)->isEmpty());
        const auto all = deliveries.list(0, id, &error);
        QVERIFY2(all, qPrintable(error));
        QCOMPARE(all->size(), 2);
        for (const Delivery &d : *all) {
            if (d.contact == 0)
                QCOMPARE(d, sent);
            else
                QCOMPARE(d.status, Delivery::Status::Cancelled);
        }
        // Cancelling and planning in one save (a paging service told of the
        // acknowledgement): the new one survives the cancel.
        Delivery told = delivery(4);
        told.key = Delivery::makeKey(id, QStringLiteral("acknowledged"), told.person, 4);
        told.step = QStringLiteral("acknowledged");
        QVERIFY2(store.save({}, &error, {}, {}, {{told}, {id}}), qPrintable(error));
        QCOMPARE(deliveries.due(1000, 10, &error)->size(), 1);
        QCOMPARE(deliveries.due(1000, 10, &error)->first().key, told.key);
        QVERIFY2(store.save({}, &error, {}, {}, {{}, {id}}), qPrintable(error));

        // A failed save stores none of its deliveries.
        Delivery bad = delivery(2);
        bad.key = QString(); // a NULL key: refused by both backends
        QVERIFY(!store.save({}, &error, {}, {}, {{delivery(3), bad}, {}}));
        QCOMPARE(deliveries.list(0, id, &error)->size(), 3);
    }

    void alertsSurviveARestart()
    {
        const QString where = location();
        QString error;
        ManualClock clock(1767225600LL * nanosPerSecond);
        AlertBook book(demo(), clock);
        AlertCondition c = errorBurst();
        c.customerId = QStringLiteral("c-globex");
        c.revenue = 500;
        c.count = 5;
        const qint64 first = book.fire(c);
        c.subject = QStringLiteral("u2");
        const qint64 second = book.fire(c);
        {
            auto db = Database::open(where, &error);
            QVERIFY2(db, qPrintable(error));
            AlertStore store(*db);
            QVERIFY2(store.save(book.takeChanges(), &error), qPrintable(error));
            clock.advance(5 * 60 * nanosPerSecond);
            QVERIFY(book.acknowledge(first, QStringLiteral("chen")));
            QVERIFY(
                book.snooze(second, clock.now() + 3600 * nanosPerSecond, QStringLiteral("chen")));
            // How an alert ended survives too, marked and with its reason and note.
            c.subject = QStringLiteral("u3");
            const qint64 third = book.fire(c);
            AlertOutcome noise;
            noise.kind = AlertOutcome::Kind::Noise;
            noise.reason = AlertOutcome::Reason::Duplicate;
            noise.note = QStringLiteral("#%1 “the same” 😀").arg(first);
            QVERIFY(book.markOutcome(third, noise, QStringLiteral("amara")));
            QVERIFY2(store.save(book.takeChanges(), &error), qPrintable(error));
            QVERIFY(
                store.saveSilence({QStringLiteral("s1"),
                                   {{QStringLiteral("pipeline"), QStringLiteral("profit-unit")}},
                                   1,
                                   2,
                                   QStringLiteral("amara"),
                                   QStringLiteral("reload")},
                                  &error));
        }
        // A new process: everything as it was, timelines included.
        auto db = Database::open(where, &error);
        QVERIFY2(db, qPrintable(error));
        AlertStore store(*db);
        const auto loaded = store.load(&error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(*loaded, book.alerts());
        QCOMPARE(loaded->first().timeline.last().action, QStringLiteral("acknowledged"));
        QCOMPARE(loaded->last().outcome.reason, AlertOutcome::Reason::Duplicate);
        QCOMPARE(loaded->last().outcome.by, QStringLiteral("amara"));
        QVERIFY(loaded->last().outcome.note.endsWith(QStringLiteral("“the same” 😀")));
        QCOMPARE(store.loadSilences(&error)->first().matchers.first().second,
                 QStringLiteral("profit-unit"));
    }

    void failedAlertSaveChangesNothing()
    {
        const QString where = location();
        QString error;
        ManualClock clock(1767225600LL * nanosPerSecond);
        AlertBook book(demo(), clock);
        AlertCondition c;
        c.ruleId = QStringLiteral("r");
        c.pipelineId = QStringLiteral("profit-unit");
        c.subject = QStringLiteral("x");
        c.title = QStringLiteral("t");
        const qint64 id = book.fire(c);
        auto db = Database::open(where, &error);
        QVERIFY2(db, qPrintable(error));
        AlertStore store(*db);
        QVERIFY2(store.save(book.takeChanges(), &error), qPrintable(error));

        // Break the timeline table so that the second half of the next save fails.
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral("ALTER TABLE alert_timeline RENAME TO broken_timeline")));
        QVERIFY(book.acknowledge(id, QStringLiteral("amara")));
        const QList<Alert> changes = book.takeChanges();
        QVERIFY(!store.save(changes, &error));
        QVERIFY(q.exec(QStringLiteral("ALTER TABLE broken_timeline RENAME TO alert_timeline")));
        QCOMPARE(store.load(&error)->first().state, AlertState::Triggered);
        // Saving the same changes again once the store works writes them in full.
        QVERIFY2(store.save(changes, &error), qPrintable(error));
        QCOMPARE(*store.load(&error), book.alerts());
    }

    void badLocations()
    {
        QFETCH_GLOBAL(QString, backend);
        QString error;
        if (backend == QLatin1String("sqlite")) {
            QVERIFY(!Database::open(QStringLiteral("/proc/no/such/dir/x.sqlite"), &error));
        } else {
            // Nothing listens on port 1.
            QVERIFY(
                !Database::open(QStringLiteral("postgresql://u:secret@127.0.0.1:1/db"), &error));
            QVERIFY2(error.contains(QStringLiteral("cannot connect")), qPrintable(error));
            QVERIFY2(!error.contains(QStringLiteral("secret")), qPrintable(error));
        }
        QVERIFY(!error.isEmpty());
    }

    void runbookHistory()
    {
        auto db = Database::open(location(), &error_);
        QVERIFY2(db, qPrintable(error_));
        RunbookHistory history(*db);
        const QDateTime monday(QDate(2026, 11, 16), QTime(9, 0), QTimeZone::utc());
        QList<Runbook> books{
            {QStringLiteral("a"), QStringLiteral("Profit"), QStringLiteral("1. look\n2. fix")},
            {QStringLiteral("b"), QStringLiteral("Growth"), QStringLiteral("one line")}};
        auto first = history.record(books, monday, &error_);
        QVERIFY2(first, qPrintable(error_));
        QCOMPARE(first->size(), 2);
        // The first recording is where history starts, not a change to report.
        QCOMPARE(first->at(0).change, RunbookRevision::Change::Baseline);
        QCOMPARE(history.between(monday, monday.addDays(1), &error_)->size(), 0);
        // Loading the same workspace again records nothing.
        QCOMPARE(history.record(books, monday.addSecs(3600), &error_)->size(), 0);

        // One line replaced and two added: +3 -1.
        books[0].markdown = QStringLiteral("1. look\n2. restart the loader\n3. check\n4. tell");
        books.removeAt(1);
        const QDateTime wednesday = monday.addDays(2);
        const auto second = history.record(books, wednesday, &error_);
        QVERIFY2(second, qPrintable(error_));
        const QList<RunbookRevision> expected{
            {QStringLiteral("a"), wednesday, RunbookRevision::Change::Edited,
             QStringLiteral("Profit"), 3, 1},
            {QStringLiteral("b"), wednesday, RunbookRevision::Change::Removed,
             QStringLiteral("Growth"), 0, 1}};
        QCOMPARE(*second, expected);
        // A runbook that comes back is added again; a removed one is not removed twice.
        books.append({QStringLiteral("b"), QStringLiteral("Growth"), QStringLiteral("x")});
        QCOMPARE(history.record(books, monday.addDays(9), &error_)->size(), 1);
        QCOMPARE(history.record(books.mid(0, 1), monday.addDays(10), &error_)->size(), 1);
        QCOMPARE(history.record(books.mid(0, 1), monday.addDays(11), &error_)->size(), 0);

        // The week of the 16th holds the edit and the removal, not the next week's changes.
        const auto week = history.between(monday.addSecs(-9 * 3600), monday.addDays(7), &error_);
        QVERIFY2(week, qPrintable(error_));
        QCOMPARE(*week, expected);
        const auto next = history.between(monday.addDays(7), monday.addDays(14), &error_);
        QCOMPARE(next->size(), 2);
        QCOMPARE(next->at(0).change, RunbookRevision::Change::Added);
        QCOMPARE(next->at(0).linesAdded, 1);
        QCOMPARE(next->at(1).change, RunbookRevision::Change::Removed);
    }

    void runbookLineChanges()
    {
        QCOMPARE(RunbookHistory::lineChanges(QStringLiteral("a\nb\nc"), QStringLiteral("a\nb\nc")),
                 std::make_pair(0, 0));
        QCOMPARE(RunbookHistory::lineChanges(QStringLiteral("a\nb\nc"), QStringLiteral("c\nb\na")),
                 std::make_pair(2, 2));
        QCOMPARE(RunbookHistory::lineChanges(QStringLiteral("a"), QStringLiteral("x\na\ny")),
                 std::make_pair(2, 0));
    }

private:
    QString error_;
};

QTEST_GUILESS_MAIN(tst_Storage)
#include "tst_storage.moc"
