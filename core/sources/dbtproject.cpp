#include "dbtproject.h"

#include "eventfilereader.h"

#include <QFile>
#include <QFileInfo>

#include <utility>

namespace wk {

namespace {

bool failingStatus(const QString &s)
{
    return s == QLatin1String("error") || s == QLatin1String("fail") ||
           s == QLatin1String("warn") || s == QLatin1String("runtime error");
}

bool passingStatus(const QString &s)
{
    return s == QLatin1String("success") || s == QLatin1String("pass");
}

QString firstLine(const QString &s)
{
    return s.section(QLatin1Char('\n'), 0, 0).trimmed();
}

} // namespace

DbtProject::DbtProject(DataSource source, const QString &baseDir)
    : m_source(std::move(source)), m_folder(EventFileReader::resolvePath(m_source, baseDir))
{}

DbtProject::Poll DbtProject::poll()
{
    Poll out;
    if (!QFileInfo(m_folder).isDir()) {
        out.error = QStringLiteral("%1: the dbt target folder does not exist").arg(m_folder);
        return out;
    }
    bool any = false;
    for (const char *name : {"manifest.json", "sources.json", "run_results.json"}) {
        const QString file = m_folder + QLatin1Char('/') + QLatin1String(name);
        if (!QFileInfo::exists(file))
            continue;
        any = true;
        QString error;
        if (!readIfChanged(file, &out.changed, &error) && out.error.isEmpty())
            out.error = error;
    }
    if (!any)
        out.error = QStringLiteral("%1: no manifest.json, sources.json or run_results.json yet")
                        .arg(m_folder);
    out.note = std::exchange(m_note, {});
    return out;
}

bool DbtProject::readIfChanged(const QString &file, bool *changed, QString *error)
{
    const QFileInfo info(file);
    Seen &seen = m_seen[file];
    if (seen.modified == info.lastModified() && seen.size == info.size())
        return true;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot open: %2").arg(file, f.errorString());
        return false;
    }
    const QByteArray body = f.readAll();
    QString problem;
    bool ok = false;
    const QString name = info.fileName();
    if (name == QLatin1String("manifest.json")) {
        if (auto nodes = dbt::readManifest(body, nullptr, &problem)) {
            m_catalog = std::move(*nodes);
            ok = true;
        }
    } else if (name == QLatin1String("sources.json")) {
        if (const auto results = dbt::readSources(body, nullptr, &problem)) {
            for (const dbt::Freshness &r : *results) {
                if (r.maxLoadedAt)
                    m_newestLoad = std::max(m_newestLoad, *r.maxLoadedAt);
                if (failingStatus(r.status)) {
                    QString detail = r.message;
                    if (r.maxLoadedAt)
                        detail = QStringLiteral("newest row loaded %1 (%2 h before the check)")
                                     .arg(QString::fromStdString(formatTimestamp(*r.maxLoadedAt)))
                                     .arg(r.ageSeconds / 3600.0, 0, 'f', 1);
                    if (!r.criteria.isEmpty())
                        detail += QStringLiteral("; %1").arg(r.criteria);
                    m_failing.insert(r.uniqueId, {r.status, detail, 0, {}, true});
                } else if (passingStatus(r.status)) {
                    m_failing.remove(r.uniqueId);
                }
            }
            ok = true;
        }
    } else {
        dbt::Artifact artifact;
        if (const auto results = dbt::readRunResults(body, &artifact, &problem)) {
            // Compiling says nothing about passing: such results must not clear failures.
            const bool says = dbt::commandRunsNodes(artifact.command);
            if (says) {
                const auto at = parseTimestamp(artifact.generatedAt.toStdString());
                m_newRun = at ? *at : toTimestamp(info.lastModified());
            }
            if (!says)
                m_note = QStringLiteral("%1 was written by 'dbt %2', which only compiles; its "
                                        "results were not used")
                             .arg(file, artifact.command);
            for (const dbt::RunResult &r : says ? *results : QList<dbt::RunResult>()) {
                if (failingStatus(r.status))
                    m_failing.insert(r.uniqueId,
                                     {r.status, r.message, r.failures, r.relation, false});
                else if (passingStatus(r.status))
                    m_failing.remove(r.uniqueId);
            }
            ok = true;
        }
    }
    if (!ok) {
        // dbt may be writing it right now: no mark, so the next poll reads it again.
        m_seen.remove(file);
        *error = QStringLiteral("%1: %2").arg(file, problem);
        return false;
    }
    seen = {info.lastModified(), info.size()};
    *changed = true;
    return true;
}

QString DbtProject::pipelineNamedLike(const QString &model, const Workspace &workspace)
{
    // dbt's profit_unit is the workspace's profit-unit.
    for (const QString &candidate :
         {model, QString(model).replace(QLatin1Char('_'), QLatin1Char('-'))}) {
        if (!candidate.isEmpty() && workspace.pipeline(candidate))
            return candidate;
    }
    return {};
}

QHash<QString, dbt::Node> DbtProject::catalogByPipeline(const Workspace &workspace) const
{
    QHash<QString, dbt::Node> out;
    for (const dbt::Node &node : m_catalog) {
        if (node.resourceType != QLatin1String("model"))
            continue;
        const QString pipeline = pipelineNamedLike(node.name, workspace);
        if (!pipeline.isEmpty())
            out.insert(pipeline, node);
    }
    return out;
}

QList<AlertCondition> DbtProject::conditions(const Workspace &workspace) const
{
    QString fallbackPipeline;
    for (const Pipeline &p : workspace.pipelines) {
        if (p.source == m_source.id && fallbackPipeline.isEmpty())
            fallbackPipeline = p.id;
    }
    QList<AlertCondition> out;
    for (auto it = m_failing.begin(); it != m_failing.end(); ++it) {
        const Failure &f = it.value();
        const QString type = dbt::resourceTypeOf(it.key());
        const QString name = dbt::shortNameOf(it.key());
        const dbt::Node node = m_catalog.value(it.key());
        AlertCondition c;
        c.ruleId = ruleId();
        c.ruleKind = QStringLiteral("dbt");
        c.subject = it.key();
        // The pipeline named like the model (or the model a test checks).
        QString model = node.name.isEmpty() ? name : node.name;
        if (!node.attachedTo.isEmpty())
            model = m_catalog.value(node.attachedTo).name;
        c.pipelineId = pipelineNamedLike(model, workspace);
        if (c.pipelineId.isEmpty())
            c.pipelineId = fallbackPipeline;
        const bool warning = f.status == QLatin1String("warn");
        c.severity = warning ? Severity::Medium : Severity::High;
        if (f.freshness)
            c.title = QStringLiteral("dbt source %1 is stale (%2)").arg(name, f.status);
        else if (type == QLatin1String("test") && f.failures > 0)
            c.title = QStringLiteral("dbt test %1 %2: %3 failing row(s)")
                          .arg(name, warning ? QStringLiteral("warns") : QStringLiteral("fails"))
                          .arg(f.failures);
        else
            c.title = QStringLiteral("dbt %1 %2: %3").arg(type, name, f.status);
        QStringList evidence;
        if (!f.detail.isEmpty())
            evidence << firstLine(f.detail);
        if (!f.relation.isEmpty())
            evidence << QStringLiteral("relation: %1").arg(f.relation);
        if (!node.owner.isEmpty())
            evidence << QStringLiteral("owner: %1%2")
                            .arg(node.owner, node.group.isEmpty()
                                                 ? QString()
                                                 : QStringLiteral(" (group %1)").arg(node.group));
        if (!node.description.isEmpty())
            evidence << node.description;
        evidence << QStringLiteral("from %1").arg(m_folder);
        c.evidence = evidence.join(QLatin1Char('\n'));
        c.count = static_cast<int>(std::max<qint64>(1, f.failures));
        out << c;
    }
    return out;
}

} // namespace wk
