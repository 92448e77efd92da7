#include "cli.h"
#include "markdownhtml.h"

#include "commands/commands.h"
#include "commandsupport.h"
#include "domain/clock.h"
#include "domain/duration.h"
#include "engine/burstcheck.h"
#include "engine/burstreport.h"
#include "engine/engine.h"
#include "handoffpdf.h"
#include "report/fairnessreport.h"
#include "report/handoffreport.h"
#include "report/insights.h"
#include "schedule/oncallschedule.h"
#include "schedule/scheduleexport.h"
#include "sources/dbtproject.h"
#include "sources/eventfilereader.h"
#include "sources/sqlfreshnessprobe.h"
#include "sources/syntheticevents.h"
#include "storage/alertstore.h"
#include "storage/credentialstore.h"
#include "storage/database.h"
#include "storage/runbookhistory.h"
#include "storage/schedulestore.h"
#include "storage/workspacestore.h"
#include "text/csvvalues.h"
#include "text/texttable.h"
#include "workspace/workspacereader.h"
#include "workspace/workspacesummary.h"
#include "workspace/workspacewriter.h"
#include "workspacesource.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>
#include <QTimeZone>
#include <QUrl>

#include <cstdio>

#include <termios.h>
#include <unistd.h>

namespace wk::cli {

namespace {

int validate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Checks a workspace file and lists every problem with its line and column; on success, "
        "lists what it read and the next shifts of each rotation."));
    parser.addOption(workspaceOption());
    const QCommandLineOption shifts(
        QStringLiteral("shifts"), QStringLiteral("Coming shifts listed per rotation (default 3)."),
        QStringLiteral("n"), QStringLiteral("3"));
    parser.addOption(shifts);
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The workspace file."));
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QString path = workspaceArgument(parser);
    if (path.isEmpty())
        return fail(BadInput, QStringLiteral("validate: name a workspace file"));
    const WorkspaceLoadResult result = WorkspaceReader::readFile(path);
    if (!result.ok()) {
        err() << formatDiagnostics(result.diagnostics) << Qt::endl;
        return fail(
            BadInput,
            QStringLiteral("%1: %2 problem(s) found").arg(path).arg(result.diagnostics.size()));
    }
    if (!result.warnings.isEmpty())
        err() << formatDiagnostics(result.warnings) << Qt::endl;
    out() << QStringLiteral("%1: ok\n").arg(path)
          << WorkspaceSummary::text(*result.workspace, QDateTime::currentDateTimeUtc(),
                                    parser.value(shifts).toInt())
          << Qt::flush;
    return Ok;
}

int importWorkspace(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Validates a workspace file and stores it, replacing the stored workspace in one "
        "transaction. A file with any problem changes nothing."));
    parser.addOption(workspaceOption());
    parser.addOption(databaseOption());
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The workspace file."));
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QString path = workspaceArgument(parser);
    if (path.isEmpty())
        return fail(BadInput, QStringLiteral("import: name a workspace file"));
    const WorkspaceLoadResult result = WorkspaceReader::readFile(path);
    if (!result.warnings.isEmpty())
        err() << formatDiagnostics(result.warnings) << Qt::endl;
    if (!result.ok()) {
        err() << formatDiagnostics(result.diagnostics) << Qt::endl;
        return fail(BadInput, QStringLiteral("%1: not imported, nothing was changed").arg(path));
    }
    QString error;
    const QString location = parser.value(QStringLiteral("database"));
    auto db = Database::open(location, &error);
    if (!db)
        return fail(Unavailable, error);
    if (!WorkspaceStore(*db).importWorkspace(*result.workspace, &error,
                                             QFileInfo(path).absolutePath()))
        return fail(Unavailable,
                    QStringLiteral("import failed, nothing was changed: %1").arg(error));
    // An import is how a team publishes runbook edits; the handoff report lists them.
    if (!RunbookHistory(*db).record(result.workspace->runbooks, QDateTime::currentDateTimeUtc(),
                                    &error))
        err() << QStringLiteral("warning: runbook changes not recorded: %1").arg(error) << Qt::endl;
    out() << QStringLiteral("imported %1 (%2 pipelines) into %3")
                 .arg(path)
                 .arg(result.workspace->pipelines.size())
                 .arg(location.isEmpty() ? Database::defaultSqlitePath()
                                         : QUrl(location).toDisplayString(QUrl::RemovePassword))
          << Qt::endl;
    return Ok;
}

int exportWorkspace(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Writes the stored workspace as a workspace file (stdout by default)."));
    parser.addOption(databaseOption());
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write to this file instead of stdout."),
                      QStringLiteral("file")});
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    QString error;
    auto db = Database::open(parser.value(QStringLiteral("database")), &error);
    if (!db)
        return fail(Unavailable, error);
    const auto ws = WorkspaceStore(*db).exportWorkspace(&error);
    if (!ws)
        return fail(Unavailable, error.isEmpty()
                                     ? QStringLiteral("the store holds no workspace; import one "
                                                      "first")
                                     : error);
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty()) {
        const QByteArray yaml = WorkspaceWriter::toYaml(*ws);
        std::fwrite(yaml.constData(), 1, static_cast<size_t>(yaml.size()), stdout);
        return Ok;
    }
    if (!WorkspaceWriter::writeFile(*ws, output, &error))
        return fail(BadInput, error);
    return Ok;
}

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
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("table") && fmt != QLatin1String("csv") &&
        fmt != QLatin1String("json"))
        return fail(BadInput, QStringLiteral("--format '%1' must be table, csv or json").arg(fmt));
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
    QList<Diagnostic> problems;
    QList<Event> events;
    for (const DataSource &source : loaded.workspace->sources) {
        if (source.kind == DataSource::Kind::Csv || source.kind == DataSource::Kind::JsonLines)
            EventFileReader::read(source, baseDir, events, problems);
    }
    // dbt target folders, read as the console reads them: the same failures, the same alerts.
    QList<AlertCondition> dbtFailures;
    for (const DataSource &source : loaded.workspace->sources) {
        if (source.kind != DataSource::Kind::Dbt)
            continue;
        DbtProject project(source, baseDir);
        const DbtProject::Poll read = project.poll();
        if (!read.error.isEmpty())
            problems.append(
                {path, 0, 0, QStringLiteral("source '%1' (dbt): %2").arg(source.id, read.error)});
        else if (!read.note.isEmpty())
            err() << QStringLiteral("%1: warning: source '%2' (dbt): %3")
                         .arg(path, source.id, read.note)
                  << Qt::endl;
        for (const AlertCondition &c : project.conditions(*loaded.workspace))
            dbtFailures.append(c);
    }
    Engine engine(*loaded.workspace, baseDir, clock);
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
    const QStringList header = {QStringLiteral("severity"), QStringLiteral("rule"),
                                QStringLiteral("pipeline"), QStringLiteral("title"),
                                QStringLiteral("count"),    QStringLiteral("customer"),
                                QStringLiteral("revenue")};
    QList<QStringList> rows;
    for (const Alert &a : std::as_const(open))
        rows.append({severityName(a.severity), a.ruleId, a.pipelineId, a.title,
                     QString::number(a.eventCount), a.customerId, QString::number(a.revenue)});
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
        out() << QStringLiteral(
                     "%1 open alert(s) at %2 from %3 event(s), %4 duplicate(s) dropped\n")
                     .arg(rows.size())
                     .arg(QString::fromStdString(formatTimestamp(clock.now())))
                     .arg(engine.eventsIngested())
                     .arg(engine.duplicatesDropped());
    }
    out().flush();
    return rows.isEmpty() ? Ok : Findings;
}

int check(const QStringList &arguments)
{
    // "check burst ..." runs the burst rule over CSV files; anything else checks a workspace.
    for (const QString &a : arguments.mid(1)) {
        if (a == QLatin1String("burst"))
            return checkBurst(arguments);
    }
    return checkWorkspace(arguments);
}

int generate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes a reproducible synthetic data set for 'check burst': events.csv, users.csv, "
        "teams.csv and customers.csv."));
    const QCommandLineOption outDir({QStringLiteral("o"), QStringLiteral("out")},
                                    QStringLiteral("Directory to write into."),
                                    QStringLiteral("dir"));
    const QCommandLineOption events(QStringLiteral("events"), QStringLiteral("Event rows."),
                                    QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption users(QStringLiteral("users"), QStringLiteral("Users."),
                                   QStringLiteral("n"), QStringLiteral("2000"));
    const QCommandLineOption days(QStringLiteral("days"), QStringLiteral("Days of history."),
                                  QStringLiteral("n"), QStringLiteral("30"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed."),
                                  QStringLiteral("n"), QStringLiteral("1"));
    parser.addOptions({outDir, events, users, days, seed});
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    if (!parser.isSet(outDir))
        return fail(BadInput, QStringLiteral("generate: --out DIR is required"));
    SyntheticEvents::Options options;
    bool ok1 = false, ok2 = false, ok3 = false, ok4 = false;
    options.events = parser.value(events).toLongLong(&ok1);
    options.users = parser.value(users).toInt(&ok2);
    options.days = parser.value(days).toInt(&ok3);
    options.seed = parser.value(seed).toULongLong(&ok4);
    if (!ok1 || !ok2 || !ok3 || !ok4 || options.events < 0 || options.users < 1 || options.days < 1)
        return fail(BadInput, QStringLiteral("generate: --events, --users, --days and --seed take "
                                             "positive whole numbers"));
    QString error;
    if (!SyntheticEvents::write(options, parser.value(outDir), &error))
        return fail(BadInput, error);
    out() << QStringLiteral("wrote %1 events for %2 users into %3")
                 .arg(options.events)
                 .arg(options.users)
                 .arg(parser.value(outDir))
          << Qt::endl;
    return Ok;
}

// The options the schedule commands share.
struct SpanOptions
{
    QCommandLineOption from{QStringLiteral("from"),
                            QStringLiteral("First day, YYYY-MM-DD (default: today)."),
                            QStringLiteral("date")};
    QCommandLineOption weeks{QStringLiteral("weeks"),
                             QStringLiteral("How many weeks (default 12)."), QStringLiteral("n"),
                             QStringLiteral("12")};
    QCommandLineOption rotation{QStringLiteral("rotation"), QStringLiteral("Only this rotation."),
                                QStringLiteral("id")};
    QCommandLineOption output{{QStringLiteral("o"), QStringLiteral("output")},
                              QStringLiteral("Write here instead of standard output."),
                              QStringLiteral("file")};
};

// --from (default today) and --weeks of the schedule commands.
bool readSpan(const QCommandLineParser &parser, const QCommandLineOption &from,
              const QCommandLineOption &weeks, QDate *first, int *n, int *code)
{
    *first = parser.isSet(from) ? QDate::fromString(parser.value(from), Qt::ISODate)
                                : QDate::currentDate();
    if (!first->isValid() || parser.value(from).size() > 10) {
        *code = fail(
            BadInput,
            QStringLiteral("--from '%1' is not a date such as 2026-12-07").arg(parser.value(from)));
        return false;
    }
    bool ok = false;
    *n = parser.value(weeks).toInt(&ok);
    if (!ok || *n < 1 || *n > 520) {
        *code = fail(BadInput, QStringLiteral("--weeks must be a whole number from 1 to 520"));
        return false;
    }
    return true;
}

int schedule(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes the on-call schedule (planned shifts with overrides) of every rotation, or of "
        "one, as iCalendar or CSV."));
    parser.addOption(workspaceOption());
    const SpanOptions span;
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("ics or csv."),
                                    QStringLiteral("format"), QStringLiteral("ics"));
    parser.addOptions({span.from, span.weeks, span.rotation, span.output, format});
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QString location = parser.value(QStringLiteral("workspace"));
    if (location.isEmpty())
        return fail(BadInput, QStringLiteral("schedule: give --workspace FILE|URL"));
    QDate first;
    int n = 0;
    if (!readSpan(parser, span.from, span.weeks, &first, &n, &code))
        return code;
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("ics") && fmt != QLatin1String("csv"))
        return fail(BadInput, QStringLiteral("--format '%1' must be ics or csv").arg(fmt));
    const auto ws = loadWorkspace(location, &code);
    if (!ws)
        return code;
    if (ws->rotations.isEmpty())
        return fail(BadInput, QStringLiteral("%1 defines no rotations").arg(location));
    if (parser.isSet(span.rotation) && !ws->rotation(parser.value(span.rotation)))
        return fail(BadInput,
                    QStringLiteral("there is no rotation '%1'").arg(parser.value(span.rotation)));

    OnCallSchedule plan(*ws);
    // Overrides made in the console live in the store next to a database workspace.
    if (Database::isDatabaseUrl(location)) {
        QString error;
        if (auto db = Database::open(location, &error)) {
            if (const auto stored = ScheduleStore(*db).loadOverrides(&error))
                plan.setStoredOverrides(*stored);
        }
    }
    const QDateTime start(first, QTime(0, 0), QTimeZone::utc());
    const QDateTime end = start.addDays(7 * n);
    QList<Shift> shifts;
    for (const Rotation &r : ws->rotations) {
        if (!parser.isSet(span.rotation) || r.id == parser.value(span.rotation))
            shifts << plan.shifts(r.id, start, end);
    }
    const QByteArray data =
        fmt == QLatin1String("ics")
            ? ScheduleExport::toIcs(shifts, *ws, QDateTime::currentDateTimeUtc())
            : ScheduleExport::toCsv(shifts, *ws);
    if (!writeOutput(parser.value(span.output), data, &code))
        return code;
    return Ok;
}

int fairness(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes how the on-call load fell on each person: turns, days on call, holiday and "
        "weekend days, pages, night pages and alerts handled."));
    parser.addOption(workspaceOption());
    parser.addOption(databaseOption());
    const SpanOptions span;
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("md or csv."),
                                    QStringLiteral("format"), QStringLiteral("md"));
    parser.addOptions({span.from, span.weeks, span.rotation, span.output, format});
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QString location = parser.value(QStringLiteral("workspace"));
    if (location.isEmpty())
        return fail(BadInput, QStringLiteral("fairness: give --workspace FILE|URL"));
    QDate first;
    int n = 0;
    if (!readSpan(parser, span.from, span.weeks, &first, &n, &code))
        return code;
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("md") && fmt != QLatin1String("csv"))
        return fail(BadInput, QStringLiteral("--format '%1' must be md or csv").arg(fmt));
    const auto ws = loadWorkspace(location, &code);
    if (!ws)
        return code;
    if (parser.isSet(span.rotation) && !ws->rotation(parser.value(span.rotation)))
        return fail(BadInput,
                    QStringLiteral("there is no rotation '%1'").arg(parser.value(span.rotation)));
    auto db = openConsoleStore(parser, location, &code);
    if (!db)
        return code;
    QString error;
    const auto alerts = AlertStore(*db).load(&error);
    const auto overrides = ScheduleStore(*db).loadOverrides(&error);
    if (!alerts || !overrides)
        return fail(Unavailable, QStringLiteral("cannot read the store: %1").arg(error));
    OnCallSchedule plan(*ws);
    plan.setStoredOverrides(*overrides);
    QString text = fmt == QLatin1String("csv") ? FairnessReport::csvHeader() : QString();
    for (const Rotation &r : ws->rotations) {
        if (parser.isSet(span.rotation) && r.id != parser.value(span.rotation))
            continue;
        const FairnessReport report =
            FairnessReport::build(plan, *alerts, first, first.addDays(7 * n), r.id);
        text += fmt == QLatin1String("csv") ? report.toCsvRows() : report.toMarkdown() + u'\n';
    }
    return writeOutput(parser.value(span.output), text.toUtf8(), &code) ? Ok : code;
}

int insights(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes the figures behind the Insights charts: alerts per day by severity, MTTA and "
        "MTTR per week, SLA compliance per pipeline, error-budget burn-down per pipeline and "
        "top customer, on-call load per person and customer impact."));
    parser.addOption(workspaceOption());
    parser.addOption(databaseOption());
    const QCommandLineOption from(QStringLiteral("from"),
                                  QStringLiteral("First day, YYYY-MM-DD (default: 30 days "
                                                 "before --to)."),
                                  QStringLiteral("date"));
    const QCommandLineOption to(QStringLiteral("to"),
                                QStringLiteral("Last day, YYYY-MM-DD (default: today)."),
                                QStringLiteral("date"));
    const QCommandLineOption pipeline(QStringLiteral("pipeline"),
                                      QStringLiteral("Only this pipeline (repeatable)."),
                                      QStringLiteral("id"));
    const QCommandLineOption team(QStringLiteral("team"),
                                  QStringLiteral("Only pipelines this team's members own."),
                                  QStringLiteral("id"));
    const QCommandLineOption zone(QStringLiteral("timezone"),
                                  QStringLiteral("Zone the days are counted in (default: the "
                                                 "first rotation's, else UTC)."),
                                  QStringLiteral("zone"));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("csv or json."),
                                    QStringLiteral("format"), QStringLiteral("csv"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write here instead of standard output."),
                                    QStringLiteral("file"));
    parser.addOptions({from, to, pipeline, team, zone, format, output});
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QString location = parser.value(QStringLiteral("workspace"));
    if (location.isEmpty())
        return fail(BadInput, QStringLiteral("insights: give --workspace FILE|URL"));
    auto date = [&](const QCommandLineOption &o, const QDate &fallback, QDate *out) {
        *out = parser.isSet(o) ? QDate::fromString(parser.value(o), Qt::ISODate) : fallback;
        if (out->isValid() && parser.value(o).size() <= 10)
            return true;
        code = fail(BadInput, QStringLiteral("--%1 '%2' is not a date such as 2026-11-16")
                                  .arg(o.names().first(), parser.value(o)));
        return false;
    };
    QDate last, first;
    if (!date(to, QDate::currentDate(), &last) || !date(from, last.addDays(-29), &first))
        return code;
    if (first > last)
        return fail(BadInput, QStringLiteral("--from %1 is after --to %2")
                                  .arg(first.toString(Qt::ISODate), last.toString(Qt::ISODate)));
    if (first.daysTo(last) > 3660)
        return fail(BadInput, QStringLiteral("the range is longer than ten years"));
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("csv") && fmt != QLatin1String("json"))
        return fail(BadInput, QStringLiteral("--format '%1' must be csv or json").arg(fmt));
    const auto ws = loadWorkspace(location, &code);
    if (!ws)
        return code;
    InsightsQuery query;
    query.from = first;
    query.to = last.addDays(1);
    query.pipelines = parser.values(pipeline);
    for (const QString &id : std::as_const(query.pipelines)) {
        if (!ws->pipeline(id))
            return fail(BadInput, QStringLiteral("there is no pipeline '%1'").arg(id));
    }
    query.team = parser.value(team);
    if (!query.team.isEmpty() && std::none_of(ws->teams.cbegin(), ws->teams.cend(),
                                              [&](const Team &t) { return t.id == query.team; }))
        return fail(BadInput, QStringLiteral("there is no team '%1'").arg(query.team));
    const QString zoneName = parser.isSet(zone)        ? parser.value(zone)
                             : ws->rotations.isEmpty() ? QString()
                                                       : ws->rotations.first().timeZone;
    if (!zoneName.isEmpty()) {
        if (!QTimeZone::isTimeZoneIdAvailable(zoneName.toUtf8()))
            return fail(BadInput, QStringLiteral("unknown time zone '%1'").arg(zoneName));
        query.zone = QTimeZone(zoneName.toUtf8());
    }
    auto db = openConsoleStore(parser, location, &code);
    if (!db)
        return code;
    QString error;
    const auto alerts = AlertStore(*db).load(&error);
    const auto overrides = ScheduleStore(*db).loadOverrides(&error);
    if (!alerts || !overrides)
        return fail(Unavailable, QStringLiteral("cannot read the store: %1").arg(error));
    OnCallSchedule plan(*ws);
    plan.setStoredOverrides(*overrides);
    const AlertFacts facts = AlertFacts::build(*alerts, *ws, &plan);
    const Insights result =
        Insights::compute(facts, *ws, query, toTimestamp(QDateTime::currentDateTimeUtc()), &plan);
    const QByteArray data = fmt == QLatin1String("csv")
                                ? result.toCsv().toUtf8()
                                : QJsonDocument(result.toJson()).toJson(QJsonDocument::Indented);
    return writeOutput(parser.value(output), data, &code) ? Ok : code;
}

int handoff(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes the handoff report of a week: alerts opened, acknowledged, resolved and still "
        "open, SLA breaches, MTTA and MTTR, escalations, who is on call, and the outgoing "
        "engineer's notes."));
    parser.addOption(workspaceOption());
    parser.addOption(databaseOption());
    const QCommandLineOption week(QStringLiteral("week"),
                                  QStringLiteral("First day of the week, YYYY-MM-DD (default: "
                                                 "the Monday of this week)."),
                                  QStringLiteral("date"));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("md, html or pdf."),
                                    QStringLiteral("format"), QStringLiteral("md"));
    const QCommandLineOption zone(QStringLiteral("timezone"),
                                  QStringLiteral("Time zone the week is counted in (default: the "
                                                 "first rotation's, else UTC)."),
                                  QStringLiteral("zone"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write here (required for pdf)."),
                                    QStringLiteral("file"));
    parser.addOptions({week, format, zone, output});
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QString location = parser.value(QStringLiteral("workspace"));
    if (location.isEmpty())
        return fail(BadInput, QStringLiteral("handoff: give --workspace FILE|URL"));
    QDate weekStart = QDate::currentDate().addDays(1 - QDate::currentDate().dayOfWeek());
    if (parser.isSet(week))
        weekStart = QDate::fromString(parser.value(week), Qt::ISODate);
    if (!weekStart.isValid())
        return fail(
            BadInput,
            QStringLiteral("--week '%1' is not a date such as 2026-11-16").arg(parser.value(week)));
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("md") && fmt != QLatin1String("html") && fmt != QLatin1String("pdf"))
        return fail(BadInput, QStringLiteral("--format '%1' must be md, html or pdf").arg(fmt));
    if (fmt == QLatin1String("pdf") && parser.value(output).isEmpty())
        return fail(BadInput, QStringLiteral("--format pdf needs --output FILE"));
    const auto ws = loadWorkspace(location, &code);
    if (!ws)
        return code;
    QTimeZone tz = QTimeZone::utc();
    const QString zoneName = parser.isSet(zone)        ? parser.value(zone)
                             : ws->rotations.isEmpty() ? QString()
                                                       : ws->rotations.first().timeZone;
    if (!zoneName.isEmpty()) {
        if (!QTimeZone::isTimeZoneIdAvailable(zoneName.toUtf8()))
            return fail(BadInput, QStringLiteral("unknown time zone '%1'").arg(zoneName));
        tz = QTimeZone(zoneName.toUtf8());
    }

    auto db = openConsoleStore(parser, location, &code);
    if (!db)
        return code;
    QString error;
    const auto alerts = AlertStore(*db).load(&error);
    ScheduleStore store(*db);
    const auto note = store.loadNote(weekStart, &error);
    const auto overrides = store.loadOverrides(&error);
    if (!alerts || !note || !overrides)
        return fail(Unavailable, QStringLiteral("cannot read the store: %1").arg(error));
    OnCallSchedule plan(*ws);
    plan.setStoredOverrides(*overrides);
    HandoffReport report = HandoffReport::build(*ws, *alerts, plan, weekStart, tz, *note,
                                                QDateTime::currentDateTimeUtc());
    const auto changes = RunbookHistory(*db).between(report.from, report.to, &error);
    if (!changes)
        return fail(Unavailable, QStringLiteral("cannot read runbook changes: %1").arg(error));
    report.runbookChanges = *changes;
    QByteArray data;
    if (fmt == QLatin1String("md"))
        data = report.toMarkdown().toUtf8();
    else if (fmt == QLatin1String("html"))
        data = report.toHtml(MarkdownHtml::fragment).toUtf8();
    else if (!HandoffPdf::write(report, parser.value(output), &error))
        return fail(Unavailable, error);
    if (fmt != QLatin1String("pdf") && !writeOutput(parser.value(output), data, &code))
        return code;
    return Ok;
}

// One line from standard input, not echoed when it is a terminal.
QString readSecretLine(const QString &prompt)
{
    const bool terminal = ::isatty(STDIN_FILENO);
    termios saved{};
    if (terminal) {
        err() << prompt << Qt::flush;
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QTextStream in(stdin);
    QString line = in.readLine();
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        err() << Qt::endl;
    }
    return line;
}

// Stores or removes a secret that is not a source's password: the mail server's, or a
// contact method's signing key.
int storeSecret(const QString &action, const QString &key)
{
    QString result;
    if (action == QLatin1String("delete")) {
        if (!CredentialStore::removeNow(key, &result))
            return fail(Unavailable, QStringLiteral("cannot remove %1: %2").arg(key, result));
        out() << "removed " << key << " from the keychain" << Qt::endl;
        return Ok;
    }
    const QString secret = readSecretLine(QStringLiteral("Secret for %1: ").arg(key));
    if (secret.isEmpty())
        return fail(BadInput, QStringLiteral("credentials set: nothing on standard input"));
    if (!CredentialStore::writeNow(key, secret, &result))
        return fail(Unavailable,
                    QStringLiteral("cannot store %1 in the keychain: %2").arg(key, result));
    out() << "stored " << key << " in the keychain" << Qt::endl;
    return Ok;
}

int credentials(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Keep a password or key in the OS keychain, never in a file: an sql "
                       "source's (--source), the mail server's (--smtp) or a contact "
                       "method's signing key (--contact).\n"
                       "  set     read the password from standard input and store it\n"
                       "  delete  remove it\n"
                       "  check   run the source's freshness probe once with it"));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("set, delete or check"));
    const QCommandLineOption source({QStringLiteral("s"), QStringLiteral("source")},
                                    QStringLiteral("The sql source's id."), QStringLiteral("id"));
    parser.addOption(source);
    const QCommandLineOption smtp(QStringLiteral("smtp"),
                                  QStringLiteral("The mail server's password (smtp section)."));
    const QCommandLineOption contact(
        QStringLiteral("contact"),
        QStringLiteral("A contact method's signing key: PERSON:N, the N-th of their contacts."),
        QStringLiteral("person:n"));
    parser.addOption(smtp);
    parser.addOption(contact);
    parser.addOption(workspaceOption());
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    if (action != QLatin1String("set") && action != QLatin1String("delete") &&
        action != QLatin1String("check"))
        return fail(BadInput, QStringLiteral("credentials: say set, delete or check"));
    if (parser.isSet(smtp) || parser.isSet(contact)) {
        if (action == QLatin1String("check"))
            return fail(BadInput, QStringLiteral("credentials check: only for --source; try "
                                                 "'watchkeeper notify test' for mail"));
        QString key = SmtpSettings::credentialKey();
        if (parser.isSet(contact)) {
            const QStringList parts = parser.value(contact).split(QLatin1Char(':'));
            bool ok = false;
            const int n = parts.value(1).toInt(&ok);
            if (parts.size() != 2 || !ok || n < 1)
                return fail(BadInput, QStringLiteral("credentials: --contact takes PERSON:N, "
                                                     "such as amara:2"));
            key = ContactMethod::credentialKey(parts.at(0), n - 1);
        }
        return storeSecret(action, key);
    }
    const QString id = parser.value(source);
    if (id.isEmpty())
        return fail(BadInput, QStringLiteral("credentials: --source, --smtp or --contact is "
                                             "required"));
    // With the workspace at hand, a mistyped source id is caught before the keychain is.
    std::optional<DataSource> found;
    const QString location = parser.value(QStringLiteral("workspace"));
    if (!location.isEmpty()) {
        const auto ws = loadWorkspace(location, &code);
        if (!ws)
            return code;
        if (const DataSource *s = ws->source(id))
            found = *s;
        if (!found || found->kind != DataSource::Kind::Sql)
            return fail(BadInput, QStringLiteral("%1 has no sql source '%2'").arg(location, id));
        if (found->credential != QLatin1String("keychain"))
            return fail(BadInput, QStringLiteral("source '%1' does not say 'credential: keychain', "
                                                 "so the console would not look for a password")
                                      .arg(id));
    } else if (action == QLatin1String("check")) {
        return fail(BadInput, QStringLiteral("credentials check: --workspace is required"));
    }

    QString result;
    if (action == QLatin1String("set")) {
        const QString password = readSecretLine(QStringLiteral("Password for %1: ").arg(id));
        if (password.isEmpty())
            return fail(BadInput, QStringLiteral("credentials set: no password on standard input"));
        if (!CredentialStore::writeNow(id, password, &result))
            return fail(Unavailable, QStringLiteral("cannot store the password in the keychain: "
                                                    "%1")
                                         .arg(result));
        out() << "stored the password of " << id << " in the keychain" << Qt::endl;
        return Ok;
    }
    if (action == QLatin1String("delete")) {
        if (!CredentialStore::removeNow(id, &result))
            return fail(Unavailable, QStringLiteral("cannot remove the password: %1").arg(result));
        out() << "removed the password of " << id << " from the keychain" << Qt::endl;
        return Ok;
    }
    if (!CredentialStore::readNow(id, &result))
        return fail(Unavailable,
                    QStringLiteral("cannot read the password from the keychain: %1").arg(result));
    const SqlFreshnessProbe::Result probe = SqlFreshnessProbe::run(*found, result);
    if (!probe.error.isEmpty())
        return fail(Unavailable, QStringLiteral("%1: %2").arg(id, probe.error));
    out() << id << ": newest " << found->timeColumn << " in " << found->table << " is "
          << (probe.newest ? QString::fromStdString(formatTimestamp(*probe.newest))
                           : QStringLiteral("none (the table is empty)"))
          << " (" << probe.elapsedMs << " ms)" << Qt::endl;
    return Ok;
}

const Command commands[] = {
    {"validate", "Check a workspace file; list every problem with line and column.", validate},
    {"import", "Store a workspace file (SQLite by default, or PostgreSQL).", importWorkspace},
    {"export", "Write the stored workspace back as a workspace file.", exportWorkspace},
    {"check", "Run rules once: 'check burst' over CSV files, or 'check --workspace FILE'.", check},
    {"generate", "Write a synthetic events/users/teams/customers data set.", generate},
    {"schedule", "Write the on-call schedule as iCalendar or CSV.", schedule},
    {"fairness", "Write each person's on-call load over a span (Markdown or CSV).", fairness},
    {"handoff", "Write a week's handoff report as Markdown, HTML or PDF.", handoff},
    {"insights", "Write the Insights figures of a date range as CSV or JSON.", insights},
    {"credentials", "Keep a password or signing key in the OS keychain.", credentials},
    {"notify", "Send a person a test message by one of their contact methods.", notify},
    {"deliveries", "List the pages sent or waiting, with how each went.", deliveries},
};

const Command *findCommand(const QString &name)
{
    for (const Command &c : commands) {
        if (name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

QString usage()
{
    QString text = QStringLiteral(
        "Usage: watchkeeper [--workspace FILE|URL]      open the console\n"
        "       watchkeeper COMMAND [options]           headless use\n\n"
        "Options:\n"
        "  --workspace FILE|URL  a workspace file, or a database URL holding an imported "
        "workspace\n"
        "                        (default: the bundled demo workspace)\n"
        "  -h, --help            show this help\n"
        "  -v, --version         show the version\n\n"
        "Commands:\n");
    for (const Command &c : commands)
        text += QStringLiteral("  %1%2\n")
                    .arg(QLatin1String(c.name), -12)
                    .arg(QLatin1String(c.summary));
    text += QStringLiteral("\n'watchkeeper COMMAND --help' describes a command's options.\n"
                           "Exit status: 0 ok, 1 findings reported, 2 bad input, 3 store "
                           "unavailable.\n");
    return text;
}

} // namespace

bool isHeadless(const QStringList &arguments)
{
    for (const QString &a : arguments.mid(1)) {
        if (a == QLatin1String("--help") || a == QLatin1String("-h") ||
            a == QLatin1String("--version") || a == QLatin1String("-v"))
            return true;
    }
    if (arguments.size() < 2 || arguments.at(1).startsWith(QLatin1Char('-')))
        return false;
    // What the desktop file passes the window: a clicked link, or a workspace file.
    const QString &first = arguments.at(1);
    return !first.contains(QLatin1String("://")) && !QFileInfo(first).isFile();
}

int run(const QStringList &arguments)
{
    if (arguments.size() > 1 && !arguments.at(1).startsWith(QLatin1Char('-'))) {
        const Command *command = findCommand(arguments.at(1));
        if (!command)
            return fail(BadInput,
                        QStringLiteral("unknown command '%1'\n\n%2").arg(arguments.at(1), usage()));
        QStringList rest = arguments;
        rest.removeAt(1);
        rest[0] = QStringLiteral("watchkeeper %1").arg(arguments.at(1));
        return command->run(rest);
    }
    for (const QString &a : arguments.mid(1)) {
        if (a == QLatin1String("--version") || a == QLatin1String("-v")) {
            out() << "watchkeeper " << WK_VERSION << Qt::endl;
            return Ok;
        }
    }
    out() << usage();
    out().flush();
    return Ok;
}

} // namespace wk::cli
