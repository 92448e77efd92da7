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

// Customers read from where they live (the billing database) instead of the workspace
// file: a query returning id, name, plan, monthly_revenue and churned (or a license_data
// JSON holding some of them), run again every interval.
struct CustomerQuery
{
    QString connection; // a database URL without a password
    QString query;
    qint64 intervalSeconds = 3600;
    qint64 timeoutSeconds = 30;
    QString credential; // "keychain" (under the entry "customers") or none

    bool isSet() const { return !query.isEmpty(); }
    // The keychain entry of the query's password.
    static QString credentialKey() { return QStringLiteral("customers query"); }
    bool operator==(const CustomerQuery &) const = default;
};

} // namespace wk
