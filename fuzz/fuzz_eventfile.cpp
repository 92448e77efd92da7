#include "fuzztarget.h"
#include "sources/eventfilereader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

// The CSV and JSON-lines event files a source reads: the first byte picks the format, the
// rest is the file. A file is read all or nothing, so a reader that says it failed must
// say where.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    wk::fuzz::ensureApplication();
    static QTemporaryDir dir;
    static const QString path = QDir(dir.path()).filePath(QStringLiteral("events"));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        f.write(reinterpret_cast<const char *>(data + 1), static_cast<qint64>(size - 1));
    }
    wk::DataSource source;
    source.id = QStringLiteral("fuzz");
    source.kind = data[0] & 1 ? wk::DataSource::Kind::JsonLines : wk::DataSource::Kind::Csv;
    source.path = path;
    source.timeColumn = QStringLiteral("ts");
    if (data[0] & 2)
        source.idColumn = QStringLiteral("id");
    QList<wk::Event> events;
    QList<wk::Diagnostic> errors;
    const bool ok = wk::EventFileReader::read(source, dir.path(), events, errors);
    if (ok != errors.isEmpty() || (!ok && !events.isEmpty()))
        std::abort();
    for (const wk::Diagnostic &d : std::as_const(errors))
        if (d.message.isEmpty() || d.file != path)
            std::abort();
    return 0;
}
