#include "cli.h"
#include "commands/commands.h"
#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/engineworker.h"
#include "httprecorder.h"
#include "listenport.h"
#include "runningworker.h"
#include "waitfor.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

using namespace wk;
using test::arrived;

namespace {

const char *tokenVariable = "WK_TEST_DIGEST_TOKEN";

struct Fetched
{
    int status = 0;
    QByteArray type;
    QByteArray body;
};

Fetched fetch(const QString &url)
{
    QNetworkAccessManager net;
    QNetworkReply *reply = net.get(QNetworkRequest(QUrl(url)));
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(10000);
    Fetched f{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
              reply->rawHeader("Content-Type"), reply->readAll()};
    reply->deleteLater();
    return f;
}

} // namespace

class tst_HandoffDigest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { EngineWorker::registerTypes(); }

    // At the Monday 10:00 handoff the leader sends the outgoing week's report to the
    // rotation's people (not to one who turned it off) and to its channel, each with a
    // link to the whole report that their own key opens.
    void theWeekGoesOutAtTheHandoff()
    {
        qputenv(tokenVariable, "digest-test-token");
        test::HttpRecorder hook;
        Workspace ws = test::demoWorkspace();
        ws.receiver.enabled = true;
        ws.receiver.port = test::unusedListenPort();
        ws.receiver.tokenEnv = QString::fromLatin1(tokenVariable);
        Person channel;
        channel.id = QStringLiteral("investors-channel");
        channel.name = QStringLiteral("#investor-reporting");
        channel.timeZone = QStringLiteral("Europe/London");
        ws.people << channel;
        for (Person &p : ws.people) {
            ContactMethod m;
            m.kind = ContactMethod::Kind::Webhook;
            m.address = hook.url(QStringLiteral("/hook/%1").arg(p.id));
            p.contacts = {m};
            p.shiftReminderSeconds = 0;
            if (p.id == QLatin1String("dana"))
                p.handoffDigest = false;
        }
        for (Rotation &r : ws.rotations)
            if (r.id == QLatin1String("investor-reporting"))
                r.handoffChannel = channel.id;
        // Two minutes before Monday 23 November, 10:00 in London (UTC then).
        const QDateTime handoff(QDate(2026, 11, 23), QTime(10, 0), QTimeZone::utc());
        ManualClock clock(toTimestamp(handoff.addSecs(-120)));
        QTemporaryDir dir;
        test::RunningWorker r(ws, dir.filePath(QStringLiteral("store.sqlite")), &clock);
        QSignalSpy started(r.worker, &EngineWorker::started);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
        QVERIFY(arrived(started, 1));

        auto digests = [&] {
            QHash<QString, QJsonObject> out;
            for (const auto &req : hook.requests()) {
                const QJsonObject body = QJsonDocument::fromJson(req.body).object();
                if (body[QStringLiteral("notice")] == QLatin1String("handoff digest") &&
                    body[QStringLiteral("rotation")] == QLatin1String("investor-reporting"))
                    out.insert(QString::fromUtf8(req.path.mid(6)), body);
            }
            return out;
        };
        QTest::qWait(1500);
        QVERIFY(digests().isEmpty()); // not before the handoff
        clock.advance(180 * nanosPerSecond);
        QTRY_COMPARE_WITH_TIMEOUT(digests().size(), 4, 15000);
        const auto got = digests();
        const QStringList readers{QStringLiteral("amara"), QStringLiteral("bruno"),
                                  QStringLiteral("chen"), channel.id};
        for (const QString &who : readers)
            QVERIFY2(got.contains(who), qPrintable(QStringList(got.keys()).join(',')));
        QVERIFY(!got.contains(QStringLiteral("dana")));
        const QJsonObject amara = got.value(QStringLiteral("amara"));
        QCOMPARE(amara[QStringLiteral("summary")].toString(),
                 QStringLiteral("Handoff: Investor reporting, week of 16 Nov 2026"));
        QCOMPARE(amara[QStringLiteral("week_start")].toString(), QStringLiteral("2026-11-16"));
        const QString text = amara[QStringLiteral("text")].toString();
        QVERIFY2(text.contains(QStringLiteral("Alerts: ")) && text.contains(QStringLiteral("MTTA")),
                 qPrintable(text));

        // Each link opens the whole report with its reader's key; a made-up key opens nothing.
        const QString link =
            amara[QStringLiteral("links")][QStringLiteral("full report")].toString();
        QVERIFY2(link.startsWith(QStringLiteral("http://127.0.0.1:%1/handoff/investor-reporting/"
                                                "2026-11-16.html?key=")
                                     .arg(ws.receiver.port)),
                 qPrintable(link));
        const QString channelLink =
            got.value(channel.id)[QStringLiteral("links")][QStringLiteral("full report")]
                .toString();
        QVERIFY(!channelLink.isEmpty() && channelLink != link);
        const Fetched page = fetch(link);
        QCOMPARE(page.status, 200);
        QVERIFY(page.type.startsWith("text/html"));
        QVERIFY2(page.body.contains("week of 16 November 2026"), page.body.left(400).constData());
        QCOMPARE(fetch(channelLink).status, 200);
        QString forged = link;
        forged.chop(4);
        QCOMPARE(fetch(forged + QStringLiteral("AAAA")).status, 404);

        // Told once: the next rounds send no more.
        clock.advance(120 * nanosPerSecond);
        QTest::qWait(1500);
        int count = 0;
        for (const auto &req : hook.requests())
            count += req.body.contains("\"handoff digest\"") &&
                     req.body.contains("\"investor-reporting\"");
        QCOMPARE(count, 4);

        // `deliveries --notices` lists them (and the other rotation's), not about any alert.
        const QString listed = dir.filePath(QStringLiteral("notices.json"));
        QCOMPARE(
            cli::deliveries({QStringLiteral("watchkeeper deliveries"), QStringLiteral("--database"),
                             dir.filePath(QStringLiteral("store.sqlite")),
                             QStringLiteral("--notices"), QStringLiteral("--format"),
                             QStringLiteral("json"), QStringLiteral("-o"), listed}),
            int(cli::Ok));
        QFile file(listed);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray rows = QJsonDocument::fromJson(file.readAll()).array();
        int investorDigests = 0;
        for (const QJsonValue v : rows) {
            QCOMPARE(v[QStringLiteral("alert")].toInteger(), 0);
            investorDigests += v[QStringLiteral("step")].toString().startsWith(
                QStringLiteral("digest investor-reporting@"));
        }
        QCOMPARE(investorDigests, 4);
        QCOMPARE(cli::deliveries(
                     {QStringLiteral("watchkeeper deliveries"), QStringLiteral("--database"),
                      dir.filePath(QStringLiteral("store.sqlite")), QStringLiteral("--notices"),
                      QStringLiteral("--alert"), QStringLiteral("3")}),
                 int(cli::BadInput));
        qunsetenv(tokenVariable);
    }
};

QTEST_MAIN(tst_HandoffDigest)
#include "tst_handoffdigest.moc"
