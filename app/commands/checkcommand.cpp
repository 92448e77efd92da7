#include "commands.h"

#include "commandsupport.h"

#include "domain/clock.h"
#include "domain/duration.h"
#include "engine/burstcheck.h"
#include "engine/burstreport.h"
#include "engine/engine.h"
#include "sources/dbtproject.h"
#include "sources/eventfilereader.h"
#include "text/csvvalues.h"
#include "text/texttable.h"
#include "workspace/workspacereader.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

namespace wk::cli {

namespace {

int checkBurst(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs the SLA burst rule over CSV files and prints the team owners who had N or more SLA "
        "events within the window, ranked by their customer's revenue. Without --at the whole "
        "history is replayed (each user's peak count); with --at, the window ending then."));
    const QCommandLineOption events(QStringLiteral("events"),
                                    QStringLiteral("user_id, event_name, event_timestamp"),
                                    QStringLiteral("file"));
    const QCommandLineOption users(QStringLiteral("users"),
                                   QStringLiteral("user_id, team_id, is_team_owner"),
                                   QStringLiteral("file"));
    const QCommandLineOption teams(QStringLiteral("teams"), QStringLiteral("team_id, customer_id"),
                                   QStringLiteral("file"));
    const QCommandLineOption customers(QStringLiteral("customers"),
                                       QStringLiteral("customer_id, revenue"),
                                       QStringLiteral("file"));
    const QCommandLineOption sla(QStringLiteral("sla-events"),
                                 QStringLiteral("Comma-separated SLA event names (default: "
                                                "\"time out,page not found\")."),
                                 QStringLiteral("names"));
    const QCommandLineOption threshold(
        QStringLiteral("threshold"), QStringLiteral("Events needed within the window (default 5)."),
        QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption window(QStringLiteral("window"),
                                    QStringLiteral("Window length such as 432s or 7.2m (default "
                                                   "432s)."),
                                    QStringLiteral("duration"), QStringLiteral("432s"));
    const QCommandLineOption at(QStringLiteral("at"),
                                QStringLiteral("Check the window ending at this instant (ISO 8601 "
                                               "or epoch seconds) instead of replaying."),
                                QStringLiteral("timestamp"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("csv (default), json or table."),
                                    QStringLiteral("format"), QStringLiteral("csv"));
    parser.addOptions({events, users, teams, customers, sla, threshold, window, at, format});
    parser.addPositionalArgument(QStringLiteral("burst"), QStringLiteral("The rule to run."));
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    if (parser.positionalArguments() != QStringList{QStringLiteral("burst")})
        return fail(BadInput, QStringLiteral("check: name the rule to run: 'check burst'"));
    for (const QCommandLineOption &required : {events, users, teams, customers}) {
        if (!parser.isSet(required))
            return fail(BadInput, QStringLiteral("check burst: --%1 FILE is required")
                                      .arg(required.names().constFirst()));
    }

    BurstParameters parameters;
    if (parser.isSet(sla)) {
        parameters.slaEvents.clear();
        for (const QString &name : parser.value(sla).split(QLatin1Char(',')))
            if (!name.trimmed().isEmpty())
                parameters.slaEvents << name.trimmed();
        if (parameters.slaEvents.isEmpty())
            return fail(BadInput, QStringLiteral("--sla-events: name at least one event"));
    }
    bool ok = false;
    parameters.threshold = parser.value(threshold).toInt(&ok);
    if (!ok || parameters.threshold < 1)
        return fail(BadInput,
                    QStringLiteral("--threshold '%1' must be a whole number of at least 1")
                        .arg(parser.value(threshold)));
    const auto seconds = parseDuration(parser.value(window));
    if (!seconds)
        return fail(BadInput,
                    QStringLiteral("--window '%1' must be a duration such as 432s or 7.2m")
                        .arg(parser.value(window)));
    parameters.windowNs = *seconds * nanosPerSecond;
    std::optional<TimestampNs> instant;
    if (parser.isSet(at)) {
        instant = parseTimestamp(parser.value(at).toStdString());
        if (!instant)
            return fail(BadInput, QStringLiteral("--at '%1' is neither an ISO 8601 time nor epoch "
                                                 "seconds")
                                      .arg(parser.value(at)));
    }
    const auto outputFormat = BurstReport::formatFromName(parser.value(format));
    if (!outputFormat)
        return fail(
            BadInput,
            QStringLiteral("--format '%1' must be csv, json or table").arg(parser.value(format)));

    BurstCheck check(parameters);
    QList<Diagnostic> problems;
    if (!check.load({parser.value(events), parser.value(users), parser.value(teams),
                     parser.value(customers)},
                    &problems)) {
        err() << formatDiagnostics(problems) << Qt::endl;
        return fail(BadInput, QStringLiteral("check burst: bad input, nothing was evaluated"));
    }
    const QList<BurstRow> rows = instant ? check.at(*instant) : check.replay();
    const QByteArray text = BurstReport::render(rows, *outputFormat);
    std::fwrite(text.constData(), 1, static_cast<size_t>(text.size()), stdout);
    std::fflush(stdout);
    return rows.isEmpty() ? Ok : Findings;
}

// dbt target folders, read as the console reads them: the same failures, the same alerts.
QList<AlertCondition> dbtConditions(const Workspace &workspace, const QString &path,
                                    const QString &baseDir, QList<Diagnostic> *problems)
{
    QList<AlertCondition> failures;
    for (const DataSource &source : workspace.sources) {
        if (source.kind != DataSource::Kind::Dbt)
            continue;
        DbtProject project(source, baseDir);
        const DbtProject::Poll read = project.poll();
        if (!read.error.isEmpty())
            problems->append(
                {path, 0, 0, QStringLiteral("source '%1' (dbt): %2").arg(source.id, read.error)});
        else if (!read.note.isEmpty())
            err() << QStringLiteral("%1: warning: source '%2' (dbt): %3")
                         .arg(path, source.id, read.note)
                  << Qt::endl;
        failures << project.conditions(workspace);
    }
    return failures;
}

const QStringList alertColumns = {QStringLiteral("severity"), QStringLiteral("rule"),
                                  QStringLiteral("pipeline"), QStringLiteral("title"),
                                  QStringLiteral("count"),    QStringLiteral("customer"),
                                  QStringLiteral("revenue")};

// The open alerts, highest revenue first, then by severity, in alertColumns.
QList<QStringList> openAlertRows(Engine &engine)
{
    QList<Alert> open;
    for (const Alert &a : engine.book().alerts()) {
        if (a.isOpen())
            open << a;
    }
    std::stable_sort(open.begin(), open.end(), [](const Alert &a, const Alert &b) {
        if (a.revenue != b.revenue)
            return a.revenue > b.revenue;
        return static_cast<int>(a.severity) < static_cast<int>(b.severity);
    });
    QList<QStringList> rows;
    for (const Alert &a : std::as_const(open))
        rows.append({severityName(a.severity), a.ruleId, a.pipelineId, a.title,
                     QString::number(a.eventCount), a.customerId, QString::number(a.revenue)});
    return rows;
}

// As a table with the summary line under it, as CSV, or as JSON with numbers as numbers.
void writeAlertRows(const QString &fmt, const QList<QStringList> &rows, const QString &summary)
{
    const QStringList &header = alertColumns;
    if (fmt == QLatin1String("json")) {
        QJsonArray array;
        for (const QStringList &r : std::as_const(rows)) {
            QJsonObject o;
            for (qsizetype i = 0; i < header.size(); ++i)
                o.insert(header[i], i == 4   ? QJsonValue(r[i].toInt())
                                    : i == 6 ? QJsonValue(r[i].toDouble())
                                             : QJsonValue(r[i]));
            array.append(o);
        }
        out() << QJsonDocument(array).toJson(QJsonDocument::Indented);
    } else if (fmt == QLatin1String("csv")) {
        out() << header.join(QLatin1Char(',')) << '\n';
        for (QStringList r : std::as_const(rows)) {
            for (QString &f : r)
                f = csv::quoted(f);
            out() << r.join(QLatin1Char(',')) << '\n';
        }
    } else {
        out() << TextTable::render(header, rows, {4, 6});
        out() << summary;
    }
}

int checkWorkspace(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs every rule of a workspace once over its file sources and prints the open alerts, "
        "highest customer revenue first."));
    parser.addOption(workspaceOption());
    const QCommandLineOption at(QStringLiteral("at"),
                                QStringLiteral("Evaluate at this instant (ISO 8601 or epoch "
                                               "seconds; default: now)."),
                                QStringLiteral("timestamp"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("table (default), csv or json."),
                                    QStringLiteral("format"), QStringLiteral("table"));
    parser.addOptions({at, format});
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QString path = parser.value(QStringLiteral("workspace"));
    if (path.isEmpty())
        return fail(BadInput, QStringLiteral(
                                  "check: give --workspace FILE, or 'check burst' with CSV files"));
    const std::optional<QString> chosen = chosenFormat(
        parser, format, {QStringLiteral("table"), QStringLiteral("csv"), QStringLiteral("json")},
        &code);
    if (!chosen)
        return code;
    const QString &fmt = *chosen;
    ManualClock clock(SystemClock().now());
    if (parser.isSet(at)) {
        const auto t = parseTimestamp(parser.value(at).toStdString());
        if (!t)
            return fail(BadInput,
                        QStringLiteral("--at '%1' is neither an ISO 8601 time nor epoch seconds")
                            .arg(parser.value(at)));
        clock.set(*t);
    }
    const WorkspaceLoadResult loaded = WorkspaceReader::readFile(path);
    if (!loaded.ok()) {
        err() << formatDiagnostics(loaded.diagnostics) << Qt::endl;
        return fail(BadInput, QStringLiteral("%1: not checked").arg(path));
    }
    const QString baseDir = QFileInfo(path).absolutePath();
    Workspace ws = *loaded.workspace;
    readCustomersNow(ws);
    QList<Diagnostic> problems;
    QList<Event> events;
    for (const DataSource &source : ws.sources) {
        if (source.kind == DataSource::Kind::Csv || source.kind == DataSource::Kind::JsonLines)
            EventFileReader::read(source, baseDir, events, problems);
    }
    const QList<AlertCondition> dbtFailures = dbtConditions(ws, path, baseDir, &problems);
    Engine engine(ws, baseDir, clock);
    engine.prepare(&problems);
    if (!problems.isEmpty()) {
        err() << formatDiagnostics(problems) << Qt::endl;
        return fail(BadInput, QStringLiteral("%1: bad input, nothing was evaluated").arg(path));
    }
    for (const AlertCondition &c : std::as_const(dbtFailures))
        engine.book().fire(c);
    // Only what had happened by the evaluation instant counts.
    std::sort(events.begin(), events.end(),
              [](const Event &a, const Event &b) { return a.time < b.time; });
    for (const Event &e : std::as_const(events)) {
        if (e.time <= clock.now())
            engine.ingest(e);
    }
    engine.evaluate();
    const QList<QStringList> rows = openAlertRows(engine);
    const QString summary =
        QStringLiteral("%1 open alert(s) at %2 from %3 event(s), %4 duplicate(s) dropped\n")
            .arg(rows.size())
            .arg(QString::fromStdString(formatTimestamp(clock.now())))
            .arg(engine.eventsIngested())
            .arg(engine.duplicatesDropped());
    writeAlertRows(fmt, rows, summary);
    out().flush();
    return rows.isEmpty() ? Ok : Findings;
}

} // namespace

int check(const QStringList &arguments)
{
    // "check burst ..." runs the burst rule over CSV files; anything else checks a workspace.
    for (const QString &a : arguments.mid(1)) {
        if (a == QLatin1String("burst"))
            return checkBurst(arguments);
    }
    return checkWorkspace(arguments);
}

} // namespace wk::cli
