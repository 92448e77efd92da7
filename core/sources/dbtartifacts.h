#pragma once

#include "domain/dbtnode.h"
#include "domain/timestamp.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace wk {

// The parts of dbt's artifacts (the files `dbt` writes into target/) that on-call needs.
// Every schema version dbt has published for them reads the same way here: the fields
// used have kept their names; a file of another kind, or without them, is refused.
namespace dbt {

// One result of `dbt source freshness` (sources.json).
struct Freshness
{
    QString uniqueId; // source.<project>.<source>.<table>
    QString status;   // pass, warn, error, runtime error
    std::optional<TimestampNs> maxLoadedAt;
    std::optional<TimestampNs> snapshottedAt;
    double ageSeconds = 0;
    QString criteria; // "warn after 12 hours, error after 24 hours"
    QString message;  // for a runtime error
};

// One node of a `dbt run`, `test`, `build`, `seed` or `snapshot` (run_results.json).
struct RunResult
{
    QString uniqueId; // model.<project>.<name>, test.<project>.<name>.<hash>, ...
    QString status;   // success, error, skipped, pass, fail, warn, ...
    QString message;
    qint64 failures = 0;
    QString relation; // the table it built, when dbt says
};

struct Artifact
{
    QString generatedAt;
    int schemaVersion = 0; // the N of .../vN.json
    QString command;       // run_results: the dbt command that wrote it (args.which)
};

// Whether results of this dbt command say if a node passes: run, test, build, seed,
// snapshot and source freshness run the node; compile and docs generate only compile it,
// and write "success" for every node. An unknown (empty) command counts.
bool commandRunsNodes(const QString &command);

// Each is nothing, with *error naming the file's problem, when the body is not that file.
std::optional<QList<Freshness>> readSources(const QByteArray &json, Artifact *info, QString *error);
std::optional<QList<RunResult>> readRunResults(const QByteArray &json, Artifact *info,
                                               QString *error);
std::optional<QHash<QString, Node>> readManifest(const QByteArray &json, Artifact *info,
                                                 QString *error);

// "model" for "model.jaffle_shop.orders"; the short name is the third part.
QString resourceTypeOf(const QString &uniqueId);
QString shortNameOf(const QString &uniqueId);

} // namespace dbt

} // namespace wk
