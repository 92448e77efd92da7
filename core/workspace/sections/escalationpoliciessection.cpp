#include "workspacesections.h"

#include "domain/duration.h"
#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

#include <cmath>

namespace wk {

namespace {

// "notify": primary, secondary, team:ID, a person's id, or a list of people.
void readTarget(YamlReader &r, const YAML::Node &n, EscalationStep &step, const QString &what)
{
    const YAML::Node notify = n["notify"];
    if (!notify || notify.IsNull()) {
        r.error(n, QStringLiteral("%1 is missing the required key 'notify'").arg(what));
        return;
    }
    if (notify.IsSequence()) {
        step.target = EscalationStep::Target::People;
        step.people = r.list(n, "notify", what, QStringLiteral("person"));
        if (step.people.isEmpty())
            r.error(notify, QStringLiteral("'notify' of %1 names nobody").arg(what));
        return;
    }
    const QString who = r.text(n, "notify", what, true);
    if (who == QLatin1String("primary")) {
        step.target = EscalationStep::Target::Primary;
    } else if (who == QLatin1String("secondary")) {
        step.target = EscalationStep::Target::Secondary;
    } else if (who.startsWith(QLatin1String("team:"))) {
        step.target = EscalationStep::Target::Team;
        step.team = who.mid(5);
        r.reference(n, "notify", QStringLiteral("team"), step.team, what);
    } else if (!who.isEmpty()) {
        step.target = EscalationStep::Target::People;
        step.people = {who};
        r.reference(n, "notify", QStringLiteral("person"), who, what);
    }
}

// "after": a duration (0 for at once) or a share of the SLA response time ("50%").
void readAfter(YamlReader &r, const YAML::Node &n, EscalationStep &step, const QString &what)
{
    const QString after = r.text(n, "after", what).trimmed();
    if (after.isEmpty() || after == QLatin1String("0"))
        return;
    if (after.endsWith(QLatin1Char('%'))) {
        bool ok = false;
        const double percent = after.chopped(1).toDouble(&ok);
        if (!ok || !std::isfinite(percent) || percent < 0 || percent > 1000)
            r.error(n["after"], QStringLiteral("'after' of %1 must be a share of the response time "
                                               "from 0% to 1000%, not '%2'")
                                    .arg(what, after));
        else
            step.afterShare = percent / 100.0;
        return;
    }
    const auto d = parseDuration(after);
    if (!d || *d < 0)
        r.error(n["after"], QStringLiteral("'after' of %1 must be a duration such as 15m or a "
                                           "share of the response time such as 50%, not '%2'")
                                .arg(what, after));
    else
        step.afterSeconds = *d;
}

QString afterText(const EscalationStep &s)
{
    if (s.afterShare)
        return QString::fromStdString(yamlNumber(*s.afterShare * 100)) + QLatin1Char('%');
    return s.afterSeconds == 0 ? QStringLiteral("0") : formatDuration(s.afterSeconds);
}

} // namespace

void readEscalationPolicies(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    r.section(
        root, "escalation_policies", QStringLiteral("escalation policy"),
        [&](const YAML::Node &n, const QString &what) {
            r.checkKeys(n, {"id", "name", "steps", "repeat"}, what);
            EscalationPolicy p;
            p.id = readId(r, n, "id", what);
            const QString label =
                p.id.isEmpty() ? what : QStringLiteral("escalation policy '%1'").arg(p.id);
            p.name = r.text(n, "name", label);
            if (const auto repeat = r.number(n, "repeat", label)) {
                if (*repeat < 0 || *repeat > 10 || *repeat != std::floor(*repeat))
                    r.error(n["repeat"],
                            QStringLiteral("'repeat' of %1 must be a whole number from 0 to 10")
                                .arg(label));
                else
                    p.repeat = static_cast<int>(*repeat);
            }
            const YAML::Node steps = n["steps"];
            if (!steps || !steps.IsSequence() || steps.size() == 0) {
                r.error(
                    steps ? steps : n,
                    QStringLiteral("%1 needs 'steps': a list of whom to page and when").arg(label));
            } else {
                for (const YAML::Node &s : steps) {
                    const QString sl =
                        QStringLiteral("step %1 of %2").arg(p.steps.size() + 1).arg(label);
                    EscalationStep step;
                    if (r.expectMap(s, sl)) {
                        r.checkKeys(s, {"notify", "after", "working_hours"}, sl);
                        readTarget(r, s, step, sl);
                        readAfter(r, s, step, sl);
                        step.workingHoursOnly = r.boolean(s, "working_hours", sl);
                    }
                    p.steps.append(step);
                }
            }
            ws.escalationPolicies.append(p);
            return p.id;
        });
}

void writeEscalationPolicies(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.escalationPolicies.isEmpty())
        return;
    out << YAML::Key << "escalation_policies" << YAML::Value << YAML::BeginSeq;
    for (const EscalationPolicy &p : ws.escalationPolicies) {
        out << YAML::BeginMap;
        writeKey(out, "id", p.id, true);
        writeKey(out, "name", p.name);
        if (p.repeat > 0)
            out << YAML::Key << "repeat" << YAML::Value << p.repeat;
        out << YAML::Key << "steps" << YAML::Value << YAML::BeginSeq;
        for (const EscalationStep &s : p.steps) {
            out << YAML::Flow << YAML::BeginMap;
            switch (s.target) {
            case EscalationStep::Target::Primary:
                writeKey(out, "notify", QStringLiteral("primary"), true);
                break;
            case EscalationStep::Target::Secondary:
                writeKey(out, "notify", QStringLiteral("secondary"), true);
                break;
            case EscalationStep::Target::Team:
                writeKey(out, "notify", QStringLiteral("team:") + s.team, true);
                break;
            case EscalationStep::Target::People:
                out << YAML::Key << "notify" << YAML::Value << YAML::Flow << YAML::BeginSeq;
                for (const QString &person : s.people)
                    out << yamlString(person);
                out << YAML::EndSeq;
                break;
            }
            writeKey(out, "after", afterText(s), true);
            if (s.workingHoursOnly)
                out << YAML::Key << "working_hours" << YAML::Value << true;
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
