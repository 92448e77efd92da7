#pragma once

#include "rule.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace wk {

// A rule's parameters changed by name, as `backtest --set` and the tuning dialog give them:
// the names are the workspace file's keys of the rule's kind ("threshold", "window",
// "warn_after", "drop", ...), and values are checked as the workspace reader checks them.
class RuleChange
{
public:
    // The keys that can be changed for a kind, in the order the workspace file writes them.
    static QStringList keys(Rule::Kind kind);
    // The value of a key as the workspace file writes it ("7", "10m", "time out, page not
    // found"); empty for an unset optional one.
    static QString value(const Rule &rule, const QString &key);
    // Sets one "key=value" on rule; false with the problem in *error, rule then unchanged.
    static bool apply(Rule &rule, const QString &assignment, QString *error);
    static bool set(Rule &rule, const QString &key, const QString &value, QString *error);
    // "threshold 5 → 7", one line per changed key; empty when nothing differs.
    static QStringList describe(const Rule &before, const Rule &after);
};

} // namespace wk
