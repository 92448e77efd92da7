#include "customerqueryreader.h"

#include "warehouseconnection.h"

#include "text/csvvalues.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace wk {

namespace {

const QString whereFrom = QStringLiteral("customers query");

int column(const QSqlRecord &record, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        for (int i = 0; i < record.count(); ++i) {
            if (record.fieldName(i).compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
                return i;
        }
    }
    return -1;
}

std::optional<double> number(const QVariant &v)
{
    bool ok = false;
    const double d = v.toString().trimmed().toDouble(&ok);
    return ok ? std::optional<double>(d) : std::nullopt;
}

std::optional<bool> flag(const QVariant &v)
{
    if (v.metaType().id() == QMetaType::Bool)
        return v.toBool();
    return csv::flag(csv::trimmed(v.toString().toStdString()));
}

// What a license_data object says, for the fields the columns left open.
struct License
{
    std::optional<QString> plan;
    std::optional<QVariant> revenue;
    std::optional<QVariant> churned;
};

std::optional<License> readLicense(const QString &text, QString *why)
{
    QJsonParseError error{};
    const QJsonDocument doc =
        QJsonDocument::fromJson(CustomerQueryReader::straightQuotes(text).toUtf8(), &error);
    if (error.error != QJsonParseError::NoError) {
        *why = QStringLiteral("license_data is not JSON (%1 at character %2)")
                   .arg(error.errorString())
                   .arg(error.offset);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *why = QStringLiteral("license_data is not a JSON object");
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    License l;
    if (o.contains(QLatin1String("plan")))
        l.plan = o.value(QLatin1String("plan")).toVariant().toString();
    for (const char *key : {"monthly_revenue", "revenue", "price"}) {
        if (!l.revenue && o.contains(QLatin1String(key)))
            l.revenue = o.value(QLatin1String(key)).toVariant();
    }
    if (o.contains(QLatin1String("churned"))) {
        l.churned = o.value(QLatin1String("churned")).toVariant();
    } else if (o.contains(QLatin1String("status"))) {
        const QString status = o.value(QLatin1String("status")).toString().toLower();
        l.churned =
            QVariant(status == QLatin1String("churned") || status == QLatin1String("cancelled") ||
                     status == QLatin1String("canceled"));
    }
    return l;
}

} // namespace

QString CustomerQueryReader::straightQuotes(QString json)
{
    for (const QChar c : {QChar(0x201C), QChar(0x201D), QChar(0x201E), QChar(0x201F), QChar(0x2033),
                          QChar(0x00AB), QChar(0x00BB)})
        json.replace(c, QLatin1Char('"'));
    return json;
}

CustomerQueryReader::Result CustomerQueryReader::run(const CustomerQuery &query,
                                                     const QString &password)
{
    Result result;
    QElapsedTimer timer;
    timer.start();
    {
        WarehouseConnection connection(query.connection, password, query.timeoutSeconds);
        if (connection.open(&result.error)) {
            QSqlQuery q(connection.database());
            q.setForwardOnly(true);
            if (!q.exec(query.query)) {
                result.error = QStringLiteral("the customers query failed on %1: %2")
                                   .arg(connection.where(), q.lastError().text().trimmed());
            } else {
                const QSqlRecord record = q.record();
                const int id = column(record, {"id", "customer_id"});
                const int name = column(record, {"name", "customer_name"});
                const int plan = column(record, {"plan", "plan_name"});
                const int revenue = column(record, {"monthly_revenue", "revenue", "monthly_price"});
                const int churned = column(record, {"churned"});
                const int license = column(record, {"license_data", "license"});
                if (id < 0) {
                    QStringList names;
                    for (int i = 0; i < record.count(); ++i)
                        names << record.fieldName(i);
                    result.error = QStringLiteral("the customers query returns no 'id' or "
                                                  "'customer_id' column (it returns: %1)")
                                       .arg(names.join(QStringLiteral(", ")));
                }
                QHash<QString, int> seen;
                int row = 0;
                while (result.error.isEmpty() && q.next()) {
                    ++row;
                    const auto problem = [&](const QString &what) {
                        result.problems.append({whereFrom, row, 0, what, true});
                    };
                    Customer c;
                    c.id = q.value(id).toString().trimmed();
                    if (q.value(id).isNull() || c.id.isEmpty()) {
                        problem(QStringLiteral("no id; the row is left out"));
                        continue;
                    }
                    const QString who = QStringLiteral("customer '%1': ").arg(c.id);
                    if (const auto earlier = seen.constFind(c.id); earlier != seen.cend()) {
                        problem(who + QStringLiteral("given again (first in row %1); the first is "
                                                     "kept")
                                          .arg(*earlier));
                        continue;
                    }
                    License fromLicense;
                    if (license >= 0 && !q.value(license).isNull()) {
                        QString why;
                        if (const auto l = readLicense(q.value(license).toString(), &why))
                            fromLicense = *l;
                        else
                            problem(who + why + QStringLiteral("; read from the other columns"));
                    }
                    if (name >= 0)
                        c.name = q.value(name).toString();
                    if (plan >= 0 && !q.value(plan).isNull())
                        c.plan = q.value(plan).toString();
                    else if (fromLicense.plan)
                        c.plan = *fromLicense.plan;
                    QVariant money;
                    if (revenue >= 0 && !q.value(revenue).isNull())
                        money = q.value(revenue);
                    else if (fromLicense.revenue)
                        money = *fromLicense.revenue;
                    if (money.isValid() && !money.isNull()) {
                        const auto amount = number(money);
                        if (!amount || *amount < 0) {
                            problem(who + QStringLiteral("monthly revenue '%1' is not an amount; "
                                                         "the row is left out")
                                              .arg(money.toString()));
                            continue;
                        }
                        c.monthlyRevenue = *amount;
                    }
                    QVariant gone;
                    if (churned >= 0 && !q.value(churned).isNull())
                        gone = q.value(churned);
                    else if (fromLicense.churned)
                        gone = *fromLicense.churned;
                    if (gone.isValid() && !gone.isNull()) {
                        if (const auto f = flag(gone))
                            c.churned = *f;
                        else
                            problem(who + QStringLiteral("churned '%1' is not true or false; read "
                                                         "as not churned")
                                              .arg(gone.toString()));
                    }
                    seen.insert(c.id, row);
                    result.customers.append(c);
                }
                if (result.error.isEmpty() && q.lastError().isValid())
                    result.error = QStringLiteral("the customers query stopped at row %1: %2")
                                       .arg(row)
                                       .arg(q.lastError().text().trimmed());
            }
        }
    }
    if (!result.error.isEmpty()) {
        result.customers.clear();
        result.problems.clear();
    }
    result.elapsedMs = timer.elapsed();
    return result;
}

} // namespace wk
