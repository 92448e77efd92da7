#pragma once

#include "domain/timestamp.h"

#include <QList>
#include <QPair>
#include <QString>

namespace wk {

// Writes a realistic, reproducible data set for the burst rule: users, teams, customers
// and a feed of application events in which some users hit bursts of "time out" and
// "page not found". The demo, the benchmarks and the README examples use it.
class SyntheticEvents
{
public:
    struct Options
    {
        qint64 events = 100'000;
        int users = 2'000;
        int days = 30;
        quint64 seed = 1;
        TimestampNs start = 1'767'225'600LL * nanosPerSecond; // 2026-01-01T00:00:00Z
        // (id, monthly revenue) of the customers to use; random plans when empty.
        QList<QPair<QString, double>> customers;
    };

    // Writes events.csv, users.csv, teams.csv and customers.csv into dir.
    static bool write(const Options &options, const QString &dir, QString *error);
    // The same, unless dir already holds the files written with these options (a
    // "parameters" file there says which): benchmarks reuse their big data sets. *written
    // says whether it wrote them.
    static bool writeOnce(const Options &options, const QString &dir, bool *written,
                          QString *error);
};

} // namespace wk
