#include "workspacewriter.h"

#include "domain/duration.h"

#include <QSaveFile>

#include <yaml-cpp/yaml.h>

namespace wk {

namespace {

std::string s(const QString &q)
{
    return q.toStdString();
}

void key(YAML::Emitter &out, const char *k, const QString &v, bool always = false)
{
    if (!always && v.isEmpty())
        return;
    out << YAML::Key << k << YAML::Value;
    // Quote values that a reader could take for something else (a number, a bool, null).
    if (v.isEmpty())
        out << YAML::DoubleQuoted << "";
    else
        out << s(v);
}

std::string number(double v)
{
    // The shortest text that reads back as the same double, so 99.5 stays "99.5".
    for (int precision = 1; precision < 17; ++precision) {
        const QString t = QString::number(v, 'g', precision);
        if (t.toDouble() == v)
            return t.toStdString();
    }
    return QString::number(v, 'g', 17).toStdString();
}

// A literal block (|) keeps Markdown readable in the file, but it only reproduces text
// that ends in exactly one newline and does not start with a space; anything else is
// written double-quoted so that it reads back unchanged.
bool fitsLiteralBlock(const QString &text)
{
    return text.endsWith(QLatin1Char('\n')) && !text.endsWith(QStringLiteral("\n\n")) &&
           !text.startsWith(QLatin1Char(' ')) && !text.startsWith(QLatin1Char('\n')) &&
           !text.contains(QLatin1Char('\r'));
}

void stringList(YAML::Emitter &out, const char *k, const QStringList &list)
{
    if (list.isEmpty())
        return;
    out << YAML::Key << k << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const QString &v : list)
        out << s(v);
    out << YAML::EndSeq;
}

} // namespace

QByteArray WorkspaceWriter::toYaml(const Workspace &ws)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    out << YAML::Key << "version" << YAML::Value << 1;
    key(out, "name", ws.name, true);

    if (!ws.people.isEmpty()) {
        out << YAML::Key << "people" << YAML::Value << YAML::BeginSeq;
        for (const Person &p : ws.people) {
            out << YAML::BeginMap;
            key(out, "id", p.id, true);
            key(out, "name", p.name, true);
            key(out, "email", p.email, true);
            key(out, "timezone", p.timeZone, true);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    if (!ws.teams.isEmpty()) {
        out << YAML::Key << "teams" << YAML::Value << YAML::BeginSeq;
        for (const Team &t : ws.teams) {
            out << YAML::BeginMap;
            key(out, "id", t.id, true);
            key(out, "name", t.name, true);
            stringList(out, "members", t.members);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    if (!ws.slaPolicies.isEmpty()) {
        out << YAML::Key << "sla_policies" << YAML::Value << YAML::BeginSeq;
        for (const SlaPolicy &p : ws.slaPolicies) {
            out << YAML::BeginMap;
            key(out, "id", p.id, true);
            key(out, "name", p.name);
            if (p.freshnessMaxAgeSeconds)
                key(out, "freshness", formatDuration(*p.freshnessMaxAgeSeconds));
            if (p.availabilityPercent)
                out << YAML::Key << "availability" << YAML::Value << number(*p.availabilityPercent);
            if (!p.deliveries.isEmpty()) {
                out << YAML::Key << "delivery" << YAML::Value << YAML::BeginSeq;
                for (const DeliveryDeadline &d : p.deliveries) {
                    out << YAML::Flow << YAML::BeginMap;
                    key(out, "what", d.what, true);
                    key(out, "due", dueName(d.due), true);
                    out << YAML::EndMap;
                }
                out << YAML::EndSeq;
            }
            if (!p.targets.isEmpty()) {
                for (const char *which : {"response", "resolution"}) {
                    const bool response = std::string_view(which) == "response";
                    out << YAML::Key << which << YAML::Value << YAML::Flow << YAML::BeginMap;
                    for (const SeverityTarget &t : p.targets)
                        key(out, severityName(t.severity).toLatin1().constData(),
                            formatDuration(response ? t.responseSeconds : t.resolutionSeconds));
                    out << YAML::EndMap;
                }
            }
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    if (!ws.customers.isEmpty()) {
        out << YAML::Key << "customers" << YAML::Value << YAML::BeginSeq;
        for (const Customer &c : ws.customers) {
            out << YAML::Flow << YAML::BeginMap;
            key(out, "id", c.id, true);
            key(out, "name", c.name, true);
            key(out, "plan", c.plan, true);
            out << YAML::Key << "monthly_revenue" << YAML::Value << number(c.monthlyRevenue);
            if (c.churned)
                out << YAML::Key << "churned" << YAML::Value << true;
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    if (!ws.sources.isEmpty()) {
        out << YAML::Key << "sources" << YAML::Value << YAML::BeginSeq;
        for (const DataSource &d : ws.sources) {
            out << YAML::BeginMap;
            key(out, "id", d.id, true);
            key(out, "kind", dataSourceKindName(d.kind), true);
            key(out, "path", d.path);
            key(out, "connection", d.connection);
            key(out, "table", d.table);
            key(out, "time_column", d.timeColumn, d.kind != DataSource::Kind::Dbt);
            if (d.subjectColumn != QLatin1String("user_id"))
                key(out, "subject_column", d.subjectColumn, true);
            if (d.nameColumn != QLatin1String("event_name"))
                key(out, "name_column", d.nameColumn, true);
            key(out, "id_column", d.idColumn);
            const DataSource defaults;
            if (d.intervalSeconds != defaults.intervalSeconds)
                key(out, "interval", formatDuration(d.intervalSeconds), true);
            if (d.timeoutSeconds != defaults.timeoutSeconds)
                key(out, "timeout", formatDuration(d.timeoutSeconds), true);
            key(out, "credential", d.credential);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    if (!ws.pipelines.isEmpty()) {
        out << YAML::Key << "pipelines" << YAML::Value << YAML::BeginSeq;
        for (const Pipeline &p : ws.pipelines) {
            out << YAML::BeginMap;
            key(out, "id", p.id, true);
            key(out, "name", p.name, true);
            key(out, "description", p.description);
            key(out, "audience", p.audience);
            key(out, "criticality", severityName(p.criticality), true);
            stringList(out, "upstream", p.upstream);
            out << YAML::Key << "owners" << YAML::Value << YAML::Flow << YAML::BeginMap;
            key(out, "primary", p.primaryOwner, true);
            key(out, "secondary", p.secondaryOwner, true);
            out << YAML::EndMap;
            key(out, "sla", p.slaPolicy);
            key(out, "source", p.source);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    if (!ws.runbooks.isEmpty()) {
        out << YAML::Key << "runbooks" << YAML::Value << YAML::BeginSeq;
        for (const Runbook &b : ws.runbooks) {
            out << YAML::BeginMap;
            key(out, "pipeline", b.pipeline, true);
            key(out, "title", b.title, true);
            out << YAML::Key << "body" << YAML::Value
                << (fitsLiteralBlock(b.markdown) ? YAML::Literal : YAML::DoubleQuoted)
                << s(b.markdown);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    if (!ws.rules.isEmpty()) {
        out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
        for (const Rule &r : ws.rules) {
            out << YAML::BeginMap;
            key(out, "id", r.id, true);
            key(out, "kind", ruleKindName(r.kind), true);
            key(out, "pipeline", r.pipeline, true);
            key(out, "severity", severityName(r.severity), true);
            if (r.kind != Rule::Kind::Sql)
                key(out, "source", r.source, true);
            switch (r.kind) {
            case Rule::Kind::Burst:
                stringList(out, "events", r.events);
                out << YAML::Key << "threshold" << YAML::Value << r.threshold;
                key(out, "window", formatDuration(r.windowSeconds));
                key(out, "users", r.users);
                key(out, "teams", r.teams);
                break;
            case Rule::Kind::Freshness:
                if (r.warnAfterSeconds)
                    key(out, "warn_after", formatDuration(*r.warnAfterSeconds));
                if (r.errorAfterSeconds)
                    key(out, "error_after", formatDuration(*r.errorAfterSeconds));
                break;
            case Rule::Kind::Volume:
                key(out, "period", formatDuration(r.periodSeconds));
                out << YAML::Key << "baseline" << YAML::Value << r.baselinePeriods;
                out << YAML::Key << "drop" << YAML::Value << number(r.dropRatio);
                break;
            case Rule::Kind::Duplicates:
                key(out, "window", formatDuration(r.windowSeconds));
                break;
            case Rule::Kind::Sequence:
                stringList(out, "steps", r.steps);
                break;
            case Rule::Kind::Sql:
                key(out, "connection", r.connection, true);
                out << YAML::Key << "query" << YAML::Value
                    << (fitsLiteralBlock(r.query) ? YAML::Literal : YAML::DoubleQuoted)
                    << s(r.query);
                key(out, "interval", formatDuration(r.intervalSeconds));
                break;
            }
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    if (!ws.rotations.isEmpty()) {
        static const char *days[] = {"",         "monday", "tuesday",  "wednesday",
                                     "thursday", "friday", "saturday", "sunday"};
        out << YAML::Key << "rotations" << YAML::Value << YAML::BeginSeq;
        for (const Rotation &r : ws.rotations) {
            out << YAML::BeginMap;
            key(out, "id", r.id, true);
            key(out, "name", r.name, true);
            stringList(out, "pipelines", r.pipelines);
            stringList(out, "participants", r.participants);
            key(out, "shift", formatDuration(r.shiftSeconds));
            out << YAML::Key << "handoff" << YAML::Value << YAML::Flow << YAML::BeginMap;
            out << YAML::Key << "weekday" << YAML::Value << days[r.handoffWeekday];
            key(out, "time", r.handoffTime.toString(QStringLiteral("HH:mm")));
            out << YAML::EndMap;
            key(out, "timezone", r.timeZone);
            key(out, "start", r.start.toString(Qt::ISODate));
            stringList(out, "seats",
                       r.secondary
                           ? QStringList{QStringLiteral("primary"), QStringLiteral("secondary")}
                           : QStringList{QStringLiteral("primary")});
            if (r.monthEndDays > 0)
                key(out, "month_end", formatDuration(qint64(r.monthEndDays) * 86400));
            if (r.workingHours) {
                QStringList wd;
                for (int d : r.workingHours->weekdays)
                    wd << QString::fromLatin1(days[d]).left(3);
                out << YAML::Key << "working_hours" << YAML::Value << YAML::BeginMap;
                stringList(out, "days", wd);
                key(out, "from", r.workingHours->from.toString(QStringLiteral("HH:mm")));
                key(out, "to", r.workingHours->to.toString(QStringLiteral("HH:mm")));
                out << YAML::EndMap;
            }
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    auto utc = [](const QDateTime &t) { return t.toUTC().toString(Qt::ISODate); };
    if (!ws.holidays.isEmpty()) {
        out << YAML::Key << "holidays" << YAML::Value << YAML::BeginSeq;
        for (const HolidayCalendar &c : ws.holidays) {
            out << YAML::BeginMap;
            key(out, "name", c.name);
            // Days are written out rather than the file they came from: a workspace written
            // elsewhere (an export, a copy) must not depend on files left behind.
            out << YAML::Key << "days" << YAML::Value << YAML::BeginSeq;
            for (const Holiday &h : c.days) {
                out << YAML::Flow << YAML::BeginMap;
                key(out, "date", h.date.toString(Qt::ISODate), true);
                key(out, "name", h.name, true);
                out << YAML::EndMap;
            }
            out << YAML::EndSeq;
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    if (!ws.timeOff.isEmpty()) {
        out << YAML::Key << "time_off" << YAML::Value << YAML::BeginSeq;
        for (const TimeOff &t : ws.timeOff) {
            out << YAML::BeginMap;
            key(out, "person", t.person, true);
            key(out, "from", utc(t.start), true);
            key(out, "to", utc(t.end), true);
            key(out, "reason", t.reason);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    if (!ws.overrides.isEmpty()) {
        out << YAML::Key << "overrides" << YAML::Value << YAML::BeginSeq;
        for (const ScheduleOverride &o : ws.overrides) {
            out << YAML::BeginMap;
            key(out, "id", o.id, true);
            key(out, "rotation", o.rotation, true);
            key(out, "seat", rotationLayerName(o.layer), true);
            key(out, "person", o.person, true);
            key(out, "from", utc(o.start), true);
            key(out, "to", utc(o.end), true);
            key(out, "by", o.createdBy, true);
            key(out, "reason", o.reason, true);
            if (o.createdAt.isValid())
                key(out, "created", utc(o.createdAt));
            key(out, "swap_with", o.swapWith);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    if (ws.receiver != ReceiverSettings()) {
        const ReceiverSettings &r = ws.receiver;
        const ReceiverSettings defaults;
        out << YAML::Key << "receiver" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "enabled" << YAML::Value << r.enabled;
        if (r.address != defaults.address)
            key(out, "address", r.address, true);
        if (r.port != defaults.port)
            out << YAML::Key << "port" << YAML::Value << r.port;
        if (r.tokenEnv != defaults.tokenEnv)
            key(out, "token_env", r.tokenEnv, true);
        if (r.maxBodyBytes != defaults.maxBodyBytes)
            out << YAML::Key << "max_body_kb" << YAML::Value << r.maxBodyBytes / 1024;
        if (!r.defaultPipeline.isEmpty())
            key(out, "default_pipeline", r.defaultPipeline, true);
        if (r.tls()) {
            key(out, "tls_certificate", r.tlsCertificate, true);
            key(out, "tls_key", r.tlsKey, true);
        }
        out << YAML::EndMap;
    }

    out << YAML::EndMap;
    QByteArray text(out.c_str(), static_cast<qsizetype>(out.size()));
    text.append('\n');
    return text;
}

bool WorkspaceWriter::writeFile(const Workspace &workspace, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    file.write(toYaml(workspace));
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace wk
