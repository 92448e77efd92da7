#include "sources/dbtartifacts.h"
#include "sources/dbtproject.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

namespace {

QByteArray real(const char *name, const char *folder = "dbt")
{
    QFile f(QStringLiteral(WK_TEST_DATA_DIR "/%1/").arg(QLatin1String(folder)) +
            QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    return f.readAll();
}

QJsonObject object(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

void write(const QString &path, const QJsonObject &o)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QJsonDocument(o).toJson());
}

// Sets the status (and message, failures) of one result of a run_results document.
void setResult(QJsonObject &doc, const QString &uniqueId, const QString &status,
               const QString &message = {}, int failures = 0)
{
    QJsonArray results = doc.value(QStringLiteral("results")).toArray();
    for (qsizetype i = 0; i < results.size(); ++i) {
        QJsonObject r = results.at(i).toObject();
        if (r.value(QStringLiteral("unique_id")).toString() != uniqueId)
            continue;
        r[QStringLiteral("status")] = status;
        r[QStringLiteral("message")] = message;
        r[QStringLiteral("failures")] = failures;
        results[i] = r;
    }
    doc[QStringLiteral("results")] = results;
}

DataSource dbtSource()
{
    DataSource s;
    s.id = QStringLiteral("jaffle");
    s.kind = DataSource::Kind::Dbt;
    s.path = QStringLiteral("target");
    return s;
}

Workspace workspace()
{
    Workspace ws;
    Pipeline orders;
    orders.id = QStringLiteral("orders");
    Pipeline shop;
    shop.id = QStringLiteral("jaffle-shop");
    shop.source = QStringLiteral("jaffle");
    ws.pipelines = {orders, shop};
    return ws;
}

const AlertCondition *find(const QList<AlertCondition> &all, const QString &subject)
{
    for (const AlertCondition &c : all) {
        if (c.subject == subject)
            return &c;
    }
    return nullptr;
}

const QString ordersModel = QStringLiteral("model.jaffle_shop.orders");
const QString ordersTest =
    QStringLiteral("test.jaffle_shop.not_null_stg_orders_order_id.81cfe2fe64");
const QString rawCustomers = QStringLiteral("source.jaffle_shop.raw.customers");

} // namespace

class tst_Dbt : public QObject
{
    Q_OBJECT
private slots:
    void readsRealArtifactsOfSeveralSchemaVersions()
    {
        QString error;
        dbt::Artifact info;
        const auto sources =
            dbt::readSources(real("sources_v3_jaffle_shop_sources.json"), &info, &error);
        QVERIFY2(sources, qPrintable(error));
        QCOMPARE(info.schemaVersion, 3);
        QCOMPARE(sources->size(), 1);
        QCOMPARE(sources->first().uniqueId, rawCustomers);
        QCOMPARE(sources->first().status, QStringLiteral("pass"));
        QCOMPARE(sources->first().criteria,
                 QStringLiteral("warn after 12 hours, error after 24 hours"));
        QCOMPARE(sources->first().maxLoadedAt, 1767225600LL * nanosPerSecond);

        for (const auto &[file, version, count] :
             {std::tuple{"run_results_v5_jaffle_shop_run_results.json", 5, 58},
              std::tuple{"run_results_v6_jaffle_shop_run_results.json", 6, 61}}) {
            const auto results = dbt::readRunResults(real(file), &info, &error);
            QVERIFY2(results, qPrintable(error));
            QCOMPARE(info.schemaVersion, version);
            QCOMPARE(results->size(), count);
            for (const dbt::RunResult &r : *results)
                QVERIFY(r.status == QLatin1String("success") || r.status == QLatin1String("pass"));
        }

        const auto manifest =
            dbt::readManifest(real("manifest_v12_jaffle_shop_manifest_1.10.json"), &info, &error);
        QVERIFY2(manifest, qPrintable(error));
        QCOMPARE(info.schemaVersion, 12);
        QCOMPARE(manifest->size(), 46); // 40 nodes and 6 sources
        const dbt::Node orders = manifest->value(ordersModel);
        QCOMPARE(orders.name, QStringLiteral("orders"));
        QCOMPARE(orders.resourceType, QStringLiteral("model"));
        QVERIFY(orders.description.startsWith(QStringLiteral("Order overview data mart")));
        QCOMPARE(manifest->value(ordersTest).attachedTo,
                 QStringLiteral("model.jaffle_shop.stg_orders"));
        QCOMPARE(manifest->value(QStringLiteral("source.jaffle_shop.ecom.raw_orders")).resourceType,
                 QStringLiteral("source"));
    }

    void refusesWhatIsNotTheArtifactAsked()
    {
        QString error;
        QVERIFY(!dbt::readRunResults(real("sources_v3_jaffle_shop_sources.json"), nullptr, &error));
        QCOMPARE(error, QStringLiteral("this is a dbt sources file, not run-results"));
        QVERIFY(!dbt::readManifest("{\"metadata\": {}}", nullptr, &error));
        QCOMPARE(error, QStringLiteral("'metadata.dbt_schema_version' is missing or not a dbt "
                                       "schema address"));
        QVERIFY(!dbt::readSources("{\"metadata\":", nullptr, &error));
        QVERIFY(error.startsWith(QStringLiteral("malformed JSON at byte")));
        QJsonObject noResults = object(real("run_results_v6_jaffle_shop_run_results.json"));
        noResults.remove(QStringLiteral("results"));
        QVERIFY(!dbt::readRunResults(QJsonDocument(noResults).toJson(), nullptr, &error));
        QCOMPARE(error, QStringLiteral("field 'results' is missing or not a list"));
    }

    void failuresBecomeConditionsUntilAnArtifactShowsThemPassing()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("target"));
        QVERIFY(QDir().mkpath(target));
        DbtProject project(dbtSource(), dir.path());
        DbtProject::Poll p = project.poll();
        QVERIFY(p.error.contains(QStringLiteral("no manifest.json")));

        // Derived in memory from the real files: an owner, a group, and three failures.
        QJsonObject manifest = object(real("manifest_v12_jaffle_shop_manifest_1.10.json"));
        QJsonObject nodes = manifest.value(QStringLiteral("nodes")).toObject();
        QJsonObject orders = nodes.value(ordersModel).toObject();
        orders[QStringLiteral("meta")] =
            QJsonObject{{QStringLiteral("owner"), QStringLiteral("dana@example.com")}};
        nodes[ordersModel] = orders;
        manifest[QStringLiteral("nodes")] = nodes;
        write(target + QStringLiteral("/manifest.json"), manifest);
        QJsonObject runs = object(real("run_results_v6_jaffle_shop_run_results.json"));
        setResult(runs, ordersModel, QStringLiteral("error"),
                  QStringLiteral("Database Error in model orders\n  column \"x\" does not exist"));
        setResult(runs, ordersTest, QStringLiteral("fail"), QStringLiteral("Got 3 results"), 3);
        write(target + QStringLiteral("/run_results.json"), runs);
        QJsonObject sources = object(real("sources_v3_jaffle_shop_sources.json"));
        QJsonObject fresh = sources.value(QStringLiteral("results")).toArray().first().toObject();
        fresh[QStringLiteral("status")] = QStringLiteral("warn");
        fresh[QStringLiteral("max_loaded_at_time_ago_in_s")] = 13 * 3600.0;
        sources[QStringLiteral("results")] = QJsonArray{fresh};
        write(target + QStringLiteral("/sources.json"), sources);

        p = project.poll();
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QVERIFY(p.changed);
        QList<AlertCondition> failing = project.conditions(workspace());
        QCOMPARE(failing.size(), 3);
        const AlertCondition *model = find(failing, ordersModel);
        QVERIFY(model);
        QCOMPARE(model->ruleId, QStringLiteral("dbt:jaffle"));
        QCOMPARE(model->title, QStringLiteral("dbt model orders: error"));
        QCOMPARE(model->severity, Severity::High);
        QCOMPARE(model->pipelineId, QStringLiteral("orders")); // named like the model
        QVERIFY(model->evidence.startsWith(QStringLiteral("Database Error in model orders\n")));
        QVERIFY(model->evidence.contains(QStringLiteral("owner: dana@example.com")));
        QVERIFY(model->evidence.contains(QStringLiteral("Order overview data mart")));
        const AlertCondition *test = find(failing, ordersTest);
        QVERIFY(test);
        QCOMPARE(test->title,
                 QStringLiteral("dbt test not_null_stg_orders_order_id fails: 3 failing row(s)"));
        // The test checks stg_orders, which no pipeline is named after: the project's pipeline.
        QCOMPARE(test->pipelineId, QStringLiteral("jaffle-shop"));
        const AlertCondition *stale = find(failing, rawCustomers);
        QVERIFY(stale);
        QCOMPARE(stale->title, QStringLiteral("dbt source raw.customers is stale (warn)"));
        QCOMPARE(stale->severity, Severity::Medium);
        QCOMPARE(stale->evidence.section(QLatin1Char('\n'), 0, 0),
                 QStringLiteral("newest row loaded 2026-01-01T00:00:00Z (13.0 h before the check); "
                                "warn after 12 hours, error after 24 hours"));
        QCOMPARE(project.newestLoad(), 1767225600LL * nanosPerSecond);

        // The catalog: the model a pipeline is named like, with its owner and description.
        const QHash<QString, dbt::Node> byPipeline = project.catalogByPipeline(workspace());
        QCOMPARE(byPipeline.keys(), QStringList{QStringLiteral("orders")});
        QCOMPARE(byPipeline.value(QStringLiteral("orders")).owner,
                 QStringLiteral("dana@example.com"));

        // Nothing rewritten: nothing read again.
        QVERIFY(!project.poll().changed);

        // A later run of the model alone clears it; the test it did not run stays failing.
        QJsonObject rerun = runs;
        QJsonArray only;
        for (const QJsonValue &v : runs.value(QStringLiteral("results")).toArray()) {
            if (v.toObject().value(QStringLiteral("unique_id")).toString() == ordersModel) {
                QJsonObject r = v.toObject();
                r[QStringLiteral("status")] = QStringLiteral("success");
                only.append(r);
            }
        }
        rerun[QStringLiteral("results")] = only;
        // dbt caught halfway through writing: an error, and the failures still stand.
        {
            QFile half(target + QStringLiteral("/run_results.json"));
            QVERIFY(half.open(QIODevice::WriteOnly | QIODevice::Truncate));
            half.write(QJsonDocument(rerun).toJson().left(100));
        }
        p = project.poll();
        QVERIFY(p.error.contains(QStringLiteral("run_results.json: malformed JSON")));
        QCOMPARE(project.conditions(workspace()).size(), 3);
        write(target + QStringLiteral("/run_results.json"), rerun);
        p = project.poll();
        QVERIFY(p.error.isEmpty());
        failing = project.conditions(workspace());
        QCOMPARE(failing.size(), 2);
        QVERIFY(!find(failing, ordersModel));
        QVERIFY(find(failing, ordersTest));
    }

    // Newer dbt writes "Pass"/"Error" (2.0's compatibility output) and run results for
    // commands that only compile ('dbt docs generate'): the first are matched whatever
    // their case, the second do not clear failures a real run found.
    void newerArtifactsAsDbtWritesThem()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("target"));
        QVERIFY(QDir().mkpath(target));
        DbtProject project(dbtSource(), dir.path());

        dbt::Artifact info;
        QString error;
        const QByteArray generated =
            real("run_results_v6_jaffle_shop_run_results_1.12.json", "dbt-newer");
        QVERIFY2(dbt::readRunResults(generated, &info, &error), qPrintable(error));
        QCOMPARE(info.command, QStringLiteral("generate"));
        QVERIFY(!dbt::commandRunsNodes(info.command));
        QVERIFY(dbt::commandRunsNodes(QStringLiteral("build")));
        QVERIFY2(dbt::readManifest(real("manifest_v12_jaffle_shop_manifest_1.12.json", "dbt-newer"),
                                   &info, &error),
                 qPrintable(error));
        const QByteArray compat = real("sources_v3_dbt_v2_sources_2.0.4_compat.json", "dbt-newer");
        const auto passing = dbt::readSources(compat, &info, &error);
        QVERIFY2(passing, qPrintable(error));
        QCOMPARE(passing->first().status, QStringLiteral("pass"));

        // A run that failed a model, then 'docs generate' writing "success" for every node.
        QJsonObject runs = object(real("run_results_v6_jaffle_shop_run_results.json"));
        setResult(runs, ordersModel, QStringLiteral("error"), QStringLiteral("Database Error"));
        write(target + QStringLiteral("/run_results.json"), runs);
        // The compatibility output with its source failing, capitalised.
        QJsonObject stale = object(compat);
        QJsonArray results = stale.value(QStringLiteral("results")).toArray();
        QJsonObject first = results.first().toObject();
        first[QStringLiteral("status")] = QStringLiteral("Error");
        results[0] = first;
        stale[QStringLiteral("results")] = results;
        write(target + QStringLiteral("/sources.json"), stale);
        DbtProject::Poll p = project.poll();
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QList<AlertCondition> failing = project.conditions(workspace());
        QVERIFY(find(failing, ordersModel));
        const AlertCondition *source = find(failing, QStringLiteral("source.compat.raw.events"));
        QVERIFY(source);
        QCOMPARE(source->severity, Severity::High);

        QFile::remove(target + QStringLiteral("/run_results.json"));
        QVERIFY(QFile::copy(QStringLiteral(WK_TEST_DATA_DIR
                                           "/dbt-newer/"
                                           "run_results_v6_jaffle_shop_run_results_1.12.json"),
                            target + QStringLiteral("/run_results.json")));
        QFile::remove(target + QStringLiteral("/sources.json"));
        QVERIFY(QFile::copy(QStringLiteral(WK_TEST_DATA_DIR
                                           "/dbt-newer/"
                                           "sources_v3_dbt_v2_sources_2.0.4_compat.json"),
                            target + QStringLiteral("/sources.json")));
        p = project.poll();
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QVERIFY2(p.note.contains(QStringLiteral("only compiles")), qPrintable(p.note));
        failing = project.conditions(workspace());
        QVERIFY(find(failing, ordersModel)); // still failing: nothing ran it
        QVERIFY(!find(failing, QStringLiteral("source.compat.raw.events"))); // "Pass" clears
    }
};

QTEST_GUILESS_MAIN(tst_Dbt)
#include "tst_dbt.moc"
