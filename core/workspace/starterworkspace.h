#pragma once

#include "domain/workspace.h"

#include <QStringList>

#include <optional>

namespace wk {

// A first workspace from a few answers: the team's people, one team, one weekly rotation,
// one pipeline with a runbook to fill in and an SLA policy with the usual clocks. What it
// builds always reads back as the same valid workspace; answers it cannot use are named in
// problems instead.
struct StarterWorkspace
{
    QString name;
    QString teamName;
    // One person a line, two at least: "Name <email>"; the first owns the pipeline, the
    // second backs them up.
    QString people;
    QString timeZone; // IANA id for everyone, e.g. "Europe/Berlin"
    QString pipelineName;

    std::optional<Workspace> build(QStringList *problems) const;
    // A lower-case id from a name: "Amara Okafor" -> "amara-okafor".
    static QString idFrom(const QString &name);
};

} // namespace wk
