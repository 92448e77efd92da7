#pragma once

#include "domain/timestamp.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace wk {

// How one source is doing, for the Sources pane and for the alert a failing source raises.
struct SourceHealth
{
    QString id;                  // the workspace source id, or "receiver"
    QString kind;                // csv, jsonl, sql, dbt, http
    QString where;               // the file, table, folder or address it reads
    TimestampNs lastSuccess = 0; // the last time it was read without trouble; 0: never
    TimestampNs newestData = 0;  // the newest event time it delivered; 0: none yet
    qint64 delivered = 0;        // events (or accepted requests) since the console started
    QString error;               // why it is failing now; empty when it is not
    TimestampNs failingSince = 0;
    QString note; // the latest thing worth knowing that is no failure (a rotation, a bad line)
    // A state of its own shown instead of "OK" (a heartbeat's Waiting, Late, Missing), and
    // whether it needs attention; neither is a failure of the source: a missing heartbeat
    // raises its own alert.
    QString status;
    bool alarming = false;

    bool failing() const { return !error.isEmpty(); }
    bool operator==(const SourceHealth &) const = default;
};

} // namespace wk

Q_DECLARE_METATYPE(wk::SourceHealth)
