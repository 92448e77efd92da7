#pragma once

#include "severity.h"

#include <QString>
#include <QStringList>

namespace wk {

// A data pipeline or service that someone answers for.
struct Pipeline
{
    QString id;
    QString name;
    QString description;
    QString audience; // investors, experiments, executives, ...
    Severity criticality = Severity::Medium;
    QStringList upstream;    // pipeline ids this one reads from
    QString primaryOwner;    // person id
    QString secondaryOwner;  // person id
    QString slaPolicy;       // policy id, may be empty
    QString source;          // data source id, may be empty
    QString escalation = {}; // escalation policy id; empty: its SLA policy's, or the default

    bool operator==(const Pipeline &) const = default;
};

} // namespace wk
