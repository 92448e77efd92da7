#pragma once

#include "dbtartifacts.h"
#include "domain/alertcondition.h"
#include "domain/datasource.h"
#include "domain/workspace.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <utility>

namespace wk {

// A dbt project's target/ folder, read again whenever dbt rewrites an artifact in it.
// Failing freshness checks, models and tests stay failing until a later artifact shows
// them passing: a run of a few models says nothing about the others.
class DbtProject
{
public:
    DbtProject(DataSource source, const QString &baseDir);

    struct Poll
    {
        bool changed = false; // the failing set or the catalog changed
        QString error;        // an artifact that cannot be read, or no artifacts at all
        QString note;         // an artifact read but not used (compile-only results)
    };
    Poll poll();

    // One condition per failing node; rule id "dbt:<source id>".
    QList<AlertCondition> conditions(const Workspace &workspace) const;
    QString ruleId() const { return QStringLiteral("dbt:") + m_source.id; }
    const QString &folder() const { return m_folder; }
    const DataSource &source() const { return m_source; }
    // The newest max_loaded_at dbt reported, for the source's lag; 0 before any.
    TimestampNs newestLoad() const { return m_newestLoad; }
    // When dbt wrote the run results read last (a run: a change to the warehouse that alerts
    // often follow); taken once by the caller, 0 when none is new.
    TimestampNs takeNewRun() { return std::exchange(m_newRun, 0); }
    const QHash<QString, dbt::Node> &catalog() const { return m_catalog; }
    // The manifest's models that a workspace pipeline is named like, by pipeline id: their
    // descriptions and owners fill in the pipeline catalog.
    QHash<QString, dbt::Node> catalogByPipeline(const Workspace &workspace) const;
    static QString pipelineNamedLike(const QString &model, const Workspace &workspace);

private:
    struct Failure
    {
        QString status;
        QString detail; // freshness criteria and age, or dbt's message
        qint64 failures = 0;
        QString relation;
        bool freshness = false;
    };
    struct Seen
    {
        QDateTime modified;
        qint64 size = -1;
    };
    // Reads one artifact when it changed; false with *error when it cannot be read.
    bool readIfChanged(const QString &file, bool *changed, QString *error);

    DataSource m_source;
    QString m_folder;
    QHash<QString, Seen> m_seen;
    QHash<QString, Failure> m_failing;
    QHash<QString, dbt::Node> m_catalog;
    TimestampNs m_newestLoad = 0;
    TimestampNs m_newRun = 0;
    QString m_note;
};

} // namespace wk
