// Paging under a storm: 1,000 alerts raised within a second, each paging the person on call
// by three methods (email through a local aiosmtpd server, a signed webhook and a Slack
// card to a local HTTP server). Prints how long until every message was accepted, p50 and
// p99 from an alert being raised to the server receiving each message, and how fast the
// engine took the storm's events with paging on against the same storm with paging off
// (the ratio must stay near 1: sending happens off the engine's thread).
//   bench_paging [--alerts 1000]

#include "httprecorder.h"
#include "runningworker.h"
#include "smtptestserver.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace wk;

namespace {

Workspace storm(quint16 smtpPort, const test::HttpRecorder *http)
{
    Workspace ws = test::demoWorkspaceWithRules(
        "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: critical, "
        "source: app-errors, threshold: 5}\n");
    if (!http) {
        for (Person &p : ws.people)
            p.contacts.clear(); // paging off: nobody has a method the console sends by
        return ws;
    }
    ws.smtp.host = QStringLiteral("127.0.0.1");
    ws.smtp.port = smtpPort;
    ws.smtp.security = SmtpSettings::Security::None;
    ws.smtp.from = QStringLiteral("oncall@example.org");
    for (Person &p : ws.people) {
        ContactMethod email;
        email.address = p.id + QStringLiteral("@pages.example.org");
        ContactMethod hook;
        hook.kind = ContactMethod::Kind::Webhook;
        hook.address = http->url(QStringLiteral("/hook"));
        ContactMethod slack;
        slack.kind = ContactMethod::Kind::Slack;
        slack.address = http->url(QStringLiteral("/slack"));
        p.contacts = {email, hook, slack};
    }
    return ws;
}

struct Run
{
    double engineSeconds = 0;        // from the first event to the last alert announced
    QHash<QString, qint64> raisedMs; // alert key -> when raised, ms since the epoch
};

// Feeds the storm (5 errors for each of n users, all within a second) and waits until the
// engine has announced every alert.
Run raise(test::RunningWorker &r, int n)
{
    Run run;
    QSignalSpy started(r.worker, &EngineWorker::started);
    QSignalSpy changed(r.worker, &EngineWorker::alertsChanged);
    QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
    test::arrived(started, 1, 30000);
    QElapsedTimer timer;
    timer.start();
    // The five errors of each user fall in the seconds just past.
    const TimestampNs now = toTimestamp(QDateTime::currentDateTimeUtc()) - 10 * nanosPerSecond;
    for (int i = 0; i < n; i += 50) {
        QList<Event> batch;
        for (int u = i; u < qMin(n, i + 50); ++u)
            batch += test::errorBurst(QStringLiteral("user-%1").arg(u), now);
        QMetaObject::invokeMethod(r.worker, [w = r.worker, batch] { w->ingest(batch); });
    }
    while (run.raisedMs.size() < n && timer.elapsed() < 120000) {
        QTest::qWait(5);
        for (const QVariantList &args : std::as_const(changed))
            for (const Alert &a : args.first().value<QList<Alert>>())
                run.raisedMs.insert(a.dedupKey, a.triggeredAt / 1'000'000);
        changed.clear();
    }
    run.engineSeconds = timer.nsecsElapsed() / 1e9;
    if (qEnvironmentVariableIsSet("WK_BENCH_DEBUG"))
        std::fprintf(stderr, "started %lld, raised %lld\n", static_cast<long long>(started.size()),
                     static_cast<long long>(run.raisedMs.size()));
    return run;
}

double percentile(QList<qint64> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return double(values.at(qMin<qsizetype>(values.size() - 1, qsizetype(p * values.size()))));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // figures as they come, when piped
    EngineWorker::registerTypes();
    const QStringList args = app.arguments();
    const qsizetype flag = args.indexOf(QStringLiteral("--alerts"));
    const int n = flag > 0 ? qMax(1, args.value(flag + 1).toInt()) : 1000;

    // The same storm without paging: the engine's own pace.
    double withoutPaging = 0;
    {
        QTemporaryDir dir;
        test::RunningWorker r(storm(0, nullptr), dir.filePath(QStringLiteral("s.sqlite")), nullptr);
        const Run run = raise(r, n);
        withoutPaging = run.engineSeconds;
        std::printf("paging off: %d alerts (%d events) taken in %.2f s: %.0f events/s\n",
                    int(run.raisedMs.size()), n * 5, run.engineSeconds, n * 5 / run.engineSeconds);
    }

    test::SmtpTestServer::Options light;
    light.light = true;
    test::SmtpTestServer mail(light);
    if (!mail.ready()) {
        std::fprintf(stderr, "the SMTP server did not start: %s\n", qPrintable(mail.error()));
        return 1;
    }
    test::HttpRecorder http;
    QTemporaryDir dir;
    test::RunningWorker r(storm(mail.port(), &http), dir.filePath(QStringLiteral("s.sqlite")),
                          nullptr);
    QElapsedTimer total;
    total.start();
    const Run run = raise(r, n);
    std::printf("paging on:  %d alerts (%d events) taken in %.2f s: %.0f events/s (%.2f of "
                "paging off)\n",
                int(run.raisedMs.size()), n * 5, run.engineSeconds, n * 5 / run.engineSeconds,
                withoutPaging / run.engineSeconds);

    const int expected = 3 * n;
    QList<QJsonObject> emails;
    while (total.elapsed() < 300000) {
        emails = mail.messages();
        if (emails.size() + http.requests().size() >= expected)
            break;
        QTest::qWait(200);
    }
    const double allSeconds = total.nsecsElapsed() / 1e9;

    QList<qint64> email, hook, slack;
    for (const QJsonObject &m : std::as_const(emails)) {
        const qint64 raised = run.raisedMs.value(m.value(QStringLiteral("alert")).toString(), -1);
        if (raised >= 0)
            email << qint64(m.value(QStringLiteral("received_at")).toDouble() * 1000) - raised;
    }
    static const QRegularExpression slackKey(QStringLiteral("Watchkeeper · ([^\"]+)\""));
    for (const test::HttpRecorder::Request &req : http.requests()) {
        if (req.path == "/hook") {
            const qint64 raised =
                run.raisedMs.value(QString::fromUtf8(req.headers.value("x-watchkeeper-alert")), -1);
            if (raised >= 0)
                hook << req.receivedAtMs - raised;
        } else {
            const auto m = slackKey.match(QString::fromUtf8(req.body));
            const qint64 raised = m.hasMatch() ? run.raisedMs.value(m.captured(1), -1) : -1;
            if (raised >= 0)
                slack << req.receivedAtMs - raised;
        }
    }
    const QList<qint64> all = email + hook + slack;
    std::printf("%lld of %d messages accepted %.2f s after the first event\n",
                static_cast<long long>(emails.size() + http.requests().size()), expected,
                allSeconds);
    auto line = [](const char *what, const QList<qint64> &ms) {
        std::printf("  %-8s %5lld  p50 %6.0f ms  p99 %6.0f ms  max %6.0f ms\n", what,
                    static_cast<long long>(ms.size()), percentile(ms, 0.5), percentile(ms, 0.99),
                    percentile(ms, 1.0));
    };
    std::printf("raised -> received:\n");
    line("email", email);
    line("webhook", hook);
    line("slack", slack);
    line("all", all);
    std::printf("target: p99 under 2000 ms; engine pace with paging at least 0.95 of without\n");
    return all.size() == expected ? 0 : 2;
}
