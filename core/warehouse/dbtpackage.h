#pragma once

#include "sqldialect.h"

#include "domain/workspace.h"

#include <QList>
#include <QString>

#include <optional>

namespace wk {

// The workspace's burst rules as a dbt package a team drops into its project: per rule the
// steps of the rule as models (the SLA event names, the ranked customers, the team owners,
// the events counted in their windows, the peaks, the alert list) with their column tests,
// the customers as a seed, and the tables the rules read as dbt sources whose freshness is
// the SLA policies' (or the freshness rules'). Its findings come back to the console
// through a sql rule whose query reads the alert list, and its failing tests and stale
// sources through the dbt source the console already reads.
class DbtPackage
{
public:
    struct File
    {
        QString path; // relative to the package folder
        QString text;
    };
    // Nothing, with the reason, when the workspace has no burst rule to export.
    static std::optional<QList<File>> write(const Workspace &workspace, const SqlDialect &dialect,
                                            QString *error);

    static constexpr const char *sourceName = "watchkeeper";
    static constexpr const char *customersSeed = "wk_customers";
    // A rule id as a dbt model name prefix: letters, digits and underscores.
    static QString modelPrefix(const QString &ruleId);
};

} // namespace wk
