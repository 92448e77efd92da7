#include "listenport.h"
#include "paging/deliverysender.h"
#include "smtptestserver.h"
#include "waitfor.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using wk::test::waitFor;

namespace {

constexpr char token[] = "crash-test-token";

// A console of its own: a workspace whose CSV source the test appends to and whose receiver
// the test posts to, and a data folder (XDG_DATA_HOME) holding its SQLite store.
struct Setup
{
    QTemporaryDir dir;
    quint16 port = wk::test::unusedListenPort();
    quint16 smtpPort = 0;                  // with a port: pages by email through that server
    QString window = QStringLiteral("2s"); // how long each user's burst stays open

    QString path(const QString &name) const { return QDir(dir.path()).filePath(name); }
    QString store() const
    {
        return path(QStringLiteral("data/Watchkeeper/watchkeeper/watchkeeper.sqlite"));
    }

    bool write()
    {
        QFile events(path(QStringLiteral("clicks.csv")));
        if (!events.open(QIODevice::WriteOnly) || events.write("ts,user_id,event_name\n") < 0)
            return false;
        QFile ws(path(QStringLiteral("workspace.yaml")));
        return ws.open(QIODevice::WriteOnly) &&
               ws.write(QStringLiteral(R"(version: 1
name: Crash test
people:
  - {id: ana, name: Ana, email: ana@example.org, timezone: UTC}
  - {id: ben, name: Ben, email: ben@example.org, timezone: UTC}
sources:
  - {id: clicks, kind: csv, path: clicks.csv, time_column: ts}
pipelines:
  - id: checkout
    name: Checkout
    criticality: high
    owners: {primary: ana, secondary: ben}
    source: clicks
rules:
  # Every event is a burst of its own user: one alert per event, so a lost event is a
  # missing alert and an event read twice is a second alert.
  - {id: each-error, kind: burst, pipeline: checkout, severity: high, source: clicks,
     events: [error], threshold: 1, window: %2}
receiver: {enabled: true, address: 127.0.0.1, port: %1, token_env: WK_CRASH_TOKEN,
           default_pipeline: checkout}
)")
                            .arg(port)
                            .arg(window)
                            .toUtf8()) > 0 &&
               (smtpPort == 0 ||
                ws.write(QStringLiteral("smtp: {host: 127.0.0.1, port: %1, security: none, "
                                        "from: oncall@example.org}\n")
                             .arg(smtpPort)
                             .toUtf8()) > 0);
    }
};

class Console
{
public:
    explicit Console(const Setup &setup)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), setup.path(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), setup.path(QStringLiteral("config")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("WK_CRASH_TOKEN"), QString::fromLatin1(token));
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral(WK_BINARY), {QStringLiteral("--workspace"),
                                                    setup.path(QStringLiteral("workspace.yaml"))});
    }
    ~Console() { kill(); }
    bool running() const { return m_process.state() == QProcess::Running; }
    void kill()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill(); // SIGKILL: no chance to store anything more
        m_process.waitForFinished(10000);
    }

private:
    QProcess m_process;
};

// Appends user-error events to the CSV file as a busy application would: whole lines, each
// of a user never seen before, stamped with the time they are written.
class FileWriter
{
public:
    explicit FileWriter(QString path) : m_path(std::move(path)) {}
    void writeBatch(int events)
    {
        QFile f(m_path);
        if (!f.open(QIODevice::Append))
            return;
        QByteArray lines;
        const QByteArray now =
            QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toLatin1();
        for (int i = 0; i < events; ++i)
            lines += now + ",u" + QByteArray::number(m_next++) + ",error\n";
        f.write(lines);
    }
    int written() const { return m_next; }
    qint64 size() const { return QFileInfo(m_path).size(); }

private:
    QString m_path;
    int m_next = 0;
};

// Triggers PagerDuty-style events with keys of their own, a few requests at a time, and
// sends again whatever got no 2xx - as Alertmanager and PagerDuty clients do.
class Sender
{
public:
    explicit Sender(quint16 port)
        : m_url(QStringLiteral("http://127.0.0.1:%1/v2/enqueue").arg(port))
    {}
    void pump(bool newKeys)
    {
        while (m_inFlight < 6) {
            QString key;
            if (!m_retry.isEmpty())
                key = m_retry.takeFirst();
            else if (newKeys)
                key = QStringLiteral("k%1").arg(m_next++);
            else
                return;
            send(key);
        }
    }
    const QSet<QString> &acknowledged() const { return m_acknowledged; }
    bool idle() const { return m_inFlight == 0 && m_retry.isEmpty(); }
    int sent() const { return m_next; }

private:
    void send(const QString &key)
    {
        QNetworkRequest request{QUrl(m_url)};
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        request.setRawHeader("Authorization", QByteArray("Bearer ") + token);
        request.setTransferTimeout(5000);
        const QJsonObject body{
            {QStringLiteral("routing_key"), QStringLiteral("r")},
            {QStringLiteral("event_action"), QStringLiteral("trigger")},
            {QStringLiteral("dedup_key"), key},
            {QStringLiteral("payload"),
             QJsonObject{{QStringLiteral("summary"), QStringLiteral("Disk full on %1").arg(key)},
                         {QStringLiteral("source"), QStringLiteral("crash-test")},
                         {QStringLiteral("severity"), QStringLiteral("error")}}}};
        QNetworkReply *reply = m_net.post(request, QJsonDocument(body).toJson());
        ++m_inFlight;
        QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply, key] {
            --m_inFlight;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status >= 200 && status < 300)
                m_acknowledged.insert(key);
            else
                m_retry.append(key);
            reply->deleteLater();
        });
    }

    QNetworkAccessManager m_net;
    QString m_url;
    int m_next = 0;
    int m_inFlight = 0;
    QStringList m_retry;
    QSet<QString> m_acknowledged;
};

// What the store holds, read as another process would while the console runs.
struct Stored
{
    QHash<QString, int> external; // alerts per received key
    QHash<QString, int> bursts;   // alerts per user
    int openBursts = 0;
    qint64 checkpoint = -1;
};

Stored readStore(const QString &path)
{
    Stored s;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT rule_kind, subject, state FROM alerts"));
            while (q.next()) {
                const QString kind = q.value(0).toString();
                if (kind == QLatin1String("external"))
                    ++s.external[q.value(1).toString()];
                else if (kind == QLatin1String("burst")) {
                    ++s.bursts[q.value(1).toString()];
                    s.openBursts += q.value(2).toString() != QLatin1String("resolved");
                }
            }
            q.exec(
                QStringLiteral("SELECT state FROM source_checkpoints WHERE source_id = 'clicks'"));
            if (q.next())
                s.checkpoint = QJsonDocument::fromJson(q.value(0).toString().toUtf8())
                                   .object()
                                   .value(QStringLiteral("offset"))
                                   .toInteger(-1);
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("peek"));
    return s;
}

bool healthy(quint16 port)
{
    QNetworkAccessManager net;
    QNetworkRequest request{QUrl(QStringLiteral("http://127.0.0.1:%1/health").arg(port))};
    request.setTransferTimeout(1000);
    QNetworkReply *reply = net.get(request);
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(2000);
    const bool ok = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
    delete reply;
    return ok;
}

} // namespace

class tst_CrashRecovery : public QObject
{
    Q_OBJECT
private slots:
    // The console is killed (SIGKILL) again and again while a file grows under it and a
    // sender posts to its receiver. Every acknowledged request is an alert exactly once,
    // every line of the file is read exactly once, and every burst open at a kill resolves
    // once its window has passed.
    void killedDuringIngestLosesAndRepeatsNothing()
    {
        Setup setup;
        QVERIFY(setup.write());
        FileWriter file(setup.path(QStringLiteral("clicks.csv")));
        Sender sender(setup.port);
        const quint32 seed = QRandomGenerator::global()->generate();
        QRandomGenerator random(seed);
        qInfo("random seed %u", seed);

        bool producing = true;
        QTimer producer;
        producer.setInterval(20);
        QObject::connect(&producer, &QTimer::timeout, [&] {
            if (producing)
                file.writeBatch(int(random.bounded(1, 30)));
            sender.pump(producing);
        });
        producer.start();

        const int kills = qEnvironmentVariableIntValue("WK_CRASH_KILLS") > 0
                              ? qEnvironmentVariableIntValue("WK_CRASH_KILLS")
                              : 8;
        for (int i = 0; i < kills; ++i) {
            Console console(setup);
            QVERIFY2(waitFor([&] { return healthy(setup.port); }, 30000),
                     "the console's receiver never answered");
            QTest::qWait(int(random.bounded(200, 1500)));
            QVERIFY(console.running());
            console.kill();
        }

        // A last start: what was sent but not acknowledged is sent again, and nothing new.
        producing = false;
        Console console(setup);
        QVERIFY(waitFor([&] { return healthy(setup.port); }, 30000));
        QVERIFY2(waitFor([&] { return sender.idle(); }, 60000), "the sender never got through");
        Stored stored;
        QVERIFY2(waitFor(
                     [&] {
                         stored = readStore(setup.store());
                         return stored.checkpoint == file.size() && stored.openBursts == 0;
                     },
                     60000),
                 qPrintable(QStringLiteral("checkpoint %1 of %2 bytes, %3 burst(s) still open")
                                .arg(stored.checkpoint)
                                .arg(file.size())
                                .arg(stored.openBursts)));

        int lost = 0, repeated = 0;
        for (const QString &key : sender.acknowledged()) {
            lost += !stored.external.contains(key);
            repeated += std::max(0, stored.external.value(key) - 1);
        }
        int linesLost = 0, linesRepeated = 0;
        for (int u = 0; u < file.written(); ++u) {
            const int n = stored.bursts.value(QStringLiteral("u%1/error").arg(u));
            linesLost += n == 0;
            linesRepeated += std::max(0, n - 1);
        }
        qInfo("%d kills: %lld receiver events acknowledged (lost %d, repeated %d); %d file events "
              "(lost %d, read twice %d)",
              kills, static_cast<long long>(sender.acknowledged().size()), lost, repeated,
              file.written(), linesLost, linesRepeated);
        QVERIFY(sender.acknowledged().size() > 100);
        QVERIFY(file.written() > 1000);
        QCOMPARE(lost, 0);
        QCOMPARE(repeated, 0);
        QCOMPARE(linesLost, 0);
        QCOMPARE(linesRepeated, 0);
        QCOMPARE(stored.bursts.size(), file.written());
    }

    // Killed while pages go out through a slow mail server: after a restart every alert's
    // page has been sent at least once and at most twice (the one in flight at the kill),
    // and each alert's timeline says it was paged.
    void killedWhilePagingSendsEachPageOnceOrTwice()
    {
        wk::test::SmtpTestServer mail({{}, {}, false, {}, {}, 150});
        QVERIFY2(mail.ready(), qPrintable(mail.error()));
        Setup setup;
        setup.smtpPort = mail.port();
        setup.window = QStringLiteral("1h"); // open until paged: a resolved alert pages nobody
        QVERIFY(setup.write());
        FileWriter file(setup.path(QStringLiteral("clicks.csv")));
        constexpr int alerts = 24;
        file.writeBatch(alerts);
        {
            Console console(setup);
            QVERIFY2(waitFor([&] { return mail.messages().size() >= 4; }, 30000),
                     "no page arrived before the kill");
            console.kill();
        }
        const qsizetype beforeRestart = mail.messages().size();
        QVERIFY2(beforeRestart < alerts, "every page went out before the kill");

        Console console(setup);
        QHash<QString, int> perAlert;
        QVERIFY2(
            waitFor(
                [&] {
                    perAlert.clear();
                    for (const QJsonObject &m : mail.messages())
                        ++perAlert[m.value(QStringLiteral("alert")).toString()];
                    return perAlert.size() == alerts;
                },
                60000),
            qPrintable(QStringLiteral("%1 of %2 alerts paged").arg(perAlert.size()).arg(alerts)));
        int twice = 0;
        for (auto it = perAlert.cbegin(); it != perAlert.cend(); ++it) {
            QVERIFY2(it.value() <= 2, qPrintable(it.key()));
            twice += it.value() == 2;
        }
        // What the store says, as another process reads it: every delivery sent, and each
        // alert's timeline has the page.
        int sent = 0, pagedOnTimeline = 0;
        QVERIFY(waitFor(
            [&] {
                QSqlDatabase db =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("pages"));
                db.setDatabaseName(setup.store());
                db.setConnectOptions(
                    QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
                if (db.open()) {
                    QSqlQuery q(db);
                    q.exec(QStringLiteral("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'"));
                    sent = q.next() ? q.value(0).toInt() : 0;
                    q.exec(QStringLiteral("SELECT COUNT(DISTINCT alert_id) FROM alert_timeline "
                                          "WHERE action = 'paged'"));
                    pagedOnTimeline = q.next() ? q.value(0).toInt() : 0;
                }
                db = QSqlDatabase();
                QSqlDatabase::removeDatabase(QStringLiteral("pages"));
                return sent == alerts && pagedOnTimeline == alerts;
            },
            30000));
        qInfo("%d pages: %lld before the kill, %d sent twice", alerts,
              static_cast<long long>(beforeRestart), twice);
        // Only those in flight can go twice: one wave of the sender's parallel sends.
        QVERIFY(twice <= wk::DeliverySender::Options().parallel);
    }
};

QTEST_MAIN(tst_CrashRecovery)
#include "tst_crashrecovery.moc"
