#include "commands.h"

#include "commandsupport.h"

#include "warehouse/dbtpackage.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryDir>

namespace wk::cli {

int dbt(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "export: writes the workspace's burst rules as a dbt package (models with their column "
        "tests, the customers as a seed, the tables read as sources with the SLA freshness) into "
        "a new folder."));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("export"));
    parser.addOption(workspaceOption());
    const QCommandLineOption outDir(QStringLiteral("out"),
                                    QStringLiteral("The package folder: new, or empty."),
                                    QStringLiteral("dir"));
    const QCommandLineOption dialect(QStringLiteral("dialect"),
                                     QStringLiteral("%1 (default: postgresql).")
                                         .arg(SqlDialect::names().join(QStringLiteral(", "))),
                                     QStringLiteral("name"), QStringLiteral("postgresql"));
    parser.addOption(outDir);
    parser.addOption(dialect);
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    if (parser.positionalArguments().value(0) != QLatin1String("export"))
        return fail(BadInput, QStringLiteral("dbt: say export"));
    const std::optional<SqlDialect> chosen =
        chosenDialect(parser, dialect, QStringLiteral("dbt export"), &code);
    if (!chosen)
        return code;
    const QString folder = parser.value(outDir);
    if (folder.isEmpty())
        return fail(BadInput, QStringLiteral("dbt export: --out DIR is required"));
    const QDir target(folder);
    if (target.exists() && !target.isEmpty())
        return fail(BadInput,
                    QStringLiteral("dbt export: %1 is not empty; nothing was written").arg(folder));
    std::optional<Workspace> ws = rankingWorkspace(parser, QStringLiteral("dbt export"), &code);
    if (!ws)
        return code;
    QString error;
    const auto files = DbtPackage::write(*ws, *chosen, &error);
    if (!files)
        return fail(BadInput, QStringLiteral("dbt export: %1").arg(error));
    // Written beside the target and moved into place whole: a failure leaves nothing behind.
    const QString parent = QFileInfo(QDir::cleanPath(target.absolutePath())).absolutePath();
    if (!QDir().mkpath(parent))
        return fail(BadInput, QStringLiteral("dbt export: cannot create %1").arg(parent));
    QTemporaryDir staging(parent + QStringLiteral("/.watchkeeper-dbt-XXXXXX"));
    if (!staging.isValid())
        return fail(BadInput, QStringLiteral("dbt export: cannot write in %1: %2")
                                  .arg(parent, staging.errorString()));
    for (const DbtPackage::File &f : *files) {
        const QString path = staging.filePath(f.path);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(f.text.toUtf8()) < 0 || !file.commit())
            return fail(
                BadInput,
                QStringLiteral("dbt export: cannot write %1: %2").arg(f.path, file.errorString()));
    }
    if (target.exists())
        QDir().rmdir(target.absolutePath());
    if (!QDir().rename(staging.path(), target.absolutePath()))
        return fail(BadInput,
                    QStringLiteral("dbt export: cannot move the package to %1").arg(folder));
    staging.setAutoRemove(false);
    int models = 0;
    for (const DbtPackage::File &f : *files)
        models +=
            f.path.startsWith(QLatin1String("models/")) && f.path.endsWith(QLatin1String(".sql"));
    out() << QStringLiteral("wrote %1 files (%2 models) to %3")
                 .arg(files->size())
                 .arg(models)
                 .arg(folder)
          << Qt::endl;
    return Ok;
}

} // namespace wk::cli
