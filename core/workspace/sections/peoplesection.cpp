#include "workspacesections.h"

#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

#include <QRegularExpression>
#include <QTimeZone>

namespace wk {

void readPeople(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    r.section(
        root, "people", QStringLiteral("person"), [&](const YAML::Node &n, const QString &what) {
            r.checkKeys(n, {"id", "name", "email", "timezone"}, what);
            Person p;
            p.id = readId(r, n, "id", what);
            const QString label = p.id.isEmpty() ? what : QStringLiteral("person '%1'").arg(p.id);
            p.name = r.text(n, "name", label, true);
            p.email = r.text(n, "email", label, true);
            static const QRegularExpression email(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
            if (!p.email.isEmpty() && !email.match(p.email).hasMatch())
                r.error(n["email"],
                        QStringLiteral("'%1' of %2 is not an email address").arg(p.email, label));
            p.timeZone = r.text(n, "timezone", label, true);
            if (!p.timeZone.isEmpty() && !QTimeZone::isTimeZoneIdAvailable(p.timeZone.toUtf8()))
                r.error(n["timezone"],
                        QStringLiteral("unknown time zone '%1' for %2 (use an IANA name "
                                       "such as Europe/Berlin)")
                            .arg(p.timeZone, label));
            ws.people.append(p);
            return p.id;
        });
}

void writePeople(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.people.isEmpty())
        return;
    out << YAML::Key << "people" << YAML::Value << YAML::BeginSeq;
    for (const Person &p : ws.people) {
        out << YAML::BeginMap;
        writeKey(out, "id", p.id, true);
        writeKey(out, "name", p.name, true);
        writeKey(out, "email", p.email, true);
        writeKey(out, "timezone", p.timeZone, true);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
