#include "workspacesections.h"

#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

namespace wk {

void readCustomers(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
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
