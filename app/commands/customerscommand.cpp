#include "commands.h"

#include "commandsupport.h"

#include "sources/customerqueryreader.h"
#include "text/csvvalues.h"
#include "text/texttable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace wk::cli {

namespace {

QString asCsv(const QList<Customer> &customers)
{
    QString text = QStringLiteral("id,name,plan,monthly_revenue,churned\n");
    for (const Customer &c : customers)
        text += QStringLiteral("%1,%2,%3,%4,%5\n")
                    .arg(csv::quoted(c.id), csv::quoted(c.name), csv::quoted(c.plan))
                    .arg(c.monthlyRevenue)
                    .arg(c.churned ? QStringLiteral("true") : QStringLiteral("false"));
    return text;
}

QString asJson(const QList<Customer> &customers)
{
    QJsonArray list;
    for (const Customer &c : customers)
        list.append(QJsonObject{{QStringLiteral("id"), c.id},
                                {QStringLiteral("name"), c.name},
                                {QStringLiteral("plan"), c.plan},
                                {QStringLiteral("monthly_revenue"), c.monthlyRevenue},
                                {QStringLiteral("churned"), c.churned}});
    return QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Indented));
}

QString asTable(const QList<Customer> &customers)
{
    QList<QStringList> rows;
    for (const Customer &c : customers)
        rows.append({c.id, c.name, c.plan, QString::number(c.monthlyRevenue),
                     c.churned ? QStringLiteral("churned") : QString()});
    return TextTable::render({QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("plan"),
                              QStringLiteral("monthly revenue"), QString()},
                             rows, {3});
}

} // namespace

int customers(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Lists the workspace's customers. When they come from a query (customers: connection, "
        "query), runs it now and says which rows it could not read, and why."));
    parser.addOption(workspaceOption());
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("table (default), csv or json."),
                                    QStringLiteral("format"), QStringLiteral("table"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write to a file instead of standard output."),
                                    QStringLiteral("file"));
    parser.addOption(format);
    parser.addOption(output);
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const auto fmt = chosenFormat(
        parser, format, {QStringLiteral("table"), QStringLiteral("csv"), QStringLiteral("json")},
        &code);
    if (!fmt)
        return code;
    const QString location = requiredWorkspace(parser, QStringLiteral("customers"), &code);
    if (location.isEmpty())
        return code;
    std::optional<Workspace> ws = loadWorkspace(location, &code);
    if (!ws)
        return code;
    QList<Diagnostic> problems;
    if (const CustomerQuery &query = ws->customerQuery; query.isSet()) {
        QString error;
        const std::optional<CustomerQueryReader::Result> r = runCustomerQuery(query, &error);
        if (!r)
            return fail(Unavailable, QStringLiteral("customers: %1").arg(error));
        ws->customers = r->customers;
        problems = r->problems;
        err() << QStringLiteral("%1 customer(s) read in %2 ms, %3 row(s) with problems")
                     .arg(r->customers.size())
                     .arg(r->elapsedMs)
                     .arg(r->problems.size())
              << Qt::endl;
    }
    const QString text = *fmt == QLatin1String("csv")    ? asCsv(ws->customers)
                         : *fmt == QLatin1String("json") ? asJson(ws->customers)
                                                         : asTable(ws->customers);
    if (!writeOutput(parser.value(output), text.toUtf8(), &code))
        return code;
    if (!problems.isEmpty())
        err() << formatDiagnostics(problems) << Qt::endl;
    return problems.isEmpty() ? Ok : Findings;
}

} // namespace wk::cli
