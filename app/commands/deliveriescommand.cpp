#include "commands.h"

#include "commandsupport.h"

#include "domain/duration.h"
#include "storage/database.h"
#include "storage/deliverystore.h"
#include "text/csvvalues.h"
#include "text/texttable.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace wk::cli {

namespace {

QString when(std::optional<TimestampNs> t)
{
    return t ? toDateTime(*t).toString(Qt::ISODate) : QString();
}

QStringList row(const Delivery &d)
{
    return {when(d.createdAt),
            QString::number(d.alertId),
            d.step,
            d.person,
            d.kind,
            d.target,
            deliveryStatusName(d.status),
            QString::number(d.attempts),
            when(d.sentAt),
            d.result};
}

const QStringList header = {QStringLiteral("created"), QStringLiteral("alert"),
                            QStringLiteral("step"),    QStringLiteral("person"),
                            QStringLiteral("kind"),    QStringLiteral("target"),
                            QStringLiteral("status"),  QStringLiteral("attempts"),
                            QStringLiteral("sent"),    QStringLiteral("result")};

QByteArray render(const QList<Delivery> &list, const QString &format)
{
    if (format == QLatin1String("json")) {
        QJsonArray out;
        for (const Delivery &d : list) {
            const QStringList values = row(d);
            QJsonObject o;
            for (int i = 0; i < header.size(); ++i)
                o.insert(header.at(i), values.at(i));
            o.insert(QStringLiteral("alert"), d.alertId);
            o.insert(QStringLiteral("attempts"), d.attempts);
            o.insert(QStringLiteral("subject"), d.subject);
            out.append(o);
        }
        return QJsonDocument(out).toJson(QJsonDocument::Indented);
    }
    if (format == QLatin1String("csv")) {
        QString text = header.join(QLatin1Char(',')) + QLatin1Char('\n');
        for (const Delivery &d : list) {
            QStringList values = row(d);
            for (QString &v : values)
                v = csv::quoted(v);
            text += values.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
        return text.toUtf8();
    }
    QList<QStringList> rows;
    for (const Delivery &d : list)
        rows << row(d);
    return TextTable::render(header, rows, {1, 7}).toUtf8();
}

} // namespace

int deliveries(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("List the pages the console stored and how sending each went, newest "
                       "first."));
    parser.addOption(workspaceOption());
    parser.addOption(databaseOption());
    const QCommandLineOption since(QStringLiteral("since"),
                                   QStringLiteral("Only those planned since a date-time or for "
                                                  "a duration back, e.g. 2026-12-01 or 24h "
                                                  "(default: 7d)."),
                                   QStringLiteral("when"), QStringLiteral("7d"));
    const QCommandLineOption alert(QStringLiteral("alert"), QStringLiteral("Only one alert's."),
                                   QStringLiteral("id"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("table (default), csv or json."),
                                    QStringLiteral("format"), QStringLiteral("table"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write to a file instead of standard output."),
                                    QStringLiteral("file"));
    const QCommandLineOption notices(
        QStringLiteral("notices"),
        QStringLiteral("Only notices to people, not about one alert: shift reminders and "
                       "changes, swap requests, handoff digests."));
    parser.addOption(since);
    parser.addOption(alert);
    parser.addOption(notices);
    parser.addOption(format);
    parser.addOption(output);
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("table") && fmt != QLatin1String("csv") &&
        fmt != QLatin1String("json"))
        return fail(BadInput, QStringLiteral("deliveries: --format is table, csv or json, not "
                                             "'%1'")
                                  .arg(fmt));
    const std::optional<TimestampNs> from =
        sinceInstant(parser.value(since), QStringLiteral("deliveries"), &code);
    if (!from)
        return code;
    qint64 alertId = 0;
    if (parser.isSet(alert)) {
        bool ok = false;
        alertId = parser.value(alert).toLongLong(&ok);
        if (!ok || alertId <= 0)
            return fail(BadInput, QStringLiteral("deliveries: --alert takes an alert's number"));
    }
    if (alertId > 0 && parser.isSet(notices))
        return fail(BadInput, QStringLiteral("deliveries: --alert and --notices exclude each "
                                             "other (notices are about no alert)"));
    const auto db = openConsoleStore(parser, parser.value(QStringLiteral("workspace")), &code);
    if (!db)
        return code;
    QString error;
    auto list = DeliveryStore(*db).list(*from, alertId, &error);
    if (!list)
        return fail(Unavailable, QStringLiteral("cannot read the deliveries: %1").arg(error));
    if (parser.isSet(notices))
        list->removeIf([](const Delivery &d) { return d.alertId != 0; });
    if (!writeOutput(parser.value(output), render(*list, fmt), &code))
        return code;
    return Ok;
}

} // namespace wk::cli
