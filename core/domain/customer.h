#pragma once

#include <QString>

namespace wk {

// An account whose revenue ranks the alerts that affect it.
struct Customer
{
    QString id;
    QString name;
    QString plan;              // free, medium, enterprise, ...
    double monthlyRevenue = 0; // in the workspace currency
    bool churned = false;

    bool operator==(const Customer &) const = default;
};

} // namespace wk
