#include "workspacesource.h"

#include "domain/clock.h"
#include "sources/syntheticevents.h"
#include "storage/database.h"
#include "storage/workspacestore.h"
#include "workspace/workspacereader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimeZone>
#include <QUrl>

namespace wk {

QString WorkspaceSource::demoPath()
{
    return QStringLiteral(":/demo/workspace.yaml");
}

QString WorkspaceSource::demoDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/demo");
}

namespace {

// Moves every ISO date-time in dbt artifacts by one offset, so that the newest of them is
// twenty minutes ago: ages and their order stay as the artifacts tell them.
QByteArray movedToNow(const QByteArray &artifact)
{
    static const QRegularExpression stamp(
        QStringLiteral(R"((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?)"));
    const QString text = QString::fromUtf8(artifact);
    QDateTime newest;
    for (auto it = stamp.globalMatch(text); it.hasNext();) {
        const QDateTime t = QDateTime::fromString(it.next().captured(1), Qt::ISODate);
        if (t.isValid() && (!newest.isValid() || t > newest))
            newest = t;
    }
    if (!newest.isValid())
        return artifact;
    newest.setTimeZone(QTimeZone::utc());
    const qint64 shift = newest.secsTo(QDateTime::currentDateTimeUtc()) - 20 * 60;
    QString out;
    qsizetype last = 0;
    for (auto it = stamp.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        QDateTime t = QDateTime::fromString(m.captured(1), Qt::ISODate);
        t.setTimeZone(QTimeZone::utc());
        out += text.mid(last, m.capturedStart(1) - last);
        out += t.addSecs(shift).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
        last = m.capturedEnd(1);
    }
    out += text.mid(last);
    return out.toUtf8();
}

} // namespace

QString WorkspaceSource::prepareDemo(QString *error)
{
    // The demo lives in the user's data directory like a real workspace, so that its
    // relative data-source paths resolve and its files can be opened and read.
    const QString dir = demoDirectory();
    QString path = dir + QStringLiteral("/workspace.yaml");
    QDir().mkpath(dir);
    // The bundled files (the workspace and the calendars it names) are refreshed when the
    // build's differ from what is on disk.
    QByteArray text;
    const QString bundledDir = QFileInfo(demoPath()).path();
    for (const QString &name : QDir(bundledDir).entryList(QDir::Files)) {
        QFile bundled(bundledDir + QLatin1Char('/') + name);
        QByteArray data = bundled.open(QIODevice::ReadOnly) ? bundled.readAll() : QByteArray();
        // The warehouse's last dbt run was a little while ago, whenever the demo starts.
        if (name == QLatin1String("sources.json") || name == QLatin1String("run_results.json"))
            data = movedToNow(data);
        if (name == QLatin1String("workspace.yaml"))
            text = data;
        QFile current(dir + QLatin1Char('/') + name);
        if (current.open(QIODevice::ReadOnly) && current.readAll() == data)
            continue;
        current.close();
        if (!current.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            current.write(data) != data.size()) {
            *error = QStringLiteral("%1: cannot write the demo workspace: %2")
                         .arg(current.fileName(), current.errorString());
            return {};
        }
    }

    // Two days of application events ending now, for the demo's own customers.
    const WorkspaceLoadResult demo = WorkspaceReader::readText(text, path);
    SyntheticEvents::Options options;
    options.events = 20'000;
    options.users = 240;
    options.days = 2;
    options.seed = 7;
    options.start = SystemClock().now() - 2LL * 86400 * nanosPerSecond;
    if (demo.workspace) {
        for (const Customer &c : demo.workspace->customers)
            options.customers.append({c.id, c.monthlyRevenue});
    }
    if (!SyntheticEvents::write(options, dir, error))
        return {};
    return path;
}

WorkspaceSource WorkspaceSource::load(const QString &location)
{
    WorkspaceSource source;
    if (Database::isDatabaseUrl(location)) {
        source.origin = QUrl(location).toDisplayString(QUrl::RemovePassword);
        auto db = Database::open(location, &source.error);
        if (!db)
            return source;
        const WorkspaceStore store(*db);
        source.workspace = store.exportWorkspace(&source.error);
        // Stores imported before the folder was recorded resolve from where we started.
        source.baseDir = store.folder();
        if (source.baseDir.isEmpty())
            source.baseDir = QDir::currentPath();
        if (!source.workspace && source.error.isEmpty())
            source.error = QStringLiteral("%1 holds no workspace yet; run 'watchkeeper import "
                                          "FILE --database %1' first")
                               .arg(source.origin);
        return source;
    }
    QString path = location;
    source.origin = location;
    if (location.isEmpty()) {
        path = prepareDemo(&source.error);
        if (path.isEmpty())
            return source;
        source.origin = QStringLiteral("demo workspace (%1)").arg(QDir::toNativeSeparators(path));
    }
    WorkspaceLoadResult result = WorkspaceReader::readFile(path);
    source.baseDir = QFileInfo(path).absolutePath();
    source.file = QFileInfo(path).absoluteFilePath();
    source.workspace = std::move(result.workspace);
    source.diagnostics = result.diagnostics;
    return source;
}

} // namespace wk
