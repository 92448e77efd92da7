#include "starterworkspace.h"

#include "domain/contactmethod.h"

#include <QDate>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

namespace wk {

QString StarterWorkspace::idFrom(const QString &name)
{
    QString id;
    for (const QChar c : name.normalized(QString::NormalizationForm_KD).toLower()) {
        if (c.isLetterOrNumber() && c.unicode() < 128)
            id += c;
        else if (!id.isEmpty() && !id.endsWith(QLatin1Char('-')))
            id += QLatin1Char('-');
    }
    while (id.endsWith(QLatin1Char('-')))
        id.chop(1);
    return id;
}

std::optional<Workspace> StarterWorkspace::build(QStringList *problems) const
{
    QStringList found;
    if (name.trimmed().isEmpty())
        found << QStringLiteral("Workspace name: give the workspace a name.");
    if (teamName.trimmed().isEmpty() || idFrom(teamName).isEmpty())
        found << QStringLiteral("Team: give the team a name with a letter or digit in it.");
    if (pipelineName.trimmed().isEmpty() || idFrom(pipelineName).isEmpty())
        found << QStringLiteral("Pipeline: name the first pipeline the team looks after.");
    // The reader's own test: a zone Qt can build but not list is refused there.
    if (!QTimeZone::isTimeZoneIdAvailable(timeZone.toUtf8()))
        found << QStringLiteral("Time zone: '%1' is not a time zone; pick one from the list.")
                     .arg(timeZone);

    static const QRegularExpression line(QStringLiteral(R"(^\s*(.*?)\s*<\s*([^<>\s]*)\s*>\s*$)"));
    QList<Person> people;
    QSet<QString> ids;
    const QStringList lines = this->people.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (lines.at(i).trimmed().isEmpty())
            continue;
        const QRegularExpressionMatch m = line.match(lines.at(i));
        // The reader's own test of an address, so that what is built reads back.
        if (!m.hasMatch() || idFrom(m.captured(1)).isEmpty() || !isEmailAddress(m.captured(2))) {
            found << QStringLiteral("People, line %1: write \"Name <email>\", e.g. "
                                    "\"Amara Okafor <amara@example.org>\".")
                         .arg(i + 1);
            continue;
        }
        Person p;
        p.name = m.captured(1);
        p.email = m.captured(2);
        p.timeZone = timeZone;
        p.id = idFrom(p.name);
        for (int n = 2; ids.contains(p.id); ++n)
            p.id = QStringLiteral("%1-%2").arg(idFrom(p.name)).arg(n);
        ids.insert(p.id);
        people << p;
    }
    // Escalation needs somebody to escalate to.
    if (people.size() < 2 && found.isEmpty())
        found << QStringLiteral("People: list at least two people, \"Name <email>\" a line: "
                                "one owns the pipeline, the other backs them up.");
    if (!found.isEmpty()) {
        if (problems)
            *problems = found;
        return std::nullopt;
    }

    Workspace ws;
    ws.name = name.trimmed();
    ws.people = people;
    Team team;
    team.id = idFrom(teamName);
    team.name = teamName.trimmed();
    for (const Person &p : people)
        team.members << p.id;
    ws.teams << team;

    SlaPolicy sla;
    sla.id = QStringLiteral("standard");
    sla.name = QStringLiteral("Standard");
    sla.freshnessMaxAgeSeconds = 24 * 3600;
    sla.availabilityPercent = 99.5;
    // The clocks DESIGN.md gives each severity.
    sla.targets = {{Severity::Critical, 30 * 60, 4 * 3600},
                   {Severity::High, 2 * 3600, 12 * 3600},
                   {Severity::Medium, 6 * 3600, 24 * 3600}};
    ws.slaPolicies << sla;

    Pipeline p;
    p.id = idFrom(pipelineName);
    p.name = pipelineName.trimmed();
    p.description = QStringLiteral("What it produces, for whom, and where it lands.");
    p.criticality = Severity::High;
    p.primaryOwner = people.first().id;
    p.secondaryOwner = people.at(1).id;
    p.slaPolicy = sla.id;
    ws.pipelines << p;

    Runbook book;
    book.pipeline = p.id;
    book.title = p.name;
    book.markdown =
        QStringLiteral("## First checks\n\n"
                       "1. Is the upstream data there? Look at the source's last load.\n"
                       "2. Did a deploy or a schema change land in the last day?\n\n"
                       "## What commonly goes wrong\n\n"
                       "Write down each cause the team meets, and how it was fixed.\n\n"
                       "## Who to tell\n\n"
                       "The people who read this pipeline's output, and how to reach them.");
    ws.runbooks << book;

    Rotation r;
    r.id = idFrom(teamName) + QStringLiteral("-on-call");
    r.name = QStringLiteral("%1 on call").arg(team.name);
    r.pipelines = {p.id};
    for (const Person &person : people)
        r.participants << person.id;
    r.timeZone = timeZone;
    // Turns start on the coming Monday morning.
    const QDate today = QDate::currentDate();
    r.start = today.addDays((8 - today.dayOfWeek()) % 7);
    ws.rotations << r;
    return ws;
}

} // namespace wk
