// The HTTP receiver under load, in a real console process (offscreen): PagerDuty-style
// triggers with keys of their own posted at concurrency 20 against 127.0.0.1. Prints
// throughput, p50 and p99 at 0, 20,000 and 40,000 open alerts (the ratio of the last to
// the first is the figure that must stay near 1), how long the console keeps working after
// the traffic stops (its CPU, sampled from /proc), its memory before and after, and how
// much its peak memory grows for a refused 200 MB body.
//   bench_receiver [--open 40000] [--sample 2000] [--concurrency 20]

#include "httpload.h"
#include "listenport.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <unistd.h>

using wk::test::HttpLoad;

namespace {

const QByteArray token = QByteArrayLiteral("bench-token");

// A field of /proc/PID/status in kB (VmRSS, VmHWM).
qint64 statusKb(qint64 pid, const char *field)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qsizetype(qstrlen(field)) + 1)
                .trimmed()
                .split(' ')
                .first()
                .toLongLong();
    return -1;
}

// User plus system CPU time of the process, in clock ticks.
qint64 cpuTicks(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = f.readAll();
    // Fields after the command name, which is in parentheses and may hold spaces.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 12 ? fields.at(11).toLongLong() + fields.at(12).toLongLong() : -1;
}

// CPU ticks per thread name of the process: "engine" and the GUI thread, by their names.
QHash<QString, qint64> threadTicks(qint64 pid)
{
    QHash<QString, qint64> out;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = f.readAll();
        const QString name = QString::fromUtf8(
            text.mid(text.indexOf('(') + 1, text.lastIndexOf(')') - text.indexOf('(') - 1));
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 12)
            out[name] += fields.at(11).toLongLong() + fields.at(12).toLongLong();
    }
    return out;
}

QByteArray trigger(int i)
{
    const QString key = QStringLiteral("load-%1").arg(i);
    return QJsonDocument(
               QJsonObject{{QStringLiteral("routing_key"), QStringLiteral("bench")},
                           {QStringLiteral("event_action"), QStringLiteral("trigger")},
                           {QStringLiteral("dedup_key"), key},
                           {QStringLiteral("payload"),
                            QJsonObject{{QStringLiteral("summary"),
                                         QStringLiteral("Disk full on %1").arg(key)},
                                        {QStringLiteral("source"), QStringLiteral("bench")},
                                        {QStringLiteral("severity"), QStringLiteral("error")}}}})
        .toJson(QJsonDocument::Compact);
}

struct Phase
{
    double perSecond = 0;
    qint64 p50 = 0, p99 = 0;
    int ok = 0, failed = 0;
    double engineMicros = 0, guiMicros = 0; // console CPU per request, by thread
};

Phase measure(HttpLoad &load, qint64 pid, int first, int count, int concurrency)
{
    QElapsedTimer timer;
    timer.start();
    const QHash<QString, qint64> before = threadTicks(pid);
    const QList<HttpLoad::Answer> answers = load.run(first, count, concurrency, trigger);
    const QHash<QString, qint64> after = threadTicks(pid);
    Phase p;
    const double microsPerTick = 1e6 / double(sysconf(_SC_CLK_TCK));
    p.engineMicros =
        (after.value(QStringLiteral("engine")) - before.value(QStringLiteral("engine"))) *
        microsPerTick / count;
    p.guiMicros =
        (after.value(QStringLiteral("watchkeeper")) - before.value(QStringLiteral("watchkeeper"))) *
        microsPerTick / count;
    p.perSecond = count * 1000.0 / std::max<qint64>(1, timer.elapsed());
    p.p50 = HttpLoad::quantile(answers, 0.5);
    p.p99 = HttpLoad::quantile(answers, 0.99);
    for (const HttpLoad::Answer &a : answers)
        (a.status >= 200 && a.status < 300 ? p.ok : p.failed)++;
    return p;
}

void print(const char *what, const Phase &p)
{
    std::printf("%-34s %6.0f req/s  p50 %5.1f ms  p99 %6.1f ms  CPU/req: engine %4.0f us, "
                "GUI %4.0f us  (%d ok, %d failed)\n",
                what, p.perSecond, p.p50 / 1000.0, p.p99 / 1000.0, p.engineMicros, p.guiMicros,
                p.ok, p.failed);
}

// Sends headers announcing a 200 MB body without a token, then keeps writing the body
// until the receiver closes the connection; returns the answer's status line.
QByteArray refusedBigBody(quint16 port)
{
    QTcpSocket socket;
    QByteArray answer;
    QObject::connect(&socket, &QTcpSocket::readyRead, [&] { answer += socket.readAll(); });
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return "no connection";
    const qint64 size = 200LL * 1024 * 1024;
    socket.write(
        "POST /v2/enqueue HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        QByteArray::number(size) + "\r\n\r\n");
    const QByteArray chunk(1 << 20, 'x');
    for (qint64 sent = 0; sent < size && socket.state() == QAbstractSocket::ConnectedState;
         sent += chunk.size()) {
        socket.write(chunk);
        socket.waitForBytesWritten(1000);
    }
    if (socket.state() == QAbstractSocket::ConnectedState)
        socket.waitForReadyRead(2000);
    return answer.left(answer.indexOf('\r'));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    auto option = [&](const char *name, int fallback) {
        const qsizetype i = args.indexOf(QLatin1String(name));
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1).toInt() : fallback;
    };
    const int open = option("--open", 40'000);
    const int sample = option("--sample", 2'000);
    const int concurrency = option("--concurrency", 20);

    QTemporaryDir dir;
    const quint16 port = wk::test::unusedListenPort();
    QFile ws(dir.filePath(QStringLiteral("workspace.yaml")));
    if (!ws.open(QIODevice::WriteOnly))
        return 1;
    ws.write(QStringLiteral("version: 1\nname: Receiver bench\npeople:\n"
                            "  - {id: ana, name: Ana, email: ana@example.org, timezone: UTC}\n"
                            "  - {id: ben, name: Ben, email: ben@example.org, timezone: UTC}\n"
                            "pipelines:\n  - {id: checkout, name: Checkout, criticality: high, "
                            "owners: {primary: ana, secondary: ben}}\n"
                            "receiver: {enabled: true, address: 127.0.0.1, port: %1, "
                            "token_env: WK_BENCH_TOKEN, default_pipeline: checkout}\n")
                 .arg(port)
                 .toUtf8());
    ws.close();

    QProcess console;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    if (!env.contains(QStringLiteral("QT_QPA_PLATFORM")))
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("WK_BENCH_TOKEN"), QString::fromLatin1(token));
    console.setProcessEnvironment(env);
    console.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    console.start(QStringLiteral(WK_BINARY), {QStringLiteral("--workspace"), ws.fileName()});
    const qint64 pid = console.processId();

    HttpLoad health(port, QStringLiteral("/health"), {});
    QElapsedTimer started;
    started.start();
    while (health
               .run(
                   0, 1, 1, [](int) { return QByteArray(); }, 1000)
               .first()
               .status == 0) {
        if (started.elapsed() > 30000 || console.state() != QProcess::Running) {
            std::fprintf(stderr, "the console did not start\n");
            return 1;
        }
        QThread::msleep(100);
    }
    QThread::msleep(500);
    std::printf("Receiver under load: a console process on 127.0.0.1, concurrency %d, "
                "one connection per request\n\n",
                concurrency);

    const qint64 rssStart = statusKb(pid, "VmRSS:");
    const qint64 hwmBefore = statusKb(pid, "VmHWM:");
    const QByteArray bigAnswer = refusedBigBody(port);
    QThread::msleep(200);
    const qint64 hwmAfter = statusKb(pid, "VmHWM:");
    std::printf(
        "200 MB body without a token:      \"%s\"; peak RSS %.1f MB -> %.1f MB (+%.1f MB)\n\n",
        bigAnswer.constData(), hwmBefore / 1024.0, hwmAfter / 1024.0,
        (hwmAfter - hwmBefore) / 1024.0);

    HttpLoad load(port, QStringLiteral("/v2/enqueue"), token);
    int next = 0;
    QList<Phase> samples;
    QList<int> at;
    for (int mark : {0, open / 2, open}) {
        if (mark > next) {
            const Phase fill = measure(load, pid, next, mark - next, concurrency);
            print(qPrintable(QStringLiteral("filling %1 -> %2 open").arg(next).arg(mark)), fill);
            next = mark;
        }
        const Phase p = measure(load, pid, next, sample, concurrency);
        print(qPrintable(QStringLiteral("%1 triggers at %2 open").arg(sample).arg(mark)), p);
        samples << p;
        at << mark;
        next += sample;
    }
    std::printf("\nthroughput at %d open vs at 0: %.2f (1.00 = no slower); p99 ratio %.2f\n",
                at.last(), samples.last().perSecond / samples.first().perSecond,
                double(samples.last().p99) / double(std::max<qint64>(1, samples.first().p99)));

    // After the traffic: how long the console keeps a core busy catching up.
    QElapsedTimer quiet;
    quiet.start();
    const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    qint64 busyUntil = 0;
    for (qint64 last = cpuTicks(pid); quiet.elapsed() < 300'000;) {
        QThread::msleep(500);
        const qint64 now = cpuTicks(pid);
        const double share = double(now - last) / ticksPerSecond / 0.5;
        last = now;
        if (share > 0.10)
            busyUntil = quiet.elapsed();
        else if (quiet.elapsed() - busyUntil >= 2000)
            break;
    }
    std::printf("console busy after the last reply:  %.1f s (until its CPU stays under 10 %%)\n",
                busyUntil / 1000.0);
    std::printf("console RSS:                        %.1f MB at start, %.1f MB with %d alerts\n",
                rssStart / 1024.0, statusKb(pid, "VmRSS:") / 1024.0, next);

    console.kill();
    console.waitForFinished();
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("count"));
        db.setDatabaseName(
            dir.filePath(QStringLiteral("data/Watchkeeper/watchkeeper/watchkeeper.sqlite")));
        if (db.open()) {
            QSqlQuery q(QStringLiteral("SELECT count(*), count(DISTINCT subject) FROM alerts WHERE "
                                       "rule_kind = 'external'"),
                        db);
            if (q.next())
                std::printf("stored:                             %d alerts, %d keys (%d sent)\n",
                            q.value(0).toInt(), q.value(1).toInt(), next);
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("count"));
    return 0;
}
