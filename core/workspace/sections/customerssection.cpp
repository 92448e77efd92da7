#include "workspacesections.h"

#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

#include "domain/duration.h"

#include <QUrl>

namespace wk {

namespace {

// customers: {connection, query, interval, timeout, credential}
void readCustomerQuery(YamlReader &r, const YAML::Node &n, Workspace &ws)
{
    const QString what = QStringLiteral("the customers query");
    r.checkKeys(n, {"connection", "query", "interval", "timeout", "credential"}, what);
    CustomerQuery &q = ws.customerQuery;
    q.connection = r.text(n, "connection", what, true);
    q.query = r.text(n, "query", what, true).trimmed();
    q.intervalSeconds = r.duration(n, "interval", what).value_or(q.intervalSeconds);
    q.timeoutSeconds = r.duration(n, "timeout", what).value_or(q.timeoutSeconds);
    q.credential = r.text(n, "credential", what);
    if (n["interval"] && q.intervalSeconds < 60)
        r.error(n["interval"], QStringLiteral("'interval' of %1 must be at least 1m").arg(what));
    if (n["timeout"] && q.timeoutSeconds < 1)
        r.error(n["timeout"], QStringLiteral("'timeout' of %1 must be at least 1s").arg(what));
    if (!q.credential.isEmpty() && q.credential != QLatin1String("keychain"))
        r.error(n["credential"],
                QStringLiteral("'credential' of %1 can only be 'keychain', not '%2'")
                    .arg(what, q.credential));
    const QUrl url(q.connection);
    if (!q.connection.isEmpty() && !url.scheme().startsWith(QLatin1String("postgres")) &&
        url.scheme() != QLatin1String("sqlite"))
        r.error(n["connection"],
                QStringLiteral("the connection of %1 must be a postgresql:// or sqlite: URL, not "
                               "'%2'")
                    .arg(what, q.connection));
    // Passwords belong in the OS keychain, never in a file others read.
    if (!url.password().isEmpty())
        r.error(n["connection"],
                QStringLiteral("the connection of %1 contains a password; remove it, set "
                               "'credential: keychain' and store the password with: "
                               "watchkeeper credentials set --customers")
                    .arg(what));
}

} // namespace

void readCustomers(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    if (const YAML::Node n = root["customers"]; n && n.IsMap()) {
        readCustomerQuery(r, n, ws);
        return;
    }
    r.section(
        root, "customers", QStringLiteral("customer"),
        [&](const YAML::Node &n, const QString &what) {
            r.checkKeys(n, {"id", "name", "plan", "monthly_revenue", "churned"}, what);
            Customer c;
            c.id = readId(r, n, "id", what);
            const QString label = c.id.isEmpty() ? what : QStringLiteral("customer '%1'").arg(c.id);
            c.name = r.text(n, "name", label, true);
            c.plan = r.text(n, "plan", label, true);
            const auto revenue = r.number(n, "monthly_revenue", label, true);
            if (revenue && *revenue < 0)
                r.error(n["monthly_revenue"],
                        QStringLiteral("'monthly_revenue' of %1 must not be negative").arg(label));
            c.monthlyRevenue = revenue.value_or(0);
            c.churned = r.boolean(n, "churned", label);
            ws.customers.append(c);
            return c.id;
        });
}

void writeCustomers(YAML::Emitter &out, const Workspace &ws)
{
    if (const CustomerQuery &q = ws.customerQuery; q.isSet()) {
        const CustomerQuery defaults;
        out << YAML::Key << "customers" << YAML::Value << YAML::BeginMap;
        writeKey(out, "connection", q.connection, true);
        out << YAML::Key << "query" << YAML::Value << YAML::Literal << q.query.toStdString();
        if (q.intervalSeconds != defaults.intervalSeconds)
            writeKey(out, "interval", formatDuration(q.intervalSeconds), true);
        if (q.timeoutSeconds != defaults.timeoutSeconds)
            writeKey(out, "timeout", formatDuration(q.timeoutSeconds), true);
        writeKey(out, "credential", q.credential);
        out << YAML::EndMap;
        return;
    }
    if (ws.customers.isEmpty())
        return;
    out << YAML::Key << "customers" << YAML::Value << YAML::BeginSeq;
    for (const Customer &c : ws.customers) {
        out << YAML::Flow << YAML::BeginMap;
        writeKey(out, "id", c.id, true);
        writeKey(out, "name", c.name, true);
        writeKey(out, "plan", c.plan, true);
        out << YAML::Key << "monthly_revenue" << YAML::Value << yamlNumber(c.monthlyRevenue);
        if (c.churned)
            out << YAML::Key << "churned" << YAML::Value << true;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
