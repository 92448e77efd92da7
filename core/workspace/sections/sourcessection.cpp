#include "workspacesections.h"

#include "domain/duration.h"
#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

#include <QUrl>

namespace wk {

void readSources(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    r.section(
        root, "sources", QStringLiteral("source"), [&](const YAML::Node &n, const QString &what) {
            r.checkKeys(n,
                        {"id", "kind", "path", "connection", "table", "time_column",
                         "subject_column", "name_column", "id_column", "interval", "timeout",
                         "lookback", "credential"},
                        what);
            DataSource s;
            s.id = readId(r, n, "id", what);
            const QString label = s.id.isEmpty() ? what : QStringLiteral("source '%1'").arg(s.id);
            const QString kind = r.text(n, "kind", label, true);
            if (const auto k = dataSourceKindFromName(kind))
                s.kind = *k;
            else if (!kind.isEmpty())
                r.error(n["kind"], QStringLiteral("'kind' of %1 must be csv, jsonl, sql or dbt, "
                                                  "not '%2'")
                                       .arg(label, kind));
            s.path = r.text(n, "path", label);
            s.connection = r.text(n, "connection", label);
            s.table = r.text(n, "table", label);
            // A dbt folder says its own times; every other source needs the column.
            s.timeColumn = r.text(n, "time_column", label, s.kind != DataSource::Kind::Dbt);
            if (n["subject_column"])
                s.subjectColumn = r.text(n, "subject_column", label, true);
            if (n["name_column"])
                s.nameColumn = r.text(n, "name_column", label, true);
            s.idColumn = r.text(n, "id_column", label);
            s.intervalSeconds = r.duration(n, "interval", label).value_or(s.intervalSeconds);
            s.timeoutSeconds = r.duration(n, "timeout", label).value_or(s.timeoutSeconds);
            s.lookbackSeconds = r.duration(n, "lookback", label).value_or(s.lookbackSeconds);
            if (n["lookback"] && s.kind != DataSource::Kind::Sql)
                r.error(n["lookback"], QStringLiteral("'lookback' of %1 is for sql sources, "
                                                      "whose rules run in the warehouse")
                                           .arg(label));
            s.credential = r.text(n, "credential", label);
            if (!s.credential.isEmpty() && s.credential != QLatin1String("keychain"))
                r.error(n["credential"], QStringLiteral("'credential' of %1 can only be "
                                                        "'keychain', not '%2'")
                                             .arg(label, s.credential));
            if (s.kind == DataSource::Kind::Sql) {
                if (s.connection.isEmpty() || s.table.isEmpty())
                    r.error(n, QStringLiteral("%1 is an sql source and needs both "
                                              "'connection' and 'table'")
                                   .arg(label));
                // Passwords belong in the OS keychain, never in a file others read.
                if (!QUrl(s.connection).password().isEmpty())
                    r.error(n["connection"],
                            QStringLiteral("the connection of %1 contains a password; remove it, "
                                           "set 'credential: keychain' and store the password "
                                           "with: watchkeeper credentials set --source %2")
                                .arg(label, s.id));
            } else if (s.path.isEmpty()) {
                r.error(n, QStringLiteral("%1 %2 and needs a 'path'")
                               .arg(label, s.kind == DataSource::Kind::Dbt
                                               ? QStringLiteral("is a dbt target folder")
                                               : QStringLiteral("is a file source")));
            }
            ws.sources.append(s);
            return s.id;
        });
}

void writeSources(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.sources.isEmpty())
        return;
    out << YAML::Key << "sources" << YAML::Value << YAML::BeginSeq;
    for (const DataSource &d : ws.sources) {
        out << YAML::BeginMap;
        writeKey(out, "id", d.id, true);
        writeKey(out, "kind", dataSourceKindName(d.kind), true);
        writeKey(out, "path", d.path);
        writeKey(out, "connection", d.connection);
        writeKey(out, "table", d.table);
        writeKey(out, "time_column", d.timeColumn, d.kind != DataSource::Kind::Dbt);
        if (d.subjectColumn != QLatin1String("user_id"))
            writeKey(out, "subject_column", d.subjectColumn, true);
        if (d.nameColumn != QLatin1String("event_name"))
            writeKey(out, "name_column", d.nameColumn, true);
        writeKey(out, "id_column", d.idColumn);
        const DataSource defaults;
        if (d.intervalSeconds != defaults.intervalSeconds)
            writeKey(out, "interval", formatDuration(d.intervalSeconds), true);
        if (d.timeoutSeconds != defaults.timeoutSeconds)
            writeKey(out, "timeout", formatDuration(d.timeoutSeconds), true);
        if (d.lookbackSeconds != defaults.lookbackSeconds)
            writeKey(out, "lookback", formatDuration(d.lookbackSeconds), true);
        writeKey(out, "credential", d.credential);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
