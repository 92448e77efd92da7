#include "commands.h"

#include "commandsupport.h"

#include "domain/clock.h"
#include "domain/rulechange.h"
#include "engine/rulehistory.h"
#include "storage/database.h"
#include "text/texttable.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace wk::cli {

namespace {

QString when(TimestampNs t, const QTimeZone &zone)
{
    return toDateTime(t).toTimeZone(zone).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString outcomeText(const BacktestAlert &a)
{
    if (!a.storedId)
        return QStringLiteral("not on record");
    QString text = outcomeKindName(a.outcome.kind);
    if (a.outcome.kind == AlertOutcome::Kind::Noise)
        text += QStringLiteral(" (%1)").arg(noiseReasonName(a.outcome.reason));
    return text;
}

QJsonObject alertJson(const BacktestAlert &a)
{
    QJsonObject o{{QStringLiteral("key"), a.alert.dedupKey},
                  {QStringLiteral("subject"), a.alert.subject},
                  {QStringLiteral("title"), a.alert.title},
                  {QStringLiteral("raised"), toDateTime(a.alert.raisedAt).toString(Qt::ISODate)},
                  {QStringLiteral("peak"), a.alert.peakCount},
                  {QStringLiteral("at_night"), a.atNight},
                  {QStringLiteral("pages"), a.pages},
                  {QStringLiteral("night_pages"), a.nightPages}};
    if (a.alert.clearedAt)
        o.insert(QStringLiteral("cleared"), toDateTime(*a.alert.clearedAt).toString(Qt::ISODate));
    if (a.storedId) {
        o.insert(QStringLiteral("alert"), *a.storedId);
        o.insert(QStringLiteral("outcome"), outcomeKindName(a.outcome.kind));
        if (a.outcome.kind == AlertOutcome::Kind::Noise)
            o.insert(QStringLiteral("reason"), noiseReasonName(a.outcome.reason));
    }
    return o;
}

QByteArray asJson(const Rule &rule, const QStringList &changes, const BacktestResult &r,
                  TimestampNs from, TimestampNs until, qsizetype events)
{
    QJsonArray gone, added, changed;
    for (const BacktestAlert &a : r.gone)
        gone.append(alertJson(a));
    for (const BacktestAlert &a : r.added)
        added.append(alertJson(a));
    for (const QString &c : changes)
        changed.append(c);
    QJsonObject o{{QStringLiteral("rule"), rule.id},
                  {QStringLiteral("from"), toDateTime(from).toString(Qt::ISODate)},
                  {QStringLiteral("until"), toDateTime(until).toString(Qt::ISODate)},
                  {QStringLiteral("events"), static_cast<qint64>(events)},
                  {QStringLiteral("changes"), changed},
                  {QStringLiteral("alerts_before"), static_cast<qint64>(r.before.size())},
                  {QStringLiteral("alerts_after"), static_cast<qint64>(r.after.size())},
                  {QStringLiteral("kept"), r.kept},
                  {QStringLiteral("no_longer_fire"), static_cast<qint64>(r.gone.size())},
                  {QStringLiteral("no_longer_fire_noise"), r.goneNoise},
                  {QStringLiteral("no_longer_fire_actionable"), r.goneActionable},
                  {QStringLiteral("no_longer_fire_resolved_by_itself"), r.goneByItself},
                  {QStringLiteral("no_longer_fire_wont_fix"), r.goneWontFix},
                  {QStringLiteral("no_longer_fire_unknown"), r.goneUnknown},
                  {QStringLiteral("no_longer_fire_not_on_record"), r.goneNotOnRecord},
                  {QStringLiteral("newly_fire"), static_cast<qint64>(r.added.size())},
                  {QStringLiteral("pages_saved"), r.pagesSaved},
                  {QStringLiteral("night_pages_saved"), r.nightPagesSaved},
                  {QStringLiteral("night_alerts_saved"), r.nightAlertsSaved},
                  {QStringLiteral("night_alerts_added"), r.nightAlertsAdded},
                  {QStringLiteral("gone"), gone},
                  {QStringLiteral("added"), added}};
    if (r.medianRaiseShiftNs)
        o.insert(QStringLiteral("median_raise_shift_seconds"),
                 static_cast<double>(*r.medianRaiseShiftNs) / nanosPerSecond);
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

QString asTable(const Rule &rule, const QStringList &changes, const RuleHistory &history,
                const BacktestResult &r, TimestampNs from, TimestampNs until, const QTimeZone &zone,
                qint64 ms)
{
    QString text;
    text += QStringLiteral("Backtest of rule '%1' (%2) from %3 to %4 (%5)\n")
                .arg(rule.id, ruleKindName(rule.kind), when(from, zone), when(until, zone),
                     QString::fromUtf8(zone.id()));
    text +=
        QStringLiteral("%1 event(s) %2, replayed twice in %3 ms\n")
            .arg(history.events.size())
            .arg(history.fromArchive ? QStringLiteral("from the event archive")
                                     : QStringLiteral("from %1 file(s)").arg(history.files.size()))
            .arg(ms);
    for (const QString &s : history.skipped)
        text += QStringLiteral("not read (compressed): %1\n").arg(s);
    text += QStringLiteral("Change: %1\n\n")
                .arg(changes.isEmpty() ? QStringLiteral("none (the rule as it is, twice)")
                                       : changes.join(QStringLiteral("; ")));
    const auto night = [&](const QList<ReplayedAlert> &alerts) {
        return QString::number(Backtest::countAtNight(alerts, zone));
    };
    const QList<QStringList> summary = {
        {QStringLiteral("alerts"), QString::number(r.before.size()),
         QString::number(r.after.size())},
        {QStringLiteral("raised at night (22-07)"), night(r.before), night(r.after)}};
    text += TextTable::render({QString(), QStringLiteral("as it is"), QStringLiteral("as changed")},
                              summary, {1, 2});
    text += QStringLiteral("\nWould no longer fire: %1 (%2)\n")
                .arg(r.gone.size())
                .arg(r.goneBreakdown());
    text += QStringLiteral("Would newly fire: %1\n").arg(r.added.size());
    text += QStringLiteral("Pages saved: %1, of them at night: %2\n")
                .arg(r.pagesSaved)
                .arg(r.nightPagesSaved);
    text += QStringLiteral("Median time to raise: %1\n").arg(r.raiseShiftText());
    auto list = [&](const QString &title, const QList<BacktestAlert> &alerts) {
        if (alerts.isEmpty())
            return;
        QList<QStringList> rows;
        for (const BacktestAlert &a : alerts)
            rows << QStringList{when(a.alert.raisedAt, zone),
                                a.alert.subject,
                                QString::number(a.alert.peakCount),
                                a.storedId ? QString::number(*a.storedId) : QString(),
                                outcomeText(a),
                                QString::number(a.pages)};
        text += QStringLiteral("\n%1:\n").arg(title);
        text += TextTable::render({QStringLiteral("raised"), QStringLiteral("subject"),
                                   QStringLiteral("peak"), QStringLiteral("alert"),
                                   QStringLiteral("outcome"), QStringLiteral("pages")},
                                  rows, {2, 3, 5});
    };
    list(QStringLiteral("Would no longer fire"), r.gone);
    list(QStringLiteral("Would newly fire"), r.added);
    return text;
}

} // namespace

int backtest(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Replays a rule's source history as the rule is and as it would be with a change, and "
        "reports the alerts that would no longer fire (with how they ended), those that would "
        "newly fire, the pages saved and the change in time to raise."));
    parser.addOption(workspaceOption());
    parser.addOption(databaseOption());
    const QCommandLineOption rule(QStringLiteral("rule"), QStringLiteral("The rule to change."),
                                  QStringLiteral("id"));
    const QCommandLineOption set(QStringLiteral("set"),
                                 QStringLiteral("A parameter as it would be, key=value in the "
                                                "workspace file's words (threshold=7, "
                                                "window=10m); repeat for several."),
                                 QStringLiteral("key=value"));
    const QCommandLineOption since(QStringLiteral("since"),
                                   QStringLiteral("How far back: a date or a duration such as "
                                                  "90d (default: 90d)."),
                                   QStringLiteral("when"), QStringLiteral("90d"));
    const QCommandLineOption zone(QStringLiteral("zone"),
                                  QStringLiteral("Time zone for night and the times shown "
                                                 "(default: the first rotation's)."),
                                  QStringLiteral("zone"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("table (default) or json."),
                                    QStringLiteral("format"), QStringLiteral("table"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write to a file instead of standard output."),
                                    QStringLiteral("file"));
    for (const QCommandLineOption &o : {rule, set, since, zone, format, output})
        parser.addOption(o);
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const auto fmt =
        chosenFormat(parser, format, {QStringLiteral("table"), QStringLiteral("json")}, &code);
    if (!fmt)
        return code;
    const std::optional<TimestampNs> from =
        sinceInstant(parser.value(since), QStringLiteral("backtest"), &code);
    if (!from)
        return code;
    const QString location = requiredWorkspace(parser, QStringLiteral("backtest"), &code);
    if (location.isEmpty())
        return code;
    const std::optional<Workspace> ws = loadWorkspace(location, &code);
    if (!ws)
        return code;
    const Rule *found = findRule(*ws, parser.value(rule), QStringLiteral("backtest"), &code);
    if (!found)
        return code;
    Rule changed = *found;
    for (const QString &assignment : parser.values(set)) {
        QString error;
        if (!RuleChange::apply(changed, assignment, &error))
            return fail(BadInput, QStringLiteral("backtest: --set %1: %2").arg(assignment, error));
    }
    QTimeZone tz;
    if (!reportZone(parser, zone, *ws, &tz, &code))
        return code;
    const auto db = openConsoleStore(parser, location, &code);
    if (!db)
        return code;
    const QString baseDir =
        Database::isPostgresUrl(location) ? QString() : QFileInfo(location).absolutePath();
    const TimestampNs until = SystemClock().now();
    QElapsedTimer timer;
    timer.start();
    QList<Diagnostic> errors;
    const std::optional<RuleHistory> history =
        RuleHistory::load(*ws, baseDir, *found, db.get(), *from, tz, &errors);
    if (!history) {
        err() << formatDiagnostics(errors) << Qt::endl;
        return fail(
            BadInput,
            QStringLiteral("backtest: the history of rule '%1' cannot be read").arg(found->id));
    }
    const qint64 readMs = timer.restart();
    const std::optional<BacktestResult> result =
        Backtest(*ws, baseDir).run(*found, changed, *history, *from, until, &errors);
    if (!result) {
        err() << formatDiagnostics(errors) << Qt::endl;
        return fail(BadInput,
                    QStringLiteral("backtest: rule '%1' cannot be replayed").arg(found->id));
    }
    const QStringList changes = RuleChange::describe(*found, changed);
    const QByteArray text =
        *fmt == QLatin1String("json")
            ? asJson(*found, changes, *result, *from, until,
                     static_cast<qsizetype>(history->events.size()))
            : (asTable(*found, changes, *history, *result, *from, until, tz, timer.elapsed()) +
               QStringLiteral("(history read in %1 ms)\n").arg(readMs))
                  .toUtf8();
    if (!writeOutput(parser.value(output), text, &code))
        return code;
    return Ok;
}

} // namespace wk::cli
