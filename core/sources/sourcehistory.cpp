#include "sourcehistory.h"

#include "eventfilereader.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>

#include <algorithm>

namespace wk {

QStringList SourceHistory::files(const DataSource &source, const QString &baseDir,
                                 QStringList *skipped)
{
    const QFileInfo current(EventFileReader::resolvePath(source, baseDir));
    const QString name = current.fileName();
    QList<QFileInfo> rotated;
    const QFileInfoList siblings =
        current.dir().entryInfoList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QFileInfo &f : siblings) {
        const QString n = f.fileName();
        if (n == name || n.size() <= name.size() + 1 || !n.startsWith(name))
            continue;
        const QChar sep = n.at(name.size());
        if (sep != QLatin1Char('.') && sep != QLatin1Char('-') && sep != QLatin1Char('_'))
            continue;
        static const QStringList compressed = {QStringLiteral(".gz"), QStringLiteral(".bz2"),
                                               QStringLiteral(".xz"), QStringLiteral(".zst")};
        if (std::any_of(compressed.begin(), compressed.end(),
                        [&](const QString &ext) { return n.endsWith(ext); })) {
            if (skipped)
                *skipped << f.filePath();
            continue;
        }
        rotated << f;
    }
    std::sort(rotated.begin(), rotated.end(), [](const QFileInfo &a, const QFileInfo &b) {
        if (a.lastModified() != b.lastModified())
            return a.lastModified() < b.lastModified();
        return a.fileName() > b.fileName(); // events.csv.2 before events.csv.1
    });
    QStringList paths;
    for (const QFileInfo &f : std::as_const(rotated))
        paths << f.filePath();
    if (current.exists())
        paths << current.filePath();
    return paths;
}

bool SourceHistory::read(const DataSource &source, const QString &baseDir, TimestampNs from,
                         std::vector<Event> &events, QList<Diagnostic> &errors,
                         QStringList *skipped)
{
    const QStringList paths = files(source, baseDir, skipped);
    if (paths.isEmpty()) {
        errors.append({EventFileReader::resolvePath(source, baseDir), 0, 0,
                       QStringLiteral("source '%1': the file does not exist").arg(source.id)});
        return false;
    }
    // Each event with the file it came from: a copy-and-truncate rotation can leave the
    // same lines in two files, while one file may well hold two equal events.
    std::vector<std::pair<int, Event>> kept;
    bool ok = true;
    for (int f = 0; f < paths.size(); ++f) {
        DataSource one = source;
        one.path = paths.at(f);
        QList<Event> read;
        ok = EventFileReader::read(one, baseDir, read, errors) && ok;
        for (Event &e : read) {
            if (e.time >= from)
                kept.emplace_back(f, std::move(e));
        }
    }
    if (!ok)
        return false;
    std::stable_sort(kept.begin(), kept.end(),
                     [](const auto &a, const auto &b) { return a.second.time < b.second.time; });
    events.reserve(events.size() + kept.size());
    for (size_t i = 0; i < kept.size();) {
        size_t j = i;
        // Per event at this instant: how often each file has it, and how often it was kept;
        // it is kept as often as the file that has it most often.
        QHash<QString, std::pair<QHash<int, int>, int>> seen;
        for (; j < kept.size() && kept[j].second.time == kept[i].second.time; ++j) {
            Event &e = kept[j].second;
            if (paths.size() > 1) {
                const QString identity =
                    e.id.isEmpty() ? e.subject + QChar(0x1f) + e.name : QStringLiteral("#") + e.id;
                auto &[inFile, emitted] = seen[identity];
                if (++inFile[kept[j].first] <= emitted)
                    continue;
                ++emitted;
            }
            events.push_back(std::move(e));
        }
        i = j;
    }
    return true;
}

} // namespace wk
