#include "commands.h"

#include "commandsupport.h"

#include "report/ruleoutcomes.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "text/csvvalues.h"
#include "text/texttable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace wk::cli {

namespace {

// A table for terminals, CSV or JSON of the same rows: JSON keys are the header's names.
QByteArray render(const QStringList &header, const QList<QStringList> &rows, const QString &format,
                  const QList<int> &numbers)
{
    if (format == QLatin1String("json")) {
        QJsonArray out;
        for (const QStringList &values : rows) {
            QJsonObject o;
            for (int i = 0; i < header.size(); ++i)
                o.insert(header.at(i), numbers.contains(i) ? QJsonValue(values.at(i).toDouble())
                                                           : QJsonValue(values.at(i)));
            out.append(o);
        }
        return QJsonDocument(out).toJson(QJsonDocument::Indented);
    }
    if (format == QLatin1String("csv")) {
        QString text = header.join(QLatin1Char(',')) + QLatin1Char('\n');
        for (QStringList values : rows) {
            for (QString &v : values)
                v = csv::quoted(v);
            text += values.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
        return text.toUtf8();
    }
    return TextTable::render(header, rows, numbers).toUtf8();
}

QList<QStringList> alertRows(const QList<Alert> &alerts, const Workspace &ws)
{
    QList<QStringList> rows;
    for (const Alert &a : alerts) {
        const AlertOutcome o = outcomeOf(a, ws);
        rows << QStringList{QString::number(a.id),
                            toDateTime(a.triggeredAt).toString(Qt::ISODate),
                            a.ruleId,
                            a.pipelineId,
                            a.subject,
                            severityName(a.severity),
                            outcomeKindName(o.kind),
                            o.kind == AlertOutcome::Kind::Noise ? noiseReasonName(o.reason)
                                                                : QString(),
                            o.note,
                            o.by,
                            o.isMarked() ? QString() : o.why};
    }
    return rows;
}

QList<QStringList> ruleRows(const QList<RuleOutcomes> &tally)
{
    QList<QStringList> rows;
    for (const RuleOutcomes &r : tally)
        rows << QStringList{r.ruleId,
                            QString::number(r.ended),
                            QString::number(r.actionable),
                            QString::number(r.noise),
                            QString::number(r.wontFix),
                            QString::number(r.byItself),
                            QString::number(r.unknown),
                            QString::number(qRound(r.falseAlarmShare() * 100))};
    return rows;
}

} // namespace

int outcomes(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("List how the stored alerts ended (actionable, noise and why, won't fix, "
                       "resolved by itself), or with --by-rule how each rule's alerts did."));
    parser.addOption(workspaceOption());
    parser.addOption(databaseOption());
    const QCommandLineOption since(QStringLiteral("since"),
                                   QStringLiteral("Only alerts raised since a date-time or for a "
                                                  "duration back, e.g. 2026-11-01 or 30d "
                                                  "(default: 30d)."),
                                   QStringLiteral("when"), QStringLiteral("30d"));
    const QCommandLineOption rule(QStringLiteral("rule"), QStringLiteral("Only one rule's."),
                                  QStringLiteral("id"));
    const QCommandLineOption byRule(QStringLiteral("by-rule"),
                                    QStringLiteral("A row per rule: its ended alerts by outcome "
                                                   "and the share of false alarms, the most "
                                                   "false alarms first."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("table (default), csv or json."),
                                    QStringLiteral("format"), QStringLiteral("table"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write to a file instead of standard output."),
                                    QStringLiteral("file"));
    for (const QCommandLineOption &o : {since, rule, byRule, format, output})
        parser.addOption(o);
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const auto fmt = chosenFormat(
        parser, format, {QStringLiteral("table"), QStringLiteral("csv"), QStringLiteral("json")},
        &code);
    if (!fmt)
        return code;
    const std::optional<TimestampNs> from =
        sinceInstant(parser.value(since), QStringLiteral("outcomes"), &code);
    if (!from)
        return code;
    const QString location = requiredWorkspace(parser, QStringLiteral("outcomes"), &code);
    if (location.isEmpty())
        return code;
    const std::optional<Workspace> ws = loadWorkspace(location, &code);
    if (!ws)
        return code;
    const auto db = openConsoleStore(parser, location, &code);
    if (!db)
        return code;
    QString error;
    std::optional<QList<Alert>> alerts = AlertStore(*db).load(&error);
    if (!alerts)
        return fail(Unavailable, QStringLiteral("cannot read the alerts: %1").arg(error));
    const QString onlyRule = parser.value(rule);
    alerts->removeIf([&](const Alert &a) {
        return a.isOpen() || a.triggeredAt < *from || (!onlyRule.isEmpty() && a.ruleId != onlyRule);
    });
    QByteArray text;
    if (parser.isSet(byRule)) {
        text =
            render({QStringLiteral("rule"), QStringLiteral("ended"), QStringLiteral("actionable"),
                    QStringLiteral("noise"), QStringLiteral("wont_fix"),
                    QStringLiteral("resolved_by_itself"), QStringLiteral("unknown"),
                    QStringLiteral("false_alarm_pct")},
                   ruleRows(RuleOutcomes::tally(*alerts, *ws, *from)), *fmt, {1, 2, 3, 4, 5, 6, 7});
    } else {
        text =
            render({QStringLiteral("alert"), QStringLiteral("raised"), QStringLiteral("rule"),
                    QStringLiteral("pipeline"), QStringLiteral("subject"),
                    QStringLiteral("severity"), QStringLiteral("outcome"), QStringLiteral("reason"),
                    QStringLiteral("note"), QStringLiteral("by"), QStringLiteral("why")},
                   alertRows(*alerts, *ws), *fmt, {0});
    }
    if (!writeOutput(parser.value(output), text, &code))
        return code;
    return Ok;
}

} // namespace wk::cli
