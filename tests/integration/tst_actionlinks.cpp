#include "demoworkspace.h"
#include "domain/clock.h"
#include "httprecorder.h"
#include "listenport.h"
#include "paging/actionlink.h"
#include "runningworker.h"
#include "waitfor.h"
#include "webdriver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QtTest>

using namespace wk;
using test::arrived;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;
const char *tokenVariable = "WK_TEST_LINKS_TOKEN";

bool eventually(const std::function<bool()> &condition)
{
    return test::waitFor(condition, 15000);
}

struct Fetched
{
    int status = 0;
    QByteArray body;
};

// What a chat app does to build a link's preview: a plain GET, no clicks.
Fetched fetch(const QString &url)
{
    QNetworkAccessManager net;
    QNetworkReply *reply = net.get(QNetworkRequest(QUrl(url)));
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(10000);
    Fetched f{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return f;
}

std::optional<Alert> newest(const QSignalSpy &changed, qint64 id)
{
    std::optional<Alert> out;
    for (const QVariantList &args : changed) {
        for (const Alert &a : args.first().value<QList<Alert>>()) {
            if (a.id == id)
                out = a;
        }
    }
    return out;
}

} // namespace

class tst_ActionLinks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { EngineWorker::registerTypes(); }

    void tokensAreSignedAndExpire()
    {
        const QByteArray key = ActionLink::keyFrom(QStringLiteral("receiver-token"));
        QVERIFY(key != "receiver-token");
        ActionLink link;
        link.action = ActionLink::Action::Resolve;
        link.alertId = 42;
        link.person = QStringLiteral("amara");
        link.via = QStringLiteral("email");
        link.expiresAt = 2000;
        link.nonce = QStringLiteral("n-1");
        const QString token = link.token(key);
        QString error;
        const auto back = ActionLink::verify(key, token, 1999, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->action, ActionLink::Action::Resolve);
        QCOMPARE(back->alertId, 42);
        QCOMPARE(back->person, QStringLiteral("amara"));
        QCOMPARE(back->via, QStringLiteral("email"));
        QCOMPARE(back->nonce, QStringLiteral("n-1"));

        QVERIFY(!ActionLink::verify(key, token, 2000, &error));
        QVERIFY(error.contains(QStringLiteral("expired")));
        QVERIFY(
            !ActionLink::verify(ActionLink::keyFrom(QStringLiteral("other")), token, 1, &error));
        QVERIFY(error.contains(QStringLiteral("not made by this workspace")));
        // Another alert's id in the same payload: the signature no longer fits.
        link.alertId = 43;
        const QString other = link.token(key);
        const QString forged = other.section(QLatin1Char('.'), 0, 0) + QLatin1Char('.') +
                               token.section(QLatin1Char('.'), 1, 1);
        QVERIFY(!ActionLink::verify(key, forged, 1, &error));
        QVERIFY(!ActionLink::verify(key, QStringLiteral("garbage"), 1, &error));
    }

    // The whole way from a page to an acknowledged alert, in a real browser: the link in the
    // message opens a confirmation page (a preview's GET changes nothing), its button
    // acknowledges the alert as the person paged, and the link then works no more.
    void aLinkAcknowledgesInABrowser()
    {
        qputenv(tokenVariable, "links-test-token");
        test::HttpRecorder hook;
        Workspace ws = test::demoWorkspaceWithRules(
            "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: critical, "
            "source: app-errors, threshold: 5}\n");
        ws.receiver.enabled = true;
        ws.receiver.port = test::unusedListenPort();
        ws.receiver.tokenEnv = QString::fromLatin1(tokenVariable);
        for (Person &p : ws.people) {
            ContactMethod m;
            m.kind = ContactMethod::Kind::Webhook;
            m.address = hook.url(QStringLiteral("/hook/%1").arg(p.id));
            p.contacts = {m};
        }
        QTemporaryDir dir;
        ManualClock clock(t0 + 10 * nanosPerSecond);
        test::RunningWorker r(ws, dir.filePath(QStringLiteral("store.sqlite")), &clock);
        QSignalSpy started(r.worker, &EngineWorker::started);
        QSignalSpy changed(r.worker, &EngineWorker::alertsChanged);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
        QVERIFY(arrived(started, 1));
        const QList<Event> burst = test::errorBurst(QStringLiteral("u9"), t0);
        QMetaObject::invokeMethod(r.worker, [w = r.worker, burst] { w->ingest(burst); });
        QVERIFY(arrived(changed, 1));
        const Alert raised = changed.first().first().value<QList<Alert>>().first();
        QVERIFY(eventually([&] { return hook.requests().size() == 1; }));
        const QJsonObject body = QJsonDocument::fromJson(hook.requests().first().body).object();
        const QString ack = body[QStringLiteral("links")][QStringLiteral("acknowledge")].toString();
        const QString base = QStringLiteral("http://127.0.0.1:%1/a/").arg(ws.receiver.port);
        QVERIFY2(ack.startsWith(base), qPrintable(ack));
        QVERIFY(body[QStringLiteral("text")].toString().contains(ack));

        // A preview's GET shows the question and changes nothing.
        const Fetched preview = fetch(ack);
        QCOMPARE(preview.status, 200);
        QVERIFY2(preview.body.contains("Acknowledge this alert as"), preview.body.constData());
        QTest::qWait(300);
        QCOMPARE(newest(changed, raised.id)->state, AlertState::Triggered);

        test::WebDriver browser;
        QVERIFY2(browser.isValid(), qPrintable(browser.error()));
        QVERIFY2(browser.open(ack), qPrintable(browser.error()));
        QVERIFY2(browser.text(QStringLiteral("#alert")).contains(raised.title),
                 qPrintable(browser.error()));
        QVERIFY2(browser.click(QStringLiteral("#confirm")), qPrintable(browser.error()));
        const QString outcome = browser.text(QStringLiteral("#outcome"));
        QCOMPARE(outcome, QStringLiteral("Alert #%1 is acknowledged.").arg(raised.id));

        QVERIFY(eventually(
            [&] { return newest(changed, raised.id)->state == AlertState::Acknowledged; }));
        const Alert acked = *newest(changed, raised.id);
        const TimelineEntry &last = acked.timeline.constLast();
        QCOMPARE(last.action, QStringLiteral("acknowledged"));
        QCOMPARE(last.actor, raised.assignee);
        QCOMPARE(last.detail, QStringLiteral("via webhook link"));

        // Once only: the same link opened again says so, and a second confirmation from a
        // page still open elsewhere does nothing.
        QVERIFY(browser.open(ack));
        QCOMPARE(browser.text(QStringLiteral("#outcome")),
                 QStringLiteral("This link was used already"));
        QNetworkAccessManager net;
        QNetworkRequest again{QUrl(ack)};
        again.setHeader(QNetworkRequest::ContentTypeHeader,
                        QStringLiteral("application/x-www-form-urlencoded"));
        QNetworkReply *second = net.post(again, QByteArray());
        QSignalSpy secondDone(second, &QNetworkReply::finished);
        QVERIFY(secondDone.wait(10000));
        QCOMPARE(second->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 410);
        second->deleteLater();
        QCOMPARE(newest(changed, raised.id)->timeline.constLast().detail,
                 QStringLiteral("via webhook link"));
        // A link changed by hand is refused.
        QString forged = ack;
        forged.replace(forged.size() - 3, 3, QStringLiteral("AAA"));
        QVERIFY(browser.open(forged));
        QCOMPARE(browser.text(QStringLiteral("#outcome")),
                 QStringLiteral("This link does nothing"));
        QVERIFY(fetch(forged).status == 403);

        // The resolve link of the same page still works, and says so on the timeline.
        const QString resolve = body[QStringLiteral("links")][QStringLiteral("resolve")].toString();
        QVERIFY(browser.open(resolve));
        QVERIFY(browser.click(QStringLiteral("#confirm")));
        QCOMPARE(browser.text(QStringLiteral("#outcome")),
                 QStringLiteral("Alert #%1 is resolved.").arg(raised.id));
        QVERIFY(
            eventually([&] { return newest(changed, raised.id)->state == AlertState::Resolved; }));
        qunsetenv(tokenVariable);
    }

    // Without the receiver, pages carry no links and say where to act instead.
    void withoutTheReceiverPagesSaySo()
    {
        test::HttpRecorder hook;
        Workspace ws = test::demoWorkspaceWithRules(
            "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: critical, "
            "source: app-errors, threshold: 5}\n");
        for (Person &p : ws.people) {
            ContactMethod m;
            m.kind = ContactMethod::Kind::Webhook;
            m.address = hook.url(QStringLiteral("/hook"));
            p.contacts = {m};
        }
        QTemporaryDir dir;
        ManualClock clock(t0 + 10 * nanosPerSecond);
        test::RunningWorker r(ws, dir.filePath(QStringLiteral("store.sqlite")), &clock);
        QSignalSpy started(r.worker, &EngineWorker::started);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
        QVERIFY(arrived(started, 1));
        const QList<Event> burst = test::errorBurst(QStringLiteral("u9"), t0);
        QMetaObject::invokeMethod(r.worker, [w = r.worker, burst] { w->ingest(burst); });
        QVERIFY(eventually([&] { return hook.requests().size() == 1; }));
        const QJsonObject body = QJsonDocument::fromJson(hook.requests().first().body).object();
        QVERIFY(!body.contains(QStringLiteral("links")));
        QVERIFY(body[QStringLiteral("text")].toString().contains(
            QStringLiteral("this workspace's receiver is off, so pages carry no links")));
    }
};

QTEST_MAIN(tst_ActionLinks)
#include "tst_actionlinks.moc"
