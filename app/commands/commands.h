#pragma once

#include <QStringList>

// The headless commands, one file each; each takes its arguments (the first
// being "watchkeeper NAME") and returns a cli::ExitCode.
namespace wk::cli {

// validate FILE: every problem with its line and column; on success what was read.
int validate(const QStringList &arguments);
// import FILE [--database URL]: the workspace stored, all or nothing.
int importWorkspace(const QStringList &arguments);
// export --database URL [-o FILE]: the stored workspace as a workspace file.
int exportWorkspace(const QStringList &arguments);
// check burst CSV... | check --workspace FILE: the rules run once.
int check(const QStringList &arguments);
// generate --out DIR: a synthetic events/users/teams/customers data set.
int generate(const QStringList &arguments);
// schedule --workspace W [--format ics|csv]: the on-call schedule.
int schedule(const QStringList &arguments);
// fairness --workspace W: each person's on-call load over a span.
int fairness(const QStringList &arguments);
// insights --workspace W --from D --to D: the Insights figures as CSV or JSON.
int insights(const QStringList &arguments);
// handoff --workspace W [--week D] [--format md|html|pdf]: a week's handoff report.
int handoff(const QStringList &arguments);
// credentials set|delete|test ...: a password or signing key in the OS keychain.
int credentials(const QStringList &arguments);
// notify test --workspace W --person ID --via email: one test message, exit 0 once accepted.
int notify(const QStringList &arguments);
// deliveries [--since WHEN] [--alert ID] [--format table|csv|json]: the stored pages.
int deliveries(const QStringList &arguments);
// outcomes --workspace W [--since WHEN] [--rule ID] [--by-rule]: how ended alerts turned out.
int outcomes(const QStringList &arguments);
// noise evaluate --workspace W [--generated N]: the actionable score tested on newer alerts.
int noise(const QStringList &arguments);
// backtest --workspace W --rule ID [--set k=v]... [--since 90d]: a rule change replayed.
int backtest(const QStringList &arguments);
// sql --workspace W --rule ID [--dialect postgresql|bigquery|snowflake|sparksql]: a rule as SQL.
int sql(const QStringList &arguments);
// customers --workspace W [--format table|csv|json]: the customers, read from their query.
int customers(const QStringList &arguments);
// dbt export --workspace W --out DIR: the burst rules as a dbt package.
int dbt(const QStringList &arguments);

} // namespace wk::cli
